import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every relation field follows its reference through `loadVisible` (api/visible.ts), which
 * asks the policy; a resolver that reads `loaders.byId` reads past it. That is allowed only where
 * the row is the one the viewer's own mutation just wrote (mutation payloads, in
 * `*.mutations.resolver.ts`, each saying so), and in the live subscriptions' resolver, whose rows
 * are the subject of an event the viewer was found to be in the audience of (live.resolver.ts).
 * `readBack` (api/payload.ts) is such a load, for mutation payloads.
 */
const sourceRoot = join(import.meta.dirname, '..', 'src');
const allowed = [/\.mutations\.resolver\.ts$/, /^modules\/activity\/live\.resolver\.ts$/];

function resolverFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return resolverFiles(path);
    return entry.name.endsWith('.resolver.ts') ? [path] : [];
  });
}

/** The lines of `source` that load rows by id without the policy. */
function uncheckedLoads(source: string): string[] {
  return source.split('\n').filter((line) => /\bbyId\b|\breadBack\b/.test(line));
}

describe('relation fields load through the policy', () => {
  it('finds an unchecked load when there is one', () => {
    expect(uncheckedLoads('  return context.loaders.byId(Job).load(event.jobId);')).toHaveLength(1);
    expect(uncheckedLoads('  const { byId } = context.loaders;')).toHaveLength(1);
    expect(uncheckedLoads('  return readBack(context, { job: [Job, event.jobId] });')).toHaveLength(1);
    expect(uncheckedLoads('  return loadVisible(context, Job, event.jobId);')).toHaveLength(0);
  });

  it('no resolver calls loaders.byId outside mutation payloads and live delivery', () => {
    const files = resolverFiles(sourceRoot);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files
      .map((path) => relative(sourceRoot, path).split('\\').join('/'))
      .filter((path) => !allowed.some((pattern) => pattern.test(path)))
      .flatMap((path) => uncheckedLoads(readFileSync(join(sourceRoot, path), 'utf8')).map((line) => `${path}: ${line.trim()}`));
    expect(offenders, 'use loadVisible(context, Entity, id) from api/visible.ts').toEqual([]);
  });
});
