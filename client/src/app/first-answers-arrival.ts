import type { FormattedExecutionResult } from 'graphql';

/**
 * index.html's first answers as the page finds them (preload-shell.ts writes them, first-answers.ts
 * hands them to Apollo Client), and the wait for them before the app's first render. Apart from
 * first-answers.ts, which imports Apollo Client: the main chunk (routes.tsx) waits for the
 * answers, and must not pull Apollo Client in with it.
 */
export interface FirstAnswer {
  operationName: string;
  variables: Record<string, unknown>;
  /** The parsed body of a 200 answer; null when the request failed or was refused. */
  answer: Promise<FormattedExecutionResult | null>;
  /** `answer`'s value once it has arrived, recorded by `awaitFirstAnswers`. */
  arrived?: FormattedExecutionResult | null;
  /** Set by `writeArrivedAnswers` once `arrived` is in the client's cache. */
  inCache?: boolean;
}

export interface FirstAnswers {
  token: string;
  answers: FirstAnswer[];
}

declare global {
  interface Window {
    /** Written by index.html's inline script on a returning visit (preload-shell.ts). */
    __workroomFirstAnswers?: FirstAnswers;
  }
}

/**
 * Waits for index.html's answers, at most `waitMs`, and records each one that arrived on it
 * (`arrived`): the app's first render then draws the page from them (`writeArrivedAnswers`) in
 * one pass, instead of drawing the shell and the page's loading state first and each answer
 * after it as an update of its own. Never rejects.
 */
export const awaitFirstAnswers = (waitMs: number, scope: { __workroomFirstAnswers?: FirstAnswers } = window): Promise<unknown> => {
  const answers = scope.__workroomFirstAnswers?.answers;
  if (!Array.isArray(answers) || answers.length === 0) return Promise.resolve();
  const arrived = Promise.all(
    answers.map((sent) =>
      sent.answer.then(
        (result) => {
          sent.arrived = result;
        },
        () => undefined,
      ),
    ),
  );
  return Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, waitMs))]);
};
