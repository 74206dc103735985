// Screenshots of the demo for docs/: node screenshots.mjs BASE_URL OUT_DIR
// (against `make run`, or any server with `attune demo` loaded). tests/browser/screenshots.sh
// does it all: a fresh demo database, a server on a free port, these pictures.
import { launch, signInAt } from './harness.mjs';

const [base, out] = process.argv.slice(2);
const browser = await launch();

async function signIn(page, path, email) {
  await signInAt(page, base + path, email, 'attune-demo');
}

// The console: the queue, an upset customer's ticket with the evidence shown, the customer beside it.
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await signIn(page, '/', 'maya@demo.attune');
await page.waitForSelector('#queue-body a.row');
const upset = page.locator('#queue-body a.row:has(.badge.mood.upset)').first();
await (await upset.count() ? upset : page.locator('#queue-body a.row').first()).click();
await page.waitForSelector('#messages .msg');
await page.click('#toggle-evidence');
await page.mouse.move(0, 0);
await page.waitForTimeout(300);
await page.screenshot({ path: out + '/console.png' });

// The coach reading a poor draft.
await page.click('#toggle-evidence');
await page.fill('#reply', "Calm down, as I already said that's our policy. You should have read the terms.");
await page.waitForSelector('#coach-flags');
await page.mouse.move(0, 0);
await page.waitForTimeout(300);
await page.screenshot({ path: out + '/coach.png' });

// Keyboard help.
await page.keyboard.press('Escape');
await page.keyboard.press('?');
await page.waitForSelector('[role=dialog]');
await page.screenshot({ path: out + '/shortcuts.png' });

// The console on a phone.
const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true })).newPage();
await signIn(phone, '/', 'maya@demo.attune');
await phone.waitForSelector('#queue-body a.row');
await phone.screenshot({ path: out + '/console-phone.png' });

// The portal: a customer's requests, and one conversation on a phone.
const portal = await (await browser.newContext({ viewport: { width: 1024, height: 800 } })).newPage();
await signIn(portal, '/portal', 'lena@demo.attune');
await portal.waitForSelector('ul.tickets a');
await portal.screenshot({ path: out + '/portal.png', fullPage: true });
const pphone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true })).newPage();
await signIn(pphone, '/portal', 'lena@demo.attune');
await pphone.waitForSelector('ul.tickets a');
await pphone.click('ul.tickets a >> nth=0');
await pphone.waitForSelector('#thread .msg');
await pphone.screenshot({ path: out + '/portal-phone.png' });
// The admin pages.
const admin = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await signIn(admin, '/', 'admin@demo.attune');
await admin.waitForSelector('#queue-body a.row');
for (const [path, ready, name] of [['/users', '#users tbody tr', 'admin-users'], ['/service-levels', '#policies tbody tr', 'admin-service-levels'],
  ['/audit', '#audit-body tr', 'admin-audit'], ['/tokens', '#tokens', 'tokens'], ['/tickets/new', '#new-ticket', 'new-ticket'],
  ['/settings', '#mail-card', 'team-settings'], ['/no-such-page', '#not-found', 'not-found']]) {
  await admin.goto(base + path);
  await admin.waitForSelector(ready);
  await admin.mouse.move(0, 0);
  await admin.screenshot({ path: out + '/' + name + '.png' });
}

// Two agents on one ticket: the presence line and the note beside a draft.
const aiko = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await signIn(aiko, '/', 'aiko@demo.attune');
await aiko.waitForSelector('#queue-body a.row');
const number = await page.evaluate(() => location.pathname.split('/').pop());
await aiko.goto(base + '/tickets/' + number);
await aiko.waitForSelector('#reply');
await aiko.fill('#reply', 'Hello, I am looking into this now.');
await aiko.type('#reply', ' ');
await page.keyboard.press('Escape');
await page.waitForSelector('#presence .presence-chip.writing');
await page.mouse.move(0, 0);
await page.waitForTimeout(300);
await page.screenshot({ path: out + '/presence.png' });
await browser.close();
