// Acting on several tickets of the queue at once: a checkbox on each row (or `x` on the row in
// focus), and a bar above the list to assign them, set their status or priority, or add and
// remove a tag (POST /api/tickets/bulk: every ticket changes, or none does).
import { post } from '../api.js';
import { $, clear, h, toast } from '../dom.js';
import { announce } from '../live.js';
import { PRIORITIES, STATUSES, label } from '../vocabulary.js';

const picked = new Set();
let hooks = null; // { users(), changed(ids), fail(e), ticket(id) }

export function attach(h_) { hooks = h_; }

// Keeps only tickets still listed.
export function prune(list) {
  const ids = new Set(list.map((t) => t.id));
  for (const id of [...picked]) if (!ids.has(id)) picked.delete(id);
}

export function checkbox(t) {
  const box = h('input', { type: 'checkbox', class: 'pick', 'data-id': t.id, checked: picked.has(t.id),
    'aria-label': 'Select #' + t.number + ' ' + t.subject });
  box.addEventListener('change', () => { if (box.checked) picked.add(t.id); else picked.delete(t.id); paint(); });
  return box;
}

// Toggles the ticket of row `a` (a link in the queue).
export function toggle(id) {
  if (picked.has(id)) picked.delete(id); else picked.add(id);
  const box = document.querySelector('#queue-body input.pick[data-id="' + id + '"]');
  if (box) box.checked = picked.has(id);
  paint();
  announce(picked.size + (picked.size === 1 ? ' ticket' : ' tickets') + ' selected');
}

async function apply(body, what) {
  const ids = [...picked];
  try {
    const r = await post('/api/tickets/bulk', { ids, ...body });
    picked.clear();
    toast(r.merged_into ? ids.length - 1 + (ids.length === 2 ? ' ticket ' : ' tickets ') + what
      : r.updated + (r.updated === 1 ? ' ticket: ' : ' tickets: ') + what);
    hooks.changed(ids);
  } catch (e) {
    if (e.status === 401) { hooks.fail(e); return; }
    toast(e.message);
    paint();
  }
}

function choose(id, text, options, onpick) {
  const sel = h('select', { id, 'aria-label': text }, h('option', { value: '' }, text), options.map(([v, l]) => h('option', { value: v }, l)));
  sel.addEventListener('change', () => { if (sel.value !== '') onpick(sel.value, sel.selectedOptions[0].textContent); });
  return sel;
}

// Two or more tickets of one customer: the others merge into the one chosen.
function mergeChoice() {
  const picked_ = [...picked].map((id) => hooks.ticket(id)).filter(Boolean);
  if (picked_.length < 2 || new Set(picked_.map((t) => t.customer_id)).size !== 1) return null;
  return choose('bulk-merge', 'Merge into…', picked_.map((t) => [String(t.id), '#' + t.number + ' ' + t.subject]),
    (v, l) => apply({ merge_into: Number(v) }, 'merged into ' + l.split(' ')[0]));
}

// The bar above the list, shown while tickets are picked.
export function paint() {
  const bar = $('#bulk-bar');
  if (!bar) return;
  bar.hidden = picked.size === 0;
  clear(bar);
  if (!picked.size) return;
  const staff = hooks.users().filter((u) => !u.disabled);
  const tag = h('input', { id: 'bulk-tag', placeholder: 'tag', 'aria-label': 'A tag to add or remove', size: 8 });
  bar.append(
    h('strong', { id: 'bulk-count' }, picked.size + ' selected'),
    choose('bulk-assign', 'Assign…', [['none', 'Unassigned'], ...staff.map((u) => [String(u.id), u.name])],
      (v, l) => apply({ assignee_id: v === 'none' ? null : Number(v) }, v === 'none' ? 'unassigned' : 'assigned to ' + l)),
    choose('bulk-status', 'Status…', STATUSES.map((s) => [s, label('statuses', s)]), (v, l) => apply({ status: v }, 'status ' + l)),
    choose('bulk-priority', 'Priority…', PRIORITIES.map((p) => [p, label('priorities', p)]), (v, l) => apply({ priority: v }, 'priority ' + l)),
    tag,
    h('button', { type: 'button', id: 'bulk-tag-add', onclick: () => { if (tag.value.trim()) apply({ add_tags: [tag.value.trim()] }, 'tagged ' + tag.value.trim()); } }, '+ tag'),
    h('button', { type: 'button', id: 'bulk-tag-remove', onclick: () => { if (tag.value.trim()) apply({ remove_tags: [tag.value.trim()] }, 'untagged ' + tag.value.trim()); } }, '− tag'),
    mergeChoice(),
    h('button', { type: 'button', class: 'quiet', id: 'bulk-clear', onclick: () => { picked.clear(); for (const b of document.querySelectorAll('#queue-body input.pick')) b.checked = false; paint(); } }, 'Clear'));
}
