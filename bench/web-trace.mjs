#!/usr/bin/env node
// Where a page's main-thread time goes on a slow phone: Debian's Chromium with a 4× CPU slowdown
// (the CPU part of Lighthouse's mobile preset, applied for real instead of simulated) and, with
// --network=slow4g, its slow-4G line, a returning visit's cache emptied, a performance trace per
// run. Prints each page's FCP, LCP (and the LCP element), its long tasks (what is in each: script,
// style, layout, paint) and the functions that spent the most time in them. Lighthouse's TBT
// (bench/web.mjs) multiplies the unthrottled trace's tasks by 4; this measures them at 4×.
// Usage (from the repository root, after `npm run build`; run under the bench lock):
//   node bench/web-trace.mjs [--runs=3] [--pages=home,job] [--network=slow4g] [--top=15] [--out=dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { asReturningVisit, startDemoWorld } from './lib/demo-world.mjs';
import { option } from './lib/util.mjs';

const runs = Number(option('runs', 3));
const onlyPages = option('pages', '');
const network = option('network', 'none');
const top = Number(option('top', 15));
const outDir = option('out', '');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (message) => console.error(`[bench:web-trace] ${message}`);

const workDir = await mkdtemp(join(os.tmpdir(), 'workroom-bench-trace-'));
let world;
let browser;
const cleanup = async () => {
  await browser?.close().catch(() => undefined);
  await world?.stop();
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

/** The renderer's main-thread tasks and what ran in them, from a Chromium trace. */
function analyse(trace, navigationStart, rendererPid) {
  const events = trace.traceEvents;
  const mainThreads = new Set(
    events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
  );
  // The renderer that navigated (not the browser's own WebUI renderers): its busiest main thread.
  const tasksBy = new Map();
  for (const event of events) {
    if (event.ph !== 'X' || event.name !== 'RunTask' || !mainThreads.has(`${event.pid}:${event.tid}`)) continue;
    if (rendererPid !== undefined && event.pid !== rendererPid) continue;
    const key = `${event.pid}:${event.tid}`;
    tasksBy.set(key, [...(tasksBy.get(key) ?? []), event]);
  }
  const [thread, tasks] = [...tasksBy.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [null, []];
  const onMain = events.filter((event) => `${event.pid}:${event.tid}` === thread && event.ph === 'X');
  const kinds = {
    script: [
      'FunctionCall',
      'EvaluateScript',
      'v8.compile',
      'v8.compileModule',
      'v8.evaluateModule',
      'TimerFire',
      'FireAnimationFrame',
      'RunMicrotasks',
      'V8.Execute',
    ],
    style: ['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet'],
    layout: ['Layout'],
    paint: ['Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'Commit', 'CompositeLayers'],
    parse: ['ParseHTML'],
    gc: ['MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase'],
  };
  const kindOf = new Map(Object.entries(kinds).flatMap(([kind, names]) => names.map((name) => [name, kind])));
  const long = tasks
    .filter((task) => task.dur >= 50_000)
    .map((task) => {
      const inside = onMain.filter((event) => event.ts >= task.ts && event.ts < task.ts + task.dur && event !== task);
      // Time by kind, counting each event's own time (less its children's that are of a kind).
      const byKind = {};
      const stack = [];
      for (const event of inside.sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
        const kind = kindOf.get(event.name);
        if (!kind) continue;
        while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= event.ts) stack.pop();
        const parent = stack.at(-1);
        if (parent) byKind[parent.kind] -= Math.min(event.dur, parent.ts + parent.dur - event.ts) / 1000;
        byKind[kind] = (byKind[kind] ?? 0) + event.dur / 1000;
        stack.push({ ts: event.ts, dur: event.dur, kind });
      }
      const url = inside.find((event) => event.args?.data?.url)?.args.data.url;
      return {
        startMs: Math.round((task.ts - navigationStart) / 1000),
        durMs: Math.round(task.dur / 1000),
        byKind: Object.fromEntries(Object.entries(byKind).map(([kind, ms]) => [kind, Math.round(ms)])),
        url: url ? url.replace(/^https?:\/\/[^/]+/, '') : undefined,
      };
    });
  // Self time by function from the sampling profiler, inside long tasks (and per long task, by
  // script). A profile's samples count their time deltas from its 'Profile' event's startTime.
  const longTasks = tasks.filter((task) => task.dur >= 50_000);
  const taskAt = (ts) => longTasks.findIndex((task) => ts >= task.ts && ts < task.ts + task.dur);
  const nodes = new Map();
  const clock = new Map();
  const selfMs = new Map();
  const byScript = new Map();
  const perTask = longTasks.map(() => ({ byScript: new Map(), byFunction: new Map() }));
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  for (const event of events) {
    if (event.name === 'Profile') clock.set(event.id, event.args?.data?.startTime ?? event.ts);
    if (event.name !== 'ProfileChunk' || !event.args?.data?.cpuProfile || `${event.pid}` !== String(thread).split(':')[0]) continue;
    const { cpuProfile, timeDeltas = [] } = event.args.data;
    for (const node of cpuProfile.nodes ?? []) nodes.set(`${event.id}:${node.id}`, node);
    (cpuProfile.samples ?? []).forEach((sample, index) => {
      const ts = (clock.get(event.id) ?? 0) + (timeDeltas[index] ?? 0);
      clock.set(event.id, ts);
      const node = nodes.get(`${event.id}:${sample}`);
      const at = taskAt(ts);
      if (!node || at === -1) return;
      const frame = node.callFrame;
      if (['(idle)', '(program)', '(root)'].includes(frame.functionName)) return;
      const script = (frame.url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/-[\w-]{8}\.js$/, '.js') || '(native)';
      const key = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber}`;
      // Each sample stands for the interval to the next one (about the sampling period).
      const ms = (timeDeltas[index + 1] ?? timeDeltas[index] ?? 0) / 1000;
      add(selfMs, key, ms);
      add(perTask[at].byScript, script, ms);
      add(byScript, script, ms);
      add(perTask[at].byFunction, key, ms);
    });
  }
  const topOf = (map, count) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([key, ms]) => `${key} ${Math.round(ms)}`);
  long.forEach((task, index) => {
    task.scripts = topOf(perTask[index].byScript, 5);
    task.functions = topOf(perTask[index].byFunction, 6);
  });
  const functions = [...selfMs.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { long, functions, scripts: topOf(byScript, 5) };
}

try {
  world = await startDemoWorld({ name: 'trace', workDir, log });
  const { origin } = world;
  const pages = world.pages
    .map((page) => ({ ...page, name: page.slug }))
    .filter((page) => !onlyPages || onlyPages.split(',').some((wanted) => page.name.startsWith(wanted)));

  browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
  });
  const summary = [];
  for (const page of pages) {
    for (let run = 0; run < runs; run++) {
      const context = await browser.createBrowserContext();
      const tab = await context.newPage();
      await tab.setViewport({ width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
      const cdp = await asReturningVisit(tab, origin, page.token);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      if (network === 'slow4g') {
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150,
          downloadThroughput: (1.6 * 1024 * 1024) / 8,
          uploadThroughput: (750 * 1024) / 8,
        });
      }
      await tab.evaluateOnNewDocument(() => {
        globalThis.__lcp = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            const element = entry.element;
            globalThis.__lcp.push({
              at: entry.startTime,
              size: entry.size,
              element: element
                ? `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`
                : '(removed)',
            });
          }
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      });
      await tab.tracing.start({
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'disabled-by-default-v8.cpu_profiler',
          'blink.user_timing',
          'loading',
          'toplevel',
          '__metadata',
        ],
      });
      await tab.goto(`${origin}${page.path}`, { waitUntil: 'networkidle0', timeout: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const marks = await tab.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        lcp: globalThis.__lcp,
        navigationStart: performance.timeOrigin,
      }));
      const buffer = await tab.tracing.stop();
      const text = Buffer.from(buffer).toString('utf8');
      const trace = JSON.parse(text);
      const navigation = trace.traceEvents.find((event) => event.name === 'navigationStart' && event.args?.data?.documentLoaderURL === `${origin}${page.path}`);
      const navigationStart = navigation?.ts ?? trace.traceEvents.find((event) => event.name === 'TracingStartedInBrowser')?.ts ?? 0;
      const { long, functions, scripts } = analyse(trace, navigationStart, navigation?.pid);
      const fcp = marks.fcp;
      const lcp = marks.lcp.at(-1);
      const blocking = long.filter((task) => fcp === null || task.startMs >= fcp).reduce((sum, task) => sum + task.durMs - 50, 0);
      if (outDir) {
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, `${page.name}-${run + 1}.json`), text);
      }
      console.log(
        `\n## ${page.name} run ${run + 1}: FCP ${Math.round(fcp)} ms, LCP ${Math.round(lcp?.at ?? 0)} ms ${lcp?.element ?? ''} (${lcp?.size ?? 0} px²), blocking after FCP ${blocking} ms, load ${os.loadavg()[0].toFixed(1)}`,
      );
      for (const candidate of marks.lcp) console.log(`   lcp candidate ${Math.round(candidate.at)} ms ${candidate.size} px² ${candidate.element}`);
      for (const task of long) {
        console.log(`   task at ${task.startMs} ms: ${task.durMs} ms ${JSON.stringify(task.byKind)} ${task.url ?? ''}`);
        if (task.durMs >= 100) console.log(`      scripts: ${task.scripts.join(', ')}\n      functions: ${task.functions.join(', ')}`);
      }
      for (const [name, ms] of functions) console.log(`   ${ms.toFixed(1).padStart(7)} ms  ${name}`);
      summary.push({
        page: page.name,
        run: run + 1,
        fcp: Math.round(fcp),
        lcp: Math.round(lcp?.at ?? 0),
        blocking,
        longTotal: long.reduce((sum, task) => sum + task.durMs, 0),
        byKind: long.reduce((kinds, task) => {
          for (const [kind, ms] of Object.entries(task.byKind)) kinds[kind] = (kinds[kind] ?? 0) + ms;
          return kinds;
        }, {}),
        load: os.loadavg()[0].toFixed(1),
        scripts,
      });
      await context.close();
    }
  }
  console.log('\n| page | run | FCP | LCP | blocking after FCP | long tasks | of which script / style / layout / paint | load |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of summary) {
    const kinds = ['script', 'style', 'layout', 'paint'].map((kind) => row.byKind[kind] ?? 0).join(' / ');
    console.log(`| ${row.page} | ${row.run} | ${row.fcp} | ${row.lcp} | ${row.blocking} | ${row.longTotal} | ${kinds} | ${row.load} |`);
  }
  // Self time in long tasks by script (with an unminified build the functions say more).
  for (const row of summary) console.log(`${row.page} run ${row.run}, script self time in long tasks: ${row.scripts.join(', ')}`);
} finally {
  await cleanup();
}
