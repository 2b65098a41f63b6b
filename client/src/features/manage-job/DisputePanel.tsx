import { useId, useRef, useState, type FormEvent } from 'react';

import type { ContractStatus, DisputeParty, DisputeStatus, MilestoneItem_MilestoneFragment } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { errorMessage } from '../../ui/QueryState';
import { statusLabel } from '../../ui/StatusBadge';
import { toasts } from '../../ui/toasts';
import { newIdempotencyKey } from '../reports/idempotency';
import { useAcceptDisputeSettlement } from './use-accept-dispute-settlement';
import { useEscalateDispute } from './use-escalate-dispute';
import { useProposeDisputeSettlement } from './use-propose-dispute-settlement';
import { useRejectDisputeSettlement } from './use-reject-dispute-settlement';
import { useRespondToDispute } from './use-respond-to-dispute';
import { useWithdrawDispute } from './use-withdraw-dispute';

/** The dispute as the milestone's fragment reads it (MilestoneItem_milestone: inline, to stay within the server's depth limit). */
export type DisputeData = NonNullable<MilestoneItem_MilestoneFragment['dispute']>;

interface DisputePanelProps {
  dispute: DisputeData;
  milestoneId: string;
  milestoneTitle: string;
  /** Whose screen this is: the moves differ by side. */
  side: DisputeParty;
  contractStatus: ContractStatus;
}

type Mode = 'idle' | 'respond' | 'propose' | 'accept' | 'reject' | 'escalate' | 'withdraw';

const statusWords: Record<DisputeStatus, string> = {
  OPEN: 'Open',
  ESCALATED: 'Escalated to Workroom',
  SETTLED: 'Settled',
  RESOLVED: 'Resolved by Workroom',
  WITHDRAWN: 'Withdrawn',
};

const sideWords = (party: DisputeParty) => (party === 'EMPLOYER' ? 'the employer' : 'the trainer');

/** "12.50" → 1250; null when it is not an amount of money. */
export const parseCents = (text: string): number | null => {
  const trimmed = text.trim().replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{0,2})?$/.test(trimmed)) return null;
  const [whole = '0', fraction = ''] = trimmed.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

const formatCents = (cents: number, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);

/**
 * A milestone's dispute, for both sides: the reason, the trainer's response, the settlement
 * waiting for an answer and, once it closed, where the money went. Below it, this side's moves:
 * the trainer responds; either side proposes a split, accepts or rejects the other's, or
 * escalates to Workroom; the employer withdraws. Money moves ask first, with the amounts.
 */
export const DisputePanel = ({ dispute, milestoneId, milestoneTitle, side, contractStatus }: DisputePanelProps) => {
  const [mode, setMode] = useState<Mode>('idle');
  const [text, setText] = useState('');
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // One key per armed confirmation: a retry after a lost answer moves the money once.
  const key = useRef<string | null>(null);
  const { respond, loading: responding } = useRespondToDispute();
  const { propose, loading: proposing } = useProposeDisputeSettlement();
  const { accept, loading: accepting } = useAcceptDisputeSettlement();
  const { reject, loading: rejecting } = useRejectDisputeSettlement();
  const { escalate, loading: escalating } = useEscalateDispute();
  const { withdraw, loading: withdrawing } = useWithdrawDispute();
  const busy = responding || proposing || accepting || rejecting || escalating || withdrawing;
  const headingId = useId();
  const textId = useId();
  const amountId = useId();
  const amountHintId = useId();
  const problemId = useId();
  const describedBy = problem ? problemId : undefined;

  const open = dispute.status === 'OPEN' || dispute.status === 'ESCALATED';
  const canAct = open && contractStatus !== 'ENDED';
  const proposal = dispute.proposal;
  const mineProposal = proposal?.proposedBy === side;
  const currency = dispute.held.currency;
  const releaseCents = parseCents(amount);

  const go = (next: Mode) => () => {
    setProblem(null);
    setText('');
    setAmount('');
    key.current = next === 'accept' || next === 'withdraw' ? newIdempotencyKey() : null;
    setMode(next);
  };
  const done = () => {
    setMode('idle');
    setText('');
    setAmount('');
    key.current = null;
  };

  const run = async (action: () => Promise<unknown>, message: string) => {
    setProblem(null);
    try {
      await action();
      toasts.show({ message, tone: 'success' });
      done();
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  const onRespond = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setProblem('Write your response: the employer reads it, and Workroom if the dispute is escalated.');
    void run(() => respond(milestoneId, text.trim()), `Response sent for "${milestoneTitle}".`);
  };

  const onPropose = (event: FormEvent) => {
    event.preventDefault();
    if (releaseCents === null) return setProblem('Enter the amount for the trainer, for example 600 or 600.50.');
    if (releaseCents > dispute.held.cents) return setProblem(`At most the ${dispute.held.formatted} in dispute can be released.`);
    void run(() => propose(milestoneId, releaseCents, text.trim() || null), `Settlement proposed for "${milestoneTitle}".`);
  };

  const onReject = (event: FormEvent) => {
    event.preventDefault();
    void run(() => reject(milestoneId, text.trim() || null), `Settlement rejected for "${milestoneTitle}".`);
  };

  const statusText = `${statusWords[dispute.status]}${dispute.status === 'ESCALATED' && dispute.escalatedBy ? ` by ${sideWords(dispute.escalatedBy)}` : ''}`;

  return (
    <section className={`dispute dispute--${dispute.status.toLowerCase()}`} aria-labelledby={headingId}>
      <h4 id={headingId} className="dispute__title">
        Dispute: {statusText}
      </h4>
      <dl className="dispute__facts">
        <div>
          <dt>Reason{dispute.openedBy ? ` (${dispute.openedBy.name})` : ''}</dt>
          <dd>{dispute.reason}</dd>
        </div>
        <div>
          <dt>Trainer’s response</dt>
          <dd>{dispute.response ?? (open ? 'No response yet.' : 'None.')}</dd>
        </div>
        <div>
          <dt>In dispute</dt>
          <dd>{dispute.held.formatted}</dd>
        </div>
        {dispute.released && dispute.refunded && (
          <div>
            <dt>Outcome</dt>
            <dd>
              {dispute.released.formatted} released to the trainer, {dispute.refunded.formatted} refunded to the employer
              {dispute.closedAt && <time dateTime={dispute.closedAt}> · {formatDateTime(dispute.closedAt)}</time>}
            </dd>
          </div>
        )}
        {dispute.resolutionNote && (
          <div>
            <dt>Workroom’s decision</dt>
            <dd>{dispute.resolutionNote}</dd>
          </div>
        )}
        {dispute.status === 'WITHDRAWN' && (
          <div>
            <dt>Outcome</dt>
            <dd>Withdrawn by the employer; the milestone went back to {statusLabel(dispute.priorStatus).toLowerCase()}.</dd>
          </div>
        )}
      </dl>
      {proposal && (
        <p className="dispute__proposal" role="status">
          <strong>{mineProposal ? 'You proposed' : `${side === 'EMPLOYER' ? 'The trainer' : 'The employer'} proposes`}:</strong> {proposal.release.formatted} to
          the trainer, {proposal.refund.formatted} back to the employer.
          {proposal.note && <> “{proposal.note}”</>}
          {mineProposal && ` Waiting for ${sideWords(side === 'EMPLOYER' ? 'TRAINER' : 'EMPLOYER')}’s answer.`}
        </p>
      )}
      {dispute.status === 'ESCALATED' && (
        <p className="field__hint">Workroom reviews the reason and the response and decides how the {dispute.held.formatted} is split.</p>
      )}

      {canAct && mode === 'idle' && (
        <div className="milestone__actions">
          {side === 'TRAINER' && (
            <button type="button" className="button" onClick={go('respond')} disabled={busy}>
              {dispute.response ? 'Update response' : 'Respond'}
              <span className="visually-hidden"> to the dispute on {milestoneTitle}</span>
            </button>
          )}
          {proposal && !mineProposal && (
            <>
              <button type="button" className="button button--primary" onClick={go('accept')} disabled={busy}>
                Accept settlement<span className="visually-hidden"> for {milestoneTitle}</span>
              </button>
              <button type="button" className="button" onClick={go('reject')} disabled={busy}>
                Reject settlement<span className="visually-hidden"> for {milestoneTitle}</span>
              </button>
            </>
          )}
          {dispute.status === 'OPEN' && (
            <button type="button" className="button" onClick={go('propose')} disabled={busy}>
              {mineProposal ? 'Propose another settlement' : 'Propose a settlement'}
              <span className="visually-hidden"> for {milestoneTitle}</span>
            </button>
          )}
          {dispute.status === 'OPEN' && (
            <button type="button" className="button button--quiet" onClick={go('escalate')} disabled={busy}>
              Escalate to Workroom<span className="visually-hidden"> ({milestoneTitle})</span>
            </button>
          )}
          {side === 'EMPLOYER' && (
            <button type="button" className="button button--quiet" onClick={go('withdraw')} disabled={busy}>
              Withdraw dispute<span className="visually-hidden"> on {milestoneTitle}</span>
            </button>
          )}
        </div>
      )}

      {canAct && (mode === 'respond' || mode === 'reject' || mode === 'propose') && (
        <form
          className="submit-milestone"
          onSubmit={mode === 'respond' ? onRespond : mode === 'reject' ? onReject : onPropose}
          noValidate
          aria-label={`${mode === 'respond' ? 'Respond to the dispute' : mode === 'reject' ? 'Reject the settlement' : 'Propose a settlement'} for ${milestoneTitle}`}
        >
          {mode === 'propose' && (
            <div className="field">
              <label htmlFor={amountId}>Amount released to the trainer (of {dispute.held.formatted})</label>
              <input
                id={amountId}
                inputMode="decimal"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
                aria-describedby={[amountHintId, describedBy].filter(Boolean).join(' ')}
                autoFocus
                required
              />
              <p className="field__hint" id={amountHintId}>
                {releaseCents !== null && releaseCents <= dispute.held.cents
                  ? `${formatCents(releaseCents, currency)} to the trainer, ${formatCents(dispute.held.cents - releaseCents, currency)} refunded to the employer.`
                  : `0 refunds everything; ${dispute.held.formatted.replace(/^[^\d]*/, '')} releases everything.`}
              </p>
            </div>
          )}
          <div className="field">
            <label htmlFor={textId}>{mode === 'respond' ? 'Your response' : mode === 'reject' ? 'Why (optional)' : 'Note (optional)'}</label>
            <textarea
              id={textId}
              rows={3}
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-describedby={describedBy}
              autoFocus={mode !== 'propose'}
              required={mode === 'respond'}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Sending…' : mode === 'respond' ? 'Send response' : mode === 'reject' ? 'Reject settlement' : 'Send proposal'}
            </button>
            <button type="button" className="button button--quiet" onClick={done} disabled={busy}>
              Back
            </button>
          </div>
        </form>
      )}

      {canAct && mode === 'accept' && proposal && (
        <ConfirmDangerousAction
          className="dispute__confirm"
          label="Accept the settlement"
          question={
            <>
              <strong>Settle “{milestoneTitle}”?</strong> {proposal.release.formatted} is released to the trainer and {proposal.refund.formatted} refunded to
              the employer. This cannot be undone.
            </>
          }
          confirmLabel={`Settle: release ${proposal.release.formatted}`}
          workingLabel="Settling…"
          working={accepting}
          busy={busy}
          describedBy={describedBy}
          onConfirm={() => run(() => accept(milestoneId, proposal.release.cents, key.current ?? undefined), `Settled "${milestoneTitle}".`)}
          onCancel={done}
        />
      )}
      {canAct && mode === 'escalate' && (
        <ConfirmDangerousAction
          className="dispute__confirm"
          label="Escalate the dispute"
          question={
            <>
              <strong>Escalate to Workroom?</strong> Workroom decides how the {dispute.held.formatted} is split
              {proposal ? '; the settlement waiting for an answer lapses' : ''}. Neither side can propose a settlement after this.
            </>
          }
          confirmLabel="Escalate"
          workingLabel="Escalating…"
          working={escalating}
          busy={busy}
          describedBy={describedBy}
          onConfirm={() => run(() => escalate(milestoneId, null), `Escalated the dispute on "${milestoneTitle}" to Workroom.`)}
          onCancel={done}
        />
      )}
      {canAct && mode === 'withdraw' && (
        <ConfirmDangerousAction
          className="dispute__confirm"
          label="Withdraw the dispute"
          question={
            <>
              <strong>Withdraw the dispute?</strong> “{milestoneTitle}” goes back to {statusLabel(dispute.priorStatus).toLowerCase()}, its{' '}
              {dispute.held.formatted} no longer held.
            </>
          }
          confirmLabel="Withdraw dispute"
          workingLabel="Withdrawing…"
          working={withdrawing}
          busy={busy}
          describedBy={describedBy}
          onConfirm={() => run(() => withdraw(milestoneId, key.current ?? undefined), `Withdrew the dispute on "${milestoneTitle}".`)}
          onCancel={done}
        />
      )}
      {problem && (
        <p id={problemId} className="form-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
};
