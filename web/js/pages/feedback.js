// The Feedback page: what customers answered in the survey after a solve. Leads and admins see
// every agent's figures, the recovery tasks that poor answers opened and the praise kept for
// each agent; an agent sees their own figures and what customers said about them.
import { get, post } from '../api.js';
import { ago, clear, h, toast, when } from '../dom.js';
import { announce } from '../live.js';
import { newest } from '../stale.js';

const PERIODS = [[7, 'Last 7 days'], [30, 'Last 30 days'], [90, 'Last 90 days']];
const DAY = 24 * 3600 * 1000;
let period = 30;
const results = newest(); // the results of a period: the newest answer wins
const praise = newest(); // the same for the praise, which follows the period too

// Figures as the API gives them: averages with two decimals, shares and NPS with one.
const none = '—';
export const fmt = {
  count: (n) => String(n),
  avg: (v) => (v === null || v === undefined ? none : v.toFixed(2)),
  pct: (v) => (v === null || v === undefined ? none : v.toFixed(1) + '%'),
  nps: (v) => (v === null || v === undefined ? none : (v > 0 ? '+' : '') + v.toFixed(1)),
};

function periodWords() {
  return PERIODS.find((p) => p[0] === period)[1].toLowerCase();
}

function ticketLink(ctx, number, subject) {
  return h('a', { href: '/tickets/' + number, onclick: (ev) => { ev.preventDefault(); ctx.go('/tickets/' + number); } },
    '#' + number + ' ' + subject);
}

function failed(ctx, box, what, e) {
  if (e.status === 401) { ctx.fail(e); return; }
  clear(box).append(h('p', { class: 'error', role: 'alert' }, what + ' cannot be loaded: ' + e.message));
}

// ---- results --------------------------------------------------------------------------------

const COLUMNS = [
  ['sent', 'Sent', (g) => fmt.count(g.sent)],
  ['answered', 'Answered', (g) => fmt.count(g.answered)],
  ['response_rate', 'Response rate', (g) => fmt.pct(g.response_rate)],
  ['csat', 'CSAT (1–5)', (g) => fmt.avg(g.csat.average)],
  ['satisfied', 'Satisfied', (g) => fmt.pct(g.csat.satisfied_pct)],
  ['understood', 'Understood (1–5)', (g) => fmt.avg(g.understood.average)],
  ['understood_pct', 'Felt understood', (g) => fmt.pct(g.understood.understood_pct)],
  ['effort', 'Effort (1–7)', (g) => fmt.avg(g.effort.average)],
  ['nps', 'NPS', (g) => fmt.nps(g.nps.score)],
];

function npsTitle(g) {
  const n = g.nps;
  return n.responses ? n.responses + ' answers: ' + n.promoters + ' promoters, ' + n.passives + ' passives, ' +
    n.detractors + ' detractors' : 'nobody was asked or answered';
}

function row(g, head, cls) {
  return h('tr', { class: cls, 'data-key': g.key },
    h('th', { scope: 'row' }, head),
    COLUMNS.map(([key, , f]) => {
      const text = f(g);
      return h('td', { 'data-col': key, title: key === 'nps' ? npsTitle(g) : text === none ? 'no answers yet' : null }, text);
    }));
}

function resultsTable(r) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'fb-caption', tabindex: '0' },
    h('table', { class: 'figures', id: 'fb-table' },
      h('caption', { id: 'fb-caption' }, 'Survey results by agent, ' + periodWords()),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Agent'), COLUMNS.map(([, label]) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, r.groups.map((g) => row(g, g.label, null))),
      h('tfoot', {}, row(r.total, 'All agents', 'total'))));
}

function figure(id, label, value, detail) {
  return h('div', { class: 'figure' },
    h('dt', {}, label),
    h('dd', { id: 'fb-fig-' + id }, value),
    detail ? h('dd', { class: 'muted small', id: 'fb-fig-' + id + '-detail' }, detail) : null);
}

function ownFigures(g) {
  return h('dl', { class: 'figures-own', id: 'fb-figures', 'aria-label': 'Your survey results, ' + periodWords() },
    figure('answered', 'Answered', g.answered + ' of ' + g.sent, fmt.pct(g.response_rate) + ' response rate'),
    figure('csat', 'Satisfaction (CSAT, 1–5)', fmt.avg(g.csat.average), fmt.pct(g.csat.satisfied_pct) + ' satisfied'),
    figure('understood', 'Felt understood (1–5)', fmt.avg(g.understood.average),
      fmt.pct(g.understood.understood_pct) + ' felt understood'),
    figure('effort', 'Effort (1–7, higher is easier)', fmt.avg(g.effort.average), null),
    figure('nps', 'NPS (−100 to 100)', fmt.nps(g.nps.score), npsTitle(g)));
}

async function loadResults(ctx, box, lead, fresh) {
  clear(box).append(h('p', { class: 'muted' }, 'Loading the results…'));
  let r;
  try {
    r = await get('/api/surveys/results?group=agent&from=' + (Date.now() - period * DAY));
  } catch (e) { if (fresh()) failed(ctx, box, 'The results', e); return; }
  if (!fresh()) return;
  clear(box);
  if (!r.total.sent) {
    box.append(h('p', { class: 'empty-state', id: 'fb-results-empty' }, lead
      ? 'No surveys were sent in the ' + periodWords() + '. When solved tickets get their survey, each agent’s figures appear here.'
      : 'No surveys were sent for your tickets in the ' + periodWords() + '. When a ticket you solved gets its survey, your figures appear here.'));
    return;
  }
  box.append(lead ? resultsTable(r) : ownFigures(r.total));
}

// ---- recovery -------------------------------------------------------------------------------

function scores(x) {
  return h('ul', { class: 'scores', 'aria-label': 'Scores' },
    h('li', { class: 'badge' + (x.csat <= 2 ? ' poor' : '') }, 'CSAT ' + x.csat + '/5'),
    h('li', { class: 'badge' + (x.understood <= 2 ? ' poor' : '') }, 'Understood ' + x.understood + '/5'),
    h('li', { class: 'badge' }, 'Effort ' + x.effort + '/7'),
    x.nps !== null && x.nps !== undefined ? h('li', { class: 'badge' }, 'NPS ' + x.nps + '/10') : null);
}

function recoveryItem(ctx, t, list, count) {
  const fid = 'fb-done-' + t.id;
  const note = h('textarea', { id: fid + '-note', name: 'note', rows: 3, maxlength: 2000, 'aria-required': 'true',
    'aria-describedby': fid + '-hint' });
  const err = h('p', { class: 'error', role: 'alert', id: fid + '-error' });
  const open = h('button', { type: 'button', class: 'mark-done', 'aria-expanded': 'false', 'aria-controls': fid,
    'aria-label': 'Mark done: #' + t.ticket_number + ' ' + t.subject }, 'Mark done');
  const form = h('form', { id: fid, class: 'done-form hidden', 'aria-label': 'Close the recovery task of #' + t.ticket_number },
    h('label', { for: fid + '-note' }, 'What did you do for the customer?'),
    note,
    h('p', { class: 'muted small', id: fid + '-hint' }, 'A sentence or two. It goes on the ticket as an internal note.'),
    err,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Mark done'),
      h('button', { type: 'button', onclick: () => { form.classList.add('hidden'); open.classList.remove('hidden');
        open.setAttribute('aria-expanded', 'false'); open.focus(); } }, 'Cancel')));
  const li = h('li', { class: 'card recovery', 'data-task': t.id },
    h('div', { class: 'recovery-head' },
      h('strong', {}, ticketLink(ctx, t.ticket_number, t.subject)),
      h('span', { class: 'muted' }, t.customer_name + ' · ', h('time', { datetime: t.created_at, title: when(t.created_at) }, ago(t.created_at)))),
    h('p', { class: 'reason' }, h('span', { class: 'muted' }, 'Why: '), t.reason),
    scores(t),
    t.comment ? h('blockquote', { class: 'comment' }, t.comment) : h('p', { class: 'muted small' }, 'No comment.'),
    h('div', { class: 'actions' }, open),
    form);
  open.addEventListener('click', () => {
    open.classList.add('hidden');
    open.setAttribute('aria-expanded', 'true');
    form.classList.remove('hidden');
    note.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    if (!note.value.trim()) { err.textContent = 'Write what you did for the customer, in a sentence or two.'; note.focus(); return; }
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      await post('/api/recovery/' + t.id + '/done', { note: note.value });
    } catch (e) {
      btn.disabled = false;
      if (e.status === 401) { ctx.fail(e); return; }
      err.textContent = e.message;
      return;
    }
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    count();
    toast('Recovery task done');
    announce('Recovery task for #' + t.ticket_number + ' done');
    if (next) next.querySelector('button.mark-done')?.focus();
    else document.getElementById('fb-recovery-title')?.focus();
    if (!list.children.length) list.replaceWith(recoveryEmpty());
  });
  return li;
}

function recoveryEmpty() {
  return h('p', { class: 'empty-state', id: 'fb-recovery-empty' },
    'No open recovery tasks. When a customer answers a survey poorly, a task to get back to them appears here.');
}

async function loadRecovery(ctx, box, title) {
  let r;
  try { r = await get('/api/recovery'); } catch (e) { failed(ctx, box, 'The recovery tasks', e); return; }
  clear(box);
  const count = () => {
    const n = box.querySelectorAll('li.recovery').length;
    title.textContent = 'Recovery tasks' + (n ? ' (' + n + ' open)' : '');
  };
  if (!r.tasks.length) { box.append(recoveryEmpty()); count(); return; }
  const list = h('ul', { class: 'recovery-list', id: 'fb-recovery' });
  box.append(list);
  list.append(...r.tasks.map((t) => recoveryItem(ctx, t, list, count)));
  count();
}

// ---- recognition ----------------------------------------------------------------------------

function praiseItem(ctx, x) {
  return h('li', { class: 'praise' },
    h('blockquote', { class: 'comment' }, x.comment),
    h('p', { class: 'muted small' }, ticketLink(ctx, x.ticket_number, x.subject),
      ' · CSAT ' + x.csat + '/5 · ', h('time', { datetime: x.created_at, title: when(x.created_at) }, ago(x.created_at))));
}

async function loadRecognition(ctx, box, lead, fresh) {
  let r;
  const q = ['from=' + (Date.now() - period * DAY)];
  if (!lead) q.push('agent_id=' + ctx.user.id);
  try {
    r = await get('/api/recognition?' + q.join('&'));
  } catch (e) { if (fresh()) failed(ctx, box, 'The praise', e); return; }
  if (!fresh()) return;
  clear(box);
  if (!r.recognition.length) {
    box.append(h('p', { class: 'empty-state', id: 'fb-recognition-empty' }, lead
      ? 'No praise in the ' + periodWords() + '. When a customer praises the help they got, their words appear here for the agent who helped.'
      : 'Nothing in the ' + periodWords() + '. When a customer praises your help in a survey, their words appear here.'));
    return;
  }
  if (!lead) {
    box.append(h('ul', { class: 'praise-list', id: 'fb-recognition' }, r.recognition.map((x) => praiseItem(ctx, x))));
    return;
  }
  const byAgent = new Map();
  for (const x of r.recognition) {
    if (!byAgent.has(x.agent_id)) byAgent.set(x.agent_id, { name: x.agent_name, items: [] });
    byAgent.get(x.agent_id).items.push(x);
  }
  box.append(h('div', { id: 'fb-recognition' }, [...byAgent.entries()].map(([id, a]) =>
    h('section', { class: 'praise-agent', 'data-agent': id, 'aria-labelledby': 'fb-praise-' + id },
      h('h4', { id: 'fb-praise-' + id }, a.name + ' ', h('span', { class: 'muted' }, '(' + a.items.length + ')')),
      h('ul', { class: 'praise-list' }, a.items.map((x) => praiseItem(ctx, x)))))));
}

// ---- the page -------------------------------------------------------------------------------

// Fills `pane` with the page. ctx: { user, fail(e), go(path), back() }.
function feedbackPage(pane, ctx) {
  const lead = ctx.user.role === 'lead' || ctx.user.role === 'admin';
  const resultsBox = h('div', { id: 'fb-results' });
  const choose = h('select', { id: 'fb-period' }, PERIODS.map(([d, l]) => h('option', { value: d, selected: d === period }, l)));
  choose.addEventListener('change', async () => {
    period = Number(choose.value);
    await Promise.all([loadResults(ctx, resultsBox, lead, results.next()), loadRecognition(ctx, recognition, lead, praise.next())]);
    announce('Results and praise for the ' + periodWords());
  });
  const recoveryTitle = h('h3', { id: 'fb-recovery-title', tabindex: '-1' }, 'Recovery tasks');
  const recovery = h('div', { id: 'fb-recovery-box' });
  const recognition = h('div', { id: 'fb-recognition-box' });
  clear(pane).append(h('div', { class: 'page feedback' },
    h('div', { class: 'title-row' },
      h('a', { href: '/', class: 'back', onclick: (ev) => { ev.preventDefault(); ctx.back(); } }, '← Queue'),
      h('h2', { tabindex: '-1', id: 'page-title' }, lead ? 'Feedback' : 'Your feedback')),
    h('p', { class: 'muted' }, 'What customers answered in the survey after their ticket was solved.'),
    h('section', { 'aria-labelledby': 'fb-results-title' },
      h('div', { class: 'section-head' },
        h('h3', { id: 'fb-results-title' }, lead ? 'Results by agent' : 'Your results'),
        h('div', { class: 'field period' }, h('label', { for: 'fb-period' }, 'Period'), choose)),
      resultsBox),
    lead ? h('section', { 'aria-labelledby': 'fb-recovery-title' }, recoveryTitle,
      h('p', { class: 'muted small' }, 'Customers who answered poorly. Get back to them, then mark the task done with a note of what you did.'),
      recovery) : null,
    h('section', { 'aria-labelledby': 'fb-recognition-title' },
      h('h3', { id: 'fb-recognition-title' }, lead ? 'Praise for the team' : 'What customers said about you'),
      h('p', { class: 'muted small' }, 'In the period chosen above.'),
      recognition)));
  pane.querySelector('#page-title').focus();
  loadResults(ctx, resultsBox, lead, results.next());
  if (lead) loadRecovery(ctx, recovery, recoveryTitle);
  loadRecognition(ctx, recognition, lead, praise.next());
}

export default {
  mount(pane, ctx) { feedbackPage(pane, ctx); },
  leave() { results.drop(); praise.drop(); },
};
