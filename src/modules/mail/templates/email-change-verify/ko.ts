import type { TemplateSource } from '../template.renderer';
import { BUTTON_STYLE, CODE_STYLE, layout } from '../layout';

export const ko: TemplateSource = {
  subject: '새 이메일 주소를 확인해 주세요',
  html: layout(
    'ko',
    '새 이메일 주소를 확인해 주세요',
    `<p>{{name | greeting}}</p>
<p>이 주소를 계정의 새 이메일 주소로 쓰겠다는 요청이 있었습니다. 이 주소가 본인의 것임을 확인하시면 변경이 완료됩니다.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${BUTTON_STYLE}">새 주소 확인하기</a></p>
<p>또는 변경을 요청한 화면에 아래 코드를 입력해 주세요.</p>
<p style="${CODE_STYLE}">{{code}}</p>
<p style="color:#57606a;font-size:14px">버튼은 {{linkExpiresAt | duration}} 동안({{linkExpiresAt | datetime}}까지) 사용할 수 있습니다.
코드는 {{codeExpiresAt | duration}} 동안({{codeExpiresAt | datetime}}까지) 사용할 수 있습니다.</p>
<p style="color:#57606a;font-size:14px">버튼이 작동하지 않으면 아래 주소를 복사해 브라우저에 붙여 넣으세요.<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>
<p style="color:#57606a;font-size:14px">요청하신 적이 없다면 이 메일을 무시하셔도 됩니다. 주소가 확인되기 전에는 아무것도 바뀌지 않습니다.</p>`,
  ),
  text: `{{name | greeting}}

이 주소를 계정의 새 이메일 주소로 쓰겠다는 요청이 있었습니다. 이 주소가 본인의 것임을 확인하시면 변경이 완료됩니다.

아래 링크를 열어 확인해 주세요.
{{link}}

또는 변경을 요청한 화면에 아래 코드를 입력해 주세요.

    {{code}}

링크는 {{linkExpiresAt | duration}} 동안({{linkExpiresAt | datetime}}까지) 사용할 수 있습니다.
코드는 {{codeExpiresAt | duration}} 동안({{codeExpiresAt | datetime}}까지) 사용할 수 있습니다.

요청하신 적이 없다면 이 메일을 무시하셔도 됩니다. 주소가 확인되기 전에는 아무것도 바뀌지 않습니다.
`,
};
