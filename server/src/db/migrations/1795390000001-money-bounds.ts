import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every money column bounded as its input is (graphql/money-limits.ts), so no row can hold
 * an amount the API cannot show exactly, whatever writes it. Rows written through the API already
 * keep these bounds; a row written around it makes this migration fail, naming the constraint,
 * which is the moment to fix it.
 */
export class MoneyBounds1795390000001 implements MigrationInterface {
  name = 'MoneyBounds1795390000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "jobs"
            ADD CONSTRAINT "jobs_amounts_bounded" CHECK (
                    ("rate_cents" IS NULL OR "rate_cents" BETWEEN 0 AND 100000000) AND ("budget_cents" IS NULL OR "budget_cents" BETWEEN 0 AND 1000000000)
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals"
            ADD CONSTRAINT "proposals_rate_bounded" CHECK ("rate_cents" BETWEEN 0 AND 100000000)
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts"
            ADD CONSTRAINT "contracts_amounts_bounded" CHECK (
                    "total_budget_cents" <= 1000000000 AND ("rate_cents" IS NULL OR "rate_cents" <= 100000000)
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones"
            ADD CONSTRAINT "milestones_amount_bounded" CHECK ("amount_cents" <= 100000000)
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices"
            ADD CONSTRAINT "invoices_gross_bounded" CHECK ("gross_cents" <= 100000000)
        `);
    await queryRunner.query(`
            ALTER TABLE "payouts"
            ADD CONSTRAINT "payouts_amount_representable" CHECK ("amount_cents" <= 9007199254740991)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "payouts" DROP CONSTRAINT "payouts_amount_representable"
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices" DROP CONSTRAINT "invoices_gross_bounded"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones" DROP CONSTRAINT "milestones_amount_bounded"
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts" DROP CONSTRAINT "contracts_amounts_bounded"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals" DROP CONSTRAINT "proposals_rate_bounded"
        `);
    await queryRunner.query(`
            ALTER TABLE "jobs" DROP CONSTRAINT "jobs_amounts_bounded"
        `);
  }
}
