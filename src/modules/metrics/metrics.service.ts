import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type {
  AppMetrics,
  DeliveryOutcome,
  QueueDepth,
  VerificationMethod,
  VerificationOutcome,
} from './metrics.port';

/** Queue depth is read from the store at most this often, however often Prometheus scrapes. */
const QUEUE_DEPTH_TTL_MS = 5_000;
/** A scrape never waits longer than this for the store; the last known depth is shown instead. */
const QUEUE_DEPTH_TIMEOUT_MS = 500;
const QUEUE_STATES = ['queued', 'sending', 'retrying'] as const;

/**
 * The Prometheus registry of one app instance. Not prom-client's global registry: several apps in
 * one process (tests) each count their own traffic.
 */
@Injectable()
export class MetricsService implements AppMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly httpTotal: Counter<'method' | 'route' | 'status'>;
  private readonly signups: Counter;
  private readonly verifications: Counter<'method' | 'outcome'>;
  private readonly deliveries: Counter<'transport' | 'outcome'>;
  private readonly attemptDuration: Histogram<'transport' | 'outcome'>;
  private queueDepthSource?: () => Promise<QueueDepth>;
  private queueDepth: { at: number; value: QueueDepth } = { at: 0, value: {} };

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpTotal = new Counter({
      name: 'mailgate_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'mailgate_http_request_duration_seconds',
      help: 'Time from request received to response sent, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.signups = new Counter({
      name: 'mailgate_signups_started_total',
      help: 'Pending signups stored with their verification mail queued (POST /users for a new address).',
      registers,
    });
    this.verifications = new Counter({
      name: 'mailgate_verifications_total',
      help: 'Verification attempts by method (link, code) and outcome.',
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.deliveries = new Counter({
      name: 'mailgate_mail_deliveries_total',
      help: 'Delivery attempts settled by the worker, by transport and outcome (sent, retry, failed, suppressed).',
      labelNames: ['transport', 'outcome'],
      registers,
    });
    this.attemptDuration = new Histogram({
      name: 'mailgate_mail_attempt_duration_seconds',
      help: 'Time of one delivery attempt (render, send, record), by transport and outcome.',
      labelNames: ['transport', 'outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    const depth = () => this.readQueueDepth();
    new Gauge({
      name: 'mailgate_outbox_messages',
      help: 'Messages not yet final, by state (queued, sending, retrying); read from the store at most every 5 s.',
      labelNames: ['state'],
      registers,
      async collect() {
        const value = await depth();
        for (const state of QUEUE_STATES) this.set({ state }, value[state] ?? 0);
      },
    });
  }

  httpRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    // Unmatched paths (404s, scanners) share one label value: raw paths would be unbounded.
    const labels = { method, route: route ?? 'unmatched', status: String(status) };
    this.httpTotal.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  signupStarted(): void {
    this.signups.inc();
  }

  verification(method: VerificationMethod, outcome: VerificationOutcome): void {
    this.verifications.inc({ method, outcome });
  }

  delivery(transport: string, outcome: DeliveryOutcome, seconds: number): void {
    this.deliveries.inc({ transport, outcome });
    this.attemptDuration.observe({ transport, outcome }, seconds);
  }

  setQueueDepthSource(source: () => Promise<QueueDepth>): void {
    this.queueDepthSource = source;
  }

  /** The Prometheus text exposition of everything above plus the process metrics. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async readQueueDepth(): Promise<QueueDepth> {
    const source = this.queueDepthSource;
    if (!source || Date.now() - this.queueDepth.at < QUEUE_DEPTH_TTL_MS) return this.queueDepth.value;
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        source(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('queue depth timed out')), QUEUE_DEPTH_TIMEOUT_MS);
        }),
      ]);
      this.queueDepth = { at: Date.now(), value };
    } catch {
      // The store is down or slow: a scrape still answers (with the last depth); /health says why.
    } finally {
      clearTimeout(timer);
    }
    return this.queueDepth.value;
  }
}
