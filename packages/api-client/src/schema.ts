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
        /** Log in with email and password; sets the session cookie. Repeated failures for one account or from one address are answered 429 with Retry-After. */
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
    "/api/v1/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Installed connectors and their manifests (what each accepts, its fields and limits). */
        get: operations["listConnectors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getConnector"];
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
    "/api/v1/environments/{env}/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Connections; non-admins see names and types only. */
        get: operations["listConnections"];
        put?: never;
        /** Create a connection: settings validated, tested live against the target, secrets encrypted. */
        post: operations["createConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getConnection"];
        put?: never;
        post?: never;
        /** Remove a connection; refused (409, with the list) while exports use it. */
        delete: operations["removeConnection"];
        options?: never;
        head?: never;
        /** Rename, change settings or secrets (tested again), or change who may use it. */
        patch: operations["updateConnection"];
        trace?: never;
    };
    "/api/v1/environments/{env}/connections/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the saved connection against the target now. */
        post: operations["testConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Exports with connection, status, schedule, last refresh, last update and the caller's permission. Sort by any listed column; search by name, connection name or type. */
        get: operations["listExports"];
        put?: never;
        /** Save a segment or data-out export. Saving does not run it. */
        post: operations["createExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Detach, remove or run several exports; each one succeeds or fails on its own. */
        post: operations["bulkExports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** For a connection, audience kind and mapping: every segment's member count, eligibility, limit verdict and duplicates, before saving. */
        post: operations["listExportCandidates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/run-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run every export whose schedule is on. To run one whose schedule is off, run it alone. */
        post: operations["runAllExports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getExport"];
        put?: never;
        post?: never;
        delete: operations["removeExport"];
        options?: never;
        head?: never;
        /** Change an export; attaching a compatible connection to a detached export reactivates it. */
        patch: operations["updateExport"];
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/{id}/detach": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove the connection from an export: it keeps its configuration, becomes inactive and never runs. */
        post: operations["detachExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/{id}/duplicate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy an export as "Copy of …" (not run), checked as creating it would be: a segment export's copy sends the same segments to the same target, so it needs allowDuplicateTargets. */
        post: operations["duplicateExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run one export now (even when its schedule is off). Returns the run at once; follow its progress. */
        post: operations["runExport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/exports/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The export's run history, newest first. */
        get: operations["listExportRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runs of the environment, newest first, with their tasks and counts. */
        get: operations["listRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run and its tasks (prepare, one per segment or table, finalize): status, counts, timings, errors. */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a run; a running one stops within one batch. */
        post: operations["cancelRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/runs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-sent events with the run each time its progress changes, until it ends. */
        get: operations["streamRunEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/runs/{id}/rejections.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Records the run could not deliver, with reasons (a bounded sample; counts are exact). Keys are masked unless the caller may edit the export. */
        get: operations["downloadRunRejections"];
        put?: never;
        post?: never;
        delete?: never;
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
            expiresAt: string | null;
            id: string;
            /** @description Last successful call, to the minute */
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key, to tell keys apart */
            prefix: string;
            revokedAt: string | null;
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
            /** @enum {string} */
            state: "active" | "expired" | "revoked";
        };
        ApiKeyListDto: {
            items: components["schemas"]["ApiKeyDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        BulkRequest: {
            /** @enum {string} */
            action: "detach" | "remove" | "run";
            ids: string[];
        };
        BulkResultDto: {
            done: string[];
            failed: {
                id?: string;
                message?: string;
            }[];
        };
        CandidateDto: {
            /** @description Other exports that already send this segment to the same target object */
            duplicateOf: string[];
            eligible: boolean;
            /**
             * @description ok, warn (close to a limit) or skip (outside the limits: it would be skipped)
             * @enum {string}
             */
            limit: "ok" | "warn" | "skip";
            limitMessage?: string;
            memberCount: number;
            name: string;
            /** @description Why it is not eligible */
            reasons: string[];
            segmentId: string;
            /** @enum {string} */
            segmentType: "profile" | "account" | "contact";
        };
        CandidateListDto: {
            items: components["schemas"]["CandidateDto"][];
        };
        CandidatesRequest: {
            /** @description Save even though a segment already goes to the same target object through another export */
            allowDuplicateTargets?: boolean;
            /** @description The connector's audience kind (segment exports) */
            audienceKind?: string;
            /** @description Connection to send through (null detaches) */
            connectionId?: string | null;
            /** @description Connector field key → column of the segment table */
            mapping?: {
                [key: string]: unknown;
            };
            /** @description Connector's export options (e.g. audienceId) */
            options?: {
                [key: string]: unknown;
            };
            /** @description Default { kind: "system-refresh" }, or { kind: "custom", enabled, schedule: { recurrence, startDate, startTime, timeZone } } (recurrence: { frequency: "hourly" } | { frequency: "daily", times: ["06:00"] } | { frequency: "weekly", days: ["mon"], time } | { frequency: "monthly", daysOfMonth: [1], time }) */
            schedule?: {
                [key: string]: unknown;
            };
            /** @description Segment ids (segment exports) */
            segmentIds?: string[];
            /** @description Table ids or names (data-out exports) */
            tableIds?: string[];
        };
        ColumnDto: {
            /** @example email */
            name: string;
            /** @default true */
            nullable: boolean;
            /** @enum {string} */
            type: "string" | "number" | "boolean" | "date" | "datetime" | "email" | "phone" | "url";
        };
        ConnectionDto: {
            /** @description False when the connector package is not installed: the connection cannot be used */
            available: boolean;
            /** @description Whether the caller may use it in exports */
            canUse: boolean;
            connectorId: string;
            /** @description Null when the connector is no longer installed */
            connectorName: string | null;
            createdAt?: string;
            id: string;
            name: string;
            /** @description Names of the secrets that are set */
            secretsSet?: string[];
            settings?: {
                [key: string]: unknown;
            };
            sharing?: components["schemas"]["ConnectionSharingDto"];
            updatedAt?: string;
        };
        ConnectionListDto: {
            items: components["schemas"]["ConnectionDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        ConnectionSharingDto: {
            /**
             * @description Who may use the connection in exports
             * @enum {string}
             */
            mode: "admins" | "contributors" | "users";
            /** @description With mode "users": the user ids it is shared with */
            userIds?: string[];
        };
        ConnectionTestDto: {
            durationMs: number;
            message: string;
            ok: boolean;
        };
        ConnectorDto: {
            /** @description Audience kinds with accepted segment types and fields */
            audienceKinds: {
                [key: string]: unknown;
            }[];
            capabilities: {
                [key: string]: unknown;
            };
            category: string;
            /** @description Connection settings and secrets (secret: true) */
            connectionSettings: {
                [key: string]: unknown;
            }[];
            description: string;
            docsUrl?: string;
            exportOptions: {
                [key: string]: unknown;
            }[];
            exportTypes: ("segment" | "data-out")[];
            id: string;
            limits: {
                [key: string]: unknown;
            };
            name: string;
            /** @description npm package the connector comes from */
            packageName: string;
            /** @description Connector SDK versions it supports */
            sdk: string;
            version: string;
        };
        ConnectorListDto: {
            items: components["schemas"]["ConnectorDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        CreateApiKeyRequest: {
            /**
             * @description When the key stops working (ISO 8601, in the future). Without it the key works until revoked.
             * @example 2027-06-30T00:00:00Z
             */
            expiresAt?: string;
            /** @example Nightly sync */
            name: string;
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
        };
        CreateConnectionRequest: {
            /** @example mailchimp */
            connectorId: string;
            /** @example Mailchimp (marketing) */
            name: string;
            /** @description Secrets (API keys, passwords). Stored encrypted, never returned. */
            secrets: {
                [key: string]: unknown;
            };
            /** @description Settings declared by the connector's manifest */
            settings: {
                [key: string]: unknown;
            };
            sharing?: components["schemas"]["ConnectionSharingDto"];
        };
        CreateExportRequest: {
            /** @description Save even though a segment already goes to the same target object through another export */
            allowDuplicateTargets?: boolean;
            /** @description The connector's audience kind (segment exports) */
            audienceKind?: string;
            /** @description Connection to send through (null detaches) */
            connectionId?: string | null;
            /** @description Connector field key → column of the segment table */
            mapping?: {
                [key: string]: unknown;
            };
            /** @example Newsletter audience */
            name: string;
            /** @description Connector's export options (e.g. audienceId) */
            options?: {
                [key: string]: unknown;
            };
            /** @description Default { kind: "system-refresh" }, or { kind: "custom", enabled, schedule: { recurrence, startDate, startTime, timeZone } } (recurrence: { frequency: "hourly" } | { frequency: "daily", times: ["06:00"] } | { frequency: "weekly", days: ["mon"], time } | { frequency: "monthly", daysOfMonth: [1], time }) */
            schedule?: {
                [key: string]: unknown;
            };
            /** @description Segment ids (segment exports) */
            segmentIds?: string[];
            /** @description Table ids or names (data-out exports) */
            tableIds?: string[];
            /** @enum {string} */
            type: "segment" | "data-out";
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
            expiresAt: string | null;
            id: string;
            /** @description The key itself. Shown once: it is stored hashed and cannot be read again. */
            key: string;
            /** @description Last successful call, to the minute */
            lastUsedAt: string | null;
            name: string;
            /** @description First characters of the key, to tell keys apart */
            prefix: string;
            revokedAt: string | null;
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
            /** @enum {string} */
            state: "active" | "expired" | "revoked";
        };
        DuplicateExportRequest: {
            /** @description Make the copy even though it sends the same segments to the same target object as the original (a segment export with a connection always does; without this the copy is refused with the problem creating such an export gets) */
            allowDuplicateTargets?: boolean;
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
        ExportConnectionDto: {
            connectorId: string;
            connectorName: string | null;
            id: string;
            name: string;
        };
        ExportDto: {
            /** @description False when detached or its connector is missing: it never runs */
            active: boolean;
            audienceKind: string | null;
            connection: components["schemas"]["ExportConnectionDto"] | null;
            id: string;
            items: components["schemas"]["ExportItemDto"][];
            /** @description When the last successful run finished */
            lastRefreshedAt: string | null;
            mapping: {
                [key: string]: unknown;
            };
            name: string;
            options: {
                [key: string]: unknown;
            };
            /**
             * @description The caller's permission
             * @enum {string}
             */
            permission: "edit" | "view";
            /** @description Default { kind: "system-refresh" }, or { kind: "custom", enabled, schedule: { recurrence, startDate, startTime, timeZone } } (recurrence: { frequency: "hourly" } | { frequency: "daily", times: ["06:00"] } | { frequency: "weekly", days: ["mon"], time } | { frequency: "monthly", daysOfMonth: [1], time }) */
            schedule: {
                [key: string]: unknown;
            };
            /** @description Whether Run all and schedules run it */
            scheduleOn: boolean;
            /** @description The schedule in words */
            scheduleText: string;
            /** @enum {string} */
            status: "queued" | "waiting" | "running" | "succeeded" | "succeeded_with_warnings" | "failed_retrying" | "failed" | "skipped" | "cancelled" | "never";
            /** @enum {string} */
            type: "segment" | "data-out";
            updatedAt: string;
            updatedBy: string | null;
        };
        ExportItemDto: {
            /** @description Members (segments) or rows (tables) */
            count: number;
            id: string;
            name: string;
            /** @enum {string} */
            segmentType?: "profile" | "account" | "contact";
        };
        ExportListDto: {
            items: components["schemas"]["ExportDto"][];
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
        RunAllDto: {
            skipped: components["schemas"]["RunAllSkippedDto"][];
            started: components["schemas"]["RunDto"][];
        };
        RunAllSkippedDto: {
            exportId: string;
            name: string;
            reason: string;
        };
        RunChunkDto: {
            attempt: number;
            counts: components["schemas"]["RunCountsDto"];
            error: string | null;
            finishedAt: string | null;
            /** @description Zero-based place of the chunk in its segment, in key order */
            position: number;
            startedAt: string | null;
            /** @enum {string} */
            status: "pending" | "running" | "succeeded" | "succeeded_with_warnings" | "failed" | "skipped" | "cancelled";
            /** @description The worker that holds or held it */
            worker: string | null;
        };
        RunCountsDto: {
            accepted: number;
            /** @description Accepted upserts of members the target did not hold (every accepted record, for targets that keep no members between runs) */
            added: number;
            /** @description Records read from the database */
            read: number;
            rejected: number;
            /** @description Accepted removals of members who left the segment */
            removed: number;
            /** @description Records handed to the target */
            sent: number;
            /** @description Members of skipped segments */
            skipped: number;
            /** @description Accepted upserts of members the target held, sent again because their mapped values changed (or by a full resync) */
            updated: number;
        };
        RunDto: {
            attempt: number;
            counts: components["schemas"]["RunCountsDto"];
            createdAt: string;
            dryRun: boolean;
            error: string | null;
            exportId: string;
            exportName: string;
            finishedAt: string | null;
            fullResync: boolean;
            id: string;
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "waiting" | "running" | "succeeded" | "succeeded_with_warnings" | "failed_retrying" | "failed" | "skipped" | "cancelled";
            /** @description Prepare, one per segment or table, finalize */
            tasks: components["schemas"]["RunTaskDto"][];
            /** @enum {string} */
            trigger: "system-refresh" | "schedule" | "manual" | "run-all" | "api";
            /** @description Status waiting: what the run waits for before it starts */
            waitingFor: string | null;
        };
        RunListDto: {
            items: components["schemas"]["RunDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        RunPlanDto: {
            /** @description Members a run would add */
            adds: number;
            /** @description Members a run would refuse before sending (bad values) */
            rejected: number;
            /** @description Members who left the segment: a run would remove them */
            removes: number;
            /** @description Members the target holds whose mapped values changed: a run would send them again */
            updates: number;
        };
        RunTaskDto: {
            /** @description Large segments: the key ranges that workers send in parallel (empty otherwise) */
            chunks: components["schemas"]["RunChunkDto"][];
            counts: components["schemas"]["RunCountsDto"];
            error: string | null;
            finishedAt: string | null;
            id: string;
            itemId: string | null;
            /** @enum {string} */
            kind: "prepare" | "segment" | "table" | "finalize";
            label: string;
            /** @description Dry runs: what a real run would do */
            plan: components["schemas"]["RunPlanDto"] | null;
            startedAt: string | null;
            /** @enum {string} */
            status: "pending" | "running" | "succeeded" | "succeeded_with_warnings" | "failed" | "skipped" | "cancelled";
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
        StartRunRequest: {
            /** @description Compute the plan (adds, updates, removes, rejections, skipped segments) and send nothing */
            dryRun?: boolean;
            /** @description Send every member again (members the target holds count as updated) instead of only the difference */
            fullResync?: boolean;
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
        UpdateConnectionRequest: {
            name?: string;
            /** @description Secrets to replace (others stay as they are) */
            secrets?: {
                [key: string]: unknown;
            };
            /** @description Settings to change (others keep their values) */
            settings?: {
                [key: string]: unknown;
            };
            sharing?: components["schemas"]["ConnectionSharingDto"];
        };
        UpdateExportRequest: {
            /** @description Save even though a segment already goes to the same target object through another export */
            allowDuplicateTargets?: boolean;
            /** @description The connector's audience kind (segment exports) */
            audienceKind?: string;
            /** @description Connection to send through (null detaches) */
            connectionId?: string | null;
            /** @description Connector field key → column of the segment table */
            mapping?: {
                [key: string]: unknown;
            };
            name?: string;
            /** @description Connector's export options (e.g. audienceId) */
            options?: {
                [key: string]: unknown;
            };
            /** @description Default { kind: "system-refresh" }, or { kind: "custom", enabled, schedule: { recurrence, startDate, startTime, timeZone } } (recurrence: { frequency: "hourly" } | { frequency: "daily", times: ["06:00"] } | { frequency: "weekly", days: ["mon"], time } | { frequency: "monthly", daysOfMonth: [1], time }) */
            schedule?: {
                [key: string]: unknown;
            };
            /** @description Segment ids (segment exports) */
            segmentIds?: string[];
            /** @description Table ids or names (data-out exports) */
            tableIds?: string[];
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
    listConnectors: {
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
                    "application/json": components["schemas"]["ConnectorListDto"];
                };
            };
        };
    };
    getConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
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
                    "application/json": components["schemas"]["ConnectorDto"];
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
    listConnections: {
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
                    "application/json": components["schemas"]["ConnectionListDto"];
                };
            };
        };
    };
    createConnection: {
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
                "application/json": components["schemas"]["CreateConnectionRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionDto"];
                };
            };
        };
    };
    getConnection: {
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
                    "application/json": components["schemas"]["ConnectionDto"];
                };
            };
        };
    };
    removeConnection: {
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
    updateConnection: {
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
                "application/json": components["schemas"]["UpdateConnectionRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionDto"];
                };
            };
        };
    };
    testConnection: {
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
                    "application/json": components["schemas"]["ConnectionTestDto"];
                };
            };
        };
    };
    listExports: {
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
                    "application/json": components["schemas"]["ExportListDto"];
                };
            };
        };
    };
    createExport: {
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
                "application/json": components["schemas"]["CreateExportRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportDto"];
                };
            };
        };
    };
    bulkExports: {
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
                "application/json": components["schemas"]["BulkRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResultDto"];
                };
            };
        };
    };
    listExportCandidates: {
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
                "application/json": components["schemas"]["CandidatesRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CandidateListDto"];
                };
            };
        };
    };
    runAllExports: {
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
                    "application/json": components["schemas"]["RunAllDto"];
                };
            };
        };
    };
    getExport: {
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
                    "application/json": components["schemas"]["ExportDto"];
                };
            };
        };
    };
    removeExport: {
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
    updateExport: {
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
                "application/json": components["schemas"]["UpdateExportRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportDto"];
                };
            };
        };
    };
    detachExport: {
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
                    "application/json": components["schemas"]["ExportDto"];
                };
            };
        };
    };
    duplicateExport: {
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
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DuplicateExportRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportDto"];
                };
            };
        };
    };
    runExport: {
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
                "application/json": components["schemas"]["StartRunRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDto"];
                };
            };
        };
    };
    listExportRuns: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
                /** @description Only the runs of this export */
                exportId?: string;
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
                    "application/json": components["schemas"]["RunListDto"];
                };
            };
        };
    };
    listRuns: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
                /** @description Only the runs of this export */
                exportId?: string;
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
                    "application/json": components["schemas"]["RunListDto"];
                };
            };
        };
    };
    getRun: {
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
                    "application/json": components["schemas"]["RunDto"];
                };
            };
        };
    };
    cancelRun: {
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
                    "application/json": components["schemas"]["RunDto"];
                };
            };
        };
    };
    streamRunEvents: {
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
                content?: never;
            };
        };
    };
    downloadRunRejections: {
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
                    "text/csv": string;
                };
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
