// Building the page from data. Text from people only ever goes in as text nodes.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

// "3 h ago" for an ISO time.
export function ago(iso) {
  if (!iso) return '';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return Math.floor(s / 60) + ' min ago';
  if (s < 86400) return Math.floor(s / 3600) + ' h ago';
  return Math.floor(s / 86400) + ' d ago';
}

// Maps byte offsets of the UTF-8 form of `text` to string indexes.
export function byteIndex(text) {
  const map = new Map();
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    map.set(bytes, i);
    const c = text.codePointAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) i++;
  }
  map.set(bytes, text.length);
  return (b) => (map.has(b) ? map.get(b) : text.length);
}

// `text` as nodes, with the byte ranges of `spans` ({start, end, cls, title}) marked.
export function highlighted(text, spans) {
  const at = byteIndex(text);
  const ranges = spans.map((s) => ({ a: at(s.start), b: at(s.end), cls: s.cls, title: s.title }))
    .filter((r) => r.b > r.a).sort((x, y) => x.a - y.a);
  const out = [];
  let pos = 0;
  for (const r of ranges) {
    if (r.a < pos) continue;
    if (r.a > pos) out.push(document.createTextNode(text.slice(pos, r.a)));
    out.push(h('mark', { class: r.cls, title: r.title }, text.slice(r.a, r.b)));
    pos = r.b;
  }
  out.push(document.createTextNode(text.slice(pos)));
  return out;
}

export function toast(msg) {
  for (const old of document.querySelectorAll(".toast")) old.remove();
  const t = h('div', { class: 'toast', role: 'status' }, msg);
  document.body.append(t);
  setTimeout(() => t.remove(), 3000);
}

// "14 Nov 2026, 09:12" for a title attribute.
export function when(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

// Words for the states the API speaks in.
export const words = (s) => String(s || '').replace(/_/g, ' ');

