import type { MigrationInterface, QueryRunner } from 'typeorm';

const disputeActions = [
  'DISPUTE_RESPONDED',
  'SETTLEMENT_PROPOSED',
  'SETTLEMENT_REJECTED',
  'DISPUTE_SETTLED',
  'DISPUTE_ESCALATED',
  'DISPUTE_RESOLVED',
  'DISPUTE_WITHDRAWN',
];

/**
 * Disputes that end: one row per dispute (`milestone_disputes`, at most one open per milestone),
 * the dispute steps in the milestone history (the platform's with no actor), and what went back
 * to the employer on each milestone (`refunded_cents`). Existing rows are carried over: a funded
 * milestone that was cancelled was refunded in full, and a DISPUTED milestone gets its OPEN
 * dispute from the history step that opened it.
 */
export class MilestoneDisputes1795400000000 implements MigrationInterface {
  name = 'MilestoneDisputes1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."dispute_status" AS ENUM('OPEN', 'ESCALATED', 'SETTLED', 'RESOLVED', 'WITHDRAWN')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."dispute_party" AS ENUM('EMPLOYER', 'TRAINER')
        `);
    await queryRunner.query(`
            CREATE TABLE "milestone_disputes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "milestone_id" uuid NOT NULL,
                "status" "public"."dispute_status" NOT NULL DEFAULT 'OPEN',
                "opened_by_id" uuid,
                "reason" text NOT NULL,
                "prior_status" "public"."milestone_status" NOT NULL,
                "response" text,
                "responded_at" TIMESTAMP WITH TIME ZONE,
                "proposed_by" "public"."dispute_party",
                "proposed_release_cents" bigint,
                "proposal_note" text,
                "proposed_at" TIMESTAMP WITH TIME ZONE,
                "escalated_by" "public"."dispute_party",
                "escalated_at" TIMESTAMP WITH TIME ZONE,
                "released_cents" bigint,
                "refunded_cents" bigint,
                "resolution_note" text,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL,
                "held_cents" bigint NOT NULL,
                CONSTRAINT "milestone_disputes_outcome_bounded" CHECK (
                    ("released_cents" IS NULL) = ("refunded_cents" IS NULL) AND ("released_cents" IS NULL OR ("released_cents" >= 0 AND "refunded_cents" >= 0 AND "released_cents" + "refunded_cents" = "held_cents"))
                ),
                CONSTRAINT "milestone_disputes_proposal_bounded" CHECK ("proposed_release_cents" IS NULL OR "proposed_release_cents" BETWEEN 0 AND "held_cents"),
                CONSTRAINT "milestone_disputes_held_bounded" CHECK ("held_cents" > 0 AND "held_cents" <= 100000000),
                CONSTRAINT "PK_67782ccfb8663379a0f87e63a24" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_908d197aa1fcbcb0725ee51483" ON "milestone_disputes" ("milestone_id", "opened_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "milestone_disputes_one_open" ON "milestone_disputes" ("milestone_id") WHERE "status" IN ('OPEN', 'ESCALATED')
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_disputes" ADD CONSTRAINT "FK_61e754079ce8a17386f4b58017c" FOREIGN KEY ("milestone_id") REFERENCES "milestones"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_disputes" ADD CONSTRAINT "FK_7a683caca22b3593c1b8a2508e5" FOREIGN KEY ("opened_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones" ADD "refunded_cents" bigint NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones" ADD CONSTRAINT "milestones_refund_within_amount" CHECK ("refunded_cents" >= 0 AND "refunded_cents" <= "amount_cents")
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_events" ALTER COLUMN "actor_id" DROP NOT NULL
        `);
    for (const action of disputeActions) {
      await queryRunner.query(`ALTER TYPE "public"."milestone_action" ADD VALUE '${action}'`);
    }
    // A funded milestone that was cancelled went back to the employer in full.
    await queryRunner.query(`
            UPDATE "milestones" m SET "refunded_cents" = m."amount_cents"
             WHERE m."status" = 'CANCELLED'
               AND EXISTS (SELECT 1 FROM "milestone_events" e WHERE e."milestone_id" = m."id" AND e."action" = 'CANCELLED' AND e."from_status" = 'FUNDED')
        `);
    // Every milestone already DISPUTED gets its open dispute, from the step that opened it.
    await queryRunner.query(`
            INSERT INTO "milestone_disputes" ("milestone_id", "status", "opened_by_id", "reason", "prior_status", "currency", "opened_at", "version", "held_cents")
            SELECT m."id", 'OPEN', e."actor_id", COALESCE(NULLIF(e."note", ''), 'Opened before disputes were recorded.'),
                   COALESCE(e."from_status", 'FUNDED'), m."currency", COALESCE(e."at", now()), 1, m."amount_cents"
              FROM "milestones" m
              LEFT JOIN LATERAL (
                SELECT * FROM "milestone_events" h WHERE h."milestone_id" = m."id" AND h."action" = 'DISPUTED' ORDER BY h."at" DESC LIMIT 1
              ) e ON true
             WHERE m."status" = 'DISPUTED'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The dispute steps cannot be told in the old vocabulary: they go, with the platform's (actorless) steps.
    await queryRunner.query(
      `
            DELETE FROM "milestone_events" WHERE "action"::text = ANY($1) OR "actor_id" IS NULL
        `,
      [disputeActions],
    );
    await queryRunner.query(`
            CREATE TYPE "public"."milestone_action_old" AS ENUM('CREATED', 'UPDATED', 'FUNDED', 'SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'CANCELLED', 'DISPUTED')
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_events" ALTER COLUMN "action" TYPE "public"."milestone_action_old" USING "action"::"text"::"public"."milestone_action_old"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."milestone_action"
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."milestone_action_old" RENAME TO "milestone_action"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_events" ALTER COLUMN "actor_id" SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones" DROP CONSTRAINT "milestones_refund_within_amount"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones" DROP COLUMN "refunded_cents"
        `);
    await queryRunner.query(`
            DROP TABLE "milestone_disputes"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."dispute_party"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."dispute_status"
        `);
  }
}
