import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../features/auth';

export const App = () => (
  <main className="placeholder">
    <h1>Workroom</h1>
    <p className="placeholder__lead">
      The dashboard — active contracts, milestones, billing and messages — is coming soon.
    </p>
    <p>
      Until then, everything it will show is available through the GraphQL API.{' '}
      <a href="/graphql">Open the GraphQL IDE</a>
    </p>

    <section aria-labelledby="demo-sign-ins">
      <h2 id="demo-sign-ins">Demo sign-ins</h2>
      <ul>
        {DEMO_ACCOUNTS.map((account) => (
          <li key={account.email}>
            {account.role}: <code>{account.email}</code>
          </li>
        ))}
      </ul>
      <p>
        Password for both: <code>{DEMO_PASSWORD}</code>
      </p>
    </section>
  </main>
);
