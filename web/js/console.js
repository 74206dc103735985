// The agent console's shell: signing in, the frame and its navigation, the page table that
// routes every address to a page (and refuses a page to a role that may not see it), the
// keyboard, and the live stream (with a slow poll beside it) that asks the page on screen to
// refresh. The pages are in
// web/js/pages/; see docs/WEB.md, "The console's shell", for how to add one.
import { ApiError, get, login, me, post, setCsrf } from './api.js';
import { $, clear, h, toast } from './dom.js';
import { closeDialog, dialog, dialogOpen } from './dialog.js';
import { dispatch, helpList } from './keys.js';
import { newest } from './stale.js';
import { announce } from './live.js';
import { listen } from './events.js';
import { forgetDrafts } from './drafts.js';
import { setTitle, setWaiting } from './title.js';
import * as notify from './notify.js';
import { ROLE_WORDS, VIEWS, load as loadVocabulary } from './vocabulary.js';
import * as queue from './pages/queue.js';
import queuePage from './pages/queue.js';
import ticketPage from './pages/ticket.js';
import feedbackPage from './pages/feedback.js';
import quarantinePage from './pages/quarantine.js';
import macrosPage from './pages/macros.js';
import settingsPage from './pages/settings.js';
import usersPage from './pages/users.js';
import levelsPage from './pages/levels.js';
import tokensPage from './pages/tokens.js';
import auditPage from './pages/audit.js';
import notFoundPage from './pages/notfound.js';
import newTicketPage from './pages/newticket.js';

const STAFF = ['agent', 'lead', 'admin'];
const LEADS = ['lead', 'admin'];

// Every page of the console, first match wins. path: the address (its groups are the page's
// params); title: the window's title ('' for none, null when the page sets it itself); roles:
// who may open it (the server refuses the rest too); api: what the server is asked when a role
// is refused, so the refusal says the server's words; nav: its link under the views, if any.
const PAGES = [
  { path: /^\/(?:views\/(\w+))?$/, title: '', roles: STAFF, module: queuePage },
  { path: /^\/tickets\/new$/, title: 'New ticket', roles: STAFF, module: newTicketPage },
  { path: /^\/tickets\/(\d+)$/, title: null, roles: STAFF, module: ticketPage },
  { path: /^\/feedback$/, title: 'Feedback', roles: STAFF, module: feedbackPage,
    nav: { id: 'nav-feedback', href: '/feedback', label: 'Feedback' } },
  { path: /^\/quarantine$/, title: 'Mail quarantine', roles: LEADS, module: quarantinePage, api: '/api/mail/quarantine?limit=1',
    nav: { id: 'nav-quarantine', href: '/quarantine', label: 'Mail quarantine' } },
  { path: /^\/macros$/, title: 'Macros', roles: LEADS, module: macrosPage,
    nav: { id: 'manage-macros', href: '/macros', label: 'Manage macros' } },
  { path: /^\/tokens$/, title: 'API tokens', roles: STAFF, module: tokensPage,
    nav: { id: 'nav-tokens', href: '/tokens', label: 'API tokens' } },
  { path: /^\/users$/, title: 'Users and roles', roles: ['admin'], module: usersPage, api: '/api/audit?limit=1',
    nav: { id: 'nav-users', href: '/users', label: 'Users and roles', admin: true } },
  { path: /^\/service-levels$/, title: 'Service levels', roles: ['admin'], module: levelsPage, api: '/api/audit?limit=1',
    nav: { id: 'nav-levels', href: '/service-levels', label: 'Service levels', admin: true } },
  { path: /^\/audit$/, title: 'Audit log', roles: ['admin'], module: auditPage, api: '/api/audit?limit=1',
    nav: { id: 'nav-audit', href: '/audit', label: 'Audit log', admin: true } },
  { path: /^\/settings$/, title: 'Team settings', roles: ['admin'], module: settingsPage, api: '/api/settings/coach',
    nav: { id: 'nav-settings', href: '/settings', label: 'Team settings', admin: true } },
];
const QUEUE = PAGES[0]; // where a refused page leads
const NOT_FOUND = { path: null, title: 'Page not found', roles: STAFF, module: notFoundPage };

const S = { user: null, users: [], since: 0, pollTimer: 0, page: null, stream: null, streaming: false, mail: null,
  changed: new Set(), changeTimer: 0 };
const routes = newest(); // a refusal's question to the server must not land on a later page
const app = $('#app');

// What every page is handed.
const ctx = {
  get user() { return S.user; },
  users: () => S.users,
  mail: () => S.mail, // { outbound, from, held } once known, else null
  mailChanged: loadMail,
  fail,
  go,
  back: () => go('/views/' + queue.currentView()),
};

function fail(e) {
  if (e instanceof ApiError && e.status === 401) { signIn('Your session ended; sign in again.'); return; }
  toast(e.message);
}

// ---- signing in and out ---------------------------------------------------------------------

function signIn(message) {
  S.user = null;
  document.body.classList.remove('banner');
  clearTimeout(S.pollTimer);
  stopStream();
  leavePage();
  clear(app);
  setWaiting(0);
  setTitle('Sign in · attune');
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
  leavePage(); // while still signed in: the page says it left, and lets go of its timers
  try { await post('/api/logout'); } catch (_) { /* signed out either way */ }
  forgetDrafts(); // a shared computer keeps no one's half-written replies
  setCsrf(null);
  history.pushState(null, '', '/');
  signIn('You are signed out.');
}

// ---- the frame ------------------------------------------------------------------------------

// The frame, once the server's words are in (every page shows them).
async function start() {
  try { await loadVocabulary(); } catch (e) {
    if (e instanceof ApiError && e.status === 401) { signIn('Your session ended; sign in again.'); return; }
    clear(app).append(h('p', { class: 'error', role: 'alert' }, 'attune cannot be reached: ' + e.message));
    return;
  }
  clear(app);
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search tickets and customers', 'aria-label': 'Search tickets and customers',
    autocomplete: 'off' });
  const searchForm = h('form', { role: 'search', class: 'search' }, search, h('kbd', { class: 'hint', 'aria-hidden': 'true' }, '/'));
  searchForm.addEventListener('submit', (ev) => { ev.preventDefault(); queue.search(search.value.trim()); });
  const link = (p) => h('a', { href: p.nav.href, class: 'navlink' + (p.nav.admin ? ' admin' : ''), id: p.nav.id,
    onclick: (ev) => { ev.preventDefault(); go(p.nav.href); } }, p.nav.label);
  const mine = PAGES.filter((p) => p.nav && p.roles.includes(S.user.role));
  const admin = mine.filter((p) => p.nav.admin);
  const links = [...mine.filter((p) => !p.nav.admin).map(link),
    admin.length ? h('div', { class: 'nav-group', role: 'group', 'aria-labelledby': 'nav-admin' },
      h('p', { class: 'nav-head', id: 'nav-admin' }, 'Admin'), admin.map(link)) : null];
  app.append(
    h('a', { class: 'skip', href: '#queue' }, 'Skip to the queue'),
    h('header', { class: 'top' },
      h('span', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'attune'),
      searchForm,
      h('button', { type: 'button', id: 'new-ticket-button', class: 'primary', title: 'Open a ticket for a customer who called or came by (c)',
        onclick: () => go('/tickets/new') }, 'New ticket'),
      h('span', { class: 'spacer' }),
      h('span', { class: 'who' }, h('span', { class: 'avatar', 'aria-hidden': 'true' }, S.user.name.slice(0, 1)),
        h('span', { class: 'who-name' }, S.user.name), h('span', { class: 'muted who-role' }, S.user.role)),
      notify.button(),
      h('button', { type: 'button', class: 'icon', onclick: showHelp, 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)' }, '?'),
      h('button', { type: 'button', onclick: signOut }, 'Sign out')),
    h('div', { class: 'layout', id: 'layout' },
      h('nav', { class: 'views', 'aria-label': 'Views' }, h('ul', { id: 'views' }), links),
      queue.section(),
      h('main', { class: 'ticket', id: 'ticket', 'aria-label': 'Ticket', tabindex: '-1' })),
    h('div', { id: 'live', class: 'sr-only', 'aria-live': 'polite' }));
  queue.attach({ fail, go, users: () => S.users,
    changed: (ids) => { if (S.page && S.page.module.refresh) S.page.module.refresh(ids.map((id) => ({ id }))); } });
  get('/api/users').then((r) => { S.users = r.users; }).catch(() => {});
  loadMail();
  route();
  poll();
  startStream();
}

// ---- routing --------------------------------------------------------------------------------

// Shows the page of `path`, as a new entry in the history. opts go to the page's mount().
function go(path, opts) {
  if (location.pathname !== path) history.pushState(null, '', path);
  return route(opts);
}

function route(opts = {}) {
  if (!S.user) return undefined;
  const path = location.pathname;
  let page = NOT_FOUND;
  let params = [path];
  for (const p of PAGES) {
    const m = path.match(p.path);
    if (m) { page = p; params = m; break; }
  }
  if (!page.roles.includes(S.user.role)) return refuse(page);
  return show(page, params, opts);
}

function show(page, params, opts) {
  routes.next();
  if (S.page && S.page.module !== page.module) leavePage();
  S.page = page;
  for (const p of PAGES) {
    if (p.nav) $('#' + p.nav.id)?.toggleAttribute('aria-current', p === page);
    if (p.nav && p === page) $('#' + p.nav.id)?.setAttribute('aria-current', 'page');
  }
  if (page !== QUEUE) queue.ensure();
  if (page.title !== null) {
    setTitle(page.title ? page.title + ' · attune' : 'attune');
    document.body.classList.toggle('reading-ticket', page !== QUEUE);
  }
  return page.module.mount($('#ticket'), ctx, params, opts || {});
}

function leavePage() {
  if (S.page && S.page.module.leave) S.page.module.leave();
  S.page = null;
}

// A page this role may not see: back to the queue, with a sentence that says so, in the
// server's words where the page names what the server is asked.
async function refuse(page) {
  history.replaceState(null, '', '/views/' + queue.currentView());
  show(QUEUE, ['/views/' + queue.currentView()], {});
  const fresh = routes.now();
  let said = '';
  if (page.api) {
    try { await get(page.api); } catch (e) {
      if (e instanceof ApiError && e.status === 401) { fail(e); return; }
      said = e.message;
    }
  }
  if (!fresh()) return;
  const who = page.roles.map((r) => ROLE_WORDS[r] || r).join(' and ');
  const note = page.module.refused ? page.module.refused(said)
    : h('p', { class: 'error', role: 'alert', id: 'page-refused' }, page.title + ' is for ' + who + (said ? ': ' + said : '.'));
  ($('#ticket .empty') || $('#ticket')).prepend(note);
}

// ---- outbound mail --------------------------------------------------------------------------

// With outbound mail off, a banner says so to staff, and how many replies wait in the outbox.
async function loadMail() {
  try { S.mail = await get('/api/mail/status'); } catch (_) { return; }
  window.dispatchEvent(new Event('attune-mail'));
  const old = $('#mail-off');
  document.body.classList.toggle('banner', !S.mail.outbound);
  if (S.mail.outbound) { old?.remove(); return; }
  const n = S.mail.held;
  const banner = h('div', { id: 'mail-off', class: 'mail-off', role: 'status' },
    h('strong', {}, 'Outbound mail is off. '),
    'Replies are kept in the outbox' + (n ? ' (' + n + (n === 1 ? ' waits' : ' wait') + ')' : '') +
    ' and go out once mail is set up' + (S.user.role === 'admin' ? ' (the smtp_host setting, then a restart)' : ' by an admin') +
    '; customers can read them in the portal meanwhile.');
  banner.title = banner.textContent;
  if (old) old.replaceWith(banner); else $('header.top')?.after(banner);
}

// ---- live updates ---------------------------------------------------------------------------

// While the server cannot be reached, a notice says so (and that nothing is saved); when it
// answers again the notice goes, and the queue and the page are read again.
function offline(on) {
  const note = $('#offline');
  if (on && !note) {
    app.prepend(h('div', { id: 'offline', class: 'offline', role: 'alert' },
      'attune cannot be reached. Nothing you change is saved until it is back; trying again…'));
  } else if (!on && note) {
    note.remove();
    announce('attune is back; the page is up to date.');
    queue.refresh();
    if (S.page && S.page.module.refresh) S.page.module.refresh(null);
  }
}

// The poll: what changed since the last look (GET /api/updates). While the live stream is open
// it only catches up now and then; without the stream it is how changes arrive, and how the
// console learns the server is gone or back.
async function poll() {
  clearTimeout(S.pollTimer);
  if (!S.user) return;
  try {
    const r = await get('/api/updates' + (S.since ? '?since=' + S.since : ''));
    offline(false);
    const changed = S.since && r.tickets.length;
    S.since = r.now;
    if (changed) {
      queue.refresh();
      if (S.page && S.page.module.refresh) await S.page.module.refresh(r.tickets);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { signIn('Your session ended; sign in again.'); return; }
    if (e instanceof ApiError && e.status === 0) offline(true);
  }
  if (S.user) S.pollTimer = setTimeout(poll, S.streaming ? 20000 : document.hidden ? 10000 : 3000);
}
document.addEventListener('visibilitychange', () => { if (!document.hidden && S.user) poll(); });

// Ticket changes come in bursts (a reply and its status); the queue and the page read them
// once, a moment after the last.
function ticketChanged(d) {
  if (S.page && S.page.module.heard) S.page.module.heard(d);
  notify.heard(d, S.user, go);
  if (d.ticket_id) S.changed.add(d.ticket_id); else S.changed.add(0);
  clearTimeout(S.changeTimer);
  S.changeTimer = setTimeout(() => {
    const ids = [...S.changed];
    S.changed.clear();
    queue.refresh();
    if (S.page && S.page.module.refresh) S.page.module.refresh(ids.includes(0) ? null : ids.map((id) => ({ id })));
  }, 150);
}

// A colleague mentioned me in a note: said on screen (with the way to the ticket), to a screen
// reader, and as a desktop notification when asked for.
async function mentioned(d) {
  let t;
  try { t = await get('/api/tickets/' + d.ticket_id); } catch (_) { return; }
  const text = d.name + ' mentioned you on #' + t.number;
  const old = $('#mention-note');
  if (old) old.remove();
  const note = h('div', { class: 'mention-note', id: 'mention-note', role: 'status' },
    h('span', {}, text + ': ' + t.subject), ' ',
    h('a', { href: '/tickets/' + t.number, onclick: (ev) => { ev.preventDefault(); note.remove(); go('/tickets/' + t.number); } }, 'Open'),
    h('button', { type: 'button', class: 'icon quiet', 'aria-label': 'Dismiss', onclick: () => note.remove() }, '×'));
  document.body.append(note);
  setTimeout(() => note.remove(), 20000);
  announce(text);
  notify.mention(text, t, go);
}

function startStream() {
  stopStream();
  S.stream = listen({
    open() {
      S.streaming = true;
      offline(false);
    },
    error() {
      S.streaming = false;
      poll(); // is the server gone, or was only the stream cut?
    },
    ticket: ticketChanged,
    presence(d) { if (S.page && S.page.module.presence) S.page.module.presence(d); },
    mention: mentioned,
    reset() { ticketChanged({ ticket_id: 0 }); },
  });
}

function stopStream() {
  if (S.stream) S.stream.close();
  S.stream = null;
  S.streaming = false;
  clearTimeout(S.changeTimer);
  S.changed.clear();
}

// ---- the keyboard ---------------------------------------------------------------------------

const isField = (el) => el && (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable);

// Esc closes a dialog, or leaves the field for the queue (the key still goes to the field).
function escape() {
  if (closeDialog()) return undefined;
  const el = document.activeElement;
  if (isField(el)) { el.blur(); (document.querySelector('#queue-body a[aria-current]') || $('#queue'))?.focus({ preventScroll: true }); }
  return false;
}

const SHELL_KEYS = [
  { show: '/', does: 'search', keys: { '/': () => { const s = $('#search'); s.focus(); s.select(); } } },
  { show: '1 … 8', does: 'switch view', keys: Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((k) => [String(k), () => VIEWS[k - 1] && queue.showView(VIEWS[k - 1][0])])) },
  { show: '?', does: 'this help', keys: { '?': showHelp } },
  { show: 'c', does: 'new ticket for a customer', keys: { c: () => { go('/tickets/new'); } } },
  { show: 'Esc', does: 'leave the field, close a dialog', inFields: true, inDialog: true, keys: { Esc: escape } },
];

// The help lists every page's keys in the order of the page table (the queue's first: it is
// beside every page), then the shell's.
function showHelp() {
  if (dialogOpen()) return;
  const tables = [...new Set(PAGES.map((p) => p.module))].map((m) => m.keys || []);
  const box = dialog('Keyboard shortcuts', [helpList([...tables, SHELL_KEYS])]);
  box.querySelector('button').focus();
}

document.addEventListener('keydown', (ev) => {
  if (!S.user) return;
  const page = S.page && S.page.module !== queuePage ? S.page.module.keys || [] : [];
  dispatch([page, queuePage.keys, SHELL_KEYS], ev, { typing: isField(document.activeElement), dialog: dialogOpen() });
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
