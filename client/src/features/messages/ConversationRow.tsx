import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { CountBadge } from '../../ui/CountBadge';
import { formatRelative, humanize } from '../../ui/format';
import { useNow } from '../../ui/use-now';

import './ConversationRow.css';

export const ConversationRow_channel = graphql(`
  fragment ConversationRow_channel on Channel {
    id
    name
    kind
    unreadCount
    lastMessageAt
    lastMessage {
      id
      body
      author {
        id
        name
      }
    }
    job {
      id
      title
    }
  }
`);

interface ConversationRowProps {
  channel: FragmentType<typeof ConversationRow_channel>;
  /** Where the row links to (defaults to the Messages tab's thread). */
  to?: string;
  /** The conversation open next to the list. */
  selected?: boolean;
}

export const ConversationRow = ({ channel: channelRef, to, selected = false }: ConversationRowProps) => {
  const channel = getFragmentData(ConversationRow_channel, channelRef);
  const unread = channel.unreadCount > 0;
  const now = useNow();
  return (
    <li className={`conversation-row${unread ? ' conversation-row--unread' : ''}`}>
      <Link
        to={to ?? `/messages/${channel.id}`}
        className={`conversation-row__link${selected ? ' is-selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
      >
        <span className="conversation-row__top">
          <span className="conversation-row__name">{channel.name}</span>
          {unread && <CountBadge count={channel.unreadCount} />}
        </span>
        <span className="conversation-row__meta">
          <span className={`kind-tag kind-tag--${channel.kind.toLowerCase()}`}>{humanize(channel.kind)}</span>
          {channel.lastMessageAt && <span>{formatRelative(channel.lastMessageAt, now)}</span>}
        </span>
        {channel.lastMessage && (
          <span className="conversation-row__preview">
            {channel.lastMessage.author.name}: {channel.lastMessage.body}
          </span>
        )}
      </Link>
    </li>
  );
};

/** Most recently active first (live messages move a conversation to the top). */
export const byLastActivity = <T extends { lastMessageAt?: string | null }>(a: T, b: T): number => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '');
