import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';

import type { AccessKind } from '../../gql/graphql';
import { AccessTab } from '../manage-job/AccessTab';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useGrantAccess } from './use-grant-access';
import { useRevokeAccess } from './use-revoke-access';

const KINDS: AccessKind[] = ['TOOL', 'TEAM', 'DATASET', 'OTHER'];

const RevokeButton = ({ grantId, name }: { grantId: string; name: string }) => {
  const { revoke, loading } = useRevokeAccess();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="milestone__actions">
      <button
        type="button"
        className="button button--quiet"
        disabled={loading}
        onClick={async () => {
          setProblem(null);
          try {
            await revoke(grantId);
            toasts.show({ message: `Revoked "${name}".`, tone: 'success' });
          } catch (error) {
            setProblem(errorMessage(error instanceof Error ? error : null));
          }
        }}
      >
        {loading ? 'Revoking…' : 'Revoke'}
        <span className="visually-hidden"> {name}</span>
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
};

const GrantAccessForm = ({ contractId }: { contractId: string }) => {
  const [kind, setKind] = useState<AccessKind>('TOOL');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { grant, loading } = useGrantAccess();
  const ids = { kind: useId(), name: useId(), url: useId(), note: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setProblem('Name what the trainer gets access to.');
      return;
    }
    setProblem(null);
    try {
      await grant({ contractId, kind, name: name.trim(), url: url.trim() || null, note: note.trim() || null });
      toasts.show({ message: `Granted "${name.trim()}".`, tone: 'success' });
      setName('');
      setUrl('');
      setNote('');
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  return (
    <form className="create-milestone" onSubmit={onSubmit} noValidate aria-label="Grant access">
      <h3>Grant access</h3>
      <div className="field">
        <label htmlFor={ids.kind}>Kind</label>
        <select id={ids.kind} value={kind} onChange={(event) => setKind(event.target.value as AccessKind)}>
          {KINDS.map((value) => (
            <option key={value} value={value}>
              {value.charAt(0) + value.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={name} onChange={(event) => setName(event.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={ids.url}>Link (optional)</label>
        <input id={ids.url} type="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://…" />
      </div>
      <div className="field">
        <label htmlFor={ids.note}>Note (optional)</label>
        <textarea id={ids.note} rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={loading}>
          {loading ? 'Granting…' : 'Grant access'}
        </button>
      </div>
    </form>
  );
};

/** `/jobs/:contractId/access` for employers: the trainer's view plus Grant and Revoke. */
export const EmployerAccessTab = () => {
  const { contractId = '' } = useParams();
  return (
    <AccessTab renderGrantActions={(grant) => <RevokeButton grantId={grant.id} name={grant.name} />} grantForm={<GrantAccessForm contractId={contractId} />} />
  );
};
