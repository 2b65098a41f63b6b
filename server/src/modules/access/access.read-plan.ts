import { list, planField, reference } from '../../api/read-plan/registry.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { contractAccessGrants } from './access.service.js';

// How the SQL read planner reads the access area's fields: from the same list as its resolver.
planField('Contract', 'accessGrants', list(contractAccessGrants));
planField('AccessGrant', 'contract', reference(Contract, 'contractId'));
planField('AccessGrant', 'grantedBy', reference(User, 'grantedById'));
