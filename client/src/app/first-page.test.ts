// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

import { addDays, visibleRange } from '../features/calendar/dates';
import { firstPageModules, firstPageQueries, firstPages, loadTimeValuesSource, type LoadTimeValues } from './first-page';

describe('the first page’s screens', () => {
  it('picks the screens of a path by role', () => {
    expect(firstPageModules('/', 'TRAINER')).toEqual(['features/dashboard/DashboardHome.tsx']);
    expect(firstPageModules('/', 'EMPLOYER')).toEqual(['features/employer/EmployerHome.tsx']);
    expect(firstPageModules('/jobs/Q29udHJhY3Q6MQ', 'TRAINER')).toEqual([
      'features/manage-job/ManageJobLayout.tsx',
      'features/manage-job/ContractMessagesTab.tsx',
    ]);
    expect(firstPageModules('/jobs/Q29udHJhY3Q6MQ/contract', 'EMPLOYER')).toContain('features/employer/EmployerContractTab.tsx');
    expect(firstPageModules('/calendar', 'EMPLOYER')).toEqual(['features/calendar/CalendarPage.tsx']);
    expect(firstPageModules('/jobs', 'TRAINER')).toEqual(['features/jobs/MyJobsPage.tsx']);
    expect(firstPageModules('/sign-in', 'TRAINER')).toEqual([]);
  });

  it('names only screens that routes.tsx registers (the build fails on a module with no chunk)', () => {
    const routes = readFileSync(new URL('./routes.tsx', import.meta.url), 'utf8');
    const modules = new Set(firstPages.flatMap((page) => [...page.trainer, ...(page.employer ?? [])]));
    for (const module of modules) {
      expect(routes.replace(/\s+/g, ''), module).toContain(`page('${module}'`);
    }
  });

  it('sends the shell’s query on every page, and a page’s own first queries by role', () => {
    const names = (pathname: string, role: string) => firstPageQueries(pathname, role).map((query) => query.operation);
    expect(names('/', 'TRAINER')).toEqual(['ShellViewer', 'DashboardHome']);
    expect(names('/', 'EMPLOYER')).toEqual(['ShellViewer', 'MyJobs']);
    expect(names('/jobs/Q29udHJhY3Q6MQ', 'EMPLOYER')).toEqual(['ShellViewer', 'ManageJob', 'ContractChannels']);
    expect(names('/jobs/Q29udHJhY3Q6MQ/contract', 'TRAINER')).toEqual(['ShellViewer', 'ManageJob', 'ContractTab']);
    expect(names('/reports', 'EMPLOYER')).toEqual(['ShellViewer']);
    expect(names('/calendar', 'TRAINER')).toEqual(['ShellViewer', 'CalendarPage']);
    // A path parameter comes from the path's named group.
    const page = firstPages.find((candidate) => candidate.path.test('/jobs/Q29udHJhY3Q6MQ/contract'));
    expect(page?.path.exec('/jobs/Q29udHJhY3Q6MQ/contract')?.groups).toEqual({ contractId: 'Q29udHJhY3Q6MQ' });
  });

  it('names only queries that exist as trusted documents, with the variables the screens send', () => {
    const manifest = JSON.parse(readFileSync(new URL('../gql/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
    const documents = Object.values(manifest);
    const queries = firstPages.flatMap((page) => [...(page.queries?.trainer ?? []), ...(page.queries?.employer ?? [])]);
    for (const { operation, variables = {} } of [...queries, ...firstPageQueries('/', 'TRAINER')]) {
      const text = documents.find((document) => new RegExp(`(^|\\s)query ${operation}\\b`).test(document));
      expect(text, operation).toBeDefined();
      // Every variable sent is one the operation declares (a typo would send a request the app never adopts).
      for (const name of Object.keys(variables)) expect(text, `${operation} $${name}`).toContain(`$${name}:`);
    }
  });

  it('computes the calendar’s first month in the page as the calendar screen does (the same variables, so its answer is taken)', () => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source index.html runs, checked against the screen's own arithmetic
    const compute = new Function(`return (${loadTimeValuesSource})()`) as () => LoadTimeValues;
    // Months that start on a Monday, a Sunday, mid-week; a year's end; a leap February.
    for (const today of ['2026-06-15T12:00:00', '2026-02-01T08:00:00', '2026-12-31T23:30:00', '2028-02-29T00:10:00', '2026-03-01T00:00:00']) {
      vi.useFakeTimers({ now: new Date(today) });
      try {
        const range = visibleRange('month', new Date());
        expect(compute(), today).toEqual({ calendarFrom: range.start.toISOString(), calendarTo: addDays(range.start, range.days).toISOString() });
      } finally {
        vi.useRealTimers();
      }
    }
    const calendar = firstPageQueries('/calendar', 'TRAINER').find((query) => query.operation === 'CalendarPage');
    expect(calendar?.variables).toEqual({ from: { loadTime: 'calendarFrom' }, to: { loadTime: 'calendarTo' } });
  });
});
