import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule, type Runtime } from './core/core.module';
import { EmailsModule } from './modules/emails/emails.module';
import { HealthModule } from './modules/health/health.module';
import { MailModule } from './modules/mail/mail.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { MailboxModule } from './modules/mailbox/mailbox.module';
import { RateLimitModule } from './modules/rate-limit/rate-limit.module';
import { SignupModule } from './modules/signup/signup.module';

@Module({})
export class AppModule {
  static forRoot(runtime: Runtime): DynamicModule {
    const mailbox = runtime.config.mailbox.enabled ? [MailboxModule] : [];
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(runtime),
        HealthModule,
        MetricsModule,
        RateLimitModule,
        ...mailbox,
        MailModule,
        SignupModule,
        EmailsModule,
      ],
    };
  }
}
