import { Link, useLocation } from 'react-router';

export const NotFoundPage = () => {
  const location = useLocation();
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        There is nothing at <code>{location.pathname}</code>.
      </p>
      <Link to="/" className="button button--primary">
        Go to the dashboard
      </Link>
    </section>
  );
};
