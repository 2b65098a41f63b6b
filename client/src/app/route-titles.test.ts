import { describe, expect, it } from 'vitest';

import { routeTitle } from './route-titles';

describe('routeTitle', () => {
  it('names each page, then the app', () => {
    expect(routeTitle('/sign-in')).toBe('Sign in – Workroom');
    expect(routeTitle('/', 'TRAINER')).toBe('Dashboard – Workroom');
    expect(routeTitle('/', 'EMPLOYER')).toBe('Console – Workroom');
    expect(routeTitle('/jobs', 'TRAINER')).toBe('My Jobs – Workroom');
    expect(routeTitle('/jobs', 'EMPLOYER')).toBe('Contracts – Workroom');
    expect(routeTitle('/calendar/', 'TRAINER')).toBe('Calendar – Workroom');
    expect(routeTitle('/settings/payouts', 'TRAINER')).toBe('Settings – Workroom');
    expect(routeTitle('/messages/abc', 'TRAINER')).toBe('Messages – Workroom');
    expect(routeTitle('/job/abc', 'TRAINER')).toBe('Job – Workroom');
  });

  it('tells a job’s sections apart', () => {
    expect(routeTitle('/jobs/Q29udHJhY3Q6MQ/messages', 'TRAINER')).toBe('Messages · Job – Workroom');
    expect(routeTitle('/jobs/Q29udHJhY3Q6MQ/contract', 'EMPLOYER')).toBe('Contract · Job – Workroom');
    expect(routeTitle('/jobs/Q29udHJhY3Q6MQ', 'TRAINER')).toBe('Messages · Job – Workroom');
  });

  it('says when a page does not exist', () => {
    expect(routeTitle('/nowhere', 'TRAINER')).toBe('Page not found – Workroom');
  });
});
