import { useId, useState } from 'react';
import { errorMessage } from './QueryState';
import { toasts } from './toasts';

/**
 * The actions of one list row (a payout method, a webhook endpoint): `run` does one, says so in a
 * toast when it worked, or keeps the server's refusal in `problem`, to show next to the row
 * (described by `problemId`); `clearProblem` once the person turns away from it.
 */
export function useRowActions() {
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const run = async (action: () => Promise<unknown>, done: string) => {
    setProblem(null);
    try {
      await action();
      toasts.show({ message: done, tone: 'success' });
    } catch (error) {
      setProblem(errorMessage(error instanceof Error ? error : null));
    }
  };
  return { problem, problemId, run, clearProblem: () => setProblem(null) };
}
