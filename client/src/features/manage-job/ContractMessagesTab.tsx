import { useQuery } from '@apollo/client/react';
import { useFirstFetchPolicy } from '../../app/first-fetch-policy';
import type { ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';

import { graphql } from '../../gql';
import type { ChannelKind } from '../../gql/graphql';
import { EmptyState, QueryGate } from '../../ui/QueryState';
import { byLastActivity, ConversationRow } from '../messages/ConversationRow';
import { Thread, THREAD_PAGE } from '../messages/Thread';
import { JobTeam } from './JobTeam';
import { CONTRACT_CHANNELS_PAGE } from './ManageJobLayout';

import '../messages/MessagesPage.css';
import { useRefetchOnLive } from '../live/live-refetch';

export const ContractChannelsQuery = graphql(`
  query ContractChannels($contractId: ID!, $channels: Int!, $messages: Int!) {
    node(id: $contractId) {
      __typename
      id
      ... on Contract {
        job {
          id
          ...JobTeam_job
        }
        channels(first: $channels) {
          edges {
            cursor
            node {
              id
              kind
              lastMessageAt
              ...ConversationRow_channel
              # ThreadMessages' fields, written out (a fragment spread would pass the server's
              # depth limit of 12), so whichever conversation opens is already in the cache.
              name
              unreadCount
              job {
                id
                title
              }
              members {
                id
                name
                role
              }
              messages(last: $messages) {
                edges {
                  cursor
                  node {
                    id
                    ...MessageItem_message
                  }
                }
                pageInfo {
                  hasPreviousPage
                  startCursor
                  hasNextPage
                }
              }
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

interface ContractMessagesTabProps {
  /** Shown under the open conversation (the employer's member list of a group channel). */
  channelTools?: (channel: { id: string; kind: ChannelKind }) => ReactNode;
  /** Shown after the conversations, before the team (the employer's "New group channel"). */
  actions?: ReactNode;
}

/**
 * The job's Messages tab: the contract's DIRECT channel and the job's group channels the viewer
 * is in (`Contract.channels`), the chosen thread (`?channel=`), and who is on the job.
 */
export const ContractMessagesTab = ({ channelTools, actions }: ContractMessagesTabProps = {}) => {
  const { contractId = '' } = useParams();
  const [params] = useSearchParams();
  const variables = { contractId, channels: CONTRACT_CHANNELS_PAGE, messages: THREAD_PAGE };
  const { data, error, refetch } = useQuery(ContractChannelsQuery, { variables, ...useFirstFetchPolicy(ContractChannelsQuery, variables) });
  // A member added sees the channel appear, a removed one sees it go; a hire changes the team.
  useRefetchOnLive(['CHANNEL_CREATED', 'CHANNEL_MEMBERS_CHANGED', 'CONTRACT_STARTED'], refetch);
  const contract = data?.node?.__typename === 'Contract' ? data.node : null;
  return (
    <QueryGate data={contract} error={error} refetch={refetch} loadingLabel="Loading conversations…">
      {(loaded) => {
        const channels = loaded.channels.edges.map((edge) => edge.node).sort(byLastActivity);
        const team = <JobTeam job={loaded.job} />;
        if (channels.length === 0) {
          return (
            <>
              <EmptyState>This contract has no conversations yet.</EmptyState>
              {actions}
              {team}
            </>
          );
        }
        const chosen = channels.find((channel) => channel.id === params.get('channel')) ?? channels[0]!;
        return (
          <>
            <div className={`messages-layout messages-layout--thread-open messages-layout--embedded${channels.length > 1 ? '' : ' messages-layout--single'}`}>
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
                <Thread key={chosen.id} channelId={chosen.id} prefetched />
              </div>
            </div>
            {channelTools?.(chosen)}
            {actions}
            {team}
          </>
        );
      }}
    </QueryGate>
  );
};
