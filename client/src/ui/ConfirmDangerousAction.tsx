import type { ReactNode } from 'react';

interface ConfirmDangerousActionProps {
  /** The group's accessible name, for example "End the contract". */
  label: string;
  /** What happens, asked as a question: the consequence in words a person can weigh. */
  question: ReactNode;
  confirmLabel: string;
  /** Shown on the button while the action runs. */
  workingLabel: string;
  /** This action is running. */
  working: boolean;
  /** Any action of the surrounding form is running: both buttons wait. */
  busy: boolean;
  /** The id of the refusal message, when there is one, so the button announces it. */
  describedBy?: string | undefined;
  className: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The second step of an action that cannot be undone (end a contract, withdraw a proposal): the
 * question, the red button, and "Keep it", which takes the focus so that Enter right after the
 * first click does nothing.
 */
export const ConfirmDangerousAction = ({
  label,
  question,
  confirmLabel,
  workingLabel,
  working,
  busy,
  describedBy,
  className,
  onConfirm,
  onCancel,
}: ConfirmDangerousActionProps) => (
  <div className={className} role="group" aria-label={label}>
    <p>{question}</p>
    <div className="form-actions">
      <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy} aria-describedby={describedBy}>
        {working ? workingLabel : confirmLabel}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy} autoFocus>
        Keep it
      </button>
    </div>
  </div>
);
