export const DEMO_PASSWORD = 'workroom';

/** The two accounts the GraphQL IDE's sign-in bar suggests. */
export const DEMO_ACCOUNTS = [
  { email: 'trainer@example.com', role: 'TRAINER' },
  { email: 'employer@example.com', role: 'EMPLOYER' },
] as const;

export interface DemoSignIn {
  email: string;
  name: string;
  role: 'TRAINER' | 'EMPLOYER';
  /** The employer's organization. */
  organization?: string;
}

/** Every account of the demo world (`npm start` seeds them), for the dashboard's sign-in screen. */
export const DEMO_SIGN_INS: readonly DemoSignIn[] = [
  { email: 'trainer@example.com', name: 'Alex Rivera', role: 'TRAINER' },
  { email: 'trainer2@example.com', name: 'Jordan Kim', role: 'TRAINER' },
  { email: 'trainer3@example.com', name: 'Taylor Chen', role: 'TRAINER' },
  { email: 'employer@example.com', name: 'Morgan Lee', role: 'EMPLOYER', organization: 'Northwind AI' },
  { email: 'employer2@example.com', name: 'Priya Shah', role: 'EMPLOYER', organization: 'Northwind AI' },
  { email: 'helios@example.com', name: 'Sam Ortega', role: 'EMPLOYER', organization: 'Helios Labs' },
];
