import { IsInt, IsOptional, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TrimmedLength } from '../../graphql/validation.js';
import { InstructionDocument } from './instruction-document.entity.js';
import { InstructionRevision } from './instruction-revision.entity.js';

export const maxInstructionsTitleLength = 200;
/** A change note says what changed in a sentence or two; the diff shows the rest. */
export const maxChangeNoteLength = 500;
/** In characters: a long handbook fits; anything bigger belongs in a linked file. */
export const maxInstructionsBodyLength = 200_000;

const titleMessage = 'A title is 1 to 200 characters (not counting surrounding spaces).';

/** Like `@Length`, but of the trimmed value: the service stores the title trimmed, so "   " is empty. */

@InputType({ description: 'The input of `saveInstructions`.' })
export class SaveInstructionsInput {
  @Field(() => ID, { description: 'The job the instructions are for. The first save creates its document.' })
  jobId: string;

  @Field({ description: 'Trimmed; 1 to 200 characters.' })
  @TrimmedLength(1, maxInstructionsTitleLength, { message: titleMessage })
  title: string;

  @Field({ description: 'Markdown, stored as sent; up to 200,000 characters (may be empty).' })
  @MaxLength(maxInstructionsBodyLength, {
    message: 'Instructions are at most 200,000 characters. Move long reference material to a linked file.',
  })
  body: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The `version` you started editing from; empty (or 0) to create the instructions. A save based on an older ' +
      'version is refused with CONFLICT (`extensions.currentVersion`) and overwrites nothing.',
  })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'baseVersion is the version you started from: 1 or more, or empty for new instructions.' })
  baseVersion?: number | null;
}

@InputType({ description: 'The input of `publishInstructions`.' })
export class PublishInstructionsInput {
  @Field(() => ID)
  documentId: string;

  @Field(() => Int, { nullable: true, description: 'The saved version to publish; the latest when omitted. An older one rolls back.' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Versions start at 1.' })
  version?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'What changed, for the trainers (shown with the version as `changeNote`): up to 500 characters, trimmed; empty or omitted for none.',
  })
  @IsOptional()
  @TrimmedLength(0, maxChangeNoteLength, { message: 'A change note is at most 500 characters (not counting surrounding spaces).' })
  changeNote?: string | null;
}

@InputType({ description: 'The input of `acknowledgeInstructions`.' })
export class AcknowledgeInstructionsInput {
  @Field(() => ID)
  documentId: string;

  @Field(() => Int, {
    description: 'The published version the trainer read (the `published { version }` they were shown). An acknowledgement never moves back.',
  })
  @IsInt()
  @Min(1, { message: 'Versions start at 1.' })
  version: number;
}

@ObjectType({ description: 'What `saveInstructions` returns.' })
export class SaveInstructionsPayload {
  @Field(() => InstructionDocument)
  document: InstructionDocument;

  @Field(() => InstructionRevision, { description: 'The revision this save added.' })
  revision: InstructionRevision;
}

@ObjectType({ description: 'What `publishInstructions` returns.' })
export class PublishInstructionsPayload {
  @Field(() => InstructionDocument)
  document: InstructionDocument;

  @Field(() => InstructionRevision, { description: 'The revision trainers now read.' })
  revision: InstructionRevision;
}

@ObjectType({ description: 'What `acknowledgeInstructions` returns.' })
export class AcknowledgeInstructionsPayload {
  @Field(() => InstructionDocument)
  document: InstructionDocument;
}

// ── The diff between two versions (an output of `InstructionDocument.diff`) ──────────────────

export enum DiffLineKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  UNCHANGED = 'UNCHANGED',
}

registerEnumType(DiffLineKind, { name: 'DiffLineKind', description: 'What happened to one line between two versions.' });

@ObjectType({ description: 'One line of a diff.' })
export class DiffLine {
  @Field(() => DiffLineKind)
  kind: DiffLineKind;

  @Field({ description: 'The line, without its line break.' })
  text: string;
}

@ObjectType({ description: 'What changed in the body between two versions of instructions, line by line.' })
export class InstructionDiff {
  @Field(() => Int)
  fromVersion: number;

  @Field(() => Int)
  toVersion: number;

  @Field({ description: 'A unified patch (3 lines of context), from `v<fromVersion>` to `v<toVersion>`.' })
  unified: string;

  @Field(() => [DiffLine], { description: 'Every line of both versions in order: unchanged, removed and added.' })
  hunks: DiffLine[];

  @Field(() => Int, { description: 'Lines added.' })
  added: number;

  @Field(() => Int, { description: 'Lines removed.' })
  removed: number;
}
