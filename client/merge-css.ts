import type { Plugin, Rollup } from 'vite';

/**
 * The stylesheets of the signed-in dashboard's chunks (the shell's and every screen's, a kilobyte
 * or two each) as one file, `dashboard-[hash].css`, instead of one per chunk. A signed-in page
 * fetched three to six of them before it could render, each a request of its own on the browser's
 * six HTTP/1.1 connections: on a slow line they took every connection for a round trip while the
 * page's scripts waited for one (in Lighthouse's simulation the framework chunk started about
 * 0.3 s after the HTML had arrived, behind the stylesheets). All of them together are about
 * 6 KB compressed.
 *
 * What stays apart: the main entry's own stylesheet (the IDE is a build of its own), and what
 * only the chunks `alone` picks use: the sign-in page's (it would otherwise fetch the whole
 * dashboard's styles to show a form) and the employer console's (a trainer never downloads
 * employer screens, nor their styles). Every chunk's
 * list of stylesheets names the merged file instead of the ones it holds, so index.html's head
 * start (preload-shell.ts), the preloads of lazy screens and the manifest all name it; the merged
 * files leave the bundle. The order inside is the order a browser would load them in: a chunk's
 * static imports first, then its own, then what it loads lazily, the shell before the screens.
 */
export function mergeDashboardCss({
  entry,
  alone,
}: {
  /** The HTML entry whose lazy chunks are the dashboard (index.html), as a module id. */
  entry: string;
  /** Chunks whose stylesheets stay their own files when no other chunk lists them. */
  alone: (chunk: Rollup.OutputChunk) => boolean;
}): Plugin {
  return {
    name: 'workroom-merge-dashboard-css',
    apply: 'build',
    generateBundle: {
      // Before Vite's own generateBundle hooks read `importedCss` (preloads, index.html, manifest).
      order: 'pre',
      handler(_options, bundle) {
        const chunks = Object.values(bundle).filter((item): item is Rollup.OutputChunk => item.type === 'chunk');
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const main = chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId === entry);
        if (!main) throw new Error(`merge-dashboard-css: no entry chunk for ${entry}`);
        const cssOf = (chunk: Rollup.OutputChunk) => [...(chunk.viteMetadata?.importedCss ?? [])];

        // Stylesheets in load order from a chunk, statically only or through lazy imports too.
        const walk = (start: Rollup.OutputChunk, lazily: boolean) => {
          const seen = new Set<string>();
          const order: string[] = [];
          const visit = (chunk: Rollup.OutputChunk | undefined) => {
            if (!chunk || seen.has(chunk.fileName)) return;
            seen.add(chunk.fileName);
            chunk.imports.forEach((file) => visit(byFile.get(file)));
            for (const css of cssOf(chunk)) if (!order.includes(css)) order.push(css);
            if (lazily) chunk.dynamicImports.forEach((file) => visit(byFile.get(file)));
          };
          visit(start);
          return order;
        };
        const keep = new Set(walk(main, false));
        // A stylesheet that only such chunks list stays with them.
        for (const css of new Set(chunks.flatMap(cssOf))) {
          const users = chunks.filter((chunk) => cssOf(chunk).includes(css));
          if (users.length > 0 && users.every(alone)) keep.add(css);
        }
        const merged = walk(main, true).filter((css) => !keep.has(css) && bundle[css]?.type === 'asset');
        if (merged.length < 2) return;

        const source = merged.map((css) => String((bundle[css] as Rollup.OutputAsset).source)).join('\n');
        const fileName = this.getFileName(this.emitFile({ type: 'asset', name: 'dashboard.css', source }));
        const mergedSet = new Set(merged);
        for (const chunk of chunks) {
          const css = chunk.viteMetadata?.importedCss;
          if (!css || ![...css].some((name) => mergedSet.has(name))) continue;
          const renamed = [...css].map((name) => (mergedSet.has(name) ? fileName : name));
          css.clear();
          renamed.forEach((name) => css.add(name));
        }
        for (const css of merged) delete bundle[css];
      },
    },
  };
}

/**
 * The main entry's own stylesheet (app.css and the loading state's: about 2 KB compressed) inside
 * `index.html` as a `<style>`, instead of a `<link>` to a file of its own. Every page, the sign-in
 * page included, fetched it first thing, render-blocking, on one of the browser's six HTTP/1.1
 * connections beside the framework's chunk and the signed-in shell; in the HTML it arrives with
 * the document's first round trip (the document stays well under one initial congestion window,
 * about 14 KB). The file is still written (nothing else names it); `index.html` is served
 * `no-cache`, so a change to it is never stale.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: 'workroom-inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const { bundle } = context;
        if (!bundle || !context.filename.endsWith('index.html')) return html;
        return html.replace(/\s*<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/g, (link, fileName: string) => {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') return link;
          const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          // A stylesheet cannot close the element early unless it says `</style`; keep the link then.
          return /<\/style/i.test(css) ? link : `\n    <style>${css.trim()}</style>`;
        });
      },
    },
  };
}
