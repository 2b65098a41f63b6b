// Writes schema.graphql from the resolvers, or with --check fails when the committed file drifted.
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../config.js';
import { buildWorkroomSchema } from '../composition.js';
import { printWorkroomSchema } from '../api/schema.js';

const schemaPath = join(repoRoot, 'schema.graphql');
const printed = printWorkroomSchema(await buildWorkroomSchema());

if (process.argv.includes('--check')) {
  const committed = await readFile(schemaPath, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error('schema.graphql is out of date with the resolvers. Run `npm run schema:print` and commit it.');
    process.exit(1);
  }
  console.log('schema.graphql matches the resolvers.');
} else {
  await writeFile(schemaPath, printed);
  console.log(`Wrote ${schemaPath}`);
}
