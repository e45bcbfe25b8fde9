// One jest config for every suite: Node backends (cpu, wasm, tensorflow) and the Chromium ones (webgl, webgpu).
// `npm test` (scripts/test.mjs) prepares what the suites need first; see README "Tests".
/** @type {import('jest').Config} */
module.exports = {
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/jest_setup.ts'],
  // Chromium suites run hundreds of cases through SwiftShader in one test file's beforeAll.
  testTimeout: 600000,
  transform: {
    // Transpile only (isolatedModules in tsconfig.jest.json): `npm test` type-checks the whole tree once with tsc
    // before jest starts.
    '^.+\\.tsx?$': ['ts-jest', {tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false}],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
