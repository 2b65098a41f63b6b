import { useId, useState, type FormEvent } from 'react';

import type { ContractStatus, MilestoneStatus } from '../../gql/graphql';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useApproveMilestone } from './use-approve-milestone';
import { useCancelMilestone } from './use-cancel-milestone';
import { useFundMilestone } from './use-fund-milestone';
import { useRequestMilestoneChanges } from './use-request-milestone-changes';

interface MilestoneActionsProps {
  milestoneId: string;
  milestoneTitle: string;
  status: MilestoneStatus;
  contractStatus: ContractStatus;
}

type Mode = 'idle' | 'changes' | 'cancel';

const asError = (error: unknown) => (error instanceof Error ? error : null);

/**
 * The employer's moves on one milestone: fund (NOT_FUNDED), approve & release payment or request
 * changes (SUBMITTED), cancel (NOT_FUNDED, FUNDED). A refusal (INVALID_TRANSITION, …) is shown here.
 */
export const MilestoneActions = ({ milestoneId, milestoneTitle, status, contractStatus }: MilestoneActionsProps) => {
  const [mode, setMode] = useState<Mode>('idle');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [invoiceNumber, setInvoiceNumber] = useState<string | null>(null);
  const { fund, loading: funding } = useFundMilestone();
  const { approve, loading: approving } = useApproveMilestone();
  const { requestChanges, loading: requesting } = useRequestMilestoneChanges();
  const { cancel, loading: cancelling } = useCancelMilestone();
  const busy = funding || approving || requesting || cancelling;
  const noteId = useId();
  const problemId = useId();
  const ended = contractStatus === 'ENDED';
  const hidden = <span className="visually-hidden"> for {milestoneTitle}</span>;

  const run = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      return true;
    } catch (error) {
      setProblem(errorMessage(asError(error)));
      return false;
    }
  };

  const onFund = () =>
    run(async () => {
      await fund(milestoneId);
      toasts.show({ message: `Funded "${milestoneTitle}".`, tone: 'success' });
    });

  const onApprove = () =>
    run(async () => {
      const invoice = await approve(milestoneId);
      if (invoice) setInvoiceNumber(invoice.number);
      toasts.show({ message: `Payment released for "${milestoneTitle}".`, tone: 'success' });
    });

  const onRequestChanges = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setProblem('Say what needs to change.');
      return;
    }
    if (await run(() => requestChanges(milestoneId, note.trim()))) {
      setMode('idle');
      setNote('');
    }
  };

  const onCancel = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(async () => {
      const refunded = await cancel(milestoneId, note.trim());
      toasts.show({
        message: refunded ? `Cancelled "${milestoneTitle}"; its funds were refunded.` : `Cancelled "${milestoneTitle}".`,
        tone: 'success',
      });
    });
    if (ok) {
      setMode('idle');
      setNote('');
    }
  };

  const canFund = status === 'NOT_FUNDED';
  const canReview = status === 'SUBMITTED';
  const canCancel = status === 'NOT_FUNDED' || status === 'FUNDED';

  return (
    <div className="milestone__employer">
      {invoiceNumber && (
        <p className="milestone__invoice" role="status">
          Payment released. Invoice <strong>{invoiceNumber}</strong> issued to the trainer.
        </p>
      )}
      {mode === 'idle' && (canFund || canReview || canCancel) && (
        <div className="milestone__actions">
          {canFund && (
            <button type="button" className="button button--primary" onClick={onFund} disabled={busy || ended}>
              {funding ? 'Funding…' : 'Fund'}
              {hidden}
            </button>
          )}
          {canReview && (
            <>
              <button type="button" className="button button--primary" onClick={onApprove} disabled={busy || ended}>
                {approving ? 'Releasing…' : 'Approve & Release Payment'}
                {hidden}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setProblem(null);
                  setMode('changes');
                }}
                disabled={busy || ended}
              >
                Request changes{hidden}
              </button>
            </>
          )}
          {canCancel && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setProblem(null);
                setMode('cancel');
              }}
              disabled={busy || ended}
            >
              Cancel milestone{hidden}
            </button>
          )}
        </div>
      )}
      {mode !== 'idle' && (
        <form className="submit-milestone" onSubmit={mode === 'changes' ? onRequestChanges : onCancel} noValidate>
          <div className="field">
            <label htmlFor={noteId}>{mode === 'changes' ? 'What needs to change?' : 'Reason (optional)'}</label>
            <textarea
              id={noteId}
              rows={3}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              aria-describedby={problem ? problemId : undefined}
              required={mode === 'changes'}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {mode === 'changes'
                ? requesting
                  ? 'Sending…'
                  : 'Send change request'
                : cancelling
                  ? 'Cancelling…'
                  : 'Cancel this milestone'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setMode('idle');
                setProblem(null);
              }}
              disabled={busy}
            >
              Back
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p id={problemId} className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
};
