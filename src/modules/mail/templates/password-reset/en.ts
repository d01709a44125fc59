import type { TemplateSource } from '../template.renderer';
import { BUTTON_STYLE, layout } from '../layout';

export const en: TemplateSource = {
  subject: 'Reset your password',
  html: layout(
    'en',
    'Reset your password',
    `<p>{{name | greeting}}</p>
<p>Someone asked to reset the password of the account with this email address. Choose a new password with the button below.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${BUTTON_STYLE}">Choose a new password</a></p>
<p style="color:#57606a;font-size:14px">The button works once, for {{expiresAt | duration}} (until {{expiresAt | datetime}}).
Asking again makes this one stop working.</p>
<p style="color:#57606a;font-size:14px">If the button does not work, copy this address into your browser:<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>
<p style="color:#57606a;font-size:14px">If you did not ask for this, ignore this email: your password stays as it is.</p>`,
  ),
  text: `{{name | greeting}}

Someone asked to reset the password of the account with this email address. Open this link to choose a new password:
{{link}}

The link works once, for {{expiresAt | duration}} (until {{expiresAt | datetime}}). Asking again makes this one stop working.

If you did not ask for this, ignore this email: your password stays as it is.
`,
};
