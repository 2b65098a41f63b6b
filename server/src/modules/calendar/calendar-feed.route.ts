import { Router } from 'express';
import { viewerOf } from '../../auth/viewer.js';
import { createSignedInContext, type AppServices } from '../../api/context.js';
import { User } from '../accounts/user.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { MilestoneDeadline } from './calendar-entry.type.js';
import { calendarFeed, feedDaysAhead, feedDaysBack } from './calendar-feed.js';
import { calendarEntries, calendarFeedTokenPattern } from './calendar.service.js';

const dayMs = 24 * 3600 * 1000;

const notFoundText =
  'No calendar feed at this address. It may have been replaced or turned off: copy the current address from your Workroom calendar settings.\n';

/**
 * The private ICS feed (GET /calendar/<token>.ics), mounted by the HTTP app. Unauthenticated on
 * purpose: calendar apps cannot send a bearer token, so the unguessable token in the path is the
 * credential. The answer is exactly what `viewer.calendar` shows its owner, over a wider range.
 */
export function calendarFeedRouter(services: AppServices): Router {
  const router = Router();

  router.get('/calendar/:token.ics', async (req, res) => {
    const token = req.params.token;
    // Anything that is not the shape of an issued token cannot match one: no query for it.
    const user = calendarFeedTokenPattern.test(token) ? await services.dataSource.getRepository(User).findOneBy({ calendarFeedToken: token }) : null;
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-robots-tag', 'noindex');
    if (!user) {
      res.status(404).type('text/plain; charset=utf-8').send(notFoundText);
      return;
    }

    // A signed-in context for the feed's owner, so the same visibility rules decide what is in it.
    const context = createSignedInContext(services, req.id, viewerOf(user), req.log);
    let body: string;
    try {
      const now = Date.now();
      const entries = await calendarEntries(context, new Date(now - feedDaysBack * dayMs), new Date(now + feedDaysAhead * dayMs));
      const contractIds = [...new Set(entries.flatMap((entry) => (entry instanceof MilestoneDeadline ? [entry.milestone.contractId] : [])))];
      const contracts = await context.loaders.byId(Contract).loadMany(contractIds);
      const contractTitles = new Map<string, string>();
      for (const contract of contracts) if (contract && !(contract instanceof Error)) contractTitles.set(contract.id, contract.title);
      body = calendarFeed(entries, { calendarName: `Workroom: ${user.name}`, contractTitles, log: req.log });
    } finally {
      await context.release();
    }
    res.status(200).type('text/calendar; charset=utf-8').setHeader('content-disposition', 'inline; filename="workroom.ics"').send(body);
  });

  return router;
}
