// Service levels (/service-levels, admins): the business-hours calendars with their holidays,
// and the policies that set each clock's target by priority and tier. Adding and changing
// both; deleting a policy (never the default).
import { del, get, patch, post } from '../api.js';
import { $, clear, h, toast } from '../dom.js';
import { newest } from '../stale.js';
import { PRIORITIES, label } from '../vocabulary.js';
import { errorLine, frame } from './frame.js';

const DAYS = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']];
const reads = newest();
let ctx = null;
let pane = null;

const hoursText = (c) => c.hours.map((x) => x.days.map((d) => d.slice(0, 1).toUpperCase() + d.slice(1)).join(' ') + ' ' + x.open + '–' + x.close).join('; ');
const minutes = (m) => (m % 1440 === 0 && m ? m / 1440 + ' d' : m % 60 === 0 && m ? m / 60 + ' h' : m + ' min');

function field(id, text, input, help) {
  return [h('label', { for: id }, text), input, help ? h('p', { class: 'muted small' }, help) : null];
}

// The calendar form: a new one, or `c` to change.
function calendarForm(c) {
  const err = errorLine(ctx, 'calendar-error');
  const days = DAYS.map(([v, l]) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: v, class: 'cal-day', checked: c ? c.hours.some((x) => x.days.includes(v)) : ['mon', 'tue', 'wed', 'thu', 'fri'].includes(v) }), l));
  const first = c && c.hours[0];
  const f = h('form', { class: 'card settings-form', id: 'calendar-form', 'aria-labelledby': 'calendar-form-title' },
    h('h3', { id: 'calendar-form-title' }, c ? 'Change ' + c.name : 'Add a calendar'),
    ...field('cal-name', 'Name', h('input', { id: 'cal-name', required: true, value: c ? c.name : '' })),
    ...field('cal-tz', 'Time zone', h('input', { id: 'cal-tz', required: true, value: c ? c.tz : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', placeholder: 'Europe/Berlin' }),
      'A zone of the tz database, like Europe/Berlin or America/New_York.'),
    h('fieldset', { class: 'days' }, h('legend', {}, 'Open on'), days),
    h('div', { class: 'row' },
      h('div', {}, ...field('cal-open', 'Opens', h('input', { id: 'cal-open', type: 'time', required: true, value: first ? first.open : '09:00' }))),
      h('div', {}, ...field('cal-close', 'Closes', h('input', { id: 'cal-close', type: 'time', required: true, value: first && first.close !== '24:00' ? first.close : first ? '23:59' : '17:00' })))),
    ...field('cal-holidays', 'Holidays', h('textarea', { id: 'cal-holidays', rows: 2, placeholder: '2026-12-24, 2026-12-25' }, c ? c.holidays.join(', ') : ''),
      'Dates (YYYY-MM-DD) when the clocks stop all day, separated by commas or lines.'),
    err,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'calendar-save' }, c ? 'Save calendar' : 'Add calendar'),
      c ? h('button', { type: 'button', onclick: () => show() }, 'Cancel') : null));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.show();
    const body = {
      name: $('#cal-name').value, tz: $('#cal-tz').value.trim(),
      hours: [{ days: [...f.querySelectorAll('.cal-day:checked')].map((x) => x.value), open: $('#cal-open').value, close: $('#cal-close').value }],
      holidays: $('#cal-holidays').value.split(/[\s,]+/).filter(Boolean),
    };
    if (!body.hours[0].days.length) { err.show(new Error('Choose at least one day the calendar is open.')); return; }
    try {
      const r = c ? await patch('/api/sla/calendars/' + c.id, body) : await post('/api/sla/calendars', body);
      toast((c ? 'Saved ' : 'Added ') + r.name);
      await show();
    } catch (e) { err.show(e); }
  });
  return f;
}

function policyForm(p, calendars) {
  const err = errorLine(ctx, 'policy-error');
  const num = (id, v, min) => h('input', { id, type: 'number', min: min ?? 0, step: 1, required: true, value: v });
  const f = h('form', { class: 'card settings-form', id: 'policy-form', 'aria-labelledby': 'policy-form-title' },
    h('h3', { id: 'policy-form-title' }, p ? 'Change ' + p.name : 'Add a policy'),
    ...field('pol-name', 'Name', h('input', { id: 'pol-name', required: true, value: p ? p.name : '' })),
    h('div', { class: 'row' },
      h('div', {}, ...field('pol-priority', 'For priority', h('select', { id: 'pol-priority', disabled: p && p.default },
        h('option', { value: '' }, 'any'), PRIORITIES.map((x) => h('option', { value: x, selected: p && p.priority === x }, label('priorities', x)))))),
      h('div', {}, ...field('pol-tier', 'For customer tier', h('input', { id: 'pol-tier', value: p && p.tier ? p.tier : '', placeholder: 'any', disabled: p && p.default })))),
    ...field('pol-calendar', 'Calendar', h('select', { id: 'pol-calendar' },
      calendars.map((c) => h('option', { value: c.id, selected: p ? p.calendar_id === c.id : c.id === 1 }, c.name)))),
    h('div', { class: 'row' },
      h('div', {}, ...field('pol-first', 'First response (minutes)', num('pol-first', p ? p.first_response_minutes : 60))),
      h('div', {}, ...field('pol-next', 'Next response (minutes)', num('pol-next', p ? p.next_response_minutes : 240))),
      h('div', {}, ...field('pol-resolution', 'Resolution (minutes)', num('pol-resolution', p ? p.resolution_minutes : 1440)))),
    ...field('pol-follow', 'Check-in after solving (hours)', num('pol-follow', p ? p.follow_up_hours : 72), 'Minutes count on the calendar\'s open hours only. 0 hours: no check-in.'),
    err,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'policy-save' }, p ? 'Save policy' : 'Add policy'),
      p ? h('button', { type: 'button', onclick: () => show() }, 'Cancel') : null));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.show();
    const body = {
      name: $('#pol-name').value, calendar_id: Number($('#pol-calendar').value),
      first_response_minutes: Number($('#pol-first').value), next_response_minutes: Number($('#pol-next').value),
      resolution_minutes: Number($('#pol-resolution').value), follow_up_hours: Number($('#pol-follow').value),
    };
    if (!p || !p.default) { body.priority = $('#pol-priority').value || null; body.tier = $('#pol-tier').value.trim() || null; }
    try {
      const r = p ? await patch('/api/sla/policies/' + p.id, body) : await post('/api/sla/policies', body);
      toast((p ? 'Saved ' : 'Added ') + r.name);
      await show();
    } catch (e) { err.show(e); }
  });
  return f;
}

async function show(edit) {
  const fresh = reads.next();
  let cals, pols;
  try {
    [cals, pols] = await Promise.all([get('/api/sla/calendars'), get('/api/sla/policies')]);
  } catch (e) { if (fresh()) ctx.fail(e); return; }
  if (!fresh()) return;
  const calendars = cals.calendars;
  const err = errorLine(ctx, 'levels-error');
  const remove = async (p) => {
    err.show();
    try { await del('/api/sla/policies/' + p.id); toast('Deleted ' + p.name); await show(); } catch (e) { err.show(e); }
  };
  clear(pane).append(frame(ctx, 'Service levels',
    h('p', { class: 'muted' }, 'Each ticket follows the most specific policy for its priority and its customer\'s tier; its clocks run on the policy\'s calendar. Changes apply to a ticket from its next change on.'),
    err,
    h('h3', {}, 'Calendars'),
    h('table', { class: 'grid', id: 'calendars' },
      h('thead', {}, h('tr', {}, ['Name', 'Time zone', 'Open', 'Holidays', ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, calendars.map((c) => h('tr', { 'data-calendar': c.id },
        h('th', { scope: 'row' }, c.name), h('td', {}, c.tz), h('td', {}, hoursText(c)),
        h('td', {}, c.holidays.length ? c.holidays.join(', ') : '—'),
        h('td', { class: 'actions' }, h('button', { type: 'button', class: 'quiet', onclick: () => show({ calendar: c }) }, 'Change')))))),
    calendarForm(edit && edit.calendar),
    h('h3', {}, 'Policies'),
    h('table', { class: 'grid', id: 'policies' },
      h('thead', {}, h('tr', {}, ['Name', 'Priority', 'Tier', 'Calendar', 'First response', 'Next response', 'Resolution', 'Check-in', ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, pols.policies.map((p) => h('tr', { 'data-policy': p.id },
        h('th', { scope: 'row' }, p.name, p.default ? h('span', { class: 'muted' }, ' (default)') : null),
        h('td', {}, p.priority ? label('priorities', p.priority) : 'any'), h('td', {}, p.tier || 'any'), h('td', {}, p.calendar_name),
        h('td', {}, minutes(p.first_response_minutes)), h('td', {}, minutes(p.next_response_minutes)), h('td', {}, minutes(p.resolution_minutes)),
        h('td', {}, p.follow_up_hours ? p.follow_up_hours + ' h' : 'none'),
        h('td', { class: 'actions' }, h('button', { type: 'button', class: 'quiet', onclick: () => show({ policy: p }) }, 'Change'),
          p.default ? null : h('button', { type: 'button', class: 'quiet danger', onclick: () => remove(p) }, 'Delete')))))),
    policyForm(edit && edit.policy, calendars)));
  if (edit) (edit.calendar ? $('#cal-name') : $('#pol-name'))?.focus(); else $('#page-title').focus();
}

export default {
  mount(p, c) { ctx = c; pane = p; return show(); },
  leave() { reads.drop(); },
};
