/*
 * app.js -- Rebound's first, plain browser page.
 *
 * Vanilla ES2020, no build step.  The session lives in the HttpOnly
 * rb_session cookie; every POST/PATCH/DELETE echoes the rb_csrf cookie (or the
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
    practiceOpened: false, /* loaded the Practice tab once this session */
    credSeq: 0,
    complianceSeq: 0,
    scopeSeq: 0,
    scopeClient: null, /* the client id the scope check asks about */
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
    for (const note of form.querySelectorAll('.field-error[data-for]')) {
      const input = document.getElementById(note.dataset.for);
      if (input) {
        const rest = (input.getAttribute('aria-describedby') || '').split(' ')
          .filter((x) => x && x !== note.id).join(' ');
        if (rest) input.setAttribute('aria-describedby', rest);
        else input.removeAttribute('aria-describedby');
      }
      note.remove();
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
      /* The message again right under the field it is about. */
      if (form && form.contains(input)) {
        const note = document.createElement('p');
        note.className = 'field-error';
        note.id = input.id + '-field-error';
        note.dataset.for = input.id;
        note.textContent = message;
        (input.closest('.field') || input.parentElement).appendChild(note);
        const by = input.getAttribute('aria-describedby');
        input.setAttribute('aria-describedby', (by ? by + ' ' : '') + note.id);
      }
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
    recordHook('close');
    partsHook('reset');
    resetLibrary();
    resetPractice();
    showTab('clients');
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
    setText($('nav-clients'), staff ? 'Clients' : 'My record');
    clearError($('client-error'), $('client-form'));
    show($('client-ok'), false);
    show($('client-detail'), false);
    show($('nav-practice'), staff);
    show($('nav-attention'), staff);
    show($('compliance-card'), canSeeCompliance());

    showTab('clients');
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
    resetScope(null);
    recordHook('close');
    partsHook('close');
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
    resetScope(isStaff() ? String(c.id != null ? c.id : id) : null);
    recordHook('open', c);
    partsHook('open', c);
    panel.focus();
  }

  function closeClient() {
    state.detailSeq++;
    show($('client-detail'), false);
    recordHook('close');
    partsHook('close');
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

  /* ---- exercise library -------------------------------------------------- */

  /* The search vocabularies, copied from data/vocab.json. */
  const VOCAB = {
    patterns: ['squat', 'hinge', 'lunge', 'horizontal_push', 'horizontal_pull', 'vertical_push',
      'vertical_pull', 'carry', 'rotation', 'anti_rotation', 'anti_extension', 'anti_lateral_flexion',
      'gait', 'jump_land', 'locomotion', 'balance', 'isolation'],
    categories: ['mobility', 'activation', 'motor_control', 'balance', 'strength', 'hypertrophy',
      'power', 'agility', 'conditioning', 'core', 'recovery'],
    regions: ['ankle_foot', 'knee', 'hip', 'lumbar_spine', 'thoracic_spine', 'cervical_spine',
      'shoulder', 'elbow', 'wrist_hand', 'pelvic_floor', 'trunk', 'full_body'],
    equipment: ['band', 'dumbbell', 'kettlebell', 'barbell', 'rack', 'machine', 'cable', 'step',
      'box', 'bench', 'balance_pad', 'pull_up_bar', 'medicine_ball', 'foam_roller', 'mat', 'wall',
      'cones', 'open_space', 'track', 'slider', 'suspension_trainer', 'stationary_bike'],
    phases: ['protect', 'rom', 'proprioception', 'strength', 'power_agility', 'performance'],
  };
  /* Words whose plain "first letter up, _ to space" reading is not good enough. */
  const WORD_LABELS = {
    rom: 'Range of motion',
    power_agility: 'Power and agility',
    jump_land: 'Jump and land',
    anti_rotation: 'Anti-rotation',
    anti_extension: 'Anti-extension',
    anti_lateral_flexion: 'Anti-lateral flexion',
    ankle_foot: 'Ankle and foot',
    wrist_hand: 'Wrist and hand',
    pull_up_bar: 'Pull-up bar',
    acl_reconstruction: 'ACL reconstruction',
    built_in: 'Built-in',
  };
  const ORIGIN_BADGES = { practice: 'Our practice', edited: 'Edited by us' };
  const LIB_FILTERS = [
    ['pattern', 'lib-pattern', VOCAB.patterns],
    ['category', 'lib-category', VOCAB.categories],
    ['region', 'lib-region', VOCAB.regions],
    ['equipment', 'lib-equipment', VOCAB.equipment],
    ['phase', 'lib-phase', VOCAB.phases],
    ['level', 'lib-level', ['1', '2', '3', '4', '5']],
  ];
  const LIB_FIELDS = {
    q: 'lib-q',
    pattern: 'lib-pattern',
    category: 'lib-category',
    region: 'lib-region',
    equipment: 'lib-equipment',
    phase: 'lib-phase',
    level: 'lib-level',
  };
  const LIB_LIMIT = 50;

  function freshLibrary() {
    return {
      opened: false, /* searched and loaded protocols once this session */
      query: null, /* the last search, as a query string */
      current: null, /* the exercise in the detail panel */
      hidden: null, /* Set of ids hidden for the practice (staff only) */
      names: new Map(), /* exercise id -> name, from everything seen */
      searchSeq: 0,
      detailSeq: 0,
      hiddenSeq: 0,
      protocolsSeq: 0,
      protocolSeq: 0,
    };
  }
  state.lib = freshLibrary();

  function wordLabel(word) {
    if (word == null || word === '') return '—';
    const s = String(word);
    if (Object.prototype.hasOwnProperty.call(WORD_LABELS, s)) return WORD_LABELS[s];
    const t = s.replace(/_/g, ' ');
    return t.charAt(0).toUpperCase() + t.slice(1);
  }

  function wordList(words) {
    return Array.isArray(words) && words.length ? words.map(wordLabel).join(', ') : '—';
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function badge(text, kind) {
    return el('span', 'badge' + (kind ? ' badge-' + kind : ''), text);
  }

  /* A <ul> of plain text lines, or a muted "None" when there are none. */
  function textList(items, format) {
    if (!Array.isArray(items) || items.length === 0) return el('p', 'muted', 'None.');
    const ul = el('ul', 'text-list');
    for (const item of items) ul.appendChild(el('li', null, format ? format(item) : item));
    return ul;
  }

  function detailRows(list, rows) {
    for (const [label, value] of rows) {
      list.append(el('dt', null, label), el('dd', null, value == null || value === '' ? '—' : value));
    }
    return list;
  }

  function num(x) {
    const n = Number(x);
    return Number.isFinite(n) ? String(n) : String(x);
  }

  /* [lo, hi] -> "lo–hi", or "lo" when both are the same. */
  function range(r) {
    if (!Array.isArray(r) || r.length === 0) return null;
    const lo = num(r[0]);
    const hi = r.length > 1 ? num(r[1]) : lo;
    return lo === hi ? lo : lo + '–' + hi;
  }

  function counted(r, one, many) {
    const text = range(r);
    if (text == null) return null;
    return text + ' ' + (text === '1' ? one : many);
  }

  /* "3–5 sets × 4–6 reps, 85–100 % 1RM, rest 120–300 s, tempo 2-0-1-0 (source NSCA-table)" */
  function formatDose(d) {
    if (!d || typeof d !== 'object') return '—';
    const parts = [];
    const sets = counted(d.sets, 'set', 'sets');
    const work = counted(d.reps, 'rep', 'reps') || (range(d.seconds) != null ? range(d.seconds) + ' s' : null);
    if (sets && work) parts.push(sets + ' × ' + work);
    else if (sets || work) parts.push(sets || work);
    const i = d.intensity && typeof d.intensity === 'object' ? d.intensity : {};
    if (i.pct_1rm) parts.push(range(i.pct_1rm) + ' % 1RM');
    else if (i.rpe) parts.push('RPE ' + range(i.rpe));
    else if (i.rir) parts.push('RIR ' + range(i.rir));
    if (d.rest_s) parts.push('rest ' + range(d.rest_s) + ' s');
    if (d.tempo) parts.push('tempo ' + d.tempo);
    let text = parts.join(', ');
    if (d.source) text += (text ? ' ' : '') + '(source ' + d.source + ')';
    return text || (d.template ? 'see template ' + d.template : '—');
  }

  function fillLibraryForm() {
    for (const [, id, words] of LIB_FILTERS) {
      const select = $(id);
      for (const w of words) {
        const opt = document.createElement('option');
        opt.value = w;
        opt.textContent = id === 'lib-level' ? 'Level ' + w : wordLabel(w);
        select.appendChild(opt);
      }
    }
  }

  function resetLibrary() {
    state.lib = freshLibrary();
    $('lib-form').reset();
    clearError($('lib-error'), $('lib-form'));
    setText($('lib-count'), '');
    $('lib-results').replaceChildren();
    $('lib-hidden').replaceChildren();
    show($('lib-hidden-box'), false);
    $('lib-detail-body').replaceChildren();
    show($('lib-detail'), false);
    $('protocols').replaceChildren();
    show($('protocols-empty'), false);
    $('protocol-body').replaceChildren();
    show($('protocol-detail'), false);
  }

  /* Switch between the "Clients", "Library" and "Practice" panes. */
  function showTab(name) {
    if ((name === 'practice' || name === 'attention') && !isStaff()) name = 'clients';
    const lib = name === 'library';
    const practice = name === 'practice';
    const attention = name === 'attention';
    show($('clients-pane'), !lib && !practice && !attention);
    show($('library-pane'), lib);
    show($('practice-pane'), practice);
    show($('attention-pane'), attention);
    $('nav-clients').setAttribute('aria-pressed', String(!lib && !practice && !attention));
    $('nav-library').setAttribute('aria-pressed', String(lib));
    $('nav-practice').setAttribute('aria-pressed', String(practice));
    $('nav-attention').setAttribute('aria-pressed', String(attention));
    if (attention) partsHook('attention');
    if (lib && !state.lib.opened) {
      state.lib.opened = true;
      runSearch(libraryQuery());
      loadProtocols();
      loadHidden();
    }
    if (practice && !state.practiceOpened) {
      state.practiceOpened = true;
      loadMyCredentials();
      if (canSeeCompliance()) loadCompliance();
    }
  }

  /* The search form as a query string; empty filters are left out. */
  function libraryQuery() {
    const params = new URLSearchParams();
    const q = $('lib-q').value.trim();
    if (q) params.set('q', q);
    for (const [key, id] of LIB_FILTERS) {
      const v = $(id).value;
      if (v) params.set(key, v);
    }
    params.set('limit', String(LIB_LIMIT));
    return params.toString();
  }

  function onLibrarySearch(ev) {
    ev.preventDefault();
    runSearch(libraryQuery());
  }

  function onLibraryClear() {
    $('lib-form').reset();
    runSearch(libraryQuery());
    $('lib-q').focus();
  }

  async function runSearch(query) {
    const seq = ++state.lib.searchSeq;
    const form = $('lib-form');
    const errEl = $('lib-error');
    const button = $('lib-submit');

    clearError(errEl, form);
    state.lib.query = query;
    setText($('lib-count'), 'Searching…');
    button.disabled = true;
    const r = await api('GET', '/api/exercises?' + query);
    if (seq !== state.lib.searchSeq) return;
    button.disabled = false;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      setText($('lib-count'), '');
      $('lib-results').replaceChildren();
      showError(errEl, form, r.error, LIB_FIELDS);
      return;
    }
    renderResults(r.data || {});
  }

  /* Run the last search again (after hiding, showing or removing). */
  function rerunSearch() {
    return state.lib.query == null ? Promise.resolve() : runSearch(state.lib.query);
  }

  function renderResults(data) {
    const list = Array.isArray(data.exercises) ? data.exercises : [];
    const total = Number.isFinite(data.total) ? data.total : list.length;
    let text = total === 1 ? '1 match' : total + ' matches';
    if (total > list.length) text += ' (showing the first ' + list.length + ')';
    setText($('lib-count'), text);

    const current = state.lib.current ? state.lib.current.id : null;
    const items = list.map((e) => {
      state.lib.names.set(e.id, e.name);
      const li = document.createElement('li');
      const btn = el('button', 'pick');
      btn.type = 'button';
      btn.dataset.id = e.id;
      if (e.id === current) btn.classList.add('selected');
      btn.appendChild(el('span', 'pick-name', e.name || e.id));
      const meta = el('span', 'pick-meta', 'Level ' + num(e.level) + ' · ' + wordLabel(e.category));
      if (ORIGIN_BADGES[e.origin]) meta.append(' ', badge(ORIGIN_BADGES[e.origin], 'own'));
      btn.appendChild(meta);
      li.appendChild(btn);
      return li;
    });
    $('lib-results').replaceChildren(...items);
  }

  function onResultsClick(ev) {
    const btn = ev.target.closest('button[data-id]');
    if (btn && $('lib-results').contains(btn)) openExercise(btn.dataset.id);
  }

  function markSelected(id) {
    for (const btn of $('lib-results').querySelectorAll('button[data-id]')) {
      btn.classList.toggle('selected', btn.dataset.id === id);
    }
  }

  function libNotice(text) {
    setText($('lib-detail-ok'), text || '');
    show($('lib-detail-ok'), !!text);
  }

  /*
   * Load one exercise into the detail panel.  opts.notice: a line to show
   * above it; opts.focus (default true): move focus to the panel;
   * opts.removed: the exercise was just removed, so a 404 is expected.
   */
  async function openExercise(id, opts) {
    const o = opts || {};
    if (typeof id !== 'string' || id === '' || id.length > 200) return;
    const seq = ++state.lib.detailSeq;
    const panel = $('lib-detail');
    const errEl = $('lib-detail-error');

    markSelected(id);
    clearError(errEl, null);
    libNotice(null);
    show($('lib-reset-confirm'), false);
    if (!o.keep) {
      setText($('lib-detail-title'), 'Loading…');
      $('lib-detail-body').replaceChildren();
      show($('lib-staff'), false);
    }
    show(panel, true);

    const r = await api('GET', '/api/exercises/' + encodeURIComponent(id));
    if (seq !== state.lib.detailSeq) return;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      const cached = state.lib.current;
      const hidden = state.lib.hidden && state.lib.hidden.has(id);
      if (r.status === 404 && o.removed) {
        state.lib.current = null;
        $('lib-detail-body').replaceChildren();
        show($('lib-staff'), false);
        libNotice(o.notice);
      } else if (r.status === 404 && hidden && cached && cached.id === id) {
        /* A hidden exercise cannot be read back: show what we had. */
        renderExercise(Object.assign({}, cached, { hidden: true }));
        libNotice(o.notice);
      } else {
        state.lib.current = null;
        setText($('lib-detail-title'), 'Exercise');
        $('lib-detail-body').replaceChildren();
        show($('lib-staff'), false);
        showError(errEl, null, r.error, null);
      }
    } else {
      renderExercise(r.data || {});
      libNotice(o.notice);
    }
    if (o.focus !== false) panel.focus();
  }

  function closeExercise() {
    state.lib.detailSeq++;
    state.lib.current = null;
    show($('lib-detail'), false);
    const selected = $('lib-results').querySelector('button.selected');
    if (selected) {
      selected.classList.remove('selected');
      selected.focus();
    }
  }

  function renderExercise(e) {
    state.lib.current = e;
    if (e.id && e.name) state.lib.names.set(e.id, e.name);
    setText($('lib-detail-title'), e.name || e.id || 'Exercise');

    const own = e.origin === 'practice' || e.origin === 'edited';
    show($('lib-staff'), isStaff());
    setText($('lib-hide'), e.hidden ? 'Show again' : 'Hide for our practice');
    show($('lib-reset'), isStaff() && own);

    const body = $('lib-detail-body');
    const parts = [];

    const flags = el('p', 'flags');
    if (ORIGIN_BADGES[e.origin]) flags.appendChild(badge(ORIGIN_BADGES[e.origin], 'own'));
    if (e.hidden) flags.appendChild(badge('Hidden for our practice', 'hidden'));
    if (flags.childNodes.length) parts.push(flags);

    let equipment = Array.isArray(e.equipment) && e.equipment.length ? wordList(e.equipment) : 'Body weight';
    if (Array.isArray(e.equipment_any) && e.equipment_any.length) {
      equipment += '; plus one of: ' + e.equipment_any.map(wordLabel).join(', ');
    }
    parts.push(detailRows(el('dl', 'details'), [
      ['Other names', Array.isArray(e.aliases) && e.aliases.length ? e.aliases.join(', ') : '—'],
      ['Pattern', wordLabel(e.pattern)],
      ['Category', wordLabel(e.category)],
      ['Level', e.level != null ? num(e.level) + ' of 5' : '—'],
      ['Laterality', wordLabel(e.laterality)],
      ['Impact', wordLabel(e.impact)],
      ['Regions', wordList(e.regions)],
      ['Equipment', equipment],
      ['Phases', wordList(e.phases)],
    ]));

    parts.push(el('h3', null, 'Coaching cues'), textList(e.cues));
    parts.push(el('h3', null, 'Common faults'), textList(e.faults));
    parts.push(el('h3', null, 'Rationale'), el('p', null, e.rationale || '—'));

    /* Contraindications, grouped by condition. */
    const byCondition = new Map();
    for (const c of Array.isArray(e.contraindications) ? e.contraindications : []) {
      if (!c || !c.condition) continue;
      if (!byCondition.has(c.condition)) byCondition.set(c.condition, []);
      byCondition.get(c.condition).push(c.phase);
    }
    parts.push(el('h3', null, 'Contraindications'));
    parts.push(textList([...byCondition], ([condition, phases]) => wordLabel(condition) + ': not in ' +
      (phases.includes('any') ? 'any phase' : 'the ' + phases.map(wordLabel).join(', ') + ' phase' +
        (phases.length > 1 ? 's' : ''))));

    parts.push(el('h3', null, 'Precautions'));
    const precautions = Array.isArray(e.precautions) ? e.precautions.filter((p) => p && p.note) : [];
    if (precautions.length === 0) {
      parts.push(el('p', 'muted', 'None.'));
    } else {
      const ul = el('ul', 'text-list');
      for (const p of precautions) {
        const li = document.createElement('li');
        if (p.condition) li.append(el('strong', null, wordLabel(p.condition) + ': '));
        li.append(String(p.note));
        ul.appendChild(li);
      }
      parts.push(ul);
    }

    parts.push(el('h3', null, 'Dose by goal'));
    const doses = e.dose && typeof e.dose === 'object' ? Object.entries(e.dose) : [];
    if (doses.length === 0) {
      parts.push(el('p', 'muted', 'None.'));
    } else {
      const table = el('table', 'dose');
      const caption = el('caption', 'visually-hidden', 'Dose for each training goal');
      const head = el('tr');
      for (const h of ['Goal', 'Dose', 'Template']) {
        const th = el('th', null, h);
        th.scope = 'col';
        head.appendChild(th);
      }
      const thead = el('thead');
      thead.appendChild(head);
      const tbody = el('tbody');
      for (const [goal, d] of doses) {
        const tr = el('tr');
        const th = el('th', null, wordLabel(goal));
        th.scope = 'row';
        tr.append(th, el('td', null, formatDose(d)), el('td', null, d && d.template ? d.template : '—'));
        tbody.appendChild(tr);
      }
      table.append(caption, thead, tbody);
      const wrap = el('div', 'table-wrap');
      wrap.appendChild(table);
      parts.push(wrap);
    }

    parts.push(el('h3', null, 'Easier and harder'));
    const steps = el('div', 'steps');
    steps.append(neighbourList('Easier', e.regression_options), neighbourList('Harder', e.progression_options));
    parts.push(steps);

    body.replaceChildren(...parts);
  }

  function neighbourList(title, options) {
    const box = el('div', 'step-box');
    box.appendChild(el('h4', null, title));
    const list = Array.isArray(options) ? options.filter((n) => n && n.id) : [];
    if (list.length === 0) {
      box.appendChild(el('p', 'muted', 'None listed.'));
      return box;
    }
    const ul = el('ul', 'plain-list');
    for (const n of list) {
      state.lib.names.set(n.id, n.name);
      const li = document.createElement('li');
      const btn = el('button', 'linklike', (n.name || n.id) + (n.level != null ? ' (level ' + num(n.level) + ')' : ''));
      btn.type = 'button';
      btn.dataset.openId = n.id;
      li.appendChild(btn);
      ul.appendChild(li);
    }
    box.appendChild(ul);
    return box;
  }

  function onDetailBodyClick(ev) {
    const btn = ev.target.closest('button[data-open-id]');
    if (btn && $('lib-detail-body').contains(btn)) openExercise(btn.dataset.openId);
  }

  /* ---- staff: hide / show / remove our version ---------------------------- */

  /* The ids hidden for the practice, from the library export (staff only). */
  async function loadHidden() {
    const box = $('lib-hidden-box');
    if (!isStaff()) {
      show(box, false);
      return;
    }
    const seq = ++state.lib.hiddenSeq;
    const errEl = $('lib-hidden-error');
    const r = await api('GET', '/api/exercises/export');
    if (seq !== state.lib.hiddenSeq) return;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, null, r.error, null);
      show(box, true);
      return;
    }
    clearError(errEl, null);
    const data = r.data || {};
    const ids = Array.isArray(data.hidden) ? data.hidden.filter((x) => typeof x === 'string') : [];
    for (const e of Array.isArray(data.exercises) ? data.exercises : []) {
      if (e && e.id && e.name) state.lib.names.set(e.id, e.name);
    }
    state.lib.hidden = new Set(ids);

    const items = ids.map((id) => {
      const li = el('li', 'hidden-item');
      const name = state.lib.names.get(id);
      li.appendChild(el('span', name ? null : 'mono', name || id));
      const btn = el('button', 'secondary small', 'Show again');
      btn.type = 'button';
      btn.dataset.id = id;
      btn.setAttribute('aria-label', 'Show again: ' + (name || id));
      li.appendChild(btn);
      return li;
    });
    $('lib-hidden').replaceChildren(...items);
    setText($('lib-hidden-summary'), 'Hidden for our practice (' + ids.length + ')');
    show(box, ids.length > 0);
  }

  /*
   * Hide an exercise for the practice or show it again.  The server may
   * answer a successful hide with 404 (a hidden exercise can no longer be
   * read back), so success is judged by the hidden list that follows.
   */
  async function setHidden(id, hidden, button, errEl) {
    clearError(errEl, null);
    if (button) button.disabled = true;
    const r = await api('PATCH', '/api/exercises/' + encodeURIComponent(id), { hidden });
    if (button) button.disabled = false;
    if (r.status === 401) {
      sessionLost();
      return false;
    }
    await loadHidden();
    const nowHidden = !!(state.lib.hidden && state.lib.hidden.has(id));
    if (r.error && !(r.status === 404 && hidden && nowHidden)) {
      showError(errEl, null, r.error, null);
      return false;
    }
    const name = state.lib.names.get(id) || id;
    const notice = hidden
      ? 'Hidden for your practice: “' + name + '” no longer appears in searches.'
      : '“' + name + '” is shown again.';
    const cur = state.lib.current;
    if (cur && cur.id === id) state.lib.current = Object.assign({}, cur, { hidden });
    await Promise.all([
      openExercise(id, { notice, focus: false, keep: !!cur && cur.id === id }),
      rerunSearch(),
    ]);
    return true;
  }

  async function onHideToggle() {
    const e = state.lib.current;
    if (!e || !isStaff()) return;
    await setHidden(e.id, !e.hidden, $('lib-hide'), $('lib-detail-error'));
    if (!$('lib-detail').hidden) $('lib-hide').focus();
  }

  async function onHiddenListClick(ev) {
    const btn = ev.target.closest('button[data-id]');
    if (!btn || !$('lib-hidden').contains(btn)) return;
    const ok = await setHidden(btn.dataset.id, false, btn, $('lib-hidden-error'));
    if (ok) $('lib-detail').focus();
  }

  function onResetAsk() {
    const e = state.lib.current;
    if (!e || !isStaff()) return;
    const name = e.name || e.id;
    setText($('lib-reset-question'), e.origin === 'edited'
      ? 'Remove your practice’s changes to “' + name + '”? The built-in version comes back.'
      : 'Delete “' + name + '” from your practice’s library? This cannot be undone.');
    show($('lib-reset-confirm'), true);
    $('lib-reset-yes').focus();
  }

  function onResetCancel() {
    show($('lib-reset-confirm'), false);
    $('lib-reset').focus();
  }

  async function onResetConfirm() {
    const e = state.lib.current;
    if (!e || !isStaff()) return;
    const errEl = $('lib-detail-error');
    const button = $('lib-reset-yes');
    clearError(errEl, null);
    button.disabled = true;
    const r = await api('DELETE', '/api/exercises/' + encodeURIComponent(e.id));
    button.disabled = false;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, null, r.error, null);
      return;
    }
    show($('lib-reset-confirm'), false);
    const name = e.name || e.id;
    const notice = e.origin === 'edited'
      ? 'Your version of “' + name + '” was removed; this is the built-in exercise again.'
      : '“' + name + '” was removed from your practice’s library.';
    await loadHidden();
    await Promise.all([
      openExercise(e.id, { notice, removed: true, focus: false, keep: true }),
      rerunSearch(),
    ]);
    $('lib-detail').focus();
  }

  /* ---- protocols ----------------------------------------------------------- */

  async function loadProtocols() {
    const seq = ++state.lib.protocolsSeq;
    const errEl = $('protocols-error');
    const list = $('protocols');
    clearError(errEl, null);
    const button = $('protocols-refresh');
    button.disabled = true;
    const r = await api('GET', '/api/protocols');
    if (seq !== state.lib.protocolsSeq) return;
    button.disabled = false;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      list.replaceChildren();
      showError(errEl, null, r.error, null);
      return;
    }
    const protocols = r.data && Array.isArray(r.data.protocols) ? r.data.protocols : [];
    const items = protocols.map((p) => {
      const li = document.createElement('li');
      const btn = el('button', 'pick');
      btn.type = 'button';
      btn.dataset.id = p.id;
      btn.appendChild(el('span', 'pick-name', p.name || p.id));
      const who = p.condition ? wordLabel(p.condition) : 'Population: ' + wordLabel(p.population);
      const phases = Number.isFinite(p.phases) ? ' · ' + p.phases + (p.phases === 1 ? ' phase' : ' phases') : '';
      btn.appendChild(el('span', 'pick-meta', who + phases));
      li.appendChild(btn);
      return li;
    });
    list.replaceChildren(...items);
    show($('protocols-empty'), protocols.length === 0);
  }

  function onProtocolsClick(ev) {
    const btn = ev.target.closest('button[data-id]');
    if (btn && $('protocols').contains(btn)) openProtocol(btn.dataset.id);
  }

  async function openProtocol(id) {
    if (typeof id !== 'string' || id === '' || id.length > 200) return;
    const seq = ++state.lib.protocolSeq;
    const panel = $('protocol-detail');
    const errEl = $('protocol-error');
    const body = $('protocol-body');

    for (const btn of $('protocols').querySelectorAll('button[data-id]')) {
      btn.classList.toggle('selected', btn.dataset.id === id);
    }
    clearError(errEl, null);
    body.replaceChildren();
    setText($('protocol-title'), 'Loading…');
    show(panel, true);

    const r = await api('GET', '/api/protocols/' + encodeURIComponent(id));
    if (seq !== state.lib.protocolSeq) return;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      setText($('protocol-title'), 'Protocol');
      showError(errEl, null, r.error, null);
      return;
    }
    renderProtocol(r.data || {});
    panel.focus();
  }

  function renderProtocol(p) {
    setText($('protocol-title'), p.name || p.id || 'Protocol');
    const parts = [];
    parts.push(detailRows(el('dl', 'details'), [
      [p.condition ? 'Condition' : 'Population', wordLabel(p.condition || p.population)],
      ['Sources', Array.isArray(p.sources) && p.sources.length ? p.sources.join(', ') : '—'],
    ]));
    if (p.summary) parts.push(el('p', 'summary', p.summary));

    const phases = Array.isArray(p.phases) ? p.phases : [];
    parts.push(el('h3', null, phases.length === 1 ? '1 phase' : phases.length + ' phases'));
    const ol = el('ol', 'phases');
    for (const ph of phases) {
      const li = el('li', 'phase');
      const head = el('h4', null, ph.name || ph.id || 'Phase');
      head.append(' ', badge(wordLabel(ph.kind), 'kind'));
      li.appendChild(head);

      const painLimit = ph.pain_limit != null ? 'at most ' + num(ph.pain_limit) + '/10 during exercise' : '—';
      let minDays = ph.min_days != null ? num(ph.min_days) + (Number(ph.min_days) === 1 ? ' day' : ' days') : '—';
      if (ph.min_days != null && ph.min_days_source) minDays += ' (source ' + ph.min_days_source + ')';
      li.appendChild(detailRows(el('dl', 'details'), [
        ['Kind', wordLabel(ph.kind)],
        ['Restrictions', wordList(ph.restrictions)],
        ['Pain limit', painLimit],
        ['Minimum time', minDays],
        ['Dosing', ph.dosing || '—'],
      ]));

      li.append(el('h5', null, 'Goals'), textList(ph.goals));
      if (Array.isArray(ph.precautions) && ph.precautions.length) {
        li.append(el('h5', null, 'Precautions'), textList(ph.precautions));
      }

      li.appendChild(el('h5', null, 'Exit criteria'));
      const exits = Array.isArray(ph.exit) ? ph.exit.filter((x) => x) : [];
      if (exits.length === 0) {
        li.appendChild(el('p', 'muted', 'None: the last stage of the protocol.'));
      } else {
        const ul = el('ul', 'criteria');
        for (const x of exits) {
          const item = el('li');
          item.appendChild(el('span', 'criterion-label', x.label || x.id || ''));
          if (x.expr) item.append(' ', el('code', null, x.expr));
          if (x.source) item.append(' ', el('span', 'muted', '(source ' + x.source + ')'));
          ul.appendChild(item);
        }
        li.appendChild(ul);
      }
      ol.appendChild(li);
    }
    parts.push(ol);
    $('protocol-body').replaceChildren(...parts);
  }

  function closeProtocol() {
    state.lib.protocolSeq++;
    show($('protocol-detail'), false);
    const selected = $('protocols').querySelector('button.selected');
    if (selected) {
      selected.classList.remove('selected');
      selected.focus();
    }
  }

  /* ---- practice: credentials, compliance, scope ----------------------------- */

  const CREDENTIAL_KINDS = ['nasm_cpt', 'ace_cpt', 'acsm_cpt', 'nsca_cpt', 'neta_cpt', 'nsca_cscs',
    'boc_atc', 'pt_licence', 'physician', 'rd'];
  const KIND_LABELS = {
    nasm_cpt: 'NASM-CPT (personal trainer)',
    ace_cpt: 'ACE-CPT (personal trainer)',
    acsm_cpt: 'ACSM-CPT (personal trainer)',
    nsca_cpt: 'NSCA-CPT (personal trainer)',
    neta_cpt: 'NETA-CPT (personal trainer)',
    nsca_cscs: 'NSCA-CSCS (strength and conditioning)',
    boc_atc: 'BOC ATC (athletic trainer)',
    pt_licence: 'Physical therapist licence',
    physician: 'Physician',
    rd: 'Registered dietitian',
  };
  const STATUS_LABELS = {
    current: 'Current',
    expired: 'Expired',
    cpr_lapsed: 'CPR lapsed',
    unverified: 'Unverified',
  };
  const ACTION_LABELS = {
    screen: 'Screening',
    assess_fitness: 'Fitness assessment',
    program_healthy: 'Programs (healthy clients)',
    program_cleared: 'Programs (cleared clients)',
    open_case: 'Open injury cases',
    rehab_program: 'Rehabilitation',
    rts_decision: 'Return-to-sport decisions',
    nutrition_general: 'General nutrition',
    mnt: 'Medical nutrition therapy',
  };
  const CREDENTIAL_FIELDS = {
    kind: 'cred-kind',
    issuer: 'cred-issuer',
    number: 'cred-number',
    issued_on: 'cred-issued',
    expires_on: 'cred-expires',
    cpr_expires_on: 'cred-cpr',
    ce_earned: 'cred-ce-earned',
    ce_required: 'cred-ce-required',
  };

  function canSeeCompliance() {
    return !!state.user && (state.user.role === 'owner' || state.user.role === 'admin');
  }

  function actionLabel(a) {
    return Object.prototype.hasOwnProperty.call(ACTION_LABELS, a) ? ACTION_LABELS[a] : wordLabel(a);
  }

  function kindLabel(k) {
    return Object.prototype.hasOwnProperty.call(KIND_LABELS, k) ? KIND_LABELS[k] : wordLabel(k);
  }

  function statusBadge(status) {
    const known = Object.prototype.hasOwnProperty.call(STATUS_LABELS, status);
    return badge(known ? STATUS_LABELS[status] : wordLabel(status), 'status-' + (known ? status : 'other'));
  }

  function daysText(n) {
    const d = Number(n);
    if (!Number.isFinite(d)) return null;
    if (d < 0) return 'expired ' + (-d) + (d === -1 ? ' day' : ' days') + ' ago';
    if (d === 0) return 'expires today';
    return d + (d === 1 ? ' day' : ' days') + ' left';
  }

  function fillPracticeForms() {
    const kind = $('cred-kind');
    for (const k of CREDENTIAL_KINDS) {
      const o = el('option', null, kindLabel(k));
      o.value = k;
      kind.appendChild(o);
    }
    const act = $('scope-action');
    for (const a of Object.keys(ACTION_LABELS)) {
      const o = el('option', null, ACTION_LABELS[a]);
      o.value = a;
      act.appendChild(o);
    }
  }

  function resetPractice() {
    state.practiceOpened = false;
    state.credSeq++;
    state.complianceSeq++;
    $('my-credentials').replaceChildren();
    show($('my-credentials-empty'), false);
    clearError($('my-credentials-error'), null);
    $('credential-form').reset();
    clearError($('credential-error'), $('credential-form'));
    show($('credential-ok'), false);
    $('compliance').replaceChildren();
    setText($('compliance-asof'), '');
    clearError($('compliance-error'), null);
    show($('compliance-ok'), false);
    show($('compliance-card'), false);
    show($('nav-practice'), false);
    resetScope(null);
  }

  /* One credential as a list item: name, badge, dates, CE, verification. */
  function credentialItem(c, withVerify) {
    const li = el('li', 'cred');
    li.dataset.id = String(c.id);
    const head = el('div', 'cred-head');
    head.appendChild(el('span', 'cred-name', c.name || kindLabel(c.kind)));
    head.appendChild(statusBadge(c.status));
    li.appendChild(head);

    const bits = [];
    if (c.issuer) bits.push(c.issuer);
    if (c.number) bits.push('No. ' + c.number);
    if (c.issued_on) bits.push('issued ' + c.issued_on);
    if (c.expires_on) {
      const left = daysText(c.days_left);
      bits.push('expires ' + c.expires_on + (left ? ' (' + left + ')' : ''));
    }
    if (c.cpr_expires_on) bits.push('CPR/AED until ' + c.cpr_expires_on);
    const ceReq = Number(c.ce_required);
    const ceEarned = Number(c.ce_earned);
    if (ceReq > 0) {
      bits.push('CE ' + (ceEarned > 0 ? num(ceEarned) : '0') + ' of ' + num(ceReq));
    } else if (ceEarned > 0) {
      bits.push('CE ' + num(ceEarned));
    }
    li.appendChild(el('p', 'cred-meta', bits.join(' · ')));

    if (c.verified) {
      let v = 'Verified' + (c.verified_on ? ' on ' + c.verified_on : '');
      if (c.verify_note) v += ': ' + c.verify_note;
      li.appendChild(el('p', 'cred-meta', v));
    } else if (withVerify) {
      const btn = el('button', 'secondary small', 'Verify');
      btn.type = 'button';
      btn.id = 'verify-' + c.id;
      btn.dataset.verify = String(c.id);
      btn.setAttribute('aria-label', 'Verify ' + (c.name || kindLabel(c.kind)));
      li.appendChild(btn);

      const form = el('form', 'verify-form');
      form.id = 'verify-form-' + c.id;
      form.dataset.id = String(c.id);
      form.noValidate = true;
      form.hidden = true;
      const field = el('div', 'field');
      const label = el('label', null, 'How did you check it?');
      const input = el('input');
      input.type = 'text';
      input.id = 'verify-note-' + c.id;
      input.name = 'note';
      input.maxLength = 500;
      input.autocomplete = 'off';
      input.placeholder = 'e.g. checked on the registry website';
      label.htmlFor = input.id;
      field.append(label, input);
      const err = el('p', 'error');
      err.id = 'verify-error-' + c.id;
      err.setAttribute('role', 'alert');
      err.hidden = true;
      const actions = el('div', 'actions');
      const ok = el('button', 'small', 'Mark verified');
      ok.type = 'submit';
      const cancel = el('button', 'secondary small', 'Cancel');
      cancel.type = 'button';
      cancel.dataset.cancel = String(c.id);
      actions.append(ok, cancel);
      form.append(field, err, actions);
      li.appendChild(form);
    }
    return li;
  }

  async function loadMyCredentials() {
    if (!isStaff()) return;
    const seq = ++state.credSeq;
    const errEl = $('my-credentials-error');
    clearError(errEl, null);
    const r = await api('GET', '/api/users/' + encodeURIComponent(state.user.id) + '/credentials');
    if (seq !== state.credSeq) return;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, null, r.error, null);
      return;
    }
    const creds = r.data && Array.isArray(r.data.credentials) ? r.data.credentials : [];
    $('my-credentials').replaceChildren(...creds.map((c) => credentialItem(c, false)));
    show($('my-credentials-empty'), creds.length === 0);
  }

  async function onAddCredential(ev) {
    ev.preventDefault();
    if (!isStaff()) return;
    const form = $('credential-form');
    const errEl = $('credential-error');
    const ok = $('credential-ok');
    show(ok, false);

    const body = { kind: $('cred-kind').value };
    const texts = [['issuer', 'cred-issuer', 'Enter who issued the credential.'],
      ['number', 'cred-number', 'Enter the credential number.']];
    for (const [key, id, msg] of texts) {
      const v = $(id).value.trim();
      if (!v) {
        showError(errEl, form, { message: msg, field: key }, CREDENTIAL_FIELDS);
        return;
      }
      body[key] = v;
    }
    const dates = [['issued_on', 'cred-issued', true, 'Enter the date it was issued.'],
      ['expires_on', 'cred-expires', true, 'Enter the date it expires.'],
      ['cpr_expires_on', 'cred-cpr', false, null]];
    for (const [key, id, required, msg] of dates) {
      const input = $(id);
      if (input.validity && input.validity.badInput) {
        showError(errEl, form, { message: 'Enter a complete date' + (required ? '.' : ', or leave it empty.'), field: key }, CREDENTIAL_FIELDS);
        return;
      }
      if (input.value) body[key] = input.value;
      else if (required) {
        showError(errEl, form, { message: msg, field: key }, CREDENTIAL_FIELDS);
        return;
      }
    }
    for (const [key, id] of [['ce_earned', 'cred-ce-earned'], ['ce_required', 'cred-ce-required']]) {
      const input = $(id);
      const raw = input.value.trim();
      if ((input.validity && input.validity.badInput) || (raw !== '' && !Number.isFinite(Number(raw)))) {
        showError(errEl, form, { message: 'Enter a number, or leave it empty.', field: key }, CREDENTIAL_FIELDS);
        return;
      }
      if (raw !== '') body[key] = Number(raw);
    }
    clearError(errEl, form);

    const button = $('credential-submit');
    button.disabled = true;
    const r = await api('POST', '/api/users/' + encodeURIComponent(state.user.id) + '/credentials', body);
    button.disabled = false;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, form, r.error, CREDENTIAL_FIELDS);
      return;
    }
    form.reset();
    const c = r.data || {};
    setText(ok, 'Added ' + (c.name || kindLabel(body.kind)) + '.' +
      (c.verified ? '' : ' An owner or admin still has to verify it.'));
    show(ok, true);
    await loadMyCredentials();
    if (canSeeCompliance() && state.practiceOpened) loadCompliance();
  }

  async function loadCompliance() {
    if (!canSeeCompliance()) return;
    const seq = ++state.complianceSeq;
    const errEl = $('compliance-error');
    const button = $('compliance-refresh');
    clearError(errEl, null);
    button.disabled = true;
    const r = await api('GET', '/api/compliance');
    if (seq !== state.complianceSeq) return;
    button.disabled = false;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, null, r.error, null);
      return;
    }
    renderCompliance(r.data || {});
  }

  function renderCompliance(d) {
    const asOf = d.as_of ? 'As of ' + d.as_of : '';
    const ahead = Number.isFinite(Number(d.alert_days)) ? 'alerts ' + num(d.alert_days) + ' days ahead' : '';
    setText($('compliance-asof'), [asOf, ahead].filter(Boolean).join(' · '));
    const staff = Array.isArray(d.staff) ? d.staff : [];
    if (staff.length === 0) {
      $('compliance').replaceChildren(el('p', 'muted', 'No staff.'));
      return;
    }
    $('compliance').replaceChildren(...staff.map(staffBlock));
  }

  function staffBlock(s) {
    const u = s.user || {};
    const box = el('article', 'staff');
    box.dataset.user = String(u.id);
    const head = el('h2', 'staff-name', u.name || u.email || 'User #' + u.id);
    head.append(' ', badge(ROLE_LABELS[u.role] || wordLabel(u.role), 'kind'));
    box.appendChild(head);
    if (u.name && u.email) box.appendChild(el('p', 'muted staff-email', u.email));

    box.appendChild(el('h3', null, 'Credentials'));
    const creds = Array.isArray(s.credentials) ? s.credentials : [];
    if (creds.length === 0) {
      box.appendChild(el('p', 'muted', 'None recorded.'));
    } else {
      const ul = el('ul', 'cred-list');
      for (const c of creds) ul.appendChild(credentialItem(c, true));
      box.appendChild(ul);
    }

    const alerts = Array.isArray(s.alerts) ? s.alerts : [];
    if (alerts.length) {
      box.appendChild(el('h3', null, 'Alerts'));
      const ul = el('ul', 'alerts');
      for (const a of alerts) {
        const overdue = Number(a.days_left) < 0;
        const li = el('li', 'alert' + (overdue ? ' alert-overdue' : ''));
        li.appendChild(badge(a.kind === 'cpr' ? 'CPR/AED' : 'Credential', overdue ? 'status-expired' : 'status-soon'));
        li.append(' ', el('span', null, a.message || ''));
        const left = a.expires_on ? daysText(a.days_left) : null;
        if (left) li.append(' ', el('span', 'muted', '(' + a.expires_on + ', ' + left + ')'));
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }

    const today = s.today || {};
    box.appendChild(el('h3', null, 'May do today'));
    const allowed = Array.isArray(today.allowed) ? today.allowed : [];
    if (allowed.length === 0) {
      box.appendChild(el('p', 'muted', 'Nothing yet.'));
    } else {
      const chips = el('ul', 'chips');
      for (const a of allowed) chips.appendChild(el('li', 'chip', actionLabel(a)));
      box.appendChild(chips);
    }
    const refused = Array.isArray(today.refused) ? today.refused : [];
    if (refused.length) {
      const det = el('details', 'refused');
      det.appendChild(el('summary', null, 'Not allowed (' + refused.length + ')'));
      const ul = el('ul', 'refused-list');
      for (const x of refused) {
        const li = el('li');
        li.appendChild(el('strong', null, actionLabel(x.action)));
        if (x.message) li.append(': ', el('span', null, x.message));
        if (x.unblock) li.appendChild(el('p', 'unblock', x.unblock));
        ul.appendChild(li);
      }
      det.appendChild(ul);
      box.appendChild(det);
    }
    return box;
  }

  function onComplianceClick(ev) {
    const vb = ev.target.closest('button[data-verify]');
    if (vb && $('compliance').contains(vb)) {
      const id = vb.dataset.verify;
      const form = $('verify-form-' + id);
      if (!form) return;
      show(vb, false);
      show(form, true);
      $('verify-note-' + id).focus();
      return;
    }
    const cb = ev.target.closest('button[data-cancel]');
    if (cb && $('compliance').contains(cb)) {
      const id = cb.dataset.cancel;
      const form = $('verify-form-' + id);
      if (form) {
        clearError($('verify-error-' + id), form);
        form.reset();
        show(form, false);
      }
      const btn = $('verify-' + id);
      if (btn) {
        show(btn, true);
        btn.focus();
      }
    }
  }

  async function onVerifySubmit(ev) {
    const form = ev.target.closest('form.verify-form');
    if (!form || !$('compliance').contains(form)) return;
    ev.preventDefault();
    const id = form.dataset.id;
    if (!/^[0-9]+$/.test(id)) return;
    const errEl = $('verify-error-' + id);
    const fields = { note: 'verify-note-' + id };
    const note = $('verify-note-' + id).value.trim();
    if (!note) {
      showError(errEl, form, { message: 'Say how you checked the credential.', field: 'note' }, fields);
      return;
    }
    clearError(errEl, form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const r = await api('POST', '/api/credentials/' + id + '/verify', { note });
    button.disabled = false;
    if (r.status === 401) return sessionLost();
    if (r.error) {
      showError(errEl, form, r.error, fields);
      return;
    }
    const c = r.data || {};
    const ok = $('compliance-ok');
    setText(ok, 'Verified ' + (c.name || 'the credential') + '.');
    show(ok, true);
    await loadCompliance();
    if (state.user) loadMyCredentials();
  }

  /* -- scope check in the client detail -- */

  function resetScope(clientId) {
    state.scopeSeq++;
    state.scopeClient = clientId;
    clearError($('scope-error'), null);
    $('scope-result').replaceChildren();
    show($('scope-result'), false);
    $('scope-check').disabled = false;
    show($('scope-box'), clientId != null && isStaff());
  }

  async function onScopeCheck(ev) {
    ev.preventDefault();
    const id = state.scopeClient;
    if (id == null || !isStaff() || !/^[0-9]+$/.test(id)) return;
    const action = $('scope-action').value;
    const seq = ++state.scopeSeq;
    const errEl = $('scope-error');
    const out = $('scope-result');
    clearError(errEl, null);
    out.replaceChildren();
    show(out, false);
    const button = $('scope-check');
    button.disabled = true;
    const r = await api('POST', '/api/clients/' + id + '/scope-check', { action });
    if (seq !== state.scopeSeq) return;
    button.disabled = false;
    if (r.status === 401) return sessionLost();
    if (r.status === 403 && r.error && r.error.code === 'out_of_scope') {
      const e = r.error;
      out.className = 'scope-result scope-refused';
      const head = el('p', 'scope-verdict');
      head.append(badge('Not allowed', 'status-expired'), ' ', el('strong', null, actionLabel(action)));
      out.appendChild(head);
      out.appendChild(el('p', null, e.message || ''));
      if (e.rule) {
        const rule = el('p', 'scope-rule');
        rule.append('Rule ', el('span', 'mono', e.rule));
        out.appendChild(rule);
      }
      if (e.unblock) out.appendChild(el('p', 'unblock', e.unblock));
      show(out, true);
      return;
    }
    if (r.error) {
      showError(errEl, null, r.error, null);
      return;
    }
    const g = r.data || {};
    if (!g.allowed) {
      showError(errEl, null, { message: 'The server did not allow this.' }, null);
      return;
    }
    out.className = 'scope-result scope-allowed';
    const head = el('p', 'scope-verdict');
    head.append(badge('Allowed', 'status-current'), ' ', el('strong', null, actionLabel(g.action || action)));
    out.appendChild(head);
    const restrictions = Array.isArray(g.restrictions) ? g.restrictions.filter(Boolean) : [];
    if (restrictions.length) {
      out.appendChild(el('p', 'scope-sub', 'With these restrictions:'));
      out.appendChild(textList(restrictions, wordLabel));
    }
    const cl = g.clearance;
    if (cl && typeof cl === 'object') {
      let t = 'Medical clearance';
      if (cl.provider) t += ' by ' + cl.provider + (cl.provider_credential ? ' (' + cl.provider_credential + ')' : '');
      if (cl.cleared_on) t += ', cleared ' + cl.cleared_on;
      if (cl.expires_on) t += ', valid until ' + cl.expires_on;
      out.appendChild(el('p', 'muted', t + '.'));
    }
    show(out, true);
  }

  /* ---- the client record (record.js) ------------------------------------- */

  /*
   * record.js draws the intake, consent, injuries, clearances, screenings
   * and incidents of the open client, assess.js its assessments and phase
   * gate.  They are loaded after this file and find these helpers on
   * window.Rebound; they register themselves as window.Rebound.record and
   * window.Rebound.assess.
   */
  function recordHook(name, arg) {
    for (const part of ['record', 'assess']) {
      const rec = window.Rebound && window.Rebound[part];
      if (rec && typeof rec[name] === 'function') rec[name](arg);
    }
  }

  window.Rebound = Object.assign(window.Rebound || {}, {
    api,
    $,
    show,
    setText,
    clearError,
    showError,
    el,
    badge,
    textList,
    detailRows,
    wordLabel,
    formatTime,
    fullName,
    num,
    isStaff,
    sessionLost,
    actionLabel,
    staffNames,
    user: () => state.user,
    vocab: VOCAB,
    showTab,
    openClient,
  });

  /*
   * program.js and attention.js (the program, logs, recommendations and
   * the attention list) register themselves in window.Rebound.parts; they
   * hear 'open' (a client), 'close', 'reset' (logged out) and 'attention'
   * (that tab shown).
   */
  function partsHook(name, arg) {
    const parts = (window.Rebound && window.Rebound.parts) || [];
    for (const part of parts) {
      if (part && typeof part[name] === 'function') part[name](arg);
    }
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
    fillLibraryForm();
    $('nav-clients').addEventListener('click', () => showTab('clients'));
    $('nav-library').addEventListener('click', () => showTab('library'));
    $('nav-practice').addEventListener('click', () => showTab('practice'));
    $('nav-attention').addEventListener('click', () => showTab('attention'));
    fillPracticeForms();
    $('credential-form').addEventListener('submit', onAddCredential);
    $('my-credentials-refresh').addEventListener('click', loadMyCredentials);
    $('compliance-refresh').addEventListener('click', loadCompliance);
    $('compliance').addEventListener('click', onComplianceClick);
    $('compliance').addEventListener('submit', onVerifySubmit);
    $('scope-form').addEventListener('submit', onScopeCheck);
    $('lib-form').addEventListener('submit', onLibrarySearch);
    $('lib-clear').addEventListener('click', onLibraryClear);
    $('lib-results').addEventListener('click', onResultsClick);
    $('lib-detail-body').addEventListener('click', onDetailBodyClick);
    $('lib-detail-close').addEventListener('click', closeExercise);
    $('lib-hide').addEventListener('click', onHideToggle);
    $('lib-reset').addEventListener('click', onResetAsk);
    $('lib-reset-yes').addEventListener('click', onResetConfirm);
    $('lib-reset-no').addEventListener('click', onResetCancel);
    $('lib-hidden').addEventListener('click', onHiddenListClick);
    $('protocols').addEventListener('click', onProtocolsClick);
    $('protocols-refresh').addEventListener('click', loadProtocols);
    $('protocol-close').addEventListener('click', closeProtocol);
    $('lib-detail').addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') closeExercise();
    });
    $('protocol-detail').addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') closeProtocol();
    });
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
