// The JSON API client. Every failure becomes an ApiError whose message is
// the server's {"error":{"message"}} (or a plain description of a network
// failure), ready to show to the user.

export class ApiError extends Error {
  constructor(message, { status = 0, kind = 'network', body = null } = {}) {
    super(message);
    this.status = status;
    this.kind = kind;
    this.body = body;
  }
}

// The session's CSRF token (team mode; see session.js): sent with every
// change as X-CSRF-Token. Empty on a loopback server.
let csrfToken = '';
export function setCsrfToken(token) { csrfToken = token || ''; }

// Team mode: a 401 means the session ended; the app shows the sign-in page.
function noticeSignedOut(status, kind, path) {
  if (status === 401 && kind === 'unauthorized' && path !== '/api/v1/session') {
    window.dispatchEvent(new CustomEvent('grounded:signed-out'));
  }
}

async function parse(response, path) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const error = body && body.error;
    noticeSignedOut(response.status, error && error.kind, path);
    throw new ApiError(error && error.message ? error.message : `The server answered ${response.status} ${response.statusText}`,
      { status: response.status, kind: error ? error.kind : 'http', body });
  }
  return body;
}

/** fetch + JSON + errors. options: {method, json, body, signal}. */
export async function api(path, { method = 'GET', json, body, signal } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json' } };
  if (method !== 'GET' && csrfToken) init.headers['X-CSRF-Token'] = csrfToken;
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) init.body = body;
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('Cannot reach the Grounded server. Is `grounded serve` still running?');
  }
  return parse(response, path);
}

export const get = (path, options) => api(path, options);
export const post = (path, json) => api(path, { method: 'POST', json });
export const patch = (path, json) => api(path, { method: 'PATCH', json });
export const put = (path, json) => api(path, { method: 'PUT', json });
export const del = (path) => api(path, { method: 'DELETE' });

/** A query string from an object, skipping empty values; arrays repeat the key. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
    else search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * POSTs FormData with upload progress (XHR: fetch has no upload progress).
 * onProgress(loaded, total). Resolves to the parsed JSON body.
 */
export function uploadForm(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(body); return; }
      noticeSignedOut(xhr.status, body && body.error && body.error.kind, path);
      reject(new ApiError(body && body.error ? body.error.message : `The server answered ${xhr.status}`,
        { status: xhr.status, kind: body && body.error ? body.error.kind : 'http', body }));
    });
    xhr.addEventListener('error', () => reject(new ApiError('The upload was interrupted: cannot reach the server.')));
    xhr.addEventListener('abort', () => reject(new ApiError('The upload was cancelled.', { kind: 'aborted' })));
    xhr.send(formData);
  });
}

/** Polls a job until it is done or failed; onUpdate(job) on every poll. */
export async function waitForJob(id, onUpdate, intervalMs = 300) {
  for (;;) {
    const job = await get(`/api/v1/jobs/${encodeURIComponent(id)}`);
    onUpdate?.(job);
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
