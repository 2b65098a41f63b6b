import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payout pays out one organization's invoices (issue 11): `payouts.organization_id`, NOT NULL.
 *
 * Existing rows are attributed by hand. A payout whose invoices span several organizations is
 * split into one row per organization, each with that organization's invoices and the sum of
 * their net amounts, and the same trainer, currency, status, dates and failure reason; the
 * organization of its earliest invoice keeps the original row (and id). A FAILED payout no longer
 * points at its invoices (they were released), so its organization is read from its
 * PAYOUT_REQUESTED event: the invoices listed there when the event has them (split the same way),
 * else the event's own organization. A payout with neither stops the migration with a message, as
 * there is nothing to attribute it by.
 *
 * `down` drops the column; the split rows stay (they are valid payouts under either schema).
 */
export class PayoutsPerOrganization1795390000000 implements MigrationInterface {
  name = 'PayoutsPerOrganization1795390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payouts" ADD "organization_id" uuid`);

    // Each payout's share per organization: from its invoices, or from its request event's list.
    await queryRunner.query(`
      CREATE TEMP TABLE "payout_shares" ON COMMIT DROP AS
      WITH "linked" AS (
        SELECT i."payout_id", i."organization_id", sum(i."net_cents") AS "cents", min(i."issued_at") AS "first_issued"
          FROM "invoices" i WHERE i."payout_id" IS NOT NULL
         GROUP BY i."payout_id", i."organization_id"
      ), "listed" AS (
        SELECT e."subject_id" AS "payout_id", i."organization_id", sum(i."net_cents") AS "cents", min(i."issued_at") AS "first_issued"
          FROM "events" e
          CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(e."payload" -> 'invoiceIds') = 'array' THEN e."payload" -> 'invoiceIds' ELSE '[]'::jsonb END) AS listed("invoice_id")
          JOIN "invoices" i ON i."id"::text = listed."invoice_id"
         WHERE e."type" = 'PAYOUT_REQUESTED' AND e."subject_type" = 'Payout'
           AND NOT EXISTS (SELECT 1 FROM "invoices" l WHERE l."payout_id" = e."subject_id")
         GROUP BY e."subject_id", i."organization_id"
      ), "shares" AS (
        SELECT * FROM "linked" UNION ALL SELECT * FROM "listed"
      )
      SELECT s."payout_id", s."organization_id", s."cents",
             CASE WHEN row_number() OVER (PARTITION BY s."payout_id" ORDER BY s."first_issued", s."organization_id") = 1
                  THEN s."payout_id" ELSE gen_random_uuid() END AS "share_id"
        FROM "shares" s JOIN "payouts" p ON p."id" = s."payout_id"
    `);
    await queryRunner.query(`
      INSERT INTO "payouts" ("id", "trainer_id", "organization_id", "amount_cents", "currency", "status", "requested_at", "completed_at", "failure_reason")
      SELECT s."share_id", p."trainer_id", s."organization_id", s."cents", p."currency", p."status", p."requested_at", p."completed_at", p."failure_reason"
        FROM "payout_shares" s JOIN "payouts" p ON p."id" = s."payout_id"
       WHERE s."share_id" <> s."payout_id"
    `);
    await queryRunner.query(`
      UPDATE "invoices" i SET "payout_id" = s."share_id"
        FROM "payout_shares" s
       WHERE i."payout_id" = s."payout_id" AND i."organization_id" = s."organization_id" AND s."share_id" <> s."payout_id"
    `);
    await queryRunner.query(`
      UPDATE "payouts" p SET "organization_id" = s."organization_id", "amount_cents" = s."cents"
        FROM "payout_shares" s
       WHERE p."id" = s."share_id" AND s."share_id" = s."payout_id"
    `);
    // A failed payout whose request event names no invoices (the demo seed's): the event's organization.
    await queryRunner.query(`
      UPDATE "payouts" p SET "organization_id" = e."organization_id"
        FROM "events" e
       WHERE p."organization_id" IS NULL AND e."type" = 'PAYOUT_REQUESTED' AND e."subject_type" = 'Payout' AND e."subject_id" = p."id"
    `);
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM "payouts" WHERE "organization_id" IS NULL) THEN
          RAISE EXCEPTION 'payouts without invoices or a PAYOUT_REQUESTED event cannot be given an organization: %',
            (SELECT string_agg("id"::text, ', ') FROM "payouts" WHERE "organization_id" IS NULL);
        END IF;
      END $$
    `);

    await queryRunner.query(`ALTER TABLE "payouts" ALTER COLUMN "organization_id" SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE "payouts" ADD CONSTRAINT "FK_f972960c4a5b6b532405b0af0d9" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "FK_f972960c4a5b6b532405b0af0d9"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "organization_id"`);
  }
}
