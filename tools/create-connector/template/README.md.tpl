# @outport/connector-__ID__

An Outport connector for __TITLE__, scaffolded by `npm run create-connector`. It sends segments to
__TITLE__ audiences, one audience per segment, adding and removing members in batches.

The generated code speaks a small members API so that it works from the first minute; replace the
requests in `src/index.ts` and the sandbox in `src/sandbox/index.ts` with your target's protocol.

## Connection settings

| key | label | notes |
| --- | --- | --- |
| `apiBaseUrl` | API base URL | the target's API; tests point it at the sandbox |
| `apiKey` | API key | secret: stored encrypted, never returned |

## Fields (audience kind `contact`: profile segments, or contact segments in business environments)

| key | label | type | required | identifier | normalisation | hashing |
| --- | --- | --- | --- | --- | --- | --- |
| `email` | Email | email | yes | yes | email (trim, lower-case) | SHA-256 |
| `firstName` | First name | string | no (extra) | no | name | SHA-256 |

## Limits

| limit | value |
| --- | --- |
| records per request | 1,000 |
| concurrent requests | 2 |
| requests per second | 50 |

## The sandbox

`start__PASCAL__Sandbox()` serves the members API on 127.0.0.1 with bearer auth, audiences kept in
memory, the 1,000-member request limit, per-member refusals (`rejectEmails`) and the SDK's fault
injection (429 with Retry-After, 5xx, latency, expired auth).

## Tests

`npx vitest run` in this folder (or `npm test -- --filter=@outport/connector-__ID__` at the root)
runs the SDK's conformance kit against the sandbox.
