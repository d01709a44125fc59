"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CODE_STYLE = exports.BUTTON_STYLE = void 0;
exports.layout = layout;
/**
 * The HTML frame every template shares: table-free, inline styles only (mail clients drop <style>
 * in places), and a language tag so screen readers pick the right voice.
 */
function layout(locale, title, body) {
    return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,'Segoe UI',Roboto,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;color:#1f2328;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
${body}
</div>
</body>
</html>
`;
}
exports.BUTTON_STYLE = 'display:inline-block;padding:12px 24px;background:#2563eb;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600';
exports.CODE_STYLE = 'font-size:32px;font-weight:700;letter-spacing:8px;font-family:ui-monospace,Menlo,Consolas,monospace;margin:8px 0 16px';
//# sourceMappingURL=layout.js.map