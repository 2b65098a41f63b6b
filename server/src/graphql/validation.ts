import { IsDate, MaxDate, MinDate, ValidateBy, type ValidationOptions } from 'class-validator';

/** Length in characters (code points, like PostgreSQL's char_length), after trimming whitespace. */
export const trimmedLength = (value: string) => [...value.trim()].length;

/**
 * Like `@Length`, but of the trimmed value: services store text trimmed, so "   " is empty and
 * surrounding whitespace does not count against the limit.
 */
export function TrimmedLength(min: number, max: number, options: ValidationOptions & { message: string }): PropertyDecorator {
  return ValidateBy(
    {
      name: 'trimmedLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && trimmedLength(value) >= min && trimmedLength(value) <= max,
      },
    },
    options,
  );
}

const dayMs = 24 * 3600 * 1000;

/** A due date: not in the past (a day's grace for time zones), and within five years. */
export function DueDate(): PropertyDecorator {
  return (target, property) => {
    IsDate()(target, property);
    MinDate(() => new Date(Date.now() - dayMs), { message: 'The due date cannot be in the past.' })(target, property);
    MaxDate(() => new Date(Date.now() + 5 * 365 * dayMs), { message: 'The due date must be within five years.' })(target, property);
  };
}
