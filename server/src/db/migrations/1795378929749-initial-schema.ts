import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795378929749 implements MigrationInterface {
  name = 'InitialSchema1795378929749';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "position" bigint,
                "type" text NOT NULL,
                "audience" text NOT NULL,
                "organization_id" uuid NOT NULL,
                "trainer_id" uuid,
                "job_id" uuid,
                "contract_id" uuid,
                "channel_id" uuid,
                "actor_id" uuid,
                "subject_type" text NOT NULL,
                "subject_id" uuid NOT NULL,
                "summary" text NOT NULL,
                "payload" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "published_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_d5e01c63c9c1aa38b3c7015184b" UNIQUE ("position"),
                CONSTRAINT "PK_40731c7151fe4be3116e45ddf73" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "events_unpublished_idx" ON "events" ("created_at")
            WHERE position IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c6ea36fce09fca81d4e3748812" ON "events" ("contract_id", "position")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_08dbaca2ea95fa3533eacacf8a" ON "events" ("channel_id", "position")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4aab6fe53a92c266b6d91a225e" ON "events" ("job_id", "position")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c30d9a5c5181d79398bdf96de7" ON "events" ("trainer_id", "position")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0f9e8080e7265d784490eafbf7" ON "events" ("organization_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "organizations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."user_role" AS ENUM('TRAINER', 'EMPLOYER')
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" text NOT NULL,
                "name" text NOT NULL,
                "role" "public"."user_role" NOT NULL,
                "organization_id" uuid,
                "timezone" text NOT NULL DEFAULT 'UTC',
                "skills" text array NOT NULL DEFAULT '{}',
                "password_hash" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_21a659804ed7bf61eb91688dea" ON "users" ("organization_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."payment_type" AS ENUM('FIXED_PRICE', 'PAY_PER_HOUR', 'PAY_PER_LABEL')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."job_status" AS ENUM('DRAFT', 'OPEN', 'CLOSED')
        `);
    await queryRunner.query(`
            CREATE TABLE "jobs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "title" text NOT NULL,
                "description" text NOT NULL,
                "skills" text array NOT NULL DEFAULT '{}',
                "payment_type" "public"."payment_type" NOT NULL,
                "rate_cents" bigint,
                "budget_cents" bigint,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "status" "public"."job_status" NOT NULL DEFAULT 'DRAFT',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c2130d1d7e7f4408202a36e4f1" ON "jobs" ("status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ca18c27983fcc0aa50b5fa6b56" ON "jobs" ("organization_id", "status", "created_at")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."proposal_status" AS ENUM(
                'UNREVIEWED',
                'SHORTLISTED',
                'HIRED',
                'DECLINED',
                'WITHDRAWN'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "proposals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "job_id" uuid NOT NULL,
                "trainer_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "cover_letter" text NOT NULL,
                "rate_cents" bigint NOT NULL,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "status" "public"."proposal_status" NOT NULL DEFAULT 'UNREVIEWED',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_67a6ab7add4ee13b465138cdbd1" UNIQUE ("job_id", "trainer_id"),
                CONSTRAINT "PK_db524c8db8e126a38a2f16d8cac" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3624cc162ae17d8d69887714ad" ON "proposals" ("organization_id", "status", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_daafbdd28c486cf826e009a639" ON "proposals" ("trainer_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."contract_status" AS ENUM('ACTIVE', 'PAUSED', 'ENDED')
        `);
    await queryRunner.query(`
            CREATE TABLE "contracts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "job_id" uuid NOT NULL,
                "trainer_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "proposal_id" uuid,
                "title" text NOT NULL,
                "scope" text NOT NULL,
                "terms" text NOT NULL,
                "payment_type" "public"."payment_type" NOT NULL,
                "rate_cents" bigint,
                "total_budget_cents" bigint NOT NULL,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "status" "public"."contract_status" NOT NULL DEFAULT 'ACTIVE',
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_be959b9885c294c5b4bf287ac5a" UNIQUE ("proposal_id"),
                CONSTRAINT "PK_2c7b8f3a7b1acdd49497d83d0fb" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ca240c6a3243a193975ccc2718" ON "contracts" ("job_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f6e61fb924ab898bb23f202bd1" ON "contracts" ("organization_id", "status", "started_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c5fcea801782ac19787fdb37e5" ON "contracts" ("trainer_id", "status", "started_at")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."access_kind" AS ENUM('TOOL', 'TEAM', 'DATASET', 'OTHER')
        `);
    await queryRunner.query(`
            CREATE TABLE "access_grants" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "contract_id" uuid NOT NULL,
                "kind" "public"."access_kind" NOT NULL,
                "name" text NOT NULL,
                "url" text,
                "note" text,
                "granted_by_id" uuid NOT NULL,
                "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_451012952c6aa19c9f6e4ddcc19" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_95174ae8cdabf6842fd41f8f78" ON "access_grants" ("contract_id", "granted_at")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."milestone_status" AS ENUM(
                'NOT_FUNDED',
                'FUNDED',
                'SUBMITTED',
                'CHANGES_REQUESTED',
                'PAID',
                'DISPUTED',
                'CANCELLED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "milestones" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "contract_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "title" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "amount_cents" bigint NOT NULL,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "due_at" TIMESTAMP WITH TIME ZONE,
                "status" "public"."milestone_status" NOT NULL DEFAULT 'NOT_FUNDED',
                "version" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_30a18d7f795a06ebcce2e53697e" UNIQUE ("contract_id", "number"),
                CONSTRAINT "PK_0bdbfe399c777a6a8520ff902d9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d390b479dca34bd41dc1f8b17f" ON "milestones" ("contract_id", "due_at")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."payout_status" AS ENUM('REQUESTED', 'PAID', 'FAILED')
        `);
    await queryRunner.query(`
            CREATE TABLE "payouts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "trainer_id" uuid NOT NULL,
                "amount_cents" bigint NOT NULL,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "status" "public"."payout_status" NOT NULL DEFAULT 'REQUESTED',
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "failure_reason" text,
                CONSTRAINT "PK_76855dc4f0a6c18c72eea302e87" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_92f5361be144c599c5a3be13b5" ON "payouts" ("trainer_id", "requested_at")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."invoice_status" AS ENUM('ISSUED', 'PAID', 'VOID')
        `);
    await queryRunner.query(`
            CREATE TABLE "invoices" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "number" text NOT NULL,
                "contract_id" uuid NOT NULL,
                "milestone_id" uuid,
                "organization_id" uuid NOT NULL,
                "trainer_id" uuid NOT NULL,
                "gross_cents" bigint NOT NULL,
                "fee_cents" bigint NOT NULL,
                "net_cents" bigint NOT NULL,
                "currency" character(3) NOT NULL DEFAULT 'USD',
                "status" "public"."invoice_status" NOT NULL DEFAULT 'ISSUED',
                "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "paid_at" TIMESTAMP WITH TIME ZONE,
                "payout_id" uuid,
                CONSTRAINT "UQ_6b20aa66f2a835a4f2fbde48724" UNIQUE ("number"),
                CONSTRAINT "UQ_b4eae643df5fbd98341faf65ed7" UNIQUE ("milestone_id"),
                CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_24edcaca03c27acbd02ba44cda" ON "invoices" ("payout_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2a1393659dc4aa043ed203c888" ON "invoices" ("contract_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_5e50e930c3f33bbf192df0a88a" ON "invoices" ("organization_id", "issued_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7a96691fff16420f641b977549" ON "invoices" ("trainer_id", "issued_at")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."calendar_event_kind" AS ENUM('KICKOFF', 'CHECK_IN', 'DEADLINE', 'OTHER')
        `);
    await queryRunner.query(`
            CREATE TABLE "calendar_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "job_id" uuid,
                "contract_id" uuid,
                "kind" "public"."calendar_event_kind" NOT NULL DEFAULT 'OTHER',
                "title" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "all_day" boolean NOT NULL DEFAULT false,
                "location" text,
                "meeting_url" text,
                "created_by_id" uuid NOT NULL,
                "cancelled_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_faf5391d232322a87cdd1c6f30c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c19d2ff67da597e241b0cad7af" ON "calendar_events" ("job_id", "starts_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4085ecba68ce7304e8b3237a9c" ON "calendar_events" ("contract_id", "starts_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6afa4bbb615520634f223fc058" ON "calendar_events" ("organization_id", "starts_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "calendar_event_attendees" (
                "event_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d3a10c9dcb29ddfe946c859a92e" PRIMARY KEY ("event_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d3a10c9dcb29ddfe946c859a92" ON "calendar_event_attendees" ("user_id", "event_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."instruction_status" AS ENUM('DRAFT', 'PUBLISHED')
        `);
    await queryRunner.query(`
            CREATE TABLE "instruction_documents" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "job_id" uuid NOT NULL,
                "organization_id" uuid NOT NULL,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "status" "public"."instruction_status" NOT NULL DEFAULT 'DRAFT',
                "published_version" integer,
                "published_at" TIMESTAMP WITH TIME ZONE,
                "updated_by_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_db5ec524f4db2ea5fc3b1f8a58f" UNIQUE ("job_id"),
                CONSTRAINT "PK_15e72b077e4a1fe54a21efd89ff" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7ab5e451b2c045e6b04a920beb" ON "instruction_documents" ("organization_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "instruction_acks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "document_id" uuid NOT NULL,
                "trainer_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_cf5ebf42d7664ba482773464ba3" UNIQUE ("document_id", "trainer_id"),
                CONSTRAINT "PK_a2a1d11cdb5f8f1fa8d143650ba" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_de615fe5588c9b58e32a6f4a06" ON "instruction_acks" ("trainer_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "instruction_revisions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "document_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "author_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_4a5e97d5e748762e011505f2736" UNIQUE ("document_id", "version"),
                CONSTRAINT "PK_89d90c7e49245e81df4655c3422" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."channel_kind" AS ENUM('DIRECT', 'GROUP', 'PROPOSAL')
        `);
    await queryRunner.query(`
            CREATE TABLE "channels" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organization_id" uuid NOT NULL,
                "job_id" uuid,
                "contract_id" uuid,
                "proposal_id" uuid,
                "kind" "public"."channel_kind" NOT NULL,
                "name" text NOT NULL,
                "last_message_seq" bigint NOT NULL DEFAULT '0',
                "last_message_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bc603823f3f741359c2339389f9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c2a124e11fa60f0d08abbbacc9" ON "channels" ("proposal_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_471671d6421be69ffadc9f29f9" ON "channels" ("job_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f25b83fc048d4b7d965d8ac645" ON "channels" ("contract_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_dcb0c11359ece13fbbcd745c28" ON "channels" ("organization_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "channel_members" (
                "channel_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "last_read_seq" bigint NOT NULL DEFAULT '0',
                "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "removed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_f25be699d4039301684128a7a8b" PRIMARY KEY ("channel_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f25be699d4039301684128a7a8" ON "channel_members" ("user_id", "channel_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "messages" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "channel_id" uuid NOT NULL,
                "seq" bigint NOT NULL,
                "author_id" uuid NOT NULL,
                "body" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "edited_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_809eb9599f7b9789c83a9c90b50" UNIQUE ("channel_id", "seq"),
                CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."milestone_action" AS ENUM(
                'CREATED',
                'UPDATED',
                'FUNDED',
                'SUBMITTED',
                'CHANGES_REQUESTED',
                'APPROVED',
                'CANCELLED',
                'DISPUTED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "milestone_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "milestone_id" uuid NOT NULL,
                "actor_id" uuid NOT NULL,
                "action" "public"."milestone_action" NOT NULL,
                "from_status" "public"."milestone_status",
                "to_status" "public"."milestone_status" NOT NULL,
                "note" text,
                "attachments" jsonb NOT NULL DEFAULT '[]'::jsonb,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4692a09e371d613e9c7b9cea975" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e6ec9f72d94bb5175d46db73f2" ON "milestone_events" ("milestone_id", "at")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_21a659804ed7bf61eb91688dea7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "jobs"
            ADD CONSTRAINT "FK_3d9a2080fffe3e2c3b72fd56df2" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals"
            ADD CONSTRAINT "FK_0b6dc5b941879ad3f581a8ad3fe" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals"
            ADD CONSTRAINT "FK_e5789a7cb9f386e1bfdd8c7d477" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals"
            ADD CONSTRAINT "FK_dc33bf3a873077f778084dd95a7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts"
            ADD CONSTRAINT "FK_ca240c6a3243a193975ccc2718b" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts"
            ADD CONSTRAINT "FK_46f52854ce90a3d03c9533c5940" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts"
            ADD CONSTRAINT "FK_deb40e2f2ce5c32699535a05843" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts"
            ADD CONSTRAINT "FK_be959b9885c294c5b4bf287ac5a" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "access_grants"
            ADD CONSTRAINT "FK_21e72424d1d7ef282d68d3cd95f" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "access_grants"
            ADD CONSTRAINT "FK_c1e764c39141a302c301f78a48e" FOREIGN KEY ("granted_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones"
            ADD CONSTRAINT "FK_f262bea126e4e4b4cd5dd36da03" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "payouts"
            ADD CONSTRAINT "FK_db06d41278292ec10750692278b" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices"
            ADD CONSTRAINT "FK_2a1393659dc4aa043ed203c8886" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices"
            ADD CONSTRAINT "FK_b4eae643df5fbd98341faf65ed7" FOREIGN KEY ("milestone_id") REFERENCES "milestones"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices"
            ADD CONSTRAINT "FK_d4e095bcd100de447d3c27708f9" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices"
            ADD CONSTRAINT "FK_38915605b134cfc1e656ffa1ce5" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices"
            ADD CONSTRAINT "FK_24edcaca03c27acbd02ba44cda9" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events"
            ADD CONSTRAINT "FK_ea8bac135b0a28bd1273a0a604c" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events"
            ADD CONSTRAINT "FK_f84c97874c2d33bcbdc3b3fe934" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events"
            ADD CONSTRAINT "FK_082c63bd42fde31637ac3ee7997" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events"
            ADD CONSTRAINT "FK_f8217d6cb7344062d4a96a4d9bf" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_event_attendees"
            ADD CONSTRAINT "FK_8ec385ad71988de02cd6c44bde7" FOREIGN KEY ("event_id") REFERENCES "calendar_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_event_attendees"
            ADD CONSTRAINT "FK_37d00d5de8b2f033634420b8662" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_documents"
            ADD CONSTRAINT "FK_db5ec524f4db2ea5fc3b1f8a58f" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_documents"
            ADD CONSTRAINT "FK_7ab5e451b2c045e6b04a920beb2" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_documents"
            ADD CONSTRAINT "FK_ba7cab730da3782938541136395" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_acks"
            ADD CONSTRAINT "FK_6b028b7f7855391c67b7d7ae9a9" FOREIGN KEY ("document_id") REFERENCES "instruction_documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_acks"
            ADD CONSTRAINT "FK_de615fe5588c9b58e32a6f4a06f" FOREIGN KEY ("trainer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_revisions"
            ADD CONSTRAINT "FK_71e21f68d702961cedb4032aea4" FOREIGN KEY ("document_id") REFERENCES "instruction_documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_revisions"
            ADD CONSTRAINT "FK_508bd92df4b8a002107ec24418c" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "channels"
            ADD CONSTRAINT "FK_dcb0c11359ece13fbbcd745c28b" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "channels"
            ADD CONSTRAINT "FK_471671d6421be69ffadc9f29f96" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "channels"
            ADD CONSTRAINT "FK_f25b83fc048d4b7d965d8ac6458" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "channels"
            ADD CONSTRAINT "FK_c2a124e11fa60f0d08abbbacc96" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "channel_members"
            ADD CONSTRAINT "FK_71a10831469775a1effdd85f240" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "channel_members"
            ADD CONSTRAINT "FK_2211e70107e1663e0ea61d70de6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "messages"
            ADD CONSTRAINT "FK_86b9109b155eb70c0a2ca3b4b6d" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "messages"
            ADD CONSTRAINT "FK_05535bc695e9f7ee104616459d3" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_events"
            ADD CONSTRAINT "FK_e14e39a72a0805629c73d7a389a" FOREIGN KEY ("milestone_id") REFERENCES "milestones"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_events"
            ADD CONSTRAINT "FK_0ba8abb5ede9f7e228b5805dbe6" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // Written by hand: rules of a row that the database itself should refuse to break.
    await queryRunner.query(`
            CREATE INDEX "jobs_skills_gin" ON "jobs" USING gin ("skills")
        `);
    await queryRunner.query(`
            ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase" CHECK ("email" = lower(btrim("email")))
        `);
    await queryRunner.query(`
            ALTER TABLE "users" ADD CONSTRAINT "users_employer_has_organization"
                CHECK (("role" = 'EMPLOYER') = ("organization_id" IS NOT NULL))
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones" ADD CONSTRAINT "milestones_amount_positive" CHECK ("amount_cents" > 0)
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts" ADD CONSTRAINT "contracts_amounts_non_negative"
                CHECK ("total_budget_cents" >= 0 AND ("rate_cents" IS NULL OR "rate_cents" >= 0))
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices" ADD CONSTRAINT "invoices_net_is_gross_minus_fee"
                CHECK ("gross_cents" >= 0 AND "fee_cents" >= 0 AND "net_cents" = "gross_cents" - "fee_cents")
        `);
    await queryRunner.query(`
            ALTER TABLE "payouts" ADD CONSTRAINT "payouts_amount_positive" CHECK ("amount_cents" > 0)
        `);
    await queryRunner.query(`
            ALTER TABLE "messages" ADD CONSTRAINT "messages_body_length" CHECK (char_length("body") BETWEEN 1 AND 10000)
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_ends_after_start" CHECK ("ends_at" >= "starts_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "jobs_skills_gin"`);
    await queryRunner.query(`
            ALTER TABLE "milestone_events" DROP CONSTRAINT "FK_0ba8abb5ede9f7e228b5805dbe6"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestone_events" DROP CONSTRAINT "FK_e14e39a72a0805629c73d7a389a"
        `);
    await queryRunner.query(`
            ALTER TABLE "messages" DROP CONSTRAINT "FK_05535bc695e9f7ee104616459d3"
        `);
    await queryRunner.query(`
            ALTER TABLE "messages" DROP CONSTRAINT "FK_86b9109b155eb70c0a2ca3b4b6d"
        `);
    await queryRunner.query(`
            ALTER TABLE "channel_members" DROP CONSTRAINT "FK_2211e70107e1663e0ea61d70de6"
        `);
    await queryRunner.query(`
            ALTER TABLE "channel_members" DROP CONSTRAINT "FK_71a10831469775a1effdd85f240"
        `);
    await queryRunner.query(`
            ALTER TABLE "channels" DROP CONSTRAINT "FK_c2a124e11fa60f0d08abbbacc96"
        `);
    await queryRunner.query(`
            ALTER TABLE "channels" DROP CONSTRAINT "FK_f25b83fc048d4b7d965d8ac6458"
        `);
    await queryRunner.query(`
            ALTER TABLE "channels" DROP CONSTRAINT "FK_471671d6421be69ffadc9f29f96"
        `);
    await queryRunner.query(`
            ALTER TABLE "channels" DROP CONSTRAINT "FK_dcb0c11359ece13fbbcd745c28b"
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_revisions" DROP CONSTRAINT "FK_508bd92df4b8a002107ec24418c"
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_revisions" DROP CONSTRAINT "FK_71e21f68d702961cedb4032aea4"
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_acks" DROP CONSTRAINT "FK_de615fe5588c9b58e32a6f4a06f"
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_acks" DROP CONSTRAINT "FK_6b028b7f7855391c67b7d7ae9a9"
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_documents" DROP CONSTRAINT "FK_ba7cab730da3782938541136395"
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_documents" DROP CONSTRAINT "FK_7ab5e451b2c045e6b04a920beb2"
        `);
    await queryRunner.query(`
            ALTER TABLE "instruction_documents" DROP CONSTRAINT "FK_db5ec524f4db2ea5fc3b1f8a58f"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_event_attendees" DROP CONSTRAINT "FK_37d00d5de8b2f033634420b8662"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_event_attendees" DROP CONSTRAINT "FK_8ec385ad71988de02cd6c44bde7"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events" DROP CONSTRAINT "FK_f8217d6cb7344062d4a96a4d9bf"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events" DROP CONSTRAINT "FK_082c63bd42fde31637ac3ee7997"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events" DROP CONSTRAINT "FK_f84c97874c2d33bcbdc3b3fe934"
        `);
    await queryRunner.query(`
            ALTER TABLE "calendar_events" DROP CONSTRAINT "FK_ea8bac135b0a28bd1273a0a604c"
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices" DROP CONSTRAINT "FK_24edcaca03c27acbd02ba44cda9"
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices" DROP CONSTRAINT "FK_38915605b134cfc1e656ffa1ce5"
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices" DROP CONSTRAINT "FK_d4e095bcd100de447d3c27708f9"
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices" DROP CONSTRAINT "FK_b4eae643df5fbd98341faf65ed7"
        `);
    await queryRunner.query(`
            ALTER TABLE "invoices" DROP CONSTRAINT "FK_2a1393659dc4aa043ed203c8886"
        `);
    await queryRunner.query(`
            ALTER TABLE "payouts" DROP CONSTRAINT "FK_db06d41278292ec10750692278b"
        `);
    await queryRunner.query(`
            ALTER TABLE "milestones" DROP CONSTRAINT "FK_f262bea126e4e4b4cd5dd36da03"
        `);
    await queryRunner.query(`
            ALTER TABLE "access_grants" DROP CONSTRAINT "FK_c1e764c39141a302c301f78a48e"
        `);
    await queryRunner.query(`
            ALTER TABLE "access_grants" DROP CONSTRAINT "FK_21e72424d1d7ef282d68d3cd95f"
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts" DROP CONSTRAINT "FK_be959b9885c294c5b4bf287ac5a"
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts" DROP CONSTRAINT "FK_deb40e2f2ce5c32699535a05843"
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts" DROP CONSTRAINT "FK_46f52854ce90a3d03c9533c5940"
        `);
    await queryRunner.query(`
            ALTER TABLE "contracts" DROP CONSTRAINT "FK_ca240c6a3243a193975ccc2718b"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals" DROP CONSTRAINT "FK_dc33bf3a873077f778084dd95a7"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals" DROP CONSTRAINT "FK_e5789a7cb9f386e1bfdd8c7d477"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposals" DROP CONSTRAINT "FK_0b6dc5b941879ad3f581a8ad3fe"
        `);
    await queryRunner.query(`
            ALTER TABLE "jobs" DROP CONSTRAINT "FK_3d9a2080fffe3e2c3b72fd56df2"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_21a659804ed7bf61eb91688dea7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e6ec9f72d94bb5175d46db73f2"
        `);
    await queryRunner.query(`
            DROP TABLE "milestone_events"
        `);
    await queryRunner.query(`
            DROP TABLE "messages"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f25be699d4039301684128a7a8"
        `);
    await queryRunner.query(`
            DROP TABLE "channel_members"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dcb0c11359ece13fbbcd745c28"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f25b83fc048d4b7d965d8ac645"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_471671d6421be69ffadc9f29f9"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c2a124e11fa60f0d08abbbacc9"
        `);
    await queryRunner.query(`
            DROP TABLE "channels"
        `);
    await queryRunner.query(`
            DROP TABLE "instruction_revisions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_de615fe5588c9b58e32a6f4a06"
        `);
    await queryRunner.query(`
            DROP TABLE "instruction_acks"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7ab5e451b2c045e6b04a920beb"
        `);
    await queryRunner.query(`
            DROP TABLE "instruction_documents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d3a10c9dcb29ddfe946c859a92"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_event_attendees"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6afa4bbb615520634f223fc058"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4085ecba68ce7304e8b3237a9c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c19d2ff67da597e241b0cad7af"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7a96691fff16420f641b977549"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_5e50e930c3f33bbf192df0a88a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2a1393659dc4aa043ed203c888"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_24edcaca03c27acbd02ba44cda"
        `);
    await queryRunner.query(`
            DROP TABLE "invoices"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_92f5361be144c599c5a3be13b5"
        `);
    await queryRunner.query(`
            DROP TABLE "payouts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d390b479dca34bd41dc1f8b17f"
        `);
    await queryRunner.query(`
            DROP TABLE "milestones"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_95174ae8cdabf6842fd41f8f78"
        `);
    await queryRunner.query(`
            DROP TABLE "access_grants"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c5fcea801782ac19787fdb37e5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f6e61fb924ab898bb23f202bd1"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ca240c6a3243a193975ccc2718"
        `);
    await queryRunner.query(`
            DROP TABLE "contracts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_daafbdd28c486cf826e009a639"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3624cc162ae17d8d69887714ad"
        `);
    await queryRunner.query(`
            DROP TABLE "proposals"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ca18c27983fcc0aa50b5fa6b56"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c2130d1d7e7f4408202a36e4f1"
        `);
    await queryRunner.query(`
            DROP TABLE "jobs"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_21a659804ed7bf61eb91688dea"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP TABLE "organizations"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0f9e8080e7265d784490eafbf7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c30d9a5c5181d79398bdf96de7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4aab6fe53a92c266b6d91a225e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_08dbaca2ea95fa3533eacacf8a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c6ea36fce09fca81d4e3748812"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."events_unpublished_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "events"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."milestone_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."milestone_action"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."channel_kind"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."instruction_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."calendar_event_kind"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."invoice_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."payout_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."access_kind"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."contract_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."payment_type"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."proposal_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."job_status"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."user_role"
        `);
  }
}
