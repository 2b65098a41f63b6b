import { Router } from 'express';
import type { AppServices } from '../../graphql/context.js';

/** The private ICS feed (GET /calendar/<token>.ics), mounted by the HTTP app. */
export function calendarFeedRouter(_services: AppServices): Router {
  return Router();
}
