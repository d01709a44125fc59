import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule, type Runtime } from './core/core.module';
import { EmailsModule } from './modules/emails/emails.module';
import { HealthModule } from './modules/health/health.module';
import { MailWorkerModule } from './modules/mail/worker/mail-worker.module';
import { MailboxModule } from './modules/mailbox/mailbox.module';
import { RateLimitModule } from './modules/rate-limit/rate-limit.module';
import { SignupModule } from './modules/signup/signup.module';

/**
 * The parts of mailgate a process can run (CONTRACT §1): `all` is `npm start`, the others are
 * `npx mailgate api | worker | mailbox` for the distributed profile.
 */
export const ROLES = ['all', 'api', 'worker', 'mailbox'] as const;
export type Role = (typeof ROLES)[number];

/** Which parts a role runs; `all` runs every one (the mailbox only when MAILBOX=on). */
export function roleParts(role: Role): { api: boolean; worker: boolean; mailbox: boolean } {
  return {
    api: role === 'all' || role === 'api',
    worker: role === 'all' || role === 'worker',
    mailbox: role === 'all' || role === 'mailbox',
  };
}

@Module({})
export class AppModule {
  static forRoot(runtime: Runtime, role: Role = 'all'): DynamicModule {
    const parts = roleParts(role);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(runtime),
        HealthModule,
        // Before the worker: the `mailbox` transport of an all-in-one process delivers to it.
        ...(parts.mailbox && runtime.config.mailbox.enabled ? [MailboxModule] : []),
        ...(parts.api ? [RateLimitModule, SignupModule, EmailsModule] : []),
        ...(parts.worker ? [MailWorkerModule.forRoot(runtime.config.profile)] : []),
      ],
    };
  }
}
