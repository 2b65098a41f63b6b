import { readFileSync } from 'node:fs';
import { print, type DocumentNode } from 'graphql';
import type { Plugin } from 'vite';

import { nodeKinds } from './src/app/generated-documents.ts';

/**
 * Each GraphQL document in the chunk of the screen that uses it (build only).
 *
 * The client preset's `graphql(…)` looks documents up at run time in one map keyed by their text
 * (`gql/gql.ts`), which imports every document (`gql/graphql.ts`): whichever screen calls it, the
 * bundle carries every operation's syntax tree plus its text again as a key. This plugin does at
 * build time what that lookup does at run time, as the preset's Babel/SWC plugins would: each
 * `graphql(\`…\`)` call and each `import { XDocument } from '…/gql/graphql'` becomes an import
 * of a module holding just that document, so the bundler puts it beside the screen that needs it.
 * The documents are the generated ones (same `__typename`s, same trusted-document hash in
 * `__meta__`), so nothing changes at run time; Apollo's cache still gets a syntax tree, which it
 * needs (a hash-only document would leave it nothing to read the cache with).
 *
 * Each document also carries its printed text (printed here, once) and the kinds of node in it,
 * for Apollo Client, whose `graphql` imports resolve to `src/app/apollo-graphql.ts`: see
 * `src/app/generated-documents.ts`.
 *
 * The dev server keeps the preset's map (`apply: 'build'`).
 */
export function splitDocuments(gqlDir: string, srcDir: string): Plugin[] {
  const prefix = 'virtual:workroom-document/';
  let byName = new Map<string, string>();
  let byText = new Map<string, string>();

  const load = () => {
    byName = new Map();
    byText = new Map();
    const generated = readFileSync(`${gqlDir}/graphql.ts`, 'utf8');
    for (const match of generated.matchAll(/^export const (\w+) = (\{.*\}) as unknown as DocumentNode</gm)) {
      byName.set(match[1]!, match[2]!);
    }
    const lookup = readFileSync(`${gqlDir}/gql.ts`, 'utf8');
    const map = lookup.slice(lookup.indexOf('const documents'));
    for (const match of map.matchAll(/^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm)) {
      byText.set(JSON.parse(match[1]!) as string, match[2]!);
    }
    if (byName.size === 0 || byText.size === 0) {
      throw new Error(`split-documents: no documents found in ${gqlDir} (run \`npm run codegen\`).`);
    }
  };

  const forApollo: Plugin = {
    // Before Vite's own resolver, which would answer `graphql` first.
    name: 'workroom-apollo-graphql',
    apply: 'build',
    enforce: 'pre',
    resolveId(id, importer) {
      return id === 'graphql' && importer?.includes('/node_modules/@apollo/client/') ? `${srcDir}/app/apollo-graphql.ts` : undefined;
    },
  };
  const split: Plugin = {
    name: 'workroom-split-documents',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      load();
    },
    resolveId(id) {
      return id.startsWith(prefix) ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(`\0${prefix}`)) return undefined;
      const json = byName.get(id.slice(prefix.length + 1));
      if (!json) throw new Error(`split-documents: unknown document ${id}`);
      const document = JSON.parse(json) as DocumentNode;
      // JSON.parse of a string is faster to start than the same object literal.
      return [
        `import { withBuildFacts } from ${JSON.stringify(`${srcDir}/app/generated-documents.ts`)};`,
        `export default /* @__PURE__ */ withBuildFacts(JSON.parse(${JSON.stringify(json)}), ${JSON.stringify(print(document))}, ${JSON.stringify(nodeKinds(document))});`,
      ].join('\n');
    },
    transform(code, id) {
      if (!/\/client\/src\//.test(id) || id.includes('/client/src/gql/') || id.includes('\0')) return undefined;
      if (!code.includes('graphql(') && !code.includes('gql/graphql')) return undefined;
      const imports = new Map<string, string>();
      const local = (name: string) => {
        const binding = `__document_${name}`;
        imports.set(binding, name);
        return binding;
      };
      let out = code.replace(/\bgraphql\(\s*`((?:[^`\\$]|\$(?!\{))*)`\s*\)/g, (call, text: string) => {
        const name = byText.get(text);
        if (!name) {
          this.warn(`a graphql() document not generated (run \`npm run codegen\`): ${text.trim().split('\n')[0]}`);
          return call;
        }
        return local(name);
      });
      out = out.replace(/import\s*\{([^}]*)\}\s*from\s*(["'])([^"']*\/gql\/graphql(?:\.ts)?)\2;?/g, (statement, names: string, quote: string, from: string) => {
        const kept: string[] = [];
        const lines: string[] = [];
        for (const specifier of names
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)) {
          const [imported, alias] = specifier.split(/\s+as\s+/) as [string, string | undefined];
          if (byName.has(imported)) lines.push(`import ${alias ?? imported} from ${quote}${prefix}${imported}${quote};`);
          else kept.push(specifier);
        }
        if (lines.length === 0) return statement;
        if (kept.length > 0) lines.push(`import { ${kept.join(', ')} } from ${quote}${from}${quote};`);
        return lines.join('\n');
      });
      if (out === code) return undefined;
      const header = [...imports].map(([binding, name]) => `import ${binding} from "${prefix}${name}";`).join('\n');
      return { code: `${header}\n${out}`, map: null };
    },
  };
  return [forApollo, split];
}
