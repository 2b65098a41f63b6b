import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/passwords.js';
import { createWorkroomDataSource } from '../src/composition.js';
import { runMigrations } from '../src/db/data-source.js';
import { seedDemo, type SeedSummary } from '../src/demo/seed.js';
import { entities } from '../src/composition.js';
import { ContractStatus } from '../src/modules/contracts/contract.entity.js';
import { MilestoneStatus } from '../src/modules/milestones/milestone.entity.js';
import { ProposalStatus } from '../src/modules/proposals/proposal.entity.js';
import { User } from '../src/modules/accounts/user.entity.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const databaseName = `workroom_seed_${randomBytes(6).toString('hex')}`;
const now = new Date('2026-03-18T15:30:00Z');
let dataSource: DataSource;
let first: SeedSummary;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entity of entities) {
    counts[entity.name] = await dataSource.getRepository(entity).count();
  }
  return counts;
}

async function distinct(table: string, column: string): Promise<string[]> {
  const rows: Array<{ value: string }> = await dataSource.query(`SELECT DISTINCT "${column}"::text AS value FROM "${table}" ORDER BY 1`);
  return rows.map((row) => row.value);
}

beforeAll(async () => {
  await admin(`CREATE DATABASE "${databaseName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  dataSource = createWorkroomDataSource({ url: url.toString(), poolSize: 4 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  first = await seedDemo(dataSource, { now });
});

afterAll(async () => {
  await dataSource?.destroy();
  await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});

describe('seedDemo', () => {
  it('returns the demo accounts', () => {
    expect(first.seeded).toBe(true);
    expect(first.accounts).toContainEqual({ email: 'trainer@example.com', role: 'TRAINER', name: 'Alex Rivera', organization: null });
    expect(first.accounts).toContainEqual({ email: 'employer@example.com', role: 'EMPLOYER', name: 'Morgan Lee', organization: 'Northwind AI' });
    expect(first.accounts).toHaveLength(6);
  });

  it('seeds nothing the second time', async () => {
    const before = await rowCounts();
    const again = await seedDemo(dataSource, { now });
    expect(again.seeded).toBe(false);
    // It still reports the demo sign-ins, so every start can print them.
    expect(again.accounts).toEqual(first.accounts);
    expect(await rowCounts()).toEqual(before);
  });

  it('tells the story the dashboard needs', async () => {
    expect(await distinct('milestones', 'status')).toEqual(Object.values(MilestoneStatus).sort());
    expect(await distinct('proposals', 'status')).toEqual(Object.values(ProposalStatus).sort());
    expect(await distinct('contracts', 'status')).toEqual(Object.values(ContractStatus).sort());

    // trainer@example.com has unread messages, in at least two channels.
    const unread: Array<{ channel_id: string }> = await dataSource.query(
      `SELECT m.channel_id FROM channel_members m JOIN channels c ON c.id = m.channel_id JOIN users u ON u.id = m.user_id
        WHERE u.email = 'trainer@example.com' AND m.last_read_seq < c.last_message_seq`,
    );
    expect(unread.length).toBeGreaterThanOrEqual(2);

    // Every channel's messages are numbered 1..n and the channel points at the last one.
    const channels: Array<{ ok: boolean }> = await dataSource.query(
      `SELECT c.last_message_seq = count(m.id) AND c.last_message_seq = max(m.seq) AND c.last_message_at = max(m.created_at) AS ok
         FROM channels c JOIN messages m ON m.channel_id = c.id GROUP BY c.id`,
    );
    expect(channels.every((row) => row.ok)).toBe(true);

    const invoices: Array<{ gross_cents: string; fee_cents: string; net_cents: string }> = await dataSource.query('SELECT * FROM invoices');
    expect(invoices.length).toBeGreaterThan(0);
    for (const invoice of invoices) {
      expect(Number(invoice.net_cents)).toBe(Number(invoice.gross_cents) - Number(invoice.fee_cents));
      expect(Number(invoice.fee_cents)).toBe(Math.round(Number(invoice.gross_cents) / 10));
    }
    expect(await distinct('payouts', 'status')).toEqual(['FAILED', 'PAID', 'REQUESTED']);

    // A dispute settled with a split (its invoice is for the released part) and one escalated to the platform.
    expect(await distinct('milestone_disputes', 'status')).toEqual(['ESCALATED', 'SETTLED']);
    const settled: Array<{ amount: string; refunded: string; status: string; gross: string; released: string }> = await dataSource.query(
      `SELECT m.amount_cents AS amount, m.refunded_cents AS refunded, m.status, i.gross_cents AS gross, d.released_cents AS released
         FROM milestone_disputes d JOIN milestones m ON m.id = d.milestone_id JOIN invoices i ON i.milestone_id = m.id WHERE d.status = 'SETTLED'`,
    );
    expect(settled).toEqual([{ amount: '100000', refunded: '40000', status: 'PAID', gross: '60000', released: '60000' }]);
    const escalated: Array<{ status: string }> = await dataSource.query(
      "SELECT m.status FROM milestone_disputes d JOIN milestones m ON m.id = d.milestone_id WHERE d.status = 'ESCALATED'",
    );
    expect(escalated).toEqual([{ status: 'DISPUTED' }]);

    const documents: Array<{ version: number; published_version: number | null; status: string; revisions: string }> = await dataSource.query(
      `SELECT d.version, d.published_version, d.status, (SELECT count(*) FROM instruction_revisions r WHERE r.document_id = d.id) AS revisions
         FROM instruction_documents d`,
    );
    expect(documents.some((d) => d.published_version !== null && d.version > d.published_version)).toBe(true);
    expect(documents.some((d) => d.published_version === null && d.status === 'DRAFT')).toBe(true);
    expect(documents.some((d) => d.published_version !== null && d.version === d.published_version)).toBe(true);
    for (const document of documents) expect(Number(document.revisions)).toBe(document.version);

    // A milestone's version is the length of its history.
    const versions: Array<{ ok: boolean }> = await dataSource.query(
      `SELECT m.version = count(e.id) AS ok FROM milestones m JOIN milestone_events e ON e.milestone_id = m.id GROUP BY m.id`,
    );
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.every((row) => row.ok)).toBe(true);

    // The activity log is delivered and ordered: positions 1..n in time order.
    const events: Array<{ position: string; created_at: Date; published_at: Date | null }> = await dataSource.query(
      'SELECT position, created_at, published_at FROM events ORDER BY position',
    );
    expect(events.map((event) => Number(event.position))).toEqual(events.map((_, index) => index + 1));
    for (const [index, event] of events.entries()) {
      expect(event.published_at).toEqual(event.created_at);
      expect(event.created_at.getTime()).toBeLessThanOrEqual(now.getTime());
      if (index > 0) expect(event.created_at.getTime()).toBeGreaterThanOrEqual(events[index - 1]!.created_at.getTime());
    }
  });

  it('accepts the demo password', async () => {
    const user = await dataSource.getRepository(User).findOneByOrFail({ email: 'trainer@example.com' });
    expect(await verifyPassword('workroom', user.passwordHash)).toBe(true);
    expect(await verifyPassword('not-the-password', user.passwordHash)).toBe(false);
  });
});
