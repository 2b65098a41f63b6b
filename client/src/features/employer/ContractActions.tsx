import { useId, useState } from 'react';

import type { ContractStatus } from '../../gql/graphql';
import { ConfirmDangerousAction } from '../../ui/ConfirmDangerousAction';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useEndContract } from './use-end-contract';
import { usePauseContract } from './use-pause-contract';
import { useResumeContract } from './use-resume-contract';

interface ContractActionsProps {
  contract: { id: string; title: string; status: ContractStatus };
}

/**
 * The employer's moves on the contract itself: pause (ACTIVE), resume (PAUSED) and end, which asks
 * first. The server refuses to end a contract while a milestone has money in play and names them;
 * that message is shown as it is, since it says what to settle first.
 */
export const ContractActions = ({ contract }: ContractActionsProps) => {
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { pause, loading: pausing } = usePauseContract();
  const { resume, loading: resuming } = useResumeContract();
  const { end, loading: ending } = useEndContract();
  const busy = pausing || resuming || ending;
  const titleId = useId();
  const problemId = useId();

  const run = async (action: () => Promise<unknown>, done: string) => {
    setProblem(null);
    try {
      await action();
      toasts.show({ message: done, tone: 'success' });
      return true;
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
      return false;
    }
  };

  const onEnd = async () => {
    const ok = await run(() => end(contract.id), `Ended "${contract.title}". It is under Finished now.`);
    // A refusal keeps the question open next to its reason; the employer can settle and retry.
    if (ok) setConfirming(false);
  };

  if (contract.status === 'ENDED') return null;
  const describedBy = problem ? problemId : undefined;

  return (
    <section className="card contract-actions" aria-labelledby={titleId}>
      <h2 id={titleId}>Contract status</h2>
      <p className="field__hint">
        {contract.status === 'PAUSED'
          ? 'Paused: milestones cannot be funded or submitted until you resume.'
          : 'Active. Pause it to stop funding and submissions for a while; end it once every milestone is settled.'}
      </p>
      {!confirming ? (
        <div className="form-actions">
          {contract.status === 'ACTIVE' && (
            <button
              type="button"
              className="button"
              onClick={() => run(() => pause(contract.id), `Paused "${contract.title}".`)}
              disabled={busy}
              aria-describedby={describedBy}
            >
              {pausing ? 'Pausing…' : 'Pause contract'}
            </button>
          )}
          {contract.status === 'PAUSED' && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => run(() => resume(contract.id), `Resumed "${contract.title}".`)}
              disabled={busy}
              aria-describedby={describedBy}
            >
              {resuming ? 'Resuming…' : 'Resume contract'}
            </button>
          )}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setProblem(null);
              setConfirming(true);
            }}
            disabled={busy}
          >
            End contract…
          </button>
        </div>
      ) : (
        <ConfirmDangerousAction
          className="contract-actions__confirm"
          label="End the contract"
          question={
            <>
              <strong>End “{contract.title}”?</strong> It moves to Finished: no new milestones, funding or submissions. This cannot be undone.
            </>
          }
          confirmLabel="End contract"
          workingLabel="Ending…"
          working={ending}
          busy={busy}
          describedBy={describedBy}
          onConfirm={onEnd}
          onCancel={() => {
            setProblem(null);
            setConfirming(false);
          }}
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
