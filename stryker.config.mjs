// Mutation testing of the money-critical modules (npm run mutate; docs/TESTING.md).
// Stryker mutates the TypeScript sources in a sandbox, builds them once with every mutant
// switchable (buildCommand), then runs the mocha suites over dist/ with per-test coverage, so
// each mutant meets only the tests that run its code. MUTATE narrows the run to a glob list
// (comma-separated), e.g. MUTATE=src/domain/cst-time.ts npm run mutate.
import { readFileSync } from 'node:fs';

// The money-critical files: one list, read here and by the check that docs/TESTING.md's
// figures were measured on the files as they are now (test/mutation/).
const MONEY_PATHS = JSON.parse(readFileSync(new URL('./test/mutation/money-paths.json', import.meta.url), 'utf8'));

// Suites left out of mutation runs. Their subject runs in another process (a toolkit client,
// the CLI, workers, a browser), where Stryker's active mutant is not switched on, so they can
// neither cover nor kill a mutant and only lengthen every run; or they stop and restart the
// shared MongoDB server, which would fail the tests of the other Stryker worker at that moment.
const NOT_MUTATION_SUITES = [
  'dist/test/xml/**', // the XML engine against libxml2 and its cost bound: no money path
  'dist/test/contract/toolkits.test.js',
  'dist/test/contract/zeep-client.test.js',
  'dist/test/contract/legacy-clients.test.js',
  'dist/test/console/**',
  'dist/test/cli/**',
  'dist/test/deploy/**',
  'dist/test/e2e/workers.test.js',
  'dist/test/mock-mode/npm-start.test.js',
  'dist/test/hardening/startup.test.js',
  'dist/test/hardening/graceful.test.js',
  'dist/test/store/mongo-outage.test.js',
  'dist/test/e2e/persistence.test.js',
  'dist/test/mutation/**', // compares docs/TESTING.md with the sources, which the sandbox has instrumented
];

export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  buildCommand: 'npx tsc -p .',
  mutate: process.env.MUTATE ? process.env.MUTATE.split(',') : MONEY_PATHS,
  coverageAnalysis: 'perTest',
  // Mutated files get @ts-nocheck (a mutant need not type-check); no other file is touched,
  // or the staleness test of the generated contract types would see a changed file.
  disableTypeChecks: '{src/families/**/*.ts,src/domain/*.ts,src/contract/validator.ts}',
  mochaOptions: {
    spec: ['dist/{test,src,mocks}/**/*.test.js'],
    require: ['dist/test/support/setup.js'],
    'no-config': true,
    ignore: NOT_MUTATION_SUITES,
  },
  // Two cores: one mocha process per core; a mutant that hangs a test is a timeout, killed.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  // A mutant of a module-level constant is switched on only at load, so it re-runs the whole
  // suite; such mutants are measured in a run of their own (MUTATE_STATIC=1, docs/TESTING.md).
  ignoreStatic: process.env.MUTATE_STATIC !== '1',
  timeoutMS: 20000,
  timeoutFactor: 2,
  ignorePatterns: ['dist', 'reports', '.stryker-tmp', 'test/toolkits/java/target', 'bench/out'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
};
