import { connectionType } from '../../graphql/pagination.js';
import { Channel } from './channel.entity.js';
import { Message } from './message.entity.js';

export const ChannelConnection = connectionType(Channel);
export const MessageConnection = connectionType(Message);
