import { list, planField, planGetter, reference } from '../../api/read-plan/registry.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Milestone } from './milestone.entity.js';
import { contractMilestones, milestoneHistory } from './milestones.service.js';

// How the SQL read planner reads the milestones area's fields: from the same lists as its resolvers.
planField('Contract', 'milestones', list(contractMilestones));
planField('Milestone', 'history', list(milestoneHistory));
planField('Milestone', 'contract', reference(Contract, 'contractId'));
planField('MilestoneEvent', 'actor', reference(User, 'actorId'));
planField('MilestoneEvent', 'milestone', reference(Milestone, 'milestoneId'));
planGetter('Milestone', 'amount', ['amountCents', 'currency']);
planGetter('Milestone', 'released', ['status', 'amountCents', 'refundedCents', 'currency']);
planGetter('Milestone', 'refunded', ['refundedCents', 'currency']);
