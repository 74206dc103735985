// Browser tests: the agent console and the customer portal in headless Chromium,
// against the real server. Usage: node flow.mjs BASE_URL
// Environment: WEBTEST_BIN and WEBTEST_DB (the attune binary and database, for reset links), CHROMIUM (default /usr/bin/chromium).
import { execFileSync } from 'node:child_process';
import { expect, expectStrictCsp, finish, launch, signInAt, test, watch } from './harness.mjs';

const base = process.argv[2];
const PASSWORD = 'correct horse battery';

const browser = await launch();
const agentCtx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const customerCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
for (const c of [agentCtx, customerCtx]) c.setDefaultTimeout(8000);
const agent = await agentCtx.newPage();
const customer = await customerCtx.newPage();
watch(agent);
watch(customer);

async function signIn(page, url, email) {
  await signInAt(page, base + url, email, PASSWORD);
}

// Every form control has a name a screen reader can say.
async function unlabelled(page) {
  return page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') &&
      !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
}

async function noSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

await test('security headers and a strict CSP on the app', async () => {
  for (const path of ['/', '/portal', '/tickets/1', '/reset']) {
    const r = await agent.goto(base + path);
    const hd = r.headers();
    expectStrictCsp(hd, path);
    expect(hd['x-content-type-options'] === 'nosniff', path + ' nosniff');
  }
});

await test('an agent signs in and sees the queue with counts, sorted by need', async () => {
  await signIn(agent, '/', 'maya@example.com');
  await agent.waitForSelector('#queue-body a.row');
  const views = await agent.textContent('#views');
  expect(/All open\s*\d+/.test(views) && /Unassigned\s*\d+/.test(views), 'view counts: ' + views);
  const first = await agent.textContent('#queue-body a.row >> nth=0');
  expect(first.includes('Charged twice'), 'the urgent, upset ticket comes first: ' + first);
  expect(await agent.locator('#queue-body a.row:has-text("Charged twice") .badge.mood').count() === 1, 'mood badge in the row');
  expect((await unlabelled(agent)).length === 0, 'unlabelled controls: ' + (await unlabelled(agent)).join(' | '));
});

await test('the ticket shows the customer, the emotion, and the evidence on hover and on demand', async () => {
  await agent.click('#queue-body a.row:has-text("Charged twice")');
  await agent.waitForSelector('#messages .badge.mood.upset');
  expect(new URL(agent.url()).pathname.startsWith('/tickets/'), 'the address names the ticket: ' + agent.url());
  expect((await agent.textContent('aside.customer')).includes('Lena Park'), 'customer panel');
  expect((await agent.textContent('#messages .reading')).includes('risk'), 'risk shown');
  // the tone is the server's word for the message ("tone" beside its analysis)
  const tone = (await agent.textContent('#messages .msg.from-customer .reading .tone >> nth=0')).trim();
  expect(['negative', 'neutral', 'positive'].includes(tone), 'the tone in words: ' + tone);
  const mark = agent.locator('#messages .msg.from-customer mark.ev >> nth=0');
  const bg = () => mark.evaluate((el) => getComputedStyle(el).backgroundColor);
  // the highlight fades over a short transition: wait for where it settles rather than sample one frame
  const settles = (lit) => agent.waitForFunction((want) => {
    const c = getComputedStyle(document.querySelector('#messages .msg.from-customer mark.ev')).backgroundColor;
    return (c !== 'rgba(0, 0, 0, 0)') === want;
  }, lit, { timeout: 3000 }).then(() => true, () => false);
  await agent.mouse.move(5, 5);
  expect(await settles(false), 'evidence is quiet until asked for: ' + await bg());
  await agent.hover('#messages .msg.from-customer');
  expect(await settles(true), 'evidence highlighted on hover: ' + await bg());
  await agent.mouse.move(5, 5);
  expect(await settles(false), 'evidence quiet again after hover: ' + await bg());
  await agent.click('#toggle-evidence');
  await agent.mouse.move(5, 5);
  expect(await settles(true), 'evidence highlighted by the toggle: ' + await bg());
  expect(await agent.getAttribute('#toggle-evidence', 'aria-pressed') === 'true', 'toggle says it is on');
});

await test('a ticket is found by its number and a customer by email lists their tickets', async () => {
  const t = await agent.evaluate(async () => (await (await fetch('/api/search?q=charged')).json()).results[0]);
  // the address and the row show the number people call it by
  expect(new URL(agent.url()).pathname === '/tickets/' + t.number, 'the address names the number: ' + agent.url() + ' ' + JSON.stringify([t.id, t.number, t.subject]));
  expect((await agent.textContent('#queue-body a.row:has-text("Charged twice") .number')).trim() === '#' + t.number, 'the row shows the number');
  await agent.click('#queue-body a.row:has-text("Café crème")');
  await agent.waitForSelector('#ticket-subject:has-text("Café crème")');
  await agent.fill('#search', '#' + t.number);
  await agent.press('#search', 'Enter');
  await agent.waitForSelector('#ticket-subject:has-text("Charged twice")');
  expect(new URL(agent.url()).pathname === '/tickets/' + t.number, 'the search opened it: ' + agent.url());
  // a number that names no ticket says so
  await agent.fill('#search', '99999999');
  await agent.press('#search', 'Enter');
  await agent.waitForSelector('#queue-title:has-text("99999999")');
  // a customer's email lists their tickets as results
  const email = (await agent.textContent('aside.customer dd >> nth=0')).trim();
  await agent.fill('#search', email);
  await agent.press('#search', 'Enter');
  await agent.waitForSelector('#queue-title:has-text("' + email + '")');
  await agent.waitForSelector('#queue-body a.row:has-text("Charged twice")');
  // an address that is a number no ticket has is a plain "does not exist"
  await agent.goto(base + '/tickets/99999999');
  await agent.waitForSelector('#ticket .empty:has-text("does not exist")');
  await agent.goto(base + '/tickets/' + t.number);
  await agent.waitForSelector('#ticket-subject:has-text("Charged twice")');
  // the history is in words, with names
  const history = await agent.textContent('#events ol');
  expect(history.includes('Lena Park opened the ticket') && !/\b(reply|created|assignee): /.test(history), 'history in words: ' + history);
});

await test('evidence lands on the right words after accents and emoji', async () => {
  await agent.click('#queue-body a.row:has-text("Café crème")');
  await agent.waitForSelector('#ticket-subject:has-text("Café crème")');
  const marked = await agent.locator('#messages .msg.from-customer mark.ev').allTextContents();
  for (const w of ['😡', 'frustrated', 'angry', 'nobody']) expect(marked.includes(w), 'marked: ' + JSON.stringify(marked));
  await agent.click('#queue-body a.row:has-text("Charged twice")');
  await agent.waitForSelector('#ticket-subject:has-text("Charged twice")');
});

await test('the coach flags a dismissive draft and a suggestion applies with one click', async () => {
  await agent.fill('#reply', "calm down, as I already said that's our policy");
  await agent.waitForSelector('#coach-flags');
  expect(await agent.locator('#coach-flags li[data-item=dismissive]').count() === 1, 'dismissive flagged');
  expect(await agent.locator('#coach-flags li[data-item=policy]').count() === 1, 'policy flagged');
  expect((await agent.textContent('#coach-flags')).includes('calm down'), 'the flag quotes the words');
  // the items and mechanisms are named in the coach's own words ("labels" of POST /api/coach)
  expect((await agent.textContent('#coach-flags li[data-item=dismissive] strong')).trim() === 'Dismissive', 'the item named');
  expect((await agent.textContent('#coach-body .mechanisms')).includes('Reacts to the feeling'), 'the mechanisms named');
  expect(await agent.locator('#coach-body .mechanisms li').count() === 3, 'three mechanisms');
  expect(await agent.locator('#draft-marks mark.bad').count() >= 2, 'the words are marked in the draft');
  const suggestion = (await agent.textContent('#suggestions ins >> nth=0')).trim();
  await agent.click('#suggestions button >> nth=0');
  await agent.waitForFunction((text) => document.querySelector('#reply').value.includes(text), suggestion);
  const draft = await agent.inputValue('#reply');
  expect(!draft.startsWith('calm down'), 'the draft changed: ' + draft);
  // the coach reads the new draft: the words are no longer flagged, and the rest still is
  await agent.waitForFunction(() => document.querySelector('#coach-flags li[data-item=policy]') &&
    !document.querySelector('#coach-flags').textContent.includes('calm down'));
  await agent.fill('#reply', 'Hi Lena, I am so sorry about the double charge. I have refunded it today and I will check on Friday that it arrived.');
  await agent.waitForSelector('#coach-score');
  await agent.click('#send');
  await agent.waitForSelector('#messages .msg.from-staff:has-text("refunded it today")');
  expect(await agent.inputValue('#reply') === '', 'the composer is empty again');
});

await test('the customer sees the reply in the portal on a phone and answers', async () => {
  await signIn(customer, '/portal', 'lena@example.com');
  await customer.click('a:has-text("Charged twice")');
  await customer.waitForSelector('text=refunded it today');
  expect(await customer.locator('text=internal').count() === 0, 'no internal notes');
  expect(await noSideways(customer), 'no sideways scrolling at phone width');
  await customer.fill('#answer', 'Thank you so much, I can see it now!');
  await customer.click('#answer-form button[type=submit]');
  await customer.waitForSelector('#thread >> text=I can see it now');
});

await test('the agent sees the answer arrive without reloading, draft kept', async () => {
  await agent.fill('#reply', 'Half-written thought');
  await agent.waitForSelector('#messages >> text=I can see it now', { timeout: 10000 });
  expect(await agent.inputValue('#reply') === 'Half-written thought', 'the draft survives the update');
  await agent.fill('#reply', '');
});

await test('a request from the portal form reaches the queue live', async () => {
  await customer.click('text=All your requests');
  await customer.fill('#subject', 'Cannot log in on my phone');
  await customer.fill('#body', 'Since this morning the app says my password is wrong. I am worried I was hacked.');
  await customer.click('button:has-text("Send request")');
  await customer.waitForSelector('#subject:has-text("Cannot log in")');
  await agent.waitForSelector('#queue-body a.row:has-text("Cannot log in on my phone")', { timeout: 10000 });
});

await test('the customer sees a new reply arrive without reloading', async () => {
  await agent.click('#queue-body a.row:has-text("Cannot log in on my phone")');
  await agent.waitForSelector('#ticket-subject:has-text("Cannot log in")');
  await agent.fill('#reply', 'Hi Lena, I understand how worrying that is. I have checked and your account is safe; I will reset it for you within the hour.');
  await agent.click('#send');
  await customer.waitForSelector('#thread >> text=your account is safe', { timeout: 10000 });
});

await test('a script in a subject or a body renders as text', async () => {
  await agent.click('#queue-body a.row:has-text("img src")');
  await agent.waitForSelector('#ticket-subject:has-text("img src")');
  const subject = await agent.textContent('#ticket-subject');
  expect(subject.includes('<img src=x onerror='), 'shown as text: ' + subject);
  expect((await agent.textContent('#messages')).includes('<script>'), 'body shown as text');
  expect(await agent.locator('#messages script, #messages img, #ticket-subject img, #queue-body img').count() === 0, 'no elements made from text');
  expect(await agent.locator('a[href^="javascript:"]').count() === 0, 'no javascript: links');
  await customer.goto(base + '/portal');
  await customer.waitForSelector('a:has-text("img src")');
  expect(await agent.evaluate(() => window.__xss === undefined) && await customer.evaluate(() => window.__xss === undefined), 'no script ran');
});

await test('search finds tickets and customers', async () => {
  await agent.keyboard.press('Escape');
  await agent.keyboard.press('/');
  expect(await agent.evaluate(() => document.activeElement.id) === 'search', '/ focuses search');
  await agent.keyboard.type('charged');
  await agent.keyboard.press('Enter');
  await agent.waitForSelector('#queue-title:has-text("charged")');
  expect(await agent.locator('#queue-body a.row:has-text("Charged twice") mark').count() > 0, 'the match is marked');
  await agent.fill('#search', 'Lena');
  await agent.press('#search', 'Enter');
  await agent.waitForSelector('.people >> text=Lena Park');
  await agent.keyboard.press('Escape');
  await agent.keyboard.press('3');
  await agent.waitForSelector('#queue-title:has-text("All open")');
});

await test('macros: searched from the composer, filled in for the ticket', async () => {
  await agent.click('#queue-body a.row:has-text("Charged twice")');
  await agent.waitForSelector('#ticket-subject:has-text("Charged twice")');
  await agent.keyboard.press('m');
  await agent.waitForSelector('#macro-search');
  await agent.keyboard.type('refund');
  expect(await agent.locator('#macro-list button').count() === 1, 'one macro matches');
  await agent.keyboard.press('Enter');
  await agent.waitForFunction(() => document.querySelector('#reply').value.includes('Hi Lena, your refund for ticket #'));
  expect(await agent.evaluate(() => document.activeElement.id) === 'reply', 'back in the composer');
  await agent.fill('#reply', '');
});

await test('a lead manages macros; a wrong variable is explained', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  watch(page);
  await signIn(page, '/', 'sam@example.com');
  await page.click('#manage-macros');
  await page.fill('#new-title', 'Thanks for waiting');
  await page.fill('#new-body', 'Hi {{customer.nickname}}');
  await page.click('form[aria-label="New macro"] button[type=submit]');
  await page.waitForSelector('form[aria-label="New macro"] .error:has-text("nickname")');
  await page.fill('#new-body', 'Hi {{customer.first_name}}, thank you for waiting. {{agent.first_name}}');
  await page.click('form[aria-label="New macro"] button[type=submit]');
  await page.waitForSelector('form[aria-label="Macro Thanks for waiting"]');
  await page.context().close();
});

await test('keyboard only: sign in, next ticket, reply, apply, send, help', async () => {
  const kctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await kctx.newPage();
  watch(page);
  await page.goto(base + '/');
  await page.waitForSelector('#email:focus');
  await page.keyboard.type('maya@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#queue-body a.row');
  await page.keyboard.press('j');
  await page.waitForSelector('#ticket-subject');
  const first = await page.textContent('#ticket-subject');
  await page.keyboard.press('j');
  await page.waitForFunction((s) => document.querySelector('#ticket-subject')?.textContent !== s, first);
  await page.keyboard.press('k');
  await page.waitForFunction((s) => document.querySelector('#ticket-subject')?.textContent === s, first);
  expect(await page.evaluate(() => document.activeElement.matches('#queue-body a.row')), 'focus follows the queue');
  await page.keyboard.press('r');
  expect(await page.evaluate(() => document.activeElement.id) === 'reply', 'r focuses the reply');
  await page.keyboard.type('calm down, I will update you by 5 pm.');
  await page.waitForSelector('#coach-flags li[data-item=dismissive]');
  await page.keyboard.press('Alt+1');
  await page.waitForFunction(() => !document.querySelector('#reply').value.startsWith('calm down'));
  expect(await page.evaluate(() => document.activeElement.id) === 'reply', 'still in the reply');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#messages >> text=update you by 5 pm');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.waitForSelector('[role=dialog]:has-text("Keyboard shortcuts")');
  expect(await page.evaluate(() => !!document.activeElement.closest('[role=dialog]')), 'focus moves into the help');
  const help = await page.textContent('[role=dialog]');
  expect(!help.includes('[object') && await page.locator('[role=dialog] dt kbd').count() >= 10 && help.includes('next / previous ticket'), 'the help lists the keys: ' + help);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement.closest('[role=dialog]')), 'focus stays in the help');
  await page.keyboard.press('Escape');
  expect(await page.locator('.overlay').count() === 0, 'help closes');
  // visible focus: the focused element draws an outline
  await page.keyboard.press('/');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(outline !== 'none', 'focus is visible: ' + outline);
  await kctx.close();
});

await test('the console works at phone width', async () => {
  const pctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, storageState: await agentCtx.storageState() });
  const page = await pctx.newPage();
  watch(page);
  await page.goto(base + '/');
  await page.waitForSelector('#queue-body a.row');
  expect(await noSideways(page), 'no sideways scrolling in the queue');
  await page.click('#queue-body a.row:has-text("Charged twice")');
  await page.waitForSelector('#reply');
  expect(await noSideways(page), 'no sideways scrolling in the ticket');
  expect(await page.isVisible('a.back'), 'a way back to the queue');
  await page.click('a.back');
  await page.waitForSelector('#queue-body a.row');
  await pctx.close();
});

await test('portal: sign up, ask, sign out; a reset link sets a new password', async () => {
  const c2 = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await c2.newPage();
  watch(page);
  await page.goto(base + '/portal');
  await page.fill('#su-name', 'Omar Haddad');
  await page.fill('#su-email', 'omar@example.com');
  await page.fill('#su-password', 'short');
  await page.click('button:has-text("Create account")');
  expect(await page.evaluate(() => !document.querySelector('#su-password').checkValidity()), 'too short is refused in the form');
  await page.fill('#su-password', 'a good long password');
  await page.click('button:has-text("Create account")');
  await page.waitForSelector('text=Hello Omar');
  await page.click('button:has-text("Sign out")');
  await page.waitForSelector('text=You are signed out');
  const link = execFileSync(process.env.WEBTEST_BIN, ['--db', process.env.WEBTEST_DB, 'user', 'reset-link', '--email', 'omar@example.com'],
    { encoding: 'utf8', env: { PATH: process.env.PATH } }).trim();
  const token = new URL(link).hash;
  expect(token.startsWith('#token='), 'a reset link: ' + link);
  await page.goto(base + '/reset' + token);
  await page.fill('#new-password', 'another long password');
  await page.click('button:has-text("Save password")');
  await page.waitForSelector('text=Your password is saved');
  await page.fill('#email', 'omar@example.com');
  await page.fill('#password', 'another long password');
  await page.press('#password', 'Enter');
  await page.waitForSelector('text=Hello Omar');
  await page.goto(base + '/reset' + token);
  await page.fill('#new-password', 'a third long password');
  await page.click('button:has-text("Save password")');
  await page.waitForSelector('[role=alert]:not(:empty)');
  await c2.close();
});

await finish(browser);
