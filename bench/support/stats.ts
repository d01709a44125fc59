/** Latency summaries for samples the benchmarks time themselves (autocannon has its own). */
export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (no interpolation: every value was observed). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values: readonly number[]): Summary {
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

export const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The median as `summarize` takes it (nearest rank), of an array it may reorder. */
function medianInPlace(values: Float64Array): number {
  values.sort();
  return values[Math.max(1, Math.ceil(values.length / 2)) - 1];
}

/** A small seeded generator (mulberry32), so a report's interval can be computed again. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  confidence: number;
}

/**
 * median(a) − median(b) with a percentile-bootstrap confidence interval: each sample is resampled
 * with replacement on its own, `resamples` times. Unlike comparing the difference with the spread
 * of single requests (MAD), this says how well the difference itself is known: with enough
 * requests a real gap far below the per-request noise still shows, as an interval that excludes 0.
 */
export function medianDifference(
  a: readonly number[],
  b: readonly number[],
  resamples = 2000,
  confidence = 0.95,
  seed = 1,
): Interval {
  const random = seeded(seed);
  const draw = (from: readonly number[], into: Float64Array) => {
    for (let i = 0; i < into.length; i++) into[i] = from[Math.floor(random() * from.length)];
    return medianInPlace(into);
  };
  const ra = new Float64Array(a.length);
  const rb = new Float64Array(b.length);
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) diffs[r] = draw(a, ra) - draw(b, rb);
  const estimate = medianInPlace(Float64Array.from(a)) - medianInPlace(Float64Array.from(b));
  return percentileInterval(estimate, diffs, confidence);
}

/** The estimate with the central `confidence` share of its bootstrap draws (sorted here) around it. */
function percentileInterval(estimate: number, draws: Float64Array, confidence: number): Interval {
  draws.sort();
  const tail = (1 - confidence) / 2;
  return {
    estimate,
    low: draws[Math.floor(tail * draws.length)],
    high: draws[Math.min(draws.length - 1, Math.ceil((1 - tail) * draws.length) - 1)],
    confidence,
  };
}

/**
 * The median of the per-round differences a[i] − b[i] of paired samples (taken next to each other),
 * with a percentile-bootstrap interval over the rounds. Each pair saw nearly the same machine, so
 * load that drifts over the run cancels out; the interval is then much narrower than that of the
 * difference of medians on a busy machine.
 */
export function pairedMedianDifference(
  a: readonly number[],
  b: readonly number[],
  resamples = 2000,
  confidence = 0.95,
  seed = 1,
): Interval {
  const n = Math.min(a.length, b.length);
  const d = Array.from({ length: n }, (_, i) => a[i] - b[i]);
  const random = seeded(seed);
  const sample = new Float64Array(n);
  const medians = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = d[Math.floor(random() * n)];
    medians[r] = medianInPlace(sample);
  }
  return percentileInterval(medianInPlace(Float64Array.from(d)), medians, confidence);
}

/** Median absolute deviation around the median: the spread of single values, robust to outliers. */
export function medianAbsDeviation(values: readonly number[]): number {
  const p50 = summarize(values).p50;
  return summarize(values.map((v) => Math.abs(v - p50))).p50;
}
