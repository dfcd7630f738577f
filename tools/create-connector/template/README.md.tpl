# @outport/connector-__ID__

An Outport connector for __TITLE__, scaffolded by `npm run create-connector`. __DESCRIPTION__

The generated code speaks a small members API so that it works from the first minute; replace the
requests in `src/index.ts` and the sandbox in `src/sandbox/index.ts` with your target's protocol.

The tables below are generated from the connector's manifest by its build
(`outport-connector manifest`); edit the manifest in `src/index.ts`, not the tables, and commit
what the build writes. In CI the build checks the tables and `manifest.json` instead of rewriting
them, and fails when they are stale; so does the conformance kit.

## Connection settings

<!-- outport:settings -->
<!-- /outport:settings -->

## Export options

<!-- outport:options -->
<!-- /outport:options -->

## Fields

<!-- outport:fields -->
<!-- /outport:fields -->

## Limits

<!-- outport:limits -->
<!-- /outport:limits -->

## The sandbox

`start__PASCAL__Sandbox()` serves the members API on 127.0.0.1 with bearer auth, audiences kept in
memory, the 1,000-member request limit, per-member refusals (`rejectEmails`), a count of members
delivered to each audience (`deliveries`) and the SDK's fault injection (429 with Retry-After, 5xx,
latency, expired auth).

## Tests

`npx vitest run` in this folder (or `npm test -- --filter=@outport/connector-__ID__` at the root)
runs the SDK's conformance kit against the sandbox.
