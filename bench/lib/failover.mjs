// The `failover` phase of bench/run.mjs: what recovering from a fault costs, beside the fan-out
// figures (issue 19). Three measurements, each on fresh Workroom processes over the bench's
// database and the machine's Redis, with the subscribers in a separate Node 22 process
// (lib/failover-client.mjs) that resubscribes with `after: <last cursor>` when a socket closes:
//
// 1. Live vs catch-up, one instance: N subscribers receive M messages live; then they disconnect,
//    M more messages are posted while nobody listens, and they resume with `after`. Database
//    transactions (pg_stat_database.xact_commit) and server CPU (the process's own utime+stime)
//    per delivery, for each.
// 2. Fail-over at 1,000 subscribers × 10 messages/s: two instances behind Redis, subscribers
//    alternating between them, messages posted through B; after a few seconds A is SIGKILLed and
//    its subscribers resubscribe on B at once. Per failed-over subscriber: from its socket closing
//    until it holds every message committed before it resubscribed (p50/p99/max).
// 3. The same at 50 messages/s: the receive rate while both instances run (live), after the kill,
//    and of the deliveries still queued when the writer stops (drain).
// In each: exactly once and in commit order (duplicates by seq, order by cursor), mutation
// errors, SERVICE_UNAVAILABLE / OVERLOADED answers and socket closes, "database unavailable" and
// "pool busy" lines in the servers' logs, and /readyz polled every 500 ms: was anything reported
// unavailable while PostgreSQL was healthy (it is, throughout: nothing here touches it).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { startCountingProxy } from './pg-count-proxy.mjs';
import { cpuBetween, cpuSeconds, cpuSnapshot, forkWorker, graphql, now, round, sleep, stopProcess, summarize, table } from './util.mjs';

const sendMessage = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }`;

const forkClient = () => forkWorker('lib/failover-client.mjs', 'failover-client');

/** Waits until the client has `expected` deliveries, or nothing moved for `stallMs`, or `maxMs` passed. */
async function waitForDeliveries(client, expected, { stallMs = 20_000, maxMs = 180_000 } = {}) {
  const started = now();
  let last = -1;
  let lastChange = now();
  for (;;) {
    const stats = await client.call('stats');
    if (stats.delivered >= expected) return { complete: true, stats, ms: now() - started };
    if (stats.delivered !== last) {
      last = stats.delivered;
      lastChange = now();
    }
    if (now() - lastChange > stallMs || now() - started > maxMs) return { complete: false, stats, ms: now() - started };
    await sleep(100);
  }
}

/** Polls /readyz of each server every 500 ms; counts the answers that were not "ready" with the database up. */
function watchReadiness(servers) {
  const seen = { polls: 0, notReady: 0, databaseDown: 0, databaseBusy: 0, busDegraded: 0, samples: {} };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await Promise.all(
        servers
          .filter((server) => !server.killed)
          .map(async (server) => {
            try {
              // The probe itself waits up to 2 s for the database before it says "down".
              const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
              const body = await response.json();
              seen.polls += 1;
              if (body.status !== 'ready') seen.notReady += 1;
              if (body.database === 'down') seen.databaseDown += 1;
              if (body.database === 'busy') seen.databaseBusy += 1;
              if (body.bus !== 'up') seen.busDegraded += 1;
              if (body.status !== 'ready' || body.database !== 'up') {
                const key = JSON.stringify(body).slice(0, 160);
                seen.samples[key] = (seen.samples[key] ?? 0) + 1;
              }
            } catch (error) {
              if (!server.killed) {
                seen.polls += 1;
                seen.notReady += 1;
                const key = `no answer: ${String(error?.message ?? error).slice(0, 100)}`;
                seen.samples[key] = (seen.samples[key] ?? 0) + 1;
              }
            }
          }),
      );
      await sleep(500);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return seen;
  };
}

/** Lines in the servers' logs that call the database unavailable, or the pool busy. */
function logReports(servers) {
  const counts = { databaseUnavailable: 0, poolBusy: 0, samples: [] };
  for (const server of servers) {
    let text;
    try {
      text = readFileSync(server.record?.logFile ?? server.logFile, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (/database unavailable|cannot reach its database|could not read new events|SERVICE_UNAVAILABLE/i.test(line)) {
        counts.databaseUnavailable += 1;
        if (counts.samples.length < 3) counts.samples.push(line.slice(0, 240));
      }
      if (/pool busy|OVERLOADED/i.test(line)) counts.poolBusy += 1;
    }
  }
  return counts;
}

/** Posts "bench <seq> …" through `url` on a schedule (not waiting for the previous one); returns the acks. */
function poster({ url, token, channelId }) {
  const acks = [];
  const failures = {};
  let seq = 0;
  const post = async () => {
    const mine = ++seq;
    const sentAt = now();
    try {
      const result = await graphql(url, sendMessage, {
        token,
        variables: { input: { channelId, body: `bench ${mine} ${sentAt.toFixed(3)}` } },
        timeoutMs: 60_000,
      });
      if (result.errors) {
        const key = String(result.errors[0]?.extensions?.code ?? result.errors[0]?.message).slice(0, 120);
        failures[key] = (failures[key] ?? 0) + 1;
        return;
      }
      acks.push({ seq: mine, sentAt, ackAt: now() });
    } catch (error) {
      const key = String(error?.message ?? error).slice(0, 120);
      failures[key] = (failures[key] ?? 0) + 1;
    }
  };
  return {
    acks,
    failures,
    /** `count` posts, one every 1000/rate ms from now; resolves when all have answered. */
    async run(count, rate) {
      const started = now();
      const sends = [];
      for (let index = 0; index < count; index += 1) {
        await sleep(Math.max(0, started + (index * 1000) / rate - now()));
        sends.push(post());
      }
      await Promise.all(sends);
    },
  };
}

async function killHard(server) {
  server.killed = true;
  server.child.kill('SIGKILL');
  await server.exitPromise;
}

/**
 * 1. Live vs catch-up on one instance: the same number of deliveries, delivered live and then
 * replayed through `after`.
 */
async function liveVersusCatchUp(ctx, { n, messages, rate }) {
  const { log, startWorkroom, database, databaseCounters, channelGlobalId, trainerToken, employerToken } = ctx;
  // Through the counting proxy: which statements the transactions are (it changes no byte).
  const proxy = await startCountingProxy({ host: new URL(database.url).hostname, port: Number(new URL(database.url).port || 5432) });
  const viaProxy = new URL(database.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const server = await startWorkroom('workroom-catchup', { databaseUrl: viaProxy.toString() });
  const client = forkClient();
  try {
    log(`failover: live vs catch-up on one instance, ${n} subscribers × ${messages} messages at ${rate}/s`);
    const connect = await client.call('connect', {
      urls: [`${server.url.replace(/^http/, 'ws')}/graphql`],
      token: trainerToken,
      channelId: channelGlobalId,
      n,
    });
    const writer = poster({ url: server.graphqlUrl, token: employerToken, channelId: channelGlobalId });
    await writer.run(1, 1); // warm-up: every subscription is live once it has this
    const warm = await waitForDeliveries(client, connect.connected, { maxMs: 60_000 });
    if (!warm.complete) return { broke: `only ${warm.stats.delivered} of ${connect.connected} subscribers received the warm-up message` };

    const window = async (body) => {
      await sleep(1500); // PostgreSQL publishes backend statistics at most once a second
      const commits0 = (await databaseCounters(database.url, database.name)).commits;
      const cpu0 = cpuSeconds(server.pid);
      const delivered0 = (await client.call('stats')).delivered;
      proxy.reset();
      const started = now();
      const extra = await body();
      const seconds = (now() - started) / 1000;
      const cpu1 = cpuSeconds(server.pid);
      const delivered = (await client.call('stats')).delivered - delivered0;
      const statements = proxy.snapshot().statements;
      const topStatements = proxy.topStatements(6).map(({ count, sql }) => ({ count, sql: sql.slice(0, 140) }));
      await sleep(1500);
      const commits = (await databaseCounters(database.url, database.name)).commits - commits0;
      return {
        delivered,
        seconds: round(seconds, 1),
        transactions: commits,
        transactionsPerDelivery: delivered ? round(commits / delivered, 4) : null,
        statements,
        topStatements,
        cpuMsPerDelivery: delivered ? round((1000 * (cpu1 - cpu0)) / delivered, 4) : null,
        cpuSeconds: round(cpu1 - cpu0, 2),
        ...extra,
      };
    };

    const total = () => connect.connected * messages;
    // A process that ended under us (the machine is shared) makes every figure after it void: say so.
    const gone = () =>
      (server.record ?? server).exited
        ? { broke: `the instance exited during the measurement (${JSON.stringify((server.record ?? server).exit)}), not by the bench; see its log` }
        : undefined;
    const live = await window(async () => {
      const before = (await client.call('stats')).delivered;
      await writer.run(messages, rate);
      const done = await waitForDeliveries(client, before + total());
      return { complete: done.complete };
    });
    if (gone()) return gone();
    log(
      `  live: ${live.delivered} deliveries, ${live.transactionsPerDelivery} transactions and ${live.cpuMsPerDelivery} ms CPU each (the sends' own included)`,
    );

    await client.call('disconnect');
    const sendsAlone = await window(async () => {
      await writer.run(messages, rate);
      return {};
    });
    const catchUp = await window(async () => {
      const before = (await client.call('stats')).delivered;
      const resumed = await client.call('resume', { url: `${server.url.replace(/^http/, 'ws')}/graphql` });
      const done = await waitForDeliveries(client, before + total());
      return { complete: done.complete, resumed: resumed.resumed, resumeFailed: resumed.failed, resubscribeSeconds: round(resumed.ms / 1000, 1) };
    });
    if (gone()) return gone();
    log(
      `  catch-up: ${catchUp.delivered} deliveries, ${catchUp.transactionsPerDelivery} transactions and ${catchUp.cpuMsPerDelivery} ms CPU each (resubscribing included, ${catchUp.resubscribeSeconds} s to resubscribe all); the sends alone: ${sendsAlone.transactions} transactions, ${sendsAlone.cpuSeconds} s CPU`,
    );
    const stats = await client.call('stats');
    return {
      subscribers: connect.connected,
      messages,
      ratePerSecond: rate,
      live,
      catchUp,
      sendsAlone: { transactions: sendsAlone.transactions, cpuSeconds: sendsAlone.cpuSeconds, seconds: sendsAlone.seconds },
      // Like for like: live includes the sends' own work, so add the sends to the catch-up too.
      ratios: {
        transactions:
          live.transactions && catchUp.delivered
            ? round((catchUp.transactions + sendsAlone.transactions) / catchUp.delivered / (live.transactions / live.delivered), 2)
            : null,
        cpu:
          live.cpuSeconds && catchUp.delivered
            ? round((catchUp.cpuSeconds + sendsAlone.cpuSeconds) / catchUp.delivered / (live.cpuSeconds / live.delivered), 2)
            : null,
      },
      duplicates: stats.duplicates,
      outOfOrder: stats.outOfOrder,
      errorSamples: stats.errorSamples,
      mutationFailures: writer.failures,
    };
  } finally {
    await client.call('exit').catch(() => undefined);
    await stopProcess(client, 5_000);
    await stopProcess(server.record ?? server);
    await proxy.close();
  }
}

/**
 * 2 and 3. Two instances, n subscribers alternating between them, messages posted through B at
 * `rate`; A is SIGKILLed after `beforeKillSeconds`, the writer goes on for `afterKillSeconds`.
 */
async function failoverRun(ctx, { n, rate, beforeKillSeconds, afterKillSeconds }) {
  const { log, startWorkroom, database, databaseCounters, channelGlobalId, trainerToken, employerToken } = ctx;
  const a = await startWorkroom(`workroom-failover-a-${rate}`, { databaseUrl: database.url });
  const b = await startWorkroom(`workroom-failover-b-${rate}`, { databaseUrl: database.url });
  const client = forkClient();
  const ws = (server) => `${server.url.replace(/^http/, 'ws')}/graphql`;
  try {
    log(
      `failover: ${n} subscribers on two instances, ${rate} messages/s through B; SIGKILL A after ${beforeKillSeconds} s, writing ${afterKillSeconds} s more`,
    );
    const connect = await client.call('connect', { urls: [ws(a), ws(b)], token: trainerToken, channelId: channelGlobalId, n });
    log(`  connected ${connect.connected} (failed ${connect.failed}) in ${round(connect.ms / 1000, 1)} s`);
    const writer = poster({ url: b.graphqlUrl, token: employerToken, channelId: channelGlobalId });
    await writer.run(1, 1);
    const warm = await waitForDeliveries(client, connect.connected, { maxMs: 60_000 });
    if (!warm.complete) return { subscribers: n, rate, broke: `only ${warm.stats.delivered} of ${connect.connected} subscribers received the warm-up message` };
    await client.call('failTo', { url: ws(b) });
    const stopWatching = watchReadiness([a, b]);
    await sleep(1500);

    const counters0 = await databaseCounters(database.url, database.name);
    const snapshot0 = cpuSnapshot([a.pid, b.pid, client.pid, process.pid], database.name);
    const cpuA0 = cpuSeconds(a.pid);
    const cpuB0 = cpuSeconds(b.pid);
    const postStart = now();
    const beforeKill = Math.round(rate * beforeKillSeconds);
    const afterKill = Math.round(rate * afterKillSeconds);
    await writer.run(beforeKill, rate);
    const killAt = now();
    const cpuAAtKill = cpuSeconds(a.pid);
    const cpuBAtKill = cpuSeconds(b.pid);
    const cpuClientAtKill = cpuSeconds(client.pid);
    const deliveredAtKill = (await client.call('stats')).delivered;
    await killHard(a);
    log(`  SIGKILL A (${deliveredAtKill} deliveries so far)`);
    await writer.run(afterKill, rate);
    const stopAt = now();
    const expected = connect.connected * writer.acks.length; // the warm-up message included
    const done = await waitForDeliveries(client, expected, { stallMs: 20_000, maxMs: 240_000 });
    const endAt = now();
    if (b.record.exited) {
      await stopWatching();
      return { subscribers: n, rate, broke: `the survivor exited during the measurement (${JSON.stringify(b.record.exit)}), not by the bench; see its log` };
    }
    const cpuB1 = cpuSeconds(b.pid);
    const cpuClient1 = cpuSeconds(client.pid);
    const readiness = await stopWatching();
    const collected = await client.call('collect');
    await sleep(1500);
    const counters1 = await databaseCounters(database.url, database.name);
    const snapshot1 = cpuSnapshot([b.pid, client.pid, process.pid], database.name);

    // Catch-up per failed-over subscriber: from its socket closing until it holds every message
    // committed (acknowledged to the writer) before it resubscribed.
    const catchUpMs = [];
    const fromKillMs = [];
    let neverCaughtUp = 0;
    for (const subscriber of collected.failedOverSubscribers) {
      let caughtUpAt = subscriber.resubscribedAt;
      let missing = false;
      for (const ack of writer.acks) {
        if (ack.ackAt > subscriber.resubscribedAt) continue;
        const at = subscriber.receipts.get(ack.seq);
        if (at !== undefined) caughtUpAt = Math.max(caughtUpAt, at);
        else if (ack.ackAt > subscriber.closedAt) missing = true; // committed after the close and never received
      }
      if (missing) neverCaughtUp += 1;
      else {
        catchUpMs.push(caughtUpAt - subscriber.closedAt);
        fromKillMs.push(caughtUpAt - killAt);
      }
    }
    const bucketsBetween = (from, to) => collected.buckets.reduce((sum, [bucket, count]) => (bucket * 100 >= from && bucket * 100 < to ? sum + count : sum), 0);
    const lastReceipt = Math.max(...collected.buckets.map(([bucket]) => bucket * 100 + 100));
    const liveSeconds = (killAt - postStart) / 1000;
    const afterKillSecondsMeasured = (Math.min(lastReceipt, endAt) - killAt) / 1000;
    // The drain on the subscribers' clock, from the 100 ms bucket the writer stopped in: what was
    // still owed then, over the time until the last delivery.
    const stopBucketAt = Math.floor(stopAt / 100) * 100;
    const drainSeconds = Math.max(0.1, (lastReceipt - stopBucketAt) / 1000);
    const queuedAtStop = expected - bucketsBetween(0, stopBucketAt);
    const incomplete = Array.from(collected.perSubscriberDelivered).filter((count) => count !== writer.acks.length).length;
    // For comparison: commit → receipt at the subscribers that were on B all along, for the
    // messages committed after the kill (how far behind live delivery on the survivor ran).
    const survivorLagMs = [];
    for (const ack of writer.acks) {
      if (ack.ackAt <= killAt) continue;
      for (const at of collected.liveReceipts[ack.seq] ?? []) survivorLagMs.push(at - ack.ackAt);
    }
    const logs = logReports([a, b]);
    const run = {
      subscribers: connect.connected,
      rate,
      messages: writer.acks.length,
      offeredDeliveriesPerSecond: connect.connected * rate,
      failedOver: collected.failedOver,
      resubscribes: collected.resubscribed,
      delivered: collected.delivered,
      expected,
      complete: done.complete,
      subscribersIncomplete: incomplete,
      duplicates: collected.duplicates,
      outOfOrder: collected.outOfOrder,
      catchUpMs: summarize(catchUpMs),
      catchUpFromKillMs: summarize(fromKillMs),
      survivorLiveCommitToReceiptMs: summarize(survivorLagMs),
      neverCaughtUp,
      liveDeliveriesPerSecond: round(bucketsBetween(postStart, killAt) / liveSeconds, 0),
      afterKillDeliveriesPerSecond: round(bucketsBetween(killAt, endAt + 1) / Math.max(0.1, afterKillSecondsMeasured), 0),
      queuedAtWriterStop: queuedAtStop,
      drainDeliveriesPerSecond: queuedAtStop > 0 ? round(bucketsBetween(stopBucketAt, Infinity) / drainSeconds, 0) : null,
      drainSeconds: round(drainSeconds, 1),
      // Both instances before the kill, B alone after it (A's CPU until its death).
      cpuMsPerDeliveryLive: round((1000 * (cpuAAtKill - cpuA0 + (cpuBAtKill - cpuB0))) / Math.max(1, deliveredAtKill - connect.connected), 4),
      cpuMsPerDeliveryAfterKill: round((1000 * (cpuB1 - cpuBAtKill)) / Math.max(1, collected.delivered - deliveredAtKill), 4),
      dbTransactionsPerDelivery: round((counters1.commits - counters0.commits) / Math.max(1, collected.delivered - connect.connected), 4),
      unavailable: {
        mutationFailures: writer.failures,
        subscriberErrors: collected.errorSamples,
        readiness,
        serverLogs: logs,
      },
      // Cores each of ours used after the kill: is B, or the subscribers' process, the one short of CPU?
      coresAfterKill: {
        b: round((cpuB1 - cpuBAtKill) / ((endAt - killAt) / 1000), 2),
        client: round((cpuClient1 - cpuClientAtKill) / ((endAt - killAt) / 1000), 2),
      },
      cpu: cpuBetween(snapshot0, snapshot1),
      loadAverage1m: round(os.loadavg()[0], 2),
    };
    log(
      `  failed over ${run.failedOver}; catch-up p50 ${run.catchUpMs.p50} ms, p99 ${run.catchUpMs.p99} ms, max ${run.catchUpMs.max} ms; ` +
        `${run.delivered}/${expected} delivered, ${run.duplicates} duplicates, ${run.outOfOrder} out of order; live ${run.liveDeliveriesPerSecond}/s, ` +
        `after the kill ${run.afterKillDeliveriesPerSecond}/s, drain of ${queuedAtStop} queued ${run.drainDeliveriesPerSecond ?? '-'}/s; ` +
        `"database unavailable" in logs ${logs.databaseUnavailable}, readiness not ready ${readiness.notReady}/${readiness.polls}`,
    );
    return run;
  } finally {
    await client.call('exit').catch(() => undefined);
    await stopProcess(client, 5_000);
    if (!a.killed) await stopProcess(a.record ?? a);
    await stopProcess(b.record ?? b);
  }
}

export async function failoverPhase(ctx) {
  const quick = ctx.opts.quick;
  const results = {};
  results.liveVersusCatchUp = await liveVersusCatchUp(ctx, { n: quick ? 100 : 200, messages: quick ? 50 : 200, rate: 20 });
  const n = quick ? 300 : 1000;
  results.failover10 = await failoverRun(ctx, { n, rate: 10, beforeKillSeconds: 5, afterKillSeconds: quick ? 5 : 10 });
  results.failover50 = await failoverRun(ctx, { n, rate: 50, beforeKillSeconds: 4, afterKillSeconds: 4 });
  return results;
}

export function failoverReport(results) {
  const out = [];
  const c = results.liveVersusCatchUp;
  if (c?.live) {
    out.push(
      `\nCatch-up vs live, one instance: ${c.subscribers} subscribers × ${c.messages} messages at ${c.ratePerSecond}/s (messageAdded(channelId), one trainer)`,
    );
    out.push(
      table(
        '',
        [
          ['delivery', (r) => r.label],
          ['deliveries', (r) => r.delivered],
          ['DB xact', (r) => r.transactions],
          ['DB xact/deliv', (r) => r.transactionsPerDelivery],
          ['CPU ms/deliv', (r) => r.cpuMsPerDelivery],
          ['complete', (r) => r.complete],
        ],
        [
          { ...c.live, label: 'live (sends included)' },
          { ...c.catchUp, label: 'catch-up (after, resubscribing included)' },
        ],
      ).trimStart(),
    );
    for (const [label, window] of [
      ['live', c.live],
      ['catch-up', c.catchUp],
    ]) {
      out.push(
        `  ${label}: ${window.statements} statements (proxy); most frequent: ${window.topStatements
          .slice(0, 4)
          .map(({ count, sql }) => `${count} × ${sql.slice(0, 90)}`)
          .join(' | ')}`,
      );
    }
    out.push(
      `  the sends alone (nobody listening): ${c.sendsAlone.transactions} transactions, ${c.sendsAlone.cpuSeconds} s CPU; catch-up + sends over live, per delivery: transactions ×${c.ratios.transactions}, CPU ×${c.ratios.cpu} (targets ≤ 1.2, ≤ 1.3); duplicates ${c.duplicates}, out of order ${c.outOfOrder}`,
    );
  } else if (c?.broke) out.push(`\nCatch-up vs live: ${c.broke}`);
  const runs = [results.failover10, results.failover50].filter(Boolean);
  if (runs.length) {
    out.push(
      table(
        '\nFail-over: two instances behind Redis, SIGKILL of A; its subscribers resubscribe on B with after (messages posted through B)',
        [
          ['subs × msg/s', (r) => `${r.subscribers} × ${r.rate}`],
          ['failed over', (r) => r.failedOver],
          ['catch-up p50 ms', (r) => r.catchUpMs?.p50],
          ['p99 ms', (r) => r.catchUpMs?.p99],
          ['max ms', (r) => r.catchUpMs?.max],
          ['delivered', (r) => (r.expected ? `${r.delivered}/${r.expected}` : null)],
          ['dup', (r) => r.duplicates],
          ['out of order', (r) => r.outOfOrder],
          ['live deliv/s', (r) => r.liveDeliveriesPerSecond],
          ['after kill /s', (r) => r.afterKillDeliveriesPerSecond],
          ['queued at stop', (r) => r.queuedAtWriterStop],
          ['drain /s', (r) => r.drainDeliveriesPerSecond],
          ['B live p50 ms', (r) => r.survivorLiveCommitToReceiptMs?.p50],
          ['B live p99 ms', (r) => r.survivorLiveCommitToReceiptMs?.p99],
          ['CPU ms/deliv live', (r) => r.cpuMsPerDeliveryLive],
          ['after kill', (r) => r.cpuMsPerDeliveryAfterKill],
          ['DB xact/deliv', (r) => r.dbTransactionsPerDelivery],
          ['B cores', (r) => r.coresAfterKill?.b],
          ['client cores', (r) => r.coresAfterKill?.client],
          ['ours cores', (r) => r.cpu?.oursCores],
          ['other procs cores', (r) => r.cpu?.otherProcessesCores],
        ],
        runs,
      ),
    );
    out.push("  catch-up: from a failed-over subscriber's socket closing until it holds every message committed before it resubscribed;");
    out.push('  "B live": commit → receipt, after the kill, at the subscribers that were on B all along (the survivor\'s own delivery lag)');
    for (const run of runs) {
      if (run.broke) {
        out.push(`  ${run.subscribers} × ${run.rate}: ${run.broke}`);
        continue;
      }
      const u = run.unavailable;
      const failures =
        Object.entries(u.mutationFailures)
          .map(([key, count]) => `${count} × ${key}`)
          .join(', ') || 'none';
      const errors =
        Object.entries(u.subscriberErrors)
          .map(([key, count]) => `${count} × ${key}`)
          .join(', ') || 'none';
      out.push(
        `  ${run.subscribers} × ${run.rate}/s, PostgreSQL healthy throughout: mutation failures ${failures}; subscriber errors ${errors}; ` +
          `"database unavailable" log lines ${u.serverLogs.databaseUnavailable}, "pool busy" ${u.serverLogs.poolBusy}; /readyz not ready ${u.readiness.notReady} of ${u.readiness.polls} polls (database down ${u.readiness.databaseDown}, busy ${u.readiness.databaseBusy})` +
          (Object.keys(u.readiness.samples).length
            ? ` [${Object.entries(u.readiness.samples)
                .map(([key, count]) => `${count} × ${key}`)
                .join('; ')}]`
            : '') +
          (u.serverLogs.samples.length ? `; log: ${u.serverLogs.samples.join(' | ')}` : '') +
          (run.neverCaughtUp ? `; ${run.neverCaughtUp} failed-over subscribers never caught up` : '') +
          (run.subscribersIncomplete ? `; ${run.subscribersIncomplete} subscribers incomplete at the end` : ''),
      );
    }
  }
  return out.join('\n');
}
