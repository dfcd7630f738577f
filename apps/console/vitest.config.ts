import { defineConfig } from 'vitest/config';

// Plain Node tests (no SvelteKit plugin): the browser test drives the built console through the API.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
