import type { Rolldown } from 'vite';

type ChunkingContext = Parameters<Extract<NonNullable<Rolldown.CodeSplittingGroup['name']>, (...args: never[]) => unknown>>[1];

/**
 * The signed-in shell (Apollo Client, graphql-ws, the live feed, the toasts) in one chunk.
 * Left to itself the bundler cuts what the shell shares with the screens into a dozen chunks of
 * a few hundred bytes each, and on a phone every one of them is a request of its own, a round
 * trip each over the browser's six connections, before the page can render. Every screen needs
 * the shell anyway (it is loaded first), so nothing is fetched twice. Modules that the main
 * entry (or the IDE) loads statically stay where they are: the sign-in page must not pull the
 * shell in. Nor does anything another page loads, lazily or not (`apart`: the IDE imports
 * graphql-ws on demand, and must not get it from a chunk that imports the dashboard's entry).
 */
export function shellChunk({ shell, entries, apart }: { shell: string; entries: string[]; apart: string[] }): Rolldown.CodeSplittingGroup {
  const reachable = (ctx: ChunkingContext, from: string, lazily = false) => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const info = ctx.getModuleInfo(id);
      stack.push(...(info?.importedIds ?? []), ...(lazily ? (info?.dynamicallyImportedIds ?? []) : []));
    }
    return seen;
  };
  // Computed once per chunking pass (the context is the same object for every module of a pass).
  const cache = new WeakMap<ChunkingContext, { initial: Set<string>; shell: Set<string> }>();
  return {
    name: (id, ctx) => {
      let graphs = cache.get(ctx);
      if (!graphs) {
        const initial = new Set([...entries.flatMap((entry) => [...reachable(ctx, entry)]), ...apart.flatMap((entry) => [...reachable(ctx, entry, true)])]);
        graphs = { initial, shell: reachable(ctx, shell) };
        cache.set(ctx, graphs);
      }
      return graphs.shell.has(id) && !graphs.initial.has(id) ? 'SignedInShell' : null;
    },
    includeDependenciesRecursively: false,
  };
}
