// A ticket opened by staff on behalf of a customer (/tickets/new): a phone call, a chat, someone
// at the desk. The customer is found by name or email, or added; the channel is recorded.
import { get, post } from '../api.js';
import { $, clear, h } from '../dom.js';
import { newest } from '../stale.js';
import { PRIORITIES, label } from '../vocabulary.js';
import { errorLine, frame } from './frame.js';
import * as queue from './queue.js';

const CHANNELS = [['phone', 'Phone call'], ['chat', 'Chat'], ['email', 'Email (forwarded)'], ['web', 'In person or other']];
const finds = newest();
let ctx = null;

function form() {
  const err = errorLine(ctx, 'new-ticket-error');
  const who = h('input', { id: 'nt-customer', list: 'nt-customers', autocomplete: 'off', required: true,
    placeholder: 'name or email', 'aria-describedby': 'nt-customer-help' });
  const list = h('datalist', { id: 'nt-customers' });
  const name = h('input', { id: 'nt-name', autocomplete: 'off' });
  const nameRow = h('div', { id: 'nt-name-row', hidden: true }, h('label', { for: 'nt-name' }, 'Their name (a new customer)'), name);
  let found = [];
  const match = () => found.find((c) => c.email.toLowerCase() === who.value.trim().toLowerCase() ||
    (c.name + ' <' + c.email + '>') === who.value.trim());
  who.addEventListener('input', async () => {
    const q = who.value.trim();
    nameRow.hidden = !(q.includes('@') && !match());
    if (q.length < 2) return;
    const fresh = finds.next();
    let r;
    try { r = await get('/api/customers?limit=8&q=' + encodeURIComponent(q)); } catch (_) { return; }
    if (!fresh()) return;
    found = r.customers;
    clear(list).append(...found.map((c) => h('option', { value: c.name + ' <' + c.email + '>' })));
    nameRow.hidden = !(q.includes('@') && !match());
  });
  const staff = [['', 'Unassigned'], ...ctx.users().filter((u) => !u.disabled).map((u) => [String(u.id), u.name])];
  const f = h('form', { class: 'card settings-form', id: 'new-ticket' },
    h('label', { for: 'nt-customer' }, 'Customer'), who, list,
    h('p', { class: 'muted small', id: 'nt-customer-help' }, 'Pick someone we know, or type a new customer\'s email.'),
    nameRow,
    h('div', { class: 'row' },
      h('div', {}, h('label', { for: 'nt-channel' }, 'How they reached us'),
        h('select', { id: 'nt-channel' }, CHANNELS.map(([v, l]) => h('option', { value: v }, l)))),
      h('div', {}, h('label', { for: 'nt-priority' }, 'Priority'),
        h('select', { id: 'nt-priority' }, PRIORITIES.map((p) => h('option', { value: p, selected: p === 'normal' }, label('priorities', p))))),
      h('div', {}, h('label', { for: 'nt-assignee' }, 'Assignee'),
        h('select', { id: 'nt-assignee' }, staff.map(([v, l]) => h('option', { value: v, selected: v === String(ctx.user.id) }, l))))),
    h('label', { for: 'nt-subject' }, 'Subject'), h('input', { id: 'nt-subject', required: true, maxlength: 200 }),
    h('label', { for: 'nt-body' }, 'What they told us, in their words'),
    h('textarea', { id: 'nt-body', rows: 6, required: true }),
    err,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'nt-save' }, 'Open the ticket')));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.show();
    const known = match();
    const typed = who.value.trim();
    const email = known ? known.email : (typed.match(/<([^>]+)>$/) || [0, typed])[1];
    const customer = { email };
    if (!known && name.value.trim()) customer.name = name.value.trim();
    const body = { subject: $('#nt-subject').value, body: $('#nt-body').value, customer,
      channel: $('#nt-channel').value, priority: $('#nt-priority').value };
    if ($('#nt-assignee').value) body.assignee_id = Number($('#nt-assignee').value);
    try {
      const t = await post('/api/tickets', body);
      queue.refresh();
      ctx.go('/tickets/' + t.number);
    } catch (e) { err.show(e); }
  });
  return f;
}

export default {
  mount(pane, c) {
    ctx = c;
    clear(pane).append(frame(ctx, 'New ticket',
      h('p', { class: 'muted' }, 'For a customer who called, chatted or came by: the ticket is theirs, as if they had written in.'),
      form()));
    $('#nt-customer').focus();
  },
  leave() { finds.drop(); },
};
