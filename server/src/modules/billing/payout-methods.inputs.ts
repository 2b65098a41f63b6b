import { IsBoolean, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { TrimmedLength } from '../../graphql/validation.js';
import { PayoutMethod, PayoutMethodKind } from './payout-method.entity.js';

@InputType({ description: 'A bank account: who holds it and its IBAN (in IBAN countries) or local account number.' })
export class BankAccountInput {
  @Field({ description: 'The name the bank has on the account. Trimmed; 2 to 100 characters.' })
  @TrimmedLength(2, 100, { message: 'Name the account holder in 2 to 100 characters.' })
  accountHolder: string;

  @Field({
    description:
      'An IBAN in IBAN countries (spaces allowed), else the account number (4 to 17 digits). Stored encrypted; never shown again except its last four characters.',
  })
  @MaxLength(64, { message: 'The account number is too long: an IBAN is at most 34 characters.' })
  accountNumber: string;
}

@InputType({ description: 'A PayPal account, by the e-mail address it is registered with.' })
export class PaypalAccountInput {
  @Field({ description: 'Stored encrypted; shown masked (`j•••@example.com`).' })
  @MaxLength(254, { message: 'An e-mail address is at most 254 characters.' })
  email: string;
}

@InputType({ description: 'The input of `addPayoutMethod`.' })
export class AddPayoutMethodInput {
  @Field({ description: 'Where the account is held, as an ISO 3166-1 alpha-2 code; it must offer the kind of method (see `payoutMethodCountries`).' })
  @MaxLength(10, { message: 'Choose a country by its two-letter code, for example DE.' })
  country: string;

  @Field(() => BankAccountInput, { nullable: true, description: 'Exactly one of `bankAccount` and `paypal`.' })
  @IsOptional()
  @ValidateNested()
  bankAccount?: BankAccountInput | null;

  @Field(() => PaypalAccountInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  paypal?: PaypalAccountInput | null;

  @Field(() => Boolean, { nullable: true, description: "Make it the default (where new payouts go). A trainer's first method always is." })
  @IsOptional()
  @IsBoolean()
  makeDefault?: boolean | null;
}

@InputType({ description: 'The input of `setDefaultPayoutMethod`.' })
export class SetDefaultPayoutMethodInput {
  @Field(() => ID)
  payoutMethodId: string;
}

@InputType({ description: 'The input of `removePayoutMethod`.' })
export class RemovePayoutMethodInput {
  @Field(() => ID)
  payoutMethodId: string;
}

// Every payout-method mutation answers with the method it changed and the trainer's methods now.
@ObjectType({ description: 'What `addPayoutMethod` returns.' })
export class AddPayoutMethodPayload {
  @Field(() => PayoutMethod)
  payoutMethod: PayoutMethod;

  @Field(() => [PayoutMethod], { description: "The trainer's payout methods after the change, the default first." })
  payoutMethods: PayoutMethod[];
}

@ObjectType({ description: 'What `setDefaultPayoutMethod` returns.' })
export class SetDefaultPayoutMethodPayload {
  @Field(() => PayoutMethod)
  payoutMethod: PayoutMethod;

  @Field(() => [PayoutMethod], { description: "The trainer's payout methods after the change, the default first." })
  payoutMethods: PayoutMethod[];
}

@ObjectType({ description: 'What `removePayoutMethod` returns.' })
export class RemovePayoutMethodPayload {
  @Field(() => PayoutMethod, { description: 'The method, with its `removedAt`.' })
  payoutMethod: PayoutMethod;

  @Field(() => [PayoutMethod], { description: "The trainer's payout methods after the change, the default first." })
  payoutMethods: PayoutMethod[];
}

@ObjectType('PayoutMethodCountry', { description: 'A country payouts can go to, and the kinds of method offered there.' })
export class PayoutMethodCountryType {
  @Field({ description: 'ISO 3166-1 alpha-2.' })
  code: string;

  @Field()
  name: string;

  @Field(() => [PayoutMethodKind])
  kinds: PayoutMethodKind[];

  @Field({ description: 'Bank accounts here are IBANs (else a local account number of 4 to 17 digits).' })
  usesIban: boolean;

  @Field(() => Int, { nullable: true, description: "An IBAN's length here, with the country code (null where bank accounts are not IBANs)." })
  ibanLength: number | null;
}
