import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useContractPeople } from './contract-people';
import { useCreateChannel } from './use-create-channel';
import { FormFooter } from '../../ui/FormFooter';

/** A GROUP channel on the contract's job, with its trainer (you are always a member); opens it under Messages. */
export const CreateGroupChannelForm = ({ contractId }: { contractId: string }) => {
  const people = useContractPeople(contractId);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [withTrainer, setWithTrainer] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const { create, loading } = useCreateChannel();
  const nameId = useId();
  const trainerId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!people) return;
    if (!name.trim()) {
      setProblem('Name the channel.');
      return;
    }
    setProblem(null);
    try {
      const channel = await create({
        jobId: people.job.id,
        name: name.trim(),
        memberIds: withTrainer ? [people.trainer.id] : [],
      });
      toasts.show({ message: `Created #${name.trim()}.`, tone: 'success' });
      setName('');
      setOpen(false);
      if (channel) navigate(`/messages/${encodeURIComponent(channel.id)}`);
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  if (!open) {
    return (
      <div className="form-actions employer-panel">
        <button type="button" className="button" onClick={() => setOpen(true)} disabled={!people}>
          New group channel
        </button>
      </div>
    );
  }
  return (
    <form className="card create-milestone employer-panel" onSubmit={onSubmit} noValidate aria-label="New group channel">
      <div className="field">
        <label htmlFor={nameId}>Channel name</label>
        <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} required />
      </div>
      {people && (
        <div className="field field--checkbox">
          <input id={trainerId} type="checkbox" checked={withTrainer} onChange={(event) => setWithTrainer(event.target.checked)} />
          <label htmlFor={trainerId}>Add {people.trainer.name}</label>
        </div>
      )}
      <FormFooter problem={problem} loading={loading} submitLabel="Create channel" busyLabel="Creating…" onCancel={() => setOpen(false)} />
    </form>
  );
};
