import { useId, useState, type FormEvent } from 'react';

import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useCreateMilestone } from './use-create-milestone';

/** "12.50" or "1,200" dollars → cents; null when it is not a positive amount. */
export const dollarsToCents = (text: string): number | null => {
  const cleaned = text.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const cents = Math.round(Number(cleaned) * 100);
  return cents > 0 && Number.isSafeInteger(cents) ? cents : null;
};

/** A date input's "YYYY-MM-DD" → the end of that day in the viewer's time zone, as ISO. */
export const dueDateToIso = (date: string): string | null => {
  if (!date) return null;
  const parsed = new Date(`${date}T23:59:00`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
};

/** The employer adds a NOT_FUNDED milestone: title, amount in dollars, optional due date. */
export const CreateMilestoneForm = ({ contractId, disabled = false }: { contractId: string; disabled?: boolean }) => {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [due, setDue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { create, loading } = useCreateMilestone();
  const ids = { title: useId(), description: useId(), amount: useId(), due: useId(), problem: useId() };

  const reset = () => {
    setTitle('');
    setDescription('');
    setAmount('');
    setDue('');
    setProblem(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setProblem('Give the milestone a title.');
      return;
    }
    const amountCents = dollarsToCents(amount);
    if (amountCents === null) {
      setProblem('Enter the amount in dollars, such as 250 or 1,200.50.');
      return;
    }
    setProblem(null);
    try {
      await create({
        contractId,
        title: title.trim(),
        description: description.trim(),
        amountCents,
        dueAt: dueDateToIso(due),
      });
      toasts.show({ message: `Added "${title.trim()}". Fund it so the trainer can start.`, tone: 'success' });
      reset();
      setOpen(false);
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  if (!open) {
    return (
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setOpen(true)} disabled={disabled}>
          Add a milestone
        </button>
      </div>
    );
  }

  return (
    <form className="card create-milestone" onSubmit={onSubmit} noValidate aria-label="New milestone">
      <h3>New milestone</h3>
      <div className="field">
        <label htmlFor={ids.title}>Title</label>
        <input id={ids.title} value={title} onChange={(event) => setTitle(event.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Description (optional)</label>
        <textarea id={ids.description} rows={2} value={description} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.amount}>Amount (USD)</label>
        <input id={ids.amount} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} placeholder="250.00" required />
      </div>
      <div className="field">
        <label htmlFor={ids.due}>Due date (optional)</label>
        <input id={ids.due} type="date" value={due} onChange={(event) => setDue(event.target.value)} />
      </div>
      {problem && (
        <p id={ids.problem} className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={loading}>
          {loading ? 'Adding…' : 'Add milestone'}
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            reset();
            setOpen(false);
          }}
          disabled={loading}
        >
          Cancel
        </button>
      </div>
    </form>
  );
};
