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

/**
 * Writes the event in the caller's transaction: it exists if and only if the change does.
 * Publishing it to subscribers happens after commit (the publisher assigns its `position`).
 * A plain INSERT, nothing read back: every change writes one, on the path of every live update,
 * and `save`'s persistence machinery (subjects, entity listeners, and a RETURNING of the generated
 * id and dates, which no producer reads) showed in sendMessage's CPU profile for nothing.
 */
export async function recordEvent<Type extends ActivityType, Payload extends z.ZodObject, Source extends EventSource>(
  manager: EntityManager,
  definition: EventDefinition<Type, Payload, Source>,
  input: NoInfer<EventInput<Payload, Source>>,
): Promise<void> {
  const row = eventRow(definition, input);
  // The payload's type is `unknown` on the entity (a row may predate its shape); here it is the
  // object the definition's schema just parsed, which TypeORM's partial-entity type cannot see.
  const values = { ...row, payload: row.payload as Record<string, unknown> };
  await manager.createQueryBuilder().insert().into(ActivityEvent).values(values).updateEntity(false).execute();
}
