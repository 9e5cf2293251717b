/*
 * program.js -- the open client's training program, training log and the
 * recommendations the logs led to.
 *
 * Staff generate a program (or preview one without saving), read it week by
 * week, session by session and block by block with each prescription's dose
 * and the reason for it (rule ids and sources too), see the phase gate and
 * the notes, edit a prescription (swap, dose, remove: each with a reason),
 * list the versions and compare two of them, and accept or decline the
 * recommendations.  The client, in the portal, reads the current program in
 * plain language with the same reasons, and logs sessions and check-ins.
 *
 * Loaded after app.js, whose helpers it takes from window.Rebound, and
 * registered in window.Rebound.parts: app.js calls open(client), close()
 * and reset().  Shapes: docs/program-engine.md and the API tests
 * (tests/api/program_tests.py, loop_tests.py, logs_tests.py).  Server text
 * is only ever put on the page with textContent.
 */
'use strict';

(() => {
  const R = window.Rebound;
  if (!R) return;
  const { api, $, show, setText, clearError, el, badge, wordLabel, formatTime, num } = R;

  /* ---- words ------------------------------------------------------------- */

  /* Block ids of the engine and what each is for, in the client's words. */
  const BLOCKS = {
    raise: ['Warm-up: raise', 'Easy movement to get warm.'],
    activate_mobilise: ['Warm-up: activate and mobilise', 'Switch muscles on and move joints through the ranges the session needs.'],
    potentiate: ['Warm-up: ramp-up sets', 'Lighter practice sets of the first main exercise.'],
    main: ['Main work', null],
    accessory: ['Accessory work', null],
    conditioning: ['Conditioning', null],
    cool_down: ['Cool-down', null],
  };
  /* Blocks whose sets a client logs (the warm-up and cool-down are not). */
  const LOGGED_BLOCKS = ['main', 'accessory', 'conditioning'];

  const ACTIONS = {
    progress: ['Progress', 'status-current'],
    hold: ['Hold', 'kind'],
    regress: ['Regress', 'status-soon'],
    substitute: ['Substitute', 'status-soon'],
    stop_and_refer: ['Stop and refer', 'status-expired'],
  };

  const VERDICTS = {
    met: ['Met', 'status-current'],
    not_met: ['Not met', 'status-expired'],
    missing: ['Not tested', 'kind'],
  };

  const CHANGE_KINDS = {
    generate: 'Generated',
    swap: 'Swapped',
    dose: 'Dose changed',
    remove: 'Removed',
    hold: 'Held',
    progress: 'Progressed',
  };

  /* Check-in scales 1-5, 5 the good end (app/logs.c). */
  const SCALES = [
    ['sleep_quality', 'Sleep quality', '1 very poor … 5 very good'],
    ['fatigue', 'Energy', '1 exhausted … 5 fresh'],
    ['soreness', 'Muscle soreness', '1 very sore … 5 not sore'],
    ['stress', 'Stress', '1 very stressed … 5 relaxed'],
    ['mood', 'Mood', '1 very low … 5 very good'],
  ];

  /* Red flags a client can report in a check-in: the symptom rows of the
   * red-flag table (core/screening.c), not examination findings. */
  const FLAGS = [
    ['cardiac.chest_pain', 'New chest, jaw, neck or arm pain or discomfort'],
    ['cardiac.breathlessness', 'Unusual breathlessness'],
    ['cardiac.syncope', 'Fainting or nearly fainting'],
    ['cardiac.palpitations', 'Palpitations or a racing heart'],
    ['ces.bilateral_leg_symptoms', 'Pain, numbness or weakness in both legs'],
    ['ces.saddle_anaesthesia', 'Numbness between the legs or around the back passage'],
    ['ces.bladder_change', 'A new change in passing urine'],
    ['ces.bowel_incontinence', 'Loss of bowel control'],
  ];

  const SESSION_STATUS = { completed: 'Completed', partial: 'Partly done', missed: 'Missed' };
  const CHECKIN_KINDS = { next_morning: 'Morning after', daily: 'Daily check-in' };

  /* ---- state --------------------------------------------------------------- */

  const pg = {
    client: null,
    seq: 0, /* answers for a client no longer open are ignored */
    current: null, /* the current saved version {version, program, ...}, or null */
    shown: null, /* what the view shows: {program, version|null, preview} */
    versions: [],
    names: new Map(), /* exercise id -> name, from everything seen */
    editCount: 0,
  };

  function staff() {
    return R.isStaff();
  }

  function clientPath(suffix) {
    return '/api/clients/' + encodeURIComponent(pg.client.id) + suffix;
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  function exName(id) {
    return pg.names.get(id) || id;
  }

  /* Every prescription of a program, with where it is. */
  function* prescriptions(program) {
    for (const w of (program && program.weeks) || []) {
      for (const s of w.sessions || []) {
        for (const b of s.blocks || []) {
          for (const rx of b.prescriptions || []) yield { w, s, b, rx };
        }
      }
    }
  }

  /*
   * An exercise's name as a node.  Names the page has not seen (a
   * neighbour, an exercise an older version had) are asked of the library
   * once, and every node of that id is filled in when the answer comes.
   */
  const wantNames = new Set();
  let nameTimer = 0;

  function exNode(id) {
    const span = el('span', 'ex-name', exName(id));
    span.dataset.ex = String(id);
    if (id && !pg.names.has(id)) {
      wantNames.add(id);
      if (!nameTimer) nameTimer = setTimeout(fetchNames, 0);
    }
    return span;
  }

  async function fetchNames() {
    nameTimer = 0;
    const ids = [...wantNames].filter((id) => !pg.names.has(id)).slice(0, 20);
    wantNames.clear();
    await Promise.all(ids.map(async (id) => {
      const r = await api('GET', '/api/exercises/' + encodeURIComponent(id));
      /* Unknown or unreadable: keep the id, and do not ask again. */
      pg.names.set(id, r.data && r.data.name ? r.data.name : id);
    }));
    for (const span of $('program-area').querySelectorAll('span[data-ex]')) {
      if (pg.names.has(span.dataset.ex)) span.textContent = pg.names.get(span.dataset.ex);
    }
  }

  function learnNames(program) {
    for (const { rx } of prescriptions(program)) {
      if (rx.exercise && rx.name) pg.names.set(rx.exercise, rx.name);
    }
  }

  /* ---- form errors: the message in the alert line and under the field ---- */

  /* The field-error helpers are record.js's (R.forms), shared by every form. */
  function clearFieldErrors(form) {
    R.forms.clearFieldErrors(form);
  }

  function resetForm(form, errEl) {
    clearFieldErrors(form);
    clearError(errEl, null);
  }

  /*
   * Show 'error' for 'form': the message in errEl and, when 'target' (an
   * input, or a fieldset/div for a group) is given, again right under it;
   * the input is marked invalid, described by the note and focused.
   */
  function fieldError(form, errEl, error, target) {
    clearFieldErrors(form);
    R.showError(errEl, null, error, null);
    if (target) R.forms.markField(target, error.message);
  }


  function byField(form, name) {
    return name ? form.querySelector('[data-field="' + name + '"]') : null;
  }

  /* A 403 out_of_scope refusal: verdict, message, rule and the way out. */
  function renderRefusal(box, e, what) {
    const head = el('p', 'scope-verdict');
    head.append(badge('Not allowed', 'status-expired'));
    if (what) head.append(' ', el('strong', null, what));
    box.replaceChildren(head, el('p', 'refusal-message', e.message || ''));
    if (e.rule) {
      const rule = el('p', 'scope-rule');
      rule.append('Rule ', el('span', 'mono', e.rule));
      box.appendChild(rule);
    }
    if (e.unblock) {
      const p = el('p', 'unblock');
      p.append(el('strong', null, 'What would allow it: '), e.unblock);
      box.appendChild(p);
    }
    show(box, true);
  }

  function notice(id, text) {
    const p = $(id);
    setText(p, text);
    show(p, !!text);
  }

  /* A number input's value: undefined when empty, NaN when not a number. */
  function numberOf(input) {
    if (input.validity && input.validity.badInput) return NaN;
    const raw = input.value.trim();
    if (raw === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : NaN;
  }

  /* ---- the program --------------------------------------------------------- */

  function plural(n, one, many) {
    return num(n) + ' ' + (Number(n) === 1 ? one : many);
  }

  function workText(rx) {
    if (rx.reps != null) return plural(rx.reps, 'rep', 'reps');
    if (rx.seconds != null) {
      const s = Number(rx.seconds);
      return s >= 120 && s % 60 === 0 ? num(s / 60) + ' min' : num(s) + ' s';
    }
    return null;
  }

  function effortText(i) {
    if (!i || typeof i !== 'object' || i.value == null) return null;
    if (i.scale === 'rpe') return 'effort ' + num(i.value) + ' out of 10';
    if (i.scale === 'rir') return 'stop with about ' + plural(i.value, 'rep', 'reps') + ' left in you';
    if (i.scale === 'pct_1rm') {
      let t = num(i.value) + ' % of your one-rep maximum';
      if (i.load_kg != null) t += ' (about ' + num(i.load_kg) + ' kg)';
      return t;
    }
    return wordLabel(i.scale) + ' ' + num(i.value);
  }

  /* "3 sets × 6 reps · stop with about 2 reps left in you · tempo 2-0-1-0 · rest 90 s" */
  function doseText(rx) {
    const parts = [];
    const work = workText(rx);
    const sets = rx.sets != null ? plural(rx.sets, 'set', 'sets') : null;
    if (sets && work) parts.push(sets + ' × ' + work);
    else if (sets || work) parts.push(sets || work);
    const effort = effortText(rx.intensity);
    if (effort) parts.push(effort);
    if (rx.tempo === 'steady') parts.push('steady pace');
    else if (rx.tempo === 'hold') parts.push('hold still');
    else if (rx.tempo) parts.push('tempo ' + rx.tempo);
    if (Number(rx.rest_s) > 0) parts.push('rest ' + num(rx.rest_s) + ' s');
    if (rx.side === 'involved' || rx.side === 'uninvolved') {
      parts.push((rx.side === 'involved' ? 'injured side' : 'other side') + (rx.side_name ? ' (' + rx.side_name + ')' : ''));
    }
    return parts.join(' · ');
  }

  function renderEmpty(text) {
    pg.shown = null;
    $('program-view').replaceChildren();
    show($('program-meta'), false);
    setText($('program-empty'), text);
    show($('program-empty'), true);
  }

  function renderMeta(shown) {
    const p = $('program-meta');
    p.replaceChildren();
    if (shown.preview) {
      p.append(badge('Preview', 'status-soon'), ' Not saved: “Generate and save” keeps it as a new version.');
    } else {
      const current = pg.current && shown.version === pg.current.version;
      p.append(el('strong', null, 'Version ' + shown.version));
      if (staff()) p.append(' ', current ? badge('Current', 'status-current') : badge('Older version', 'kind'));
      const bits = [];
      if (shown.created_at) bits.push('saved ' + formatTime(shown.created_at));
      if (shown.reason) bits.push(shown.reason);
      if (bits.length) p.append(' · ' + bits.join(' · '));
    }
    show(p, true);
  }

  function summaryBlock(program) {
    const box = el('div', 'pg-summary');
    const dl = el('dl', 'details');
    const proto = program.protocol || {};
    const phase = program.phase || {};
    const rows = [
      [proto.rehab ? 'Protocol' : 'Pathway', proto.name || proto.id],
      ['Phase', phase.name ? phase.name + (staff() && phase.kind ? ' (' + wordLabel(phase.kind) + ')' : '') : phase.id],
      ['Sessions', program.days_per_week != null ? plural(program.days_per_week, 'day', 'days') + ' a week, about ' +
        num(program.minutes_per_session) + ' minutes each' : null],
    ];
    R.detailRows(dl, rows);
    box.appendChild(dl);
    return box;
  }

  function gateBlock(gate) {
    const box = el('section', 'pg-gate');
    box.setAttribute('aria-label', 'Phase gate');
    box.appendChild(el('h3', null, 'Phase gate'));
    const head = el('p', 'pg-gate-decision');
    if (gate.decision === 'advance') {
      head.append(badge('Advance', 'status-current'), ' ', 'The exit criteria are met: the plan trains in the next phase' +
        (gate.proposed_phase ? ' (' + gate.proposed_phase + ')' : '') + '. Confirm it clinically.');
    } else {
      head.append(badge('Stay', 'status-soon'), ' ', gate.explanation || 'Not every exit criterion is met.');
    }
    box.appendChild(head);
    const criteria = Array.isArray(gate.criteria) ? gate.criteria : [];
    if (criteria.length) {
      const ul = el('ul', 'criteria pg-criteria');
      for (const c of criteria) {
        const li = el('li');
        const v = VERDICTS[c.verdict] || [wordLabel(c.verdict), 'kind'];
        li.append(badge(v[0], v[1]), ' ', el('span', null, c.label || c.id));
        const bits = [];
        if (c.value != null) bits.push('value ' + num(c.value));
        if (c.threshold != null) bits.push('threshold ' + num(c.threshold));
        if (c.source) bits.push('source ' + c.source);
        if (bits.length) li.append(' ', el('span', 'muted', '(' + bits.join(', ') + ')'));
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }
    if (Array.isArray(gate.to_test) && gate.to_test.length) {
      box.appendChild(el('p', 'muted', 'To test: ' + gate.to_test.map(wordLabel).join(', ') + '.'));
    }
    if (gate.time_floor_days) box.appendChild(el('p', 'muted', 'Time floor: ' + num(gate.time_floor_days) + ' days in the phase; time alone never advances it.'));
    return box;
  }

  function notesBlock(notes) {
    const box = el('section', 'pg-notes');
    box.setAttribute('aria-label', 'Notes');
    box.appendChild(el('h3', null, staff() ? 'Notes' : 'Good to know'));
    const ul = el('ul', 'text-list');
    for (const n of notes) {
      const li = el('li', null, n.text || '');
      if (staff() && n.source) li.append(' ', el('span', 'muted', '(source ' + n.source + ')'));
      ul.appendChild(li);
    }
    box.appendChild(ul);
    return box;
  }

  function whyBlock(rx) {
    const d = el('details', 'pg-why');
    d.appendChild(el('summary', null, 'Why?'));
    const r = rx.rationale || {};
    d.appendChild(el('p', 'pg-why-text', r.text || 'No reason recorded.'));
    if (staff()) {
      if (Array.isArray(r.rules) && r.rules.length) {
        const p = el('p', 'pg-why-rules');
        p.append('Rules: ');
        r.rules.forEach((id, i) => {
          if (i) p.append(', ');
          p.appendChild(el('span', 'mono', id));
        });
        d.appendChild(p);
      }
      if (Array.isArray(r.sources) && r.sources.length) {
        d.appendChild(el('p', 'pg-why-sources', 'Sources: ' + r.sources.join(', ')));
      }
      if (rx.regression || rx.progression) {
        const p = el('p', 'muted', 'Neighbours — ');
        if (rx.regression) p.append('easier: ', exNode(rx.regression));
        if (rx.regression && rx.progression) p.append('; ');
        if (rx.progression) p.append('harder: ', exNode(rx.progression));
        p.append('.');
        d.appendChild(p);
      }
    }
    return d;
  }

  function rxItem(rx, w, s, b, editable) {
    const li = el('li', 'pg-rx');
    li.dataset.week = String(w.week);
    li.dataset.session = String(s.session);
    li.dataset.block = String(b.block);
    li.dataset.exercise = String(rx.exercise);
    const head = el('div', 'pg-rx-head');
    head.append(el('strong', 'pg-rx-name', rx.name || rx.exercise), ' ');
    head.appendChild(el('span', 'pg-dose', doseText(rx)));
    li.appendChild(head);
    li.appendChild(whyBlock(rx));
    if (editable) {
      const edit = el('button', 'secondary small pg-edit', 'Change');
      edit.type = 'button';
      edit.setAttribute('aria-label', 'Change ' + (rx.name || rx.exercise) + ', week ' + w.week + ', session ' + s.session);
      edit.setAttribute('aria-expanded', 'false');
      li.appendChild(edit);
    }
    return li;
  }

  function weekBlock(w, editable, open) {
    const d = el('details', 'pg-week');
    d.dataset.week = String(w.week);
    d.open = open;
    const sum = el('summary', null, 'Week ' + w.week);
    if (w.deload) sum.append(' ', badge('Lighter week', 'kind'));
    if (w.note) sum.append(' ', el('span', 'muted', '— ' + w.note));
    d.appendChild(sum);
    for (const s of w.sessions || []) {
      const sec = el('section', 'pg-session');
      sec.dataset.session = String(s.session);
      const title = 'Session ' + s.session + (s.date ? ' · ' + s.date : '') +
        (s.minutes != null ? ' · about ' + Math.round(Number(s.minutes)) + ' min' : '');
      sec.appendChild(el('h4', null, title));
      if (s.focus && staff()) sec.appendChild(el('p', 'muted pg-focus', 'Focus: ' + String(s.focus).split(/,\s*/).map(wordLabel).join(', ')));
      for (const b of s.blocks || []) {
        const label = BLOCKS[b.block] || [wordLabel(b.block), null];
        sec.appendChild(el('h5', 'pg-block', label[0]));
        if (label[1] && !staff()) sec.appendChild(el('p', 'muted pg-block-about', label[1]));
        const ul = el('ul', 'pg-rx-list');
        for (const rx of b.prescriptions || []) ul.appendChild(rxItem(rx, w, s, b, editable));
        sec.appendChild(ul);
      }
      d.appendChild(sec);
    }
    return d;
  }

  function renderProgram(shown) {
    pg.shown = shown;
    const program = shown.program || {};
    learnNames(program);
    show($('program-empty'), false);
    renderMeta(shown);
    const editable = staff() && !shown.preview && !!pg.current && shown.version === pg.current.version;
    const parts = [summaryBlock(program)];
    if (staff() && program.gate) parts.push(gateBlock(program.gate));
    if (Array.isArray(program.notes) && program.notes.length) parts.push(notesBlock(program.notes));
    const weeks = Array.isArray(program.weeks) ? program.weeks : [];
    const plan = el('section', 'pg-weeks');
    plan.setAttribute('aria-label', 'Week by week');
    plan.appendChild(el('h3', null, 'Week by week'));
    weeks.forEach((w, i) => plan.appendChild(weekBlock(w, editable, i === 0)));
    parts.push(plan);
    $('program-view').replaceChildren(...parts);
    markChanged();
  }

  /*
   * The engine wrote each reason for the dose and exercise it chose; an edit
   * changes the dose or the exercise but not that text.  Say so in the
   * "why" of every prescription changed up to the version shown.
   */
  function markChanged() {
    const shown = pg.shown;
    if (!shown || shown.preview || !pg.versions.length) return;
    const changes = [];
    for (const v of pg.versions.slice().reverse()) {
      if (v.version < 2 || v.version > shown.version) continue;
      for (const c of v.changes || []) {
        if (c.kind === 'dose' || c.kind === 'swap') changes.push({ v, c });
      }
    }
    for (const li of $('program-view').querySelectorAll('li.pg-rx')) {
      const d = li.dataset;
      const hits = changes.filter(({ c }) => (c.kind === 'swap' ? c.to : c.exercise) === d.exercise &&
        (c.week == null || String(c.week) === d.week) && (c.session == null || String(c.session) === d.session));
      const why = li.querySelector('.pg-why');
      if (!hits.length || !why || why.querySelector('.pg-why-changed')) continue;
      const { v, c } = hits[hits.length - 1];
      let text;
      if (staff()) {
        text = (c.kind === 'swap' ? 'This exercise replaced another' : 'The dose was changed') + ' in version ' + v.version +
          (c.reason ? ' (' + c.reason + ')' : '') + '. The text below was written when the plan was generated' +
          (c.kind === 'swap' ? ', for the exercise this one replaced.' : '.');
      } else {
        text = 'Your practitioner changed this ' + (c.kind === 'swap' ? 'exercise' : 'dose') +
          ' after the plan was written; the text below describes the plan as first written.';
      }
      why.querySelector('summary').after(el('p', 'pg-why-changed', text));
    }
  }

  async function loadProgram(version) {
    const seq = pg.seq;
    clearError($('program-error'), null);
    const q = version ? '?version=' + encodeURIComponent(version) : '';
    const r = await api('GET', clientPath('/program' + q));
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error && r.error.code === 'no_program' && !version) {
      pg.current = null;
      renderEmpty(staff() ? 'No program yet. Preview or generate one from the client’s record.'
        : 'Your practitioner has not written a program for you yet.');
      fillSessionChoice();
      return;
    }
    if (r.error) {
      R.showError($('program-error'), null, r.error, null);
      return;
    }
    const v = r.data || {};
    if (!version) pg.current = v;
    renderProgram({ program: v.program, version: v.version, created_at: v.created_at, reason: v.reason, preview: false });
    if (!version) fillSessionChoice();
  }

  /* -- generate or preview -- */

  async function onGenerate(ev) {
    ev.preventDefault();
    if (!pg.client || !staff()) return;
    const form = $('program-form');
    const errEl = $('pg-error');
    const refusal = $('pg-refusal');
    const save = !(ev.submitter && ev.submitter.dataset.save === 'false');
    resetForm(form, errEl);
    refusal.replaceChildren();
    show(refusal, false);
    notice('program-ok', '');
    const body = { save };
    const start = $('pg-start');
    if (start.validity && start.validity.badInput) {
      return fieldError(form, errEl, { message: 'Enter a complete date, or leave it empty for today.' }, start);
    }
    if (start.value) body.start = start.value;
    const weeks = numberOf($('pg-weeks'));
    if (Number.isNaN(weeks) || (weeks !== undefined && (!Number.isInteger(weeks) || weeks < 1 || weeks > 12))) {
      return fieldError(form, errEl, { message: 'Weeks is a whole number from 1 to 12.' }, $('pg-weeks'));
    }
    if (weeks !== undefined) body.weeks = weeks;

    const buttons = form.querySelectorAll('button[type="submit"]');
    for (const b of buttons) b.disabled = true;
    const seq = pg.seq;
    const r = await api('POST', clientPath('/program'), body);
    for (const b of buttons) b.disabled = false;
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.status === 403 && r.error && r.error.code === 'out_of_scope') {
      renderRefusal(refusal, r.error, save ? 'Generate a program' : 'Preview a program');
      refusal.focus();
      return;
    }
    if (r.error) {
      return fieldError(form, errEl, r.error, byField(form, r.error.field));
    }
    const d = r.data || {};
    if (d.version == null) {
      renderProgram({ program: d.program, version: null, preview: true });
      notice('program-ok', 'Preview only: nothing was saved.');
      return;
    }
    notice('program-ok', 'Saved as version ' + d.version + '.');
    await loadProgram();
    await loadVersions(d.version > 1 ? d.version - 1 : null, d.version);
  }

  /* -- editing one prescription -- */

  function closeEdits(except) {
    for (const f of $('program-view').querySelectorAll('form.rx-edit')) {
      if (f === except) continue;
      const li = f.closest('li.pg-rx');
      f.remove();
      const b = li && li.querySelector('button.pg-edit');
      if (b) b.setAttribute('aria-expanded', 'false');
    }
  }

  function findRx(li) {
    if (!pg.shown) return null;
    for (const { w, s, b, rx } of prescriptions(pg.shown.program)) {
      if (String(w.week) === li.dataset.week && String(s.session) === li.dataset.session &&
        String(b.block) === li.dataset.block && String(rx.exercise) === li.dataset.exercise) return rx;
    }
    return null;
  }

  function labelled(id, text, input, hint) {
    const box = el('div', 'field');
    const lab = el('label', null, text);
    lab.htmlFor = id;
    if (hint) lab.append(' ', el('small', 'muted', hint));
    input.id = id;
    box.append(lab, input);
    return box;
  }

  function numInput(field, value, min, max, step) {
    const i = el('input');
    i.type = 'number';
    i.dataset.field = field;
    i.min = String(min);
    i.max = String(max);
    i.step = String(step);
    i.inputMode = step < 1 ? 'decimal' : 'numeric';
    if (value != null) i.value = String(value);
    return i;
  }

  /* Fill in the names of the neighbours (the program names only its own). */
  async function nameOption(opt, id, prefix) {
    if (pg.names.has(id)) {
      opt.textContent = prefix + exName(id);
      return;
    }
    const r = await api('GET', '/api/exercises/' + encodeURIComponent(id));
    if (r.data && r.data.name) {
      pg.names.set(id, r.data.name);
      opt.textContent = prefix + r.data.name;
    }
  }

  const RELATIONS = {
    'listed regression': ['Its listed easier version: ', 0], easier: ['Easier: ', 1],
    'same level': ['Same level: ', 2], harder: ['Harder: ', 3],
    'listed progression': ['Its listed harder version: ', 4],
  };

  /* The swap choices: each alternative by relation, easier first, then the typed-id fallback. */
  function fillSwapChoices(sel, other, list, lookup, rx) {
    const keep = sel.value;
    const rank = (a) => (RELATIONS[a.relation] || ['', 5])[1];
    const sorted = list.slice().sort((a, b) => rank(a) - rank(b));
    sel.replaceChildren(...sorted.map((a) => {
      const prefix = (RELATIONS[a.relation] || [wordLabel(a.relation || '') + ': '])[0];
      if (a.name) pg.names.set(a.id, a.name);
      const bits = [a.pattern ? wordLabel(a.pattern) : null, a.level != null ? 'level ' + a.level : null].filter(Boolean);
      /* The server's relation is by level; the program's own neighbours are said too. */
      const listed = lookup ? '' : a.id === rx.regression ? ' — its listed regression' : a.id === rx.progression ? ' — its listed progression' : '';
      const o = el('option', null, prefix + exName(a.id) + (bits.length ? ' (' + bits.join(', ') + ')' : '') + listed);
      o.value = a.id;
      if (lookup && !a.name) nameOption(o, a.id, prefix);
      return o;
    }), other);
    if (keep !== undefined && [...sel.options].some((o) => o.value === keep)) sel.value = keep;
  }

  /*
   * What may replace the exercise (GET .../program/alternatives): the same
   * pattern and level or a listed neighbour, allowed in the phase and
   * within the client's equipment.  The form carries data-alternatives
   * ("loading", "loaded", "failed") so that tests can wait for it.
   */
  async function loadAlternatives(form, rx, sel, other, note, changed) {
    form.dataset.alternatives = 'loading';
    const seq = pg.seq;
    const r = await api('GET', clientPath('/program/alternatives?exercise=' + encodeURIComponent(rx.exercise)));
    if (seq !== pg.seq || !form.isConnected) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      form.dataset.alternatives = 'failed';
      note.textContent = 'The alternatives could not be listed (' + (r.error.message || r.error.code) +
        '); the easier and harder neighbours are offered, or type an id.';
      return;
    }
    const list = r.data && Array.isArray(r.data.alternatives) ? r.data.alternatives : [];
    fillSwapChoices(sel, other, list, false, rx);
    changed();
    form.dataset.alternatives = 'loaded';
    note.textContent = list.length
      ? list.length + (list.length === 1 ? ' exercise fits' : ' exercises fit') + ' this phase and the client’s equipment.'
      : 'No exercise of the library fits here; type an id to try another.';
  }

  function editForm(li, rx) {
    const n = ++pg.editCount;
    const p = 'ed' + n;
    const form = el('form', 'rx-edit');
    form.noValidate = true;
    form.setAttribute('aria-label', 'Change ' + (rx.name || rx.exercise));

    const ops = el('fieldset', 'group');
    ops.dataset.field = 'op';
    ops.appendChild(el('legend', null, 'What to change'));
    const checks = el('div', 'checks');
    for (const [value, text] of [['dose', 'The dose'], ['swap', 'Swap for another exercise'], ['remove', 'Remove it']]) {
      const wrap = el('div', 'check');
      const input = el('input');
      input.type = 'radio';
      input.name = p + '-op';
      input.id = p + '-op-' + value;
      input.value = value;
      input.checked = value === 'dose';
      const lab = el('label', null, text);
      lab.htmlFor = input.id;
      wrap.append(input, lab);
      checks.appendChild(wrap);
    }
    ops.appendChild(checks);
    form.appendChild(ops);

    const dose = el('div', 'grid grid-small ed-dose');
    dose.dataset.field = 'dose';
    dose.appendChild(labelled(p + '-sets', 'Sets', numInput('sets', rx.sets, 1, 20, 1)));
    if (rx.seconds != null && rx.reps == null) {
      dose.appendChild(labelled(p + '-seconds', 'Seconds', numInput('seconds', rx.seconds, 1, 3600, 1)));
    } else {
      dose.appendChild(labelled(p + '-reps', 'Reps', numInput('reps', rx.reps, 1, 100, 1)));
    }
    dose.appendChild(labelled(p + '-rest', 'Rest, s', numInput('rest_s', rx.rest_s, 0, 600, 5)));
    const tempo = el('input');
    tempo.type = 'text';
    tempo.dataset.field = 'tempo';
    tempo.maxLength = 20;
    tempo.autocomplete = 'off';
    tempo.value = rx.tempo || '';
    dose.appendChild(labelled(p + '-tempo', 'Tempo', tempo));
    const i = rx.intensity && typeof rx.intensity === 'object' ? rx.intensity : null;
    if (i && i.value != null) {
      const scale = { rpe: 'Effort (RPE 0–10)', rir: 'Reps in reserve', pct_1rm: '% of 1RM' }[i.scale] || 'Intensity';
      dose.appendChild(labelled(p + '-intensity', scale, numInput('intensity', i.value, 0, 100, 0.5)));
    }
    form.appendChild(dose);

    const swap = el('div', 'ed-swap');
    swap.hidden = true;
    const sel = el('select');
    sel.dataset.field = 'to';
    /* The program's own neighbours until the alternatives arrive. */
    const neighbours = [];
    if (rx.regression) neighbours.push({ id: rx.regression, relation: 'easier' });
    if (rx.progression) neighbours.push({ id: rx.progression, relation: 'harder' });
    const other = el('option', null, 'Another exercise (type its id)…');
    other.value = '';
    fillSwapChoices(sel, other, neighbours, true, rx);
    const swapBox = labelled(p + '-to', 'Swap to', sel);
    const swapNote = el('small', 'muted', 'Looking up what may replace it…');
    swapNote.id = p + '-to-note';
    swapNote.setAttribute('aria-live', 'polite');
    sel.setAttribute('aria-describedby', swapNote.id);
    swapBox.appendChild(swapNote);
    swap.appendChild(swapBox);
    const typed = el('input');
    typed.type = 'text';
    typed.maxLength = 100;
    typed.autocomplete = 'off';
    typed.placeholder = 'e.g. goblet-squat';
    typed.dataset.field = 'to-typed';
    const typedBox = labelled(p + '-to-id', 'Exercise id', typed, '(from the library)');
    typedBox.hidden = sel.value !== '';
    swap.appendChild(typedBox);
    sel.addEventListener('change', () => {
      typedBox.hidden = sel.value !== '';
    });
    loadAlternatives(form, rx, sel, other, swapNote, () => {
      typedBox.hidden = sel.value !== '';
    });
    form.appendChild(swap);

    const where = el('select');
    where.dataset.field = 'where';
    const li0 = li.dataset;
    const blockName = (BLOCKS[li0.block] || [wordLabel(li0.block)])[0];
    for (const [value, text] of [['session', 'This session only (week ' + li0.week + ', session ' + li0.session + ', ' + blockName + ')'],
      ['week', 'Every session of week ' + li0.week], ['all', 'Every week']]) {
      const o = el('option', null, text);
      o.value = value;
      where.appendChild(o);
    }
    const whereBox = labelled(p + '-where', 'Where', where);
    form.appendChild(whereBox);

    const reason = el('textarea');
    reason.rows = 2;
    reason.maxLength = 500;
    reason.dataset.field = 'reason';
    form.appendChild(labelled(p + '-reason', 'Reason', reason, '(kept with the new version)'));

    const err = el('p', 'error');
    err.setAttribute('role', 'alert');
    err.hidden = true;
    form.appendChild(err);
    const actions = el('div', 'actions');
    const submit = el('button', null, 'Save change');
    submit.type = 'submit';
    const cancel = el('button', 'secondary', 'Cancel');
    cancel.type = 'button';
    cancel.dataset.cancel = '1';
    actions.append(submit, cancel);
    form.appendChild(actions);

    ops.addEventListener('change', () => {
      const op = form.querySelector('input[name="' + p + '-op"]:checked').value;
      dose.hidden = op !== 'dose';
      swap.hidden = op !== 'swap';
    });
    return form;
  }

  function onViewClick(ev) {
    const b = ev.target.closest('button');
    if (!b || !$('program-view').contains(b)) return;
    if (b.classList.contains('pg-edit')) {
      const li = b.closest('li.pg-rx');
      const open = li.querySelector('form.rx-edit');
      if (open) {
        closeEdits(null);
        b.focus();
        return;
      }
      const rx = findRx(li);
      if (!rx) return;
      closeEdits(null);
      const form = editForm(li, rx);
      li.appendChild(form);
      b.setAttribute('aria-expanded', 'true');
      form.querySelector('input[type="radio"]').focus();
      return;
    }
    if (b.dataset.cancel) {
      const li = b.closest('li.pg-rx');
      closeEdits(null);
      const edit = li && li.querySelector('button.pg-edit');
      if (edit) edit.focus();
    }
  }

  /* The form's target for an API field "edits[0].x" (or a top-level one). */
  function editTarget(form, field, op) {
    const f = String(field || '').replace(/^edits\[\d+\]\.?/, '');
    if (f === '') return byField(form, op === 'dose' ? 'dose' : 'op');
    if (f === 'to') {
      const typed = byField(form, 'to-typed');
      return typed && !typed.closest('.field').hidden ? typed : byField(form, 'to');
    }
    if (f === 'exercise') return byField(form, 'op');
    if (f === 'week' || f === 'session' || f === 'block') return byField(form, 'where');
    return byField(form, f);
  }

  async function onEditSubmit(ev) {
    const form = ev.target.closest('form.rx-edit');
    if (!form || !$('program-view').contains(form)) return;
    ev.preventDefault();
    const li = form.closest('li.pg-rx');
    const rx = findRx(li);
    const errEl = form.querySelector('p.error');
    if (!rx || !pg.current) return;
    resetForm(form, errEl);
    const op = form.querySelector('input[type="radio"]:checked').value;
    const edit = { op, exercise: rx.exercise };
    const where = byField(form, 'where').value;
    if (where !== 'all') edit.week = Number(li.dataset.week);
    if (where === 'session') {
      /* Only this block: a main lift's ramp-up sets (potentiate) stay as they are. */
      edit.session = Number(li.dataset.session);
      edit.block = li.dataset.block;
    }
    let what = (rx.name || rx.exercise);

    if (op === 'swap') {
      const sel = byField(form, 'to');
      const to = sel.value || byField(form, 'to-typed').value.trim();
      if (!to) return fieldError(form, errEl, { message: 'Choose the exercise to swap to, or type its id.' }, editTarget(form, 'to', op));
      edit.to = to;
      what += ' swapped for ' + exName(to);
    } else if (op === 'dose') {
      const changed = [];
      for (const key of ['sets', 'reps', 'seconds', 'rest_s', 'intensity']) {
        const input = byField(form, key);
        if (!input) continue;
        const v = numberOf(input);
        if (Number.isNaN(v)) return fieldError(form, errEl, { message: 'Enter a number.' }, input);
        const old = key === 'intensity' ? (rx.intensity || {}).value : rx[key];
        if (v === undefined || Number(old) === v) continue;
        if (key !== 'intensity' && !Number.isInteger(v)) return fieldError(form, errEl, { message: 'Enter a whole number.' }, input);
        edit[key] = v;
        changed.push(key);
      }
      const tempo = byField(form, 'tempo').value.trim();
      if (tempo && tempo !== (rx.tempo || '')) {
        edit.tempo = tempo;
        changed.push('tempo');
      }
      if (changed.length === 0) {
        return fieldError(form, errEl, { message: 'Change at least one of the numbers.' }, byField(form, 'dose'));
      }
      what += ': ' + changed.map((k) => wordLabel(k === 'rest_s' ? 'rest' : k)).join(', ') + ' changed';
    } else {
      what += ' removed';
    }
    const reason = byField(form, 'reason').value.trim();
    if (!reason) return fieldError(form, errEl, { message: 'Say why you make this change.' }, byField(form, 'reason'));
    edit.reason = reason;

    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const seq = pg.seq;
    const r = await api('POST', clientPath('/program/edits'), { edits: [edit], reason });
    button.disabled = false;
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) return fieldError(form, errEl, r.error, editTarget(form, r.error.field, op));
    const v = (r.data && r.data.version) || null;
    notice('program-ok', 'Saved version ' + v + ': ' + what + '.');
    await loadProgram();
    await loadVersions(v > 1 ? v - 1 : null, v);
    $('program-ok').scrollIntoView({ block: 'nearest' });
  }

  /* -- versions and the diff -- */

  /* One recorded change as a list item: kind · exercise → to · dose · where — reason. */
  function changeItem(c) {
    const li = el('li', null, CHANGE_KINDS[c.kind] || wordLabel(c.kind));
    if (c.exercise) {
      li.append(' · ', exNode(c.exercise));
      if (c.to) li.append(' → ', exNode(c.to));
    }
    const dose = ['sets', 'reps', 'seconds', 'rest_s', 'tempo', 'intensity']
      .filter((k) => c[k] != null).map((k) => (k === 'rest_s' ? 'rest' : k) + ' ' + c[k]);
    if (dose.length) li.append(' · ' + dose.join(', '));
    if (c.week != null) li.append(' · week ' + c.week + (c.session != null ? ', session ' + c.session : ''));
    if (c.reason) li.append(' — ' + c.reason);
    return li;
  }

  /* The versions: their list and the diff for staff; for everyone, what
   * markChanged() needs. */
  async function loadVersions(from, to) {
    if (!pg.client) return;
    const seq = pg.seq;
    clearError($('pg-versions-error'), null);
    const r = await api('GET', clientPath('/program/versions'));
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError($('pg-versions-error'), null, r.error, null);
      return;
    }
    const list = (r.data && Array.isArray(r.data.versions)) ? r.data.versions : [];
    pg.versions = list.slice().sort((a, b) => b.version - a.version);
    markChanged();
    if (!staff()) return;
    show($('pg-history'), pg.versions.length > 0);
    $('pg-versions').replaceChildren(...pg.versions.map((v) => {
      const li = el('li', 'record pg-version');
      li.dataset.version = String(v.version);
      const head = el('div', 'record-head');
      head.append(el('strong', null, 'Version ' + v.version),
        el('span', 'record-meta', formatTime(v.created_at) + (v.reason ? ' · ' + v.reason : '')));
      const b = el('button', 'secondary small', 'Show');
      b.type = 'button';
      b.dataset.show = String(v.version);
      b.setAttribute('aria-label', 'Show version ' + v.version);
      head.appendChild(b);
      li.appendChild(head);
      const changes = Array.isArray(v.changes) ? v.changes : [];
      if (changes.length) {
        const ul = el('ul', 'text-list');
        for (const c of changes) ul.appendChild(changeItem(c));
        li.appendChild(ul);
      }
      return li;
    }));
    for (const id of ['pg-diff-from', 'pg-diff-to']) {
      const sel = $(id);
      const keep = sel.value;
      sel.replaceChildren(...pg.versions.slice().reverse().map((v) => {
        const o = el('option', null, 'Version ' + v.version);
        o.value = String(v.version);
        return o;
      }));
      if (keep && sel.querySelector('option[value="' + keep + '"]')) sel.value = keep;
    }
    /* By default the newest version against the one before it. */
    if (!pg.versions.length) return;
    const newest = pg.versions[0].version;
    const second = pg.versions.length > 1 ? pg.versions[1].version : newest;
    $('pg-diff-to').value = String(to != null ? to : newest);
    $('pg-diff-from').value = String(from != null ? from : second);
  }

  function onVersionsClick(ev) {
    const b = ev.target.closest('button[data-show]');
    if (!b || !$('pg-versions').contains(b)) return;
    const v = Number(b.dataset.show);
    notice('program-ok', '');
    if (pg.current && v === pg.current.version) loadProgram();
    else loadProgram(v);
    $('program-meta').scrollIntoView({ block: 'nearest' });
  }

  /* "week 1, session 1, main: box-squat" as "week 1, session 1, Main work: Box squat". */
  function whereItem(key, tail) {
    const li = el('li');
    const m = /^(.*): ([^:]+)$/.exec(String(key));
    if (!m) {
      li.textContent = String(key);
    } else {
      li.append(m[1].replace(/(^|, )([a-z_]+)$/, (all, sep, block) => sep + (BLOCKS[block] ? BLOCKS[block][0] : wordLabel(block))) +
        ': ', exNode(m[2]));
    }
    if (tail) li.append(tail);
    return li;
  }

  function diffList(title, items, format) {
    const box = el('div', 'pg-diff-part');
    box.appendChild(el('h4', null, title + ' (' + items.length + ')'));
    if (!items.length) {
      box.appendChild(el('p', 'muted', 'None.'));
      return box;
    }
    const ul = el('ul', 'text-list');
    for (const x of items) ul.appendChild(format(x));
    box.appendChild(ul);
    return box;
  }

  async function onDiff(ev) {
    ev.preventDefault();
    const form = $('pg-diff-form');
    const errEl = $('pg-diff-error');
    const out = $('pg-diff');
    resetForm(form, errEl);
    out.replaceChildren();
    show(out, false);
    const from = $('pg-diff-from').value;
    const to = $('pg-diff-to').value;
    if (!from || !to) return fieldError(form, errEl, { message: 'Choose two versions.' }, $('pg-diff-from'));
    const seq = pg.seq;
    const button = $('pg-diff-submit');
    button.disabled = true;
    const r = await api('GET', clientPath('/program/diff?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to)));
    button.disabled = false;
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) return fieldError(form, errEl, r.error, byField(form, r.error.field));
    const d = r.data || {};
    out.appendChild(el('p', 'pg-diff-head', 'From version ' + d.from + ' to version ' + d.to));
    out.appendChild(diffList('Added', d.added || [], (k) => whereItem(k)));
    out.appendChild(diffList('Removed', d.removed || [], (k) => whereItem(k)));
    out.appendChild(diffList('Changed', d.changed || [], (c) => {
      const fields = Object.entries(c.fields || {}).map(([k, v]) => {
        const f = (x) => (x == null ? '—' : typeof x === 'object' ? (x.value != null ? num(x.value) : '—') : num(x));
        return (k === 'rest_s' ? 'rest' : k) + ' ' + f(v.from) + ' → ' + f(v.to);
      });
      return whereItem(c.where, ': ' + fields.join(', '));
    }));
    const why = Array.isArray(d.why) ? d.why : [];
    const wbox = el('div', 'pg-diff-part pg-diff-why');
    wbox.appendChild(el('h4', null, 'Why'));
    if (!why.length) wbox.appendChild(el('p', 'muted', 'No changes recorded between these versions.'));
    for (const v of why) {
      wbox.appendChild(el('p', null, 'Version ' + v.version + (v.reason ? ': ' + v.reason : '')));
      const ul = el('ul', 'text-list');
      for (const c of v.changes || []) ul.appendChild(changeItem(c));
      wbox.appendChild(ul);
    }
    out.appendChild(wbox);
    show(out, true);
    out.focus();
  }

  /* ---- recommendations (staff) -------------------------------------------- */

  function reasonItem(x) {
    const li = el('li');
    li.appendChild(el('span', null, x.text || ''));
    const bits = [];
    if (x.day) bits.push('day ' + x.day);
    if (x.value != null && x.limit != null) bits.push('value ' + num(x.value) + ' vs limit ' + num(x.limit));
    else if (x.value != null) bits.push('value ' + num(x.value));
    if (x.region) bits.push(wordLabel(x.region));
    if (bits.length) li.append(' ', el('span', 'muted', '(' + bits.join(', ') + ')'));
    if (x.rule || x.source) {
      const p = el('span', 'scope-rule');
      if (x.rule) p.append('Rule ', el('span', 'mono', x.rule));
      if (x.source) p.append((x.rule ? ', source ' : 'Source ') + x.source);
      li.appendChild(p);
    }
    return li;
  }

  async function loadRecs() {
    if (!staff() || !pg.client) return;
    const seq = pg.seq;
    clearError($('recs-error'), null);
    const r = await api('GET', clientPath('/recommendations?status=pending'));
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError($('recs-error'), null, r.error, null);
      return;
    }
    const list = (r.data && Array.isArray(r.data.recommendations)) ? r.data.recommendations : [];
    show($('recs-empty'), list.length === 0);
    $('recs').replaceChildren(...list.map((x) => {
      const li = el('li', 'record pg-rec');
      li.dataset.id = String(x.id);
      li.dataset.exercise = String(x.exercise);
      const head = el('div', 'record-head');
      const a = ACTIONS[x.action] || [wordLabel(x.action), 'kind'];
      const name = el('strong');
      name.appendChild(exNode(x.exercise));
      head.append(badge(a[0], a[1]), name, el('span', 'record-meta', x.date || ''));
      li.appendChild(head);
      const ul = el('ul', 'reasons');
      for (const y of x.reasons || []) ul.appendChild(reasonItem(y));
      li.appendChild(ul);
      const form = el('form', 'inline-form pg-rec-form');
      form.noValidate = true;
      form.dataset.id = String(x.id);
      const input = el('input');
      input.type = 'text';
      input.maxLength = 500;
      input.autocomplete = 'off';
      input.dataset.field = 'reason';
      form.appendChild(labelled('rec-reason-' + x.id, 'Your reason', input, '(optional)'));
      /* Plain buttons: Enter in the reason must not accept by accident. */
      const accept = el('button', null, 'Accept');
      accept.type = 'button';
      accept.dataset.accept = 'true';
      const decline = el('button', 'secondary', 'Decline');
      decline.type = 'button';
      decline.dataset.accept = 'false';
      form.append(accept, decline);
      const err = el('p', 'error');
      err.setAttribute('role', 'alert');
      err.hidden = true;
      li.append(form, err);
      return li;
    }));
  }

  async function onDecide(ev) {
    const b = ev.target.closest('button[data-accept]');
    const form = b && b.closest('form.pg-rec-form');
    if (!form || !$('recs').contains(form)) return;
    const accept = b.dataset.accept === 'true';
    const errEl = form.parentElement.querySelector('p.error');
    resetForm(form, errEl);
    notice('recs-ok', '');
    const body = { accept };
    const reason = byField(form, 'reason').value.trim();
    if (reason) body.reason = reason;
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    const seq = pg.seq;
    const r = await api('POST', '/api/recommendations/' + encodeURIComponent(form.dataset.id) + '/decision', body);
    for (const b of form.querySelectorAll('button')) b.disabled = false;
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) return fieldError(form, errEl, r.error, byField(form, r.error.field));
    const d = r.data || {};
    if (accept && d.result_version != null) {
      notice('recs-ok', 'Accepted: ' + (ACTIONS[d.action] ? ACTIONS[d.action][0].toLowerCase() : d.action) + ' ' +
        exName(d.exercise) + '. The program is now version ' + d.result_version + '.');
      await loadProgram();
      await loadVersions(d.result_version > 1 ? d.result_version - 1 : null, d.result_version);
    } else {
      notice('recs-ok', 'Declined: the program stays as it is.');
    }
    await loadRecs();
    /* The decided item is gone: keep the focus on the answer. */
    $('recs-ok').setAttribute('tabindex', '-1');
    $('recs-ok').focus();
  }

  /* ---- logging -------------------------------------------------------------- */

  /* The program's sessions as choices "w1s2". */
  function fillSessionChoice() {
    const sel = $('sl-session');
    const opts = [];
    const none = el('option', null, pg.current ? 'Not a session of the program' : 'No program yet');
    none.value = '';
    opts.push(none);
    let pick = '';
    const day = today();
    for (const w of (pg.current && pg.current.program && pg.current.program.weeks) || []) {
      for (const s of w.sessions || []) {
        const o = el('option', null, 'Week ' + w.week + ', session ' + s.session + (s.date ? ' — ' + s.date : ''));
        o.value = 'w' + w.week + 's' + s.session;
        opts.push(o);
        if (!pick || (s.date && s.date <= day)) pick = o.value;
      }
    }
    sel.replaceChildren(...opts);
    sel.value = pick;
    fillSetRows();
  }

  function sessionOf(key) {
    const m = /^w(\d+)s(\d+)$/.exec(key || '');
    if (!m || !pg.current) return null;
    for (const w of pg.current.program.weeks || []) {
      if (String(w.week) !== m[1]) continue;
      for (const s of w.sessions || []) if (String(s.session) === m[2]) return s;
    }
    return null;
  }

  /* Exercise choices for a set row: the chosen session's, else the program's. */
  function exerciseChoices() {
    const s = sessionOf($('sl-session').value);
    const seen = new Map();
    const add = (rx) => {
      if (rx.exercise && !seen.has(rx.exercise)) seen.set(rx.exercise, rx.name || rx.exercise);
    };
    if (s) {
      for (const b of s.blocks || []) for (const rx of b.prescriptions || []) add(rx);
    } else if (pg.current) {
      for (const { rx } of prescriptions(pg.current.program)) add(rx);
    }
    return [...seen.entries()];
  }

  let setRowCount = 0;

  function setRow(choices, rx) {
    const n = ++setRowCount;
    const tr = el('tr', 'set-row');
    const exTd = el('td');
    const sel = el('select');
    sel.dataset.col = 'exercise_id';
    sel.id = 'sl-ex-' + n;
    for (const [id, name] of choices) {
      const o = el('option', null, name);
      o.value = id;
      sel.appendChild(o);
    }
    if (rx) sel.value = rx.exercise;
    exTd.appendChild(sel);
    tr.appendChild(exTd);
    const cols = [['reps', 0, 1000, 1], ['seconds', 0, 36000, 1], ['load_kg', 0, 1000, 0.5], ['rir', 0, 10, 1], ['pain', 0, 10, 1]];
    for (const [col, min, max, step] of cols) {
      const td = el('td');
      const i = el('input');
      i.type = 'number';
      i.min = String(min);
      i.max = String(max);
      i.step = String(step);
      i.inputMode = step < 1 ? 'decimal' : 'numeric';
      i.dataset.col = col;
      i.id = 'sl-' + col + '-' + n;
      if (rx && col === 'reps' && rx.reps != null) i.value = String(rx.reps);
      if (rx && col === 'seconds' && rx.seconds != null && rx.reps == null) i.value = String(rx.seconds);
      if (rx && col === 'load_kg' && rx.intensity && rx.intensity.load_kg != null) i.value = String(rx.intensity.load_kg);
      td.appendChild(i);
      tr.appendChild(td);
    }
    const td = el('td');
    const rm = el('button', 'secondary small', 'Remove');
    rm.type = 'button';
    rm.dataset.remove = '1';
    td.appendChild(rm);
    tr.appendChild(td);
    labelRows();
    return tr;
  }

  /* Accessible names that say which set each input belongs to. */
  function labelRows() {
    const names = { exercise_id: 'Exercise', reps: 'Reps', seconds: 'Seconds', load_kg: 'Load, kg', rir: 'Reps left (RIR)', pain: 'Pain 0–10' };
    [...$('sl-sets').querySelectorAll('tr')].forEach((tr, i) => {
      for (const input of tr.querySelectorAll('[data-col]')) input.setAttribute('aria-label', names[input.dataset.col] + ', set ' + (i + 1));
      const rm = tr.querySelector('button[data-remove]');
      if (rm) rm.setAttribute('aria-label', 'Remove set ' + (i + 1));
    });
  }

  function fillSetRows() {
    const choices = exerciseChoices();
    const body = $('sl-sets');
    const s = sessionOf($('sl-session').value);
    const rows = [];
    if (s) {
      const seen = new Set();
      for (const b of s.blocks || []) {
        if (!LOGGED_BLOCKS.includes(b.block)) continue;
        for (const rx of b.prescriptions || []) {
          if (seen.has(rx.exercise)) continue;
          seen.add(rx.exercise);
          rows.push(rx);
        }
      }
    }
    body.replaceChildren();
    if (choices.length === 0) {
      show($('sl-sets-box'), false);
      return;
    }
    show($('sl-sets-box'), true);
    if (rows.length) for (const rx of rows) body.appendChild(setRow(choices, rx));
    else body.appendChild(setRow(choices, null));
    labelRows();
  }

  function onSetsClick(ev) {
    const b = ev.target.closest('button[data-remove]');
    if (!b || !$('sl-sets').contains(b)) return;
    const tr = b.closest('tr');
    const next = tr.nextElementSibling || tr.previousElementSibling;
    tr.remove();
    labelRows();
    const focus = next ? next.querySelector('button[data-remove]') : $('sl-add-set');
    focus.focus();
  }

  function onAddSet() {
    const choices = exerciseChoices();
    if (!choices.length) return;
    const rows = $('sl-sets').querySelectorAll('tr');
    const tr = setRow(choices, null);
    if (rows.length) tr.querySelector('select').value = rows[rows.length - 1].querySelector('select').value;
    $('sl-sets').appendChild(tr);
    labelRows();
    tr.querySelector('input[data-col="reps"]').focus();
  }

  /* The element an API field of the session form names. */
  function sessionTarget(form, field, sentRows) {
    const m = /^sets\[(\d+)\](?:\.(\w+))?$/.exec(field || '');
    if (m) {
      const tr = sentRows[Number(m[1])];
      if (tr) return tr.querySelector('[data-col="' + (m[2] || 'reps') + '"]') || tr.querySelector('input');
      return $('sl-sets-box');
    }
    if (field === 'program_version') return $('sl-session');
    return byField(form, field);
  }

  async function onSessionLog(ev) {
    ev.preventDefault();
    if (!pg.client) return;
    const form = $('session-form');
    const errEl = $('sl-error');
    resetForm(form, errEl);
    notice('sl-ok', '');
    const date = $('sl-date');
    if (!date.value || (date.validity && date.validity.badInput)) {
      return fieldError(form, errEl, { message: 'Enter the date of the session.' }, date);
    }
    const body = { date: date.value, status: $('sl-status').value };
    for (const [key, id, lo, hi] of [['rpe', 'sl-rpe', 0, 10], ['minutes', 'sl-minutes', 0, 600]]) {
      const v = numberOf($(id));
      if (Number.isNaN(v) || (v !== undefined && (v < lo || v > hi))) {
        return fieldError(form, errEl, { message: 'Enter a number from ' + lo + ' to ' + hi + ', or leave it empty.' }, $(id));
      }
      if (v !== undefined) body[key] = v;
    }
    const key = $('sl-session').value;
    if (key) body.session_key = key;
    if (pg.current && pg.current.version) body.program_version = pg.current.version;
    const notes = $('sl-notes').value.trim();
    if (notes) body.notes = notes;

    const sentRows = [];
    if (body.status !== 'missed') {
      const sets = [];
      for (const tr of $('sl-sets').querySelectorAll('tr')) {
        const set = { exercise_id: tr.querySelector('select').value };
        let any = false;
        for (const input of tr.querySelectorAll('input[data-col]')) {
          const v = numberOf(input);
          if (Number.isNaN(v)) return fieldError(form, errEl, { message: 'Enter a number.' }, input);
          if (v !== undefined) {
            set[input.dataset.col] = v;
            any = true;
          }
        }
        if (!any) continue; /* an untouched row */
        if (set.reps === undefined && set.seconds === undefined) {
          return fieldError(form, errEl, { message: 'Enter the reps or the seconds of this set.' }, tr.querySelector('[data-col="reps"]'));
        }
        sets.push(set);
        sentRows.push(tr);
      }
      if (sets.length) body.sets = sets;
    }

    const button = $('sl-submit');
    button.disabled = true;
    const seq = pg.seq;
    const r = await api('POST', clientPath('/sessions'), body);
    button.disabled = false;
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) return fieldError(form, errEl, r.error, sessionTarget(form, r.error.field, sentRows));
    const s = r.data || {};
    notice('sl-ok', 'Logged the session of ' + s.date + ' (' + (SESSION_STATUS[s.status] || s.status).toLowerCase() + ', ' +
      plural((s.sets || []).length, 'set', 'sets') + ').' + (staff() ? '' : ' Your practitioner will see it.'));
    $('sl-notes').value = '';
    $('sl-rpe').value = '';
    $('sl-minutes').value = '';
    fillSetRows();
    await loadLogs();
    if (staff()) await loadRecs();
  }

  let painRowCount = 0;

  function painRow() {
    const n = ++painRowCount;
    const row = el('div', 'pain-row');
    const sel = el('select');
    sel.dataset.col = 'region';
    const none = el('option', null, 'Choose a region…');
    none.value = '';
    sel.appendChild(none);
    for (const r of R.vocab.regions) {
      const o = el('option', null, wordLabel(r));
      o.value = r;
      sel.appendChild(o);
    }
    const value = el('input');
    value.type = 'number';
    value.min = '0';
    value.max = '10';
    value.step = '1';
    value.inputMode = 'numeric';
    value.dataset.col = 'pain';
    row.append(labelled('ci-region-' + n, 'Region', sel), labelled('ci-pain-' + n, 'Pain 0–10', value));
    const rm = el('button', 'secondary small', 'Remove');
    rm.type = 'button';
    rm.dataset.remove = '1';
    rm.setAttribute('aria-label', 'Remove this region');
    row.appendChild(rm);
    return row;
  }

  function resetCheckin() {
    const form = $('checkin-form');
    form.reset();
    resetForm(form, $('ci-error'));
    $('ci-date').value = today();
    $('ci-pain').replaceChildren(painRow());
    $('ci-flags-box').open = false;
  }

  function onPainClick(ev) {
    const b = ev.target.closest('button[data-remove]');
    if (!b || !$('ci-pain').contains(b)) return;
    b.closest('.pain-row').remove();
    $('ci-add-pain').focus();
  }

  async function onCheckin(ev) {
    ev.preventDefault();
    if (!pg.client) return;
    const form = $('checkin-form');
    const errEl = $('ci-error');
    resetForm(form, errEl);
    notice('ci-ok', '');
    const date = $('ci-date');
    if (!date.value || (date.validity && date.validity.badInput)) {
      return fieldError(form, errEl, { message: 'Enter the date of the check-in.' }, date);
    }
    const body = { date: date.value, kind: $('ci-kind').value };
    const pain = {};
    const painRows = new Map();
    for (const row of $('ci-pain').querySelectorAll('.pain-row')) {
      const region = row.querySelector('select').value;
      const input = row.querySelector('input');
      const v = numberOf(input);
      if (Number.isNaN(v) || (v !== undefined && (v < 0 || v > 10))) {
        return fieldError(form, errEl, { message: 'Pain is a number from 0 to 10.' }, input);
      }
      if (v === undefined && !region) continue;
      if (!region) return fieldError(form, errEl, { message: 'Choose the region that hurts.' }, row.querySelector('select'));
      if (v === undefined) return fieldError(form, errEl, { message: 'Rate the pain from 0 to 10.' }, input);
      if (region in pain) return fieldError(form, errEl, { message: 'That region is listed twice.' }, row.querySelector('select'));
      pain[region] = v;
      painRows.set(region, input);
    }
    if (Object.keys(pain).length) body.pain = pain;
    for (const [key, id, lo, hi] of [['stiffness', 'ci-stiffness', 0, 10], ['sleep_hours', 'ci-sleep-hours', 0, 24]]) {
      const v = numberOf($(id));
      if (Number.isNaN(v) || (v !== undefined && (v < lo || v > hi))) {
        return fieldError(form, errEl, { message: 'Enter a number from ' + lo + ' to ' + hi + ', or leave it empty.' }, $(id));
      }
      if (v !== undefined) body[key] = v;
    }
    for (const [key] of SCALES) {
      const v = $('ci-' + key).value;
      if (v) body[key] = Number(v);
    }
    const flags = [...$('ci-flags').querySelectorAll('input:checked')].map((i) => i.value);
    if (flags.length) body.red_flags = flags;
    const notes = $('ci-notes').value.trim();
    if (notes) body.notes = notes;

    const button = $('ci-submit');
    button.disabled = true;
    const seq = pg.seq;
    const r = await api('POST', clientPath('/checkins'), body);
    button.disabled = false;
    if (seq !== pg.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      const f = String(r.error.field || '');
      let target = byField(form, f);
      if (f.startsWith('pain.')) target = painRows.get(f.slice(5)) || $('ci-pain-box');
      else if (f.startsWith('red_flags')) target = byField(form, 'red_flags');
      return fieldError(form, errEl, r.error, target);
    }
    const d = r.data || {};
    const c = d.checkin || {};
    let text = 'Check-in of ' + c.date + ' saved.';
    if (d.screening) {
      text += ' You reported a warning sign: training is paused until a clinician has seen you. ' +
        'Contact your practitioner today, or emergency services if it is severe.';
    }
    resetCheckin();
    notice('ci-ok', text);
    await loadLogs();
    if (staff()) await loadRecs();
  }

  function sessionLogItem(s) {
    const li = el('li', 'record pg-log');
    const head = el('div', 'record-head');
    head.append(el('strong', null, s.date), badge('Session: ' + (SESSION_STATUS[s.status] || s.status), s.status === 'missed' ? 'status-soon' : 'kind'));
    const bits = [];
    if (s.rpe != null) bits.push('effort ' + num(s.rpe) + '/10');
    if (s.minutes != null) bits.push(num(s.minutes) + ' min');
    if (s.session_key) {
      const m = /^w(\d+)s(\d+)$/.exec(s.session_key);
      bits.push(m ? 'week ' + m[1] + ', session ' + m[2] : s.session_key);
    }
    if (bits.length) head.append(el('span', 'record-meta', bits.join(' · ')));
    li.appendChild(head);
    const sets = Array.isArray(s.sets) ? s.sets : [];
    if (sets.length) {
      const ul = el('ul', 'text-list');
      for (const x of sets) {
        const parts = [];
        if (x.reps != null) parts.push(plural(x.reps, 'rep', 'reps'));
        if (x.seconds != null) parts.push(num(x.seconds) + ' s');
        if (x.load_kg != null) parts.push(num(x.load_kg) + ' kg');
        if (x.rir != null) parts.push('RIR ' + num(x.rir));
        if (x.pain != null) parts.push('pain ' + num(x.pain) + '/10');
        const item = el('li');
        item.append(exNode(x.exercise_id), ': ' + parts.join(', '));
        ul.appendChild(item);
      }
      li.appendChild(ul);
    }
    if (s.notes) li.appendChild(el('p', 'record-notes', s.notes));
    return li;
  }

  function checkinItem(c) {
    const li = el('li', 'record pg-log');
    const head = el('div', 'record-head');
    head.append(el('strong', null, c.date), badge(CHECKIN_KINDS[c.kind] || wordLabel(c.kind), 'kind'));
    li.appendChild(head);
    const bits = [];
    const pain = c.pain && typeof c.pain === 'object' ? Object.entries(c.pain) : [];
    if (pain.length) bits.push('pain ' + pain.map(([k, v]) => wordLabel(k) + ' ' + num(v) + '/10').join(', '));
    if (c.stiffness != null) bits.push('stiffness ' + num(c.stiffness) + '/10');
    if (c.sleep_hours != null) bits.push(num(c.sleep_hours) + ' h sleep');
    for (const [key, label] of SCALES) if (c[key] != null) bits.push(label.toLowerCase() + ' ' + num(c[key]) + '/5');
    if (bits.length) li.appendChild(el('p', null, bits.join(' · ')));
    if (Array.isArray(c.red_flags) && c.red_flags.length) {
      const p = el('p');
      p.append(badge('Warning sign', 'status-expired'), ' ', c.red_flags.map((f) => {
        const hit = FLAGS.find(([id]) => id === f);
        return hit ? hit[1] : f;
      }).join('; '));
      li.appendChild(p);
    }
    if (c.notes) li.appendChild(el('p', 'record-notes', c.notes));
    return li;
  }

  async function loadLogs() {
    if (!pg.client) return;
    const seq = pg.seq;
    clearError($('logs-error'), null);
    const [a, b] = await Promise.all([api('GET', clientPath('/sessions')), api('GET', clientPath('/checkins'))]);
    if (seq !== pg.seq) return;
    if (a.status === 401 || b.status === 401) return R.sessionLost();
    const err = a.error || b.error;
    if (err) {
      R.showError($('logs-error'), null, err, null);
      return;
    }
    const items = [];
    for (const s of (a.data && a.data.sessions) || []) items.push({ day: s.date, at: s.created_at || '', node: () => sessionLogItem(s) });
    for (const c of (b.data && b.data.checkins) || []) items.push({ day: c.date, at: c.created_at || '', node: () => checkinItem(c) });
    items.sort((x, y) => (x.day === y.day ? (x.at < y.at ? 1 : -1) : (x.day < y.day ? 1 : -1)));
    const recent = items.slice(0, 12);
    show($('logs-empty'), recent.length === 0);
    $('logs').replaceChildren(...recent.map((x) => x.node()));
  }

  /* ---- open and close ------------------------------------------------------- */

  function open(c) {
    close();
    if (!c || c.id == null) return;
    pg.client = c;
    const isStaff = staff();
    show($('program-area'), true);
    show($('program-form'), isStaff);
    show($('recs-card'), isStaff);
    show($('program-refresh'), true);
    setText($('program-title'), isStaff ? 'Program' : 'My program');
    $('pg-start').value = today();
    $('sl-date').value = today();
    resetCheckin();
    loadProgram().then(() => loadVersions());
    if (isStaff) loadRecs();
    loadLogs();
  }

  function close() {
    pg.seq++;
    pg.client = null;
    pg.current = null;
    pg.shown = null;
    pg.versions = [];
    show($('program-area'), false);
    for (const f of ['program-form', 'pg-diff-form', 'session-form', 'checkin-form']) {
      const form = $(f);
      form.reset();
      clearFieldErrors(form);
    }
    for (const e of ['program-error', 'pg-error', 'pg-versions-error', 'pg-diff-error', 'recs-error', 'sl-error',
      'ci-error', 'logs-error']) {
      clearError($(e), null);
    }
    for (const e of ['pg-refusal', 'program-ok', 'program-empty', 'program-meta', 'pg-history', 'pg-diff', 'recs-ok',
      'recs-empty', 'sl-ok', 'ci-ok', 'logs-empty']) {
      show($(e), false);
    }
    for (const e of ['program-view', 'pg-versions', 'pg-diff', 'recs', 'logs', 'sl-sets', 'ci-pain', 'pg-diff-from',
      'pg-diff-to', 'sl-session']) {
      $(e).replaceChildren();
    }
  }

  function refresh() {
    if (!pg.client) return;
    notice('program-ok', '');
    loadProgram().then(() => loadVersions());
    if (staff()) loadRecs();
    loadLogs();
  }

  function init() {
    const scales = $('ci-scales');
    for (const [key, label, hint] of SCALES) {
      const sel = el('select');
      sel.dataset.field = key;
      const none = el('option', null, '—');
      none.value = '';
      sel.appendChild(none);
      for (let i = 1; i <= 5; i++) {
        const o = el('option', null, String(i));
        o.value = String(i);
        sel.appendChild(o);
      }
      scales.appendChild(labelled('ci-' + key, label, sel, '(' + hint + ')'));
    }
    const flags = $('ci-flags');
    for (const [id, text] of FLAGS) {
      const wrap = el('div', 'check');
      const input = el('input');
      input.type = 'checkbox';
      input.id = 'ci-flag-' + id.replace(/[^a-z0-9]/gi, '-');
      input.value = id;
      const lab = el('label', null, text);
      lab.htmlFor = input.id;
      wrap.append(input, lab);
      flags.appendChild(wrap);
    }
    $('program-form').addEventListener('submit', onGenerate);
    $('program-refresh').addEventListener('click', refresh);
    $('program-view').addEventListener('click', onViewClick);
    $('program-view').addEventListener('submit', onEditSubmit);
    $('program-view').addEventListener('keydown', (ev) => {
      /* Escape closes an open edit form, not the whole client. */
      if (ev.key !== 'Escape') return;
      const form = ev.target.closest && ev.target.closest('form.rx-edit');
      if (!form) return;
      ev.stopPropagation();
      const li = form.closest('li.pg-rx');
      closeEdits(null);
      const b = li.querySelector('button.pg-edit');
      if (b) b.focus();
    });
    $('pg-versions').addEventListener('click', onVersionsClick);
    $('pg-diff-form').addEventListener('submit', onDiff);
    $('recs').addEventListener('click', onDecide);
    $('recs').addEventListener('submit', (ev) => ev.preventDefault());
    $('recs-refresh').addEventListener('click', loadRecs);
    $('sl-session').addEventListener('change', fillSetRows);
    $('sl-sets').addEventListener('click', onSetsClick);
    $('sl-add-set').addEventListener('click', onAddSet);
    $('session-form').addEventListener('submit', onSessionLog);
    $('ci-add-pain').addEventListener('click', () => {
      const row = painRow();
      $('ci-pain').appendChild(row);
      row.querySelector('select').focus();
    });
    $('ci-pain').addEventListener('click', onPainClick);
    $('checkin-form').addEventListener('submit', onCheckin);
  }

  init();
  R.parts = (R.parts || []).concat([{ open, close, reset: close }]);
})();
