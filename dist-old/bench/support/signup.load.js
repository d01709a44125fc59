"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.signupBodies = signupBodies;
exports.signupLoad = signupLoad;
const autocannon_1 = __importDefault(require("autocannon"));
const node_crypto_1 = require("node:crypto");
/** Bodies a real client would send; every email is new, so each request is a first signup. */
function signupBodies(tag) {
    const run = (0, node_crypto_1.randomBytes)(4).toString('hex');
    let n = 0;
    return () => {
        n++;
        return JSON.stringify({
            name: `Bench User ${n}`,
            email: `bench-${tag}-${run}-${n}@example.com`,
            password: `correct horse battery staple ${run} ${n}`,
        });
    };
}
/**
 * Closed-loop load: `connections` keep-alive connections each send POST /users and wait for the
 * answer before sending the next, for `durationS`. Throughput counts only expected answers.
 */
async function signupLoad(opts, tag) {
    const nextBody = signupBodies(tag);
    const result = await (0, autocannon_1.default)({
        url: opts.url,
        connections: opts.connections,
        duration: opts.durationS,
        timeout: 30,
        requests: [
            {
                method: 'POST',
                path: '/users',
                headers: { 'content-type': 'application/json' },
                setupRequest: (req) => ({ ...req, body: nextBody() }),
            },
        ],
    });
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
    const ok = statusCodes[String(opts.expectStatus)] ?? 0;
    return {
        connections: opts.connections,
        durationS: result.duration,
        ok,
        rps: ok / result.duration,
        statusCodes,
        errors: result.errors,
        timeouts: result.timeouts,
        latencyMs: {
            mean: result.latency.mean,
            p50: result.latency.p50,
            p90: result.latency.p90,
            p99: result.latency.p99,
            max: result.latency.max,
        },
    };
}
//# sourceMappingURL=signup.load.js.map