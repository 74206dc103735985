// Browser test of the admin screens on the demo's data: an admin adds an agent (who signs in
// with what the screen gives), a business-hours calendar with a holiday and a policy that
// uses it, each checked against the API; changes a role and disables an account; reads and
// exports the audit log; makes and revokes an API token; an agent is refused the admin pages
// in the server's words; an address that is no page says so.
// Usage: node admin.mjs BASE_URL
// Environment: CHROMIUM (default /usr/bin/chromium).
import { readFileSync } from 'node:fs';
import { expect, finish, launch, signInAt, test, watch } from './harness.mjs';

const [base] = process.argv.slice(2);
const PASSWORD = 'attune-demo';
const browser = await launch();

async function signIn(email, password = PASSWORD) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  ctx.setDefaultTimeout(8000);
  const page = await ctx.newPage();
  watch(page);
  await signInAt(page, base + '/', email, password);
  await page.waitForSelector('#queue');
  return page;
}
const api = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

const admin = await signIn('admin@demo.attune');
let newPassword = '';

await test('an admin adds an agent in the web app, and the agent signs in', async () => {
  await admin.click('#nav-users');
  await admin.waitForSelector('#users tbody tr');
  await admin.fill('#user-name', 'Omar Haddad');
  await admin.fill('#user-email', 'omar@demo.attune');
  await admin.selectOption('#user-new-role', 'agent');
  await admin.click('#user-add-save');
  // mail is off in the demo: the link waits, and the screen gives a password for now
  await admin.waitForSelector('#user-password');
  newPassword = (await admin.textContent('#user-password')).trim();
  expect(/^[0-9a-f]{16}$/.test(newPassword), 'a password: ' + newPassword);
  await admin.click('.dialog button.primary');
  await admin.waitForSelector('#users tr:has-text("omar@demo.attune")');
  const users = (await api(admin, '/api/users')).users;
  const omar = users.find((u) => u.email === 'omar@demo.attune');
  expect(omar && omar.role === 'agent' && !omar.disabled, 'the API has the agent: ' + JSON.stringify(omar));
  const held = (await api(admin, '/api/jobs?state=held')).jobs;
  expect(held.some((j) => j.kind === 'mail_out'), 'the invitation waits in the outbox');
  const agent = await signIn('omar@demo.attune', newPassword);
  expect((await agent.textContent('.who-name')) === 'Omar Haddad', 'Omar is signed in');
  await agent.context().close();
});

await test('an admin changes a role and disables an account, and a bad change goes back', async () => {
  const omar = (await api(admin, '/api/users')).users.find((u) => u.email === 'omar@demo.attune');
  await admin.selectOption('select.user-role[data-user="' + omar.id + '"]', 'lead');
  await admin.waitForFunction(() => document.querySelector('.toast')?.textContent.includes('is now lead'));
  expect((await api(admin, '/api/users')).users.find((u) => u.id === omar.id).role === 'lead', 'the role is stored');
  await admin.click('button.user-state[data-user="' + omar.id + '"]');
  await admin.waitForFunction((id) => document.querySelector('tr[data-user="' + id + '"] .user-status').textContent === 'disabled', omar.id);
  expect((await api(admin, '/api/users')).users.find((u) => u.id === omar.id).disabled, 'disabled in the API');
  // a disabled account gets no link: the error is said and nothing changes
  await admin.click('button.user-link[data-user="' + omar.id + '"]');
  await admin.waitForFunction(() => document.querySelector('#users-error').textContent.includes('disabled'));
});

await test('an admin adds a calendar with a holiday and a policy on it, entirely in the web app', async () => {
  await admin.click('#nav-levels');
  await admin.waitForSelector('#calendars tbody tr');
  await admin.fill('#cal-name', 'Tokyo office');
  await admin.fill('#cal-tz', 'Asia/Tokyo');
  await admin.uncheck('.cal-day[value=fri]');
  await admin.fill('#cal-open', '10:00');
  await admin.fill('#cal-close', '18:30');
  await admin.fill('#cal-holidays', '2027-01-01, 2027-01-02');
  await admin.click('#calendar-save');
  await admin.waitForSelector('#calendars tr:has-text("Tokyo office")');
  const cal = (await api(admin, '/api/sla/calendars')).calendars.find((c) => c.name === 'Tokyo office');
  expect(cal && cal.tz === 'Asia/Tokyo' && JSON.stringify(cal.hours) === JSON.stringify([{ days: ['mon', 'tue', 'wed', 'thu'], open: '10:00', close: '18:30' }]) &&
    JSON.stringify(cal.holidays) === '["2027-01-01","2027-01-02"]', 'the calendar as stored: ' + JSON.stringify(cal));
  // a zone that does not exist is refused in the server's words, and nothing is added
  await admin.fill('#cal-name', 'Nowhere');
  await admin.fill('#cal-tz', 'Mars/Olympus');
  await admin.click('#calendar-save');
  await admin.waitForFunction(() => document.querySelector('#calendar-error').textContent.length > 0);
  expect(!(await api(admin, '/api/sla/calendars')).calendars.some((c) => c.name === 'Nowhere'), 'nothing added');

  await admin.fill('#pol-name', 'VIP urgent (Tokyo)');
  await admin.selectOption('#pol-priority', 'urgent');
  await admin.fill('#pol-tier', 'vip');
  await admin.selectOption('#pol-calendar', String(cal.id));
  await admin.fill('#pol-first', '30');
  await admin.fill('#pol-next', '90');
  await admin.fill('#pol-resolution', '480');
  await admin.click('#policy-save');
  await admin.waitForSelector('#policies tr:has-text("VIP urgent (Tokyo)")');
  const pol = (await api(admin, '/api/sla/policies')).policies.find((p) => p.name === 'VIP urgent (Tokyo)');
  expect(pol && pol.priority === 'urgent' && pol.tier === 'vip' && pol.calendar_id === cal.id && pol.first_response_minutes === 30 &&
    pol.next_response_minutes === 90 && pol.resolution_minutes === 480, 'the policy as stored: ' + JSON.stringify(pol));
  // changing it: the form fills in, the change is stored
  await admin.click('#policies tr[data-policy="' + pol.id + '"] button:has-text("Change")');
  await admin.waitForFunction(() => document.querySelector('#policy-form-title').textContent.startsWith('Change'));
  expect(await admin.inputValue('#pol-name') === 'VIP urgent (Tokyo)', 'the form holds the policy');
  await admin.fill('#pol-first', '20');
  await admin.click('#policy-save');
  await admin.waitForFunction(() => document.querySelector('.toast')?.textContent.startsWith('Saved'));
  expect((await api(admin, '/api/sla/policies')).policies.find((p) => p.id === pol.id).first_response_minutes === 20, 'changed');
  await admin.click('#policies tr[data-policy="' + pol.id + '"] button:has-text("Delete")');
  await admin.waitForFunction((id) => !document.querySelector('#policies tr[data-policy="' + id + '"]'), pol.id);
});

await test('the audit log shows what the admin did, filters it and exports it as CSV', async () => {
  await admin.click('#nav-audit');
  await admin.waitForSelector('#audit-body tr');
  await admin.fill('#audit-filter', 'user.role');
  const rows = await admin.$$eval('#audit-body tr', (trs) => trs.map((tr) => tr.textContent));
  expect(rows.length >= 1 && rows.every((r) => r.includes('user.role')), 'filtered: ' + rows.join(' | '));
  const [download] = await Promise.all([admin.waitForEvent('download'), admin.click('#audit-csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0] === 'created_at,actor_name,action,target,detail,address', 'the header: ' + lines[0]);
  expect(lines.length === rows.length + 1 && lines.slice(1).every((l) => l.includes('user.role')), 'the rows shown: ' + csv);
});

await test('an API token is shown once and can be revoked', async () => {
  await admin.click('#nav-tokens');
  await admin.fill('#token-name', 'reporting');
  await admin.click('#token-create');
  await admin.waitForSelector('#new-token');
  const token = await admin.inputValue('#new-token');
  expect(/^at_[0-9a-f]{64}$/.test(token), 'a token: ' + token);
  const r = await admin.evaluate(async (t) => (await fetch('/api/me', { headers: { Authorization: 'Bearer ' + t }, credentials: 'omit' })).status, token);
  expect(r === 200, 'the token works: ' + r);
  await admin.click('#tokens tr:has-text("reporting") button:has-text("Revoke")');
  await admin.waitForFunction(() => !document.querySelector('#new-token') && !document.body.textContent.includes('reporting'));
  const after = await admin.evaluate(async (t) => (await fetch('/api/me', { headers: { Authorization: 'Bearer ' + t }, credentials: 'omit' })).status, token);
  expect(after === 401, 'revoked: ' + after);
});

await test('a macro that sets fields is made on the macros page and changes the ticket it is used on', async () => {
  await admin.click('#manage-macros');
  await admin.waitForSelector('#new-title');
  await admin.fill('#new-title', 'Refund sent (sets pending)');
  await admin.fill('#new-body', 'Hi {{customer.first_name}}, your refund is on its way.');
  await admin.selectOption('#new-status', 'pending');
  await admin.selectOption('#new-assignee', 'me');
  await admin.fill('#new-tags', 'refund, Billing');
  await admin.click('form[aria-label="New macro"] button[type=submit]');
  await admin.waitForFunction(() => document.querySelector('.toast')?.textContent === 'Macro added');
  const m = (await api(admin, '/api/macros?q=refund+sent')).macros[0];
  expect(m && m.actions.status === 'pending' && m.actions.assignee === 'me' && JSON.stringify(m.actions.add_tags) === '["billing","refund"]' &&
    Object.keys(m.actions).length === 3, 'stored: ' + JSON.stringify(m && m.actions));
  const t = (await api(admin, '/api/tickets?view=unassigned&limit=1')).tickets[0];
  await admin.goto(base + '/tickets/' + t.number);
  await admin.waitForSelector('#reply');
  await admin.keyboard.press('m');
  await admin.fill('#macro-search', 'refund sent');
  await admin.waitForSelector('#macro-list button.macro:has-text("also sets")');
  await admin.click('#macro-list button.macro');
  await admin.waitForFunction(() => document.querySelector('#reply').value.includes('your refund is on its way'));
  await admin.waitForFunction(() => document.querySelector('#status').value === 'pending');
  const after = await api(admin, '/api/tickets/' + t.id);
  const me = (await api(admin, '/api/me')).user;
  expect(after.status === 'pending' && after.assignee_id === me.id && after.tags.includes('refund'), 'the ticket: ' + JSON.stringify({ s: after.status, a: after.assignee_id, t: after.tags }));
  expect((await admin.textContent('.toast')).includes('status pending, assigned to you'), 'said: ' + await admin.textContent('.toast'));
});

await test('an agent is refused the admin pages in the server\'s words, and has no admin links', async () => {
  const agent = await signIn('maya@demo.attune');
  expect(!(await agent.$('#nav-users')) && !(await agent.$('#nav-levels')) && !(await agent.$('#nav-audit')), 'no admin links');
  await agent.goto(base + '/users');
  await agent.waitForSelector('#page-refused');
  const said = await agent.textContent('#page-refused');
  expect(said.startsWith('Users and roles is for admins'), 'refused: ' + said);
  await agent.context().close();
});

await test('an address that is no page says so, with the way back', async () => {
  await admin.goto(base + '/no-such-page');
  await admin.waitForSelector('#not-found');
  expect(/^(\(\d+\) )?Page not found/.test(await admin.title()), 'title: ' + (await admin.title()));
  expect((await admin.textContent('#not-found')).includes('/no-such-page'), 'names the address');
  await admin.click('text=Go to the queue');
  await admin.waitForFunction(() => location.pathname.startsWith('/views/'));
});

await finish(browser);
