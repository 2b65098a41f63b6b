import { THREAD_PAGE } from '../../app/page-sizes';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import { useOptionalViewer } from '../../app/viewer-context';
import { graphql } from '../../gql';
import type { ThreadMessagesQuery } from '../../gql/graphql';
import { humanize } from '../../ui/format';
import { EmptyState, QueryGate, errorMessage } from '../../ui/QueryState';
import { useDocumentVisible } from '../../ui/use-document-visible';
import { markChannelOpen } from '../live/open-channels';
import { MessageItem } from './MessageItem';
import { SendBox } from './SendBox';
import { useMarkChannelRead } from './use-mark-channel-read';
import { useRefetchOnLive } from '../live/live-refetch';

import './Thread.css';

export { THREAD_PAGE };

// ContractChannels (manage-job/ContractMessagesTab.tsx) selects the same fields of every channel,
// so the thread it opens needs no request; change both together (ContractMessagesTab.test.tsx).
export const ThreadQuery = graphql(`
  query ThreadMessages($channelId: ID!, $last: Int!, $before: String) {
    node(id: $channelId) {
      __typename
      id
      ... on Channel {
        name
        kind
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
        messages(last: $last, before: $before) {
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
            # Read by the live append: only a thread that holds the newest page is extended.
            hasNextPage
          }
        }
      }
    }
  }
`);

const NEAR_BOTTOM_PX = 120;
const MARK_READ_RETRY_MS = 5000;
const NEAR_TOP_PX = 48;

interface ThreadProps {
  channelId: string;
  /**
   * The list around it has just fetched this thread with the same selection (a job's Messages
   * tab): read it from the cache (`Query.node` in app/cache.ts) and leave refreshing to that list,
   * instead of asking again the moment it renders.
   */
  prefetched?: boolean;
  /** Rendered above the header (e.g. a back link on phones). */
  headerStart?: React.ReactNode;
}

/**
 * One conversation: the newest 30 messages, newest last; older pages load when scrolled to the
 * top (or with the button); live messages append at the bottom; what is shown is marked read.
 */
export const Thread = ({ channelId, headerStart, prefetched = false }: ThreadProps) => {
  const viewer = useOptionalViewer();
  const { data, error, refetch, fetchMore, networkStatus } = useQuery(ThreadQuery, {
    variables: { channelId, last: THREAD_PAGE },
    fetchPolicy: prefetched ? 'cache-first' : 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  useRefetchOnLive(['CHANNEL_MEMBERS_CHANGED'], refetch);
  const channel = data?.node?.__typename === 'Channel' ? data.node : null;
  const notAChannel = data && !channel;

  return (
    <section className="thread" aria-label={channel ? `Conversation: ${channel.name}` : 'Conversation'}>
      {headerStart}
      <QueryGate
        data={notAChannel ? undefined : channel}
        error={notAChannel ? new Error('This conversation does not exist or you are not a member.') : error}
        refetch={refetch}
        loadingLabel="Loading messages…"
        errorTitle="This conversation could not be loaded"
      >
        {(loaded) => (
          <ThreadBody
            channelId={channelId}
            channel={loaded}
            viewerId={viewer?.id ?? null}
            loadingOlder={networkStatus === NetworkStatus.fetchMore}
            loadOlder={(before) => fetchMore({ variables: { before } })}
          />
        )}
      </QueryGate>
    </section>
  );
};

type LoadedChannel = Extract<NonNullable<ThreadMessagesQuery['node']>, { __typename: 'Channel' }>;

interface ThreadBodyProps {
  channelId: string;
  channel: LoadedChannel;
  viewerId: string | null;
  loadingOlder: boolean;
  loadOlder: (before: string) => Promise<unknown>;
}

const ThreadBody = ({ channelId, channel, viewerId, loadingOlder, loadOlder }: ThreadBodyProps) => {
  const scrollRef = useRef<HTMLDivElement>(null);
  const edges = channel.messages.edges;
  const { hasPreviousPage, startCursor } = channel.messages.pageInfo;
  const newestId = edges.at(-1)?.node.id;
  const oldestId = edges[0]?.node.id;
  const [olderError, setOlderError] = useState<string | null>(null);
  const visible = useDocumentVisible();
  const markRead = useMarkChannelRead();

  // Scroll bookkeeping: stick to the bottom for new messages, keep the reader's place when
  // older ones are prepended above.
  const previous = useRef<{ newestId?: string; oldestId?: string; fromBottom: number; atBottom: boolean }>({
    fromBottom: 0,
    atBottom: true,
  });
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const before = previous.current;
    const settle = () => {
      if (before.newestId === undefined || (newestId !== before.newestId && before.atBottom)) {
        element.scrollTop = element.scrollHeight;
      } else if (oldestId !== before.oldestId && newestId === before.newestId) {
        element.scrollTop = element.scrollHeight - before.fromBottom;
      }
      previous.current = {
        newestId,
        oldestId,
        fromBottom: element.scrollHeight - element.scrollTop,
        atBottom: element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX,
      };
    };
    if (before.newestId !== undefined) {
      settle();
      return;
    }
    // The thread's first scroll to the bottom waits for the next frame (still before it is
    // painted): reading scrollHeight here would lay the whole page out inside React's commit,
    // one long task on a phone, instead of in the frame's own layout a moment later.
    const frame = requestAnimationFrame(settle);
    return () => cancelAnimationFrame(frame);
  }, [newestId, oldestId]);

  const loadEarlier = useCallback(async () => {
    if (!hasPreviousPage || !startCursor || loadingOlder) return;
    setOlderError(null);
    try {
      await loadOlder(startCursor);
    } catch (caught) {
      setOlderError(errorMessage(caught instanceof Error ? caught : null));
    }
  }, [hasPreviousPage, startCursor, loadingOlder, loadOlder]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    previous.current = {
      ...previous.current,
      fromBottom: element.scrollHeight - element.scrollTop,
      atBottom: element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX,
    };
    if (element.scrollTop < NEAR_TOP_PX && !olderError) void loadEarlier();
  };

  // What is on screen is read: mark it, now and whenever a live message arrives.
  // A failed attempt (say, the network blipped) is tried again a little later.
  const [markReadAttempt, setMarkReadAttempt] = useState(0);
  useEffect(() => markChannelOpen(channelId), [channelId]);
  useEffect(() => {
    if (!visible || !newestId || channel.unreadCount === 0) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    void markRead(channelId, newestId).then((ok) => {
      if (!ok && !cancelled) retry = setTimeout(() => setMarkReadAttempt((n) => n + 1), MARK_READ_RETRY_MS);
    });
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
  }, [visible, newestId, channel.unreadCount, channelId, markRead, markReadAttempt]);

  return (
    <>
      <header className="thread__header">
        <div>
          <h2 className="thread__title">{channel.name}</h2>
          <p className="thread__subtitle">
            {humanize(channel.kind)} conversation{channel.job ? ` · ${channel.job.title}` : ''}
          </p>
        </div>
        <details className="thread__members">
          <summary>
            {channel.members.length} {channel.members.length === 1 ? 'member' : 'members'}
          </summary>
          <ul aria-label="Members">
            {channel.members.map((member) => (
              <li key={member.id}>
                {member.name}
                {member.id === viewerId ? ' (you)' : ''} <span className="thread__role">{humanize(member.role)}</span>
              </li>
            ))}
          </ul>
        </details>
      </header>
      <div className="thread__scroll" ref={scrollRef} onScroll={onScroll} tabIndex={0} aria-label="Messages">
        {hasPreviousPage && (
          <div className="thread__older">
            <button type="button" className="button button--small" onClick={loadEarlier} disabled={loadingOlder}>
              {loadingOlder ? 'Loading earlier messages…' : 'Load earlier messages'}
            </button>
            {olderError && (
              <p className="form-error" role="alert">
                {olderError}
              </p>
            )}
          </div>
        )}
        {edges.length === 0 ? (
          <EmptyState>No messages yet. Say hello below.</EmptyState>
        ) : (
          <ol className="thread__messages" aria-live="polite" aria-relevant="additions">
            {edges.map(({ node }) => (
              <MessageItem key={node.id} message={node} viewerId={viewerId} />
            ))}
          </ol>
        )}
      </div>
      <SendBox
        channelId={channelId}
        channelName={channel.name}
        onSent={() => {
          previous.current = { ...previous.current, atBottom: true };
        }}
      />
    </>
  );
};
