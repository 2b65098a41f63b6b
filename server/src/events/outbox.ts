import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { ActivityEvent, type ActivityType } from './activity-event.entity.js';
import type { EventDefinition, EventInput, EventRefs, EventSource } from './event-catalogue.js';

/** The columns an event's row gets from its definition and its producer's input. */
export type EventRow = EventRefs & Pick<ActivityEvent, 'type' | 'actorId' | 'subjectType' | 'subjectId' | 'summary' | 'payload'>;

/**
 * The row an event writes, without writing it. The definition decides the type, the audience, the
 * refs and the subject type; the payload is checked against its schema here too (a few
 * microseconds), so a value the compiler cannot see (a bigint read back as a string, say) fails
 * the change instead of writing a row that its readers cannot read.
 */
export function eventRow<Type extends ActivityType, Payload extends z.ZodObject, Source extends EventSource>(
  definition: EventDefinition<Type, Payload, Source>,
  // NoInfer: the definition alone says what the input is, so a stray field is an error, not a wider source.
  input: NoInfer<EventInput<Payload, Source>>,
): EventRow {
  return {
    type: definition.type,
    ...definition.refs(input),
    actorId: input.actorId,
    subjectType: definition.subjectType,
    subjectId: input.subject.id,
    summary: input.summary,
    payload: definition.payload.parse(input.payload),
  };
}

/** Every column an `EventRow` fills, in the order of the INSERT's parameters (the compiler checks the list is whole). */
const rowProperties = Object.keys({
  type: true,
  audience: true,
  organizationId: true,
  trainerId: true,
  jobId: true,
  contractId: true,
  channelId: true,
  actorId: true,
  subjectType: true,
  subjectId: true,
  summary: true,
  payload: true,
} satisfies Record<keyof EventRow, true>) as Array<keyof EventRow>;

/** The INSERT, its column names read from the entity's metadata (once per data source). */
const insertStatements = new WeakMap<object, string>();
function insertStatement(manager: EntityManager): string {
  let sql = insertStatements.get(manager.connection);
  if (!sql) {
    const metadata = manager.connection.getMetadata(ActivityEvent);
    const columns = rowProperties.map((property) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`events has no column for ${property}`);
      return `"${column.databaseName}"`;
    });
    sql = `INSERT INTO "${metadata.tableName}" (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`;
    insertStatements.set(manager.connection, sql);
  }
  return sql;
}

/**
 * Writes the event in the caller's transaction: it exists if and only if the change does.
 * Publishing it to subscribers happens after commit (the publisher assigns its `position`).
 * A plain INSERT, nothing read back: every change writes one, on the path of every live update.
 * Neither `save`'s persistence machinery (subjects, entity listeners, and a RETURNING of the
 * generated id and dates, which no producer reads) nor the query builder's (a fifth of TypeORM's
 * CPU in sendMessage's profile) is needed for one row whose columns are known.
 */
export async function recordEvent<Type extends ActivityType, Payload extends z.ZodObject, Source extends EventSource>(
  manager: EntityManager,
  definition: EventDefinition<Type, Payload, Source>,
  input: NoInfer<EventInput<Payload, Source>>,
): Promise<void> {
  const row = eventRow(definition, input);
  await manager.query(
    insertStatement(manager),
    // jsonb: the payload as JSON text (pg would send an array as a PostgreSQL array).
    rowProperties.map((property) => (property === 'payload' ? JSON.stringify(row.payload ?? {}) : (row[property] ?? null))),
  );
}
