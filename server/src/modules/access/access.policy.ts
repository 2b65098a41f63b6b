import { defineReadRule } from '../../policy/policy.js';
import { contractVisible } from '../contracts/contracts.policy.js';
import { AccessGrant } from './access-grant.entity.js';

// Access grants are read by whoever reads their contract; granting and revoking are the employer's
// (contracts' authorizeContractParty).
defineReadRule(AccessGrant, (grant, context) => contractVisible(grant.contractId, context));
