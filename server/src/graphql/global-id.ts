import { badInput } from '../errors/domain-error.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DecodedGlobalId {
  typename: string;
  id: string;
}

/** Relay global IDs: opaque base64url of `Typename:uuid`, stable across deployments. */
export function toGlobalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/** Undefined when the string is not a Workroom global ID at all. */
export function parseGlobalId(globalId: string): DecodedGlobalId | undefined {
  if (globalId.length > 200) return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return undefined;
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (!/^[A-Z][A-Za-z]+$/.test(typename) || !uuidPattern.test(id)) return undefined;
  return { typename, id };
}

/**
 * The database id behind a global ID of the expected type, for arguments such as `channelId`.
 * A malformed ID or one of another type is the caller's mistake and says so.
 */
export function expectGlobalId(globalId: string, typename: string, field: string): string {
  const decoded = parseGlobalId(globalId);
  if (!decoded || decoded.typename !== typename) {
    throw badInput(field, `\`${field}\` must be the id of a ${typename}.`);
  }
  return decoded.id;
}
