// API tokens (/tokens, staff): your tokens (an admin's list has everyone's), a new one shown
// once, and revoking.
import { del, get, post } from '../api.js';
import { $, ago, clear, h, toast } from '../dom.js';
import { newest } from '../stale.js';
import { errorLine, frame } from './frame.js';

const reads = newest();
let ctx = null;

async function tokensPage(pane, made) {
  const fresh = reads.next();
  let r;
  try { r = await get('/api/tokens'); } catch (e) { if (fresh()) ctx.fail(e); return; }
  if (!fresh()) return;
  const name = (id) => (ctx.users().find((u) => u.id === id) || {}).name || 'user #' + id;
  const err = errorLine(ctx, 'token-error');
  const revoke = async (t) => {
    err.show();
    try { await del('/api/tokens/' + t.id); toast('Revoked ' + (t.name || t.prefix)); await tokensPage(pane); } catch (e) { err.show(e); }
  };
  const input = h('input', { id: 'token-name', maxlength: 100, placeholder: 'reporting, ci …' });
  const f = h('form', { class: 'card settings-form', id: 'token-add' },
    h('label', { for: 'token-name' }, 'What the new token is for'), input, err,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'token-create' }, 'Create token')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.show();
    try { await tokensPage(pane, await post('/api/tokens', { name: input.value })); } catch (e) { err.show(e); }
  });
  const live = r.tokens.filter((t) => !t.revoked_at);
  clear(pane).append(frame(ctx, 'API tokens',
    h('p', { class: 'muted' }, 'A token acts as its user: send it as "Authorization: Bearer TOKEN". ' + (ctx.user.role === 'admin' ? 'You see everyone\'s.' : 'These are yours.')),
    made ? h('div', { class: 'card made-token', role: 'status' }, h('p', {}, h('strong', {}, 'Copy it now: '), 'it is shown only once.'),
      h('input', { id: 'new-token', readonly: true, value: made.token, 'aria-label': 'The new token', onfocus: (ev) => ev.target.select() })) : null,
    h('table', { class: 'grid', id: 'tokens' },
      h('thead', {}, h('tr', {}, ['Name', 'Starts with', 'User', 'Created', 'Last used', ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, live.length ? live.map((t) => h('tr', { 'data-token': t.id },
        h('th', { scope: 'row' }, t.name || '—'), h('td', {}, h('code', {}, t.prefix)), h('td', {}, name(t.user_id)),
        h('td', { title: t.created_at }, ago(t.created_at)), h('td', {}, t.last_used_at ? ago(t.last_used_at) : 'never'),
        h('td', { class: 'actions' }, h('button', { type: 'button', class: 'quiet danger', onclick: () => revoke(t) }, 'Revoke'))))
        : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No tokens yet.')))),
    f));
  (made ? $('#new-token') : $('#page-title')).focus();
}

export default {
  mount(pane, c) { ctx = c; return tokensPage(pane); },
  leave() { reads.drop(); },
};
