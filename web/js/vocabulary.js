// The words the console shows for the server's names, as the server sends them
// (GET /api/vocabulary): the views in the order of the keys 1…8, the sorts, statuses,
// priorities, SLA clocks and roles with their labels, how each feeling sounds and the tone
// of its badge, the coach's grade thresholds (a coaching carries its own grade) and the urgency from which a message reads as urgent.
// Nothing here is a copy: load() fills these bindings before the console draws a page.
import { get } from './api.js';

// [name, label] pairs, in the order the console shows them.
export let VIEWS = [];
export let SORTS = [];
export let CLOCKS = [];
// Names only, in order.
export let STATUSES = [];
export let PRIORITIES = [];
export let GRADE_GOOD = 100;
export let GRADE_FAIR = 0;
export let URGENT_FROM = 1;
// The desk's currency (ISO 4217), for money.
export let CURRENCY = 'USD';
// How the customer sounds, for each feeling: "sounds frustrated", never "sounds frustration".
export let SOUNDS = {};
// Who may see what, in words, for a page a role may not open: { agent: 'agents', ... }.
export let ROLE_WORDS = {};

let V = null;

const pairs = (list) => list.map((w) => [w.name, w.label]);

export async function load() {
  if (V) return;
  const v = await get('/api/vocabulary');
  VIEWS = pairs(v.views);
  SORTS = pairs(v.sorts);
  CLOCKS = pairs(v.clocks);
  STATUSES = v.statuses.map((w) => w.name);
  PRIORITIES = v.priorities.map((w) => w.name);
  GRADE_GOOD = v.grades.good;
  GRADE_FAIR = v.grades.fair;
  URGENT_FROM = v.urgent_from;
  CURRENCY = v.currency || 'USD';
  SOUNDS = {};
  for (const [name, f] of Object.entries(v.emotions)) SOUNDS[name] = f.sounds;
  for (const [name, f] of Object.entries(v.service)) SOUNDS[name] = f.sounds;
  ROLE_WORDS = Object.fromEntries(v.roles.map((w) => [w.name, w.plural]));
  V = v;
}

// A status or priority in words ("on hold").
export function label(kind, name) {
  const w = V && V[kind].find((x) => x.name === name);
  return w ? w.label : String(name).replace(/_/g, ' ');
}

// A mood's tone, upset, glad or calm (a service feeling's first: it is the one shown).
export function moodTone(m) {
  const f = V && (V.service[m] || V.emotions[m]);
  return f ? f.tone : 'calm';
}
