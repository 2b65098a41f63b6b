import { readFileSync } from 'node:fs';
import type { Plugin, Rollup } from 'vite';

import { loadTimeValuesSource, type FirstPage, type FirstQuery } from './src/app/first-page.ts';

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
 * The same script sends the shell's and the page's first queries (`shellQueries` and the page's
 * `queries`), by trusted-document hash over GET, as Apollo Client's persisted-query link would,
 * so they travel beside the scripts instead of after them; src/app/first-answers.ts hands their
 * answers to Apollo Client, so each is still one request. A page's queries are sent only without
 * a query string (filters change their variables). It then makes one date formatter, which loads
 * the browser's locale data: tens of milliseconds of main thread on a phone that the page's first
 * dates need anyway, spent while the scripts download instead of between data and render. That is
 * a task of its own (a timer): inside this script it held up the parsing of the page, and with it
 * everything that follows (in Lighthouse's simulation, the requests this script starts too).
 *
 * `tokenKey` and `viewerKey` are the localStorage keys features/auth/token-storage.ts writes;
 * `documents` is codegen's trusted-documents manifest (hash → text).
 */
export function preloadShell({
  shell,
  pages,
  shellQueries,
  documents,
  tokenKey,
  viewerKey,
}: {
  shell: string;
  pages: readonly FirstPage[];
  shellQueries: readonly FirstQuery[];
  documents: string;
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
        const hashes = new Map<string, string>();
        for (const [hash, text] of Object.entries(JSON.parse(readFileSync(documents, 'utf8')) as Record<string, string>)) {
          const name = /(?:^|\s)query\s+(\w+)/.exec(text)?.[1];
          if (name) hashes.set(name, hash.replace(/^sha256:/, ''));
        }
        // [name, hash, variables]; a path parameter or a load-time value is "\0name", filled in
        // from the path's groups or from `loadTimeValuesSource`.
        const queries = (list: readonly FirstQuery[] | undefined): Array<[string, string, Record<string, unknown>]> =>
          (list ?? []).map(({ operation, variables = {} }) => {
            const hash = hashes.get(operation);
            if (!hash) throw new Error(`preload-shell: no trusted document for query ${operation}`);
            const values = Object.entries(variables).map(([name, value]): [string, unknown] => [
              name,
              value !== null && typeof value === 'object' ? `\0${'param' in value ? value.param : value.loadTime}` : value,
            ]);
            return [operation, hash, Object.fromEntries(values)];
          });
        const table = pages.map((page) => [
          page.path.source,
          pageFiles(page.trainer),
          pageFiles(page.employer ?? page.trainer),
          queries(page.queries?.trainer),
          queries(page.queries?.employer ?? page.queries?.trainer),
        ]);
        // One insertAdjacentHTML for every link: cheaper on a slow phone than a node per file.
        const script =
          `<script>try{const t=localStorage.getItem(${JSON.stringify(tokenKey)});if(t){` +
          `let r;try{r=JSON.parse(localStorage.getItem(${JSON.stringify(viewerKey)})).role}catch{}` +
          `let f=${JSON.stringify(shellFiles)},q=${JSON.stringify(queries(shellQueries))},g={};` +
          `if(r)for(const p of ${JSON.stringify(table)}){const m=new RegExp(p[0]).exec(location.pathname);` +
          `if(m){const e=r==='EMPLOYER';f=f.concat(p[e?2:1]);if(!location.search)q=q.concat(p[e?4:3]);g=Object.assign((${loadTimeValuesSource})(),m.groups);break}}` +
          // The queries leave before the files are asked for: with the six connections of HTTP/1.1
          // busy with files, they would wait behind them. Every query's variables first: a path
          // that does not decode sends none of them (its own try: the files are still fetched).
          `try{q=q.map(([n,s,v])=>[n,s,JSON.parse(JSON.stringify(v),(k,x)=>typeof x==='string'&&x[0]==='\\0'?decodeURIComponent(g[x.slice(1)]):x)]);` +
          `const h={authorization:'Bearer '+t,'content-type':'application/json',accept:'application/graphql-response+json,application/json;q=0.9'};` +
          `window.__workroomFirstAnswers={token:t,answers:q.map(([n,s,v])=>({operationName:n,variables:v,` +
          `answer:fetch('/graphql?'+new URLSearchParams({operationName:n,variables:JSON.stringify(v),extensions:JSON.stringify({persistedQuery:{version:1,sha256Hash:s}})}),{headers:h})` +
          `.then(a=>a.ok?a.json():null).catch(()=>null)}))}}catch{}` +
          `document.head.insertAdjacentHTML('beforeend',f.map(h=>'<link rel="'+(h.endsWith('.css')?'stylesheet':'modulepreload')+'" crossorigin href="'+h+'">').join(''));` +
          `setTimeout(()=>new Intl.DateTimeFormat(void 0,{month:'short',day:'numeric',hour:'numeric',minute:'2-digit'}).format(0))` +
          `}}catch{}</script>`;
        return html.replace('</head>', `    ${script}\n  </head>`);
      },
    },
  };
}
