// `npm run disputes:resolve`: THE PLATFORM deciding an escalated dispute. The parties settle a
// dispute between themselves through the API; only this command, run by Workroom's support, can
// decide one that a party escalated.
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { isDomainError } from '../errors/domain-error.js';
import { runAsPlatformScript } from './platform-script.js';
import { escalatedDisputes, resolveEscalatedDispute } from '../modules/milestones/dispute-resolution.js';

export const disputeResolverUsage = `THE PLATFORM resolving escalated disputes. Runs as Workroom, against DATABASE_URL
(or, when it is unset, the embedded database of a running \`npm start\`).

  npm run disputes:resolve                                            list the escalated disputes
  npm run disputes:resolve -- <id> --release <cents> --note <why…>    release <cents> to the trainer, refund the rest
  npm run disputes:resolve -- <id> --release-all --note <why…>        release everything to the trainer
  npm run disputes:resolve -- <id> --refund-all --note <why…>         refund everything to the employer

<id> is the milestone's ID or the dispute's, as the list shows them. Both parties see the note.`;

interface Decision {
  id: string;
  release: number | 'all';
  note: string;
}

function parse(args: readonly string[]): Decision | null {
  const [id, ...rest] = args;
  if (!id || id.startsWith('-')) return null;
  let release: Decision['release'] | null = null;
  const note: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === '--release') {
      const value = rest[++i];
      if (value === undefined || !/^\d+$/.test(value)) return null;
      release = Number(value);
    } else if (arg === '--release-all') release = 'all';
    else if (arg === '--refund-all') release = 0;
    else if (arg === '--note') {
      note.push(...rest.slice(i + 1));
      break;
    } else return null;
  }
  return release === null ? null : { id, release, note: note.join(' ') };
}

/**
 * The command behind the CLI, over a data source it is given: lists ESCALATED disputes, or
 * records the platform's decision on one. Returns the exit code.
 */
export async function runDisputeResolver(args: readonly string[], dataSource: DataSource, feePercent: number, print: (line: string) => void): Promise<number> {
  if (args.length === 0 || (args.length === 1 && args[0] === 'list')) {
    const waiting = await escalatedDisputes(dataSource);
    if (waiting.length === 0) print('No dispute is waiting for the platform.');
    for (const dispute of waiting) {
      print(
        `${dispute.milestoneId}  ${dispute.held.padStart(12)}  ${dispute.contract}, milestone ${dispute.milestone}  (escalated by the ${dispute.escalatedBy?.toLowerCase()} ${dispute.escalatedAt?.toISOString()})`,
      );
      print(`    reason:   ${dispute.reason}`);
      print(`    response: ${dispute.response ?? '(none yet)'}`);
    }
    return 0;
  }
  const decision = parse(args);
  if (!decision) {
    print(disputeResolverUsage);
    return args[0] === '--help' || args[0] === 'help' ? 0 : 2;
  }
  try {
    let releaseCents: number;
    if (decision.release === 'all') {
      const waiting = await escalatedDisputes(dataSource);
      const found = waiting.find((dispute) => dispute.milestoneId === decision.id || dispute.disputeId === decision.id);
      // Not escalated (or no such id): the resolution below refuses it and says why.
      releaseCents = found ? found.heldCents : 0;
    } else releaseCents = decision.release!;
    const resolved = await resolveEscalatedDispute(dataSource, { id: decision.id, releaseCents, note: decision.note }, feePercent);
    print(`${resolved.milestoneGlobalId}  ${resolved.status}: ${resolved.split}`);
    return 0;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    print(`${decision.id}  refused (${error.kind}): ${error.message}`);
    return 1;
  }
}

// Imported by tests for its run function; run as a script, it is the CLI.
runAsPlatformScript(import.meta.url, { title: 'The dispute resolver', applicationName: 'workroom-dispute-resolver' }, (dataSource, config, args) =>
  runDisputeResolver(args, dataSource, config.billing.feePercent, (line) => console.log(line)),
);
