import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule, type Runtime } from './core/core.module';
import { EmailsModule } from './modules/emails/emails.module';
import { HealthModule } from './modules/health/health.module';
import { MailWorkerModule } from './modules/mail/worker/mail-worker.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { MailboxModule } from './modules/mailbox/mailbox.module';
import { RateLimitModule } from './modules/rate-limit/rate-limit.module';
import { SignupModule } from './modules/signup/signup.module';
import { type Role, roleParts } from './roles';

export { type Role, roleParts, ROLES } from './roles';

@Module({})
export class AppModule {
  static forRoot(runtime: Runtime, role: Role = 'all'): DynamicModule {
    const parts = roleParts(role);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(runtime),
        HealthModule,
        MetricsModule,
        // Before the worker: the `mailbox` transport of an all-in-one process delivers to it.
        ...(parts.mailbox && runtime.config.mailbox.enabled ? [MailboxModule] : []),
        ...(parts.api ? [RateLimitModule, SignupModule, EmailsModule] : []),
        ...(parts.worker ? [MailWorkerModule.forRoot(runtime.config.profile)] : []),
      ],
    };
  }
}
