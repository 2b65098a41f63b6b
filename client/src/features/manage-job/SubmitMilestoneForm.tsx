import { useId, useRef, useState, type FormEvent } from 'react';

import type { AttachmentInput } from '../../gql/graphql';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { useSubmitMilestone } from './use-submit-milestone';

const MAX_ATTACHMENTS = 20;

/** Links typed one per line (optionally "name | url") as attachments; the first problem found, if any. */
export const parseLinks = (text: string): { attachments: AttachmentInput[]; problem: string | null } => {
  const attachments: AttachmentInput[] = [];
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const line of lines) {
    const [first, second] = line.split('|').map((part) => part.trim());
    const url = second ?? first ?? '';
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { attachments, problem: `"${url}" is not a link. Use full addresses such as https://…` };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      return { attachments, problem: `"${url}" must start with https:// or http://` };
    }
    const fallbackName = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? parsed.host);
    attachments.push({ name: second !== undefined && first ? first : fallbackName, url: parsed.href });
  }
  if (attachments.length > MAX_ATTACHMENTS) {
    return { attachments, problem: `At most ${MAX_ATTACHMENTS} links.` };
  }
  return { attachments, problem: null };
};

interface SubmitMilestoneFormProps {
  milestoneId: string;
  milestoneTitle: string;
  onDone: () => void;
  onCancel: () => void;
}

export const SubmitMilestoneForm = ({ milestoneId, milestoneTitle, onDone, onCancel }: SubmitMilestoneFormProps) => {
  const [note, setNote] = useState('');
  const [links, setLinks] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { submit, loading } = useSubmitMilestone();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const noteId = useId();
  const linksId = useId();
  const linksHintId = useId();
  const problemId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setProblem('Describe what you delivered, for the employer reviewing it.');
      noteRef.current?.focus();
      return;
    }
    const parsed = parseLinks(links);
    if (parsed.problem) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    try {
      await submit(milestoneId, note.trim(), parsed.attachments);
      toasts.show({ message: `Submitted "${milestoneTitle}" for approval.`, tone: 'success' });
      onDone();
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  return (
    <form className="submit-milestone" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={noteId}>What did you deliver?</label>
        <textarea
          id={noteId}
          ref={noteRef}
          rows={3}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          aria-describedby={problem ? problemId : undefined}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={linksId}>Links to the work (optional)</label>
        <textarea
          id={linksId}
          rows={2}
          value={links}
          onChange={(event) => setLinks(event.target.value)}
          aria-describedby={linksHintId}
          placeholder="https://…"
        />
        <span id={linksHintId} className="field__hint">
          One per line; write “name | https://…” to name a link.
        </span>
      </div>
      {problem && (
        <p id={problemId} className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={loading}>
          {loading ? 'Submitting…' : 'Submit for approval'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={loading}>
          Cancel
        </button>
      </div>
    </form>
  );
};
