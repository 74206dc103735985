// Browser tests: the agent console and the customer portal in headless Chromium,
// against the real server. Usage: node flow.mjs BASE_URL SCREENSHOT_DIR(optional)
import { chromium } from 'playwright-core';

const base = process.argv[2];
const shots = process.argv[3] || '';
const results = [];
const PASSWORD = 'correct horse battery';

async function test(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log('ok   ' + name);
  } catch (e) {
    results.push([name, false]);
    console.log('FAIL ' + name + '\n     ' + String(e.stack || e).split('\n').slice(0, 4).join('\n     '));
  }
}

function expect(cond, msg) { if (!cond) throw new Error(msg); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--no-first-run'],
});
const agentCtx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const customerCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
const agent = await agentCtx.newPage();
const customer = await customerCtx.newPage();
const errors = [];
for (const p of [agent, customer]) {
  p.on('pageerror', (e) => errors.push(String(e)));
  // answers like 401 before sign-in are expected; script errors are not
  p.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
}

async function signIn(page, url, email) {
  await page.goto(base + url);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
}

await test('security headers and a strict CSP on the app', async () => {
  const r = await agent.goto(base + '/');
  const csp = r.headers()['content-security-policy'] || '';
  expect(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), 'strict CSP: ' + csp);
  expect(r.headers()['x-content-type-options'] === 'nosniff', 'nosniff');
});

await test('an agent signs in and sees the queue with counts', async () => {
  await signIn(agent, '/', 'maya@example.com');
  await agent.waitForSelector('#queue li button');
  const views = await agent.textContent('#views');
  expect(/All open\s*\d+/.test(views), 'view counts: ' + views);
  expect((await agent.textContent('#queue')).includes('Charged twice'), 'the ticket is in the queue');
});

await test('the ticket shows the customer and the emotion, with evidence on demand', async () => {
  await agent.click('#queue button:has-text("Charged twice")');
  await agent.waitForSelector('#messages .badge.emotion');
  expect((await agent.textContent('aside.customer')).includes('Lena'), 'customer panel');
  await agent.click('#toggle-evidence');
  await agent.waitForSelector('#messages mark');
  expect(await agent.locator('#messages mark').count() > 0, 'evidence highlighted');
  if (shots) await agent.screenshot({ path: shots + '/console.png' });
});

await test('the coach flags a dismissive draft and a suggestion applies with one click', async () => {
  await agent.fill('#reply', "calm down, as I already said that's our policy");
  await agent.waitForSelector('#coach-flags');
  const flags = await agent.textContent('#coach-flags');
  expect(flags.includes('dismissive') && flags.includes('policy'), 'flagged: ' + flags);
  expect(!(await agent.textContent('#coach')).includes('null'), 'no stray text in the coach');
  const suggestion = await agent.textContent('#suggestions q >> nth=0');
  await agent.click('#suggestions button >> nth=0');
  await agent.waitForFunction((text) => document.querySelector('#reply').value.includes(text), suggestion);
  const draft = await agent.inputValue('#reply');
  expect(!draft.startsWith('calm down'), 'the draft changed: ' + draft);
  await agent.waitForFunction((text) => document.querySelector('#preview') &&
    document.querySelector('#preview').textContent.includes(text), suggestion);
  if (shots) await agent.screenshot({ path: shots + '/coach.png' });
  await agent.fill('#reply', 'Hi Lena, I am so sorry about the double charge. I have refunded it today and I will check on Friday that it arrived.');
  await agent.click('#send');
  await agent.waitForSelector('#messages .msg.staff:has-text("refunded it today")');
});

await test('the customer sees the reply in the portal and answers', async () => {
  await signIn(customer, '/portal', 'lena@example.com');
  await customer.click('a:has-text("Charged twice")');
  await customer.waitForSelector('text=refunded it today');
  expect(await customer.locator('text=internal').count() === 0, 'no internal notes');
  await customer.fill('#answer', 'Thank you so much, I can see it now!');
  await customer.click('button:has-text("Send")');
  await customer.waitForSelector('text=I can see it now');
  if (shots) await customer.screenshot({ path: shots + '/portal.png', fullPage: true });
});

await test('the agent sees the answer arrive without reloading', async () => {
  await agent.waitForSelector('#messages >> text=I can see it now', { timeout: 10000 });
});

await test('a script in a subject or a body renders as text', async () => {
  await agent.goto(base + '/');
  await agent.click('#queue button:has-text("img src")');
  await agent.waitForSelector('#ticket-subject');
  const subject = await agent.textContent('#ticket-subject');
  expect(subject.includes('<img src=x onerror='), 'shown as text: ' + subject);
  expect(await agent.evaluate(() => window.__xss === undefined), 'no script ran');
  expect(await agent.locator('#messages a[href^="javascript:"]').count() === 0, 'no javascript: links');
  expect((await agent.textContent('#messages')).includes('<script>'), 'body shown as text');
});

await test('keyboard only: next ticket, reply, send', async () => {
  const page = await agentCtx.newPage();
  await page.goto(base + '/');
  await page.waitForSelector('#queue li button');
  await page.keyboard.press('j');
  await page.waitForSelector('#ticket-subject');
  await page.keyboard.press('r');
  expect(await page.evaluate(() => document.activeElement.id) === 'reply', 'r focuses the reply');
  await page.keyboard.type('Thanks for your patience, I will update you by 5 pm.');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#messages >> text=update you by 5 pm');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.waitForSelector('.overlay');
  await page.keyboard.press('Escape');
  expect(await page.locator('.overlay').count() === 0, 'help closes');
  await page.close();
});

await test('a lead adds a macro; an agent searches for it and inserts it personalised', async () => {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await signIn(page, '/', 'sam@example.com');
  await page.click('#manage-macros');
  await page.fill('#macro-title', 'Refund sent');
  await page.fill('#macro-body', 'Hi {{customer.first_name}}, the refund for {{ticket.number}} is on its way.');
  await page.click('button:has-text("Save macro")');
  await page.waitForSelector('#macro-admin >> text=Refund sent');
  await page.close();
  await agent.goto(base + '/');
  await agent.click('#queue button:has-text("Charged twice")');
  await agent.waitForSelector('#macro');
  await agent.waitForFunction(() => document.querySelectorAll('#macro-list option').length > 0);
  await agent.fill('#macro', 'Refund sent');
  await agent.dispatchEvent('#macro', 'change');
  await agent.waitForFunction(() => document.querySelector('#reply').value.includes('Hi Lena, the refund for #1001'));
});

await test('no errors in the browser console', async () => {
  expect(errors.length === 0, errors.join('\n'));
});

await browser.close();
const passed = results.filter((r) => r[1]).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
