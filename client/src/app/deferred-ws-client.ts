import type { Client, ClientOptions, Event, EventListener, FormattedExecutionResult, Sink, SubscribePayload } from 'graphql-ws';

/** How long after the session starts graphql-ws loads if nothing has subscribed by then. */
const LATEST_MS = 500;

/**
 * A graphql-ws client whose code is fetched once the page is drawn: graphql-ws is a few kilobytes
 * that the first render does not need, and on a phone every kilobyte that arrives before the
 * page's content is drawn delays it (Lighthouse's simulated slow 4G counts every byte requested
 * before the largest paint). It loads once the first subscription's page has been painted (the
 * live feed subscribes as the shell and the page are first committed), or half a second after the
 * session starts if nothing has subscribed by then; `createClient` then runs with the same
 * options, so the socket still connects on its own (`lazy: false`) and reconnects as before.
 *
 * Listeners and subscriptions made before it has loaded are attached when it does; an
 * unsubscribe before that cancels them. Disposing before it has loaded means it never loads.
 */
export const createDeferredClient = (
  options: ClientOptions,
  load: () => Promise<{ createClient: (options: ClientOptions) => Client }> = () => import('./graphql-ws-client'),
): Client => {
  let client: Client | undefined;
  let loading: Promise<Client | undefined> | undefined;
  let disposed = false;
  const start = (): Promise<Client | undefined> =>
    (loading ??= load().then(({ createClient }) => {
      if (disposed) return undefined;
      client = createClient(options);
      return client;
    }));
  let begin: () => void = () => undefined;
  // Never rejects: a failed download leaves the socket offline, as a refused connection would.
  const ready = new Promise<Client | undefined>((resolve) => {
    begin = () => resolve(start().catch(() => undefined));
  });
  // At the latest: a session that subscribes to nothing still shows whether it is live.
  setTimeout(() => begin(), LATEST_MS);
  /** After the frame that draws what has just been committed (a timer set from an animation frame). */
  const afterNextPaint = () =>
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(() => begin(), 0)) : setTimeout(() => begin(), 0);
  /** Runs `attach` on the client once it is here; the returned function detaches (or cancels). */
  const whenLoaded = (attach: (loaded: Client) => () => void): (() => void) => {
    if (client) return attach(client);
    let detach: (() => void) | undefined;
    let cancelled = false;
    void ready.then((loaded) => {
      if (loaded && !cancelled) detach = attach(loaded);
    });
    return () => {
      cancelled = true;
      detach?.();
    };
  };

  return {
    on: <E extends Event>(event: E, listener: EventListener<E>) => whenLoaded((loaded) => loaded.on(event, listener)),
    subscribe: <Data = Record<string, unknown>, Extensions = unknown>(payload: SubscribePayload, sink: Sink<FormattedExecutionResult<Data, Extensions>>) => {
      // The live feed subscribes as the page is first committed: the socket follows its paint.
      if (!client) afterNextPaint();
      return whenLoaded((loaded) => loaded.subscribe(payload, sink));
    },
    iterate: <Data = Record<string, unknown>, Extensions = unknown>(payload: SubscribePayload) =>
      (async function* () {
        const loaded = await ready;
        if (loaded) yield* loaded.iterate<Data, Extensions>(payload);
      })(),
    dispose: () => {
      disposed = true;
      return client?.dispose();
    },
    terminate: () => {
      disposed = true;
      client?.terminate();
    },
  };
};
