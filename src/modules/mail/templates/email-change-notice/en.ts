import type { TemplateSource } from '../template.renderer';
import { BUTTON_STYLE, layout } from '../layout';

export const en: TemplateSource = {
  subject: 'Your account email address is being changed',
  html: layout(
    'en',
    'Your account email address is being changed',
    `<p>{{name | greeting}}</p>
<p>Someone signed in to your account asked to change its email address to <strong>{{newEmail}}</strong>. The change happens once that address is confirmed.</p>
<p>If this was you, there is nothing to do. If it was not you, undo it: the button cancels the change (or puts this address back if it was already confirmed) and signs out everywhere.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${BUTTON_STYLE}">This was not me: undo</a></p>
<p style="color:#57606a;font-size:14px">The button works for {{undoExpiresAt | duration}} (until {{undoExpiresAt | datetime}}).
If it was not you, someone knows your password: after undoing, reset your password too.</p>
<p style="color:#57606a;font-size:14px">If the button does not work, copy this address into your browser:<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>`,
  ),
  text: `{{name | greeting}}

Someone signed in to your account asked to change its email address to {{newEmail}}. The change happens once that address is confirmed.

If this was you, there is nothing to do. If it was not you, undo it with this link: it cancels the change (or puts this address back if it was already confirmed) and signs out everywhere.
{{link}}

The link works for {{undoExpiresAt | duration}} (until {{undoExpiresAt | datetime}}).
If it was not you, someone knows your password: after undoing, reset your password too.
`,
};
