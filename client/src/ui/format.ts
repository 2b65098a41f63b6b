import type { PaymentType } from '../gql/graphql';

/** Built on first use: each Intl formatter costs milliseconds to make on a slow phone, and a page uses few. */
const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};
const dateFormat = once(() => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }));
const dateTimeFormat = once(() => new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }));
const timeFormat = once(() => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }));
const relativeFormat = once(() => new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }));

/**
 * Makes the formatters ahead of need, one per task, while the page waits for its data: the first
 * one loads the browser's locale data (tens of milliseconds on a phone), which would otherwise
 * land in the same task as the render of the data that needs it.
 */
export const warmUpFormatters = (): (() => void) => {
  const makers = [dateTimeFormat, dateFormat, timeFormat, relativeFormat];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    const make = makers.shift();
    if (!make) return;
    make();
    timer = setTimeout(next, 0);
  };
  timer = setTimeout(next, 0);
  return () => clearTimeout(timer);
};

export const formatDate = (iso: string): string => dateFormat().format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTimeFormat().format(new Date(iso));
export const formatTime = (iso: string | Date): string => timeFormat().format(typeof iso === 'string' ? new Date(iso) : iso);

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * How long ago something happened: "3 hours ago", "yesterday", "just now". Only for things that
 * have happened (messages, activity): a time ahead of `now` (a server clock a little ahead of
 * this one) is "just now", never "in 4 minutes".
 */
export const formatRelative = (iso: string, now: number = Date.now()): string => {
  const seconds = Math.min(0, (new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat().format(Math.round(seconds / size), unit);
  }
  return 'just now';
};

/** SCREAMING_SNAKE enum values as words: CHANGES_REQUESTED → "Changes requested". */
export const humanize = (value: string): string => {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const paymentTypeLabels: Record<PaymentType, string> = {
  FIXED_PRICE: 'Fixed price',
  PAY_PER_HOUR: 'Per hour',
  PAY_PER_LABEL: 'Per label',
};

export const paymentTypeLabel = (type: PaymentType): string => paymentTypeLabels[type] ?? humanize(type);

/** What follows the amount of a rate: its unit; a fixed price is the amount alone. */
const rateUnits: Record<PaymentType, string> = {
  FIXED_PRICE: '',
  PAY_PER_HOUR: ' / hour',
  PAY_PER_LABEL: ' / label',
};

type Amount = { formatted: string } | null | undefined;

/**
 * A rate with its unit, the one way every screen shows pay: "$50.00 / hour", "$0.12 / label", and
 * a fixed price as its amount, "$5,000.00". Jobs and contracts keep a per-unit rate and a fixed
 * price (budget) apart, so both may be passed and the payment type picks; a proposal's rate is
 * already in the job's unit (the whole price when fixed), so it is passed once. Without the
 * amount it needs, the payment type is said in words ("Per hour"), never a bare "/ hour".
 */
export const formatRate = (paymentType: PaymentType, rate: Amount, fixedPrice: Amount = rate): string => {
  const amount = paymentType === 'FIXED_PRICE' ? fixedPrice : rate;
  if (!amount) return paymentTypeLabel(paymentType);
  return `${amount.formatted}${rateUnits[paymentType]}`;
};

/** The unit a rate is entered in, for form labels: "per hour", "per label", "for the whole job". */
export const rateUnitWords = (paymentType: PaymentType): string =>
  paymentType === 'PAY_PER_HOUR' ? 'per hour' : paymentType === 'PAY_PER_LABEL' ? 'per label' : 'for the whole job';
