import { useQuery } from '@apollo/client/react';
import { useParams, useSearchParams } from 'react-router';

import { graphql } from '../../gql';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { byLastActivity, ConversationRow } from '../messages/ConversationRow';
import { Thread } from '../messages/Thread';
import { CONTRACT_CHANNELS_PAGE } from './ManageJobLayout';

import '../messages/MessagesPage.css';
import { useRefetchOnLive } from '../live/live-refetch';

const ContractChannelsQuery = graphql(`
  query ContractChannels($contractId: ID!, $channels: Int!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        channels(first: $channels) {
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
  }
`);

/** The contract's channels (its DIRECT one, group channels of the job) and the chosen thread. */
export const ContractMessagesTab = () => {
  const { contractId = '' } = useParams();
  const [params] = useSearchParams();
  const { data, error, refetch } = useQuery(ContractChannelsQuery, {
    variables: { contractId, channels: CONTRACT_CHANNELS_PAGE },
    fetchPolicy: 'cache-and-network',
  });
  useRefetchOnLive(['CHANNEL_CREATED', 'CHANNEL_MEMBERS_CHANGED'], refetch);
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading conversations…">
      {(loaded) => {
        const channels = loaded.channels.edges.map((edge) => edge.node).sort(byLastActivity);
        if (channels.length === 0) return <EmptyState>This contract has no conversations yet.</EmptyState>;
        const chosen = channels.find((channel) => channel.id === params.get('channel')) ?? channels[0]!;
        return (
          <div
            className={`messages-layout messages-layout--thread-open messages-layout--embedded${channels.length > 1 ? '' : ' messages-layout--single'}`}
          >
            {channels.length > 1 && (
              <section className="messages-layout__list card" aria-label="Conversations of this job">
                <ul className="conversation-list">
                  {channels.map((channel) => (
                    <ConversationRow
                      key={channel.id}
                      channel={channel}
                      to={`?channel=${encodeURIComponent(channel.id)}`}
                      selected={channel.id === chosen.id}
                    />
                  ))}
                </ul>
              </section>
            )}
            <div className="messages-layout__thread card">
              <Thread key={chosen.id} channelId={chosen.id} />
            </div>
          </div>
        );
      }}
    </QueryGate>
  );
};
