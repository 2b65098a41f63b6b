import { createTwoFilesPatch, diffLines, formatPatch, type ChangeObject, type StructuredPatch } from 'diff';
import { In } from 'typeorm';
import type { PolicyContext } from '../../policy/policy.js';
import type { SignedInContext } from '../../api/context.js';
import type { Connection, ConnectionArgs } from '../../graphql/pagination.js';
import { InstructionAck } from './instruction-ack.entity.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';
import { DiffLineKind, type DiffLine, type InstructionDiff } from './instruction.inputs.js';

/** A job's instruction document (unauthorized: callers check `canRead`); resolvers and commands both ask. */
export function instructionsOfJob(context: PolicyContext, jobId: string): Promise<InstructionDocument | null> {
  return context.loaders
    .named<string, InstructionDocument | null>('instructions.byJob', async (jobIds) => {
      const rows = await context.loaders.manager.getRepository(InstructionDocument).findBy({ jobId: In([...jobIds]) });
      const byJob = new Map(rows.map((row) => [row.jobId, row]));
      return jobIds.map((id) => byJob.get(id) ?? null);
    })
    .load(jobId);
}

export function revisionOf(context: SignedInContext, documentId: string, version: number): Promise<InstructionRevision | null> {
  return context.loaders
    .named<string, InstructionRevision | null>('instructions.revision', async (keys) => {
      const pairs = keys.map((key) => key.split('@') as [string, string]);
      const rows = await context.loaders.manager
        .getRepository(InstructionRevision)
        .createQueryBuilder('r')
        .where('(r.document_id, r.version) IN (SELECT * FROM unnest(CAST(:documentIds AS uuid[]), CAST(:versions AS int[])))', {
          documentIds: pairs.map(([documentId]) => documentId),
          versions: pairs.map(([, revisionVersion]) => Number(revisionVersion)),
        })
        .getMany();
      const byKey = new Map(rows.map((row) => [`${row.documentId}@${row.version}`, row]));
      return keys.map((key) => byKey.get(key) ?? null);
    })
    .load(`${documentId}@${version}`);
}

export function revisionsOf(context: SignedInContext, documentId: string, args: ConnectionArgs): Promise<Connection<InstructionRevision>> {
  return context.loaders
    .connection(InstructionRevision, 'instructions.revisions', args, (documentIds) => ({
      query: context.loaders.manager.getRepository(InstructionRevision).createQueryBuilder('r').where('r.document_id IN (:...documentIds)', { documentIds }),
      partitionBy: 'r.document_id',
      sort: [{ expression: 'r.version', direction: 'DESC' }],
    }))
    .load(documentId);
}

/** A published version newer than the one acknowledged (none acknowledged: all of it is new). */
export function unreadUpdate(document: InstructionDocument, acknowledged: number | null): boolean {
  return document.publishedVersion !== null && (acknowledged === null || acknowledged < document.publishedVersion);
}

/** The version the viewer last acknowledged (`$viewer`), as SQL over the document at `alias`. */
export const acknowledgedVersionSql = (alias: string, viewer: string) =>
  `(SELECT ack.version FROM instruction_acks ack WHERE ack.document_id = ${alias}."id" AND ack.trainer_id = ${viewer})`;

/** The version the viewer last acknowledged, or null. */
export function acknowledgedVersion(context: SignedInContext, documentId: string): Promise<number | null> {
  return context.loaders
    .named<string, number | null>('instructions.ack', async (documentIds) => {
      const rows = await context.loaders.manager.getRepository(InstructionAck).findBy({ documentId: In([...documentIds]), trainerId: context.viewer.id });
      const byDocument = new Map(rows.map((row) => [row.documentId, row.version]));
      return documentIds.map((id) => byDocument.get(id) ?? null);
    })
    .load(documentId);
}

/**
 * The line diff (Myers) costs time and memory growing with the number of changed lines; past this
 * many it gives up and {@link coarseDiff} describes the change as one replaced block instead. A
 * thousand changed lines is far beyond a real edit and bounds the work of a 200,000-character body.
 */
export const maxDiffEditLength = 1_000;
const diffContextLines = 3;

/** Lines with their breaks: the shape jsdiff's change objects use. */
const linesOf = (text: string): string[] => text.match(/[^\n]*\n/g) ?? [];

/** Bodies are compared as whole lines: a missing line break at the very end is not a change. */
const withFinalNewline = (body: string): string => (body === '' || body.endsWith('\n') ? body : `${body}\n`);

/**
 * The change between two texts as common leading lines, one replaced block and common trailing
 * lines: what a reader needs when the texts have too little in common for a line-by-line diff.
 * Linear in the length of the texts.
 */
function coarseDiff(oldText: string, newText: string, oldName: string, newName: string): { changes: ChangeObject<string>[]; unified: string } {
  const oldLines = linesOf(oldText);
  const newLines = linesOf(newText);
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const removed = oldLines.slice(prefix, oldLines.length - suffix);
  const added = newLines.slice(prefix, newLines.length - suffix);
  const change = (lines: string[], kind: 'added' | 'removed' | 'common'): ChangeObject<string> => ({
    value: lines.join(''),
    count: lines.length,
    added: kind === 'added',
    removed: kind === 'removed',
  });
  const changes = [
    change(oldLines.slice(0, prefix), 'common'),
    change(removed, 'removed'),
    change(added, 'added'),
    change(oldLines.slice(oldLines.length - suffix), 'common'),
  ].filter((part) => part.count > 0);

  const before = oldLines.slice(Math.max(0, prefix - diffContextLines), prefix);
  const after = oldLines.slice(oldLines.length - suffix, oldLines.length - suffix + diffContextLines);
  const strip = (line: string) => line.slice(0, -1);
  const patch: StructuredPatch = {
    oldFileName: oldName,
    newFileName: newName,
    oldHeader: undefined,
    newHeader: undefined,
    hunks:
      removed.length + added.length === 0
        ? []
        : [
            {
              // 1-based, as jsdiff's own hunks (formatPatch writes one less for an empty side).
              oldStart: prefix - before.length + 1,
              oldLines: before.length + removed.length + after.length,
              newStart: prefix - before.length + 1,
              newLines: before.length + added.length + after.length,
              lines: [
                ...before.map((line) => ` ${strip(line)}`),
                ...removed.map((line) => `-${strip(line)}`),
                ...added.map((line) => `+${strip(line)}`),
                ...after.map((line) => ` ${strip(line)}`),
              ],
            },
          ],
  };
  return { changes, unified: formatPatch(patch) };
}

/**
 * The body's changes from one revision to another: every line with what happened to it, the
 * counts, and a unified patch (jsdiff's `createTwoFilesPatch`). Bounded work whatever the bodies:
 * see {@link maxDiffEditLength}.
 */
export function diffRevisions(from: InstructionRevision, to: InstructionRevision): InstructionDiff {
  const oldText = withFinalNewline(from.body);
  const newText = withFinalNewline(to.body);
  const oldName = `v${from.version}`;
  const newName = `v${to.version}`;
  const options = { maxEditLength: maxDiffEditLength };
  let changes = diffLines(oldText, newText, options);
  let unified = changes && createTwoFilesPatch(oldName, newName, oldText, newText, undefined, undefined, { ...options, context: diffContextLines });
  if (!changes || unified === undefined) ({ changes, unified } = coarseDiff(oldText, newText, oldName, newName));

  const hunks: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (const change of changes) {
    const kind = change.added ? DiffLineKind.ADDED : change.removed ? DiffLineKind.REMOVED : DiffLineKind.UNCHANGED;
    const lines = linesOf(change.value);
    for (const line of lines) hunks.push({ kind, text: line.slice(0, -1) });
    if (kind === DiffLineKind.ADDED) added += lines.length;
    if (kind === DiffLineKind.REMOVED) removed += lines.length;
  }
  return { fromVersion: from.version, toVersion: to.version, unified, hunks, added, removed };
}
