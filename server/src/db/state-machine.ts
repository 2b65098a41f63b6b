import { invalidTransition } from '../errors/domain-error.js';

/** One move of a status machine: the statuses it may start from, where it goes, and the verb refusals use. */
export interface Transition<Status extends string> {
  from: readonly Status[];
  to: Status;
  /** The words for refusals: "You cannot <verb> milestone 3 while it is PAID". */
  verb: string;
}

/** How a machine's refusals name what they refuse. */
export interface Refusal<Subject extends { status: string }> {
  /** "this contract", "milestone 3". */
  name: (subject: Subject) => string;
  /** Plain words put after the status, when the status code alone says too little: "FUNDED (active and funded)". */
  describe?: (status: Subject['status']) => string;
}

export interface StateMachine<Subject extends { status: string }, Action extends string, Rule extends Transition<Subject['status']>> {
  /** The machine, whole: one rule per action (who may take it, when it needs more, is the caller's). */
  readonly rules: Readonly<Record<Action, Rule>>;
  /**
   * Moves `subject` by `action`: INVALID_TRANSITION, naming the current status and the attempted
   * action, unless its status is one the rule starts from; then `guard` (a further check that
   * must pass before anything changes, such as "the contract is open"); then the subject takes
   * the rule's status. Saving it is the caller's. Returns the rule and the status it left.
   */
  move(
    subject: Subject,
    action: Action,
    guard?: (rule: Rule, from: Subject['status']) => void | Promise<void>,
  ): Promise<{ rule: Rule; from: Subject['status'] }>;
}

/**
 * A status machine over `rules`, so that milestones, proposals and contracts refuse a move from
 * the wrong status with the same words and the same `extensions` (`currentStatus`, `attemptedAction`).
 */
export function defineStateMachine<Subject extends { status: string }, Action extends string, Rule extends Transition<Subject['status']>>(
  rules: Readonly<Record<Action, Rule>>,
  refusal: Refusal<Subject>,
): StateMachine<Subject, Action, Rule> {
  return {
    rules,
    async move(subject, action, guard) {
      const rule = rules[action];
      const from = subject.status;
      if (!rule.from.includes(from)) {
        const words = refusal.describe ? ` (${refusal.describe(from)})` : '';
        throw invalidTransition(`You cannot ${rule.verb} ${refusal.name(subject)} while it is ${from}${words}; that needs ${rule.from.join(' or ')}.`, {
          currentStatus: from,
          attemptedAction: action,
        });
      }
      await guard?.(rule, from);
      subject.status = rule.to;
      return { rule, from };
    },
  };
}
