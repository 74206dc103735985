// The Mail quarantine page: inbound mail that did not become a ticket message, newest first,
// for leads and admins (GET /api/mail/quarantine). Anyone else sees the server's refusal.
import { get } from '../api.js';
import { clear, h, when } from '../dom.js';
import { humanSize } from '../attachments.js';
import { announce } from '../live.js';
import { newest } from '../stale.js';

const PAGE = 50;
const reads = newest(); // the pages of the quarantine: a page of an older reading is dropped

function sizeCell(q) {
  const cut = q.kept < q.size;
  return h('td', { 'data-col': 'size', title: q.size + ' bytes' + (cut ? ', ' + q.kept + ' kept' : '') },
    humanSize(q.size), cut ? h('span', { class: 'muted small kept' }, ' (first ' + humanSize(q.kept) + ' kept)') : null);
}

function row(q) {
  return h('tr', { 'data-id': q.id },
    h('td', { 'data-col': 'time' }, h('time', { datetime: q.created_at }, when(q.created_at))),
    h('td', { 'data-col': 'reason' }, q.reason),
    h('td', { 'data-col': 'from' }, q.from || h('span', { class: 'muted' }, 'no sender')),
    h('td', { 'data-col': 'subject' },
      h('span', { class: 'q-subject' }, q.subject || h('span', { class: 'muted' }, '(no subject)')),
      q.message_id ? h('span', { class: 'muted small q-mid', title: 'Message-ID' }, q.message_id) : null),
    sizeCell(q));
}

function table() {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'mq-caption', tabindex: '0' },
    h('table', { class: 'figures quarantine-table', id: 'mq-table' },
      h('caption', { id: 'mq-caption' }, 'Quarantined mail, newest first'),
      h('thead', {}, h('tr', {}, ['Received', 'Reason', 'From', 'Subject', 'Size'].map((l) => h('th', { scope: 'col' }, l)))),
      h('tbody', { id: 'mq-rows' })));
}

function empty() {
  return h('div', { class: 'empty-state', id: 'mq-empty' },
    h('p', {}, 'No quarantined mail. Mail that reaches the support address but must not become a ticket message appears here, newest first, with the reason it was kept back.'),
    h('p', {}, 'That is mail no one should answer or that cannot be read: auto-replies and out-of-office notices, bounces and delivery reports, bulk and list mail, our own mail coming back in a loop, mail without a sender or a body, malformed mail, and mail larger than the mail size limit.'));
}

// Reads one page (older than `before`, or the newest) into `box`; the "Show older" button
// follows the API's cursor.
async function load(ctx, box, before, fresh) {
  const status = box.querySelector('#mq-status');
  let r;
  try {
    r = await get('/api/mail/quarantine?limit=' + PAGE + (before ? '&before=' + encodeURIComponent(before) : ''));
  } catch (e) {
    if (!fresh()) return;
    if (e.status === 401) { ctx.fail(e); return; }
    const msg = e.status === 403 ? refusal(e.message)
      : h('p', { class: 'error', role: 'alert', id: 'mq-error' }, 'The quarantine cannot be loaded: ' + e.message);
    if (before) status.replaceChildren(msg); else clear(box).append(msg);
    return;
  }
  if (!fresh()) return;
  if (!before) {
    clear(box);
    if (!r.quarantine.length) { box.append(empty()); return; }
    box.append(table(), h('div', { id: 'mq-status', class: 'actions' }));
  }
  const rows = box.querySelector('#mq-rows');
  rows.append(...r.quarantine.map(row));
  const more = box.querySelector('#mq-status');
  clear(more);
  const n = rows.children.length;
  more.append(h('span', { class: 'muted small', id: 'mq-count' }, n + (n === 1 ? ' mail shown' : ' mails shown')));
  if (r.next) {
    more.append(h('button', { type: 'button', id: 'mq-more', onclick: (ev) => {
      ev.currentTarget.disabled = true;
      load(ctx, box, r.next, reads.now());
    } }, 'Show older'));
  }
  if (before) {
    announce(r.quarantine.length + ' older mails shown');
    const next = box.querySelector('#mq-more') || box.querySelector('.table-wrap');
    if (next) next.focus();
  }
}

// What a role that may not read the quarantine is told, with the server's words.
function refusal(said) {
  return h('p', { class: 'error', role: 'alert', id: 'mq-error' }, 'The mail quarantine is for leads and admins: ' + said);
}

// Fills `pane` with the page. ctx: { user, fail(e), back() }.
function quarantinePage(pane, ctx) {
  const box = h('div', { id: 'mq-box' }, h('p', { class: 'muted' }, 'Loading the quarantine…'));
  clear(pane).append(h('div', { class: 'page quarantine' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); ctx.back(); } }, '← Queue'),
      h('h2', { tabindex: '-1', id: 'page-title' }, 'Mail quarantine')),
    h('p', { class: 'muted' }, 'Inbound mail kept back instead of becoming a ticket or a reply, with the reason.'),
    box,
    h('details', { class: 'hint', id: 'mq-hint' },
      h('summary', {}, 'One of these should have been a ticket?'),
      h('p', {}, 'Quarantined mail is kept, not taken in again: delivering the same mail to ',
        h('code', {}, 'attune mail-ingest'), ' a second time does nothing, because its Message-ID was taken in already. ' +
        'Open a ticket for the sender by hand instead (', h('code', {}, 'POST /api/tickets'),
        ' with the customer’s email), with what they wrote, or ask them to write again.'))));
  pane.querySelector('#page-title').focus();
  load(ctx, box, null, reads.next());
}

export default {
  mount(pane, ctx) { quarantinePage(pane, ctx); },
  leave() { reads.drop(); },
  refused: refusal,
};
