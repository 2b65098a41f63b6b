import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { parse, type FormattedExecutionResult } from 'graphql';
import { describe, expect, it, vi } from 'vitest';

import { awaitFirstAnswers } from './first-answers-arrival';
import {
  createFirstAnswersLink,
  findAnswerInCache,
  retireAnswer,
  takeFirstAnswers,
  variablesKey,
  writeArrivedAnswers,
  type FirstAnswer,
} from './first-answers';

const ShellViewer = parse('query ShellViewer { viewer { __typename id name } }');
const ManageJob = parse('query ManageJob($contractId: ID!, $channels: Int!) { node(id: $contractId) { __typename id } }');

const viewer = { viewer: { __typename: 'Viewer', id: 'V1', name: 'Alex' } };
const job = { node: { __typename: 'Contract', id: 'C1' } };

/** A client whose network is a fetch double answering every request with `answer`. */
const clientWith = (answers: FirstAnswer[], answer: FormattedExecutionResult = { data: viewer }) => {
  const fetch = vi.fn(async () => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }));
  const client = new ApolloClient({
    cache: new InMemoryCache(),
    link: ApolloLink.from([createFirstAnswersLink(answers), new HttpLink({ uri: '/graphql', fetch })]),
  });
  return { client, fetch };
};

const sent = (operationName: string, variables: Record<string, unknown>, result: FormattedExecutionResult | null): FirstAnswer => ({
  operationName,
  variables,
  answer: Promise.resolve(result),
});

describe('answers sent by index.html ahead of the scripts', () => {
  it('answers the same operation with the same variables (in any key order) without a request, once', async () => {
    const answers = [sent('ShellViewer', {}, { data: viewer }), sent('ManageJob', { channels: 20, contractId: 'C1' }, { data: job })];
    const { client, fetch } = clientWith(answers, { data: job });

    await expect(client.query({ query: ShellViewer })).resolves.toMatchObject({ data: viewer });
    await expect(client.query({ query: ManageJob, variables: { contractId: 'C1', channels: 20 } })).resolves.toMatchObject({ data: job });
    expect(fetch).not.toHaveBeenCalled();
    expect(answers).toHaveLength(0);

    // Asked again, it goes to the network: an answer stands in for one request only.
    await client.query({ query: ManageJob, variables: { contractId: 'C1', channels: 20 }, fetchPolicy: 'network-only' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('sends the request itself when the variables differ, and leaves the answer unused', async () => {
    const answers = [sent('ManageJob', { contractId: 'C2', channels: 20 }, { data: job })];
    const { client, fetch } = clientWith(answers, { data: job });
    await client.query({ query: ManageJob, variables: { contractId: 'C1', channels: 20 } });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(answers).toHaveLength(1);
  });

  it('sends the request itself when the head start failed or carried errors (so they are handled as usual)', async () => {
    for (const failed of [null, { errors: [{ message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED' } }] }]) {
      const { client, fetch } = clientWith([sent('ShellViewer', {}, failed)]);
      await expect(client.query({ query: ShellViewer })).resolves.toMatchObject({ data: viewer });
      expect(fetch).toHaveBeenCalledTimes(1);
    }
    const rejected: FirstAnswer = { operationName: 'ShellViewer', variables: {}, answer: Promise.reject(new Error('offline')) };
    const { client, fetch } = clientWith([rejected]);
    await expect(client.query({ query: ShellViewer })).resolves.toMatchObject({ data: viewer });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('hands the answers over once, and only to the session of the token they were sent with', () => {
    const answers = [sent('ShellViewer', {}, { data: viewer })];
    expect(takeFirstAnswers('other', { __workroomFirstAnswers: { token: 'mine', answers } })).toEqual([]);
    const scope = { __workroomFirstAnswers: { token: 'mine', answers } };
    expect(takeFirstAnswers('mine', scope)).toEqual(answers);
    expect(takeFirstAnswers('mine', scope)).toEqual([]);
  });

  it('compares variables whatever their key order, ignoring undefined', () => {
    expect(variablesKey({ b: 1, a: { d: null, c: [2] } })).toBe(variablesKey({ a: { c: [2], d: null }, b: 1, e: undefined }));
    expect(variablesKey(undefined)).toBe(variablesKey({}));
  });

  it('writes the answers that have arrived into the cache before the first render, and still answers the screen’s query from them', async () => {
    const never: FirstAnswer = { operationName: 'ManageJob', variables: { contractId: 'C1', channels: 20 }, answer: new Promise(() => undefined) };
    const failed = sent('ShellViewer', {}, { errors: [{ message: 'Not signed in' }] });
    const answers = [sent('ShellViewer', {}, { data: viewer }), never];
    await awaitFirstAnswers(20, { __workroomFirstAnswers: { token: 't', answers } });
    expect(answers[0]!.arrived).toEqual({ data: viewer });
    expect(never.arrived).toBeUndefined();

    const { client, fetch } = clientWith(answers);
    const documents = new Map([
      ['ShellViewer', ShellViewer],
      ['ManageJob', ManageJob],
    ]);
    await writeArrivedAnswers(client, answers, (name) => documents.get(name));
    expect(client.readQuery({ query: ShellViewer })).toEqual(viewer);
    expect(client.readQuery({ query: ManageJob, variables: { contractId: 'C1', channels: 20 } })).toBeNull();
    // The screen's cache-and-network query: the cache now, and the same answer instead of a request.
    await expect(client.query({ query: ShellViewer, fetchPolicy: 'network-only' })).resolves.toMatchObject({ data: viewer });
    expect(fetch).not.toHaveBeenCalled();

    // An answer that is not data is left to the link (which sends the query again).
    failed.arrived = await failed.answer;
    const other = clientWith([failed]);
    await writeArrivedAnswers(other.client, [failed], (name) => documents.get(name));
    expect(other.client.readQuery({ query: ShellViewer })).toBeNull();
  });

  it('lets a screen read an answer that is in the cache once (no second write), and leaves a later refetch to the network', async () => {
    const never: FirstAnswer = { operationName: 'ManageJob', variables: { contractId: 'C1', channels: 20 }, answer: new Promise(() => undefined) };
    const answers = [sent('ShellViewer', {}, { data: viewer }), never];
    await awaitFirstAnswers(20, { __workroomFirstAnswers: { token: 't', answers } });
    const { client, fetch } = clientWith(answers, { data: { viewer: { ...viewer.viewer, name: 'Alex B.' } } });
    const documents = new Map([
      ['ShellViewer', ShellViewer],
      ['ManageJob', ManageJob],
    ]);
    await writeArrivedAnswers(client, answers, (name) => documents.get(name));

    // Only an answer that is in the cache, with the same variables, and found again until a screen has shown it.
    expect(findAnswerInCache(client, 'ManageJob', { contractId: 'C1', channels: 20 })).toBeUndefined();
    expect(findAnswerInCache(client, 'ShellViewer', { other: 1 })).toBeUndefined();
    const shown = findAnswerInCache(client, 'ShellViewer', {});
    expect(shown).toBe(answers[0]);
    expect(findAnswerInCache(client, 'ShellViewer', {})).toBe(shown);
    retireAnswer(client, shown!);
    expect(findAnswerInCache(client, 'ShellViewer', {})).toBeUndefined();
    expect(answers.map((answer) => answer.operationName)).toEqual(['ManageJob']);

    // The screen reads the cache; a refetch asks the server, not the answer of the page's load.
    await expect(client.query({ query: ShellViewer, fetchPolicy: 'cache-first' })).resolves.toMatchObject({ data: viewer });
    expect(fetch).not.toHaveBeenCalled();
    await expect(client.query({ query: ShellViewer, fetchPolicy: 'network-only' })).resolves.toMatchObject({
      data: { viewer: { name: 'Alex B.' } },
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    // A client that was given no answers has none in its cache.
    expect(findAnswerInCache(clientWith([]).client, 'ShellViewer', {})).toBeUndefined();
  });

  it('writes the arrived answers one per task, so that the browser gets its turn between them', async () => {
    const failed = sent('ManageJob', { contractId: 'C1', channels: 20 }, null);
    const answers = [sent('ShellViewer', {}, { data: viewer }), failed, sent('ManageJob', { contractId: 'C2', channels: 20 }, { data: job })];
    await awaitFirstAnswers(20, { __workroomFirstAnswers: { token: 't', answers } });
    const { client } = clientWith(answers);
    const documents = new Map([
      ['ShellViewer', ShellViewer],
      ['ManageJob', ManageJob],
    ]);
    const written: string[] = [];
    const turns: string[][] = [];
    const nextTask = async () => {
      turns.push([...written]);
      await Promise.resolve();
    };
    const spy = vi.spyOn(client, 'writeQuery').mockImplementation(function (this: unknown, options) {
      written.push(String((options.variables as { contractId?: string } | undefined)?.contractId ?? 'viewer'));
      return ApolloClient.prototype.writeQuery.call(client, options);
    });
    await writeArrivedAnswers(client, answers, (name) => documents.get(name), nextTask);
    // A turn before each answer that is data (the failed one is left to the link, without a turn).
    expect(turns).toEqual([[], ['viewer']]);
    expect(written).toEqual(['viewer', 'C2']);
    expect(client.readQuery({ query: ManageJob, variables: { contractId: 'C2', channels: 20 } })).toEqual(job);
    expect(findAnswerInCache(client, 'ManageJob', { contractId: 'C2', channels: 20 })).toBe(answers[2]);
    expect(findAnswerInCache(client, 'ManageJob', { contractId: 'C1', channels: 20 })).toBeUndefined();
    spy.mockRestore();
  });
});
