// A service level clock in words, for the queue's badge and the ticket's header.
import { when } from './dom.js';

// Minutes as "2 h 5 min", "1 day 4 h" or "22 days".
export function spanText(min) {
  const m = Math.abs(min);
  if (m < 60) return m + ' min';
  if (m < 1440) return Math.floor(m / 60) + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
  const d = Math.floor(m / 1440), hours = Math.floor(m / 60) % 24;
  return d + (d === 1 ? ' day' : ' days') + (hours && d < 7 ? ' ' + hours + ' h' : '');
}

// The SLA clock nearest its due time, as words; the state is in the text, not only the colour.
// A late clock says how late on the wall clock (due at six last night is late all night, in
// no working minute); a running one, the working time left.
export function slaText(c) {
  if (c.met_at) return c.state === 'met' ? 'met' : 'met late';
  const late = c.late_minutes > 0 || c.minutes_left < 0 || c.state === 'breached';
  if (late) return (c.state === 'paused' ? 'paused, ' : '') + 'overdue ' + spanText(Math.max(c.late_minutes || 0, -Math.min(c.minutes_left, 0)));
  if (c.state === 'paused') return 'paused, ' + spanText(c.minutes_left) + ' left';
  return (c.state === 'warning' ? 'due soon: ' : 'due in ') + spanText(c.minutes_left);
}

// The clock's times for its title: working time left or past, and when it is due.
export function slaTitle(c) {
  if (!c.due_at) return null;
  if (c.met_at) return 'due ' + when(c.due_at) + ', met ' + when(c.met_at);
  const work = c.minutes_left < 0 ? spanText(c.minutes_left) + ' of working time past due'
    : spanText(c.minutes_left) + ' of working time left';
  return work + '; due ' + when(c.due_at);
}
