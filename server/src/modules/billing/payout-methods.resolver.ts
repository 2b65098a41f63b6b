import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type Context, type SignedInContext } from '../../api/context.js';
import { SignedIn } from '../../api/signed-in.js';
import { loadVisible } from '../../api/visible.js';
import { ViewerType } from '../accounts/viewer.type.js';
import { payoutCountries } from './payout-method-countries.js';
import { PayoutMethod } from './payout-method.entity.js';
import { PayoutMethodCountryType } from './payout-methods.inputs.js';
import { availableForPayoutOf, payoutMethodsOf } from './payout-methods.service.js';
import { Money } from '../../graphql/money.js';
import { Payout } from './payout.entity.js';

@Resolver(() => ViewerType)
export class ViewerPayoutMethodsResolver {
  @FieldResolver(() => [PayoutMethod], {
    description: "Settings → Payouts: the trainer's payout methods, the default first. Always empty for an employer.",
  })
  payoutMethods(@SignedIn() context: SignedInContext): Promise<PayoutMethod[]> {
    return payoutMethodsOf(context);
  }

  @FieldResolver(() => [Money], {
    description:
      'Reports: paid invoices not yet in a payout, net, one amount per currency: what `requestPayout` would pay out now. Empty when there is nothing (and for an employer).',
  })
  availableForPayout(@SignedIn() context: SignedInContext): Promise<Money[]> {
    return availableForPayoutOf(context);
  }
}

@Resolver(() => Payout)
export class PayoutMethodOfPayoutResolver {
  @FieldResolver(() => PayoutMethod, {
    nullable: true,
    description: 'Where it goes: the default method when it was requested, shown masked (null for payouts from before payout methods).',
  })
  method(@Root() payout: Payout, @Ctx() context: Context) {
    return loadVisible(context, PayoutMethod, payout.payoutMethodId);
  }
}

@Resolver()
export class PayoutMethodCountriesResolver {
  @Query(() => [PayoutMethodCountryType], {
    description: 'The countries payouts can go to and the kinds of method each offers (Settings → Payouts offers only these).',
  })
  payoutMethodCountries(): PayoutMethodCountryType[] {
    return payoutCountries.map((country) => ({
      code: country.code,
      name: country.name,
      kinds: [...country.kinds],
      usesIban: country.ibanLength !== undefined,
      ibanLength: country.ibanLength ?? null,
    }));
  }
}
