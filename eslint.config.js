// One lint over the server, the client, the bench and the tests (`npm run lint`), with type
// information from each workspace's own tsconfig, plus graphql-eslint over the printed schema.
// Formatting is Prettier's alone (`npm run format`), so no stylistic rule is switched on here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import graphql from '@graphql-eslint/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typed = ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'];

export default defineConfig(
  { ignores: ['**/node_modules/', '**/dist/', 'client/src/gql/', 'bench/results/', 'bench/.scratch/', 'coverage/', 'test-artifacts/', '.data/'] },
  {
    files: typed,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its rejection: in a server that is a crash or a silent gap.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_name` says "unused on purpose" (a resolver's parent, a callback's first argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Off: an `async` method that does not await yet implements a Promise-returning contract
      // (Apollo's plugin hooks, KeyValueCache, the event bus), and `async` turns a throw into a
      // rejection, which is what its callers handle.
      '@typescript-eslint/require-await': 'off',
      // A variable that a closure reads before its one assignment (a timer the callback clears)
      // cannot be `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Off: TypeGraphQL and TypeORM take classes as `Function` (`resolvers: Function[]`,
      // `EntityTarget`); a narrower type would not be accepted by them.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Tests read responses as JSON (`any`) and assert on them: the assertion is the check, so
    // typing each `await response.json()` first would add nothing. Query strings are interpolated
    // on purpose (`?${new URLSearchParams(…)}`).
    files: ['server/test/**', 'test/**', 'client/src/**/*.test.ts', 'client/src/**/*.test.tsx', 'client/src/test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      // Tests narrow what Testing Library or a query returns with `as`; `getBy…<T>()`, which this
      // rule asks for instead, is the same unchecked claim.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['server/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { project: './server/tsconfig.json' }, globals: globals.node },
  },
  {
    files: [
      'client/src/**/*.ts',
      'client/src/**/*.tsx',
      'client/vite.config.ts',
      'client/split-documents.ts',
      'client/preload-shell.ts',
      'client/shell-chunk.ts',
      'client/merge-css.ts',
    ],
    languageOptions: { parserOptions: { project: './client/tsconfig.json' }, globals: globals.browser },
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // React ignores what an event handler returns; the client's async handlers catch and show
      // their own errors (useRowActions, the forms' problem lines), so `onClick={async …}` is fine.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Reports only where the React Compiler would skip a component; the client does not use it.
      'react-hooks/preserve-manual-memoization': 'off',
    },
  },
  {
    files: ['bench/**/*.mjs', '*.ts', '*.js', 'client/vitest.config.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.tools.json' }, globals: globals.node },
  },
  {
    // The bench is plain JavaScript whose packages (bench/node_modules) are installed only by
    // `npm run bench`, so most values are untyped here: the `no-unsafe-*` family would flag every
    // line. Promises stay checked. Its event handlers (`process.on`, `request.on`) are async with
    // their own try/catch, and an error in one ends the run anyway.
    files: ['bench/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    // The printed schema, as a client's IDE shows it: every type described, names in the usual
    // case, connections that follow the Relay spec.
    files: ['schema.graphql'],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: './schema.graphql' } } },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      ...graphql.configs['flat/schema-relay'].rules,
      // Objects with an identity implement Node (`id: ID!`); these are values with none: money,
      // sums, a diff's lines, a page's info, what a mutation or an event carries.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          exceptions: {
            suffixes: ['Payload', 'Connection', 'Edge', 'Event'],
            types: [
              'Attachment',
              'BillingSummary',
              'ContractSpend',
              'DiffLine',
              'InstructionDiff',
              'JobTeamMember',
              'MilestoneDeadline',
              'Money',
              'MonthSpend',
              'OrganizationFinances',
              'PageInfo',
              'PayoutMethodCountry',
              'SettlementProposal',
            ],
          },
        },
      ],
      // Relay asks connections of its edges, not that every list be one: `skills: [String!]!` and
      // a contract's few milestones deadlines are plain lists. An edge's node may be a value
      // (ContractSpend, a sum per contract), which the Relay spec allows.
      '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
    },
  },
);
