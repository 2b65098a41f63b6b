/**
 * graphql-ws's `createClient` alone, for deferred-ws-client.ts to import on demand: imported
 * lazily, a module's whole namespace is kept, and graphql-ws's also holds its server (graphql-js's
 * validation and execution with it), tens of kilobytes that a module naming one export leaves out.
 */
export { createClient } from 'graphql-ws';
