import { useId, useState, type FormEvent } from 'react';

import { DEMO_ACCOUNTS, DEMO_PASSWORD, type AuthSessionControls } from '../features/auth';

const DEMO_HINT = `Demo: ${DEMO_ACCOUNTS.map((account) => account.email).join(' / ')}, password ${DEMO_PASSWORD}`;

export const AuthBar = ({ session, signInWithPassword, applyToken, signOut }: AuthSessionControls) => {
  const ids = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const notice = session.status === 'signed-out' ? (session.notice ?? null) : null;

  const handleSignIn = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    const message = await signInWithPassword(email.trim(), password);
    setPending(false);
    setError(message);
    if (message === null) setPassword('');
  };

  const handleToken = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    applyToken(token);
    setToken('');
  };

  const handleSignOut = () => {
    setError(null);
    signOut();
  };

  return (
    <header className="auth-bar">
      <div className="auth-bar__row">
        <h1 className="auth-bar__title">Workroom GraphQL IDE</h1>
        <p className="auth-bar__hint">{DEMO_HINT}</p>
      </div>

      <div className="auth-bar__row">
        {session.status === 'signed-out' ? (
          <div className="auth-bar__forms">
            <form className="auth-bar__form" onSubmit={handleSignIn} aria-label="Sign in">
              <label htmlFor={`${ids}-email`}>Email</label>
              <input id={`${ids}-email`} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
              <label htmlFor={`${ids}-password`}>Password</label>
              <input
                id={`${ids}-password`}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
              <button type="submit" disabled={pending}>
                {pending ? 'Signing in…' : 'Sign in'}
              </button>
            </form>
            <form className="auth-bar__form" onSubmit={handleToken} aria-label="Use a bearer token">
              <label htmlFor={`${ids}-token`}>or token</label>
              <input
                id={`${ids}-token`}
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder="Paste a bearer token"
                required
                value={token}
                onChange={(event) => setToken(event.target.value)}
              />
              <button type="submit">Use token</button>
            </form>
          </div>
        ) : (
          <div className="auth-bar__session">
            <span role="status">{describeSession(session)}</span>
            <button type="button" onClick={handleSignOut}>
              Sign out
            </button>
          </div>
        )}

        {(error ?? notice) !== null && (
          <p className="auth-bar__error" role="alert">
            {error ?? notice}
          </p>
        )}
      </div>
    </header>
  );
};

const describeSession = (session: AuthSessionControls['session']): string => {
  switch (session.status) {
    case 'signed-out':
      return 'Signed out';
    case 'checking':
      return 'Checking token…';
    case 'signed-in':
      return `Signed in as ${session.viewer.name} (${session.viewer.role})`;
    case 'unverified':
      return `Using a bearer token (${session.message})`;
  }
};
