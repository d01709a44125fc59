"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.en = void 0;
const layout_1 = require("../layout");
exports.en = {
    subject: 'Someone tried to sign up with your email address',
    html: (0, layout_1.layout)('en', 'Someone tried to sign up with your email address', `<p>{{name | greeting}}</p>
<p>Someone just tried to create an account with this email address, but you already have an account with us.</p>
<p>If it was you, log in with your existing password, or reset your password if you have forgotten it.</p>
<p style="color:#57606a;font-size:14px">If it was not you, ignore this email: nothing about your account has changed.</p>`),
    text: `{{name | greeting}}

Someone just tried to create an account with this email address, but you already have an account with us.

If it was you, log in with your existing password, or reset your password if you have forgotten it.

If it was not you, ignore this email: nothing about your account has changed.
`,
};
//# sourceMappingURL=en.js.map