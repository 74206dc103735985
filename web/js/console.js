// The agent console: queues, a ticket with the customer beside it, and the coach by the composer.
import { ApiError, del, get, login, me, patch, post, setCsrf } from './api.js';
import { $, ago, byteIndex, clear, h, highlighted, toast } from './dom.js';

const VIEWS = [['mine', 'My open tickets'], ['unassigned', 'Unassigned'], ['open', 'All open'],
  ['pending', 'Pending'], ['solved', 'Recently solved'], ['all', 'All tickets']];
const S = { user: null, view: 'open', list: [], current: null, users: [], since: 0, mode: 'public',
  evidence: false, coachTimer: 0, coachSeq: 0, searching: '' };
const app = $('#app');

function emotionOf(analysis) {
  if (!analysis) return null;
  const svc = (analysis.service || []).filter((s) => s !== 'neutral');
  if (svc.length) return svc[0];
  const emo = (analysis.emotions || []).filter((e) => e !== 'neutral');
  return emo.length ? emo[0] : 'neutral';
}

function signIn(message) {
  clear(app);
  const err = h('p', { class: 'error', role: 'alert' }, message || '');
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to attune'),
    h('label', { for: 'email' }, 'Email'),
    h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true }),
    h('label', { for: 'password' }, 'Password'),
    h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    err,
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
    h('p', { class: 'muted' }, 'Customers: ', h('a', { href: '/portal' }, 'go to the help portal')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const user = await login(form.email.value, form.password.value);
      if (user.role === 'customer') { location.href = '/portal'; return; }
      S.user = user;
      start();
    } catch (e) {
      err.textContent = e.message;
    }
  });
  app.append(form);
  form.email.focus();
}

function start() {
  clear(app);
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search tickets  ( / )',
    'aria-label': 'Search tickets' });
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') runSearch(search.value.trim());
  });
  app.append(
    h('header', { class: 'top' },
      h('h1', {}, 'attune'), search, h('span', { class: 'spacer' }),
      h('span', { class: 'muted' }, S.user.name + ' · ' + S.user.role),
      h('button', { type: 'button', onclick: showHelp, 'aria-label': 'Keyboard shortcuts' }, '?'),
      h('button', { type: 'button', onclick: signOut }, 'Sign out')),
    h('div', { class: 'layout' },
      h('nav', { class: 'views', 'aria-label': 'Views', id: 'views' }),
      h('section', { class: 'queue', 'aria-label': 'Queue', id: 'queue' }),
      h('main', { class: 'ticket', id: 'ticket', 'aria-label': 'Ticket' },
        h('p', { class: 'conversation muted' }, 'Choose a ticket from the queue.'))));
  get('/api/users').then((r) => { S.users = r.users; }).catch(() => {});
  loadViews();
  loadQueue();
  poll();
}

async function signOut() {
  try { await post('/api/logout'); } catch (_) { /* signed out anyway */ }
  setCsrf(null);
  signIn('You are signed out.');
}

async function loadViews() {
  const nav = $('#views');
  if (!nav) return;
  const r = await get('/api/views');
  const counts = Object.fromEntries(r.views.map((v) => [v.name, v.count]));
  clear(nav).append(...[...VIEWS.map(([name, label]) => h('button', {
    type: 'button', 'aria-current': S.view === name && !S.searching ? 'true' : 'false',
    onclick: () => { S.view = name; S.searching = ''; loadViews(); loadQueue(); },
  }, h('span', {}, label), h('span', { class: 'badge' }, counts[name] ?? 0))),
  ['lead', 'admin'].includes(S.user.role) ? h('button', { type: 'button', id: 'manage-macros', onclick: manageMacros }, h('span', {}, 'Macros')) : null].filter(Boolean));
}

// Leads and admins keep the team's macros.
async function manageMacros() {
  const pane = clear($('#ticket'));
  const list = h('ul', { id: 'macro-admin' });
  const title = h('input', { id: 'macro-title', required: true });
  const body = h('textarea', { id: 'macro-body', rows: 5, required: true });
  const err = h('p', { class: 'error', role: 'alert' });
  let editing = null;
  const form = h('form', { class: 'card' },
    h('h3', {}, 'Add or change a macro'),
    h('label', { for: 'macro-title' }, 'Title'), title,
    h('label', { for: 'macro-body' }, 'Text'), body,
    h('p', { class: 'muted' }, 'Variables: {{customer.first_name}} {{customer.name}} {{agent.first_name}} {{agent.name}} {{ticket.number}} {{ticket.subject}} {{customer.last_ticket_subject}}'),
    err, h('button', { class: 'primary', type: 'submit' }, 'Save macro'));
  async function refresh() {
    const r = await get('/api/macros');
    clear(list).append(...r.macros.map((m) => h('li', { class: 'msg' },
      h('strong', {}, m.title), h('div', { class: 'body' }, m.body),
      h('div', { class: 'row' },
        h('button', { type: 'button', onclick: () => { editing = m.id; title.value = m.title; body.value = m.body; title.focus(); } }, 'Edit'),
        h('button', { type: 'button', onclick: async () => { await del('/api/macros/' + m.id); refresh(); } }, 'Delete')))));
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    try {
      if (editing) await patch('/api/macros/' + editing, { title: title.value, body: body.value });
      else await post('/api/macros', { title: title.value, body: body.value });
      editing = null;
      title.value = '';
      body.value = '';
      refresh();
    } catch (e) { err.textContent = e.message; }
  });
  pane.append(h('section', { class: 'conversation', 'aria-label': 'Macros' }, h('h2', {}, 'Macros'), form, list));
  refresh();
}

function queueRow(t, i) {
  const badges = [h('span', { class: 'badge ' + t.priority }, t.priority), h('span', { class: 'badge' }, t.status.replace('_', ' '))];
  if (t.mood) badges.push(h('span', { class: 'badge emotion', title: 'how the customer feels' }, t.mood));
  return h('li', {}, h('button', {
    type: 'button', 'data-id': t.id, 'data-index': i,
    'aria-current': S.current && S.current.id === t.id ? 'true' : 'false',
    onclick: () => openTicket(t.id),
  },
  h('span', { class: 'row1' }, h('span', {}, t.customer_name), h('span', {}, '#' + t.number + ' · ' + ago(t.created_at))),
  h('span', { class: 'subject' }, t.subject),
  t.snippet ? h('span', { class: 'muted' }, t.snippet) : null,
  h('span', { class: 'row1' }, h('span', {}, badges), h('span', {}, t.assignee_name || 'unassigned'))));
}

function renderQueue(title) {
  const q = $('#queue');
  if (!q) return;
  clear(q).append(h('h2', { class: 'sr-only' }, title),
    S.list.length ? h('ol', {}, S.list.map(queueRow)) : h('p', { class: 'muted' }, 'Nothing here.'));
}

async function loadQueue() {
  const r = await get('/api/tickets?view=' + S.view + '&limit=50');
  S.list = r.tickets;
  renderQueue(VIEWS.find((v) => v[0] === S.view)[1]);
}

async function runSearch(q) {
  if (!q) { S.searching = ''; loadViews(); loadQueue(); return; }
  try {
    const [r, c] = await Promise.all([get('/api/search?q=' + encodeURIComponent(q)),
      get('/api/customers?limit=10&q=' + encodeURIComponent(q))]);
    S.searching = q;
    S.list = r.results;
    loadViews();
    renderQueue('Search results for ' + q);
    if (c.customers.length) {
      $('#queue').prepend(h('div', { class: 'people', 'aria-label': 'Customers found' }, h('h2', { class: 'small' }, 'Customers'),
        h('ul', {}, c.customers.map((x) => h('li', {}, h('strong', {}, x.name), ' ', h('span', { class: 'muted' }, x.email + ' · ' + x.ticket_count + ' tickets'))))));
    }
  } catch (e) { toast(e.message); }
}

function reading(m) {
  const a = m.analysis;
  if (!a) return null;
  const chips = [];
  const mood = emotionOf(a);
  if (mood) chips.push(h('span', { class: 'badge emotion', title: 'detected feeling' }, mood));
  for (const e of (a.emotions || []).filter((x) => x !== 'neutral' && x !== mood)) chips.push(h('span', { class: 'badge' }, e));
  if (a.urgency >= 0.3) chips.push(h('span', { class: 'badge high' }, 'urgency ' + Math.round(a.urgency * 100) + '%'));
  if (a.risk && a.risk.kind !== 'none') chips.push(h('span', { class: 'badge risk', title: a.risk.reason || '' }, 'risk: ' + a.risk.kind));
  if (a.complaint) chips.push(h('span', { class: 'badge' }, 'complaint'));
  return h('div', { class: 'reading', 'aria-label': 'What the customer feels' }, chips);
}

function messageView(m, customerId) {
  const fromCustomer = m.author_customer_id === customerId && m.author_customer_id !== null;
  const spans = S.evidence && m.analysis
    ? (m.analysis.evidence || []).map((e) => ({ start: e.start, end: e.end, title: e.signal + (e.why ? ': ' + e.why : '') }))
    : [];
  return h('article', { class: 'msg' + (fromCustomer ? '' : ' staff') + (m.visibility === 'internal' ? ' internal' : ''),
    'aria-label': (m.visibility === 'internal' ? 'Internal note by ' : 'Message from ') + m.author_name },
  h('div', { class: 'meta' }, h('strong', {}, m.author_name || 'Customer'),
    h('span', {}, m.visibility === 'internal' ? 'internal note' : ''), h('span', {}, ago(m.created_at))),
  h('div', { class: 'body' }, highlighted(m.body, spans)),
  fromCustomer ? reading(m) : null);
}

function select(id, label, options, value, onchange) {
  const s = h('select', { id, onchange: (ev) => onchange(ev.target.value) },
    options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value) }, l)));
  return h('div', {}, h('label', { for: id }, label), s);
}

async function change(body) {
  try {
    await patch('/api/tickets/' + S.current.id, body);
    await openTicket(S.current.id, true);
    loadViews();
    loadQueue();
  } catch (e) { toast(e.message); }
}

async function openTicket(id, keepDraft) {
  const draft = keepDraft && $('#reply') ? $('#reply').value : '';
  const t = await get('/api/tickets/' + id);
  S.current = t;
  let customer = t.customer;
  let history = [];
  try {
    const c = await get('/api/customers/' + t.customer_id);
    customer = c;
    history = c.history.filter((x) => x.id !== t.id);
  } catch (_) { /* the panel shows what the ticket carries */ }
  for (const b of document.querySelectorAll('#queue li button')) b.setAttribute('aria-current', String(Number(b.dataset.id) === id));
  const pane = clear($('#ticket'));
  const staffOptions = [['', 'Unassigned'], ...S.users.map((u) => [u.id, u.name])];
  const conv = h('section', { class: 'conversation' },
    h('h2', { id: 'ticket-subject' }, t.subject),
    h('p', { class: 'muted' }, '#' + t.number + ' · ' + t.channel + ' · opened ' + ago(t.created_at)),
    h('div', { class: 'controls' },
      select('status', 'Status', ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'].map((s) => [s, s.replace('_', ' ')]), t.status, (v) => change({ status: v })),
      select('priority', 'Priority', ['low', 'normal', 'high', 'urgent'].map((s) => [s, s]), t.priority, (v) => change({ priority: v })),
      select('assignee', 'Assignee', staffOptions, t.assignee_id ?? '', (v) => change({ assignee_id: v === '' ? null : Number(v) })),
      h('div', {}, h('label', { for: 'tags' }, 'Tags'),
        h('input', { id: 'tags', value: t.tags.join(', '), onchange: (ev) => change({ tags: ev.target.value.split(',').map((x) => x.trim()).filter(Boolean) }) })),
      h('button', { type: 'button', id: 'toggle-evidence', 'aria-pressed': String(S.evidence),
        onclick: () => { S.evidence = !S.evidence; openTicket(t.id, true); } }, S.evidence ? 'Hide evidence' : 'Show evidence')),
    h('div', { id: 'messages' }, t.messages.map((m) => messageView(m, t.customer_id))),
    composer(t, customer, draft),
    h('details', { class: 'events' }, h('summary', {}, 'History of this ticket'),
      h('ol', {}, (t.events || []).map((e) => h('li', {}, ago(e.created_at) + ' · ' + e.actor_name + ' · ' + e.kind + (e.new ? ': ' + (e.old ? e.old + ' → ' : '') + e.new : ''))))));
  const panel = h('aside', { class: 'customer', 'aria-label': 'Customer' },
    h('h3', {}, customer.preferred_name || customer.name),
    customer.preferred_name ? h('p', { class: 'muted' }, customer.name) : null,
    h('dl', {},
      h('dt', {}, 'Email'), h('dd', {}, customer.email),
      h('dt', {}, 'Company'), h('dd', {}, customer.company || '—'),
      h('dt', {}, 'Tier'), h('dd', {}, customer.tier),
      h('dt', {}, 'Lifetime value'), h('dd', {}, '$' + Number(customer.lifetime_value).toLocaleString()),
      h('dt', {}, 'Tickets'), h('dd', {}, String(customer.ticket_count))),
    customer.notes ? h('p', {}, h('strong', {}, 'Notes: '), customer.notes) : null,
    h('h4', {}, 'Past contacts'),
    history.length ? h('ol', { 'aria-label': 'Past contacts, newest first' }, history.slice(0, 10).map((x) => h('li', {},
      h('button', { type: 'button', class: 'linkish', onclick: () => openTicket(x.id) }, x.subject),
      ' — ' + x.status.replace('_', ' ') + ', ' + ago(x.created_at) + ' ',
      x.mood ? h('span', { class: 'badge emotion', title: 'how that contact felt' }, x.mood) : null)))
      : h('p', { class: 'muted' }, 'First contact.'),
    history.length ? trend(history) : null);
  pane.append(conv, panel);
  if (draft) coachSoon();
}

// How past contacts felt, oldest to newest: a row of dots, warm for good, red for upset.
function trend(history) {
  const upset = new Set(['frustration', 'anxiety', 'sadness', 'anger', 'annoyance', 'disappointment', 'fear', 'confusion']);
  const good = new Set(['gratitude', 'joy', 'relief', 'admiration', 'approval', 'love', 'optimism']);
  const items = history.slice(0, 12).reverse();
  const word = (m) => (upset.has(m) ? 'upset' : good.has(m) ? 'happy' : 'calm');
  return h('p', { class: 'trend', 'aria-label': 'How past contacts felt, oldest first: ' + items.map((x) => word(x.mood)).join(', ') },
    'Feeling over time: ', items.map((x) => h('span', { class: 'dot ' + word(x.mood), title: (x.mood || 'unknown') + ' — ' + x.subject }, '●')));
}

function lastCustomerMessage(t) {
  const msgs = t.messages.filter((m) => m.author_customer_id === t.customer_id && m.author_customer_id !== null);
  return msgs.length ? msgs[msgs.length - 1].body : '';
}

function composer(t, customer, draft) {
  const area = h('textarea', { id: 'reply', rows: 6, 'aria-describedby': 'coach', placeholder: 'Write a reply… (r)' });
  area.value = draft;
  area.addEventListener('input', coachSoon);
  // macros: type to search them by title, pick one to insert it personalised
  const macroList = h('datalist', { id: 'macro-list' });
  const macroSel = h('input', { id: 'macro', list: 'macro-list', placeholder: 'Insert a macro…', 'aria-label': 'Search and insert a macro' });
  let macros = [];
  get('/api/macros').then((r) => { macros = r.macros; macroList.append(...macros.map((m) => h('option', { value: m.title }))); }).catch(() => {});
  macroSel.addEventListener('change', async () => {
    const m = macros.find((x) => x.title === macroSel.value);
    if (!m) return;
    try {
      const r = await post('/api/macros/' + m.id + '/render', { ticket_id: t.id });
      area.value = (area.value ? area.value + '\n\n' : '') + r.body;
      macroSel.value = '';
      area.focus();
      coachSoon();
    } catch (e) { toast(e.message); }
  });
  const mode = h('div', { role: 'radiogroup', 'aria-label': 'Send as' },
    ...[['public', 'Reply to customer'], ['internal', 'Internal note']].map(([v, l]) =>
      h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'mode', value: v, checked: S.mode === v,
        onchange: () => { S.mode = v; } }), ' ' + l)));
  return h('section', { class: 'composer', 'aria-label': 'Reply' },
    h('label', { for: 'reply' }, 'Your reply to ' + (customer.preferred_name || customer.name.split(' ')[0])),
    area,
    h('div', { class: 'draft-preview', id: 'preview', 'aria-hidden': 'true' }),
    h('div', { class: 'row' }, mode, macroSel, macroList,
      h('button', { class: 'primary', type: 'button', id: 'send', onclick: send }, 'Send (Ctrl+Enter)')),
    h('div', { class: 'coach', id: 'coach', 'aria-live': 'polite' }, h('span', { class: 'muted' }, 'The coach reads your draft as you type.')));
}

function coachSoon() {
  clearTimeout(S.coachTimer);
  S.coachTimer = setTimeout(runCoach, 250);
}

async function runCoach() {
  const area = $('#reply');
  const box = $('#coach');
  if (!area || !box || !S.current) return;
  const draft = area.value;
  if (!draft.trim()) { clear(box).append(h('span', { class: 'muted' }, 'The coach reads your draft as you type.')); clear($('#preview')); return; }
  const seq = ++S.coachSeq;
  let c;
  try {
    c = await post('/api/coach', { customer: lastCustomerMessage(S.current), reply: draft,
      customer_name: S.current.customer.preferred_name || S.current.customer.name.split(' ')[0] });
  } catch (e) { if (seq === S.coachSeq) clear(box).append(h('span', { class: 'error' }, e.message)); return; }
  if (seq !== S.coachSeq || area.value !== draft) return;
  const bad = new Set(['dismissive', 'blame', 'assumption', 'jargon', 'shouting', 'policy']);
  clear($('#preview')).append(...highlighted(draft, c.hits.map((x) => ({ start: x.start, end: x.end, cls: bad.has(x.item) ? 'bad' : 'good', title: x.item }))));
  const found = Object.entries(c.rubric).filter(([k, v]) => v === 'found');
  const met = Object.entries(c.rubric).filter(([k, v]) => v === 'met');
  clear(box).append(...[
    h('div', {}, h('span', { class: 'score ' + (c.score >= 70 ? 'good' : c.score < 40 ? 'poor' : ''), id: 'coach-score' }, String(c.score)),
      h('span', { class: 'muted' }, ' / 100 · empathy: reaction ' + c.empathy.emotional_reaction + ', understanding ' + c.empathy.interpretation + ', exploring ' + c.empathy.exploration)),
    found.length ? h('ul', { id: 'coach-flags' }, found.map(([k]) => h('li', { class: 'found' }, 'Flagged: ' + k.replace('_', ' ')))) : null,
    met.length ? h('p', { class: 'muted' }, 'Good: ' + met.map(([k]) => k.replace('_', ' ')).join(', ')) : null,
    h('div', { id: 'suggestions' }, c.suggestions.slice(0, 5).map((s, i) => h('div', { class: 'suggestion' },
      h('button', { type: 'button', 'data-suggestion': i, onclick: () => apply(draft, s),
        title: 'Alt+' + (i + 1) }, 'Apply'),
      h('q', {}, s.text), h('span', { class: 'muted why' }, s.why))))].filter(Boolean));
  S.suggestions = c.suggestions.map((s) => () => apply(draft, s));
}

function apply(draft, s) {
  const area = $('#reply');
  if (!area || area.value !== draft) { runCoach(); return; }
  const at = byteIndex(draft);
  const a = at(s.start);
  const b = at(s.end);
  area.value = draft.slice(0, a) + s.text + draft.slice(b);
  area.focus();
  runCoach();
}

async function send() {
  const area = $('#reply');
  if (!area || !area.value.trim() || !S.current) return;
  const btn = $('#send');
  btn.disabled = true;
  try {
    await post('/api/tickets/' + S.current.id + '/messages', { body: area.value, visibility: S.mode });
    area.value = '';
    toast(S.mode === 'internal' ? 'Note added' : 'Reply sent');
    await openTicket(S.current.id);
    loadViews();
    loadQueue();
  } catch (e) { toast(e.message); } finally { btn.disabled = false; }
}

async function poll() {
  try {
    const r = await get('/api/updates' + (S.since ? '?since=' + S.since : ''));
    const changed = S.since && r.tickets.length;
    S.since = r.now;
    if (changed) {
      loadViews();
      if (!S.searching) loadQueue();
      if (S.current && r.tickets.some((t) => t.id === S.current.id)) openTicket(S.current.id, true);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { signIn('Your session ended; sign in again.'); return; }
  }
  setTimeout(poll, 2000);
}

function showHelp() {
  if ($('.overlay')) return;
  const close = h('button', { type: 'button', onclick: () => o.remove() }, 'Close');
  const o = h('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Keyboard shortcuts' },
    h('div', {}, h('h2', {}, 'Keyboard shortcuts'), h('dl', {},
      ...[['j / k', 'next / previous ticket'], ['r', 'write a reply'], ['n', 'write an internal note'],
        ['Ctrl+Enter', 'send'], ['Alt+1…5', 'apply a suggestion of the coach'], ['/', 'search'],
        ['e', 'show or hide the evidence'], ['?', 'this help'], ['Esc', 'close']].map(([k, d]) => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, d)])),
    close));
  document.body.append(o);
  close.focus();
}

function move(step) {
  if (!S.list.length) return;
  const i = S.current ? S.list.findIndex((t) => t.id === S.current.id) : -1;
  const next = S.list[Math.max(0, Math.min(S.list.length - 1, i + step))];
  openTicket(next.id).then(() => { const b = document.querySelector('#queue button[data-id="' + next.id + '"]'); if (b) b.focus(); });
}

document.addEventListener('keydown', (ev) => {
  if (!S.user) return;
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
  if (ev.key === 'Escape') { const o = $('.overlay'); if (o) { o.remove(); return; } if (typing) document.activeElement.blur(); return; }
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); send(); return; }
  if (ev.altKey && /^[1-5]$/.test(ev.key) && S.suggestions) { const f = S.suggestions[Number(ev.key) - 1]; if (f) { ev.preventDefault(); f(); } return; }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const keys = {
    j: () => move(1), k: () => move(-1), '?': showHelp, '/': () => $('#search').focus(),
    r: () => { S.mode = 'public'; const a = $('#reply'); if (a) { a.focus(); document.querySelector('input[value=public]').checked = true; } },
    n: () => { S.mode = 'internal'; const a = $('#reply'); if (a) { a.focus(); document.querySelector('input[value=internal]').checked = true; } },
    e: () => { if (S.current) { S.evidence = !S.evidence; openTicket(S.current.id, true); } },
  };
  if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
});

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
