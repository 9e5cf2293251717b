/*
 * app.js -- Rebound's first, plain browser page.
 *
 * Vanilla ES2020, no build step.  The session lives in the HttpOnly
 * rb_session cookie; every POST/PATCH echoes the rb_csrf cookie (or the
 * csrf_token from the login answer, kept in memory only) in X-CSRF-Token.
 * Server text is only ever put on the page with textContent.
 */
'use strict';

(() => {
  const STAFF_ROLES = ['owner', 'admin', 'practitioner'];
  const ROLE_LABELS = {
    owner: 'Owner',
    admin: 'Admin',
    practitioner: 'Practitioner',
    client: 'Client',
  };
  const SEX_LABELS = {
    female: 'Female',
    male: 'Male',
    intersex: 'Intersex',
    unspecified: 'Unspecified',
  };
  const LIST_LIMIT = 100; /* the server's default page size */

  const state = {
    csrf: null, /* from the login answer; memory only */
    user: null,
    org: null,
    staffById: null, /* Map user id -> name, loaded lazily for staff */
    detailSeq: 0, /* ignore stale client-detail answers */
  };

  const $ = (id) => document.getElementById(id);

  /* ---- HTTP ------------------------------------------------------------ */

  function cookie(name) {
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      if (part.slice(0, eq).trim() === name) {
        return decodeURIComponent(part.slice(eq + 1).trim());
      }
    }
    return null;
  }

  /*
   * One request.  Resolves to {status, data, error}; 'error' is the
   * server's {code, message, field, retry_after} or one we make up for
   * network trouble and non-JSON answers.  Never rejects.
   */
  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };

    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      const csrf = cookie('rb_csrf') || state.csrf;
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }

    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      return {
        status: 0,
        data: null,
        error: { code: 'network', message: 'Cannot reach the server. Check your connection and try again.', field: null },
      };
    }

    let data = null;
    const type = res.headers.get('Content-Type') || '';
    if (res.status !== 204 && type.startsWith('application/json')) {
      try {
        data = await res.json();
      } catch (e) {
        data = null;
      }
    }
    if (res.ok) return { status: res.status, data, error: null };

    let error = data && data.error && typeof data.error === 'object' ? data.error : null;
    if (!error || typeof error.message !== 'string') {
      error = { code: 'http_' + res.status, message: 'The server answered with an error (' + res.status + ').', field: null };
    }
    if (res.status === 429 && !(error.retry_after > 0)) {
      const header = parseInt(res.headers.get('Retry-After') || '', 10);
      if (header > 0) error.retry_after = header;
    }
    return { status: res.status, data, error };
  }

  /* ---- small UI helpers -------------------------------------------------- */

  function show(el, on) {
    el.hidden = !on;
  }

  function setText(el, text) {
    el.textContent = text == null ? '' : String(text);
  }

  function clearInvalid(form) {
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
    }
  }

  const timers = new WeakMap(); /* error element -> countdown interval */

  function clearError(errEl, form) {
    const t = timers.get(errEl);
    if (t) {
      clearInterval(t.id);
      t.button.disabled = false;
      timers.delete(errEl);
    }
    setText(errEl, '');
    show(errEl, false);
    if (form) clearInvalid(form);
  }

  /*
   * Show a server error next to a form.  'fields' maps API field names to
   * input ids; the matching input is marked invalid and focused.
   * On 429 the submit button waits out retry_after with a countdown.
   */
  function showError(errEl, form, error, fields) {
    clearError(errEl, form);
    const message = error.message || 'Something went wrong.';
    setText(errEl, message);
    show(errEl, true);

    const inputId = error.field && fields ? fields[error.field] : null;
    const input = inputId ? $(inputId) : null;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }

    const wait = Number(error.retry_after);
    if (wait > 0 && form) {
      const button = form.querySelector('button[type="submit"]');
      const t = { id: 0, button };
      let left = Math.ceil(wait);
      const tick = () => {
        if (left <= 0) {
          clearInterval(t.id);
          timers.delete(errEl);
          button.disabled = false;
          setText(errEl, message + ' You can try again now.');
          return;
        }
        setText(errEl, message + ' Try again in ' + left + ' s.');
        left -= 1;
      };
      button.disabled = true;
      tick();
      t.id = setInterval(tick, 1000);
      timers.set(errEl, t);
    }
  }

  function formatDate(iso) {
    return iso ? String(iso) : '—';
  }

  function formatTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function fullName(c) {
    const name = [c.first_name, c.last_name].filter(Boolean).join(' ');
    return name || '(no name)';
  }

  function isStaff() {
    return !!state.user && STAFF_ROLES.includes(state.user.role);
  }

  /* ---- views ------------------------------------------------------------- */

  const VIEWS = ['loading', 'login-view', 'invite-view', 'app-view'];

  function showView(id) {
    for (const v of VIEWS) show($(v), v === id);
    show($('whoami'), id === 'app-view');
  }

  function resetSession() {
    state.csrf = null;
    state.user = null;
    state.org = null;
    state.staffById = null;
    state.detailSeq++;
    setText($('org-name'), '');
    setText($('user-name'), '');
    setText($('user-role'), '');
    $('clients-body').replaceChildren();
    $('detail-list').replaceChildren();
    show($('client-detail'), false);
    document.title = 'Rebound';
  }

  function showLogin(notice) {
    resetSession();
    const form = $('login-form');
    clearError($('login-error'), form);
    $('login-password').value = '';
    setText($('login-notice'), notice || '');
    show($('login-notice'), !!notice);
    showView('login-view');
    $('login-email').focus();
  }

  /* The session ended under us (expired, logged out elsewhere). */
  function sessionLost() {
    showLogin('Your session has ended. Please log in again.');
  }

  function showApp(user, org) {
    state.user = user;
    state.org = org;
    setText($('org-name'), org && org.name);
    setText($('user-name'), user && (user.name || user.email));
    setText($('user-role'), ROLE_LABELS[user && user.role] || (user && user.role));
    document.title = (org && org.name ? org.name + ' · ' : '') + 'Rebound';

    const staff = isStaff();
    show($('add-client'), staff);
    setText($('clients-title'), staff ? 'Clients' : 'My record');
    clearError($('client-error'), $('client-form'));
    show($('client-ok'), false);
    show($('client-detail'), false);

    showView('app-view');
    loadClients();
  }

  /* ---- login / logout ---------------------------------------------------- */

  const LOGIN_FIELDS = { email: 'login-email', password: 'login-password' };

  async function onLogin(ev) {
    ev.preventDefault();
    const form = $('login-form');
    const errEl = $('login-error');
    const email = $('login-email').value.trim();
    const password = $('login-password').value;

    show($('login-notice'), false);
    if (!email) {
      showError(errEl, form, { message: 'Enter your e-mail address.', field: 'email' }, LOGIN_FIELDS);
      return;
    }
    if (!password) {
      showError(errEl, form, { message: 'Enter your password.', field: 'password' }, LOGIN_FIELDS);
      return;
    }
    clearError(errEl, form);

    const button = $('login-submit');
    button.disabled = true;
    const r = await api('POST', '/api/login', { email, password });
    button.disabled = false;

    if (r.error) {
      showError(errEl, form, r.error, LOGIN_FIELDS);
      if (!r.error.field) $('login-password').select();
      return;
    }
    $('login-password').value = '';
    state.csrf = r.data && r.data.csrf_token ? r.data.csrf_token : null;
    /* The bearer token in the answer is deliberately not kept: the cookie is the session. */
    showApp(r.data.user, r.data.org);
    $('main').focus();
  }

  async function onLogout() {
    const button = $('logout');
    button.disabled = true;
    const r = await api('POST', '/api/logout');
    button.disabled = false;
    if (r.error && r.status !== 401) {
      /* Could not end the session on the server: say so, stay logged in. */
      showError($('clients-error'), null, { message: 'Could not log out: ' + r.error.message }, null);
      return;
    }
    showLogin('You have logged out.');
  }

  /* ---- clients ----------------------------------------------------------- */

  async function loadClients() {
    const errEl = $('clients-error');
    clearError(errEl, null);
    const r = await api('GET', '/api/clients');
    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, null, r.error, null);
      return;
    }
    const clients = (r.data && Array.isArray(r.data.clients)) ? r.data.clients : [];
    renderClients(clients);
  }

  function renderClients(clients) {
    const body = $('clients-body');
    const rows = clients.map((c) => {
      const tr = document.createElement('tr');
      tr.dataset.id = String(c.id);

      const nameCell = document.createElement('td');
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'linklike';
      btn.dataset.id = String(c.id);
      setText(btn, fullName(c));
      nameCell.appendChild(btn);

      const dob = document.createElement('td');
      setText(dob, formatDate(c.birth_date));

      const sex = document.createElement('td');
      setText(sex, SEX_LABELS[c.sex] || c.sex || '—');

      tr.append(nameCell, dob, sex);
      return tr;
    });
    body.replaceChildren(...rows);
    setText($('clients-empty'), isStaff() ? 'No clients yet.' : 'No client record is linked to your account yet.');
    show($('clients-empty'), clients.length === 0);
    show($('clients'), clients.length > 0);
    if (clients.length >= LIST_LIMIT) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 3;
      td.className = 'muted';
      setText(td, 'Showing the first ' + LIST_LIMIT + ' clients.');
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  function onClientsClick(ev) {
    const tr = ev.target.closest('tr[data-id]');
    if (!tr || !$('clients-body').contains(tr)) return;
    openClient(tr.dataset.id);
  }

  async function staffNames() {
    if (state.staffById || !isStaff()) return state.staffById;
    const r = await api('GET', '/api/users');
    if (r.error || !r.data || !Array.isArray(r.data.users)) return null;
    state.staffById = new Map(r.data.users.map((u) => [u.id, u.name || u.email]));
    return state.staffById;
  }

  async function openClient(id) {
    if (!/^[0-9]+$/.test(String(id))) return;
    const seq = ++state.detailSeq;
    const panel = $('client-detail');
    const errEl = $('detail-error');
    const list = $('detail-list');

    for (const tr of $('clients-body').querySelectorAll('tr')) {
      tr.classList.toggle('selected', tr.dataset.id === String(id));
    }
    clearError(errEl, null);
    list.replaceChildren();
    setText($('detail-title'), 'Loading…');
    show(panel, true);

    const r = await api('GET', '/api/clients/' + id);
    if (seq !== state.detailSeq) return;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      setText($('detail-title'), 'Client');
      showError(errEl, null, r.error, null);
      return;
    }
    const c = r.data || {};
    const names = c.practitioner_id ? await staffNames() : null;
    if (seq !== state.detailSeq) return;

    let practitioner = '—';
    if (c.practitioner_id) {
      if (names && names.has(c.practitioner_id)) {
        practitioner = names.get(c.practitioner_id);
      } else {
        practitioner = isStaff() ? 'User #' + c.practitioner_id : 'Assigned';
      }
    }

    setText($('detail-title'), fullName(c));
    const rows = [
      ['Date of birth', formatDate(c.birth_date)],
      ['Sex', SEX_LABELS[c.sex] || c.sex || '—'],
      ['E-mail', c.email || '—'],
      ['Phone', c.phone || '—'],
      ['Practitioner', practitioner],
      ['Portal account', c.user_id ? 'Yes' : 'No'],
      ['Added', formatTime(c.created_at)],
      ['Last changed', formatTime(c.updated_at)],
      ['Record number', c.id],
    ];
    for (const [label, value] of rows) {
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      setText(dt, label);
      setText(dd, value);
      list.append(dt, dd);
    }
    panel.focus();
  }

  function closeClient() {
    state.detailSeq++;
    show($('client-detail'), false);
    const selected = $('clients-body').querySelector('tr.selected');
    if (selected) {
      selected.classList.remove('selected');
      const btn = selected.querySelector('button');
      if (btn) btn.focus();
    }
  }

  const CLIENT_FIELDS = {
    first_name: 'client-first',
    last_name: 'client-last',
    birth_date: 'client-birth',
    sex: 'client-sex',
  };

  async function onAddClient(ev) {
    ev.preventDefault();
    const form = $('client-form');
    const errEl = $('client-error');
    const ok = $('client-ok');
    const first = $('client-first').value.trim();
    const last = $('client-last').value.trim();
    const birth = $('client-birth').value;
    const sex = $('client-sex').value;

    show(ok, false);
    if (!first) {
      showError(errEl, form, { message: 'Enter the first name.', field: 'first_name' }, CLIENT_FIELDS);
      return;
    }
    if (!last) {
      showError(errEl, form, { message: 'Enter the last name.', field: 'last_name' }, CLIENT_FIELDS);
      return;
    }
    if ($('client-birth').validity && $('client-birth').validity.badInput) {
      showError(errEl, form, { message: 'Enter a complete date of birth, or leave it empty.', field: 'birth_date' }, CLIENT_FIELDS);
      return;
    }
    clearError(errEl, form);

    const body = { first_name: first, last_name: last, sex };
    if (birth) body.birth_date = birth;

    const button = $('client-submit');
    button.disabled = true;
    const r = await api('POST', '/api/clients', body);
    button.disabled = false;

    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, form, r.error, CLIENT_FIELDS);
      return;
    }
    form.reset();
    setText(ok, 'Added ' + fullName(r.data || body) + '.');
    show(ok, true);
    await loadClients();
    $('client-first').focus();
  }

  /* ---- invites ----------------------------------------------------------- */

  function inviteToken() {
    const m = /^#\/invite\/([A-Za-z0-9_\-.~%]+)$/.exec(window.location.hash);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]);
    } catch (e) {
      return null;
    }
  }

  let pendingInvite = null;

  function showInvite(token) {
    pendingInvite = token;
    resetSession();
    const form = $('invite-form');
    form.reset();
    clearError($('invite-error'), form);
    show(form, true);
    show($('invite-done'), false);
    showView('invite-view');
    $('invite-password').focus();
  }

  const INVITE_FIELDS = { password: 'invite-password' };

  async function onAcceptInvite(ev) {
    ev.preventDefault();
    const form = $('invite-form');
    const errEl = $('invite-error');
    const password = $('invite-password').value;
    const again = $('invite-password2').value;

    if (password.length < 10 || password.length > 128) {
      showError(errEl, form, { message: 'The password must be 10 to 128 characters long.', field: 'password' }, INVITE_FIELDS);
      return;
    }
    if (password !== again) {
      showError(errEl, form, { message: 'The two passwords do not match.', field: 'password2' },
        { password2: 'invite-password2' });
      return;
    }
    if (!pendingInvite) {
      showError(errEl, form, { message: 'This invite link is incomplete: ask for a new one.' }, null);
      return;
    }
    clearError(errEl, form);

    const button = $('invite-submit');
    button.disabled = true;
    const r = await api('POST', '/api/invites/accept', { token: pendingInvite, password });
    button.disabled = false;

    if (r.error) {
      showError(errEl, form, r.error, INVITE_FIELDS);
      return;
    }
    pendingInvite = null;
    form.reset();
    /* Drop the used token from the address bar and history. */
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    show(form, false);
    show($('invite-done'), true);
    $('invite-to-login').focus();
  }

  /* ---- start --------------------------------------------------------------- */

  async function route() {
    const token = inviteToken();
    if (token) {
      showInvite(token);
      return;
    }
    if (window.location.hash.startsWith('#/invite')) {
      showLogin('This invite link is incomplete: ask for a new one.');
      return;
    }
    showView('loading');
    const r = await api('GET', '/api/me');
    if (r.status === 200 && r.data && r.data.user) {
      showApp(r.data.user, r.data.org);
    } else if (r.status === 401 || r.status === 403) {
      showLogin();
    } else {
      showLogin(r.error ? r.error.message : null);
    }
  }

  function start() {
    $('login-form').addEventListener('submit', onLogin);
    $('logout').addEventListener('click', onLogout);
    $('clients-refresh').addEventListener('click', loadClients);
    $('clients-body').addEventListener('click', onClientsClick);
    $('detail-close').addEventListener('click', closeClient);
    $('client-form').addEventListener('submit', onAddClient);
    $('invite-form').addEventListener('submit', onAcceptInvite);
    $('invite-to-login').addEventListener('click', () => showLogin());
    $('client-detail').addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') closeClient();
    });
    /* Typing into a field clears its invalid mark. */
    document.addEventListener('input', (ev) => {
      if (ev.target.getAttribute && ev.target.getAttribute('aria-invalid')) {
        ev.target.removeAttribute('aria-invalid');
      }
    });
    /* Only invite links route; other hashes (the skip link) are in-page jumps. */
    window.addEventListener('hashchange', () => {
      if (window.location.hash.startsWith('#/invite') || !$('invite-view').hidden) route();
    });
    route();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
