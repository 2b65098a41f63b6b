import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivityFeedIndex1795386287057 implements MigrationInterface {
  name = 'ActivityFeedIndex1795386287057';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "events_created_at_idx" ON "events" ("created_at", "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."events_created_at_idx"
        `);
  }
}
