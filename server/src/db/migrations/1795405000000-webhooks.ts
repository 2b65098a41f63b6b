import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks (modules/webhooks): an organization's endpoints, each with its signing secret
 * (and the previous one during a rotation's overlap) and its cursor, the position of the last
 * event it acknowledged; and the delivery log, one row per event sent to an endpoint with its
 * attempts. Deleting an organization or an endpoint deletes what hangs from it.
 */

export class Webhooks1795405000000 implements MigrationInterface {
  name = 'Webhooks1795405000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."webhook_endpoint_status" AS ENUM('ACTIVE', 'DISABLED')`);
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "url" text NOT NULL, "description" text NOT NULL DEFAULT '', "event_types" text array NOT NULL, "status" "public"."webhook_endpoint_status" NOT NULL DEFAULT 'ACTIVE', "disabled_reason" text, "secret" text NOT NULL, "previous_secret" text, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "cursor" bigint NOT NULL DEFAULT '0', "rewind_to" bigint, "consecutive_failures" integer NOT NULL DEFAULT '0', "failing_since" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_endpoints_cursor_not_negative" CHECK ("cursor" >= 0), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_893247a8681e31f117a34b4fb4" ON "webhook_endpoints"  ("organization_id")`);
    await queryRunner.query(`CREATE INDEX "webhook_endpoints_due_idx" ON "webhook_endpoints"  ("status", "next_attempt_at")`);
    await queryRunner.query(`CREATE TYPE "public"."webhook_delivery_kind" AS ENUM('STREAM', 'RESEND')`);
    await queryRunner.query(`CREATE TYPE "public"."webhook_delivery_status" AS ENUM('PENDING', 'SUCCEEDED', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "endpoint_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "event_id" uuid NOT NULL, "position" bigint NOT NULL, "event_type" text NOT NULL, "kind" "public"."webhook_delivery_kind" NOT NULL, "status" "public"."webhook_delivery_status" NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "response_status" integer, "latency_ms" integer, "error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries"  ("endpoint_id", "kind") WHERE "status" = 'PENDING'`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries"  ("endpoint_id", "created_at")`);
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "FK_893247a8681e31f117a34b4fb46" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "FK_893247a8681e31f117a34b4fb46"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_endpoint_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_pending_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_status"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_kind"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_endpoints_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_893247a8681e31f117a34b4fb4"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_endpoint_status"`);
  }
}
