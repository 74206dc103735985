// What the console's own pages (not the queue, not a ticket) share: the frame with the way
// back to the queue and the page's heading, and a form's error line.
import { h } from '../dom.js';

// The page: "← Queue", the heading (focused by the caller), then `children`.
export function frame(ctx, title, ...children) {
  return h('div', { class: 'page wide' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); ctx.back(); } }, '← Queue'),
      h('h2', { tabindex: '-1', id: 'page-title' }, title)),
    ...children);
}

// A form's error line: `show(e)` says what went wrong (a 401 signs out instead), `show()` clears it.
export function errorLine(ctx, id) {
  const p = h('p', { class: 'error', role: 'alert', id });
  p.show = (e) => {
    if (e && e.status === 401) { ctx.fail(e); return; }
    p.textContent = e ? e.message : '';
  };
  return p;
}
