import { useId, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { useAuth } from '../../app/auth-context';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from './demo-accounts';

import './SignInPage.css';

/** Where to go after signing in: back to the deep link that sent the person here. */
const returnPath = (state: unknown): string => {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/sign-in') ? from : '/';
};

export const SignInPage = () => {
  const { session, signInWithPassword } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();
  const next = returnPath(location.state);

  if (session.status === 'signed-in' || session.status === 'unverified') return <Navigate to={next} replace />;

  const attempt = async (withEmail: string, withPassword: string) => {
    if (!withEmail.trim() || !withPassword) {
      setError('Enter your email and password.');
      return;
    }
    setBusy(true);
    setError(null);
    const message = await signInWithPassword(withEmail.trim(), withPassword);
    setBusy(false);
    if (message) setError(message);
    else void navigate(next, { replace: true });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(email, password);
  };

  const notice = session.status === 'signed-out' ? session.notice : undefined;

  return (
    <main className="sign-in" id="main">
      <div className="sign-in__panel card">
        <h1 className="sign-in__brand">Workroom</h1>
        <p className="sign-in__lead">Your contracts, milestones, messages and payouts in one place.</p>
        {notice && (
          <p className="sign-in__notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={onSubmit} className="sign-in__form" noValidate>
          <div className="field">
            <label htmlFor={emailId}>Email</label>
            <input
              id={emailId}
              type="email"
              // The one thing to do on this page.
              autoFocus
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>Password</label>
            <input
              id={passwordId}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              required
            />
          </div>
          {error && (
            <p id={errorId} className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>

      <section className="sign-in__demo card" aria-labelledby="demo-title">
        <h2 id="demo-title">Demo accounts</h2>
        <p>
          Every demo account uses the password <code>{DEMO_PASSWORD}</code>. Pick one to sign in.
        </p>
        <ul className="sign-in__accounts">
          {DEMO_SIGN_INS.map((account) => (
            <li key={account.email}>
              <button
                type="button"
                className="sign-in__account"
                disabled={busy}
                onClick={() => {
                  setEmail(account.email);
                  setPassword(DEMO_PASSWORD);
                  void attempt(account.email, DEMO_PASSWORD);
                }}
              >
                <span className="sign-in__account-name">{account.name}</span>
                <span className="sign-in__account-email">{account.email}</span>
                <span className="sign-in__account-role">{account.role === 'TRAINER' ? 'Trainer' : `Employer · ${account.organization ?? ''}`}</span>
              </button>
            </li>
          ))}
        </ul>
        <p className="sign-in__ide">
          Exploring the API? <a href="/graphql">Open the GraphQL IDE</a>.
        </p>
      </section>
    </main>
  );
};
