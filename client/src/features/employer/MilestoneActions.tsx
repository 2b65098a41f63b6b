import { useId, useRef, useState, type FormEvent } from 'react';

import type { ContractStatus } from '../../gql/graphql';
import { errorMessage } from '../../ui/QueryState';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { toasts } from '../../ui/toasts';
import type { ContractBudget, MilestoneForActions } from '../manage-job/MilestoneItem';
import { newIdempotencyKey } from '../reports/idempotency';
import { EditMilestoneForm } from './EditMilestoneForm';
import { useApproveMilestone } from './use-approve-milestone';
import { useCancelMilestone } from './use-cancel-milestone';
import { useDisputeMilestone } from './use-dispute-milestone';
import { useFundMilestone } from './use-fund-milestone';
import { useRequestMilestoneChanges } from './use-request-milestone-changes';

interface MilestoneActionsProps {
  milestone: MilestoneForActions;
  contractStatus: ContractStatus;
  /** The contract's budget and what is funded already, for the warning on funding past it. */
  budget?: ContractBudget | undefined;
}

/** The note-taking moves share one form; `edit` opens the milestone's own form; `fund` and `approve` ask first. */
type Mode = 'idle' | 'changes' | 'cancel' | 'dispute' | 'edit' | 'fund' | 'approve';

const DISPUTABLE = new Set(['FUNDED', 'SUBMITTED', 'CHANGES_REQUESTED']);

const noteLabels: Record<'changes' | 'cancel' | 'dispute', { label: string; submit: string; busy: string }> = {
  changes: { label: 'What needs to change?', submit: 'Send change request', busy: 'Sending…' },
  cancel: { label: 'Reason (optional)', submit: 'Cancel this milestone', busy: 'Cancelling…' },
  dispute: { label: 'What is disputed?', submit: 'Open the dispute', busy: 'Opening…' },
};

const asError = (error: unknown) => (error instanceof Error ? error : null);

const formatMoney = (cents: number, currency = 'USD') => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);

/**
 * The employer's moves on one milestone: edit or fund (NOT_FUNDED), approve & release payment or
 * request changes (SUBMITTED), cancel (NOT_FUNDED, FUNDED), dispute (money in play). A refusal
 * (INVALID_TRANSITION, …) is shown here.
 */
export const MilestoneActions = ({ milestone, contractStatus, budget }: MilestoneActionsProps) => {
  const { id: milestoneId, title: milestoneTitle, status } = milestone;
  // One key per armed confirmation: a second click after a lost answer funds or pays once.
  const key = useRef<string | null>(null);
  const [mode, setMode] = useState<Mode>('idle');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [invoiceNumber, setInvoiceNumber] = useState<string | null>(null);
  const { fund, loading: funding } = useFundMilestone();
  const { approve, loading: approving } = useApproveMilestone();
  const { requestChanges, loading: requesting } = useRequestMilestoneChanges();
  const { cancel, loading: cancelling } = useCancelMilestone();
  const { dispute, loading: disputing } = useDisputeMilestone();
  const busy = funding || approving || requesting || cancelling || disputing;
  const noteId = useId();
  const problemId = useId();
  const ended = contractStatus === 'ENDED';
  // A paused contract takes no new money (the server refuses it too): say so instead of failing.
  const paused = contractStatus === 'PAUSED';
  const pausedHintId = useId();
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

  const amount = milestone.amount.formatted ?? formatMoney(milestone.amount.cents, milestone.amount.currency);
  // Funding past the total budget is allowed (a budget is an estimate; more work can be agreed) but never silent.
  const overBudget = budget !== undefined && budget.committedCents + milestone.amount.cents > budget.totalBudget.cents;

  const onFund = async () => {
    const ok = await run(async () => {
      await fund(milestoneId, key.current ?? undefined);
      toasts.show({ message: `Funded "${milestoneTitle}" with ${amount}.`, tone: 'success' });
    });
    // A funded milestone takes no second funding: the question closes with it.
    if (ok) disarm();
  };

  const onApprove = async () => {
    const ok = await run(async () => {
      const invoice = await approve(milestoneId, key.current ?? undefined);
      if (invoice) setInvoiceNumber(invoice.number);
      toasts.show({ message: `Payment of ${amount} released for "${milestoneTitle}".`, tone: 'success' });
    });
    if (ok) disarm();
  };

  const arm = (next: 'fund' | 'approve') => () => {
    setProblem(null);
    key.current = newIdempotencyKey();
    setMode(next);
  };
  const disarm = () => {
    key.current = null;
    setMode('idle');
  };

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

  const onDispute = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setProblem('Say what is disputed, so the trainer and support can act on it.');
      return;
    }
    const ok = await run(async () => {
      await dispute(milestoneId, note.trim());
      toasts.show({ message: `Opened a dispute on "${milestoneTitle}"; its funds are held.`, tone: 'success' });
    });
    if (ok) {
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
  const canEdit = status === 'NOT_FUNDED';
  const canDispute = DISPUTABLE.has(status);
  const open = (next: Mode) => () => {
    setProblem(null);
    setMode(next);
  };

  return (
    <div className="milestone__employer">
      {invoiceNumber && (
        <p className="milestone__invoice" role="status">
          Payment released. Invoice <strong>{invoiceNumber}</strong> issued to the trainer.
        </p>
      )}
      {mode === 'idle' && (canFund || canReview || canCancel || canDispute) && (
        <div className="milestone__actions">
          {canEdit && (
            <button type="button" className="button" onClick={open('edit')} disabled={busy || ended}>
              Edit{hidden}
            </button>
          )}
          {canFund && (
            <button
              type="button"
              className="button button--primary"
              onClick={arm('fund')}
              disabled={busy || ended || paused}
              aria-describedby={paused ? pausedHintId : undefined}
            >
              Fund{hidden}
            </button>
          )}
          {canFund && paused && (
            <p className="field__hint" id={pausedHintId}>
              The contract is paused: resume it to fund this milestone.
            </p>
          )}
          {canReview && (
            <>
              <button type="button" className="button button--primary" onClick={arm('approve')} disabled={busy || ended}>
                Approve &amp; Release Payment{hidden}
              </button>
              <button type="button" className="button" onClick={open('changes')} disabled={busy || ended}>
                Request changes{hidden}
              </button>
            </>
          )}
          {canCancel && (
            <button type="button" className="button button--quiet" onClick={open('cancel')} disabled={busy || ended}>
              Cancel milestone{hidden}
            </button>
          )}
          {canDispute && (
            <button type="button" className="button button--quiet" onClick={open('dispute')} disabled={busy || ended}>
              Dispute{hidden}
            </button>
          )}
        </div>
      )}
      {mode === 'edit' && <EditMilestoneForm milestone={milestone} onDone={() => setMode('idle')} />}
      {mode === 'fund' && (
        <ConfirmDangerousAction
          className="milestone__confirm"
          label={`Fund ${milestoneTitle}`}
          question={
            <>
              <strong>
                Fund “{milestoneTitle}” with {amount}?
              </strong>{' '}
              The money is held for the trainer until you approve the work (or cancel, refunding it).
              {overBudget && budget && (
                <span className="milestone__warning" role="note">
                  {' '}
                  This goes over the contract’s total budget of {budget.totalBudget.formatted}: funded milestones would come to{' '}
                  {formatMoney(budget.committedCents + milestone.amount.cents, milestone.amount.currency)}.
                </span>
              )}
            </>
          }
          confirmLabel={overBudget ? `Fund ${amount} over budget` : `Fund ${amount}`}
          workingLabel="Funding…"
          working={funding}
          busy={busy}
          describedBy={problem ? problemId : undefined}
          onConfirm={onFund}
          onCancel={disarm}
        />
      )}
      {mode === 'approve' && (
        <ConfirmDangerousAction
          className="milestone__confirm"
          label={`Approve ${milestoneTitle}`}
          question={
            <>
              <strong>Release {amount} to the trainer?</strong> “{milestoneTitle}” is approved and paid; this cannot be undone.
            </>
          }
          confirmLabel={`Release ${amount}`}
          workingLabel="Releasing…"
          working={approving}
          busy={busy}
          describedBy={problem ? problemId : undefined}
          onConfirm={onApprove}
          onCancel={disarm}
        />
      )}
      {(mode === 'changes' || mode === 'cancel' || mode === 'dispute') && (
        <form
          className="submit-milestone"
          onSubmit={mode === 'changes' ? onRequestChanges : mode === 'dispute' ? onDispute : onCancel}
          noValidate
          aria-label={`${noteLabels[mode].submit} for ${milestoneTitle}`}
        >
          {mode === 'cancel' && status === 'FUNDED' && <p className="field__hint">Its {amount} is refunded to you: the trainer is not paid for it.</p>}
          {mode === 'dispute' && (
            <p className="field__hint">Its {status === 'SUBMITTED' ? 'pending' : 'funded'} amount is held “In dispute” until the dispute is settled.</p>
          )}
          <div className="field">
            <label htmlFor={noteId}>{noteLabels[mode].label}</label>
            <textarea
              id={noteId}
              rows={3}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              aria-describedby={problem ? problemId : undefined}
              // The button that opened this form is gone: keep keyboard focus where the work is.
              autoFocus
              required={mode !== 'cancel'}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? noteLabels[mode].busy : mode === 'cancel' && status === 'FUNDED' ? `Cancel and refund ${amount}` : noteLabels[mode].submit}
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
