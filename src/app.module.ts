import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule, type Runtime } from './core/core.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { type Role, roleParts } from './roles';

export { type Role, roleParts, ROLES } from './roles';

/**
 * Each part's module is imported only when the role runs that part: a `mailbox` process never
 * loads the API's or the worker's code and libraries (PGlite, pg, BullMQ, ioredis, the AWS SDK,
 * argon2…), which would cost it tens of MB it never uses (docs/mailbox.md, "Memory").
 */
@Module({})
export class AppModule {
  static async forRoot(runtime: Runtime, role: Role = 'all'): Promise<DynamicModule> {
    const parts = roleParts(role);
    const imports: DynamicModule['imports'] = [CoreModule.forRoot(runtime), HealthModule, MetricsModule];
    // Before the worker: the `mailbox` transport of an all-in-one process delivers to it.
    if (parts.mailbox && runtime.config.mailbox.enabled)
      imports.push((await import('./modules/mailbox/mailbox.module.js')).MailboxModule);
    if (parts.api) {
      const [{ RateLimitModule }, { SignupModule }, { EmailsModule }] = await Promise.all([
        import('./modules/rate-limit/rate-limit.module.js'),
        import('./modules/signup/signup.module.js'),
        import('./modules/emails/emails.module.js'),
      ]);
      imports.push(RateLimitModule, SignupModule, EmailsModule);
    }
    if (parts.worker) {
      const [{ MailWorkerModule }, { SignupSendGuardsModule }] = await Promise.all([
        import('./modules/mail/worker/mail-worker.module.js'),
        import('./modules/signup/send-guards.module.js'),
      ]);
      // The guards the worker asks before sending (the password-reset mail's binds its account).
      imports.push(SignupSendGuardsModule, MailWorkerModule.forRoot(runtime.config.profile));
    }
    return { module: AppModule, imports };
  }
}
