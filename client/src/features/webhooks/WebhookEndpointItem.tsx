import { useId, useState } from 'react';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { formatDateTime, humanize } from '../../ui/format';
import { useRowActions } from '../../ui/use-row-actions';
import { useWebhookEndpointActions } from './use-webhooks';

export const WebhookEndpointItem_endpoint = graphql(`
  fragment WebhookEndpointItem_endpoint on WebhookEndpoint {
    id
    url
    description
    eventTypes
    status
    disabledReason
    secretHint
    consecutiveFailures
    nextAttemptAt
    lastSuccessAt
    deliveries(first: 20) {
      totalCount
      nodes {
        id
        kind
        eventType
        status
        attempts
        responseStatus
        latencyMs
        error
        nextAttemptAt
        createdAt
        eventCursor
      }
    }
  }
`);

/** One endpoint: its state, Enable/Disable, Delete (confirmed), and its delivery log with Resend. */
export const WebhookEndpointItem = (props: { endpoint: FragmentType<typeof WebhookEndpointItem_endpoint> }) => {
  const endpoint = getFragmentData(WebhookEndpointItem_endpoint, props.endpoint);
  const actions = useWebhookEndpointActions();
  const [confirming, setConfirming] = useState(false);
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const { problem, problemId, run, clearProblem } = useRowActions();
  const logId = useId();
  const active = endpoint.status === 'ACTIVE';

  return (
    <li className="list-row webhook-endpoint">
      <div className="list-row__main">
        <span className="list-row__title">
          <code>{endpoint.url}</code> <span className={`webhook-status webhook-status--${endpoint.status.toLowerCase()}`}>{humanize(endpoint.status)}</span>
        </span>
        <span className="list-row__meta">
          {[
            endpoint.description,
            endpoint.eventTypes.length === 1 ? `1 kind of event` : `${endpoint.eventTypes.length} kinds of event`,
            `Secret ${endpoint.secretHint}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
        {endpoint.disabledReason && <p className="list-row__meta">{endpoint.disabledReason}</p>}
        {active && endpoint.consecutiveFailures > 0 && (
          <p className="list-row__meta">
            Failing: {endpoint.consecutiveFailures} attempts in a row
            {endpoint.nextAttemptAt ? `, next retry ${formatDateTime(endpoint.nextAttemptAt)}` : ''}.
          </p>
        )}
        {newSecret && (
          <div className="webhook-secret" role="status">
            <p>New signing secret, shown this once. The old one keeps signing too for a day.</p>
            <code className="webhook-secret__value">{newSecret}</code>
            <button type="button" className="button" onClick={() => setNewSecret(null)}>
              I have saved it
            </button>
          </div>
        )}
        {problem && (
          <p className="form-error" role="alert" id={problemId}>
            {problem}
          </p>
        )}
        <details className="webhook-log">
          <summary>Delivery log ({endpoint.deliveries.totalCount})</summary>
          {endpoint.deliveries.nodes.length === 0 ? (
            <p className="list-row__meta">Nothing delivered yet.</p>
          ) : (
            <table aria-labelledby={logId}>
              <caption id={logId}>Latest deliveries to {endpoint.url}</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Response</th>
                  <th scope="col">Latency</th>
                  <th scope="col">Next retry</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {endpoint.deliveries.nodes.map((delivery) => (
                  <tr key={delivery.id}>
                    <td>
                      {humanize(delivery.eventType)}
                      {delivery.kind === 'RESEND' ? ' (resent)' : ''}
                      <br />
                      <small>{formatDateTime(delivery.createdAt)}</small>
                    </td>
                    <td>{humanize(delivery.status)}</td>
                    <td>{delivery.attempts}</td>
                    <td>{delivery.responseStatus ?? delivery.error ?? '—'}</td>
                    <td>{delivery.latencyMs === null || delivery.latencyMs === undefined ? '—' : `${delivery.latencyMs} ms`}</td>
                    <td>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : '—'}</td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        disabled={actions.busy || !active}
                        onClick={() => void run(() => actions.resend(delivery.id), 'The event will be sent again.')}
                      >
                        Resend<span className="visually-hidden"> {humanize(delivery.eventType)}</span>
                      </button>{' '}
                      <button
                        type="button"
                        className="button"
                        disabled={actions.busy || !active}
                        onClick={() =>
                          void run(() => actions.replay(endpoint.id, delivery.eventCursor), 'Every event after this one will be delivered again, in order.')
                        }
                      >
                        Replay after<span className="visually-hidden"> this {humanize(delivery.eventType)}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </details>
      </div>
      <div className="list-row__side">
        {confirming ? (
          <ConfirmDangerousAction
            label={`Delete the endpoint ${endpoint.url}`}
            question={`Delete ${endpoint.url} and its delivery log? Nothing more is sent to it.`}
            confirmLabel="Delete"
            workingLabel="Deleting…"
            working={actions.removing}
            busy={actions.busy}
            describedBy={problem ? problemId : undefined}
            className="webhook-endpoint__confirm"
            onConfirm={() => void run(() => actions.remove(endpoint.id), `Deleted ${endpoint.url}.`).then(() => setConfirming(false))}
            onCancel={() => {
              setConfirming(false);
              clearProblem();
            }}
          />
        ) : (
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={actions.busy}
              onClick={() => void run(() => actions.setEnabled(endpoint.id, !active), active ? `Disabled ${endpoint.url}.` : `Enabled ${endpoint.url}.`)}
            >
              {active ? 'Disable' : 'Enable'}
            </button>
            <button
              type="button"
              className="button"
              disabled={actions.busy}
              onClick={() => void run(async () => setNewSecret((await actions.rotate(endpoint.id)) ?? null), 'A new signing secret was made.')}
            >
              Rotate secret
            </button>
            <button type="button" className="button" disabled={actions.busy} onClick={() => setConfirming(true)}>
              Delete
            </button>
          </div>
        )}
      </div>
    </li>
  );
};
