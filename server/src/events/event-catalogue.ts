import type { z } from 'zod';
import { activityTypeEnum, type ActivityEvent, type ActivityType, type EventAudience } from './activity-event.entity.js';

/**
 * Who may see an event (`audience`, read by the policy) and what it is filed under (the refs the
 * feed, the subscriptions' filters and the policy read). Always derived from the event's subject
 * by its definition; a producer cannot write them.
 */
export interface EventRefs {
  audience: EventAudience;
  organizationId: string;
  trainerId: string | null;
  jobId: string | null;
  contractId: string | null;
  channelId: string | null;
}

/** What a producer names for the refs to follow from: the subject, and what its audience needs (its contract, its channel). */
export interface EventSource {
  subject: { id: string };
}

/**
 * One kind of event, declared by the area that owns its subject (`modules/<area>/<area>.events.ts`):
 * the shape of its payload and how its audience and refs follow from its subject.
 */
export interface EventDefinition<
  Type extends ActivityType = ActivityType,
  Payload extends z.ZodObject = z.ZodObject,
  Source extends EventSource = EventSource,
> {
  readonly type: Type;
  /** The subject's GraphQL typename (`ActivityEvent.subject` resolves it as a Node). */
  readonly subjectType: string;
  readonly payload: Payload;
  readonly refs: (source: Source) => EventRefs;
}

/** Any definition: `never` as the source, since a function of any source is one of these. */
export type AnyEventDefinition = EventDefinition<ActivityType, z.ZodObject, never>;

/** The payload an event of this definition carries, as stored and read. */
export type PayloadOf<D extends AnyEventDefinition> = z.output<D['payload']>;

/**
 * What a producer writes: the subject (and whatever its refs need), who did it, a line for people,
 * and the payload in its declared shape. Audience, refs, subject type and event type are not
 * among them: they come from the definition.
 */
export type EventInput<Payload extends z.ZodObject, Source extends EventSource> = Source & {
  actorId: string | null;
  summary: string;
  payload: z.input<Payload>;
};

export function defineEvent<const Type extends ActivityType, Payload extends z.ZodObject, Source extends EventSource>(
  definition: EventDefinition<Type, Payload, Source>,
): EventDefinition<Type, Payload, Source> {
  return Object.freeze({ ...definition });
}

/**
 * An event row with its payload read against its definition. `complete` is false for a row that
 * does not match the declared shape (written before it, or by hand, like the demo seed's): its
 * payload then holds only the fields that do match, so a consumer falls back field by field
 * rather than losing the event.
 */
export type StoredEvent<D extends AnyEventDefinition> = D extends AnyEventDefinition
  ? { type: D['type']; complete: true; payload: PayloadOf<D> } | { type: D['type']; complete: false; payload: Partial<PayloadOf<D>> }
  : never;

// Keyed by the event object, which the stream hands to every subscriber of the instance: a
// payload is parsed once per event, not once per subscriber.
const parsed = new WeakMap<ActivityEvent, { definition: AnyEventDefinition; stored: StoredEvent<AnyEventDefinition> }>();

/**
 * The event's payload, typed by its type, from the definitions a consumer handles (for example the
 * two milestone moves a subscription delivers). An event of another type is a programming error.
 */
export function readEvent<D extends AnyEventDefinition>(event: ActivityEvent, definitions: readonly D[]): StoredEvent<D> {
  const definition = definitions.find((candidate) => candidate.type === event.type);
  if (!definition) throw new Error(`An event of type ${event.type} is not one of ${definitions.map((candidate) => candidate.type).join(', ')}`);
  // Sound: `definition` is the member of D whose type is the event's, and the read is made with it.
  return readWith(event, definition) as StoredEvent<D>;
}

function readWith(event: ActivityEvent, definition: AnyEventDefinition): StoredEvent<AnyEventDefinition> {
  const cached = parsed.get(event);
  if (cached?.definition === definition) return cached.stored;
  const stored = parse(definition, event.payload);
  parsed.set(event, { definition, stored });
  return stored;
}

function parse(definition: AnyEventDefinition, raw: unknown): StoredEvent<AnyEventDefinition> {
  const whole = definition.payload.safeParse(raw);
  if (whole.success) return { type: definition.type, complete: true, payload: whole.data };
  const fields: Record<string, unknown> = {};
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [key, field] of Object.entries(definition.payload.shape)) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- AnyEventDefinition's payload has no known shape; each field is a zod schema
      const one = field.safeParse((raw as Record<string, unknown>)[key]);
      // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access -- as above: a zod parse result
      if (one.success && one.data !== undefined) fields[key] = one.data;
    }
  }
  return { type: definition.type, complete: false, payload: fields };
}

/** Every kind of event, one definition per type: what the composition root assembles from the areas' lists. */
export interface EventCatalogue {
  readonly definitions: ReadonlyMap<ActivityType, AnyEventDefinition>;
  read(event: ActivityEvent): StoredEvent<AnyEventDefinition>;
}

/**
 * Refuses a catalogue with a type declared twice, so it fails at startup, not at the first such
 * event; fills the GraphQL enum `ActivityType` with the catalogue's types.
 */
export function createEventCatalogue(definitions: readonly AnyEventDefinition[]): EventCatalogue {
  const byType = new Map<ActivityType, AnyEventDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`The event type ${definition.type} is declared twice`);
    byType.set(definition.type, definition);
  }
  for (const type of byType.keys()) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(type)) throw new Error(`The event type ${type} is not in SCREAMING_CASE, as GraphQL enum values are`);
    activityTypeEnum[type] = type;
  }
  return {
    definitions: byType,
    read(event) {
      const definition = byType.get(event.type);
      if (!definition) throw new Error(`An event of type ${event.type} has no definition`);
      return readWith(event, definition);
    },
  };
}
