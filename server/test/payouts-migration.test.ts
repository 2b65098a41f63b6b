import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createWorkroomDataSource } from '../src/composition.js';
import { runMigrations } from '../src/db/data-source.js';
import { EventAudience } from '../src/events/activity-event.entity.js';
import { InvoiceStatus } from '../src/modules/billing/invoice.entity.js';
import type { Contract } from '../src/modules/contracts/contract.entity.js';
import { Factory } from './factories.js';
import { createTestDatabase, type TestDatabase } from './helpers.js';

/**
 * PayoutsPerOrganization over payouts made before it, when one payout could hold several
 * organizations' invoices: each becomes one payout per organization, nothing is lost.
 */
let database: TestDatabase;
let dataSource: DataSource;
/** The migrations undone below, oldest first: PayoutsPerOrganization and any that came after it. */
const undone: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createWorkroomDataSource({ url: database.url });
  await dataSource.initialize();
  // Back to before PayoutsPerOrganization: the migrations after it first, then it.
  for (;;) {
    const [last]: Array<{ name: string }> = await dataSource.query('SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1');
    await dataSource.undoLastMigration({ transaction: 'each' });
    undone.unshift(last!.name);
    if (last!.name === 'PayoutsPerOrganization1795390000000') break;
  }
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

interface PayoutRow {
  id: string;
  trainer_id: string;
  organization_id: string;
  amount_cents: string;
  status: string;
  requested_at: Date;
  completed_at: Date | null;
  failure_reason: string | null;
}

describe('the payouts-per-organization migration', () => {
  it('splits mixed payouts by organization and attributes released ones by their request event', async () => {
    const [last] = (await dataSource.query('SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1')) as Array<{ name: string }>;
    expect(last?.name).not.toBe('PayoutsPerOrganization1795390000000');

    const factory = new Factory(dataSource);
    const northwind = await factory.organization({ name: 'Northwind AI' });
    const helios = await factory.organization({ name: 'Helios Labs' });
    const trainer = await factory.trainer();
    const atNorthwind = await factory.contract(await factory.job(northwind), trainer);
    const atHelios = await factory.contract(await factory.job(helios), trainer);
    const oldPayout = async (status: string, amountCents: number, failureReason: string | null = null) => {
      const [row] = (await dataSource.query(
        `INSERT INTO payouts (trainer_id, amount_cents, currency, status, requested_at, completed_at, failure_reason)
         VALUES ($1, $2, 'USD', $3, '2030-01-01T00:00:00Z', $4, $5) RETURNING id`,
        [trainer.id, amountCents, status, status === 'REQUESTED' ? null : '2030-01-02T00:00:00Z', failureReason],
      )) as Array<{ id: string }>;
      return row!.id;
    };
    const invoice = (contract: Contract, netCents: number, payoutId: string | null, issuedAt: string, status = InvoiceStatus.ISSUED) =>
      factory.invoice(contract, { grossCents: netCents, feeCents: 0, netCents, payoutId, issuedAt: new Date(issuedAt), status });

    // REQUESTED over both organizations: Northwind's invoice is the earliest, so Northwind keeps the row.
    const requested = await oldPayout('REQUESTED', 60_000);
    await invoice(atNorthwind, 10_000, requested, '2029-12-01T00:00:00Z');
    await invoice(atHelios, 20_000, requested, '2029-12-02T00:00:00Z');
    await invoice(atHelios, 30_000, requested, '2029-12-03T00:00:00Z');
    // PAID over both.
    const paid = await oldPayout('PAID', 9_000);
    await invoice(atHelios, 4_000, paid, '2029-11-01T00:00:00Z', InvoiceStatus.PAID);
    await invoice(atNorthwind, 5_000, paid, '2029-11-02T00:00:00Z', InvoiceStatus.PAID);
    // FAILED: its invoices were released; its request event lists them (as requestPayout wrote it).
    const released = [await invoice(atNorthwind, 1_000, null, '2029-10-01T00:00:00Z'), await invoice(atHelios, 2_000, null, '2029-10-02T00:00:00Z')];
    const failedListed = await oldPayout('FAILED', 3_000, 'Bank account closed');
    await factory.activity({
      type: 'PAYOUT_REQUESTED',
      audience: EventAudience.TRAINER,
      organizationId: northwind.id,
      trainerId: trainer.id,
      subjectType: 'Payout',
      subjectId: failedListed,
      payload: { payoutId: failedListed, invoiceIds: released.map((row) => row.id) },
    });
    // FAILED, and its request event names no invoices (the demo seed's events): the event's organization.
    const failedBare = await oldPayout('FAILED', 7_000, 'Card expired');
    await factory.activity({
      type: 'PAYOUT_REQUESTED',
      audience: EventAudience.TRAINER,
      organizationId: helios.id,
      trainerId: trainer.id,
      subjectType: 'Payout',
      subjectId: failedBare,
      payload: { amountCents: 7_000 },
    });

    expect(await runMigrations(dataSource)).toEqual(undone);
    expect(undone[0]).toBe('PayoutsPerOrganization1795390000000');

    const payouts = (await dataSource.query('SELECT * FROM payouts')) as PayoutRow[];
    const originals = new Map([
      [requested, 'requested'],
      [paid, 'paid'],
      [failedListed, 'failedListed'],
      [failedBare, 'failedBare'],
    ]);
    const summary = payouts.map((row) => ({
      row: originals.get(row.id) ?? 'new',
      organization: row.organization_id === northwind.id ? 'Northwind' : row.organization_id === helios.id ? 'Helios' : row.organization_id,
      cents: Number(row.amount_cents),
      status: row.status,
      failureReason: row.failure_reason,
    }));
    expect(summary).toHaveLength(7);
    expect(summary).toEqual(
      expect.arrayContaining([
        // Northwind's invoice was the earliest: Northwind keeps the row, Helios's two invoices move to a new one.
        { row: 'requested', organization: 'Northwind', cents: 10_000, status: 'REQUESTED', failureReason: null },
        { row: 'new', organization: 'Helios', cents: 50_000, status: 'REQUESTED', failureReason: null },
        { row: 'paid', organization: 'Helios', cents: 4_000, status: 'PAID', failureReason: null },
        { row: 'new', organization: 'Northwind', cents: 5_000, status: 'PAID', failureReason: null },
        { row: 'failedListed', organization: 'Northwind', cents: 1_000, status: 'FAILED', failureReason: 'Bank account closed' },
        { row: 'new', organization: 'Helios', cents: 2_000, status: 'FAILED', failureReason: 'Bank account closed' },
        { row: 'failedBare', organization: 'Helios', cents: 7_000, status: 'FAILED', failureReason: 'Card expired' },
      ]),
    );
    for (const row of payouts) {
      expect(row.requested_at).toEqual(new Date('2030-01-01T00:00:00Z'));
      expect(row.completed_at).toEqual(row.status === 'REQUESTED' ? null : new Date('2030-01-02T00:00:00Z'));
    }
    // Released invoices stay released.
    const stillReleased = (await dataSource.query('SELECT payout_id FROM invoices WHERE id = ANY($1::uuid[])', [released.map((row) => row.id)])) as Array<{
      payout_id: string | null;
    }>;
    expect(stillReleased).toEqual([{ payout_id: null }, { payout_id: null }]);

    // Every invoice now sits in a payout of its own organization, and each payout's amount is its invoices' net.
    const mismatched = (await dataSource.query(
      `SELECT p.id FROM payouts p JOIN invoices i ON i.payout_id = p.id
        GROUP BY p.id HAVING count(DISTINCT i.organization_id) <> 1 OR bool_or(i.organization_id <> p.organization_id) OR sum(i.net_cents) <> min(p.amount_cents)`,
    )) as unknown[];
    expect(mismatched).toEqual([]);
    expect(new Set(payouts.map((row) => row.trainer_id))).toEqual(new Set([trainer.id]));
  });
});
