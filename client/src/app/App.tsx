import { Suspense } from 'react';
import { BrowserRouter } from 'react-router';

import { Loading } from '../ui/QueryState';
import { AuthProvider } from './auth-context';
import { RouteAnnouncer } from './RouteAnnouncer';
import { AppRoutes } from './routes';

export const App = () => (
  <BrowserRouter>
    <AuthProvider>
      <RouteAnnouncer />
      {/* Screens load on demand (routes.tsx); inside the shell its own boundary keeps the header. */}
      <Suspense fallback={<Loading />}>
        <AppRoutes />
      </Suspense>
    </AuthProvider>
  </BrowserRouter>
);
