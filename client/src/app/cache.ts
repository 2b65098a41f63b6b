import { InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * Which concrete types implement each interface of `schema.graphql`. The cache needs this to match
 * fragments on `Node` and `CalendarEntry` (`cache.test.ts` checks it against the schema).
 */
export const possibleTypes = {
  Node: [
    'AccessGrant',
    'ActivityEvent',
    'CalendarEvent',
    'Channel',
    'Contract',
    'InstructionDocument',
    'InstructionRevision',
    'Invoice',
    'Job',
    'Message',
    'Milestone',
    'MilestoneEvent',
    'Organization',
    'Payout',
    'Proposal',
    'User',
  ],
  CalendarEntry: ['CalendarEvent', 'MilestoneDeadline'],
} satisfies Record<string, string[]>;

/**
 * A normalized cache: every `Node` is stored once under its global id, so a subscription event
 * or a mutation payload updates every screen that shows the object. Relay connections keep one
 * list per filter (`keyArgs`) and merge pages fetched with `after` / `before`, which is also where
 * live messages and activity are appended (see `features/live/cache-updates.ts`).
 */
export const createCache = (): InMemoryCache =>
  new InMemoryCache({
    possibleTypes,
    typePolicies: {
      Viewer: {
        fields: {
          activeContracts: relayStylePagination(),
          finishedContracts: relayStylePagination(),
          contracts: relayStylePagination(['status']),
          conversations: relayStylePagination(),
          latestActivity: relayStylePagination(),
          recommendedJobs: relayStylePagination(),
          proposals: relayStylePagination(['status']),
          invoices: relayStylePagination(['status', 'issuedFrom', 'issuedTo']),
          payouts: relayStylePagination(['status']),
        },
      },
      Organization: {
        fields: {
          contracts: relayStylePagination(['status']),
          jobs: relayStylePagination(['status']),
          members: relayStylePagination(),
          proposals: relayStylePagination(['status']),
        },
      },
      Channel: {
        fields: {
          messages: relayStylePagination(),
        },
      },
      Contract: {
        fields: {
          milestones: relayStylePagination(['status']),
          accessGrants: relayStylePagination(['includeRevoked']),
          channels: relayStylePagination(),
          invoices: relayStylePagination(['status', 'issuedFrom', 'issuedTo']),
          // Not normalized (no id): always replaced as a whole by the newest answer.
          billingSummary: { merge: false },
        },
      },
      Milestone: {
        fields: {
          history: relayStylePagination(),
        },
      },
      Payout: {
        fields: {
          invoices: relayStylePagination(),
        },
      },
      InstructionDocument: {
        fields: {
          revisions: relayStylePagination(),
        },
      },
    },
  });
