// #/users — the admin page: who may sign in, with which role. List, add,
// change a role, set a new password, remove. The server keeps the rules
// (admin only, never the last admin, passwords of 10 characters or more)
// and its messages are shown as they come.
import { del, get, patch, post } from '../api.js';
import { h, replace } from '../dom.js';
import { confirmAction, registerView, showError, toast } from '../router.js';
import { ROLES, session } from '../session.js';

const ROLE_HELP = {
  admin: 'users and settings',
  researcher: 'upload, edit, draft',
  reviewer: 'tags, citation verdicts, sign-offs',
  viewer: 'read and export',
};

function roleSelect(id, value) {
  return h('select', { id }, [...ROLES].reverse().map((role) =>
    h('option', { value: role, selected: role === value }, `${role} — ${ROLE_HELP[role]}`)));
}

function addForm(onAdded) {
  const name = h('input', { type: 'text', id: 'user-name', required: true, maxlength: 64, autocomplete: 'off' });
  const password = h('input', { type: 'password', id: 'user-password', required: true, minlength: 10, autocomplete: 'new-password' });
  const role = roleSelect('user-role', 'viewer');
  const error = h('div', { role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'add-user-title' },
    h('h2', { id: 'add-user-title' }, 'Add a user'),
    h('div', { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { for: 'user-name' }, 'User name'), name),
      h('div', { class: 'field' }, h('label', { for: 'user-password' }, 'Password (10 characters or more)'), password),
      h('div', { class: 'field' }, h('label', { for: 'user-role' }, 'Role'), role)),
    error, h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'button button-primary', 'data-add-user': '' }, 'Add user')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(error);
    try {
      const user = await post('/api/v1/users', { username: name.value, password: password.value, role: role.value });
      password.value = '';
      name.value = '';
      toast(`Added ${user.username} (${user.role}).`);
      onAdded();
    } catch (err) {
      error.append(h('div', { class: 'error-box' }, err.message));
    }
  });
  return form;
}

// "New password": an inline field; setting it ends the user's sessions.
function passwordControl(user) {
  const input = h('input', { type: 'password', minlength: 10, autocomplete: 'new-password', 'aria-label': `New password for ${user.username}` });
  const save = h('button', { type: 'submit', class: 'button button-small' }, 'Set');
  const form = h('form', { class: 'field-row', hidden: true }, input, save);
  const open = h('button', { type: 'button', class: 'button button-small button-quiet', 'data-new-password': user.username,
    on: { click: () => { form.hidden = false; open.hidden = true; input.focus(); } } }, 'New password');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await patch(`/api/v1/users/${user.id}`, { password: input.value });
      toast(`New password set for ${user.username}; their sessions have ended.`);
      form.hidden = true;
      open.hidden = false;
    } catch (err) { toast(err.message); }
    input.value = '';
  });
  return h('div', null, open, form);
}

function userRow(user, reload) {
  const me = session().user && session().user.id === user.id;
  const role = roleSelect(`role-${user.id}`, user.role);
  role.setAttribute('aria-label', `Role of ${user.username}`);
  role.dataset.userRole = user.username;
  role.addEventListener('change', async () => {
    try {
      await patch(`/api/v1/users/${user.id}`, { role: role.value });
      toast(`${user.username} is now ${role.value}.`);
    } catch (err) {
      toast(err.message);
      role.value = user.role;
    }
  });
  const remove = h('button', { type: 'button', class: 'button button-small button-quiet', 'data-remove-user': user.username,
    on: { click: async () => {
      if (!await confirmAction(`Remove ${user.username}?`, 'They can no longer sign in; what they did stays in the audit log.', 'Remove')) return;
      try {
        await del(`/api/v1/users/${user.id}`);
        toast(`Removed ${user.username}.`);
        reload();
      } catch (err) { toast(err.message); }
    } } }, 'Remove');
  return h('tr', { 'data-user': user.username },
    h('td', null, user.username, me ? h('span', { class: 'small muted' }, ' (you)') : null),
    h('td', null, role),
    h('td', { class: 'small muted' }, user.created_at),
    h('td', null, h('div', { class: 'toolbar' }, passwordControl(user), remove)));
}

registerView({
  path: '/users',
  nav: 'users',
  title: 'Users',
  async render(main, { signal }) {
    const list = h('div');
    const heading = h('header', { class: 'view-header' }, h('h1', null, 'Users'),
      h('p', { class: 'muted' }, session().team
        ? 'Who may sign in to this server, and what each role may do.'
        : 'This server runs without sign-in. Users added here can sign in once it runs with --team.'));
    async function load() {
      try {
        const answer = await get('/api/v1/users', { signal });
        replace(list, answer.items.length
          ? h('table', { class: 'data', 'data-users': '' },
            h('thead', null, h('tr', null, h('th', null, 'User'), h('th', null, 'Role'), h('th', null, 'Since'), h('th', null, ''))),
            h('tbody', null, answer.items.map((user) => userRow(user, load))))
          : h('p', { class: 'muted' }, 'No users yet. Add the first admin here or with `grounded users add NAME --role admin`.'));
      } catch (err) {
        if (err.name !== 'AbortError') { replace(list); showError(list, err); }
      }
    }
    main.append(heading, list, addForm(load));
    await load();
  },
});
