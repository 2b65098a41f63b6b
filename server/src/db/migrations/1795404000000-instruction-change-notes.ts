import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revision keeps the change note it was published with, and when it was last published, so a
 * trainer's "what changed since you read it" compares only versions trainers were shown. Versions
 * published before this migration are found in the outbox (INSTRUCTIONS_PUBLISHED events) and in
 * the documents' current published version.
 */
export class InstructionChangeNotes1795404000000 implements MigrationInterface {
  name = 'InstructionChangeNotes1795404000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "instruction_revisions" ADD "change_note" text`);
    await queryRunner.query(`ALTER TABLE "instruction_revisions" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`
            UPDATE "instruction_revisions" r SET "published_at" = p.at
            FROM (
                SELECT e."subject_id" AS document_id, (e."payload"->>'version')::int AS version, max(e."created_at") AS at
                FROM "events" e
                WHERE e."type" = 'INSTRUCTIONS_PUBLISHED' AND e."payload" ? 'version'
                GROUP BY 1, 2
            ) p
            WHERE r."document_id" = p.document_id AND r."version" = p.version
        `);
    await queryRunner.query(`
            UPDATE "instruction_revisions" r SET "published_at" = coalesce(d."published_at", now())
            FROM "instruction_documents" d
            WHERE r."document_id" = d."id" AND r."version" = d."published_version" AND r."published_at" IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "instruction_revisions" DROP COLUMN "published_at"`);
    await queryRunner.query(`ALTER TABLE "instruction_revisions" DROP COLUMN "change_note"`);
  }
}
