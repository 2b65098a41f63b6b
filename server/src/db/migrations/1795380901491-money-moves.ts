import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MoneyMoves1795380901491 implements MigrationInterface {
  name = 'MoneyMoves1795380901491';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "operation" text NOT NULL,
                "key" text NOT NULL,
                "request_hash" text NOT NULL,
                "result" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_6c0bc2304276fa86c9c82d41569" UNIQUE ("user_id", "operation", "key"),
                CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`ALTER TABLE "events" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()`);
    // Written by hand: invoice numbers (WR-<year>-<n>) come from one sequence, continuing after
    // any invoices that already exist.
    await queryRunner.query(`CREATE SEQUENCE "invoice_number_seq" AS bigint`);
    await queryRunner.query(`
            SELECT setval('invoice_number_seq',
                          GREATEST(1, COALESCE((SELECT max(substring("number" from '(\\d+)$')::bigint) FROM "invoices"), 0)),
                          EXISTS (SELECT 1 FROM "invoices"))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "invoice_number_seq"`);
    await queryRunner.query(`ALTER TABLE "events" ALTER COLUMN "created_at" SET DEFAULT now()`);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
  }
}
