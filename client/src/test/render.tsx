import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import type { InMemoryCache } from '@apollo/client';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';

import { createCache } from '../app/cache';
import { ViewerProvider, type CurrentViewer } from '../app/viewer-context';

export const testViewer: CurrentViewer = { id: 'Vmlld2VyOmFsZXg', name: 'Alex Rivera', role: 'TRAINER' };

/** An employer, for the console's screens (the same id as the fixtures' `U-morgan`). */
export const testEmployer: CurrentViewer = { id: 'U-morgan', name: 'Morgan Lee', role: 'EMPLOYER' };

interface RenderOptions {
  mocks?: MockLink.MockedResponse[];
  /** The URL to start at, and the route pattern that renders `ui`. */
  path?: string;
  route?: string;
  cache?: InMemoryCache;
  /** Who is signed in; the trainer by default. */
  viewer?: CurrentViewer;
}

/** Renders with the app's real cache policies, mocked GraphQL, a router and a signed-in viewer. */
export const renderWithApp = (ui: ReactNode, { mocks = [], path = '/', route = '*', cache, viewer = testViewer }: RenderOptions = {}) => {
  const usedCache = cache ?? createCache();
  const result = render(
    <MockedProvider mocks={mocks} cache={usedCache}>
      <MemoryRouter initialEntries={[path]}>
        <ViewerProvider value={viewer}>
          <Routes>
            <Route path={route} element={ui} />
          </Routes>
        </ViewerProvider>
      </MemoryRouter>
    </MockedProvider>,
  );
  return { ...result, cache: usedCache };
};

export const money = (formatted: string, cents = 0) => ({
  __typename: 'Money' as const,
  formatted,
  cents,
});
