"""API tests for assessments: recording measures and questionnaires, the
400s of every kind of bad measure, reading, comparing, trends and the phase
gate of a client's open case (issue: assessment).

Registered into run_api_tests.py's ordered test list by register(), after
documents_tests: by then `at` holds a verified boc_atc credential with a
current CPR card, and a consent form is published.
"""
import datetime


def day(offset=0):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def register(h):
    test, check, eq = h.test, h.check, h.eq
    expect_status, expect_error = h.expect_status, h.expect_error
    OWNER, BOSS, MAYA, AT = h.OWNER, h.BOSS, h.MAYA, h.AT
    BOSS_PASSWORD = h.BOSS_PASSWORD
    ids = {}

    def client(S, A):
        if 'client' not in ids:
            r = A.post('/api/clients', {'first_name': 'Rita', 'last_name':
                                        'Runner', 'birth_date': '1981-05-02',
                                        'sex': 'female'}, S.tok(OWNER))
            expect_status(r, 201)
            ids['client'] = r.json['id']
        return ids['client']

    def record(S, A, body, email=AT):
        return A.post('/api/clients/%d/assessments' % client(S, A), body,
                      S.tok(email))

    BASE = {
        'date': day(-10),
        'notes': 'first visit',
        'measures': [
            {'measure': 'ankle_dorsiflexion_wblt', 'side': 'left',
             'value': 8},
            {'measure': 'ankle_dorsiflexion_wblt', 'side': 'right',
             'value': 11},
            {'test': 'ybt', 'side': 'left', 'anterior': 60,
             'posteromedial': 90, 'posterolateral': 84, 'limb_length': 90},
            {'test': 'ybt', 'side': 'right', 'anterior': 66,
             'posteromedial': 96, 'posterolateral': 90, 'limb_length': 90},
            {'measure': 'sls_eyes_closed', 'side': 'left', 'value': 6},
            {'measure': 'sls_eyes_closed', 'side': 'right', 'value': 18},
        ],
        'questionnaires': [
            # QuickDASH: (sum 33 / 11 answered - 1) * 25 = 50.0
            {'instrument': 'quickdash', 'answers': [3] * 11},
        ],
    }

    @test('assessments: measures, raw tests and questionnaires are recorded, '
          'derived values and findings returned')
    def t_record(S, A):
        r = record(S, A, BASE)
        expect_status(r, 201)
        doc = r.json
        ids['first'] = doc['id']
        eq(doc['date'], BASE['date'], 'date')
        eq(doc['notes'], 'first visit', 'notes')
        ms = {(m['measure'], m['side']): m['value'] for m in doc['measures']}
        eq(ms[('ankle_dorsiflexion_wblt', 'left')], 8, 'wblt left')
        # Y-Balance composite = (60 + 90 + 84) / (3 * 90) * 100 = 86.67
        check(abs(ms[('ybt_composite', 'left')] - 86.667) < 0.01,
              'ybt composite %r' % ms.get(('ybt_composite', 'left')))
        eq(ms[('ybt_anterior', 'right')], 66, 'ybt anterior right')
        eq(ms[('quickdash', 'none')], 50, 'questionnaire stored as a measure')
        q = doc['questionnaires'][0]
        eq(q['instrument'], 'quickdash', 'instrument')
        eq(q['answers'], [3] * 11, 'item-level answers kept')
        eq(q['score'], 50, 'quickdash score')
        texts = ' | '.join(f['text'] for f in doc['findings'])
        check('8 cm vs 11 cm' in texts, 'no WBLT finding in %s' % texts)
        check(any(f['measure'] == 'ybt_anterior' and f['side'] == 'left'
                  and f['rule'] == 'diff' for f in doc['findings']),
              'no Y-Balance anterior asymmetry finding (6 cm > 4 cm)')
        S.audit_for(r, 'assessment.create')

    @test('assessments: every invalid measure is a 400 naming its field')
    def t_invalid(S, A):
        def bad(change, code, field):
            body = dict(BASE)
            body.update(change)
            expect_error(record(S, A, body), 400, code, field)

        one = lambda **m: {'date': day(-1), 'measures': [m]}  # noqa
        r = record(S, A, dict(BASE, measures=[{'measure': 'knee_wiggle',
                                                'value': 1}]))
        err = expect_error(r, 400, r.json['error']['code'], 'measures[0].measure')
        check('knee_wiggle' in err['message'], err['message'])
        r = record(S, A, one(measure='single_hop', value=150))
        expect_error(r, 400, r.json['error']['code'], 'measures[0].side')
        r = record(S, A, one(measure='single_hop', side='left', value=9999))
        expect_error(r, 400, r.json['error']['code'], 'measures[0].value')
        r = record(S, A, one(measure='plank_s', side='left', value=30))
        expect_error(r, 400, r.json['error']['code'], 'measures[0].side')
        r = record(S, A, one(measure='single_hop', side='middle', value=10))
        expect_error(r, 400, r.json['error']['code'], 'measures[0].side')
        r = record(S, A, dict(BASE, date='2026-02-30'))
        expect_error(r, 400, r.json['error']['code'], 'date')
        bad({'date': day(30)}, 'invalid_date', 'date')
        bad({'weather': 'sunny'}, 'unknown_field', 'weather')
        bad({'measures': [], 'questionnaires': []}, 'empty_assessment',
            'measures')
        bad({'questionnaires': [{'instrument': 'vibes', 'answers': [1]}]},
            'unknown_instrument', 'questionnaires[0].instrument')
        r = record(S, A, dict(BASE, questionnaires=[
            {'instrument': 'quickdash', 'answers': [3] * 9 + [None, None]}]))
        err = expect_error(r, 400, 'too_many_missing',
                           'questionnaires[0].answers')
        check('2 items missing' in err['message'] and
              'at most 1' in err['message'], err['message'])
        r = record(S, A, dict(BASE, questionnaires=[
            {'instrument': 'quickdash', 'answers': [3] * 10 + [9]}]))
        expect_error(r, 400, r.json['error']['code'],
                     'questionnaires[0].answers[10]')
        bad({'questionnaires': [{'instrument': 'nprs', 'answers': [4]}]},
            'missing_field', 'questionnaires[0].measure')
        # Nothing of the refused bodies was stored.
        r = A.get('/api/clients/%d/assessments' % client(S, A), S.tok(AT))
        expect_status(r, 200)
        eq(len(r.json['assessments']), 1, 'assessments after refusals')

    @test('assessments: list, read, compare two (with the MCID), trend')
    def t_read(S, A):
        body = dict(BASE, date=day(-2), notes=None, measures=[
            {'measure': 'ankle_dorsiflexion_wblt', 'side': 'left',
             'value': 10},
            {'measure': 'ankle_dorsiflexion_wblt', 'side': 'right',
             'value': 11}],
            questionnaires=[{'instrument': 'quickdash', 'answers': [2] * 11}])
        r = record(S, A, body)
        expect_status(r, 201)
        ids['second'] = r.json['id']
        cid = client(S, A)
        r = A.get('/api/clients/%d/assessments' % cid, S.tok(AT))
        expect_status(r, 200)
        eq([x['id'] for x in r.json['assessments']],
           [ids['second'], ids['first']], 'newest first')
        r = A.get('/api/assessments/%d' % ids['first'], S.tok(AT))
        expect_status(r, 200)
        eq(r.json['notes'], 'first visit', 'read back')
        S.audit_for(r, 'assessment.read')
        r = A.get('/api/clients/%d/assessments/compare?from=%d&to=%d'
                  % (cid, ids['first'], ids['second']), S.tok(AT))
        expect_status(r, 200)
        rows = {(m['measure'], m['side']): m for m in r.json['measures']}
        wl = rows[('ankle_dorsiflexion_wblt', 'left')]
        eq((wl['before'], wl['after'], wl['change']), (8, 10, 2), 'change')
        gone = rows[('sls_eyes_closed', 'left')]
        eq((gone['before'], gone['after']), (6, None), 'only in from')
        qd = r.json['questionnaires'][0]
        # QuickDASH 50 -> 25: 25 points better, past its MCID.
        eq((qd['instrument'], qd['change'], qd['verdict']),
           ('quickdash', -25, 'improved'), 'quickdash vs MCID')
        expect_error(A.get('/api/clients/%d/assessments/compare?from=%d'
                           % (cid, ids['first']), S.tok(AT)), 400,
                     'missing_field', 'to')
        expect_error(A.get('/api/clients/%d/assessments/compare?from=1&to=x'
                           % cid, S.tok(AT)), 400, 'invalid_value', 'to')
        r = A.get('/api/clients/%d/trend?measure=ankle_dorsiflexion_wblt'
                  % cid, S.tok(AT))
        expect_status(r, 200)
        eq([(p['date'], p['side'], p['value']) for p in r.json['points']],
           [(day(-10), 'left', 8), (day(-10), 'right', 11),
            (day(-2), 'left', 10), (day(-2), 'right', 11)], 'trend')
        expect_error(A.get('/api/clients/%d/trend?measure=vibes' % cid,
                           S.tok(AT)), 400, 'unknown_measure', 'measure')
        expect_error(A.get('/api/clients/%d/trend' % cid, S.tok(AT)), 400,
                     'missing_field', 'measure')

    @test('assessments: another practice sees nothing; a client cannot '
          'record; a client reads only their own')
    def t_access(S, A):
        cid = client(S, A)
        btok = S.tok(BOSS, BOSS_PASSWORD)
        expect_status(A.get('/api/assessments/%d' % ids['first'], btok), 404)
        expect_status(A.get('/api/clients/%d/assessments' % cid, btok), 404)
        expect_status(A.post('/api/clients/%d/assessments' % cid, BASE,
                             btok), 404)
        expect_status(A.post('/api/clients/%d/assessments' % cid, BASE,
                             S.tok(MAYA)), 403)
        expect_status(A.get('/api/clients/%d/assessments' % cid,
                            S.tok(MAYA)), 404)

    @test('gate: the open case\'s phase criteria against the latest '
          'measures: met, not met, missing, then ready')
    def t_gate(S, A):
        cid = client(S, A)
        expect_error(A.get('/api/clients/%d/gate' % cid, S.tok(AT)), 404,
                     'no_open_case')
        r = A.get('/api/consents/current', S.tok(AT))
        if r.status == 200:
            expect_status(A.post('/api/clients/%d/consent' % cid,
                                 {'version': r.json['version'],
                                  'signer_name': 'Rita Runner'},
                                 S.tok(AT)), 201)
        r = A.post('/api/clients/%d/injuries' % cid,
                   {'region': 'ankle_foot', 'side': 'left', 'kind': 'sprain',
                    'onset_on': day(-12), 'status': 'active'}, S.tok(AT))
        expect_status(r, 201)
        r = A.post('/api/clients/%d/cases' % cid,
                   {'injury_id': r.json['id'],
                    'protocol': 'ankle-sprain-acute'}, S.tok(AT))
        expect_status(r, 201)
        r = A.get('/api/clients/%d/gate' % cid, S.tok(AT))
        expect_status(r, 200)
        g = r.json['gate']
        eq((g['protocol'], g['phase'], g['ready']),
           ('ankle-sprain-acute', 'protect', False), 'gate head')
        verdicts = {c['id']: c['verdict'] for c in g['criteria']}
        eq(verdicts, {'pain-walking': 'missing', 'walk-10': 'missing'},
           'nothing measured yet')
        eq(sorted(g['to_test']), ['pain_activity', 'walk_minutes'], 'to_test')
        r = record(S, A, {'date': day(0), 'measures': [
            {'measure': 'pain_activity', 'value': 4},
            {'measure': 'walk_minutes', 'value': 15}]})
        expect_status(r, 201)
        g = A.get('/api/clients/%d/gate' % cid, S.tok(AT)).json['gate']
        verdicts = {c['id']: (c['verdict'], c['value'], c['threshold'])
                    for c in g['criteria']}
        eq(verdicts['pain-walking'], ('not_met', 4, 2), 'pain not met')
        eq(verdicts['walk-10'], ('met', 15, 10), 'walk met')
        eq(g['ready'], False, 'not ready with pain 4/10')
        r = record(S, A, {'date': day(0), 'measures': [
            {'measure': 'pain_activity', 'value': 1}]})
        expect_status(r, 201)
        r = A.get('/api/clients/%d/gate' % cid, S.tok(AT))
        g = r.json['gate']
        eq((g['ready'], g['next']), (True, 'rom'), 'ready for the next phase')
        S.audit_for(r, 'gate.read')
        # The practitioner moves the case on: only because the gate is met.
        adv = '/api/clients/%d/case/advance' % cid
        expect_status(A.post(adv, {}, S.tok(MAYA)), 403)
        r = A.post(adv, {'reason': 'walks pain-free'}, S.tok(AT))
        expect_status(r, 200)
        eq((r.json['phase_id'], r.json['status']), ('rom', 'open'), 'advanced')
        S.audit_for(r, 'case.advance')
        # The measures on record already meet "rom" (lunge 10 vs 11 cm,
        # pain 1/10), so it may move on again at once ...
        g = A.get('/api/clients/%d/gate' % cid, S.tok(AT)).json['gate']
        eq((g['phase'], g['ready']), ('rom', True), 'the rom gate')
        r = A.post(adv, {}, S.tok(AT))
        eq(r.json['phase_id'], 'balance', 'advanced again')
        # ... but not past "balance": Y-Balance anterior 60 vs 66 cm.
        g = A.get('/api/clients/%d/gate' % cid, S.tok(AT)).json['gate']
        eq((g['phase'], g['ready']), ('balance', False), 'the balance gate')
        expect_error(A.post(adv, {}, S.tok(AT)), 409, 'gate_not_met')
        expect_error(A.post(adv, {'close': True}, S.tok(AT)), 400,
                     'missing_field', 'reason')
        r = A.post(adv, {'close': True, 'reason': 'referred on'}, S.tok(AT))
        expect_status(r, 200)
        eq(r.json['status'], 'closed', 'closed')
        expect_error(A.get('/api/clients/%d/gate' % cid, S.tok(AT)), 404,
                     'no_open_case')
