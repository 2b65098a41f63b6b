import { applyPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId as gid } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import type { User } from '../src/modules/accounts/user.entity.js';
import { ContractStatus } from '../src/modules/contracts/contract.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type GraphQLResponse, type TestServer } from './helpers.js';

/**
 * Instructions and access grants through the API: who may write them, versions that never
 * overwrite each other, what a trainer sees before and after publishing, acknowledgements, diffs,
 * and the Access tab.
 */
let server: TestServer;
let factory: Factory;
let organization: Organization;
let employer: User;
let trainer: User;
const tokens = { employer: '', coworker: '', trainer: '', otherEmployer: '', otherTrainer: '' };
type Who = keyof typeof tokens;

beforeAll(async () => {
  server = await startTestServer();
  factory = new Factory(server.workroom.dataSource);
  organization = await factory.organization({ name: 'Northwind AI' });
  const other = await factory.organization({ name: 'Helios Labs' });
  employer = await factory.employer(organization, { email: 'ia-employer@test.example', name: 'Morgan Lee' });
  await factory.employer(organization, { email: 'ia-coworker@test.example', name: 'Sam Ortega' });
  await factory.employer(other, { email: 'ia-other-employer@test.example' });
  trainer = await factory.trainer({ email: 'ia-trainer@test.example', name: 'Alex Rivera' });
  // Works for the same organization, on another job: knows the organization, not these jobs.
  const otherTrainer = await factory.trainer({ email: 'ia-other-trainer@test.example' });
  await factory.contract(await factory.job(organization), otherTrainer);
  tokens.employer = await server.signIn('ia-employer@test.example');
  tokens.coworker = await server.signIn('ia-coworker@test.example');
  tokens.trainer = await server.signIn('ia-trainer@test.example');
  tokens.otherEmployer = await server.signIn('ia-other-employer@test.example');
  tokens.otherTrainer = await server.signIn('ia-other-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

const documentFields = `id status version publishedVersion publishedAt hasUnpublishedChanges hasUnreadUpdate acknowledgedVersion
  published { version title body } draft { version title body author { name } }`;
const grantFields = 'id kind name url note grantedAt revokedAt grantedBy { name } contract { id }';

const mutations = {
  save: `mutation ($input: SaveInstructionsInput!) { saveInstructions(input: $input) {
    document { ${documentFields} } revision { version title body author { name } } } }`,
  publish: `mutation ($input: PublishInstructionsInput!) { publishInstructions(input: $input) { document { ${documentFields} } revision { version } } }`,
  acknowledge: `mutation ($input: AcknowledgeInstructionsInput!) { acknowledgeInstructions(input: $input) { document { ${documentFields} } } }`,
  grant: `mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { accessGrant { ${grantFields} } } }`,
  revoke: `mutation ($input: RevokeAccessInput!) { revokeAccess(input: $input) { accessGrant { ${grantFields} } } }`,
};

interface DocumentView {
  id: string;
  status: string;
  version: number | null;
  publishedVersion: number | null;
  publishedAt: string | null;
  hasUnpublishedChanges: boolean;
  hasUnreadUpdate: boolean;
  acknowledgedVersion: number | null;
  published: { version: number; title: string; body: string } | null;
  draft: { version: number; title: string; body: string; author: { name: string } } | null;
}

interface GrantView {
  id: string;
  kind: string;
  name: string;
  url: string | null;
  note: string | null;
  grantedAt: string;
  revokedAt: string | null;
  grantedBy: { name: string };
  contract: { id: string };
}

function run<T = Record<string, unknown>>(mutation: string, who: Who | null, input: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  return server.graphql<T>(mutation, { variables: { input }, token: who ? tokens[who] : undefined });
}

function errorOf(result: GraphQLResponse<unknown>) {
  return { code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.field };
}

/** A job of the organization with the trainer hired on it. */
async function hire() {
  const job = await factory.job(organization);
  const contract = await factory.contract(job, trainer);
  return { job, contract, jobId: gid('Job', job.id), contractId: gid('Contract', contract.id) };
}

async function save(who: Who, input: Record<string, unknown>) {
  return run<{ saveInstructions: { document: DocumentView; revision: { version: number; body: string; author: { name: string } } } }>(mutations.save, who, {
    title: 'Labeling guide',
    ...input,
  });
}

/** The job's instructions as `who` sees them (null when they may not). */
async function instructionsOf(who: Who, jobId: string) {
  const result = await server.graphql<{
    node: { instructions: (DocumentView & { revisions: { totalCount: number; nodes: Array<{ author: { name: string } }> } }) | null };
  }>(`query ($id: ID!) { node(id: $id) { ... on Job { instructions { ${documentFields} revisions(first: 50) { totalCount nodes { author { name } } } } } } }`, {
    variables: { id: jobId },
    token: tokens[who],
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.node.instructions;
}

async function feedOf(who: Who) {
  const result = await server.graphql<{
    viewer: { latestActivity: { totalCount: number; nodes: Array<{ type: string; summary: string; subject: { id: string } | null }> } };
  }>('{ viewer { latestActivity(first: 10) { totalCount nodes { type summary subject { id } } } } }', { token: tokens[who] });
  return result.data!.viewer.latestActivity;
}

async function grantsOf(who: Who, contractId: string, includeRevoked: boolean) {
  const result = await server.graphql<{ node: { accessGrants: { totalCount: number; nodes: Array<{ name: string; revokedAt: string | null }> } } }>(
    `query ($id: ID!, $includeRevoked: Boolean!) { node(id: $id) { ... on Contract {
      accessGrants(includeRevoked: $includeRevoked) { totalCount nodes { name revokedAt } } } } }`,
    { variables: { id: contractId, includeRevoked }, token: tokens[who] },
  );
  return result.data!.node.accessGrants;
}

const sql = <T>(query: string, parameters: unknown[]) => server.workroom.dataSource.query(query, parameters) as Promise<T[]>;

describe('refused first: nothing changes', () => {
  it('refuses each mutation to the wrong role, another organization and another trainer', async () => {
    const { job, contract, jobId, contractId } = await hire();
    const { document } = await factory.instructions(job, employer, { versions: 2, publishedVersion: 1 });
    const grant = await factory.accessGrant(contract, employer);
    const documentId = gid('InstructionDocument', document.id);
    const accessGrantId = gid('AccessGrant', grant.id);

    const cases: Array<{ name: string; mutation: string; input: Record<string, unknown>; refused: Partial<Record<Who, string>> }> = [
      {
        name: 'saveInstructions',
        mutation: mutations.save,
        input: { jobId, title: 'Mine now', body: 'Overwritten', baseVersion: 2 },
        // The trainer reads the published version, so sees that editing is not theirs to do.
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'publishInstructions',
        mutation: mutations.publish,
        input: { documentId, version: 2 },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'acknowledgeInstructions',
        mutation: mutations.acknowledge,
        input: { documentId, version: 1 },
        refused: { employer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'grantAccess',
        mutation: mutations.grant,
        input: { contractId, kind: 'TOOL', name: 'Backdoor', url: 'https://evil.example.com' },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
      {
        name: 'revokeAccess',
        mutation: mutations.revoke,
        input: { accessGrantId },
        refused: { trainer: 'FORBIDDEN', otherEmployer: 'NOT_FOUND', otherTrainer: 'NOT_FOUND' },
      },
    ];
    for (const { name, mutation, input, refused } of cases) {
      const signedOut = await run(mutation, null, input);
      expect(signedOut.errors?.[0]?.extensions?.code, `${name} signed out`).toBe('UNAUTHENTICATED');
      for (const [who, code] of Object.entries(refused) as Array<[Who, string]>) {
        const result = await run(mutation, who, input);
        expect(result.errors?.[0]?.extensions?.code, `${name} as ${who}`).toBe(code);
        expect(result.data, `${name} as ${who}`).toBeNull();
      }
    }

    const [row] = await sql<Record<string, unknown>>(
      `SELECT version, published_version, status, title, body, (SELECT count(*)::int FROM instruction_revisions WHERE document_id = $1) AS revisions,
              (SELECT count(*)::int FROM instruction_acks WHERE document_id = $1) AS acks
         FROM instruction_documents WHERE id = $1`,
      [document.id],
    );
    expect(row).toEqual({ version: 2, published_version: 1, status: 'PUBLISHED', title: 'Guidelines', body: '# Guidelines v2', revisions: 2, acks: 0 });
    expect(await grantsOf('trainer', contractId, true)).toEqual({ totalCount: 1, nodes: [{ name: 'Labelbox workspace', revokedAt: null }] });
    const [events] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE job_id = $1 OR subject_id = ANY($2::uuid[])', [
      job.id,
      [document.id, grant.id],
    ]);
    expect(events!.n).toBe(0);
  });

  it('tells a trainer who cannot see the instructions nothing: NOT_FOUND, not FORBIDDEN', async () => {
    const drafted = await hire();
    const { document } = await factory.instructions(drafted.job, employer, { versions: 1, publishedVersion: null });
    const none = await hire();
    const attempts: Array<[string, Record<string, unknown>]> = [
      [mutations.save, { jobId: drafted.jobId, title: 'Labeling guide', body: 'x', baseVersion: 1 }],
      [mutations.save, { jobId: none.jobId, title: 'Labeling guide', body: 'x' }],
      [mutations.publish, { documentId: gid('InstructionDocument', document.id) }],
      [mutations.acknowledge, { documentId: gid('InstructionDocument', document.id), version: 1 }],
    ];
    for (const [mutation, input] of attempts) {
      const result = await run(mutation, 'trainer', input);
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toEqual({ code: 'NOT_FOUND' });
    }
    const [row] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM instruction_documents WHERE job_id = ANY($1::uuid[])', [
      [drafted.job.id, none.job.id],
    ]);
    expect(row!.n).toBe(1);
  });

  it('names the field for bad input: titles, bodies, versions, links, ids', async () => {
    const { job, jobId, contractId } = await hire();
    const { document } = await factory.instructions(job, employer, { versions: 2, publishedVersion: 1 });
    const documentId = gid('InstructionDocument', document.id);
    const valid = { jobId, title: 'Labeling guide', body: 'Fine', baseVersion: 2 };

    const saves: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, title: '' }, 'title'],
      [{ ...valid, title: '    ' }, 'title'],
      [{ ...valid, title: 'x'.repeat(201) }, 'title'],
      [{ ...valid, body: 'x'.repeat(200_001) }, 'body'],
      [{ ...valid, baseVersion: -1 }, 'baseVersion'],
      [{ ...valid, baseVersion: 7 }, 'baseVersion'],
      [{ ...valid, jobId: 'not-an-id' }, 'jobId'],
      [{ ...valid, jobId: contractId }, 'jobId'],
    ];
    for (const [input, field] of saves) {
      expect(errorOf(await run(mutations.save, 'employer', input)), JSON.stringify(input).slice(0, 120)).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    const others: Array<[string, Who, Record<string, unknown>, string]> = [
      [mutations.publish, 'employer', { documentId, version: 9 }, 'version'],
      [mutations.publish, 'employer', { documentId, version: 0 }, 'version'],
      [mutations.publish, 'employer', { documentId: jobId }, 'documentId'],
      // Version 2 is a draft: the trainer cannot have read it.
      [mutations.acknowledge, 'trainer', { documentId, version: 2 }, 'version'],
      [mutations.acknowledge, 'trainer', { documentId, version: 0 }, 'version'],
      [mutations.grant, 'employer', { contractId, kind: 'TOOL', name: 'Annotator', url: 'javascript:alert(1)' }, 'url'],
      [mutations.grant, 'employer', { contractId, kind: 'TOOL', name: 'Annotator', url: 'ftp://files.example.com/set' }, 'url'],
      [mutations.grant, 'employer', { contractId, kind: 'TOOL', name: '  ' }, 'name'],
      [mutations.grant, 'employer', { contractId, kind: 'TOOL', name: 'x'.repeat(201) }, 'name'],
      [mutations.grant, 'employer', { contractId, kind: 'TOOL', name: 'Annotator', note: 'x'.repeat(2_001) }, 'note'],
      [mutations.revoke, 'employer', { accessGrantId: contractId }, 'accessGrantId'],
    ];
    for (const [mutation, who, input, field] of others) {
      expect(errorOf(await run(mutation, who, input)), JSON.stringify(input).slice(0, 120)).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    for (const [fromVersion, toVersion, field, unknown] of [
      [9, 1, 'fromVersion', 9],
      [1, 0, 'toVersion', 0],
    ] as const) {
      const result = await server.graphql(
        'query ($id: ID!, $from: Int!, $to: Int!) { node(id: $id) { ... on InstructionDocument { diff(fromVersion: $from, toVersion: $to) { added } } } }',
        { variables: { id: documentId, from: fromVersion, to: toVersion }, token: tokens.employer },
      );
      expect(errorOf(result)).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(result.errors?.[0]?.message).toBe(`There is no version ${unknown}: the saved versions are 1 to 2.`);
    }

    const [row] = await sql<Record<string, unknown>>(
      'SELECT version, published_version, (SELECT count(*)::int FROM instruction_revisions WHERE document_id = $1) AS revisions FROM instruction_documents WHERE id = $1',
      [document.id],
    );
    expect(row).toEqual({ version: 2, published_version: 1, revisions: 2 });
    expect((await grantsOf('employer', contractId, true)).totalCount).toBe(0);

    // The limits themselves are allowed.
    const atLimits = await save('employer', { ...valid, title: 't'.repeat(200), body: 'x'.repeat(200_000) });
    expect(atLimits.errors).toBeUndefined();
    expect(atLimits.data?.saveInstructions.revision.version).toBe(3);
  });

  it('refuses to publish the version that is already published, and to grant access on an ended contract', async () => {
    const { job, contract, contractId } = await hire();
    const { document } = await factory.instructions(job, employer, { versions: 2, publishedVersion: 2 });
    const again = await run(mutations.publish, 'employer', { documentId: gid('InstructionDocument', document.id) });
    expect(again.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'PUBLISHED', attemptedAction: 'PUBLISH' });
    expect(again.errors?.[0]?.message).toBe('Version 2 is already the published version; save changes to publish a new one.');

    await sql('UPDATE contracts SET status = $1 WHERE id = $2', [ContractStatus.ENDED, contract.id]);
    const ended = await run(mutations.grant, 'employer', { contractId, kind: 'TOOL', name: 'Annotator' });
    expect(ended.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'ENDED', attemptedAction: 'GRANT_ACCESS' });
    expect((await grantsOf('employer', contractId, true)).totalCount).toBe(0);
  });
});

describe('saving: versions never overwrite each other', () => {
  it('refuses a save based on an old version with CONFLICT and keeps the first text', async () => {
    const { jobId } = await hire();
    const created = await save('employer', { jobId, body: 'Draw boxes around cars.\n' });
    expect(created.errors).toBeUndefined();
    expect(created.data?.saveInstructions).toMatchObject({
      document: { status: 'DRAFT', version: 1, publishedVersion: null, published: null, draft: { version: 1, author: { name: 'Morgan Lee' } } },
      revision: { version: 1, body: 'Draw boxes around cars.\n', author: { name: 'Morgan Lee' } },
    });

    // Both employers open version 1.
    expect((await instructionsOf('employer', jobId))?.version).toBe(1);
    expect((await instructionsOf('coworker', jobId))?.version).toBe(1);

    const first = await save('employer', { jobId, body: "Morgan's text\n", baseVersion: 1 });
    expect(first.data?.saveInstructions.revision).toMatchObject({ version: 2, body: "Morgan's text\n" });

    const second = await save('coworker', { jobId, title: "Sam's title", body: "Sam's text\n", baseVersion: 1 });
    expect(second.data).toBeNull();
    expect(second.errors?.[0]?.message).toBe('Someone else saved version 2 since you started editing; reload and merge your changes.');
    expect(second.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', currentVersion: 2 });

    const after = await instructionsOf('coworker', jobId);
    expect(after).toMatchObject({ version: 2, draft: { version: 2, title: 'Labeling guide', body: "Morgan's text\n", author: { name: 'Morgan Lee' } } });
    expect(after?.revisions.totalCount).toBe(2);

    // Reloaded and merged, the second save lands on top.
    const merged = await save('coworker', { jobId, body: "Morgan's text\nSam's addition\n", baseVersion: 2 });
    expect(merged.data?.saveInstructions.revision).toMatchObject({ version: 3, author: { name: 'Sam Ortega' } });
    expect((await instructionsOf('employer', jobId))?.revisions.nodes.map((revision) => revision.author.name)).toEqual([
      'Sam Ortega',
      'Morgan Lee',
      'Morgan Lee',
    ]);
  });

  it('lets exactly one of several concurrent saves from the same version win', async () => {
    const { jobId } = await hire();
    await save('employer', { jobId, body: 'Start\n' });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, attempt) => save(attempt % 2 ? 'coworker' : 'employer', { jobId, body: `Attempt ${attempt}\n`, baseVersion: 1 })),
    );
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(5);
    for (const loser of losers) expect(loser.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', currentVersion: 2 });
    const document = await instructionsOf('employer', jobId);
    expect(document?.version).toBe(2);
    expect(document?.draft?.body).toBe(winners[0]!.data!.saveInstructions.revision.body);
    expect(document?.revisions.totalCount).toBe(2);
  });

  it('creates the document once when the first saves race', async () => {
    const { job, jobId } = await hire();
    const results = await Promise.all(Array.from({ length: 4 }, (_, attempt) => save('employer', { jobId, body: `First ${attempt}\n` })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    for (const loser of results.filter((result) => result.errors)) {
      expect(loser.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', currentVersion: 1 });
    }
    const [row] = await sql<{ documents: number; revisions: number }>(
      `SELECT count(DISTINCT d.id)::int AS documents, count(r.id)::int AS revisions
         FROM instruction_documents d JOIN instruction_revisions r ON r.document_id = d.id WHERE d.job_id = $1`,
      [job.id],
    );
    expect(row).toEqual({ documents: 1, revisions: 1 });
  });
});

describe('publishing: what the trainer reads', () => {
  it('never shows a draft; publishing shows the new version as an unread update until acknowledged', async () => {
    const { jobId } = await hire();
    const created = await save('employer', { jobId, body: 'Version one\n' });
    const documentId = created.data!.saveInstructions.document.id;

    // A document that was never published does not exist for the trainer.
    expect(await instructionsOf('trainer', jobId)).toBeNull();
    expect((await feedOf('trainer')).nodes.some((event) => event.type === 'INSTRUCTIONS_SAVED')).toBe(false);
    expect((await feedOf('employer')).nodes[0]).toMatchObject({
      type: 'INSTRUCTIONS_SAVED',
      summary: 'Morgan Lee saved draft version 1 of "Labeling guide"',
      subject: { id: documentId },
    });

    const published = await run<{ publishInstructions: { document: DocumentView; revision: { version: number } } }>(mutations.publish, 'employer', {
      documentId,
    });
    expect(published.errors).toBeUndefined();
    expect(published.data?.publishInstructions.revision.version).toBe(1);
    expect(published.data?.publishInstructions.document).toMatchObject({ status: 'PUBLISHED', publishedVersion: 1, hasUnpublishedChanges: false });
    expect(published.data?.publishInstructions.document.publishedAt).toEqual(expect.any(String));

    expect(await instructionsOf('trainer', jobId)).toMatchObject({
      id: documentId,
      version: null,
      publishedVersion: 1,
      published: { version: 1, body: 'Version one\n' },
      draft: null,
      hasUnreadUpdate: true,
      acknowledgedVersion: null,
      revisions: { totalCount: 0 },
    });
    expect((await feedOf('trainer')).nodes[0]).toMatchObject({
      type: 'INSTRUCTIONS_PUBLISHED',
      summary: 'Morgan Lee published version 1 of "Labeling guide"',
      subject: { id: documentId },
    });

    const acknowledged = await run<{ acknowledgeInstructions: { document: DocumentView } }>(mutations.acknowledge, 'trainer', { documentId, version: 1 });
    expect(acknowledged.data?.acknowledgeInstructions.document).toMatchObject({ hasUnreadUpdate: false, acknowledgedVersion: 1 });

    // A new draft: the trainer keeps reading version 1 and hears nothing of it.
    await save('employer', { jobId, title: 'Labeling guide (2026)', body: 'Version two\n', baseVersion: 1 });
    expect(await instructionsOf('trainer', jobId)).toMatchObject({
      publishedVersion: 1,
      published: { version: 1, title: 'Labeling guide', body: 'Version one\n' },
      draft: null,
      version: null,
      hasUnreadUpdate: false,
    });
    expect(await instructionsOf('employer', jobId)).toMatchObject({
      version: 2,
      publishedVersion: 1,
      hasUnpublishedChanges: true,
      draft: { body: 'Version two\n' },
    });
    expect((await feedOf('trainer')).nodes.filter((event) => event.subject?.id === documentId).map((event) => event.type)).toEqual(['INSTRUCTIONS_PUBLISHED']);

    await run(mutations.publish, 'employer', { documentId });
    expect(await instructionsOf('trainer', jobId)).toMatchObject({
      publishedVersion: 2,
      published: { version: 2, title: 'Labeling guide (2026)', body: 'Version two\n' },
      hasUnreadUpdate: true,
      acknowledgedVersion: 1,
    });
    expect((await feedOf('trainer')).nodes[0]).toMatchObject({
      type: 'INSTRUCTIONS_PUBLISHED',
      summary: 'Morgan Lee published version 2 of "Labeling guide (2026)"',
    });

    await run(mutations.acknowledge, 'trainer', { documentId, version: 2 });
    expect(await instructionsOf('trainer', jobId)).toMatchObject({ hasUnreadUpdate: false, acknowledgedVersion: 2 });
    // Acknowledging an older version again never moves the acknowledgement back.
    const older = await run<{ acknowledgeInstructions: { document: DocumentView } }>(mutations.acknowledge, 'trainer', { documentId, version: 1 });
    expect(older.data?.acknowledgeInstructions.document).toMatchObject({ hasUnreadUpdate: false, acknowledgedVersion: 2 });

    // An older version can be published again (a rollback).
    const rollback = await run<{ publishInstructions: { document: DocumentView } }>(mutations.publish, 'employer', { documentId, version: 1 });
    expect(rollback.data?.publishInstructions.document).toMatchObject({ publishedVersion: 1, version: 2, hasUnpublishedChanges: true });
    expect(await instructionsOf('trainer', jobId)).toMatchObject({ published: { version: 1 }, hasUnreadUpdate: false });

    // Nobody outside the job heard of any of it.
    expect((await feedOf('otherTrainer')).totalCount).toBe(0);
    expect((await feedOf('otherEmployer')).totalCount).toBe(0);
  });
});

describe('diffs between versions', () => {
  const v1 = '# Labeling guide\n\nLabel every box.\nSkip blurry images.\nUse the 12 classes.\n';
  const v2 = '# Labeling guide\n\nLabel every box.\nFlag blurry images for review.\nUse the 14 classes.\nAsk in #labeling when unsure.\n';
  const diffQuery = `query ($id: ID!, $from: Int!, $to: Int!) { node(id: $id) { ... on InstructionDocument {
    diff(fromVersion: $from, toVersion: $to) { fromVersion toVersion unified added removed hunks { kind text } } } } }`;
  type Diff = { fromVersion: number; toVersion: number; unified: string; added: number; removed: number; hunks: Array<{ kind: string; text: string }> };
  const diffOf = async (who: Who, id: string, from: number, to: number) => {
    const result = await server.graphql<{ node: { diff: Diff | null } }>(diffQuery, { variables: { id, from, to }, token: tokens[who] });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.node.diff;
  };

  it('lists added and removed lines with a unified patch, for employers only', async () => {
    const { jobId } = await hire();
    const documentId = (await save('employer', { jobId, body: v1 })).data!.saveInstructions.document.id;
    await save('employer', { jobId, body: v2, baseVersion: 1 });
    await run(mutations.publish, 'employer', { documentId });

    const diff = await diffOf('coworker', documentId, 1, 2);
    expect(diff).toEqual({
      fromVersion: 1,
      toVersion: 2,
      added: 3,
      removed: 2,
      hunks: [
        { kind: 'UNCHANGED', text: '# Labeling guide' },
        { kind: 'UNCHANGED', text: '' },
        { kind: 'UNCHANGED', text: 'Label every box.' },
        { kind: 'REMOVED', text: 'Skip blurry images.' },
        { kind: 'REMOVED', text: 'Use the 12 classes.' },
        { kind: 'ADDED', text: 'Flag blurry images for review.' },
        { kind: 'ADDED', text: 'Use the 14 classes.' },
        { kind: 'ADDED', text: 'Ask in #labeling when unsure.' },
      ],
      unified: [
        '===================================================================',
        '--- v1',
        '+++ v2',
        '@@ -1,5 +1,6 @@',
        ' # Labeling guide',
        ' ',
        ' Label every box.',
        '-Skip blurry images.',
        '-Use the 12 classes.',
        '+Flag blurry images for review.',
        '+Use the 14 classes.',
        '+Ask in #labeling when unsure.',
        '',
      ].join('\n'),
    });
    expect(applyPatch(v1, diff!.unified)).toBe(v2);
    expect(await diffOf('employer', documentId, 2, 1)).toMatchObject({ fromVersion: 2, toVersion: 1, added: 2, removed: 3 });
    expect(await diffOf('employer', documentId, 2, 2)).toMatchObject({
      added: 0,
      removed: 0,
      hunks: v2
        .split('\n')
        .slice(0, -1)
        .map((text) => ({ kind: 'UNCHANGED', text })),
    });
    // The trainer reads the published version but never the history.
    expect(await diffOf('trainer', documentId, 1, 2)).toBeNull();
  });

  it('still describes a rewrite too large for a line-by-line diff, as one replaced block', async () => {
    const { jobId } = await hire();
    const documentId = (await save('employer', { jobId, body: v2 })).data!.saveInstructions.document.id;
    const rewrite = `${v2.split('\n').slice(0, 3).join('\n')}\n${Array.from({ length: 1_500 }, (_, rule) => `Rule ${rule + 1}.\n`).join('')}`;
    await save('employer', { jobId, body: rewrite, baseVersion: 1 });
    const diff = await diffOf('employer', documentId, 1, 2);
    expect(diff).toMatchObject({ added: 1_500, removed: 3 });
    expect(diff!.hunks).toHaveLength(3 + 3 + 1_500);
    expect(diff!.unified.split('\n').slice(0, 5)).toEqual([
      '===================================================================',
      '--- v1',
      '+++ v2',
      '@@ -1,6 +1,1503 @@',
      ' # Labeling guide',
    ]);
    expect(applyPatch(v2, diff!.unified)).toBe(rewrite);
  });
});

describe('change notes and what changed for the trainer', () => {
  const changesQuery = `query ($id: ID!) { node(id: $id) { ... on Job { instructions {
    acknowledgedVersion hasUnreadUpdate published { version changeNote }
    changesSinceAcknowledged { fromVersion toVersion added removed hunks { kind text } } } } } }`;
  type Changes = {
    acknowledgedVersion: number | null;
    hasUnreadUpdate: boolean;
    published: { version: number; changeNote: string | null } | null;
    changesSinceAcknowledged: { fromVersion: number; toVersion: number; added: number; removed: number; hunks: Array<{ kind: string; text: string }> } | null;
  };
  const changesOf = async (who: Who, jobId: string) => {
    const result = await server.graphql<{ node: { instructions: Changes | null } }>(changesQuery, { variables: { id: jobId }, token: tokens[who] });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.node.instructions;
  };

  it('publishes with a change note; the trainer reads it with the version and sees what changed since they acknowledged', async () => {
    const { jobId } = await hire();
    const documentId = (await save('employer', { jobId, body: 'Label every box.\nSkip blurry images.\n' })).data!.saveInstructions.document.id;
    await run(mutations.publish, 'employer', { documentId });
    // Nothing acknowledged yet: the whole text is new to the trainer, there is nothing to compare.
    expect(await changesOf('trainer', jobId)).toMatchObject({ published: { version: 1, changeNote: null }, changesSinceAcknowledged: null });
    await run(mutations.acknowledge, 'trainer', { documentId, version: 1 });

    // A draft nobody published: the trainer never reads it, so it is never a starting point.
    await save('employer', { jobId, body: 'Label every box.\nDraft wording.\n', baseVersion: 1 });
    await save('employer', { jobId, body: 'Label every box.\nFlag blurry images for review.\n', baseVersion: 2 });
    const published = await run<{ publishInstructions: { revision: { version: number; changeNote: string | null } } }>(
      'mutation ($input: PublishInstructionsInput!) { publishInstructions(input: $input) { revision { version changeNote } } }',
      'employer',
      { documentId, changeNote: '  Blurry images are flagged now, not skipped.  ' },
    );
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishInstructions.revision).toEqual({ version: 3, changeNote: 'Blurry images are flagged now, not skipped.' });

    expect(await changesOf('trainer', jobId)).toEqual({
      acknowledgedVersion: 1,
      hasUnreadUpdate: true,
      published: { version: 3, changeNote: 'Blurry images are flagged now, not skipped.' },
      changesSinceAcknowledged: {
        fromVersion: 1,
        toVersion: 3,
        added: 1,
        removed: 1,
        hunks: [
          { kind: 'UNCHANGED', text: 'Label every box.' },
          { kind: 'REMOVED', text: 'Skip blurry images.' },
          { kind: 'ADDED', text: 'Flag blurry images for review.' },
        ],
      },
    });
    expect((await feedOf('trainer')).nodes[0]).toMatchObject({
      type: 'INSTRUCTIONS_PUBLISHED',
      summary: 'Morgan Lee published version 3 of "Labeling guide": Blurry images are flagged now, not skipped.',
    });
    // Employers compare any versions with `diff`; this field is the trainer's.
    expect((await changesOf('employer', jobId))!.changesSinceAcknowledged).toBeNull();

    // Once acknowledged, nothing is left to show.
    await run(mutations.acknowledge, 'trainer', { documentId, version: 3 });
    expect(await changesOf('trainer', jobId)).toMatchObject({ hasUnreadUpdate: false, changesSinceAcknowledged: null });

    // A trainer who acknowledged the unpublished draft (any version up to the published one is
    // accepted) still never reads it through the diff.
    const other = await factory.trainer({ email: 'ia-draft-reader@test.example' });
    await factory.contract(await factory.job(organization), other);
    const job = await factory.job(organization);
    await factory.contract(job, other);
    const otherToken = await server.signIn('ia-draft-reader@test.example');
    const otherJobId = gid('Job', job.id);
    const otherDocumentId = (await save('employer', { jobId: otherJobId, body: 'One\n' })).data!.saveInstructions.document.id;
    await save('employer', { jobId: otherJobId, body: 'Secret draft\n', baseVersion: 1 });
    await save('employer', { jobId: otherJobId, body: 'Three\n', baseVersion: 2 });
    await run(mutations.publish, 'employer', { documentId: otherDocumentId });
    await server.graphql(mutations.acknowledge, { variables: { input: { documentId: otherDocumentId, version: 2 } }, token: otherToken });
    const seen = await server.graphql<{ node: { instructions: Changes } }>(changesQuery, { variables: { id: otherJobId }, token: otherToken });
    expect(seen.data!.node.instructions).toMatchObject({ acknowledgedVersion: 2, hasUnreadUpdate: true, changesSinceAcknowledged: null });
  });

  it('publishing again without a note clears it; a note over 500 characters is BAD_USER_INPUT and publishes nothing', async () => {
    const { jobId } = await hire();
    const documentId = (await save('employer', { jobId, body: 'One\n' })).data!.saveInstructions.document.id;
    await run(mutations.publish, 'employer', { documentId, changeNote: 'First version.' });
    await save('employer', { jobId, body: 'Two\n', baseVersion: 1 });

    const tooLong = await run(mutations.publish, 'employer', { documentId, changeNote: 'x'.repeat(501) });
    expect(errorOf(tooLong)).toEqual({ code: 'BAD_USER_INPUT', field: 'changeNote' });
    expect(tooLong.errors![0]!.message).toMatch(/at most 500 characters/);
    expect(await changesOf('trainer', jobId)).toMatchObject({ published: { version: 1, changeNote: 'First version.' } });

    // Surrounding spaces do not count; 500 characters fit.
    const atLimit = await run(mutations.publish, 'employer', { documentId, changeNote: ` ${'y'.repeat(500)} ` });
    expect(atLimit.errors).toBeUndefined();
    expect((await changesOf('trainer', jobId))!.published).toEqual({ version: 2, changeNote: 'y'.repeat(500) });

    // Rolling back to version 1 says anew what changed; a blank note is no note.
    await run(mutations.publish, 'employer', { documentId, version: 1, changeNote: '   ' });
    expect((await changesOf('trainer', jobId))!.published).toEqual({ version: 1, changeNote: null });
  });
});

describe('access grants', () => {
  it('grants and revokes access; the trainer sees current grants, and revoked ones with their dates', async () => {
    const { contractId } = await hire();
    const dataset = await run<{ grantAccess: { accessGrant: GrantView } }>(mutations.grant, 'employer', {
      contractId,
      kind: 'DATASET',
      name: '  Street scenes v3  ',
      url: 'https://data.example.com/street-v3',
      note: 'Read-only bucket; ask Sam for write access.',
    });
    expect(dataset.errors).toBeUndefined();
    const granted = dataset.data!.grantAccess.accessGrant;
    expect(granted).toMatchObject({
      kind: 'DATASET',
      name: 'Street scenes v3',
      url: 'https://data.example.com/street-v3',
      note: 'Read-only bucket; ask Sam for write access.',
      revokedAt: null,
      grantedBy: { name: 'Morgan Lee' },
      contract: { id: contractId },
    });
    const team = await run<{ grantAccess: { accessGrant: GrantView } }>(mutations.grant, 'coworker', { contractId, kind: 'TEAM', name: 'Slack #labeling' });
    expect(team.data?.grantAccess.accessGrant).toMatchObject({ kind: 'TEAM', url: null, note: null, grantedBy: { name: 'Sam Ortega' } });

    expect(await grantsOf('trainer', contractId, false)).toEqual({
      totalCount: 2,
      nodes: [
        { name: 'Slack #labeling', revokedAt: null },
        { name: 'Street scenes v3', revokedAt: null },
      ],
    });
    expect((await feedOf('trainer')).nodes[0]).toMatchObject({
      type: 'ACCESS_GRANTED',
      summary: 'Sam Ortega granted access to Slack #labeling',
      subject: { id: team.data!.grantAccess.accessGrant.id },
    });

    const revoked = await run<{ revokeAccess: { accessGrant: GrantView } }>(mutations.revoke, 'employer', { accessGrantId: granted.id });
    expect(revoked.errors).toBeUndefined();
    const revokedAt = revoked.data!.revokeAccess.accessGrant.revokedAt;
    expect(revokedAt).toEqual(expect.any(String));
    expect(new Date(revokedAt!).getTime()).toBeGreaterThanOrEqual(new Date(granted.grantedAt).getTime());

    expect(await grantsOf('trainer', contractId, false)).toEqual({ totalCount: 1, nodes: [{ name: 'Slack #labeling', revokedAt: null }] });
    expect(await grantsOf('trainer', contractId, true)).toEqual({
      totalCount: 2,
      nodes: [
        { name: 'Slack #labeling', revokedAt: null },
        { name: 'Street scenes v3', revokedAt },
      ],
    });
    expect((await feedOf('trainer')).nodes[0]).toMatchObject({
      type: 'ACCESS_REVOKED',
      summary: 'Morgan Lee revoked access to Street scenes v3',
      subject: { id: granted.id },
    });

    const twice = await run(mutations.revoke, 'employer', { accessGrantId: granted.id });
    expect(twice.errors?.[0]?.extensions).toEqual({ code: 'INVALID_TRANSITION', currentStatus: 'REVOKED', attemptedAction: 'REVOKE_ACCESS' });
    expect(twice.errors?.[0]?.message).toBe(`Access to Street scenes v3 was already revoked on ${revokedAt}.`);
    expect((await grantsOf('trainer', contractId, true)).nodes[1]?.revokedAt).toBe(revokedAt);

    expect((await feedOf('otherTrainer')).totalCount).toBe(0);
    expect((await feedOf('otherEmployer')).totalCount).toBe(0);
  });

  it('revokes once when revocations race, and still revokes on an ended contract', async () => {
    const { contract, contractId } = await hire();
    const grant = await factory.accessGrant(contract, employer);
    const other = await factory.accessGrant(contract, employer, { name: 'Label Studio' });
    const results = await Promise.all(Array.from({ length: 4 }, () => run(mutations.revoke, 'employer', { accessGrantId: gid('AccessGrant', grant.id) })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    for (const loser of results.filter((result) => result.errors)) expect(loser.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    const [events] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE subject_id = $1 AND type = 'ACCESS_REVOKED'", [grant.id]);
    expect(events!.n).toBe(1);

    await sql('UPDATE contracts SET status = $1 WHERE id = $2', [ContractStatus.ENDED, contract.id]);
    const afterEnd = await run<{ revokeAccess: { accessGrant: GrantView } }>(mutations.revoke, 'employer', { accessGrantId: gid('AccessGrant', other.id) });
    expect(afterEnd.data?.revokeAccess.accessGrant.revokedAt).toEqual(expect.any(String));
    expect(await grantsOf('trainer', contractId, false)).toEqual({ totalCount: 0, nodes: [] });
  });
});
