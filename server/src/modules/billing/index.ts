import type { Area } from '../../api/area.js';
import { billingEvents } from './billing.events.js';
import { BillingMutationResolver } from './billing.mutations.resolver.js';
import './billing.policy.js';
import './billing.read-plan.js';
// Registers what released money becomes: the trainer's invoice.
import './invoices.service.js';
import {
  ApprovalInvoiceResolver,
  ContractInvoicesResolver,
  ContractSpendResolver,
  FinancesResolver,
  InvoiceResolver,
  OrganizationFinancesResolver,
  PayoutResolver,
  ReportTabsResolver,
  SettlementInvoiceResolver,
} from './billing.resolver.js';
import { Invoice } from './invoice.entity.js';
import { Payout } from './payout.entity.js';
import { PayoutMethod } from './payout-method.entity.js';
import { PayoutMethodMutationResolver } from './payout-methods.mutations.resolver.js';
import { PayoutMethodCountriesResolver, PayoutMethodOfPayoutResolver, ViewerPayoutMethodsResolver } from './payout-methods.resolver.js';

/** Invoices, payouts, the Reports tabs and the payout methods of Settings → Payouts. */
export const billingArea: Area = {
  name: 'billing',
  entities: [Invoice, Payout, PayoutMethod],
  resolvers: [
    ApprovalInvoiceResolver,
    SettlementInvoiceResolver,
    ContractInvoicesResolver,
    InvoiceResolver,
    PayoutResolver,
    ReportTabsResolver,
    OrganizationFinancesResolver,
    FinancesResolver,
    ContractSpendResolver,
    BillingMutationResolver,
    ViewerPayoutMethodsResolver,
    PayoutMethodOfPayoutResolver,
    PayoutMethodCountriesResolver,
    PayoutMethodMutationResolver,
  ],
  events: billingEvents,
};
