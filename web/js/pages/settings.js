// Team settings (/settings, admins): the coach's floor, below which a reply asks to confirm.
import { ApiError, api, get, post } from '../api.js';
import { $, clear, h, toast } from '../dom.js';
import { newest } from '../stale.js';
import { frame } from './frame.js';

const reads = newest(); // the settings: the newest answer wins
let ctx = null; // the shell's: { fail(e), back() }

async function settingsPage(pane) {
  clear(pane);
  const fresh = reads.next();
  let cur;
  try { cur = await get('/api/settings/coach'); } catch (e) { if (fresh()) ctx.fail(e); return; }
  if (!fresh()) return;
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
    } catch (e) { if (e instanceof ApiError && e.status === 401) ctx.fail(e); else { err.textContent = e.message; input.focus(); } }
  });
  pane.append(frame(ctx, 'Team settings', form, await signatureForm(), await mailCard()));
  $('#page-title').focus();
}

// Outbound mail: how it is set up (settings of the server, changed in its config and a restart),
// what waits in the outbox, and a test mail sent now, with the relay's answer.
async function mailCard() {
  let m = null;
  try { m = await get('/api/mail/status'); } catch (_) { /* said below */ }
  const said = h('p', { role: 'status', id: 'mail-test-said', class: 'small' });
  const to = h('input', { id: 'mail-test-to', type: 'email', required: true, value: ctx.user.email || '', autocomplete: 'email' });
  const f = h('form', { class: 'card settings-form', id: 'mail-card', 'aria-labelledby': 'mail-settings-title' },
    h('h3', { id: 'mail-settings-title' }, 'Outbound mail'),
    !m ? h('p', { class: 'error' }, 'The mail settings cannot be read now.')
      : m.outbound ? h('p', { id: 'mail-state' }, 'On: mail goes out as ', h('strong', {}, m.from),
        ' through ', h('code', {}, m.relay.host + ':' + m.relay.port), ' (STARTTLS ' + m.relay.starttls + (m.relay.auth ? ', with a login' : '') + ').')
        : h('p', { id: 'mail-state' }, h('strong', {}, 'Off. '), 'Replies wait in the outbox (' + m.held + ') until the server starts with smtp_host and mail_from set (see docs/MAIL.md).'),
    h('label', { for: 'mail-test-to' }, 'Send a test mail to'), to, said,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'mail-test-send', disabled: !m || !m.outbound }, 'Send test mail')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    said.className = 'small';
    said.textContent = 'Sending…';
    try {
      await post('/api/mail/test', { to: to.value });
      said.textContent = 'The relay took it: look for "attune test mail" at ' + to.value + '.';
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { ctx.fail(e); return; }
      said.className = 'small error';
      said.textContent = e.message;
    }
  });
  return f;
}

// The team's signature: ends the replies of everyone who has none of their own.
async function signatureForm() {
  let cur = { team: '' };
  try { cur = await get('/api/signature'); } catch (_) { /* shown empty; saving says what is wrong */ }
  const err = h('p', { class: 'error', role: 'alert', id: 'team-signature-error' });
  const area = h('textarea', { id: 'team-signature', rows: 4, 'aria-describedby': 'team-signature-help' });
  area.value = cur.team;
  const form = h('form', { class: 'card settings-form', 'aria-labelledby': 'signature-settings-title' },
    h('h3', { id: 'signature-settings-title' }, 'Signature'),
    h('label', { for: 'team-signature' }, 'The team\'s signature'), area,
    h('p', { class: 'muted small', id: 'team-signature-help' },
      'Ends every reply of those who have no signature of their own. It may use {{agent.name}} and {{agent.first_name}}, e.g. "{{agent.first_name}}, Example Support".'),
    err, h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'team-signature-save' }, 'Save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    try {
      await api('PUT', '/api/settings/signature', { signature: area.value });
      toast(area.value.trim() ? 'The team\'s signature is saved' : 'The team has no signature now');
    } catch (e) { if (e instanceof ApiError && e.status === 401) ctx.fail(e); else err.textContent = e.message; }
  });
  return form;
}

export default {
  mount(pane, c) {
    ctx = c;
    return settingsPage(pane);
  },
  leave() { reads.drop(); },
};
