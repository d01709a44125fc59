import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../../config/config';
import type { ChaosReply, ChaosRule } from '../../../config/mailbox-chaos';
import { CONFIG } from '../../../core/tokens';

/**
 * The faults the dev mailbox's SMTP listener injects (MAILBOX_CHAOS, `/mailbox/api/chaos`): for
 * each message, the first rule that fires decides its fate. A rule with `rate: 1` always fires and
 * one with a `count` fires for that many messages and is then spent, so tests need no luck.
 */
@Injectable()
export class SmtpChaos {
  private rules: ChaosRule[];

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.rules = config.mailbox.chaos.map((r) => ({ ...r }));
  }

  /** The rules in force, counts showing what is left. */
  current(): ChaosRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  set(rules: readonly ChaosRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  /** What to do with the next message: a reply code, 'drop', or undefined to store it normally. */
  draw(random: () => number = Math.random): ChaosReply | undefined {
    for (const rule of this.rules) {
      if (rule.rate < 1 && !(random() < rule.rate)) continue;
      if (rule.count !== undefined) {
        rule.count--;
        if (rule.count === 0) this.rules = this.rules.filter((r) => r !== rule);
      }
      return rule.reply;
    }
    return undefined;
  }
}
