"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PasswordHasher = exports.Gate = void 0;
const node_os_1 = require("node:os");
const argon2_1 = require("@node-rs/argon2");
/**
 * argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1). Hashing happens before anything is stored,
 * so the clear password exists only for the length of the request.
 */
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };
/**
 * At most one argon2 job per core in flight. The hashes run on libuv's thread pool, which also
 * serves file I/O (the dev mailbox's writes and fsyncs, PGlite's files): with 16 hashes queued
 * there, a 0.2 ms fsync waits behind 16 × 25 ms of hashing and the mail worker starves (measured in
 * bench/, docs/benchmarks.md). Extra requests wait here instead, in arrival order.
 */
class Gate {
    limit;
    active = 0;
    waiting = [];
    constructor(limit) {
        this.limit = limit;
    }
    async run(work) {
        if (this.active >= this.limit)
            await new Promise((resolve) => this.waiting.push(resolve));
        else
            this.active++;
        try {
            return await work();
        }
        finally {
            const next = this.waiting.shift();
            if (next)
                next();
            else
                this.active--;
        }
    }
}
exports.Gate = Gate;
class PasswordHasher {
    gate = new Gate(Math.max(1, (0, node_os_1.availableParallelism)()));
    /**
     * Verified against when no account matches, so "no such user" costs what "wrong password" costs.
     * Made at start-up, so not even the first unknown address pays for an extra hash.
     */
    dummy = this.hash('mailgate-dummy-password');
    hash(password) {
        return this.gate.run(() => (0, argon2_1.hash)(password, OPTIONS));
    }
    async verify(stored, password) {
        if (stored === undefined) {
            const dummy = await this.dummy;
            await this.gate.run(() => (0, argon2_1.verify)(dummy, password));
            return false;
        }
        try {
            return await this.gate.run(() => (0, argon2_1.verify)(stored, password));
        }
        catch {
            return false;
        }
    }
}
exports.PasswordHasher = PasswordHasher;
//# sourceMappingURL=password.hasher.js.map