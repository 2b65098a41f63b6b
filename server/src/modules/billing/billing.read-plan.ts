import { list, planField, planGetter, reference } from '../../api/read-plan/registry.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { contractInvoices, payoutInvoices, viewerInvoices, viewerPayouts } from './billing.service.js';

// How the SQL read planner reads the billing area's fields: from the same lists as its resolvers.
planField('Contract', 'invoices', list(contractInvoices));
planField('Viewer', 'invoices', list(viewerInvoices));
planField('Viewer', 'payouts', list(viewerPayouts));
planField('Payout', 'invoices', list(payoutInvoices));
planField('Payout', 'trainer', reference(User, 'trainerId'));
planField('Payout', 'organization', reference(Organization, 'organizationId'));
planField('Invoice', 'contract', reference(Contract, 'contractId'));
planField('Invoice', 'organization', reference(Organization, 'organizationId'));
planField('Invoice', 'trainer', reference(User, 'trainerId'));
planField('Invoice', 'milestone', reference(Milestone, 'milestoneId'));
planGetter('Invoice', 'gross', ['grossCents', 'currency']);
planGetter('Invoice', 'fee', ['feeCents', 'currency']);
planGetter('Invoice', 'net', ['netCents', 'currency']);
planGetter('Payout', 'amount', ['amountCents', 'currency']);
