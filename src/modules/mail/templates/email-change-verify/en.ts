import type { TemplateSource } from '../template.renderer';
import { BUTTON_STYLE, CODE_STYLE, layout } from '../layout';

export const en: TemplateSource = {
  subject: 'Confirm your new email address',
  html: layout(
    'en',
    'Confirm your new email address',
    `<p>{{name | greeting}}</p>
<p>Someone asked to use this address for their account. Confirm that this address is yours to make the change.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${BUTTON_STYLE}">Confirm my new address</a></p>
<p>Or enter this code where you asked for the change:</p>
<p style="${CODE_STYLE}">{{code}}</p>
<p style="color:#57606a;font-size:14px">The button works for {{linkExpiresAt | duration}} (until {{linkExpiresAt | datetime}}).
The code works for {{codeExpiresAt | duration}} (until {{codeExpiresAt | datetime}}).</p>
<p style="color:#57606a;font-size:14px">If the button does not work, copy this address into your browser:<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>
<p style="color:#57606a;font-size:14px">If you did not ask for this, ignore this email: nothing changes until the address is confirmed.</p>`,
  ),
  text: `{{name | greeting}}

Someone asked to use this address for their account. Confirm that this address is yours to make the change.

Open this link to confirm:
{{link}}

Or enter this code where you asked for the change:

    {{code}}

The link works for {{linkExpiresAt | duration}} (until {{linkExpiresAt | datetime}}).
The code works for {{codeExpiresAt | duration}} (until {{codeExpiresAt | datetime}}).

If you did not ask for this, ignore this email: nothing changes until the address is confirmed.
`,
};
