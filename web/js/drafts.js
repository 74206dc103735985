// Drafts kept in this browser, per person and ticket: a reply half written survives a reload,
// another ticket opened in between, or a closed tab. Signing out forgets them all; a draft
// untouched for 30 days is dropped.
const PREFIX = 'attune.draft.';
const MAX_AGE = 30 * 24 * 3600 * 1000;

const key = (userId, ticketId) => PREFIX + userId + '.' + ticketId;

export function saveDraft(userId, ticketId, text, mode) {
  try {
    if (text.trim()) localStorage.setItem(key(userId, ticketId), JSON.stringify({ text, mode, at: Date.now() }));
    else localStorage.removeItem(key(userId, ticketId));
  } catch (_) { /* storage full or off: the draft lives only on screen */ }
}

// { text, mode, at } or null.
export function loadDraft(userId, ticketId) {
  try {
    const d = JSON.parse(localStorage.getItem(key(userId, ticketId)) || 'null');
    if (!d || typeof d.text !== 'string') return null;
    if (Date.now() - d.at > MAX_AGE) { localStorage.removeItem(key(userId, ticketId)); return null; }
    return d;
  } catch (_) { return null; }
}

export function dropDraft(userId, ticketId) {
  try { localStorage.removeItem(key(userId, ticketId)); } catch (_) { /* nothing kept */ }
}

export function forgetDrafts() {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
  } catch (_) { /* nothing kept */ }
}
