import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { requireViewer, type Context } from '../../graphql/context.js';
import { CompletePayoutInput, CompletePayoutPayload, RequestPayoutInput, RequestPayoutPayload } from './billing.inputs.js';
import { Payout } from './payout.entity.js';
import { completePayout, requestPayout } from './payouts.mutations.js';

@Resolver()
export class BillingMutationResolver {
  @Mutation(() => RequestPayoutPayload, {
    description: 'Trainer: requests a payout of every paid invoice not yet paid out. Idempotent with a key.',
  })
  async requestPayout(@Arg('input') input: RequestPayoutInput, @Ctx() context: Context): Promise<RequestPayoutPayload> {
    const { payoutIds } = await requestPayout(requireViewer(context), input);
    const payouts = await context.loaders.byId(Payout).loadMany(payoutIds);
    return { payouts: payouts.filter((payout): payout is Payout => payout instanceof Payout) };
  }

  @Mutation(() => CompletePayoutPayload, {
    description:
      "SIMULATION of the payment processor (no money moves): an employer whose invoices the payout covers records PAID or FAILED.",
  })
  async completePayout(@Arg('input') input: CompletePayoutInput, @Ctx() context: Context): Promise<CompletePayoutPayload> {
    const { payoutId } = await completePayout(requireViewer(context), input);
    return { payout: (await context.loaders.byId(Payout).load(payoutId))! };
  }
}
