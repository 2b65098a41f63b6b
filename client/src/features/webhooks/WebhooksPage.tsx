import { useQuery } from '@apollo/client/react';

import { useCurrentViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { CreateWebhookEndpointForm } from './CreateWebhookEndpointForm';
import { WebhookEndpointItem } from './WebhookEndpointItem';

import '../settings/Settings.css';
import './Webhooks.css';

export const WebhookSettingsQuery = graphql(`
  query WebhookSettings {
    viewer {
      id
      webhookEndpoints {
        id
        ...WebhookEndpointItem_endpoint
      }
    }
    webhookEventTypes
  }
`);

/** `/settings/webhooks`: the organization's signed webhook endpoints, their delivery logs, and adding one. */
export const WebhooksPage = () => {
  const viewer = useCurrentViewer();
  const employer = viewer.role === 'EMPLOYER';
  const { data, error, refetch } = useQuery(WebhookSettingsQuery, { fetchPolicy: 'cache-and-network', skip: !employer });

  if (!employer) {
    return (
      <div className="settings">
        <h1>Webhooks</h1>
        <EmptyState>Webhooks are for employers: they send an organization’s events to its own tools.</EmptyState>
      </div>
    );
  }

  return (
    <div className="settings">
      <h1>Webhooks</h1>
      <p className="settings__intro">
        Workroom POSTs your organization’s events to these addresses, in order, signed with each endpoint’s secret (Standard Webhooks: the{' '}
        <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> headers).
      </p>
      <QueryGate
        data={data?.viewer ? { viewer: data.viewer, eventTypes: data.webhookEventTypes } : undefined}
        error={error}
        refetch={refetch}
        loadingLabel="Loading webhooks…"
      >
        {(loaded) => (
          <>
            <section className="card" aria-labelledby="webhook-endpoints-title">
              <h2 id="webhook-endpoints-title">Endpoints</h2>
              {loaded.viewer.webhookEndpoints.length === 0 ? (
                <EmptyState>No endpoint yet: add one below.</EmptyState>
              ) : (
                <ul className="list">
                  {loaded.viewer.webhookEndpoints.map((endpoint) => (
                    <WebhookEndpointItem key={endpoint.id} endpoint={endpoint} />
                  ))}
                </ul>
              )}
            </section>
            <section className="card">
              <CreateWebhookEndpointForm eventTypes={loaded.eventTypes} />
            </section>
          </>
        )}
      </QueryGate>
    </div>
  );
};
