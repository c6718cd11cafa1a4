// #/settings — what this server is and holds.
import { get } from '../api.js';
import { h, number, replace } from '../dom.js';
import { registerView } from '../router.js';

registerView({
  path: '/settings',
  nav: 'settings',
  title: 'Settings',
  async render(main, { signal }) {
    const [version, stats] = await Promise.all([get('/api/v1/version', { signal }), get('/api/v1/stats', { signal })]);
    const row = (label, value) => [h('dt', null, label), h('dd', null, value)];
    replace(main, h('h1', null, 'Settings'),
      h('section', { class: 'card' }, h('h2', null, 'This Grounded'),
        h('dl', { class: 'shortcuts-list' },
          row('Version', version.version), row('Database schema', String(version.schema_version)), row('SQLite', version.sqlite),
          row('Sources', number(stats.sources)), row('Excerpts', number(stats.excerpts)),
          row('Participants', number(stats.participants)), row('Accounts', number(stats.accounts))),
        h('p', { class: 'small muted' }, 'Grounded serves this page from your own machine only (loopback). Team mode, with sign-in, comes later.')));
  },
});
