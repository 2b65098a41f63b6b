const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
export const formatTime = (iso: string | Date): string => timeFormat.format(typeof iso === 'string' ? new Date(iso) : iso);

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 2 days", "now". */
export const formatRelative = (iso: string, now: number = Date.now()): string => {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
};

/** SCREAMING_SNAKE enum values as words: CHANGES_REQUESTED → "Changes requested". */
export const humanize = (value: string): string => {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const paymentTypeLabels: Record<string, string> = {
  FIXED_PRICE: 'Fixed price',
  PAY_PER_HOUR: 'Per hour',
  PAY_PER_LABEL: 'Per label',
};

export const paymentTypeLabel = (type: string): string => paymentTypeLabels[type] ?? humanize(type);

/** "$40.00 / hour", "$0.12 / label", or the fixed budget. */
export const payLabel = (
  type: string,
  rate: { formatted: string } | null | undefined,
  fixed: { formatted: string } | null | undefined,
): string => {
  if (type === 'PAY_PER_HOUR' && rate) return `${rate.formatted} / hour`;
  if (type === 'PAY_PER_LABEL' && rate) return `${rate.formatted} / label`;
  if (fixed) return `${fixed.formatted} fixed price`;
  return paymentTypeLabel(type);
};
