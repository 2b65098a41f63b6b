import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarFeeds1795381187819 implements MigrationInterface {
  name = 'CalendarFeeds1795381187819';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "calendar_feed_token" text
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "UQ_fe54ffb6fe58ceb9dfac876afbc" UNIQUE ("calendar_feed_token")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "UQ_fe54ffb6fe58ceb9dfac876afbc"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "calendar_feed_token"
        `);
  }
}
