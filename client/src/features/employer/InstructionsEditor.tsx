import { useId, useState, type FormEvent } from 'react';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../ui/format';
import { Markdown } from '../../ui/Markdown';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { InstructionsDiffView } from './InstructionsDiffView';
import { conflictVersion, useSaveInstructions } from './use-save-instructions';
import { usePublishInstructions } from './use-publish-instructions';

export const InstructionsEditor_document = graphql(`
  fragment InstructionsEditor_document on InstructionDocument {
    id
    version
    status
    publishedVersion
    publishedAt
    hasUnpublishedChanges
    draft {
      id
      version
      title
      body
      createdAt
      author {
        id
        name
      }
    }
    revisions(first: 50) {
      edges {
        cursor
        node {
          id
          version
          title
          changeNote
          createdAt
          author {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

interface Base {
  version: number;
  title: string;
  body: string;
}

interface InstructionsEditorProps {
  jobId: string;
  document: FragmentType<typeof InstructionsEditor_document> | null;
  /** Refetches the document (the Reload after a conflict). */
  reload: () => Promise<unknown>;
}

const baseOf = (draft: { version: number; title: string; body: string } | null | undefined): Base =>
  draft ? { version: draft.version, title: draft.title, body: draft.body } : { version: 0, title: '', body: '' };

/**
 * The employer's instructions: edit the draft (title and Markdown), save it against the version the
 * edit started from (a CONFLICT says who won and offers Reload), publish, and compare revisions.
 */
export const InstructionsEditor = ({ jobId, document: documentRef, reload }: InstructionsEditorProps) => {
  const document = getFragmentData(InstructionsEditor_document, documentRef);
  const [base, setBase] = useState<Base>(() => baseOf(document?.draft));
  const [title, setTitle] = useState(base.title);
  const [body, setBody] = useState(base.body);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const { save, loading: saving } = useSaveInstructions();
  const { publish, loading: publishing } = usePublishInstructions();
  const titleId = useId();
  const bodyId = useId();
  const changeNoteId = useId();
  const changeNoteHintId = useId();
  const [changeNote, setChangeNote] = useState('');
  const [previewing, setPreviewing] = useState(false);
  const dirty = title !== base.title || body !== base.body;
  const latest = document?.version ?? 0;
  const revisions = document?.revisions.edges.map((edge) => edge.node) ?? [];

  const startFrom = (next: Base) => {
    setBase(next);
    setTitle(next.title);
    setBody(next.body);
  };

  const onSave = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setProblem('Give the instructions a title.');
      return;
    }
    setProblem(null);
    setConflict(null);
    try {
      const revision = await save({ jobId, title: title.trim(), body, baseVersion: base.version });
      if (revision) startFrom({ version: revision.version, title: revision.title, body: revision.body });
      toasts.show({ message: `Saved version ${revision?.version ?? ''}.`, tone: 'success' });
    } catch (error) {
      const current = conflictVersion(error);
      if (current !== null) setConflict(current);
      else setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  const [reloading, setReloading] = useState(false);
  const onReload = async () => {
    setProblem(null);
    setReloading(true);
    try {
      await reload();
    } catch (error) {
      setReloading(false);
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  // Once the reload brought the newer draft into the cache, edit from it.
  if (reloading && conflict !== null && document?.draft && document.draft.version >= conflict) {
    setReloading(false);
    setConflict(null);
    startFrom(baseOf(document.draft));
  }
  // Someone saved (seen live) while nothing here was edited: follow the newer draft.
  if (!reloading && conflict === null && !dirty && document?.draft && document.draft.version > base.version) {
    startFrom(baseOf(document.draft));
  }

  const onPublish = async () => {
    if (!document) return;
    setProblem(null);
    try {
      const version = await publish(document.id, latest, changeNote);
      setChangeNote('');
      toasts.show({ message: `Published version ${version}. Trainers on the job are notified.`, tone: 'success' });
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  return (
    <div className="instructions-editor">
      <section className="card" aria-labelledby="instructions-editor-title">
        <header className="instructions-editor__header">
          <h2 id="instructions-editor-title">Edit instructions</h2>
          <p className="instructions__meta" role="status">
            {document
              ? `Editing from version ${base.version} · latest saved version ${latest} · ${
                  document.publishedVersion ? `version ${document.publishedVersion} published` : 'not published yet'
                }${document.hasUnpublishedChanges ? ' · unpublished changes' : ''}`
              : 'No instructions yet: the first save creates version 1.'}
          </p>
        </header>
        {conflict !== null && (
          <div className="banner banner--update" role="alert">
            <div>
              <strong>Someone else saved version {conflict} since you started editing</strong>
              <p>Your changes were not saved. Reload to edit from version {conflict} (your edits here are replaced).</p>
            </div>
            <button type="button" className="button button--primary" onClick={onReload} disabled={reloading}>
              {reloading ? 'Reloading…' : 'Reload'}
            </button>
          </div>
        )}
        <form className="instructions-editor__form" onSubmit={onSave} noValidate>
          <div className="field">
            <label htmlFor={titleId}>Title</label>
            <input id={titleId} value={title} onChange={(event) => setTitle(event.target.value)} required />
          </div>
          <div className="field">
            <div className="instructions-editor__body-header">
              {previewing ? (
                <span id={bodyId} className="instructions-editor__label">
                  Body (preview)
                </span>
              ) : (
                <label htmlFor={bodyId}>Body (Markdown)</label>
              )}
              <div className="segmented" role="group" aria-label="Body view">
                <button type="button" aria-pressed={!previewing} onClick={() => setPreviewing(false)}>
                  Write
                </button>
                <button type="button" aria-pressed={previewing} onClick={() => setPreviewing(true)}>
                  Preview
                </button>
              </div>
            </div>
            {previewing ? (
              // What trainers will read once this version is published, rendered the same way.
              <section className="instructions-editor__preview" aria-labelledby={bodyId}>
                {body.trim() ? <Markdown>{body}</Markdown> : <p className="field__hint">Nothing to preview yet.</p>}
              </section>
            ) : (
              <textarea id={bodyId} className="instructions-editor__body" rows={14} value={body} onChange={(event) => setBody(event.target.value)} />
            )}
          </div>
          {document && latest > 0 && document.publishedVersion !== latest && (
            <div className="field">
              <label htmlFor={changeNoteId}>What changed (optional)</label>
              <input
                id={changeNoteId}
                value={changeNote}
                maxLength={500}
                onChange={(event) => setChangeNote(event.target.value)}
                aria-describedby={changeNoteHintId}
              />
              <p className="field__hint" id={changeNoteHintId}>
                Shown to trainers with version {latest} when you publish it, next to the lines that changed.
              </p>
            </div>
          )}
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={saving || !dirty}>
              {saving ? 'Saving…' : 'Save draft'}
            </button>
            {document && (
              <button type="button" className="button" onClick={onPublish} disabled={publishing || latest === 0 || document.publishedVersion === latest}>
                {publishing ? 'Publishing…' : `Publish version ${latest}`}
              </button>
            )}
            {dirty && (
              <button type="button" className="button button--quiet" onClick={() => startFrom(base)} disabled={saving}>
                Discard changes
              </button>
            )}
          </div>
        </form>
      </section>

      {document && revisions.length > 0 && (
        <section className="card" aria-labelledby="revisions-title">
          <h2 id="revisions-title">Revisions</h2>
          <ol className="revisions" reversed>
            {revisions.map((revision) => (
              <li key={revision.id} className="revisions__item">
                <strong>Version {revision.version}</strong> · {revision.title} · {revision.author.name} ·{' '}
                <time dateTime={revision.createdAt}>{formatDateTime(revision.createdAt)}</time>
                {revision.version === document.publishedVersion && <span className="revisions__published"> · published</span>}
                {revision.changeNote && <span className="revisions__note"> · “{revision.changeNote}”</span>}
              </li>
            ))}
          </ol>
          {latest > 1 && (
            <InstructionsDiffView
              key={latest}
              documentId={document.id}
              versions={revisions.map((revision) => revision.version)}
              defaultFrom={latest - 1}
              defaultTo={latest}
            />
          )}
        </section>
      )}
    </div>
  );
};
