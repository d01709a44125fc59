import type { TemplateSource } from '../template.renderer';
import { layout } from '../layout';

export const en: TemplateSource = {
  subject: 'Your password was changed',
  html: layout(
    'en',
    'Your password was changed',
    `<p>{{name | greeting}}</p>
<p>The password of your account was changed on {{changedAt | datetime}} with a reset link sent to this address. Everywhere you were signed in, you have been signed out.</p>
<p style="color:#57606a;font-size:14px">If this was you, there is nothing more to do.
If it was not you, someone can read this mailbox: secure it, then ask for a new password reset right away.</p>`,
  ),
  text: `{{name | greeting}}

The password of your account was changed on {{changedAt | datetime}} with a reset link sent to this address. Everywhere you were signed in, you have been signed out.

If this was you, there is nothing more to do.
If it was not you, someone can read this mailbox: secure it, then ask for a new password reset right away.
`,
};
