import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits 1 s by default: too short for a browser page to reload and refetch while the other
    // worker runs a browser too (each such wait timed out once in a clean-clone run under load).
    expect: { poll: { timeout: 10_000 } },
    // Each file opens its own PGlite (~300 MB); two at a time fits this machine's two cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
