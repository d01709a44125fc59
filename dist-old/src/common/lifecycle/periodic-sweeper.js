"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PeriodicSweeper = exports.SWEEP_EVERY_MS = void 0;
/** How often housekeeping runs: expired rows are already ignored by reads, so this only bounds growth. */
exports.SWEEP_EVERY_MS = 60_000;
/**
 * Deletes expired rows once a minute while the app runs (pending signups, rate-limit windows,
 * idempotency keys), so the stores do not grow without end. A failed sweep is logged and retried
 * at the next tick; the timer never keeps the process alive.
 */
class PeriodicSweeper {
    log;
    what;
    timer;
    constructor(log, 
    /** What is swept, for the log lines ("expired pending signups"). */
    what) {
        this.log = log;
        this.what = what;
    }
    onApplicationBootstrap() {
        this.timer = setInterval(() => void this.sweep(), exports.SWEEP_EVERY_MS);
        this.timer.unref();
    }
    onApplicationShutdown() {
        clearInterval(this.timer);
    }
    async sweep() {
        try {
            const removed = await this.remove();
            if (removed > 0)
                this.log.debug({ removed }, `${this.what} swept`);
            return removed;
        }
        catch (err) {
            this.log.warn({ err }, `sweeping ${this.what} failed`);
            return 0;
        }
    }
}
exports.PeriodicSweeper = PeriodicSweeper;
//# sourceMappingURL=periodic-sweeper.js.map