// The window's title: the page's own, after the count of what waits for the person signed in
// ("(3) #1039 Charged twice · attune"), so a tab in the background says when work arrives.
let base = 'attune';
let waiting = 0;

function paint() { document.title = (waiting > 0 ? '(' + waiting + ') ' : '') + base; }

export function setTitle(text) { base = text; paint(); }
export function setWaiting(n) { waiting = n > 0 ? n : 0; paint(); }
