import type { TemplateSource } from '../template.renderer';
import { BUTTON_STYLE, layout } from '../layout';

export const ko: TemplateSource = {
  subject: '비밀번호를 재설정해 주세요',
  html: layout(
    'ko',
    '비밀번호를 재설정해 주세요',
    `<p>{{name | greeting}}</p>
<p>이 이메일 주소로 가입된 계정의 비밀번호 재설정이 요청되었습니다. 아래 버튼을 눌러 새 비밀번호를 정해 주세요.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${BUTTON_STYLE}">새 비밀번호 정하기</a></p>
<p style="color:#57606a;font-size:14px">버튼은 {{expiresAt | duration}} 동안({{expiresAt | datetime}}까지) 한 번만 사용할 수 있습니다.
다시 요청하면 이 링크는 더 이상 작동하지 않습니다.</p>
<p style="color:#57606a;font-size:14px">버튼이 작동하지 않으면 아래 주소를 복사해 브라우저에 붙여 넣으세요.<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>
<p style="color:#57606a;font-size:14px">요청하신 적이 없다면 이 메일을 무시하셔도 됩니다. 비밀번호는 바뀌지 않습니다.</p>`,
  ),
  text: `{{name | greeting}}

이 이메일 주소로 가입된 계정의 비밀번호 재설정이 요청되었습니다. 아래 링크를 열어 새 비밀번호를 정해 주세요.
{{link}}

링크는 {{expiresAt | duration}} 동안({{expiresAt | datetime}}까지) 한 번만 사용할 수 있습니다. 다시 요청하면 이 링크는 더 이상 작동하지 않습니다.

요청하신 적이 없다면 이 메일을 무시하셔도 됩니다. 비밀번호는 바뀌지 않습니다.
`,
};
