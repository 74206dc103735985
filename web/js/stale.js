// Guards against stale responses: an answer to an older request never overwrites a newer one.
// Every such guard of the console is one of these two.
//
// newest(): only the newest request counts (opening a ticket, a search, the coach's reading):
//   const reads = newest();
//   const fresh = reads.next();      // a new request; every earlier one is now stale
//   const r = await get(...);
//   if (!fresh()) return;            // a newer request was made meanwhile: drop this answer
// reads.now() checks the request in flight without starting a new one (a "Show more" that
// must not land on a list read again meanwhile); reads.drop() makes every request stale.
export function newest() {
  let generation = 0;
  const check = (mine) => () => mine === generation;
  return {
    next: () => check(++generation),
    now: () => check(generation),
    drop: () => { generation++; },
  };
}

// inOrder(): every answer counts unless a later request's answer was shown first (reading
// the open ticket again: the poll's and a change's reads may overlap, and both are news):
//   const reads = inOrder();
//   const answer = reads.next();
//   const t = await get(...);
//   if (!answer.take()) return;      // a later answer is on screen already: this one is old
// take() may be asked again after a further await; drop() makes every request stale.
export function inOrder() {
  let asked = 0;
  let shown = 0;
  return {
    next() {
      const mine = ++asked;
      return { take: () => { if (mine < shown) return false; shown = mine; return true; } };
    },
    drop() { shown = ++asked; },
  };
}
