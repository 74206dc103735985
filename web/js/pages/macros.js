// The macros page (/macros, leads and admins): add, change and delete the team's canned replies.
import { del, get, patch, post } from '../api.js';
import { $, clear, h, toast } from '../dom.js';
import { newest } from '../stale.js';

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
    const form = h('form', { class: 'macro-form card', 'aria-label': m ? 'Macro ' + m.title : 'New macro' },
      h('label', { for: id + '-title' }, 'Title'), h('input', { id: id + '-title', name: 'title', required: true, value: m ? m.title : '' }),
      h('label', { for: id + '-body' }, 'Text'), h('textarea', { id: id + '-body', name: 'body', rows: 4, required: true }),
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
      const body = { title: form.title.value, body: form.body.value };
      try {
        if (m) await patch('/api/macros/' + m.id, body); else await post('/api/macros', body);
        toast(m ? 'Macro saved' : 'Macro added');
        macrosPage(pane);
      } catch (e) { err.textContent = e.message; }
    });
    return form;
  };
  pane.append(h('div', { class: 'page' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); ctx.back(); } }, '← Queue'),
      h('h2', { tabindex: '-1', id: 'page-title' }, 'Macros')),
    h('p', { class: 'muted' }, 'Canned replies for the composer. They can use ', vars.map((v, i) => [i ? ', ' : '', h('code', {}, '{{' + v + '}}')]), '.'),
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
