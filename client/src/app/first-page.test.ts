// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { firstPageModules, firstPages } from './first-page';

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
});
