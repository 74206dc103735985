// Announcements to screen readers: one polite aria-live region, #live, on every page of the app.
// The text is set anew after a moment, so saying the same thing twice is heard twice.
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 30);
}
