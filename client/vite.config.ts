import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

import { inlineEntryCss, mergeDashboardCss } from './merge-css.ts';
import { preloadShell } from './preload-shell.ts';
import { shellChunk, vendorChunk } from './shell-chunk.ts';
import { firstPages, shellQueries } from './src/app/first-page.ts';
import { splitDocuments } from './split-documents.ts';

// The API the dev server proxies to (`npm run dev` starts it on :4000); override to point elsewhere.
const API_ORIGIN = process.env.WORKROOM_API_ORIGIN ?? 'http://127.0.0.1:4000';

const clientRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

// Brotli and gzip copies of every text asset at build time (`x.js.br`, `x.js.gz` beside `x.js`), at
// the best ratio, so the server sends them as they are: no CPU per request. Files under 1 KiB gain
// nothing worth a second round of headers.
const compressedCopies = () =>
  compression({
    algorithms: ['brotliCompress', 'gzip'],
    include: /\.(html|js|mjs|css|json|svg|txt|map)$/,
    threshold: 1024,
    skipIfLargerOrEqual: true,
  });

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

const dashboard: UserConfig = {
  root: clientRoot,
  plugins: [
    react(),
    ideRoutes(),
    splitDocuments(`${clientRoot}src/gql`, `${clientRoot}src`),
    mergeDashboardCss({
      entry: `${clientRoot}index.html`,
      alone: (chunk) =>
        chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => id.includes('/client/src/features/employer/') || id.includes('/client/src/features/auth/')),
    }),
    preloadShell({
      shell: '/src/app/SignedInShell.tsx',
      pages: firstPages,
      shellQueries,
      documents: `${clientRoot}src/gql/persisted-documents.json`,
      tokenKey: 'workroom.token',
      viewerKey: 'workroom.viewer',
    }),
    inlineEntryCss(),
    compressedCopies(),
  ],
  build: {
    outDir: 'dist',
    // dist/.vite/manifest.json: which chunk each screen is in (test/web-performance.browser.test.ts);
    // the IDE's build adds its entries to it.
    manifest: true,
    rolldownOptions: {
      // The IDE (ide.html) is built after this (`vite build --mode ide`, below), into the same
      // dist: built together, the modules it shares with the dashboard (graphql-js's visitor, graphql-ws,
      // tslib) were chunks of their own that every signed-in page fetched beside the shell.
      input: {
        index: `${clientRoot}index.html`,
      },
      output: {
        codeSplitting: {
          groups: [
            vendorChunk({ entry: `${clientRoot}src/main.tsx` }),
            shellChunk({
              shell: `${clientRoot}src/app/SignedInShell.tsx`,
              entries: [`${clientRoot}src/main.tsx`],
              router: `${clientRoot}src/app/routes.tsx`,
              firstScreens: [...new Set(firstPages.flatMap((page) => page.trainer))].map((module) => `${clientRoot}src/${module}`),
              withShell: [`${clientRoot}src/features/manage-job/ManageJobLayout.tsx`],
            }),
          ],
        },
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
};

/** Where each build writes its manifest, relative to `dist`. */
const DASHBOARD_MANIFEST = '.vite/manifest.json';
const IDE_MANIFEST = '.vite/ide-manifest.json';

/**
 * The IDE's entries join the dashboard's manifest (which the dashboard's build, run first, wrote):
 * one file still says where every page's chunks are (test/web-performance.browser.test.ts looks the
 * IDE up there). A key both builds use (a shared module's chunk) keeps the dashboard's file.
 */
const joinManifests = (): Plugin => {
  let outDir = `${clientRoot}dist`;
  return {
    name: 'workroom-join-manifests',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      const path = (file: string) => resolve(clientRoot, outDir, file);
      const read = (file: string) => JSON.parse(readFileSync(path(file), 'utf8')) as Record<string, unknown>;
      writeFileSync(path(DASHBOARD_MANIFEST), `${JSON.stringify({ ...read(IDE_MANIFEST), ...read(DASHBOARD_MANIFEST) }, null, 2)}\n`);
      // The compression plugin's copies of both are out of date now (nothing serves them anyway).
      for (const file of [IDE_MANIFEST, `${IDE_MANIFEST}.br`, `${IDE_MANIFEST}.gz`, `${DASHBOARD_MANIFEST}.br`, `${DASHBOARD_MANIFEST}.gz`]) {
        rmSync(path(file), { force: true });
      }
    },
  };
};

/**
 * The GraphQL IDE (`ide.html`, served on /graphql and /explorer), built on its own after the
 * dashboard into the same `dist` (`npm run build` runs `vite build && vite build --mode ide`).
 * Built together, the modules the two share (graphql-js's visitor, graphql-ws, tslib) were chunks
 * of their own, so every signed-in dashboard page fetched three small files beside its shell;
 * now each build has its own copies (the IDE is a developer tool: what it carries twice is a few
 * kilobytes beside its 1 MB editor). The dev server (`npm run dev`, the dashboard's config)
 * serves both pages.
 */
const ide: UserConfig = {
  root: clientRoot,
  plugins: [react(), splitDocuments(`${clientRoot}src/gql`, `${clientRoot}src`), compressedCopies(), joinManifests()],
  build: {
    outDir: 'dist',
    // After the dashboard's build, whose files stay.
    emptyOutDir: false,
    manifest: IDE_MANIFEST,
    // Monaco alone is ~2.8 MB minified; the IDE is a developer tool, so one big lazy chunk is fine.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      input: { ide: `${clientRoot}ide.html` },
      onwarn(warning, defaultHandler) {
        // graphiql ships React Compiler output; its "use no memo" directives are moot once bundled.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('/node_modules/')) return;
        defaultHandler(warning);
      },
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'ide' ? ide : dashboard));
