import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'test/support/*.js', 'node_modules/**', 'examples/**', 'data/**', 'coverage/**', 'test/fixtures/**', '*.js', '*.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // `typeof import('x')` types the lazy requires that keep CLI start-up lean.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
