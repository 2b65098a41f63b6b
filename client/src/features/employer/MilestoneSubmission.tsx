import { useId } from 'react';

import type { MilestoneItem_MilestoneFragment, MilestoneStatus } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format';
import { useApprovalNote } from './approval-note';

import './MilestoneSubmission.css';

type Step = MilestoneItem_MilestoneFragment['history']['edges'][number]['node'];

interface MilestoneSubmissionProps {
  milestoneId: string;
  milestoneTitle: string;
  status: MilestoneStatus;
  /** The milestone's history, oldest first (MilestoneItem already reads it). */
  history: readonly Step[];
  /** The employer who may approve it now: offers the note that goes with the approval. */
  reviewing?: boolean;
}

const lastOf = (history: readonly Step[], action: Step['action']) => [...history].reverse().find((step) => step.action === action);

/**
 * On a SUBMITTED milestone, what was delivered (the trainer's note and links), right where the
 * employer approves or asks for changes, with an optional note for the approval; on a PAID one,
 * the employer's approval note, for the trainer. Renders nothing otherwise.
 */
export const MilestoneSubmission = ({ milestoneId, milestoneTitle, status, history, reviewing = false }: MilestoneSubmissionProps) => {
  const headingId = useId();
  const noteId = useId();
  const hintId = useId();
  const [approvalNote, setApprovalNote] = useApprovalNote(milestoneId);

  if (status === 'PAID') {
    const approval = lastOf(history, 'APPROVED');
    if (!approval?.note) return null;
    return (
      <p className="milestone-submission__approval">
        <strong>{approval.actor?.name ?? 'The employer'} approved it:</strong> {approval.note}
      </p>
    );
  }
  if (status !== 'SUBMITTED') return null;
  const submission = lastOf(history, 'SUBMITTED');
  if (!submission) return null;

  return (
    <section className="milestone-submission" aria-labelledby={headingId}>
      <h4 id={headingId} className="milestone-submission__title">
        Submitted for review<span className="visually-hidden">: {milestoneTitle}</span>
      </h4>
      <p className="milestone-submission__meta">
        {submission.actor?.name ?? 'The trainer'} · <time dateTime={submission.at}>{formatDateTime(submission.at)}</time>
      </p>
      {submission.note && <p className="milestone-submission__note">{submission.note}</p>}
      {submission.attachments.length > 0 ? (
        <ul className="milestone-submission__links" aria-label="Delivered work">
          {submission.attachments.map((attachment) => (
            <li key={attachment.url}>
              <a href={attachment.url} target="_blank" rel="noreferrer">
                {attachment.name}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="field__hint">No links were attached.</p>
      )}
      {reviewing && (
        <div className="field milestone-submission__approval-note">
          <label htmlFor={noteId}>Note with your approval (optional)</label>
          <textarea
            id={noteId}
            rows={2}
            maxLength={5000}
            value={approvalNote}
            onChange={(event) => setApprovalNote(event.target.value)}
            aria-describedby={hintId}
          />
          <p className="field__hint" id={hintId}>
            Sent with “Approve &amp; Release Payment”; the trainer sees it on the milestone.
          </p>
        </div>
      )}
    </section>
  );
};
