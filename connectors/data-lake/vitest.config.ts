import { tmpdir } from 'node:os';
import { defineConfig } from 'vitest/config';

// Azurite listens on loopback, which the outbound-address policy refuses by default, and the tests
// write local folders under the system temp folder, which becomes the local export root.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { OUTPORT_ALLOW_PRIVATE_TARGETS: 'true', OUTPORT_LOCAL_EXPORT_ROOT: tmpdir() },
  },
});
