import { Injectable } from '@nestjs/common';

export interface HealthResult {
  ok: boolean;
  /** Shown in /health when failing: say what is wrong and what to do. */
  detail?: string;
  /** Healthy but unsafe (e.g. Redis may evict keys): shown under `warnings`, the status stays 200. */
  warning?: string;
}

/** Anything /health should report on: the database, the queue, a transport's credentials. */
export interface HealthCheck {
  name: string;
  check(): Promise<HealthResult>;
}

/** Modules register their checks at start-up; /health runs them all in parallel. */
@Injectable()
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];
  private stopping = false;

  /**
   * The process is shutting down: /health answers 503 from now on, so a load balancer stops
   * sending requests while in-flight ones and the worker drain.
   */
  beginShutdown(): void {
    this.stopping = true;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  register(check: HealthCheck): void {
    this.checks.push(check);
  }

  list(): readonly HealthCheck[] {
    return this.checks;
  }
}
