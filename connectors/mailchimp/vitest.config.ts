import { defineConfig } from 'vitest/config';

// The sandbox listens on loopback, which the outbound-address policy refuses by default; the tests
// that prove the default refuses set the policy themselves.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { OUTPORT_ALLOW_PRIVATE_TARGETS: 'true' },
  },
});
