import { money } from './render';

const pageInfo = { __typename: 'PageInfo', hasNextPage: false, endCursor: null };

export const milestone = (number: number, title: string, status: string, amount: string, history: unknown[] = []) => ({
  __typename: 'Milestone',
  id: `M${number}`,
  number,
  title,
  description: `Work for ${title}`,
  status,
  dueAt: '2099-01-01T00:00:00.000Z',
  version: 1,
  amount: { ...money(amount, Math.round(Number(amount.replace(/[$,]/g, '')) * 100)), currency: 'USD' },
  released: money(status === 'PAID' ? amount : '$0.00', status === 'PAID' ? Math.round(Number(amount.replace(/[$,]/g, '')) * 100) : 0),
  refunded: money('$0.00', 0),
  dispute: null as unknown,
  history: { __typename: 'MilestoneEventConnection', edges: history, pageInfo },
});

/** A milestone's dispute as DisputePanel_dispute reads it; override what the test is about. */
export const dispute = (held: string, overrides: Record<string, unknown> = {}) => {
  const cents = Math.round(Number(held.replace(/[$,]/g, '')) * 100);
  return {
    __typename: 'MilestoneDispute',
    id: 'D1',
    status: 'OPEN',
    reason: 'Half of the labels are wrong.',
    priorStatus: 'SUBMITTED',
    response: null,
    respondedAt: null,
    escalatedBy: null,
    escalatedAt: null,
    closedAt: null,
    resolutionNote: null,
    openedAt: '2026-11-02T10:00:00.000Z',
    held: { ...money(held, cents), currency: 'USD' },
    released: null,
    refunded: null,
    openedBy: { __typename: 'User', id: 'U-morgan', name: 'Morgan Lee' },
    proposal: null,
    ...overrides,
  };
};

/** A proposed settlement (cents to the trainer of `heldCents`). */
export const proposal = (proposedBy: 'EMPLOYER' | 'TRAINER', releaseCents: number, heldCents: number, note: string | null = null) => {
  const usd = (cents: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
  return {
    __typename: 'SettlementProposal',
    proposedBy,
    note,
    proposedAt: '2026-11-03T10:00:00.000Z',
    release: money(usd(releaseCents), releaseCents),
    refund: money(usd(heldCents - releaseCents), heldCents - releaseCents),
  };
};

export const historyStep = (id: string, action: string, fromStatus: string | null, toStatus: string, note: string | null) => ({
  __typename: 'MilestoneEventEdge',
  cursor: id,
  node: {
    __typename: 'MilestoneEvent',
    id,
    action,
    fromStatus,
    toStatus,
    note,
    at: '2026-11-01T10:00:00.000Z',
    actor: { __typename: 'User', id: 'U-morgan', name: 'Morgan Lee' },
    attachments: [],
  },
});

/** A contract as the Contract tab's query returns it. */
export const contract = {
  __typename: 'Contract',
  id: 'C1',
  title: 'RLHF ranking',
  scope: 'Rank 5,000 preference pairs.',
  terms: '- Paid on approval\n- **Net 7**',
  status: 'ACTIVE',
  paymentType: 'FIXED_PRICE',
  startedAt: '2026-10-01T00:00:00.000Z',
  endedAt: null,
  rate: null,
  totalBudget: money('$9,000.00', 900000),
  billingSummary: {
    __typename: 'BillingSummary',
    paidOut: money('$2,400.00', 240000),
    activeAndFunded: money('$2,200.00', 220000),
    pendingApproval: money('$1,800.00', 180000),
    inDispute: money('$0.00', 0),
    refunded: money('$0.00', 0),
    totalBudget: money('$9,000.00', 900000),
  },
  milestones: {
    __typename: 'MilestoneConnection',
    totalCount: 3,
    edges: [
      {
        __typename: 'MilestoneEdge',
        cursor: 'a',
        node: milestone(1, 'Calibration batch', 'PAID', '$600.00', [
          historyStep('E1', 'CREATED', null, 'NOT_FUNDED', null),
          historyStep('E2', 'APPROVED', 'SUBMITTED', 'PAID', 'Great work'),
        ]),
      },
      { __typename: 'MilestoneEdge', cursor: 'b', node: milestone(2, 'Label set B', 'SUBMITTED', '$1,800.00') },
      { __typename: 'MilestoneEdge', cursor: 'c', node: milestone(3, 'Label set C', 'FUNDED', '$2,200.00') },
    ],
    pageInfo,
  },
};
