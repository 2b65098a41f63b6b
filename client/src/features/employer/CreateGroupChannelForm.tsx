import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { FormFooter } from '../../ui/FormFooter';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useJobPeople } from './job-people';
import { MemberPicker, usePickedMembers } from './MemberPicker';
import { useCreateChannel } from './use-create-channel';

/**
 * A GROUP channel on the contract's job with the job's trainers and colleagues picked by name
 * (you are always a member; this contract's trainer is picked by default); opens it right here,
 * on the job's Messages tab.
 */
export const CreateGroupChannelForm = ({ contractId }: { contractId: string }) => {
  const people = useJobPeople(contractId);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const members = usePickedMembers(people ? [people.trainer.id] : []);
  const [problem, setProblem] = useState<string | null>(null);
  const { create, loading } = useCreateChannel();
  const nameId = useId();

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
        jobId: people.jobId,
        name: name.trim(),
        memberIds: [...members.selected],
      });
      toasts.show({ message: `Created #${name.trim()}.`, tone: 'success' });
      setName('');
      members.reset();
      setOpen(false);
      if (channel) void navigate(`?channel=${encodeURIComponent(channel.id)}`);
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
      <MemberPicker legend="Members" others={people?.trainers ?? []} selected={members.selected} onChange={members.setSelected} />
      <FormFooter problem={problem} loading={loading} submitLabel="Create channel" busyLabel="Creating…" onCancel={() => setOpen(false)} />
    </form>
  );
};
