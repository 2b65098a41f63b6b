import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';

import { errorMessage } from '../../ui/QueryState';
import { newIdempotencyKey } from '../reports/idempotency';
import { useSendMessage } from './use-send-message';

export const MAX_MESSAGE_LENGTH = 10_000;

interface SendBoxProps {
  channelId: string;
  channelName: string;
  /** Called after a message was sent (the thread scrolls to it). */
  onSent?: () => void;
}

/** Enter sends, Shift+Enter starts a new line. An empty message is refused before any request. */
export const SendBox = ({ channelId, channelName, onSent }: SendBoxProps) => {
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { send, loading } = useSendMessage();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  // One key per message: sending it again after a failure (its answer may have been lost) can
  // never post it twice. Editing the text makes it a new message, with a new key.
  const attemptKey = useRef<string | null>(null);
  const inputId = useId();
  const problemId = useId();

  const submit = async () => {
    const text = body.trim();
    if (!text) {
      setProblem('Write a message before sending.');
      inputRef.current?.focus();
      return;
    }
    if (text.length > MAX_MESSAGE_LENGTH) {
      setProblem(`A message can be at most ${MAX_MESSAGE_LENGTH.toLocaleString()} characters.`);
      return;
    }
    setProblem(null);
    try {
      attemptKey.current ??= newIdempotencyKey();
      await send(channelId, text, attemptKey.current);
      attemptKey.current = null;
      setBody('');
      onSent?.();
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  const remaining = MAX_MESSAGE_LENGTH - body.length;
  return (
    <form className="send-box" onSubmit={onSubmit} noValidate>
      <label htmlFor={inputId} className="visually-hidden">
        Message {channelName}
      </label>
      <textarea
        id={inputId}
        ref={inputRef}
        className="send-box__input"
        value={body}
        rows={2}
        placeholder="Write a message…"
        onChange={(event) => {
          setBody(event.target.value);
          attemptKey.current = null;
          if (problem) setProblem(null);
        }}
        onKeyDown={onKeyDown}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
      />
      <button type="submit" className="button button--primary" disabled={loading}>
        {loading ? 'Sending…' : 'Send'}
      </button>
      {problem && (
        <p id={problemId} className="form-error send-box__problem" role="alert">
          {problem}
        </p>
      )}
      {remaining < 500 && (
        <p className="send-box__count" aria-live="polite">
          {remaining.toLocaleString()} characters left
        </p>
      )}
    </form>
  );
};
