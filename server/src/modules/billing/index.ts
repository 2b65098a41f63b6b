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

/** Invoices, payouts and the Reports tabs. */
export const billingArea: Area = {
  name: 'billing',
  entities: [Invoice, Payout],
  resolvers: [
    ContractInvoicesResolver,
    InvoiceResolver,
    PayoutResolver,
    ReportTabsResolver,
    OrganizationFinancesResolver,
    FinancesResolver,
    ContractSpendResolver,
    BillingMutationResolver,
  ],
  events: billingEvents,
};
