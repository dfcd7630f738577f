import { defineConfig } from 'vitest/config';

// The deliberately broken connectors the SDK's own test (test/conformance-kit.test.ts) runs the
// conformance kit on; not part of the SDK's suite by themselves.
export default defineConfig({
  test: { root: import.meta.dirname, include: ['*.conformance.ts'], testTimeout: 60_000, env: { OUTPORT_ALLOW_PRIVATE_TARGETS: 'true' } },
});
