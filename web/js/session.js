// Who is signed in (team mode) and what their role may do. On a loopback
// server there is no sign-in: session().team is false and every action shows.
//
// The role is set on <body data-role="…">; css/team.css hides the actions a
// role cannot take (the server refuses them anyway: this only keeps the page
// honest). The sidebar shows who is signed in, with a sign-out button.
import { del, get, setCsrfToken } from './api.js';

export const ROLES = ['viewer', 'reviewer', 'researcher', 'admin'];

let current = { team: false, user: null };

function showWho() {
  const who = document.getElementById('who');
  if (!who) return;
  const signedIn = current.team && current.user;
  who.hidden = !signedIn;
  if (signedIn) {
    document.getElementById('who-name').textContent = current.user.username;
    document.getElementById('who-role').textContent = current.user.role;
  }
}

function apply(answer) {
  current = answer && typeof answer === 'object' ? answer : { team: false, user: null };
  setCsrfToken(current.csrf_token);
  document.body.dataset.role = !current.team ? 'local' : (current.user ? current.user.role : 'none');
  showWho();
  return current;
}

/** Asks the server who is signed in (GET /api/v1/session). */
export async function loadSession() { return apply(await get('/api/v1/session')); }

/** Takes the answer of a sign-in (POST /api/v1/session). */
export function signedIn(answer) { return apply(answer); }

/** Signs out (DELETE /api/v1/session) and forgets the session. */
export async function signOut() {
  try { await del('/api/v1/session'); } finally { apply({ team: true, user: null }); }
}

export function session() { return current; }

/** True when the signed-in user's role reaches `role` (always on loopback). */
export function can(role) {
  if (!current.team) return true;
  return Boolean(current.user) && ROLES.indexOf(current.user.role) >= ROLES.indexOf(role);
}

/** True when the server needs sign-in and nobody is signed in. */
export function needsSignIn() { return current.team && !current.user; }
