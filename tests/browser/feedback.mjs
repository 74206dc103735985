// Browser test of the Feedback page on the demo's data: a lead sees every agent's survey
// figures as the API counts them, closes a recovery task and sees the praise; an agent sees
// only their own. Usage: node feedback.mjs BASE_URL
// Environment: CHROMIUM (default /usr/bin/chromium).
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base] = process.argv.slice(2);
const PASSWORD = 'attune-demo';

// The page's formats: averages with two decimals, shares and NPS with one, "—" without answers.
const avg = (v) => (v === null ? '—' : v.toFixed(2));
const pct = (v) => (v === null ? '—' : v.toFixed(1) + '%');
const nps = (v) => (v === null ? '—' : (v > 0 ? '+' : '') + v.toFixed(1));
const cells = (g) => ({
  sent: String(g.sent), answered: String(g.answered), response_rate: pct(g.response_rate),
  csat: avg(g.csat.average), satisfied: pct(g.csat.satisfied_pct), understood: avg(g.understood.average),
  understood_pct: pct(g.understood.understood_pct), effort: avg(g.effort.average), nps: nps(g.nps.score),
});

const browser = await launch();

async function signIn(email, viewport) {
  const ctx = await browser.newContext({ viewport: viewport || { width: 1400, height: 900 } });
  ctx.setDefaultTimeout(8000);
  const page = await ctx.newPage();
  watch(page);
  await signInAt(page, base + '/', email, PASSWORD);
  await page.waitForSelector('#nav-feedback');
  return page;
}

// Opens Feedback from the navigation and returns the results the page asked the API for.
async function openFeedback(page) {
  const answer = page.waitForResponse((r) => r.url().includes('/api/surveys/results'));
  await page.click('#nav-feedback');
  const r = await answer;
  expect(r.status() === 200, 'results: HTTP ' + r.status());
  expect(new URL(page.url()).pathname === '/feedback', 'the address is /feedback: ' + page.url());
  expect(await page.getAttribute('#nav-feedback', 'aria-current') === 'page', 'Feedback is the current page');
  return { url: r.url(), body: await r.json() };
}

async function tableRows(page) {
  return page.$$eval('#fb-table tbody tr, #fb-table tfoot tr', (rows) => rows.map((tr) => ({
    head: tr.querySelector('th').textContent,
    total: tr.classList.contains('total'),
    cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.col, td.textContent])),
  })));
}

function sameTable(rows, r) {
  expect(rows.length === r.groups.length + 1, 'one row per agent and a total: ' + rows.length + ' for ' + r.groups.length);
  r.groups.forEach((g, i) => {
    expect(rows[i].head === g.label && !rows[i].total, 'row ' + i + ' is ' + g.label + ': ' + rows[i].head);
    expect(JSON.stringify(rows[i].cells) === JSON.stringify(cells(g)),
      g.label + ': ' + JSON.stringify(rows[i].cells) + ' vs ' + JSON.stringify(cells(g)));
  });
  const t = rows[rows.length - 1];
  expect(t.total && t.head === 'All agents', 'the total row comes last');
  expect(JSON.stringify(t.cells) === JSON.stringify(cells(r.total)), 'total: ' + JSON.stringify(t.cells) + ' vs ' + JSON.stringify(cells(r.total)));
}

let mayaId = 0;
let leadView = null;

await test('a lead sees every agent\'s figures as the API counts them, for the period chosen', async () => {
  const page = await signIn('lead@demo.attune');
  const { url, body: r } = await openFeedback(page);
  await page.waitForSelector('#fb-table');
  // the last 30 days by default, grouped by agent
  const from = Number(new URL(url).searchParams.get('from'));
  expect(new URL(url).searchParams.get('group') === 'agent', 'grouped by agent: ' + url);
  expect(Math.abs(Date.now() - 30 * 86400000 - from) < 60000, 'the last 30 days: ' + url);
  // the demo's data: several agents, about half the surveys answered, real averages
  expect(r.groups.length >= 3, 'agents with figures: ' + r.groups.length);
  expect(r.total.sent >= 50 && r.total.answered > 0 && r.total.answered < r.total.sent, 'totals: ' + JSON.stringify(r.total));
  expect(r.total.csat.average >= 1 && r.total.csat.average <= 5, 'a CSAT average: ' + r.total.csat.average);
  expect(await page.textContent('#fb-table caption') === 'Survey results by agent, last 30 days', 'caption');
  const heads = await page.$$eval('#fb-table thead th', (ths) => ths.map((th) => th.getAttribute('scope') + ':' + th.textContent));
  expect(heads.length === 10 && heads.every((x) => x.startsWith('col:')), 'column headers: ' + heads);
  sameTable(await tableRows(page), r);
  // the same figures from the API itself
  const again = await page.evaluate(async (u) => (await fetch(u)).json(), url);
  expect(JSON.stringify(again.total) === JSON.stringify(r.total), 'the API agrees with itself');
  const maya = r.groups.find((g) => g.label === 'Maya Lindqvist');
  expect(maya && maya.answered > 0, 'Maya has answers');
  mayaId = Number(maya.key);
  leadView = { from, maya };

  // a shorter period asks again and shows fewer surveys
  const week = page.waitForResponse((x) => x.url().includes('/api/surveys/results'));
  await page.selectOption('#fb-period', '7');
  const w = await (await week).json();
  await page.waitForFunction(() => document.querySelector('#fb-table caption')?.textContent.endsWith('last 7 days') ||
    document.querySelector('#fb-results-empty'));
  expect(w.total.sent < r.total.sent, 'fewer surveys in 7 days than in 30: ' + w.total.sent + ' / ' + r.total.sent);
  if (w.total.sent) sameTable(await tableRows(page), w);
  await page.selectOption('#fb-period', '30');
  await page.waitForFunction(() => document.querySelector('#fb-table caption')?.textContent.endsWith('last 30 days'));

  // every control has a label
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
  expect(unlabelled.length === 0, 'unlabelled controls: ' + unlabelled.join(' | '));
  await page.context().close();
});

await test('a lead marks a recovery task done with a note, and it leaves the list', async () => {
  const page = await signIn('lead@demo.attune');
  await openFeedback(page);
  await page.waitForSelector('#fb-recovery li.recovery');
  const tasks = (await page.evaluate(async () => (await fetch('/api/recovery')).json())).tasks;
  expect(tasks.length >= 1, 'the demo has open recovery tasks');
  const shown = await page.$$eval('#fb-recovery li.recovery', (lis) => lis.map((li) => Number(li.dataset.task)));
  expect(JSON.stringify(shown) === JSON.stringify(tasks.map((t) => t.id)), 'every open task, oldest first: ' + shown);
  expect(await page.textContent('#fb-recovery-title') === 'Recovery tasks (' + tasks.length + ' open)', 'the count');
  const t = tasks[0];
  const li = page.locator('li.recovery[data-task="' + t.id + '"]');
  const link = li.locator('.recovery-head a');
  expect(await link.textContent() === '#' + t.ticket_number + ' ' + t.subject, 'the ticket link');
  expect(await link.getAttribute('href') === '/tickets/' + t.ticket_number, 'the link opens the ticket by its number');
  expect((await li.textContent()).includes(t.customer_name), 'the customer');
  expect((await li.textContent()).includes('CSAT ' + t.csat + '/5'), 'the scores');
  if (t.comment) expect(await li.locator('blockquote').textContent() === t.comment, 'the comment');

  // the note is asked for in a labelled form, and an empty one is refused
  await li.locator('button.mark-done').click();
  const note = li.locator('textarea');
  await note.waitFor();
  expect(await note.evaluate((el) => document.activeElement === el && el.labels[0].textContent === 'What did you do for the customer?'),
    'the note field has the focus and a label');
  await li.locator('button[type=submit]').click();
  await li.locator('.error:has-text("Write what you did")').waitFor();
  await note.fill('Called them, apologised and set it right.');
  await li.locator('button[type=submit]').click();
  await li.waitFor({ state: 'detached' });
  expect(await page.textContent('#fb-recovery-title') === (tasks.length > 1 ? 'Recovery tasks (' + (tasks.length - 1) + ' open)' : 'Recovery tasks'),
    'the count went down');
  const after = (await page.evaluate(async () => (await fetch('/api/recovery')).json())).tasks;
  expect(after.length === tasks.length - 1 && !after.some((x) => x.id === t.id), 'the task is closed on the server');
  const ticket = await page.evaluate(async (id) => (await fetch('/api/tickets/' + id)).json(), t.ticket_id);
  const closed = ticket.status === 'closed';
  expect(closed || ticket.messages.some((m) => m.body === 'Recovery done: Called them, apologised and set it right.'),
    'the note is on the ticket');
  // after a reload the task stays gone
  await page.reload();
  await page.waitForSelector('#fb-recovery li.recovery, #fb-recovery-empty');
  expect(await page.locator('li.recovery[data-task="' + t.id + '"]').count() === 0, 'gone after a reload');
  await page.context().close();
});

await test('a lead sees the praise kept for each agent in the period', async () => {
  const page = await signIn('lead@demo.attune');
  const praise = page.waitForResponse((r) => r.url().includes('/api/recognition'));
  await openFeedback(page);
  const asked = await praise;
  const from = Number(new URL(asked.url()).searchParams.get('from'));
  expect(Math.abs(Date.now() - 30 * 24 * 3600 * 1000 - from) < 60000, 'the praise of the last 30 days: ' + asked.url());
  await page.waitForSelector('#fb-recognition .praise-agent');
  const all = (await asked.json()).recognition;
  expect(all.length >= 2, 'the demo has praise');
  expect(all.every((x) => Date.parse(x.created_at) >= from), 'none from before the period');
  const ever = (await page.evaluate(async () => (await fetch('/api/recognition')).json())).recognition;
  expect(ever.length >= all.length, 'all of it is at least as much: ' + ever.length);
  const shown = await page.$$eval('#fb-recognition .praise-agent', (ss) => ss.map((s) => ({
    agent: Number(s.dataset.agent), comments: [...s.querySelectorAll('blockquote')].map((b) => b.textContent) })));
  for (const s of shown) {
    const want = all.filter((x) => x.agent_id === s.agent).map((x) => x.comment);
    expect(JSON.stringify(s.comments) === JSON.stringify(want), 'praise for ' + s.agent + ': ' + s.comments.length + ' vs ' + want.length);
  }
  expect(shown.reduce((n, s) => n + s.comments.length, 0) === all.length, 'every comment is shown once');
  // another period asks again, and shows what the API gives for it
  const again = page.waitForResponse((r) => r.url().includes('/api/recognition'));
  await page.selectOption('#fb-period', '7');
  const week = await again;
  const from7 = Number(new URL(week.url()).searchParams.get('from'));
  expect(Math.abs(Date.now() - 7 * 24 * 3600 * 1000 - from7) < 60000, 'the last 7 days: ' + week.url());
  const weekAll = (await week.json()).recognition;
  await page.waitForFunction((n) => document.querySelectorAll('#fb-recognition blockquote').length === n ||
    (n === 0 && document.querySelector('#fb-recognition-empty')), weekAll.length);
  expect(weekAll.length <= all.length, 'a week holds no more than a month');
  await page.selectOption('#fb-period', '30');
  await page.context().close();
});

await test('an agent sees only their own figures and what customers said about them', async () => {
  const page = await signIn('maya@demo.attune');
  const { body: r } = await openFeedback(page);
  await page.waitForSelector('#fb-figures');
  expect(await page.textContent('#page-title') === 'Your feedback', 'the title');
  // the API answers for Maya alone, and the page shows just that
  expect(r.groups.length === 1 && Number(r.groups[0].key) === mayaId, 'only her group: ' + JSON.stringify(r.groups.map((g) => g.key)));
  const m = leadView.maya;
  expect(r.total.sent === m.sent && r.total.answered === m.answered && r.total.csat.average === m.csat.average,
    'the same figures the lead sees for her: ' + JSON.stringify(r.total) + ' vs ' + JSON.stringify(m));
  const fig = async (id) => (await page.textContent('#fb-fig-' + id)).trim();
  expect(await fig('answered') === m.answered + ' of ' + m.sent, 'answered: ' + await fig('answered'));
  expect(await fig('answered-detail') === pct(m.response_rate) + ' response rate', 'response rate');
  expect(await fig('csat') === avg(m.csat.average), 'csat: ' + await fig('csat'));
  expect(await fig('csat-detail') === pct(m.csat.satisfied_pct) + ' satisfied', 'satisfied');
  expect(await fig('understood') === avg(m.understood.average), 'understood');
  expect(await fig('effort') === avg(m.effort.average), 'effort');
  expect(await fig('nps') === nps(m.nps.score), 'nps');
  // no one else's figures, no recovery tasks
  expect(await page.locator('#fb-table').count() === 0, 'no table of every agent');
  expect(await page.locator('#fb-recovery-title').count() === 0, 'no recovery tasks');
  for (const other of ['Tomás Rivera', 'Aiko Tanaka', 'Jonas Berg']) {
    expect(!(await page.textContent('main')).includes(other), 'nothing about ' + other);
  }
  // her praise, and only hers
  expect(await page.textContent('#fb-recognition-title') === 'What customers said about you', 'the praise heading');
  const mine = (await page.evaluate(async (id) => (await fetch('/api/recognition?agent_id=' + id + '&from=' + (Date.now() - 30 * 24 * 3600 * 1000))).json(), mayaId)).recognition;
  expect(mine.length >= 1 && mine.every((x) => x.agent_id === mayaId), 'the demo has praise for Maya');
  await page.waitForSelector('#fb-recognition blockquote');
  const quotes = await page.$$eval('#fb-recognition blockquote', (bs) => bs.map((b) => b.textContent));
  expect(JSON.stringify(quotes) === JSON.stringify(mine.map((x) => x.comment)), 'her praise: ' + quotes.length + ' vs ' + mine.length);
  // asking for another agent's figures is refused
  const other = await page.evaluate(async (id) => (await fetch('/api/surveys/results?agent_id=' + id)).status, mayaId + 1);
  expect(other === 403, 'another agent\'s figures: ' + other);
  await page.context().close();
});

await test('on a phone the page fits the width and the table scrolls inside itself', async () => {
  const page = await signIn('lead@demo.attune', { width: 375, height: 740 });
  await page.goto(base + '/feedback');
  await page.waitForSelector('#fb-table');
  await page.waitForSelector('#fb-recovery li.recovery, #fb-recovery-empty');
  expect(await page.isVisible('a.back'), 'the way back to the queue');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling');
  await page.context().close();
});

await finish(browser);
