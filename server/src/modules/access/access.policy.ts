import { defineReadRule, defineReadScope } from '../../policy/policy.js';
import { contractVisible, onVisibleContract } from '../contracts/contracts.policy.js';
import { AccessGrant } from './access-grant.entity.js';

// Access grants are read by whoever reads their contract; granting and revoking are the employer's
// (contracts' authorizeContractParty).
defineReadRule(AccessGrant, (grant, context) => contractVisible(grant.contractId, context));
defineReadScope(AccessGrant, onVisibleContract('contract_id'));
