// eslint (typescript-eslint's recommended rules) over the package, its tests, scripts, benches and examples;
// `npm run lint`, run by `npm test`. Formatting is prettier's (.prettierrc.json), checked by `npm run format:check`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**', 'docs/api/**', 'node_modules/**', '.venv/**', 'bench/results/**',
      // AssemblyScript (decorators on functions, its own globals) and the module it compiles to.
      'kernels/simd/assembly/**', 'kernels/simd/box_simd_wasm.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node, ...globals.browser}},
    rules: {
      // `_name` marks an argument a signature needs and the body does not.
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
    },
  },
  {
    // Jest's globals in the test files; jest.isolateModules and require.resolve need require().
    files: ['test/**', 'examples/**/*.test.ts'],
    languageOptions: {globals: {...globals.jest}},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
  {
    // Page-side test code reaches into untyped globals and tfjs backends' internals (backend.gpgpu, navigator.gpu).
    files: ['test/browser/**'],
    rules: {'@typescript-eslint/no-explicit-any': 'off'},
  },
);
