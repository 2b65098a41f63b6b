import { useCurrentViewer } from '../../app/viewer-context';

/**
 * The employer console's home. The console (jobs, proposals received, contracts, funding and
 * approving milestones, publishing instructions) is the next piece of work; its routes will live
 * under this feature folder and plug into `app/routes.tsx`.
 */
export const EmployerHome = () => {
  const viewer = useCurrentViewer();
  return (
    <section className="card employer-home" aria-labelledby="employer-home-title">
      <h1 id="employer-home-title">Employer console</h1>
      <p>
        Hello {viewer.name}. The employer console is on its way. Until then, you can read and answer job messages and
        see your calendar here, and do everything else through the API.
      </p>
      <p>
        <a className="button button--primary" href="/graphql">
          Open the GraphQL IDE
        </a>
      </p>
    </section>
  );
};
