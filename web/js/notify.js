// Desktop notifications, if the person asks for them (a button in the header; the choice is
// kept in this browser): while the console's tab is in the background, a new ticket nobody
// has yet, or a customer writing on one of your tickets, shows a notification; clicking it
// opens the ticket.
import { get } from './api.js';
import { h } from './dom.js';

const KEY = 'attune.notify';
const supported = () => typeof Notification !== 'undefined';
const wanted = () => supported() && localStorage.getItem(KEY) === 'on' && Notification.permission === 'granted';

function label(btn) {
  const on = wanted();
  btn.setAttribute('aria-pressed', String(on));
  btn.title = on ? 'Desktop notifications are on (click to turn off)' : 'Turn on desktop notifications';
  btn.textContent = on ? 'Notifications on' : 'Notify me';
}

// The header's button; null where the browser has no notifications.
export function button() {
  if (!supported()) return null;
  const btn = h('button', { type: 'button', id: 'notify', class: 'quiet' });
  btn.addEventListener('click', async () => {
    if (wanted()) localStorage.setItem(KEY, 'off');
    else {
      const p = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      localStorage.setItem(KEY, p === 'granted' ? 'on' : 'off');
      if (p === 'denied') btn.title = 'This browser blocks notifications for attune; allow them in its site settings.';
    }
    label(btn);
  });
  label(btn);
  return btn;
}

// A ticket event of the live stream: notify when it is for `me` and nobody is looking.
export async function heard(d, me, open) {
  if (!wanted() || !document.hidden || !d.ticket_id || d.by === me.id) return;
  const what = d.what || [];
  if (!what.includes('created') && !what.includes('customer_message')) return;
  let t;
  try { t = await get('/api/tickets/' + d.ticket_id); } catch (_) { return; }
  const mine = t.assignee_id === me.id;
  const unclaimed = t.assignee_id === null && what.includes('created');
  if (!mine && !unclaimed) return;
  const last = t.messages[t.messages.length - 1];
  const n = new Notification((what.includes('created') ? 'New ticket #' : 'New message on #') + t.number + ' ' + t.subject, {
    body: last ? last.author_name + ': ' + last.body.slice(0, 140) : '', tag: 'ticket-' + t.id,
  });
  n.onclick = () => { window.focus(); open('/tickets/' + t.number); n.close(); };
}

// A colleague mentioned `me`: a notification while the tab is in the background.
export function mention(text, t, open) {
  if (!wanted() || !document.hidden) return;
  const n = new Notification(text, { body: t.subject, tag: 'mention-' + t.id });
  n.onclick = () => { window.focus(); open('/tickets/' + t.number); n.close(); };
}
