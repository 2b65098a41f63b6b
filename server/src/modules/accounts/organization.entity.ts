import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../../db/columns.js';
import { Node } from '../../graphql/node.js';

@ObjectType({ implements: Node, description: "An employer's company. Its members manage its jobs and contracts." })
@Entity('organizations')
export class Organization extends Node {
  @PrimaryGeneratedColumn('uuid')
  declare id: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => Date)
  @CreateDateColumn(timestampColumn())
  createdAt: Date;
}
