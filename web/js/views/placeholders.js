// Placeholders for views other modules provide (synth: personas, persona
// review). Review and guides live in review.js and guides.js. A real registerView() for the same
// path replaces these, whatever the import order.
import { h, replace } from '../dom.js';
import { registerView } from '../router.js';

function placeholder(path, nav, title, text, next) {
  registerView({
    path, nav, title, placeholder: true,
    render(main, { params }) {
      replace(main, h('section', { class: 'placeholder' },
        h('h1', null, typeof title === 'function' ? title(params) : title),
        h('p', null, text),
        next ? h('p', null, h('a', { class: 'button', href: next.href }, next.label)) : null));
    },
  });
}

placeholder('/personas', 'personas', 'Personas', 'Personas drafted from your evidence will be listed here, each attribute citing the excerpts behind it.',
  { href: '#/library', label: 'See the evidence in the library' });
placeholder('/persona/:id', 'personas', (p) => `Persona ${p.id}`, 'This persona view is not available yet.', { href: '#/personas', label: 'All personas' });
placeholder('/persona/:id/review', 'personas', (p) => `Review persona ${p.id}`, 'Citation review is not available yet.', { href: '#/personas', label: 'All personas' });
