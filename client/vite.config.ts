import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';

import { mergeDashboardCss } from './merge-css.ts';
import { preloadShell } from './preload-shell.ts';
import { shellChunk, vendorChunk } from './shell-chunk.ts';
import { firstPages, shellQueries } from './src/app/first-page.ts';
import { splitDocuments } from './split-documents.ts';

// The API the dev server proxies to (`npm run dev` starts it on :4000); override to point elsewhere.
const API_ORIGIN = process.env.WORKROOM_API_ORIGIN ?? 'http://127.0.0.1:4000';

const clientRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

// Mirrors the server's routing in dev: a browser visiting /graphql or /explorer gets the IDE page.
const ideRoutes = (): Plugin => ({
  name: 'workroom-ide-routes',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const path = req.url?.split('?')[0];
      const wantsHtml = req.headers.accept?.includes('text/html') === true;
      const isUpgrade = req.headers.upgrade !== undefined;
      if (req.method === 'GET' && !isUpgrade && (path === '/explorer' || (path === '/graphql' && wantsHtml))) {
        req.url = '/ide.html';
      }
      next();
    });
  },
});

export default defineConfig({
  root: clientRoot,
  plugins: [
    react(),
    ideRoutes(),
    splitDocuments(`${clientRoot}src/gql`, `${clientRoot}src`),
    mergeDashboardCss({
      entry: `${clientRoot}index.html`,
      apart: [`${clientRoot}ide.html`],
      alone: (chunk) =>
        chunk.moduleIds.length > 0 &&
        chunk.moduleIds.every((id) => id.includes('/client/src/features/employer/') || id.includes('/client/src/features/auth/SignInPage')),
    }),
    preloadShell({
      shell: '/src/app/SignedInShell.tsx',
      pages: firstPages,
      shellQueries,
      documents: `${clientRoot}src/gql/persisted-documents.json`,
      tokenKey: 'workroom.token',
      viewerKey: 'workroom.viewer',
    }),
    // Brotli and gzip copies of every text asset at build time (`x.js.br`, `x.js.gz` beside
    // `x.js`), at the best ratio, so the server sends them as they are: no CPU per request.
    // Files under 1 KiB gain nothing worth a second round of headers.
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(html|js|mjs|css|json|svg|txt|map)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
    }),
  ],
  build: {
    outDir: 'dist',
    // dist/.vite/manifest.json: which chunk each screen is in (test/bundle-budget.browser.test.ts).
    manifest: true,
    // Monaco alone is ~2.8 MB minified; the IDE is a developer tool, so one big lazy chunk is fine.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      input: {
        index: `${clientRoot}index.html`,
        ide: `${clientRoot}ide.html`,
      },
      output: {
        codeSplitting: {
          groups: [
            vendorChunk({ entry: `${clientRoot}src/main.tsx`, apart: [`${clientRoot}src/ide/main.tsx`] }),
            shellChunk({
              shell: `${clientRoot}src/app/SignedInShell.tsx`,
              entries: [`${clientRoot}src/main.tsx`],
              apart: [`${clientRoot}src/ide/main.tsx`],
              router: `${clientRoot}src/app/routes.tsx`,
              firstScreens: [...new Set(firstPages.flatMap((page) => page.trainer))].map((module) => `${clientRoot}src/${module}`),
            }),
          ],
        },
      },
      onwarn(warning, defaultHandler) {
        // graphiql ships React Compiler output; its "use no memo" directives are moot once bundled.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('/node_modules/')) return;
        defaultHandler(warning);
      },
    },
  },
  optimizeDeps: {
    // Dev only: the pre-bundle scan does not see into the GraphQL worker. Its CommonJS dependencies
    // (picomatch-browser, nullthrows via graphql-language-service) fail to load as raw ESM, and
    // `graphql` must be pre-bundled too or the worker ends up with two copies of it.
    include: ['graphql', 'monaco-graphql > graphql-language-service', 'monaco-graphql > picomatch-browser'],
  },
  server: {
    proxy: {
      '/graphql': { target: API_ORIGIN, ws: true },
      // Served by the API, linked from the dashboard: the private ICS feed and invoice downloads.
      '^/calendar/[^/]+\\.ics$': { target: API_ORIGIN },
      '^/invoices/': { target: API_ORIGIN },
    },
  },
});
