// Browser test of the coach on the send path: an admin sets the team's floor on the Team
// settings page; an agent's poor reply opens a confirm dialog that says why, "Keep editing"
// (and Escape) return to the composer with the draft intact and send nothing, "Send anyway"
// sends it; a sent reply shows its coach score in the thread; notes are never held back.
// Usage: node coaching.mjs BASE_URL TICKET_ID
// Environment: CHROMIUM (default /usr/bin/chromium).
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base, ticketId] = process.argv.slice(2);
const PASSWORD = 'correct horse battery';
const POOR = "Calm down. As I already said, that's not possible. You should have read the policy.";
const GOOD = "Hi Lena, I'm so sorry your order has not arrived, that is really upsetting. I will check with the courier today and email you by 5pm with an update. Thank you for your patience.";

const browser = await launch();

async function signIn(email) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  ctx.setDefaultTimeout(8000);
  const page = await ctx.newPage();
  watch(page);
  await signInAt(page, base + '/', email, PASSWORD);
  await page.waitForSelector('#views');
  return page;
}

// The ticket as the signed-in page's session sees it through the API.
async function ticket(page) {
  return page.evaluate(async (id) => (await fetch('/api/tickets/' + id)).json(), ticketId);
}

async function openTicket(page) {
  await page.goto(base + '/tickets/' + (await ticket(page)).number); // addresses name the number
  await page.waitForSelector('#reply');
}

await test('an agent has no Team settings; an admin sets the floor there', async () => {
  const agent = await signIn('maya@example.com');
  expect(await agent.locator('#nav-settings').count() === 0, 'no Team settings link for an agent');
  await agent.context().close();

  const admin = await signIn('admin@example.com');
  await admin.click('#nav-settings');
  await admin.waitForSelector('#coach-floor');
  expect(new URL(admin.url()).pathname === '/settings', 'the address is /settings: ' + admin.url());
  expect(await admin.getAttribute('#nav-settings', 'aria-current') === 'page', 'Team settings is the current page');
  expect(await admin.inputValue('#coach-floor') === '0', 'off at first: ' + await admin.inputValue('#coach-floor'));
  expect(await admin.evaluate(() => document.querySelector('#coach-floor').labels.length === 1), 'the field has a label');
  await admin.fill('#coach-floor', '60');
  const saved = admin.waitForResponse((r) => r.url().endsWith('/api/settings/coach') && r.request().method() === 'PUT');
  await admin.click('#coach-floor-save');
  expect((await saved).status() === 200, 'PUT answered 200');
  const now = await admin.evaluate(async () => (await fetch('/api/settings/coach')).json());
  expect(now.confirm_below === 60, 'the floor is stored: ' + JSON.stringify(now));
  await admin.reload();
  await admin.waitForSelector('#coach-floor');
  expect(await admin.inputValue('#coach-floor') === '60', 'the page shows the stored floor');
  await admin.context().close();
});

await test('a poor reply opens the confirm dialog; Escape and "Keep editing" keep the draft and send nothing', async () => {
  const agent = await signIn('maya@example.com');
  await openTicket(agent);
  const before = (await ticket(agent)).messages.length;
  await agent.fill('#reply', POOR);
  const held = agent.waitForResponse((r) => r.url().endsWith('/api/tickets/' + ticketId + '/messages'));
  await agent.click('#send');
  expect((await held).status() === 409, 'the server holds the reply');
  await agent.waitForSelector('[role=alertdialog]');
  const dialog = agent.locator('[role=alertdialog]');
  expect(await dialog.getAttribute('aria-modal') === 'true', 'the dialog is modal');
  expect(await agent.evaluate(() => document.querySelector('[role=alertdialog]').contains(document.activeElement)), 'focus moved into the dialog');
  expect(await agent.evaluate(() => document.activeElement.id) === 'confirm-keep', 'the safe choice has the focus');
  const why = await agent.textContent('#confirm-why');
  expect(/scores \d+ out of 100, below your team's floor of 60/.test(why), 'it says the score and the floor: ' + why);
  const reasons = await agent.$$eval('#confirm-reasons li', (li) => li.map((x) => x.textContent));
  expect(reasons.some((r) => r.includes('dismissive')) && reasons.some((r) => r.includes('blames the customer')), 'plain reasons: ' + reasons.join(' | '));
  expect(await agent.locator('#confirm-send').textContent() === 'Send anyway', 'a Send anyway button');
  expect(await agent.locator('#confirm-keep').textContent() === 'Keep editing', 'a Keep editing button');

  await agent.keyboard.press('Escape');
  await agent.waitForSelector('[role=alertdialog]', { state: 'detached' });
  expect(await agent.evaluate(() => document.activeElement.id) === 'reply', 'Escape returns to the composer');
  expect(await agent.inputValue('#reply') === POOR, 'the draft is intact after Escape');

  await agent.click('#send');
  await agent.waitForSelector('[role=alertdialog]');
  await agent.click('#confirm-keep');
  await agent.waitForSelector('[role=alertdialog]', { state: 'detached' });
  expect(await agent.evaluate(() => document.activeElement.id) === 'reply', 'Keep editing returns to the composer');
  expect(await agent.inputValue('#reply') === POOR, 'the draft is intact after Keep editing');
  expect((await ticket(agent)).messages.length === before, 'nothing was sent');
  await agent.context().close();
});

await test('"Send anyway" sends the reply, and the thread shows its coach score', async () => {
  const agent = await signIn('maya@example.com');
  await openTicket(agent);
  const before = (await ticket(agent)).messages.length;
  await agent.fill('#reply', POOR);
  await agent.click('#send');
  await agent.waitForSelector('[role=alertdialog]');
  const score = Number(await agent.textContent('#confirm-score'));
  const sent = agent.waitForResponse((r) => r.url().endsWith('/messages') && r.status() === 201);
  await agent.click('#confirm-send');
  const body = JSON.parse((await sent).request().postData());
  expect(body.confirm === true && body.body === POOR, 'sent again with confirm: ' + JSON.stringify(body));
  await agent.waitForFunction(() => document.querySelector('#reply').value === '');
  const t = await ticket(agent);
  expect(t.messages.length === before + 1, 'one message more');
  const m = t.messages[t.messages.length - 1];
  expect(m.body === POOR && m.coaching.confirmed === true && m.coaching.score === score, 'stored, confirmed: ' + JSON.stringify(m.coaching));
  const badge = agent.locator('#messages article[data-id="' + m.id + '"] .badge.coach-score');
  await badge.waitFor();
  expect((await badge.getAttribute('data-score')) === String(score), 'the badge shows the stored score');
  expect((await badge.getAttribute('title')).includes('below the team\'s floor of 60'), 'the badge says it was sent below the floor');
  expect(await badge.evaluate((el) => el.classList.contains('poor')), 'a poor score looks poor');
  await agent.context().close();
});

await test('a good reply and a poor internal note go straight out', async () => {
  const agent = await signIn('maya@example.com');
  await openTicket(agent);
  const before = (await ticket(agent)).messages.length;
  await agent.fill('#reply', GOOD);
  await agent.click('#send');
  await agent.waitForFunction(() => document.querySelector('#reply').value === '');
  expect(await agent.locator('[role=alertdialog]').count() === 0, 'no dialog for a good reply');
  await agent.click('.modes [data-mode=internal]');
  await agent.fill('#reply', POOR);
  await agent.click('#send');
  await agent.waitForFunction(() => document.querySelector('#reply').value === '');
  expect(await agent.locator('[role=alertdialog]').count() === 0, 'no dialog for a note');
  const t = await ticket(agent);
  expect(t.messages.length === before + 2, 'both were sent');
  const [good, note] = t.messages.slice(-2);
  expect(good.coaching && good.coaching.score >= 60 && !good.coaching.confirmed, 'the good reply: ' + JSON.stringify(good.coaching));
  expect(note.visibility === 'internal' && note.coaching === null, 'the note has no verdict');
  await agent.locator('#messages article[data-id="' + good.id + '"] .badge.coach-score.good').waitFor();
  expect(await agent.locator('#messages article[data-id="' + note.id + '"] .badge.coach-score').count() === 0, 'no score on a note');
  await agent.context().close();
});

await test('the customer sees the replies in the portal without any score', async () => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  watch(page);
  await signInAt(page, base + '/portal', 'lena@example.com', PASSWORD);
  const t = await page.evaluate(async (id) => {
    for (let i = 0; i < 50; i++) {
      const r = await fetch('/api/tickets/' + id);
      if (r.ok) return r.text();
      await new Promise((ok) => setTimeout(ok, 100));
    }
    return '';
  }, ticketId);
  expect(t.includes('Calm down') && !t.includes('coaching') && !t.includes('"rubric"'), 'the portal\'s ticket has the reply and no verdict');
  await page.context().close();
});

await finish(browser);
