import { ApolloLink, type ApolloClient } from '@apollo/client';
import type { DocumentNode, FormattedExecutionResult } from 'graphql';
import { Observable } from 'rxjs';

import type { FirstAnswer, FirstAnswers } from './first-answers-arrival';
import { generatedQuery } from './generated-documents';

/**
 * On a returning visit `index.html` sends the page's first queries (first-page.ts) before any
 * script has run, beside the scripts' download instead of after it (`preload-shell.ts` writes
 * that inline script). This module hands their answers to Apollo Client: when a screen sends one
 * of those operations with the same variables, the link answers it with the answer already on
 * its way instead of sending it again. So there is still one request per query, as without it.
 *
 * An answer is used once, only for the token it was sent with, and only when it is data without
 * errors: anything else (an expired token, a server that does not take hashes, a network error)
 * is sent again by the app as if there had been no head start, and handled as usual.
 */
export type { FirstAnswer, FirstAnswers } from './first-answers-arrival';

/** The same variables in any key order, without `undefined` (which JSON leaves out anyway). */
export const variablesKey = (variables: Readonly<Record<string, unknown>> | undefined): string => {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  };
  return JSON.stringify(sorted(variables ?? {}));
};

/** Takes index.html's answers for this token (once: a later session starts without them). */
export const takeFirstAnswers = (token: string, scope: { __workroomFirstAnswers?: FirstAnswers } = window): FirstAnswer[] => {
  const sent = scope.__workroomFirstAnswers;
  delete scope.__workroomFirstAnswers;
  return sent?.token === token && Array.isArray(sent.answers) ? [...sent.answers] : [];
};

/**
 * Writes the answers that have arrived (`awaitFirstAnswers`) into the client's cache, so that the
 * page's first render reads its data there; settles once they are in. One answer per task: on a
 * phone writing a page's answer takes tens of milliseconds, and in one task with the others it
 * made the longest task of the page's load, so the browser takes its turn (`nextTask`) before each.
 * Each answer stays in `answers` too: a screen's query that goes to the network (cache-and-network)
 * is still answered by it through the link, not by a second request, unless a screen has shown it
 * from the cache (`retireAnswer`). An answer that is not usable data, or whose document has not
 * loaded, is left to the link alone.
 */
export const writeArrivedAnswers = async (
  client: ApolloClient,
  answers: FirstAnswer[],
  documentFor: (operationName: string) => DocumentNode | undefined = generatedQuery,
  nextTask: () => Promise<unknown> = () => new Promise((resolve) => setTimeout(resolve, 0)),
): Promise<void> => {
  answersInCache.set(client, answers);
  // A copy: between two tasks the link may take an answer out of `answers` (a screen's query).
  for (const sent of [...answers]) {
    const query = documentFor(sent.operationName);
    if (!query || !usable(sent.arrived ?? null)) continue;
    await nextTask();
    try {
      client.writeQuery({ query, variables: sent.variables, data: sent.arrived!.data as Record<string, unknown> });
      sent.inCache = true;
    } catch {
      // An answer that does not fit the document: the link still hands it to the screen's query.
    }
  }
};

/** Per client, the list its first-answers link answers from (`writeArrivedAnswers` marks those in its cache). */
const answersInCache = new WeakMap<ApolloClient, FirstAnswer[]>();

/**
 * index.html's answer to the screen's query (operation and variables) if `writeArrivedAnswers` put
 * it in `client`'s cache and no screen has used it yet (`retireAnswer`). The screen can then read
 * the cache alone (`cache-first`) instead of handing the same answer through the link, which
 * Apollo would write into the cache a second time and broadcast again to every screen that reads
 * it: on a phone the longest task after the data arrived. Only a look: a render React throws away
 * (a transition that suspended) must find it again.
 */
export const findAnswerInCache = (
  client: ApolloClient,
  operationName: string,
  variables: Readonly<Record<string, unknown>> | undefined,
): FirstAnswer | undefined => {
  const key = variablesKey(variables);
  return answersInCache.get(client)?.find((sent) => sent.inCache && sent.operationName === operationName && variablesKey(sent.variables) === key);
};

/** Takes an answer out of the link's list once a screen has shown it: a later refetch goes to the network. */
export const retireAnswer = (client: ApolloClient, answer: FirstAnswer): void => {
  const answers = answersInCache.get(client);
  const index = answers?.indexOf(answer) ?? -1;
  if (index !== -1) answers!.splice(index, 1);
};

const usable = (result: FormattedExecutionResult | null): result is FormattedExecutionResult =>
  result !== null && typeof result === 'object' && result.data !== undefined && result.data !== null && !result.errors?.length;

/** Answers an operation from `answers` when one matches it (and removes it), else forwards it. */
export const createFirstAnswersLink = (answers: FirstAnswer[]): ApolloLink =>
  new ApolloLink((operation, forward) => {
    if (answers.length === 0) return forward(operation);
    const key = variablesKey(operation.variables);
    const index = answers.findIndex((sent) => sent.operationName === operation.operationName && variablesKey(sent.variables) === key);
    if (index === -1) return forward(operation);
    const [sent] = answers.splice(index, 1);
    return new Observable<ApolloLink.Result>((observer) => {
      let forwarded: { unsubscribe: () => void } | undefined;
      let closed = false;
      sent!.answer.then(
        (result) => {
          if (closed) return;
          if (usable(result)) {
            observer.next(result as ApolloLink.Result);
            observer.complete();
          } else {
            forwarded = forward(operation).subscribe(observer);
          }
        },
        () => {
          if (!closed) forwarded = forward(operation).subscribe(observer);
        },
      );
      return () => {
        closed = true;
        forwarded?.unsubscribe();
      };
    });
  });
