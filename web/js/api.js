// The JSON API, with the CSRF token of the session for writes.
let csrf = null;

export class ApiError extends Error {
  constructor(status, error) {
    super(error && error.message ? error.message : 'HTTP ' + status);
    this.status = status;
    this.code = error && error.code;
    this.field = error && error.field;
    this.error = error || null; // the whole error: some carry more (a held reply's score and reasons)
  }
}

export function setCsrf(token) { csrf = token; }

export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (_) {
    // no answer at all: the server is down or the network is gone (status 0)
    throw new ApiError(0, { code: 'offline', message: 'attune cannot be reached; nothing was saved. Check the connection and try again.' });
  }
  let data = null;
  try { data = await res.json(); } catch (_) { data = null; }
  if (!res.ok) throw new ApiError(res.status, data && data.error);
  return data;
}

// A write that must go out as the page goes away (fetch's keepalive); its answer is not read.
export function beacon(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  try { fetch(path, { method: 'POST', headers, credentials: 'same-origin', keepalive: true, body: JSON.stringify(body) }); } catch (_) { /* gone */ }
}

// Sends a file's bytes as the body (POST /api/tickets/{id}/uploads), its type as Content-Type.
export async function upload(path, file, name) {
  const headers = { 'Content-Type': file.type || 'application/octet-stream' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path + '?filename=' + encodeURIComponent(name || file.name || 'file'), { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch (_) {
    throw new ApiError(0, { code: 'offline', message: 'attune cannot be reached; the file was not sent. Check the connection and try again.' });
  }
  let data = null;
  try { data = await res.json(); } catch (_) { data = null; }
  if (!res.ok) throw new ApiError(res.status, data && data.error);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

// Signs in (or reuses the session) and remembers the CSRF token.
export async function me() {
  try {
    const r = await get('/api/me');
    setCsrf(r.csrf);
    return r.user;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export async function login(email, password) {
  const r = await post('/api/login', { email, password });
  setCsrf(r.csrf);
  return r.user;
}
