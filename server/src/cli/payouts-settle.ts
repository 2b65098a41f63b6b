// `npm run payouts:settle`: the SIMULATED payment processor. It answers trainers' payout requests
// as the platform would hear them from a real processor; no money moves anywhere.
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { isDomainError } from '../errors/domain-error.js';
import { runAsPlatformScript } from './platform-script.js';
import { PayoutOutcome, pendingPayouts, settlePayout } from '../modules/billing/payout-processor.js';

export const payoutProcessorUsage = `SIMULATED payment processor: no money moves. Runs as the platform, against DATABASE_URL
(or, when it is unset, the embedded database of a running \`npm start\`).

  npm run payouts:settle                                  list the payouts waiting for an answer
  npm run payouts:settle -- <payoutId> paid               the transfer went through: its invoices are PAID
  npm run payouts:settle -- <payoutId> failed <reason…>   it bounced: the invoices can be requested again
  npm run payouts:settle -- all paid|failed [<reason…>]   answer every waiting payout the same way`;

/**
 * The command behind the CLI, over a data source it is given: lists REQUESTED payouts, or
 * records the processor's answer for one or all of them. Returns the exit code.
 */
export async function runPayoutProcessor(args: readonly string[], dataSource: DataSource, print: (line: string) => void): Promise<number> {
  const [target = 'list', answer, ...reason] = args;
  if (target === 'list' && answer === undefined) {
    const pending = await pendingPayouts(dataSource);
    if (pending.length === 0) print('No payout is waiting for the processor.');
    for (const payout of pending) {
      print(`${payout.payoutId}  ${payout.amount.padStart(12)}  ${payout.organization}  → ${payout.trainer}  (requested ${payout.requestedAt.toISOString()})`);
    }
    return 0;
  }
  const outcome = answer?.toUpperCase();
  if (target.startsWith('-') || (outcome !== PayoutOutcome.PAID && outcome !== PayoutOutcome.FAILED)) {
    print(payoutProcessorUsage);
    return target === '--help' || target === 'help' ? 0 : 2;
  }
  const ids = target === 'all' ? (await pendingPayouts(dataSource)).map((payout) => payout.payoutId) : [target];
  if (ids.length === 0) print('No payout is waiting for the processor.');
  let refused = 0;
  for (const payoutId of ids) {
    try {
      const payout = await settlePayout(dataSource, { payoutId, outcome, failureReason: reason.join(' ') });
      print(`${payoutId}  ${payout.status}  ${payout.amount.formatted}${payout.failureReason ? `: ${payout.failureReason}` : ''}`);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      refused += 1;
      print(`${payoutId}  refused (${error.kind}): ${error.message}`);
    }
  }
  return refused === 0 ? 0 : 1;
}

// Imported by tests for its run function; run as a script, it is the CLI.
runAsPlatformScript(import.meta.url, { title: 'The payout processor', applicationName: 'workroom-payout-processor' }, (dataSource, config, args) =>
  runPayoutProcessor(args, dataSource, (line) => console.log(line)),
);
