// Browser test of two agents on one ticket, on the demo's data: each sees that the other is
// viewing it and when the other is writing; a colleague's reply and a customer's message show
// up on the open ticket at once from the live stream (the catch-up poll is 20 s away); a reply
// that lands while a draft is open is said beside the draft; leaving takes the chip away.
// Usage: node together.mjs BASE_URL
// Environment: CHROMIUM (default /usr/bin/chromium).
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base] = process.argv.slice(2);
const PASSWORD = 'attune-demo';
const SOON = 4000; // at once, for a person; well inside the 20 s poll

const browser = await launch();

async function signIn(email, portal, prepare) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  ctx.setDefaultTimeout(8000);
  if (prepare) await prepare(ctx);
  const page = await ctx.newPage();
  watch(page);
  await signInAt(page, base + (portal ? '/portal' : '/'), email, PASSWORD);
  await page.waitForFunction(() => !document.querySelector('#password'));
  if (!portal) await page.waitForSelector('#queue');
  const me = await page.evaluate(async () => (await (await fetch('/api/me')).json()));
  return { page, me: me.user, csrf: me.csrf };
}

// A write as the page's own session, as its scripts would make it.
function call(who, method, path, body) {
  return who.page.evaluate(async ([m, p, b, csrf]) => {
    const r = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(b) });
    return { status: r.status, body: await r.json() };
  }, [method, path, body, who.csrf]);
}

const maya = await signIn('maya@demo.attune');
const aiko = await signIn('aiko@demo.attune');
const lena = await signIn('lena@demo.attune', true);
const tickets = await lena.page.evaluate(async () => (await (await fetch('/api/tickets?limit=20')).json()).tickets);
const ticket = tickets.find((t) => t.status === 'open' || t.status === 'new') || tickets[0];
const chips = (who) => who.page.$$eval('#presence .presence-chip', (els) => els.map((e) => e.textContent.trim()));

await test('two agents on one ticket each see the other viewing it', async () => {
  await maya.page.goto(base + '/tickets/' + ticket.number);
  await maya.page.waitForSelector('#reply');
  await aiko.page.goto(base + '/tickets/' + ticket.number);
  await aiko.page.waitForSelector('#reply');
  await maya.page.waitForFunction((n) => [...document.querySelectorAll('#presence .presence-chip')].some((e) => e.textContent.includes(n + ' is viewing')),
    aiko.me.name, { timeout: SOON });
  // the one who came first hears of it too, without waiting for the next beat
  await aiko.page.waitForFunction((n) => [...document.querySelectorAll('#presence .presence-chip')].some((e) => e.textContent.includes(n + ' is viewing')),
    maya.me.name, { timeout: SOON });
  expect((await chips(maya)).length === 1, 'one colleague: ' + (await chips(maya)));
});

await test('typing a draft shows the colleague as writing, in words', async () => {
  await aiko.page.fill('#reply', 'Hi, I am looking into the invite button now.');
  await aiko.page.type('#reply', ' ');
  await maya.page.waitForSelector('#presence .presence-chip.writing', { timeout: SOON });
  const said = await chips(maya);
  expect(said.some((c) => c.endsWith('is writing a reply')), 'writing chip: ' + said);
});

await test('a colleague\'s reply appears at once, and the open draft is warned', async () => {
  await maya.page.fill('#reply', 'Hello Lena, let me check this for you.');
  await maya.page.type('#reply', ' ');
  const before = await maya.page.$$eval('#messages .msg', (els) => els.length);
  await aiko.page.click('#send');
  await aiko.page.waitForFunction(() => !document.querySelector('#reply').value, null, { timeout: SOON }).catch(async () => {
    // below the team's floor: the confirm asks, and sending anyway is fine here
    await aiko.page.click('#confirm-send');
  });
  await maya.page.waitForFunction((n) => document.querySelectorAll('#messages .msg').length > n, before, { timeout: SOON });
  await maya.page.waitForSelector('#collision', { timeout: SOON });
  const note = await maya.page.textContent('#collision');
  expect(note.includes('has just replied'), 'collision: ' + note);
  expect(await maya.page.inputValue('#reply') === 'Hello Lena, let me check this for you. ', 'the draft is kept');
  await maya.page.waitForFunction(() => !document.querySelector('#presence .presence-chip.writing'), null, { timeout: SOON });
});

await test('a customer\'s message shows on the open ticket and in the queue at once', async () => {
  const r = await call(lena, 'POST', '/api/tickets/' + ticket.id + '/messages', { body: 'Thank you, I will try that this afternoon.' });
  expect(r.status === 201, 'customer message: ' + JSON.stringify(r));
  await maya.page.waitForFunction(() => [...document.querySelectorAll('#messages .msg')].some((e) => e.textContent.includes('try that this afternoon')),
    null, { timeout: SOON });
});

await test('leaving the ticket for another page takes the chip away', async () => {
  await aiko.page.click('#nav-feedback');
  await maya.page.waitForFunction(() => !document.querySelector('#presence .presence-chip'), null, { timeout: SOON });
  expect(await maya.page.isHidden('#presence'), 'the empty presence line is hidden');
});

await test('a customer reading the request in the portal sees the reply at once', async () => {
  await lena.page.goto(base + '/portal/tickets/' + ticket.number);
  await lena.page.waitForSelector('#thread');
  await lena.page.waitForTimeout(4500); // past the first poll: from here on it is 30 s away
  const r = await call(aiko, 'POST', '/api/tickets/' + ticket.id + '/messages',
    { body: 'Hi Lena, the Invite button is under Settings, then Team. I am sorry it was hard to find.', visibility: 'public', confirm: true });
  expect(r.status === 201, 'reply: ' + JSON.stringify(r));
  await lena.page.waitForFunction(() => document.querySelector('#thread').textContent.includes('under Settings, then Team'), null, { timeout: SOON });
});

await test('the tab title counts my open tickets, as the views do', async () => {
  const views = await maya.page.evaluate(async () => (await (await fetch('/api/views')).json()).views);
  const mine = views.find((v) => v.name === 'mine').count;
  await maya.page.waitForFunction((n) => document.title.startsWith('(' + n + ') '), mine, { timeout: SOON });
});

await test('a new ticket shows a desktop notification while the tab is in the background', async () => {
  const jonas = await signIn('jonas@demo.attune', false, async (ctx) => {
    await ctx.grantPermissions(['notifications'], { origin: base });
    await ctx.addInitScript(() => {
      const Real = window.Notification;
      window.__notes = [];
      window.Notification = class extends Real {
        constructor(title, opts) { super(title, opts); window.__notes.push(title); }
      };
      Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
      window.Notification.requestPermission = () => Real.requestPermission();
    });
  });
  await jonas.page.click('#notify');
  expect(await jonas.page.getAttribute('#notify', 'aria-pressed') === 'true', 'notifications on');
  // the tab goes to the background
  await jonas.page.evaluate(() => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }); });
  const r = await call(lena, 'POST', '/api/tickets', { subject: 'Cannot export my invoices', body: 'The export button does nothing at all.' });
  expect(r.status === 201, 'new ticket: ' + JSON.stringify(r));
  await jonas.page.waitForFunction((n) => window.__notes.some((t) => t.includes('#' + n)), r.body.number, { timeout: SOON });
  const notes = await jonas.page.evaluate(() => window.__notes);
  expect(notes.length === 1 && notes[0].startsWith('New ticket #'), 'one notification: ' + JSON.stringify(notes));
  await jonas.page.context().close();
});

await test('with outbound mail off, staff are told, and a reply says it waits in the outbox', async () => {
  const page = aiko.page;
  await page.goto(base + '/tickets/' + ticket.number);
  await page.waitForSelector('#reply');
  const banner = await page.textContent('#mail-off');
  expect(banner.includes('Outbound mail is off') && /outbox \(\d+ waits?\)/.test(banner), 'banner: ' + banner);
  const before = Number(banner.match(/outbox \((\d+)/)[1]);
  await page.waitForSelector('#mail-off-note', { timeout: SOON }).catch(() => {});
  expect(await page.isVisible('#mail-off-note'), 'the composer says where a reply goes');
  await page.click('.modes [data-mode=internal]');
  expect(await page.isHidden('#mail-off-note'), 'a note is not mail: no warning');
  await page.click('.modes [data-mode=public]');
  await page.fill('#reply', 'Hi Lena, thank you for your patience. The Invite button is under Settings, then Team.');
  await page.click('#send');
  await page.waitForSelector('.toast', { timeout: SOON });
  const said = await page.textContent('.toast');
  expect(said.includes('waits in the outbox'), 'toast: ' + said);
  await page.waitForFunction((n) => (document.querySelector('#mail-off')?.textContent || '').includes('outbox (' + (n + 1)), before, { timeout: SOON });
  // the layout still fits the window: the send button is on screen
  const box = await page.locator('#send').boundingBox();
  expect(box && box.y + box.height <= 900, 'send button inside the window: ' + JSON.stringify(box));
});

await test('a colleague mentioned in a note is told at once, with the way to the ticket', async () => {
  await maya.page.goto(base + '/views/open');
  await maya.page.waitForSelector('#queue-body a.row');
  const r = await call(aiko, 'POST', '/api/tickets/' + ticket.id + '/messages',
    { body: '@' + maya.me.name + ' could you take this one? I am off tomorrow.', visibility: 'internal' });
  expect(r.status === 201, 'note: ' + JSON.stringify(r));
  await maya.page.waitForSelector('#mention-note', { timeout: SOON });
  const said = await maya.page.textContent('#mention-note');
  expect(said.includes(aiko.me.name + ' mentioned you on #' + ticket.number), 'said: ' + said);
  await maya.page.click('#mention-note a');
  await maya.page.waitForSelector('#ticket-subject');
  expect(new URL(maya.page.url()).pathname === '/tickets/' + ticket.number, 'opened: ' + maya.page.url());
  // the one who wrote it is not told of their own mention
  expect(!(await aiko.page.$('#mention-note')), 'no note for the author');
});

await test('without the stream, changes still arrive by the poll', async () => {
  const page = maya.page;
  await page.route('**/api/events', (route) => route.abort());
  await page.reload();
  await page.waitForSelector('#reply');
  const r = await call(lena, 'POST', '/api/tickets/' + ticket.id + '/messages', { body: 'One more thing: the invoice address changed.' });
  expect(r.status === 201, 'customer message: ' + JSON.stringify(r));
  await page.waitForFunction(() => [...document.querySelectorAll('#messages .msg')].some((e) => e.textContent.includes('invoice address changed')),
    null, { timeout: 8000 });
  expect(!(await page.$('#offline')), 'no offline notice while the server answers');
});

await finish(browser);
