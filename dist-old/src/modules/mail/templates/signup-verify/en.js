"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.en = void 0;
const layout_1 = require("../layout");
exports.en = {
    subject: 'Confirm your email address',
    html: (0, layout_1.layout)('en', 'Confirm your email address', `<p>{{name | greeting}}</p>
<p>Thanks for signing up. Confirm that this address is yours to finish creating your account.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${layout_1.BUTTON_STYLE}">Confirm my email address</a></p>
<p>Or enter this code on the sign-up page:</p>
<p style="${layout_1.CODE_STYLE}">{{code}}</p>
<p style="color:#57606a;font-size:14px">The button works for {{linkExpiresAt | duration}} (until {{linkExpiresAt | datetime}}).
The code works for {{codeExpiresAt | duration}} (until {{codeExpiresAt | datetime}}).</p>
<p style="color:#57606a;font-size:14px">If the button does not work, copy this address into your browser:<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>
<p style="color:#57606a;font-size:14px">If you did not sign up, ignore this email: no account is created until the address is confirmed.</p>`),
    text: `{{name | greeting}}

Thanks for signing up. Confirm that this address is yours to finish creating your account.

Open this link to confirm:
{{link}}

Or enter this code on the sign-up page:

    {{code}}

The link works for {{linkExpiresAt | duration}} (until {{linkExpiresAt | datetime}}).
The code works for {{codeExpiresAt | duration}} (until {{codeExpiresAt | datetime}}).

If you did not sign up, ignore this email: no account is created until the address is confirmed.
`,
};
//# sourceMappingURL=en.js.map