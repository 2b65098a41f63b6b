import { BrowserRouter } from 'react-router';

import { AuthProvider } from './auth-context';
import { AppRoutes } from './routes';

export const App = () => (
  <BrowserRouter>
    <AuthProvider>
      <AppRoutes />
    </AuthProvider>
  </BrowserRouter>
);
