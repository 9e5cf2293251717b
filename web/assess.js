/*
 * assess.js -- the open client's assessments: record one (measures with
 * their units, a Y-Balance test, questionnaires item by item), show what
 * was stored with the questionnaire scores and the findings, list past
 * ones, compare two, follow one measure over time, show the phase gate
 * of the client's open case and move the case on or close it
 * (docs/assessment.md, docs/api.md#assessments, docs/api.md "Moving a case
 * on").
 *
 * Loaded after record.js, whose form helpers (R.forms: API field errors
 * next to their field, scope refusals) it reuses; app.js calls
 * assess.open(client) and assess.close() as it does for record.js.  The
 * server is asked for nothing beyond the assessment routes: the measure and
 * questionnaire tables below are copies.  Server text is only ever put on
 * the page with textContent.
 */
'use strict';

(() => {
  const R = window.Rebound;
  if (!R || !R.forms) return;
  const { api, $, show, setText, clearError, el, badge, wordLabel } = R;
  const F = R.forms;

  /*
   * A copy of data/measures.json: id, name, unit, recorded per side, and
   * the plausible range the server enforces.  Keep it in step with that
   * file (the server stays the judge: a value it refuses is shown next to
   * its row).
   */
  const MEASURES = [
    ['pain_rest', 'Pain at rest (NPRS 0-10)', 'points', false, 0, 10],
    ['pain_activity', 'Pain during exercise or activity (NPRS 0-10)', 'points', false, 0, 10],
    ['pain_next_morning', 'Pain the morning after loading (NPRS 0-10)', 'points', false, 0, 10],
    ['pain_sport', 'Pain during sport (NPRS 0-10)', 'points', false, 0, 10],
    ['days_since_injury', 'Days since the injury', 'days', false, 0, 36500],
    ['days_since_surgery', 'Days since surgery', 'days', false, 0, 36500],
    ['days_postpartum', 'Days since giving birth', 'days', false, 0, 36500],
    ['days_in_phase', 'Days in the current phase', 'days', false, 0, 36500],
    ['effusion_grade', 'Knee effusion, stroke test (0 none, 1 trace, 2 = 1+, 3 = 2+, 4 = 3+)', 'grade', false, 0, 4],
    ['knee_extension_lag', 'Extension lag on straight-leg raise (0 none, 1 present)', 'flag', false, 0, 1],
    ['knee_flexion_rom', 'Knee flexion range of motion', 'deg', true, 0, 170],
    ['knee_extension_deficit', 'Knee extension short of full (0 = full)', 'deg', true, 0, 60],
    ['ankle_dorsiflexion_wblt', 'Weight-bearing lunge test, toe to wall', 'cm', true, 0, 25],
    ['hip_flexion_rom', 'Hip flexion range of motion', 'deg', true, 0, 150],
    ['thomas_test_positive', 'Thomas test positive (0 no, 1 yes)', 'flag', true, 0, 1],
    ['thoracic_rotation_rom', 'Seated thoracic rotation', 'deg', true, 0, 90],
    ['shoulder_flexion_rom', 'Shoulder flexion range of motion', 'deg', true, 0, 190],
    ['shoulder_er_rom', 'Shoulder external rotation range of motion', 'deg', true, 0, 130],
    ['shoulder_ir_rom', 'Shoulder internal rotation range of motion', 'deg', true, 0, 100],
    ['slr_passive', 'Passive straight-leg raise', 'deg', true, 0, 130],
    ['quad_strength', 'Quadriceps strength (dynamometer)', 'N', true, 0, 5000],
    ['hamstring_strength', 'Hamstring strength (dynamometer)', 'N', true, 0, 5000],
    ['hip_abduction_strength', 'Hip abduction strength (dynamometer)', 'N', true, 0, 3000],
    ['shoulder_er_strength', 'Shoulder external rotation strength (dynamometer)', 'N', true, 0, 2000],
    ['shoulder_ir_strength', 'Shoulder internal rotation strength (dynamometer)', 'N', true, 0, 2000],
    ['single_hop', 'Single hop for distance', 'cm', true, 0, 400],
    ['triple_hop', 'Triple hop for distance', 'cm', true, 0, 1200],
    ['crossover_hop', 'Triple crossover hop for distance', 'cm', true, 0, 1200],
    ['timed_hop_6m', '6 m timed hop', 's', true, 0.5, 30],
    ['ybt_anterior', 'Y-Balance anterior reach', 'cm', true, 0, 150],
    ['ybt_composite', 'Y-Balance composite (% limb length)', '%', true, 0, 150],
    ['sls_eyes_open', 'Single-leg stance, eyes open (best of 3)', 's', true, 0, 60],
    ['sls_eyes_closed', 'Single-leg stance, eyes closed (best of 3)', 's', true, 0, 60],
    ['single_leg_calf_raise', 'Single-leg calf raises to fatigue', 'reps', true, 0, 200],
    ['single_leg_bridge', 'Single-leg bridges', 'reps', true, 0, 200],
    ['single_leg_sit_to_stand', 'Single-leg sit to stand', 'reps', true, 0, 200],
    ['side_lying_hip_abduction', 'Side-lying hip abduction', 'reps', true, 0, 200],
    ['single_leg_squat', 'Single-leg squats without pain or valgus', 'reps', true, 0, 100],
    ['single_leg_balance_10s', 'Single-leg balance held 10 s without symptoms (0 no, 1 yes)', 'flag', true, 0, 1],
    ['hop_on_spot', 'Hops on the spot without symptoms', 'reps', true, 0, 100],
    ['running_man', 'Single-leg running man without symptoms', 'reps', true, 0, 100],
    ['walk_minutes', 'Continuous walk without symptoms', 'min', false, 0, 600],
    ['jog_on_spot_s', 'Jog on the spot without symptoms', 's', false, 0, 600],
    ['forward_bounds', 'Forward bounds without symptoms', 'reps', false, 0, 100],
    ['pelvic_floor_symptoms', 'Pelvic-floor symptoms: leaking, heaviness or dragging (0 no, 1 yes)', 'flag', false, 0, 1],
    ['run_minutes_pain_free', 'Continuous running within the pain limit', 'min', false, 0, 600],
    ['sprint_pain_free', 'Maximal sprint without pain (0 no, 1 yes)', 'flag', false, 0, 1],
    ['full_session_completed', 'Completed a full sport training session (0 no, 1 yes)', 'flag', false, 0, 1],
    ['t_test_s', 'Agility T-test', 's', false, 5, 60],
    ['plank_s', 'Front plank hold', 's', false, 0, 600],
    ['chair_stand_30s', '30-second chair stand', 'reps', false, 0, 60],
    ['grip_strength', 'Grip strength', 'kg', true, 0, 120],
    ['fms_total', 'Functional Movement Screen total', 'points', false, 0, 21],
    ['lefs', 'Lower Extremity Functional Scale', 'points', false, 0, 80],
    ['quickdash', 'QuickDASH', 'points', false, 0, 100],
    ['odi', 'Oswestry Disability Index', '%', false, 0, 100],
    ['faam_adl', 'FAAM activities of daily living', '%', false, 0, 100],
    ['faam_sport', 'FAAM sports', '%', false, 0, 100],
    ['tsk11', 'Tampa Scale of Kinesiophobia, 11 items', 'points', false, 11, 44],
    ['acl_rsi', 'ACL Return to Sport after Injury scale', '%', false, 0, 100],
    ['kos_adls', 'Knee Outcome Survey, activities of daily living', '%', false, 0, 100],
    ['global_rating_knee', 'Global rating of knee function', '%', false, 0, 100],
    ['fms_pain', 'Pain during a Functional Movement Screen test or clearing test (0 no, 1 yes)', 'flag', false, 0, 1],
    ['fms_asymmetries', 'Functional Movement Screen bilateral tests scored differently left and right', 'tests', false, 0, 5],
    ['est_1rm', 'Estimated one-repetition maximum (from a set to failure of at most 10 reps)', 'kg', false, 0, 1000],
    ['body_mass', 'Body mass', 'kg', false, 2, 400],
    ['height', 'Standing height', 'cm', false, 40, 260],
    ['waist', 'Waist circumference', 'cm', false, 30, 250],
    ['bmi', 'Body mass index (body mass / height squared; no category cut-offs are carried)', 'kg/m2', false, 5, 100],
    ['systolic_bp', 'Resting systolic blood pressure', 'mmHg', false, 50, 300],
    ['diastolic_bp', 'Resting diastolic blood pressure', 'mmHg', false, 20, 200],
    ['bp_parq_high', 'Resting blood pressure at or above 160/90 mmHg, the PAR-Q+ follow-up threshold (0 no, 1 yes)', 'flag', false, 0, 1],
  ];
  const MEASURE = new Map(MEASURES.map(([id, name, unit, paired, min, max]) => [id, { id, name, unit, paired, min, max }]));
  /* Not offered in the rows: computed by the server (days in the phase
   * from the case) or needing an exercise the rows do not ask for. */
  const NOT_ENTERED = new Set(['days_in_phase', 'est_1rm']);

  /*
   * A copy of `rebound score --list` (src/core/instruments.c): id, name,
   * number of items, lowest and highest answer, how many items may be
   * missing, and the measures the score can be stored as (the NPRS must be
   * told which pain it rates; the others have one).
   */
  const INSTRUMENTS = [
    ['nprs', 'Numeric Pain Rating Scale (NPRS)', 1, 0, 10, 0, ['pain_rest', 'pain_activity', 'pain_next_morning', 'pain_sport']],
    ['lefs', 'Lower Extremity Functional Scale (LEFS)', 20, 0, 4, 0, ['lefs']],
    ['quickdash', 'QuickDASH', 11, 1, 5, 1, ['quickdash']],
    ['odi', 'Oswestry Disability Index (ODI)', 10, 0, 5, 1, ['odi']],
    ['faam_adl', 'FAAM activities of daily living', 21, 0, 4, 2, ['faam_adl']],
    ['faam_sport', 'FAAM sports', 8, 0, 4, 1, ['faam_sport']],
    ['tsk11', 'Tampa Scale of Kinesiophobia (TSK-11)', 11, 1, 4, 0, ['tsk11']],
    ['acl_rsi', 'ACL Return to Sport after Injury (ACL-RSI)', 12, 0, 10, 0, ['acl_rsi']],
  ];
  const INSTRUMENT = new Map(INSTRUMENTS.map(([id, name, items, lo, hi, missing, measures]) =>
    [id, { id, name, items, lo, hi, missing, measures }]));

  const YBT_REACHES = [
    ['anterior', 'Anterior reach'],
    ['posteromedial', 'Posteromedial reach'],
    ['posterolateral', 'Posterolateral reach'],
    ['limb_length', 'Limb length'],
  ];

  const VERDICTS = {
    met: ['Met', 'status-current'],
    not_met: ['Not met', 'status-expired'],
    missing: ['Missing', 'status-soon'],
  };

  const CHANGE_VERDICTS = {
    improved: ['Improved', 'status-current'],
    worsened: ['Worsened', 'status-expired'],
    no_important_change: ['No important change', 'kind'],
    unknown: ['No MCID published', 'kind'],
  };

  /* ---- state --------------------------------------------------------------- */

  const st = {
    client: null,
    seq: 0, /* ignore answers for a client no longer open */
    rows: 0, /* ids of measure rows and questionnaire blocks */
    list: [],
    gate: null, /* the gate shown: {case_id, gate}, or null */
    phases: new Map(), /* protocol id -> Map phase id -> name, loaded once each */
  };

  function clientPath(suffix) {
    return '/api/clients/' + encodeURIComponent(st.client.id) + suffix;
  }

  /* ---- formatting ----------------------------------------------------------- */

  function fmt(x, digits) {
    if (x == null || x === '') return '—';
    const n = Number(x);
    if (!Number.isFinite(n)) return String(x);
    return String(Number(n.toFixed(digits == null ? 2 : digits)));
  }

  function signed(x) {
    if (x == null) return '—';
    const n = Number(x);
    return (n > 0 ? '+' : n < 0 ? '−' : '') + fmt(Math.abs(n));
  }

  function measureName(id) {
    const m = MEASURE.get(id);
    return m ? m.name : wordLabel(id);
  }

  function unitOf(id) {
    const m = MEASURE.get(id);
    return m && m.unit !== 'flag' ? m.unit : '';
  }

  function withUnit(value, id) {
    const m = MEASURE.get(id);
    if (value == null) return '—';
    if (m && m.unit === 'flag') return Number(value) ? 'yes' : 'no';
    const u = unitOf(id);
    return fmt(value) + (u ? ' ' + u : '');
  }

  function sideLabel(side) {
    return side === 'left' ? 'Left' : side === 'right' ? 'Right' : '—';
  }

  function instrumentName(id) {
    const i = INSTRUMENT.get(id);
    return i ? i.name : wordLabel(id);
  }

  /* A table with a caption and a header row; 'rows' are arrays of cells
   * (strings or nodes). */
  function table(caption, heads, rows, className) {
    const wrap = el('div', 'table-wrap');
    const t = el('table', className || 'data');
    t.appendChild(el('caption', null, caption));
    const thead = el('thead');
    const tr = el('tr');
    for (const h of heads) {
      const th = el('th', null, h);
      th.scope = 'col';
      tr.appendChild(th);
    }
    thead.appendChild(tr);
    const tbody = el('tbody');
    for (const r of rows) {
      const row = el('tr');
      for (const c of r) {
        const td = el('td');
        if (c instanceof Node) td.appendChild(c);
        else td.textContent = c == null ? '—' : String(c);
        row.appendChild(td);
      }
      tbody.appendChild(row);
    }
    t.append(thead, tbody);
    wrap.appendChild(t);
    return wrap;
  }

  function field(id, labelText, control, hint) {
    const box = el('div', 'field');
    const label = el('label', null, labelText);
    label.htmlFor = id;
    control.id = id;
    box.append(label, control);
    if (hint) {
      const h = el('small', 'muted', hint);
      h.id = id + '-hint';
      control.setAttribute('aria-describedby', h.id);
      box.appendChild(h);
    }
    return box;
  }

  function numberInput(min, max) {
    const input = el('input');
    input.type = 'number';
    input.step = 'any';
    input.inputMode = 'decimal';
    if (min != null) input.min = String(min);
    if (max != null) input.max = String(max);
    return input;
  }

  function button(text, className, type) {
    const b = el('button', className, text);
    b.type = type || 'button';
    return b;
  }

  /* ---- the form: measure rows ------------------------------------------------ */

  function measureRow() {
    const k = ++st.rows;
    const row = el('div', 'measure-row');
    row.dataset.row = String(k);
    const sel = el('select');
    F.options(sel, [['', 'Choose a measure…']].concat(MEASURES.filter((m) => !NOT_ENTERED.has(m[0]))
      .map((m) => [m[0], m[1] + (m[2] === 'flag' ? ' (0 no, 1 yes)' : '')])));
    sel.dataset.role = 'measure';
    const side = el('select');
    side.dataset.role = 'side';
    const value = numberInput();
    value.dataset.role = 'value';
    const remove = button('Remove', 'secondary small');
    remove.dataset.remove = String(k);
    row.append(
      field('as-m-' + k, 'Measure', sel),
      field('as-side-' + k, 'Side', side),
      field('as-value-' + k, 'Value', value, ' '),
      remove);
    /* Each label also says, to screen readers only, which row it is in. */
    for (const label of row.querySelectorAll('label')) {
      const text = label.textContent;
      label.replaceChildren(el('span', 'label-text', text), el('span', 'visually-hidden row-no'));
    }
    sel.addEventListener('change', () => fitRow(row));
    fitRow(row);
    return row;
  }

  /* Side choices, unit and range follow the chosen measure. */
  function fitRow(row) {
    const k = row.dataset.row;
    const m = MEASURE.get(row.querySelector('[data-role="measure"]').value);
    const side = row.querySelector('[data-role="side"]');
    const keep = side.value;
    if (m && !m.paired) {
      F.options(side, [['', 'No side']]);
      side.disabled = true;
    } else {
      F.options(side, [['left', 'Left'], ['right', 'Right']]);
      side.disabled = false;
      if (keep === 'left' || keep === 'right') side.value = keep;
    }
    /* The row may not be in the page yet: look inside it. */
    const value = row.querySelector('[data-role="value"]');
    const label = row.querySelector('label[for="as-value-' + k + '"] .label-text');
    const hint = row.querySelector('#as-value-' + k + '-hint');
    if (m) {
      value.min = String(m.min);
      value.max = String(m.max);
      setText(label, m.unit === 'flag' ? 'Value (0 no, 1 yes)' : 'Value, ' + m.unit);
      setText(hint, m.unit === 'flag' ? '0 or 1' : fmt(m.min) + '–' + fmt(m.max) + ' ' + m.unit);
    } else {
      value.removeAttribute('min');
      value.removeAttribute('max');
      setText(label, 'Value');
      setText(hint, 'Choose the measure first.');
    }
  }

  function renumber() {
    const rows = $('as-rows').querySelectorAll('.measure-row');
    rows.forEach((row, i) => {
      for (const span of row.querySelectorAll('.row-no')) span.textContent = ', row ' + (i + 1);
      const b = row.querySelector('button[data-remove]');
      b.setAttribute('aria-label', 'Remove measure row ' + (i + 1));
    });
  }

  function addRow(focus) {
    const row = measureRow();
    $('as-rows').appendChild(row);
    renumber();
    if (focus) $('as-m-' + row.dataset.row).focus();
  }

  function onRowsClick(ev) {
    const b = ev.target.closest('button[data-remove]');
    if (!b || !$('as-rows').contains(b)) return;
    const row = b.closest('.measure-row');
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber();
    if (next) next.querySelector('select').focus();
    else $('as-add-row').focus();
  }

  /* ---- the form: Y-Balance ----------------------------------------------------- */

  function buildYbt() {
    const sides = ['left', 'right'].map((side) => {
      const fs = el('fieldset', 'group ybt-side');
      fs.id = 'as-ybt-' + side;
      fs.appendChild(el('legend', null, sideLabel(side) + ' leg stance'));
      for (const [key, label] of YBT_REACHES) {
        fs.appendChild(field('as-ybt-' + side + '-' + key, label + ', cm', numberInput(0, 300)));
      }
      return fs;
    });
    $('as-ybt-sides').replaceChildren(...sides);
  }

  /* ---- the form: questionnaires ------------------------------------------------ */

  function questionnaireBlock(id) {
    const inst = INSTRUMENT.get(id);
    const k = ++st.rows;
    const fs = el('fieldset', 'group q-block');
    fs.dataset.instrument = id;
    fs.dataset.row = String(k);
    fs.id = 'as-q-' + k;
    fs.appendChild(el('legend', null, inst.name));
    fs.appendChild(el('p', 'muted', inst.items + (inst.items === 1 ? ' item' : ' items') + ', each ' + inst.lo + '–' +
      inst.hi + (inst.missing ? '; at most ' + inst.missing + ' may be left blank' : '; every item must be answered') + '.'));
    if (inst.measures.length > 1) {
      const sel = el('select');
      sel.dataset.role = 'q-measure';
      F.options(sel, inst.measures.map((m) => [m, measureName(m)]));
      const f = field('as-q-' + k + '-measure', 'What it rates', sel);
      f.classList.add('field-narrow');
      fs.appendChild(f);
    }
    const items = el('div', 'q-items');
    items.dataset.role = 'q-answers';
    for (let i = 0; i < inst.items; i++) {
      const input = numberInput(inst.lo, inst.hi);
      input.step = '1';
      input.inputMode = 'numeric';
      input.dataset.role = 'q-answer';
      items.appendChild(field('as-q-' + k + '-a' + i, 'Item ' + (i + 1), input));
    }
    fs.appendChild(items);
    const remove = button('Remove ' + inst.name, 'secondary small');
    remove.dataset.removeQ = String(k);
    fs.appendChild(remove);
    return fs;
  }

  function onAddQuestionnaire() {
    const id = $('as-instrument').value;
    if (!INSTRUMENT.has(id)) return;
    const block = questionnaireBlock(id);
    $('as-questionnaires').appendChild(block);
    block.querySelector('input, select').focus();
  }

  function onQuestionnairesClick(ev) {
    const b = ev.target.closest('button[data-remove-q]');
    if (!b || !$('as-questionnaires').contains(b)) return;
    b.closest('.q-block').remove();
    $('as-instrument').focus();
  }

  /* ---- the form: the body ------------------------------------------------------ */

  /*
   * The request body, or null after a local error.  Each control gets the
   * data-field of the path it is sent under (measures[2].value,
   * questionnaires[0].answers[3]) so that the API's field errors land next
   * to it; rows left empty get none.
   */
  function buildBody(form, errEl) {
    const fail = (path, message) => {
      F.localError(form, errEl, path, message);
      return null;
    };
    for (const e of form.querySelectorAll('#as-rows [data-field], #as-ybt [data-field], #as-questionnaires [data-field]')) {
      e.removeAttribute('data-field');
    }
    const date = $('as-date');
    if ((date.validity && date.validity.badInput) || !date.value) return fail('date', 'Enter the date of the assessment.');
    const body = { date: date.value, measures: [], questionnaires: [] };
    if ($('as-involved').value) body.involved = $('as-involved').value;
    const notes = F.textOf($('as-notes'));
    if (notes) body.notes = notes;

    for (const row of $('as-rows').querySelectorAll('.measure-row')) {
      const sel = row.querySelector('[data-role="measure"]');
      const side = row.querySelector('[data-role="side"]');
      const input = row.querySelector('[data-role="value"]');
      const v = F.numberOf(input);
      if (!sel.value && v.value === undefined && !v.bad) continue;
      const p = 'measures[' + body.measures.length + ']';
      row.dataset.field = p;
      sel.dataset.field = p + '.measure';
      side.dataset.field = p + '.side';
      input.dataset.field = p + '.value';
      if (!sel.value) return fail(p + '.measure', 'Choose the measure, or clear the value.');
      if (v.bad || v.value === undefined) return fail(p + '.value', 'Enter a number.');
      const item = { measure: sel.value };
      if (!side.disabled) item.side = side.value;
      item.value = v.value;
      body.measures.push(item);
    }

    for (const side of ['left', 'right']) {
      const fs = $('as-ybt-' + side);
      const values = YBT_REACHES.map(([key]) => [key, $('as-ybt-' + side + '-' + key)]);
      if (values.every(([, input]) => input.value.trim() === '' && !(input.validity && input.validity.badInput))) continue;
      const p = 'measures[' + body.measures.length + ']';
      fs.dataset.field = p;
      const item = { test: 'ybt', side };
      for (const [key, input] of values) {
        input.dataset.field = p + '.' + key;
        const v = F.numberOf(input);
        if (v.bad || v.value === undefined) return fail(p + '.' + key, 'Enter all four numbers for this side, or none.');
        item[key] = v.value;
      }
      body.measures.push(item);
    }

    for (const block of $('as-questionnaires').querySelectorAll('.q-block')) {
      const p = 'questionnaires[' + body.questionnaires.length + ']';
      block.dataset.field = p;
      const q = { instrument: block.dataset.instrument, answers: [] };
      const which = block.querySelector('[data-role="q-measure"]');
      if (which) {
        which.dataset.field = p + '.measure';
        q.measure = which.value;
      }
      block.querySelector('[data-role="q-answers"]').dataset.field = p + '.answers';
      const inputs = block.querySelectorAll('[data-role="q-answer"]');
      for (let i = 0; i < inputs.length; i++) {
        inputs[i].dataset.field = p + '.answers[' + i + ']';
        const v = F.numberOf(inputs[i]);
        if (v.bad) return fail(p + '.answers[' + i + ']', 'Enter a number, or leave the item blank.');
        q.answers.push(v.value === undefined ? null : v.value);
      }
      body.questionnaires.push(q);
    }
    return body;
  }

  function resetAssessForm() {
    const form = $('assess-form');
    form.reset();
    F.clearFieldErrors(form);
    $('as-date').value = F.todayIso();
    $('as-rows').replaceChildren();
    addRow(false);
    addRow(false);
    $('as-questionnaires').replaceChildren();
  }

  async function onSave(ev) {
    ev.preventDefault();
    if (!st.client) return;
    const form = $('assess-form');
    const errEl = $('assess-error');
    const out = $('assess-result');
    F.resetForm(form, errEl, $('assess-refusal'));
    show(out, false);
    const body = buildBody(form, errEl);
    if (!body) return;
    const seq = st.seq;
    const r = await F.send(form, errEl, $('assess-refusal'), 'POST', clientPath('/assessments'), body, null,
      'Record an assessment');
    if (!r || seq !== st.seq) return;
    out.replaceChildren(...assessmentView(r.data, 'Saved: assessment of '));
    show(out, true);
    out.focus();
    resetAssessForm();
    loadList();
    loadGate();
  }

  /* ---- one assessment ------------------------------------------------------------ */

  function questionnaireLine(q) {
    const res = q.result && typeof q.result === 'object' ? q.result : {};
    const li = el('li', 'q-score');
    const digits = Number.isInteger(res.precision) ? res.precision : 1;
    li.append(el('strong', null, instrumentName(q.instrument) + ': ' + fmt(q.score, digits) +
      (res.unit === '%' ? ' %' : res.unit ? ' ' + res.unit : '')));
    const bits = [];
    if (res.min != null && res.max != null) {
      bits.push('range ' + fmt(res.min) + '–' + fmt(res.max) + ', ' +
        (res.direction === 'lower_is_better' ? 'lower is better' : 'higher is better'));
    }
    if (res.interpretation && res.interpretation.band) {
      bits.push(res.interpretation.band + (res.interpretation.source ? ' (source ' + res.interpretation.source + ')' : ''));
    } else {
      bits.push('no interpretation bands published');
    }
    if (res.answered != null) {
      bits.push(res.answered + ' answered' + (res.missing ? ', ' + res.missing + ' missing' : ''));
    }
    if (res.measure) bits.push('stored as ' + measureName(res.measure));
    li.append(' ', el('span', 'muted', '— ' + bits.join('; ')));
    return li;
  }

  function findingsList(findings, empty) {
    const list = Array.isArray(findings) ? findings : [];
    if (list.length === 0) return el('p', 'muted', empty);
    const ul = el('ul', 'findings');
    for (const f of list) {
      const li = el('li', 'finding finding-' + (f.kind || 'other'));
      li.append(el('span', null, f.text || ''));
      if (f.source) li.append(' ', el('span', 'scope-rule', '(source ' + f.source + ')'));
      ul.appendChild(li);
    }
    return ul;
  }

  /* The stored measures, scores and findings of one assessment. */
  function assessmentView(a, lead) {
    const parts = [];
    const head = el('p', 'assess-head');
    head.append(el('strong', null, (lead || 'Assessment of ') + (a.date || '—')), ' ',
      el('span', 'muted', '#' + a.id + (a.case_id ? ' · case #' + a.case_id : '')));
    parts.push(head);
    if (a.notes) parts.push(el('p', 'record-notes', a.notes));
    const ms = Array.isArray(a.measures) ? a.measures : [];
    if (ms.length) {
      parts.push(table('Measures stored', ['Measure', 'Side', 'Value'], ms.map((m) => [
        measureName(m.measure) + (m.exercise ? ' (' + wordLabel(m.exercise) + ')' : ''),
        sideLabel(m.side),
        withUnit(m.value, m.measure) + (m.date && m.date !== a.date ? ' (' + m.date + ')' : ''),
      ]), 'data assess-measures'));
    }
    const qs = Array.isArray(a.questionnaires) ? a.questionnaires : [];
    if (qs.length) {
      parts.push(el('h4', null, 'Questionnaires'));
      const ul = el('ul', 'q-scores');
      for (const q of qs) ul.appendChild(questionnaireLine(q));
      parts.push(ul);
    }
    parts.push(el('h4', null, 'Findings'));
    parts.push(findingsList(a.findings, 'No findings: no asymmetry, norm or yes/no test crossed its threshold.'));
    return parts;
  }

  async function onListClick(ev) {
    const b = ev.target.closest('button[data-view]');
    if (!b || !$('assess-list').contains(b)) return;
    const id = b.dataset.view;
    if (!/^[0-9]+$/.test(id)) return;
    const seq = st.seq;
    const errEl = $('assess-list-error');
    clearError(errEl, null);
    const r = await api('GET', '/api/assessments/' + id);
    if (seq !== st.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError(errEl, null, r.error, null);
      return;
    }
    const out = $('assess-result');
    out.replaceChildren(...assessmentView(r.data));
    show(out, true);
    out.focus();
  }

  /* ---- the list and the compare form -------------------------------------------- */

  async function loadList() {
    const seq = st.seq;
    const errEl = $('assess-list-error');
    clearError(errEl, null);
    const [r, names] = await Promise.all([api('GET', clientPath('/assessments')), R.staffNames()]);
    if (seq !== st.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError(errEl, null, r.error, null);
      return;
    }
    st.list = r.data && Array.isArray(r.data.assessments) ? r.data.assessments : [];
    const u = R.user();
    const who = (id) => (!id ? null : u && id === u.id ? 'you' : names && names.has(id) ? names.get(id) : 'user #' + id);
    $('assess-list').replaceChildren(...st.list.map((a) => {
      const li = el('li', 'record');
      const head = el('div', 'record-head');
      head.append(el('strong', null, a.date || '—'), ' ',
        el('span', 'muted', a.measures === 1 ? '1 value' : (a.measures || 0) + ' values'));
      const bits = [];
      if (a.case_id) bits.push('case #' + a.case_id);
      if (who(a.assessor_id)) bits.push('by ' + who(a.assessor_id));
      bits.push('#' + a.id);
      head.append(' ', el('span', 'record-meta', bits.join(' · ')));
      const view = button('View', 'secondary small');
      view.dataset.view = String(a.id);
      view.setAttribute('aria-label', 'View the assessment of ' + (a.date || '') + ' (#' + a.id + ')');
      head.append(' ', view);
      li.appendChild(head);
      return li;
    }));
    show($('assess-empty'), st.list.length === 0);
    show($('assess-list'), st.list.length > 0);
    fillCompare();
  }

  function fillCompare() {
    const items = st.list.map((a) => [String(a.id), a.date + ' (#' + a.id + ')']);
    const from = $('cmp-from');
    const to = $('cmp-to');
    const keepFrom = from.value;
    const keepTo = to.value;
    F.options(from, items);
    F.options(to, items);
    /* The list is newest first: compare the one before with the newest. */
    if (items.length) {
      from.value = items.some(([v]) => v === keepFrom) && keepFrom !== items[0][0] ? keepFrom : items[Math.min(1, items.length - 1)][0];
      to.value = items[0][0];
      if (items.some(([v]) => v === keepTo) && keepTo !== from.value) to.value = keepTo;
    }
    show($('compare-form'), st.list.length > 1);
  }

  function verdictBadge(v) {
    const b = CHANGE_VERDICTS[v] || [wordLabel(v), 'kind'];
    return badge(b[0], b[1]);
  }

  async function onCompare(ev) {
    ev.preventDefault();
    if (!st.client) return;
    const form = $('compare-form');
    const errEl = $('compare-error');
    const out = $('compare-result');
    show(out, false);
    const from = $('cmp-from').value;
    const to = $('cmp-to').value;
    if (!from) return F.localError(form, errEl, 'from', 'Choose the earlier assessment.');
    if (from === to) return F.localError(form, errEl, 'to', 'Choose two different assessments.');
    const seq = st.seq;
    const r = await F.send(form, errEl, null, 'GET', clientPath('/assessments/compare?from=' +
      encodeURIComponent(from) + '&to=' + encodeURIComponent(to)), undefined, null);
    if (!r || seq !== st.seq) return;
    const d = r.data || {};
    const parts = [el('p', 'assess-head', 'From ' + (d.from && d.from.date) + ' (#' + (d.from && d.from.id) +
      ') to ' + (d.to && d.to.date) + ' (#' + (d.to && d.to.id) + ')')];
    const ms = Array.isArray(d.measures) ? d.measures : [];
    parts.push(ms.length
      ? table('Measures before and after', ['Measure', 'Side', 'Before', 'After', 'Change'], ms.map((m) => [
        measureName(m.measure) + (m.exercise ? ' (' + wordLabel(m.exercise) + ')' : ''),
        sideLabel(m.side), withUnit(m.before, m.measure), withUnit(m.after, m.measure),
        m.change == null ? '—' : signed(m.change) + (unitOf(m.measure) ? ' ' + unitOf(m.measure) : ''),
      ]), 'data compare-measures')
      : el('p', 'muted', 'No measures in either assessment.'));
    const qs = Array.isArray(d.questionnaires) ? d.questionnaires : [];
    if (qs.length) {
      parts.push(table('Questionnaires against their minimal clinically important difference',
        ['Questionnaire', 'Before', 'After', 'Change', 'MCID', 'Verdict'], qs.map((q) => [
          instrumentName(q.instrument), fmt(q.before, 1), fmt(q.after, 1), signed(q.change),
          q.mcid == null ? 'none published' : fmt(q.mcid) + (q.mcid_pct ? ' (or an improvement of ' + fmt(q.mcid_pct) + ' %)' : '') +
            (q.mcid_source ? ' (source ' + q.mcid_source + ')' : '') +
            (q.mcid_verified === false ? ', unverified' : ''),
          verdictBadge(q.verdict),
        ]), 'data compare-questionnaires'));
    } else {
      parts.push(el('p', 'muted', 'No questionnaire was filled in both assessments.'));
    }
    out.replaceChildren(...parts);
    show(out, true);
  }

  /* ---- trend ------------------------------------------------------------------- */

  /* A small inline chart of the points, one line per side; the table next
   * to it carries the same numbers for screen readers. */
  function sparkline(points, id) {
    const NS = 'http://www.w3.org/2000/svg';
    const W = 280;
    const H = 64;
    const PAD = 6;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('width', String(W));
    svg.setAttribute('height', String(H));
    svg.setAttribute('class', 'sparkline');
    svg.setAttribute('aria-hidden', 'true');
    const days = points.map((p) => Date.parse(p.date));
    const values = points.map((p) => Number(p.value));
    const d0 = Math.min(...days);
    const d1 = Math.max(...days);
    const v0 = Math.min(...values);
    const v1 = Math.max(...values);
    const x = (d) => (d1 === d0 ? W / 2 : PAD + ((d - d0) / (d1 - d0)) * (W - 2 * PAD));
    const y = (v) => (v1 === v0 ? H / 2 : H - PAD - ((v - v0) / (v1 - v0)) * (H - 2 * PAD));
    const sides = [...new Set(points.map((p) => p.side))];
    for (const side of sides) {
      const pts = points.filter((p) => p.side === side);
      const line = document.createElementNS(NS, 'polyline');
      line.setAttribute('points', pts.map((p) => x(Date.parse(p.date)).toFixed(1) + ',' + y(Number(p.value)).toFixed(1)).join(' '));
      line.setAttribute('class', 'spark-' + side);
      svg.appendChild(line);
      for (const p of pts) {
        const c = document.createElementNS(NS, 'circle');
        c.setAttribute('cx', x(Date.parse(p.date)).toFixed(1));
        c.setAttribute('cy', y(Number(p.value)).toFixed(1));
        c.setAttribute('r', '2.5');
        c.setAttribute('class', 'spark-' + side);
        svg.appendChild(c);
      }
    }
    const wrap = el('div', 'spark-wrap');
    wrap.appendChild(svg);
    if (sides.length > 1) {
      wrap.appendChild(el('p', 'muted', 'Solid line: left; dashed line: right.'));
    }
    if (v0 !== v1) wrap.appendChild(el('p', 'muted', 'From ' + withUnit(v0, id) + ' to ' + withUnit(v1, id) + ' on the vertical axis.'));
    return wrap;
  }

  async function onTrend(ev) {
    ev.preventDefault();
    if (!st.client) return;
    const form = $('trend-form');
    const errEl = $('trend-error');
    const out = $('trend-result');
    show(out, false);
    const id = $('trend-measure').value;
    if (!id) return F.localError(form, errEl, 'measure', 'Choose a measure.');
    const seq = st.seq;
    const r = await F.send(form, errEl, null, 'GET', clientPath('/trend?measure=' + encodeURIComponent(id)), undefined, null);
    if (!r || seq !== st.seq) return;
    const points = r.data && Array.isArray(r.data.points) ? r.data.points.slice() : [];
    points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.assessment_id - b.assessment_id));
    if (points.length === 0) {
      out.replaceChildren(el('p', 'muted', measureName(id) + ': not recorded yet.'));
    } else {
      const parts = [el('p', 'assess-head', measureName(id) + ': ' + points.length +
        (points.length === 1 ? ' value' : ' values'))];
      /* A line needs two dates on one side. */
      const bySide = new Map();
      for (const p of points) bySide.set(p.side, (bySide.get(p.side) || new Set()).add(p.date));
      if ([...bySide.values()].some((d) => d.size > 1)) parts.push(sparkline(points, id));
      parts.push(table('Values of ' + measureName(id) + ' over time', ['Date', 'Side', 'Value', 'Assessment'],
        points.map((p) => [p.date, sideLabel(p.side), withUnit(p.value, id), '#' + p.assessment_id]), 'data trend-table'));
      out.replaceChildren(...parts);
    }
    show(out, true);
  }

  /* ---- the phase gate -------------------------------------------------------------- */

  function verdictOf(v) {
    const b = VERDICTS[v] || [wordLabel(v), 'kind'];
    return badge(b[0], b[1]);
  }

  /* The protocol's name when record.js has loaded the list (staff). */
  function protocolLabel(id) {
    const name = R.record && R.record.protocolName ? R.record.protocolName(id) : id;
    return name && name !== id ? name : wordLabel(id);
  }

  /* The phase names of a protocol (GET /api/protocols/{id}); null when unreadable. */
  async function phaseNames(protocol) {
    if (!protocol) return null;
    if (st.phases.has(protocol)) return st.phases.get(protocol);
    const r = await api('GET', '/api/protocols/' + encodeURIComponent(protocol));
    if (r.error) return null;
    const list = r.data && Array.isArray(r.data.phases) ? r.data.phases : [];
    const names = new Map(list.map((p) => [p.id, p.name || p.id]));
    st.phases.set(protocol, names);
    return names;
  }

  function phaseLabel(protocol, id) {
    const names = st.phases.get(protocol);
    return (names && names.get(id)) || wordLabel(id);
  }

  function gateView(d) {
    const g = d.gate || {};
    const parts = [];
    const head = el('p', 'gate-head');
    head.append(el('strong', null, protocolLabel(g.protocol) + ' — phase “' + (g.phase_name || wordLabel(g.phase)) + '”'), ' ',
      g.ready ? badge('Ready for the next phase', 'status-current') : badge('Not ready yet', 'status-expired'));
    parts.push(head);
    parts.push(el('p', 'record-meta', g.next ? 'Next phase: “' + phaseLabel(g.protocol, g.next) + '”.'
      : 'This is the last phase: passing its gate closes the case.'));
    const cs = Array.isArray(g.criteria) ? g.criteria : [];
    if (cs.length) {
      parts.push(table('Exit criteria', ['Criterion', 'Verdict', 'Value', 'Threshold', 'Source'], cs.map((c) => {
        const label = el('span');
        label.append(el('span', null, c.label || c.id), el('br'), el('span', 'mono scope-rule', c.expr || ''));
        return [label, verdictOf(c.verdict), c.value == null ? 'not recorded' : fmt(c.value),
          c.threshold == null ? '—' : fmt(c.threshold), c.source || '—'];
      }), 'data gate-criteria'));
    } else {
      parts.push(el('p', 'muted', 'This phase has no exit criteria.'));
    }
    const t = g.time_floor;
    if (t && typeof t === 'object') {
      const p = el('p', 'gate-time');
      p.append('Time floor: at least ' + t.min_days + ' days in the phase; ' +
        (t.days_in_phase == null ? 'days not known' : fmt(t.days_in_phase, 0) + ' so far') + ' ', verdictOf(t.verdict),
      t.source ? ' (source ' + t.source + ')' : '');
      parts.push(p);
    } else {
      parts.push(el('p', 'gate-time muted', 'No time floor for this phase.'));
    }
    const tt = Array.isArray(g.to_test) ? g.to_test : [];
    const next = el('p', 'gate-to-test');
    if (tt.length) {
      next.append(el('strong', null, 'Test next: '), tt.map(measureName).join('; '));
    } else {
      next.append(g.ready ? 'Nothing left to test for this phase.' : 'Every measure the criteria need has a value.');
    }
    parts.push(next);
    parts.push(el('h4', null, 'Findings from the latest values'));
    parts.push(findingsList(d.findings, 'None.'));
    return parts;
  }

  async function loadGate() {
    if (!st.client) return;
    const seq = st.seq;
    const errEl = $('gate-error');
    const out = $('gate-result');
    clearError(errEl, null);
    const r = await api('GET', clientPath('/gate'));
    if (seq !== st.seq) return;
    if (r.status === 401) return R.sessionLost();
    const none = r.status === 404 && r.error && r.error.code === 'no_open_case';
    show($('gate-none'), none);
    if (none || r.error) {
      st.gate = null;
      show(out, false);
      showGateActions();
      if (!none) R.showError(errEl, null, r.error, null);
      return;
    }
    const d = r.data || {};
    await phaseNames(d.gate && d.gate.protocol);
    if (seq !== st.seq) return;
    st.gate = d;
    out.replaceChildren(...gateView(d));
    show(out, true);
    showGateActions();
  }

  /* ---- moving the case on ---------------------------------------------------------- */

  /*
   * Staff see "Move to <next phase>" only when the gate is ready (the
   * server checks again: 409 gate_not_met), and "Close case" whenever a
   * case is open.
   */
  function showGateActions() {
    const d = st.gate;
    const g = d && d.gate ? d.gate : null;
    show($('gate-actions'), !!g && R.isStaff());
    if (!g) return;
    show($('advance-form'), g.ready === true);
    setText($('advance-submit'), g.next ? 'Move to “' + phaseLabel(g.protocol, g.next) + '”'
      : 'Finish the last phase and close the case');
  }

  async function moveCase(form, errEl, body, what) {
    if (!st.client || !st.gate) return;
    const seq = st.seq;
    const ok = $('advance-ok');
    show(ok, false);
    F.resetForm($('advance-form'), $('advance-error'), null);
    F.resetForm($('close-case-form'), $('close-case-error'), null);
    const refusal = $('advance-refusal');
    F.resetForm(form, errEl, refusal);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const r = await api('POST', clientPath('/case/advance'), body);
    button.disabled = false;
    if (seq !== st.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      const e = r.error;
      if (e.code === 'out_of_scope') {
        F.renderRefusal(refusal, e, what);
        refusal.focus();
      } else if (e.code === 'gate_not_met') {
        /* Met when the page was drawn, not any more (a newer value): say so and redraw the gate. */
        const why = String(e.message || '').replace(/:\s*see GET \S+ for what is missing\.?$/, '');
        F.formError(form, errEl, { code: e.code, field: null, message: 'Not moved on: ' + why +
          '. The gate above shows what is missing now.' }, null);
        errEl.setAttribute('tabindex', '-1');
        errEl.focus();
      } else {
        F.formError(form, errEl, e, null);
      }
      await loadGate();
      return;
    }
    const c = r.data || {};
    const from = st.gate.gate ? phaseLabel(st.gate.gate.protocol, st.gate.gate.phase) : '';
    setText(ok, c.status === 'closed'
      ? 'Case closed' + (body.reason ? ': ' + body.reason : '') + '.'
      : 'Moved from “' + from + '” to “' + phaseLabel(c.protocol_id, c.phase_id) + '”; its time floor counts from today.');
    show(ok, true);
    $('adv-reason').value = '';
    $('close-reason').value = '';
    document.dispatchEvent(new CustomEvent('rebound:case-changed', { detail: c }));
    await loadGate();
    if (seq !== st.seq) return;
    ok.focus();
  }

  function onAdvance(ev) {
    ev.preventDefault();
    const reason = $('adv-reason').value.trim();
    const g = st.gate && st.gate.gate;
    return moveCase($('advance-form'), $('advance-error'), reason ? { reason } : {},
      g && g.next ? 'Move the case to the next phase' : 'Close the case after its last phase');
  }

  function onCloseCase(ev) {
    ev.preventDefault();
    const form = $('close-case-form');
    const errEl = $('close-case-error');
    const reason = $('close-reason').value.trim();
    if (!reason) {
      F.resetForm(form, errEl, $('advance-refusal'));
      return F.localError(form, errEl, 'reason', 'Say why the case is closed (discharged, referred, …).');
    }
    return moveCase(form, errEl, { close: true, reason }, 'Close the case');
  }

  /* ---- open and close ---------------------------------------------------------------- */

  function open(c) {
    close();
    if (!c || c.id == null) return;
    st.client = c;
    show($('assess-card'), true);
    show($('as-new'), R.isStaff());
    resetAssessForm();
    loadList();
    loadGate();
  }

  function close() {
    st.seq++;
    st.client = null;
    st.list = [];
    show($('assess-card'), false);
    for (const f of ['assess-form', 'compare-form', 'trend-form']) F.clearFieldErrors($(f));
    for (const e of ['assess-error', 'assess-list-error', 'compare-error', 'trend-error', 'gate-error']) clearError($(e), null);
    for (const e of ['assess-refusal', 'assess-result', 'compare-result', 'trend-result', 'gate-result']) {
      $(e).replaceChildren();
      show($(e), false);
    }
    show($('gate-none'), false);
    st.gate = null;
    show($('gate-actions'), false);
    for (const f of ['advance-form', 'close-case-form']) {
      $(f).reset();
      F.resetForm($(f), null, null);
    }
    for (const e of ['advance-error', 'close-case-error']) clearError($(e), null);
    $('advance-refusal').replaceChildren();
    for (const e of ['advance-refusal', 'advance-ok']) show($(e), false);
    $('assess-list').replaceChildren();
  }

  function init() {
    buildYbt();
    F.options($('as-instrument'), INSTRUMENTS.map(([id, name]) => [id, name]));
    F.options($('trend-measure'), MEASURES.map(([id, name]) => [id, name]));
    $('as-add-row').addEventListener('click', () => addRow(true));
    $('as-rows').addEventListener('click', onRowsClick);
    $('as-add-q').addEventListener('click', onAddQuestionnaire);
    $('as-questionnaires').addEventListener('click', onQuestionnairesClick);
    $('assess-form').addEventListener('submit', onSave);
    $('assess-list').addEventListener('click', onListClick);
    $('compare-form').addEventListener('submit', onCompare);
    $('trend-form').addEventListener('submit', onTrend);
    $('gate-refresh').addEventListener('click', loadGate);
    document.addEventListener('rebound:case-opened', () => loadGate());
    $('advance-form').addEventListener('submit', onAdvance);
    $('close-case-form').addEventListener('submit', onCloseCase);
  }

  init();
  R.assess = { open, close };
})();
