"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ko = void 0;
const layout_1 = require("../layout");
exports.ko = {
    subject: '누군가 회원님의 이메일 주소로 가입을 시도했습니다',
    html: (0, layout_1.layout)('ko', '누군가 회원님의 이메일 주소로 가입을 시도했습니다', `<p>{{name | greeting}}</p>
<p>방금 누군가 이 이메일 주소로 새 계정을 만들려고 했지만, 이 주소로는 이미 가입된 계정이 있습니다.</p>
<p>본인이 시도하셨다면 기존 비밀번호로 로그인해 주세요. 비밀번호가 기억나지 않으면 비밀번호를 재설정하실 수 있습니다.</p>
<p style="color:#57606a;font-size:14px">본인이 시도하지 않으셨다면 이 메일을 무시하셔도 됩니다. 회원님의 계정에는 아무 변화도 없습니다.</p>`),
    text: `{{name | greeting}}

방금 누군가 이 이메일 주소로 새 계정을 만들려고 했지만, 이 주소로는 이미 가입된 계정이 있습니다.

본인이 시도하셨다면 기존 비밀번호로 로그인해 주세요. 비밀번호가 기억나지 않으면 비밀번호를 재설정하실 수 있습니다.

본인이 시도하지 않으셨다면 이 메일을 무시하셔도 됩니다. 회원님의 계정에는 아무 변화도 없습니다.
`,
};
//# sourceMappingURL=ko.js.map