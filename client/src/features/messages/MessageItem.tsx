import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../ui/format';
import { errorMessage } from '../../ui/QueryState';
import { useEditMessage } from './use-edit-message';

export const MessageItem_message = graphql(`
  fragment MessageItem_message on Message {
    id
    body
    createdAt
    editedAt
    author {
      id
      name
      role
    }
  }
`);

interface MessageItemProps {
  message: FragmentType<typeof MessageItem_message>;
  viewerId: string | null;
}

/** The server's bound on a message (messaging.inputs.ts). */
const MAX_BODY = 10_000;

/** One message; the author may edit their own ("edited" then shows to everyone, live). */
export const MessageItem = ({ message: messageRef, viewerId }: MessageItemProps) => {
  const message = getFragmentData(MessageItem_message, messageRef);
  const own = message.author.id === viewerId;
  const [editing, setEditing] = useState(false);
  return (
    <li className={`message${own ? ' message--own' : ''}`}>
      <div className="message__meta">
        <span className="message__author">{own ? 'You' : message.author.name}</span>
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        {message.editedAt && (
          <span className="message__edited" title={`Edited ${formatDateTime(message.editedAt)}`}>
            (edited)
          </span>
        )}
        {own && !editing && (
          <button type="button" className="message__edit-button" onClick={() => setEditing(true)}>
            Edit<span className="visually-hidden"> your message from {formatDateTime(message.createdAt)}</span>
          </button>
        )}
      </div>
      {editing ? (
        <EditMessageForm messageId={message.id} body={message.body} onDone={() => setEditing(false)} />
      ) : (
        <p className="message__body">{message.body}</p>
      )}
    </li>
  );
};

interface EditMessageFormProps {
  messageId: string;
  body: string;
  onDone: () => void;
}

const EditMessageForm = ({ messageId, body: original, onDone }: EditMessageFormProps) => {
  const [body, setBody] = useState(original);
  const [problem, setProblem] = useState<string | null>(null);
  const { edit, loading } = useEditMessage();
  const fieldId = useId();
  const problemId = useId();

  const onSubmit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) {
      setProblem('A message cannot be empty.');
      return;
    }
    if (body.trim() === original.trim()) {
      onDone();
      return;
    }
    setProblem(null);
    try {
      await edit(messageId, body);
      onDone();
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void onSubmit();
    }
  };

  return (
    <form className="message__edit" onSubmit={onSubmit} noValidate>
      <label htmlFor={fieldId} className="visually-hidden">
        Edit your message
      </label>
      <textarea
        id={fieldId}
        value={body}
        rows={Math.min(8, Math.max(2, body.split('\n').length))}
        maxLength={MAX_BODY}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={problem ? problemId : undefined}
        aria-invalid={problem ? true : undefined}
        // The Edit button that opened this is gone: keep keyboard focus on the text.
        autoFocus
      />
      <div className="message__edit-actions">
        <button type="submit" className="button button--small button--primary" disabled={loading}>
          {loading ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--small button--quiet" onClick={onDone} disabled={loading}>
          Cancel
        </button>
        <span className="field__hint">Enter saves · Shift+Enter for a new line · Esc cancels</span>
      </div>
      {problem && (
        <p id={problemId} className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
};
