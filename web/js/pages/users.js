// Users and roles (/users, admins): every staff account with its role and whether it may sign
// in; adding one, which mails them a link to set their password; sending a link again.
import { get, patch, post } from '../api.js';
import { $, ago, clear, h, toast } from '../dom.js';
import { closeDialog, dialog } from '../dialog.js';
import { announce } from '../live.js';
import { newest } from '../stale.js';
import { errorLine, frame } from './frame.js';

const ROLES = [['agent', 'Agent'], ['lead', 'Lead'], ['admin', 'Admin']];
const reads = newest();
let ctx = null;

function roleSelect(u, err) {
  const sel = h('select', { 'aria-label': 'Role of ' + u.name, 'data-user': u.id, class: 'user-role' },
    ROLES.map(([v, l]) => h('option', { value: v, selected: u.role === v }, l)));
  sel.addEventListener('change', async () => {
    err.show();
    try {
      const r = await patch('/api/users/' + u.id, { role: sel.value });
      u.role = r.role;
      toast(u.name + ' is now ' + (ROLES.find(([v]) => v === r.role) || [0, r.role])[1].toLowerCase());
    } catch (e) { sel.value = u.role; err.show(e); }
  });
  return sel;
}

async function sendLink(u, err) {
  err.show();
  try {
    const r = await post('/api/users/' + u.id + '/invite', {});
    const msg = r.mail === 'outbox' ? 'The link for ' + r.email + ' waits in the outbox: mail is off' : 'A link to set a password went to ' + r.email;
    toast(msg);
    announce(msg);
    if (r.mail === 'outbox') ctx.mailChanged();
    return r;
  } catch (e) { err.show(e); return null; }
}

function row(u, err) {
  const state = h('button', { type: 'button', class: 'user-state', 'data-user': u.id },
    u.disabled ? 'Enable' : 'Disable');
  state.addEventListener('click', async () => {
    err.show();
    try {
      const r = await patch('/api/users/' + u.id, { disabled: !u.disabled });
      u.disabled = r.disabled;
      state.textContent = u.disabled ? 'Enable' : 'Disable';
      tr.classList.toggle('disabled', u.disabled);
      tr.querySelector('.user-status').textContent = u.disabled ? 'disabled' : 'active';
      toast(u.name + (u.disabled ? ' can no longer sign in' : ' can sign in again'));
    } catch (e) { err.show(e); }
  });
  const self = u.id === ctx.user.id;
  const tr = h('tr', { class: u.disabled ? 'disabled' : '', 'data-user': u.id },
    h('th', { scope: 'row' }, u.name, self ? h('span', { class: 'muted' }, ' (you)') : null),
    h('td', {}, u.email),
    h('td', {}, self ? h('span', {}, (ROLES.find(([v]) => v === u.role) || [0, u.role])[1]) : roleSelect(u, err)),
    h('td', { class: 'user-status' }, u.disabled ? 'disabled' : 'active'),
    h('td', { class: 'muted', title: u.created_at }, ago(u.created_at)),
    h('td', { class: 'actions' }, self ? null : state,
      h('button', { type: 'button', class: 'quiet user-link', 'data-user': u.id, onclick: () => sendLink(u, err) }, 'Send a link')));
  return tr;
}

function addForm(reload) {
  const err = errorLine(ctx, 'user-add-error');
  const f = h('form', { class: 'card settings-form', id: 'user-add', 'aria-labelledby': 'user-add-title' },
    h('h3', { id: 'user-add-title' }, 'Add a user'),
    h('label', { for: 'user-name' }, 'Name'), h('input', { id: 'user-name', required: true, autocomplete: 'off' }),
    h('label', { for: 'user-email' }, 'Email'), h('input', { id: 'user-email', type: 'email', required: true, autocomplete: 'off' }),
    h('label', { for: 'user-new-role' }, 'Role'),
    h('select', { id: 'user-new-role' }, ROLES.map(([v, l]) => h('option', { value: v }, l))),
    h('p', { class: 'muted small' }, 'They get a mail with a link to choose their password (valid for a week).'),
    err, h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'user-add-save' }, 'Add and send the link')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.show();
    let u;
    try {
      u = await post('/api/users', { name: f.querySelector('#user-name').value, email: f.querySelector('#user-email').value, role: f.querySelector('#user-new-role').value });
    } catch (e) { err.show(e); return; }
    f.reset();
    const sent = await sendLink(u, err);
    if (sent && sent.mail === 'outbox' && u.password) {
      /* mail is off: the link waits; the password made for the account lets them in now */
      const box = dialog('Mail is off', [h('p', {}, 'The link for ' + u.email + ' waits in the outbox. Until mail is set up, ' + u.name + ' can sign in with this password, shown only now:'),
        h('p', {}, h('code', { id: 'user-password' }, u.password)),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: closeDialog }, 'Done'))]);
      box.querySelector('button.primary').focus();
    }
    await reload();
  });
  return f;
}

async function usersPage(pane) {
  const fresh = reads.next();
  let r;
  try { r = await get('/api/users'); } catch (e) { if (fresh()) ctx.fail(e); return; }
  if (!fresh()) return;
  const err = errorLine(ctx, 'users-error');
  const body = h('tbody', { id: 'users-body' }, r.users.map((u) => row(u, err)));
  clear(pane).append(frame(ctx, 'Users and roles',
    h('p', { class: 'muted' }, 'Staff accounts. Customers get theirs from the portal or from "Send a portal link" on a ticket.'),
    err,
    h('table', { class: 'grid', id: 'users' },
      h('thead', {}, h('tr', {}, ['Name', 'Email', 'Role', 'Status', 'Added', ''].map((x) => h('th', { scope: 'col' }, x)))), body),
    addForm(() => usersPage(pane))));
  $('#page-title').focus();
}

export default {
  mount(pane, c) { ctx = c; return usersPage(pane); },
  leave() { reads.drop(); },
};
