import { useCallback, useEffect, useState } from 'react';

import { readToken, writeToken } from './token-storage';
import { fetchViewer, signIn, UNAUTHENTICATED, type Viewer } from './viewer-api';

export type AuthSession =
  // `notice` explains why a stored or pasted token was dropped; `explicit` when the person signed out.
  | { status: 'signed-out'; notice?: string; explicit?: boolean }
  | { status: 'checking'; token: string }
  | { status: 'signed-in'; token: string; viewer: Viewer }
  // The lookup failed for a reason other than a rejected token (e.g. the API is down): keep it.
  | { status: 'unverified'; token: string; message: string };

export interface AuthSessionControls {
  session: AuthSession;
  /** Resolves to an error message, or null on success. */
  signInWithPassword: (email: string, password: string) => Promise<string | null>;
  applyToken: (rawToken: string) => void;
  signOut: () => void;
  /** Drops a token the server stopped accepting, with a notice saying why. */
  expireSession: (notice: string) => void;
}

const initialSession = (): AuthSession => {
  const token = readToken();
  return token ? { status: 'checking', token } : { status: 'signed-out' };
};

/** The token to send, once the server has not rejected it. */
export const sessionToken = (session: AuthSession): string | null =>
  session.status === 'signed-in' || session.status === 'unverified' ? session.token : null;

export const useAuthSession = (): AuthSessionControls => {
  const [session, setSession] = useState<AuthSession>(initialSession);

  useEffect(() => {
    if (session.status !== 'checking') return;
    const { token } = session;
    let cancelled = false;
    void fetchViewer(token).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        setSession({ status: 'signed-in', token, viewer: result.value });
      } else if (result.code === UNAUTHENTICATED) {
        // The server fails every request that carries a bad token, so keeping it would break the IDE.
        writeToken(null);
        setSession({ status: 'signed-out', notice: result.message });
      } else {
        setSession({ status: 'unverified', token, message: result.message });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [session]);

  const signInWithPassword = useCallback(async (email: string, password: string) => {
    const result = await signIn(email, password);
    if (!result.ok) return result.message;
    const { token, viewer } = result.value;
    writeToken(token);
    setSession({ status: 'signed-in', token, viewer });
    return null;
  }, []);

  const applyToken = useCallback((rawToken: string) => {
    const token = rawToken.trim().replace(/^Bearer\s+/i, '');
    if (!token) return;
    writeToken(token);
    setSession({ status: 'checking', token });
  }, []);

  const signOut = useCallback(() => {
    writeToken(null);
    setSession({ status: 'signed-out', explicit: true });
  }, []);

  const expireSession = useCallback((notice: string) => {
    writeToken(null);
    setSession({ status: 'signed-out', notice });
  }, []);

  return { session, signInWithPassword, applyToken, signOut, expireSession };
};
