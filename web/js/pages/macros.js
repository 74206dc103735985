// The macros page (/macros, leads and admins): add, change and delete the team's canned replies.
import { del, get, patch, post } from '../api.js';
import { $, clear, h, toast } from '../dom.js';
import { newest } from '../stale.js';
import { PRIORITIES, STATUSES, label } from '../vocabulary.js';
import { frame } from './frame.js';

// What a macro sets besides its text, in words ("status pending, assigned to whoever uses it").
export function actionWords(a, users) {
  if (!a) return '';
  const out = [];
  if (a.status) out.push('status ' + label('statuses', a.status));
  if (a.priority) out.push('priority ' + label('priorities', a.priority));
  if ('assignee' in a) out.push(a.assignee === 'me' ? 'assigned to whoever uses it' : a.assignee === null ? 'unassigned'
    : 'assigned to ' + ((users.find((u) => u.id === a.assignee) || {}).name || 'user #' + a.assignee));
  if (a.add_tags && a.add_tags.length) out.push('tags ' + a.add_tags.map((t) => '+' + t).join(' '));
  return out.join(', ');
}

const reads = newest(); // the list of macros: the newest answer wins
let ctx = null; // the shell's: { fail(e), back() }

async function macrosPage(pane) {
  clear(pane);
  const fresh = reads.next();
  let list;
  try { list = (await get('/api/macros')).macros; } catch (e) { if (fresh()) ctx.fail(e); return; }
  if (!fresh()) return;
  const vars = ['customer.first_name', 'customer.name', 'agent.first_name', 'agent.name', 'ticket.number', 'ticket.subject', 'customer.last_ticket_subject'];
  const editor = (m) => {
    const err = h('p', { class: 'error', role: 'alert' });
    const id = m ? 'm' + m.id : 'new';
    const a = (m && m.actions) || {};
    const form = h('form', { class: 'macro-form card', 'aria-label': m ? 'Macro ' + m.title : 'New macro' },
      h('label', { for: id + '-title' }, 'Title'), h('input', { id: id + '-title', name: 'title', required: true, value: m ? m.title : '' }),
      h('label', { for: id + '-body' }, 'Text'), h('textarea', { id: id + '-body', name: 'body', rows: 4, required: true }),
      h('fieldset', { class: 'macro-actions' }, h('legend', {}, 'When used, also set'),
        h('div', { class: 'row' },
          h('div', {}, h('label', { for: id + '-status' }, 'Status'), h('select', { id: id + '-status', name: 'status' },
            h('option', { value: '' }, 'no change'), STATUSES.map((s) => h('option', { value: s, selected: a.status === s }, label('statuses', s))))),
          h('div', {}, h('label', { for: id + '-priority' }, 'Priority'), h('select', { id: id + '-priority', name: 'priority' },
            h('option', { value: '' }, 'no change'), PRIORITIES.map((p) => h('option', { value: p, selected: a.priority === p }, label('priorities', p))))),
          h('div', {}, h('label', { for: id + '-assignee' }, 'Assignee'), h('select', { id: id + '-assignee', name: 'assignee' },
            h('option', { value: '' }, 'no change'), h('option', { value: 'me', selected: a.assignee === 'me' }, 'whoever uses it'),
            h('option', { value: 'none', selected: 'assignee' in a && a.assignee === null }, 'unassigned'),
            ctx.users().filter((u) => !u.disabled).map((u) => h('option', { value: String(u.id), selected: a.assignee === u.id }, u.name)))),
          h('div', {}, h('label', { for: id + '-tags' }, 'Add tags'), h('input', { id: id + '-tags', name: 'tags', value: (a.add_tags || []).join(', '), placeholder: 'refund, vip' })))),
      err,
      h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, m ? 'Save' : 'Add macro'),
        m ? h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm('Delete the macro “' + m.title + '”?')) return;
          try { await del('/api/macros/' + m.id); macrosPage(pane); } catch (e) { err.textContent = e.message; }
        } }, 'Delete') : null));
    form.body.value = m ? m.body : '';
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      const acts = {};
      if (form.status.value) acts.status = form.status.value;
      if (form.priority.value) acts.priority = form.priority.value;
      if (form.assignee.value) acts.assignee = form.assignee.value === 'me' ? 'me' : form.assignee.value === 'none' ? null : Number(form.assignee.value);
      const tags = form.tags.value.split(',').map((t) => t.trim()).filter(Boolean);
      if (tags.length) acts.add_tags = tags;
      const body = { title: form.title.value, body: form.body.value, actions: acts };
      try {
        if (m) await patch('/api/macros/' + m.id, body); else await post('/api/macros', body);
        toast(m ? 'Macro saved' : 'Macro added');
        macrosPage(pane);
      } catch (e) { err.textContent = e.message; }
    });
    return form;
  };
  pane.append(frame(ctx, 'Macros',
    h('p', { class: 'muted' }, 'Canned replies for the composer. They can use ', vars.map((v, i) => [i ? ', ' : '', h('code', {}, '{{' + v + '}}')]),
      '. A macro can also set the ticket\'s status, priority, assignee and tags when it is used.'),
    h('h3', {}, 'New macro'), editor(null),
    h('h3', {}, 'All macros (' + list.length + ')'), list.map(editor)));
  $('#page-title').focus();
}

export default {
  mount(pane, c) {
    ctx = c;
    return macrosPage(pane);
  },
  leave() { reads.drop(); },
};
