// Browser test of mail in the web app: the attachments of a mailed-in ticket in the console and
// the portal (name, type, size, and the download byte for byte), a reply by mail whose file shows
// up on the open ticket, and the Mail quarantine page for a lead (empty, then the auto-reply,
// then paged) and for an agent (refused with the server's answer).
// Usage: node mail_console.mjs BASE_URL ATTUNE_BINARY DATABASE SAMPLES_DIR
// Environment: CHROMIUM (default /usr/bin/chromium), ATTUNE_MAIL_FROM for mail-ingest.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base, bin, db, samples] = process.argv.slice(2);
const PASSWORD = 'correct horse battery';

// The page's size format, as a reader would say it.
function humanSize(n) {
  if (n < 1024) return n === 1 ? '1 byte' : n + ' bytes';
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < 2) { v /= 1024; i++; }
  return (v < 10 ? v.toFixed(1) : String(Math.round(v))) + ' ' + ['KB', 'MB', 'GB'][i];
}

// Takes one mail in with the real binary; returns what it printed.
function ingest(mail) {
  return execFileSync(bin, ['--db', db, 'mail-ingest'], { input: mail, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
}

// The bytes of the attachment in the sample, decoded from its base64.
const sample = readFileSync(samples + '/02_attachment_base64.eml', 'utf8');
const part = sample.split('--mix-2').find((p) => p.includes('filename="error shot.png"'));
const shot = Buffer.from(part.split(/\r?\n\r?\n/)[1].replace(/\s+/g, ''), 'base64');
expect(shot.length > 500, 'the sample has a file: ' + shot.length);
const sha = (b) => createHash('sha256').update(b).digest('hex');

const browser = await launch();

async function open(path, email, viewport) {
  const ctx = await browser.newContext({ viewport: viewport || { width: 1400, height: 900 }, acceptDownloads: true });
  ctx.setDefaultTimeout(8000);
  const page = await ctx.newPage();
  watch(page);
  await signInAt(page, base + path, email, PASSWORD);
  return page;
}

async function signIn(email, viewport) {
  const page = await open('/', email, viewport);
  await page.waitForSelector('#nav-feedback');
  return page;
}

async function apiJson(page, path) {
  return page.evaluate(async (p) => { const r = await fetch(p); return { status: r.status, body: await r.json() }; }, path);
}

// Clicks a download link and returns the file the browser saved, with its suggested name.
async function download(page, link) {
  const before = page.url();
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(link)]);
  const path = await d.path();
  expect(path, 'the download finished: ' + await d.failure());
  expect(page.url() === before, 'the page stays where it was: ' + page.url());
  return { bytes: readFileSync(path), name: d.suggestedFilename() };
}

let ticket = null;
let shotFile = null;

await test('an agent opens the mailed-in ticket and sees its attachment with name, type and size', async () => {
  const page = await signIn('maya@example.com');
  await page.click('#queue-body a.row:has-text("Screenshot of the error")');
  await page.waitForSelector('#ticket-subject');
  ticket = (await apiJson(page, '/api/tickets/by-number/' + new URL(page.url()).pathname.split('/').pop())).body;
  expect(ticket.subject === 'Screenshot of the error' && ticket.channel === 'email', 'the mailed-in ticket: ' + ticket.subject);
  const listed = await apiJson(page, '/api/tickets/' + ticket.id + '/attachments');
  expect(listed.status === 200 && listed.body.attachments.length === 1, 'one attachment listed: ' + JSON.stringify(listed.body));
  shotFile = listed.body.attachments[0];
  expect(shotFile.size === shot.length && shotFile.sha256 === sha(shot), 'the API stored the file whole: ' + shotFile.size);
  // under the message it came with, and nowhere else
  const sel = 'article.msg[data-id="' + shotFile.message_id + '"] ul.attachments li.file';
  await page.waitForSelector(sel);
  const shown = await page.$$eval('#messages ul.attachments li.file', (lis) => lis.map((li) => ({
    name: li.querySelector('.file-name').textContent, type: li.querySelector('.file-type').textContent,
    size: li.querySelector('.file-size').textContent, title: li.querySelector('.file-size').title,
    href: li.querySelector('a').getAttribute('href'), download: li.querySelector('a').getAttribute('download'),
    msg: li.closest('article.msg').dataset.id })));
  expect(shown.length === 1, 'one file on the page: ' + shown.length);
  const f = shown[0];
  expect(f.name === 'error shot.png', 'name: ' + f.name);
  expect(f.type === 'image/png', 'type: ' + f.type);
  expect(f.size === humanSize(shot.length) && f.size === '776 bytes', 'size: ' + f.size);
  expect(f.title === shot.length + ' bytes', 'exact size on hover: ' + f.title);
  expect(f.href === '/api/attachments/' + shotFile.id && f.download === 'error shot.png', 'a download link: ' + f.href);
  expect(f.msg === String(shotFile.message_id), 'under its message');
  // a message without files shows no list
  const bare = await page.$$eval('article.msg', (as) => as.filter((a) => !a.querySelector('ul.attachments')).length);
  expect(bare === ticket.messages.length - 1, 'messages without files show none: ' + bare);
  await page.context().close();
});

await test('the download link saves the exact bytes with the session cookie and nothing renders inline', async () => {
  const page = await signIn('maya@example.com');
  await page.goto(base + '/tickets/' + ticket.number);
  const link = 'a[data-attachment="' + shotFile.id + '"]';
  await page.waitForSelector(link);
  const d = await download(page, link);
  expect(d.name === 'error shot.png', 'saved as: ' + d.name);
  expect(Buffer.compare(d.bytes, shot) === 0, 'the bytes: ' + d.bytes.length + ' vs ' + shot.length);
  const head = await page.evaluate(async (p) => {
    const r = await fetch(p);
    return { disp: r.headers.get('content-disposition'), type: r.headers.get('content-type'), sniff: r.headers.get('x-content-type-options') };
  }, '/api/attachments/' + shotFile.id);
  expect(/^attachment;/.test(head.disp) && head.disp.includes('error shot.png'), 'Content-Disposition: ' + head.disp);
  expect(head.sniff === 'nosniff' && head.type.startsWith('image/png'), 'type and nosniff: ' + JSON.stringify(head));
  // without the session there is no file
  const anon = await browser.newContext();
  const r = await anon.request.get(base + '/api/attachments/' + shotFile.id);
  expect(r.status() === 401, 'without a session: ' + r.status());
  await anon.close();
  await page.context().close();
});

await test('a reply by mail with a file appears on the open ticket with its file', async () => {
  const page = await signIn('maya@example.com');
  await page.goto(base + '/tickets/' + ticket.number);
  await page.waitForSelector('article.msg ul.attachments');
  await page.fill('#reply', 'Half-written answer');
  const log = randomBytes(5000);
  const mail = ['From: Bob Stone <bob@example.net>', 'To: support@support.example.com',
    'Subject: Re: Screenshot of the error [#' + ticket.number + ']', 'Date: Tue, 02 Dec 2025 10:00:00 +0000',
    'Message-ID: <reply-log-1@example.net>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '',
    '--b1', 'Content-Type: text/plain; charset=utf-8', '', 'Here is the export log as well.',
    '--b1', 'Content-Type: application/octet-stream; name="export.log"', 'Content-Disposition: attachment; filename="export.log"',
    'Content-Transfer-Encoding: base64', '', log.toString('base64').replace(/.{76}/g, '$&\n'), '--b1--', ''].join('\r\n');
  const out = ingest(mail);
  expect(/reply|message|ticket #/i.test(out), 'taken in: ' + out);
  const files = (await apiJson(page, '/api/tickets/' + ticket.id + '/attachments')).body.attachments;
  const logFile = files.find((a) => a.filename === 'export.log');
  expect(logFile && logFile.ticket_id === ticket.id && logFile.size === 5000, 'the reply\'s file is on the ticket: ' + JSON.stringify(files));
  // the open page gets it without reloading, and the draft stays
  const link = 'article.msg[data-id="' + logFile.message_id + '"] a[data-attachment="' + logFile.id + '"]';
  await page.waitForSelector(link, { timeout: 10000 });
  const size = await page.textContent('article.msg[data-id="' + logFile.message_id + '"] .file-size');
  expect(size === humanSize(5000) && size === '4.9 KB', 'size: ' + size);
  expect(await page.inputValue('#reply') === 'Half-written answer', 'the draft is kept');
  const d = await download(page, link);
  expect(Buffer.compare(d.bytes, log) === 0, 'the bytes of the log: ' + d.bytes.length);
  expect(await page.locator('#messages li.file').count() === 2, 'two files on the ticket');
  await page.context().close();
});

await test('the customer sees the files of their own ticket in the portal; another customer gets none', async () => {
  const page = await open('/portal', 'bob@example.net', { width: 390, height: 800 });
  await page.click('ul.tickets a:has-text("Screenshot of the error")');
  await page.waitForSelector('#thread article.msg');
  const link = '#thread a[data-attachment="' + shotFile.id + '"]';
  await page.waitForSelector(link);
  const names = await page.$$eval('#thread li.file', (lis) => lis.map((li) => li.querySelector('.file-name').textContent + '|' +
    li.querySelector('.file-type').textContent + '|' + li.querySelector('.file-size').textContent));
  expect(JSON.stringify(names) === JSON.stringify(['error shot.png|image/png|776 bytes', 'export.log|application/octet-stream|4.9 KB']),
    'files: ' + names);
  const d = await download(page, link);
  expect(Buffer.compare(d.bytes, shot) === 0, 'the bytes: ' + d.bytes.length);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling');
  await page.context().close();

  const other = await open('/portal', 'lena@example.com');
  await other.waitForSelector('#body');
  const one = await apiJson(other, '/api/attachments/' + shotFile.id);
  const list = await apiJson(other, '/api/tickets/' + ticket.id + '/attachments');
  expect(one.status === 404 && list.status === 404, 'another customer: ' + one.status + ', ' + list.status);
  await other.goto(base + '/portal/tickets/' + ticket.number);
  await other.waitForSelector('#app .error');
  expect(await other.locator('li.file').count() === 0, 'no files shown to another customer');
  await other.context().close();
});

let first = null;

await test('a lead opens the quarantine: first empty with what lands there, then the auto-reply with its reason', async () => {
  const page = await signIn('sam@example.com');
  const answer = page.waitForResponse((r) => r.url().includes('/api/mail/quarantine'));
  await page.click('#nav-quarantine');
  expect((await answer).status() === 200, 'the lead may read the quarantine');
  expect(new URL(page.url()).pathname === '/quarantine', 'the address: ' + page.url());
  expect(await page.getAttribute('#nav-quarantine', 'aria-current') === 'page', 'the current page');
  await page.waitForSelector('#mq-empty');
  const said = await page.textContent('#mq-empty');
  for (const w of ['auto-replies', 'bounces', 'loop', 'malformed', 'larger than']) expect(said.includes(w), 'the empty state names ' + w + ': ' + said);
  expect(await page.locator('#mq-hint summary').isVisible(), 'a hint how to take one in by hand');

  const sampleMail = readFileSync(samples + '/10_autoreply.eml');
  expect(/^quarantined \(id \d+\): auto-reply: Auto-Submitted/.test(ingest(sampleMail)), 'the auto-reply is quarantined');
  const again = page.waitForResponse((r) => r.url().includes('/api/mail/quarantine'));
  await page.reload();
  const r = await (await again).json();
  expect(r.quarantine.length === 1 && r.next === null, 'one quarantined mail: ' + JSON.stringify(r));
  first = r.quarantine[0];
  expect(first.size === sampleMail.length, 'its size is the mail\'s: ' + first.size + ' vs ' + sampleMail.length);
  await page.waitForSelector('#mq-rows tr');
  const cells = await page.$$eval('#mq-rows tr', (trs) => trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')]
    .map((td) => [td.dataset.col, td.dataset.col === 'subject' ? td.querySelector('.q-subject').textContent : td.textContent]))));
  expect(cells.length === 1, 'one row: ' + cells.length);
  expect(cells[0].reason === 'auto-reply: Auto-Submitted', 'reason: ' + cells[0].reason);
  expect(cells[0].from === first.from && first.from.includes('frank@example.com'), 'sender: ' + cells[0].from);
  expect(cells[0].subject === 'Out of office: Re: your ticket [#1001]', 'subject: ' + cells[0].subject);
  expect(cells[0].size === humanSize(sampleMail.length), 'size: ' + cells[0].size);
  expect(await page.getAttribute('#mq-rows time', 'datetime') === first.created_at, 'the time');
  expect(await page.locator('#mq-more').count() === 0, 'nothing older to show');
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
  expect(unlabelled.length === 0, 'unlabelled controls: ' + unlabelled.join(' | '));
  await page.context().close();
});

await test('the quarantine shows the newest first and pages back with the API\'s cursor', async () => {
  const sampleMail = readFileSync(samples + '/10_autoreply.eml', 'utf8');
  for (let i = 1; i <= 52; i++) {
    ingest(sampleMail.replace('<ooo-10@example.com>', '<ooo-page-' + i + '@example.com>')
      .replace('Subject: Out of office: Re: your ticket [#1001]', 'Subject: Away notice ' + i));
  }
  const page = await signIn('sam@example.com', { width: 375, height: 740 });
  await page.goto(base + '/quarantine');
  await page.waitForSelector('#mq-more');
  const subjects = () => page.$$eval('#mq-rows .q-subject', (s) => s.map((x) => x.textContent));
  let s = await subjects();
  expect(s.length === 50, 'a first page of 50: ' + s.length);
  expect(s[0] === 'Away notice 52' && s[49] === 'Away notice 3', 'newest first: ' + s[0] + ' … ' + s[49]);
  expect(await page.textContent('#mq-count') === '50 mails shown', 'the count');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling on a phone');
  await page.click('#mq-more');
  await page.waitForFunction(() => document.querySelectorAll('#mq-rows tr').length === 53);
  s = await subjects();
  expect(JSON.stringify(s.slice(50)) === JSON.stringify(['Away notice 2', 'Away notice 1', first.subject]), 'the older ones: ' + s.slice(50));
  expect(new Set(s).size === 53, 'no mail twice');
  await page.waitForSelector('#mq-more', { state: 'detached' });
  expect(await page.textContent('#mq-count') === '53 mails shown', 'the count after paging');
  await page.context().close();
});

await test('an agent gets no quarantine entry, and the page refuses them with the server\'s answer', async () => {
  const page = await signIn('maya@example.com');
  expect(await page.locator('#nav-quarantine').count() === 0, 'no Mail quarantine in the navigation');
  const refused = await apiJson(page, '/api/mail/quarantine');
  expect(refused.status === 403 && refused.body.error.message, 'the API refuses: ' + JSON.stringify(refused));
  await page.goto(base + '/quarantine');
  await page.waitForSelector('#mq-error');
  const said = await page.textContent('#mq-error');
  expect(said.includes(refused.body.error.message), 'the server\'s answer: ' + said);
  expect(await page.locator('#mq-rows tr').count() === 0, 'no quarantined mail shown');
  await page.context().close();
});

await finish(browser);
