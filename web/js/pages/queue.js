// The queue beside every page: the views with their counts, the tickets of a view, a search or
// a customer, and "Show more". As a page (/ and /views/NAME) it also fills the main pane with
// the invitation to choose a ticket.
import { get } from '../api.js';
import { $, ago, clear, h, when, words } from '../dom.js';
import { announce } from '../live.js';
import { newest } from '../stale.js';
import { slaText, slaTitle } from '../sla.js';
import { setWaiting } from '../title.js';
import * as bulk from './bulk.js';
import { CLOCKS, SORTS, VIEWS, moodTone } from '../vocabulary.js';

const Q = { view: 'open', sort: '', list: [], more: null, searching: '', customerFilter: null, currentId: null };
const lists = newest(); // the tickets of a view or a search: the newest request wins
const counts = newest(); // the views' counts
let ctx = null;

export function moodBadge(mood, title) {
  if (!mood) return null;
  return h('span', { class: 'badge mood ' + moodTone(mood), title: title || 'how the customer feels' }, mood);
}

// ---- the views ------------------------------------------------------------------------------

async function loadViews() {
  const ul = $('#views');
  if (!ul) return;
  const fresh = counts.next();
  let n = {};
  try {
    const r = await get('/api/views');
    if (!fresh()) return;
    n = Object.fromEntries(r.views.map((v) => [v.name, v.count]));
    setWaiting(n.mine || 0);
  } catch (e) { if (fresh() && e.status !== 0) ctx.fail(e); /* offline: the notice says so */ return; }
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.view : null;
  clear(ul).append(...VIEWS.map(([name, label], i) => {
    const active = Q.view === name && !Q.searching && !Q.customerFilter;
    const a = h('a', { href: '/views/' + name, 'data-view': name, 'aria-current': active ? 'page' : null,
      title: label + ' (' + (i + 1) + ')',
      onclick: (ev) => { ev.preventDefault(); showView(name); } },
    h('span', {}, label), h('span', { class: 'count', 'aria-label': (n[name] ?? 0) + ' tickets' }, String(n[name] ?? 0)));
    return h('li', {}, a);
  }));
  if (focused) { const a = ul.querySelector('[data-view="' + focused + '"]'); if (a) a.focus(); }
}

export function showView(name) {
  Q.view = name;
  Q.searching = '';
  Q.customerFilter = null;
  $('#search').value = '';
  ctx.go('/views/' + name);
}

export const currentView = () => Q.view;

// ---- service levels -------------------------------------------------------------------------

function slaBadge(sla) {
  if (!sla) return null;
  const open = CLOCKS.map(([k, l]) => [l, sla[k]]).filter(([, c]) => c && !c.met_at);
  open.sort((a, b) => a[1].minutes_left - b[1].minutes_left || (b[1].late_minutes || 0) - (a[1].late_minutes || 0));
  const [label, c] = open[0] || ['resolution', sla.resolution || { state: 'met', minutes_left: 0 }];
  return h('span', { class: 'badge sla ' + c.state, title: 'SLA (' + sla.policy + '): ' + label + (c.due_at ? ', ' + slaTitle(c) : '') },
    'SLA ' + slaText(c));
}

// ---- the list -------------------------------------------------------------------------------

function queueRow(t) {
  const waiting = !t.first_response_at && (t.status === 'new' || t.status === 'open');
  const link = h('a', {
    href: '/tickets/' + t.number, class: 'row', 'data-id': t.id, 'aria-current': Q.currentId === t.id ? 'true' : null,
    onclick: (ev) => { ev.preventDefault(); ctx.go('/tickets/' + t.number); },
  },
  h('span', { class: 'row-top' }, h('span', { class: 'cust' }, t.customer_name),
    h('span', { class: 'age', title: 'updated ' + when(t.updated_at) }, ago(t.updated_at))),
  h('span', { class: 'subject' }, h('span', { class: 'muted number' }, '#' + t.number), ' ', t.subject),
  t.snippet ? h('span', { class: 'snippet' }, snippet(t.snippet)) : null,
  h('span', { class: 'row-bottom' },
    h('span', { class: 'prio ' + t.priority, title: 'priority' }, t.priority),
    h('span', { class: 'status ' + t.status }, words(t.status)),
    slaBadge(t.sla),
    t.triage ? h('span', { class: 'muted triage-score', title: 'triage score: how much the ticket needs us now' }, 'triage ' + t.triage.score) : null,
    waiting ? h('span', { class: 'badge waiting', title: 'no reply yet; opened ' + ago(t.created_at) }, 'awaiting reply') : null,
    moodBadge(t.mood),
    h('span', { class: 'spacer' }),
    h('span', { class: 'muted assignee' }, t.assignee_name || 'unassigned')));
  return h('li', { class: 'pickable' }, bulk.checkbox(t), link);
}

// A search snippet marks matches in [ ]; show them as marks, as text.
function snippet(s) {
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let pos = 0;
  let m;
  while ((m = re.exec(s))) {
    out.push(s.slice(pos, m.index), h('mark', {}, m[1]));
    pos = m.index + m[0].length;
  }
  out.push(s.slice(pos));
  return out;
}

function renderQueue(title, extra) {
  const body = $('#queue-body');
  if (!body) return;
  $('#queue-title').textContent = title;
  const hadFocus = document.activeElement && document.activeElement.closest && document.activeElement.closest('#queue-body');
  const focusId = hadFocus && document.activeElement.dataset.id;
  const scroll = body.scrollTop;
  clear(body);
  bulk.prune(Q.list);
  body.append(h('div', { id: 'bulk-bar', class: 'bulk-bar', role: 'toolbar', 'aria-label': 'Change the selected tickets', hidden: true }));
  if (extra) body.append(extra);
  body.append(Q.list.length ? h('ol', { class: 'rows' }, Q.list.map(queueRow))
    : h('p', { class: 'empty-list muted' }, Q.searching ? 'No tickets match.' : 'Nothing here. Nice.'));
  if (Q.more) body.append(h('p', { class: 'more' }, h('button', { type: 'button', id: 'more', onclick: loadMore }, 'Show more')));
  bulk.paint();
  body.scrollTop = scroll;
  if (focusId) { const a = body.querySelector('[data-id="' + focusId + '"]'); if (a) a.focus(); }
}

async function loadMore() {
  const more = Q.more;
  if (!more) return;
  const fresh = lists.now(); // a list read again meanwhile makes this page of the old one stale
  try {
    const r = await get(more.url + '&cursor=' + encodeURIComponent(more.next));
    if (!fresh()) return;
    const seen = new Set(Q.list.map((t) => t.id));
    const got = r[more.key].filter((t) => !seen.has(t.id));
    Q.list.push(...got);
    Q.more = r.next && got.length ? { ...more, next: r.next } : null;
    renderQueue($('#queue-title').textContent, $('#queue-body .people'));
    const first = got.length && document.querySelector('#queue-body a[data-id="' + got[0].id + '"]');
    if (first) first.focus();
  } catch (e) { if (fresh()) ctx.fail(e); }
}

async function loadQueue() {
  if (Q.searching) return search(Q.searching, true);
  let url = '/api/tickets?limit=' + Math.min(200, Math.max(100, Q.list.length));
  let title;
  if (Q.customerFilter) {
    url += '&view=all&customer_id=' + Q.customerFilter.id;
    title = 'Tickets of ' + Q.customerFilter.name;
  } else {
    url += '&view=' + Q.view;
    title = VIEWS.find((v) => v[0] === Q.view)[1];
  }
  if (Q.sort) url += '&sort=' + Q.sort;
  const fresh = lists.next();
  try {
    const r = await get(url);
    if (!fresh()) return;
    Q.list = r.tickets;
    Q.more = r.next ? { url, next: r.next, key: 'tickets' } : null;
    renderQueue(title);
  } catch (e) { if (fresh() && e.status !== 0) ctx.fail(e); /* offline: the notice says so */ }
}

// Searches tickets and customers for `q` (the search box); an empty `q` goes back to the view.
export async function search(q, quiet) {
  if (!q) { Q.searching = ''; loadViews(); loadQueue(); return; }
  const fresh = lists.next();
  try {
    const [r, c] = await Promise.all([get('/api/search?limit=50&q=' + encodeURIComponent(q)),
      get('/api/customers?limit=8&q=' + encodeURIComponent(q)).catch(() => ({ customers: [] }))]);
    if (!fresh()) return;
    // "1039" or "#1039" that names a ticket opens it
    const num = q.match(/^#?(\d+)$/);
    if (num && r.results.length && String(r.results[0].number) === num[1]) {
      ctx.go('/tickets/' + num[1]);
      return;
    }
    Q.searching = q;
    Q.customerFilter = null;
    Q.list = r.results;
    Q.more = r.next ? { url: '/api/search?limit=50&q=' + encodeURIComponent(q), next: r.next, key: 'results' } : null;
    if (!quiet) loadViews();
    const people = c.customers.length ? h('div', { class: 'people', 'aria-labelledby': 'people-title', role: 'group' },
      h('h3', { id: 'people-title' }, 'Customers'),
      h('ul', {}, c.customers.map((x) => h('li', {}, h('button', { type: 'button', class: 'linkish',
        onclick: () => { Q.customerFilter = x; Q.searching = ''; loadViews(); loadQueue(); } },
      x.name), ' ', h('span', { class: 'muted' }, x.email + ' · ' + x.ticket_count + (x.ticket_count === 1 ? ' ticket' : ' tickets')))))) : null;
    renderQueue('Results for “' + q + '”', people);
    if (!quiet) announce(r.results.length + ' tickets found');
  } catch (e) { if (fresh()) ctx.fail(e); }
}

// The queue's column of the frame: its title, the sort and the list.
export function section() {
  return h('section', { class: 'queue', id: 'queue', 'aria-labelledby': 'queue-title', tabindex: '-1' },
    h('div', { class: 'queue-head' }, h('h2', { id: 'queue-title' }, ''),
      h('label', { class: 'sort' }, h('span', { class: 'sr-only' }, 'Sort by'),
        h('select', { id: 'sort', onchange: (ev) => { Q.sort = ev.target.value; loadQueue(); } },
          SORTS.map(([v, l]) => h('option', { value: v, selected: Q.sort === v }, 'Sort: ' + l))))),
    h('div', { id: 'queue-body', class: 'queue-body' }));
}

// ---- what the other pages ask of the queue --------------------------------------------------

// Called once by the shell when the frame is built. c: { fail(e), go(path) -> Promise }.
export function attach(c) {
  ctx = c;
  bulk.attach({ users: c.users, fail: c.fail, changed: (ids) => { refresh(); if (c.changed) c.changed(ids); },
    ticket: (id) => Q.list.find((t) => t.id === id) });
  Q.list = [];
  Q.currentId = null;
}

// Reads the views and the queue again (after a change, or when the poll saw one).
export function refresh() { loadViews(); loadQueue(); }

// Reads them unless a list is already shown.
export function ensure() { if (!Q.list.length) refresh(); }

// Marks ticket `id` (or none) as the one open beside the queue.
export function markCurrent(id) {
  Q.currentId = id;
  for (const a of document.querySelectorAll('#queue-body a.row')) {
    if (Number(a.dataset.id) === id) a.setAttribute('aria-current', 'true'); else a.removeAttribute('aria-current');
  }
}

// Opens the next (step 1) or previous (-1) ticket of the queue; the focus follows in the queue.
function move(step) {
  if (!Q.list.length) return;
  const i = Q.currentId !== null ? Q.list.findIndex((t) => t.id === Q.currentId) : -1;
  const next = Q.list[Math.max(0, Math.min(Q.list.length - 1, i < 0 && step < 0 ? 0 : i + step))];
  Promise.resolve(ctx.go('/tickets/' + next.number)).then(() => {
    const a = document.querySelector('#queue-body a[data-id="' + next.id + '"]');
    if (a) { a.focus({ preventScroll: true }); a.scrollIntoView({ block: 'nearest' }); }
  });
}

// ---- the page -------------------------------------------------------------------------------

function emptyPane(pane) {
  clear(pane).append(h('div', { class: 'empty' },
    h('p', {}, 'Choose a ticket from the queue.'),
    h('p', { class: 'muted' }, 'Press ', h('kbd', {}, 'j'), ' for the first one, ', h('kbd', {}, '?'), ' for all shortcuts.')));
}

export default {
  // params: [path, view name]; opts.keep: back from a ticket, the list stays as it was
  mount(pane, _ctx, params, opts = {}) {
    markCurrent(null);
    emptyPane(pane);
    if (opts.keep) return;
    if (params[1] && VIEWS.some((v) => v[0] === params[1])) Q.view = params[1];
    Q.searching = '';
    Q.customerFilter = null;
    refresh();
  },
  keys: [
    { show: 'j / k', does: 'next / previous ticket', keys: { j: () => move(1), k: () => move(-1) } },
    { show: 'Enter', does: 'open the ticket in focus', keys: {} },
    { show: 'x', does: 'select the ticket in focus (or open) for a change to several', keys: { x: () => {
      const a = document.activeElement && document.activeElement.closest ? document.activeElement.closest('#queue-body a.row') : null;
      const id = a ? Number(a.dataset.id) : Q.currentId;
      if (id === null || id === undefined) return false;
      bulk.toggle(id);
    } } },
  ],
};
