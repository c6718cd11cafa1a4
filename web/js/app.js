// Grounded's browser UI: starts the router and the global keyboard shortcuts.
import { h, replace } from './dom.js';
import { currentView, navigate, panel, parseHash, render } from './router.js';
import { loadSession, needsSignIn, signOut } from './session.js';
import './views/index.js';

const GLOBAL_SHORTCUTS = [
  ['/', 'Focus search'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close the context panel or dialog'],
  ['g then l', 'Go to the library'],
  ['g then s', 'Go to search'],
  ['g then u', 'Go to upload'],
];

function typing(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function showShortcuts() {
  const dialog = document.getElementById('shortcuts');
  const viewShortcuts = currentView()?.view?.shortcuts || [];
  const list = document.getElementById('shortcuts-list');
  replace(list, [...GLOBAL_SHORTCUTS, ...viewShortcuts].map(([key, what]) => [h('dt', null, h('kbd', null, key)), h('dd', null, what)]));
  if (!dialog.open) dialog.showModal();
}

function focusSearch() {
  const input = document.querySelector('[data-search-input]');
  if (input) {
    input.focus();
    input.select();
  } else {
    navigate('/search');
    requestAnimationFrame(() => document.querySelector('[data-search-input]')?.focus());
  }
}

let pendingG = false;
document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'Escape') {
    if (panel.close()) event.preventDefault();
    return;
  }
  if (typing(event.target) || document.querySelector('dialog[open]')) return;
  if (pendingG) {
    pendingG = false;
    const go = { l: '/library', s: '/search', u: '/upload', r: '/review', p: '/personas' }[event.key];
    if (go) { event.preventDefault(); navigate(go); return; }
  }
  if (event.key === 'g') { pendingG = true; setTimeout(() => { pendingG = false; }, 1200); return; }
  if (event.key === '/') { event.preventDefault(); focusSearch(); return; }
  if (event.key === '?') { event.preventDefault(); showShortcuts(); return; }
  const handle = currentView()?.handle;
  if (handle?.onKey && handle.onKey(event)) event.preventDefault();
});

document.getElementById('shortcuts-button').addEventListener('click', showShortcuts);
document.getElementById('panel-close').addEventListener('click', () => panel.close());
// Team mode: nobody signed in sees only the sign-in page, which returns to
// the page that was asked for.
function showSignIn() {
  const { path } = parseHash();
  if (path === '/sign-in') return render();
  navigate('/sign-in', { next: location.hash || '#/library' });
}

function route() {
  if (needsSignIn() && parseHash().path !== '/sign-in') return showSignIn();
  render();
}

window.addEventListener('grounded:signed-out', () => {
  loadSession().then(() => { if (needsSignIn()) showSignIn(); }).catch(() => showSignIn());
});
document.getElementById('sign-out').addEventListener('click', async () => {
  try { await signOut(); } finally { showSignIn(); }
});
window.addEventListener('hashchange', route);
loadSession().catch(() => null).then(route);
