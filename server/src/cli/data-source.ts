// Entry point for the TypeORM CLI (`npm run migration:generate -w server -- src/db/migrations/Name`).
import 'reflect-metadata';
import { createWorkroomDataSource } from '../composition.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a scratch database to generate a migration against.');

export default createWorkroomDataSource({ url });
