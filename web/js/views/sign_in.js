// #/sign-in — the sign-in page of a team-mode server. After signing in it
// returns to the page that asked (?next=#/…), else the library. Wrong
// passwords and unknown names get the same answer; a locked-out name is told
// until when (the server's message).
import { post } from '../api.js';
import { h, replace } from '../dom.js';
import { navigate, registerView } from '../router.js';
import { session, signedIn } from '../session.js';

function safeNext(query) {
  const next = query.get('next') || '';
  return /^#\/[^/]/.test(next) && !next.startsWith('#/sign-in') ? next : '#/library';
}

registerView({
  path: '/sign-in',
  nav: null,
  title: 'Sign in',
  render(main, { query }) {
    if (!session().team) {
      main.append(h('div', { class: 'empty' }, h('h1', null, 'No sign-in needed'),
        h('p', null, 'This server runs on this computer only, without users. Start it with --team for sign-in with roles.'),
        h('a', { href: '#/library', class: 'button' }, 'Go to the library')));
      return;
    }
    const username = h('input', { type: 'text', id: 'sign-in-name', name: 'username', autocomplete: 'username', required: true, maxlength: 256 });
    const password = h('input', { type: 'password', id: 'sign-in-password', name: 'password', autocomplete: 'current-password', required: true, maxlength: 1024 });
    const error = h('div', { role: 'alert', 'data-sign-in-error': '' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-sign-in': '' }, 'Sign in');
    const form = h('form', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title' }, 'Sign in to Grounded'),
      h('p', { class: 'small muted' }, 'Ask an admin for an account if you have none.'),
      h('div', { class: 'field' }, h('label', { for: 'sign-in-name' }, 'User name'), username),
      h('div', { class: 'field' }, h('label', { for: 'sign-in-password' }, 'Password'), password),
      error, h('div', { class: 'toolbar' }, submit));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      replace(error);
      submit.disabled = true;
      try {
        signedIn(await post('/api/v1/session', { username: username.value, password: password.value }));
        password.value = '';
        location.hash = safeNext(query);
      } catch (err) {
        password.value = '';
        error.append(h('div', { class: 'error-box' }, err.message));
        password.focus();
      } finally {
        submit.disabled = false;
      }
    });
    main.append(form);
    username.focus();
    if (session().user) navigate('/library');
  },
});
