"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.INBOX_SCRIPT = void 0;
/**
 * The web inbox's only script, served from this origin (CSP `script-src 'self'`). It adds what a
 * server-rendered page cannot: new messages appear without a reload (Server-Sent Events) and the
 * delete buttons work. Everything from a message is inserted with textContent, never as HTML.
 */
exports.INBOX_SCRIPT = `'use strict';
(function () {
  var body = document.body;
  var to = body.getAttribute('data-to') || '';
  var q = (body.getAttribute('data-q') || '').toLowerCase();
  var list = document.getElementById('messages');
  var status = document.getElementById('live');

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function matches(m) {
    if (!q) return true;
    return [m.subject, m.from, m.to.join(' ')].join(' ').toLowerCase().indexOf(q) !== -1;
  }

  function add(m) {
    if (!matches(m) || document.getElementById('m-' + m.id)) return;
    var empty = document.getElementById('empty');
    if (empty) empty.remove();
    var params = new URLSearchParams();
    if (to) params.set('to', to);
    if (q) params.set('q', body.getAttribute('data-q'));
    params.set('id', String(m.id));
    var li = el('li');
    li.id = 'm-' + m.id;
    var a = el('a', 'new');
    a.href = '/mailbox?' + params.toString();
    a.appendChild(el('div', '', m.subject || '(no subject)'));
    a.appendChild(el('div', 'meta', m.from + ' \\u2192 ' + m.to.join(', ')));
    a.appendChild(el('div', 'meta', m.date + ' \\u00b7 ' + m.size + ' bytes'));
    li.appendChild(a);
    list.insertBefore(li, list.firstChild);
  }

  if (window.EventSource && list) {
    var source = new EventSource('/mailbox/api/events' + (to ? '?to=' + encodeURIComponent(to) : ''));
    source.addEventListener('open', function () { status.textContent = 'live'; status.className = 'live on'; });
    source.addEventListener('error', function () { status.textContent = 'reconnecting'; status.className = 'live'; });
    source.addEventListener('message', function (event) { add(JSON.parse(event.data)); });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-delete]');
    if (!button) return;
    var id = button.getAttribute('data-delete');
    if (id === 'all' && !window.confirm('Delete every message?')) return;
    var url = id === 'all' ? '/mailbox/api/messages' : '/mailbox/api/messages/' + encodeURIComponent(id);
    button.disabled = true;
    fetch(url, { method: 'DELETE' }).then(function (res) {
      if (!res.ok && res.status !== 404) throw new Error('HTTP ' + res.status);
      var params = new URLSearchParams(location.search);
      params.delete('id');
      var rest = params.toString();
      location.assign('/mailbox' + (rest ? '?' + rest : ''));
    }).catch(function (err) {
      button.disabled = false;
      window.alert('Delete failed: ' + err.message);
    });
  });
})();
`;
//# sourceMappingURL=inbox.script.js.map