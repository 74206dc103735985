// The survey behind a link: opening it only shows the form; sending the form records the answer.
import { api } from './api.js';
import { $, clear, h, when } from './dom.js';
import { announce } from './live.js';

const app = $('#app');
const token = decodeURIComponent(location.pathname.replace(/^\/survey\//, '').replace(/\/$/, ''));
const path = '/api/surveys/' + encodeURIComponent(token);

const QUESTIONS = {
  csat: { text: 'How satisfied are you with the help you got?', from: 1, to: 5, low: 'Very unsatisfied', high: 'Very satisfied' },
  understood: { text: 'Did you feel understood?', from: 1, to: 5, low: 'Not at all', high: 'Completely' },
  effort: { text: 'How easy was it to get your issue handled?', from: 1, to: 7, low: 'Very difficult', high: 'Very easy' },
  nps: { text: 'How likely are you to recommend us to a friend or colleague?', from: 0, to: 10, low: 'Not at all likely', high: 'Extremely likely' },
};


function focusHeading() {
  const hd = app.querySelector('h2');
  if (hd) { hd.setAttribute('tabindex', '-1'); hd.focus(); }
}

function problem(message) {
  clear(app).append(h('section', { class: 'card', 'aria-labelledby': 'sv-h' },
    h('h2', { id: 'sv-h' }, 'This survey cannot be opened'),
    h('p', { class: 'error', role: 'alert' }, message),
    h('p', {}, h('a', { href: '/portal' }, 'Go to the help centre'))));
  document.title = 'Survey · attune';
  focusHeading();
}

function scale(name, q, value) {
  const options = [];
  for (let v = q.from; v <= q.to; v++) {
    const id = 'sv-' + name + '-' + v;
    const hint = v === q.from ? ' – ' + q.low : v === q.to ? ' – ' + q.high : '';
    options.push(h('label', { for: id, class: 'choice' },
      h('input', { type: 'radio', id, name, value: String(v), checked: value === v }),
      h('span', {}, String(v), hint ? h('span', { class: 'sr-only' }, hint) : null)));
  }
  const err = h('p', { class: 'error', id: 'sv-err-' + name, role: 'alert' });
  return h('fieldset', { class: 'scale-q', id: 'sv-q-' + name, 'aria-describedby': 'sv-ends-' + name + ' sv-err-' + name },
    h('legend', {}, q.text),
    h('div', { class: 'scale', role: 'presentation' }, options),
    h('div', { class: 'scale-ends muted small', id: 'sv-ends-' + name, 'aria-hidden': 'true' },
      h('span', {}, q.from + ' = ' + q.low), h('span', {}, q.to + ' = ' + q.high)),
    err);
}

function chosen(form, name) {
  const c = form.querySelector('input[name="' + name + '"]:checked');
  return c ? Number(c.value) : null;
}

function showForm(s) {
  const a = s.answer || {};
  const asked = s.questions.filter((q) => q !== 'comment');
  const comment = h('textarea', { id: 'sv-comment', name: 'comment', rows: 4, maxlength: 2000 }, a.comment || '');
  const err = h('p', { class: 'error', role: 'alert', id: 'sv-err' });
  const form = h('form', { id: 'survey-form', novalidate: true },
    asked.map((q) => scale(q, QUESTIONS[q], a[q])),
    h('label', { for: 'sv-comment' }, 'Anything else you want to tell us? (optional)'), comment,
    err,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, s.answer ? 'Save my changes' : 'Send my answer')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const e of form.querySelectorAll('.error')) e.textContent = '';
    const body = { comment: comment.value };
    let first = null;
    for (const q of asked) {
      const v = chosen(form, q);
      if (v === null && q !== 'nps') {
        $('#sv-err-' + q).textContent = 'Please choose a number.';
        if (!first) first = q;
      }
      if (v !== null) body[q] = v;
    }
    if (first) { form.querySelector('input[name="' + first + '"]').focus(); return; }
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const r = await api('POST', path, body);
      showThanks(r, true);
    } catch (e) {
      const box = e.field && $('#sv-err-' + e.field);
      (box || err).textContent = e.message;
      if (e.status === 409 || e.status === 410) problem(e.message);
      else if (e.field && form.querySelector('[name="' + e.field + '"]')) form.querySelector('[name="' + e.field + '"]').focus();
    } finally { btn.disabled = false; }
  });
  clear(app).append(h('section', { class: 'card', 'aria-labelledby': 'sv-h' },
    h('h2', { id: 'sv-h' }, 'How did we do, ' + s.customer.first_name + '?'),
    h('p', { class: 'muted' }, 'About your request #' + s.ticket.number + ' “' + s.ticket.subject + '”. ',
      'It takes under a minute; nothing is recorded until you send it.'),
    form));
  document.title = 'How did we do? · attune';
  focusHeading();
}

function showThanks(s, justSent) {
  const editable = s.editable && s.state === 'editable';
  clear(app).append(h('section', { class: 'card thanks', 'aria-labelledby': 'sv-h' },
    h('h2', { id: 'sv-h' }, 'Thank you, ' + s.customer.first_name + '!'),
    h('p', {}, justSent ? 'Your answer is recorded. It helps us do better for you and for others.'
      : 'We have your answer about request #' + s.ticket.number + ' “' + s.ticket.subject + '”.'),
    editable
      ? h('p', {}, 'You can change it until ' + when(s.edit_until) + '. ',
        h('a', { href: location.pathname, id: 'sv-edit', onclick: (ev) => { ev.preventDefault(); showForm(s); } }, 'Change your answer'))
      : h('p', { class: 'muted' }, 'Your answer is final now.'),
    h('p', {}, h('a', { href: '/portal' }, 'Go to the help centre'))));
  document.title = 'Thank you · attune';
  focusHeading();
  if (justSent) announce('Thank you, your answer is recorded.');
}

(async () => {
  if (!/^[0-9a-f]{64}$/.test(token)) {
    problem('This link is not complete. Open the whole link from the mail we sent, or the survey card in the help centre.');
    return;
  }
  let s;
  try {
    s = await api('GET', path);
  } catch (e) {
    problem(e.status === 404 ? 'We do not know this link. Open the link from the mail we sent again, or the survey card in the help centre.'
      : e.message);
    return;
  }
  if (s.answer) showThanks(s, false); else showForm(s);
})();
