// The live stream (GET /api/events): the server tells each ticket change as it commits, and
// who is viewing or writing on a ticket. The browser's EventSource reconnects by itself and
// resumes from the last event it heard; `reset` means events were missed, so read everything.
// handlers: ticket(data), presence(data), mention(data), reset(), open(), error(); each optional.
export function listen(handlers) {
  let src = null;
  const call = (name, arg) => { if (handlers[name]) handlers[name](arg); };
  const parse = (ev) => { try { return JSON.parse(ev.data); } catch (_) { return null; } };

  function connect() {
    src = new EventSource('/api/events', { withCredentials: true });
    src.addEventListener('open', () => call('open'));
    src.addEventListener('error', () => {
      call('error');
      // a refusal (signed out, too many streams) closes it for good; try again later
      if (src && src.readyState === EventSource.CLOSED) { src = null; setTimeout(() => { if (!closed) connect(); }, 10000); }
    });
    src.addEventListener('ticket', (ev) => { const d = parse(ev); if (d) call('ticket', d); });
    src.addEventListener('presence', (ev) => { const d = parse(ev); if (d) call('presence', d); });
    src.addEventListener('mention', (ev) => { const d = parse(ev); if (d) call('mention', d); });
    src.addEventListener('reset', () => call('reset'));
  }
  let closed = false;
  connect();
  return {
    close() {
      closed = true;
      if (src) src.close();
      src = null;
    },
  };
}
