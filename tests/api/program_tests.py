"""API tests for programs: generated from the stored record behind the
scope gate, saved as versions, edited with reasons, compared (issue:
program engine).

Registered into run_api_tests.py's ordered test list by register(), after
assess_tests: by then `at` holds a verified boc_atc credential with a
current CPR card and `cpt` a current nasm_cpt card.
"""
import datetime


def day(offset=0):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


INTAKE = {
    'goals': {'codes': ['general_fitness'], 'text': 'stop feeling stiff'},
    'experience': 'novice', 'availability_days': 3,
    'availability_minutes': 45, 'equipment': {'access': 'gym', 'items': []},
    'sitting_hours_per_day': 10, 'occupation': 'software developer',
}

REFER = {
    'age': 30, 'pregnant': False, 'temporary_illness': False,
    'parq': {'g1': False, 'g2': False, 'g3': False, 'g4': False,
             'g5': False, 'g6': False, 'g7': False},
    'acsm': {'regular_exercise': True, 'known_disease': [], 'symptoms': [],
             'desired_intensity': 'moderate'},
    'red_flags': ['ces.saddle_anaesthesia'],
}


def register(h):
    test, check, eq = h.test, h.check, h.eq
    expect_status, expect_error = h.expect_status, h.expect_error
    OWNER, BOSS, MAYA, AT, CPT = h.OWNER, h.BOSS, h.MAYA, h.AT, h.CPT
    BOSS_PASSWORD = h.BOSS_PASSWORD
    ids = {}

    def new_client(S, A, first, birth='1988-02-10', sex='male'):
        r = A.post('/api/clients', {'first_name': first, 'last_name': 'Plan',
                                    'birth_date': birth, 'sex': sex},
                   S.tok(OWNER))
        expect_status(r, 201)
        cid = r.json['id']
        r = A.get('/api/consents/current', S.tok(AT))
        if r.status == 200:
            expect_status(A.post('/api/clients/%d/consent' % cid,
                                 {'version': r.json['version'],
                                  'signer_name': first}, S.tok(AT)), 201)
        return cid

    def intake(S, A, cid, **kw):
        body = dict(INTAKE)
        body.update(kw)
        expect_status(A.call('PUT', '/api/clients/%d/intake' % cid,
                             body=body, token=S.tok(AT)), 200)

    def prescriptions(program):
        for w in program['weeks']:
            for s in w['sessions']:
                for b in s['blocks']:
                    for rx in b['prescriptions']:
                        yield w['week'], s['session'], b['block'], rx

    @test('programs: generated from the stored record, saved as version 1, '
          'every prescription with a rationale')
    def t_generate(S, A):
        cid = ids['desk'] = new_client(S, A, 'Desk')
        expect_error(A.post('/api/clients/%d/program' % cid, {}, S.tok(AT)),
                     409, 'intake_missing')
        intake(S, A, cid)
        r = A.post('/api/clients/%d/program' % cid, {'start': day(1)},
                   S.tok(AT))
        expect_status(r, 201)
        eq(r.json['version'], 1, 'first version')
        p = r.json['program']
        eq(p['refused'], False, 'refused')
        eq(len(p['weeks']), 4, 'weeks by default')
        eq(len(p['weeks'][0]['sessions']), 3, 'sessions = days a week')
        rxs = list(prescriptions(p))
        check(rxs, 'no prescriptions')
        for _, _, _, rx in rxs:
            check(rx['rationale']['text'], 'no rationale: %r' % rx)
        for s in p['weeks'][0]['sessions']:
            check(abs(s['minutes'] - 45) <= 4.5,
                  'session of %r minutes for 45 available' % s['minutes'])
        text = ' '.join(rx['rationale']['text'] for _, _, b, rx in rxs
                        if b == 'activate_mobilise').lower()
        check('sit' in text, 'the warm-up rationale does not mention '
              'sitting: %s' % text[:300])
        eq(p['case_file']['profile']['age'], 38 if day()[5:] >= '02-10'
           else 37, 'age from the birth date')
        S.audit_for(r, 'program.version')
        ids['rx'] = rxs

    @test('programs: a preview saves nothing and is deterministic; read '
          'back, versions, a client reads their own')
    def t_read(S, A):
        cid = ids['desk']
        a = A.post('/api/clients/%d/program' % cid,
                   {'start': day(1), 'save': False}, S.tok(AT))
        b = A.post('/api/clients/%d/program' % cid,
                   {'start': day(1), 'save': False}, S.tok(AT))
        expect_status(a, 200)
        eq(a.json['version'], None, 'a preview has no version')
        eq(a.body, b.body, 'two runs, byte-identical output')
        r = A.get('/api/clients/%d/program' % cid, S.tok(AT))
        expect_status(r, 200)
        eq(r.json['version'], 1, 'current version')
        eq(r.json['changes'][0]['kind'], 'generate', 'changes')
        r = A.get('/api/clients/%d/program/versions' % cid, S.tok(AT))
        eq([v['version'] for v in r.json['versions']], [1], 'versions')
        expect_error(A.get('/api/clients/%d/program?version=9' % cid,
                           S.tok(AT)), 404, 'no_program')
        expect_error(A.get('/api/clients/%d/program?version=x' % cid,
                           S.tok(AT)), 400, 'invalid_value', 'version')
        btok = S.tok(BOSS, BOSS_PASSWORD)
        expect_status(A.get('/api/clients/%d/program' % cid, btok), 404)
        expect_status(A.post('/api/clients/%d/program' % cid, {}, btok), 404)
        expect_status(A.post('/api/clients/%d/program' % cid, {},
                             S.tok(MAYA)), 403)

    @test('programs: edits (swap, dose, remove) need reasons, are checked, '
          'and make a new version; the diff says what changed and why')
    def t_edit(S, A):
        cid = ids['desk']
        rxs = ids['rx']
        main = [rx for _, _, b, rx in rxs if b == 'main']
        counted = [rx for rx in main if rx.get('reps')]
        check(counted, 'no counted main exercise')
        target = counted[0]
        swap_to = target.get('progression') or target.get('regression')
        check(swap_to, 'no neighbour to swap to: %r' % target)

        def edit(*edits, status=201):
            return A.post('/api/clients/%d/program/edits' % cid,
                          {'edits': list(edits), 'reason': 'review'},
                          S.tok(AT))

        expect_error(edit({'op': 'swap', 'exercise': target['exercise'],
                           'to': swap_to}), 400, 'missing_field',
                     'edits[0].reason')
        expect_error(edit({'op': 'swap', 'exercise': 'no-such-thing',
                           'to': swap_to, 'reason': 'x'}), 400,
                     'not_in_program', 'edits[0].exercise')
        other = [rx for rx in main if rx['pattern'] != target['pattern']]
        if other:
            r = edit({'op': 'swap', 'exercise': target['exercise'],
                      'to': other[0]['exercise'], 'reason': 'x'})
            expect_error(r, 400, 'not_an_alternative', 'edits[0].to')
        expect_error(edit({'op': 'dose', 'exercise': target['exercise'],
                           'reason': 'x'}), 400, 'empty_dose', 'edits[0]')
        r = edit({'op': 'dose', 'exercise': target['exercise'], 'sets': 99,
                  'reason': 'x'})
        expect_error(r, 400, r.json['error']['code'], 'edits[0].sets')
        r = edit({'op': 'fly', 'exercise': target['exercise'], 'reason': 'x'})
        expect_error(r, 400, r.json['error']['code'], 'edits[0].op')
        eq([v['version'] for v in A.get(
            '/api/clients/%d/program/versions' % cid,
            S.tok(AT)).json['versions']], [1], 'refused edits made nothing')
        r = edit({'op': 'dose', 'exercise': target['exercise'], 'week': 1,
                  'block': 'lunch', 'sets': 4, 'reason': 'x'})
        expect_error(r, 400, r.json['error']['code'], 'edits[0].block')
        r = edit({'op': 'dose', 'exercise': target['exercise'], 'week': 1,
                  'block': 'main', 'sets': 4,
                  'reason': 'tolerates more volume'},
                 {'op': 'swap', 'exercise': target['exercise'],
                  'to': swap_to, 'week': 2, 'reason': 'ready to progress'})
        expect_status(r, 201)
        eq(r.json['version'], 2, 'new version')
        eq([c['kind'] for c in r.json['changes']], ['dose', 'swap'], 'kinds')
        r = A.get('/api/clients/%d/program/diff?from=1&to=2' % cid,
                  S.tok(AT))
        expect_status(r, 200)
        d = r.json
        check(any(target['exercise'] in w and 'week 2' in w
                  for w in d['removed']), 'swap not in removed: %r' % d)
        check(any(swap_to in w and 'week 2' in w for w in d['added']),
              'swap not in added: %r' % d)
        check(any(c['fields'].get('sets', {}).get('to') == 4
                  for c in d['changed']), 'dose not in changed: %r' % d)
        eq(d['why'][0]['changes'][1]['reason'], 'ready to progress', 'why')
        expect_error(A.get('/api/clients/%d/program/diff?from=1' % cid,
                           S.tok(AT)), 400, 'missing_field', 'to')

    @test('programs: suggested alternatives keep the pattern and fit the '
          'phase and the equipment; a suggested one can be swapped in')
    def t_alternatives(S, A):
        cid = ids['desk']
        r = A.get('/api/clients/%d/program' % cid, S.tok(AT))
        rxs = [rx for _, _, b, rx in prescriptions(r.json['program'])
               if b == 'main']
        target = rxs[-1]
        r = A.get('/api/clients/%d/program/alternatives?exercise=%s'
                  % (cid, target['exercise']), S.tok(AT))
        expect_status(r, 200)
        alts = r.json['alternatives']
        check(alts, 'no alternative for %s' % target['exercise'])
        for x in alts:
            eq(x['pattern'], target['pattern'], 'same pattern')
        expect_error(A.get('/api/clients/%d/program/alternatives?exercise='
                           'nope' % cid, S.tok(AT)), 400, 'unknown_exercise',
                     'exercise')
        r = A.post('/api/clients/%d/program/edits' % cid, {'edits': [
            {'op': 'swap', 'exercise': target['exercise'],
             'to': alts[0]['id'], 'reason': 'prefers it'}]}, S.tok(AT))
        expect_status(r, 201)
        eq(r.json['changes'][0]['to'], alts[0]['id'], 'swapped in')

    @test('consent status: whether the client signed the current version')
    def t_consent_status(S, A):
        r = A.post('/api/clients', {'first_name': 'Unsigned',
                                    'last_name': 'Plan'}, S.tok(OWNER))
        cid = r.json['id']
        r = A.get('/api/clients/%d/consent' % cid, S.tok(AT))
        expect_status(r, 200)
        version = r.json['current_version']
        check(isinstance(version, int), 'a consent form is published: %r'
              % r.json)
        eq(r.json['signed'], False, 'not signed yet')
        S.audit_for(r, 'consent.read')
        r = A.get('/api/clients/%d/consent' % ids['desk'], S.tok(AT))
        eq((r.json['current_version'], r.json['signed']), (version, True),
           'signed')
        expect_status(A.get('/api/clients/%d/consent' % cid,
                            S.tok(BOSS, BOSS_PASSWORD)), 404)

    @test('programs: refused with the scope rule for an open red flag and '
          'out of scope for a personal trainer with an injured client')
    def t_refusals(S, A):
        cid = new_client(S, A, 'Flag', birth='1968-01-01')
        intake(S, A, cid)
        expect_status(A.post('/api/clients/%d/screenings' % cid, REFER,
                             S.tok(AT)), 201)
        r = A.post('/api/clients/%d/program' % cid, {}, S.tok(AT))
        err = expect_error(r, 403, 'out_of_scope')
        eq(err['rule'], 'scope.red_flag_open', 'rule')
        check(err['unblock'], 'no unblock text')
        S.audit_for(r, 'scope.check')
        cid = new_client(S, A, 'Hurt')
        intake(S, A, cid)
        expect_status(A.post('/api/clients/%d/injuries' % cid,
                             {'region': 'knee', 'side': 'right',
                              'kind': 'sprain', 'onset_on': day(-30),
                              'status': 'active'}, S.tok(AT)), 201)
        err = expect_error(A.post('/api/clients/%d/program' % cid, {},
                                  S.tok(CPT)), 403, 'out_of_scope')
        eq(err['rule'], 'scope.injury_needs_clearance', 'cpt rule')
