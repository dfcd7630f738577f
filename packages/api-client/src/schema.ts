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
        /** One installed connector and its manifest. */
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
    "/api/v1/environments/{env}/alert-channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The environment's alert channels (admins). Sort by name, kind, enabled, createdAt or updatedAt; search by name. */
        get: operations["listAlertChannels"];
        put?: never;
        /** Create an email (SMTP) or webhook channel. A webhook channel without a signing secret gets a generated one, in this response only. */
        post: operations["createAlertChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/alert-channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert channel: settings, which secrets are set (never their values), its latest delivery. */
        get: operations["getAlertChannel"];
        put?: never;
        post?: never;
        /** Remove an alert channel and its delivery history. */
        delete: operations["removeAlertChannel"];
        options?: never;
        head?: never;
        /** Rename, change settings, events or secrets, switch on or off, or regenerate the signing secret. */
        patch: operations["updateAlertChannel"];
        trace?: never;
    };
    "/api/v1/environments/{env}/alert-channels/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The channel's deliveries, newest first: pending (with the next attempt), delivered, skipped or failed (with the reason). Sort by createdAt, status, attempts or finishedAt; search the errors. */
        get: operations["listAlertDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/alert-channels/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test message through the channel now and say how it went (ok false with the reason when it could not be sent). */
        post: operations["testAlertChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/alert-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The alert events you opted out of in this environment (users only; API keys have no preferences). */
        get: operations["getAlertPreferences"];
        /** Choose the alert events you want no email about in this environment (replaces the list). */
        put: operations["setAlertPreferences"];
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
        /** The environment's API keys (never the keys themselves), newest first. */
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
        /** Connections; non-admins see names and types only. Sort by name, connectorId, createdAt or updatedAt; search by name or connector. */
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
        /** One connection; non-admins see its name and type only. */
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
        /** Check the saved connection against the target now. Values the test learns (an SFTP server's host key on first use) are kept with the settings; a target whose identity changed is reported in identityChange, and an admin accepts it by saving identityChange.offered as that setting (PATCH). */
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
        /** Save a segment or data-out export. Saving does not run it. Warns when its schedule comes within 30 minutes of another export on the same connection. */
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
        /** Detach, remove, run or schedule several exports; each one succeeds or fails on its own. Schedule: mode keep (switch each schedule on or off with enabled) or override (one new schedule for all). */
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
    "/api/v1/environments/{env}/exports/stagger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Spread the selected exports evenly over a window (default: from the earliest of their times, 30 minutes apart) and answer the proposed time of each; saves them only with apply: true. */
        post: operations["staggerExports"];
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
        /** One export with its configuration, status, schedule and the caller's permission. */
        get: operations["getExport"];
        put?: never;
        post?: never;
        /** Remove an export (its past runs stay, listed under a removed export). */
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
        /** One segment with its rule, member count and refresh status. */
        get: operations["getSegment"];
        put?: never;
        post?: never;
        /** Remove a segment and its members. */
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
        /** Member keys of the segment's last refresh, in key order (sort=memberKey, order=asc or desc). */
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
        /** Evaluate the rule in the database and store the members and their count (200). While a run is sending the segment, the refresh waits for it: 202 with refreshStatus "waiting". */
        post: operations["refreshSegment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/system/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refresh everything now: every segment, then the exports that run with the system refresh (those the caller may not run are skipped, with the reason). Follow it with the status or the refresh. */
        post: operations["startSystemRefresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/system/refresh-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The environment's system refresh schedule (off by default) and its next occurrence. */
        get: operations["getRefreshSchedule"];
        /** Set the system refresh schedule: daily or weekly on chosen days, up to four times a day, in an IANA time zone. */
        put: operations["setRefreshSchedule"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/system/refreshes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** System refresh history, newest first, each with its graph of processes. */
        get: operations["listSystemRefreshes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/system/refreshes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One system refresh with its graph of processes. */
        get: operations["getSystemRefresh"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/system/refreshes/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a refresh: steps not started are cancelled, and export runs under way stop where the caller may cancel them. A refresh that has ended is answered as it is. */
        post: operations["cancelSystemRefresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/system/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest state of every process (each segment, each export that runs with the system refresh) and the latest refresh with its graph. */
        get: operations["getSystemStatus"];
        put?: never;
        post?: never;
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
        /** A page of the table's records, in key order or sorted by any of its columns. */
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
    "/api/v1/environments/{env}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The members of the environment with their role in it. */
        get: operations["listUsers"];
        put?: never;
        /** Add an existing user to the environment with a role, or invite someone new by email and name: the user is created with a first password shown once in the response. */
        post: operations["addUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/environments/{env}/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member from the environment (the user keeps their other environments). The last admin cannot be removed. */
        delete: operations["removeUser"];
        options?: never;
        head?: never;
        /** Change a member's role. The last admin stays an admin. */
        patch: operations["updateUser"];
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
        AddMemberRequest: {
            /**
             * @description An existing user is added; an unknown address creates the user (invites them)
             * @example ana@example.com
             */
            email: string;
            /**
             * @description Required to invite someone new; ignored for an existing user
             * @example Ana Ruiz
             */
            name?: string;
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
        };
        AddedMemberDto: {
            /** @description When they were added to this environment */
            addedAt: string;
            email: string;
            /** @description The user's id (the same in every environment) */
            id: string;
            /** @description Invited users only: their first password, generated here and shown once (it is stored hashed). Give it to them to log in with. */
            initialPassword: string | null;
            /** @description True when the user was created by this call (invited) */
            invited: boolean;
            name: string;
            /**
             * @description Their role in this environment
             * @enum {string}
             */
            role: "admin" | "contributor" | "viewer";
        };
        AlertChannelDto: {
            createdAt: string;
            email?: components["schemas"]["EmailSettingsViewDto"];
            enabled: boolean;
            events: ("run.failed" | "run.succeeded_with_warnings" | "system_refresh.failed" | "connection.credentials_refused")[];
            id: string;
            /** @enum {string} */
            kind: "email" | "webhook";
            /** @description The latest finished delivery */
            lastDelivery: components["schemas"]["AlertDeliverySummaryDto"] | null;
            name: string;
            /** @description Names of the secrets that are set */
            secretsSet: string[];
            updatedAt: string;
            webhook?: components["schemas"]["WebhookSettingsViewDto"];
        };
        AlertChannelListDto: {
            items: components["schemas"]["AlertChannelDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        AlertChannelSecretsDto: {
            /** @description Webhook channels: the signing secret (at least 16 characters). Left out at creation, one is generated and returned once. */
            signingSecret?: string;
            /** @description Email channels: the SMTP password. Stored encrypted, never returned. */
            smtpPassword?: string;
        };
        AlertChannelTestDto: {
            durationMs: number;
            message: string;
            ok: boolean;
        };
        AlertDeliveryDto: {
            alertId: string;
            attempts: number;
            createdAt: string;
            /** @enum {string} */
            event: "run.failed" | "run.succeeded_with_warnings" | "system_refresh.failed" | "connection.credentials_refused";
            finishedAt: string | null;
            id: string;
            /** @description Why the last attempt failed, or why nothing was sent */
            lastError: string | null;
            /** @description Pending deliveries: when the next attempt is due */
            nextAttemptAt: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "skipped";
            title: string;
        };
        AlertDeliveryListDto: {
            items: components["schemas"]["AlertDeliveryDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        AlertDeliverySummaryDto: {
            at: string;
            error: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "skipped";
        };
        AlertPreferencesDto: {
            /** @description Events you get no alert emails about in this environment */
            optedOut: ("run.failed" | "run.succeeded_with_warnings" | "system_refresh.failed" | "connection.credentials_refused")[];
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
            action: "detach" | "remove" | "run" | "schedule";
            /** @description action schedule, mode keep: switch the schedules on or off */
            enabled?: boolean;
            ids: string[];
            /**
             * @description action schedule: keep each export's schedule and only switch it on or off (`enabled`), or override all with `schedule`
             * @enum {string}
             */
            mode?: "keep" | "override";
            /** @description action schedule, mode override: the new schedule for every export */
            schedule?: {
                [key: string]: unknown;
            };
        };
        BulkResultDto: {
            done: string[];
            failed: {
                id?: string;
                message?: string;
            }[];
            /** @description Action schedule: advice about the saved schedules (they were saved as sent), for the exports that have some */
            warnings?: components["schemas"]["ExportScheduleWarningsDto"][];
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
            identityChange?: components["schemas"]["IdentityChangeDto"];
            message: string;
            ok: boolean;
            /** @description Settings this test recorded with the connection: values it learned, e.g. an SFTP server host key fingerprint on first use */
            recorded?: {
                [key: string]: unknown;
            };
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
        CreateAlertChannelRequest: {
            /** @description Email channels */
            email?: components["schemas"]["EmailSettingsDto"];
            /** @description Whether the channel sends alerts (default true) */
            enabled?: boolean;
            /** @description Events the channel sends. Default: every failure (run.failed, system_refresh.failed, connection.credentials_refused); runs that succeeded with warnings only when asked for */
            events?: ("run.failed" | "run.succeeded_with_warnings" | "system_refresh.failed" | "connection.credentials_refused")[];
            /** @enum {string} */
            kind: "email" | "webhook";
            /** @example Data team mail */
            name: string;
            secrets?: components["schemas"]["AlertChannelSecretsDto"];
            /** @description Webhook channels */
            webhook?: components["schemas"]["WebhookSettingsDto"];
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
            description?: string | null;
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
        EmailSettingsDto: {
            /** @description A PEM certificate authority to trust besides the public ones (a private mail relay); null for none */
            caCertificate?: string | null;
            /**
             * @description Sender address
             * @example outport@example.com
             */
            from: string;
            /** @example smtp.example.com */
            host: string;
            /** @description Also write to every admin of the environment who did not opt out (default true) */
            notifyAdmins?: boolean;
            /** @example 587 */
            port: number;
            /**
             * @description Addresses the channel writes to (besides the admins, with notifyAdmins)
             * @example [
             *       "data-team@example.com"
             *     ]
             */
            recipients?: string[];
            /**
             * @description starttls (default): upgrade required; tls: TLS from the start (usually port 465); none: plain text, for trusted networks only
             * @enum {string}
             */
            security?: "starttls" | "tls" | "none";
            /** @description SMTP user name (the password goes in secrets.smtpPassword); null for none */
            username?: string | null;
        };
        EmailSettingsViewDto: {
            caCertificate: string | null;
            from: string;
            host: string;
            notifyAdmins: boolean;
            port: number;
            recipients: string[];
            /** @enum {string} */
            security: "starttls" | "tls" | "none";
            username: string | null;
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
            /** @description Whether the caller may use this connection (admins always; contributors when it is shared with them) */
            canUse: boolean;
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
            /** @description When it runs next by itself: its own schedule's next occurrence, or the next system refresh; null when off */
            nextRunAt: string | null;
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
        ExportScheduleWarningsDto: {
            id: string;
            warnings: components["schemas"]["ScheduleWarningDto"][];
        };
        HealthDto: {
            /** @enum {string} */
            database: "sqlite" | "postgresql";
            /** @enum {string} */
            status: "ok";
            version: string;
        };
        IdentityChangeDto: {
            /**
             * @description The setting's label
             * @example Host key fingerprint
             */
            label: string;
            /** @description What the target presented instead; PATCH the connection with settings {[setting]: offered} to accept it */
            offered: string;
            /**
             * @description The connection setting that holds the trusted identity
             * @example hostKeyFingerprint
             */
            setting: string;
            /** @description The value the connection trusts */
            trusted: string;
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
        MemberDto: {
            /** @description When they were added to this environment */
            addedAt: string;
            email: string;
            /** @description The user's id (the same in every environment) */
            id: string;
            name: string;
            /**
             * @description Their role in this environment
             * @enum {string}
             */
            role: "admin" | "contributor" | "viewer";
        };
        MemberListDto: {
            items: components["schemas"]["MemberDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        /** @description An RFC 9457 problem. `type` is a stable slug under /problems/ to branch on; `errors` says where (a field, a line) and what is wrong. */
        Problem: {
            detail?: string;
            errors?: {
                field?: string;
                line?: number;
                message: string;
            }[];
            /** @description The request path */
            instance?: string;
            /** @example 400 */
            status: number;
            /** @example Invalid request */
            title: string;
            /** @example /problems/invalid-request */
            type: string;
        };
        ProcessStateDto: {
            /** @description Exports: the segments they read */
            dependsOn: string[];
            detail: string | null;
            /** @enum {string} */
            kind: "segment" | "export";
            label: string;
            lastDurationMs: number | null;
            /** @description When it last finished */
            lastFinishedAt: string | null;
            /**
             * @description The latest state: a segment refresh, or the export's latest run
             * @enum {string}
             */
            status: "queued" | "waiting" | "running" | "succeeded" | "succeeded_with_warnings" | "failed_retrying" | "failed" | "skipped" | "cancelled" | "never";
            targetId: string;
        };
        RecordPageDto: {
            items: {
                [key: string]: unknown;
            }[];
            limit: number;
            offset: number;
            total: number;
        };
        RefreshProcessDto: {
            /** @description Processes that must succeed first (the segments an export reads) */
            dependsOn: string[];
            /** @description Why it failed or was skipped, what it waits for, or what it did */
            detail: string | null;
            durationMs: number | null;
            finishedAt: string | null;
            id: string;
            /** @enum {string} */
            kind: "segment" | "export";
            label: string;
            /** @description Export processes: the run they started */
            runId: string | null;
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "waiting" | "running" | "succeeded" | "succeeded_with_warnings" | "failed_retrying" | "failed" | "skipped" | "cancelled";
            /** @description The segment or export id */
            targetId: string;
        };
        RefreshScheduleDto: {
            /** @description Weekly: the days it runs on */
            days: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
            /** @description The schedule in words */
            description: string;
            /** @description Whether the refresh runs by itself */
            enabled: boolean;
            /** @enum {string} */
            frequency: "daily" | "weekly";
            /** @description When the next scheduled refresh starts; null when off */
            nextRunAt: string | null;
            /**
             * @description IANA time zone
             * @example Europe/Paris
             */
            timeZone: string;
            /**
             * @description Up to four times a day, HH:mm in the time zone
             * @example [
             *       "02:00"
             *     ]
             */
            times: string[];
        };
        RefreshScheduleRequest: {
            /** @description Weekly: the days it runs on */
            days: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
            /** @description Whether the refresh runs by itself */
            enabled: boolean;
            /** @enum {string} */
            frequency: "daily" | "weekly";
            /**
             * @description IANA time zone
             * @example Europe/Paris
             */
            timeZone: string;
            /**
             * @description Up to four times a day, HH:mm in the time zone
             * @example [
             *       "02:00"
             *     ]
             */
            times: string[];
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
            /** @description A user asked to cancel it and it has not stopped yet (it stops within one batch) */
            cancelRequested: boolean;
            counts: components["schemas"]["RunCountsDto"];
            createdAt: string;
            dryRun: boolean;
            error: string | null;
            exportId: string;
            exportName: string;
            finishedAt: string | null;
            fullResync: boolean;
            id: string;
            /** @description Infrastructure faults the run met (the database or Redis unavailable, a worker gone) and how it carried on, oldest first */
            interruptions: components["schemas"]["RunInterruptionDto"][];
            /** @description Scheduled runs (custom schedule or system refresh): the occurrence and whether it started late */
            schedule: components["schemas"]["RunScheduleDto"] | null;
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
        RunInterruptionDto: {
            /** @description When it was noted */
            at: string;
            /**
             * @description What was unavailable: the database, the job queue (Redis, or the process that held the in-process queue), or the worker sending the run
             * @enum {string}
             */
            cause: "database" | "queue" | "worker";
            /** @description What happened and what the run did about it, e.g. "The database was unavailable for 12 s; the run resumed from its last checkpoint." */
            message: string;
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
        RunScheduleDto: {
            /** @description Later occurrences that came due while no Outport process was running, folded into this run */
            missedOccurrences: number;
            /** @description In words, when the run started late (more than a minute) */
            note: string | null;
            /** @description The scheduled occurrence this run is for */
            scheduledFor: string;
            /** @description How long after its occurrence the run started */
            startedLateMs: number;
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
            /** @description The connector's report on how the target now holds the item, e.g. "LinkedIn segment 123: READY, 2,310 of 3,100 matched" */
            note: string | null;
            /** @description Dry runs: what a real run would do */
            plan: components["schemas"]["RunPlanDto"] | null;
            startedAt: string | null;
            /** @enum {string} */
            status: "pending" | "running" | "succeeded" | "succeeded_with_warnings" | "failed" | "skipped" | "cancelled";
        };
        SavedAlertChannelDto: {
            createdAt: string;
            email?: components["schemas"]["EmailSettingsViewDto"];
            enabled: boolean;
            events: ("run.failed" | "run.succeeded_with_warnings" | "system_refresh.failed" | "connection.credentials_refused")[];
            id: string;
            /** @enum {string} */
            kind: "email" | "webhook";
            /** @description The latest finished delivery */
            lastDelivery: components["schemas"]["AlertDeliverySummaryDto"] | null;
            name: string;
            /** @description Names of the secrets that are set */
            secretsSet: string[];
            /** @description Webhook channels: the signing secret Outport generated, in this response only */
            signingSecret?: string;
            updatedAt: string;
            webhook?: components["schemas"]["WebhookSettingsViewDto"];
        };
        SavedExportDto: {
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
            /** @description When it runs next by itself: its own schedule's next occurrence, or the next system refresh; null when off */
            nextRunAt: string | null;
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
            /** @description Advice about the saved schedule (it was saved as sent) */
            warnings: components["schemas"]["ScheduleWarningDto"][];
        };
        ScheduleWarningDto: {
            /** @description Exports on the same connection within 30 minutes of this one */
            conflictsWith: string[];
            /** @enum {string} */
            kind: "stagger";
            message: string;
            /** @description The schedule moved to the proposed time, ready to save */
            proposedSchedule: {
                [key: string]: unknown;
            } | null;
            /** @description The nearest time of day (HH:mm, in the schedule's zone) at least 30 minutes from them */
            proposedTime: string | null;
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
            refreshStatus: "never" | "waiting" | "refreshing" | "succeeded" | "failed";
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
        StaggerProposalDto: {
            /** @description Current time of day (HH:mm, the export's zone) */
            from: string;
            id: string;
            name: string;
            /** @description Default { kind: "system-refresh" }, or { kind: "custom", enabled, schedule: { recurrence, startDate, startTime, timeZone } } (recurrence: { frequency: "hourly" } | { frequency: "daily", times: ["06:00"] } | { frequency: "weekly", days: ["mon"], time } | { frequency: "monthly", daysOfMonth: [1], time }) */
            schedule: {
                [key: string]: unknown;
            };
            /** @description Proposed time of day */
            to: string;
        };
        StaggerRequest: {
            /** @description Save the proposed times (default false: only propose) */
            apply?: boolean;
            ids: string[];
            /** @description Default: from the earliest of their current times, 30 minutes apart */
            window?: components["schemas"]["StaggerWindowDto"];
        };
        StaggerResultDto: {
            /** @description Whether the proposals were saved */
            applied: boolean;
            proposals: components["schemas"]["StaggerProposalDto"][];
            /** @description Exports left out, with the reason */
            skipped: {
                id?: string;
                message?: string;
            }[];
        };
        StaggerWindowDto: {
            /**
             * @description HH:mm: the last export's new time (default: 30 minutes per export after start)
             * @example 04:00
             */
            end?: string;
            /**
             * @description HH:mm: the first export's new time
             * @example 02:00
             */
            start: string;
            /**
             * @description Zone of start and end (default: the earliest export's zone)
             * @example Europe/Paris
             */
            timeZone?: string;
        };
        StartRunRequest: {
            /** @description Compute the plan (adds, updates, removes, rejections, skipped segments) and send nothing */
            dryRun?: boolean;
            /** @description Send every member again (members the target holds count as updated) instead of only the difference */
            fullResync?: boolean;
        };
        SystemRefreshDto: {
            createdAt: string;
            durationMs: number | null;
            error: string | null;
            finishedAt: string | null;
            id: string;
            /** @description The graph: segment refreshes, then the exports that read them */
            processes: components["schemas"]["RefreshProcessDto"][];
            /** @description Scheduled refreshes: the occurrence */
            scheduledFor: string | null;
            startedAt: string | null;
            /** @description Scheduled refreshes: how long after the occurrence it started */
            startedLateMs: number | null;
            /** @enum {string} */
            status: "queued" | "waiting" | "running" | "succeeded" | "succeeded_with_warnings" | "failed_retrying" | "failed" | "skipped" | "cancelled";
            /** @enum {string} */
            trigger: "system-refresh" | "schedule" | "manual" | "run-all" | "api";
        };
        SystemRefreshListDto: {
            items: components["schemas"]["SystemRefreshDto"][];
            limit: number;
            offset: number;
            total: number;
        };
        SystemStatusDto: {
            /** @description The latest refresh, with its graph */
            latest?: components["schemas"]["SystemRefreshDto"] | null;
            /** @description Every segment and every export that runs with the system refresh, in its latest state */
            processes: components["schemas"]["ProcessStateDto"][];
            schedule: components["schemas"]["RefreshScheduleDto"];
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
        UpdateAlertChannelRequest: {
            /** @description Email channels: settings to change */
            email?: components["schemas"]["UpdateEmailSettingsDto"];
            /** @description Whether the channel sends alerts (default true) */
            enabled?: boolean;
            /** @description Events the channel sends. Default: every failure (run.failed, system_refresh.failed, connection.credentials_refused); runs that succeeded with warnings only when asked for */
            events?: ("run.failed" | "run.succeeded_with_warnings" | "system_refresh.failed" | "connection.credentials_refused")[];
            name?: string;
            /** @description Webhook channels: replace the signing secret with a new generated one, returned once in this response */
            regenerateSigningSecret?: boolean;
            secrets?: components["schemas"]["AlertChannelSecretsDto"];
            /** @description Webhook channels */
            webhook?: components["schemas"]["WebhookSettingsDto"];
        };
        UpdateAlertPreferencesRequest: {
            /** @description Events you want no alert emails about in this environment (an empty list gets them all) */
            optedOut: ("run.failed" | "run.succeeded_with_warnings" | "system_refresh.failed" | "connection.credentials_refused")[];
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
        UpdateEmailSettingsDto: {
            /** @description A PEM certificate authority to trust besides the public ones (a private mail relay); null for none */
            caCertificate?: string | null;
            from?: string;
            host?: string;
            /** @description Also write to every admin of the environment who did not opt out (default true) */
            notifyAdmins?: boolean;
            port?: number;
            /**
             * @description Addresses the channel writes to (besides the admins, with notifyAdmins)
             * @example [
             *       "data-team@example.com"
             *     ]
             */
            recipients?: string[];
            /** @enum {string} */
            security?: "starttls" | "tls" | "none";
            /** @description SMTP user name (the password goes in secrets.smtpPassword); null for none */
            username?: string | null;
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
        UpdateMemberRequest: {
            /** @enum {string} */
            role: "admin" | "contributor" | "viewer";
        };
        UpdateSegmentRequest: {
            /** @description null clears it */
            description?: string | null;
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
        WebhookSettingsDto: {
            /**
             * @description http or https URL the alerts are POSTed to (no user name or password in it)
             * @example https://hooks.example.com/outport
             */
            url: string;
        };
        WebhookSettingsViewDto: {
            url: string;
        };
    };
    responses: {
        /** @description Invalid request: a parameter or the body is malformed or breaks a rule; the problem names it. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The caller's role in the environment does not allow this, or a change made with the console's session came from another origin. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such object, or the caller cannot see it. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The JSON body is larger than 100kb. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The database (or, to start a run, the job queue) is unavailable for now, e.g. restarting; try again after `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Not authenticated: log in (session cookie) or send an API key. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not of a media type (or charset) the operation takes. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
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
            400: components["responses"]["BadRequest"];
            /** @description The email or password is not correct. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many failed logins for this account or from this address; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listConnectors: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
            };
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEnvironments: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
            };
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAlertChannels: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
                    "application/json": components["schemas"]["AlertChannelListDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createAlertChannel: {
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
                "application/json": components["schemas"]["CreateAlertChannelRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedAlertChannelDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A channel with this name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAlertChannel: {
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
                    "application/json": components["schemas"]["AlertChannelDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    removeAlertChannel: {
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateAlertChannel: {
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
                "application/json": components["schemas"]["UpdateAlertChannelRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedAlertChannelDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A channel with the new name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAlertDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
                    "application/json": components["schemas"]["AlertDeliveryListDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    testAlertChannel: {
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
                    "application/json": components["schemas"]["AlertChannelTestDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAlertPreferences: {
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
                    "application/json": components["schemas"]["AlertPreferencesDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setAlertPreferences: {
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
                "application/json": components["schemas"]["UpdateAlertPreferencesRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertPreferencesDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
                    "application/json": components["schemas"]["ApiKeyListDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listConnections: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
                    "application/json": components["schemas"]["ConnectionListDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A connection with this name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The live test against the target failed; nothing was saved. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description Exports use the connection (they are listed). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A connection with the new name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The live test against the target failed; nothing was saved. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listExports: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
                sort?: string;
                order?: "asc" | "desc";
                /** @description Case-insensitive text search */
                q?: string;
                /** @description Only exports whose latest run has this status ('never': not run yet; 'inactive': detached or connector missing) */
                status?: "queued" | "waiting" | "running" | "succeeded" | "succeeded_with_warnings" | "failed_retrying" | "failed" | "skipped" | "cancelled" | "never" | "inactive";
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
                    "application/json": components["schemas"]["SavedExportDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description An export with this name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            /** @description The runs started (queued) and the exports skipped, with why. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunAllDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    staggerExports: {
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
                "application/json": components["schemas"]["StaggerRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaggerResultDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
                    "application/json": components["schemas"]["SavedExportDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description An export with the new name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            /** @description The run, queued: follow it with getRun or streamRunEvents. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The export is already running, or it has no connection. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listExportRuns: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRuns: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            /** @description The run, cancelled or cancelling (a running one stops within one batch). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSegments: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A segment with this name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A segment with the new name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSegmentMembers: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            /** @description Queued behind a run that is sending the segment */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SegmentDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    startSystemRefresh: {
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
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemRefreshDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getRefreshSchedule: {
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
                    "application/json": components["schemas"]["RefreshScheduleDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setRefreshSchedule: {
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
                "application/json": components["schemas"]["RefreshScheduleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefreshScheduleDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listSystemRefreshes: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
                    "application/json": components["schemas"]["SystemRefreshListDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSystemRefresh: {
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
                    "application/json": components["schemas"]["SystemRefreshDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    cancelSystemRefresh: {
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
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemRefreshDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSystemStatus: {
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
                    "application/json": components["schemas"]["SystemStatusDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listTables: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description A table with this name exists. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listRecords: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
                /** @description Column to sort by: one of the columns the list names (an unknown one is refused with the list of sortable columns) */
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
                    "application/json": components["schemas"]["MemberListDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    addUser: {
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
                "application/json": components["schemas"]["AddMemberRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddedMemberDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description They are already a member. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    removeUser: {
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
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description They are the last admin. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateUser: {
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
                "application/json": components["schemas"]["UpdateMemberRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description They are the last admin. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["ServiceUnavailable"];
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
            400: components["responses"]["BadRequest"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
