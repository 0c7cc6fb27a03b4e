/** Wires the page to its session: the login form, the API call, and logout. */
import { createSession } from './session.js';

const $ = (id) => document.getElementById(id);
const SIGNED_OUT = {
  elsewhere: 'Signed out: you logged out in another tab.',
  expired: 'Signed out: your session has ended.',
  'logged-out': 'Signed out.',
};

function render({ signedIn, reason }) {
  document.body.dataset.state = signedIn ? 'signed-in' : 'signed-out';
  $('login').hidden = signedIn;
  $('session').hidden = !signedIn;
  $('status').textContent = signedIn ? 'Signed in.' : (SIGNED_OUT[reason] ?? 'Please log in.');
  if (!signedIn) $('result').textContent = '';
}

const session = createSession({ onChange: render });
let calls = 0;

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const fields = new FormData(form);
  form.reset();
  if (!(await session.login(fields.get('username'), fields.get('password')))) {
    $('status').textContent = 'Wrong username or password.';
  }
});

$('call').addEventListener('click', async () => {
  try {
    const response = await session.call('/api/me');
    if (response?.ok) $('result').textContent = JSON.stringify(await response.json(), null, 2);
    else if (response) $('result').textContent = `The API answered ${response.status}.`;
  } catch {
    // A network failure or a 5xx from the token endpoint: the session may still be good.
    $('result').textContent = 'The server could not be reached; try again.';
  } finally {
    // How many calls have finished: lets a test wait for one without sleeping.
    $('result').dataset.calls = String(++calls);
  }
});

$('logout').addEventListener('click', () => session.logout());

session.restore().catch(() => render({ signedIn: false }));
