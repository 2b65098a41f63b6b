import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from './first-fetch-policy';
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';

import { LiveUpdates } from '../features/live/LiveUpdates';
import { graphql } from '../gql';
import { CountBadge } from '../ui/CountBadge';
import type { UserRole } from '../gql/graphql';
import { warmUpFormatters } from '../ui/format';
import { Loading, QueryGate } from '../ui/QueryState';
import { Toaster } from '../ui/Toaster';
import { useLiveSession } from './ApolloSessionProvider';
import { useAuth } from './auth-context';
import { ConnectionIndicator } from './ConnectionIndicator';
import { navigationFor } from './navigation';
import { ViewerProvider } from './viewer-context';

import './AppShell.css';

const ShellViewerQuery = graphql(`
  query ShellViewer {
    viewer {
      id
      name
      role
      unreadMessageCount
    }
  }
`);

/** Header (navigation, unread badge, live connection, sign-out), the page, and notices. */
export const AppShell = () => {
  const { session, signOut } = useLiveSession();
  const { session: auth, confirmViewer } = useAuth();
  // The shell and the page start at once: who is signed in (and so which navigation and screens)
  // is known from the sign-in check, so the page's query runs beside ShellViewer (the unread
  // count), not after it. Only when that check could not complete (`unverified`) does the shell
  // wait for ShellViewer.
  const { data, error, refetch } = useQuery(ShellViewerQuery, useFirstFetchPolicy(ShellViewerQuery));
  const [signingOut, setSigningOut] = useState(false);
  const known = auth.status === 'signed-in' ? auth.viewer : null;
  const viewer = data?.viewer ?? (known ? { id: known.id, name: known.name, role: known.role as UserRole, unreadMessageCount: 0 } : null);

  // One object while who is signed in stays the same: ShellViewer's answer (the unread count) or
  // the sign-in check arriving does not redraw every screen that reads the viewer.
  const { id, name, role } = viewer ?? {};
  const current = useMemo(() => (id && name && role ? { id, name, role } : null), [id, name, role]);

  // ShellViewer is the sign-in check of a returning visit (auth-context.tsx): remember its answer.
  const answered = data?.viewer;
  useEffect(() => {
    if (answered) confirmViewer({ id: answered.id, name: answered.name, role: answered.role });
  }, [answered, confirmViewer]);

  // The page's queries have left (its effects ran before this one): use the wait for the data.
  useEffect(() => warmUpFormatters(), []);

  // On a phone the navigation scrolls sideways: keep the current page's tab in view.
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // In the next frame, just before it is drawn: the layout that scrolling needs is then the one the
  // frame makes anyway, instead of one forced in the task that committed the page (on a phone that
  // made the first render's task longer by the whole layout of the page).
  useEffect(() => {
    const frame = requestAnimationFrame(() => nav.current?.querySelector('.active')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [pathname, viewer?.role]);

  const onSignOut = async () => {
    setSigningOut(true);
    await signOut();
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <div className="shell__bar">
          <Link to="/" className="shell__brand">
            Workroom
          </Link>
          <div className="shell__status">
            <ConnectionIndicator monitor={session.connection} />
            {viewer && (
              <span className="shell__user" title={viewer.role === 'TRAINER' ? 'Trainer' : 'Employer'}>
                {viewer.name}
              </span>
            )}
            <button type="button" className="button button--small" onClick={onSignOut} disabled={signingOut}>
              Sign out
            </button>
          </div>
        </div>
        {/* The navigation's row is reserved before it is known, so the page never moves down. */}
        {!viewer && <div className="shell__nav" aria-hidden="true" />}
        {viewer && (
          <nav className="shell__nav" aria-label="Main" ref={nav}>
            {navigationFor(viewer.role).map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end} className="shell__nav-link">
                {item.label}
                {item.to === '/messages' && viewer.unreadMessageCount > 0 && <CountBadge count={viewer.unreadMessageCount} />}
              </NavLink>
            ))}
          </nav>
        )}
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        <QueryGate data={current} error={known ? undefined : error} refetch={refetch} loadingLabel="Loading Workroom…">
          {(loaded) => (
            <ViewerProvider value={loaded}>
              <LiveUpdates viewerId={loaded.id} wsClient={session.wsClient} />
              <Suspense fallback={<Loading />}>
                <Outlet />
              </Suspense>
            </ViewerProvider>
          )}
        </QueryGate>
      </main>
      <Toaster />
    </div>
  );
};
