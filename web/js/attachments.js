// The files of a ticket (from mail, or sent from the composer or the portal), as download
// links. Shared by the console and the portal. A link is a plain same-origin navigation, so
// the session cookie goes with it; the server answers with Content-Disposition: attachment and
// `download` asks the browser to save the file too. Only pictures are shown in the page, as
// <img> (which runs nothing), and the server serves them inline only when their bytes are a
// PNG, JPEG, GIF or WebP picture.
import { get } from './api.js';
import { h } from './dom.js';

// "512 bytes", "1.2 KB", "34 KB", "2.5 MB" (units of 1024).
export function humanSize(n) {
  if (n < 1024) return n === 1 ? '1 byte' : n + ' bytes';
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (v < 10 ? v.toFixed(1) : String(Math.round(v))) + ' ' + units[i];
}

// The attachments of ticket `id`, oldest first, or the ApiError that kept them away.
// A lapsed session (401) is thrown, as everywhere else.
export async function ticketFiles(id) {
  try {
    return (await get('/api/tickets/' + id + '/attachments')).attachments;
  } catch (e) {
    if (e.status === 401) throw e;
    return e;
  }
}

const PICTURES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

function fileItem(a) {
  const size = humanSize(a.size);
  /* a picture is shown too: the server serves it inline only when its bytes are one */
  const picture = PICTURES.includes(a.content_type) ? h('img', { class: 'inline-image', src: '/api/attachments/' + a.id + '?inline=1',
    alt: a.filename, loading: 'lazy', onerror: (ev) => ev.target.remove() }) : null;
  return h('li', { class: 'file' + (picture ? ' has-picture' : '') }, picture,
    h('a', { href: '/api/attachments/' + a.id, download: a.filename, type: a.content_type, 'data-attachment': a.id,
      'aria-label': 'Download ' + a.filename + ', ' + (a.content_type || 'file') + ', ' + size },
    h('span', { class: 'file-name' }, a.filename)),
    h('span', { class: 'file-meta' }, h('span', { class: 'file-type' }, a.content_type || 'file'), ' · ',
      h('span', { class: 'file-size', title: a.size + (a.size === 1 ? ' byte' : ' bytes') }, size)));
}

function fileList(list, label) {
  return h('ul', { class: 'attachments', 'aria-label': label }, list.map(fileItem));
}

// The files of message `messageId`, or null when it has none.
export function messageFiles(files, messageId) {
  if (!Array.isArray(files)) return null;
  const mine = files.filter((a) => a.message_id === messageId);
  return mine.length ? fileList(mine, mine.length === 1 ? 'Attachment' : mine.length + ' attachments') : null;
}

// The files of the ticket that belong to no message on screen, or why none could be read; null
// when there is nothing to say. `shown` is the set of message ids on screen.
export function otherFiles(files, shown) {
  if (!files) return null;
  if (!Array.isArray(files)) {
    return h('p', { class: 'error', id: 'attachments-error', role: 'alert' }, 'The attachments cannot be loaded: ' + files.message);
  }
  const rest = files.filter((a) => !shown.has(a.message_id));
  if (!rest.length) return null;
  return h('section', { class: 'ticket-files', id: 'ticket-files', 'aria-labelledby': 'ticket-files-title' },
    h('h3', { id: 'ticket-files-title' }, 'Attachments'),
    fileList(rest, 'Attachments of the ticket'));
}
