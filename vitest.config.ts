import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// TypeGraphQL and TypeORM read decorator metadata, which esbuild does not emit. The server is
// compiled by SWC everywhere (build, dev and tests) from the one `.swcrc`, so tests run the code
// exactly as it ships.
const swcrc = JSON.parse(readFileSync(new URL('./server/.swcrc', import.meta.url), 'utf8')) as { jsc: Record<string, unknown> };

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        plugins: [swc.vite({ jsc: swcrc.jsc, module: { type: 'es6' } })],
        resolve: {
          // graphql-js ships CJS and ESM builds; Node (and so TypeGraphQL and Apollo) loads the
          // CJS one. Tests must load the same one, or its classes exist twice ("another realm").
          alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
        },
        test: {
          name: 'server',
          // `npm run screenshots` adds the README's screenshots (they rewrite docs/, so not in `npm test`).
          include: [
            'server/src/**/*.test.ts',
            'server/test/**/*.test.ts',
            'test/**/*.test.ts',
            ...(process.env.README_SCREENSHOTS ? ['test/**/*.shots.ts'] : []),
          ],
          globalSetup: ['server/test/global-setup.ts'],
          // TypeGraphQL reads decorator metadata as classes load: the polyfill must come before any
          // server module, whichever a test file happens to import first (entry points do the same).
          setupFiles: ['reflect-metadata'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      // The dashboard's component tests: jsdom, Testing Library, Apollo's MockedProvider.
      './client/vitest.config.ts',
    ],
  },
});
