// The view registry: one import line per view; each file calls
// registerView() (see ../router.js). Placeholders hold #/review,
// #/personas, #/persona/:id, #/persona/:id/review and #/guides until the
// tagger and synthesizer views replace them — add your line below.
import './placeholders.js';
import './library.js';
import './search.js';
import './source.js';
import './upload.js';
import './settings.js';
import './review.js';
import './guides.js';
import './personas.js';
import './persona.js';
import './persona_review.js';
import './participants.js';
import './accounts.js';
import './themes.js';
import './studies.js';
import './icp.js';
import './segments.js';
import './sign_in.js';
import './users.js';
