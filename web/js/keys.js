// Keyboard shortcuts: each page has one table, and the help overlay lists the tables.
//
// A table is a list of rows { show, does, keys, inFields, inDialog }: `show` is how the help
// writes the keys ('j / k', 'Alt+1 … Alt+5'), `does` what they do, and `keys` maps a key name
// to its action. Key names are ev.key for plain keys ('j', '?', '/'), 'Esc', 'Ctrl+Enter'
// (Ctrl or Cmd) and 'Alt+1'…'Alt+9' (by the key's position, so any layout works). An action
// that returns false did not handle the key, and the key goes on to the browser. Rows work
// outside text fields and dialogs unless they say `inFields` or `inDialog`.
import { h } from './dom.js';

export function keyName(ev) {
  if (ev.key === 'Escape') return 'Esc';
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) return 'Ctrl+Enter';
  if (ev.altKey && !ev.ctrlKey && /^Digit[1-9]$/.test(ev.code)) return 'Alt+' + ev.code.slice(5);
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return null;
  return ev.key;
}

// Runs the first action of `tables` that knows the key of `ev`; true when one handled it.
export function dispatch(tables, ev, { typing, dialog }) {
  const name = keyName(ev);
  if (!name) return false;
  for (const row of tables.flat()) {
    const run = row.keys[name];
    if (!run || (typing && !row.inFields) || (dialog && !row.inDialog)) continue;
    if (run(ev) === false) return false;
    ev.preventDefault();
    return true;
  }
  return false;
}

// The rows of `tables` as the help overlay's list of keys.
export function helpList(tables) {
  return h('dl', { class: 'keys' }, tables.flat().map((row) => [
    h('dt', {}, row.show.split(' ').map((p) => ((p === '/' && row.show !== '/') || p === '…' ? ' ' + p + ' ' : h('kbd', {}, p)))),
    h('dd', {}, row.does)]));
}
