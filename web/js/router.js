// The hash router, view registry and the shell services views share
// (context panel, toast, confirm dialog).
//
// A view registers itself (see views/index.js):
//
//   registerView({
//     path: '/persona/:id/review',   // ":name" segments become params.name
//     nav: 'personas',               // the left-navigation item to mark current
//     title: 'Review persona',       // document title
//     shortcuts: [['a', 'Accept']],  // listed in the "?" overlay while the view is shown
//     render(main, { params, query, signal }) {
//       // build into `main` with dom.js; `query` is a URLSearchParams of the
//       // part after "?"; `signal` aborts when the user navigates away.
//       return { onKey(event) { return false; }, dispose() {} };  // both optional
//     },
//   });
//
// A real view replaces a placeholder registered for the same path.
import { h, replace } from './dom.js';

const views = new Map();
let current = null;  // {view, controller, handle}

export function registerView(view) {
  const existing = views.get(view.path);
  if (existing && !existing.placeholder && view.placeholder) return;
  const names = [];
  const pattern = new RegExp('^' + view.path.replace(/:([a-z_]+)/gi, (_, name) => { names.push(name); return '([^/]+)'; }) + '$');
  views.set(view.path, { ...view, pattern, names });
}

/** Splits "#/search?q=x" into its path and URLSearchParams. */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/library';
  const [path, search = ''] = raw.split('?');
  return { path: path || '/library', query: new URLSearchParams(search) };
}

/** Navigates to "#/path" with query parameters (an object or URLSearchParams). */
export function navigate(path, params) {
  const search = params ? new URLSearchParams(params).toString() : '';
  location.hash = `#${path}${search ? `?${search}` : ''}`;
}

/** Rewrites the URL's query without re-rendering (filters typed in place). */
export function replaceQuery(params) {
  const { path } = parseHash();
  const search = new URLSearchParams(params).toString();
  history.replaceState(null, '', `#${path}${search ? `?${search}` : ''}`);
}

function match(path) {
  for (const view of views.values()) {
    const m = view.pattern.exec(path);
    if (m) return { view, params: Object.fromEntries(view.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

export function render() {
  const main = document.getElementById('main');
  if (current) {
    current.controller.abort();
    try { current.handle?.dispose?.(); } catch (e) { console.error(e); }
  }
  const { path, query } = parseHash();
  if (path === '/' || path === '') return navigate('/library');
  const found = match(path);
  const controller = new AbortController();
  current = { view: found?.view, controller, handle: null };
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (found && a.dataset.nav === found.view.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  replace(main);
  if (!found) {
    document.title = 'Not found — Grounded';
    main.append(h('div', { class: 'empty' }, h('h1', null, 'Nothing here'),
      h('p', null, `There is no page at “${path}”.`), h('a', { href: '#/library', class: 'button' }, 'Go to the library')));
    return;
  }
  document.title = `${found.view.title} — Grounded`;
  try {
    const handle = found.view.render(main, { params: found.params, query, signal: controller.signal });
    if (handle && typeof handle.then === 'function') {
      handle.then((resolved) => { if (current?.controller === controller) current.handle = resolved; })
        .catch((e) => { if (e.name !== 'AbortError') showError(main, e); });
    } else current.handle = handle;
  } catch (e) {
    showError(main, e);
  }
}

export function currentView() { return current; }

export function showError(container, error) {
  container.append(h('div', { class: 'error-box', role: 'alert' }, error.message || String(error)));
}

// ---- Shell services --------------------------------------------------------

export const panel = {
  /** Opens the right-hand context panel with a title and content nodes. */
  open(title, ...content) {
    const el = document.getElementById('panel');
    document.getElementById('panel-title').textContent = title;
    replace(document.getElementById('panel-body'), ...content);
    el.hidden = false;
    document.getElementById('app').classList.add('has-panel');
  },
  close() {
    const el = document.getElementById('panel');
    if (el.hidden) return false;
    el.hidden = true;
    document.getElementById('app').classList.remove('has-panel');
    return true;
  },
};

let toastTimer = 0;
/** A short status message at the bottom of the window. */
export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('visible'), 3000);
}

/** Resolves true when the user confirms (a <dialog>, not window.confirm). */
export function confirmAction(title, text, okLabel = 'Delete') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}
