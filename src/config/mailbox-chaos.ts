/**
 * MAILBOX_CHAOS: faults the dev mailbox's SMTP listener injects so a courier's retry logic can be
 * tested against it (see docs/mailbox.md). Syntax: comma-separated `REPLY:RATE[:COUNT]` rules,
 * e.g. `451:0.3,drop:0.1` or `421:1:2` (the next two messages get 421, then the rule is spent).
 */

export const CHAOS_REPLIES = [421, 451, 454, 550, 'drop'] as const;
export type ChaosReply = (typeof CHAOS_REPLIES)[number];

export interface ChaosRule {
  /** The SMTP reply to the final dot, or 'drop': close the connection without replying. */
  reply: ChaosReply;
  /** The chance, 0–1, that a message meets this rule; 1 is every message. */
  rate: number;
  /** When set, the rule applies to this many more messages and is then spent. */
  count?: number;
}

/** At most this many rules: each message is checked against all of them. */
export const MAX_CHAOS_RULES = 10;

/** Parses the setting; throws an Error whose message says what is wrong, in one line. */
export function parseChaosRules(value: string): ChaosRule[] {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length > MAX_CHAOS_RULES) throw new Error(`at most ${MAX_CHAOS_RULES} rules`);
  return parts.map((part) => {
    const match = /^(421|451|454|550|drop):(\d+(?:\.\d+)?|\.\d+)(?::(\d{1,9}))?$/i.exec(part);
    if (!match)
      throw new Error(
        `rule "${part}" is not REPLY:RATE[:COUNT] with REPLY one of 421, 451, 454, 550, drop (e.g. "451:0.3,drop:0.1")`,
      );
    const rate = Number(match[2]);
    if (rate > 1) throw new Error(`rule "${part}": the rate must be between 0 and 1`);
    const reply = match[1].toLowerCase() === 'drop' ? 'drop' : (Number(match[1]) as ChaosReply);
    const count = match[3] === undefined ? undefined : Number(match[3]);
    if (count === 0) throw new Error(`rule "${part}": a count must be at least 1`);
    return count === undefined ? { reply, rate } : { reply, rate, count };
  });
}
