"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.round = void 0;
exports.percentile = percentile;
exports.summarize = summarize;
/** Nearest-rank percentile of an ascending array (no interpolation: every value was observed). */
function percentile(sorted, p) {
    if (sorted.length === 0)
        return NaN;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
function summarize(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
    return {
        n: sorted.length,
        mean,
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted.length ? sorted[sorted.length - 1] : NaN,
    };
}
const round = (v, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
exports.round = round;
//# sourceMappingURL=stats.js.map