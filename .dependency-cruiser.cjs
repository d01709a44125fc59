/**
 * The layer rules of STYLE.md, checked in `npm test` rather than hoped for.
 * - shared layers (common, config, infra, core) never reach into a feature;
 * - a feature uses another only through its public surface (`*.port.ts`, `*.module.ts`, `*.events.ts`);
 * - outside libraries are touched only by the adapter files that exist for them.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'shared-layers-stay-below-features',
      severity: 'error',
      from: { path: '^src/(common|config|infra)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'features-use-each-others-public-surface-only',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/([^/]+)/',
        pathNot: ['^src/modules/$1/', '\\.(port|module|events|public)\\.ts$'],
      },
    },
    {
      name: 'pglite-only-in-its-adapter',
      severity: 'error',
      from: { pathNot: '^src/infra/db/pglite\\.db\\.ts$' },
      to: { path: 'node_modules/@electric-sql/pglite' },
    },
    {
      name: 'nodemailer-only-in-transports-and-mailbox',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/modules/mail/transports/', '^src/modules/mailbox/'] },
      to: { path: 'node_modules/nodemailer/' },
    },
    {
      name: 'bullmq-only-in-the-mail-queue-and-its-worker',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [
          '^src/modules/mail/queue/bullmq\\.mail-queue\\.ts$',
          '^src/modules/mail/worker/queue\\.worker\\.ts$',
        ],
      },
      to: { path: 'node_modules/bullmq/' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^dist/' },
  },
};
