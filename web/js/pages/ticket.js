// The ticket page (/tickets/ID): the conversation, the ticket's fields and history, the customer
// beside it, the composer with the coach, the macros and the confirm below the team's floor, and
// who else is viewing the ticket or writing on it.
import { ApiError, api, beacon, get, patch, post } from '../api.js';
import { $, ago, byteIndex, clear, h, highlighted, toast, when, words } from '../dom.js';
import { messageFiles, otherFiles, ticketFiles } from '../attachments.js';
import { closeDialog, dialog } from '../dialog.js';
import { announce } from '../live.js';
import { inOrder, newest } from '../stale.js';
import { CLOCKS, CURRENCY, GRADE_FAIR, GRADE_GOOD, PRIORITIES, SOUNDS, STATUSES, URGENT_FROM, label, moodTone } from '../vocabulary.js';
import * as queue from './queue.js';
import { moodBadge } from './queue.js';
import { slaText, slaTitle } from '../sla.js';
import { setTitle } from '../title.js';
import { filePicker } from '../uploads.js';
import { actionWords } from './macros.js';
import { dropDraft, loadDraft, saveDraft } from '../drafts.js';

// The open ticket and what goes with it; `current` is null while no ticket is shown.
const S = {
  current: null, customer: null, msgIds: new Set(), mode: 'public', evidence: false,
  coachTimer: 0, suggestions: [], macros: null, files: null, draftTimer: 0, signature: null,
};
const opening = newest(); // opening a ticket: the last one asked for is the one shown
const rereads = inOrder(); // reading the open ticket again: an older answer never undoes a newer one
const coaching = newest(); // the coach's readings of the draft: only the newest is shown
let ctx = null; // the shell's: { user, users(), fail(e), go(path, opts) }

function firstName(c) {
  if (!c) return '';
  return c.preferred_name || (c.name || '').split(' ')[0] || '';
}

function fromCustomer(m) { return m.author_customer_id !== null && m.author_customer_id !== undefined; }

function mainMood(a) {
  if (!a) return null;
  const svc = (a.service || []).filter((s) => s !== 'neutral');
  if (svc.length) return svc[0];
  const emo = (a.emotions || []).filter((e) => e !== 'neutral');
  return emo.length ? emo[0] : 'neutral';
}



// Every clock of the ticket, and the triage score with its explanation (a disclosure).
function slaLine(t) {
  if (!t.sla && !t.triage) return null;
  const clocks = t.sla ? CLOCKS.filter(([k]) => t.sla[k]).map(([k, l]) =>
    h('li', {}, h('span', { class: 'badge sla ' + t.sla[k].state, title: slaTitle(t.sla[k]) },
      l + ': ' + slaText(t.sla[k])))) : [];
  const tr = t.triage;
  return h('div', { class: 'sla-line', id: 'ticket-sla' },
    t.sla ? h('p', { class: 'muted' }, 'SLA policy: ' + t.sla.policy) : null,
    clocks.length ? h('ul', { class: 'sla-clocks', 'aria-label': 'Service level clocks' }, clocks) : null,
    tr ? h('details', { class: 'triage', id: 'triage' },
      h('summary', {}, 'Triage score ' + tr.score + (tr.priority_manual ? ' (priority set by hand)' : '')),
      h('ul', {}, tr.parts.map((p) => h('li', {}, h('strong', {}, (p.points > 0 ? '+' : '') + p.points + ' ' + p.name), ': ' + p.why)))) : null);
}

// ---- a ticket -------------------------------------------------------------------------------

// Opens the ticket people call #number (its address names the number; the API's calls, its id).
async function openTicket(number) {
  const fresh = opening.next();
  let t;
  try { t = await get('/api/tickets/by-number/' + number); } catch (e) {
    if (!fresh()) return;
    if (e.status === 404) { clear($('#ticket')).append(h('div', { class: 'empty' }, h('p', {}, 'That ticket does not exist or is not yours to see.'))); return; }
    ctx.fail(e); return;
  }
  if (!fresh()) return; /* another ticket was opened meanwhile */
  const sameTicket = S.current && S.current.id === t.id;
  let draft = sameTicket && $('#reply') ? $('#reply').value : '';
  if (!sameTicket && S.current) keepDraft(true); /* the draft of the ticket left */
  const kept = sameTicket ? null : loadDraft(ctx.user.id, t.id);
  if (kept) { draft = kept.text; S.mode = kept.mode === 'internal' ? 'internal' : 'public'; }
  if (!sameTicket) presenceLeave();
  S.current = t;
  S.customer = t.customer;
  S.history = [];
  const filesAsked = ticketFiles(t.id).catch((e) => e);
  let hist = [];
  try {
    const c = await get('/api/customers/' + t.customer_id);
    S.customer = c;
    hist = c.history;
    S.history = hist;
  } catch (_) { /* the panel shows what the ticket carries */ }
  const files = await filesAsked;
  if (!fresh()) return; /* another ticket was opened meanwhile */
  if (files instanceof ApiError && files.status === 401) { ctx.fail(files); return; }
  S.files = files;
  queue.markCurrent(t.id);
  document.body.classList.add('reading-ticket');
  setTitle('#' + t.number + ' ' + t.subject + ' · attune');
  renderTicket(t, S.customer, hist, draft);
  if (kept) {
    $('#composer')?.prepend(h('p', { class: 'muted small draft-kept', id: 'draft-kept' }, 'Your draft from ' + ago(new Date(kept.at).toISOString()) + ' is back.'));
    announce('Your draft is back');
  }
  if (!sameTicket) presenceJoin();
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
  paintPresence();
  if (draft) coachSoon();
}

function ticketHead(t) {
  const staff = [['', 'Unassigned'], ...ctx.users().filter((u) => !u.disabled).map((u) => [String(u.id), u.name])];
  const tags = h('input', { id: 'tags', value: t.tags.join(', '), 'aria-describedby': 'tags-hint' });
  tags.addEventListener('change', () => change({ tags: tags.value.split(',').map((x) => x.trim()).filter(Boolean) }));
  tags.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); tags.blur(); } });
  const folded = localStorage.getItem('attune.head.folded') === '1';
  const fold = h('button', { type: 'button', class: 'quiet fold', id: 'fold-head', 'aria-expanded': String(!folded), 'aria-controls': 'ticket-details',
    title: 'Show or hide the clocks and fields, to give the conversation the room (f)', onclick: toggleHead }, folded ? 'Show details' : 'Hide details');
  return h('header', { class: 'ticket-head' + (folded ? ' folded' : ''), id: 'ticket-head' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); ctx.go('/views/' + queue.currentView(), { keep: true }); $('#queue')?.focus(); } }, '← Queue'),
      h('h2', { id: 'ticket-subject', tabindex: '-1' }, t.subject), fold),
    h('p', { class: 'muted meta', id: 'ticket-meta' }, metaLine(t)),
    t.merged_into ? h('p', { class: 'merged-note', id: 'merged-note' }, 'Merged into another ticket. ',
      h('a', { href: '#', onclick: async (ev) => {
        ev.preventDefault();
        try { const to = await get('/api/tickets/' + t.merged_into); ctx.go('/tickets/' + to.number); } catch (e) { ctx.fail(e); }
      } }, 'Open it')) : null,
    h('div', { class: 'presence', id: 'presence' }),
    h('div', { id: 'ticket-details' }, slaLine(t),
    h('div', { class: 'controls' },
      select('status', 'Status', STATUSES.map((s) => [s, label('statuses', s)]), t.status, (v) => change({ status: v })),
      select('priority', 'Priority', PRIORITIES.map((s) => [s, label('priorities', s)]), t.priority, (v) => change({ priority: v })),
      select('assignee', 'Assignee', staff, t.assignee_id === null ? '' : String(t.assignee_id),
        (v) => change({ assignee_id: v === '' ? null : Number(v) })),
      h('div', { class: 'field tags' }, h('label', { for: 'tags' }, 'Tags'), tags,
        h('span', { id: 'tags-hint', class: 'sr-only' }, 'comma separated')),
      h('div', { class: 'field buttons' },
        t.assignee_id !== ctx.user.id ? h('button', { type: 'button', id: 'take', onclick: () => change({ assignee_id: ctx.user.id }), title: 'Assign to me (a)' }, 'Take it') : null,
        h('button', { type: 'button', id: 'toggle-evidence', 'aria-pressed': String(S.evidence), onclick: toggleEvidence,
          title: 'Highlight the words behind each reading (e)' }, 'Evidence'),
        t.status !== 'closed' ? h('button', { type: 'button', id: 'merge-ticket', title: 'This is about the same thing as another ticket of the customer: move it there',
          onclick: () => mergeTicket(t) }, 'Merge…') : null))));
}

// This ticket goes into another open ticket of the same customer: its conversation moves there.
function mergeTicket(t) {
  const others = (S.history || []).filter((x) => x.id !== t.id && x.status !== 'closed');
  const err = h('p', { class: 'error', role: 'alert', id: 'merge-ticket-error' });
  const sel = h('select', { id: 'merge-into' }, others.map((x) => h('option', { value: String(x.id) }, '#' + x.number + ' ' + x.subject)));
  const f = h('form', { class: 'settings-form', id: 'merge-ticket-form' },
    others.length ? [h('label', { for: 'merge-into' }, 'Into'), sel,
      h('p', { class: 'muted small' }, 'The messages and files of #' + t.number + ' move there, #' + t.number +
        ' is closed and points at it, and answers to its mails land there too. This cannot be undone.')]
      : h('p', {}, (S.customer ? S.customer.name : 'The customer') + ' has no other open ticket to merge this into.'),
    err, h('div', { class: 'actions' }, others.length ? h('button', { class: 'danger', type: 'submit', id: 'merge-ticket-go' }, 'Merge') : null,
      h('button', { type: 'button', onclick: closeDialog }, 'Cancel')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await post('/api/tickets/' + t.id + '/merge', { into: Number(sel.value) });
      closeDialog();
      toast('#' + t.number + ' is merged into #' + r.number);
      queue.refresh();
      ctx.go('/tickets/' + r.number);
    } catch (e) { if (e.status === 401) { closeDialog(); ctx.fail(e); } else err.textContent = e.message; }
  });
  dialog('Merge #' + t.number + ' into another ticket', [f]);
  (others.length ? sel : f.querySelector('button')).focus();
}

// Folds the header to its title and one line, or unfolds it; the choice is kept in this browser.
function toggleHead() {
  const head = $('#ticket-head');
  if (!head) return;
  const folded = !head.classList.contains('folded');
  head.classList.toggle('folded', folded);
  const b = $('#fold-head');
  b.setAttribute('aria-expanded', String(!folded));
  b.textContent = folded ? 'Show details' : 'Hide details';
  try { localStorage.setItem('attune.head.folded', folded ? '1' : '0'); } catch (_) { /* not kept */ }
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
  customer ? reading(m.analysis, m.tone) : null);
}

// The coach's score of a sent reply, as it was kept (staff only: customers' answers never carry it).
function coachBadge(m) {
  const c = m.coaching;
  if (!c) return null;
  const below = c.confirmed ? '; sent below the team\'s floor of ' + c.floor + ' after a confirm' : '';
  return h('span', { class: 'badge coach-score ' + c.grade, 'data-score': c.score, title: 'Coach score when sent: ' + c.score + ' of 100' + below },
    h('span', { class: 'sr-only' }, 'Coach score '), String(c.score), c.confirmed ? h('span', { 'aria-hidden': 'true' }, ' ⚑') : null,
    c.confirmed ? h('span', { class: 'sr-only' }, ', sent below the floor') : null);
}

// `feel` is the message's tone as the server words it (negative, neutral, positive).
function reading(a, feel) {
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
  if (a.urgency >= URGENT_FROM) chips.push(h('span', { class: 'badge urgent', title: 'urgency' }, 'urgent ' + Math.round(a.urgency * 100) + '%'));
  if (a.risk && a.risk.kind !== 'none') chips.push(h('span', { class: 'badge risk', title: a.risk.reason || 'risk' }, 'risk: ' + words(a.risk.kind)));
  if (a.complaint) chips.push(h('span', { class: 'badge', title: 'reads as a complaint' }, 'complaint'));
  return h('div', { class: 'reading', role: 'group', 'aria-label': 'How this message reads' },
    feel ? h('span', { class: 'tone ' + feel, title: 'polarity ' + a.polarity }, feel) : null, chips);
}

// Polls found something new on the open ticket: add what is new, keep the draft, the focus and the scroll.
async function refreshTicket() {
  if (!S.current) return;
  const stillOpen = opening.now();
  const answer = rereads.next();
  let t;
  try { t = await get('/api/tickets/' + S.current.id); } catch (_) { return; }
  if (!stillOpen() || !answer.take() || !S.current || S.current.id !== t.id) return;
  S.current = t;
  const box = $('#messages');
  if (!box) return;
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  const fresh = t.messages.filter((m) => !S.msgIds.has(m.id));
  if (fresh.length) {
    /* mail that came in brings its files with it */
    const files = await ticketFiles(t.id).catch((e) => e);
    if (!stillOpen() || !answer.take()) return;
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
  refreshSla(t);
  const ev = $('#events');
  if (ev) ev.replaceWith(eventsView(t));
}

// The clocks and the triage score as the server has them now (an open explanation stays open).
function refreshSla(t) {
  const old = $('#ticket-sla');
  const line = slaLine(t);
  if (!old || !line) return;
  if (old.querySelector('#triage')?.open && line.querySelector('#triage')) line.querySelector('#triage').open = true;
  old.replaceWith(line);
}

// The ticket's controls show what is stored: after a change that did not save, they go back.
function showStored(t) {
  for (const [id, v] of [['status', t.status], ['priority', t.priority], ['assignee', t.assignee_id === null ? '' : String(t.assignee_id)]]) {
    const el = $('#' + id);
    if (el) el.value = v;
  }
  const tags = $('#tags');
  if (tags) tags.value = t.tags.join(', ');
}

const FIELD_WORDS = { status: 'status', priority: 'priority', assignee_id: 'assignee', tags: 'tags' };

async function change(body) {
  if (!S.current) return;
  try {
    await patch('/api/tickets/' + S.current.id, body);
    await refreshTicket();
    const take = $('#take');
    if (take && S.current.assignee_id === ctx.user.id) take.remove();
    announce('Saved');
    queue.refresh();
  } catch (e) {
    showStored(S.current);
    const what = Object.keys(body).map((k) => FIELD_WORDS[k] || k).join(' and ');
    if (e instanceof ApiError && e.status === 401) ctx.fail(e);
    else toast('The ' + what + ' did not change: ' + e.message);
    announce('Not saved');
    refreshTicket();
  }
}

// ---- the customer beside the ticket ---------------------------------------------------------

function customerPanel(t, c, hist) {
  const past = hist.filter((x) => x.id !== t.id);
  return h('aside', { class: 'customer', id: 'customer', 'aria-labelledby': 'customer-name' },
    h('div', { class: 'customer-title' }, h('h2', { id: 'customer-name' }, c.name),
      h('button', { type: 'button', class: 'quiet', id: 'customer-edit', title: 'Change what we know about ' + c.name, onclick: () => editCustomer(c) }, 'Edit')),
    c.preferred_name ? h('p', { class: 'greet' }, 'Likes to be called ', h('strong', {}, c.preferred_name)) : null,
    h('dl', {},
      h('dt', {}, 'Email'), h('dd', {}, c.email),
      c.phone ? [h('dt', {}, 'Phone'), h('dd', {}, c.phone)] : null,
      h('dt', {}, 'Company'), h('dd', {}, c.company || '—'),
      h('dt', {}, 'Tier'), h('dd', {}, h('span', { class: 'badge tier ' + c.tier }, c.tier)),
      h('dt', {}, 'Lifetime value'), h('dd', {}, Number(c.lifetime_value || 0).toLocaleString(undefined, { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 })),
      h('dt', {}, 'Tickets'), h('dd', {}, String(c.ticket_count ?? hist.length))),
    c.notes ? h('div', { class: 'notes' }, h('h3', {}, 'Notes'), h('p', {}, c.notes)) : null,
    h('p', { class: 'portal-link' },
      c.email ? h('button', { type: 'button', id: 'portal-link', class: 'linkish',
        title: 'Mail ' + c.email + ' a link that sets a password and opens the help centre', onclick: () => portalLink(c) },
      'Send a portal link') : null, ' ',
      h('button', { type: 'button', id: 'merge-customer', class: 'linkish', title: 'Another record of ' + c.name + ' (another address): bring its tickets here',
        onclick: () => mergeCustomer(c) }, 'Merge a duplicate')),
    h('h3', {}, 'Past contacts'),
    past.length ? trend(past) : null,
    past.length ? h('ol', { class: 'past', 'aria-label': 'Past contacts, newest first' }, past.slice(0, 12).map((x) => h('li', {},
      h('a', { href: '/tickets/' + x.number, onclick: (ev) => { ev.preventDefault(); ctx.go('/tickets/' + x.number); } }, '#' + x.number + ' ' + x.subject),
      h('span', { class: 'past-meta' }, h('span', { class: 'status ' + x.status }, words(x.status)), ' ',
        h('span', { class: 'muted', title: when(x.created_at) }, ago(x.created_at)), ' ', moodBadge(x.mood, 'how that contact felt')))))
      : h('p', { class: 'muted' }, 'This is their first contact.'),
    eventsView(t));
}

// What we know about the customer, changed in a dialog; the panel shows what was stored.
function editCustomer(c) {
  const err = h('p', { class: 'error', role: 'alert', id: 'customer-edit-error' });
  const input = (id, text, value, attrs) => [h('label', { for: id }, text), h('input', Object.assign({ id, value: value ?? '' }, attrs || {}))];
  const f = h('form', { class: 'settings-form', id: 'customer-form' },
    ...input('ce-name', 'Name', c.name, { required: true }),
    ...input('ce-preferred', 'Likes to be called', c.preferred_name),
    ...input('ce-phone', 'Phone', c.phone, { type: 'tel' }),
    ...input('ce-company', 'Company', c.company),
    ...input('ce-tier', 'Tier', c.tier, { list: 'ce-tiers' }),
    h('datalist', { id: 'ce-tiers' }, ['standard', 'premium', 'vip', 'enterprise'].map((v) => h('option', { value: v }))),
    ...input('ce-value', 'Lifetime value', c.lifetime_value, { type: 'number', min: 0, step: 'any' }),
    h('label', { for: 'ce-notes' }, 'Notes (staff only)'), h('textarea', { id: 'ce-notes', rows: 3 }, c.notes || ''),
    h('p', { class: 'muted small' }, 'Their email, ' + c.email + ', is how they are known; it does not change here.'),
    err,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'ce-save' }, 'Save'),
      h('button', { type: 'button', onclick: closeDialog }, 'Cancel')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const v = (id) => f.querySelector('#' + id).value;
    try {
      const saved = await patch('/api/customers/' + c.id, {
        name: v('ce-name'), preferred_name: v('ce-preferred'), phone: v('ce-phone'), company: v('ce-company'),
        tier: v('ce-tier').trim() || 'standard', lifetime_value: Number(v('ce-value') || 0), notes: v('ce-notes') });
      closeDialog();
      toast('Saved ' + saved.name);
      if (S.current) openTicket(S.current.number);
    } catch (e) {
      if (e.status === 401) { closeDialog(); ctx.fail(e); return; }
      err.textContent = e.message;
      if (e.field) f.querySelector('#' + ({ name: 'ce-name', preferred_name: 'ce-preferred', phone: 'ce-phone', company: 'ce-company', tier: 'ce-tier', lifetime_value: 'ce-value', notes: 'ce-notes' }[e.field] || 'ce-name'))?.focus();
    }
  });
  dialog('About ' + c.name, [f]);
  f.querySelector('#ce-name').focus();
}

// Another record of the same person goes into this one: its tickets, messages and account move.
function mergeCustomer(c) {
  const err = h('p', { class: 'error', role: 'alert', id: 'merge-error' });
  const who = h('input', { id: 'merge-who', list: 'merge-list', autocomplete: 'off', placeholder: 'name or email of the other record' });
  const list = h('datalist', { id: 'merge-list' });
  const what = h('p', { class: 'muted small', id: 'merge-what' }, 'Choose the other record of ' + c.name + '.');
  const go = h('button', { class: 'danger', type: 'submit', id: 'merge-go', disabled: true }, 'Merge');
  let found = [];
  let pick = null;
  const finds = newest();
  who.addEventListener('input', async () => {
    pick = found.find((x) => x.name + ' <' + x.email + '>' === who.value) || null;
    go.disabled = !pick;
    what.textContent = pick ? pick.name + ' <' + pick.email + '> and its ' + pick.ticket_count + (pick.ticket_count === 1 ? ' ticket' : ' tickets') +
      ' become part of ' + c.name + ' <' + c.email + '>; the other record is removed. This cannot be undone.' : 'Choose the other record of ' + c.name + '.';
    if (pick || who.value.trim().length < 2) return;
    const fresh = finds.next();
    let r;
    try { r = await get('/api/customers?limit=8&q=' + encodeURIComponent(who.value.trim())); } catch (_) { return; }
    if (!fresh()) return;
    found = r.customers.filter((x) => x.id !== c.id);
    clear(list).append(...found.map((x) => h('option', { value: x.name + ' <' + x.email + '>' })));
  });
  const f = h('form', { class: 'settings-form', id: 'merge-form' },
    h('label', { for: 'merge-who' }, 'The duplicate'), who, list, what, err,
    h('div', { class: 'actions' }, go, h('button', { type: 'button', onclick: closeDialog }, 'Cancel')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!pick) return;
    try {
      const r = await post('/api/customers/' + pick.id + '/merge', { into: c.id });
      closeDialog();
      toast('Merged: ' + r.tickets_moved + (r.tickets_moved === 1 ? ' ticket' : ' tickets') + ' moved to ' + r.customer.name);
      if (S.current) openTicket(S.current.number);
      queue.refresh();
    } catch (e) { if (e.status === 401) { closeDialog(); ctx.fail(e); } else err.textContent = e.message; }
  });
  dialog('Merge a duplicate into ' + c.name, [f]);
  who.focus();
}

// Mails the customer a link into the portal (their account is made if they only wrote by mail).
async function portalLink(c) {
  const btn = $('#portal-link');
  if (btn) btn.disabled = true;
  try {
    const r = await post('/api/customers/' + c.id + '/portal-link', {});
    const msg = r.mail === 'outbox'
      ? 'Portal link for ' + r.email + ' waits in the outbox: mail is off'
      : 'Portal link sent to ' + r.email;
    toast(msg);
    announce(msg);
    if (r.mail === 'outbox') ctx.mailChanged();
  } catch (e) { ctx.fail(e); } finally { if (btn) btn.disabled = false; }
}

// How past contacts felt, oldest to newest: a row of dots, red for upset, green for glad.
function trend(past) {
  const items = past.slice(0, 12).reverse();
  return h('p', { class: 'trend', role: 'img', 'aria-label': 'How past contacts felt, oldest first: ' + items.map((x) => x.mood || 'unknown').join(', ') },
    h('span', { class: 'muted' }, 'Feeling over time '),
    items.map((x) => h('span', { class: 'dot ' + moodTone(x.mood), title: (x.mood || 'unknown') + ' — ' + x.subject })));
}

function eventsView(t) {
  // each event in the server's words ("Maya replied", "Status: open → solved")
  const line = (e) => h('li', {}, e.text + ' ', h('time', { class: 'muted', datetime: e.created_at, title: when(e.created_at) }, ago(e.created_at)));
  return h('details', { class: 'events', id: 'events' }, h('summary', {}, 'History (' + (t.events || []).length + ')'),
    h('ol', {}, (t.events || []).map(line)));
}

// ---- the composer and the coach -------------------------------------------------------------

function composer(t, customer, draft) {
  const area = h('textarea', { id: 'reply', rows: 5, 'aria-describedby': 'coach-summary',
    placeholder: 'Write to ' + (firstName(customer) || 'the customer') + '…  (r)' });
  area.value = draft;
  const marks = h('div', { class: 'draft-marks', id: 'draft-marks', 'aria-hidden': 'true' });
  area.addEventListener('input', () => { paintMarks([]); coachSoon(); typed(); keepDraft(); });
  area.addEventListener('scroll', () => { marks.scrollTop = area.scrollTop; });
  const modeBtn = (v, label) => h('button', { type: 'button', role: 'radio', 'data-mode': v, 'aria-checked': String(S.mode === v),
    onclick: () => setMode(v) }, label);
  const then = h('select', { id: 'then', 'aria-label': 'Then set the status to' },
    h('option', { value: '' }, 'and keep the status'),
    h('option', { value: 'pending' }, 'and set pending'),
    h('option', { value: 'solved' }, 'and set solved'));
  const section = h('section', { class: 'composer' + (S.mode === 'internal' ? ' internal' : ''), id: 'composer', 'aria-label': 'Composer' });
  S.picker = filePicker({ id: 'composer', zone: section, ticketId: () => S.current.id, fail: (e) => ctx.fail(e) });
  section.append(
    h('div', { class: 'composer-top' },
      h('div', { class: 'modes', role: 'radiogroup', 'aria-label': 'Send as' }, modeBtn('public', 'Reply'), modeBtn('internal', 'Internal note')),
      signatureLine(), h('span', { class: 'spacer' }), S.picker.button, S.picker.input,
      h('button', { type: 'button', id: 'macro-button', class: 'quiet', onclick: openMacros, 'aria-haspopup': 'dialog', title: 'Insert a macro (m)' }, 'Macros')),
    mailOffNote(customer),
    h('label', { for: 'reply', class: 'sr-only', id: 'reply-label' }, S.mode === 'internal' ? 'Internal note' : 'Reply to ' + customer.name),
    h('div', { class: 'draft' }, marks, area),
    S.picker.list, S.picker.status,
    h('div', { class: 'composer-bottom' },
      h('span', { class: 'muted small' }, h('kbd', {}, 'Ctrl'), '+', h('kbd', {}, 'Enter'), ' to send'),
      h('span', { class: 'spacer' }), then,
      h('button', { class: 'primary', type: 'button', id: 'send', onclick: send }, S.mode === 'internal' ? 'Add note' : 'Send reply')));
  return section;
}

// What the reply will end with, under the draft (replies only), with the way to change it.
function signatureLine() {
  const line = h('p', { class: 'muted small signature-line', id: 'signature-line', hidden: S.mode === 'internal' });
  const text = h('span', { class: 'signature-text', id: 'signature-text' });
  const said = h('span', {});
  const edit = h('button', { type: 'button', class: 'linkish', id: 'signature-edit', onclick: editSignature }, 'Add one');
  line.append(said, text, ' ', edit);
  /* the same elements are filled in as the signature arrives: a click never lands on a stale one */
  const paint = () => {
    const shown = S.signature && S.signature.shown;
    said.textContent = shown ? 'Signed: ' : 'No signature.';
    text.textContent = shown ? shown.split('\n').join(' · ') : '';
    text.hidden = !shown;
    edit.textContent = shown ? 'Change' : 'Add one';
  };
  paint();
  if (!S.signature) get('/api/signature').then((r) => { S.signature = r; paint(); }).catch(() => { /* as it is */ });
  return line;
}

function editSignature() {
  const cur = S.signature || { mine: '', team: '' };
  const err = h('p', { class: 'error', role: 'alert', id: 'signature-error' });
  const area = h('textarea', { id: 'signature-mine', rows: 4 });
  area.value = cur.mine;
  const f = h('form', { class: 'settings-form', id: 'signature-form' },
    h('label', { for: 'signature-mine' }, 'Your signature'), area,
    h('p', { class: 'muted small' }, 'Ends every reply you send. It may use {{agent.name}} and {{agent.first_name}}. ' +
      (cur.team ? 'Left empty, the team\'s is used: ' + cur.team.split('\n').join(' · ') : 'Left empty, your replies have none.')),
    err, h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'signature-save' }, 'Save'),
      h('button', { type: 'button', onclick: closeDialog }, 'Cancel')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      S.signature = await api('PUT', '/api/signature', { signature: area.value });
      closeDialog();
      toast(S.signature.shown ? 'Your replies are signed' : 'Your replies have no signature');
      $('#signature-line')?.replaceWith(signatureLine());
    } catch (e) { if (e.status === 401) { closeDialog(); ctx.fail(e); } else err.textContent = e.message; }
  });
  dialog('Signature', [f]);
  area.focus();
}

// The mail status may arrive after the page was drawn: the note joins then.
window.addEventListener('attune-mail', () => {
  const label = $('#reply-label');
  if (label && !$('#mail-off-note') && S.customer) {
    const note = mailOffNote(S.customer);
    if (note) label.before(note);
  }
});

// With outbound mail off, a reply to a customer who writes by mail says where it goes.
function mailOffNote(customer) {
  const m = ctx.mail();
  if (!m || m.outbound || !customer || !customer.email) return null;
  const text = 'Mail is off: this reply waits in the outbox and reaches ' + (firstName(customer) || 'the customer') +
    ' by mail once mail is set up. They can read it in the portal now.';
  return h('p', { class: 'mail-off-note', id: 'mail-off-note', hidden: S.mode === 'internal', title: text }, text);
}

// The draft is kept in this browser a moment after each keystroke (drafts.js).
function keepDraft(now) {
  clearTimeout(S.draftTimer);
  if (!ctx.user) return; /* signed out: nothing is kept */
  const id = S.current && S.current.id;
  const save = () => { const a = $('#reply'); if (a && id && S.current && S.current.id === id) saveDraft(ctx.user.id, id, a.value, S.mode); };
  if (now) save(); else S.draftTimer = setTimeout(save, 300);
}
window.addEventListener('pagehide', () => { if (S.current) keepDraft(true); });

function setMode(v) {
  S.mode = v;
  keepDraft();
  const note = $('#mail-off-note');
  if (note) note.hidden = v === 'internal';
  const sig = $('#signature-line');
  if (sig) sig.hidden = v === 'internal';
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

// Rubric items the server says were found or are clear are things that hurt; the rest help.
const hurts = (rubric, item) => rubric && (rubric[item] === 'found' || rubric[item] === 'clear');

function paintMarks(hits, rubric, labels = {}) {
  const marks = $('#draft-marks');
  const area = $('#reply');
  if (!marks || !area) return;
  const text = area.value;
  clear(marks).append(...highlighted(text, hits.map((x) => ({ start: x.start, end: x.end,
    cls: hurts(rubric, x.item) ? 'bad' : 'good', title: labels[x.item] || x.item }))), document.createTextNode('\n'));
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
  const fresh = coaching.next();
  const last = lastCustomerMessage();
  let c;
  try {
    c = await post('/api/coach', { customer: last ? last.body : '', reply: draft, customer_name: firstName(S.customer) });
  } catch (e) {
    if (fresh()) clear(body).append(h('p', { class: 'error' }, 'The coach is unavailable: ' + e.message));
    return;
  }
  if (!fresh() || area.value !== draft) return;
  paintMarks(c.hits, c.rubric, c.labels.rubric);
  renderCoach(c, draft, body);
}

function renderCoach(c, draft, body) {
  const at = byteIndex(draft);
  const quote = (x) => draft.slice(at(x.start), at(x.end));
  const found = Object.entries(c.rubric).filter(([, v]) => v === 'found').map(([k]) => k);
  const met = Object.entries(c.rubric).filter(([, v]) => v === 'met').map(([k]) => k);
  const label = (k) => c.labels.rubric[k] || k;
  S.suggestions = c.suggestions.slice(0, 5).map((s) => () => apply(draft, s));
  clear(body).append(...[
    h('div', { class: 'score-row', id: 'coach-summary' },
      h('span', { class: 'score ' + c.grade, id: 'coach-score' }, String(c.score)),
      h('span', { class: 'muted' }, '/ 100'),
      h('meter', { min: 0, max: 100, low: GRADE_FAIR, high: GRADE_GOOD, optimum: 100, value: c.score, 'aria-label': 'Empathy score' })),
    h('ul', { class: 'mechanisms', 'aria-label': 'Empathy mechanisms, each 0 to 2' }, Object.entries(c.labels.mechanisms).map(([k, name]) => h('li', {},
      h('span', {}, name),
      h('span', { class: 'pips', role: 'img', 'aria-label': c.empathy[k] + ' of 2' },
        [0, 1].map((i) => h('span', { class: 'pip' + (c.empathy[k] > i ? ' on' : '') })))))),
    found.length ? h('ul', { id: 'coach-flags', class: 'flags' }, found.map((k) => h('li', { 'data-item': k },
      h('strong', {}, label(k)), ' ',
      c.hits.filter((x) => x.item === k).map((x) => h('q', {}, quote(x))))))
      : null,
    met.length ? h('p', { class: 'met' }, h('span', { class: 'sr-only' }, 'Doing well: '), met.map((k) => h('span', { class: 'badge good' }, '✓ ' + label(k)))) : null,
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
  keepDraft();
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
  if (S.picker && S.picker.busy()) { toast('Wait a moment: the files are still being sent.'); return; }
  const body = { body: area.value, visibility: S.mode };
  if (S.picker && S.picker.ids().length) body.attachments = S.picker.ids();
  const then = $('#then');
  if (then && then.value) body.status = then.value;
  if (confirmed === true) body.confirm = true;
  try {
    await post('/api/tickets/' + S.current.id + '/messages', body);
    area.value = '';
    if (S.picker) S.picker.clear();
    dropDraft(ctx.user.id, S.current.id);
    $('#draft-kept')?.remove();
    if (then) then.value = '';
    paintMarks([]);
    $('#collision')?.remove();
    tell(myState());
    const held = S.mode === 'public' && ctx.mail() && !ctx.mail().outbound;
    toast(S.mode === 'internal' ? 'Note added' : held ? 'Reply saved; it waits in the outbox until mail is set up' : 'Reply sent');
    if (held) ctx.mailChanged();
    await refreshTicket();
    const box = $('#messages');
    if (box) box.scrollTop = box.scrollHeight;
    runCoach();
    queue.refresh();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'confirm_required') confirmSend(e.error, area.value);
    else ctx.fail(e);
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
  try { list = await macros(); } catch (e) { ctx.fail(e); return; }
  const q = h('input', { type: 'search', id: 'macro-search', placeholder: 'Search macros', 'aria-label': 'Search macros', autocomplete: 'off' });
  const ul = h('ul', { class: 'macro-list', id: 'macro-list' });
  const show = () => {
    const words_ = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = list.filter((m) => words_.every((w) => (m.title + ' ' + m.body).toLowerCase().includes(w)));
    clear(ul).append(...(hits.length ? hits.map((m) => h('li', {}, h('button', { type: 'button', class: 'macro', onclick: () => insertMacro(m) },
      h('strong', {}, m.title), h('span', { class: 'muted' }, m.body),
      m.actions && Object.keys(m.actions).length ? h('span', { class: 'macro-sets' }, 'also sets ' + actionWords(m.actions, ctx.users())) : null)))
      : [h('li', { class: 'muted' }, 'No macro matches.')]));
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
  const acts = m.actions && Object.keys(m.actions).length ? m.actions : null;
  try {
    /* a macro that sets fields changes the ticket as it is inserted; the rest only fill text */
    const r = await post('/api/macros/' + m.id + (acts ? '/apply' : '/render'), { ticket_id: S.current.id });
    if (acts) {
      const said = actionWords(acts, ctx.users()).replace('whoever uses it', 'you');
      toast(m.title + ': ' + said);
      announce('The macro set ' + said);
      await refreshTicket();
      queue.refresh();
    }
    const a = area.selectionStart ?? area.value.length;
    const b = area.selectionEnd ?? a;
    const before = area.value.slice(0, a);
    const sep = before && !before.endsWith('\n') ? '\n\n' : '';
    area.value = before + sep + r.body + area.value.slice(b);
    keepDraft();
    area.focus();
    const end = (before + sep + r.body).length;
    area.setSelectionRange(end, end);
    coachSoon();
  } catch (e) { ctx.fail(e); }
}

function focusComposer(mode) {
  const a = $('#reply');
  if (!a) return;
  setMode(mode);
  a.focus();
  runCoach();
}

// ---- who else is here -----------------------------------------------------------------------
// While a ticket is open the page says so (viewing, or writing once a draft is being typed),
// again every BEAT so a colleague who opens it later learns it too, and "left" on the way out.
// Colleagues heard of are shown until they leave or go quiet for longer than QUIET.
const BEAT = 15000;
const QUIET = 40000;
const WRITING_IDLE = 30000; // a draft not touched for this long is being viewed, not written
const P = { others: new Map(), state: null, ticket: 0, beat: 0, sweep: 0, typedAt: 0 };

function myState() {
  const a = $('#reply');
  return a && a.value.trim() && Date.now() - P.typedAt < WRITING_IDLE ? 'writing' : 'viewing';
}

// Says this page's state on the open ticket; unchanged, only when `again`.
function tell(state, again) {
  if (!P.ticket || (!again && state === P.state)) return;
  P.state = state;
  post('/api/tickets/' + P.ticket + '/presence', { state }).catch(() => { /* the stream or the poll notices an outage */ });
}

function typed() {
  P.typedAt = Date.now();
  tell(myState());

}

function presenceJoin() {
  if (!S.current) return;
  P.ticket = S.current.id;
  P.others.clear();
  P.state = null;
  tell(myState());
  clearInterval(P.beat);
  clearInterval(P.sweep);
  P.beat = setInterval(() => tell(myState(), true), BEAT);
  P.sweep = setInterval(() => {
    const before = P.others.size;
    for (const [id, o] of P.others) if (Date.now() - o.at > QUIET) P.others.delete(id);
    if (P.others.size !== before) paintPresence();
  }, 5000);
  paintPresence();
}

function presenceLeave(unloading) {
  clearInterval(P.beat);
  clearInterval(P.sweep);
  if (P.ticket && P.state) {
    const path = '/api/tickets/' + P.ticket + '/presence';
    if (unloading) beacon(path, { state: 'left' });
    else post(path, { state: 'left' }).catch(() => {});
  }
  P.ticket = 0;
  P.state = null;
  P.others.clear();
}
window.addEventListener('pagehide', () => presenceLeave(true));

// A colleague's presence on some ticket, from the live stream.
function heardPresence(d) {
  if (!P.ticket || d.ticket_id !== P.ticket || d.user_id === ctx.user.id) return;
  const known = P.others.get(d.user_id);
  if (d.state === 'left') P.others.delete(d.user_id);
  else P.others.set(d.user_id, { name: d.name, state: d.state, at: Date.now() });
  /* someone new: tell them at once that this page is here too, rather than at the next beat
     (they know this page already when they answer, so it ends there) */
  if (!known && d.state !== 'left') tell(myState(), true);
  if (d.state === 'writing' && (!known || known.state !== 'writing')) announce(d.name + ' is writing on this ticket');
  if (!known || known.state !== d.state) paintPresence();
}

function paintPresence() {
  const box = $('#presence');
  if (!box) return;
  clear(box);
  const people = [...P.others.values()].sort((a, b) => (a.state === 'writing' ? 0 : 1) - (b.state === 'writing' ? 0 : 1) || a.name.localeCompare(b.name));
  box.hidden = !people.length;
  for (const o of people) {
    box.append(h('span', { class: 'badge presence-chip ' + o.state, title: o.state === 'writing' ? o.name + ' has a draft open on this ticket' : o.name + ' has this ticket open' },
      h('span', { class: 'avatar small', 'aria-hidden': 'true' }, o.name.slice(0, 1)),
      o.state === 'writing' ? o.name + ' is writing a reply' : o.name + ' is viewing'));
  }
}

// A change on some ticket, from the live stream: a colleague's reply to this ticket while this
// page has a draft is said beside the draft, so the customer does not get two answers.
function heardChange(d) {
  if (!S.current || d.ticket_id !== S.current.id || !d.by || d.by === ctx.user.id) return;
  if (!(d.what || []).includes('reply')) return;
  const area = $('#reply');
  if (!area || !area.value.trim() || $('#collision')) return;
  const who = P.others.get(d.by)?.name || (ctx.users().find((u) => u.id === d.by) || {}).name || 'A colleague';
  const o = P.others.get(d.by);
  if (o) { o.state = 'viewing'; paintPresence(); }
  $('#composer')?.prepend(h('p', { class: 'collision', id: 'collision', role: 'alert' },
    who + ' has just replied to this customer. Read their reply before you send yours.'));
}

// ---- the page -------------------------------------------------------------------------------

export default {
  // params: [path, ticket number]; c: the shell's context
  mount(pane, c, params) {
    ctx = c;
    return openTicket(Number(params[1]));
  },
  // The poll saw these tickets change (null: anything may have): read the open one again if it is among them.
  async refresh(changed) {
    if (S.current && (!changed || changed.some((t) => t.id === S.current.id))) await refreshTicket();
  },
  presence: heardPresence,
  heard: heardChange,
  leave() {
    if (S.current) keepDraft(true);
    presenceLeave();
    opening.drop();
    rereads.drop();
    coaching.drop();
    clearTimeout(S.coachTimer);
    S.current = null;
    S.macros = null; /* the macros page may change them */
    S.signature = null; /* and the settings page the team's signature */
    queue.markCurrent(null);
  },
  keys: [
    { show: 'r', does: 'write a reply', keys: { r: () => focusComposer('public') } },
    { show: 'n', does: 'write an internal note', keys: { n: () => focusComposer('internal') } },
    { show: 'Ctrl+Enter', does: 'send', inFields: true, keys: { 'Ctrl+Enter': () => { if (!$('#reply')) return false; send(); } } },
    { show: 'Alt+1 … Alt+5', does: 'apply a suggestion of the coach', inFields: true,
      keys: Object.fromEntries([1, 2, 3, 4, 5].map((i) => ['Alt+' + i, () => { const f = S.suggestions[i - 1]; if (!f) return false; f(); }])) },
    { show: 'm', does: 'insert a macro', keys: { m: () => { openMacros(); } } },
    { show: 'a', does: 'assign the ticket to me', keys: { a: () => { if (S.current && S.current.assignee_id !== ctx.user.id) change({ assignee_id: ctx.user.id }); } } },
    { show: 'e', does: 'show or hide the evidence', keys: { e: () => { if (S.current) toggleEvidence(); } } },
    { show: 'f', does: 'fold or unfold the ticket\'s details', keys: { f: () => { if (S.current) toggleHead(); } } },
  ],
};
