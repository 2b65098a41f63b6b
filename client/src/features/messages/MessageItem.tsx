import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDateTime } from '../../ui/format';

export const MessageItem_message = graphql(`
  fragment MessageItem_message on Message {
    id
    body
    createdAt
    editedAt
    author {
      id
      name
      role
    }
  }
`);

interface MessageItemProps {
  message: FragmentType<typeof MessageItem_message>;
  viewerId: string | null;
}

export const MessageItem = ({ message: messageRef, viewerId }: MessageItemProps) => {
  const message = getFragmentData(MessageItem_message, messageRef);
  const own = message.author.id === viewerId;
  return (
    <li className={`message${own ? ' message--own' : ''}`}>
      <div className="message__meta">
        <span className="message__author">{own ? 'You' : message.author.name}</span>
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        {message.editedAt && <span className="message__edited">(edited)</span>}
      </div>
      <p className="message__body">{message.body}</p>
    </li>
  );
};
