"""API tests for intake, consent, injuries, clearances, screenings, cases and
the scope-of-practice gate (issue: intake and scope enforcement).

Registered into run_api_tests.py's ordered test list by register(), after
library_tests: by then `at` holds a verified boc_atc credential (current
CPR) and `cpt` only a nasm_cpt credential with a LAPSED CPR card.  The
matrix runs the lapsed-CPR column first, then records a current nasm_cpt
card for `cpt`.
"""
import datetime


def day(offset=0):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


# The `rebound screen` input (docs/screening.md) with one outcome each.
def screen_input(temporary_illness=False, red_flags=()):
    return {
        'age': 30, 'pregnant': False, 'temporary_illness': temporary_illness,
        'parq': {'g1': False, 'g2': False, 'g3': False, 'g4': False,
                 'g5': False, 'g6': False, 'g7': False},
        'acsm': {'regular_exercise': True, 'known_disease': [], 'symptoms': [],
                 'desired_intensity': 'moderate'},
        'red_flags': list(red_flags),
    }


CLEARED = screen_input()
PENDING = screen_input(temporary_illness=True)
REFER = screen_input(red_flags=['ces.saddle_anaesthesia'])

ACTIONS = ['program_healthy', 'program_cleared', 'open_case', 'rehab_program']
STATES = ['healthy', 'injury_active', 'injury_resolved', 'cleared',
          'red_flag', 'clearance_pending']

OK = None
MISSING = 'scope.clearance_missing'
CLIN = 'scope.needs_clinical_credential'
RED = 'scope.red_flag_open'
PEND = 'scope.clearance_pending'
INJ = 'scope.injury_needs_clearance'
CPR = 'scope.cpr_lapsed'

# practitioner -> state -> the expected first refusal per action (OK: 200),
# in ACTIONS order.
MATRIX = {
    'atc': {
        'healthy':           [OK, MISSING, OK, OK],
        'injury_active':     [OK, MISSING, OK, OK],
        'injury_resolved':   [OK, MISSING, OK, OK],
        'cleared':           [OK, OK, OK, OK],
        'red_flag':          [RED, RED, OK, RED],
        'clearance_pending': [PEND, PEND, OK, PEND],
    },
    'cpt_lapsed': {
        'healthy':           [CPR, CPR, CLIN, CLIN],
        'injury_active':     [CPR, CPR, CLIN, CLIN],
        'injury_resolved':   [CPR, CPR, CLIN, CLIN],
        'cleared':           [CPR, CPR, CLIN, CLIN],
        'red_flag':          [CPR, CPR, CLIN, CLIN],
        'clearance_pending': [CPR, CPR, CLIN, CLIN],
    },
    'cpt': {
        'healthy':           [OK, MISSING, CLIN, CLIN],
        'injury_active':     [INJ, MISSING, CLIN, CLIN],
        'injury_resolved':   [OK, MISSING, CLIN, CLIN],
        'cleared':           [OK, OK, CLIN, CLIN],
        'red_flag':          [RED, RED, CLIN, CLIN],
        'clearance_pending': [PEND, PEND, CLIN, CLIN],
    },
}


def register(h):
    test, check, eq = h.test, h.check, h.eq
    expect_status, expect_error = h.expect_status, h.expect_error
    OWNER, BOSS, MAYA, AT, CPT = h.OWNER, h.BOSS, h.MAYA, h.AT, h.CPT
    BOSS_PASSWORD = h.BOSS_PASSWORD
    ids = {}

    def put(A, path, body, token):
        return A.call('PUT', path, body=body, token=token)

    def new_client(S, A, first, last='Intake'):
        r = A.post('/api/clients', {'first_name': first, 'last_name': last},
                   S.tok(OWNER))
        expect_status(r, 201)
        return r.json['id']

    def current_version(S, A):
        r = A.get('/api/consents/current', S.tok(AT))
        expect_status(r, 200)
        return r.json['version']

    def sign(S, A, cid, token=None, version=None):
        r = A.post('/api/clients/%d/consent' % cid,
                   {'version': version or current_version(S, A),
                    'signer_name': 'Signer %d' % cid},
                   token or S.tok(AT))
        expect_status(r, 201)
        return r

    def scope(S, A, cid, action, email=AT):
        return A.post('/api/clients/%d/scope-check' % cid,
                      {'action': action}, S.tok(email))

    def expect_refusal(r, rule):
        err = expect_error(r, 403, 'out_of_scope', None)
        eq(err.get('rule'), rule, 'error.rule')
        check(isinstance(err.get('unblock'), str) and err['unblock'],
              'error.unblock missing: %r' % err)
        eq(sorted(err), ['code', 'field', 'message', 'rule', 'unblock'],
           'out_of_scope error keys')
        return err

    def injury(S, A, cid, email=AT, **kw):
        body = {'region': 'ankle_foot', 'side': 'left', 'kind': 'sprain',
                'onset_on': day(-20)}
        body.update(kw)
        return A.post('/api/clients/%d/injuries' % cid, body, S.tok(email))

    def clearance(S, A, cid, **kw):
        body = {'provider': 'Dr A. Okafor', 'provider_credential': 'physician',
                'cleared_on': day(-5), 'expires_on': day(90),
                'restrictions': ['no_running']}
        body.update(kw)
        return A.post('/api/clients/%d/clearances' % cid, body, S.tok(AT))

    @test('compliance report: clearances ending within 60 days are alerts')
    def t_clearance_alerts(S, A):
        soon = new_client(S, A, 'Soon', 'Expiring')
        later = new_client(S, A, 'Later', 'Expiring')
        expect_status(clearance(S, A, soon, expires_on=day(30)), 201)
        expect_status(clearance(S, A, later, expires_on=day(200)), 201)
        r = A.get('/api/compliance', S.tok(OWNER))
        expect_status(r, 200)
        alerts = {a['client_id']: a for a in r.json['clearances']}
        check(soon in alerts, 'no alert for a clearance ending in 30 days: %r'
              % r.json['clearances'])
        eq(alerts[soon]['days_left'], 30, 'days left')
        check(later not in alerts, 'alert for a clearance ending in 200 days')
        # A newer clearance for the same client replaces the old one.
        expect_status(clearance(S, A, soon, expires_on=day(300)), 201)
        r = A.get('/api/compliance', S.tok(OWNER))
        check(soon not in {a['client_id'] for a in r.json['clearances']},
              'a renewed clearance still alerts')

    # ---- consent ---------------------------------------------------------

    @test('consent: owners publish versions; programming waits for the '
          'current signature')
    def t_consent(S, A):
        expect_error(A.get('/api/consents/current', S.tok(OWNER)), 404,
                     'no_consent')
        cid = new_client(S, A, 'Consent')
        ids['consent'] = cid
        # No consent form yet: consent is not required.
        expect_status(scope(S, A, cid, 'program_healthy'), 200)
        expect_error(A.post('/api/consents', {'body': 'x'}, S.tok(AT)), 403,
                     'forbidden')
        expect_error(A.post('/api/consents', {'body': ''}, S.tok(OWNER)), 400,
                     'out_of_range', 'body')
        r = A.post('/api/consents', {'body': 'I agree to exercise (v1).'},
                   S.tok(OWNER))
        expect_status(r, 201)
        eq(r.json['version'], 1, 'first version')
        S.audit_for(r, 'consent.create')
        r = A.get('/api/consents/current', S.tok(MAYA))
        expect_status(r, 200)
        eq(r.json['body'], 'I agree to exercise (v1).', 'current body')
        expect_refusal(scope(S, A, cid, 'program_healthy'),
                       'scope.consent_missing')
        r = A.post('/api/clients/%d/consent' % cid,
                   {'version': 2, 'signer_name': 'C. Client'}, S.tok(AT))
        expect_error(r, 409, 'consent_outdated', 'version')
        expect_error(A.post('/api/clients/%d/consent' % cid,
                            {'version': 1}, S.tok(AT)), 400, 'missing_field',
                     'signer_name')
        r = sign(S, A, cid, version=1)
        S.audit_for(r, 'consent.sign')
        r = scope(S, A, cid, 'program_healthy')
        expect_status(r, 200)
        eq(r.json['allowed'], True, 'allowed')
        eq(r.json['clearance'], None, 'no clearance')
        e = S.audit_for(r, 'scope.check')
        check('program_healthy' in e['detail'] and 'allowed' in e['detail'],
              'scope.check detail %r' % e['detail'])
        # A new version must be signed again; only the current one may be.
        r = A.post('/api/consents', {'body': 'I agree (v2).'}, S.tok(OWNER))
        expect_status(r, 201)
        eq(r.json['version'], 2, 'second version')
        r = scope(S, A, cid, 'program_healthy')
        expect_refusal(r, 'scope.consent_missing')
        e = S.audit_for(r, 'scope.check')
        check('scope.consent_missing' in e['detail'],
              'refusal audited: %r' % e['detail'])
        expect_error(A.post('/api/clients/%d/consent' % cid,
                            {'version': 1, 'signer_name': 'C'}, S.tok(AT)),
                     409, 'consent_outdated', 'version')
        sign(S, A, cid, version=2)
        expect_status(scope(S, A, cid, 'program_healthy'), 200)
        # A client signs their own consent through the portal, nobody
        # else's.
        maya = S.client_id('Maya')
        r = sign(S, A, maya, token=S.tok(MAYA), version=2)
        eq(r.json['signed_by_user'], S.uid(MAYA), 'signed_by_user')
        expect_error(A.post('/api/clients/%d/consent' % cid,
                            {'version': 2, 'signer_name': 'Maya'},
                            S.tok(MAYA)), 404, 'not_found')
        # Clients do not ask the scope gate.
        expect_error(scope(S, A, maya, 'program_healthy', MAYA), 403,
                     'forbidden')

    # ---- intake ----------------------------------------------------------

    GOOD_INTAKE = {
        'height_cm': 172, 'weight_kg': 68.5, 'occupation': 'accountant',
        'sitting_hours_per_day': 8, 'activity_history': 'ran in college',
        'goals': {'codes': ['return_to_sport', 'run_distance'],
                  'text': 'back to five-a-side', 'sport': 'football',
                  'distance_km': 10},
        'availability_days': 3, 'availability_minutes': 45,
        'equipment': {'access': 'both', 'items': ['band', 'dumbbell']},
        'experience': 'intermediate',
    }

    @test('PUT /api/clients/{id}/intake stores a checked profile; GET shows '
          'it')
    def t_intake(S, A):
        cid = new_client(S, A, 'Intake')
        ids['intake'] = cid
        r = put(A, '/api/clients/%d/intake' % cid, GOOD_INTAKE, S.tok(AT))
        expect_status(r, 200)
        S.audit_for(r, 'client.intake')
        r = A.get('/api/clients/%d' % cid, S.tok(AT))
        expect_status(r, 200)
        got = r.json['intake']
        for k, v in GOOD_INTAKE.items():
            eq(got[k], v, 'intake.' + k)
        check(got['updated_at'], 'intake.updated_at')
        # Minimal: goals and experience are required, the rest may be null.
        r = put(A, '/api/clients/%d/intake' % cid,
                {'goals': {'codes': ['strength']}, 'experience': 'novice',
                 'height_cm': None}, S.tok(AT))
        expect_status(r, 200)
        eq(r.json['height_cm'], None, 'height cleared')
        eq(r.json['equipment'], None, 'equipment cleared')
        expect_error(put(A, '/api/clients/%d/intake' % cid, GOOD_INTAKE,
                         S.tok(MAYA)), 403, 'forbidden')
        expect_error(put(A, '/api/clients/%d/intake' % cid, GOOD_INTAKE,
                         S.tok(BOSS, BOSS_PASSWORD)), 404, 'not_found')

    @test('intake validation: 400 naming the field')
    def t_intake_invalid(S, A):
        cid = ids['intake']
        tok = S.tok(AT)

        def bad(change, code, field, drop=()):
            body = dict(GOOD_INTAKE)
            body.update(change)
            for k in drop:
                body.pop(k)
            expect_error(put(A, '/api/clients/%d/intake' % cid, body, tok),
                         400, code, field)

        cases = [
            ({'height_cm': 20}, 'out_of_range', 'height_cm', ()),
            ({'weight_kg': 'heavy'}, 'wrong_type', 'weight_kg', ()),
            ({'sitting_hours_per_day': 30}, 'out_of_range',
             'sitting_hours_per_day', ()),
            ({'availability_days': 8}, 'out_of_range', 'availability_days',
             ()),
            ({'experience': 'guru'}, 'out_of_range', 'experience', ()),
            ({}, 'missing_field', 'experience', ('experience',)),
            ({}, 'missing_field', 'goals', ('goals',)),
            ({'shoe_size': 9}, 'unknown_field', 'shoe_size', ()),
            ({'goals': {'codes': ['flying']}}, 'out_of_range',
             'goals.codes[0]', ()),
            ({'goals': {'codes': []}}, 'out_of_range', 'goals.codes', ()),
            ({'goals': {'codes': ['strength', 'strength']}},
             'duplicate_value', 'goals.codes[1]', ()),
            ({'goals': {'codes': ['return_to_sport']}}, 'out_of_range',
             'goals.sport', ()),
            ({'goals': {'codes': ['run_distance']}}, 'out_of_range',
             'goals.distance_km', ()),
            ({'goals': {'codes': ['strength'], 'colour': 'red'}},
             'unknown_field', 'goals.colour', ()),
            ({'equipment': {'access': 'garage'}}, 'out_of_range',
             'equipment.access', ()),
            ({'equipment': {'access': 'gym', 'items': ['hovercraft']}},
             'out_of_range', 'equipment.items[0]', ()),
        ]
        h.each(cases, lambda c: bad(c[0], c[1], c[2], c[3]))

    # ---- injuries, clearances, screenings --------------------------------

    @test('injuries: recorded by credentialed staff, validated, patched, '
          'listed; all audited')
    def t_injuries(S, A):
        cid = new_client(S, A, 'Injured')
        ids['injured'] = cid
        r = injury(S, A, cid, restrictions=['no_running', 'no_jumping'],
                   notes='rolled it on a kerb')
        expect_status(r, 201)
        inj = r.json
        eq(inj['status'], 'active', 'default status')
        eq(inj['restrictions'], ['no_running', 'no_jumping'], 'restrictions')
        S.audit_for(r, 'injury.create')
        # Owner holds no credential; the CPT's CPR card has lapsed.
        expect_refusal(injury(S, A, cid, email=OWNER),
                       'scope.needs_credential')
        expect_refusal(injury(S, A, cid, email=CPT), 'scope.cpr_lapsed')
        expect_error(injury(S, A, cid, region='spleen'), 400, 'out_of_range',
                     'region')
        expect_error(injury(S, A, cid, side='middle'), 400, 'out_of_range',
                     'side')
        expect_error(injury(S, A, cid, kind='post_operative'), 400,
                     'missing_field', 'surgery')
        expect_status(injury(S, A, cid, kind='post_operative',
                             surgery='ACL reconstruction',
                             surgery_on=day(-10), status='resolved'), 201)
        expect_error(injury(S, A, cid, restrictions=['no_fun']), 400,
                     'out_of_range', 'restrictions[0]')
        expect_error(injury(S, A, cid, onset_on=day(5)), 400,
                     'out_of_range', 'onset_on')
        r = A.patch('/api/injuries/%d' % inj['id'],
                    {'status': 'resolved', 'restrictions': []}, S.tok(AT))
        expect_status(r, 200)
        eq(r.json['status'], 'resolved', 'patched status')
        eq(r.json['restrictions'], [], 'patched restrictions')
        S.audit_for(r, 'injury.update')
        r = A.patch('/api/injuries/%d' % inj['id'], {'status': 'recurrent'},
                    S.tok(AT))
        expect_status(r, 200)
        eq(r.json['recurrences'], 1, 'a recurrence is counted')
        expect_error(A.patch('/api/injuries/%d' % inj['id'], {'kind': 'x'},
                             S.tok(AT)), 400, 'unknown_field', 'kind')
        expect_error(A.patch('/api/injuries/%d' % inj['id'],
                             {'status': 'healed'}, S.tok(AT)), 400,
                     'out_of_range', 'status')
        r = A.get('/api/clients/%d/injuries' % cid, S.tok(AT))
        expect_status(r, 200)
        eq(len(r.json['injuries']), 2, 'injuries listed')
        S.audit_for(r, 'injury.list')
        ids['injury'] = inj['id']

    @test('clearances: clinical providers only, dates checked, audited')
    def t_clearances(S, A):
        cid = ids['injured']
        expect_error(clearance(S, A, cid, provider_credential='nasm_cpt'),
                     400, 'out_of_range', 'provider_credential')
        expect_error(clearance(S, A, cid, expires_on=day(-30)), 400,
                     'out_of_range', 'expires_on')
        expect_error(clearance(S, A, cid, cleared_on=day(3)), 400,
                     'out_of_range', 'cleared_on')
        expect_error(clearance(S, A, cid, restrictions=['no_fun']), 400,
                     'out_of_range', 'restrictions[0]')
        expect_error(clearance(S, A, cid, provider=''), 400, 'out_of_range',
                     'provider')
        r = clearance(S, A, cid)
        expect_status(r, 201)
        eq(r.json['provider_credential'], 'physician', 'credential')
        eq(r.json['restrictions'], ['no_running'], 'restrictions')
        S.audit_for(r, 'clearance.create')
        r = A.get('/api/clients/%d/clearances' % cid, S.tok(AT))
        expect_status(r, 200)
        eq(len(r.json['clearances']), 1, 'clearances listed')
        S.audit_for(r, 'clearance.list')

    @test('screenings: the screen runs server-side; input and result stored')
    def t_screenings(S, A):
        cid = new_client(S, A, 'Screened')
        r = A.post('/api/clients/%d/screenings' % cid, REFER, S.tok(AT))
        expect_status(r, 201)
        eq(r.json['outcome'], 'refer', 'outcome')
        eq(r.json['result']['outcome'], 'refer', 'result.outcome')
        eq(r.json['result']['urgency'], 'emergency', 'result.urgency')
        eq(r.json['answers'], REFER, 'answers stored')
        S.audit_for(r, 'screening.create')
        bad = dict(REFER, age=200)
        expect_error(A.post('/api/clients/%d/screenings' % cid, bad,
                            S.tok(AT)), 400, 'out_of_range', 'age')
        bad = dict(REFER, red_flags=['not.a.flag'])
        r = A.post('/api/clients/%d/screenings' % cid, bad, S.tok(AT))
        expect_status(r, 400)
        eq(r.json['error']['field'], 'red_flags[0]', 'error.field')
        bad = dict(REFER)
        bad.pop('pregnant')
        expect_error(A.post('/api/clients/%d/screenings' % cid, bad,
                            S.tok(AT)), 400, 'missing_field', 'pregnant')
        expect_refusal(A.post('/api/clients/%d/screenings' % cid, CLEARED,
                              S.tok(OWNER)), 'scope.needs_credential')
        r = A.get('/api/clients/%d/screenings' % cid, S.tok(AT))
        expect_status(r, 200)
        eq([s['outcome'] for s in r.json['screenings']], ['refer'],
           'screenings listed')
        S.audit_for(r, 'screening.list')
        # The client reads their own history; nobody else's.
        maya = S.client_id('Maya')
        expect_status(A.get('/api/clients/%d/screenings' % maya,
                            S.tok(MAYA)), 200)
        expect_error(A.get('/api/clients/%d/screenings' % cid, S.tok(MAYA)),
                     404, 'not_found')

    # ---- the scope matrix ------------------------------------------------

    def make_state(S, A, state):
        cid = new_client(S, A, 'Matrix', state)
        sign(S, A, cid)
        if state == 'injury_active':
            expect_status(injury(S, A, cid), 201)
        elif state == 'injury_resolved':
            expect_status(injury(S, A, cid, status='resolved'), 201)
        elif state == 'cleared':
            expect_status(injury(S, A, cid, restrictions=['no_jumping']), 201)
            expect_status(clearance(S, A, cid), 201)
        elif state == 'red_flag':
            expect_status(A.post('/api/clients/%d/screenings' % cid, REFER,
                                 S.tok(AT)), 201)
        elif state == 'clearance_pending':
            expect_status(A.post('/api/clients/%d/screenings' % cid, PENDING,
                                 S.tok(AT)), 201)
        return cid

    def run_matrix(S, A, who, email):
        cells = [(st, i) for st in STATES for i in range(len(ACTIONS))]

        def cell(c):
            st, i = c
            r = scope(S, A, ids['matrix'][st], ACTIONS[i], email)
            want = MATRIX[who][st][i]
            if want is OK:
                expect_status(r, 200)
                eq(r.json['allowed'], True, 'allowed')
                eq(r.json['action'], ACTIONS[i], 'action')
            else:
                expect_refusal(r, want)
        h.each(cells, cell)

    @test('scope matrix: 6 client states x 4 actions for the ATC (verified '
          'boc_atc)')
    def t_matrix_atc(S, A):
        ids['matrix'] = {st: make_state(S, A, st) for st in STATES}
        run_matrix(S, A, 'atc', AT)
        # Under a clearance, its restrictions and the injuries' come back.
        r = scope(S, A, ids['matrix']['cleared'], 'program_cleared')
        expect_status(r, 200)
        eq(sorted(r.json['restrictions']), ['no_jumping', 'no_running'],
           'restrictions')
        eq(r.json['clearance']['provider_credential'], 'physician',
           'clearance')

    @test('scope matrix: the CPT with a lapsed CPR card (6 x 4)')
    def t_matrix_cpt_lapsed(S, A):
        run_matrix(S, A, 'cpt_lapsed', CPT)

    @test('scope matrix: the CPT with a current nasm_cpt and CPR card (6 x 4)')
    def t_matrix_cpt(S, A):
        cpt = S.user_id(CPT)
        body = {'kind': 'nasm_cpt', 'issuer': 'NASM', 'number': 'N-78',
                'issued_on': day(-30), 'expires_on': day(700),
                'cpr_expires_on': day(300)}
        r = A.post('/api/users/%d/credentials' % cpt, body, S.tok(OWNER))
        expect_status(r, 201)
        r = A.post('/api/credentials/%d/verify' % r.json['id'],
                   {'note': 'checked on the NASM register'}, S.tok(OWNER))
        expect_status(r, 200)
        eq(r.json['status'], 'current', 'the new card')
        run_matrix(S, A, 'cpt', CPT)

    @test('a clearance recorded after a screening closes its red flag and '
          'pending clearance')
    def t_clearance_closes(S, A):
        for st in ('red_flag', 'clearance_pending'):
            cid = ids['matrix'][st]
            expect_status(clearance(S, A, cid, restrictions=[]), 201)
            r = scope(S, A, cid, 'program_healthy', CPT)
            expect_status(r, 200)
            check(r.json['clearance'] is not None, 'clearance shown')
            # A new screening after the clearance opens the hold again.
            body = REFER if st == 'red_flag' else PENDING
            expect_status(A.post('/api/clients/%d/screenings' % cid, body,
                                 S.tok(AT)), 201)
            expect_refusal(scope(S, A, cid, 'program_healthy', CPT),
                           RED if st == 'red_flag' else PEND)

    @test('scope-check validation and tenancy')
    def t_scope_misc(S, A):
        cid = ids['matrix']['healthy']
        expect_error(scope(S, A, cid, 'juggle'), 400, 'out_of_range',
                     'action')
        expect_error(A.post('/api/clients/%d/scope-check' % cid, {},
                            S.tok(AT)), 400, 'missing_field', 'action')
        boss = S.tok(BOSS, BOSS_PASSWORD)
        inj = ids['injury']
        for method, path, body in [
                ('POST', '/api/clients/%d/scope-check' % cid,
                 {'action': 'screen'}),
                ('GET', '/api/clients/%d/injuries' % cid, None),
                ('POST', '/api/clients/%d/injuries' % cid,
                 {'region': 'knee', 'side': 'left', 'kind': 'sprain'}),
                ('PATCH', '/api/injuries/%d' % inj, {'status': 'resolved'}),
                ('GET', '/api/clients/%d/clearances' % cid, None),
                ('GET', '/api/clients/%d/screenings' % cid, None),
                ('GET', '/api/clients/%d/cases' % cid, None),
                ('POST', '/api/clients/%d/consent' % cid,
                 {'version': 1, 'signer_name': 'x'}),
                ('PUT', '/api/clients/%d/intake' % cid,
                 {'goals': {'codes': ['strength']}, 'experience': 'novice'})]:
            r = A.call(method, path, body=body, token=boss)
            expect_error(r, 404, 'not_found')
        expect_error(A.get('/api/consents/current', boss), 404, 'no_consent')
        expect_error(A.get('/api/clients/999999/injuries', S.tok(AT)), 404,
                     'not_found')

    # ---- cases -----------------------------------------------------------

    @test('cases: opened only after the open_case scope check passes')
    def t_cases(S, A):
        cid = ids['matrix']['injury_active']
        r = A.get('/api/clients/%d/injuries' % cid, S.tok(AT))
        inj = r.json['injuries'][0]['id']
        body = {'injury_id': inj, 'protocol': 'ankle-sprain-acute'}
        # The CPT is out of scope: the refusal body names rule and unblock.
        r = A.post('/api/clients/%d/cases' % cid, body, S.tok(CPT))
        err = expect_refusal(r, 'scope.needs_clinical_credential')
        check('athletic trainer' in err['message'] or err['message'],
              'message')
        S.audit_for(r, 'scope.check')
        r = A.get('/api/clients/%d/cases' % cid, S.tok(AT))
        expect_status(r, 200)
        eq(r.json['cases'], [], 'no case after a refusal')
        expect_error(A.post('/api/clients/%d/cases' % cid,
                            dict(body, protocol='no-such-protocol'),
                            S.tok(AT)), 400, 'out_of_range', 'protocol')
        expect_error(A.post('/api/clients/%d/cases' % cid,
                            dict(body, injury_id=ids['injury']), S.tok(AT)),
                     400, 'out_of_range', 'injury_id')
        r = A.post('/api/clients/%d/cases' % cid, body, S.tok(AT))
        expect_status(r, 201)
        eq(r.json['protocol_id'], 'ankle-sprain-acute', 'protocol')
        eq(r.json['injury_id'], inj, 'injury')
        eq(r.json['status'], 'open', 'status')
        p = A.get('/api/protocols/ankle-sprain-acute', S.tok(AT))
        expect_status(p, 200)
        eq(r.json['phase_id'], p.json['phases'][0]['id'], 'first phase')
        S.audit_for(r, 'case.open')
        S.audit_for(r, 'scope.check')
        r = A.get('/api/clients/%d/cases' % cid, S.tok(AT))
        eq(len(r.json['cases']), 1, 'one case')
        S.audit_for(r, 'case.list')
        # A red flag does not stop a clinician opening a case ...
        cid = ids['matrix']['red_flag']
        expect_status(injury(S, A, cid), 201)
        r = A.get('/api/clients/%d/injuries' % cid, S.tok(AT))
        r = A.post('/api/clients/%d/cases' % cid,
                   {'injury_id': r.json['injuries'][0]['id'],
                    'protocol': 'ankle-sprain-acute'}, S.tok(AT))
        expect_status(r, 201)
        # ... but missing consent does.
        cid = new_client(S, A, 'Unsigned')
        r = injury(S, A, cid)
        expect_status(r, 201)
        expect_refusal(A.post('/api/clients/%d/cases' % cid,
                              {'injury_id': r.json['id'],
                               'protocol': 'ankle-sprain-acute'}, S.tok(AT)),
                       'scope.consent_missing')
