import { ArgsType, Field } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../../graphql/pagination.js';
import { Invoice, InvoiceStatus } from './invoice.entity.js';
import { Payout, PayoutStatus } from './payout.entity.js';

export const InvoiceConnection = connectionType(Invoice);
export const PayoutConnection = connectionType(Payout);

@ArgsType()
export class InvoiceFilterArgs extends ConnectionArgs {
  @Field(() => [InvoiceStatus], { nullable: true })
  status?: InvoiceStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Issued at or after this time.' })
  issuedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Issued before this time.' })
  issuedTo?: Date | null;
}

@ArgsType()
export class PayoutFilterArgs extends ConnectionArgs {
  @Field(() => [PayoutStatus], { nullable: true })
  status?: PayoutStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Requested at or after this time.' })
  requestedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Requested before this time.' })
  requestedTo?: Date | null;
}
