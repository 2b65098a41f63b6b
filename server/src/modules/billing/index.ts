import type { Area } from '../../api/area.js';
import { billingEvents } from './billing.events.js';
import { BillingMutationResolver } from './billing.mutations.resolver.js';
import './billing.policy.js';
import {
  ContractInvoicesResolver,
  ContractSpendResolver,
  FinancesResolver,
  InvoiceResolver,
  OrganizationFinancesResolver,
  PayoutResolver,
  ReportTabsResolver,
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
