// Generated from apps/api/openapi.json by scripts/generate.mjs. Do not edit.
/* eslint-disable */
export type paths = {
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with email and password; sets the session cookie. */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller and the environments they can use, with their role in each. */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Environments the caller has a role in. */
        get: operations["listEnvironments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The environment's API keys (never the keys themselves). */
        get: operations["listApiKeys"];
        put?: never;
        /** Create a key that carries a role. The key is in this response only. */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a key; calls with it fail from now on. */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Segments with their member counts and refresh status. */
        get: operations["listSegments"];
        put?: never;
        /** Create a segment: a rule tree over its base table. Refresh it to compute members. */
        post: operations["createSegment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/segments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getSegment"];
        put?: never;
        post?: never;
        delete: operations["removeSegment"];
        options?: never;
        head?: never;
        /** Rename a segment or change its rule (refresh to apply). */
        patch: operations["updateSegment"];
        trace?: never;
    };
    "/api/v1/environments/{env}/segments/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Member keys of the segment's last refresh, in key order. */
        get: operations["listSegmentMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/segments/{id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluate the rule in the database and store the members and their count. */
        post: operations["refreshSegment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/tables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The environment's tables with their columns and record counts. */
        get: operations["listTables"];
        put?: never;
        /** Define a table: typed columns and one key column. */
        post: operations["createTable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/tables/{table}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One table, by name or id. */
        get: operations["getTable"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/tables/{table}/columns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Add nullable columns to a table. */
        patch: operations["addTableColumns"];
        trace?: never;
    };
    "/api/v1/environments/{env}/tables/{table}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the table's records in key order. */
        get: operations["listRecords"];
        put?: never;
        /** Stream records in as CSV (with a header row) or NDJSON. Good rows are kept (upsert by key); bad rows are reported by line. */
        post: operations["ingestRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and database reachability. */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        AddColumnsRequest: {
            columns: components["schemas"]["ColumnDto"][];
        };
        ApiKeyDto: {
            createdAt: string;
            id: string;
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key, to tell keys apart */
            prefix: string;
            revokedAt: string | null;
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
        };
        ApiKeyListDto: {
            items: components["schemas"]["ApiKeyDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        ColumnDto: {
            /** @example email */
            name: string;
            /** @default true */
            nullable: boolean;
            /** @enum {string} */
            type: "string" | "number" | "boolean" | "date" | "datetime" | "email" | "phone" | "url";
        };
        CreateApiKeyRequest: {
            /** @example Nightly sync */
            name: string;
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
        };
        CreateSegmentRequest: {
            /**
             * @description Base table name: Customer (individuals), Account or Contact (business)
             * @example Customer
             */
            baseTable: string;
            description?: string;
            /** @example French newsletter subscribers */
            name: string;
            /**
             * @description A rule tree: { kind: "group", combinator: "and"|"or", rules: [...] } or { kind: "condition", field, operator, value }. Fields are columns of the base table; contact segments may also use "account.<column>".
             * @example {
             *       "combinator": "and",
             *       "kind": "group",
             *       "rules": [
             *         {
             *           "field": "country",
             *           "kind": "condition",
             *           "operator": "equals",
             *           "value": "FR"
             *         }
             *       ]
             *     }
             */
            rule: {
                [key: string]: unknown;
            };
        };
        CreateTableRequest: {
            columns: components["schemas"]["ColumnDto"][];
            /** @example customerId */
            keyColumn: string;
            /** @example Customer */
            name: string;
        };
        CreatedApiKeyDto: {
            createdAt: string;
            id: string;
            /** @description The key itself. Shown once: it is stored hashed and cannot be read again. */
            key: string;
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key, to tell keys apart */
            prefix: string;
            revokedAt: string | null;
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
        };
        EnvironmentDto: {
            id: string;
            /** @enum {string} */
            kind: "individuals" | "business";
            name: string;
            /**
             * @description The caller's role in this environment
             * @enum {string}
             */
            role: "admin" | "contributor" | "viewer";
            /** @description Used in URLs: /api/v1/environments/{slug}/… */
            slug: string;
        };
        EnvironmentListDto: {
            items: components["schemas"]["EnvironmentDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        HealthDto: {
            /** @enum {string} */
            database: "sqlite" | "postgresql";
            /** @enum {string} */
            status: "ok";
            version: string;
        };
        IngestionErrorDto: {
            field?: string;
            line: number;
            message: string;
        };
        IngestionResultDto: {
            /** @description Records written (inserted or updated by key) */
            accepted: number;
            errors: components["schemas"]["IngestionErrorDto"][];
            /** @description True when more rows were rejected than are listed */
            errorsTruncated: boolean;
            /** @description Records read from the upload */
            received: number;
            /** @description Records in the table after the upload */
            recordCount: number;
            /** @description Records rejected */
            rejected: number;
        };
        LoginRequest: {
            /** @example admin@outport.demo */
            email: string;
            password: string;
        };
        MeDto: {
            email: string | null;
            environments: components["schemas"]["EnvironmentDto"][];
            id: string | null;
            /** @enum {string} */
            kind: "user" | "api-key";
            name: string;
        };
        RecordPageDto: {
            items: {
                [key: string]: unknown;
            }[];
            limit: number;
            offset: number;
            total: number;
        };
        SegmentDto: {
            /** @description Base table name */
            baseTable: string;
            createdAt: string;
            description: string | null;
            id: string;
            lastRefreshedAt: string | null;
            memberCount: number;
            name: string;
            refreshDurationMs: number | null;
            refreshError: string | null;
            /** @enum {string} */
            refreshStatus: "never" | "refreshing" | "succeeded" | "failed";
            /**
             * @description A rule tree: { kind: "group", combinator: "and"|"or", rules: [...] } or { kind: "condition", field, operator, value }. Fields are columns of the base table; contact segments may also use "account.<column>".
             * @example {
             *       "combinator": "and",
             *       "kind": "group",
             *       "rules": [
             *         {
             *           "field": "country",
             *           "kind": "condition",
             *           "operator": "equals",
             *           "value": "FR"
             *         }
             *       ]
             *     }
             */
            rule: {
                [key: string]: unknown;
            };
            /** @description The rule in words */
            ruleText: string;
            /** @enum {string} */
            type: "profile" | "account" | "contact";
            updatedAt: string;
        };
        SegmentListDto: {
            items: components["schemas"]["SegmentDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        SegmentMembersDto: {
            /** @description Member keys (the base table key), in key order */
            items: string[];
            limit: number;
            offset: number;
            total: number;
        };
        TableDto: {
            columns: components["schemas"]["ColumnDto"][];
            createdAt: string;
            id: string;
            keyColumn: string;
            name: string;
            recordCount: number;
            /**
             * @description The type of segment built on this table, if any
             * @enum {string|null}
             */
            segmentType: "profile" | "account" | "contact" | null;
            updatedAt: string;
        };
        TableListDto: {
            items: components["schemas"]["TableDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        UpdateSegmentRequest: {
            description?: string;
            name?: string;
            /**
             * @description A rule tree: { kind: "group", combinator: "and"|"or", rules: [...] } or { kind: "condition", field, operator, value }. Fields are columns of the base table; contact segments may also use "account.<column>".
             * @example {
             *       "combinator": "and",
             *       "kind": "group",
             *       "rules": [
             *         {
             *           "field": "country",
             *           "kind": "condition",
             *           "operator": "equals",
             *           "value": "FR"
             *         }
             *       ]
             *     }
             */
            rule?: {
                [key: string]: unknown;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeDto"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeDto"];
                };
            };
        };
    };
    listEnvironments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnvironmentListDto"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyListDto"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listSegments: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
            };
            header?: never;
            path: {
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentListDto"];
                };
            };
        };
    };
    createSegment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSegmentRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentDto"];
                };
            };
        };
    };
    getSegment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentDto"];
                };
            };
        };
    };
    removeSegment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    updateSegment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSegmentRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentDto"];
                };
            };
        };
    };
    listSegmentMembers: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
            };
            header?: never;
            path: {
                id: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentMembersDto"];
                };
            };
        };
    };
    refreshSegment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentDto"];
                };
            };
        };
    };
    listTables: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
            };
            header?: never;
            path: {
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TableListDto"];
                };
            };
        };
    };
    createTable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTableRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TableDto"];
                };
            };
        };
    };
    getTable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                table: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TableDto"];
                };
            };
        };
    };
    addTableColumns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                table: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddColumnsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TableDto"];
                };
            };
        };
    };
    listRecords: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
            };
            header?: never;
            path: {
                table: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordPageDto"];
                };
            };
        };
    };
    ingestRecords: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                table: string;
                /** @description Environment slug, e.g. consumer-brand */
                env: unknown;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-ndjson": string;
                "text/csv": string;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestionResultDto"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthDto"];
                };
            };
        };
    };
}
