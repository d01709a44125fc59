/**
 * The one error type that crosses layers. `code` is part of the public contract: clients branch on
 * it, so codes are never renamed. Each feature lists its codes in its own `*.errors.ts`.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(
    spec: ErrorSpec,
    readonly fields?: Record<string, string>,
    /** Seconds to put in Retry-After (429 and 503). */
    readonly retryAfter?: number,
    message?: string,
  ) {
    super(message ?? spec.message);
    this.name = 'AppError';
    this.status = spec.status;
    this.code = spec.code;
  }
}

/** Declares a feature's catalogue with literal codes, so a typo in a code is a compile error. */
export function defineErrors<T extends Record<string, ErrorSpec>>(catalogue: T): T {
  return catalogue;
}
