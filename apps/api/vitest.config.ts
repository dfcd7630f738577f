import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// NestJS needs decorator metadata, which esbuild/oxc do not emit; swc does.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites share one PostgreSQL server; files run one after another.
    fileParallelism: false,
    // Sandboxes listen on loopback, which the outbound-address policy refuses by default. Apps the
    // harness starts set the policy from their own config (startApi allows private targets too);
    // this covers code that calls connectors without an app. outbound-policy.test.ts turns it off.
    env: { OUTPORT_ALLOW_PRIVATE_TARGETS: 'true' },
  },
});
