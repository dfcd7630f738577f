import { defineConfig } from 'vitest/config';

// The sandbox listens on loopback, which Outport's outbound-address policy refuses by default.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, env: { OUTPORT_ALLOW_PRIVATE_TARGETS: 'true' } } });
