import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The whole suite shares two cores with PostgreSQL and several servers: give `findBy`/`waitFor`
// time to see a result before calling it missing (a bound on waiting, not a timing assertion).
configure({ asyncUtilTimeout: 10_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  if (typeof window !== 'undefined') {
    window.sessionStorage.clear();
    window.localStorage.clear();
  }
});
