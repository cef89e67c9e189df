// ESLint for the project's JavaScript (flat config, ESLint 9): the recommended rules, plus the few
// that catch what review missed before. Run: bash scripts/lint.sh
import js from './js/node_modules/@eslint/js/src/index.js';
import globals from './js/node_modules/globals/index.js';

export default [
  {
    ignores: ['**/node_modules/**', 'build/**', 'third_party/**', 'js/dist/**', '**/miniprogram_npm/**', 'miniprogram-demo/miniprogram_npm/**', 'docs/**'],
  },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      // wx and WXWebAssembly: the WeChat runtime, always reached behind a typeof check.
      globals: { ...globals.node, ...globals.browser, wx: 'readonly', WXWebAssembly: 'readonly' },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
    },
  },
  {
    // CommonJS: the Node bundle's consumers, the WeChat mini program and its cloud function.
    files: ['**/*.cjs', 'miniprogram-demo/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        ...globals.node,
        wx: 'readonly',
        App: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        getApp: 'readonly',
        getCurrentPages: 'readonly',
        WXWebAssembly: 'readonly',
        Behavior: 'readonly',
      },
    },
  },
  {
    // Emscripten glue fragments: functions and variables of the generated code they are pasted into.
    files: ['wasm/*.js'],
    languageOptions: { sourceType: 'script' },
    rules: {
      'no-undef': 'off',
      'no-unused-vars': 'off',
      'no-var': 'off',
      'no-global-assign': 'off',
      'no-func-assign': 'off',
      'no-redeclare': 'off',
      eqeqeq: 'off',
    },
  },
];
