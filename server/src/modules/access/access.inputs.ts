import { IsEnum, IsOptional, IsUrl, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { TrimmedLength } from '../../graphql/validation.js';
import { AccessGrant, AccessKind } from './access-grant.entity.js';

export const maxAccessNameLength = 200;
export const maxAccessNoteLength = 2_000;

/** Like `@Length`, but of the trimmed value: the service stores the name trimmed, so "   " is empty. */

@InputType({ description: 'The input of `grantAccess`.' })
export class GrantAccessInput {
  @Field(() => ID)
  contractId: string;

  @Field(() => AccessKind)
  @IsEnum(AccessKind)
  kind: AccessKind;

  @Field({ description: 'What the trainer gets access to, for example "Labelbox workspace". Trimmed; 1 to 200 characters.' })
  @TrimmedLength(1, maxAccessNameLength, { message: 'Name what you grant access to in 1 to 200 characters.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Where to find it: an http(s) link.' })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'The link must be an http(s) URL, for example https://tools.example.com/workspace.' },
  )
  @MaxLength(2_000, { message: 'The link is at most 2,000 characters.' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'How to get in, who to ask: up to 2,000 characters.' })
  @IsOptional()
  @MaxLength(maxAccessNoteLength, { message: 'The note is at most 2,000 characters.' })
  note?: string | null;
}

@InputType({ description: 'The input of `revokeAccess`.' })
export class RevokeAccessInput {
  @Field(() => ID)
  accessGrantId: string;
}

@ObjectType({ description: 'What `grantAccess` returns.' })
export class GrantAccessPayload {
  @Field(() => AccessGrant)
  accessGrant: AccessGrant;
}

@ObjectType({ description: 'What `revokeAccess` returns.' })
export class RevokeAccessPayload {
  @Field(() => AccessGrant, { description: 'The grant, with its `revokedAt`.' })
  accessGrant: AccessGrant;
}
