import { ApolloProvider } from '@apollo/client/react';
import { createContext, startTransition, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

import { clearAllCursors } from '../features/live/cursor-store';
import { Loading } from '../ui/QueryState';
import { createApolloSession, type ApolloSession } from './apollo';
import { useAuth } from './auth-context';

interface LiveSession {
  session: ApolloSession;
  /** Clears the cache and the live cursor, closes the socket, forgets the token. */
  signOut: () => Promise<void>;
}

const LiveSessionContext = createContext<LiveSession | null>(null);

export const useLiveSession = (): LiveSession => {
  const value = useContext(LiveSessionContext);
  if (!value) throw new Error('useLiveSession must be used inside <ApolloSessionProvider>');
  return value;
};

/**
 * One Apollo Client (cache, HTTP link, socket) per signed-in token, created in an effect so that a
 * token change or sign-out disposes the old one: its cache is cleared and its socket closed.
 */
export const ApolloSessionProvider = ({ token, children }: { token: string; children: ReactNode }) => {
  const { signOut: forgetToken, expireSession } = useAuth();
  const [session, setSession] = useState<ApolloSession | null>(null);

  useEffect(() => {
    let expired = false;
    const created = createApolloSession({
      token,
      onUnauthenticated: (message) => {
        if (expired) return;
        expired = true;
        clearAllCursors();
        expireSession(message);
      },
    });
    // Once the page's early answers are in its cache (ready), in a transition: the shell and the
    // page render in slices that let the browser in between, not in one task (an update from an
    // effect is otherwise rendered without yielding).
    let disposed = false;
    void created.ready.then(() => {
      if (!disposed) startTransition(() => setSession(created));
    });
    return () => {
      disposed = true;
      setSession(null);
      void created.dispose();
    };
  }, [token, expireSession]);

  const signOut = useCallback(async () => {
    clearAllCursors();
    if (session) await session.client.clearStore().catch(() => undefined);
    forgetToken();
  }, [session, forgetToken]);

  if (!session) return <Loading label="Connecting…" />;
  return (
    <LiveSessionContext.Provider value={{ session, signOut }}>
      <ApolloProvider client={session.client}>{children}</ApolloProvider>
    </LiveSessionContext.Provider>
  );
};
