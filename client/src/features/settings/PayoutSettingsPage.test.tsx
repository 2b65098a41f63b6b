import type { MockLink } from '@apollo/client/testing';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApp, testEmployer } from '../../test/render';
import { PayoutSettingsPage, PayoutSettingsQuery } from './PayoutSettingsPage';
import { AddPayoutMethodMutation, RemovePayoutMethodMutation, SetDefaultPayoutMethodMutation } from './use-payout-methods';

const countries = [
  { __typename: 'PayoutMethodCountry', code: 'DE', name: 'Germany', kinds: ['BANK_TRANSFER', 'PAYPAL'], ibanLength: 22 },
  { __typename: 'PayoutMethodCountry', code: 'IN', name: 'India', kinds: ['BANK_TRANSFER'], ibanLength: null },
  { __typename: 'PayoutMethodCountry', code: 'KE', name: 'Kenya', kinds: ['PAYPAL'], ibanLength: null },
  { __typename: 'PayoutMethodCountry', code: 'US', name: 'United States', kinds: ['BANK_TRANSFER', 'PAYPAL'], ibanLength: null },
];

const bank = (isDefault: boolean) => ({
  __typename: 'PayoutMethod',
  id: 'PM-bank',
  kind: 'BANK_TRANSFER',
  label: 'Bank transfer •••• 6789',
  country: 'US',
  accountHolder: 'Alex Rivera',
  isDefault,
});
const paypal = (isDefault: boolean) => ({
  __typename: 'PayoutMethod',
  id: 'PM-paypal',
  kind: 'PAYPAL',
  label: 'PayPal a•••@example.com',
  country: 'US',
  accountHolder: null,
  isDefault,
});
const germanBank = {
  __typename: 'PayoutMethod',
  id: 'PM-de',
  kind: 'BANK_TRANSFER',
  label: 'Bank transfer •••• 3000',
  country: 'DE',
  accountHolder: 'Alex Rivera',
  isDefault: true,
};

const settings = (methods: unknown[]): MockLink.MockedResponse => ({
  request: { query: PayoutSettingsQuery },
  result: { data: { viewer: { __typename: 'Viewer', id: 'Vmlld2VyOmFsZXg', name: 'Alex Rivera', payoutMethods: methods }, payoutMethodCountries: countries } },
});

const form = () => screen.findByRole('form', { name: 'Add a payout method' });

describe('Settings → Payouts', () => {
  it('lists the methods masked, with the default marked', async () => {
    renderWithApp(<PayoutSettingsPage />, { mocks: [settings([bank(true), paypal(false)])] });
    const list = await screen.findByRole('list');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('Bank transfer •••• 6789 Default'),
      expect.stringContaining('PayPal a•••@example.com'),
    ]);
    expect(items[0]!.textContent).toContain('Alex Rivera · United States');
    // Only a method that is not the default offers "Make default".
    expect(within(items[0]!).queryByRole('button', { name: /the default/ })).toBeNull();
    expect(within(items[1]!).getByRole('button', { name: 'Make PayPal a•••@example.com the default' })).toBeTruthy();
  });

  it('catches a mistyped IBAN before sending, then adds the corrected one', async () => {
    const user = userEvent.setup();
    const input = {
      country: 'DE',
      bankAccount: { accountHolder: 'Alex Rivera', accountNumber: 'DE89 3704 0044 0532 0130 00' },
      makeDefault: null,
    };
    renderWithApp(<PayoutSettingsPage />, {
      mocks: [
        settings([]),
        {
          request: { query: AddPayoutMethodMutation, variables: { input } },
          result: {
            data: {
              addPayoutMethod: {
                __typename: 'AddPayoutMethodPayload',
                payoutMethod: { __typename: 'PayoutMethod', id: 'PM-de', label: 'Bank transfer •••• 3000', isDefault: true },
              },
            },
          },
        },
        settings([germanBank]),
      ],
    });
    expect(await screen.findByText('No payout method yet: add one below to request payouts.')).toBeTruthy();
    const add = await form();
    await user.selectOptions(within(add).getByLabelText('Country of the account'), 'DE');
    expect(within(add).getByRole('radio', { name: 'Bank transfer' })).toHaveProperty('checked', true);
    expect((within(add).getByLabelText('Account holder') as HTMLInputElement).value).toBe('Alex Rivera');
    const iban = within(add).getByLabelText('IBAN');
    // The last digit wrong: no request is sent (there is no mock for one), the field says why.
    await user.type(iban, 'DE89 3704 0044 0532 0130 01');
    await user.click(within(add).getByRole('button', { name: 'Add payout method' }));
    expect((await within(add).findByRole('alert')).textContent).toBe("This IBAN's check digits do not match: check it for a typo.");
    expect(iban.getAttribute('aria-invalid')).toBe('true');

    await user.clear(iban);
    await user.type(iban, 'DE89 3704 0044 0532 0130 00');
    expect(within(add).queryByRole('alert')).toBeNull();
    await user.click(within(add).getByRole('button', { name: 'Add payout method' }));
    const list = await screen.findByRole('list');
    expect(within(list).getByRole('listitem').textContent).toContain('Bank transfer •••• 3000');
    // The form is empty again: the number does not linger on the page.
    await waitFor(() => expect((within(add).getByLabelText('Country of the account') as HTMLSelectElement).value).toBe(''));
    expect(within(add).queryByLabelText('IBAN')).toBeNull();
  });

  it('offers only the kinds a country supports', async () => {
    const user = userEvent.setup();
    renderWithApp(<PayoutSettingsPage />, { mocks: [settings([bank(true)])] });
    const add = await form();
    const country = within(add).getByLabelText('Country of the account');
    await user.selectOptions(country, 'US');
    expect(
      within(add)
        .getAllByRole('radio')
        .map((radio) => radio.parentElement?.textContent),
    ).toEqual(['Bank transfer', 'PayPal']);
    await user.click(within(add).getByRole('radio', { name: 'PayPal' }));
    await user.selectOptions(country, 'IN');
    // India has no PayPal: the form moved to the bank transfer it offers, with a local account number.
    expect(
      within(add)
        .getAllByRole('radio')
        .map((radio) => radio.parentElement?.textContent),
    ).toEqual(['Bank transfer']);
    expect(within(add).getByText('Only Bank transfer is offered in India.')).toBeTruthy();
    expect(within(add).getByLabelText('Account number')).toBeTruthy();
    await user.selectOptions(country, 'KE');
    expect(within(add).getByLabelText('PayPal e-mail')).toBeTruthy();
    await user.type(within(add).getByLabelText('PayPal e-mail'), 'alex');
    await user.click(within(add).getByRole('button', { name: 'Add payout method' }));
    expect((await within(add).findByRole('alert')).textContent).toMatch(/Enter the e-mail address of your PayPal account/);
    // With a method already, a new one may become the default.
    expect(within(add).getByRole('checkbox', { name: /Make it my default/ })).toBeTruthy();
  });

  it('makes another method the default', async () => {
    const user = userEvent.setup();
    renderWithApp(<PayoutSettingsPage />, {
      mocks: [
        settings([bank(true), paypal(false)]),
        {
          request: { query: SetDefaultPayoutMethodMutation, variables: { input: { payoutMethodId: 'PM-paypal' } } },
          result: {
            data: {
              setDefaultPayoutMethod: {
                __typename: 'SetDefaultPayoutMethodPayload',
                payoutMethods: [
                  { __typename: 'PayoutMethod', id: 'PM-paypal', isDefault: true },
                  { __typename: 'PayoutMethod', id: 'PM-bank', isDefault: false },
                ],
              },
            },
          },
        },
        settings([paypal(true), bank(false)]),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Make PayPal a•••@example.com the default' }));
    await waitFor(() => expect(within(screen.getByRole('list')).getAllByRole('listitem')[0]!.textContent).toContain('PayPal a•••@example.com Default'));
  });

  it('removes a method only after asking, and shows a refusal', async () => {
    const user = userEvent.setup();
    const refusal = 'A payout of $450.00 is on its way to Bank transfer •••• 6789: you can remove it once that payout is paid or has failed.';
    renderWithApp(<PayoutSettingsPage />, {
      mocks: [
        settings([bank(true), paypal(false)]),
        {
          request: { query: RemovePayoutMethodMutation, variables: { input: { payoutMethodId: 'PM-bank' } } },
          result: { errors: [{ message: refusal, extensions: { code: 'CONFLICT' } }] },
        },
        {
          request: { query: RemovePayoutMethodMutation, variables: { input: { payoutMethodId: 'PM-paypal' } } },
          result: {
            data: {
              removePayoutMethod: {
                __typename: 'RemovePayoutMethodPayload',
                payoutMethod: { __typename: 'PayoutMethod', id: 'PM-paypal', removedAt: '2026-12-06T10:00:00.000Z' },
              },
            },
          },
        },
        settings([bank(true)]),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Remove Bank transfer •••• 6789…' }));
    const confirm = screen.getByRole('group', { name: 'Remove Bank transfer •••• 6789' });
    expect(confirm.textContent).toContain('It is your default');
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }));
    expect((await screen.findByRole('alert')).textContent).toBe(refusal);

    await user.click(await screen.findByRole('button', { name: 'Remove PayPal a•••@example.com…' }));
    await user.click(within(screen.getByRole('group', { name: 'Remove PayPal a•••@example.com' })).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(within(screen.getByRole('list')).getAllByRole('listitem')).toHaveLength(1));
  });

  it('tells an employer that payout methods are for trainers', async () => {
    renderWithApp(<PayoutSettingsPage />, { viewer: testEmployer });
    expect(await screen.findByText(/Payout methods are for trainers/)).toBeTruthy();
  });
});
