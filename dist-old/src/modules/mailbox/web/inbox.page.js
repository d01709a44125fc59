"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MESSAGE_HTML_CSP = exports.INBOX_CSP = void 0;
exports.renderInbox = renderInbox;
const html_1 = require("./html");
/**
 * The page's own policy: only its own script file (no inline script, so nothing injected into the
 * page can run), styles inline, the live feed and deletes to this origin, frames only from this
 * origin (the sandboxed HTML part), forms only back here.
 */
exports.INBOX_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; " +
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/**
 * For a message's HTML part: the `sandbox` directive gives it an opaque origin with scripts, forms
 * and popups disabled even if opened outside the iframe; no network fetches (tracking pixels,
 * remote fonts) are allowed, only inline styles and data: images.
 */
exports.MESSAGE_HTML_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'";
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.4 system-ui,sans-serif;color:#1d2430;background:#f5f6f8}
header{padding:.6rem 1rem;background:#1d2430;color:#fff}header a{color:#fff;text-decoration:none;font-weight:600}
form.search{display:flex;flex-wrap:wrap;gap:.4rem;padding:.6rem 1rem;background:#e9ecf1}
form.search input{flex:1 1 10rem;padding:.4rem;font:inherit;min-width:0}form.search button{padding:.4rem .8rem;font:inherit}
main{display:flex;flex-wrap:wrap}nav{flex:1 1 18rem;max-width:100%;background:#fff;border-right:1px solid #d8dce3}
nav ol{list-style:none;margin:0;padding:0}nav li a{display:block;padding:.5rem 1rem;border-bottom:1px solid #eef0f3;color:inherit;text-decoration:none;overflow-wrap:anywhere}
nav li a.on{background:#e3ecff}nav .meta{font-size:.8rem;color:#5b6472}
article{flex:3 1 24rem;min-width:0;padding:1rem;background:#fff}h1{font-size:1.2rem;margin:.2rem 0 .6rem;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0 0 1rem}dt{color:#5b6472}dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f6f8;padding:.6rem;margin:0 0 1rem}
iframe{width:100%;height:28rem;border:1px solid #d8dce3;background:#fff}code{background:#eef0f3;padding:0 .3rem}
ul.links{padding-left:1.2rem;overflow-wrap:anywhere}.empty{padding:1rem;color:#5b6472}h2{font-size:1rem;margin:1rem 0 .4rem}
header{display:flex;align-items:center;gap:.8rem}header .live{font-size:.8rem;color:#aab3c0}header .live.on{color:#7ee2a8}
header button{margin-left:auto}.auth-pass{color:#1a7f37;font-weight:600}.auth-fail{color:#cf222e;font-weight:600}button.delete{padding:.3rem .7rem;font:inherit;cursor:pointer}
nav li a.new{animation:flash 2s ease-out}@keyframes flash{from{background:#fff6c7}to{background:transparent}}
`;
function listItem(m, page) {
    const on = page.selected?.id === m.id ? ' class="on"' : '';
    const href = `/mailbox${(0, html_1.query)({ to: page.to, q: page.q, id: m.id })}`;
    return `<li id="m-${(0, html_1.escapeHtml)(m.id)}"><a${on} href="${(0, html_1.escapeHtml)(href)}"><div>${(0, html_1.escapeHtml)(m.subject || '(no subject)')}</div>
<div class="meta">${(0, html_1.escapeHtml)(m.from)} → ${(0, html_1.escapeHtml)(m.to.join(', '))}</div><div class="meta">${(0, html_1.escapeHtml)(m.date)} · ${(0, html_1.escapeHtml)(m.size)} bytes</div></a></li>`;
}
function messageView(m) {
    const links = m.links.length
        ? `<h2>Links</h2><ul class="links">${m.links.map((l) => `<li><a href="${(0, html_1.escapeHtml)(l)}" rel="noreferrer noopener" target="_blank">${(0, html_1.escapeHtml)(l)}</a></li>`).join('')}</ul>`
        : '';
    const codes = m.codes.length
        ? `<h2>Codes</h2><p>${m.codes.map((c) => `<code>${(0, html_1.escapeHtml)(c)}</code>`).join(' ')}</p>`
        : '';
    const html = m.html
        ? `<h2>HTML</h2><iframe sandbox title="HTML part" referrerpolicy="no-referrer" src="/mailbox/messages/${(0, html_1.escapeHtml)(m.id)}/html"></iframe>`
        : '';
    const text = m.text ? `<h2>Text</h2><pre>${(0, html_1.escapeHtml)(m.text)}</pre>` : '';
    const attachments = m.attachments.length
        ? `<h2>Attachments</h2><ul class="links">${m.attachments
            .map((a) => `<li><a href="/mailbox/api/messages/${(0, html_1.escapeHtml)(m.id)}/attachments/${(0, html_1.escapeHtml)(a.index)}">${(0, html_1.escapeHtml)(a.filename)}</a> <span class="meta">${(0, html_1.escapeHtml)(a.contentType)} · ${(0, html_1.escapeHtml)(a.size)} bytes</span></li>`)
            .join('')}</ul>`
        : '';
    const dkim = m.auth.dkimDomain ? `${m.auth.dkim} (${m.auth.dkimDomain})` : m.auth.dkim;
    const headers = Object.entries(m.headers)
        .flatMap(([k, values]) => values.map((v) => `<dt>${(0, html_1.escapeHtml)(k)}</dt><dd>${(0, html_1.escapeHtml)(v)}</dd>`))
        .join('');
    return `<article><h1>${(0, html_1.escapeHtml)(m.subject || '(no subject)')}</h1>
<dl><dt>From</dt><dd>${(0, html_1.escapeHtml)(m.from)}</dd><dt>To</dt><dd>${(0, html_1.escapeHtml)(m.to.join(', '))}</dd><dt>Date</dt><dd>${(0, html_1.escapeHtml)(m.date)}</dd>
<dt>DKIM</dt><dd class="auth-${(0, html_1.escapeHtml)(m.auth.dkim)}">${(0, html_1.escapeHtml)(dkim)}</dd><dt>SPF</dt><dd class="auth-${(0, html_1.escapeHtml)(m.auth.spf)}">${(0, html_1.escapeHtml)(m.auth.spf)}</dd>
<dt>Raw</dt><dd><a href="/mailbox/api/messages/${(0, html_1.escapeHtml)(m.id)}/raw">message #${(0, html_1.escapeHtml)(m.id)} (.eml)</a></dd></dl>
<p><button type="button" class="delete" data-delete="${(0, html_1.escapeHtml)(m.id)}">Delete this message</button></p>
${codes}${links}${attachments}${html}${text}<details><summary>All headers</summary><dl>${headers}</dl></details></article>`;
}
/** The whole inbox page, server-rendered; every value is escaped. */
function renderInbox(page) {
    const items = page.messages.map((m) => listItem(m, page)).join('');
    const empty = page.messages.length ? '' : '<p class="empty" id="empty">No messages.</p>';
    const list = `${empty}<ol id="messages">${items}</ol>`;
    const selected = page.selected
        ? messageView(page.selected)
        : '<article><p class="empty">Select a message.</p></article>';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>mailgate mailbox</title><style>${STYLE}</style></head>
<body data-to="${(0, html_1.escapeHtml)(page.to ?? '')}" data-q="${(0, html_1.escapeHtml)(page.q ?? '')}"><header><a href="/mailbox">mailgate mailbox</a>
<span id="live" class="live">static</span><button type="button" class="delete" data-delete="all">Delete all</button></header>
<form class="search" method="get" action="/mailbox">
<input name="to" type="search" placeholder="Recipient" value="${(0, html_1.escapeHtml)(page.to ?? '')}" aria-label="Recipient">
<input name="q" type="search" placeholder="Search subject, sender, text" value="${(0, html_1.escapeHtml)(page.q ?? '')}" aria-label="Search">
<button type="submit">Filter</button></form>
<main><nav aria-label="Messages">${list}</nav>${selected}</main><script src="/mailbox/inbox.js" defer></script></body></html>`;
}
//# sourceMappingURL=inbox.page.js.map