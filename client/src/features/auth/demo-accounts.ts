export const DEMO_PASSWORD = 'workroom';

export const DEMO_ACCOUNTS = [
  { email: 'trainer@example.com', role: 'TRAINER' },
  { email: 'employer@example.com', role: 'EMPLOYER' },
] as const;
