// Jest config for the browser (chromium) suites. Self-contained on purpose:
// run with `npx jest --config test/browser/jest.config.js` from the repo root.
// (The repo-root jest config should ignore test/browser/ so `jest` for the
// cpu suite does not start a browser.)
const path = require('path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  testTimeout: 120000,
  // One chromium at a time: browser suites are CPU-heavy (SwiftShader).
  maxWorkers: 1,
  transform: {
    '^.+\\.tsx?$': ['ts-jest', {tsconfig: '<rootDir>/test/browser/tsconfig.json'}],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
