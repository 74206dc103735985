// An address that is no page of the console: said, with the way back, instead of the queue.
import { $, clear, h } from '../dom.js';
import { frame } from './frame.js';

export default {
  mount(pane, ctx, params) {
    clear(pane).append(frame(ctx, 'Page not found',
      h('p', { id: 'not-found' }, 'There is no page at ', h('code', {}, params[0]), '. It may have moved, or the address has a typo.'),
      h('p', {}, h('a', { href: '/', onclick: (ev) => { ev.preventDefault(); ctx.back(); } }, 'Go to the queue'))));
    $('#page-title').focus();
  },
};
