// Browser test of the survey behind a link: a customer on a phone answers with the keyboard,
// and the poor answer reaches the lead. Usage: node survey.mjs BASE_URL TICKET_ID TOKEN
// Environment: CHROMIUM (default /usr/bin/chromium).
import { expect, expectStrictCsp, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base, ticketId, token] = process.argv.slice(2);
const PASSWORD = 'correct horse battery';

const browser = await launch();

await test('a customer on a phone answers the survey with the keyboard; the lead sees the poor answer', async () => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true });
  phone.setDefaultTimeout(8000);
  const page = await phone.newPage();
  watch(page);
  const resp = await page.goto(base + '/survey/' + token);
  expectStrictCsp(resp.headers(), '/survey');
  await page.waitForSelector('h2:has-text("How did we do, Lena?")');
  // opening the link recorded nothing
  const before = await page.evaluate(async (t) => (await (await fetch('/api/surveys/' + t)).json()).answer, token);
  expect(before === null, 'opening the link answers nothing: ' + JSON.stringify(before));
  // every question is a group with a legend, every control has a label, nothing scrolls sideways
  const groups = await page.$$eval('fieldset', (fs) => fs.map((f) => f.querySelector('legend').textContent));
  expect(groups.length === 4 && groups[1] === 'Did you feel understood?', 'questions: ' + groups);
  const unlabelled = await page.$$eval('input, textarea', (els) => els.filter((el) => !(el.labels && el.labels.length)).length);
  expect(unlabelled === 0, unlabelled + ' controls without a label');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling');
  const box = await page.locator('label[for="sv-csat-1"] > span').boundingBox();
  expect(box.width >= 44 && box.height >= 44, 'touch targets of 44 px: ' + JSON.stringify(box));

  // keyboard only: Tab into each group, Space picks, arrows move
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight'); // csat 2
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space'); // understood 1
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight'); // effort 3
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space'); // nps 0
  await page.keyboard.press('Tab');
  await page.keyboard.type('Nobody listened to me, this was useless');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h2:has-text("Thank you, Lena!")');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
  expect(focused === 'Thank you, Lena!', 'focus moves to the thanks: ' + focused);
  const after = await page.evaluate(async (t) => (await (await fetch('/api/surveys/' + t)).json()).answer, token);
  expect(after.csat === 2 && after.understood === 1 && after.effort === 3 && after.nps === 0, 'answer: ' + JSON.stringify(after));
  // the edit link opens the form again with the answer in it
  await page.click('#sv-edit');
  expect(await page.isChecked('#sv-csat-2'), 'the form shows the answer to change');
  await phone.close();

  // the lead opens the ticket in the console and sees the note, and the task is listed
  const desk = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  desk.setDefaultTimeout(8000);
  const lead = await desk.newPage();
  watch(lead);
  await signInAt(lead, base + '/', 'sam@example.com', PASSWORD);
  await lead.waitForSelector('#queue-body');
  const number = await lead.evaluate(async (id) => (await (await fetch('/api/tickets/' + id)).json()).number, ticketId);
  await lead.goto(base + '/tickets/' + number);
  await lead.waitForSelector('text=Survey: a poor answer');
  const tasks = await lead.evaluate(async () => (await (await fetch('/api/recovery')).json()).tasks);
  expect(tasks.length === 1 && tasks[0].ticket_id === Number(ticketId) && tasks[0].customer_name === 'Lena Park',
    'recovery tasks: ' + JSON.stringify(tasks));
  await desk.close();
});

await finish(browser);
