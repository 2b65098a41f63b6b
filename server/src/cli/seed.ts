// `npm run seed`: migrates the database at DATABASE_URL and fills it with the demo world, once.
import 'reflect-metadata';
import { createWorkroomDataSource } from '../composition.js';
import { loadConfig } from '../config.js';
import { runMigrations } from '../db/data-source.js';
import { demoPassword, seedDemo } from '../demo/seed.js';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL to the database to seed (npm start seeds its embedded database by itself).');
    return 1;
  }
  const dataSource = createWorkroomDataSource({ url, applicationName: 'workroom-seed' });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    // The server's key, so that the demo's payout methods open with it (PAYOUT_METHODS_KEY, see config.ts).
    const summary = await seedDemo(dataSource, { payoutMethodsKey: loadConfig().billing.payoutMethodsKey });
    if (!summary.seeded) {
      console.log('Demo data already present: nothing to do.');
      return 0;
    }
    console.log(`Demo data seeded. Sign in with any of these accounts, password "${demoPassword}":`);
    const width = Math.max(...summary.accounts.map((account) => account.email.length));
    for (const account of summary.accounts) {
      const organization = account.organization ? ` (${account.organization})` : '';
      console.log(`  ${account.email.padEnd(width)}  ${account.role.padEnd(8)}  ${account.name}${organization}`);
    }
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
