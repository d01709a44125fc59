import type { TemplateSource } from '../template.renderer';
import { BUTTON_STYLE, layout } from '../layout';

export const ko: TemplateSource = {
  subject: '계정 이메일 주소 변경이 요청되었습니다',
  html: layout(
    'ko',
    '계정 이메일 주소 변경이 요청되었습니다',
    `<p>{{name | greeting}}</p>
<p>회원님 계정에 로그인한 누군가가 이메일 주소를 <strong>{{newEmail}}</strong>(으)로 바꾸도록 요청했습니다. 그 주소가 확인되면 변경됩니다.</p>
<p>본인이 요청하셨다면 하실 일은 없습니다. 본인이 아니라면 되돌려 주세요. 아래 버튼은 변경을 취소하고(이미 확인되었다면 이 주소로 되돌리고) 모든 곳에서 로그아웃시킵니다.</p>
<p style="margin:24px 0"><a href="{{link}}" style="${BUTTON_STYLE}">제가 아닙니다: 되돌리기</a></p>
<p style="color:#57606a;font-size:14px">버튼은 {{undoExpiresAt | duration}} 동안({{undoExpiresAt | datetime}}까지) 사용할 수 있습니다.
본인이 아니라면 누군가 비밀번호를 알고 있습니다. 되돌린 뒤 비밀번호도 재설정해 주세요.</p>
<p style="color:#57606a;font-size:14px">버튼이 작동하지 않으면 아래 주소를 복사해 브라우저에 붙여 넣으세요.<br>
<a href="{{link}}" style="color:#2563eb;word-break:break-all">{{link}}</a></p>`,
  ),
  text: `{{name | greeting}}

회원님 계정에 로그인한 누군가가 이메일 주소를 {{newEmail}}(으)로 바꾸도록 요청했습니다. 그 주소가 확인되면 변경됩니다.

본인이 요청하셨다면 하실 일은 없습니다. 본인이 아니라면 아래 링크로 되돌려 주세요. 변경을 취소하고(이미 확인되었다면 이 주소로 되돌리고) 모든 곳에서 로그아웃시킵니다.
{{link}}

링크는 {{undoExpiresAt | duration}} 동안({{undoExpiresAt | datetime}}까지) 사용할 수 있습니다.
본인이 아니라면 누군가 비밀번호를 알고 있습니다. 되돌린 뒤 비밀번호도 재설정해 주세요.
`,
};
