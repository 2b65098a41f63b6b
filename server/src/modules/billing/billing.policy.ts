import { defineReadRule, defineReadScope, inOrganization, participantsScope, type PolicyContext, type PolicyQuery } from '../../policy/policy.js';
import { UserRole, type Viewer } from '../../auth/viewer.js';
import { forbidden } from '../../errors/domain-error.js';
import { Invoice } from './invoice.entity.js';
import { Payout } from './payout.entity.js';
import { PayoutMethod } from './payout-method.entity.js';

// An invoice is its trainer's and its organization's (listed with contracts' participantsScope).
defineReadRule(Invoice, (invoice, { viewer }) => invoice.trainerId === viewer.id || inOrganization(viewer, invoice.organizationId));
defineReadScope(Invoice, (query, viewer, alias) => participantsScope(query, viewer, alias));

// A payout is the platform paying its trainer: the trainer's alone.
defineReadRule(Payout, (payout, { viewer }) => viewer.role === UserRole.TRAINER && payout.trainerId === viewer.id);

/** The Payout rule as SQL: the trainer's own; an employer has none. */
export function payoutsScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return viewer.role === UserRole.TRAINER ? query.andWhere(`${alias}.trainer_id = :scopeViewerId`, { scopeViewerId: viewer.id }) : query.andWhere('FALSE');
}

defineReadScope(Payout, (query, viewer, alias) => payoutsScope(query, viewer, alias));

/** The write rule for payouts: a trainer requests their own; settling is no viewer's move (payout-processor.ts). */
export function authorizePayoutRequest({ viewer }: PolicyContext): void {
  if (viewer.role !== UserRole.TRAINER) throw forbidden('Only trainers request payouts of their earnings.');
}

// A payout method is where the platform pays its trainer: theirs alone, removed ones included
// (a payout still names the method it went to).
defineReadRule(PayoutMethod, (method, { viewer }) => viewer.role === UserRole.TRAINER && method.trainerId === viewer.id);

/** The PayoutMethod rule as SQL: the trainer's own; an employer has none. */
export function payoutMethodsScope(query: PolicyQuery, viewer: Viewer, alias = query.alias): PolicyQuery {
  return viewer.role === UserRole.TRAINER ? query.andWhere(`${alias}.trainer_id = :scopeViewerId`, { scopeViewerId: viewer.id }) : query.andWhere('FALSE');
}

/** The write rule for payout methods: a trainer adds and changes their own (the command finds the row among the viewer's only). */
export function authorizePayoutMethodChange({ viewer }: PolicyContext): void {
  if (viewer.role !== UserRole.TRAINER) throw forbidden('Only trainers have payout methods: employers pay by funding milestones.');
}
