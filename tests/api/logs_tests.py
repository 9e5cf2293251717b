"""API tests for training logs and check-ins (issue 7, logging):
POST/GET /api/clients/{id}/sessions and /checkins.

Registered into run_api_tests.py's ordered test list by register().  By
then `at` holds a verified boc_atc credential with a current CPR card
(library_tests) and the practice has a consent form (intake_tests); the
tests here make their own clients where a state change would leak into
later tests (a red flag, a clearance).
"""
import datetime
import json
import sqlite3
import time


def day(offset=0):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


SQUAT = 'bodyweight-squat'
WALL_SIT = 'wall-sit'


def register(h):
    test, check, eq = h.test, h.check, h.eq
    expect_status, expect_error = h.expect_status, h.expect_error
    OWNER, BOSS, MAYA, AT = h.OWNER, h.BOSS, h.MAYA, h.AT
    BOSS_PASSWORD = h.BOSS_PASSWORD
    ids = {}

    def sessions(cid):
        return '/api/clients/%d/sessions' % cid

    def checkins(cid):
        return '/api/clients/%d/checkins' % cid

    def good_session(**kw):
        body = {'date': day(-1), 'status': 'completed', 'rpe': 6,
                'minutes': 45, 'session_key': 'w1d1', 'notes': 'felt fine',
                'sets': [
                    {'exercise_id': SQUAT, 'reps': 10, 'load_kg': 20,
                     'rir': 3, 'pain': 2},
                    {'exercise_id': SQUAT, 'reps': 8, 'load_kg': 22.5,
                     'rpe': 8.5, 'pain': 3},
                    {'exercise_id': WALL_SIT, 'seconds': 45, 'pain': 0},
                ]}
        body.update(kw)
        return body

    def new_client(S, A, first, last='Logs'):
        r = A.post('/api/clients', {'first_name': first, 'last_name': last},
                   S.tok(OWNER))
        expect_status(r, 201)
        return r.json['id']

    def session_shape(s):
        eq(sorted(s), sorted(['id', 'client_id', 'date', 'status',
                              'program_version', 'session_key', 'rpe',
                              'minutes', 'notes', 'sets', 'logged_by',
                              'created_at']), 'session keys')
        for x in s['sets']:
            eq(sorted(x), sorted(['set_no', 'exercise_id', 'reps', 'seconds',
                                  'load_kg', 'rpe', 'rir', 'pain']),
               'set keys')

    @test('sessions: a practitioner logs a session with its sets; it is '
          'listed back and audited as session.log / session.list')
    def t_session_log(S, A):
        maya = S.client_id('Maya')
        r = A.post(sessions(maya), good_session(), S.tok(AT))
        expect_status(r, 201)
        s = r.json
        session_shape(s)
        eq((s['client_id'], s['date'], s['status'], s['rpe'], s['minutes']),
           (maya, day(-1), 'completed', 6, 45), 'session fields')
        eq((s['session_key'], s['notes'], s['program_version']),
           ('w1d1', 'felt fine', None), 'session key, notes, version')
        eq(s['logged_by'], S.uid(AT), 'logged_by')
        eq([x['set_no'] for x in s['sets']], [1, 2, 3], 'set numbers')
        eq(s['sets'][0], {'set_no': 1, 'exercise_id': SQUAT, 'reps': 10,
                          'seconds': None, 'load_kg': 20, 'rpe': None,
                          'rir': 3, 'pain': 2}, 'first set')
        eq((s['sets'][1]['rpe'], s['sets'][1]['load_kg']), (8.5, 22.5),
           'decimal RPE and load')
        eq((s['sets'][2]['reps'], s['sets'][2]['seconds']), (None, 45),
           'a timed set')
        e = S.audit_for(r, 'session.log')
        eq((e['record_type'], e['record_id'], e['client_id']),
           ('session', s['id'], maya), 'session.log audit row')
        ids['session'] = s['id']
        r = A.get(sessions(maya), S.tok(AT))
        expect_status(r, 200)
        got = [x for x in r.json['sessions'] if x['id'] == s['id']]
        eq(got, [s], 'the listed session equals the logged one')
        e = S.audit_for(r, 'session.list')
        eq(e['client_id'], maya, 'session.list client_id')

    @test('sessions: the client logs their own session through the portal; '
          'a missed session has no sets')
    def t_session_portal(S, A):
        maya = S.client_id('Maya')
        r = A.post(sessions(maya), {'date': day(0), 'status': 'partial',
                                    'rpe': 4, 'minutes': 20,
                                    'sets': [{'exercise_id': SQUAT,
                                              'reps': 5}]}, S.tok(MAYA))
        expect_status(r, 201)
        eq(r.json['logged_by'], S.uid(MAYA), 'logged_by the client')
        eq(r.json['status'], 'partial', 'status')
        S.audit_for(r, 'session.log')
        r = A.post(sessions(maya), {'date': day(-3), 'status': 'missed',
                                    'notes': 'travel'}, S.tok(MAYA))
        expect_status(r, 201)
        eq((r.json['sets'], r.json['rpe'], r.json['minutes']),
           ([], None, None), 'missed session')
        r = A.get(sessions(maya), S.tok(MAYA))
        expect_status(r, 200)
        check(len(r.json['sessions']) >= 3, 'the client reads their sessions')
        days = [x['date'] for x in r.json['sessions']]
        eq(days, sorted(days), 'oldest first')

    @test('sessions and check-ins: a client may not log or read for '
          'another client (403); another practice gets 404')
    def t_logs_access(S, A):
        maya, tom = S.client_id('Maya'), S.client_id('Tom')
        for path in (sessions(tom), checkins(tom)):
            expect_error(A.get(path, S.tok(MAYA)), 403, 'forbidden')
        expect_error(A.post(sessions(tom), good_session(), S.tok(MAYA)), 403,
                     'forbidden')
        expect_error(A.post(checkins(tom), {'date': day(0), 'kind': 'daily',
                                            'mood': 4}, S.tok(MAYA)),
                     403, 'forbidden')
        boss = S.tok(BOSS, BOSS_PASSWORD)
        for path in (sessions(maya), checkins(maya)):
            expect_error(A.get(path, boss), 404, 'not_found')
        expect_error(A.post(sessions(maya), good_session(), boss), 404,
                     'not_found')
        expect_error(A.post(checkins(maya), {'date': day(0),
                                             'kind': 'daily'}, boss),
                     404, 'not_found')
        other = S.ids['other_client']
        expect_error(A.get(sessions(other), S.tok(AT)), 404, 'not_found')
        expect_error(A.post(checkins(other), {'date': day(0),
                                              'kind': 'daily'}, S.tok(AT)),
                     404, 'not_found')
        # Nothing was written by the refused requests.
        r = A.get(sessions(tom), S.tok(AT))
        expect_status(r, 200)
        eq(r.json['sessions'], [], "Tom's sessions")
        expect_error(A.get('/api/clients/999999/sessions', S.tok(AT)), 404,
                     'not_found')

    @test('sessions: every invalid field is a 400 naming the field')
    def t_session_validation(S, A):
        maya = S.client_id('Maya')

        def without(key):
            b = good_session()
            b.pop(key)
            return b

        def with_set(**kw):
            s = {'exercise_id': SQUAT, 'reps': 5}
            s.update(kw)
            return good_session(sets=[s])

        cases = [
            (without('date'), 'missing_field', 'date'),
            (without('status'), 'missing_field', 'status'),
            (good_session(date='2026-02-30'), 'out_of_range', 'date'),
            (good_session(date='yesterday'), 'out_of_range', 'date'),
            (good_session(date=day(2)), 'out_of_range', 'date'),
            (good_session(status='done'), 'out_of_range', 'status'),
            (good_session(rpe=11), 'out_of_range', 'rpe'),
            (good_session(rpe=-1), 'out_of_range', 'rpe'),
            (good_session(rpe='hard'), 'wrong_type', 'rpe'),
            (good_session(minutes=601), 'out_of_range', 'minutes'),
            (good_session(program_version=0), 'out_of_range',
             'program_version'),
            (good_session(program_version=99), 'out_of_range',
             'program_version'),
            (good_session(session_key=''), 'out_of_range', 'session_key'),
            (good_session(notes='x' * 4001), 'out_of_range', 'notes'),
            (good_session(sets={}), 'wrong_type', 'sets'),
            (good_session(sets=[{'exercise_id': SQUAT, 'reps': 1}] * 201),
             'out_of_range', 'sets'),
            (good_session(sets=[5]), 'wrong_type', 'sets[0]'),
            (good_session(sets=[{'reps': 5}]), 'missing_field',
             'sets[0].exercise_id'),
            (with_set(exercise_id='no-such-exercise'), 'out_of_range',
             'sets[0].exercise_id'),
            (with_set(reps=1001), 'out_of_range', 'sets[0].reps'),
            (with_set(seconds=-1), 'out_of_range', 'sets[0].seconds'),
            (with_set(load_kg=1001), 'out_of_range', 'sets[0].load_kg'),
            (with_set(rpe=10.5), 'out_of_range', 'sets[0].rpe'),
            (with_set(rir=11), 'out_of_range', 'sets[0].rir'),
            (with_set(pain=11), 'out_of_range', 'sets[0].pain'),
            (with_set(weight=5), 'unknown_field', 'sets[0].weight'),
            (good_session(sets=[{'exercise_id': SQUAT, 'load_kg': 5}]),
             'missing_field', 'sets[0]'),
            (good_session(status='missed'), 'inconsistent', 'sets'),
            (good_session(effort=5), 'unknown_field', 'effort'),
        ]

        def one(c):
            body, code, field = c
            expect_error(A.post(sessions(maya), body, S.tok(AT)), 400, code,
                         field)

        h.each(cases, one)
        # The second set is named when it is the bad one.
        b = good_session()
        b['sets'][1]['pain'] = 12
        expect_error(A.post(sessions(maya), b, S.tok(AT)), 400,
                     'out_of_range', 'sets[1].pain')

    @test('sessions: program_version must be one of the client\'s program '
          'versions; it is stored and listed as its number')
    def t_session_program_version(S, A):
        maya, tom = S.client_id('Maya'), S.client_id('Tom')
        org = S.session(OWNER)['org']['id']
        # No use case writes program versions yet: put one in directly.
        db = sqlite3.connect(S.db, timeout=10)
        try:
            db.execute('INSERT INTO program_versions (org_id, client_id, '
                       'version, body, reason, created_at) VALUES '
                       '(?, ?, 1, ?, ?, ?)',
                       (org, tom, '{}', 'test', int(time.time() * 1000)))
            db.commit()
        finally:
            db.close()
        expect_error(A.post(sessions(maya), good_session(program_version=1),
                            S.tok(AT)), 400, 'out_of_range',
                     'program_version')
        r = A.post(sessions(tom), good_session(program_version=1), S.tok(AT))
        expect_status(r, 201)
        eq(r.json['program_version'], 1, 'program_version')
        r = A.get(sessions(tom), S.tok(AT))
        expect_status(r, 200)
        eq([x['program_version'] for x in r.json['sessions']], [1],
           'listed program_version')

    @test('sessions and check-ins: from/to select days, inclusive; bad '
          'dates are 400 naming from or to')
    def t_logs_range(S, A):
        cid = new_client(S, A, 'Range')
        for d in (-10, -5, -1):
            expect_status(A.post(sessions(cid), good_session(date=day(d)),
                                 S.tok(AT)), 201)
            expect_status(A.post(checkins(cid), {'date': day(d),
                                                 'kind': 'daily',
                                                 'mood': 3}, S.tok(AT)), 201)
        for path, key in ((sessions(cid), 'sessions'),
                          (checkins(cid), 'checkins')):
            def days(q):
                r = A.get(path + q, S.tok(AT))
                expect_status(r, 200)
                return [x['date'] for x in r.json[key]]
            eq(days(''), [day(-10), day(-5), day(-1)], key + ' all')
            eq(days('?from=' + day(-5)), [day(-5), day(-1)], key + ' from')
            eq(days('?to=' + day(-5)), [day(-10), day(-5)], key + ' to')
            eq(days('?from=%s&to=%s' % (day(-5), day(-5))), [day(-5)],
               key + ' one day')
            eq(days('?from=' + day(1)), [], key + ' none')
            expect_error(A.get(path + '?from=2026-13-01', S.tok(AT)), 400,
                         'out_of_range', 'from')
            expect_error(A.get(path + '?to=soon', S.tok(AT)), 400,
                         'out_of_range', 'to')
            expect_error(A.get(path + '?from=%s&to=%s' % (day(-1), day(-5)),
                               S.tok(AT)), 400, 'out_of_range', 'to')
            expect_error(A.get(path + '?limit=5', S.tok(AT)), 400,
                         'unknown_field', 'limit')

    # ---- check-ins -------------------------------------------------------

    GOOD_CHECKIN = {'kind': 'next_morning', 'pain': {'knee': 3, 'hip': 1.5},
                    'stiffness': 2, 'sleep_hours': 7.5, 'sleep_quality': 4,
                    'fatigue': 3, 'soreness': 2, 'stress': 4, 'mood': 5,
                    'notes': 'knee a bit sore'}

    def good_checkin(**kw):
        body = dict(GOOD_CHECKIN, date=day(0))
        body.update(kw)
        return body

    @test('check-ins: the client records a wellness check-in; the '
          'practitioner lists it; audited as checkin.add / checkin.list')
    def t_checkin_add(S, A):
        maya = S.client_id('Maya')
        r = A.post(checkins(maya), good_checkin(), S.tok(MAYA))
        expect_status(r, 201)
        eq(sorted(r.json), ['checkin', 'screening'], 'reply keys')
        eq(r.json['screening'], None, 'no red flag, no screening')
        c = r.json['checkin']
        eq(sorted(c), sorted(['id', 'client_id', 'date', 'kind', 'pain',
                              'stiffness', 'sleep_hours', 'sleep_quality',
                              'fatigue', 'soreness', 'stress', 'mood',
                              'notes', 'max_pain', 'red_flags', 'created_by',
                              'created_at']), 'check-in keys')
        eq((c['client_id'], c['date'], c['kind']),
           (maya, day(0), 'next_morning'), 'check-in fields')
        eq(c['pain'], {'knee': 3, 'hip': 1.5}, 'pain per region')
        eq(c['max_pain'], 3, 'max_pain is the highest region')
        eq((c['sleep_hours'], c['sleep_quality'], c['mood']), (7.5, 4, 5),
           'wellness')
        eq((c['red_flags'], c['created_by']), ([], S.uid(MAYA)),
           'red flags, created_by')
        e = S.audit_for(r, 'checkin.add')
        eq((e['record_type'], e['record_id'], e['client_id']),
           ('checkin', c['id'], maya), 'checkin.add audit row')
        # Only what was given: the rest is null, pain {} and max_pain null.
        r = A.post(checkins(maya), {'date': day(-1), 'kind': 'daily',
                                    'mood': 2}, S.tok(AT))
        expect_status(r, 201)
        c2 = r.json['checkin']
        eq((c2['pain'], c2['max_pain'], c2['stiffness'], c2['notes']),
           ({}, None, None, None), 'absent fields')
        eq(c2['created_by'], S.uid(AT), 'created_by the practitioner')
        r = A.get(checkins(maya), S.tok(AT))
        expect_status(r, 200)
        got = {x['id']: x for x in r.json['checkins']}
        eq(got.get(c['id']), c, 'listed as recorded')
        check(c2['id'] in got, 'the second check-in is listed')
        S.audit_for(r, 'checkin.list')

    @test('check-ins: every invalid field is a 400 naming the field')
    def t_checkin_validation(S, A):
        maya = S.client_id('Maya')

        def without(key):
            b = good_checkin()
            b.pop(key)
            return b

        cases = [
            (without('date'), 'missing_field', 'date'),
            (without('kind'), 'missing_field', 'kind'),
            (good_checkin(date=day(2)), 'out_of_range', 'date'),
            (good_checkin(kind='weekly'), 'out_of_range', 'kind'),
            (good_checkin(pain=[3]), 'wrong_type', 'pain'),
            (good_checkin(pain={'elbo': 3}), 'out_of_range', 'pain.elbo'),
            (good_checkin(pain={'knee': 11}), 'out_of_range', 'pain.knee'),
            (good_checkin(pain={'knee': -1}), 'out_of_range', 'pain.knee'),
            (good_checkin(pain={'knee': 'bad'}), 'wrong_type', 'pain.knee'),
            (good_checkin(stiffness=10.5), 'out_of_range', 'stiffness'),
            (good_checkin(sleep_hours=25), 'out_of_range', 'sleep_hours'),
            (good_checkin(sleep_quality=0), 'out_of_range', 'sleep_quality'),
            (good_checkin(sleep_quality=2.5), 'wrong_type', 'sleep_quality'),
            (good_checkin(fatigue=6), 'out_of_range', 'fatigue'),
            (good_checkin(soreness=0), 'out_of_range', 'soreness'),
            (good_checkin(stress=6), 'out_of_range', 'stress'),
            (good_checkin(mood=0), 'out_of_range', 'mood'),
            (good_checkin(notes=''), 'out_of_range', 'notes'),
            (good_checkin(red_flags='cardiac.syncope'), 'wrong_type',
             'red_flags'),
            (good_checkin(red_flags=['not.a.flag']), 'out_of_range',
             'red_flags[0]'),
            (good_checkin(red_flags=[7]), 'wrong_type', 'red_flags[0]'),
            (good_checkin(red_flags=['ottawa_ankle.lateral_malleolus']),
             'out_of_range', 'red_flags[0]'),
            (good_checkin(red_flags=['ottawa_knee.age_55']),
             'out_of_range', 'red_flags[0]'),
            (good_checkin(red_flags=['cardiac.syncope', 'cardiac.syncope']),
             'duplicate_value', 'red_flags[1]'),
            (good_checkin(energy=3), 'unknown_field', 'energy'),
        ]

        def one(c):
            body, code, field = c
            expect_error(A.post(checkins(maya), body, S.tok(MAYA)), 400,
                         code, field)

        h.each(cases, one)
        # None of them was stored, and none made a screening.
        r = A.get(checkins(maya), S.tok(AT))
        expect_status(r, 200)
        eq([x for x in r.json['checkins'] if x['red_flags']], [],
           'check-ins with red flags')

    @test('check-ins: a red flag stores a "refer" screening in the same '
          'request, and scope-check then refuses programming '
          '(scope.red_flag_open) until a clearance is recorded')
    def t_checkin_red_flag(S, A):
        cid = new_client(S, A, 'Flag')
        r = A.get('/api/consents/current', S.tok(AT))
        if r.status == 200:
            expect_status(A.post('/api/clients/%d/consent' % cid,
                                 {'version': r.json['version'],
                                  'signer_name': 'F. Logs'}, S.tok(AT)), 201)

        def scope():
            return A.post('/api/clients/%d/scope-check' % cid,
                          {'action': 'program_healthy'}, S.tok(AT))

        expect_status(scope(), 200)
        r = A.post(checkins(cid), good_checkin(
            red_flags=['ces.saddle_anaesthesia', 'cardiac.palpitations']),
            S.tok(AT))
        expect_status(r, 201)
        c, scr = r.json['checkin'], r.json['screening']
        eq(c['red_flags'], ['ces.saddle_anaesthesia', 'cardiac.palpitations'],
           'red flags as given')
        check(isinstance(scr, dict), 'no screening in the reply: %r' % r.json)
        eq((scr['client_id'], scr['outcome']), (cid, 'refer'), 'screening')
        eq(scr['answers'], {'red_flags': c['red_flags'],
                            'checkin_id': c['id']}, 'screening answers')
        res = scr['result']
        eq((res['outcome'], res['urgency'], res['intensity_ceiling']),
           ('refer', 'emergency', 'none'), 'result (CES is an emergency)')
        eq(res['blocks'], ['all_training'], 'blocks')
        # Red-flag table order: cardiac rows come before CES rows.
        eq([x['rule'] for x in res['reasons']],
           ['redflag.cardiac.palpitations', 'redflag.ces.saddle_anaesthesia'],
           'reasons')
        # The same reasons as `rebound screen` gives for those flags.
        full = {'age': 30, 'pregnant': False, 'temporary_illness': False,
                'parq': {'g%d' % i: False for i in range(1, 8)},
                'acsm': {'regular_exercise': True, 'known_disease': [],
                         'symptoms': [], 'desired_intensity': 'moderate'},
                'red_flags': ['ces.saddle_anaesthesia',
                              'cardiac.palpitations']}
        p = S.cli('screen', '-', stdin=json.dumps(full))
        eq(p.returncode, 0, 'rebound screen exit (stderr %r)' % p.stderr)
        want = json.loads(p.stdout)
        eq([x for x in res['reasons']],
           [x for x in want['reasons'] if x['rule'].startswith('redflag.')],
           'reasons as rebound screen gives them')
        eq((res['urgency'], res['intensity_ceiling'], res['blocks']),
           (want['urgency'], want['intensity_ceiling'], want['blocks']),
           'urgency, ceiling and blocks as rebound screen gives them')
        e = S.audit_for(r, 'screening.create')
        eq((e['record_id'], e['client_id']), (scr['id'], cid),
           'screening.create audit row')
        check(e['detail'].startswith('refer') and str(c['id']) in e['detail'],
              'screening.create detail %r' % e['detail'])
        S.audit_for(r, 'checkin.add')
        r = A.get('/api/clients/%d/screenings' % cid, S.tok(AT))
        expect_status(r, 200)
        eq([x['id'] for x in r.json['screenings']], [scr['id']],
           'the screening is on file')
        r = scope()
        err = expect_error(r, 403, 'out_of_scope', None)
        eq(err.get('rule'), 'scope.red_flag_open', 'refusal rule')
        # A clinician's clearance recorded after it closes the red flag.
        expect_status(A.post('/api/clients/%d/clearances' % cid,
                             {'provider': 'Dr A. Okafor',
                              'provider_credential': 'physician',
                              'cleared_on': day(0), 'expires_on': day(90)},
                             S.tok(AT)), 201)
        expect_status(scope(), 200)

    @test('check-ins: a red flag reported by the client through the portal '
          'pauses programming too; a refused check-in stores nothing')
    def t_checkin_red_flag_atomic(S, A):
        cid = new_client(S, A, 'Atomic')
        # Invalid after the red flag: nothing stored, no screening.
        bad = good_checkin(red_flags=['cardiac.syncope'], mood=9)
        expect_error(A.post(checkins(cid), bad, S.tok(AT)), 400,
                     'out_of_range', 'mood')
        r = A.get('/api/clients/%d/screenings' % cid, S.tok(AT))
        expect_status(r, 200)
        eq(r.json['screenings'], [], 'screenings after a refused check-in')
        r = A.get(checkins(cid), S.tok(AT))
        eq(r.json['checkins'], [], 'check-ins after a refused check-in')
        # The portal path: a client with a login of their own (not Maya,
        # whose state later tests rely on) reports a postnatal flag
        # (routine urgency, blocks impact only).
        pid = new_client(S, A, 'Portal')
        r = A.post('/api/users', {'email': 'portal.logs@riverside.example',
                                  'name': 'Portal Logs', 'role': 'client',
                                  'client_id': pid}, S.tok(AT))
        expect_status(r, 201)
        expect_status(A.post('/api/invites/accept',
                             {'token': r.json['invite_token'],
                              'password': 'portal-pass-123'}), 200)
        ps = S.login('portal.logs@riverside.example', 'portal-pass-123')
        r = A.post(checkins(pid), good_checkin(
            kind='daily', red_flags=['postnatal.heaviness']), ps['token'])
        expect_status(r, 201)
        res = r.json['screening']['result']
        eq((res['outcome'], res['urgency'], res['intensity_ceiling'],
            res['blocks']), ('refer', 'routine', 'vigorous', ['impact']),
           'postnatal flag result')
        eq(r.json['screening']['screened_by'], ps['user']['id'],
           'screened_by the client')
        S.audit_for(r, 'screening.create')
        err = expect_error(A.post('/api/clients/%d/scope-check' % pid,
                                  {'action': 'program_healthy'}, S.tok(AT)),
                           403, 'out_of_scope', None)
        eq(err.get('rule'), 'scope.red_flag_open', 'refusal rule')
        # The portal client still cannot touch Maya's log.
        expect_error(A.get(checkins(S.client_id('Maya')), ps['token']), 403,
                     'forbidden')
