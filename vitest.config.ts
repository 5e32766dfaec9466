import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file opens its own PGlite (~300 MB); two at a time fits this machine's two cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
