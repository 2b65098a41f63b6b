import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Component tests of the dashboard: jsdom, Testing Library, Apollo's MockedProvider. Part of the
// root `npm test` (a Vitest project); alone: `npx vitest run --project client`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  test: {
    name: 'client',
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // In `npm test` these share two cores with the server suite; allow for it.
    testTimeout: 30_000,
  },
});
