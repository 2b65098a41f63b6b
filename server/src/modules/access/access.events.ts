import { z } from 'zod';
import { defineEvent } from '../../events/event-catalogue.js';
import { onContract } from '../contracts/contract.events.js';
import { AccessKind } from './access-grant.entity.js';

const granted = z.object({ kind: z.enum(AccessKind) });

export const AccessGranted = defineEvent({ type: 'ACCESS_GRANTED', subjectType: 'AccessGrant', payload: granted, refs: onContract });

export const AccessRevoked = defineEvent({ type: 'ACCESS_REVOKED', subjectType: 'AccessGrant', payload: granted, refs: onContract });

/** The access area's events, for the composition root's catalogue. */
export const accessEvents = [AccessGranted, AccessRevoked] as const;
