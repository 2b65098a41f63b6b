import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { forbidden } from '../../errors/domain-error.js';
import { Money } from '../../graphql/money.js';
import { inOrganization } from '../../policy/policy.js';
import { ConnectionArgs } from '../../graphql/pagination.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { Organization } from '../accounts/organization.entity.js';
import { User } from '../accounts/user.entity.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { Contract } from '../contracts/contract.entity.js';
import { Milestone } from '../milestones/milestone.entity.js';
import { ApproveMilestonePayload } from '../milestones/milestone.inputs.js';
import { AcceptDisputeSettlementPayload } from '../milestones/milestone-dispute.inputs.js';
import {
  ContractSpend,
  ContractSpendConnection,
  InvoiceConnection,
  InvoiceFilterArgs,
  MonthSpend,
  OrganizationFinances,
  PayoutConnection,
  PayoutFilterArgs,
  SpendByMonthArgs,
} from './billing.types.js';
import {
  financeTotals,
  invoicesOf,
  invoicesOfContract,
  invoicesOfOrganization,
  invoicesOfPayout,
  payoutsOf,
  spendByContract,
  spendByMonth,
} from './billing.service.js';
import { Invoice } from './invoice.entity.js';
import { invoiceDownloadPurpose, invoiceDownloadTtlSeconds } from './invoice-download.route.js';
import { Payout } from './payout.entity.js';

@Resolver(() => Invoice)
export class InvoiceResolver {
  @FieldResolver(() => Contract)
  contract(@Root() invoice: Invoice, @Ctx() context: Context) {
    return loadVisible(context, Contract, invoice.contractId);
  }

  @FieldResolver(() => Milestone, { nullable: true })
  milestone(@Root() invoice: Invoice, @Ctx() context: Context) {
    return loadVisible(context, Milestone, invoice.milestoneId);
  }

  @FieldResolver(() => User)
  trainer(@Root() invoice: Invoice, @Ctx() context: Context) {
    return loadVisible(context, User, invoice.trainerId);
  }

  @FieldResolver(() => Organization)
  organization(@Root() invoice: Invoice, @Ctx() context: Context) {
    return loadVisible(context, Organization, invoice.organizationId);
  }

  @FieldResolver(() => String, {
    description: `A link to the printable invoice, valid for ${invoiceDownloadTtlSeconds / 60} minutes (relative to the API's origin).`,
  })
  async downloadUrl(@Root() invoice: Invoice, @SignedIn() context: SignedInContext): Promise<string> {
    const { viewer } = context;
    const token = await context.app.tokens.issueScoped(viewer.id, `${invoiceDownloadPurpose}:${invoice.id}`, invoiceDownloadTtlSeconds);
    return `/invoices/${invoice.globalId}.html?token=${token}`;
  }

  @FieldResolver(() => Payout, { nullable: true, description: 'The payout that includes it; only its trainer sees it.' })
  payout(@Root() invoice: Invoice, @Ctx() context: Context) {
    return loadVisible(context, Payout, invoice.payoutId);
  }
}

@Resolver(() => Payout)
export class PayoutResolver {
  @FieldResolver(() => User)
  trainer(@Root() payout: Payout, @Ctx() context: Context) {
    return loadVisible(context, User, payout.trainerId);
  }

  @FieldResolver(() => Organization, { description: 'Whose invoices it pays out: a payout covers one organization.' })
  organization(@Root() payout: Payout, @Ctx() context: Context) {
    return loadVisible(context, Organization, payout.organizationId);
  }

  @FieldResolver(() => InvoiceConnection)
  invoices(@Root() payout: Payout, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return invoicesOfPayout(context, payout.id, args);
  }
}

@Resolver(() => ViewerType)
export class ReportTabsResolver {
  @FieldResolver(() => InvoiceConnection, { description: 'Reports: invoices, newest first.' })
  invoices(@Args() args: InvoiceFilterArgs, @SignedIn() context: SignedInContext) {
    return invoicesOf(context, args);
  }

  @FieldResolver(() => PayoutConnection, { description: 'Reports: payouts, newest first.' })
  payouts(@Args() args: PayoutFilterArgs, @SignedIn() context: SignedInContext) {
    return payoutsOf(context, args);
  }
}

/** A contract's invoices, from the billing area. */
@Resolver(() => Contract)
export class ContractInvoicesResolver {
  @FieldResolver(() => InvoiceConnection)
  invoices(@Root() contract: Contract, @Args() args: InvoiceFilterArgs, @SignedIn() context: SignedInContext) {
    return invoicesOfContract(context, contract.id, args);
  }
}

@Resolver(() => Organization)
export class OrganizationFinancesResolver {
  @FieldResolver(() => OrganizationFinances, {
    nullable: true,
    description: "Its spend, escrow, fees and invoices (the employer Reports page). Its members' alone: anyone else gets FORBIDDEN (and null).",
  })
  finances(@Root() organization: Organization, @SignedIn() context: SignedInContext): OrganizationFinances {
    if (!inOrganization(context.viewer, organization.id)) throw forbidden("Only the organization's members see its finances.");
    return new OrganizationFinances(organization.id);
  }
}

@Resolver(() => OrganizationFinances)
export class FinancesResolver {
  @FieldResolver(() => [Money], { description: 'Paid to trainers: the gross of every invoice that is not VOID, per currency.' })
  async spent(@Root() finances: OrganizationFinances, @SignedIn() context: SignedInContext): Promise<Money[]> {
    return (await financeTotals(context, finances.organizationId)).spent;
  }

  @FieldResolver(() => [Money], {
    description:
      "Workroom's marketplace fee within `spent`, per currency. The trainer bears it (withheld from the milestone amount); the employer pays nothing on top.",
  })
  async marketplaceFees(@Root() finances: OrganizationFinances, @SignedIn() context: SignedInContext): Promise<Money[]> {
    return (await financeTotals(context, finances.organizationId)).marketplaceFees;
  }

  @FieldResolver(() => [Money], { description: 'Funded and not yet released (FUNDED, SUBMITTED, CHANGES_REQUESTED, DISPUTED milestones), per currency.' })
  async inEscrow(@Root() finances: OrganizationFinances, @SignedIn() context: SignedInContext): Promise<Money[]> {
    return (await financeTotals(context, finances.organizationId)).inEscrow;
  }

  @FieldResolver(() => [Money], { description: 'All money put in and not refunded: spent + inEscrow, per currency.' })
  async funded(@Root() finances: OrganizationFinances, @SignedIn() context: SignedInContext): Promise<Money[]> {
    return (await financeTotals(context, finances.organizationId)).funded;
  }

  @FieldResolver(() => ContractSpendConnection, { description: "Each contract's money, most recently started first." })
  spendByContract(@Root() finances: OrganizationFinances, @Args() args: ConnectionArgs, @SignedIn() context: SignedInContext) {
    return spendByContract(context, finances.organizationId, args);
  }

  @FieldResolver(() => [MonthSpend], { description: 'Spend per calendar month in UTC (by invoice issue date), oldest first, ending with the current month.' })
  spendByMonth(@Root() finances: OrganizationFinances, @Args() { months }: SpendByMonthArgs, @SignedIn() context: SignedInContext) {
    return spendByMonth(context, finances.organizationId, months);
  }

  @FieldResolver(() => InvoiceConnection, { description: "The organization's invoices, newest first." })
  invoices(@Root() finances: OrganizationFinances, @Args() args: InvoiceFilterArgs, @SignedIn() context: SignedInContext) {
    return invoicesOfOrganization(context, finances.organizationId, args);
  }
}

@Resolver(() => ContractSpend)
export class ContractSpendResolver {
  @FieldResolver(() => Contract)
  contract(@Root() spend: ContractSpend, @Ctx() context: Context) {
    return loadVisible(context, Contract, spend.contractId);
  }
}

/** The invoice an approval issued, on the milestones area's payload. */
@Resolver(() => ApproveMilestonePayload)
export class ApprovalInvoiceResolver {
  @FieldResolver(() => Invoice, { description: "The trainer's invoice for the payment: gross, marketplace fee, net." })
  invoice(@Root() payload: ApproveMilestonePayload, @Ctx() context: Context) {
    return loadVisible(context, Invoice, payload.invoiceId);
  }
}

/** The invoice of a settlement's released part, on the milestones area's payload. */
@Resolver(() => AcceptDisputeSettlementPayload)
export class SettlementInvoiceResolver {
  @FieldResolver(() => Invoice, { nullable: true, description: "The trainer's invoice for the released part; null when everything was refunded." })
  invoice(@Root() payload: AcceptDisputeSettlementPayload, @Ctx() context: Context) {
    return loadVisible(context, Invoice, payload.invoiceId);
  }
}
