// Browser test of an agent's day-one tools on the demo's data: a ticket opened for a caller
// (a known customer, and a new one), with the channel recorded; a customer's details edited
// and shown as stored; money in the desk's currency; a half-written reply kept across a
// reload and another ticket, and gone once sent or signed out; the ticket header folded.
// Usage: node agent.mjs BASE_URL (the server runs with ATTUNE_CURRENCY=EUR)
// Environment: CHROMIUM (default /usr/bin/chromium).
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base] = process.argv.slice(2);
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
ctx.setDefaultTimeout(8000);
const page = await ctx.newPage();
watch(page);
await signInAt(page, base + '/', 'maya@demo.attune', 'attune-demo');
await page.waitForSelector('#queue-body a.row');
const api = (path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

// Opens the queue's row `i` and waits until that ticket is drawn (its title is set as it is),
// so nothing lands on the composer of the ticket before.
async function openRow(i) {
  const hrefs = await page.$$eval('#queue-body a.row', (as) => as.map((a) => a.getAttribute('href')));
  const n = hrefs[i].split('/').pop();
  await page.click('#queue-body a.row >> nth=' + i);
  await page.waitForFunction((num) => document.title.includes('#' + num + ' ') && document.querySelector('#reply'), n);
}

await test('an agent opens a ticket for a known customer who phoned', async () => {
  await page.click('#new-ticket-button');
  await page.waitForSelector('#new-ticket');
  await page.fill('#nt-customer', 'lena');
  await page.waitForFunction(() => document.querySelectorAll('#nt-customers option').length > 0);
  const option = await page.$eval('#nt-customers option', (o) => o.value);
  expect(option.includes('lena@demo.attune'), 'the customer is offered: ' + option);
  await page.fill('#nt-customer', option);
  await page.selectOption('#nt-channel', 'phone');
  await page.fill('#nt-subject', 'Called about the invite button');
  await page.fill('#nt-body', 'Lena called: she still cannot find where to invite a colleague.');
  await page.click('#nt-save');
  await page.waitForSelector('#ticket-subject:has-text("Called about the invite button")');
  const number = Number(new URL(page.url()).pathname.split('/').pop());
  const t = await api('/api/tickets/by-number/' + number);
  expect(t.channel === 'phone' && t.customer.email === 'lena@demo.attune' && t.assignee_id !== null, 'stored: ' + JSON.stringify({ c: t.channel, e: t.customer.email, a: t.assignee_id }));
  expect((await page.textContent('#ticket-meta')).includes('phone'), 'the channel shows');
});

await test('a new customer walks in: the ticket makes them', async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('c');
  await page.waitForSelector('#new-ticket');
  await page.fill('#nt-customer', 'walk.in@example.org');
  await page.waitForSelector('#nt-name-row:not([hidden])');
  await page.fill('#nt-name', 'Wanda Walker');
  await page.selectOption('#nt-channel', 'web');
  await page.fill('#nt-subject', 'Came by the front desk');
  await page.fill('#nt-body', 'My card was charged twice this morning.');
  await page.click('#nt-save');
  await page.waitForSelector('#customer-name:has-text("Wanda Walker")');
  // and bad input is said, with nothing made
  await page.click('#new-ticket-button');
  await page.fill('#nt-customer', 'not-an-address');
  await page.fill('#nt-subject', 'x');
  await page.fill('#nt-body', 'y');
  await page.click('#nt-save');
  await page.waitForFunction(() => document.querySelector('#new-ticket-error').textContent.includes('email'));
});

await test('an agent edits a customer, and the panel shows what is stored, in euros', async () => {
  const t = (await api('/api/search?q=invoice')).results[0];
  await page.goto(base + '/tickets/' + t.number);
  await page.waitForSelector('#customer-edit');
  await page.click('#customer-edit');
  await page.fill('#ce-preferred', 'Sam');
  await page.fill('#ce-phone', '+49 30 1234567');
  await page.fill('#ce-value', '1250');
  await page.click('#ce-save');
  await page.waitForFunction(() => document.querySelector('#customer').textContent.includes('+49 30 1234567'));
  const c = await api('/api/customers/' + t.customer_id);
  expect(c.preferred_name === 'Sam' && c.phone === '+49 30 1234567' && c.lifetime_value === 1250, 'stored: ' + JSON.stringify(c).slice(0, 200));
  const money = await page.$eval('#customer dl', (dl) => dl.textContent);
  expect(money.includes('€') && money.includes('1,250'), 'in euros: ' + money);
  // a refused change says why and keeps the dialog open
  await page.click('#customer-edit');
  await page.fill('#ce-name', ' ');
  await page.click('#ce-save');
  await page.waitForFunction(() => document.querySelector('#customer-edit-error')?.textContent.length > 0);
  await page.click('.dialog button:has-text("Cancel")');
});

await test('a half-written reply is kept across a reload and another ticket, and goes once sent', async () => {
  const url = page.url();
  await page.fill('#reply', 'Hello Sam, I looked at the invoice and');
  await page.type('#reply', ' ');
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForSelector('#reply');
  expect(await page.inputValue('#reply') === 'Hello Sam, I looked at the invoice and ', 'kept across a reload: ' + await page.inputValue('#reply'));
  expect(await page.isVisible('#draft-kept'), 'said that the draft is back');
  await page.click('#queue-body a.row >> nth=1');
  await page.waitForFunction((u) => location.href !== u, url);
  await page.goto(url);
  await page.waitForSelector('#reply');
  expect(await page.inputValue('#reply') === 'Hello Sam, I looked at the invoice and ', 'kept across another ticket');
  await page.fill('#reply', 'Hello Sam, I corrected the address on the invoice and sent it again. I am sorry for the trouble.');
  await page.click('.modes [data-mode=internal]');
  await page.click('#send');
  await page.waitForFunction(() => document.querySelector('#reply').value === '');
  await page.reload();
  await page.waitForSelector('#reply');
  expect(await page.inputValue('#reply') === '', 'gone once sent');
});

await test('the ticket header folds, and stays folded', async () => {
  await page.click('#fold-head');
  expect(await page.isHidden('#ticket-details'), 'folded');
  expect(await page.getAttribute('#fold-head', 'aria-expanded') === 'false', 'said to assistive technology');
  const before = await page.$eval('#messages', (m) => m.clientHeight);
  await page.reload();
  await page.waitForSelector('#reply');
  expect(await page.isHidden('#ticket-details'), 'still folded after a reload');
  expect(await page.$eval('#messages', (m) => m.clientHeight) >= before, 'the conversation has the room');
  await page.keyboard.press('f');
  expect(await page.isVisible('#ticket-details'), 'unfolded by its key');
});

await test('several tickets change at once from the queue, or none does', async () => {
  await page.goto(base + '/views/open');
  await page.waitForSelector('#queue-body input.pick');
  const ids = await page.$$eval('#queue-body input.pick', (bs) => bs.slice(0, 3).map((b) => Number(b.dataset.id)));
  await page.check('#queue-body input.pick[data-id="' + ids[0] + '"]');
  await page.check('#queue-body input.pick[data-id="' + ids[1] + '"]');
  await page.focus('#queue-body a.row[data-id="' + ids[2] + '"]');
  await page.keyboard.press('x');
  await page.waitForFunction(() => document.querySelector('#bulk-count')?.textContent === '3 selected');
  await page.screenshot({ path: '/tmp/bulk-bar.png' }).catch(() => {});
  await page.fill('#bulk-tag', 'Escalated');
  await page.click('#bulk-tag-add');
  await page.waitForFunction(() => document.querySelector('.toast')?.textContent === '3 tickets: tagged Escalated');
  for (const id of ids) {
    const t = await api('/api/tickets/' + id);
    expect(t.tags.includes('escalated'), '#' + t.number + ' tagged: ' + t.tags);
  }
  expect(await page.isHidden('#bulk-bar'), 'the bar goes once done');
  await page.check('#queue-body input.pick[data-id="' + ids[0] + '"]');
  await page.check('#queue-body input.pick[data-id="' + ids[1] + '"]');
  const lena = (await api('/api/users')).users.find((u) => u.email === 'aiko@demo.attune');
  await page.selectOption('#bulk-assign', String(lena.id));
  await page.waitForFunction(() => document.querySelector('.toast')?.textContent.startsWith('2 tickets: assigned to'));
  expect((await api('/api/tickets/' + ids[0])).assignee_id === lena.id, 'assigned');
  // with a closed ticket among them, nothing changes and the message names it
  const closed = (await api('/api/tickets?view=all&status=closed&limit=1')).tickets[0];
  if (closed) {
    const before = (await api('/api/tickets/' + ids[0])).priority;
    const target = before === 'low' ? 'high' : 'low';
    const r = await page.evaluate(async ([a, b, want]) => {
      const me = await (await fetch('/api/me')).json();
      const res = await fetch('/api/tickets/bulk', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: JSON.stringify({ ids: [a, b], priority: want }) });
      return { status: res.status, body: await res.json() };
    }, [ids[0], closed.id, target]);
    expect(r.status === 409 && r.body.error.ticket_id === closed.id && r.body.error.message.includes('#' + closed.number), 'refused: ' + JSON.stringify(r));
    expect((await api('/api/tickets/' + ids[0])).priority === before, 'nothing changed');
  }
});

await test('an agent signs their replies, and the reply ends with the signature', async () => {
  await openRow(0);
  await page.click('#signature-edit');
  await page.fill('#signature-mine', 'Warm regards,\n{{agent.first_name}} from the support team');
  await page.click('#signature-save');
  await page.waitForFunction(() => document.querySelector('#signature-text')?.textContent.includes('Maya from the support team'), null, { timeout: 3000 })
    .catch(async () => { throw new Error('signature line: ' + await page.textContent('#signature-line') + ' / ' + await page.textContent('#signature-error').catch(() => '')); });
  expect(await page.textContent('#signature-text') === 'Warm regards, · Maya from the support team', 'shown: ' + await page.textContent('#signature-text'));
  await page.fill('#reply', 'Thank you for your patience. I have looked into this and fixed it for you.');
  await page.click('#send');
  await page.click('#confirm-send', { timeout: 1500 }).catch(() => { /* not held back */ });
  await page.waitForFunction(() => [...document.querySelectorAll('#messages .msg')].some((m) =>
    m.textContent.includes('fixed it for you.') && m.textContent.includes('Maya from the support team')));
  // a note is not signed, and the line says so by hiding
  await page.click('.modes [data-mode=internal]');
  expect(await page.isHidden('#signature-line'), 'no signature line for a note');
  await page.click('.modes [data-mode=public]');
});

await test('a duplicate customer record is merged from the customer panel', async () => {
  // the walk-in from before also wrote from another address
  await page.evaluate(async () => {
    const me = await (await fetch('/api/me')).json();
    await fetch('/api/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
      body: JSON.stringify({ subject: 'Second card charge', body: 'Me again, from my other address.', customer: { email: 'wanda.home@example.org', name: 'Wanda Walker' }, channel: 'email' }) });
  });
  const wanda = (await api('/api/customers?q=walk.in')).customers[0];
  const t = (await api('/api/tickets?view=all&customer_id=' + wanda.id)).tickets[0];
  await page.goto(base + '/tickets/' + t.number);
  await page.waitForSelector('#merge-customer');
  await page.click('#merge-customer');
  await page.fill('#merge-who', 'wanda.home');
  await page.waitForFunction(() => document.querySelectorAll('#merge-list option').length === 1);
  const option = await page.$eval('#merge-list option', (o) => o.value);
  await page.fill('#merge-who', option);
  await page.dispatchEvent('#merge-who', 'input');
  await page.waitForFunction(() => document.querySelector('#merge-what').textContent.includes('cannot be undone'));
  await page.click('#merge-go');
  await page.waitForFunction(() => document.querySelector('.toast')?.textContent.startsWith('Merged: 1 ticket moved'));
  const after = await api('/api/customers/' + wanda.id);
  expect(after.ticket_count === 2, 'both tickets are Wanda\'s: ' + after.ticket_count);
  expect((await api('/api/customers?q=wanda.home')).customers.length === 0, 'the duplicate is gone');
});

await test('a ticket about the same thing is merged into the customer\'s other ticket', async () => {
  const wanda = (await api('/api/customers?q=walk.in')).customers[0];
  const [one, two] = (await api('/api/tickets?view=all&customer_id=' + wanda.id)).tickets;
  await page.goto(base + '/tickets/' + one.number);
  await page.waitForSelector('#merge-ticket');
  await page.click('#merge-ticket');
  await page.selectOption('#merge-into', String(two.id));
  await page.click('#merge-ticket-go');
  await page.waitForFunction((n) => location.pathname === '/tickets/' + n, two.number);
  await page.waitForFunction(() => document.querySelectorAll('#messages .msg').length >= 2);
  const gone = await api('/api/tickets/' + one.id);
  expect(gone.status === 'closed' && gone.merged_into === two.id, 'the duplicate: ' + JSON.stringify({ s: gone.status, m: gone.merged_into }));
  await page.goto(base + '/tickets/' + one.number);
  await page.waitForSelector('#merged-note');
  await page.click('#merged-note a');
  await page.waitForFunction((n) => location.pathname === '/tickets/' + n, two.number);
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

await test('files go with a message: picked, pasted, refused when not allowed, pictures shown', async () => {
  await openRow(1);
  await page.setInputFiles('#composer-input', [{ name: 'screenshot.png', mimeType: 'image/png', buffer: PNG },
    { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from('id,amount\n1,20\n') }]);
  await page.waitForFunction(() => document.querySelectorAll('#composer-files .upload-chip').length === 2);
  // a pasted screenshot comes along too
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.querySelector('#reply').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, PNG.toString('base64'));
  await page.waitForFunction(() => document.querySelectorAll('#composer-files .upload-chip').length === 3);
  // one taken off again is not sent
  await page.click('#composer-files .upload-chip:has-text("export.csv") button');
  // a page is not a file that may be sent: the server says so, and nothing is added
  await page.setInputFiles('#composer-input', [{ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') }]);
  await page.waitForFunction(() => document.querySelector('.toast')?.textContent.includes('cannot be sent here'));
  expect((await page.$$('#composer-files .upload-chip')).length === 2, 'two files wait');
  await page.click('.modes [data-mode=internal]');
  await page.fill('#reply', 'The screenshot the customer showed me on the phone.');
  await page.click('#send');
  await page.waitForFunction(() => !document.querySelector('#composer-files .upload-chip'));
  await page.waitForFunction(() => [...document.querySelectorAll('#messages .msg')].some((m) => m.textContent.includes('screenshot the customer showed') &&
    m.querySelectorAll('a[data-attachment]').length === 2));
  const shown = await page.waitForFunction(() => {
    const img = [...document.querySelectorAll('#messages img.inline-image')].pop();
    return img && img.complete && img.naturalWidth === 1;
  });
  expect(shown, 'the picture is shown');
  const t = new URL(page.url()).pathname.split('/').pop();
  const files = (await api('/api/tickets/' + (await api('/api/tickets/by-number/' + t)).id + '/attachments')).attachments;
  expect(files.filter((f) => f.filename.endsWith('.png')).length === 2 && !files.some((f) => f.filename === 'export.csv'), 'stored: ' + files.map((f) => f.filename));
});

await test('two tickets of one customer merge into one from the queue', async () => {
  const made = await page.evaluate(async () => {
    const me = await (await fetch('/api/me')).json();
    const out = [];
    for (const subject of ['Login loop on the app', 'Login loop again']) {
      const r = await fetch('/api/tickets', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
        body: JSON.stringify({ subject, body: 'I keep landing on the sign-in page.', customer: { email: 'looped@example.org', name: 'Lou Loop' }, priority: 'urgent' }) });
      out.push(await r.json());
    }
    return out;
  });
  await page.goto(base + '/views/open');
  await page.waitForSelector('#queue-body input.pick[data-id="' + made[1].id + '"]');
  await page.check('#queue-body input.pick[data-id="' + made[0].id + '"]');
  await page.check('#queue-body input.pick[data-id="' + made[1].id + '"]');
  await page.waitForSelector('#bulk-merge');
  await page.selectOption('#bulk-merge', String(made[0].id));
  await page.waitForFunction(() => document.querySelector('.toast')?.textContent.includes('merged into #'));
  const gone = await api('/api/tickets/' + made[1].id);
  expect(gone.status === 'closed' && gone.merged_into === made[0].id, 'merged: ' + JSON.stringify({ s: gone.status, m: gone.merged_into }));
});

await test('signing out forgets the drafts kept in this browser', async () => {
  await openRow(0);
  const url = page.url();
  await page.fill('#reply', 'Something half written');
  await page.type('#reply', '.');
  await page.waitForTimeout(400);
  await page.click('button:has-text("Sign out")');
  await page.waitForSelector('#email');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('attune.draft.')).length) === 0, 'no draft left');
  await signInAt(page, base + '/', 'maya@demo.attune', 'attune-demo');
  await page.waitForSelector('#queue-body a.row');
  await page.goto(url);
  await page.waitForSelector('#reply');
  expect(await page.inputValue('#reply') === '', 'none restored');
});

await finish(browser);
