// The customer portal: sign up or in, ask for help, follow and answer your requests.
import { get, login, me, patch, post, setCsrf } from './api.js';
import { $, ago, clear, h, toast, when, words } from './dom.js';
import { announce } from './live.js';
import { listen } from './events.js';
import { filePicker } from './uploads.js';
import { messageFiles, otherFiles, ticketFiles } from './attachments.js';

const app = $('#app');
let user = null;
let pollTimer = 0;
let shown = null; /* the ticket on screen: {id, ids:Set, files} */
let stream = null; /* the live stream while a request is on screen: replies appear at once */
let streaming = false;

function field(id, label, attrs) {
  return [h('label', { for: id }, label), h('input', Object.assign({ id, name: id, required: true }, attrs))];
}

function card(title, ...children) {
  const hid = 'h-' + title.toLowerCase().replace(/[^a-z]+/g, '-');
  return h('section', { class: 'card', 'aria-labelledby': hid }, h('h2', { id: hid }, title), ...children);
}

function form(title, fields, button, onsubmit, extra) {
  const err = h('p', { class: 'error', role: 'alert' });
  const f = h('form', {}, ...fields, err, h('button', { class: 'primary', type: 'submit' }, button));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const btn = f.querySelector('button[type=submit]');
    btn.disabled = true;
    try { await onsubmit(f); } catch (e) { err.textContent = e.message; } finally { btn.disabled = false; }
  });
  return card(title, f, ...(extra || []));
}


function go(path) {
  history.pushState(null, '', path);
  route();
}

function header() {
  $('#who').textContent = user ? user.name : '';
  const out = clear($('#out'));
  if (user) {
    out.append(h('button', { type: 'button', onclick: async () => {
      try { await post('/api/logout'); } catch (_) { /* signed out either way */ }
      user = null;
      setCsrf(null);
      history.pushState(null, '', '/portal');
      welcome('You are signed out.');
    } }, 'Sign out'));
  }
}

function stopPolling() {
  clearTimeout(pollTimer);
  shown = null;
  if (stream) stream.close();
  stream = null;
  streaming = false;
}

function startStream() {
  if (stream) return;
  const again = () => { if (shown) refresh().catch(() => { /* the poll tries again */ }); };
  stream = listen({
    open() { streaming = true; },
    error() { streaming = false; },
    ticket(d) { if (shown && d.ticket_id === shown.id) again(); },
    reset: again,
  });
}

function welcome(message) {
  stopPolling();
  header();
  clear(app);
  document.title = 'Help centre · attune';
  if (message) app.append(h('p', { class: 'notice', role: 'status' }, message));
  app.append(h('p', { class: 'muted' }, 'Sign in to ask us something or to follow your requests.'),
    h('div', { class: 'two' },
      form('Sign in', [...field('email', 'Email', { type: 'email', autocomplete: 'username' }),
        ...field('password', 'Password', { type: 'password', autocomplete: 'current-password' })], 'Sign in',
      async (f) => {
        try {
          user = await login(f.email.value, f.password.value);
        } catch (e) {
          if (e.status === 401) throw new Error('That email and password do not match.');
          throw e;
        }
        if (user.role !== 'customer') { location.href = '/'; return; }
        go('/portal');
      }, [forgot()]),
      form('New here? Create an account', [...field('su-name', 'Your name', { autocomplete: 'name' }),
        ...field('su-email', 'Email', { type: 'email', autocomplete: 'email' }),
        ...field('su-password', 'Password (at least 8 characters)', { type: 'password', autocomplete: 'new-password', minlength: 8 })],
      'Create account', async (f) => {
        let r;
        try {
          r = await post('/api/signup', { name: f['su-name'].value, email: f['su-email'].value, password: f['su-password'].value });
        } catch (e) {
          if (e.code !== 'conflict') throw e;
          /* someone who wrote to us by mail: their requests wait behind a link to that address */
          await post('/api/password-reset/request', { email: f['su-email'].value });
          throw new Error('We know ' + f['su-email'].value.trim() + ' already. We have sent a link to it: open it to choose your password and see your requests.');
        }
        setCsrf(r.csrf);
        user = r.user;
        go('/portal');
      })));
  $('#email').focus();
}

// "Forgot your password?": a link by mail, for everyone, also for whoever only ever wrote to us
// by mail. The answer is the same whether the address is known.
function forgot() {
  const email = h('input', { id: 'forgot-email', type: 'email', autocomplete: 'email', required: true });
  const said = h('p', { class: 'muted', id: 'forgot-said', role: 'status' });
  const send = h('button', { type: 'button', id: 'forgot-send' }, 'Send me a link');
  send.addEventListener('click', async () => {
    said.textContent = '';
    if (!email.value.trim()) { email.focus(); said.textContent = 'Write your email address first.'; return; }
    send.disabled = true;
    try { said.textContent = (await post('/api/password-reset/request', { email: email.value })).message; } catch (e) { said.textContent = e.message; } finally { send.disabled = false; }
  });
  const box = h('details', { class: 'small forgot', id: 'forgot' }, h('summary', {}, 'Forgot your password, or never had one?'),
    h('p', { class: 'muted' }, 'We mail you a link that opens a page here where you choose a password. It works for requests you sent us by mail too.'),
    h('label', { for: 'forgot-email' }, 'Email'), email, send, said);
  box.addEventListener('toggle', () => { if (box.open && !email.value) email.value = $('#email')?.value || ''; });
  return box;
}

function reset(token) {
  stopPolling();
  header();
  clear(app);
  document.title = 'New password · attune';
  app.append(form('Choose a new password', [...field('new-password', 'New password (at least 8 characters)', { type: 'password', autocomplete: 'new-password', minlength: 8 })],
    'Save password', async (f) => {
      await post('/api/password-reset', { token, password: f['new-password'].value });
      history.replaceState(null, '', '/portal');
      user = null;
      welcome('Your password is saved. Sign in with it now.');
    }));
  $('#new-password').focus();
}

async function home() {
  stopPolling();
  header();
  document.title = 'Your requests · attune';
  let r;
  try { r = await get('/api/tickets?view=all&sort=updated&limit=100'); } catch (e) { failed(e); return; }
  clear(app);
  const list = r.tickets.length
    ? h('ul', { class: 'tickets' }, r.tickets.map((t) => h('li', {},
      h('a', { href: '/portal/tickets/' + t.number, onclick: (ev) => { ev.preventDefault(); go('/portal/tickets/' + t.number); } },
        h('span', { class: 'subj' }, t.subject),
        h('span', { class: 'pill ' + t.status }, words(t.status === 'new' ? 'received' : t.status)),
        h('span', { class: 'muted small', title: when(t.updated_at) }, ago(t.updated_at))))))
    : h('p', { class: 'muted' }, 'You have not asked us anything yet.');
  app.append(
    h('p', {}, 'Hello ' + user.name.split(' ')[0] + '. How can we help?'),
    form('Ask for help', [...field('subject', 'Subject', { maxlength: 200 }),
      h('label', { for: 'body' }, 'Tell us what happened'), h('textarea', { id: 'body', name: 'body', rows: 5, required: true })],
    'Send request', async (f) => {
      const t = await post('/api/tickets', { subject: f.subject.value, body: f.body.value });
      toast('Thank you, we got your request #' + t.number);
      go('/portal/tickets/' + t.number);
    }),
    card('Your requests', list));
}

// A solved request with a survey still open: a card that leads to the same form as the mail's link.
function surveyCard(t) {
  const s = t.survey;
  if (!s || (t.status !== 'solved' && t.status !== 'closed') || (s.state !== 'open' && s.state !== 'editable')) return null;
  const open = async () => {
    try { const r = await post('/api/tickets/' + t.id + '/survey/link'); location.href = r.url; } catch (e) { toast(e.message); }
  };
  return h('section', { class: 'card survey-card', 'aria-labelledby': 'survey-h' },
    h('h2', { id: 'survey-h' }, 'Tell us how we did'),
    h('p', {}, s.answer ? 'Thank you for your answer. You can still change it until ' + when(s.edit_until) + '.'
      : 'Four quick questions about this request, including whether you felt understood. It takes under a minute.'),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'button', id: 'survey-open', onclick: open },
      s.answer ? 'Change your answer' : 'Answer the survey')));
}

function messageView(m, files) {
  const mine = m.author_customer_id !== null && m.author_customer_id !== undefined;
  return h('article', { class: 'msg ' + (mine ? 'from-customer' : 'from-staff'), 'data-id': m.id,
    'aria-label': (mine ? 'You wrote' : m.author_name + ' wrote') + ', ' + ago(m.created_at) },
  h('div', { class: 'meta' }, h('span', { class: 'avatar small', 'aria-hidden': 'true' }, (m.author_name || '?').slice(0, 1)),
    h('strong', {}, mine ? 'You' : m.author_name), h('time', { datetime: m.created_at, title: when(m.created_at) }, ago(m.created_at))),
  h('div', { class: 'body' }, m.body),
  messageFiles(files, m.id));
}

// A request by the number the customer knows it by (its address names the number).
async function show(number) {
  stopPolling();
  header();
  let t;
  let files;
  try {
    t = await get('/api/tickets/by-number/' + number);
    files = await ticketFiles(t.id);
  } catch (e) { failed(e); return; }
  const id = t.id;
  clear(app);
  document.title = t.subject + ' · attune';
  shown = { id, ids: new Set(t.messages.map((m) => m.id)), status: t.status, files };
  const area = h('textarea', { id: 'answer', rows: 4, required: true });
  const answer = h('form', { id: 'answer-form' });
  const picker = filePicker({ id: 'answer', zone: answer, ticketId: () => id, fail: (e) => toast(e.message) });
  answer.append(h('label', { for: 'answer' }, 'Your answer'), area, picker.list, picker.status, picker.input,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, 'Send'), picker.button,
      t.status !== 'solved' ? h('button', { type: 'button', id: 'solved', onclick: async () => {
        try { await patch('/api/tickets/' + id, { status: 'solved' }); toast('Marked as solved. Thank you!'); show(t.number); } catch (e) { toast(e.message); }
      } }, 'This solved it') : null));
  answer.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = answer.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      if (picker.busy()) { toast('Wait a moment: your files are still being sent.'); return; }
      const msg = { body: area.value };
      if (picker.ids().length) msg.attachments = picker.ids();
      await post('/api/tickets/' + id + '/messages', msg);
      area.value = '';
      picker.clear();
      await refresh();
      announce('Your answer is sent.');
    } catch (e) { toast(e.message); } finally { btn.disabled = false; }
  });
  app.append(
    h('p', {}, h('a', { href: '/portal', onclick: (ev) => { ev.preventDefault(); go('/portal'); } }, '← All your requests')),
    h('section', { class: 'card', 'aria-labelledby': 'subject' },
      h('h2', { id: 'subject', tabindex: '-1' }, t.subject),
      h('p', { class: 'muted' }, '#' + t.number + ' · ', h('span', { class: 'pill ' + t.status, id: 'status' }, words(t.status === 'new' ? 'received' : t.status)),
        ' · opened ' + ago(t.created_at)),
      otherFiles(files, shown.ids),
      h('div', { id: 'thread', role: 'log', 'aria-label': 'Conversation' }, t.messages.map((m) => messageView(m, files))),
      t.status === 'closed' ? h('p', { class: 'muted' }, 'This request is closed. Ask us again if you need more help.') : answer),
    ...[surveyCard(t)].filter(Boolean));
  $('#subject').focus();
  startStream();
  pollTimer = setTimeout(poll, 4000);
}

// New replies appear while the page is open.
async function refresh() {
  if (!shown) return;
  const t = await get('/api/tickets/' + shown.id);
  if (!shown || shown.id !== t.id) return;
  if (t.messages.some((m) => !shown.ids.has(m.id))) {
    /* a reply by mail brings its files with it */
    const files = await ticketFiles(t.id);
    if (!shown || shown.id !== t.id) return;
    if (Array.isArray(files)) shown.files = files;
  }
  const thread = $('#thread');
  for (const m of t.messages) {
    if (shown.ids.has(m.id)) continue;
    shown.ids.add(m.id);
    thread.append(messageView(m, shown.files));
    if (m.author_customer_id === null) announce('New reply from ' + m.author_name);
  }
  const st = $('#status');
  if (st) { st.className = 'pill ' + t.status; st.textContent = words(t.status === 'new' ? 'received' : t.status); }
}

async function poll() {
  if (!shown) return;
  try { await refresh(); } catch (_) { /* try again later */ }
  if (shown) pollTimer = setTimeout(poll, streaming ? 30000 : document.hidden ? 15000 : 4000);
}

function failed(e) {
  if (e.status === 401) { user = null; welcome('Please sign in again.'); return; }
  clear(app).append(h('p', { class: 'error', role: 'alert' }, e.status === 404 ? 'We cannot find that request.' : e.message),
    h('p', {}, h('a', { href: '/portal', onclick: (ev) => { ev.preventDefault(); go('/portal'); } }, 'Back to your requests')));
}

function route() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (location.pathname.startsWith('/reset')) {
    if (token) { reset(token); return; }
    history.replaceState(null, '', '/portal');
  }
  if (!user) { welcome(); return; }
  const m = location.pathname.match(/^\/portal\/tickets\/(\d+)$/);
  if (m) show(Number(m[1])); else home();
}

window.addEventListener('popstate', route);
(async () => {
  try {
    user = await me();
  } catch (e) {
    clear(app).append(h('p', { class: 'error' }, 'We cannot be reached right now: ' + e.message));
    return;
  }
  if (user && user.role !== 'customer') {
    /* staff may look at the portal, but their home is the console */
    clear(app).append(h('p', {}, 'You are signed in as staff. ', h('a', { href: '/' }, 'Open the console')));
    return;
  }
  route();
})();
