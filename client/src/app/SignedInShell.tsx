import { ApolloSessionProvider } from './ApolloSessionProvider';
import { AppShell } from './AppShell';

/**
 * Apollo Client, the socket and the shell: a chunk of their own (routes.tsx loads it lazily), so
 * the sign-in page downloads none of them.
 */
export const SignedInShell = ({ token }: { token: string }) => (
  <ApolloSessionProvider token={token}>
    <AppShell />
  </ApolloSessionProvider>
);
