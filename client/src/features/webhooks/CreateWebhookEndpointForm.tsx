import { useId, useState, type FormEvent } from 'react';

import type { ActivityType } from '../../gql/graphql';
import { humanize } from '../../ui/format';
import { errorMessage } from '../../ui/QueryState';
import { useCreateWebhookEndpoint } from './use-webhooks';

/** Register an endpoint: address, description and the kinds of event; the signing secret is shown once, here. */
export const CreateWebhookEndpointForm = ({ eventTypes }: { eventTypes: readonly ActivityType[] }) => {
  const { create, loading } = useCreateWebhookEndpoint();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<Set<ActivityType>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const ids = { title: useId(), url: useId(), description: useId(), problem: useId(), secret: useId() };

  const toggle = (type: ActivityType, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(type);
    else next.delete(type);
    setChosen(next);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!url.trim()) return setProblem('Enter the https address of your endpoint.');
    if (chosen.size === 0) return setProblem('Choose at least one kind of event.');
    try {
      const created = await create({ url: url.trim(), description: description.trim(), eventTypes: [...chosen] });
      if (created) {
        setSecret({ url: created.endpoint.url, secret: created.secret });
        setUrl('');
        setDescription('');
        setChosen(new Set());
      }
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  return (
    <form className="webhook-form" onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby={ids.title}>
      <h2 id={ids.title}>Add an endpoint</h2>
      {secret && (
        <div className="webhook-secret" role="status" aria-labelledby={ids.secret}>
          <p id={ids.secret}>
            Signing secret for <code>{secret.url}</code>. It is shown this once: copy it to your receiver now.
          </p>
          <code className="webhook-secret__value">{secret.secret}</code>
          <button type="button" className="button" onClick={() => setSecret(null)}>
            I have saved it
          </button>
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.url}>Endpoint address</label>
        <input
          id={ids.url}
          type="url"
          placeholder="https://example.com/workroom/webhooks"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          spellCheck={false}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Description (optional)</label>
        <input id={ids.description} value={description} onChange={(event) => setDescription(event.target.value)} maxLength={500} />
      </div>
      <fieldset className="webhook-form__types">
        <legend>Kinds of event</legend>
        {eventTypes.map((type) => (
          <label key={type} className="webhook-form__type">
            <input type="checkbox" checked={chosen.has(type)} onChange={(event) => toggle(type, event.target.checked)} />
            {humanize(type)}
          </label>
        ))}
      </fieldset>
      {problem && (
        <p className="form-error" role="alert" id={ids.problem}>
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={loading}>
          {loading ? 'Adding…' : 'Add endpoint'}
        </button>
      </div>
    </form>
  );
};
