import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The server's tests as Stryker runs them against each mutant. Left out, because they cannot kill a mutant or
 * cost far more than they add there:
 * - tests/e2e/ (browser): needs Chromium and a built SPA, and takes minutes;
 * - tests/start.test.ts, tests/admin-cli.test.ts: spawn `npm start` and `npm run admin`, child processes that
 *   build and run dist/ without Stryker's active mutant, so they cannot kill one (and each build is slow);
 * - pages/reliability/sigkill-restart.test.ts, tests/simulate.test.ts: spawn the server and the simulator
 *   through tsx, processes where no mutant is ever switched on: they only lengthen the first (coverage) run;
 * - tests/fuzz.test.ts: ~15 s on each mutant it reaches (nearly all of them), and its random inputs differ from
 *   run to run, so results could not be reused by incremental mode;
 * - src/web/: the SPA, which is not mutated;
 * - tests/api-types.test.ts: compares src/web/api/schema.gen.ts, which the sandbox leaves out with src/web.
 *
 * STRYKER_TEST_FILES (comma-separated globs) narrows the tests further, for files that nearly every test reaches
 * (the metrics hook, the JSON parser, mail, domain events): there each surviving mutant would run ~180 test files,
 * hours for one folder. Scores from a narrowed run are lower bounds: a mutant it leaves alive may be killed by a
 * test it left out.
 */
const narrowed = process.env.STRYKER_TEST_FILES?.split(',').filter(Boolean);

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: narrowed?.length ? narrowed : ['src/server/**/*.test.ts', 'tests/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      'tests/start.test.ts',
      'tests/admin-cli.test.ts',
      'src/server/pages/reliability/sigkill-restart.test.ts',
      'tests/simulate.test.ts',
      'tests/fuzz.test.ts',
      'tests/api-types.test.ts',
    ],
  },
});
