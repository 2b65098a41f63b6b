import { Arg, Mutation, Resolver } from 'type-graphql';
import { runCommand } from '../../commands/command.js';
import { type SignedInContext } from '../../api/context.js';
import { SignedIn } from '../../api/signed-in.js';
import { RequestPayoutInput, RequestPayoutPayload } from './billing.inputs.js';
import { Payout } from './payout.entity.js';
import { requestPayout } from './payouts.mutations.js';

/**
 * Trainers request payouts here. Settling one is not an API move: the payment processor answers
 * as the platform (`npm run payouts:settle`, payout-processor.ts), never a signed-in user.
 */
@Resolver()
export class BillingMutationResolver {
  @Mutation(() => RequestPayoutPayload, {
    description:
      'Trainer: requests payouts of every paid invoice not yet paid out, one per organization and currency. Idempotent with a key. Only the payment processor settles them.',
  })
  async requestPayout(@Arg('input') input: RequestPayoutInput, @SignedIn() context: SignedInContext): Promise<RequestPayoutPayload> {
    const { payoutIds } = await runCommand(context, requestPayout, input);
    // The trainer's own payouts, just requested: unchecked (byId, not loadVisible), as they are theirs to read.
    const payouts = await context.loaders.byId(Payout).loadMany(payoutIds);
    return { payouts: payouts.filter((payout): payout is Payout => payout instanceof Payout) };
  }
}
