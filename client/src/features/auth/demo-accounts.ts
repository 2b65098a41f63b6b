export const DEMO_PASSWORD = 'workroom';

export const DEMO_ACCOUNTS = [
  { email: 'trainer@example.com', role: 'Trainer' },
  { email: 'employer@example.com', role: 'Employer' },
] as const;
