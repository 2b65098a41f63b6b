import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795378929749 } from './1795378929749-initial-schema.js';
import { MoneyMoves1795380901491 } from './1795380901491-money-moves.js';
import { CalendarFeeds1795381187819 } from './1795381187819-calendar-feeds.js';
import { EventPositions1795382000000 } from './1795382000000-event-positions.js';
import { ActivityFeedIndex1795386287057 } from './1795386287057-activity-feed-index.js';
import { PayoutsPerOrganization1795390000000 } from './1795390000000-payouts-per-organization.js';
import { MoneyBounds1795390000001 } from './1795390000001-money-bounds.js';
import { MilestoneDisputes1795400000000 } from './1795400000000-milestone-disputes.js';
import { PayoutMethods1795402000000 } from './1795402000000-payout-methods.js';
import { InstructionChangeNotes1795404000000 } from './1795404000000-instruction-change-notes.js';
import { Webhooks1795405000000 } from './1795405000000-webhooks.js';

/** In order. Each is written once and never edited after it ships. */
export const migrations: Array<new () => MigrationInterface> = [
  InitialSchema1795378929749,
  MoneyMoves1795380901491,
  CalendarFeeds1795381187819,
  EventPositions1795382000000,
  ActivityFeedIndex1795386287057,
  PayoutsPerOrganization1795390000000,
  MoneyBounds1795390000001,
  MilestoneDisputes1795400000000,
  PayoutMethods1795402000000,
  InstructionChangeNotes1795404000000,
  Webhooks1795405000000,
];
