import { defineConfig } from 'vitest/config';

// The SDK's own tests talk to sandboxes on loopback, which the outbound-address policy refuses by
// default; the tests that prove the default refuses set the policy themselves. The broken
// connectors in test/kit-fixtures are run by test/conformance-kit.test.ts, not directly.
export default defineConfig({ test: { include: ['src/**/*.test.ts', 'test/*.test.ts'], testTimeout: 30_000, env: { OUTPORT_ALLOW_PRIVATE_TARGETS: 'true' } } });
