import { useCallback, useEffect, useState } from 'react';

import { readToken, readViewer, writeToken, writeViewer } from './token-storage';
import { fetchViewer, signIn, UNAUTHENTICATED, type Viewer } from './viewer-api';

export type AuthSession =
  // `notice` explains why a stored or pasted token was dropped; `explicit` when the person signed out.
  | { status: 'signed-out'; notice?: string; explicit?: boolean }
  | { status: 'checking'; token: string }
  // `provisional`: the viewer remembered from the last check; the check runs again meanwhile, and
  // if it confirms that viewer the session stays this same object (nothing renders again for it).
  | { status: 'signed-in'; token: string; viewer: Viewer; provisional?: boolean }
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
  /**
   * Who the token belongs to, as another query of the app answered it (the shell's): remembered
   * for the next visit, and the session follows if it changed.
   */
  confirmViewer: (viewer: Omit<Viewer, 'email'>) => void;
}

export interface AuthSessionOptions {
  /**
   * Check a remembered viewer's token with a `Viewer` query of its own (the default). The app
   * turns it off: its shell asks who is signed in anyway (ShellViewer, in the same round trip
   * as the page's query) and reports the answer through `confirmViewer`; a refused token fails
   * that query as it fails this one, and signs out.
   */
  recheck?: boolean;
}

const initialSession = (): AuthSession => {
  const token = readToken();
  if (!token) return { status: 'signed-out' };
  // A returning visit: draw the app at once and check the token beside the page's own query.
  const viewer = readViewer();
  return viewer ? { status: 'signed-in', token, viewer, provisional: true } : { status: 'checking', token };
};

/** The token to send, once the server has not rejected it. */
export const sessionToken = (session: AuthSession): string | null => (session.status === 'signed-in' || session.status === 'unverified' ? session.token : null);

const sameViewer = (a: Viewer, b: Viewer) => a.id === b.id && a.name === b.name && a.email === b.email && a.role === b.role;

export const useAuthSession = ({ recheck = true }: AuthSessionOptions = {}): AuthSessionControls => {
  const [session, setSession] = useState<AuthSession>(initialSession);

  useEffect(() => {
    const provisional = session.status === 'signed-in' && session.provisional === true;
    if (session.status !== 'checking' && !(provisional && recheck)) return;
    const { token } = session;
    let cancelled = false;
    void fetchViewer(token).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        writeViewer(result.value);
        // The remembered viewer confirmed: a new session object would redraw the whole app on a
        // phone's busy main thread, just as the page's data arrives, for nothing.
        if (provisional && session.status === 'signed-in' && sameViewer(session.viewer, result.value)) return;
        setSession({ status: 'signed-in', token, viewer: result.value });
      } else if (result.code === UNAUTHENTICATED) {
        // The server fails every request that carries a bad token, so keeping it would break the IDE.
        writeToken(null);
        writeViewer(null);
        setSession({ status: 'signed-out', notice: result.message });
      } else if (provisional && session.status === 'signed-in') {
        // Not refused, just not checked (the API is unreachable): stay as remembered.
        setSession({ ...session, provisional: false });
      } else {
        setSession({ status: 'unverified', token, message: result.message });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [session, recheck]);

  const signInWithPassword = useCallback(async (email: string, password: string) => {
    const result = await signIn(email, password);
    if (!result.ok) return result.message;
    const { token, viewer } = result.value;
    writeToken(token);
    writeViewer(viewer);
    setSession({ status: 'signed-in', token, viewer });
    return null;
  }, []);

  const applyToken = useCallback((rawToken: string) => {
    const token = rawToken.trim().replace(/^Bearer\s+/i, '');
    if (!token) return;
    writeToken(token);
    writeViewer(null);
    setSession({ status: 'checking', token });
  }, []);

  const signOut = useCallback(() => {
    writeToken(null);
    writeViewer(null);
    setSession({ status: 'signed-out', explicit: true });
  }, []);

  const expireSession = useCallback((notice: string) => {
    writeToken(null);
    writeViewer(null);
    setSession({ status: 'signed-out', notice });
  }, []);

  const confirmViewer = useCallback((confirmed: Omit<Viewer, 'email'>) => {
    setSession((current) => {
      if (current.status !== 'signed-in') return current;
      const viewer = { ...confirmed, email: current.viewer.id === confirmed.id ? current.viewer.email : '' };
      writeViewer(viewer);
      // The same viewer: the same object, so nothing renders again for it.
      return sameViewer(current.viewer, viewer) ? current : { status: 'signed-in', token: current.token, viewer };
    });
  }, []);

  return { session, signInWithPassword, applyToken, signOut, expireSession, confirmViewer };
};
