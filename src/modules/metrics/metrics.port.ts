/**
 * What features report to Prometheus. They call these methods; only the metrics module knows
 * prom-client. Label values come from fixed sets (outcomes, transports, route patterns), never from
 * user input, so a caller cannot grow the number of series.
 */
export type VerificationMethod = 'link' | 'code';
export type VerificationOutcome = 'verified' | 'invalid_token' | 'invalid_code' | 'already_verified';
export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'suppressed' | 'throttled';

/** Messages waiting or in flight, by outbox state (the final states are not counted: they only grow). */
export type QueueDepth = Partial<Record<'queued' | 'sending' | 'retrying', number>>;

export interface AppMetrics {
  /** One HTTP request answered; `route` is the pattern (`/users/:id`), never the raw path. */
  httpRequest(method: string, route: string | undefined, status: number, seconds: number): void;
  /** A pending signup was stored and its challenge mail queued. */
  signupStarted(): void;
  verification(method: VerificationMethod, outcome: VerificationOutcome): void;
  /** One delivery attempt settled by the worker; `seconds` from claim to outcome. */
  delivery(transport: string, outcome: DeliveryOutcome, seconds: number): void;
  /** How to count the queue; called at scrape time, at most every few seconds. */
  setQueueDepthSource(source: () => Promise<QueueDepth>): void;
}

export const METRICS = Symbol('Metrics');
