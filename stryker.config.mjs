// @ts-check
/**
 * Mutation testing of the server (`npm run mutate`; scripts/mutate.mjs runs this and prints the score per folder).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts' },
  // Each mutant runs only the tests that reach it; mutants reached only while a module loads are skipped, as
  // testing one of them means reloading everything and running every test.
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // Results are reused for unchanged code and tests; the file is committed so a run only redoes what changed.
  incremental: true,
  incrementalFile: 'stryker/incremental.json',
  mutate: [
    'src/server/**/*.ts',
    '!src/server/**/*.test.ts',
    // Wiring, not rules. A route is schema → access → one service call (its access rules are pinned by the
    // literal table in tests/tenancy.test.ts); schemas are TypeBox declarations; their mutants are either
    // static (run once while the app is built) or descriptions and tags nothing can observe.
    '!src/server/**/routes.ts',
    '!src/server/**/*-routes.ts',
    '!src/server/**/schemas.ts',
    '!src/server/lib/schema-types.ts',
    '!src/server/lib/openapi.ts',
    // Table and column declarations, and the SQL drizzle-kit writes from them.
    '!src/server/db/schema/**',
    '!src/server/db/migrations/**',
    // Process and plugin wiring: main.ts is only exercised by tests/start.test.ts, which spawns `npm start`
    // (the built dist/, never the mutated sources); app.ts, the job registry and the path lookups run once per
    // app build or module load, so every mutant there is static.
    '!src/server/main.ts',
    '!src/server/app.ts',
    '!src/server/jobs.ts',
    '!src/server/paths.ts',
    // The admin command runs only in the `npm run admin` child process tests/admin-cli.test.ts spawns, where
    // Stryker can neither see coverage nor switch a mutant on: every mutant there would read "no coverage".
    '!src/server/cli/**',
    // The signal intake's worker thread entry: a thread has its own globals, so Stryker can neither switch a
    // mutant on there nor see its coverage. What it runs (envelope.ts, prepare.ts and below) is pure and tested
    // in-process; signal-worker.test.ts drives the thread itself.
    '!src/server/health/intake/worker.ts',
    // Test fixtures that live beside the code they build data for: a mutant there breaks the tests' own setup,
    // which would count as killed without any rule being checked.
    '!src/server/**/fixtures.ts',
  ],
  reporters: ['progress', 'json', 'html'],
  jsonReporter: { fileName: 'bench/results/mutation.json' },
  htmlReporter: { fileName: 'bench/results/mutation.html' },
  // Half the cores: every worker opens its own PGlite databases (~300 MB each) and the machine is shared.
  concurrency: '50%',
  // The tests run on real databases and the machine is shared: a generous margin keeps a slow run from being
  // mistaken for a mutant's infinite loop (which would count as killed).
  timeoutMS: 15_000,
  dryRunTimeoutMinutes: 20,
  ignorePatterns: [
    'dist',
    'data',
    'bench/results',
    'test-artifacts',
    'scratch',
    'stryker',
    'src/web',
    'tests/e2e',
  ],
  thresholds: { high: 80, low: 60, break: null },
};
