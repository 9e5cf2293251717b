"""API tests for the exercise library and protocols (issue: knowledge base).

Registered into run_api_tests.py's ordered test list by register(); they
use its server, sessions and assertion helpers (passed in as module 'h').
"""
import copy


def register(h):
    test, check, eq = h.test, h.check, h.eq
    expect_status, expect_error = h.expect_status, h.expect_error
    OWNER, BOSS, MAYA, AT = h.OWNER, h.BOSS, h.MAYA, h.AT
    BOSS_PASSWORD = h.BOSS_PASSWORD

    def put(A, path, body, token):
        return A.call('PUT', path, body=body, token=token)

    def delete(A, path, token):
        return A.call('DELETE', path, token=token)

    def search(S, A, query, email=OWNER, password=h.DEMO_PASSWORD):
        r = A.get('/api/exercises?' + query, S.tok(email, password))
        expect_status(r, 200)
        return r.json

    @test('exercise search ranks by name and applies exact filters')
    def t_search(S, A):
        j = search(S, A, 'q=split%20squat&limit=10')
        check(j['total'] >= 1, 'no hit for "split squat": %r' % j)
        first = j['exercises'][0]
        check('split squat' in first['name'].lower(),
              'best hit for "split squat" is %r' % first)
        j = search(S, A, 'pattern=hinge&category=strength&limit=200')
        check(j['total'] >= 3, 'fewer than 3 strength hinges: %r' % j)
        for e in j['exercises']:
            eq(e['pattern'], 'hinge', 'pattern filter')
            eq(e['category'], 'strength', 'category filter')
        j = search(S, A, 'level=1&phase=protect&limit=200')
        for e in j['exercises']:
            eq(e['level'], 1, 'level filter')
        all_ = search(S, A, 'limit=1')
        check(all_['total'] >= 300, 'library has %d exercises, not >= 300'
              % all_['total'])

    @test('exercise search refuses words outside the vocabulary')
    def t_search_bad(S, A):
        tok = S.tok(OWNER)
        expect_error(A.get('/api/exercises?pattern=somersault', tok), 400,
                     'out_of_range', 'pattern')
        expect_error(A.get('/api/exercises?phase=later', tok), 400,
                     'out_of_range', 'phase')
        expect_error(A.get('/api/exercises?level=9', tok), 400,
                     'out_of_range', 'level')
        expect_error(A.get('/api/exercises?colour=red', tok), 400,
                     'unknown_field', 'colour')

    @test('exercise detail has cues, rationale, doses and its neighbours')
    def t_detail(S, A):
        j = search(S, A, 'q=split%20squat&limit=1')
        r = A.get('/api/exercises/' + j['exercises'][0]['id'], S.tok(AT))
        expect_status(r, 200)
        e = r.json
        check(2 <= len(e['cues']) <= 4, 'cues: %r' % e['cues'])
        check(e['rationale'], 'no rationale')
        check(e['dose'], 'no dose')
        eq(e['origin'], 'built_in', 'origin')
        links = e['regressions'] + e['progressions']
        eq(len(e['regression_options']) + len(e['progression_options']),
           len(links), 'neighbour options')
        expect_error(A.get('/api/exercises/no-such-exercise', S.tok(AT)),
                     404, 'not_found')

    @test('protocols list and detail with machine-checkable exit criteria')
    def t_protocols(S, A):
        r = A.get('/api/protocols', S.tok(AT))
        expect_status(r, 200)
        ids = [p['id'] for p in r.json['protocols']]
        check(len(ids) >= 12, 'only %d protocols: %r' % (len(ids), ids))
        r = A.get('/api/protocols/acl-reconstruction', S.tok(AT))
        expect_status(r, 200)
        phases = r.json['phases']
        check(len(phases) >= 3, 'ACL protocol has %d phases' % len(phases))
        exits = [x for p in phases for x in p['exit']]
        check(any('lsi(' in x['expr'] for x in exits),
              'no limb-symmetry criterion in the ACL protocol')
        check(all(x['source'] for x in exits), 'a criterion has no source')
        expect_error(A.get('/api/protocols/nope', S.tok(AT)), 404,
                     'not_found')

    def custom_body(S, A, new_id):
        j = search(S, A, 'q=glute%20bridge&limit=1')
        r = A.get('/api/exercises/' + j['exercises'][0]['id'], S.tok(OWNER))
        expect_status(r, 200)
        body = {k: v for k, v in r.json.items()
                if k not in ('origin', 'hidden', 'regression_options',
                             'progression_options')}
        body['id'] = new_id
        body['name'] = 'Riverside bridge with band hold'
        body['aliases'] = ['riverside band bridge']
        return body

    @test('a practice adds its own exercise; another practice cannot see it')
    def t_custom(S, A):
        body = custom_body(S, A, 'riverside-band-bridge')
        r = A.post('/api/exercises', body, S.tok(OWNER))
        expect_status(r, 201)
        eq(r.json['origin'], 'practice', 'origin')
        S.audit_for(r, 'exercise.create')
        j = search(S, A, 'q=riverside%20band')
        eq([e['id'] for e in j['exercises']], ['riverside-band-bridge'],
           'own practice finds it')
        boss = S.tok(BOSS, BOSS_PASSWORD)
        expect_error(A.get('/api/exercises/riverside-band-bridge', boss),
                     404, 'not_found')
        r = A.get('/api/exercises?q=riverside%20band', boss)
        expect_status(r, 200)
        eq(r.json['total'], 0, 'other practice search total')
        expect_error(A.post('/api/exercises', body, S.tok(OWNER)), 409,
                     'exercise_exists', 'id')

    @test('a practice exercise is validated like the built-in library')
    def t_custom_invalid(S, A):
        body = custom_body(S, A, 'riverside-bad-one')
        body['category'] = 'yoga'
        err = expect_error(A.post('/api/exercises', body, S.tok(OWNER)), 400,
                           'invalid_exercise')
        check('category' in (err['field'] or '') + err['message'],
              'error does not name the category: %r' % err)
        body = custom_body(S, A, 'riverside-bad-two')
        body['progressions'] = ['no-such-exercise']
        expect_error(A.post('/api/exercises', body, S.tok(OWNER)), 400,
                     'invalid_exercise')
        body = custom_body(S, A, 'riverside-bad-three')
        del body['cues']
        expect_error(A.post('/api/exercises', body, S.tok(OWNER)), 400,
                     'invalid_exercise')

    @test('a practice edits and hides a built-in exercise for itself only')
    def t_edit_hide(S, A):
        j = search(S, A, 'q=split%20squat&limit=1')
        xid = j['exercises'][0]['id']
        r = A.get('/api/exercises/' + xid, S.tok(OWNER))
        body = {k: v for k, v in r.json.items()
                if k not in ('origin', 'hidden', 'regression_options',
                             'progression_options')}
        original = body['name']
        body['name'] = original + ' (Riverside way)'
        r = put(A, '/api/exercises/' + xid, body, S.tok(OWNER))
        expect_status(r, 200)
        eq(r.json['origin'], 'edited', 'origin after PUT')
        boss = S.tok(BOSS, BOSS_PASSWORD)
        r = A.get('/api/exercises/' + xid, boss)
        eq(r.json['name'], original, 'other practice still sees the original')
        r = A.patch('/api/exercises/' + xid, {'hidden': True}, S.tok(OWNER))
        expect_status(r, 200)
        eq(r.json['hidden'], True, 'hidden flag')
        ids = [e['id'] for e in search(S, A, 'limit=200&q=' +
                                       original.split()[0])['exercises']]
        check(xid not in ids, 'hidden exercise still in search results')
        r = A.get('/api/exercises?limit=200&q=' + original.split()[0], boss)
        check(xid in [e['id'] for e in r.json['exercises']],
              'hiding leaked into the other practice')
        r = delete(A, '/api/exercises/' + xid, S.tok(OWNER))
        expect_status(r, 204)
        r = A.get('/api/exercises/' + xid, S.tok(OWNER))
        eq(r.json['origin'], 'built_in', 'origin after reset')
        eq(r.json['name'], original, 'name after reset')
        expect_error(delete(A, '/api/exercises/' + xid, S.tok(OWNER)), 404,
                     'not_found')

    @test('a hidden built-in stays readable and can be shown again')
    def t_hide_builtin(S, A):
        xid = search(S, A, 'q=plank&limit=1')['exercises'][0]['id']
        r = A.patch('/api/exercises/' + xid, {'hidden': True}, S.tok(OWNER))
        expect_status(r, 200)
        eq(r.json['hidden'], True, 'hidden after PATCH')
        eq(r.json['origin'], 'built_in', 'origin of a hidden built-in')
        r = A.get('/api/exercises/export', S.tok(OWNER))
        check(xid in r.json['hidden'], 'export does not list the hidden id')
        r = A.patch('/api/exercises/' + xid, {'hidden': False}, S.tok(OWNER))
        expect_status(r, 200)
        eq(r.json['hidden'], False, 'hidden after showing again')
        ids = [e['id'] for e in search(S, A, 'q=plank&limit=200')['exercises']]
        check(xid in ids, 'shown exercise missing from search')

    @test('export and import move a practice library between practices')
    def t_export_import(S, A):
        r = A.get('/api/exercises/export', S.tok(OWNER))
        expect_status(r, 200)
        doc = r.json
        check(any(e['id'] == 'riverside-band-bridge'
                  for e in doc['exercises']), 'export lacks the own exercise')
        boss = S.tok(BOSS, BOSS_PASSWORD)
        bad = copy.deepcopy(doc)
        bad['exercises'].append({'id': 'broken'})
        expect_error(A.post('/api/exercises/import', bad, boss), 400,
                     'invalid_exercise')
        expect_error(A.get('/api/exercises/riverside-band-bridge', boss), 404,
                     'not_found')  # all or nothing
        r = A.post('/api/exercises/import', doc, boss)
        expect_status(r, 200)
        eq(r.json['imported'], len(doc['exercises']), 'imported count')
        r = A.get('/api/exercises/riverside-band-bridge', boss)
        expect_status(r, 200)

    def next_year(days=365):
        import datetime
        return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()

    def last_year(days=365):
        import datetime
        return (datetime.date.today() - datetime.timedelta(days=days)).isoformat()

    def staff_entry(report, email):
        for s in report['staff']:
            if s['user']['email'] == email:
                return s
        raise h.Fail('no %s in the compliance report' % email)

    @test('practitioners record credentials; owners verify; scope follows')
    def t_credentials(S, A):
        at = S.user_id(AT)
        cpt = S.user_id(h.CPT)
        body = {'kind': 'boc_atc', 'issuer': 'BOC', 'number': 'AT-1234',
                'issued_on': last_year(), 'expires_on': next_year(),
                'cpr_expires_on': next_year(200), 'ce_earned': 20,
                'ce_required': 50}
        r = A.post('/api/users/%d/credentials' % at, body, S.tok(AT))
        expect_status(r, 201)
        eq(r.json['status'], 'unverified', 'a self-reported ATC')
        cred = r.json['id']
        S.audit_for(r, 'credential.add')
        expect_error(A.post('/api/users/%d/credentials' % cpt, body,
                            S.tok(AT)), 403, 'forbidden')
        expect_error(A.post('/api/users/%d/credentials' % at,
                            dict(body, kind='wizard'), S.tok(AT)), 400,
                     'out_of_range', 'kind')
        expect_error(A.post('/api/users/%d/credentials' % at,
                            dict(body, expires_on=last_year(400)), S.tok(AT)),
                     400, 'out_of_range', 'expires_on')
        expect_error(A.get('/api/compliance', S.tok(AT)), 403, 'forbidden')
        # Unverified, the clinical credential allows no rehabilitation yet.
        rep = A.get('/api/compliance', S.tok(OWNER))
        expect_status(rep, 200)
        refused = {x['action']: x for x in
                   staff_entry(rep.json, AT)['today']['refused']}
        check('rehab_program' in refused, 'unverified ATC may rehabilitate')
        r = A.post('/api/credentials/%d/verify' % cred,
                   {'note': 'checked on the BOC register'}, S.tok(OWNER))
        expect_status(r, 200)
        eq(r.json['status'], 'current', 'status after verification')
        S.audit_for(r, 'credential.verify')
        expect_error(A.post('/api/credentials/%d/verify' % cred,
                            {'note': 'x'}, S.tok(AT)), 403, 'forbidden')
        rep = A.get('/api/compliance', S.tok(OWNER))
        allowed = staff_entry(rep.json, AT)['today']['allowed']
        check('rehab_program' in allowed and 'open_case' in allowed,
              'verified ATC: allowed %r' % allowed)
        # A trainer with no credential may not program; with a lapsed CPR
        # card the CPT is read-only for new programming.
        refused = {x['action']: x for x in
                   staff_entry(rep.json, h.CPT)['today']['refused']}
        check('program_healthy' in refused, 'no credential, yet programs')
        eq(refused['program_healthy']['code'], 'out_of_scope', 'code')
        cpt_body = dict(body, kind='nasm_cpt', issuer='NASM',
                        number='N-77', cpr_expires_on=last_year(10))
        r = A.post('/api/users/%d/credentials' % cpt, cpt_body, S.tok(OWNER))
        expect_status(r, 201)
        eq(r.json['status'], 'cpr_lapsed', 'CPT with a lapsed CPR card')
        rep = A.get('/api/compliance', S.tok(OWNER))
        entry = staff_entry(rep.json, h.CPT)
        refused = {x['action']: x for x in entry['today']['refused']}
        eq(refused['program_healthy']['rule'], 'scope.cpr_lapsed', 'rule')
        check(refused['program_healthy']['unblock'], 'no unblock text')
        check(any(a['kind'] == 'cpr' for a in entry['alerts']),
              'no CPR alert: %r' % entry['alerts'])
        boss = S.tok(BOSS, BOSS_PASSWORD)
        expect_error(A.get('/api/users/%d/credentials' % at, boss), 404,
                     'not_found')

    @test('clients read the library but cannot change it')
    def t_client_library(S, A):
        tok = S.tok(MAYA)
        expect_status(A.get('/api/exercises?limit=1', tok), 200)
        body = custom_body(S, A, 'maya-exercise')
        expect_error(A.post('/api/exercises', body, tok), 403, 'forbidden')
        expect_error(A.patch('/api/exercises/riverside-band-bridge',
                             {'hidden': True}, tok), 403, 'forbidden')
