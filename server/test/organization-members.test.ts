import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../src/graphql/global-id.js';
import type { Organization } from '../src/modules/accounts/organization.entity.js';
import { Factory } from './factories.js';
import { startTestServer, StatementCounter, type TestServer } from './helpers.js';

/**
 * `Organization.members`: an employer's colleagues, by name, for the channel and meeting pickers.
 * Only the organization's own members see the list; to everyone else it is empty, whichever way
 * they reach the organization. Several organizations' lists load in one statement.
 */
let server: TestServer;
const counter = new StatementCounter();
let northwind: Organization;
let helios: Organization;
let empty: Organization;
const tokens = { employer: '', colleague: '', otherEmployer: '', trainer: '' };

beforeAll(async () => {
  // The publisher's sweep and the stream's poll would otherwise count in the measured window.
  server = await startTestServer({ sqlLogger: counter, env: { EVENTS_SWEEP_MS: '60000', EVENTS_POLL_MS: '60000' } });
  const factory = new Factory(server.workroom.dataSource);
  northwind = await factory.organization({ name: 'Northwind AI' });
  helios = await factory.organization({ name: 'Helios Labs' });
  empty = await factory.organization({ name: 'Nobody Yet' });
  // Created out of name order: the list sorts by name, case-insensitively.
  await factory.employer(northwind, { email: 'om-priya@test.example', name: 'Priya Shah' });
  await factory.employer(northwind, { email: 'om-morgan@test.example', name: 'Morgan Lee' });
  await factory.employer(northwind, { email: 'om-avery@test.example', name: 'avery Stone' });
  await factory.employer(helios, { email: 'om-sam@test.example', name: 'Sam Ortega' });
  const trainer = await factory.trainer({ email: 'om-trainer@test.example', name: 'Alex Rivera' });
  // The trainer works for Northwind, and still does not see its people.
  await factory.contract(await factory.job(northwind), trainer);
  tokens.employer = await server.signIn('om-morgan@test.example');
  tokens.colleague = await server.signIn('om-priya@test.example');
  tokens.otherEmployer = await server.signIn('om-sam@test.example');
  tokens.trainer = await server.signIn('om-trainer@test.example');
});

afterAll(async () => {
  await server?.stop();
});

interface MembersPage {
  totalCount: number;
  nodes: Array<{ id: string; name: string; email: string | null }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const membersOfNode = `
  query Members($id: ID!, $first: Int, $after: String) {
    node(id: $id) {
      ... on Organization {
        members(first: $first, after: $after) { totalCount nodes { id name email } pageInfo { hasNextPage endCursor } }
      }
    }
  }`;

async function membersOf(organization: Organization, token: string, variables: Record<string, unknown> = {}) {
  const result = await server.graphql<{ node: { members: MembersPage } | null }>(membersOfNode, {
    variables: { id: toGlobalId('Organization', organization.id), ...variables },
    token,
  });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!.node!.members;
}

describe('Organization.members', () => {
  it('refuses the signed-out', async () => {
    const result = await server.graphql(membersOfNode, { variables: { id: toGlobalId('Organization', northwind.id) } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a trainer working for the organization', 'trainer' as const],
    ['an employer of another organization', 'otherEmployer' as const],
  ])('lists no one to %s', async (_label, who) => {
    const page = await membersOf(northwind, tokens[who]);
    expect(page).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('lists a trainer reaching it through their contract no one either', async () => {
    const result = await server.graphql<{ viewer: { contracts: { nodes: Array<{ organization: { members: MembersPage } }> } } }>(
      'query { viewer { contracts(first: 5) { nodes { organization { members { totalCount nodes { id } } } } } } }',
      { token: tokens.trainer },
    );
    expect(result.errors).toBeUndefined();
    const organizations = result.data!.viewer.contracts.nodes.map((contract) => contract.organization);
    expect(organizations).toHaveLength(1);
    expect(organizations[0]!.members).toEqual({ totalCount: 0, nodes: [] });
  });

  it('refuses a page size out of range, naming the argument', async () => {
    const result = await server.graphql(membersOfNode, {
      variables: { id: toGlobalId('Organization', northwind.id), first: 101 },
      token: tokens.employer,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result.errors?.[0]?.message).toContain('`first`');
  });

  it("lists an employer's colleagues (themselves included) by name, with their emails", async () => {
    const result = await server.graphql<{ viewer: { organization: { members: MembersPage } } }>(
      'query { viewer { organization { members(first: 10) { totalCount nodes { id name email } } } } }',
      { token: tokens.colleague },
    );
    expect(result.errors).toBeUndefined();
    const { members } = result.data!.viewer.organization;
    expect(members.totalCount).toBe(3);
    expect(members.nodes.map((member) => [member.name, member.email])).toEqual([
      ['avery Stone', 'om-avery@test.example'],
      ['Morgan Lee', 'om-morgan@test.example'],
      ['Priya Shah', 'om-priya@test.example'],
    ]);
    // The ids are User ids: what createChannel's memberIds and createCalendarEvent's attendeeIds take.
    expect(members.nodes[0]!.id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('pages with cursors', async () => {
    const first = await membersOf(northwind, tokens.employer, { first: 2 });
    expect(first.nodes.map((member) => member.name)).toEqual(['avery Stone', 'Morgan Lee']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await membersOf(northwind, tokens.employer, { first: 2, after: first.pageInfo.endCursor });
    expect(second.nodes.map((member) => member.name)).toEqual(['Priya Shah']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.totalCount).toBe(3);
  });

  it('loads several organizations in the same number of statements as one', async () => {
    const query = `query Many($ids: [ID!]!) {
      nodes(ids: $ids) { ... on Organization { name members(first: 10) { totalCount nodes { name email organization { name } } } } }
    }`;
    const count = async (organizations: Organization[]) => {
      counter.reset();
      const result = await server.graphql<{ nodes: Array<{ members: MembersPage }> }>(query, {
        variables: { ids: organizations.map((organization) => toGlobalId('Organization', organization.id)) },
        token: tokens.employer,
      });
      expect(result.errors).toBeUndefined();
      return { statements: counter.count, totals: result.data!.nodes.map((node) => node.members.totalCount) };
    };
    const one = await count([northwind]);
    const three = await count([northwind, helios, empty]);
    expect(one.totals).toEqual([3]);
    expect(three.totals).toEqual([3, 0, 0]);
    expect(three.statements).toBeLessThanOrEqual(one.statements);
  });
});
