import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';

import { useAuth } from './auth-context';
import { routeTitle } from './route-titles';

/**
 * Navigation is announced: every route sets `document.title`, and after following a link (not on
 * the first load) focus moves to the page's main region and a polite live region reads the new
 * title, as a page load would for a screen reader. A change of the query string alone (a filter,
 * a selected day) is not a new page and keeps focus where it is.
 */
export const RouteAnnouncer = () => {
  const { pathname } = useLocation();
  const { session } = useAuth();
  const role = session.status === 'signed-in' ? session.viewer.role : undefined;
  const [announcement, setAnnouncement] = useState('');
  const first = useRef(true);

  useEffect(() => {
    const title = routeTitle(pathname, role);
    document.title = title;
  }, [pathname, role]);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const target = document.getElementById('main') ?? document.querySelector<HTMLElement>('h1');
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }
    setAnnouncement(routeTitle(pathname, role).replace(/ – Workroom$/, ''));
  }, [pathname]); // eslint-disable-line react-hooks/exhaustive-deps -- announce pages, not role changes

  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="route-announcer">
      {announcement}
    </div>
  );
};
