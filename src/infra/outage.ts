/**
 * A backing service that cannot be reached. Adapters raise (or are classified into) this so the one
 * error filter can answer 503 with a stable code naming the dependency, never the driver's text.
 */
export type Dependency = 'database' | 'redis';

export class DependencyUnavailableError extends Error {
  override name = 'DependencyUnavailableError';
  constructor(
    readonly dependency: Dependency,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable`, options);
  }
}
