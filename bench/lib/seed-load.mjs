// Load data on top of Workroom's demo world, by direct SQL inserts into its tables (one
// transaction, set-based, a second or two). For the demo trainer (trainer@example.com, Alex
// Rivera) and the demo employer (employer@example.com, Morgan Lee of Northwind AI) it adds, per
// contract i = 1..contracts:
//   jobs                one OPEN job                                   ("Bench job i")
//   proposals           one HIRED proposal
//   contracts           one ACTIVE fixed-price contract, started i hours ago
//   milestones          `milestones` (6): PAID, PAID, SUBMITTED, FUNDED, CHANGES_REQUESTED, NOT_FUNDED
//   milestone_events    the history that leads to each status (18 per contract)
//   invoices            one per PAID milestone (gross, 10% fee, net)
//   channels            one DIRECT channel, trainer + employer as members
//   channel_members     2 per channel; the trainer has read all but the last (i mod 5) messages
//   messages            `messages` (40) alternating authors, ~120 characters each
//   access_grants       `grants` (3): TOOL, DATASET, TEAM
//   events              the activity log: one event per milestone move and per message, with
//                       positions continuing the demo's (event_position_seq moved on)
// The rows follow the same rules as the app's own writes (statuses, histories, seq numbers,
// audiences), so every query sees them exactly as if they had been made through the API.
import pg from 'pg';

export const loadShape = { contracts: 60, milestones: 6, messages: 40, grants: 3 };

export async function seedLoad(databaseUrl, shape = loadShape) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const {
      rows: [ids],
    } = await client.query(
      `SELECT t.id AS trainer_id, e.id AS employer_id, e.organization_id
         FROM users t, users e WHERE t.email = 'trainer@example.com' AND e.email = 'employer@example.com'`,
    );
    if (!ids) throw new Error('the demo world is missing (trainer@example.com / employer@example.com)');
    await client.query(
      `CREATE TEMP TABLE bench_contract ON COMMIT DROP AS
         SELECT i, gen_random_uuid() AS job_id, gen_random_uuid() AS proposal_id, gen_random_uuid() AS contract_id,
                gen_random_uuid() AS channel_id, now() - make_interval(hours => i) AS started_at
           FROM generate_series(1, $1::int) AS i`,
      [shape.contracts],
    );
    await client.query(
      `INSERT INTO jobs (id, organization_id, title, description, skills, payment_type, budget_cents, status, created_at, updated_at)
       SELECT job_id, $1::uuid, 'Bench job ' || i, 'Rank model answers for helpfulness, batch ' || i || ' of the load-test world.',
              ARRAY['rlhf','python'], 'FIXED_PRICE', 600000, 'OPEN', started_at - interval '2 days', started_at - interval '2 days'
         FROM bench_contract`,
      [ids.organization_id],
    );
    await client.query(
      `INSERT INTO proposals (id, job_id, trainer_id, organization_id, cover_letter, rate_cents, status, created_at, updated_at)
       SELECT proposal_id, job_id, $1::uuid, $2::uuid, 'I would like to work on batch ' || i || '.', 600000, 'HIRED',
              started_at - interval '1 day', started_at
         FROM bench_contract`,
      [ids.trainer_id, ids.organization_id],
    );
    await client.query(
      `INSERT INTO contracts (id, job_id, trainer_id, organization_id, proposal_id, title, scope, terms, payment_type,
                              rate_cents, total_budget_cents, status, started_at, created_at, updated_at)
       SELECT contract_id, job_id, $1::uuid, $2::uuid, proposal_id, 'Bench contract ' || i,
              'Rank 6,000 preference pairs in six milestones (load-test contract ' || i || ').', 'Net 7 after approval',
              'FIXED_PRICE', NULL, 600000, 'ACTIVE', started_at, started_at, started_at
         FROM bench_contract`,
      [ids.trainer_id, ids.organization_id],
    );
    // Milestones and the history that leads to their status (actor: E employer, T trainer).
    await client.query(
      `CREATE TEMP TABLE bench_step ON COMMIT DROP AS
         SELECT * FROM (VALUES
           ('PAID', 1, 'CREATED', NULL, 'NOT_FUNDED', 'E'), ('PAID', 2, 'FUNDED', 'NOT_FUNDED', 'FUNDED', 'E'),
           ('PAID', 3, 'SUBMITTED', 'FUNDED', 'SUBMITTED', 'T'), ('PAID', 4, 'APPROVED', 'SUBMITTED', 'PAID', 'E'),
           ('SUBMITTED', 1, 'CREATED', NULL, 'NOT_FUNDED', 'E'), ('SUBMITTED', 2, 'FUNDED', 'NOT_FUNDED', 'FUNDED', 'E'),
           ('SUBMITTED', 3, 'SUBMITTED', 'FUNDED', 'SUBMITTED', 'T'),
           ('FUNDED', 1, 'CREATED', NULL, 'NOT_FUNDED', 'E'), ('FUNDED', 2, 'FUNDED', 'NOT_FUNDED', 'FUNDED', 'E'),
           ('CHANGES_REQUESTED', 1, 'CREATED', NULL, 'NOT_FUNDED', 'E'), ('CHANGES_REQUESTED', 2, 'FUNDED', 'NOT_FUNDED', 'FUNDED', 'E'),
           ('CHANGES_REQUESTED', 3, 'SUBMITTED', 'FUNDED', 'SUBMITTED', 'T'),
           ('CHANGES_REQUESTED', 4, 'CHANGES_REQUESTED', 'SUBMITTED', 'CHANGES_REQUESTED', 'E'),
           ('NOT_FUNDED', 1, 'CREATED', NULL, 'NOT_FUNDED', 'E')
         ) AS s(status, step, action, from_status, to_status, actor)`,
    );
    await client.query(
      `CREATE TEMP TABLE bench_milestone ON COMMIT DROP AS
         SELECT c.i, c.contract_id, c.started_at, n AS number, gen_random_uuid() AS id,
                (ARRAY['PAID','PAID','SUBMITTED','FUNDED','CHANGES_REQUESTED','NOT_FUNDED'])[1 + (n - 1) % 6] AS status
           FROM bench_contract c, generate_series(1, $1::int) AS n`,
      [shape.milestones],
    );
    await client.query(
      `INSERT INTO milestones (id, contract_id, number, title, description, amount_cents, due_at, status, version, created_at, updated_at)
       SELECT m.id, m.contract_id, m.number, 'Batch ' || m.number || ' — 1,000 preference pairs',
              'Rank 1,000 pairs with a one-line rationale each.', 100000,
              m.started_at + make_interval(days => 7 * m.number), m.status::milestone_status,
              (SELECT count(*) FROM bench_step s WHERE s.status = m.status), m.started_at, m.started_at + make_interval(mins => 10)
         FROM bench_milestone m`,
    );
    await client.query(
      `INSERT INTO milestone_events (milestone_id, actor_id, action, from_status, to_status, note, attachments, at)
       SELECT m.id, CASE s.actor WHEN 'T' THEN $1::uuid ELSE $2::uuid END, s.action::milestone_action,
              s.from_status::milestone_status, s.to_status::milestone_status,
              CASE s.action WHEN 'SUBMITTED' THEN 'Batch done; ambiguous pairs listed separately.'
                            WHEN 'CHANGES_REQUESTED' THEN 'Please re-check pairs 200–260.' END,
              CASE s.action WHEN 'SUBMITTED' THEN '[{"name":"batch.jsonl","url":"https://files.example.com/batch.jsonl"}]'::jsonb ELSE '[]'::jsonb END,
              m.started_at + make_interval(mins => 10 * m.number + s.step)
         FROM bench_milestone m JOIN bench_step s ON s.status = m.status`,
      [ids.trainer_id, ids.employer_id],
    );
    await client.query(
      `INSERT INTO invoices (number, contract_id, milestone_id, organization_id, trainer_id, gross_cents, fee_cents, net_cents, status, issued_at)
       SELECT 'WR-BENCH-' || lpad(row_number() OVER (ORDER BY m.i, m.number)::text, 6, '0'), m.contract_id, m.id, $2::uuid, $1::uuid,
              100000, 10000, 90000, 'ISSUED', m.started_at + make_interval(mins => 10 * m.number + 4)
         FROM bench_milestone m WHERE m.status = 'PAID'`,
      [ids.trainer_id, ids.organization_id],
    );
    await client.query(
      `INSERT INTO channels (id, organization_id, job_id, contract_id, kind, name, last_message_seq, last_message_at, created_at)
       SELECT channel_id, $1::uuid, job_id, contract_id, 'DIRECT', 'Alex Rivera · Northwind AI · Bench contract ' || i, $2::int,
              started_at + make_interval(mins => 5 * $2::int), started_at
         FROM bench_contract`,
      [ids.organization_id, shape.messages],
    );
    await client.query(
      `INSERT INTO channel_members (channel_id, user_id, last_read_seq, joined_at)
       SELECT channel_id, $1::uuid, $3::int - i % 5, started_at FROM bench_contract
       UNION ALL
       SELECT channel_id, $2::uuid, $3::int, started_at FROM bench_contract`,
      [ids.trainer_id, ids.employer_id, shape.messages],
    );
    await client.query(
      `INSERT INTO messages (channel_id, seq, author_id, body, created_at)
       SELECT c.channel_id, s, CASE WHEN s % 2 = 0 THEN $1::uuid ELSE $2::uuid END,
              'Message ' || s || ' on bench contract ' || c.i || ': the next batch of preference pairs is ready, '
                || 'please check the rationale format before you start.',
              c.started_at + make_interval(mins => 5 * s)
         FROM bench_contract c, generate_series(1, $3::int) AS s`,
      [ids.trainer_id, ids.employer_id, shape.messages],
    );
    await client.query(
      `INSERT INTO access_grants (contract_id, kind, name, url, note, granted_by_id, granted_at)
       SELECT c.contract_id, (ARRAY['TOOL','DATASET','TEAM','OTHER'])[1 + (g - 1) % 4]::access_kind,
              (ARRAY['Label Studio','Preference pairs bucket','Slack #rlhf','Style guide'])[1 + (g - 1) % 4],
              'https://tools.example.com/bench/' || c.i || '/' || g, 'Granted for batch work.', $1::uuid, c.started_at + make_interval(mins => g)
         FROM bench_contract c, generate_series(1, $2::int) AS g`,
      [ids.employer_id, shape.grants],
    );
    // The activity log: milestone moves (PARTICIPANTS) and messages (CHANNEL), positions after the demo's.
    await client.query(
      `WITH drafts AS (
         SELECT CASE WHEN e.action = 'CREATED' THEN 'MILESTONE_CREATED' ELSE 'MILESTONE_STATUS_CHANGED' END AS type,
                'PARTICIPANTS' AS audience, c.job_id, c.contract_id, NULL::uuid AS channel_id, e.actor_id,
                'Milestone' AS subject_type, e.milestone_id AS subject_id,
                (SELECT name FROM users WHERE id = e.actor_id) || ' ' || lower(e.action::text) || ' milestone ' || m.number || ' of Bench contract ' || c.i AS summary,
                jsonb_build_object('from', e.from_status, 'to', e.to_status) AS payload, e.at AS created_at, $1::uuid AS trainer_id
           FROM milestone_events e JOIN bench_milestone m ON m.id = e.milestone_id JOIN bench_contract c ON c.contract_id = m.contract_id
         UNION ALL
         SELECT 'MESSAGE_ADDED', 'CHANNEL', c.job_id, c.contract_id, msg.channel_id, msg.author_id, 'Message', msg.id,
                (SELECT name FROM users WHERE id = msg.author_id) || ' in Bench contract ' || c.i || ': ' || left(msg.body, 60),
                jsonb_build_object('seq', msg.seq), msg.created_at, $1::uuid
           FROM messages msg JOIN bench_contract c ON c.channel_id = msg.channel_id
       ), base AS (SELECT COALESCE(max(position), 0) AS p FROM events)
       INSERT INTO events (position, type, audience, organization_id, trainer_id, job_id, contract_id, channel_id, actor_id,
                           subject_type, subject_id, summary, payload, created_at, published_at)
       SELECT base.p + row_number() OVER (ORDER BY d.created_at, d.subject_id), d.type, d.audience, $2::uuid, d.trainer_id, d.job_id,
              d.contract_id, d.channel_id, d.actor_id, d.subject_type, d.subject_id, d.summary, d.payload, d.created_at, d.created_at
         FROM drafts d, base`,
      [ids.trainer_id, ids.organization_id],
    );
    await client.query(`SELECT setval('event_position_seq', (SELECT max(position) FROM events))`);
    const {
      rows: [totals],
    } = await client.query(
      `SELECT (SELECT count(*) FROM contracts WHERE trainer_id = $1 AND status IN ('ACTIVE','PAUSED'))::int AS active_contracts,
              (SELECT count(*) FROM milestones)::int AS milestones, (SELECT count(*) FROM milestone_events)::int AS milestone_events,
              (SELECT count(*) FROM messages)::int AS messages, (SELECT count(*) FROM channels)::int AS channels,
              (SELECT count(*) FROM access_grants)::int AS access_grants, (SELECT count(*) FROM invoices)::int AS invoices,
              (SELECT count(*) FROM events)::int AS events`,
      [ids.trainer_id],
    );
    const {
      rows: [sample],
    } = await client.query(`SELECT contract_id, channel_id FROM bench_contract ORDER BY i LIMIT 1`);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return {
      shape,
      totals,
      trainerId: ids.trainer_id,
      employerId: ids.employer_id,
      organizationId: ids.organization_id,
      sampleContractId: sample.contract_id,
      sampleChannelId: sample.channel_id,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
