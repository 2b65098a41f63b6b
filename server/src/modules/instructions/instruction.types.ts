import { connectionType } from '../../graphql/pagination.js';
import { InstructionRevision } from './instruction-revision.entity.js';

export const InstructionRevisionConnection = connectionType(InstructionRevision);
