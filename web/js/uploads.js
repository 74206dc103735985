// Files to send with a message, in the console's composer and the portal: picked, dropped on
// the form or pasted (a screenshot), each uploaded at once and shown as a chip that can be
// taken off again; the message names them when it is sent. The server checks size and type
// and says why it refuses one.
import { upload } from './api.js';
import { h } from './dom.js';
import { humanSize } from './attachments.js';
import { announce } from './live.js';

// opts: { ticketId() -> id, zone: element that takes drops and pastes, fail(e), id: prefix }
export function filePicker(opts) {
  const files = []; // { id, filename, size } uploaded and waiting
  let busy = 0;
  const list = h('ul', { class: 'upload-list', id: opts.id + '-files', 'aria-label': 'Files to send' });
  const input = h('input', { type: 'file', multiple: true, id: opts.id + '-input', hidden: true });
  const button = h('button', { type: 'button', class: 'quiet', id: opts.id + '-attach', title: 'Attach files (or drop them here, or paste a screenshot)',
    onclick: () => input.click() }, 'Attach');
  const status = h('span', { class: 'muted small', id: opts.id + '-status', role: 'status' });

  function paint() {
    list.replaceChildren(...files.map((f) => h('li', { class: 'upload-chip', 'data-upload': f.id },
      h('span', {}, f.filename), h('span', { class: 'muted' }, ' ' + humanSize(f.size)),
      h('button', { type: 'button', class: 'icon quiet', 'aria-label': 'Do not send ' + f.filename,
        onclick: () => { files.splice(files.indexOf(f), 1); paint(); announce(f.filename + ' will not be sent'); } }, '×'))));
    list.hidden = !files.length;
    status.textContent = busy ? 'Sending ' + busy + (busy === 1 ? ' file…' : ' files…') : '';
  }

  async function add(fileList) {
    for (const file of [...fileList]) {
      busy++;
      paint();
      try {
        const name = file.name || (file.type.startsWith('image/') ? 'pasted-image.' + file.type.slice(6) : 'file');
        const r = await upload('/api/tickets/' + opts.ticketId() + '/uploads', file, name);
        files.push({ id: r.id, filename: r.filename, size: r.size });
        announce(r.filename + ' is attached');
      } catch (e) {
        opts.fail(e);
      } finally { busy--; paint(); }
    }
  }

  input.addEventListener('change', () => { add(input.files); input.value = ''; });
  const zone = opts.zone;
  zone.addEventListener('dragover', (ev) => { if (ev.dataTransfer && [...ev.dataTransfer.types].includes('Files')) { ev.preventDefault(); zone.classList.add('dropping'); } });
  zone.addEventListener('dragleave', () => zone.classList.remove('dropping'));
  zone.addEventListener('drop', (ev) => {
    if (!ev.dataTransfer || !ev.dataTransfer.files.length) return;
    ev.preventDefault();
    zone.classList.remove('dropping');
    add(ev.dataTransfer.files);
  });
  zone.addEventListener('paste', (ev) => {
    const pasted = [...(ev.clipboardData ? ev.clipboardData.files : [])];
    if (!pasted.length) return;
    ev.preventDefault();
    add(pasted);
  });
  paint();
  return {
    button, input, list, status,
    ids: () => files.map((f) => f.id),
    busy: () => busy > 0,
    clear: () => { files.length = 0; paint(); },
  };
}
