#!/usr/bin/env node
// The dashboard as a phone sees it: Lighthouse 12 (mobile emulation: Moto G Power, simulated slow
// 4G, 4× CPU slowdown; and its desktop preset) in Debian's Chromium against `npm start`'s server
// on the seeded demo world, median of N runs per page, the browser cache emptied before each run.
// See bench/README.md ("Web"). Usage (from the repository root, after `npm run build`):
//   npm run bench:web                      3 runs per page and form factor
//   npm run bench:web -- --runs=1          one run each (a quick look)
//   node bench/web.mjs --pages=sign-in,home --form-factors=mobile
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer from 'puppeteer-core';
import { asReturningVisit, startDemoWorld } from './lib/demo-world.mjs';
import { benchDir, option, round, table } from './lib/util.mjs';

const runs = Number(option('runs', 3));
const formFactors = option('form-factors', 'mobile,desktop').split(',');
const onlyPages = option('pages', '');
const reportsDir = option('reports', ''); // write each run's full Lighthouse report (JSON) there
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '')}_${randomBytes(3).toString('hex')}`;
const log = (message) => console.error(`[bench:web] ${message}`);

const workDir = await mkdtemp(join(os.tmpdir(), 'workroom-bench-web-'));
let world;
let chrome;
const cleanup = async () => {
  try {
    await chrome?.kill();
  } catch {
    /* already gone */
  }
  await world?.stop();
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  world = await startDemoWorld({ name: 'web', workDir, log });
  const { origin } = world;
  const pages = world.pages.filter((page) => !onlyPages || onlyPages.split(',').some((wanted) => page.name.toLowerCase().startsWith(wanted.toLowerCase())));

  chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });

  const results = [];
  let lighthouseVersion = '12';
  for (const formFactor of formFactors) {
    for (const page of pages) {
      const samples = [];
      for (let run = 0; run < runs; run++) {
        // The session as the dashboard keeps it (localStorage), and an empty HTTP cache.
        const tab = await browser.newPage();
        await asReturningVisit(tab, origin, page.token);
        await tab.close();
        const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], disableStorageReset: true };
        const { lhr } = await lighthouse(`${origin}${page.path}`, flags, formFactor === 'desktop' ? desktopConfig : undefined);
        lighthouseVersion = lhr.lighthouseVersion;
        if (reportsDir) {
          mkdirSync(reportsDir, { recursive: true });
          writeFileSync(join(reportsDir, `${formFactor}-${page.name.replace(/\W+/g, '-')}-${run + 1}.json`), JSON.stringify(lhr));
        }
        const audit = (id) => lhr.audits[id]?.numericValue ?? null;
        const scripts = lhr.audits['resource-summary']?.details?.items?.find((item) => item.resourceType === 'script');
        // GraphQL over HTTP during the load (the socket's upgrade is not a query): a count, so it
        // does not move with the machine's load the way the timings do.
        const requests = lhr.audits['network-requests']?.details?.items ?? [];
        const graphqlRequests = requests.filter((item) => new URL(item.url).pathname === '/graphql' && item.resourceType !== 'WebSocket').length;
        samples.push({
          score: Math.round((lhr.categories.performance.score ?? 0) * 100),
          fcp: audit('first-contentful-paint'),
          lcp: audit('largest-contentful-paint'),
          tbt: audit('total-blocking-time'),
          cls: audit('cumulative-layout-shift'),
          bytes: audit('total-byte-weight'),
          scriptBytes: scripts?.transferSize ?? null,
          graphqlRequests,
          finalUrl: lhr.finalDisplayedUrl,
        });
        log(`${formFactor} ${page.name} run ${run + 1}: ${samples.at(-1).score}`);
      }
      const median = (key) => {
        const sorted = samples
          .map((sample) => sample[key])
          .filter((value) => value !== null)
          .sort((a, b) => a - b);
        return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
      };
      results.push({
        page: page.name,
        formFactor,
        score: median('score'),
        fcpMs: median('fcp'),
        lcpMs: median('lcp'),
        tbtMs: median('tbt'),
        cls: median('cls'),
        kib: median('bytes') === null ? null : median('bytes') / 1024,
        scriptKib: median('scriptBytes') === null ? null : median('scriptBytes') / 1024,
        graphqlRequests: median('graphqlRequests'),
        samples,
      });
    }
  }
  await browser.disconnect();

  const columns = [
    ['page', (result) => result.page],
    ['form factor', (result) => result.formFactor],
    ['score', (result) => result.score],
    ['FCP', (result) => `${round(result.fcpMs / 1000, 1)} s`],
    ['LCP', (result) => `${round(result.lcpMs / 1000, 1)} s`],
    ['TBT', (result) => `${Math.round(result.tbtMs)} ms`],
    ['CLS', (result) => round(result.cls, 3)],
    ['bytes (KiB)', (result) => Math.round(result.kib)],
    ['JS (KiB)', (result) => Math.round(result.scriptKib)],
    ['GraphQL requests', (result) => result.graphqlRequests],
  ];
  console.log(table(`Lighthouse ${lighthouseVersion} (median of ${runs} runs), cache emptied before each run`, columns, results));
  // The same as a Markdown table, for the README.
  console.log(`\n| ${columns.map(([header]) => header).join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |`);
  for (const result of results) console.log(`| ${columns.map(([, get]) => get(result)).join(' | ')} |`);
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  const record = { runId, at: new Date().toISOString(), runs, chromium: chromiumPath, node: process.version, cpus: os.cpus().length, results };
  writeFileSync(join(benchDir, 'results', `web-${runId}.json`), `${JSON.stringify(record, null, 2)}\n`);
  log(`results in bench/results/web-${runId}.json`);
} finally {
  await cleanup();
}
