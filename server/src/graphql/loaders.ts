import DataLoader from 'dataloader';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { rowsById } from '../db/rows-by-id.js';
import { emptyPage, fetchPages, pageWindow, toConnection, type Connection, type ConnectionArgs, type PageQuery } from './pagination.js';

export type EntityClass<T> = abstract new (...args: never[]) => T;

/** Whether the viewer may read a row: the policy's read rule, which callers pass in (see api/visible.ts). */
export type ReadCheck<T> = (row: T) => boolean | Promise<boolean>;

/**
 * Every DataLoader of one request, created on first use and dropped with the request, so a
 * batch never mixes viewers and a cache never outlives the request. Modules describe their
 * loaders as functions over this registry (`milestones.loaders.ts` and so on).
 */
export class Loaders {
  private readonly namedLoaders = new Map<string, DataLoader<unknown, unknown>>();
  /** The viewer's answers per row: a Loaders belongs to one viewer (live delivery shares only `byIdLoaders`). */
  private readonly visibleRows = new Map<EntityClass<unknown>, Map<string, Promise<unknown>>>();

  /**
   * @param byIdLoaders rows by id, which are the same for every viewer: live delivery passes one
   * map per event so that all of an instance's subscribers share a single load of each row.
   * Named loaders may depend on the viewer and are never shared.
   */
  constructor(
    readonly manager: EntityManager,
    private byIdLoaders = new Map<EntityClass<unknown>, DataLoader<string, unknown>>(),
  ) {}

  /** Forgets everything loaded so far: after a write, reads must see the new state. */
  clearAll(): void {
    // A new map rather than clear(): a shared one belongs to others too.
    this.byIdLoaders = new Map();
    this.namedLoaders.clear();
    this.visibleRows.clear();
  }

  /** Rows by primary key; null for ids that do not exist. */
  byId<T extends ObjectLiteral & { id: string }>(entity: EntityClass<T>): DataLoader<string, T | null> {
    let loader = this.byIdLoaders.get(entity) as DataLoader<string, T | null> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T | null>(async (ids) => {
        const rows = await rowsById(this.manager, entity, ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      this.byIdLoaders.set(entity, loader);
    }
    return loader;
  }

  /**
   * A row by primary key if `mayRead` lets the viewer read it; null for a hidden row exactly as
   * for a missing one. The row comes from {@link byId}, in the same batch as before (this is not
   * a DataLoader of its own, whose extra tick would split byId's batches), and each row is
   * checked once per request. Resolvers call it through `loadVisible` (api/visible.ts),
   * which passes the policy's rule.
   */
  visible<T extends ObjectLiteral & { id: string }>(entity: EntityClass<T>, id: string, mayRead: ReadCheck<T>): Promise<T | null> {
    let answers = this.visibleRows.get(entity);
    if (!answers) {
      answers = new Map();
      this.visibleRows.set(entity, answers);
    }
    let answer = answers.get(id) as Promise<T | null> | undefined;
    if (!answer) {
      answer = this.byId(entity)
        .load(id)
        .then((row) => {
          if (row === null) return null;
          const allowed = mayRead(row);
          return typeof allowed === 'boolean' ? (allowed ? row : null) : allowed.then((yes) => (yes ? row : null));
        });
      answers.set(id, answer);
    }
    return answer;
  }

  /** A loader identified by `name`, batching with `batch`, which answers in the order of the keys. */
  named<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>): DataLoader<K, V> {
    let loader = this.namedLoaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      this.namedLoaders.set(name, loader);
    }
    return loader;
  }

  /**
   * One page of a connection per parent, for all parents of the request in one statement (the
   * page query brings the rows), whatever their number. Parents asking with different arguments
   * get different loaders.
   */
  connection<T extends ObjectLiteral & { id: string }>(
    entity: EntityClass<T>,
    name: string,
    args: ConnectionArgs,
    build: (parentIds: string[]) => PageQuery,
  ): DataLoader<string, Connection<T>> {
    const key = `${name}(${JSON.stringify([args.first, args.after, args.last, args.before])})`;
    return this.named<string, Connection<T>>(key, async (parentIds) => {
      const query = build([...parentIds]);
      const pages = await fetchPages(this.manager, query, pageWindow(args, query.sort.length), entity);
      for (const page of pages.values()) this.remember(entity, page.nodes);
      return parentIds.map((parentId) => {
        const page = pages.get(parentId);
        return page ? toConnection(page, page.nodes) : toConnection<T>(emptyPage, []);
      });
    });
  }

  /** A connection with a single parent (root lists such as `viewer.activeContracts`). */
  async page<T extends ObjectLiteral & { id: string }>(entity: EntityClass<T>, args: ConnectionArgs, query: PageQuery): Promise<Connection<T>> {
    const pages = await fetchPages(this.manager, query, pageWindow(args, query.sort.length), entity);
    const page = pages.get('');
    if (!page) return toConnection<T>(emptyPage, []);
    this.remember(entity, page.nodes);
    return toConnection(page, page.nodes);
  }

  /** Rows read along with a page answer later reads by id without another statement. */
  private remember<T extends ObjectLiteral & { id: string }>(entity: EntityClass<T>, nodes: Array<T | null>): void {
    const loader = this.byId(entity);
    for (const node of nodes) if (node) loader.prime(node.id, node);
  }
}
