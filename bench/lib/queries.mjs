// The two read workloads, written three ways: Workroom's GraphQL (authenticated trainer),
// PostGraphile's amber-preset GraphQL (no auth: by the trainer's row id) and hand-written SQL
// (the floor: one statement each that builds the whole JSON answer inside PostgreSQL).

// ── (a) The trainer dashboard ─────────────────────────────────────────────────────────────
export const workroomDashboard = /* GraphQL */ `
  query Dashboard {
    viewer {
      name
      unreadMessageCount
      activeContracts(first: 20) {
        totalCount
        nodes {
          id
          title
          status
          paymentType
          startedAt
          organization {
            name
          }
          billingSummary {
            paidOut {
              formatted
            }
            activeAndFunded {
              formatted
            }
            pendingApproval {
              formatted
            }
            totalBudget {
              formatted
            }
          }
          milestones(first: 10) {
            nodes {
              number
              title
              status
              dueAt
              amount {
                amount
                currency
              }
              history(first: 5) {
                nodes {
                  action
                  toStatus
                  note
                  at
                  actor {
                    name
                  }
                }
              }
            }
          }
        }
      }
      conversations(first: 10) {
        nodes {
          name
          kind
          unreadCount
          lastMessage {
            body
            createdAt
            author {
              name
            }
          }
        }
      }
      latestActivity(first: 10) {
        nodes {
          type
          summary
          createdAt
        }
      }
    }
  }
`;

/**
 * The closest PostGraphile (amber) has: the same tree by foreign keys. What it cannot say:
 * ACTIVE *or* PAUSED (a condition is one value: ACTIVE), billingSummary and unread counts (no
 * aggregates without a plugin: the client sums the milestones and subtracts lastReadSeq), the
 * conversations' order by last activity (the membership list is in key order) and the activity
 * feed's audience rules (the events of the trainer, by trainer_id).
 */
export const postgraphileDashboard = /* GraphQL */ `
  query Dashboard($trainer: UUID!) {
    userByRowId(rowId: $trainer) {
      name
      contractsByTrainerId(condition: { status: ACTIVE }, orderBy: STARTED_AT_DESC, first: 20) {
        totalCount
        nodes {
          id
          title
          status
          paymentType
          startedAt
          totalBudgetCents
          currency
          organizationByOrganizationId {
            name
          }
          milestonesByContractId(orderBy: NUMBER_ASC, first: 10) {
            nodes {
              number
              title
              status
              dueAt
              amountCents
              currency
              milestoneEventsByMilestoneId(orderBy: AT_ASC, first: 5) {
                nodes {
                  action
                  toStatus
                  note
                  at
                  userByActorId {
                    name
                  }
                }
              }
            }
          }
        }
      }
      channelMembersByUserId(first: 10) {
        nodes {
          lastReadSeq
          channelByChannelId {
            name
            kind
            lastMessageSeq
            lastMessageAt
            messagesByChannelId(orderBy: SEQ_DESC, first: 1) {
              nodes {
                body
                createdAt
                userByAuthorId {
                  name
                }
              }
            }
          }
        }
      }
    }
    allEvents(condition: { trainerId: $trainer }, orderBy: POSITION_DESC, first: 10) {
      nodes {
        type
        summary
        createdAt
      }
    }
  }
`;

// ── (b) A contract's page ─────────────────────────────────────────────────────────────────
export const workroomContract = /* GraphQL */ `
  query ContractDetail($id: ID!) {
    node(id: $id) {
      ... on Contract {
        id
        title
        status
        scope
        terms
        paymentType
        startedAt
        rate {
          formatted
        }
        totalBudget {
          formatted
        }
        organization {
          name
        }
        job {
          title
        }
        billingSummary {
          paidOut {
            formatted
          }
          activeAndFunded {
            formatted
          }
          pendingApproval {
            formatted
          }
          totalBudget {
            formatted
          }
        }
        milestones(first: 20) {
          totalCount
          nodes {
            id
            number
            title
            description
            status
            dueAt
            amount {
              formatted
            }
            history(first: 10) {
              nodes {
                action
                fromStatus
                toStatus
                note
                at
                attachments {
                  name
                  url
                }
                actor {
                  name
                }
              }
            }
          }
        }
        channels(first: 5) {
          nodes {
            id
            name
            kind
            unreadCount
            members {
              name
            }
            messages(last: 20) {
              pageInfo {
                hasPreviousPage
                startCursor
              }
              nodes {
                id
                body
                createdAt
                editedAt
                author {
                  name
                }
              }
            }
          }
        }
        accessGrants(first: 10) {
          nodes {
            kind
            name
            url
            note
            grantedAt
            grantedBy {
              name
            }
          }
        }
      }
    }
  }
`;

export const postgraphileContract = /* GraphQL */ `
  query ContractDetail($id: UUID!) {
    contractByRowId(rowId: $id) {
      id
      title
      status
      scope
      terms
      paymentType
      startedAt
      rateCents
      totalBudgetCents
      currency
      organizationByOrganizationId {
        name
      }
      jobByJobId {
        title
      }
      milestonesByContractId(orderBy: NUMBER_ASC, first: 20) {
        totalCount
        nodes {
          id
          number
          title
          description
          status
          dueAt
          amountCents
          currency
          milestoneEventsByMilestoneId(orderBy: AT_ASC, first: 10) {
            nodes {
              action
              fromStatus
              toStatus
              note
              at
              attachments
              userByActorId {
                name
              }
            }
          }
        }
      }
      channelsByContractId(first: 5) {
        nodes {
          id
          name
          kind
          lastMessageSeq
          channelMembersByChannelId {
            nodes {
              userId
              lastReadSeq
              userByUserId {
                name
              }
            }
          }
          messagesByChannelId(orderBy: SEQ_ASC, last: 20) {
            pageInfo {
              hasPreviousPage
              startCursor
            }
            nodes {
              id
              body
              createdAt
              editedAt
              userByAuthorId {
                name
              }
            }
          }
        }
      }
      accessGrantsByContractId(orderBy: GRANTED_AT_DESC, first: 10) {
        nodes {
          kind
          name
          url
          note
          grantedAt
          userByGrantedById {
            name
          }
        }
      }
    }
  }
`;

// ── The raw-SQL floor: the same answers (Workroom's semantics, the trainer's scope), one statement each ──
const moneyCase = (status) => `COALESCE(sum(ms.amount_cents) FILTER (WHERE ms.status IN (${status})), 0)`;
const billing = (contract) => `(SELECT json_build_object(
      'paidOut', ${moneyCase("'PAID'")}, 'activeAndFunded', ${moneyCase("'FUNDED','CHANGES_REQUESTED'")},
      'pendingApproval', ${moneyCase("'SUBMITTED'")}, 'inDispute', ${moneyCase("'DISPUTED'")}, 'totalBudget', ${contract}.total_budget_cents)
    FROM milestones ms WHERE ms.contract_id = ${contract}.id)`;

/** $1 = trainer id. */
export const sqlDashboard = `
SELECT json_build_object('data', json_build_object('viewer', json_build_object(
  'name', u.name,
  'unreadMessageCount', (SELECT count(*) FROM messages m JOIN channel_members cm ON cm.channel_id = m.channel_id AND cm.user_id = u.id
                          WHERE m.seq > cm.last_read_seq AND m.author_id <> u.id AND (cm.removed_at IS NULL OR m.created_at <= cm.removed_at)),
  'activeContracts', json_build_object(
    'totalCount', (SELECT count(*) FROM contracts WHERE trainer_id = u.id AND status IN ('ACTIVE', 'PAUSED')),
    'nodes', (SELECT COALESCE(json_agg(x ORDER BY x."startedAt" DESC), '[]') FROM (
      SELECT c.id, c.title, c.status, c.payment_type AS "paymentType", c.started_at AS "startedAt", o.name AS organization,
             ${billing('c')} AS "billingSummary",
             (SELECT COALESCE(json_agg(y ORDER BY y.number), '[]') FROM (
                SELECT m.number, m.title, m.status, m.due_at AS "dueAt", m.amount_cents AS "amountCents", m.currency,
                       (SELECT COALESCE(json_agg(h ORDER BY h.at), '[]') FROM (
                          SELECT e.action, e.to_status AS "toStatus", e.note, e.at, a.name AS actor
                            FROM milestone_events e JOIN users a ON a.id = e.actor_id
                           WHERE e.milestone_id = m.id ORDER BY e.at LIMIT 5) h) AS history
                  FROM milestones m WHERE m.contract_id = c.id ORDER BY m.number LIMIT 10) y) AS milestones
        FROM contracts c JOIN organizations o ON o.id = c.organization_id
       WHERE c.trainer_id = u.id AND c.status IN ('ACTIVE', 'PAUSED')
       ORDER BY c.started_at DESC LIMIT 20) x)),
  'conversations', (SELECT COALESCE(json_agg(x ORDER BY x.at DESC NULLS LAST), '[]') FROM (
      SELECT ch.name, ch.kind, ch.last_message_at AS at,
             (SELECT count(*) FROM messages m WHERE m.channel_id = ch.id AND m.seq > cm.last_read_seq AND m.author_id <> u.id) AS "unreadCount",
             (SELECT json_build_object('body', m.body, 'createdAt', m.created_at, 'author', a.name)
                FROM messages m JOIN users a ON a.id = m.author_id WHERE m.channel_id = ch.id ORDER BY m.seq DESC LIMIT 1) AS "lastMessage"
        FROM channel_members cm JOIN channels ch ON ch.id = cm.channel_id
       WHERE cm.user_id = u.id AND cm.removed_at IS NULL
       ORDER BY ch.last_message_at DESC NULLS LAST LIMIT 10) x),
  'latestActivity', (SELECT COALESCE(json_agg(x ORDER BY x."createdAt" DESC), '[]') FROM (
      SELECT a.type, a.summary, a.created_at AS "createdAt"
        FROM events a
       WHERE a.position IS NOT NULL AND (
             (a.audience IN ('PARTICIPANTS', 'TRAINER') AND a.trainer_id = u.id)
          OR (a.audience = 'JOB' AND a.job_id IN (SELECT sc.job_id FROM contracts sc WHERE sc.trainer_id = u.id))
          OR (a.audience = 'CALENDAR' AND EXISTS (SELECT 1 FROM calendar_event_attendees sa WHERE sa.event_id = a.subject_id AND sa.user_id = u.id))
          OR (a.audience = 'CHANNEL' AND EXISTS (SELECT 1 FROM channel_members sm WHERE sm.channel_id = a.channel_id AND sm.user_id = u.id
                                                    AND (sm.removed_at IS NULL OR sm.removed_at >= a.created_at))))
       ORDER BY a.created_at DESC LIMIT 10) x)
)))::text AS body
FROM users u WHERE u.id = $1`;

/** $1 = contract id, $2 = trainer id (the trainer may only see their own contract). */
export const sqlContract = `
SELECT json_build_object('data', json_build_object('node', json_build_object(
  'id', c.id, 'title', c.title, 'status', c.status, 'scope', c.scope, 'terms', c.terms, 'paymentType', c.payment_type,
  'startedAt', c.started_at, 'rateCents', c.rate_cents, 'totalBudgetCents', c.total_budget_cents, 'currency', c.currency,
  'organization', o.name, 'job', j.title,
  'billingSummary', ${billing('c')},
  'milestones', json_build_object(
    'totalCount', (SELECT count(*) FROM milestones WHERE contract_id = c.id),
    'nodes', (SELECT COALESCE(json_agg(y ORDER BY y.number), '[]') FROM (
      SELECT m.id, m.number, m.title, m.description, m.status, m.due_at AS "dueAt", m.amount_cents AS "amountCents",
             (SELECT COALESCE(json_agg(h ORDER BY h.at), '[]') FROM (
                SELECT e.action, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.note, e.at, e.attachments, a.name AS actor
                  FROM milestone_events e JOIN users a ON a.id = e.actor_id
                 WHERE e.milestone_id = m.id ORDER BY e.at LIMIT 10) h) AS history
        FROM milestones m WHERE m.contract_id = c.id ORDER BY m.number LIMIT 20) y)),
  'channels', (SELECT COALESCE(json_agg(x ORDER BY x.at DESC NULLS LAST), '[]') FROM (
      SELECT ch.id, ch.name, ch.kind, ch.last_message_at AS at,
             (SELECT count(*) FROM messages m WHERE m.channel_id = ch.id AND m.seq > me.last_read_seq AND m.author_id <> $2) AS "unreadCount",
             (SELECT json_agg(mu.name ORDER BY mm.joined_at) FROM channel_members mm JOIN users mu ON mu.id = mm.user_id
               WHERE mm.channel_id = ch.id AND mm.removed_at IS NULL) AS members,
             (SELECT json_build_object('hasPreviousPage', ch.last_message_seq > 20, 'nodes', COALESCE(json_agg(z ORDER BY z.seq), '[]')) FROM (
                SELECT m.id, m.seq, m.body, m.created_at AS "createdAt", m.edited_at AS "editedAt", a.name AS author
                  FROM messages m JOIN users a ON a.id = m.author_id
                 WHERE m.channel_id = ch.id ORDER BY m.seq DESC LIMIT 20) z) AS messages
        FROM channels ch JOIN channel_members me ON me.channel_id = ch.id AND me.user_id = $2 AND me.removed_at IS NULL
       WHERE ch.contract_id = c.id
       ORDER BY ch.last_message_at DESC NULLS LAST LIMIT 5) x),
  'accessGrants', (SELECT COALESCE(json_agg(g ORDER BY g."grantedAt" DESC), '[]') FROM (
      SELECT g.kind, g.name, g.url, g.note, g.granted_at AS "grantedAt", gu.name AS "grantedBy"
        FROM access_grants g JOIN users gu ON gu.id = g.granted_by_id
       WHERE g.contract_id = c.id AND g.revoked_at IS NULL ORDER BY g.granted_at DESC LIMIT 10) g)
)))::text AS body
FROM contracts c JOIN organizations o ON o.id = c.organization_id JOIN jobs j ON j.id = c.job_id
WHERE c.id = $1 AND c.trainer_id = $2`;
