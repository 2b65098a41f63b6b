import { useId, useState, type FormEvent } from 'react';

import type { PayoutMethodKind } from '../../gql/graphql';
import { errorMessage } from '../../ui/QueryState';
import { toasts } from '../../ui/toasts';
import { kindNames, validatePayoutMethod, type DraftProblem, type OfferedCountry, type PayoutMethodDraft } from './payout-method-validation';
import { useAddPayoutMethod } from './use-payout-methods';

interface AddPayoutMethodFormProps {
  countries: readonly OfferedCountry[];
  /** The trainer has methods already: offer "make it the default" (the first one always is). */
  hasMethods: boolean;
  /** Pre-fills the account holder. */
  holderName: string;
}

const emptyDraft = (holderName: string): PayoutMethodDraft => ({ country: '', kind: 'BANK_TRANSFER', accountHolder: holderName, accountNumber: '', email: '' });

/** Settings → Payouts: add a bank account or a PayPal account, offered only where the country supports it. */
export const AddPayoutMethodForm = ({ countries, hasMethods, holderName }: AddPayoutMethodFormProps) => {
  const [draft, setDraft] = useState(() => emptyDraft(holderName));
  const [makeDefault, setMakeDefault] = useState(false);
  const [problem, setProblem] = useState<DraftProblem | { field: null; message: string } | null>(null);
  const { add, loading } = useAddPayoutMethod();
  const ids = { country: useId(), holder: useId(), number: useId(), numberHint: useId(), email: useId(), problem: useId(), makeDefault: useId() };
  const country = countries.find((offered) => offered.code === draft.country);
  const kinds = country?.kinds ?? [];

  const update = (change: Partial<PayoutMethodDraft>) => {
    setDraft((current) => {
      const next = { ...current, ...change };
      // A country that does not offer the chosen kind switches to one it does.
      const offered = countries.find((candidate) => candidate.code === next.country)?.kinds;
      if (offered && offered.length > 0 && !offered.includes(next.kind)) next.kind = offered[0]!;
      return next;
    });
    if (problem) setProblem(null);
  };

  const invalid = (field: keyof PayoutMethodDraft) => (problem?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': ids.problem } : {});

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validatePayoutMethod(draft, country);
    if (found) {
      setProblem(found);
      return;
    }
    setProblem(null);
    try {
      const added = await add({
        country: draft.country,
        ...(draft.kind === 'PAYPAL'
          ? { paypal: { email: draft.email.trim() } }
          : { bankAccount: { accountHolder: draft.accountHolder.trim(), accountNumber: draft.accountNumber } }),
        makeDefault: hasMethods ? makeDefault : null,
      });
      toasts.show({ message: `Added ${added?.label ?? 'the payout method'}${added?.isDefault ? ', your default' : ''}.`, tone: 'success' });
      // The number leaves the page's memory with the form.
      setDraft(emptyDraft(holderName));
      setMakeDefault(false);
    } catch (error) {
      setProblem({ field: null, message: errorMessage(error instanceof Error ? error : null) });
    }
  };

  return (
    <form className="payout-method-form" onSubmit={onSubmit} noValidate aria-labelledby={`${ids.country}-title`}>
      <h2 id={`${ids.country}-title`}>Add a payout method</h2>
      <div className="field">
        <label htmlFor={ids.country}>Country of the account</label>
        <select id={ids.country} value={draft.country} onChange={(event) => update({ country: event.target.value })} {...invalid('country')}>
          <option value="">Choose a country</option>
          {countries.map((offered) => (
            <option key={offered.code} value={offered.code}>
              {offered.name}
            </option>
          ))}
        </select>
      </div>
      {country && (
        <fieldset className="payout-method-form__kinds" {...(problem?.field === 'kind' ? { 'aria-describedby': ids.problem } : {})}>
          <legend>Method</legend>
          {kinds.map((kind: PayoutMethodKind) => (
            <label key={kind} className="payout-method-form__kind">
              <input type="radio" name="kind" value={kind} checked={draft.kind === kind} onChange={() => update({ kind })} />
              {kindNames[kind]}
            </label>
          ))}
          {kinds.length === 1 && (
            <p className="field__hint">
              Only {kindNames[kinds[0]!]} is offered in {country.name}.
            </p>
          )}
        </fieldset>
      )}
      {country && draft.kind === 'BANK_TRANSFER' && (
        <>
          <div className="field">
            <label htmlFor={ids.holder}>Account holder</label>
            <input
              id={ids.holder}
              value={draft.accountHolder}
              onChange={(event) => update({ accountHolder: event.target.value })}
              autoComplete="name"
              {...invalid('accountHolder')}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.number}>{country.ibanLength ? 'IBAN' : 'Account number'}</label>
            <input
              id={ids.number}
              value={draft.accountNumber}
              onChange={(event) => update({ accountNumber: event.target.value })}
              autoComplete="off"
              spellCheck={false}
              inputMode={country.ibanLength ? 'text' : 'numeric'}
              {...invalid('accountNumber')}
              aria-describedby={problem?.field === 'accountNumber' ? `${ids.problem} ${ids.numberHint}` : ids.numberHint}
            />
            <p className="field__hint" id={ids.numberHint}>
              {country.ibanLength ? `${country.ibanLength} characters, starting with ${country.code}.` : '4 to 17 digits.'} Only the last four are shown after
              saving.
            </p>
          </div>
        </>
      )}
      {country && draft.kind === 'PAYPAL' && (
        <div className="field">
          <label htmlFor={ids.email}>PayPal e-mail</label>
          <input
            id={ids.email}
            type="email"
            value={draft.email}
            onChange={(event) => update({ email: event.target.value })}
            autoComplete="email"
            {...invalid('email')}
          />
        </div>
      )}
      {hasMethods && country && (
        <label className="payout-method-form__default" htmlFor={ids.makeDefault}>
          <input id={ids.makeDefault} type="checkbox" checked={makeDefault} onChange={(event) => setMakeDefault(event.target.checked)} />
          Make it my default (new payouts go there)
        </label>
      )}
      {problem && (
        <p className="form-error" role="alert" id={ids.problem}>
          {problem.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={loading}>
          {loading ? 'Adding…' : 'Add payout method'}
        </button>
      </div>
    </form>
  );
};
