import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event positions come from one sequence, drawn only by the publisher while it holds an advisory
 * lock and only for committed rows: positions follow commit order, so a cursor never skips an
 * event that committed late. Continues after any positions already assigned (the demo seed's).
 */
export class EventPositions1795382000000 implements MigrationInterface {
  name = 'EventPositions1795382000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "event_position_seq" AS bigint`);
    await queryRunner.query(`
      SELECT setval('event_position_seq', GREATEST(1, COALESCE((SELECT max("position") FROM "events"), 0)), EXISTS (SELECT 1 FROM "events" WHERE "position" IS NOT NULL))
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "event_position_seq"`);
  }
}
