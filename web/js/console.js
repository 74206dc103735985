// The agent console: queues, a ticket with the customer beside it, and the coach by the composer.
import { ApiError, api, del, get, login, me, patch, post, setCsrf } from './api.js';
import { $, ago, byteIndex, clear, h, highlighted, moodTone, toast, when, words } from './dom.js';
import { feedbackPage } from './feedback.js';
import { messageFiles, otherFiles, ticketFiles } from './attachments.js';
import { quarantinePage } from './quarantine.js';

const VIEWS = [['mine', 'My open tickets'], ['unassigned', 'Unassigned'], ['open', 'All open'],
  ['pending', 'Pending'], ['solved', 'Recently solved'], ['all', 'All tickets'],
  ['at_risk', 'SLA at risk'], ['breached', 'SLA breached']];
const SORTS = [['', 'Need'], ['triage', 'Triage score'], ['due', 'SLA due'], ['newest', 'Newest'],
  ['oldest', 'Oldest'], ['updated', 'Recently updated']];
const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const RUBRIC = {
  greeting: 'Greets by name', acknowledge: 'Names the feeling', apology: 'Apologises',
  ownership: 'Takes ownership', next_step: 'Next step with a time', alternatives: 'Offers another way',
  thanks: 'Thanks the customer', dismissive: 'Dismissive', blame: 'Blames the customer',
  assumption: 'Assumes', jargon: 'Jargon', shouting: 'Shouting', policy: 'Hides behind policy',
};
const HURTS = new Set(['dismissive', 'blame', 'assumption', 'jargon', 'shouting', 'policy']);
const HELP_KEYS = [['j / k', 'next / previous ticket'], ['Enter', 'open the ticket in focus'],
  ['r', 'write a reply'], ['n', 'write an internal note'], ['Ctrl+Enter', 'send'],
  ['Alt+1 … Alt+5', 'apply a suggestion of the coach'], ['m', 'insert a macro'], ['a', 'assign the ticket to me'],
  ['e', 'show or hide the evidence'], ['/', 'search'], ['1 … 8', 'switch view'], ['?', 'this help'],
  ['Esc', 'leave the field, close a dialog']];

const S = {
  user: null, users: [], view: 'open', sort: '', list: [], searching: '', customerFilter: null,
  current: null, customer: null, msgIds: new Set(), since: 0, mode: 'public', evidence: false,
  coachTimer: 0, coachSeq: 0, suggestions: [], macros: null, pollTimer: 0, files: null,
};
const app = $('#app');

// ---- helpers --------------------------------------------------------------------------------

function firstName(c) {
  if (!c) return '';
  return c.preferred_name || (c.name || '').split(' ')[0] || '';
}

function userName(id) {
  const u = S.users.find((x) => String(x.id) === String(id));
  return u ? u.name : id ? '#' + id : 'nobody';
}

function fromCustomer(m) { return m.author_customer_id !== null && m.author_customer_id !== undefined; }

function mainMood(a) {
  if (!a) return null;
  const svc = (a.service || []).filter((s) => s !== 'neutral');
  if (svc.length) return svc[0];
  const emo = (a.emotions || []).filter((e) => e !== 'neutral');
  return emo.length ? emo[0] : 'neutral';
}

function moodBadge(mood, title) {
  if (!mood) return null;
  return h('span', { class: 'badge mood ' + moodTone(mood), title: title || 'how the customer feels' }, mood);
}

function announce(text) {
  const live = $('#live');
  if (live) { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 30); }
}

function fail(e) {
  if (e instanceof ApiError && e.status === 401) { signIn('Your session ended; sign in again.'); return; }
  toast(e.message);
}

// ---- signing in and out ---------------------------------------------------------------------

function signIn(message) {
  S.user = null;
  clearTimeout(S.pollTimer);
  clear(app);
  document.title = 'Sign in · attune';
  const err = h('p', { class: 'error', role: 'alert', id: 'signin-error' }, message || '');
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'attune'),
    h('p', { class: 'muted' }, 'Sign in to the help desk.'),
    h('label', { for: 'email' }, 'Email'),
    h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true }),
    h('label', { for: 'password' }, 'Password'),
    h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    err,
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
    h('p', { class: 'muted small' }, 'Looking for help? ', h('a', { href: '/portal' }, 'Go to the help centre')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const btn = form.querySelector('button');
    btn.disabled = true;
    try {
      const user = await login(form.email.value, form.password.value);
      if (user.role === 'customer') { location.href = '/portal'; return; }
      S.user = user;
      start();
    } catch (e) {
      err.textContent = e.status === 401 ? 'That email and password do not match.' : e.message;
      btn.disabled = false;
      form.password.select();
    }
  });
  app.append(h('main', { class: 'signin-page' }, form));
  form.email.focus();
}

async function signOut() {
  try { await post('/api/logout'); } catch (_) { /* signed out either way */ }
  setCsrf(null);
  history.pushState(null, '', '/');
  signIn('You are signed out.');
}

// ---- the frame ------------------------------------------------------------------------------

function start() {
  clear(app);
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search tickets and customers', 'aria-label': 'Search tickets and customers',
    autocomplete: 'off' });
  const searchForm = h('form', { role: 'search', class: 'search' }, search, h('kbd', { class: 'hint', 'aria-hidden': 'true' }, '/'));
  searchForm.addEventListener('submit', (ev) => { ev.preventDefault(); runSearch(search.value.trim()); });
  const canManage = S.user.role === 'lead' || S.user.role === 'admin';
  app.append(
    h('a', { class: 'skip', href: '#queue' }, 'Skip to the queue'),
    h('header', { class: 'top' },
      h('span', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'attune'),
      searchForm, h('span', { class: 'spacer' }),
      h('span', { class: 'who' }, h('span', { class: 'avatar', 'aria-hidden': 'true' }, S.user.name.slice(0, 1)),
        h('span', { class: 'who-name' }, S.user.name), h('span', { class: 'muted who-role' }, S.user.role)),
      h('button', { type: 'button', class: 'icon', onclick: showHelp, 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)' }, '?'),
      h('button', { type: 'button', onclick: signOut }, 'Sign out')),
    h('div', { class: 'layout', id: 'layout' },
      h('nav', { class: 'views', 'aria-label': 'Views' }, h('ul', { id: 'views' }),
        h('a', { href: '/feedback', class: 'navlink', id: 'nav-feedback', onclick: (ev) => { ev.preventDefault(); go('/feedback'); } }, 'Feedback'),
        canManage ? h('a', { href: '/quarantine', class: 'navlink', id: 'nav-quarantine', onclick: (ev) => { ev.preventDefault(); go('/quarantine'); } }, 'Mail quarantine') : null,
        canManage ? h('a', { href: '/macros', class: 'navlink', id: 'manage-macros', onclick: (ev) => { ev.preventDefault(); go('/macros'); } }, 'Manage macros') : null,
        S.user.role === 'admin' ? h('a', { href: '/settings', class: 'navlink', id: 'nav-settings', onclick: (ev) => { ev.preventDefault(); go('/settings'); } }, 'Team settings') : null),
      h('section', { class: 'queue', id: 'queue', 'aria-labelledby': 'queue-title', tabindex: '-1' },
        h('div', { class: 'queue-head' }, h('h2', { id: 'queue-title' }, ''),
          h('label', { class: 'sort' }, h('span', { class: 'sr-only' }, 'Sort by'),
            h('select', { id: 'sort', onchange: (ev) => { S.sort = ev.target.value; loadQueue(); } },
              SORTS.map(([v, l]) => h('option', { value: v }, 'Sort: ' + l))))),
        h('div', { id: 'queue-body', class: 'queue-body' })),
      h('main', { class: 'ticket', id: 'ticket', 'aria-label': 'Ticket', tabindex: '-1' })),
    h('div', { id: 'live', class: 'sr-only', 'aria-live': 'polite' }));
  get('/api/users').then((r) => { S.users = r.users; }).catch(() => {});
  route();
  poll();
}

function go(path) {
  if (location.pathname !== path) history.pushState(null, '', path);
  route();
}

function route() {
  if (!S.user) return;
  const p = location.pathname;
  $('#manage-macros')?.toggleAttribute('aria-current', p === '/macros');
  if (p === '/macros') $('#manage-macros')?.setAttribute('aria-current', 'page');
  if (p === '/feedback') $('#nav-feedback')?.setAttribute('aria-current', 'page'); else $('#nav-feedback')?.removeAttribute('aria-current');
  if (p === '/quarantine') $('#nav-quarantine')?.setAttribute('aria-current', 'page'); else $('#nav-quarantine')?.removeAttribute('aria-current');
  if (p === '/settings') $('#nav-settings')?.setAttribute('aria-current', 'page'); else $('#nav-settings')?.removeAttribute('aria-current');
  let m;
  if ((m = p.match(/^\/tickets\/(\d+)$/))) {
    if (!S.list.length) { loadViews(); loadQueue(); }
    openTicket(Number(m[1]));
  } else if (p === '/macros' && (S.user.role === 'lead' || S.user.role === 'admin')) {
    if (!S.list.length) { loadViews(); loadQueue(); }
    macrosPage();
  } else if (p === '/settings' && S.user.role === 'admin') {
    if (!S.list.length) { loadViews(); loadQueue(); }
    settingsPage();
  } else if (p === '/feedback') {
    if (!S.list.length) { loadViews(); loadQueue(); }
    S.current = null;
    document.body.classList.add('reading-ticket');
    feedbackPage($('#ticket'), { user: S.user, fail, go, back: () => go('/views/' + S.view) });
  } else if (p === '/quarantine') {
    /* agents get the page too, and with it the server's refusal */
    if (!S.list.length) { loadViews(); loadQueue(); }
    S.current = null;
    document.body.classList.add('reading-ticket');
    quarantinePage($('#ticket'), { user: S.user, fail, back: () => go('/views/' + S.view) });
  } else {
    if ((m = p.match(/^\/views\/(\w+)$/)) && VIEWS.some((v) => v[0] === m[1])) S.view = m[1];
    S.searching = '';
    S.customerFilter = null;
    loadViews();
    loadQueue();
    emptyTicket();
  }
}

function emptyTicket() {
  S.current = null;
  document.body.classList.remove('reading-ticket');
  clear($('#ticket')).append(h('div', { class: 'empty' },
    h('p', {}, 'Choose a ticket from the queue.'),
    h('p', { class: 'muted' }, 'Press ', h('kbd', {}, 'j'), ' for the first one, ', h('kbd', {}, '?'), ' for all shortcuts.')));
  document.title = 'attune';
}

// ---- views and the queue --------------------------------------------------------------------

async function loadViews() {
  const ul = $('#views');
  if (!ul) return;
  let counts = {};
  try {
    const r = await get('/api/views');
    counts = Object.fromEntries(r.views.map((v) => [v.name, v.count]));
  } catch (e) { fail(e); return; }
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.view : null;
  clear(ul).append(...VIEWS.map(([name, label], i) => {
    const active = S.view === name && !S.searching && !S.customerFilter;
    const a = h('a', { href: '/views/' + name, 'data-view': name, 'aria-current': active ? 'page' : null,
      title: label + ' (' + (i + 1) + ')',
      onclick: (ev) => { ev.preventDefault(); showView(name); } },
    h('span', {}, label), h('span', { class: 'count', 'aria-label': (counts[name] ?? 0) + ' tickets' }, String(counts[name] ?? 0)));
    return h('li', {}, a);
  }));
  if (focused) { const a = ul.querySelector('[data-view="' + focused + '"]'); if (a) a.focus(); }
}

function showView(name) {
  S.view = name;
  S.searching = '';
  S.customerFilter = null;
  $('#search').value = '';
  go('/views/' + name);
}

// Business minutes as "2 h 5 min" or "3 d 4 h".
function spanText(min) {
  const m = Math.abs(min);
  if (m < 60) return m + ' min';
  if (m < 1440) return Math.floor(m / 60) + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
  return Math.floor(m / 1440) + ' d' + (Math.floor(m / 60) % 24 ? ' ' + (Math.floor(m / 60) % 24) + ' h' : '');
}

const CLOCKS = [['first_response', 'first response'], ['next_response', 'next response'], ['resolution', 'resolution']];

// The SLA clock nearest its due time, as words; the state is in the text, not only the colour.
function slaText(c) {
  if (c.met_at) return c.state === 'met' ? 'met' : 'met late';
  if (c.state === 'paused') return 'paused, ' + spanText(c.minutes_left) + ' left';
  if (c.minutes_left < 0 || c.state === 'breached') return 'overdue ' + spanText(c.minutes_left);
  return (c.state === 'warning' ? 'due soon: ' : 'due in ') + spanText(c.minutes_left);
}

function slaBadge(sla) {
  if (!sla) return null;
  const open = CLOCKS.map(([k, l]) => [l, sla[k]]).filter(([, c]) => c && !c.met_at);
  open.sort((a, b) => a[1].minutes_left - b[1].minutes_left);
  const [label, c] = open[0] || ['resolution', sla.resolution || { state: 'met', minutes_left: 0 }];
  return h('span', { class: 'badge sla ' + c.state, title: 'SLA (' + sla.policy + '): ' + label + (c.due_at ? ' due ' + when(c.due_at) : '') },
    'SLA ' + slaText(c));
}

// Every clock of the ticket, and the triage score with its explanation (a disclosure).
function slaLine(t) {
  if (!t.sla && !t.triage) return null;
  const clocks = t.sla ? CLOCKS.filter(([k]) => t.sla[k]).map(([k, l]) =>
    h('li', {}, h('span', { class: 'badge sla ' + t.sla[k].state, title: t.sla[k].due_at ? 'due ' + when(t.sla[k].due_at) : null },
      l + ': ' + slaText(t.sla[k])))) : [];
  const tr = t.triage;
  return h('div', { class: 'sla-line', id: 'ticket-sla' },
    t.sla ? h('p', { class: 'muted' }, 'SLA policy: ' + t.sla.policy) : null,
    clocks.length ? h('ul', { class: 'sla-clocks', 'aria-label': 'Service level clocks' }, clocks) : null,
    tr ? h('details', { class: 'triage', id: 'triage' },
      h('summary', {}, 'Triage score ' + tr.score + (tr.priority_manual ? ' (priority set by hand)' : '')),
      h('ul', {}, tr.parts.map((p) => h('li', {}, h('strong', {}, (p.points > 0 ? '+' : '') + p.points + ' ' + p.name), ': ' + p.why)))) : null);
}

function queueRow(t) {
  const waiting = !t.first_response_at && (t.status === 'new' || t.status === 'open');
  const current = S.current && S.current.id === t.id;
  const link = h('a', {
    href: '/tickets/' + t.id, class: 'row', 'data-id': t.id, 'aria-current': current ? 'true' : null,
    onclick: (ev) => { ev.preventDefault(); openTicket(t.id, { push: true }); },
  },
  h('span', { class: 'row-top' }, h('span', { class: 'cust' }, t.customer_name),
    h('span', { class: 'age', title: 'updated ' + when(t.updated_at) }, ago(t.updated_at))),
  h('span', { class: 'subject' }, t.subject),
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
  return h('li', {}, link);
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
  if (extra) body.append(extra);
  body.append(S.list.length ? h('ol', { class: 'rows' }, S.list.map(queueRow))
    : h('p', { class: 'empty-list muted' }, S.searching ? 'No tickets match.' : 'Nothing here. Nice.'));
  if (S.more) body.append(h('p', { class: 'more' }, h('button', { type: 'button', id: 'more', onclick: loadMore }, 'Show more')));
  body.scrollTop = scroll;
  if (focusId) { const a = body.querySelector('[data-id="' + focusId + '"]'); if (a) a.focus(); }
}

async function loadMore() {
  const more = S.more;
  if (!more) return;
  try {
    const r = await get(more.url + '&cursor=' + encodeURIComponent(more.next));
    const seen = new Set(S.list.map((t) => t.id));
    const fresh = r[more.key].filter((t) => !seen.has(t.id));
    S.list.push(...fresh);
    S.more = r.next && fresh.length ? { ...more, next: r.next } : null;
    renderQueue($('#queue-title').textContent, $('#queue-body .people'));
    const first = fresh.length && document.querySelector('#queue-body a[data-id="' + fresh[0].id + '"]');
    if (first) first.focus();
  } catch (e) { fail(e); }
}

async function loadQueue() {
  if (S.searching) return runSearch(S.searching, true);
  let url = '/api/tickets?limit=' + Math.min(200, Math.max(100, S.list.length));
  let title;
  if (S.customerFilter) {
    url += '&view=all&customer_id=' + S.customerFilter.id;
    title = 'Tickets of ' + S.customerFilter.name;
  } else {
    url += '&view=' + S.view;
    title = VIEWS.find((v) => v[0] === S.view)[1];
  }
  if (S.sort) url += '&sort=' + S.sort;
  try {
    const r = await get(url);
    S.list = r.tickets;
    S.more = r.next ? { url, next: r.next, key: 'tickets' } : null;
    renderQueue(title);
  } catch (e) { fail(e); }
}

async function runSearch(q, quiet) {
  if (!q) { S.searching = ''; loadViews(); loadQueue(); return; }
  try {
    const [r, c] = await Promise.all([get('/api/search?limit=50&q=' + encodeURIComponent(q)),
      get('/api/customers?limit=8&q=' + encodeURIComponent(q)).catch(() => ({ customers: [] }))]);
    S.searching = q;
    S.customerFilter = null;
    S.list = r.results;
    S.more = r.next ? { url: '/api/search?limit=50&q=' + encodeURIComponent(q), next: r.next, key: 'results' } : null;
    if (!quiet) loadViews();
    const people = c.customers.length ? h('div', { class: 'people', 'aria-labelledby': 'people-title', role: 'group' },
      h('h3', { id: 'people-title' }, 'Customers'),
      h('ul', {}, c.customers.map((x) => h('li', {}, h('button', { type: 'button', class: 'linkish',
        onclick: () => { S.customerFilter = x; S.searching = ''; loadViews(); loadQueue(); } },
      x.name), ' ', h('span', { class: 'muted' }, x.email + ' · ' + x.ticket_count + (x.ticket_count === 1 ? ' ticket' : ' tickets')))))) : null;
    renderQueue('Results for “' + q + '”', people);
    if (!quiet) announce(r.results.length + ' tickets found');
  } catch (e) { fail(e); }
}

// ---- a ticket -------------------------------------------------------------------------------

async function openTicket(id, opts = {}) {
  let t;
  try { t = await get('/api/tickets/' + id); } catch (e) {
    if (e.status === 404) { clear($('#ticket')).append(h('div', { class: 'empty' }, h('p', {}, 'That ticket does not exist or is not yours to see.'))); return; }
    fail(e); return;
  }
  if (opts.push && location.pathname !== '/tickets/' + id) history.pushState(null, '', '/tickets/' + id);
  const sameTicket = S.current && S.current.id === t.id;
  const draft = sameTicket && $('#reply') ? $('#reply').value : '';
  S.current = t;
  S.customer = t.customer;
  const filesAsked = ticketFiles(t.id).catch((e) => e);
  let hist = [];
  try {
    const c = await get('/api/customers/' + t.customer_id);
    S.customer = c;
    hist = c.history;
  } catch (_) { /* the panel shows what the ticket carries */ }
  const files = await filesAsked;
  if (S.current !== t) return; /* another ticket was opened meanwhile */
  if (files instanceof ApiError && files.status === 401) { fail(files); return; }
  S.files = files;
  for (const a of document.querySelectorAll('#queue-body a.row')) {
    if (Number(a.dataset.id) === t.id) a.setAttribute('aria-current', 'true'); else a.removeAttribute('aria-current');
  }
  document.body.classList.add('reading-ticket');
  document.title = '#' + t.number + ' ' + t.subject + ' · attune';
  renderTicket(t, S.customer, hist, draft);
  if (opts.focus) $('#' + opts.focus)?.focus();
}

function renderTicket(t, customer, hist, draft) {
  const pane = clear($('#ticket'));
  S.msgIds = new Set(t.messages.map((m) => m.id));
  const msgs = h('div', { id: 'messages', class: 'messages' + (S.evidence ? ' evidence-on' : ''), 'aria-label': 'Conversation', role: 'log' },
    otherFiles(S.files, S.msgIds), t.messages.map(messageView));
  pane.append(h('div', { class: 'ticket-grid' },
    ticketHead(t),
    msgs,
    composer(t, customer, draft),
    coachPanel(),
    customerPanel(t, customer, hist)));
  msgs.scrollTop = msgs.scrollHeight;
  if (draft) coachSoon();
}

function ticketHead(t) {
  const staff = [['', 'Unassigned'], ...S.users.filter((u) => !u.disabled).map((u) => [String(u.id), u.name])];
  const tags = h('input', { id: 'tags', value: t.tags.join(', '), 'aria-describedby': 'tags-hint' });
  tags.addEventListener('change', () => change({ tags: tags.value.split(',').map((x) => x.trim()).filter(Boolean) }));
  tags.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); tags.blur(); } });
  return h('header', { class: 'ticket-head', id: 'ticket-head' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); history.pushState(null, '', '/views/' + S.view); emptyTicket(); $('#queue')?.focus(); } }, '← Queue'),
      h('h2', { id: 'ticket-subject', tabindex: '-1' }, t.subject)),
    h('p', { class: 'muted meta', id: 'ticket-meta' }, metaLine(t)),
    slaLine(t),
    h('div', { class: 'controls' },
      select('status', 'Status', STATUSES.map((s) => [s, words(s)]), t.status, (v) => change({ status: v })),
      select('priority', 'Priority', PRIORITIES.map((s) => [s, s]), t.priority, (v) => change({ priority: v })),
      select('assignee', 'Assignee', staff, t.assignee_id === null ? '' : String(t.assignee_id),
        (v) => change({ assignee_id: v === '' ? null : Number(v) })),
      h('div', { class: 'field tags' }, h('label', { for: 'tags' }, 'Tags'), tags,
        h('span', { id: 'tags-hint', class: 'sr-only' }, 'comma separated')),
      h('div', { class: 'field buttons' },
        t.assignee_id !== S.user.id ? h('button', { type: 'button', id: 'take', onclick: () => change({ assignee_id: S.user.id }), title: 'Assign to me (a)' }, 'Take it') : null,
        h('button', { type: 'button', id: 'toggle-evidence', 'aria-pressed': String(S.evidence), onclick: toggleEvidence,
          title: 'Highlight the words behind each reading (e)' }, 'Evidence'))));
}

function metaLine(t) {
  return '#' + t.number + ' · ' + t.channel + ' · opened ' + ago(t.created_at) +
    (t.first_response_at ? ' · first reply ' + ago(t.first_response_at) : ' · no reply yet') +
    (t.solved_at ? ' · solved ' + ago(t.solved_at) : '');
}

function select(id, label, options, value, onchange) {
  const s = h('select', { id }, options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value) }, l)));
  s.addEventListener('change', () => onchange(s.value));
  return h('div', { class: 'field' }, h('label', { for: id }, label), s);
}

function toggleEvidence() {
  S.evidence = !S.evidence;
  $('#messages')?.classList.toggle('evidence-on', S.evidence);
  $('#toggle-evidence')?.setAttribute('aria-pressed', String(S.evidence));
  announce(S.evidence ? 'Evidence shown' : 'Evidence hidden');
}

function messageView(m) {
  const customer = fromCustomer(m);
  const internal = m.visibility === 'internal';
  const spans = customer && m.analysis ? (m.analysis.evidence || []).map((e) => ({
    start: e.start, end: e.end, cls: 'ev ' + (e.weight < 0 ? 'neg' : 'pos') + ' sig-' + e.signal,
    title: e.signal + (e.why ? ': ' + e.why : ''),
  })) : [];
  return h('article', {
    class: 'msg' + (customer ? ' from-customer' : ' from-staff') + (internal ? ' internal' : ''), 'data-id': m.id,
    tabindex: '0', 'aria-label': (internal ? 'Internal note by ' : 'Message from ') + (m.author_name || 'customer') + ', ' + ago(m.created_at),
  },
  h('div', { class: 'meta' },
    h('span', { class: 'avatar small', 'aria-hidden': 'true' }, (m.author_name || '?').slice(0, 1)),
    h('strong', {}, m.author_name || 'Customer'),
    internal ? h('span', { class: 'badge note' }, 'internal note') : null,
    coachBadge(m),
    h('time', { datetime: m.created_at, title: when(m.created_at) }, ago(m.created_at))),
  h('div', { class: 'body' }, highlighted(m.body, spans)),
  messageFiles(S.files, m.id),
  customer ? reading(m.analysis) : null);
}

// The coach's score of a sent reply, as it was kept (staff only: customers' answers never carry it).
function coachBadge(m) {
  const c = m.coaching;
  if (!c) return null;
  const grade = c.score >= 70 ? 'good' : c.score >= 40 ? 'fair' : 'poor';
  const below = c.confirmed ? '; sent below the team\'s floor of ' + c.floor + ' after a confirm' : '';
  return h('span', { class: 'badge coach-score ' + grade, 'data-score': c.score, title: 'Coach score when sent: ' + c.score + ' of 100' + below },
    h('span', { class: 'sr-only' }, 'Coach score '), String(c.score), c.confirmed ? h('span', { 'aria-hidden': 'true' }, ' ⚑') : null,
    c.confirmed ? h('span', { class: 'sr-only' }, ', sent below the floor') : null);
}

function reading(a) {
  if (!a) return null;
  const chips = [];
  const mood = mainMood(a);
  const scores = a.service_scores || {};
  for (const s of (a.service || []).filter((x) => x !== 'neutral')) {
    chips.push(h('span', { class: 'badge mood ' + moodTone(s), title: 'detected feeling, ' + Math.round((scores[s] || 0) * 100) + '%' }, s));
  }
  if (!chips.length && mood) chips.push(moodBadge(mood, 'detected feeling'));
  for (const e of (a.emotions || []).filter((x) => x !== 'neutral' && x !== mood && !(a.service || []).includes(x))) {
    chips.push(h('span', { class: 'badge', title: 'also reads as' }, e));
  }
  if (a.urgency >= 0.3) chips.push(h('span', { class: 'badge urgent', title: 'urgency' }, 'urgent ' + Math.round(a.urgency * 100) + '%'));
  if (a.risk && a.risk.kind !== 'none') chips.push(h('span', { class: 'badge risk', title: a.risk.reason || 'risk' }, 'risk: ' + words(a.risk.kind)));
  if (a.complaint) chips.push(h('span', { class: 'badge', title: 'reads as a complaint' }, 'complaint'));
  const tone = a.polarity <= -0.25 ? 'negative' : a.polarity >= 0.25 ? 'positive' : 'neutral';
  return h('div', { class: 'reading', role: 'group', 'aria-label': 'How this message reads' },
    h('span', { class: 'tone ' + tone, title: 'polarity ' + a.polarity }, tone), chips);
}

// Polls found something new on the open ticket: add what is new, keep the draft, the focus and the scroll.
async function refreshTicket() {
  if (!S.current) return;
  let t;
  try { t = await get('/api/tickets/' + S.current.id); } catch (_) { return; }
  if (!S.current || S.current.id !== t.id) return;
  S.current = t;
  const box = $('#messages');
  if (!box) return;
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  const fresh = t.messages.filter((m) => !S.msgIds.has(m.id));
  if (fresh.length) {
    /* mail that came in brings its files with it */
    const files = await ticketFiles(t.id).catch((e) => e);
    if (!S.current || S.current.id !== t.id) return;
    if (Array.isArray(files)) S.files = files;
    if (!document.contains(box)) return;
  }
  for (const m of fresh) { if (S.msgIds.has(m.id)) continue; S.msgIds.add(m.id); box.append(messageView(m)); }
  if (fresh.length && nearBottom) box.scrollTop = box.scrollHeight;
  const fromThem = fresh.filter(fromCustomer);
  if (fromThem.length) announce('New message from ' + fromThem[0].author_name);
  for (const [id, v] of [['status', t.status], ['priority', t.priority], ['assignee', t.assignee_id === null ? '' : String(t.assignee_id)]]) {
    const el = $('#' + id);
    if (el && document.activeElement !== el) el.value = v;
  }
  const tags = $('#tags');
  if (tags && document.activeElement !== tags) tags.value = t.tags.join(', ');
  $('#ticket-meta').textContent = metaLine(t);
  const ev = $('#events');
  if (ev) ev.replaceWith(eventsView(t));
}

async function change(body) {
  if (!S.current) return;
  try {
    await patch('/api/tickets/' + S.current.id, body);
    await refreshTicket();
    const take = $('#take');
    if (take && S.current.assignee_id === S.user.id) take.remove();
    announce('Saved');
    loadViews();
    loadQueue();
  } catch (e) { fail(e); refreshTicket(); }
}

// ---- the customer beside the ticket ---------------------------------------------------------

function customerPanel(t, c, hist) {
  const past = hist.filter((x) => x.id !== t.id);
  return h('aside', { class: 'customer', id: 'customer', 'aria-labelledby': 'customer-name' },
    h('h2', { id: 'customer-name' }, c.name),
    c.preferred_name ? h('p', { class: 'greet' }, 'Likes to be called ', h('strong', {}, c.preferred_name)) : null,
    h('dl', {},
      h('dt', {}, 'Email'), h('dd', {}, c.email),
      c.phone ? [h('dt', {}, 'Phone'), h('dd', {}, c.phone)] : null,
      h('dt', {}, 'Company'), h('dd', {}, c.company || '—'),
      h('dt', {}, 'Tier'), h('dd', {}, h('span', { class: 'badge tier ' + c.tier }, c.tier)),
      h('dt', {}, 'Lifetime value'), h('dd', {}, Number(c.lifetime_value || 0).toLocaleString(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })),
      h('dt', {}, 'Tickets'), h('dd', {}, String(c.ticket_count ?? hist.length))),
    c.notes ? h('div', { class: 'notes' }, h('h3', {}, 'Notes'), h('p', {}, c.notes)) : null,
    h('h3', {}, 'Past contacts'),
    past.length ? trend(past) : null,
    past.length ? h('ol', { class: 'past', 'aria-label': 'Past contacts, newest first' }, past.slice(0, 12).map((x) => h('li', {},
      h('a', { href: '/tickets/' + x.id, onclick: (ev) => { ev.preventDefault(); openTicket(x.id, { push: true }); } }, x.subject),
      h('span', { class: 'past-meta' }, h('span', { class: 'status ' + x.status }, words(x.status)), ' ',
        h('span', { class: 'muted', title: when(x.created_at) }, ago(x.created_at)), ' ', moodBadge(x.mood, 'how that contact felt')))))
      : h('p', { class: 'muted' }, 'This is their first contact.'),
    eventsView(t));
}

// How past contacts felt, oldest to newest: a row of dots, red for upset, green for glad.
function trend(past) {
  const items = past.slice(0, 12).reverse();
  return h('p', { class: 'trend', role: 'img', 'aria-label': 'How past contacts felt, oldest first: ' + items.map((x) => x.mood || 'unknown').join(', ') },
    h('span', { class: 'muted' }, 'Feeling over time '),
    items.map((x) => h('span', { class: 'dot ' + moodTone(x.mood), title: (x.mood || 'unknown') + ' — ' + x.subject })));
}

function eventsView(t) {
  const line = (e) => {
    let what = words(e.kind);
    if (e.kind === 'assignee') what = 'assigned to ' + (e.new ? userName(e.new) : 'nobody');
    else if (e.kind === 'created') what = 'opened the ticket';
    else if (e.new) what += ': ' + (e.old ? words(e.old) + ' → ' : '') + words(e.new);
    return h('li', {}, h('strong', {}, e.actor_name || 'attune'), ' ' + what + ' ', h('time', { class: 'muted', datetime: e.created_at, title: when(e.created_at) }, ago(e.created_at)));
  };
  return h('details', { class: 'events', id: 'events' }, h('summary', {}, 'History (' + (t.events || []).length + ')'),
    h('ol', {}, (t.events || []).map(line)));
}

// ---- the composer and the coach -------------------------------------------------------------

function composer(t, customer, draft) {
  const area = h('textarea', { id: 'reply', rows: 5, 'aria-describedby': 'coach-summary',
    placeholder: 'Write to ' + (firstName(customer) || 'the customer') + '…  (r)' });
  area.value = draft;
  const marks = h('div', { class: 'draft-marks', id: 'draft-marks', 'aria-hidden': 'true' });
  area.addEventListener('input', () => { paintMarks([]); coachSoon(); });
  area.addEventListener('scroll', () => { marks.scrollTop = area.scrollTop; });
  const modeBtn = (v, label) => h('button', { type: 'button', role: 'radio', 'data-mode': v, 'aria-checked': String(S.mode === v),
    onclick: () => setMode(v) }, label);
  const then = h('select', { id: 'then', 'aria-label': 'Then set the status to' },
    h('option', { value: '' }, 'and keep the status'),
    h('option', { value: 'pending' }, 'and set pending'),
    h('option', { value: 'solved' }, 'and set solved'));
  return h('section', { class: 'composer' + (S.mode === 'internal' ? ' internal' : ''), id: 'composer', 'aria-label': 'Composer' },
    h('div', { class: 'composer-top' },
      h('div', { class: 'modes', role: 'radiogroup', 'aria-label': 'Send as' }, modeBtn('public', 'Reply'), modeBtn('internal', 'Internal note')),
      h('button', { type: 'button', id: 'macro-button', class: 'quiet', onclick: openMacros, 'aria-haspopup': 'dialog', title: 'Insert a macro (m)' }, 'Macros')),
    h('label', { for: 'reply', class: 'sr-only', id: 'reply-label' }, S.mode === 'internal' ? 'Internal note' : 'Reply to ' + customer.name),
    h('div', { class: 'draft' }, marks, area),
    h('div', { class: 'composer-bottom' },
      h('span', { class: 'muted small' }, h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, 'Enter'), ' to send'),
      h('span', { class: 'spacer' }), then,
      h('button', { class: 'primary', type: 'button', id: 'send', onclick: send }, S.mode === 'internal' ? 'Add note' : 'Send reply')));
}

function setMode(v) {
  S.mode = v;
  for (const b of document.querySelectorAll('.modes [role=radio]')) b.setAttribute('aria-checked', String(b.dataset.mode === v));
  $('#composer')?.classList.toggle('internal', v === 'internal');
  const send = $('#send');
  if (send) send.textContent = v === 'internal' ? 'Add note' : 'Send reply';
  const label = $('#reply-label');
  if (label && S.customer) label.textContent = v === 'internal' ? 'Internal note' : 'Reply to ' + S.customer.name;
}

function coachPanel() {
  return h('section', { class: 'coach', id: 'coach', 'aria-labelledby': 'coach-title' },
    h('h2', { id: 'coach-title' }, 'Coach'),
    h('div', { id: 'coach-body', 'aria-live': 'polite' }, coachIdle()));
}

// How a customer sounds, for each feeling the engine names: "sounds frustrated", never "sounds frustration".
const SOUNDS = {
  frustration: 'frustrated', anxiety: 'worried', confusion: 'confused', sadness: 'sad', gratitude: 'grateful', joy: 'happy',
  admiration: 'admiring', amusement: 'amused', anger: 'angry', annoyance: 'annoyed', approval: 'approving', caring: 'caring',
  curiosity: 'curious', desire: 'eager', disappointment: 'disappointed', disapproval: 'disapproving', disgust: 'disgusted',
  embarrassment: 'embarrassed', excitement: 'excited', fear: 'afraid', grief: 'grief-stricken', love: 'warm',
  nervousness: 'nervous', optimism: 'hopeful', pride: 'proud', realization: 'thoughtful', relief: 'relieved',
  remorse: 'sorry', surprise: 'surprised',
};

function coachIdle() {
  const last = lastCustomerMessage();
  const mood = last ? SOUNDS[mainMood(last.analysis)] : null;
  return h('p', { class: 'muted', id: 'coach-summary' },
    mood ? ['The customer sounds ', h('strong', {}, mood), '. '] : '',
    'Start writing and the coach reads your draft as you type.');
}

function lastCustomerMessage() {
  if (!S.current) return null;
  const msgs = S.current.messages.filter(fromCustomer);
  return msgs.length ? msgs[msgs.length - 1] : null;
}

function coachSoon() {
  clearTimeout(S.coachTimer);
  S.coachTimer = setTimeout(runCoach, 300);
}

function paintMarks(hits) {
  const marks = $('#draft-marks');
  const area = $('#reply');
  if (!marks || !area) return;
  const text = area.value;
  clear(marks).append(...highlighted(text, hits.map((x) => ({ start: x.start, end: x.end,
    cls: HURTS.has(x.item) ? 'bad' : 'good', title: RUBRIC[x.item] || x.item }))), document.createTextNode('\n'));
  marks.scrollTop = area.scrollTop;
}

async function runCoach() {
  const area = $('#reply');
  const body = $('#coach-body');
  if (!area || !body || !S.current) return;
  const draft = area.value;
  if (!draft.trim() || S.mode === 'internal') {
    S.suggestions = [];
    paintMarks([]);
    clear(body).append(S.mode === 'internal' ? h('p', { class: 'muted', id: 'coach-summary' }, 'Notes stay inside the team; the coach rests.') : coachIdle());
    return;
  }
  const seq = ++S.coachSeq;
  const last = lastCustomerMessage();
  let c;
  try {
    c = await post('/api/coach', { customer: last ? last.body : '', reply: draft, customer_name: firstName(S.customer) });
  } catch (e) {
    if (seq === S.coachSeq) clear(body).append(h('p', { class: 'error' }, 'The coach is unavailable: ' + e.message));
    return;
  }
  if (seq !== S.coachSeq || area.value !== draft) return;
  paintMarks(c.hits);
  renderCoach(c, draft, body);
}

function renderCoach(c, draft, body) {
  const at = byteIndex(draft);
  const quote = (x) => draft.slice(at(x.start), at(x.end));
  const found = Object.entries(c.rubric).filter(([, v]) => v === 'found').map(([k]) => k);
  const met = Object.entries(c.rubric).filter(([, v]) => v === 'met').map(([k]) => k);
  const grade = c.score >= 70 ? 'good' : c.score >= 40 ? 'fair' : 'poor';
  const mech = [['emotional_reaction', 'Reacts to the feeling'], ['interpretation', 'Shows understanding'], ['exploration', 'Asks to learn more']];
  S.suggestions = c.suggestions.slice(0, 5).map((s) => () => apply(draft, s));
  clear(body).append(...[
    h('div', { class: 'score-row', id: 'coach-summary' },
      h('span', { class: 'score ' + grade, id: 'coach-score' }, String(c.score)),
      h('span', { class: 'muted' }, '/ 100'),
      h('meter', { min: 0, max: 100, low: 40, high: 70, optimum: 100, value: c.score, 'aria-label': 'Empathy score' })),
    h('ul', { class: 'mechanisms', 'aria-label': 'Empathy mechanisms, each 0 to 2' }, mech.map(([k, label]) => h('li', {},
      h('span', {}, label),
      h('span', { class: 'pips', role: 'img', 'aria-label': c.empathy[k] + ' of 2' },
        [0, 1].map((i) => h('span', { class: 'pip' + (c.empathy[k] > i ? ' on' : '') })))))),
    found.length ? h('ul', { id: 'coach-flags', class: 'flags' }, found.map((k) => h('li', { 'data-item': k },
      h('strong', {}, RUBRIC[k] || k), ' ',
      c.hits.filter((x) => x.item === k).map((x) => h('q', {}, quote(x))))))
      : null,
    met.length ? h('p', { class: 'met' }, h('span', { class: 'sr-only' }, 'Doing well: '), met.map((k) => h('span', { class: 'badge good' }, '✓ ' + (RUBRIC[k] || k)))) : null,
    c.suggestions.length ? h('h3', {}, 'Suggestions') : null,
    h('ol', { id: 'suggestions', class: 'suggestions' }, c.suggestions.slice(0, 5).map((s, i) => h('li', {},
      h('button', { type: 'button', 'data-suggestion': i, onclick: () => apply(draft, s), 'aria-keyshortcuts': 'Alt+' + (i + 1),
        'aria-label': 'Apply suggestion ' + (i + 1) + ': ' + s.text }, 'Apply', h('kbd', { 'aria-hidden': 'true' }, 'Alt+' + (i + 1))),
      h('div', {},
        s.action === 'replace' && !s.text.trim() ? h('span', { class: 'muted' }, 'remove ') : null,
        s.action === 'replace' ? h('del', {}, quote(s)) : null,
        s.action === 'replace' && s.text.trim() ? ' → ' : s.action === 'replace' ? null : h('span', { class: 'muted' }, 'add '),
        s.text.trim() ? h('ins', { class: 'text' }, s.text.trim()) : null,
        h('span', { class: 'why' }, s.why)))))].filter(Boolean));
}

// A suggestion's offsets are bytes of the draft it was computed for: applied only to that draft.
// Once the draft has changed (a suggestion applied, a key typed) it is dropped, and so are the
// other suggestions of the same reading, until the coach has read the new draft.
function apply(draft, s) {
  const area = $('#reply');
  if (!area || area.value !== draft) { S.suggestions = []; runCoach(); return; }
  const at = byteIndex(draft);
  const a = at(s.start);
  const b = at(s.end);
  S.suggestions = [];
  for (const btn of document.querySelectorAll('#suggestions button')) btn.disabled = true;
  area.value = draft.slice(0, a) + s.text + draft.slice(b);
  area.focus();
  area.setSelectionRange(a + s.text.length, a + s.text.length);
  announce(s.text.trim() ? 'Applied: ' + s.text.trim() : 'Removed: ' + draft.slice(a, b));
  paintMarks([]);
  runCoach();
}

async function send(confirmed) {
  const area = $('#reply');
  if (!area || !S.current) return;
  if (!area.value.trim()) { area.focus(); toast('Write something first.'); return; }
  const btn = $('#send');
  if (btn.disabled) return;
  btn.disabled = true;
  const body = { body: area.value, visibility: S.mode };
  const then = $('#then');
  if (then && then.value) body.status = then.value;
  if (confirmed === true) body.confirm = true;
  try {
    await post('/api/tickets/' + S.current.id + '/messages', body);
    area.value = '';
    if (then) then.value = '';
    paintMarks([]);
    toast(S.mode === 'internal' ? 'Note added' : 'Reply sent');
    await refreshTicket();
    const box = $('#messages');
    if (box) box.scrollTop = box.scrollHeight;
    runCoach();
    loadViews();
    loadQueue();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'confirm_required') confirmSend(e.error, area.value);
    else fail(e);
  } finally { btn.disabled = false; }
}

// A reply below the team's floor: say why, and let the sender send it anyway or keep editing.
// The draft stays in the composer either way; Escape is "Keep editing".
function confirmSend(err, draft) {
  const area = $('#reply');
  if (!area) return;
  const reasons = (err.reasons || []).map((r) => h('li', { 'data-item': r.item, class: r.state === 'found' ? 'found' : 'missing' },
    'It ' + r.text + '.'));
  const keep = h('button', { type: 'button', id: 'confirm-keep', class: 'primary', onclick: () => { closeDialog(); announce('Keep editing: your draft is still here.'); } }, 'Keep editing');
  const anyway = h('button', { type: 'button', id: 'confirm-send', onclick: () => {
    closeDialog();
    // only the draft that was judged is sent anyway
    if (area.value === draft) send(true); else toast('The draft changed; send it again.');
  } }, 'Send anyway');
  const box = dialog('Send this reply?', [
    h('p', { id: 'confirm-why' }, 'This reply scores ', h('strong', { id: 'confirm-score' }, String(err.score)),
      ' out of 100, below your team\'s floor of ', h('strong', {}, String(err.floor)), '.'),
    reasons.length ? [h('p', { class: 'muted', id: 'confirm-reasons-title' }, 'What the coach noticed:'),
      h('ul', { class: 'confirm-reasons', id: 'confirm-reasons', 'aria-labelledby': 'confirm-reasons-title' }, reasons)] : null,
    h('div', { class: 'actions' }, keep, anyway)], area);
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-describedby', 'confirm-why');
  box.classList.add('confirm-send');
  keep.focus();
}

// ---- macros ---------------------------------------------------------------------------------

async function macros() {
  if (!S.macros) S.macros = (await get('/api/macros')).macros;
  return S.macros;
}

async function openMacros() {
  if (!S.current || $('.overlay')) return;
  let list;
  try { list = await macros(); } catch (e) { fail(e); return; }
  const q = h('input', { type: 'search', id: 'macro-search', placeholder: 'Search macros', 'aria-label': 'Search macros', autocomplete: 'off' });
  const ul = h('ul', { class: 'macro-list', id: 'macro-list' });
  const show = () => {
    const words_ = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = list.filter((m) => words_.every((w) => (m.title + ' ' + m.body).toLowerCase().includes(w)));
    clear(ul).append(...(hits.length ? hits.map((m) => h('li', {}, h('button', { type: 'button', class: 'macro', onclick: () => insertMacro(m) },
      h('strong', {}, m.title), h('span', { class: 'muted' }, m.body)))) : [h('li', { class: 'muted' }, 'No macro matches.')]));
  };
  q.addEventListener('input', show);
  q.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); ul.querySelector('button')?.click(); }
    if (ev.key === 'ArrowDown') { ev.preventDefault(); ul.querySelector('button')?.focus(); }
  });
  ul.addEventListener('keydown', (ev) => {
    const items = [...ul.querySelectorAll('button')];
    const i = items.indexOf(document.activeElement);
    if (ev.key === 'ArrowDown' && i < items.length - 1) { ev.preventDefault(); items[i + 1].focus(); }
    if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? items[i - 1] : q).focus(); }
  });
  show();
  dialog('Insert a macro', [q, ul, h('p', { class: 'muted small' }, 'Names and numbers are filled in for this ticket.')], $('#reply'));
  q.focus();
}

async function insertMacro(m) {
  closeDialog();
  const area = $('#reply');
  if (!area || !S.current) return;
  try {
    const r = await post('/api/macros/' + m.id + '/render', { ticket_id: S.current.id });
    const a = area.selectionStart ?? area.value.length;
    const b = area.selectionEnd ?? a;
    const before = area.value.slice(0, a);
    const sep = before && !before.endsWith('\n') ? '\n\n' : '';
    area.value = before + sep + r.body + area.value.slice(b);
    area.focus();
    const end = (before + sep + r.body).length;
    area.setSelectionRange(end, end);
    coachSoon();
  } catch (e) { fail(e); }
}

async function macrosPage() {
  S.current = null;
  document.body.classList.add('reading-ticket');
  document.title = 'Macros · attune';
  const pane = clear($('#ticket'));
  S.macros = null;
  let list;
  try { list = await macros(); } catch (e) { fail(e); return; }
  const vars = ['customer.first_name', 'customer.name', 'agent.first_name', 'agent.name', 'ticket.number', 'ticket.subject', 'customer.last_ticket_subject'];
  const editor = (m) => {
    const err = h('p', { class: 'error', role: 'alert' });
    const id = m ? 'm' + m.id : 'new';
    const form = h('form', { class: 'macro-form card', 'aria-label': m ? 'Macro ' + m.title : 'New macro' },
      h('label', { for: id + '-title' }, 'Title'), h('input', { id: id + '-title', name: 'title', required: true, value: m ? m.title : '' }),
      h('label', { for: id + '-body' }, 'Text'), h('textarea', { id: id + '-body', name: 'body', rows: 4, required: true }),
      err,
      h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, m ? 'Save' : 'Add macro'),
        m ? h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm('Delete the macro “' + m.title + '”?')) return;
          try { await del('/api/macros/' + m.id); macrosPage(); } catch (e) { err.textContent = e.message; }
        } }, 'Delete') : null));
    form.body.value = m ? m.body : '';
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      const body = { title: form.title.value, body: form.body.value };
      try {
        if (m) await patch('/api/macros/' + m.id, body); else await post('/api/macros', body);
        toast(m ? 'Macro saved' : 'Macro added');
        macrosPage();
      } catch (e) { err.textContent = e.message; }
    });
    return form;
  };
  pane.append(h('div', { class: 'page' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); go('/views/' + S.view); } }, '← Queue'),
      h('h2', { tabindex: '-1', id: 'page-title' }, 'Macros')),
    h('p', { class: 'muted' }, 'Canned replies for the composer. They can use ', vars.map((v, i) => [i ? ', ' : '', h('code', {}, '{{' + v + '}}')]), '.'),
    h('h3', {}, 'New macro'), editor(null),
    h('h3', {}, 'All macros (' + list.length + ')'), list.map(editor)));
  $('#page-title').focus();
}

// ---- team settings (admins) ------------------------------------------------------------------

async function settingsPage() {
  S.current = null;
  document.body.classList.add('reading-ticket');
  document.title = 'Team settings · attune';
  const pane = clear($('#ticket'));
  let cur;
  try { cur = await get('/api/settings/coach'); } catch (e) { fail(e); return; }
  const err = h('p', { class: 'error', role: 'alert', id: 'settings-error' });
  const input = h('input', { id: 'coach-floor', name: 'confirm_below', type: 'number', min: 0, max: 100, step: 1, required: true,
    value: cur.confirm_below, 'aria-describedby': 'coach-floor-help' });
  const form = h('form', { class: 'card settings-form', 'aria-labelledby': 'coach-settings-title' },
    h('h3', { id: 'coach-settings-title' }, 'Coach'),
    h('label', { for: 'coach-floor' }, 'Ask to confirm replies that score below'), input,
    h('p', { class: 'muted small', id: 'coach-floor-help' },
      'A reply to a customer that the coach scores below this (0 to 100) asks the agent to confirm before it is sent, and says why. 0 turns it off; the default is ' + cur.default + '. Internal notes are never held back.'),
    err,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'coach-floor-save' }, 'Save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const n = Number(input.value);
    if (input.value.trim() === '' || !Number.isInteger(n)) { err.textContent = 'Enter a whole number from 0 to 100.'; input.focus(); return; }
    try {
      const r = await api('PUT', '/api/settings/coach', { confirm_below: n });
      input.value = r.confirm_below;
      toast(r.confirm_below ? 'Replies below ' + r.confirm_below + ' now ask to confirm' : 'The coach no longer holds replies back');
    } catch (e) { if (e instanceof ApiError && e.status === 401) fail(e); else { err.textContent = e.message; input.focus(); } }
  });
  pane.append(h('div', { class: 'page' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); go('/views/' + S.view); } }, '← Queue'),
      h('h2', { tabindex: '-1', id: 'page-title' }, 'Team settings')),
    form));
  $('#page-title').focus();
}

// ---- live updates ---------------------------------------------------------------------------

async function poll() {
  clearTimeout(S.pollTimer);
  if (!S.user) return;
  try {
    const r = await get('/api/updates' + (S.since ? '?since=' + S.since : ''));
    const changed = S.since && r.tickets.length;
    S.since = r.now;
    if (changed) {
      loadViews();
      loadQueue();
      if (S.current && r.tickets.some((t) => t.id === S.current.id)) await refreshTicket();
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { signIn('Your session ended; sign in again.'); return; }
  }
  if (S.user) S.pollTimer = setTimeout(poll, document.hidden ? 10000 : 2000);
}
document.addEventListener('visibilitychange', () => { if (!document.hidden && S.user) poll(); });

// ---- dialogs and help -----------------------------------------------------------------------

let dialogReturn = null;

function dialog(title, children, returnTo) {
  closeDialog();
  dialogReturn = returnTo || document.activeElement;
  const box = h('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dialog-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'dialog-title' }, title),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: closeDialog }, '×')),
    children);
  const o = h('div', { class: 'overlay', onclick: (ev) => { if (ev.target === o) closeDialog(); } }, box);
  // keep Tab inside the dialog
  o.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab') return;
    const f = [...box.querySelectorAll('button, input, select, textarea, a[href]')].filter((x) => !x.disabled);
    if (!f.length) return;
    if (ev.shiftKey && document.activeElement === f[0]) { ev.preventDefault(); f[f.length - 1].focus(); }
    else if (!ev.shiftKey && document.activeElement === f[f.length - 1]) { ev.preventDefault(); f[0].focus(); }
  });
  document.body.append(o);
  return box;
}

function closeDialog() {
  const o = $('.overlay');
  if (!o) return false;
  o.remove();
  if (dialogReturn && document.contains(dialogReturn)) dialogReturn.focus();
  dialogReturn = null;
  return true;
}

function showHelp() {
  if ($('.overlay')) return;
  const box = dialog('Keyboard shortcuts', [h('dl', { class: 'keys' },
    HELP_KEYS.map(([k, d]) => [h('dt', {}, k.split(' ').map((p) => (p === '/' && k !== '/') || p === '…' ? ' ' + p + ' ' : h('kbd', {}, p))), h('dd', {}, d)]))]);
  box.querySelector('button').focus();
}

// ---- the keyboard ---------------------------------------------------------------------------

function move(step) {
  if (!S.list.length) return;
  const i = S.current ? S.list.findIndex((t) => t.id === S.current.id) : -1;
  const next = S.list[Math.max(0, Math.min(S.list.length - 1, i < 0 && step < 0 ? 0 : i + step))];
  openTicket(next.id, { push: true }).then(() => {
    const a = document.querySelector('#queue-body a[data-id="' + next.id + '"]');
    if (a) { a.focus({ preventScroll: true }); a.scrollIntoView({ block: 'nearest' }); }
  });
}

function focusComposer(mode) {
  const a = $('#reply');
  if (!a) return;
  setMode(mode);
  a.focus();
  runCoach();
}

document.addEventListener('keydown', (ev) => {
  if (!S.user) return;
  const el = document.activeElement;
  const typing = el && (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable);
  if (ev.key === 'Escape') {
    if (closeDialog()) { ev.preventDefault(); return; }
    if (typing) { el.blur(); (document.querySelector('#queue-body a[aria-current]') || $('#queue'))?.focus({ preventScroll: true }); }
    return;
  }
  if ($('.overlay')) return;
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { if ($('#reply')) { ev.preventDefault(); send(); } return; }
  if (ev.altKey && !ev.ctrlKey && /^Digit[1-5]$/.test(ev.code)) {
    const f = S.suggestions[Number(ev.code.slice(5)) - 1];
    if (f) { ev.preventDefault(); f(); }
    return;
  }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const keys = {
    j: () => move(1), k: () => move(-1), '?': showHelp,
    '/': () => { const s = $('#search'); s.focus(); s.select(); },
    r: () => focusComposer('public'), n: () => focusComposer('internal'),
    e: () => { if (S.current) toggleEvidence(); },
    m: () => openMacros(),
    a: () => { if (S.current && S.current.assignee_id !== S.user.id) change({ assignee_id: S.user.id }); },
  };
  if (/^[1-8]$/.test(ev.key)) { ev.preventDefault(); showView(VIEWS[Number(ev.key) - 1][0]); return; }
  if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
});

window.addEventListener('popstate', () => route());

(async () => {
  try {
    const user = await me();
    if (!user) { signIn(); return; }
    if (user.role === 'customer') { location.href = '/portal'; return; }
    S.user = user;
    start();
  } catch (e) {
    clear(app).append(h('p', { class: 'error' }, 'attune cannot be reached: ' + e.message));
  }
})();
