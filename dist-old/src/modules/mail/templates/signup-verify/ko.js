"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ko = void 0;
const layout_1 = require("../layout");
exports.ko = {
    subject: '이메일 주소를 확인해 주세요',
    html: (0, layout_1.layout)('ko', '이메일 주소를 확인해 주세요', `<p>{{name | greeting}}</p>
<p>가입해 주셔서 감사합니다. 이 주소가 본인의 것임을 확인하시면 계정 만들기가 끝납니다.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${layout_1.BUTTON_STYLE}">이메일 주소 확인하기</a></p>
<p>또는 가입 화면에 아래 코드를 입력해 주세요.</p>
<p style="${layout_1.CODE_STYLE}">{{code}}</p>
<p style="color:#57606a;font-size:14px">버튼은 {{linkExpiresAt | duration}} 동안({{linkExpiresAt | datetime}}까지) 사용할 수 있습니다.
코드는 {{codeExpiresAt | duration}} 동안({{codeExpiresAt | datetime}}까지) 사용할 수 있습니다.</p>
<p style="color:#57606a;font-size:14px">버튼이 작동하지 않으면 아래 주소를 복사해 브라우저에 붙여 넣으세요.<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>
<p style="color:#57606a;font-size:14px">가입하신 적이 없다면 이 메일을 무시하셔도 됩니다. 주소가 확인되기 전에는 계정이 만들어지지 않습니다.</p>`),
    text: `{{name | greeting}}

가입해 주셔서 감사합니다. 이 주소가 본인의 것임을 확인하시면 계정 만들기가 끝납니다.

아래 링크를 열어 확인해 주세요.
{{link}}

또는 가입 화면에 아래 코드를 입력해 주세요.

    {{code}}

링크는 {{linkExpiresAt | duration}} 동안({{linkExpiresAt | datetime}}까지) 사용할 수 있습니다.
코드는 {{codeExpiresAt | duration}} 동안({{codeExpiresAt | datetime}}까지) 사용할 수 있습니다.

가입하신 적이 없다면 이 메일을 무시하셔도 됩니다. 주소가 확인되기 전에는 계정이 만들어지지 않습니다.
`,
};
//# sourceMappingURL=ko.js.map