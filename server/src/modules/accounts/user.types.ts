import { connectionType } from '../../graphql/pagination.js';
import { User } from './user.entity.js';

export const UserConnection = connectionType(User);
