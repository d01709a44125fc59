"use strict";
/**
 * MAILBOX_CHAOS: faults the dev mailbox's SMTP listener injects so a courier's retry logic can be
 * tested against it (see docs/mailbox.md). Syntax: comma-separated `REPLY:RATE[:COUNT]` rules,
 * e.g. `451:0.3,drop:0.1` or `421:1:2` (the next two messages get 421, then the rule is spent).
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_CHAOS_RULES = exports.CHAOS_REPLIES = void 0;
exports.parseChaosRules = parseChaosRules;
exports.CHAOS_REPLIES = [421, 451, 454, 550, 'drop'];
/** At most this many rules: each message is checked against all of them. */
exports.MAX_CHAOS_RULES = 10;
/** Parses the setting; throws an Error whose message says what is wrong, in one line. */
function parseChaosRules(value) {
    const parts = value
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
    if (parts.length > exports.MAX_CHAOS_RULES)
        throw new Error(`at most ${exports.MAX_CHAOS_RULES} rules`);
    return parts.map((part) => {
        const match = /^(421|451|454|550|drop):(\d+(?:\.\d+)?|\.\d+)(?::(\d{1,9}))?$/i.exec(part);
        if (!match)
            throw new Error(`rule "${part}" is not REPLY:RATE[:COUNT] with REPLY one of 421, 451, 454, 550, drop (e.g. "451:0.3,drop:0.1")`);
        const rate = Number(match[2]);
        if (rate > 1)
            throw new Error(`rule "${part}": the rate must be between 0 and 1`);
        const reply = match[1].toLowerCase() === 'drop' ? 'drop' : Number(match[1]);
        const count = match[3] === undefined ? undefined : Number(match[3]);
        if (count === 0)
            throw new Error(`rule "${part}": a count must be at least 1`);
        return count === undefined ? { reply, rate } : { reply, rate, count };
    });
}
//# sourceMappingURL=mailbox-chaos.js.map