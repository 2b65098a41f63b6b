import { IsEmail, IsNotEmpty, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ViewerType } from './viewer.type.js';

@InputType({ description: 'Credentials of a Workroom account.' })
export class SignInInput {
  @Field()
  @IsEmail({}, { message: 'Enter an email address, for example trainer@example.com.' })
  @MaxLength(320)
  email: string;

  @Field()
  @IsNotEmpty({ message: 'Enter your password.' })
  @MaxLength(1024)
  password: string;
}

@ObjectType({ description: 'What `signIn` returns.' })
export class SignInPayload {
  @Field({ description: 'Send as `Authorization: Bearer <token>` on HTTP, or `authorization` in graphql-ws `connection_init`.' })
  token: string;

  @Field(() => Date)
  expiresAt: Date;

  @Field(() => ViewerType)
  viewer: ViewerType;
}
