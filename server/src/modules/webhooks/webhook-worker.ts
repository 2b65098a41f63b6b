import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { Config } from '../../config.js';
import { isDatabaseUnavailable, isPoolSaturated } from '../../db/failures.js';
import { rawPool } from '../../db/pool.js';
import { ActivityEvent } from '../../events/activity-event.entity.js';
import type { EventBus } from '../../events/bus.js';
import { recordEvent } from '../../events/outbox.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { WebhookDelivery, WebhookDeliveryKind, WebhookDeliveryStatus } from './webhook-delivery.entity.js';
import { WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity.js';
import { webhookPayload } from './webhook-payload.js';
import { sendWebhook, type SendResult } from './webhook-sender.js';
import { webhookSecretVault } from './webhook-secret-vault.js';
import { signatureHeader } from './webhook-signing.js';
import { WebhookEndpointDisabled } from './webhooks.events.js';
import { OrganizationAudience } from './webhooks.policy.js';

/** The advisory lock space of endpoints: `pg_try_advisory_lock(webhookLockSpace, hashtext(endpoint id))`. */
export const webhookLockSpace = 7_201_339;
const batchSize = 100;
/** A drain yields after this long, so one busy endpoint cannot starve the others (nor delay shutdown). */
const drainBudgetMs = 20_000;
/** An endpoint is disabled only after this many failures in a row, however long they took. */
const minFailuresToDisable = 5;

type Outcome = 'delivered' | 'interrupted' | 'failed' | 'stopped';

/**
 * Delivers each organization's events to its webhook endpoints: at least once, in outbox order
 * per endpoint. The events table is the log; an endpoint's `cursor` (the last position it
 * acknowledged) is the whole state, committed after each 2xx, so a worker that dies resends at
 * most the event it was sending. One worker at a time per endpoint, across instances: a session
 * advisory lock on the endpoint, held while draining it (released with the connection if the
 * process dies). A failed attempt holds the endpoint's queue (the order is kept) and retries it
 * with exponential backoff and jitter; failing for `disableAfterMs` disables the endpoint with a
 * notice to the organization (WEBHOOK_ENDPOINT_DISABLED).
 */
export class WebhookWorker {
  private readonly active = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly rates: OrganizationRates;
  private timer: NodeJS.Timeout | undefined;
  private readonly retries = new Set<NodeJS.Timeout>();
  private unlisten: (() => void) | undefined;
  private scanning: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** The database was unreachable at the last scan: said once, until it answers again. */
  private outage = false;

  constructor(
    private readonly dataSource: DataSource,
    /** Says "events are ready up to P": a wake-up call (the poll covers a lost one). */
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly config: Config,
    /** Publishes what the worker wrote to the outbox (the disabled notice). */
    private readonly kickPublisher: () => void,
  ) {
    this.rates = new OrganizationRates(config.webhooks.organizationRatePerSecond);
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.config.webhooks.pollIntervalMs);
    this.timer.unref();
    this.unlisten = this.bus.subscribe(
      () => this.wake(),
      () => this.wake(),
    );
    this.wake();
  }

  /** Look for due endpoints now; calls while a scan runs coalesce into one more. */
  wake(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scan()
      .then(() => {
        if (this.outage) this.log.warn('webhooks: the worker reaches the database again'); // at the level the outage was reported
        this.outage = false;
      })
      .catch((error: unknown) => {
        // An outage is reported once, not at every poll until it ends; a busy pool is no failure.
        if (isPoolSaturated(error)) this.log.debug('webhooks: the connection pool is busy; retrying on the next poll');
        else if (!isDatabaseUnavailable(error)) this.log.warn({ err: error }, 'webhooks: could not look for due endpoints; retrying on the next poll');
        else if (!this.outage) this.log.warn({ err: error }, 'webhooks: cannot reach the database; retrying at every poll');
        this.outage ||= isDatabaseUnavailable(error);
      })
      .finally(() => {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves when nothing is being delivered by this instance right now (tests). */
  async settle(): Promise<void> {
    while (this.scanning || this.active.size > 0) {
      await this.scanning;
      await Promise.all(this.active.values());
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unlisten?.();
    if (this.timer) clearInterval(this.timer);
    for (const retry of this.retries) clearTimeout(retry);
    this.abort.abort();
    await this.scanning;
    await Promise.all(this.active.values());
  }

  private async scan(): Promise<void> {
    const capacity = this.config.webhooks.concurrency - this.active.size;
    if (capacity <= 0) return;
    // Straight on the pool, not through TypeORM: this look runs on every event and poll, and is no
    // part of any request (the tests that count a request's statements do not see it).
    const { rows: due } = await rawPool(this.dataSource).query<{ id: string }>(
      `SELECT e.id FROM webhook_endpoints e
        WHERE e.status = 'ACTIVE' AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= now())
          AND (e.rewind_to IS NOT NULL
            OR EXISTS (SELECT 1 FROM events v WHERE v.organization_id = e.organization_id AND v.position > e.cursor)
            OR EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'PENDING' AND d.kind = 'RESEND'))
        ORDER BY e.next_attempt_at NULLS FIRST, e.id
        LIMIT $1`,
      [capacity + this.active.size],
    );
    for (const { id } of due) {
      if (this.stopped || this.active.size >= this.config.webhooks.concurrency) break;
      if (this.active.has(id)) continue;
      const drain = this.drain(id).finally(() => {
        this.active.delete(id);
        this.wake();
      });
      this.active.set(id, drain);
    }
  }

  /** Delivers what is due to one endpoint, if no other worker (here or on another instance) is at it. */
  private async drain(endpointId: string): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    let locked = false;
    try {
      await runner.connect();
      [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [webhookLockSpace, endpointId])) as [{ locked: boolean }];
      if (locked) await this.deliver(runner.manager, endpointId);
    } catch (error) {
      if (!this.stopped && !isDatabaseUnavailable(error) && !isPoolSaturated(error)) {
        this.log.warn({ err: error, endpointId }, 'webhooks: delivery to an endpoint failed; retrying on the next poll');
      }
    } finally {
      if (locked) await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [webhookLockSpace, endpointId]).catch(() => undefined);
      await runner.release();
    }
  }

  private async deliver(manager: EntityManager, endpointId: string): Promise<void> {
    const deadline = Date.now() + drainBudgetMs;
    for (;;) {
      if (this.stopped || Date.now() > deadline) return;
      // A replay asked for since: move the cursor back before anything else.
      await manager.query('UPDATE webhook_endpoints SET cursor = rewind_to, rewind_to = NULL WHERE id = $1 AND rewind_to IS NOT NULL', [endpointId]);
      const endpoint = await manager.findOneBy(WebhookEndpoint, { id: endpointId });
      if (!endpoint || endpoint.status !== WebhookEndpointStatus.ACTIVE) return;
      if (endpoint.nextAttemptAt && endpoint.nextAttemptAt.getTime() > Date.now()) return this.retryAt(endpoint.nextAttemptAt.getTime() - Date.now());
      const audience = new OrganizationAudience(endpoint.organizationId, manager);
      const pending = await manager.find(WebhookDelivery, { where: { endpointId, status: WebhookDeliveryStatus.PENDING }, order: { createdAt: 'ASC' } });

      const resend = pending.find((delivery) => delivery.kind === WebhookDeliveryKind.RESEND);
      if (resend) {
        if ((await this.resend(manager, endpoint, resend, audience)) !== 'delivered') return;
        continue;
      }

      const events = await manager.find(ActivityEvent, {
        where: { organizationId: endpoint.organizationId, position: MoreThan(endpoint.cursor) },
        order: { position: 'ASC' },
        take: batchSize,
      });
      if (events.length === 0) return;
      const retrying = new Map(pending.map((delivery) => [delivery.eventId, delivery]));
      let passed = endpoint.cursor;
      let interrupted = false;
      for (const event of events) {
        if (this.stopped) return;
        if (!endpoint.eventTypes.includes(event.type) || !(await audience.mayReceive(event))) {
          passed = event.position!;
          continue;
        }
        const delivery =
          retrying.get(event.id) ??
          manager.create(WebhookDelivery, {
            id: randomUUID(),
            endpointId,
            organizationId: endpoint.organizationId,
            eventId: event.id,
            position: event.position!,
            eventType: event.type,
            kind: WebhookDeliveryKind.STREAM,
            attempts: 0,
          });
        // The log row and the cursor are written in one statement after the 2xx (one commit per event).
        const outcome = await this.attempt(manager, endpoint, delivery, event, retrying.has(event.id), event.position!);
        if (outcome === 'interrupted') {
          interrupted = true; // replayed, disabled or deleted meanwhile: start over from the row
          break;
        }
        if (outcome !== 'delivered') return;
        passed = event.position!;
      }
      if (!interrupted && passed > endpoint.cursor) await this.advance(manager, endpoint, passed);
    }
  }

  /** Commits the cursor (and a success), unless a replay is pending or the endpoint was disabled meanwhile. */
  private async advance(manager: EntityManager, endpoint: WebhookEndpoint, position: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(WebhookEndpoint)
      .set({ cursor: position })
      .where("id = :id AND rewind_to IS NULL AND status = 'ACTIVE'", { id: endpoint.id })
      .execute();
    endpoint.cursor = position;
    return (result.affected ?? 0) > 0;
  }

  private async resend(manager: EntityManager, endpoint: WebhookEndpoint, delivery: WebhookDelivery, audience: OrganizationAudience): Promise<Outcome> {
    const event = await manager.findOneBy(ActivityEvent, { id: delivery.eventId });
    if (!event || !(await audience.mayReceive(event))) {
      await manager.update(
        WebhookDelivery,
        { id: delivery.id },
        { status: WebhookDeliveryStatus.FAILED, error: 'The event is no longer the organization’s to see.' },
      );
      return 'delivered';
    }
    return this.attempt(manager, endpoint, delivery, event, true);
  }

  /** One attempt, recorded in the delivery log; on failure the endpoint backs off (or is disabled). */
  private async attempt(
    manager: EntityManager,
    endpoint: WebhookEndpoint,
    delivery: WebhookDelivery,
    event: ActivityEvent,
    stored: boolean,
    /** For the stream: the cursor to commit with the success ('interrupted' when a replay or a disable came first). */
    advanceTo?: number,
  ): Promise<Outcome> {
    await this.rates.take(endpoint.organizationId, this.abort.signal);
    if (this.stopped) return 'stopped';
    const result = await this.send(endpoint, delivery, event);
    if (result.aborted) return 'stopped';
    const now = new Date();
    const record = {
      attempts: delivery.attempts + 1,
      responseStatus: result.status,
      latencyMs: result.latencyMs,
      error: result.error,
      lastAttemptAt: now,
    };
    if (result.ok) {
      const committed = await this.recordSuccess(manager, endpoint, delivery, stored, record, advanceTo);
      if (endpoint.consecutiveFailures > 0 || !endpoint.lastSuccessAt || now.getTime() - endpoint.lastSuccessAt.getTime() > 1000) {
        await manager.update(WebhookEndpoint, { id: endpoint.id }, { consecutiveFailures: 0, failingSince: null, nextAttemptAt: null, lastSuccessAt: now });
        Object.assign(endpoint, { consecutiveFailures: 0, failingSince: null, nextAttemptAt: null, lastSuccessAt: now });
      }
      if (!committed) return 'interrupted';
      if (advanceTo !== undefined) endpoint.cursor = advanceTo;
      return 'delivered';
    }

    const failures = endpoint.consecutiveFailures + 1;
    const failingSince = endpoint.failingSince ?? now;
    const sustained = failures >= minFailuresToDisable && now.getTime() - failingSince.getTime() >= this.config.webhooks.disableAfterMs;
    const delay = backoffMs(failures, this.config.webhooks.backoffBaseMs, this.config.webhooks.backoffMaxMs);
    const nextAttemptAt = sustained ? null : new Date(now.getTime() + delay);
    const reason = `No successful delivery since ${failingSince.toISOString()} (${failures} failed attempts; the last: ${result.error}).`;
    await manager.transaction(async (tx) => {
      const failed = { ...record, status: sustained ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING, nextAttemptAt };
      if (stored) await tx.update(WebhookDelivery, { id: delivery.id }, failed);
      else await tx.insert(WebhookDelivery, { ...delivery, ...failed });
      await tx.update(
        WebhookEndpoint,
        { id: endpoint.id },
        {
          consecutiveFailures: failures,
          failingSince,
          nextAttemptAt,
          ...(sustained ? { status: WebhookEndpointStatus.DISABLED, disabledReason: reason } : {}),
        },
      );
      if (sustained) {
        await tx.update(
          WebhookDelivery,
          { endpointId: endpoint.id, status: WebhookDeliveryStatus.PENDING },
          { status: WebhookDeliveryStatus.FAILED, nextAttemptAt: null },
        );
        await recordEvent(tx, WebhookEndpointDisabled, {
          subject: endpoint,
          actorId: null,
          summary: `Webhook endpoint ${endpoint.url} was disabled after failing for too long`,
          payload: { endpointId: endpoint.id, url: endpoint.url, reason, consecutiveFailures: failures },
        });
      }
    });
    Object.assign(endpoint, { consecutiveFailures: failures, failingSince, nextAttemptAt });
    if (sustained) {
      this.log.warn({ endpointId: endpoint.id, failures }, 'webhooks: endpoint disabled after sustained failure');
      this.kickPublisher();
    } else {
      this.retryAt(delay);
    }
    return 'failed';
  }

  /**
   * The success in the log and, for the stream, the cursor moved past the event, in one statement
   * (one commit). False when the cursor could not move: a replay is pending, or the endpoint was
   * disabled or deleted meanwhile.
   */
  private async recordSuccess(
    manager: EntityManager,
    endpoint: WebhookEndpoint,
    delivery: WebhookDelivery,
    stored: boolean,
    record: { attempts: number; responseStatus: number | null; latencyMs: number; lastAttemptAt: Date },
    advanceTo: number | undefined,
  ): Promise<boolean> {
    const parameters: unknown[] = [delivery.id, record.attempts, record.responseStatus, record.latencyMs, record.lastAttemptAt];
    const log = stored
      ? `UPDATE webhook_deliveries SET status = 'SUCCEEDED', attempts = $2, response_status = $3, latency_ms = $4, error = NULL,
           next_attempt_at = NULL, last_attempt_at = $5, delivered_at = $5 WHERE id = $1`
      : `INSERT INTO webhook_deliveries (id, endpoint_id, organization_id, event_id, position, event_type, kind, status, attempts, response_status, latency_ms, last_attempt_at, delivered_at)
         VALUES ($1, $6, $7, $8, $9, $10, $11, 'SUCCEEDED', $2, $3, $4, $5, $5)`;
    if (!stored) parameters.push(delivery.endpointId, delivery.organizationId, delivery.eventId, delivery.position, delivery.eventType, delivery.kind);
    if (advanceTo === undefined) {
      await manager.query(log, parameters);
      return true;
    }
    parameters.push(advanceTo, endpoint.id);
    const moved = await manager.queryRunner!.query(
      `WITH logged AS (${log})
       UPDATE webhook_endpoints SET cursor = $${parameters.length - 1} WHERE id = $${parameters.length} AND rewind_to IS NULL AND status = 'ACTIVE'`,
      parameters,
      true,
    );
    return (moved.affected ?? 0) > 0;
  }

  private send(endpoint: WebhookEndpoint, delivery: WebhookDelivery, event: ActivityEvent): Promise<SendResult> {
    const body = JSON.stringify(webhookPayload(event));
    const messageId = toGlobalId('ActivityEvent', event.id);
    const timestamp = Math.floor(Date.now() / 1000);
    const vault = webhookSecretVault(this.config.billing.payoutMethodsKey);
    const secrets = [vault.open(endpoint.secret, endpoint.organizationId)];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > Date.now()) {
      secrets.push(vault.open(endpoint.previousSecret, endpoint.organizationId));
    }
    const headers = {
      'webhook-id': messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, messageId, timestamp, body),
      'webhook-delivery-id': toGlobalId('WebhookDelivery', delivery.id),
      'webhook-event-type': event.type,
    };
    return sendWebhook(endpoint.url, body, headers, {
      timeoutMs: this.config.webhooks.timeoutMs,
      allowPrivateAddresses: this.config.webhooks.allowPrivateAddresses,
      signal: this.abort.signal,
    });
  }

  private retryAt(delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.retries.delete(timer);
        this.wake();
      },
      Math.max(0, delayMs) + 5,
    );
    timer.unref();
    this.retries.add(timer);
  }
}

/** Exponential backoff with jitter: the n-th failure in a row waits between half and all of base·2^(n−1), at most `max`. */
export function backoffMs(failures: number, base: number, max: number): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** A token bucket per organization: at most `perSecond` deliveries a second to its endpoints, from this instance. */
export class OrganizationRates {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSecond: number) {}

  async take(organizationId: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = performance.now();
      const bucket = this.buckets.get(organizationId) ?? { tokens: this.perSecond, at: now };
      bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
      this.buckets.set(organizationId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      if (signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000)));
    }
  }
}
