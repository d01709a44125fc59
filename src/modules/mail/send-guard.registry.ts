import type { SendGuard, SendGuards } from './mail.port';

/** SEND_GUARDS: one guard per template, registered once (at module init, before the worker starts). */
export class SendGuardRegistry implements SendGuards {
  private readonly guards = new Map<string, SendGuard>();

  register(template: string, guard: SendGuard): void {
    if (this.guards.has(template)) throw new Error(`a send guard for "${template}" is already registered`);
    this.guards.set(template, guard);
  }

  find(template: string): SendGuard | undefined {
    return this.guards.get(template);
  }
}
