import type { Plugin, Rollup } from 'vite';

import type { FirstPage } from './src/app/first-page.ts';

/**
 * A returning visit (a token in localStorage) fetches the signed-in shell's chunks, and those of
 * the page being opened, with the main script instead of after it: `index.html` gets a few bytes
 * of inline script that adds `<link rel="modulepreload">` for them (and their stylesheets) when a
 * token is stored. Without it the shell (Apollo Client, the socket) is discovered only once the
 * main chunk has downloaded and run, and the page's screen once the shell has rendered: two more
 * round trips before the page's query can leave. The page comes from `firstPages`
 * (src/app/first-page.ts) by path and the remembered viewer's role. The sign-in page, with no
 * token, fetches none of it (its budget in test/web-performance.browser.test.ts).
 *
 * `tokenKey` and `viewerKey` are the localStorage keys features/auth/token-storage.ts writes.
 */
export function preloadShell({
  shell,
  pages,
  tokenKey,
  viewerKey,
}: {
  shell: string;
  pages: readonly FirstPage[];
  tokenKey: string;
  viewerKey: string;
}): Plugin {
  return {
    name: 'workroom-preload-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const { bundle, chunk: entry } = context;
        if (!bundle || !entry || !context.filename.endsWith('index.html')) return html;
        const chunks = Object.values(bundle).filter((item): item is Rollup.OutputChunk => item.type === 'chunk');
        const chunkOf = (module: string) => {
          // A screen that other chunks also import statically may share a chunk it does not front.
          const found =
            chunks.find((item) => item.facadeModuleId?.endsWith(module) === true) ?? chunks.find((item) => item.moduleIds.some((id) => id.endsWith(module)));
          if (!found) throw new Error(`preload-shell: no chunk for ${module}`);
          return found;
        };
        // A chunk, what it imports statically and their stylesheets, less what `loaded` holds
        // (index.html's own scripts and styles, and for a page the shell's).
        const filesFor = (start: Rollup.OutputChunk, loaded: Set<string>) => {
          const wanted: string[] = [];
          const visit = (fileName: string) => {
            if (loaded.has(fileName)) return;
            loaded.add(fileName);
            const chunk = bundle[fileName];
            if (chunk?.type !== 'chunk') return;
            wanted.push(fileName);
            for (const css of chunk.viteMetadata?.importedCss ?? []) {
              if (!loaded.has(css)) wanted.push(css);
              loaded.add(css);
            }
            chunk.imports.forEach(visit);
          };
          visit(start.fileName);
          return wanted.map((fileName) => `/${fileName}`);
        };
        const initial = new Set([entry.fileName, ...entry.imports, ...(entry.viteMetadata?.importedCss ?? [])]);
        const shellFiles = filesFor(chunkOf(shell), initial);
        const afterShell = () => new Set([...initial, ...shellFiles.map((file) => file.slice(1))]);
        const pageFiles = (modules: readonly string[]) => {
          const loaded = afterShell();
          return modules.flatMap((module) => filesFor(chunkOf(`/src/${module}`), loaded));
        };
        const table = pages.map((page) => [page.path.source, pageFiles(page.trainer), pageFiles(page.employer ?? page.trainer)]);
        // One insertAdjacentHTML for every link: cheaper on a slow phone than a node per file.
        const script =
          `<script>try{if(localStorage.getItem(${JSON.stringify(tokenKey)})){` +
          `let r;try{r=JSON.parse(localStorage.getItem(${JSON.stringify(viewerKey)})).role}catch{}` +
          `let f=${JSON.stringify(shellFiles)};` +
          `if(r)for(const p of ${JSON.stringify(table)})if(new RegExp(p[0]).test(location.pathname)){f=f.concat(p[r==='EMPLOYER'?2:1]);break}` +
          `document.head.insertAdjacentHTML('beforeend',f.map(h=>'<link rel="'+(h.endsWith('.css')?'stylesheet':'modulepreload')+'" crossorigin href="'+h+'">').join(''))` +
          `}}catch{}</script>`;
        return html.replace('</head>', `    ${script}\n  </head>`);
      },
    },
  };
}
