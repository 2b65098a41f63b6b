import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { areas } from '../src/composition.js';

/**
 * The house, read top-down: the composition root (server.ts, app.ts, main.ts, composition.ts,
 * cli/, demo/) knows the areas; the areas (modules/<area>/) know the kernel and each other; the
 * kernel knows neither. A new area is then its own folder and one line in composition.ts, and
 * nothing in the kernel has to change for it.
 *
 * Inside the kernel each folder imports only the folders below it, so no two folders depend on
 * each other (bottom first):
 */
const kernelLayers = [
  ['config.ts', 'errors'], // settings; the domain's expected failures
  ['auth'], // who someone is: tokens, passwords, the viewer
  ['db'], // data source, migrations, rows by id, idempotency keys, the status machine, database failures
  ['graphql'], // GraphQL building blocks: node and global ids, connections, DataLoaders, money
  ['policy'], // the machinery of read rules and viewer facts
  ['commands'], // a command's context and its one transaction
  ['events'], // the outbox, its catalogue and audiences, publisher, buses, stream, delivery
  ['api'], // the request: context, gate, transports, error codes, schema build, live feeds
] as const;
const kernelFolders: readonly string[] = kernelLayers.flat();

/**
 * The areas, bottom first, as the composition root lists them: an area imports only those before
 * it. A reference upward (a contract's milestones, an organization's jobs) is a field the higher
 * area adds to the lower one's type (`@Resolver(() => Contract)` in the milestones area); a
 * workflow that spans areas is an area above them (hiring); and where a lower area's command must
 * let a higher one act in its transaction, the lower one offers a hook the higher one registers
 * with (`beforeContractEnds`, `whenMoneyReleased`).
 */
const areaLayers: readonly string[] = areas.map((area) => area.name);

const source = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

type Layer = 'kernel' | 'area' | 'composition';

function layerOf(path: string): Layer {
  const [top] = path.split('/');
  if (top === 'modules') return 'area';
  if (kernelFolders.includes(path === 'config.ts' ? path : top!)) return 'kernel';
  return 'composition';
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

interface Import {
  from: string;
  to: string;
}

/** Every relative import and re-export, type-only ones included: a type is a dependency too. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(source, file);
  const found: Import[] = [];
  for (const match of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'|(?:^|\n)\s*import\s+'(\.{1,2}\/[^']+)'|declare module '(\.{1,2}\/[^']+)'/g,
  )) {
    const specifier = (match[1] ?? match[2] ?? match[3])!;
    found.push({ from, to: normalize(join(dirname(from), specifier)).replace(/\.js$/, '.ts') });
  }
  return found;
}

const imports = sourceFiles(source).flatMap(importsOf);

/** A kernel file's folder (config.ts is a folder of its own). */
const kernelFolder = (path: string) => (path === 'config.ts' ? path : path.split('/')[0]!);
const kernelLayer = (path: string) => kernelLayers.findIndex((layer) => (layer as readonly string[]).includes(kernelFolder(path)));

describe('the layers of server/src', () => {
  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(300);
    expect(imports).toContainEqual({ from: 'composition.ts', to: 'modules/accounts/index.ts' });
  });

  it('keeps the kernel (db, graphql, auth, events, config) free of the areas and the composition root', () => {
    const upward = imports.filter(({ from, to }) => layerOf(from) === 'kernel' && layerOf(to) !== 'kernel');
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('keeps each kernel folder to the folders below it, so the kernel has no folder cycle', () => {
    const kernelImports = imports.filter(({ from, to }) => layerOf(from) === 'kernel' && layerOf(to) === 'kernel');
    expect(kernelImports.length).toBeGreaterThan(50);
    const notDownward = kernelImports.filter(({ from, to }) => kernelFolder(from) !== kernelFolder(to) && kernelLayer(to) >= kernelLayer(from));
    expect(notDownward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
    // Every kernel folder is placed in a layer (a new folder must say where it sits).
    const folders = new Set(
      imports
        .flatMap(({ from, to }) => [from, to])
        .filter((path) => layerOf(path) === 'kernel')
        .map(kernelFolder),
    );
    expect([...folders].filter((folder) => kernelLayer(folder === 'config.ts' ? folder : `${folder}/x.ts`) < 0)).toEqual([]);
  });

  it('keeps each area to the areas below it, so areas have no import cycle', () => {
    const areaOf = (path: string) => (path.startsWith('modules/') ? path.split('/')[1]! : undefined);
    const crossArea = imports.filter(({ from, to }) => areaOf(from) && areaOf(to) && areaOf(from) !== areaOf(to));
    expect(crossArea.length).toBeGreaterThan(50);
    // Every area is placed in the order (a new area must say where it sits).
    const present = new Set(crossArea.flatMap(({ from, to }) => [areaOf(from)!, areaOf(to)!]));
    expect([...present].filter((area) => !areaLayers.includes(area))).toEqual([]);
    const upward = crossArea.filter(({ from, to }) => areaLayers.indexOf(areaOf(to)!) > areaLayers.indexOf(areaOf(from)!));
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('keeps the areas free of the composition root', () => {
    const upward = imports.filter(({ from, to }) => layerOf(from) === 'area' && layerOf(to) === 'composition');
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('gives every area one manifest, listed once in the composition root', () => {
    const areas = readdirSync(join(source, 'modules')).filter((name) => statSync(join(source, 'modules', name)).isDirectory());
    const listed = imports.filter(({ from, to }) => from === 'composition.ts' && /^modules\/[^/]+\/index\.ts$/.test(to)).map(({ to }) => to.split('/')[1]);
    expect([...listed].sort()).toEqual([...areas].sort());
    // Each manifest is named after its folder: the order below is read from the names.
    expect([...areaLayers].sort()).toEqual([...areas].sort());
    // Only the composition root reaches into an area's manifest.
    expect(imports.filter(({ from, to }) => /^modules\/[^/]+\/index\.ts$/.test(to) && from !== 'composition.ts')).toEqual([]);
  });
});
