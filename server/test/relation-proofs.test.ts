import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isNonNullType, isObjectType, type GraphQLInterfaceType } from 'graphql';
import type { EntityMetadata, ObjectLiteral } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRead, type PolicyContext } from '../src/policy/policy.js';
import { viewerOf } from '../src/auth/viewer.js';
import { seedDemo } from '../src/demo/seed.js';
import { Loaders, type EntityClass } from '../src/graphql/loaders.js';
import { User } from '../src/modules/accounts/user.entity.js';
import { JobStatus } from '../src/modules/jobs/job.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { Factory } from './factories.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * A non-null relation field cannot answer null, so `loadVisible` hiding its row would fail the
 * whole parent. Each one is therefore proven: whoever may read the parent may read the child, by
 * the rules (the proof in words below) and on data (checked here for every viewer of the demo
 * seed and of a two-organization world, over every row). The list is derived from the printed
 * schema: a new non-null reference to a Node fails this test until its proof is written down.
 * (`MilestoneDeadline.contract` is not on a Node; its milestone comes from the participants'
 * scope, and `Milestone.contract` below covers it.)
 */
const public_ = 'users and organizations are public to anyone signed in';
const proofs: Record<string, string> = {
  'AccessGrant.contract': "a grant's read rule is its contract's",
  'AccessGrant.grantedBy': public_,
  'CalendarEvent.createdBy': public_,
  'CalendarEvent.organization': public_,
  'Channel.organization': public_,
  'Contract.job': "the contract's trainer holds a contract on the job; its employers are of the job's organization",
  'Contract.organization': public_,
  'Contract.trainer': public_,
  'InstructionDocument.job': "the document is read by its job's organization and by trainers holding a contract on the job",
  'InstructionRevision.author': public_,
  'Invoice.contract': "an invoice is read by its contract's trainer and organization, which it carries",
  'Invoice.organization': public_,
  'Invoice.trainer': public_,
  'Job.organization': public_,
  'Message.author': public_,
  'Message.channel': 'a message is read by members of its channel (removed ones too, up to their removal), who read the channel',
  'Milestone.contract': "a milestone's read rule is its contract's",
  // (MilestoneEvent.actor is nullable since the platform's own steps have none.)
  'MilestoneDispute.milestone': "a dispute's read rule is its milestone's",
  'MilestoneEvent.milestone': "a milestone event's read rule is its milestone's",
  'Payout.organization': public_,
  'Payout.trainer': public_,
  'Proposal.job': "the proposal's trainer applied to the job; its employers are of the job's organization",
  'Proposal.organization': public_,
  'Proposal.trainer': public_,
};

interface Relation {
  name: string;
  parent: EntityMetadata;
  child: EntityMetadata;
  /** The parent's property holding the child's id (`job` → `jobId`). */
  key: string;
}

let server: TestServer;

/** Every `Parent.field: Child!` of the schema where both are Nodes: each must be a reference by `fieldId`. */
function nonNullRelations(): { relations: Relation[]; unexplained: string[] } {
  const schema = buildSchema(readFileSync(join(import.meta.dirname, '..', '..', 'schema.graphql'), 'utf8'));
  const nodes = new Set(schema.getPossibleTypes(schema.getType('Node') as GraphQLInterfaceType).map((type) => type.name));
  const entity = (name: string) => server.workroom.dataSource.entityMetadatas.find((metadata) => metadata.targetName === name);
  const relations: Relation[] = [];
  const unexplained: string[] = [];
  for (const parentName of nodes) {
    const parentType = schema.getType(parentName);
    if (!isObjectType(parentType)) continue;
    for (const field of Object.values(parentType.getFields())) {
      if (!isNonNullType(field.type) || !isObjectType(field.type.ofType) || !nodes.has(field.type.ofType.name)) continue;
      const name = `${parentName}.${field.name}`;
      const parent = entity(parentName);
      const child = entity(field.type.ofType.name);
      const key = `${field.name}Id`;
      if (parent && child && parent.findColumnWithPropertyName(key)) relations.push({ name, parent, child, key });
      else unexplained.push(name);
    }
  }
  return { relations, unexplained };
}

beforeAll(async () => {
  server = await startTestServer();
  const { dataSource } = server.workroom;
  await seedDemo(dataSource);
  // Beside the demo: two organizations whose jobs are closed, so that no job is visible for being OPEN.
  const factory = new Factory(dataSource);
  for (const label of ['a', 'b']) {
    const organization = await factory.organization({ name: `Proof org ${label}` });
    const employer = await factory.employer(organization, { email: `proof-employer-${label}@test.example` });
    const trainer = await factory.trainer({ email: `proof-trainer-${label}@test.example` });
    const job = await factory.job(organization, { status: JobStatus.CLOSED });
    const proposal = await factory.proposal(job, trainer);
    const contract = await factory.contract(job, trainer, { proposalId: proposal.id });
    const milestone = await factory.milestone(contract, { status: MilestoneStatus.PAID });
    await factory.milestoneEvent(milestone, employer);
    await factory.accessGrant(contract, employer);
    await factory.invoice(contract, { milestoneId: milestone.id });
    await factory.payout(trainer);
    await factory.instructions(job, employer, { versions: 2, publishedVersion: 1 });
    await factory.calendarEvent(organization, employer, [trainer], { jobId: job.id, contractId: contract.id });
    const channel = await factory.channel(organization, [trainer, employer], { jobId: job.id, contractId: contract.id });
    await factory.message(channel, trainer);
    await factory.message(channel, employer);
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('non-null relation fields: whoever reads the parent reads the child', () => {
  it('every non-null reference between Nodes is a key with a written proof', () => {
    const { relations, unexplained } = nonNullRelations();
    expect(unexplained, 'a non-null Node field that is not a `…Id` reference: make it nullable or prove it another way').toEqual([]);
    expect(relations.map((relation) => relation.name).sort()).toEqual(Object.keys(proofs).sort());
  });

  it('holds on data, for every viewer and every row', async () => {
    const { dataSource } = server.workroom;
    const { relations } = nonNullRelations();
    const rows = new Map<EntityMetadata, ObjectLiteral[]>();
    for (const relation of relations) if (!rows.has(relation.parent)) rows.set(relation.parent, await dataSource.getRepository(relation.parent.target).find());
    const users = await dataSource.getRepository(User).find();
    expect(users.length).toBeGreaterThan(6);

    const failures: string[] = [];
    const readPairs = new Map<string, number>();
    for (const user of users) {
      const context: PolicyContext = { viewer: viewerOf(user), loaders: new Loaders(dataSource.manager) };
      for (const relation of relations) {
        const children = context.loaders.byId(relation.child.target as EntityClass<ObjectLiteral & { id: string }>);
        await Promise.all(
          rows.get(relation.parent)!.map(async (row) => {
            if (!(await canRead(row, context))) return;
            readPairs.set(relation.name, (readPairs.get(relation.name) ?? 0) + 1);
            const child = await children.load(row[relation.key] as string);
            if (!child || !(await canRead(child, context)))
              failures.push(`${user.email} reads ${relation.name.split('.')[0]} ${row.id as string} but not its ${relation.name}`);
          }),
        );
      }
    }
    expect(failures).toEqual([]);
    // Not vacuous: every relation was followed from some row someone reads.
    expect(relations.filter((relation) => !readPairs.get(relation.name)).map((relation) => relation.name)).toEqual([]);
  }, 120_000);
});
