import type { SendGuard, SendGuards } from './mail.port';
import { GUARDED_TEMPLATES } from './templates/template.registry';

/**
 * SEND_GUARDS: one guard per template, registered once (at module init, before the worker starts).
 * A template whose mail may only go out through its guard (GUARDED_TEMPLATES) fails closed: with no
 * guard registered in this process, `find` throws and MailDelivery retries the message later (and
 * logs why) instead of sending it as stored.
 */
export class SendGuardRegistry implements SendGuards {
  private readonly guards = new Map<string, SendGuard>();

  constructor(private readonly required: ReadonlySet<string> = new Set(GUARDED_TEMPLATES)) {}

  register(template: string, guard: SendGuard): void {
    if (this.guards.has(template)) throw new Error(`a send guard for "${template}" is already registered`);
    this.guards.set(template, guard);
  }

  find(template: string): SendGuard | undefined {
    const guard = this.guards.get(template);
    if (!guard && this.required.has(template))
      throw new Error(
        `no send guard is registered for "${template}" in this process: a process that runs the mail worker must load the module that provides it (src/modules/signup/send-guards.module.ts)`,
      );
    return guard;
  }
}
