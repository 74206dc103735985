// The customer portal: sign up or in, ask for help, follow and answer your requests.
import { get, login, me, post, setCsrf } from './api.js';
import { $, ago, clear, h, toast } from './dom.js';

const app = $('#app');
let user = null;

function field(id, label, attrs) {
  return [h('label', { for: id }, label), h('input', Object.assign({ id, name: id, required: true }, attrs))];
}

function card(title, ...children) {
  return h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), ...children);
}

function form(title, fields, button, onsubmit) {
  const err = h('p', { class: 'error', role: 'alert' });
  const f = h('form', {}, ...fields, err, h('button', { class: 'primary', type: 'submit' }, button));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    try { await onsubmit(f); } catch (e) { err.textContent = e.message; }
  });
  return card(title, f);
}

function welcome(message) {
  clear(app);
  $('#who').textContent = '';
  if (message) app.append(h('p', { role: 'status' }, message));
  app.append(
    form('Sign in', [...field('email', 'Email', { type: 'email', autocomplete: 'username' }),
      ...field('password', 'Password', { type: 'password', autocomplete: 'current-password' })], 'Sign in',
    async (f) => {
      user = await login(f.email.value, f.password.value);
      if (user.role !== 'customer') { location.href = '/'; return; }
      home();
    }),
    form('New here? Create an account', [...field('su-name', 'Your name', { autocomplete: 'name' }),
      ...field('su-email', 'Email', { type: 'email', autocomplete: 'email' }),
      ...field('su-password', 'Password (at least 8 characters)', { type: 'password', autocomplete: 'new-password', minlength: 8 })],
    'Create account', async (f) => {
      const r = await post('/api/signup', { name: f['su-name'].value, email: f['su-email'].value, password: f['su-password'].value });
      setCsrf(r.csrf);
      user = r.user;
      home();
    }));
}

function reset(token) {
  clear(app);
  app.append(form('Choose a new password', [...field('new-password', 'New password (at least 8 characters)', { type: 'password', autocomplete: 'new-password', minlength: 8 })],
    'Save password', async (f) => {
      await post('/api/password-reset', { token, password: f['new-password'].value });
      history.replaceState(null, '', '/portal');
      welcome('Your password is saved. Sign in with it now.');
    }));
}

async function home() {
  clear(app);
  $('#who').textContent = user.name;
  const r = await get('/api/tickets?view=all&limit=100');
  const list = r.tickets.length
    ? h('ul', { class: 'tickets' }, r.tickets.map((t) => h('li', {},
      h('a', { href: '/portal/tickets/' + t.id, onclick: (ev) => { ev.preventDefault(); history.pushState(null, '', '/portal/tickets/' + t.id); show(t.id); } }, t.subject),
      h('span', { class: 'muted' }, ' · #' + t.number + ' · ' + t.status.replace('_', ' ') + ' · ' + ago(t.updated_at)))))
    : h('p', { class: 'muted' }, 'You have not asked us anything yet.');
  app.append(
    form('How can we help?', [...field('subject', 'Subject', {}),
      h('label', { for: 'body' }, 'Tell us what happened'), h('textarea', { id: 'body', name: 'body', rows: 5, required: true })],
    'Send request', async (f) => {
      const t = await post('/api/tickets', { subject: f.subject.value, body: f.body.value });
      toast('Thank you, we got your request #' + t.number);
      history.pushState(null, '', '/portal/tickets/' + t.id);
      show(t.id);
    }),
    card('Your requests', list),
    h('p', {}, h('button', { type: 'button', onclick: async () => { await post('/api/logout'); user = null; welcome('You are signed out.'); } }, 'Sign out')));
}

async function show(id) {
  const t = await get('/api/tickets/' + id);
  clear(app);
  const area = h('textarea', { id: 'answer', rows: 4, required: true });
  const answer = h('form', {}, h('label', { for: 'answer' }, 'Your answer'), area,
    h('button', { class: 'primary', type: 'submit' }, 'Send'));
  answer.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post('/api/tickets/' + id + '/messages', { body: area.value });
      show(id);
    } catch (e) { toast(e.message); }
  });
  app.append(
    h('p', {}, h('a', { href: '/portal', onclick: (ev) => { ev.preventDefault(); history.pushState(null, '', '/portal'); home(); } }, '← All your requests')),
    card(t.subject, h('p', { class: 'muted' }, '#' + t.number + ' · ' + t.status.replace('_', ' ')),
      ...t.messages.map((m) => h('article', { class: 'msg' + (m.author_customer_id ? '' : ' staff'), 'aria-label': 'Message from ' + m.author_name },
        h('div', { class: 'meta' }, h('strong', {}, m.author_name), h('span', {}, ago(m.created_at))),
        h('div', { class: 'body' }, m.body))),
      t.status === 'closed' ? h('p', { class: 'muted' }, 'This request is closed. Ask us again above if you need more help.') : answer));
}

function route() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (location.pathname.startsWith('/reset') && token) { reset(token); return; }
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
  route();
})();
