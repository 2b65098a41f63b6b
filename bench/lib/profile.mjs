// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package.
import { readFileSync } from 'node:fs';

/** Where a frame's code lives: a package under node_modules, Workroom itself, or Node/V8. */
const nativeOwners = {
  writev: 'socket writes (native)',
  writeBuffer: 'socket writes (native)',
  writeUtf8String: 'socket writes (native)',
  writeLatin1String: 'socket writes (native)',
  runMicrotasks: 'microtask queue (native)',
};

function ownerOf(url, name) {
  if (!url) return nativeOwners[name] ?? 'v8/native';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes('/server/dist/')) return 'workroom (server/dist)';
  if (url.startsWith('node:')) return 'node core';
  return url.split('/').slice(-2).join('/');
}

/**
 * `fromMs`/`toMs`: keep only the samples taken in that window, in milliseconds after the
 * profile started (which is when the process started, give or take its bootstrap), so that the
 * summary shows the measured load and not the server's start-up.
 */
export function summarizeProfile(file, { top = 20, fromMs = 0, toMs = Infinity } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const deltas = profile.timeDeltas ?? [];
  let at = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    at += deltas[index] ?? 0;
    if (at < fromMs * 1000 || at > toMs * 1000) continue;
    const id = profile.samples[index];
    self.set(id, (self.get(id) ?? 0) + (deltas[index] ?? 0));
  }
  const total = [...self.values()].reduce((sum, value) => sum + value, 0) || 1;
  const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  const idle = [...idleIds].reduce((sum, id) => sum + (self.get(id) ?? 0), 0);
  const busy = total - idle || 1;
  const frames = new Map();
  const packages = new Map();
  for (const [id, micros] of self) {
    if (idleIds.has(id)) continue;
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    const where = callFrame.url
      ? `${callFrame.url
          .replace(/^.*node_modules\//, '')
          .replace(/^.*\/server\/dist\//, 'server/dist/')
          .replace(/^file:\/\//, '')}:${callFrame.lineNumber + 1}`
      : '';
    const key = `${name} ${where}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + micros);
    const owner = callFrame.functionName.startsWith('(') ? callFrame.functionName : ownerOf(callFrame.url, callFrame.functionName);
    packages.set(owner, (packages.get(owner) ?? 0) + micros);
  }
  const share = (micros) => Math.round((1000 * micros) / busy) / 10;
  return {
    sampledMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    idlePercent: Math.round((1000 * idle) / total) / 10,
    topFrames: [...frames]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, micros]) => ({ selfPercent: share(micros), frame })),
    byPackage: [...packages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([owner, micros]) => ({ selfPercent: share(micros), owner })),
  };
}
