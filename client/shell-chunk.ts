import type { Rolldown } from 'vite';

type ChunkingContext = Parameters<Extract<NonNullable<Rolldown.CodeSplittingGroup['name']>, (...args: never[]) => unknown>>[1];

/** The modules `from` imports statically, directly or not. */
function reachable(ctx: ChunkingContext, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const info = ctx.getModuleInfo(id);
    stack.push(...(info?.importedIds ?? []));
  }
  return seen;
}

/**
 * The signed-in shell (Apollo Client, graphql-ws, the live feed, the toasts) in one chunk.
 * Left to itself the bundler cuts what the shell shares with the screens into a dozen chunks of
 * a few hundred bytes each, and on a phone every one of them is a request of its own, a round
 * trip each over the browser's six connections, before the page can render. Every screen needs
 * the shell anyway (it is loaded first), so nothing is fetched twice. Modules that the main
 * entry loads statically stay where they are: the sign-in page must not pull the shell in. (The
 * IDE, which shares graphql-js's visitor, graphql-ws and tslib with the shell, is a build of its
 * own, so those travel in the shell instead of three chunks of their own.)
 *
 * The parts that three or more of the trainer's first screens (`firstScreens`, first-page.ts)
 * import (a status badge, a conversation row, "Load more") join the shell too: each was a chunk
 * and a stylesheet of its own, a few hundred bytes each, and a first page waited for them on the
 * six connections, where the shell's download hardly grows. Only the dashboard's own modules and
 * their documents join, and only when everything they import statically is in the main chunk,
 * the shell, or joins too: a screen's heavy dependencies (Markdown) stay behind their screens.
 * The employer console's modules never join (a trainer never downloads them).
 */
/** How many first screens share a part before it rides with the shell (two took a thread to every page). */
const SHARED_BY = 3;
/**
 * `withShell`: a screen that rides with the shell, as the job layout does (`ManageJobLayout`, 2 KB
 * compressed: a job's header and tabs, drawn around every tab of a job, the trainer's and the
 * employer's). Apart it was one more request on each job page's critical path beside the shell,
 * the tab's chunk and its conversation parts; in the shell it costs every page about 1 KB.
 *
 * A small part (at most this many characters of code: a confirmation button, a skill list, the
 * calendar's date helpers) rides with the shell when two first screens share it. Apart it was a
 * chunk of a few hundred bytes, one more request on a first page's critical path (in Lighthouse's
 * simulation each request holds one of the six connections for a round trip and takes its share
 * of the line while the framework's chunk, the last to arrive, waits); in the shell it costs
 * every page a few hundred bytes.
 */
const SMALL_SHARED_BY = 2;
const SMALL_PART_CHARS = 3_200;

export function shellChunk({
  shell,
  entries,
  router,
  firstScreens,
  withShell = [],
}: {
  shell: string;
  entries: string[];
  /** The module whose dynamic imports are the screens (routes.tsx). */
  router: string;
  /** The trainer's first screens (client/src/first-page.ts), as module ids. */
  firstScreens: string[];
  /** Screens that ride with the shell, with their own parts (the job layout), as module ids. */
  withShell?: string[];
}): Rolldown.CodeSplittingGroup {
  const dashboardModule = (id: string) =>
    (id.includes('/client/src/') && !id.includes('/node_modules/') && !id.includes('/client/src/features/employer/')) ||
    id.startsWith('\0virtual:workroom-document/');
  const sharedParts = (ctx: ChunkingContext, initial: Set<string>, shell: Set<string>) => {
    const screens = new Set(ctx.getModuleInfo(router)?.dynamicallyImportedIds ?? []);
    // What a first screen imports itself, up to the next screen (whose own chunk has its parts).
    const parts = (screen: string) => {
      const seen = new Set<string>();
      const stack = [...(ctx.getModuleInfo(screen)?.importedIds ?? [])];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (seen.has(id) || screens.has(id) || initial.has(id) || shell.has(id)) continue;
        seen.add(id);
        stack.push(...(ctx.getModuleInfo(id)?.importedIds ?? []));
      }
      return seen;
    };
    const users = new Map<string, number>();
    for (const screen of firstScreens) for (const id of parts(screen)) users.set(id, (users.get(id) ?? 0) + 1);
    const shared = (id: string, count: number) =>
      count >= SHARED_BY || (count >= SMALL_SHARED_BY && (ctx.getModuleInfo(id)?.code?.length ?? Infinity) <= SMALL_PART_CHARS);
    const joining = new Set([...users].filter(([id, count]) => shared(id, count) && dashboardModule(id)).map(([id]) => id));
    for (const screen of withShell) for (const id of [screen, ...parts(screen)]) if (dashboardModule(id)) joining.add(id);
    // Until nothing leaves: a module whose static imports are not all loaded with the shell stays out.
    for (let changed = true; changed;) {
      changed = false;
      for (const id of joining) {
        const imports = ctx.getModuleInfo(id)?.importedIds ?? [];
        if (imports.every((imported) => initial.has(imported) || shell.has(imported) || joining.has(imported))) continue;
        joining.delete(id);
        changed = true;
      }
    }
    return joining;
  };
  // Computed once per chunking pass (the context is the same object for every module of a pass).
  const cache = new WeakMap<ChunkingContext, { initial: Set<string>; shell: Set<string> }>();
  return {
    name: (id, ctx) => {
      let graphs = cache.get(ctx);
      if (!graphs) {
        const initial = new Set(entries.flatMap((entry) => [...reachable(ctx, entry)]));
        const inShell = new Set([...reachable(ctx, shell)].filter((module) => !initial.has(module)));
        graphs = { initial, shell: new Set([...inShell, ...sharedParts(ctx, initial, inShell)]) };
        cache.set(ctx, graphs);
      }
      return graphs.shell.has(id) ? 'SignedInShell' : null;
    },
    includeDependenciesRecursively: false,
  };
}

/**
 * What every page runs first (React, React DOM, the router and the rest of `node_modules` the
 * main entry loads statically) in one chunk. Left to itself the bundler
 * cut it by who else imports each part: React DOM with the IDE's share, the router's hooks and
 * its components each in a chunk of their own, so every page, the sign-in page included, fetched
 * four files before it could run (five with the runtime), on a phone's six HTTP/1.1 connections
 * beside the page's own. (The IDE is a build of its own now.) Statically imported by `entry`
 * only: nothing a screen loads lazily joins, and neither does the entry module itself, nor any
 * stylesheet.
 */
export function vendorChunk({ entry }: { entry: string }): Rolldown.CodeSplittingGroup {
  const cache = new WeakMap<ChunkingContext, Set<string>>();
  return {
    name: (id, ctx) => {
      let vendor = cache.get(ctx);
      if (!vendor) {
        vendor = new Set([...reachable(ctx, entry)].filter((module) => module !== entry && !module.endsWith('.css') && module.includes('/node_modules/')));
        cache.set(ctx, vendor);
      }
      // Vite's module-preload polyfill, which index.html's entry imports before `entry`.
      return vendor.has(id) || id.includes('modulepreload-polyfill') ? 'vendor' : null;
    },
    // Before the shell's group, which leaves the entry's modules alone anyway.
    priority: 1,
  };
}
