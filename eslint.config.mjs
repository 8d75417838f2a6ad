// Type-checked typescript-eslint rules, Prettier for formatting, and the one architectural seam:
// `domain/` folders stay pure (no Nest, no TypeORM, no I/O).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'jest.config.js',
      'jest.prometheus.config.js',
      'jest.faults.config.js',
      'jest.timing.config.js',
      'eslint.config.mjs',
      'bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The outbox sits below breaches and statements: they write events through it and never reach
    // into the mail side. (Before the domain block, whose rule replaces this one in domain files and
    // repeats the ban there.)
    files: ['src/breaches/**/*.ts', 'src/statements/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/notifications/**', '**/notifications'],
              message: 'breaches/ and statements/ write events through outbox/; notifications/ reads them.',
            },
          ],
        },
      ],
    },
  },
  {
    // One way to a transaction: the Transactions provider (database/). Repositories take the caller's
    // manager; nobody else opens one. (Before the domain block, whose no-restricted-syntax replaces it.)
    files: ['src/**/*.ts'],
    ignores: ['src/database/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Open transactions with Transactions.run (src/database/transactions.ts).',
        },
      ],
    },
  },
  {
    files: ['src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'fastify', 'nodemailer'],
              message: 'domain/ is pure: no framework or I/O imports.',
            },
            {
              group: ['**/*.service', '**/*.repository', '**/*.controller', '**/*.entity'],
              message: 'domain/ must not depend on the layers around it.',
            },
            {
              group: ['**/notifications/**'],
              message: 'Only notifications/ reads mail concerns; the events themselves live in outbox/.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Pass `now` in; domain code never reads the clock.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pass `now` in; domain code never reads the clock.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec-helpers.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // Tests poke at untyped documents and JSON answers on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
