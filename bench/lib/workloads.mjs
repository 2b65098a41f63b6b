// What the query phase sends, beyond lib/queries.mjs's two trainer workloads:
//
// - (c) an employer tool's read: an organization's contracts with their milestones and invoices,
//   written three ways like the others (Workroom as the demo employer, PostGraphile amber by the
//   organization's row id, one SQL statement for the floor);
// - Workroom's two ways of receiving a query: as ad-hoc text (what an employer's own tool sends,
//   the same text again and again) and as a trusted document, by the SHA-256 of a document in
//   the server's manifest (what the dashboard's Apollo Client sends: APQ, no text);
// - Workroom with and without Redis (shared rate limits and event bus, or in-memory limits).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as queries from './queries.mjs';

// ── (c) An organization's contracts, as an employer tool asks for them ─────────────────────
export const workroomOrganizationContracts = /* GraphQL */ `
  query OrganizationContracts {
    viewer {
      organization {
        name
        contracts(first: 20) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            title
            status
            startedAt
            trainer {
              name
            }
            totalBudget {
              formatted
            }
            milestones(first: 10) {
              nodes {
                id
                number
                title
                status
                dueAt
                amount {
                  formatted
                }
              }
            }
            invoices(first: 10) {
              nodes {
                id
                number
                status
                issuedAt
                paidAt
                gross {
                  formatted
                }
                net {
                  formatted
                }
              }
            }
          }
        }
      }
    }
  }
`;

/** Amber's equivalent, by the organization's row id (no viewer: PostGraphile here has no auth). */
export const postgraphileOrganizationContracts = /* GraphQL */ `
  query OrganizationContracts($organization: UUID!) {
    organizationByRowId(rowId: $organization) {
      name
      contractsByOrganizationId(orderBy: STARTED_AT_DESC, first: 20) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          title
          status
          startedAt
          totalBudgetCents
          currency
          userByTrainerId {
            name
          }
          milestonesByContractId(orderBy: NUMBER_ASC, first: 10) {
            nodes {
              id
              number
              title
              status
              dueAt
              amountCents
              currency
            }
          }
          invoicesByContractId(orderBy: ISSUED_AT_DESC, first: 10) {
            nodes {
              id
              number
              status
              issuedAt
              paidAt
              grossCents
              netCents
              currency
            }
          }
        }
      }
    }
  }
`;

/** $1 = the employer's user id: their organization, its contracts newest first, one statement. */
export const sqlOrganizationContracts = `
SELECT json_build_object('data', json_build_object('viewer', json_build_object('organization', json_build_object(
  'name', o.name,
  'contracts', json_build_object(
    'totalCount', (SELECT count(*) FROM contracts WHERE organization_id = o.id),
    'pageInfo', json_build_object('hasNextPage', (SELECT count(*) > 20 FROM contracts WHERE organization_id = o.id)),
    'nodes', (SELECT COALESCE(json_agg(x ORDER BY x."startedAt" DESC, x.id DESC), '[]') FROM (
      SELECT c.id, c.title, c.status, c.started_at AS "startedAt", t.name AS trainer,
             c.total_budget_cents AS "totalBudgetCents", c.currency,
             (SELECT COALESCE(json_agg(m ORDER BY m.number), '[]') FROM (
                SELECT m.id, m.number, m.title, m.status, m.due_at AS "dueAt", m.amount_cents AS "amountCents"
                  FROM milestones m WHERE m.contract_id = c.id ORDER BY m.number LIMIT 10) m) AS milestones,
             (SELECT COALESCE(json_agg(i ORDER BY i."issuedAt" DESC), '[]') FROM (
                SELECT i.id, i.number, i.status, i.issued_at AS "issuedAt", i.paid_at AS "paidAt",
                       i.gross_cents AS "grossCents", i.net_cents AS "netCents"
                  FROM invoices i WHERE i.contract_id = c.id ORDER BY i.issued_at DESC LIMIT 10) i) AS invoices
        FROM contracts c JOIN users t ON t.id = c.trainer_id
       WHERE c.organization_id = o.id
       ORDER BY c.started_at DESC, c.id DESC LIMIT 20) x))
))))::text AS body
FROM users e JOIN organizations o ON o.id = e.organization_id
WHERE e.id = $1 AND e.role = 'EMPLOYER'`;

export const workloads = ['dashboard', 'contract', 'organization'];

/** Workroom's documents for the three workloads (the text the ad-hoc variant sends). */
export const workroomDocuments = {
  dashboard: queries.workroomDashboard,
  contract: queries.workroomContract,
  organization: workroomOrganizationContracts,
};

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/**
 * Writes a trusted-documents manifest with Workroom's bench documents (the format the client's
 * codegen writes: `{ "sha256:<hex>": "<document>" }`), for TRUSTED_DOCUMENTS_MANIFEST.
 */
export function writeBenchManifest(path) {
  writeFileSync(path, `${JSON.stringify(Object.fromEntries(Object.values(workroomDocuments).map((text) => [`sha256:${sha256(text)}`, text])), null, 2)}\n`);
  return path;
}

/**
 * Every target's request for every workload. `ids`: seedLoad's answer; `tokens`: { trainer,
 * employer }; `contractGlobalId`: the sample contract's global id.
 */
export function benchTargets({ ids, tokens, contractGlobalId }) {
  const variables = { dashboard: undefined, contract: { id: contractGlobalId }, organization: undefined };
  const token = { dashboard: tokens.trainer, contract: tokens.trainer, organization: tokens.employer };
  const workroomText = (workload) => ({
    headers: { authorization: `Bearer ${token[workload]}` },
    body: JSON.stringify({ query: workroomDocuments[workload], variables: variables[workload] }),
  });
  const workroomTrusted = (workload) => ({
    headers: { authorization: `Bearer ${token[workload]}` },
    body: JSON.stringify({ variables: variables[workload], extensions: { persistedQuery: { version: 1, sha256Hash: sha256(workroomDocuments[workload]) } } }),
  });
  const perWorkload = (make) => Object.fromEntries(workloads.map((workload) => [workload, make(workload)]));
  return {
    workroom: { label: 'Workroom, ad-hoc text, Redis', ...perWorkload(workroomText) },
    workroomTrusted: { label: 'Workroom, trusted document (hash), Redis', ...perWorkload(workroomTrusted) },
    workroomNoRedis: { label: 'Workroom, ad-hoc text, no Redis', ...perWorkload(workroomText) },
    postgraphile: {
      label: 'PostGraphile 5 (amber)',
      dashboard: { body: JSON.stringify({ query: queries.postgraphileDashboard, variables: { trainer: ids.trainerId } }) },
      contract: { body: JSON.stringify({ query: queries.postgraphileContract, variables: { id: ids.sampleContractId } }) },
      organization: { body: JSON.stringify({ query: postgraphileOrganizationContracts, variables: { organization: ids.organizationId } }) },
    },
    raw: {
      label: 'raw SQL floor (pg + node:http)',
      dashboard: { path: '/dashboard', body: JSON.stringify({ trainerId: ids.trainerId }) },
      contract: { path: '/contract', body: JSON.stringify({ contractId: ids.sampleContractId, trainerId: ids.trainerId }) },
      organization: { path: '/organization', body: JSON.stringify({ employerId: ids.employerId }) },
    },
  };
}
