// Modal dialogs of the console: one at a time, Tab kept inside, the focus given back on close.
import { $, h } from './dom.js';

let dialogReturn = null;

// Opens a dialog titled `title` with `children`; the focus goes back to `returnTo` (or what had
// it) when it closes. Returns the dialog's box.
export function dialog(title, children, returnTo) {
  closeDialog();
  dialogReturn = returnTo || document.activeElement;
  const box = h('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dialog-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'dialog-title' }, title),
      h('button', { type: 'button', class: 'icon', 'aria-label': 'Close', onclick: closeDialog }, '×')),
    children);
  const o = h('div', { class: 'overlay', onclick: (ev) => { if (ev.target === o) closeDialog(); } }, box);
  // keep Tab inside the dialog
  o.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab') return;
    const f = [...box.querySelectorAll('button, input, select, textarea, a[href]')].filter((x) => !x.disabled);
    if (!f.length) return;
    if (ev.shiftKey && document.activeElement === f[0]) { ev.preventDefault(); f[f.length - 1].focus(); }
    else if (!ev.shiftKey && document.activeElement === f[f.length - 1]) { ev.preventDefault(); f[0].focus(); }
  });
  document.body.append(o);
  return box;
}

// Closes the open dialog; false when there was none.
export function closeDialog() {
  const o = $('.overlay');
  if (!o) return false;
  o.remove();
  if (dialogReturn && document.contains(dialogReturn)) dialogReturn.focus();
  dialogReturn = null;
  return true;
}

export const dialogOpen = () => !!$('.overlay');
