import { useId, useState, type FormEvent } from 'react';

import type { UpdateMilestoneInput } from '../../gql/graphql';
import { FormFooter } from '../../ui/FormFooter';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import type { MilestoneForActions } from '../manage-job/MilestoneItem';
import { dollarsToCents, dueDateToIso } from './CreateMilestoneForm';
import { useUpdateMilestone } from './use-update-milestone';

/** Cents → "1200.50", as the amount field shows it for editing. */
export const centsToDollars = (cents: number): string => (cents / 100).toFixed(2);

/** An ISO time → the "YYYY-MM-DD" of that day in the viewer's time zone (a date input's value). */
export const isoToDueDate = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

interface EditMilestoneFormProps {
  milestone: MilestoneForActions;
  onDone: () => void;
}

/**
 * Edits a NOT_FUNDED milestone (title, description, amount, due date). Only what changed is sent,
 * so the history records a real edit; the server refuses once the milestone is funded.
 */
export const EditMilestoneForm = ({ milestone, onDone }: EditMilestoneFormProps) => {
  const initial = {
    title: milestone.title,
    description: milestone.description,
    amount: centsToDollars(milestone.amount.cents),
    due: isoToDueDate(milestone.dueAt),
  };
  const [title, setTitle] = useState(initial.title);
  const [description, setDescription] = useState(initial.description);
  const [amount, setAmount] = useState(initial.amount);
  const [due, setDue] = useState(initial.due);
  const [problem, setProblem] = useState<string | null>(null);
  const { update, loading } = useUpdateMilestone();
  const ids = { title: useId(), description: useId(), amount: useId(), due: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setProblem('Give the milestone a title.');
    const amountCents = dollarsToCents(amount);
    if (amountCents === null) return setProblem('Enter the amount in dollars, such as 250 or 1,200.50.');
    const input: UpdateMilestoneInput = { milestoneId: milestone.id };
    if (title.trim() !== milestone.title) input.title = title.trim();
    if (description.trim() !== milestone.description) input.description = description.trim();
    if (amountCents !== milestone.amount.cents) input.amountCents = amountCents;
    // null clears the due date; leaving the field out keeps it.
    if (due !== initial.due) input.dueAt = dueDateToIso(due);
    if (Object.keys(input).length === 1) {
      onDone();
      return;
    }
    setProblem(null);
    try {
      await update(input);
      toasts.show({ message: `Saved "${title.trim()}".`, tone: 'success' });
      onDone();
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  return (
    <form className="create-milestone" onSubmit={onSubmit} noValidate aria-label={`Edit ${milestone.title}`}>
      <div className="field">
        <label htmlFor={ids.title}>Title</label>
        {/* The Edit button that opened this form is gone: focus moves here, not to the page. */}
        <input id={ids.title} value={title} onChange={(event) => setTitle(event.target.value)} required autoFocus />
      </div>
      <div className="field">
        <label htmlFor={ids.description}>Description (optional)</label>
        <textarea id={ids.description} rows={2} value={description} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.amount}>Amount (USD)</label>
        <input id={ids.amount} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={ids.due}>Due date (optional)</label>
        <input id={ids.due} type="date" value={due} onChange={(event) => setDue(event.target.value)} />
      </div>
      <FormFooter problem={problem} loading={loading} submitLabel="Save milestone" busyLabel="Saving…" onCancel={onDone} />
    </form>
  );
};
