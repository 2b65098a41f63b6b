import { CONVERSATIONS_PAGE } from '../../app/page-sizes';
import { useQuery } from '@apollo/client/react';
import { Link, Outlet, useParams } from 'react-router';

import { graphql } from '../../gql';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { byLastActivity, ConversationRow } from './ConversationRow';
import { Thread } from './Thread';
import { useRefetchOnLive } from '../live/live-refetch';

import './MessagesPage.css';

export { CONVERSATIONS_PAGE };

const ConversationsQuery = graphql(`
  query Conversations($first: Int!) {
    viewer {
      id
      unreadMessageCount
      conversations(first: $first) {
        totalCount
        edges {
          cursor
          node {
            id
            lastMessageAt
            ...ConversationRow_channel
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** The Messages tab: conversations on the left, the open thread on the right (one at a time on phones). */
export const MessagesPage = () => {
  const { channelId } = useParams();
  const { data, error, refetch } = useQuery(ConversationsQuery, {
    variables: { first: CONVERSATIONS_PAGE },
    fetchPolicy: 'cache-and-network',
  });
  // A proposal opens its thread with no CHANNEL_CREATED of its own (threads.service.ts).
  useRefetchOnLive(['CHANNEL_CREATED', 'CHANNEL_MEMBERS_CHANGED', 'PROPOSAL_SUBMITTED'], refetch);
  return (
    <div className={`messages-layout${channelId ? ' messages-layout--thread-open' : ''}`}>
      <section className="messages-layout__list card" aria-labelledby="messages-title">
        <h1 id="messages-title" className="messages-layout__heading">
          Messages
          {data?.viewer && data.viewer.unreadMessageCount > 0 && <span className="count-badge">{data.viewer.unreadMessageCount} unread</span>}
        </h1>
        <QueryGate data={data?.viewer} error={error} refetch={refetch} loadingLabel="Loading conversations…">
          {(viewer) => {
            const channels = viewer.conversations.edges.map((edge) => edge.node).sort(byLastActivity);
            if (channels.length === 0) return <EmptyState>No conversations yet.</EmptyState>;
            return (
              <ul className="conversation-list" aria-label="Conversations">
                {channels.map((channel) => (
                  <ConversationRow key={channel.id} channel={channel} selected={channel.id === channelId} />
                ))}
              </ul>
            );
          }}
        </QueryGate>
      </section>
      <div className="messages-layout__thread card">
        {channelId ? <Outlet /> : <p className="messages-layout__placeholder">Choose a conversation to read and reply.</p>}
      </div>
    </div>
  );
};

/** `/messages/:channelId` */
export const ThreadRoute = () => {
  const { channelId } = useParams();
  if (!channelId) return null;
  return (
    <Thread
      key={channelId}
      channelId={channelId}
      headerStart={
        <Link className="back-link messages-layout__back" to="/messages">
          ← All conversations
        </Link>
      }
    />
  );
};
