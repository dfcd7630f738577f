import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { formatDelay, MAX_RETRY_AFTER_MS, retryDelay } from '@outport/connector-sdk';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { Alert, AlertChannel, AlertDelivery } from '../database/entities/index.js';
import { JOB_QUEUE, type JobQueue } from '../runs/queue/job-queue.js';
import { JobRouter } from '../runs/queue/job-router.js';
import { AlertSender } from './alert-sender.js';
import { DeliveryError } from './delivery-error.js';

/** The backoff never grows beyond this. */
const MAX_DELAY_MS = 15 * 60_000;
/** A pending delivery whose attempt is this late lost its job (the embedded queue lives in memory): it is queued again at boot. */
const STALE_AFTER_MS = 5 * 60_000;

export const deliveryJobId = (deliveryId: string, attempt: number): string => `alert-delivery:${deliveryId}:${attempt}`;

/**
 * Delivers alerts as queue jobs, one attempt per job, so any API or worker process can send what
 * another raised. A failure that may pass (a 5xx, a timeout, a 4xx SMTP reply) is tried again later
 * with exponential backoff and full jitter (the SDK's `retryDelay`, or the receiver's Retry-After),
 * up to OUTPORT_ALERT_ATTEMPTS attempts; then, or at once for a failure that will not pass (a refused
 * address, a wrong password, a 4xx from the webhook), the delivery is recorded as failed with the reason.
 */
@Injectable()
export class AlertDeliverer implements OnApplicationBootstrap {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly db: Database,
    private readonly sender: AlertSender,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CONFIG) private readonly config: Config,
    router: JobRouter,
  ) {
    router.on('alert-delivery', (job) => this.db.run(() => this.attempt(job.deliveryId)));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.processJobs) return;
    await this.db.run(async () => {
      const stale = new Date(Date.now() - STALE_AFTER_MS);
      const pending = await this.db.em.find(AlertDelivery, { status: 'pending', $or: [{ nextAttemptAt: { $lt: stale } }, { nextAttemptAt: null, createdAt: { $lt: stale } }] }, { limit: 1000 });
      await this.queue.addBulk(pending.map((d) => ({ job: { kind: 'alert-delivery' as const, deliveryId: d.id }, options: { jobId: deliveryJobId(d.id, d.attempts + 1) } })));
    });
  }

  async attempt(deliveryId: string): Promise<void> {
    const em = this.db.em;
    const delivery = await em.findOne(AlertDelivery, { id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return;
    // Claimed by attempt number: a job handed out twice (a stalled worker) sends once.
    const attempt = delivery.attempts + 1;
    const claimed = await em.nativeUpdate(AlertDelivery, { id: deliveryId, status: 'pending', attempts: delivery.attempts }, { attempts: attempt, nextAttemptAt: null });
    if (claimed === 0) return;
    const [alert, channel] = await Promise.all([em.findOne(Alert, { id: delivery.alert }), em.findOne(AlertChannel, { id: delivery.channel })]);
    if (!alert || !channel) return;
    if (!channel.enabled) return this.settle(deliveryId, 'skipped', 'The channel was switched off before the alert went out.');
    try {
      const outcome = await this.sender.send(channel, alert.id, alert.facts, deliveryId);
      if (outcome.sent) return this.settle(deliveryId, 'delivered', outcome.note);
      return this.settle(deliveryId, 'skipped', outcome.reason);
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('The delivery failed unexpectedly; see the server log.', true);
      if (!(error instanceof DeliveryError)) this.logger.error(`Alert delivery ${deliveryId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (failure.retryable && attempt < this.config.alertAttempts) {
        const delayMs = failure.retryAfterMs !== undefined ? Math.min(failure.retryAfterMs, MAX_RETRY_AFTER_MS) : retryDelay(attempt, { baseDelayMs: this.config.alertRetryBaseMs, maxDelayMs: MAX_DELAY_MS });
        const nextAttemptAt = new Date(Date.now() + delayMs);
        await em.nativeUpdate(AlertDelivery, { id: deliveryId }, { lastError: `${failure.message} Trying again in ${formatDelay(delayMs)} (attempt ${attempt + 1} of ${this.config.alertAttempts}).`, nextAttemptAt });
        await this.queue.add({ kind: 'alert-delivery', deliveryId }, { jobId: deliveryJobId(deliveryId, attempt + 1), delayMs });
        return;
      }
      const why = failure.retryable ? `${failure.message} Gave up after ${attempt} attempt(s).` : failure.message;
      this.logger.warn(`Alert ${alert.event} to channel "${channel.name}" failed: ${why}`);
      return this.settle(deliveryId, 'failed', why);
    }
  }

  private async settle(deliveryId: string, status: 'delivered' | 'failed' | 'skipped', note: string | null): Promise<void> {
    await this.db.em.nativeUpdate(AlertDelivery, { id: deliveryId }, { status, lastError: note, finishedAt: new Date(), nextAttemptAt: null });
  }
}
