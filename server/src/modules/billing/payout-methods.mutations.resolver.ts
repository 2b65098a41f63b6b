import { Arg, Mutation, Resolver } from 'type-graphql';
import { runCommand } from '../../commands/command.js';
import { type SignedInContext } from '../../api/context.js';
import { expectGlobalId } from '../../graphql/global-id.js';
import { readBack } from '../../api/payload.js';
import { SignedIn } from '../../api/signed-in.js';
import { PayoutMethod } from './payout-method.entity.js';
import {
  AddPayoutMethodInput,
  AddPayoutMethodPayload,
  RemovePayoutMethodInput,
  RemovePayoutMethodPayload,
  SetDefaultPayoutMethodInput,
  SetDefaultPayoutMethodPayload,
} from './payout-methods.inputs.js';
import * as methods from './payout-methods.mutations.js';
import { payoutMethodsOf } from './payout-methods.service.js';

/** The changed method (read back by id: the trainer's own) and the trainer's methods now. */
async function payloadOf(context: SignedInContext, change: methods.PayoutMethodChange) {
  const { payoutMethod } = await readBack(context, { payoutMethod: [PayoutMethod, change.payoutMethodId] });
  return { payoutMethod, payoutMethods: await payoutMethodsOf(context) };
}

/** Settings → Payouts: a trainer's payout methods. Account numbers go in; only their masked form comes out. */
@Resolver()
export class PayoutMethodMutationResolver {
  @Mutation(() => AddPayoutMethodPayload, {
    description:
      'Trainer: adds a bank account or PayPal account in a country that offers it (see `payoutMethodCountries`). The first becomes the default. The account is stored encrypted and answered masked.',
  })
  async addPayoutMethod(@Arg('input') input: AddPayoutMethodInput, @SignedIn() context: SignedInContext): Promise<AddPayoutMethodPayload> {
    return payloadOf(context, await runCommand(context, methods.addPayoutMethod, input));
  }

  @Mutation(() => SetDefaultPayoutMethodPayload, { description: 'Trainer: new payouts go to this method from now on.' })
  async setDefaultPayoutMethod(@Arg('input') input: SetDefaultPayoutMethodInput, @SignedIn() context: SignedInContext): Promise<SetDefaultPayoutMethodPayload> {
    const payoutMethodId = expectGlobalId(input.payoutMethodId, 'PayoutMethod', 'payoutMethodId');
    return payloadOf(context, await runCommand(context, methods.setDefaultPayoutMethod, { payoutMethodId }));
  }

  @Mutation(() => RemovePayoutMethodPayload, {
    description:
      'Trainer: removes a method (its account is erased; payouts made to it still show it masked). Refused with CONFLICT while a requested payout goes to it. When the default goes, the oldest remaining method becomes the default.',
  })
  async removePayoutMethod(@Arg('input') input: RemovePayoutMethodInput, @SignedIn() context: SignedInContext): Promise<RemovePayoutMethodPayload> {
    const payoutMethodId = expectGlobalId(input.payoutMethodId, 'PayoutMethod', 'payoutMethodId');
    return payloadOf(context, await runCommand(context, methods.removePayoutMethod, { payoutMethodId }));
  }
}
