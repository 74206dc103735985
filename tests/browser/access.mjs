// Browser test of getting in, with mail going to a real SMTP server on 127.0.0.1: a customer
// who only ever wrote by mail asks for a link in the portal, opens the link the mail brings,
// chooses a password and sees their request; a known address that tries to sign up is sent a
// link instead; an agent sends a customer a portal link from the customer panel.
// Usage: node access.mjs BASE_URL MAIL_DIR
// Environment: CHROMIUM (default /usr/bin/chromium).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base, mailDir] = process.argv.slice(2);
const browser = await launch();

async function fresh() {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  ctx.setDefaultTimeout(8000);
  const page = await ctx.newPage();
  watch(page);
  return page;
}

// The newest mail to `to`, as text (quoted-printable undone), waiting for it.
async function mailTo(to, seen = 0, tries = 100) {
  for (let i = 0; i < tries; i++) {
    const found = readdirSync(mailDir).filter((n) => n.endsWith('.rcpt')).sort()
      .filter((n) => readFileSync(join(mailDir, n), 'utf8').split('\n').slice(1).includes(to));
    if (found.length > seen) {
      const raw = readFileSync(join(mailDir, found[found.length - 1].replace('.rcpt', '.eml')), 'utf8');
      return { count: found.length, text: raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, x) => String.fromCharCode(parseInt(x, 16))) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { count: seen, text: '' };
}

const linkIn = (text) => (text.match(/(http:\/\/127\.0\.0\.1:\d+\/reset#token=[0-9a-f]{64})/) || [])[1];

await test('a customer who wrote by mail asks for a link, sets a password and sees their request', async () => {
  const page = await fresh();
  await page.goto(base + '/portal');
  await page.click('#forgot summary');
  await page.fill('#forgot-email', 'cai.chen@example.org');
  await page.click('#forgot-send');
  await page.waitForFunction(() => document.querySelector('#forgot-said').textContent.includes('on its way'));
  const mail = await mailTo('cai.chen@example.org');
  const link = linkIn(mail.text);
  expect(link && link.startsWith(base + '/reset#token='), 'the mail links to this server: ' + mail.text.slice(-400));
  expect(mail.text.includes('within the next hour'), 'the mail says how long it works');
  await page.goto(link);
  await page.fill('#new-password', 'cai-chooses-this');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.body.textContent.includes('Your password is saved'));
  await signInAt(page, base + '/portal', 'cai.chen@example.org', 'cai-chooses-this');
  await page.waitForFunction(() => document.body.textContent.includes('Where is my parcel?'));
  await page.context().close();
});

await test('an unknown address gets the same answer and no mail', async () => {
  const page = await fresh();
  await page.goto(base + '/portal');
  await page.click('#forgot summary');
  await page.fill('#forgot-email', 'nobody@example.org');
  await page.click('#forgot-send');
  await page.waitForFunction(() => document.querySelector('#forgot-said').textContent.includes('If that address is known here'));
  const none = await mailTo('nobody@example.org', 0, 20);
  expect(none.count === 0, 'no mail to an unknown address');
  await page.context().close();
});

await test('signing up with an address we know sends a link instead of taking the tickets', async () => {
  const page = await fresh();
  await page.goto(base + '/portal');
  await page.fill('#su-name', 'Bo Berg');
  await page.fill('#su-email', 'bo.berg@example.org');
  await page.fill('#su-password', 'bo-wants-in-now');
  await page.click('text=Create account');
  await page.waitForFunction(() => document.body.textContent.includes('We have sent a link to it'));
  const mail = await mailTo('bo.berg@example.org');
  expect(linkIn(mail.text), 'a link went to Bo: ' + mail.text.slice(-300));
  await page.context().close();
});

await test('an agent sends a customer a portal link from the customer panel', async () => {
  const before = (await mailTo('bo.berg@example.org')).count;
  const page = await fresh();
  await signInAt(page, base + '/', 'maya@example.com', 'correct horse battery');
  await page.waitForSelector('#queue');
  const t = await page.evaluate(async () => (await (await fetch('/api/search?q=invoice')).json()).results[0]);
  await page.goto(base + '/tickets/' + t.number);
  await page.click('#portal-link');
  await page.waitForSelector('.toast');
  const said = await page.textContent('.toast');
  expect(said === 'Portal link sent to bo.berg@example.org', 'toast: ' + said);
  const mail = await mailTo('bo.berg@example.org', before);
  expect(mail.count === before + 1 && mail.text.includes('seven days') && linkIn(mail.text), 'the invitation: ' + mail.text.slice(-300));
  await page.context().close();
});

await finish(browser);
