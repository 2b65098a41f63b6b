import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payout methods (Settings → Payouts): where a trainer is paid. The account number or e-mail is
 * stored sealed (AES-256-GCM under PAYOUT_METHODS_KEY, see modules/billing/payout-method-vault.ts)
 * with its masked form and a keyed fingerprint; at most one default and one live row per account
 * per trainer. `payouts.payout_method_id` names the method a payout goes to: null for the payouts
 * requested before this migration (they were made before trainers had methods).
 */

export class PayoutMethods1795402000000 implements MigrationInterface {
  name = 'PayoutMethods1795402000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."payout_method_kind" AS ENUM('BANK_TRANSFER', 'PAYPAL')`);
    await queryRunner.query(
      `CREATE TABLE "payout_methods" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trainer_id" uuid NOT NULL, "kind" "public"."payout_method_kind" NOT NULL, "country" character(2) NOT NULL, "account_holder" text, "masked_account" text NOT NULL, "secret" text, "fingerprint" text NOT NULL, "is_default" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "payout_methods_active_has_secret" CHECK ("removed_at" IS NOT NULL OR "secret" IS NOT NULL), CONSTRAINT "payout_methods_removed_has_no_secret" CHECK ("removed_at" IS NULL OR ("secret" IS NULL AND NOT "is_default")), CONSTRAINT "payout_methods_country_code" CHECK ("country" ~ '^[A-Z]{2}$'), CONSTRAINT "PK_cedb0a9e379a9a0a16ad050527e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8f2e9051d9ad25f6dae5c2ab20" ON "payout_methods"  ("trainer_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payout_methods_one_per_account" ON "payout_methods"  ("trainer_id", "fingerprint") WHERE "removed_at" IS NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "payout_methods_one_default" ON "payout_methods"  ("trainer_id") WHERE "is_default"`);
    await queryRunner.query(`ALTER TABLE "payouts" ADD "payout_method_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_9171c6f7625ef9c5df18418b36" ON "payouts"  ("payout_method_id") `);
    await queryRunner.query(
      `ALTER TABLE "payout_methods" ADD CONSTRAINT "FK_8f2e9051d9ad25f6dae5c2ab205" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payouts" ADD CONSTRAINT "FK_9171c6f7625ef9c5df18418b366" FOREIGN KEY ("payout_method_id") REFERENCES "payout_methods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payouts" DROP CONSTRAINT "FK_9171c6f7625ef9c5df18418b366"`);
    await queryRunner.query(`ALTER TABLE "payout_methods" DROP CONSTRAINT "FK_8f2e9051d9ad25f6dae5c2ab205"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9171c6f7625ef9c5df18418b36"`);
    await queryRunner.query(`ALTER TABLE "payouts" DROP COLUMN "payout_method_id"`);
    await queryRunner.query(`DROP INDEX "public"."payout_methods_one_default"`);
    await queryRunner.query(`DROP INDEX "public"."payout_methods_one_per_account"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8f2e9051d9ad25f6dae5c2ab20"`);
    await queryRunner.query(`DROP TABLE "payout_methods"`);
    await queryRunner.query(`DROP TYPE "public"."payout_method_kind"`);
  }
}
