import type { ApolloClient } from '@apollo/client';

import { graphql } from '../../gql';
import type { LiveActivitySubscription } from '../../gql/graphql';
import type { ToastStore } from '../../ui/toasts';
import { activityHref } from '../dashboard/ActivityItem';
import { refreshUnreadCount } from '../messages/unread';
import { appendMessageToThread, prependActivity } from './cache-updates';
import { refetchInterested } from './live-refetch';
import { isChannelOpen } from './open-channels';

/**
 * The app's single live subscription: everything the viewer may see. Apollo writes each event to
 * the normalized cache (the message, the milestone and its contract's billing summary, the
 * conversation's unread count, the instructions' `hasUnreadUpdate`), because the selection spreads
 * the fragments of the components that show them; `handleLiveEvent` does the rest.
 */
export const LiveActivitySubscriptionDocument = graphql(`
  subscription LiveActivity($after: String) {
    activity(after: $after) {
      id
      cursor
      type
      summary
      createdAt
      actor {
        id
        name
      }
      ...ActivityItem_event
      channel {
        id
        ...ConversationRow_channel
      }
      contract {
        id
        ...BillingSummary_contract
      }
      subject {
        __typename
        id
        ... on Message {
          channel {
            id
          }
          author {
            id
          }
          ...MessageItem_message
        }
        ... on Milestone {
          ...MilestoneItem_milestone
        }
        ... on InstructionDocument {
          ...InstructionsView_document
        }
      }
    }
  }
`);

export type LiveEvent = LiveActivitySubscription['activity'];

/** Events worth a toast when someone else caused them. */
const toastTypes = new Set<LiveEvent['type']>([
  'MILESTONE_STATUS_CHANGED',
  'MILESTONE_CREATED',
  // A dispute's steps that need the other side's answer; the closing ones toast as MILESTONE_STATUS_CHANGED.
  'DISPUTE_RESPONDED',
  'DISPUTE_SETTLEMENT_PROPOSED',
  'DISPUTE_SETTLEMENT_REJECTED',
  'DISPUTE_ESCALATED',
  'INSTRUCTIONS_PUBLISHED',
  'CALENDAR_EVENT_SCHEDULED',
  'CALENDAR_EVENT_UPDATED',
  'CALENDAR_EVENT_CANCELLED',
  'CONTRACT_STARTED',
  'CONTRACT_STATUS_CHANGED',
  'ACCESS_GRANTED',
  'ACCESS_REVOKED',
  'PROPOSAL_STATUS_CHANGED',
  'PAYOUT_COMPLETED',
  'INVOICE_ISSUED',
]);

export interface LiveEventContext {
  client: ApolloClient;
  viewerId: string;
  toasts: ToastStore;
  /** Debounced refresh of the unread total. */
  refreshUnread?: () => void;
}

/** Everything a live event changes beyond what Apollo already wrote into the cache. */
export const handleLiveEvent = (event: LiveEvent, context: LiveEventContext): void => {
  const { client, viewerId, toasts } = context;
  const { cache } = client;
  prependActivity(cache, viewerId, event.id);

  const subject = event.subject;
  if (event.type === 'MESSAGE_ADDED' && subject?.__typename === 'Message') {
    appendMessageToThread(cache, subject.channel.id, subject.id);
    // An open thread marks itself read (and refreshes the total); other messages raise it.
    if (subject.author.id !== viewerId && !isChannelOpen(subject.channel.id)) {
      (context.refreshUnread ?? (() => refreshUnreadCount(client)))();
    }
  }

  // Screens that show more than the event's own fragments refetch (each declares its interest).
  refetchInterested(event.type);

  const byMe = event.actor?.id === viewerId;
  if (!byMe && toastTypes.has(event.type)) {
    const href = activityHref(event);
    toasts.show({ message: event.summary, ...(href ? { href } : {}) });
  }
};
