// One jest config for every suite, in two projects: `node` (cpu, wasm, tensorflow, the package, the examples) and
// `browser` (webgl, webgpu in Chromium, whose globalSetup starts the one chromium they share:
// test/browser/global_setup.ts). `npm test` (scripts/test.mjs) prepares what the suites need first; see README
// "Tests". `npx jest --selectProjects node` runs the Node ones alone.
const common = {
  rootDir: __dirname,
  setupFiles: ['<rootDir>/test/support/jest_setup.ts'],
  testEnvironment: 'node',
  transform: {
    // Transpile only (isolatedModules in tsconfig.jest.json): `npm test` type-checks the whole tree once with tsc
    // before jest starts.
    '^.+\\.tsx?$': ['ts-jest', {tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false}],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
/** The test files that drive Chromium (relative to the repository root). */
const BROWSER = ['test/browser/', 'examples/torchvision/browser.test.ts', 'examples/port-pytorch-model/demo.test.ts'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'node',
      roots: ['<rootDir>/test', '<rootDir>/examples'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...BROWSER.map(p => `<rootDir>/${p}`)],
    },
    {
      ...common,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser', '<rootDir>/examples'],
      testMatch: BROWSER.map(p => p.endsWith('/') ? `<rootDir>/${p}**/*.test.ts` : `<rootDir>/${p}`),
      globalSetup: '<rootDir>/test/browser/global_setup.ts',
      globalTeardown: '<rootDir>/test/browser/global_teardown.ts',
    },
  ],
  // Two workers, one per core of a CI runner (jest's default there, cores − 1, ran every file in one process).
  // Each test file gets a fresh worker: jest replaces a worker whose JS heap (heapUsed) passes workerIdleMemoryLimit
  // after a file, and every worker passes 1 MB. What piles up in a long-lived process is mostly not on the JS heap
  // (the wasm backend's WebAssembly memory, tfjs-node's native buffers; 1 GB over the first dozen files of an
  // in-band run), so a heap limit would not catch it.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1MB',
  // The longest files first (fresh clones have no timings for jest to order by): test/support/test_sequencer.js.
  testSequencer: '<rootDir>/test/support/test_sequencer.js',
  // Chromium suites run hundreds of cases through SwiftShader in one test file's beforeAll.
  testTimeout: 600000,
};
