/*
 * record.js -- the open client's record: intake profile, consent,
 * injuries and cases, clearances, screenings, incident reports and the
 * referral letter.
 *
 * Loaded after app.js, whose helpers it takes from window.Rebound; app.js
 * calls record.open(client) and record.close().  Every form sends what the
 * API documents (docs/api.md, docs/screening.md) and shows the API's
 * field error next to the field it names; a scope-of-practice refusal
 * (403 out_of_scope) is shown with its rule, message and what would unblock
 * it.  Server text is only ever put on the page with textContent.
 */
'use strict';

(() => {
  const R = window.Rebound;
  if (!R) return;
  const { api, $, show, setText, clearError, el, badge, wordLabel, formatTime, fullName, num } = R;

  /* ---- fixed vocabularies (copied from the API's own tables) ------------- */

  const GOALS = [
    ['general_fitness', 'General fitness'],
    ['strength', 'Strength'],
    ['weight_management', 'Weight management'],
    ['return_to_sport', 'Return to sport'],
    ['run_distance', 'Run a distance'],
    ['fall_prevention', 'Fall prevention'],
  ];

  /* data/restrictions.json: id and what it means. */
  const RESTRICTIONS = [
    ['non_weight_bearing', 'No standing or loading through the affected leg'],
    ['no_impact', 'No running, jumping or landing'],
    ['no_running', 'No running'],
    ['no_sprinting', 'No maximal-speed running'],
    ['no_cutting', 'No change of direction or pivoting'],
    ['no_jumping', 'No jumping or landing'],
    ['no_overhead_load', 'No load held or pressed overhead'],
    ['no_shoulder_end_range', 'No loaded end-range shoulder elevation or rotation'],
    ['no_loaded_knee_flexion_beyond_90', 'No loaded knee flexion beyond 90 degrees'],
    ['no_loaded_spinal_flexion', 'No loaded bending of the spine'],
    ['no_loaded_spinal_extension', 'No loaded arching of the spine'],
    ['no_hamstring_lengthening_load', 'No hamstring loading in long positions'],
    ['no_high_intra_abdominal_pressure', 'No heavy bracing, breath holding or impact loading the pelvic floor'],
    ['no_kneeling', 'No kneeling on the affected knee'],
    ['no_grip_load', 'No heavy gripping'],
    ['no_unstable_surface', 'Stable surfaces only'],
    ['no_inversion_load', 'Protect the lateral ankle from inversion under load'],
  ];
  const RESTRICTION_TEXT = new Map(RESTRICTIONS);

  const CLEARANCE_KINDS = {
    physician: 'Physician (MD/DO)',
    pt_licence: 'Physical therapist',
    boc_atc: 'Athletic trainer (BOC ATC)',
  };

  /* PAR-Q+ page 1, in our own words (docs/screening.md). */
  const PARQ = [
    ['g1', 'A doctor has said they have a heart condition or high blood pressure'],
    ['g2', 'Chest pain at rest, in daily activities or during activity'],
    ['g3', 'Lost balance from dizziness, or lost consciousness, in the last 12 months (not from over-breathing)'],
    ['g4', 'Another chronic medical condition'],
    ['g5', 'Takes prescribed medication for a chronic condition'],
    ['g6', 'A bone, joint or soft-tissue problem (now or in the last 12 months) that more activity could worsen'],
    ['g7', 'A doctor has said they should only do medically supervised activity'],
  ];

  const HARD = ['hard_to_control', 'Hard to control with medication or other prescribed therapy'];
  /* PAR-Q+ follow-ups: category, its gate question, its sub-questions. */
  const FOLLOWUPS = [
    ['arthritis', 'Arthritis, osteoporosis or back problems', [
      HARD,
      ['joint_or_fracture', 'Painful joints, a recent or osteoporotic fracture, spondylolisthesis or a pars defect'],
      ['steroids', 'Steroid injections or tablets regularly for more than 3 months'],
    ]],
    ['cancer', 'Cancer of any kind', [
      ['high_risk_type', 'Lung or bronchogenic cancer, multiple myeloma, or head and neck cancer'],
      ['current_therapy', 'Receiving chemotherapy or radiotherapy now'],
    ]],
    ['heart', 'Heart or cardiovascular disease', [
      HARD,
      ['irregular_beat', 'An irregular heartbeat that needs medical management'],
      ['heart_failure', 'Chronic heart failure'],
      ['inactive_cad', 'Coronary artery disease and no regular activity in the last 2 months'],
    ]],
    ['blood_pressure', 'High blood pressure', [
      ['resting_160_90', 'Resting blood pressure of 160/90 mmHg or more (yes if not known)'],
    ]],
    ['metabolic', 'A metabolic condition (type 1 or 2 diabetes, pre-diabetes)', [
      ['blood_sugar', 'Blood sugar often above 13.0 mmol/L (yes if unsure)'],
      ['complications', 'Complications of diabetes: heart, vessels, eyes, kidneys, or feeling in the feet'],
      ['other_metabolic', 'Another metabolic condition (thyroid, gestational diabetes, kidney, liver)'],
    ]],
    ['mental_health', 'Mental health problems or learning difficulties', [
      HARD,
      ['back_problems', 'Also back problems affecting nerves or muscles'],
    ]],
    ['respiratory', 'Respiratory disease (COPD, asthma, pulmonary hypertension)', [
      HARD,
      ['low_oxygen', 'Low blood oxygen, or on supplemental oxygen'],
      ['asthma_symptoms', 'Asthma symptoms on more than 2 days a week, or a rescue inhaler more than twice last week'],
    ]],
    ['spinal_cord', 'A spinal cord injury', [
      HARD,
      ['low_blood_pressure', 'Low resting blood pressure causing dizziness or fainting'],
      ['autonomic_dysreflexia', 'Episodes of autonomic dysreflexia'],
    ]],
    ['stroke', 'Stroke or transient ischaemic attack', [
      HARD,
      ['mobility', 'Walking or mobility impairment'],
      ['recent', 'A stroke or nerve or muscle impairment in the last 6 months'],
    ]],
    ['other', 'Another medical condition, or two or more conditions', [
      ['concussion', 'Concussion, or a blackout from a head injury, in the last 12 months'],
      ['unlisted', 'A condition not listed above (epilepsy, a neurological or kidney condition…)'],
      ['two_or_more', 'Living with two or more medical conditions'],
    ]],
  ];

  const DISEASES = [
    ['cardiovascular', 'Cardiac, peripheral vascular or cerebrovascular disease'],
    ['metabolic', 'Type 1 or type 2 diabetes'],
    ['renal', 'Kidney disease'],
  ];

  const SYMPTOMS = [
    ['ischaemic_pain', 'Pain or discomfort in the chest, neck, jaw or arms that may be ischaemic'],
    ['breathlessness', 'Short of breath at rest or with mild exertion'],
    ['dizziness_syncope', 'Dizziness or fainting'],
    ['orthopnoea_pnd', 'Breathless lying flat, or waking up breathless'],
    ['ankle_oedema', 'Swollen ankles'],
    ['palpitations', 'Palpitations or a racing heart'],
    ['claudication', 'Cramping leg pain on walking that eases with rest'],
    ['heart_murmur', 'A known heart murmur'],
    ['unusual_fatigue', 'Unusual fatigue or breathlessness with usual activities'],
  ];

  /* Red flags by cluster; ottawa_knee.age_55 is left out: the server derives it from the age. */
  const RED_FLAGS = [
    ['Cardiac', [
      ['cardiac.acute_now', 'Any cardiac symptom happening now, during the session'],
      ['cardiac.chest_pain', 'New chest, jaw, neck or arm pain or discomfort'],
      ['cardiac.breathlessness', 'Unusual breathlessness'],
      ['cardiac.syncope', 'Fainting or near-fainting'],
      ['cardiac.palpitations', 'Palpitations or a racing heart'],
    ]],
    ['Cauda equina', [
      ['ces.bilateral_leg_symptoms', 'Pain, numbness or weakness in both legs'],
      ['ces.saddle_anaesthesia', 'Numbness in the saddle area'],
      ['ces.bladder_change', 'New bladder change: hesitancy, poor stream or urgency'],
      ['ces.urinary_retention', 'Cannot pass urine'],
      ['ces.bowel_incontinence', 'Loss of bowel control'],
      ['ces.sexual_dysfunction', 'New loss of sexual function'],
      ['ces.progressive_weakness', 'Leg weakness that is getting worse'],
    ]],
    ['Spine', [
      ['spinal.cancer_history', 'Back pain with a history of cancer'],
      ['spinal.weight_loss', 'Back pain with unexplained weight loss'],
      ['spinal.rest_night_pain', 'Back pain not eased by rest, or worse at night'],
      ['spinal.fever_unwell', 'Back pain with fever, night sweats or feeling unwell'],
      ['spinal.infection_risk', 'Back pain with IV drug use, immunosuppression, long steroid use or a recent urinary infection'],
      ['spinal.significant_trauma', 'Back pain after significant trauma for the person’s age'],
      ['spinal.thoracic_pain', 'Thoracic (mid-back) pain'],
      ['spinal.deformity', 'A structural deformity of the spine'],
      ['spinal.onset_age', 'Back pain that began before 20 or after 50'],
      ['spinal.neuro_deficit', 'Numbness or weakness lasting more than a month'],
      ['spinal.no_improvement', 'No improvement after 4–6 weeks'],
    ]],
    ['Ottawa ankle rule', [
      ['ottawa_ankle.malleolar_pain', 'Pain in the malleolar zone after an ankle injury'],
      ['ottawa_ankle.lateral_malleolus', 'Bone tenderness at the lateral malleolus (distal 6 cm of the fibula or its tip)'],
      ['ottawa_ankle.medial_malleolus', 'Bone tenderness at the medial malleolus (distal 6 cm of the tibia or its tip)'],
      ['ottawa_ankle.weight_bearing', 'Could not take 4 steps, right after the injury and now'],
    ]],
    ['Ottawa foot rule', [
      ['ottawa_foot.midfoot_pain', 'Pain in the mid-foot zone after an injury'],
      ['ottawa_foot.fifth_metatarsal', 'Bone tenderness at the base of the fifth metatarsal'],
      ['ottawa_foot.navicular', 'Bone tenderness at the navicular'],
      ['ottawa_foot.weight_bearing', 'Could not take 4 steps, right after the injury and now'],
    ]],
    ['Ottawa knee rule', [
      ['ottawa_knee.injury', 'An acute knee injury'],
      ['ottawa_knee.patella', 'Tenderness of the patella only'],
      ['ottawa_knee.fibular_head', 'Tenderness at the head of the fibula'],
      ['ottawa_knee.flexion_90', 'Cannot bend the knee to 90 degrees'],
      ['ottawa_knee.weight_bearing', 'Could not take 4 steps, right after the injury and now'],
    ]],
    ['Concussion', [
      ['concussion.recent', 'Concussion, or a blackout from a head injury, in the last 12 months'],
    ]],
    ['After giving birth', [
      ['postnatal.heaviness', 'Pelvic heaviness or dragging'],
      ['postnatal.leakage', 'Leaking urine or faeces, or urgency'],
      ['postnatal.abdominal_separation', 'A pendular abdomen or a visible gap along the midline'],
      ['postnatal.pelvic_back_pain', 'Pelvic or back pain'],
      ['postnatal.bleeding', 'Bleeding more than 8 weeks after the birth, not a period'],
    ]],
  ];

  const OUTCOMES = {
    cleared: ['Cleared', 'status-current'],
    clearance_recommended: ['Clearance recommended', 'status-soon'],
    refer: ['Refer', 'status-expired'],
  };
  const STATUS_BADGES = {
    active: 'status-expired',
    recurrent: 'status-soon',
    resolved: 'status-current',
  };

  /* ---- state --------------------------------------------------------------- */

  const rec = {
    client: null,
    seq: 0, /* ignore answers for a client no longer open */
    injuries: [],
    protocols: null, /* Map id -> name, loaded once */
    consent: null, /* the current version, or null */
    consentStatus: null, /* {current_version, signed} of the open client, or null */
    names: null, /* Map user id -> name of the staff, when readable */
    incidentSeq: 0,
  };

  function staff() {
    return R.isStaff();
  }

  function canPublishConsent() {
    const u = R.user();
    return !!u && (u.role === 'owner' || u.role === 'admin');
  }

  function clientPath(suffix) {
    return '/api/clients/' + encodeURIComponent(rec.client.id) + suffix;
  }

  /* ---- forms: field errors next to the field, refusals -------------------- */

  function escapeAttr(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
  }

  /*
   * The element an API field path names: an input or group carrying
   * data-field equal to the path; for "list[n]" the checkbox of the n-th
   * value sent; otherwise the nearest named parent ("goals.codes[0]" ->
   * "goals.codes" -> "goals").
   */
  function fieldTarget(form, path, sent) {
    if (!path) return null;
    let p = String(path).replace(/^\./, '');
    const m = /^(.*)\[(\d+)\]$/.exec(p);
    if (m && sent && Array.isArray(sent[m[1]])) {
      const v = sent[m[1]][Number(m[2])];
      if (typeof v === 'string') {
        const box = form.querySelector('[data-field="' + escapeAttr(m[1]) + '"] input[value="' + escapeAttr(v) + '"]');
        if (box) return box;
      }
    }
    while (p) {
      const t = form.querySelector('[data-field="' + escapeAttr(p) + '"]');
      if (t) return t;
      const next = /\[\d+\]$/.test(p) ? p.replace(/\[\d+\]$/, '') : p.replace(/\.?[^.]*$/, '');
      if (next === p) break;
      p = next;
    }
    return null;
  }

  function clearFieldErrors(form) {
    for (const e of form.querySelectorAll('.field-error')) e.remove();
    for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
    for (const e of form.querySelectorAll('.invalid')) e.classList.remove('invalid');
    for (const e of form.querySelectorAll('[data-described]')) {
      const keep = e.dataset.described;
      if (keep) e.setAttribute('aria-describedby', keep);
      else e.removeAttribute('aria-describedby');
      delete e.dataset.described;
    }
  }

  function resetForm(form, errEl, refusalEl) {
    clearFieldErrors(form);
    if (errEl) clearError(errEl, null);
    if (refusalEl) {
      refusalEl.replaceChildren();
      show(refusalEl, false);
    }
  }

  let fieldErrorCount = 0;

  /*
   * Show an API error: its message in the form's alert line and, when it
   * names a field, again right under that field, which is marked invalid,
   * described by the message and focused.
   */
  /*
   * Put 'message' right under 'target' (an input, or a fieldset/div for a
   * group): the input is marked invalid, described by the note and focused,
   * and closed <details> around it open.  Shared with program.js.
   */
  function markField(target, message) {
    const note = el('p', 'field-error', message || 'Check this field.');
    note.id = 'field-error-' + (++fieldErrorCount);
    let input = target;
    if (target.matches('fieldset, div')) {
      target.classList.add('invalid');
      const legend = target.querySelector(':scope > legend');
      if (legend) legend.after(note);
      else target.prepend(note);
      input = target.querySelector('input, select, textarea');
    } else {
      const box = target.closest('.field, .check, td') || target.parentElement;
      box.appendChild(note);
      target.setAttribute('aria-invalid', 'true');
    }
    for (let d = target.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
    if (input) {
      input.dataset.described = input.getAttribute('aria-describedby') || '';
      input.setAttribute('aria-describedby', ((input.dataset.described || '') + ' ' + note.id).trim());
      input.focus();
    }
  }
  function formError(form, errEl, error, sent) {
    clearFieldErrors(form);
    R.showError(errEl, null, error, null);
    const target = fieldTarget(form, error.field, sent);
    if (target) markField(target, error.message);
  }


  /* A local check failed: same display as the API's field error. */
  function localError(form, errEl, field, message) {
    formError(form, errEl, { code: 'local', field, message }, null);
    return null;
  }

  /* Fill a .scope-result box with a 403 out_of_scope refusal. */
  function renderRefusal(box, e, what) {
    box.className = 'scope-result scope-refused';
    box.setAttribute('tabindex', '-1');
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

  /*
   * Send one form.  Resolves to the answer on success, or null after
   * showing the trouble: the session lost, a refusal (in refusalEl), or an
   * error (field errors as above).
   */
  async function send(form, errEl, refusalEl, method, path, body, sent, what) {
    resetForm(form, errEl, refusalEl);
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    const r = await api(method, path, body);
    if (button) button.disabled = false;
    if (r.status === 401) {
      R.sessionLost();
      return null;
    }
    if (r.status === 403 && r.error && r.error.code === 'out_of_scope' && refusalEl) {
      renderRefusal(refusalEl, r.error, what);
      refusalEl.focus();
      return null;
    }
    if (r.error) {
      const e = r.error;
      /* A refusal where the form has no refusal box: keep its rule and unblock in the message. */
      const text = e.code === 'out_of_scope'
        ? [e.message, e.unblock ? 'What would allow it: ' + e.unblock : null, e.rule ? '(rule ' + e.rule + ')' : null]
          .filter(Boolean).join(' ')
        : e.message;
      formError(form, errEl, Object.assign({}, e, { message: text }), sent);
      return null;
    }
    return r;
  }

  /* ---- small builders ---------------------------------------------------- */

  function safeId(s) {
    return String(s).replace(/[^A-Za-z0-9_-]/g, '-');
  }

  /* Checkboxes for [value, label] pairs inside 'box'. */
  function checkboxes(box, prefix, items) {
    const nodes = items.map(([value, label]) => {
      const wrap = el('div', 'check');
      const input = el('input');
      input.type = 'checkbox';
      input.id = prefix + '-' + safeId(value);
      input.value = value;
      const lab = el('label', null, label);
      lab.htmlFor = input.id;
      wrap.append(input, lab);
      return wrap;
    });
    box.replaceChildren(...nodes);
  }

  function checked(box) {
    return [...box.querySelectorAll('input[type="checkbox"]:checked')].map((i) => i.value);
  }

  function setChecked(box, values) {
    const set = new Set(Array.isArray(values) ? values : []);
    for (const i of box.querySelectorAll('input[type="checkbox"]')) i.checked = set.has(i.value);
  }

  function options(select, items) {
    select.replaceChildren(...items.map(([value, label]) => {
      const o = el('option', null, label);
      o.value = value;
      return o;
    }));
  }

  /* A number input: {value} (undefined when empty) or {bad: true}. */
  function numberOf(input) {
    const raw = input.value.trim();
    if ((input.validity && input.validity.badInput) || (raw !== '' && !Number.isFinite(Number(raw)))) return { bad: true };
    return { value: raw === '' ? undefined : Number(raw) };
  }

  function textOf(input) {
    const v = input.value.trim();
    return v === '' ? undefined : v;
  }

  function restrictionLabel(id) {
    return RESTRICTION_TEXT.get(id) || wordLabel(id);
  }

  function todayIso() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
  }

  function ageFrom(birth) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth || '');
    if (!m) return '';
    const now = new Date();
    let age = now.getFullYear() - Number(m[1]);
    const before = now.getMonth() + 1 < Number(m[2]) ||
      (now.getMonth() + 1 === Number(m[2]) && now.getDate() < Number(m[3]));
    if (before) age--;
    return age >= 0 && age <= 120 ? String(age) : '';
  }

  function injuryLabel(i) {
    const side = i.side && i.side !== 'none' ? ', ' + i.side : '';
    return wordLabel(i.region) + side + ' — ' + wordLabel(i.kind);
  }

  function emptyList(listEl, emptyEl, n) {
    show(emptyEl, n === 0);
    show(listEl, n > 0);
  }

  /* ---- intake -------------------------------------------------------------- */

  function fillIntake(t) {
    const v = t || {};
    const g = v.goals && typeof v.goals === 'object' ? v.goals : {};
    const eq = v.equipment && typeof v.equipment === 'object' ? v.equipment : {};
    const val = (x) => (x == null ? '' : String(x));
    $('in-height').value = val(v.height_cm);
    $('in-weight').value = val(v.weight_kg);
    $('in-occupation').value = val(v.occupation);
    $('in-sitting').value = val(v.sitting_hours_per_day);
    $('in-history').value = val(v.activity_history);
    setChecked($('in-goal-codes'), g.codes);
    $('in-sport').value = val(g.sport);
    $('in-distance').value = val(g.distance_km);
    $('in-goal-text').value = val(g.text);
    $('in-days').value = val(v.availability_days);
    $('in-minutes').value = val(v.availability_minutes);
    $('in-access').value = eq.access || '';
    setChecked($('in-eq-items'), eq.items);
    $('in-experience').value = v.experience || '';
    countEquipment();
    setText($('intake-saved'), v.updated_at ? 'Last saved ' + formatTime(v.updated_at) + '.' : 'No intake saved yet.');
  }

  function countEquipment() {
    const n = checked($('in-eq-items')).length;
    setText($('in-eq-count'), n ? '(' + n + ' chosen)' : '');
  }

  async function onIntakeSave(ev) {
    ev.preventDefault();
    if (!rec.client || !staff()) return;
    const form = $('intake-form');
    const errEl = $('intake-error');
    show($('intake-ok'), false);
    resetForm(form, errEl, null);

    const body = {};
    for (const [key, id] of [['height_cm', 'in-height'], ['weight_kg', 'in-weight'],
      ['sitting_hours_per_day', 'in-sitting'], ['availability_days', 'in-days'],
      ['availability_minutes', 'in-minutes']]) {
      const n = numberOf($(id));
      if (n.bad) return localError(form, errEl, key, 'Enter a number, or leave it empty.');
      if (n.value !== undefined) body[key] = n.value;
    }
    const occupation = textOf($('in-occupation'));
    if (occupation) body.occupation = occupation;
    const history = textOf($('in-history'));
    if (history) body.activity_history = history;

    const codes = checked($('in-goal-codes'));
    if (codes.length === 0) return localError(form, errEl, 'goals.codes', 'Choose at least one goal.');
    const goals = { codes };
    const gtext = textOf($('in-goal-text'));
    if (gtext) goals.text = gtext;
    const sport = textOf($('in-sport'));
    if (sport) goals.sport = sport;
    const dist = numberOf($('in-distance'));
    if (dist.bad) return localError(form, errEl, 'goals.distance_km', 'Enter a distance in km, or leave it empty.');
    if (dist.value !== undefined) goals.distance_km = dist.value;
    body.goals = goals;

    const items = checked($('in-eq-items'));
    const access = $('in-access').value;
    if (access || items.length) {
      body.equipment = { access: access || undefined, items };
      if (!access) return localError(form, errEl, 'equipment.access', 'Say where the client trains: at home, in a gym or both.');
    }
    const experience = $('in-experience').value;
    if (!experience) return localError(form, errEl, 'experience', 'Choose the client’s training experience.');
    body.experience = experience;

    const sent = { 'goals.codes': codes, 'equipment.items': items };
    const r = await send(form, errEl, null, 'PUT', clientPath('/intake'), body, sent);
    if (!r) return;
    fillIntake(r.data);
    setText($('intake-ok'), 'Intake saved.');
    show($('intake-ok'), true);
  }

  /* ---- consent ------------------------------------------------------------- */

  /*
   * The current form (GET /api/consents/current) and whether this client
   * has signed it (GET .../consent): the sign form is offered only when
   * not.  Should the second answer fail, the form stays offered: the
   * server refuses a signature it does not need with its own message.
   */
  async function loadConsent() {
    const seq = rec.seq;
    clearError($('consent-error'), null);
    const [r, st] = await Promise.all([api('GET', '/api/consents/current'), api('GET', clientPath('/consent'))]);
    if (seq !== rec.seq) return;
    if (r.status === 401 || st.status === 401) return R.sessionLost();
    const none = r.status === 404 && r.error && r.error.code === 'no_consent';
    if (r.error && !none) {
      R.showError($('consent-error'), null, r.error, null);
      return;
    }
    if (st.error) R.showError($('consent-error'), null, st.error, null);
    rec.consent = none ? null : r.data;
    rec.consentStatus = st.error ? null : st.data;
    renderConsent();
  }

  function renderConsent() {
    const v = rec.consent;
    const s = rec.consentStatus;
    /* Signed only when the answer is about the version shown. */
    const signed = !!(v && s && s.signed === true && s.current_version === v.version);
    show($('consent-none'), !v);
    show($('consent-current'), !!v);
    show($('consent-sign-form'), !!v && !signed);
    show($('consent-publish-box'), canPublishConsent());
    const state = $('consent-state');
    show(state, !!v && !!s);
    if (!v) return;
    setText($('consent-meta'), 'Version ' + num(v.version) + ', published ' + formatTime(v.created_at) + '.');
    setText($('consent-body'), v.body || '');
    setText($('consent-sign'), 'Record signature of version ' + num(v.version));
    if (!s) return;
    const self = !staff();
    if (signed) {
      state.replaceChildren(badge('Signed', 'status-current'), ' ',
        (self ? 'You have signed' : 'The client has signed') + ' the current version (' + num(v.version) + ').');
    } else {
      state.replaceChildren(badge('Not signed', 'status-expired'), ' ',
        (self ? 'You have not signed' : 'The client has not signed') + ' version ' + num(v.version) +
        ' yet; no work can be recorded until ' + (self ? 'you sign it.' : 'it is signed.'));
    }
  }

  async function onConsentSign(ev) {
    ev.preventDefault();
    if (!rec.client || !rec.consent) return;
    const form = $('consent-sign-form');
    const errEl = $('consent-sign-error');
    show($('consent-signed'), false);
    const signer = $('consent-signer').value.trim();
    if (!signer) return localError(form, errEl, 'signer_name', 'Enter the name of the person signing.');
    const body = { version: rec.consent.version, signer_name: signer };
    const r = await send(form, errEl, null, 'POST', clientPath('/consent'), body, null);
    if (!r) {
      /* Perhaps a newer version was published meanwhile: show the current one. */
      loadConsent();
      return;
    }
    const s = r.data || {};
    setText($('consent-signed'), 'Signed: version ' + num(s.version) + ' by ' + (s.signer_name || signer) +
      ', ' + formatTime(s.signed_at) + '.');
    show($('consent-signed'), true);
    await loadConsent();
    /* The form is gone: keep the focus in the card, on the confirmation. */
    if (document.activeElement === document.body || !document.activeElement) $('consent-signed').focus();
  }

  async function onConsentPublish(ev) {
    ev.preventDefault();
    if (!canPublishConsent()) return;
    const form = $('consent-publish-form');
    const errEl = $('consent-publish-error');
    const text = $('consent-new-body').value;
    if (!text.trim()) return localError(form, errEl, 'body', 'Write the text of the consent form.');
    const r = await send(form, errEl, null, 'POST', '/api/consents', { body: text }, null);
    if (!r) return;
    $('consent-new-body').value = '';
    $('consent-publish-box').open = false;
    rec.consent = r.data;
    rec.consentStatus = null;
    renderConsent();
    loadConsent();
    show($('consent-signed'), true);
    setText($('consent-signed'), 'Published version ' + num(r.data.version) + '. Every client must sign it again.');
  }

  /* ---- injuries and cases ------------------------------------------------- */

  async function loadInjuries() {
    const seq = rec.seq;
    clearError($('injuries-error'), null);
    const r = await api('GET', clientPath('/injuries'));
    if (seq !== rec.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError($('injuries-error'), null, r.error, null);
      return;
    }
    rec.injuries = r.data && Array.isArray(r.data.injuries) ? r.data.injuries : [];
    renderInjuries();
  }

  function renderInjuries() {
    const list = $('injuries');
    list.replaceChildren(...rec.injuries.map(injuryItem));
    emptyList(list, $('injuries-empty'), rec.injuries.length);
    const sel = $('case-injury');
    options(sel, rec.injuries.map((i) => [String(i.id), injuryLabel(i) + ' (' + wordLabel(i.status) + ')']));
    show($('case-form'), rec.injuries.length > 0);
  }

  function injuryItem(i) {
    const li = el('li', 'record');
    li.dataset.id = String(i.id);
    const head = el('div', 'record-head');
    head.append(el('strong', null, injuryLabel(i)), ' ', badge(wordLabel(i.status), STATUS_BADGES[i.status] || 'kind'));
    li.appendChild(head);
    const bits = [];
    if (i.onset_on) bits.push('onset ' + i.onset_on);
    if (i.surgery) bits.push('surgery: ' + i.surgery + (i.surgery_on ? ' (' + i.surgery_on + ')' : ''));
    bits.push(i.recurrences === 1 ? '1 recurrence' : num(i.recurrences || 0) + ' recurrences');
    bits.push('recorded ' + formatTime(i.created_at));
    li.appendChild(el('p', 'record-meta', bits.join(' · ')));
    const rs = Array.isArray(i.restrictions) ? i.restrictions : [];
    li.appendChild(el('p', null, rs.length ? 'Restrictions: ' + rs.map(restrictionLabel).join('; ') : 'No restrictions.'));
    if (i.notes) li.appendChild(el('p', 'record-notes', i.notes));

    if (staff()) {
      const btn = el('button', 'secondary small', 'Change status or restrictions');
      btn.type = 'button';
      btn.dataset.edit = String(i.id);
      btn.setAttribute('aria-expanded', 'false');
      btn.setAttribute('aria-controls', 'inj-edit-' + i.id);
      li.appendChild(btn);
      li.appendChild(injuryEditForm(i));
    }
    return li;
  }

  function injuryEditForm(i) {
    const form = el('form', 'record-edit');
    form.id = 'inj-edit-' + i.id;
    form.dataset.id = String(i.id);
    form.noValidate = true;
    form.hidden = true;

    const f1 = el('div', 'field field-narrow');
    const l1 = el('label', null, 'Status');
    const s1 = el('select');
    s1.id = 'inj-edit-status-' + i.id;
    s1.dataset.field = 'status';
    options(s1, [['active', 'Active'], ['recurrent', 'Recurrent'], ['resolved', 'Resolved']]);
    s1.value = i.status;
    l1.htmlFor = s1.id;
    f1.append(l1, s1);

    const fs = el('fieldset', 'group');
    fs.dataset.field = 'restrictions';
    fs.appendChild(el('legend', null, 'Restrictions'));
    const box = el('div', 'checks');
    box.id = 'inj-edit-r-' + i.id;
    checkboxes(box, box.id, RESTRICTIONS);
    setChecked(box, i.restrictions);
    fs.appendChild(box);

    const f2 = el('div', 'field');
    const l2 = el('label', null, 'Notes');
    const t2 = el('textarea');
    t2.id = 'inj-edit-notes-' + i.id;
    t2.dataset.field = 'notes';
    t2.rows = 2;
    t2.maxLength = 4000;
    t2.value = i.notes || '';
    l2.htmlFor = t2.id;
    f2.append(l2, t2);

    const err = el('p', 'error');
    err.id = 'inj-edit-error-' + i.id;
    err.setAttribute('role', 'alert');
    err.hidden = true;
    const refusal = el('div', 'scope-result scope-refused');
    refusal.id = 'inj-edit-refusal-' + i.id;
    refusal.setAttribute('role', 'status');
    refusal.hidden = true;
    const actions = el('div', 'actions');
    const save = el('button', 'small', 'Save changes');
    save.type = 'submit';
    const cancel = el('button', 'secondary small', 'Cancel');
    cancel.type = 'button';
    cancel.dataset.cancel = String(i.id);
    actions.append(save, cancel);
    form.append(f1, fs, f2, err, refusal, actions);
    return form;
  }

  function onInjuriesClick(ev) {
    const edit = ev.target.closest('button[data-edit]');
    if (edit && $('injuries').contains(edit)) {
      const form = $('inj-edit-' + edit.dataset.edit);
      if (!form) return;
      const open = form.hidden;
      show(form, open);
      edit.setAttribute('aria-expanded', String(open));
      if (open) $('inj-edit-status-' + edit.dataset.edit).focus();
      return;
    }
    const cancel = ev.target.closest('button[data-cancel]');
    if (cancel && $('injuries').contains(cancel)) {
      const id = cancel.dataset.cancel;
      show($('inj-edit-' + id), false);
      const btn = $('injuries').querySelector('button[data-edit="' + escapeAttr(id) + '"]');
      if (btn) {
        btn.setAttribute('aria-expanded', 'false');
        btn.focus();
      }
    }
  }

  async function onInjuryEdit(ev) {
    const form = ev.target.closest('form.record-edit');
    if (!form || !$('injuries').contains(form)) return;
    ev.preventDefault();
    const id = form.dataset.id;
    if (!/^[0-9]+$/.test(id)) return;
    const restrictions = checked($('inj-edit-r-' + id));
    const notes = $('inj-edit-notes-' + id).value.trim();
    const body = { status: $('inj-edit-status-' + id).value, restrictions, notes: notes || null };
    const r = await send(form, $('inj-edit-error-' + id), $('inj-edit-refusal-' + id), 'PATCH',
      '/api/injuries/' + id, body, { restrictions }, 'Change an injury');
    if (!r) return;
    const at = rec.injuries.findIndex((x) => String(x.id) === id);
    if (at >= 0) rec.injuries[at] = r.data;
    renderInjuries();
    const btn = $('injuries').querySelector('button[data-edit="' + escapeAttr(id) + '"]');
    if (btn) btn.focus();
    flash($('injury-ok'), 'Injury updated: ' + injuryLabel(r.data) + ' is ' + wordLabel(r.data.status).toLowerCase() + '.');
  }

  function flash(elm, text) {
    setText(elm, text);
    show(elm, true);
  }

  async function onInjuryAdd(ev) {
    ev.preventDefault();
    if (!rec.client) return;
    const form = $('injury-form');
    const errEl = $('injury-error');
    show($('injury-ok'), false);
    resetForm(form, errEl, $('injury-refusal'));
    const body = {
      region: $('inj-region').value,
      side: $('inj-side').value,
      kind: $('inj-kind').value,
      status: $('inj-status').value,
    };
    for (const [key, id] of [['onset_on', 'inj-onset'], ['surgery_on', 'inj-surgery-on']]) {
      const input = $(id);
      if (input.validity && input.validity.badInput) return localError(form, errEl, key, 'Enter a complete date, or leave it empty.');
      if (input.value) body[key] = input.value;
    }
    const rec_ = numberOf($('inj-recurrences'));
    if (rec_.bad || (rec_.value !== undefined && !Number.isInteger(rec_.value))) {
      return localError(form, errEl, 'recurrences', 'Enter a whole number of recurrences.');
    }
    if (rec_.value !== undefined) body.recurrences = rec_.value;
    const surgery = textOf($('inj-surgery'));
    if (surgery) body.surgery = surgery;
    const restrictions = checked($('inj-restrictions'));
    body.restrictions = restrictions;
    const notes = textOf($('inj-notes'));
    if (notes) body.notes = notes;

    const r = await send(form, errEl, $('injury-refusal'), 'POST', clientPath('/injuries'), body,
      { restrictions }, 'Record an injury');
    if (!r) return;
    form.reset();
    flash($('injury-ok'), 'Added: ' + injuryLabel(r.data) + '.');
    rec.injuries.push(r.data);
    renderInjuries();
  }

  async function ensureProtocols() {
    if (rec.protocols) return rec.protocols;
    const r = await api('GET', '/api/protocols');
    if (r.error) return null;
    const list = r.data && Array.isArray(r.data.protocols) ? r.data.protocols : [];
    rec.protocols = new Map(list.map((p) => [p.id, p.name || p.id]));
    return rec.protocols;
  }

  async function loadCases() {
    const seq = rec.seq;
    clearError($('cases-error'), null);
    const [r, protocols] = await Promise.all([api('GET', clientPath('/cases')), ensureProtocols()]);
    if (seq !== rec.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (protocols && $('case-protocol').options.length === 0) {
      options($('case-protocol'), [...protocols].map(([id, name]) => [id, name]));
    }
    if (r.error) {
      R.showError($('cases-error'), null, r.error, null);
      return;
    }
    const cases = r.data && Array.isArray(r.data.cases) ? r.data.cases : [];
    renderCases(cases);
  }

  function protocolName(id) {
    return (rec.protocols && rec.protocols.get(id)) || id;
  }

  function renderCases(cases) {
    const list = $('cases');
    list.replaceChildren(...cases.map((c) => {
      const li = el('li', 'record');
      const head = el('div', 'record-head');
      head.append(el('strong', null, protocolName(c.protocol_id)), ' ', badge(wordLabel(c.status), 'kind'));
      li.appendChild(head);
      const inj = rec.injuries.find((i) => i.id === c.injury_id);
      li.appendChild(el('p', 'record-meta', 'Phase: ' + wordLabel(c.phase_id) + ' · injury: ' +
        (inj ? injuryLabel(inj) : '#' + c.injury_id) + ' · opened ' + formatTime(c.opened_at)));
      return li;
    }));
    emptyList(list, $('cases-empty'), cases.length);
  }

  async function onCaseOpen(ev) {
    ev.preventDefault();
    if (!rec.client) return;
    const form = $('case-form');
    const out = $('case-result');
    const injury = Number($('case-injury').value);
    const protocol = $('case-protocol').value;
    if (!injury) return localError(form, $('case-error'), 'injury_id', 'Choose the injury the case is for.');
    if (!protocol) return localError(form, $('case-error'), 'protocol', 'Choose a protocol.');
    const r = await send(form, $('case-error'), out, 'POST', clientPath('/cases'),
      { injury_id: injury, protocol }, null, 'Open an injury case');
    if (!r) return;
    const c = r.data || {};
    out.className = 'scope-result scope-allowed';
    const head = el('p', 'scope-verdict');
    head.append(badge('Opened', 'status-current'), ' ', el('strong', null, protocolName(c.protocol_id)));
    out.replaceChildren(head, el('p', null, 'The case starts in the phase “' + wordLabel(c.phase_id) + '”.'));
    show(out, true);
    loadCases();
    /* assess.js shows the new case's phase gate. */
    document.dispatchEvent(new CustomEvent('rebound:case-opened', { detail: c }));
  }

  /* ---- clearances ------------------------------------------------------------ */

  async function loadClearances() {
    const seq = rec.seq;
    clearError($('clearances-error'), null);
    const r = await api('GET', clientPath('/clearances'));
    if (seq !== rec.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError($('clearances-error'), null, r.error, null);
      return;
    }
    const list = r.data && Array.isArray(r.data.clearances) ? r.data.clearances : [];
    const today = todayIso();
    $('clearances').replaceChildren(...list.map((c) => {
      const li = el('li', 'record');
      const head = el('div', 'record-head');
      const expired = c.expires_on && c.expires_on < today;
      head.append(el('strong', null, c.provider || '—'), ' ',
        el('span', 'muted', CLEARANCE_KINDS[c.provider_credential] || wordLabel(c.provider_credential)), ' ',
        badge(expired ? 'Expired' : 'In date', expired ? 'status-expired' : 'status-current'));
      li.appendChild(head);
      li.appendChild(el('p', 'record-meta', 'Cleared ' + (c.cleared_on || '—') + ' · valid until ' + (c.expires_on || '—')));
      const rs = Array.isArray(c.restrictions) ? c.restrictions : [];
      li.appendChild(el('p', null, rs.length ? 'Restrictions: ' + rs.map(restrictionLabel).join('; ') : 'No restrictions.'));
      return li;
    }));
    emptyList($('clearances'), $('clearances-empty'), list.length);
  }

  /* No expiry stated: default to 12 months after the clearance [PARQ-form]. */
  function onClearedChange() {
    const cleared = $('cl-cleared').value;
    const exp = $('cl-expires');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(cleared) || exp.value) return;
    const y = Number(cleared.slice(0, 4)) + 1;
    let day = cleared.slice(5);
    if (day === '02-29') day = '02-28';
    exp.value = y + '-' + day;
  }

  async function onClearanceAdd(ev) {
    ev.preventDefault();
    if (!rec.client) return;
    const form = $('clearance-form');
    const errEl = $('clearance-error');
    show($('clearance-ok'), false);
    resetForm(form, errEl, $('clearance-refusal'));
    const provider = textOf($('cl-provider'));
    if (!provider) return localError(form, errEl, 'provider', 'Enter the provider who gave the clearance.');
    const body = { provider, provider_credential: $('cl-credential').value };
    for (const [key, id, msg] of [['cleared_on', 'cl-cleared', 'Enter the date of the clearance.'],
      ['expires_on', 'cl-expires', 'Enter the date the clearance ends.']]) {
      const input = $(id);
      if ((input.validity && input.validity.badInput) || !input.value) return localError(form, errEl, key, msg);
      body[key] = input.value;
    }
    const restrictions = checked($('cl-restrictions'));
    body.restrictions = restrictions;
    const r = await send(form, errEl, $('clearance-refusal'), 'POST', clientPath('/clearances'), body,
      { restrictions }, 'Record a clearance');
    if (!r) return;
    form.reset();
    flash($('clearance-ok'), 'Recorded the clearance by ' + (r.data.provider || provider) + '.');
    loadClearances();
  }

  /* ---- screenings ------------------------------------------------------------ */

  function buildScreenForm() {
    const parq = $('sc-parq');
    checkboxes(parq, 'sc-parq', PARQ.map(([g, text], n) => [g, (n + 1) + '. ' + text]));
    for (const i of parq.querySelectorAll('input')) i.dataset.field = 'parq.' + i.value;

    const box = $('sc-followups');
    box.replaceChildren(...FOLLOWUPS.map(([cat, gate, subs]) => {
      const fs = el('fieldset', 'followup');
      fs.dataset.field = 'parq.followups.' + cat;
      fs.appendChild(el('legend', 'visually-hidden', gate));
      const g = el('div', 'check');
      const gi = el('input');
      gi.type = 'checkbox';
      gi.id = 'sc-fu-' + cat;
      gi.dataset.field = 'parq.followups.' + cat + '.has_condition';
      gi.dataset.gate = cat;
      gi.setAttribute('aria-controls', 'sc-fu-' + cat + '-subs');
      const gl = el('label', null, gate);
      gl.htmlFor = gi.id;
      g.append(gi, gl);
      const sub = el('div', 'checks followup-subs');
      sub.id = 'sc-fu-' + cat + '-subs';
      sub.hidden = true;
      checkboxes(sub, 'sc-fu-' + cat, subs);
      for (const i of sub.querySelectorAll('input')) {
        i.dataset.field = 'parq.followups.' + cat + '.' + i.value;
        i.dataset.sub = cat;
      }
      fs.append(g, sub);
      return fs;
    }));

    checkboxes($('sc-disease'), 'sc-disease', DISEASES);
    checkboxes($('sc-symptoms'), 'sc-symptoms', SYMPTOMS);

    const flags = $('sc-flags');
    flags.replaceChildren(...RED_FLAGS.map(([cluster, items], n) => {
      const fs = el('fieldset', 'group flag-group');
      fs.appendChild(el('legend', null, cluster));
      const b = el('div', 'checks');
      b.id = 'sc-flags-' + n;
      checkboxes(b, 'sc-flag', items);
      fs.appendChild(b);
      return fs;
    }));
  }

  function parqAnyYes() {
    return PARQ.some(([g]) => $('sc-parq-' + g).checked);
  }

  function onScreenChange(ev) {
    const t = ev.target;
    if (t.dataset && t.dataset.gate) {
      show($('sc-fu-' + t.dataset.gate + '-subs'), t.checked);
    }
    show($('sc-followups-box'), parqAnyYes());
  }

  function resetScreenForm() {
    $('screen-form').reset();
    for (const s of $('sc-followups').querySelectorAll('.followup-subs')) s.hidden = true;
    show($('sc-followups-box'), false);
    $('sc-age').value = rec.client ? ageFrom(rec.client.birth_date) : '';
  }

  function screenBody(form, errEl) {
    const age = numberOf($('sc-age'));
    if (age.bad || age.value === undefined || !Number.isInteger(age.value)) {
      return localError(form, errEl, 'age', 'Enter the client’s age in whole years.');
    }
    const parq = {};
    for (const [g] of PARQ) parq[g] = $('sc-parq-' + g).checked;
    parq.used_to_vigorous = $('sc-vigorous').checked;
    if (parqAnyYes()) {
      parq.followups = {};
      for (const [cat, , subs] of FOLLOWUPS) {
        const has = $('sc-fu-' + cat).checked;
        const answer = { has_condition: has };
        if (has) for (const [q] of subs) answer[q] = $('sc-fu-' + cat + '-' + safeId(q)).checked;
        parq.followups[cat] = answer;
      }
    }
    const known = checked($('sc-disease'));
    const symptoms = checked($('sc-symptoms'));
    const flags = checked($('sc-flags'));
    return {
      body: {
        age: age.value,
        pregnant: $('sc-pregnant').checked,
        temporary_illness: $('sc-illness').checked,
        parq,
        acsm: {
          regular_exercise: $('sc-regular').checked,
          known_disease: known,
          symptoms,
          desired_intensity: $('sc-intensity').value,
        },
        red_flags: flags,
      },
      sent: { 'acsm.known_disease': known, 'acsm.symptoms': symptoms, red_flags: flags },
    };
  }

  async function onScreenStore(ev) {
    ev.preventDefault();
    if (!rec.client) return;
    const form = $('screen-form');
    const errEl = $('screen-error');
    resetForm(form, errEl, $('screen-refusal'));
    const built = screenBody(form, errEl);
    if (!built) return;
    /* red_flags[n] errors name the n-th flag sent: find it in any cluster. */
    const r = await send(form, errEl, $('screen-refusal'), 'POST', clientPath('/screenings'), built.body,
      built.sent, 'Store a screening');
    if (!r) return;
    const out = $('screen-result');
    out.replaceChildren(...screeningView(r.data, true));
    show(out, true);
    out.focus();
    resetScreenForm();
    loadScreenings();
  }

  function outcomeBadge(outcome) {
    const o = OUTCOMES[outcome] || [wordLabel(outcome), 'kind'];
    return badge(o[0], o[1]);
  }

  /* A stored screening: outcome, urgency, ceiling, blocks and the reasons. */
  function screeningView(s, fresh) {
    const res = s.result && typeof s.result === 'object' ? s.result : {};
    const parts = [];
    const head = el('p', 'screen-outcome');
    head.append(fresh ? 'Outcome: ' : '', outcomeBadge(s.outcome || res.outcome));
    if (res.urgency && res.urgency !== 'none') head.append(' ', el('span', 'urgency', 'urgency: ' + wordLabel(res.urgency)));
    if (!fresh) head.append(' ', el('span', 'muted', formatTime(s.created_at)));
    parts.push(head);
    const facts = [];
    if (res.intensity_ceiling) facts.push('Intensity ceiling: ' + wordLabel(res.intensity_ceiling));
    const blocks = Array.isArray(res.blocks) ? res.blocks : [];
    facts.push(blocks.length ? 'Blocked: ' + blocks.map(blockLabel).join(', ') : 'Nothing blocked');
    parts.push(el('p', 'record-meta', facts.join(' · ')));
    const reasons = Array.isArray(res.reasons) ? res.reasons : [];
    if (reasons.length) {
      const ul = el('ul', 'reasons');
      for (const x of reasons) {
        const li = el('li', 'reason reason-' + (x.outcome || 'other'));
        li.append(outcomeBadge(x.outcome), ' ', el('span', null, x.message || ''));
        const src = el('span', 'scope-rule');
        src.append(' ', el('span', 'mono', x.rule || ''), x.source ? ' (source ' + x.source + ')' : '');
        li.appendChild(src);
        ul.appendChild(li);
      }
      if (fresh) {
        parts.push(el('h4', null, 'Reasons'), ul);
      } else {
        const d = el('details', 'reasons-box');
        d.append(el('summary', null, 'Reasons (' + reasons.length + ')'), ul);
        parts.push(d);
      }
    }
    return parts;
  }

  function blockLabel(b) {
    const m = /^region:(.*)$/.exec(b || '');
    return m ? 'loading the ' + wordLabel(m[1]).toLowerCase() : wordLabel(b).toLowerCase();
  }

  async function loadScreenings() {
    const seq = rec.seq;
    clearError($('screenings-error'), null);
    const r = await api('GET', clientPath('/screenings'));
    if (seq !== rec.seq) return;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError($('screenings-error'), null, r.error, null);
      return;
    }
    const list = (r.data && Array.isArray(r.data.screenings) ? r.data.screenings : []).slice();
    list.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id - a.id));
    $('screenings').replaceChildren(...list.map((s) => {
      const li = el('li', 'record');
      li.append(...screeningView(s, false));
      return li;
    }));
    emptyList($('screenings'), $('screenings-empty'), list.length);
  }

  /* ---- incident reports ------------------------------------------------------ */

  function reporterName(id) {
    const u = R.user();
    if (u && id === u.id) return 'you';
    if (rec.names && rec.names.has(id)) return rec.names.get(id);
    return id ? 'user #' + id : '—';
  }

  async function loadIncidents(notice) {
    const seq = rec.seq;
    const iseq = ++rec.incidentSeq;
    clearError($('incidents-error'), null);
    const [r, names] = await Promise.all([api('GET', '/api/incidents'), R.staffNames()]);
    if (seq !== rec.seq || iseq !== rec.incidentSeq) return;
    rec.names = names;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError($('incidents-error'), null, r.error, null);
      return;
    }
    const all = r.data && Array.isArray(r.data.incidents) ? r.data.incidents : [];
    const mine = all.filter((x) => rec.client && x.client_id === rec.client.id);
    /* Signed reports carry amendments: read each one. */
    const full = await Promise.all(mine.map(async (x) => {
      if (!x.signed) return x;
      const d = await api('GET', '/api/incidents/' + encodeURIComponent(x.id));
      return d.error ? x : d.data;
    }));
    if (seq !== rec.seq || iseq !== rec.incidentSeq) return;
    $('incidents').replaceChildren(...full.map(incidentItem));
    emptyList($('incidents'), $('incidents-empty'), full.length);
    if (notice) flash($('incidents-ok'), notice);
  }

  function incidentItem(x) {
    const li = el('li', 'record incident');
    li.dataset.id = String(x.id);
    const head = el('div', 'record-head');
    head.append(el('strong', null, 'Report #' + x.id + ': ' + (x.occurred_at || '').replace('T', ' ') +
      (x.location ? ', ' + x.location : '')), ' ',
    x.signed ? badge('Signed', 'status-current') : badge('Draft, not signed', 'status-soon'));
    li.appendChild(head);
    li.appendChild(R.detailRows(el('dl', 'details'), [
      ['What happened', x.description],
      ['Actions taken', x.actions_taken],
      ['Referred to', x.referral || '—'],
      ['Reported by', reporterName(x.reported_by) + ', ' + formatTime(x.created_at)],
      ['Signed', x.signed ? reporterName(x.signed_by) + ', ' + formatTime(x.signed_at) : 'Not yet'],
    ]));

    if (!x.signed) {
      const hint = el('p', 'muted', 'Signing makes the report final: afterwards it can only be added to with amendments.');
      hint.id = 'inc-sign-hint-' + x.id;
      const btn = el('button', 'small', 'Sign report #' + x.id);
      btn.type = 'button';
      btn.dataset.sign = String(x.id);
      btn.setAttribute('aria-describedby', hint.id);
      const err = el('p', 'error');
      err.id = 'inc-sign-error-' + x.id;
      err.setAttribute('role', 'alert');
      err.hidden = true;
      li.append(hint, btn, err);
      return li;
    }

    li.appendChild(el('h4', null, 'Amendments'));
    const ams = Array.isArray(x.amendments) ? x.amendments : [];
    if (ams.length === 0) {
      li.appendChild(el('p', 'muted', 'None.'));
    } else {
      const ol = el('ol', 'amendments');
      for (const a of ams) {
        const item = el('li');
        item.append(el('span', null, a.text || ''), ' ',
          el('span', 'muted', '(' + reporterName(a.added_by) + ', ' + formatTime(a.added_at) + ')'));
        ol.appendChild(item);
      }
      li.appendChild(ol);
    }
    const form = el('form', 'amend-form');
    form.dataset.id = String(x.id);
    form.noValidate = true;
    const field = el('div', 'field');
    const label = el('label', null, 'Add an amendment to report #' + x.id);
    const ta = el('textarea');
    ta.id = 'inc-amend-' + x.id;
    ta.dataset.field = 'text';
    ta.rows = 2;
    ta.maxLength = 10000;
    label.htmlFor = ta.id;
    field.append(label, ta);
    const err = el('p', 'error');
    err.id = 'inc-amend-error-' + x.id;
    err.setAttribute('role', 'alert');
    err.hidden = true;
    const btn = el('button', 'small', 'Add amendment');
    btn.type = 'submit';
    form.append(field, err, btn);
    li.appendChild(form);
    return li;
  }

  async function onIncidentsClick(ev) {
    const btn = ev.target.closest('button[data-sign]');
    if (!btn || !$('incidents').contains(btn)) return;
    const id = btn.dataset.sign;
    if (!/^[0-9]+$/.test(id)) return;
    const errEl = $('inc-sign-error-' + id);
    clearError(errEl, null);
    btn.disabled = true;
    const r = await api('POST', '/api/incidents/' + id + '/sign');
    btn.disabled = false;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      R.showError(errEl, null, r.error, null);
      return;
    }
    await loadIncidents('Report #' + id + ' is signed.');
    const ta = $('inc-amend-' + id);
    if (ta) ta.focus();
  }

  async function onAmend(ev) {
    const form = ev.target.closest('form.amend-form');
    if (!form || !$('incidents').contains(form)) return;
    ev.preventDefault();
    const id = form.dataset.id;
    if (!/^[0-9]+$/.test(id)) return;
    const errEl = $('inc-amend-error-' + id);
    const text = $('inc-amend-' + id).value.trim();
    if (!text) return localError(form, errEl, 'text', 'Write the amendment.');
    const r = await send(form, errEl, null, 'POST', '/api/incidents/' + id + '/amendments', { text }, null);
    if (!r) return;
    await loadIncidents('Amendment added to report #' + id + '.');
  }

  async function onIncidentAdd(ev) {
    ev.preventDefault();
    if (!rec.client) return;
    const form = $('incident-form');
    const errEl = $('incident-error');
    show($('incidents-ok'), false);
    resetForm(form, errEl, null);
    const when = $('inc-when');
    if ((when.validity && when.validity.badInput) || !when.value) {
      return localError(form, errEl, 'occurred_at', 'Enter when it happened.');
    }
    const body = { client_id: rec.client.id, occurred_at: when.value.slice(0, 19) };
    for (const [key, id, msg] of [['location', 'inc-where', 'Say where it happened.'],
      ['description', 'inc-what', 'Describe what happened.'],
      ['actions_taken', 'inc-actions', 'Say what was done.']]) {
      const v = textOf($(id));
      if (!v) return localError(form, errEl, key, msg);
      body[key] = v;
    }
    const referral = textOf($('inc-referral'));
    if (referral) body.referral = referral;
    const r = await send(form, errEl, null, 'POST', '/api/incidents', body, null);
    if (!r) return;
    form.reset();
    await loadIncidents('Report #' + r.data.id + ' saved as a draft. Sign it when it is complete.');
  }

  /* ---- open and close -------------------------------------------------------- */

  function open(c) {
    close();
    if (!c || c.id == null) return;
    rec.client = c;
    const isStaff = staff();
    show($('record'), true);
    for (const id of ['intake-card', 'injuries-card', 'clearances-card', 'screenings-card',
      'incidents-card', 'referral-card']) {
      show($(id), isStaff);
    }
    show($('consent-card'), true);
    $('consent-signer').value = fullName(c);
    loadConsent();
    if (!isStaff) return;

    fillIntake(c.intake);
    resetScreenForm();
    const base = clientPath('/referral?to=');
    $('referral-physician').href = base + 'physician';
    $('referral-pt').href = base + 'physical_therapist';
    loadInjuries().then(loadCases);
    loadClearances();
    loadScreenings();
    loadIncidents();
  }

  function close() {
    rec.seq++;
    rec.incidentSeq++;
    rec.client = null;
    rec.injuries = [];
    rec.consent = null;
    rec.consentStatus = null;
    show($('record'), false);
    for (const f of ['intake-form', 'consent-sign-form', 'consent-publish-form', 'injury-form', 'case-form',
      'clearance-form', 'screen-form', 'incident-form']) {
      const form = $(f);
      form.reset();
      clearFieldErrors(form);
    }
    for (const e of ['intake-error', 'consent-error', 'consent-sign-error', 'consent-publish-error',
      'injuries-error', 'cases-error', 'case-error', 'injury-error', 'clearances-error', 'clearance-error',
      'screenings-error', 'screen-error', 'incidents-error', 'incident-error']) {
      clearError($(e), null);
    }
    for (const e of ['intake-ok', 'consent-signed', 'consent-state', 'injury-ok', 'clearance-ok', 'incidents-ok',
      'injury-refusal', 'clearance-refusal', 'screen-refusal', 'case-result', 'screen-result']) {
      show($(e), false);
    }
    for (const e of ['injuries', 'cases', 'clearances', 'screenings', 'incidents']) $(e).replaceChildren();
  }

  function init() {
    checkboxes($('in-goal-codes'), 'in-goal', GOALS);
    checkboxes($('in-eq-items'), 'in-eq', R.vocab.equipment.map((w) => [w, wordLabel(w)]));
    checkboxes($('inj-restrictions'), 'inj-r', RESTRICTIONS);
    checkboxes($('cl-restrictions'), 'cl-r', RESTRICTIONS);
    options($('inj-region'), R.vocab.regions.map((w) => [w, wordLabel(w)]));
    buildScreenForm();
    $('in-eq-items').addEventListener('change', countEquipment);
    $('intake-form').addEventListener('submit', onIntakeSave);
    $('consent-sign-form').addEventListener('submit', onConsentSign);
    $('consent-publish-form').addEventListener('submit', onConsentPublish);
    $('injury-form').addEventListener('submit', onInjuryAdd);
    $('injuries').addEventListener('click', onInjuriesClick);
    $('injuries').addEventListener('submit', onInjuryEdit);
    $('case-form').addEventListener('submit', onCaseOpen);
    /* assess.js moved the case on or closed it. */
    document.addEventListener('rebound:case-changed', () => {
      if (rec.client && staff()) loadCases();
    });
    $('clearance-form').addEventListener('submit', onClearanceAdd);
    $('cl-cleared').addEventListener('change', onClearedChange);
    $('screen-form').addEventListener('change', onScreenChange);
    $('screen-form').addEventListener('submit', onScreenStore);
    $('incident-form').addEventListener('submit', onIncidentAdd);
    $('incidents').addEventListener('click', onIncidentsClick);
    $('incidents').addEventListener('submit', onAmend);
  }

  init();
  R.record = { open, close, protocolName };
  /* The form helpers, for assess.js: same field errors and refusals. */
  R.forms = { send, formError, markField, localError, resetForm, clearFieldErrors, renderRefusal, numberOf, textOf, options, safeId, todayIso };
})();
