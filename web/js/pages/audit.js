// The audit log (/audit, admins): privileged actions, newest first, with a filter over what is
// loaded, "Load older", and the rows shown exported as CSV.
import { get } from '../api.js';
import { $, clear, h, when } from '../dom.js';
import { newest } from '../stale.js';
import { frame } from './frame.js';

const reads = newest();
let ctx = null;
const S = { entries: [], next: null, filter: '' };
const COLS = ['created_at', 'actor_name', 'action', 'target', 'detail', 'address'];

const matches = (a, q) => !q || COLS.some((k) => String(a[k] ?? '').toLowerCase().includes(q));

// One CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break; a leading
// =, +, - or @ is prefixed with ' so a spreadsheet does not run it as a formula.
function csvField(v) {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function exportCsv() {
  const rows = S.entries.filter((a) => matches(a, S.filter));
  const text = [COLS.join(','), ...rows.map((a) => COLS.map((k) => csvField(a[k])).join(','))].join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: 'attune-audit.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function paint() {
  const body = $('#audit-body');
  if (!body) return;
  const rows = S.entries.filter((a) => matches(a, S.filter));
  clear(body).append(...rows.map((a) => h('tr', { 'data-id': a.id },
    h('td', { title: a.created_at }, when(a.created_at)), h('td', {}, a.actor_name || (a.address === 'cli' ? 'command line' : '—')),
    h('td', {}, h('code', {}, a.action)), h('td', {}, a.target), h('td', {}, a.detail), h('td', {}, a.address))));
  $('#audit-count').textContent = rows.length + ' of ' + S.entries.length + ' loaded' + (S.next ? '' : ' (all there are)');
  $('#audit-more').hidden = !S.next;
}

async function more() {
  const fresh = reads.next();
  let r;
  try { r = await get('/api/audit?limit=200' + (S.next ? '&before=' + S.next : '')); } catch (e) { if (fresh()) ctx.fail(e); return; }
  if (!fresh()) return;
  S.entries.push(...r.entries);
  S.next = r.next;
  paint();
}

async function auditPage(pane) {
  S.entries = [];
  S.next = null;
  S.filter = '';
  const filter = h('input', { type: 'search', id: 'audit-filter', placeholder: 'user.role, Maya, token:3 …', 'aria-describedby': 'audit-count' });
  filter.addEventListener('input', () => { S.filter = filter.value.trim().toLowerCase(); paint(); });
  clear(pane).append(frame(ctx, 'Audit log',
    h('p', { class: 'muted' }, 'Every change to users, tokens and settings, by whom and from where, newest first.'),
    h('div', { class: 'toolbar' },
      h('label', { for: 'audit-filter' }, 'Filter'), filter,
      h('span', { class: 'muted small', id: 'audit-count', role: 'status' }),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', id: 'audit-csv', onclick: exportCsv }, 'Export as CSV')),
    h('table', { class: 'grid', id: 'audit' },
      h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Target', 'Detail', 'From'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', { id: 'audit-body' })),
    h('p', {}, h('button', { type: 'button', id: 'audit-more', hidden: true, onclick: more }, 'Load older'))));
  $('#page-title').focus();
  await more();
}

export default {
  mount(pane, c) { ctx = c; return auditPage(pane); },
  leave() { reads.drop(); },
};
