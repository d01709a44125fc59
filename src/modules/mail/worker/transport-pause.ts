/**
 * A provider that says "slow down" (SMTP 454, SES Throttling, HTTP 429) is throttling the account,
 * not refusing the message: asking again with every queued message burns their attempts and keeps
 * the provider angry. So the worker pauses the transport instead, like a circuit breaker:
 *
 *   open ── throttled ──▶ paused (until T) ── T passes ──▶ probing ── one send ──▶ open
 *                            ▲                                │
 *                            └────────── throttled again ─────┘   (the pause doubles, up to `maxMs`)
 *
 * While paused nothing is claimed for the transport; while probing one send at a time goes out, so
 * with a full queue exactly one message meets the provider per pause window. A pause lasts the
 * provider's Retry-After when it gave one, else `baseMs · 2^(n-1)` for the n-th pause in a row,
 * capped at `maxMs`. The state is per process: another worker learns of a throttle from its own sends.
 */
export interface PauseSettings {
  baseMs: number;
  maxMs: number;
}

/** Longest Retry-After honoured: a provider asking for more is asked again after this. */
const RETRY_AFTER_CAP_MS = 60 * 60_000;

interface State {
  /** When the current pause began; a send started before it says nothing about the provider now. */
  since: number;
  until: number;
  /** Pauses in a row without a successful probe between them. */
  streak: number;
}

export class TransportPause {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly settings: PauseSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** No pause and no probe pending: the transport may take the worker's full concurrency. */
  isOpen(transport: string): boolean {
    return !this.states.has(transport);
  }

  /** The end of the pause in force, or undefined when the transport may be used. */
  pausedUntil(transport: string): number | undefined {
    const state = this.states.get(transport);
    return state && state.until > this.now() ? state.until : undefined;
  }

  /**
   * How many more sends may start now: 0 while paused, 1 (when none is in flight) while probing
   * after a pause, else what the worker's concurrency leaves.
   */
  allowance(transport: string, inFlight: number, concurrency: number): number {
    const state = this.states.get(transport);
    if (!state) return Math.max(0, concurrency - inFlight);
    if (state.until > this.now()) return 0;
    return inFlight === 0 ? 1 : 0;
  }

  /**
   * A send that started at `startedAt` was throttled. Returns when the transport may be tried
   * again (the messages go back to the queue due then). A send that was already under way when
   * the current pause began does not lengthen it: eight sends throttled together are one event.
   */
  throttled(transport: string, startedAt: number, retryAfterMs?: number): number {
    const now = this.now();
    const state = this.states.get(transport);
    if (state && startedAt < state.since) return Math.max(state.until, now);
    const streak = (state?.streak ?? 0) + 1;
    const wait =
      retryAfterMs !== undefined && retryAfterMs > 0
        ? Math.min(retryAfterMs, RETRY_AFTER_CAP_MS)
        : Math.min(this.settings.maxMs, this.settings.baseMs * 2 ** (streak - 1));
    const until = now + wait;
    this.states.set(transport, { since: now, until, streak });
    return until;
  }

  /**
   * The provider answered a send without throttling (accepted it, or refused it for another
   * reason). Ends a pause only when that send started after the pause began, i.e. it was the probe.
   */
  answered(transport: string, startedAt: number): void {
    const state = this.states.get(transport);
    if (state && startedAt >= state.since && state.until <= this.now()) this.states.delete(transport);
  }
}
