import { createContext, useContext, type ReactNode } from 'react';

import { useAuthSession, type AuthSessionControls } from '../features/auth';

const AuthContext = createContext<AuthSessionControls | null>(null);

/** The sign-in state (token in localStorage, shared with the GraphQL IDE) for the whole app. */
export const AuthProvider = ({ children }: { children: ReactNode }) => {
  // The shell's ShellViewer checks a remembered sign-in (AppShell): no separate Viewer request.
  const controls = useAuthSession({ recheck: false });
  return <AuthContext.Provider value={controls}>{children}</AuthContext.Provider>;
};

export const useAuth = (): AuthSessionControls => {
  const controls = useContext(AuthContext);
  if (!controls) throw new Error('useAuth must be used inside <AuthProvider>');
  return controls;
};
