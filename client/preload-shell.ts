import type { Plugin } from 'vite';

/**
 * A returning visit (a token in localStorage) fetches the signed-in shell's chunks with the main
 * script instead of after it: `index.html` gets a few bytes of inline script that adds
 * `<link rel="modulepreload">` for them when a token is stored. Without it the shell (Apollo
 * Client, the socket) is discovered only once the main chunk has downloaded and run, one more
 * round trip before the page's query can leave. The sign-in page, with no token, fetches none of
 * it (its budget in test/web-performance.browser.test.ts).
 *
 * `tokenKey` is the localStorage key features/auth/token-storage.ts writes.
 */
export function preloadShell({ shell, tokenKey }: { shell: string; tokenKey: string }): Plugin {
  return {
    name: 'workroom-preload-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const { bundle, chunk: entry } = context;
        if (!bundle || !entry || !context.filename.endsWith('index.html')) return html;
        const start = Object.values(bundle).find((item) => item.type === 'chunk' && item.facadeModuleId?.endsWith(shell) === true);
        if (!start) throw new Error(`preload-shell: no chunk for ${shell}`);
        // The shell's chunk and what it imports statically, less what index.html already loads.
        const loaded = new Set([entry.fileName, ...entry.imports]);
        const wanted: string[] = [];
        const visit = (fileName: string) => {
          if (loaded.has(fileName)) return;
          loaded.add(fileName);
          wanted.push(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
        };
        visit(start.fileName);
        const files = JSON.stringify(wanted.map((fileName) => `/${fileName}`));
        const script =
          `<script>try{if(localStorage.getItem(${JSON.stringify(tokenKey)}))for(const f of ${files}){` +
          `const l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=f;document.head.appendChild(l)}}catch{}</script>`;
        return html.replace('</head>', `    ${script}\n  </head>`);
      },
    },
  };
}
