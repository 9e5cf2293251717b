"""API tests for practice documents: incident reports (sign once, then only
amendments), referral letters (HTML) and public practitioner profiles.

Registered into run_api_tests.py's ordered test list by register(), after
intake_tests: by then `at` holds a verified boc_atc credential (issuer
BOC) with a current CPR card.
"""
import datetime
import sqlite3


def day(offset=0):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def html_escape(s):
    return (s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
            .replace('"', '&quot;').replace("'", '&#39;'))


REFER = {
    'age': 30, 'pregnant': False, 'temporary_illness': False,
    'parq': {'g1': False, 'g2': False, 'g3': False, 'g4': False,
             'g5': False, 'g6': False, 'g7': False},
    'acsm': {'regular_exercise': True, 'known_disease': [], 'symptoms': [],
             'desired_intensity': 'moderate'},
    'red_flags': ['ces.saddle_anaesthesia'],
}

INCIDENT_KEYS = sorted(['id', 'client_id', 'occurred_at', 'location',
                        'description', 'actions_taken', 'referral',
                        'reported_by', 'created_at', 'updated_at', 'signed',
                        'signed_by', 'signed_at'])


def register(h):
    test, check, eq = h.test, h.check, h.eq
    expect_status, expect_error = h.expect_status, h.expect_error
    OWNER, BOSS, MAYA, AT, CPT = h.OWNER, h.BOSS, h.MAYA, h.AT, h.CPT
    BOSS_PASSWORD = h.BOSS_PASSWORD
    ids = {}

    def new_client(S, A, first, last='Docs', **kw):
        body = {'first_name': first, 'last_name': last}
        body.update(kw)
        r = A.post('/api/clients', body, S.tok(OWNER))
        expect_status(r, 201)
        return r.json['id']

    def incident(**kw):
        body = {'occurred_at': day(-1) + 'T17:45', 'location': 'Gym floor',
                'description': 'Client rolled an ankle on a box jump.',
                'actions_taken': 'Ice, compression, elevation; stopped.'}
        body.update(kw)
        return body

    # ---- incident reports ------------------------------------------------

    @test('incidents: staff record a report; the body is checked strictly')
    def t_incident_create(S, A):
        cid = new_client(S, A, 'Incident')
        ids['client'] = cid
        r = A.post('/api/incidents', incident(client_id=cid,
                                              referral='Urgent care'),
                   S.tok(AT))
        expect_status(r, 201)
        eq(sorted(r.json), INCIDENT_KEYS, 'incident keys')
        eq(r.json['client_id'], cid, 'client_id')
        eq(r.json['reported_by'], S.uid(AT), 'reported_by')
        eq(r.json['signed'], False, 'unsigned')
        eq(r.json['signed_at'], None, 'signed_at')
        ids['inc'] = r.json['id']
        S.audit_for(r, 'incident.create')
        # A report without a client, by another practitioner.
        r = A.post('/api/incidents', incident(occurred_at=day(-2)),
                   S.tok(CPT))
        expect_status(r, 201)
        eq(r.json['client_id'], None, 'no client')
        ids['inc_cpt'] = r.json['id']
        bad = incident()
        del bad['location']
        expect_error(A.post('/api/incidents', bad, S.tok(AT)), 400,
                     'missing_field', 'location')
        expect_error(A.post('/api/incidents', incident(occurred_at='yesterday'),
                            S.tok(AT)), 400, 'out_of_range', 'occurred_at')
        expect_error(A.post('/api/incidents', incident(occurred_at=day(30)),
                            S.tok(AT)), 400, 'out_of_range', 'occurred_at')
        expect_error(A.post('/api/incidents', incident(severity='high'),
                            S.tok(AT)), 400, 'unknown_field', 'severity')
        expect_error(A.post('/api/incidents', incident(description=7),
                            S.tok(AT)), 400, 'wrong_type', 'description')
        # A client of another practice is not a client of this one.
        boss = S.tok(BOSS, BOSS_PASSWORD)
        r = A.post('/api/clients', {'first_name': 'Other', 'last_name': 'X'},
                   boss)
        expect_status(r, 201)
        ids['other_client'] = r.json['id']
        expect_error(A.post('/api/incidents',
                            incident(client_id=r.json['id']), S.tok(AT)),
                     400, 'out_of_range', 'client_id')
        # Clients do not file incident reports.
        expect_error(A.post('/api/incidents', incident(), S.tok(MAYA)), 403,
                     'forbidden')

    @test('incidents: the reporter or an owner edits an unsigned report')
    def t_incident_patch(S, A):
        inc = ids['inc']
        r = A.patch('/api/incidents/%d' % inc,
                    {'description': 'Rolled the LEFT ankle on a box jump.'},
                    S.tok(AT))
        expect_status(r, 200)
        eq(r.json['description'], 'Rolled the LEFT ankle on a box jump.',
           'description')
        eq(r.json['location'], 'Gym floor', 'location kept')
        S.audit_for(r, 'incident.update')
        r = A.patch('/api/incidents/%d' % inc, {'referral': None}, S.tok(OWNER))
        expect_status(r, 200)
        eq(r.json['referral'], None, 'referral cleared')
        # Another practitioner does not see it at all.
        expect_error(A.patch('/api/incidents/%d' % inc, {'location': 'x'},
                             S.tok(CPT)), 404, 'not_found')
        expect_error(A.patch('/api/incidents/%d' % inc, {}, S.tok(AT)), 400,
                     'missing_field')
        expect_error(A.patch('/api/incidents/%d' % inc, {'location': ''},
                             S.tok(AT)), 400, 'out_of_range', 'location')

    @test('incidents: signed once by the reporter; then 409 incident_signed '
          'and only amendments')
    def t_incident_sign(S, A):
        inc = ids['inc']
        expect_error(A.post('/api/incidents/%d/amendments' % inc,
                            {'text': 'too early'}, S.tok(AT)), 409,
                     'incident_unsigned')
        expect_error(A.post('/api/incidents/%d/sign' % inc, None, S.tok(CPT)),
                     404, 'not_found')
        r = A.post('/api/incidents/%d/sign' % inc, None, S.tok(AT))
        expect_status(r, 200)
        eq(r.json['signed'], True, 'signed')
        eq(r.json['signed_by'], S.uid(AT), 'signed_by')
        check(r.json['signed_at'], 'signed_at set')
        S.audit_for(r, 'incident.sign')
        expect_error(A.post('/api/incidents/%d/sign' % inc, None,
                            S.tok(OWNER)), 409, 'incident_signed')
        expect_error(A.patch('/api/incidents/%d' % inc, {'location': 'Pool'},
                             S.tok(AT)), 409, 'incident_signed')
        expect_error(A.patch('/api/incidents/%d' % inc, {'location': 'Pool'},
                             S.tok(OWNER)), 409, 'incident_signed')
        r = A.post('/api/incidents/%d/amendments' % inc,
                   {'text': 'Client saw a physician; no fracture.'}, S.tok(AT))
        expect_status(r, 201)
        eq(r.json['text'], 'Client saw a physician; no fracture.', 'text')
        eq(r.json['incident_id'], inc, 'incident_id')
        S.audit_for(r, 'incident.amend')
        r = A.post('/api/incidents/%d/amendments' % inc,
                   {'text': 'Follow-up: back to training.'}, S.tok(OWNER))
        expect_status(r, 201)
        expect_error(A.post('/api/incidents/%d/amendments' % inc, {},
                            S.tok(AT)), 400, 'missing_field', 'text')
        expect_error(A.post('/api/incidents/%d/amendments' % inc,
                            {'text': 'x', 'by': 'me'}, S.tok(AT)), 400,
                     'unknown_field', 'by')
        r = A.get('/api/incidents/%d' % inc, S.tok(AT))
        expect_status(r, 200)
        eq([m['text'] for m in r.json['amendments']],
           ['Client saw a physician; no fracture.',
            'Follow-up: back to training.'], 'amendments in order')
        eq(r.json['location'], 'Gym floor', 'content unchanged')
        S.audit_for(r, 'incident.read')

    @test('incidents: owners list all, practitioners their own; other '
          'practices get 404')
    def t_incident_list(S, A):
        inc, inc_cpt = ids['inc'], ids['inc_cpt']

        def listed(token):
            r = A.get('/api/incidents', token)
            expect_status(r, 200)
            return r, [i['id'] for i in r.json['incidents']]

        r, got = listed(S.tok(OWNER))
        check(inc in got and inc_cpt in got, 'owner sees all: %r' % got)
        S.audit_for(r, 'incident.list')
        _, got = listed(S.tok(AT))
        check(inc in got and inc_cpt not in got, 'AT sees own: %r' % got)
        _, got = listed(S.tok(CPT))
        check(inc_cpt in got and inc not in got, 'CPT sees own: %r' % got)
        expect_error(A.get('/api/incidents/%d' % inc, S.tok(CPT)), 404,
                     'not_found')
        expect_status(A.get('/api/incidents/%d' % inc_cpt, S.tok(OWNER)), 200)
        boss = S.tok(BOSS, BOSS_PASSWORD)
        _, got = listed(boss)
        eq(got, [], 'the other practice sees none of them')
        expect_error(A.get('/api/incidents/%d' % inc, boss), 404, 'not_found')
        expect_error(A.patch('/api/incidents/%d' % inc_cpt, {'location': 'x'},
                             boss), 404, 'not_found')
        expect_error(A.post('/api/incidents/%d/sign' % inc_cpt, None, boss),
                     404, 'not_found')
        expect_error(A.get('/api/incidents', S.tok(MAYA)), 403, 'forbidden')
        expect_error(A.get('/api/incidents'), 401, 'unauthenticated')

    @test('incidents: the database itself refuses to change a signed report '
          'or an amendment')
    def t_incident_db(S, A):
        inc = ids['inc']
        con = sqlite3.connect(S.db, timeout=10)
        try:
            for sql, args in [
                    ('UPDATE incidents SET description = ? WHERE id = ?',
                     ('rewritten', inc)),
                    ('DELETE FROM incidents WHERE id = ?', (inc,)),
                    ('UPDATE incident_amendments SET text = ? '
                     'WHERE incident_id = ?', ('rewritten', inc)),
                    ('DELETE FROM incident_amendments WHERE incident_id = ?',
                     (inc,))]:
                try:
                    con.execute(sql, args)
                    con.commit()
                    raise h.Fail('the database accepted: %s' % sql)
                except sqlite3.DatabaseError as e:
                    con.rollback()
                    check('signed' in str(e) or 'append-only' in str(e),
                          'refused for the wrong reason: %s' % e)
            row = con.execute('SELECT description FROM incidents '
                              'WHERE id = ?', (inc,)).fetchone()
            eq(row[0], 'Rolled the LEFT ankle on a box jump.', 'unchanged')
        finally:
            con.close()

    # ---- referral letters --------------------------------------------------

    @test('referral: an escaped, self-contained HTML letter with the red '
          'flag message')
    def t_referral(S, A):
        cid = new_client(S, A, '<script>x</script>', "O'Brien & <b>Sons</b>",
                         birth_date='1990-04-02')
        r = A.post('/api/clients/%d/injuries' % cid,
                   {'region': 'ankle_foot', 'side': 'left', 'kind': 'sprain',
                    'onset_on': day(-10), 'notes': 'Swollen <i>a lot</i>'},
                   S.tok(AT))
        expect_status(r, 201)
        r = A.post('/api/clients/%d/screenings' % cid, REFER, S.tok(AT))
        expect_status(r, 201)
        eq(r.json['outcome'], 'refer', 'a red-flag screening refers')
        msgs = [x['message'] for x in r.json['result']['reasons']
                if 'saddle' in x['rule']]
        check(msgs, 'no red-flag reason in %r' % r.json['result'])
        r = A.get('/api/clients/%d/referral?to=physician' % cid, S.tok(AT))
        expect_status(r, 200)
        eq(r.header('Content-Type'), 'text/html; charset=utf-8',
           'Content-Type')
        body = r.body.decode('utf-8')
        check(body.startswith('<!DOCTYPE html>'), 'a whole HTML page')
        check('<script>' not in body and '<b>Sons' not in body and
              '<i>a lot' not in body, 'user strings unescaped: %s' % body)
        check('&lt;script&gt;x&lt;/script&gt;' in body, 'escaped first name')
        check('O&#39;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;' in body,
              'escaped last name')
        check('1990-04-02' in body, 'date of birth')
        check(html_escape(msgs[0]) in body, 'red flag message %r' % msgs[0])
        check('Rebound does not diagnose' in body, 'the disclaimer')
        check('BOC' in body, 'the referring ATC\'s credential')
        check(AT in body, 'the referring practitioner\'s e-mail')
        check('ankle' in body and 'sprain' in body, 'the injury')
        csp = r.header('Content-Security-Policy')
        check(csp is None or "style-src 'unsafe-inline'" in csp,
              'a CSP that blocks the letter\'s own style: %r' % csp)
        check('<script' not in body.lower(), 'no script in the letter')
        S.audit_for(r, 'referral.create')
        r = A.get('/api/clients/%d/referral?to=physical_therapist' % cid,
                  S.tok(OWNER))
        expect_status(r, 200)
        check('physical therapist' in r.body.decode('utf-8'), 'to a PT')
        expect_error(A.get('/api/clients/%d/referral?to=dentist' % cid,
                           S.tok(AT)), 400, 'out_of_range', 'to')
        expect_error(A.get('/api/clients/%d/referral' % cid, S.tok(AT)), 400,
                     'missing_field', 'to')
        expect_error(A.get('/api/clients/%d/referral?to=physician&x=1' % cid,
                           S.tok(AT)), 400, 'unknown_field')
        maya = S.client_id('Maya')
        expect_error(A.get('/api/clients/%d/referral?to=physician' % maya,
                           S.tok(MAYA)), 403, 'forbidden')
        expect_error(A.get('/api/clients/%d/referral?to=physician' % cid,
                           S.tok(BOSS, BOSS_PASSWORD)), 404, 'not_found')
        expect_error(A.get('/api/clients/%d/referral?to=physician' % cid),
                     401, 'unauthenticated')

    # ---- public practitioner profiles ----------------------------------------

    @test('public profile: verified current credentials only, no login, 404 '
          'for clients and unknown ids')
    def t_public_profile(S, A):
        at = S.user_id(AT)
        r = A.post('/api/users/%d/credentials' % at,
                   {'kind': 'nasm_cpt', 'issuer': 'Unverified Issuer',
                    'number': 'U-1', 'issued_on': day(-30),
                    'expires_on': day(300), 'cpr_expires_on': day(200)},
                   S.tok(AT))
        expect_status(r, 201)
        eq(r.json['status'], 'unverified', 'self-reported')
        r = A.get('/api/public/practitioners/%d' % at)
        expect_status(r, 200)
        eq(sorted(r.json), ['credentials', 'name', 'practice'], 'keys')
        eq(sorted(r.json['practice']), ['kind', 'name'], 'practice keys')
        eq(r.json['name'], S.session(AT)['user']['name'], 'name')
        eq(r.json['practice']['name'], S.session(AT)['org']['name'],
           'practice name')
        issuers = [c['issuer'] for c in r.json['credentials']]
        check('BOC' in issuers, 'the verified ATC is shown: %r' % issuers)
        check('Unverified Issuer' not in issuers,
              'the unverified card is hidden: %r' % issuers)
        for c in r.json['credentials']:
            eq(sorted(c), ['expires_on', 'issuer', 'name'], 'credential keys')
            check(c['expires_on'] >= day(), 'current: %r' % c)
        check('email' not in r.body.decode('utf-8'), 'no e-mail in public')
        expect_error(A.get('/api/public/practitioners/%d' % S.uid(MAYA)), 404,
                     'not_found')
        expect_error(A.get('/api/public/practitioners/99999999'), 404,
                     'not_found')
        expect_error(A.get('/api/public/practitioners/abc'), 404, 'not_found')
        # The owner's profile works too (staff), with a session or without.
        expect_status(A.get('/api/public/practitioners/%d' % S.uid(OWNER),
                            S.tok(OWNER)), 200)
