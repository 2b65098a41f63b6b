const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));
const threeDigits = (value: number) => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value));

/**
 * `new Date(epochMs).toISOString()` (what JSON.stringify writes for a Date), computed with integer
 * arithmetic: the built-in takes about 1.6 µs through `toJSON`, and a dashboard answer holds
 * hundreds of instants. Years outside 0000–9999, which ISO writes with six digits and a sign, and
 * anything that is not a whole number of milliseconds go to the built-in.
 */
export function isoString(date: Date): string {
  const epochMs = date.getTime();
  if (!Number.isSafeInteger(epochMs)) return date.toISOString();
  const day = Math.floor(epochMs / 86_400_000);
  let rest = epochMs - day * 86_400_000;
  // Days since 1970-01-01 to a civil date in the proleptic Gregorian calendar (H. Hinnant's days_from_civil, inverted).
  const shifted = day + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return date.toISOString();
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const yearText = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${yearText}-${twoDigits(month)}-${twoDigits(dayOfMonth)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${threeDigits(rest - seconds * 1000)}Z`;
}
