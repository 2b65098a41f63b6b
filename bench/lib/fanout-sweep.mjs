// The fan-out rate sweep (phase `fanout-sweep`; see bench/README.md, "Rate sweep"): N subscribers
// connected once per target, then steps of rising message rates, each a few seconds long, until
// send → receipt p99 stops being flat (more than twice the first step's and more than 200 ms above
// it: on shared cores a single step's p99 moves by a hundred milliseconds with the neighbours) or
// deliveries fall behind the offer (under 90 % of it, or missing when the wait ends). Reports, per target, the highest rate that was still flat:
// its measured deliveries per second are the target's maximum sustained deliveries per second.
// Bounded: every step lasts `seconds` plus at most `waitSeconds` for stragglers.
import { poster } from './fanout-post.mjs';
import { cpuSeconds, cpuBetween, cpuSnapshot, now, round, sleep, summarize } from './util.mjs';

async function waitFor(client, expected, maxMs) {
  const started = now();
  let last = -1;
  let lastChange = now();
  for (;;) {
    const { delivered } = await client.call('stats');
    if (delivered >= expected) return delivered;
    if (delivered !== last) {
      last = delivered;
      lastChange = now();
    }
    if (now() - lastChange > 5_000 || now() - started > maxMs) return delivered;
    await sleep(100);
  }
}

/**
 * One target's sweep on an already started server: connect n subscribers, a warm-up message, then
 * the steps. `mode`: 'workroom' or 'floor'.
 */
export async function sweepTarget({ mode, n, server, client, rates, seconds, waitSeconds, log, ...common }) {
  const isWorkroom = mode === 'workroom';
  const connect = await client.call('connect', {
    urls: isWorkroom ? [server.url.replace(/^http/, 'ws') + '/graphql'] : [server.wsUrl],
    token: common.trainerToken,
    channelId: common.channelGlobalId,
    n,
    concurrency: 100,
  });
  const result = { mode, subscribers: n, connected: connect.connected, steps: [] };
  if (connect.connected < n) return { ...result, broke: `only ${connect.connected} of ${n} subscribers connected` };
  const post = poster({ isWorkroom, server, ...common });
  let seq = 0;
  await post(seq++);
  if ((await waitFor(client, n, waitSeconds * 1000)) < n) return { ...result, broke: 'not every subscriber got the warm-up message' };
  await client.call('reset');

  let baseline;
  for (const rate of rates) {
    const messages = Math.max(2, Math.round(rate * seconds));
    const intervalMs = 1000 / rate;
    const cpu0 = cpuSeconds(server.pid);
    const snapshot0 = cpuSnapshot([server.pid, client.pid, process.pid], common.databaseName);
    const started = now();
    const sends = [];
    for (let index = 0; index < messages; index += 1) {
      await sleep(Math.max(0, started + index * intervalMs - now()));
      sends.push(post(seq++));
    }
    const acks = await Promise.all(sends);
    const expected = messages * n;
    await waitFor(client, expected, waitSeconds * 1000);
    const cpu1 = cpuSeconds(server.pid);
    const snapshot1 = cpuSnapshot([server.pid, client.pid, process.pid], common.databaseName);
    const collected = await client.call('collect');
    await client.call('reset');
    const latencies = [];
    let lastReceipt = started;
    for (const { seq: each, sentAt } of acks) {
      for (const at of collected.receipts[each] ?? []) {
        latencies.push(at - sentAt);
        if (at > lastReceipt) lastReceipt = at;
      }
    }
    const sendToReceiptMs = summarize(latencies);
    const step = {
      messagesPerSecond: rate,
      offeredDeliveriesPerSecond: rate * n,
      delivered: collected.delivered,
      expected,
      deliveriesPerSecond: round(collected.delivered / Math.max(0.001, (lastReceipt - started) / 1000), 0),
      sendToReceiptMs,
      mutationMs: summarize(acks.map((ack) => ack.ackAt - ack.sentAt)),
      serverCpuMsPerDelivery: collected.delivered ? round((1000 * (cpu1 - cpu0)) / collected.delivered, 3) : null,
      otherProcessesCores: cpuBetween(snapshot0, snapshot1).otherProcessesCores,
    };
    baseline ??= sendToReceiptMs.p99;
    const complete = collected.delivered >= expected;
    step.flat = complete && sendToReceiptMs.p99 <= Math.max(2 * baseline, baseline + 200) && step.deliveriesPerSecond >= 0.9 * step.offeredDeliveriesPerSecond;
    result.steps.push(step);
    log(
      `  ${rate} msg/s (${step.offeredDeliveriesPerSecond}/s offered): ${step.delivered}/${expected} delivered, ${step.deliveriesPerSecond}/s; send→receipt p99 ${sendToReceiptMs.p99} ms; ${step.serverCpuMsPerDelivery} ms CPU/delivery; ${step.flat ? 'flat' : 'NOT flat: stop'}`,
    );
    if (!step.flat) break;
    await sleep(500);
  }
  const flat = result.steps.filter((step) => step.flat);
  result.maxSustainedDeliveriesPerSecond = flat.length ? Math.max(...flat.map((step) => step.deliveriesPerSecond)) : null;
  result.maxFlatMessagesPerSecond = flat.length ? flat.at(-1).messagesPerSecond : null;
  result.saturatedAtMessagesPerSecond = result.steps.find((step) => !step.flat)?.messagesPerSecond ?? null;
  await client.call('close');
  return result;
}

/** The report lines for `results.fanoutSweep`. */
export function sweepReport(sweep) {
  const out = [`\nFan-out rate sweep: ${sweep.subscribers.toLocaleString('en-US')} subscribers, steps of ${sweep.seconds} s at rising messages per second`];
  for (const target of sweep.targets) {
    out.push(`  ${target.mode === 'workroom' ? 'Workroom' : 'floor: Redis+ws'}${target.broke ? ` (broke: ${target.broke})` : ''}`);
    for (const step of target.steps)
      out.push(
        `    ${String(step.messagesPerSecond).padStart(4)} msg/s: offered ${step.offeredDeliveriesPerSecond}/s, delivered ${step.deliveriesPerSecond}/s (${step.delivered}/${step.expected}), send→rcpt p50 ${step.sendToReceiptMs.p50} / p99 ${step.sendToReceiptMs.p99} ms, mutation p99 ${step.mutationMs.p99} ms, CPU ${step.serverCpuMsPerDelivery} ms/deliv, other procs ${step.otherProcessesCores} cores${step.flat ? '' : '  ← not flat'}`,
      );
    // Flat at every step tried: the maximum is at least that.
    const atLeast = target.saturatedAtMessagesPerSecond === null ? '≥ ' : '';
    out.push(
      `    max sustained: ${atLeast}${target.maxSustainedDeliveriesPerSecond ?? '–'} deliveries/s (flat up to ${target.maxFlatMessagesPerSecond ?? '–'} msg/s${target.saturatedAtMessagesPerSecond ? `, not at ${target.saturatedAtMessagesPerSecond}` : ', the highest step tried'})`,
    );
  }
  const [ours, floor] = [sweep.targets.find((t) => t.mode === 'workroom'), sweep.targets.find((t) => t.mode === 'floor')];
  if (ours?.maxSustainedDeliveriesPerSecond && floor?.maxSustainedDeliveriesPerSecond)
    out.push(
      `  Workroom ÷ floor, max sustained deliveries/s: ${round(ours.maxSustainedDeliveriesPerSecond / floor.maxSustainedDeliveriesPerSecond, 2)} (target ≥ 0.7)`,
    );
  return out.join('\n');
}
