#!/usr/bin/env python3
"""HTTP API tests for Rebound: start a real server on a demo database and
check the API contract from the outside.

    python3 tests/api/run_api_tests.py PATH/TO/rebound

The script makes a temporary database (`rebound init --demo`, plus a second
practice made with `rebound org create`), starts `rebound serve` on a free
port, runs the tests in order, prints TAP ("ok N - ..." / "not ok N - ..."
with "# " diagnostics, and the plan "1..N" at the end), stops the server with
SIGTERM while a request is half sent (that request must still be answered,
and the server must exit 0 within 15 s), checks its stderr for sanitizer
reports and removes the temporary directory.  Exit status 1 if any test
failed; the server's access log (stderr) is printed as "# " lines then.

Python 3 standard library only.  The tests share one server and run in the
order they are defined: later tests use accounts and records earlier ones
made.  Timeouts are generous so the run also passes on a sanitizer build.
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

DEMO_PASSWORD = 'rebound-demo-2026'
OWNER = 'owner@riverside.example'
AT = 'at@riverside.example'          # practitioner used throughout
CPT = 'cpt@riverside.example'        # practitioner for the lockout test
MAYA = 'maya@riverside.example'      # client, linked to "Maya Torres"
BOSS = 'boss@other.example'          # owner of the second practice
BOSS_PASSWORD = 'other-pass-123'
NEW_PASSWORD = 'a-new-password-42'

REQUEST_TIMEOUT = 20.0   # seconds per HTTP request (sanitizer builds are slow)
CLI_TIMEOUT = 60.0
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
BODY_LIMIT = 1024 * 1024
UNSET = object()


# ---- small assertion helpers ------------------------------------------------

class Fail(Exception):
    """A failed assertion inside a test."""


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def eq(actual, expected, what):
    if actual != expected:
        raise Fail('%s: expected %r, got %r' % (what, expected, actual))


def each(cases, fn):
    """Run fn on every case; fail with all the cases that failed."""
    bad = []
    for case in cases:
        try:
            fn(case)
        except Fail as e:
            bad.append('%r: %s' % (case, e))
    if bad:
        raise Fail('%d of %d cases failed:\n' % (len(bad), len(cases)) +
                   '\n'.join(bad))


# ---- HTTP -------------------------------------------------------------------

class Resp:
    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers          # http.client.HTTPMessage
        self.body = body
        self.json = None
        if body:
            try:
                self.json = json.loads(body.decode('utf-8'))
            except ValueError:
                self.json = None
        self.rid = headers.get('X-Request-Id')

    def header(self, name):
        return self.headers.get(name)

    def header_all(self, name):
        return self.headers.get_all(name) or []

    def summary(self):
        text = self.body[:400].decode('utf-8', 'replace')
        return '%s %s -> %s %s' % (self.method, self.path, self.status, text)


class Api:
    def __init__(self, port):
        self.port = port
        self.trace = []          # exchanges of the current test
        self.request_ids = []    # every X-Request-Id seen
        self.missing_rid = []    # responses without one

    def connect(self):
        return http.client.HTTPConnection('127.0.0.1', self.port,
                                          timeout=REQUEST_TIMEOUT)

    def call(self, method, path, body=None, token=None, cookies=None,
             csrf=None, ctype='application/json', headers=None, conn=None):
        h = {}
        data = None
        if body is not None:
            if isinstance(body, (bytes, bytearray)):
                data = bytes(body)
            elif isinstance(body, str):
                data = body.encode('utf-8')
            else:
                data = json.dumps(body).encode('utf-8')
            if ctype is not None:
                h['Content-Type'] = ctype
        if token is not None:
            h['Authorization'] = 'Bearer ' + token
        if cookies:
            h['Cookie'] = '; '.join('%s=%s' % kv for kv in cookies.items())
        if csrf is not None:
            h['X-CSRF-Token'] = csrf
        if headers:
            h.update(headers)
        own = conn is None
        c = self.connect() if own else conn
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            payload = r.read()
            resp = Resp(method, path, r.status, r.msg, payload)
        finally:
            if own:
                c.close()
        self.trace.append(resp)
        if resp.rid:
            self.request_ids.append(resp.rid)
        else:
            self.missing_rid.append(resp.summary())
        return resp

    def get(self, path, token=None, **kw):
        return self.call('GET', path, token=token, **kw)

    def post(self, path, body, token=None, **kw):
        return self.call('POST', path, body=body, token=token, **kw)

    def patch(self, path, body, token=None, **kw):
        return self.call('PATCH', path, body=body, token=token, **kw)


def expect_status(r, status):
    if r.status != status:
        raise Fail('HTTP status: expected %d, got %s' % (status, r.summary()))


def expect_error(r, status, code, field=UNSET):
    """The documented error shape: {"error":{"code","message","field"}}."""
    expect_status(r, status)
    check(r.header('Content-Type') is not None and
          r.header('Content-Type').startswith('application/json'),
          'error Content-Type is %r' % r.header('Content-Type'))
    check(isinstance(r.json, dict) and isinstance(r.json.get('error'), dict),
          'error body is not {"error":{...}}: %r' % r.body[:300])
    err = r.json['error']
    eq(err.get('code'), code, 'error.code')
    check(isinstance(err.get('message'), str) and err['message'],
          'error.message missing or empty: %r' % err)
    check('field' in err, 'error.field key missing: %r' % err)
    check(err['field'] is None or isinstance(err['field'], str),
          'error.field is neither string nor null: %r' % err)
    if field is not UNSET:
        eq(err['field'], field, 'error.field')
    return err


# ---- the server and the shared state ----------------------------------------

class State:
    def __init__(self, binary, tmp):
        self.binary = binary
        self.tmp = tmp
        self.db = os.path.join(tmp, 'r.db')
        self.log_path = os.path.join(tmp, 'access.log')
        self.proc = None
        self.log = None
        self.api = None
        self.sessions = {}
        self.ids = {}     # named record ids made along the way

    def cli(self, *args, stdin=None):
        return subprocess.run([self.binary] + list(args), input=stdin,
                              capture_output=True, text=True,
                              timeout=CLI_TIMEOUT)

    def start(self):
        self.log = open(self.log_path, 'w')
        self.proc = subprocess.Popen(
            [self.binary, 'serve', '--db', self.db, '--listen', '127.0.0.1:0',
             '--web', '/nonexistent'],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self.log, text=True)
        box = []
        reader = threading.Thread(
            target=lambda: box.append(self.proc.stdout.readline()),
            daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        line = box[0] if box else ''
        m = re.search(r'http://127\.0\.0\.1:(\d+)/', line)
        if not m:
            raise RuntimeError('server did not announce its port: %r' % line)
        self.api = Api(int(m.group(1)))

    def login(self, email, password=DEMO_PASSWORD):
        """A fresh session; raises if the login fails."""
        r = self.api.post('/api/login', {'email': email, 'password': password})
        expect_status(r, 200)
        return {'token': r.json['token'], 'csrf': r.json['csrf_token'],
                'user': r.json['user'], 'org': r.json['org'], 'resp': r}

    def session(self, email, password=DEMO_PASSWORD):
        """A cached session for 'email'."""
        if email not in self.sessions:
            self.sessions[email] = self.login(email, password)
        return self.sessions[email]

    def tok(self, email, password=DEMO_PASSWORD):
        return self.session(email, password)['token']

    def uid(self, email, password=DEMO_PASSWORD):
        return self.session(email, password)['user']['id']

    def user_id(self, email):
        """Id of a Riverside account, from the owner's user list."""
        r = self.api.get('/api/users', self.tok(OWNER))
        expect_status(r, 200)
        for u in r.json['users']:
            if u['email'] == email:
                return u['id']
        raise Fail('no user %s in the owner\'s list' % email)

    def client_id(self, first_name):
        """Id of a Riverside demo client by first name."""
        key = 'client:' + first_name
        if key not in self.ids:
            r = self.api.get('/api/clients?limit=500', self.tok(OWNER))
            expect_status(r, 200)
            for c in r.json['clients']:
                if c['first_name'] == first_name:
                    self.ids[key] = c['id']
            check(key in self.ids, 'no demo client named %s' % first_name)
        return self.ids[key]

    def audit(self, query='', email=OWNER, password=DEMO_PASSWORD):
        r = self.api.get('/api/audit?limit=1000' + query,
                         self.tok(email, password))
        expect_status(r, 200)
        return r.json['entries']

    def audit_for(self, resp, action, email=OWNER, password=DEMO_PASSWORD):
        """The audit entry made by request 'resp', checked for 'action'."""
        check(resp.rid, 'response has no X-Request-Id')
        rows = [e for e in self.audit('', email, password)
                if e['request_id'] == resp.rid]
        check(rows, 'no audit entry with request_id %s (%s)'
              % (resp.rid, resp.summary()))
        acts = [e['action'] for e in rows]
        check(action in acts, 'audit entries for request %s are %r, not %r'
              % (resp.rid, acts, action))
        e = [e for e in rows if e['action'] == action][0]
        eq(e['address'], '127.0.0.1', 'audit address')
        return e


TESTS = []


def test(desc):
    def wrap(fn):
        TESTS.append((desc, fn))
        return fn
    return wrap


def user_shape(u):
    for k, t in (('id', int), ('org_id', int), ('email', str), ('name', str),
                 ('role', str), ('active', bool), ('disabled', bool),
                 ('created_at', str)):
        check(isinstance(u.get(k), t), 'user.%s is not %s: %r'
              % (k, t.__name__, u))


def org_shape(o):
    for k, t in (('id', int), ('name', str), ('kind', str),
                 ('created_at', str)):
        check(isinstance(o.get(k), t), 'org.%s is not %s: %r'
              % (k, t.__name__, o))


CLIENT_KEYS = {'id', 'org_id', 'user_id', 'practitioner_id', 'first_name',
               'last_name', 'birth_date', 'sex', 'email', 'phone',
               'created_at', 'updated_at'}
AUDIT_KEYS = {'id', 'at', 'user_id', 'action', 'record_type', 'record_id',
              'client_id', 'address', 'request_id', 'detail'}
TIME_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$')


def client_shape(c):
    check(isinstance(c, dict), 'client is not an object: %r' % (c,))
    eq(set(c), CLIENT_KEYS, 'client keys')
    check(TIME_RE.match(c['created_at']), 'created_at %r' % c['created_at'])
    check(TIME_RE.match(c['updated_at']), 'updated_at %r' % c['updated_at'])


def cookie_map(resp):
    out = {}
    for sc in resp.header_all('Set-Cookie'):
        name, _, rest = sc.partition('=')
        value = rest.split(';', 1)[0]
        attrs = [a.strip().lower() for a in rest.split(';')[1:]]
        out[name.strip()] = (value, attrs, sc)
    return out


# ---- tests ------------------------------------------------------------------
# S is the State; A is S.api.

@test('GET /healthz answers 200 {"status":"ok"} without auth')
def t_health(S, A):
    r = A.get('/healthz')
    expect_status(r, 200)
    eq(r.json, {'status': 'ok'}, 'body')
    check(r.header('Content-Type').startswith('application/json'),
          'Content-Type %r' % r.header('Content-Type'))


@test('responses carry an X-Request-Id header, errors included')
def t_request_id(S, A):
    for r in (A.get('/healthz'), A.get('/api/me'), A.get('/api/nope'),
              A.call('DELETE', '/api/org')):
        check(r.rid and re.match(r'^[0-9A-Za-z_-]{6,}$', r.rid),
              'bad X-Request-Id %r on %s' % (r.rid, r.summary()))
    a, b = A.get('/healthz'), A.get('/healthz')
    check(a.rid != b.rid, 'two requests got the same id %s' % a.rid)


@test('login returns token, csrf_token, expires_at, user and org')
def t_login_shape(S, A):
    r = A.post('/api/login', {'email': OWNER, 'password': DEMO_PASSWORD})
    expect_status(r, 200)
    j = r.json
    for k in ('token', 'csrf_token', 'expires_at'):
        check(isinstance(j.get(k), str) and j[k], '%s missing: %r' % (k, j))
    check(TIME_RE.match(j['expires_at']), 'expires_at %r' % j['expires_at'])
    check(j['expires_at'] > time.strftime('%Y-%m-%dT%H:%M:%S',
                                          time.gmtime(time.time() + 60)),
          'expires_at %r is not in the future' % j['expires_at'])
    user_shape(j['user'])
    org_shape(j['org'])
    eq(j['user']['email'], OWNER, 'user.email')
    eq(j['user']['role'], 'owner', 'user.role')
    eq(j['user']['active'], True, 'user.active')
    eq(j['user']['disabled'], False, 'user.disabled')
    eq(j['user']['org_id'], j['org']['id'], 'user.org_id')
    eq(j['org']['name'], 'Riverside Sports Medicine', 'org.name')
    eq(j['org']['kind'], 'clinic', 'org.kind')
    e = S.audit_for(r, 'login', OWNER)
    eq(e['user_id'], j['user']['id'], 'login audit user_id')
    eq(e['record_id'], j['user']['id'], 'login audit record_id')


@test('login sets rb_session (HttpOnly, SameSite=Strict) and rb_csrf cookies')
def t_login_cookies(S, A):
    r = A.post('/api/login', {'email': OWNER, 'password': DEMO_PASSWORD})
    expect_status(r, 200)
    eq(len(r.header_all('Set-Cookie')), 2, 'number of Set-Cookie headers')
    cm = cookie_map(r)
    check('rb_session' in cm and 'rb_csrf' in cm, 'cookies: %r' % list(cm))
    val, attrs, raw = cm['rb_session']
    eq(val, r.json['token'], 'rb_session value')
    check('httponly' in attrs, 'rb_session not HttpOnly: %s' % raw)
    check('samesite=strict' in attrs, 'rb_session not SameSite=Strict: %s'
          % raw)
    val, attrs, raw = cm['rb_csrf']
    eq(val, r.json['csrf_token'], 'rb_csrf value')
    check('samesite=strict' in attrs, 'rb_csrf not SameSite=Strict: %s' % raw)
    check('httponly' not in attrs,
          'rb_csrf must be readable by the page (no HttpOnly): %s' % raw)


@test('GET /api/me returns the caller and the practice')
def t_me(S, A):
    s = S.session(AT)
    r = A.get('/api/me', s['token'])
    expect_status(r, 200)
    user_shape(r.json['user'])
    org_shape(r.json['org'])
    eq(r.json['user']['email'], AT, 'user.email')
    eq(r.json['user']['role'], 'practitioner', 'user.role')
    eq(r.json['user']['id'], s['user']['id'], 'user.id')
    eq(r.json['org']['id'], s['org']['id'], 'org.id')


@test('logout answers 204; the token is then refused with 401')
def t_logout(S, A):
    s = S.login(AT)
    expect_status(A.get('/api/me', s['token']), 200)
    r = A.post('/api/logout', None, s['token'])
    expect_status(r, 204)
    eq(r.body, b'', '204 body')
    expect_error(A.get('/api/me', s['token']), 401, 'unauthenticated')
    expect_error(A.post('/api/logout', None, s['token']), 401,
                 'unauthenticated')
    e = S.audit_for(r, 'logout')
    eq(e['user_id'], s['user']['id'], 'logout audit user_id')
    # another session of the same person is untouched
    expect_status(A.get('/api/me', S.tok(AT)), 200)


@test('no, malformed or unknown token -> 401 unauthenticated')
def t_unauthenticated(S, A):
    expect_error(A.get('/api/me'), 401, 'unauthenticated')
    expect_error(A.get('/api/clients', 'not-a-token'), 401, 'unauthenticated')
    expect_error(A.get('/api/clients', 'A' * 43), 401, 'unauthenticated')
    expect_error(A.get('/api/me', cookies={'rb_session': 'B' * 43}), 401,
                 'unauthenticated')
    expect_error(A.call('GET', '/api/me',
                        headers={'Authorization': 'Basic b3duZXI6eA=='}),
                 401, 'unauthenticated')


@test('wrong password -> 401 invalid_credentials, audited as login.failed')
def t_wrong_password(S, A):
    r = A.post('/api/login', {'email': OWNER, 'password': 'wrong-password-1'})
    err = expect_error(r, 401, 'invalid_credentials')
    check('token' not in r.json, 'token in a failed login')
    eq(r.header_all('Set-Cookie'), [], 'Set-Cookie on a failed login')
    e = S.audit_for(r, 'login.failed')
    eq(e['record_type'], 'user', 'record_type')
    eq(e['record_id'], S.uid(OWNER), 'record_id')
    u = A.post('/api/login', {'email': 'nobody@riverside.example',
                              'password': 'wrong-password-1'})
    err2 = expect_error(u, 401, 'invalid_credentials')
    eq(err2['message'], err['message'],
       'unknown e-mail and wrong password give the same message')
    # one failure is free: the right password still works at once
    S.login(OWNER)
    # e-mail is matched case-insensitively
    S.login(OWNER.upper())


@test('login body is validated (missing, wrong type, unknown field)')
def t_login_validation(S, A):
    expect_error(A.post('/api/login', {'email': OWNER}), 400, 'missing_field',
                 'password')
    expect_error(A.post('/api/login', {'email': 5, 'password': 'x'}), 400,
                 'wrong_type', 'email')
    expect_error(A.post('/api/login', {'email': OWNER, 'password': 'x',
                                       'remember': True}),
                 400, 'unknown_field', 'remember')


@test('login throttling: 3 free failures, then 1 s and 2 s waits (429 '
      'login_throttled, Retry-After), 5th failure locks (account_locked)')
def t_lockout(S, A):
    bad = {'email': CPT, 'password': 'wrong-password-1'}
    good = {'email': CPT, 'password': DEMO_PASSWORD}
    for i in range(3):
        expect_error(A.post('/api/login', bad), 401, 'invalid_credentials')
    # within 1 s of the 3rd failure: throttled, the password is not checked
    r = A.post('/api/login', good)
    err = expect_error(r, 429, 'login_throttled')
    eq(err.get('retry_after'), 1, 'error.retry_after after 3 failures')
    eq(r.header('Retry-After'), '1', 'Retry-After after 3 failures')
    check('token' not in r.json, 'throttled answer has a token')
    # Times are taken after each answer: the server stamps a failure
    # before it answers, so "t + x" is at least x after the stamp, and the
    # margins hold on a busy machine too.
    time.sleep(1.5)
    expect_error(A.post('/api/login', bad), 401, 'invalid_credentials')
    t4 = time.monotonic()
    r = A.post('/api/login', good)
    err = expect_error(r, 429, 'login_throttled')
    eq(err.get('retry_after'), 2, 'error.retry_after after 4 failures')
    eq(r.header('Retry-After'), '2', 'Retry-After after 4 failures')
    time.sleep(max(0.0, t4 + 0.8 - time.monotonic()))
    # 0.8 s later: still inside the 2 s wait
    expect_error(A.post('/api/login', good), 429, 'login_throttled')
    time.sleep(max(0.0, t4 + 2.5 - time.monotonic()))
    r5 = A.post('/api/login', bad)
    expect_error(r5, 401, 'invalid_credentials')
    # locked now: even the right password is refused, for 15 minutes
    r = A.post('/api/login', good)
    err = expect_error(r, 429, 'account_locked')
    ra = err.get('retry_after')
    check(isinstance(ra, int) and 14 * 60 < ra <= 15 * 60,
          'error.retry_after for a lock: %r' % ra)
    eq(r.header('Retry-After'), str(ra), 'Retry-After header')
    time.sleep(1.1)
    expect_error(A.post('/api/login', good), 429, 'account_locked')
    e = S.audit_for(r5, 'login.locked')
    eq((e['record_type'], e['record_id']), ('user', S.user_id(CPT)),
       'login.locked (record_type, record_id)')
    # the other practitioner is not affected
    S.login(AT)


@test('`rebound user unlock` (while the server runs) lifts the lock')
def t_unlock(S, A):
    p = S.cli('user', 'unlock', CPT, '--db', S.db)
    eq(p.returncode, 0, 'unlock exit status (stderr %r)' % p.stderr)
    s = S.login(CPT)
    eq(s['user']['email'], CPT, 'user.email')
    S.audit_for(s['resp'], 'login')


@test('a second practice: its owner logs in and creates a client')
def t_other_practice(S, A):
    s = S.session(BOSS, BOSS_PASSWORD)
    eq(s['org']['name'], 'Other Gym', 'org.name')
    eq(s['org']['kind'], 'gym', 'org.kind')
    check(s['org']['id'] != S.session(OWNER)['org']['id'],
          'second practice has the same id as the first')
    r = A.post('/api/clients', {'first_name': 'Otto', 'last_name': 'Other',
                                'sex': 'male'}, s['token'])
    expect_status(r, 201)
    client_shape(r.json)
    eq(r.json['org_id'], s['org']['id'], 'org_id')
    S.ids['other_client'] = r.json['id']
    r = A.get('/api/clients', s['token'])
    expect_status(r, 200)
    eq([c['id'] for c in r.json['clients']], [S.ids['other_client']],
       'the second practice lists only its own client')


@test('tenancy: a practitioner of practice A gets 404 on practice B\'s '
      'client (GET and PATCH), same answer as a missing id')
def t_tenancy_client(S, A):
    other = S.ids['other_client']
    tok = S.tok(AT)
    missing = A.get('/api/clients/999999', tok)
    e_missing = expect_error(missing, 404, 'not_found')
    r = A.get('/api/clients/%d' % other, tok)
    e = expect_error(r, 404, 'not_found')
    eq(e['message'], e_missing['message'],
       'message for another practice\'s id vs a missing id')
    r = A.patch('/api/clients/%d' % other, {'first_name': 'Hacked'}, tok)
    expect_error(r, 404, 'not_found')
    r = A.patch('/api/clients/%d' % other, {'phone': None}, S.tok(OWNER))
    expect_error(r, 404, 'not_found')
    expect_error(A.get('/api/clients/%d' % other, S.tok(OWNER)), 404,
                 'not_found')
    # the record is unchanged
    r = A.get('/api/clients/%d' % other, S.tok(BOSS, BOSS_PASSWORD))
    expect_status(r, 200)
    eq(r.json['first_name'], 'Otto', 'first_name after the refused PATCH')
    # and practice A's list does not show it
    r = A.get('/api/clients?limit=500', tok)
    expect_status(r, 200)
    check(other not in [c['id'] for c in r.json['clients']],
          'practice A lists practice B\'s client')


@test('tenancy: practice B cannot read or change practice A\'s records, '
      'users or audit trail')
def t_tenancy_other(S, A):
    btok = S.tok(BOSS, BOSS_PASSWORD)
    maya = S.client_id('Maya')
    expect_error(A.get('/api/clients/%d' % maya, btok), 404, 'not_found')
    expect_error(A.patch('/api/clients/%d' % maya, {'last_name': 'X'}, btok),
                 404, 'not_found')
    expect_error(A.get('/api/users/%d' % S.uid(AT), btok), 404, 'not_found')
    expect_error(A.patch('/api/users/%d' % S.uid(AT), {'disabled': True},
                         btok), 404, 'not_found')
    expect_status(A.get('/api/me', S.tok(AT)), 200)
    r = A.get('/api/users', btok)
    expect_status(r, 200)
    eq(sorted(u['email'] for u in r.json['users']), [BOSS],
       'users of the second practice')
    entries = S.audit('&client_id=%d' % maya, BOSS, BOSS_PASSWORD)
    eq(entries, [], 'practice B sees practice A\'s audit entries')
    entries = S.audit('&client_id=%d' % S.ids['other_client'])
    eq(entries, [], 'practice A sees practice B\'s audit entries')
    entries = S.audit('&user_id=%d' % S.uid(BOSS, BOSS_PASSWORD))
    eq(entries, [], 'practice A sees practice B\'s user in its audit')
    for e in S.audit('', BOSS, BOSS_PASSWORD):
        check(e['user_id'] in (None, S.uid(BOSS, BOSS_PASSWORD)),
              'practice B audit shows another user: %r' % e)
    # A's owner cannot reach B's owner either
    bid = S.uid(BOSS, BOSS_PASSWORD)
    expect_error(A.get('/api/users/%d' % bid, S.tok(OWNER)), 404, 'not_found')
    expect_error(A.patch('/api/users/%d' % bid, {'disabled': True},
                         S.tok(OWNER)), 404, 'not_found')
    expect_status(A.get('/api/me', btok), 200)


@test('a client (maya) lists only her own record')
def t_client_list_own(S, A):
    s = S.session(MAYA)
    eq(s['user']['role'], 'client', 'role')
    r = A.get('/api/clients?limit=500', s['token'])
    expect_status(r, 200)
    cl = r.json['clients']
    eq(len(cl), 1, 'number of clients maya sees')
    client_shape(cl[0])
    eq((cl[0]['first_name'], cl[0]['last_name']), ('Maya', 'Torres'), 'name')
    eq(cl[0]['user_id'], s['user']['id'], 'user_id link')
    S.ids['client:Maya'] = cl[0]['id']
    e = S.audit_for(r, 'client.list')
    eq(e['user_id'], s['user']['id'], 'client.list audit user_id')


@test('a client can read her own record (audited) but gets 404 on '
      'another client')
def t_client_cannot_read_other(S, A):
    tok = S.tok(MAYA)
    own = S.client_id('Maya')
    r = A.get('/api/clients/%d' % own, tok)
    expect_status(r, 200)
    eq(r.json['id'], own, 'id')
    e = S.audit_for(r, 'client.read')
    eq((e['user_id'], e['client_id']), (S.uid(MAYA), own),
       'audit (user_id, client_id)')
    missing = expect_error(A.get('/api/clients/999999', tok), 404,
                           'not_found')
    for name in ('Tom', 'Priya', 'Ruth'):
        r = A.get('/api/clients/%d' % S.client_id(name), tok)
        err = expect_error(r, 404, 'not_found')
        eq(err['message'], missing['message'],
           'message for another client vs a missing id')
        check('first_name' not in r.body.decode('utf-8', 'replace'),
              'the 404 leaks the record')
    expect_error(A.get('/api/clients/%d' % S.ids['other_client'], tok), 404,
                 'not_found')
    tom = S.client_id('Tom')
    r = A.patch('/api/clients/%d' % tom, {'last_name': 'Changed'}, tok)
    check(r.status in (403, 404), 'client PATCHing another client: %s'
          % r.summary())
    r = A.get('/api/clients/%d' % tom, S.tok(OWNER))
    eq(r.json['last_name'], 'Becker', 'last_name after the refused PATCH')


@test('a client cannot create clients, list users or read the audit '
      'trail (403 forbidden)')
def t_client_forbidden(S, A):
    tok = S.tok(MAYA)
    expect_error(A.post('/api/clients', {'first_name': 'Eve',
                                         'last_name': 'Sneak'}, tok),
                 403, 'forbidden')
    expect_error(A.get('/api/users', tok), 403, 'forbidden')
    expect_error(A.get('/api/audit', tok), 403, 'forbidden')
    expect_error(A.patch('/api/org', {'name': 'Mine'}, tok), 403, 'forbidden')
    r = A.get('/api/users/%d' % S.uid(MAYA), tok)
    expect_status(r, 200)
    eq(r.json['email'], MAYA, 'own account')


@test('POST /api/clients creates a client (201) with every field, audited '
      'as client.create')
def t_client_create(S, A):
    tok = S.tok(AT)
    body = {'first_name': 'Ada', 'last_name': 'Lovelace',
            'birth_date': '1990-12-10', 'sex': 'female',
            'email': 'ada@example.org', 'phone': '+44 20 7946 0000',
            'practitioner_id': S.uid(AT)}
    r = A.post('/api/clients', body, tok)
    expect_status(r, 201)
    c = r.json
    client_shape(c)
    for k, v in body.items():
        eq(c[k], v, k)
    eq(c['user_id'], None, 'user_id')
    eq(c['org_id'], S.session(AT)['org']['id'], 'org_id')
    S.ids['ada'] = c['id']
    e = S.audit_for(r, 'client.create')
    eq((e['user_id'], e['record_type'], e['record_id'], e['client_id']),
       (S.uid(AT), 'client', c['id'], c['id']),
       'audit (user_id, record_type, record_id, client_id)')
    r = A.get('/api/clients/%d' % c['id'], tok)
    expect_status(r, 200)
    check(isinstance(r.json.pop('intake', None), dict),
          'GET /api/clients/{id} has no intake object')
    eq(r.json, c, 'GET after POST')
    # minimal body: defaults
    r = A.post('/api/clients', {'first_name': 'Bo', 'last_name': 'Min'}, tok,
               ctype='application/json; charset=utf-8')
    expect_status(r, 201)
    eq((r.json['sex'], r.json['birth_date'], r.json['email'], r.json['phone'],
        r.json['practitioner_id']), ('unspecified', None, None, None, None),
       'defaults (sex, birth_date, email, phone, practitioner_id)')
    S.audit_for(r, 'client.create')


@test('a practitioner\'s read of client 3 leaves an audit row: client.read, '
      'client_id, user_id, address 127.0.0.1, request_id')
def t_read_audited(S, A):
    cid = S.client_id('Priya')
    r = A.get('/api/clients/%d' % cid, S.tok(AT))
    expect_status(r, 200)
    eq(r.json['first_name'], 'Priya', 'first_name')
    entries = S.audit('&client_id=%d&user_id=%d' % (cid, S.uid(AT)))
    rows = [e for e in entries if e['request_id'] == r.rid]
    eq(len(rows), 1, 'audit rows with this request id')
    e = rows[0]
    eq(set(e), AUDIT_KEYS, 'audit entry keys')
    eq(e['action'], 'client.read', 'action')
    eq(e['client_id'], cid, 'client_id')
    eq(e['record_type'], 'client', 'record_type')
    eq(e['record_id'], cid, 'record_id')
    eq(e['user_id'], S.uid(AT), 'user_id')
    eq(e['address'], '127.0.0.1', 'address')
    eq(e['request_id'], r.rid, 'request_id')
    check(TIME_RE.match(e['at']), 'at %r' % e['at'])
    # a second read leaves a second row
    r2 = A.get('/api/clients/%d' % cid, S.tok(AT))
    expect_status(r2, 200)
    S.audit_for(r2, 'client.read')


@test('PATCH /api/clients/{id} changes fields, null clears optional ones, '
      'audited as client.update')
def t_client_patch(S, A):
    tok = S.tok(AT)
    cid = S.ids['ada']
    r = A.patch('/api/clients/%d' % cid,
                {'first_name': 'Augusta', 'phone': None, 'email': None,
                 'birth_date': None, 'practitioner_id': None}, tok)
    expect_status(r, 200)
    c = r.json
    client_shape(c)
    eq(c['first_name'], 'Augusta', 'first_name')
    eq(c['last_name'], 'Lovelace', 'last_name (untouched)')
    eq(c['sex'], 'female', 'sex (untouched)')
    for k in ('phone', 'email', 'birth_date', 'practitioner_id'):
        eq(c[k], None, k + ' after null')
    check(c['updated_at'] >= c['created_at'], 'updated_at < created_at')
    e = S.audit_for(r, 'client.update')
    eq((e['user_id'], e['client_id'], e['record_id']), (S.uid(AT), cid, cid),
       'audit (user_id, client_id, record_id)')
    r = A.patch('/api/clients/%d' % cid,
                {'sex': 'intersex', 'practitioner_id': S.user_id(CPT),
                 'birth_date': '2000-02-29'}, tok)
    expect_status(r, 200)
    eq((r.json['sex'], r.json['practitioner_id'], r.json['birth_date']),
       ('intersex', S.user_id(CPT), '2000-02-29'),
       '(sex, practitioner_id, birth_date)')
    S.audit_for(r, 'client.update')
    r = A.get('/api/clients/%d' % cid, tok)
    expect_status(r, 200)
    eq(r.json['first_name'], 'Augusta', 'stored first_name')


@test('client practitioner_id must be staff of the same practice')
def t_client_practitioner(S, A):
    tok = S.tok(AT)
    cid = S.ids['ada']
    expect_error(A.patch('/api/clients/%d' % cid,
                         {'practitioner_id': S.uid(BOSS, BOSS_PASSWORD)}, tok),
                 400, 'out_of_range', 'practitioner_id')
    expect_error(A.patch('/api/clients/%d' % cid,
                         {'practitioner_id': S.uid(MAYA)}, tok),
                 400, 'out_of_range', 'practitioner_id')
    expect_error(A.post('/api/clients',
                        {'first_name': 'X', 'last_name': 'Y',
                         'practitioner_id': S.uid(BOSS, BOSS_PASSWORD)}, tok),
                 400, 'out_of_range', 'practitioner_id')


@test('malformed JSON -> 400 invalid_json; a JSON array -> 400 '
      'not_an_object; no body -> 400')
def t_bad_json(S, A):
    tok = S.tok(AT)
    for raw in ('{"first_name": "A", ', '{first_name: 1}', 'nul', '{"a":1}}',
                '{"a":1,"a":2}', b'{"first_name":"\xff\xfe"}'):
        expect_error(A.post('/api/clients', raw, tok), 400, 'invalid_json')
    for raw in ('[1, 2]', '[]', '[{"first_name":"A","last_name":"B"}]'):
        expect_error(A.post('/api/clients', raw, tok), 400, 'not_an_object')
    expect_error(A.patch('/api/clients/%d' % S.ids['ada'], '{"x":', tok),
                 400, 'invalid_json')
    expect_error(A.patch('/api/clients/%d' % S.ids['ada'], '[]', tok),
                 400, 'not_an_object')
    expect_error(A.post('/api/login', '{"email":'), 400, 'invalid_json')
    r = A.post('/api/clients', None, tok)
    check(r.status == 400 and isinstance(r.json, dict) and 'error' in r.json,
          'POST without a body: %s' % r.summary())


@test('valid JSON that is a scalar (42, "text", null, true) -> 400 '
      'not_an_object')
def t_scalar_json(S, A):
    tok = S.tok(AT)
    each(('42', '"text"', 'null', 'true'),
         lambda raw: expect_error(A.post('/api/clients', raw, tok), 400,
                                  'not_an_object'))


@test('unknown field -> 400 unknown_field naming the field')
def t_unknown_field(S, A):
    tok = S.tok(AT)
    r = A.post('/api/clients', {'first_name': 'A', 'last_name': 'B',
                                'nickname': 'x'}, tok)
    expect_error(r, 400, 'unknown_field', 'nickname')
    r = A.patch('/api/clients/%d' % S.ids['ada'], {'org_id': 2}, tok)
    expect_error(r, 400, 'unknown_field', 'org_id')
    r = A.patch('/api/org', {'name': 'N', 'kind': 'gym'}, S.tok(OWNER))
    expect_error(r, 400, 'unknown_field', 'kind')
    r = A.post('/api/users', {'email': 'z@riverside.example', 'name': 'Z',
                              'role': 'client', 'password': 'x'}, S.tok(OWNER))
    expect_error(r, 400, 'unknown_field', 'password')


@test('wrong type -> 400 wrong_type; missing -> 400 missing_field; bad '
      'enum or date -> 400 out_of_range (each with field)')
def t_field_validation(S, A):
    tok = S.tok(AT)
    P = lambda b: A.post('/api/clients', b, tok)
    expect_error(P({'first_name': 5, 'last_name': 'B'}), 400, 'wrong_type',
                 'first_name')
    expect_error(P({'first_name': 'A', 'last_name': 'B',
                    'practitioner_id': '2'}), 400, 'wrong_type',
                 'practitioner_id')
    expect_error(P({'first_name': 'A'}), 400, 'missing_field', 'last_name')
    expect_error(P({'last_name': 'B'}), 400, 'missing_field', 'first_name')
    expect_error(P({'first_name': None, 'last_name': 'B'}), 400,
                 'missing_field', 'first_name')
    expect_error(P({'first_name': 'A', 'last_name': 'B', 'sex': 'robot'}),
                 400, 'out_of_range', 'sex')
    for bad in ('2001-02-30', '1990-13-01', '10/12/1990', 'yesterday'):
        expect_error(P({'first_name': 'A', 'last_name': 'B',
                        'birth_date': bad}), 400, 'out_of_range',
                     'birth_date')
    expect_error(P({'first_name': '', 'last_name': 'B'}), 400,
                 'out_of_range', 'first_name')
    expect_error(P({'first_name': 'A' * 201, 'last_name': 'B'}), 400,
                 'out_of_range', 'first_name')
    expect_error(P({'first_name': 'A\nB', 'last_name': 'B'}), 400,
                 'out_of_range', 'first_name')
    expect_error(P({'first_name': 'A', 'last_name': 'B',
                    'email': 'not-an-email'}), 400, 'out_of_range', 'email')
    expect_error(A.patch('/api/clients/%d' % S.ids['ada'],
                         {'first_name': None}, tok), 400, 'wrong_type',
                 'first_name')
    expect_error(A.patch('/api/users/%d' % S.user_id(CPT), {'disabled': 'yes'},
                         S.tok(OWNER)), 400, 'wrong_type', 'disabled')
    expect_error(A.patch('/api/users/%d' % S.user_id(CPT), {}, S.tok(OWNER)),
                 400, 'missing_field', 'disabled')
    # none of these made a client
    r = A.get('/api/clients?limit=500', tok)
    expect_status(r, 200)
    check(not [c for c in r.json['clients'] if c['last_name'] == 'B'],
          'a refused POST created a client')


@test('body over 1 MiB -> 413 body_too_large; exactly 1 MiB is read')
def t_body_limit(S, A):
    tok = S.tok(AT)

    def body(total):
        head, tail = '{"first_name":"', '","last_name":"B"}'
        return (head + 'a' * (total - len(head) - len(tail)) + tail).encode()
    big = body(BODY_LIMIT + 1)
    eq(len(big), BODY_LIMIT + 1, 'test body size')
    expect_error(A.post('/api/clients', big, tok), 413, 'body_too_large')
    expect_error(A.post('/api/clients', b'x' * (3 * BODY_LIMIT), tok), 413,
                 'body_too_large')
    # at the limit the body is parsed: the name is too long, not the body
    r = A.post('/api/clients', body(BODY_LIMIT), tok)
    expect_error(r, 400, 'out_of_range', 'first_name')
    expect_status(A.get('/healthz'), 200)


@test('a body that is not Content-Type: application/json -> 415 '
      'unsupported_media_type')
def t_media_type(S, A):
    tok = S.tok(AT)
    good = {'first_name': 'T', 'last_name': 'Plain'}
    expect_error(A.post('/api/clients', good, tok, ctype='text/plain'), 415,
                 'unsupported_media_type')
    expect_error(A.post('/api/clients', good, tok, ctype=None), 415,
                 'unsupported_media_type')
    expect_error(A.post('/api/clients', good, tok,
                        ctype='application/x-www-form-urlencoded'), 415,
                 'unsupported_media_type')
    expect_error(A.post('/api/login', {'email': OWNER,
                                       'password': DEMO_PASSWORD},
                        ctype='text/plain'), 415, 'unsupported_media_type')
    expect_error(A.patch('/api/org', {'name': 'X'}, S.tok(OWNER),
                         ctype='application/jsonp'), 415,
                 'unsupported_media_type')


@test('unknown path -> 404 not_found')
def t_not_found(S, A):
    tok = S.tok(OWNER)
    for p in ('/api/nope', '/api/clients/1/notes', '/api', '/api/clients/abc',
              '/api/clients/0', '/api/clients/-1', '/favicon.ico'):
        expect_error(A.get(p, tok), 404, 'not_found')
    expect_error(A.get('/api/nope'), 404, 'not_found')


@test('wrong method on a known path -> 405 method_not_allowed with Allow')
def t_method_not_allowed(S, A):
    tok = S.tok(OWNER)
    cases = [('DELETE', '/api/clients/1', {'GET', 'PATCH'}),
             ('PUT', '/api/org', {'GET', 'PATCH'}),
             ('DELETE', '/api/clients', {'GET', 'POST'}),
             ('GET', '/api/login', {'POST'}),
             ('POST', '/api/me', {'GET'}),
             ('POST', '/healthz', {'GET'}),
             ('PATCH', '/api/audit', {'GET'})]
    for method, path, allow in cases:
        r = A.call(method, path, token=tok)
        expect_error(r, 405, 'method_not_allowed')
        got = r.header('Allow')
        check(got is not None, 'no Allow header on %s %s' % (method, path))
        eq({m.strip() for m in got.split(',')}, allow,
           'Allow for %s %s' % (method, path))


@test('cookie auth works for reads; cookie writes need X-CSRF-Token '
      '(403 csrf_failed); Bearer writes do not')
def t_csrf(S, A):
    s = S.login(OWNER)
    jar = {'rb_session': s['token'], 'rb_csrf': s['csrf']}
    r = A.get('/api/me', cookies=jar)
    expect_status(r, 200)
    eq(r.json['user']['email'], OWNER, 'me via cookie')
    name = s['org']['name']
    expect_error(A.patch('/api/org', {'name': 'CSRF Victim'}, cookies=jar),
                 403, 'csrf_failed')
    expect_error(A.patch('/api/org', {'name': 'CSRF Victim'}, cookies=jar,
                         csrf='A' * len(s['csrf'])), 403, 'csrf_failed')
    expect_error(A.patch('/api/org', {'name': 'CSRF Victim'}, cookies=jar,
                         csrf=S.session(AT)['csrf']), 403, 'csrf_failed')
    expect_error(A.post('/api/clients', {'first_name': 'C', 'last_name': 'S'},
                        cookies=jar), 403, 'csrf_failed')
    expect_error(A.post('/api/logout', None, cookies=jar), 403, 'csrf_failed')
    r = A.get('/api/org', S.tok(OWNER))
    expect_status(r, 200)
    eq(r.json['name'], name, 'org name after refused cookie writes')
    r = A.patch('/api/org', {'name': name}, cookies=jar, csrf=s['csrf'])
    expect_status(r, 200)
    eq(r.json['name'], name, 'org name')
    # a Bearer write needs no CSRF header (the whole suite relies on it)
    r = A.post('/api/clients', {'first_name': 'Bearer', 'last_name': 'Ok'},
               S.tok(AT))
    expect_status(r, 201)
    r = A.post('/api/logout', None, cookies=jar, csrf=s['csrf'])
    expect_status(r, 204)
    expect_error(A.get('/api/me', cookies=jar), 401, 'unauthenticated')


@test('GET /api/clients pagination: limit/offset validated and applied; '
      'unknown query parameter -> 400 unknown_field')
def t_pagination(S, A):
    tok = S.tok(AT)
    r = A.get('/api/clients?limit=500', tok)
    expect_status(r, 200)
    every = [c['id'] for c in r.json['clients']]
    check(len(every) >= 6, 'expected at least 6 clients, got %d' % len(every))
    for c in r.json['clients']:
        client_shape(c)
    page1 = A.get('/api/clients?limit=2', tok)
    page2 = A.get('/api/clients?limit=2&offset=2', tok)
    expect_status(page1, 200)
    expect_status(page2, 200)
    ids1 = [c['id'] for c in page1.json['clients']]
    ids2 = [c['id'] for c in page2.json['clients']]
    eq(ids1, every[:2], 'first page')
    eq(ids2, every[2:4], 'second page')
    r = A.get('/api/clients?offset=%d' % len(every), tok)
    expect_status(r, 200)
    eq(r.json['clients'], [], 'page past the end')
    for q, field in (('limit=0', 'limit'), ('limit=501', 'limit'),
                     ('limit=-1', 'limit'), ('limit=abc', 'limit'),
                     ('limit=', 'limit'), ('offset=-1', 'offset'),
                     ('offset=x', 'offset')):
        expect_error(A.get('/api/clients?' + q, tok), 400, 'out_of_range',
                     field)
    expect_error(A.get('/api/clients?page=2', tok), 400, 'unknown_field',
                 'page')
    expect_error(A.get('/api/users?sort=name', tok), 400, 'unknown_field',
                 'sort')
    expect_error(A.get('/api/audit?foo=1', S.tok(OWNER)), 400,
                 'unknown_field', 'foo')


@test('unknown query parameter on endpoints that take none -> 400 '
      'unknown_field')
def t_unknown_query_everywhere(S, A):
    tok = S.tok(OWNER)
    each(('/api/me', '/api/org', '/api/users',
          '/api/clients/%d' % S.client_id('Maya'),
          '/api/users/%d' % S.uid(OWNER)),
         lambda path: expect_error(A.get(path + '?verbose=1', tok), 400,
                                   'unknown_field', 'verbose'))


@test('GET /api/org for everyone; PATCH /api/org owner only (practitioner '
      '403), audited as org.rename')
def t_org(S, A):
    r = A.get('/api/org', S.tok(AT))
    expect_status(r, 200)
    org_shape(r.json)
    old = r.json['name']
    expect_status(A.get('/api/org', S.tok(MAYA)), 200)
    expect_error(A.patch('/api/org', {'name': 'Sam\'s Gym'}, S.tok(AT)), 403,
                 'forbidden')
    expect_error(A.patch('/api/org', {'name': ''}, S.tok(OWNER)), 400,
                 'out_of_range', 'name')
    expect_error(A.patch('/api/org', {}, S.tok(OWNER)), 400, 'missing_field',
                 'name')
    r = A.patch('/api/org', {'name': 'Riverside Sports Med'}, S.tok(OWNER))
    expect_status(r, 200)
    eq(r.json['name'], 'Riverside Sports Med', 'renamed')
    e = S.audit_for(r, 'org.rename')
    eq(e['user_id'], S.uid(OWNER), 'org.rename user_id')
    r = A.get('/api/me', S.tok(AT))
    eq(r.json['org']['name'], 'Riverside Sports Med', 'name seen by staff')
    r = A.patch('/api/org', {'name': old}, S.tok(OWNER))
    expect_status(r, 200)
    eq(A.get('/api/org', S.tok(BOSS, BOSS_PASSWORD)).json['name'],
       'Other Gym', 'the other practice is untouched')


@test('GET /api/users: staff see their practice\'s accounts')
def t_users_list(S, A):
    for email in (OWNER, AT):
        r = A.get('/api/users', S.tok(email))
        expect_status(r, 200)
        for u in r.json['users']:
            user_shape(u)
        emails = {u['email'] for u in r.json['users']}
        check({OWNER, AT, CPT, MAYA} <= emails, 'users: %r' % emails)
        check(BOSS not in emails, 'another practice\'s user listed')
    r = A.get('/api/users/%d' % S.uid(AT), S.tok(OWNER))
    expect_status(r, 200)
    user_shape(r.json)
    eq(r.json['email'], AT, 'GET /api/users/{id}')
    expect_error(A.get('/api/users/999999', S.tok(OWNER)), 404, 'not_found')


@test('inviting: role rules (owner->admin, practitioner->client only), '
      '409 email_taken, 201 {user active:false, invite_token, invite_url}')
def t_invite_rules(S, A):
    ptok = S.tok(AT)
    expect_error(A.post('/api/users', {'email': 'p2@riverside.example',
                                       'name': 'P Two',
                                       'role': 'practitioner'}, ptok),
                 403, 'forbidden')
    expect_error(A.post('/api/users', {'email': 'a2@riverside.example',
                                       'name': 'A Two', 'role': 'admin'},
                        ptok), 403, 'forbidden')
    expect_error(A.post('/api/users', {'email': 'o2@riverside.example',
                                       'name': 'O Two', 'role': 'owner'},
                        S.tok(OWNER)), 400, 'out_of_range', 'role')
    for dup in (AT, 'AT@Riverside.Example', BOSS):
        expect_error(A.post('/api/users', {'email': dup, 'name': 'Dup',
                                           'role': 'client'}, S.tok(OWNER)),
                     409, 'email_taken', 'email')
    expect_error(A.post('/api/users', {'email': 'bad', 'name': 'B',
                                       'role': 'client'}, S.tok(OWNER)),
                 400, 'out_of_range', 'email')
    expect_error(A.post('/api/users', {'email': 'q@riverside.example',
                                       'name': 'Q', 'role': 'practitioner',
                                       'client_id': S.client_id('Ruth')},
                        S.tok(OWNER)), 400, 'out_of_range', 'client_id')
    r = A.post('/api/users', {'email': 'x@riverside.example', 'name': 'X',
                              'role': 'client',
                              'client_id': S.ids['other_client']}, ptok)
    check(r.status in (400, 404), 'linking another practice\'s client: %s'
          % r.summary())
    r = A.post('/api/users', {'email': 'Admin@Riverside.Example',
                              'name': 'Ada Admin', 'role': 'admin'},
               S.tok(OWNER))
    expect_status(r, 201)
    u = r.json['user']
    user_shape(u)
    eq((u['email'], u['role'], u['active'], u['disabled']),
       ('admin@riverside.example', 'admin', False, False),
       '(email, role, active, disabled)')
    tokn = r.json['invite_token']
    check(isinstance(tokn, str) and len(tokn) >= 20, 'invite_token %r' % tokn)
    check(isinstance(r.json['invite_url'], str) and
          tokn in r.json['invite_url'], 'invite_url %r' % r.json['invite_url'])
    S.ids['admin_invite'] = tokn
    S.ids['admin_id'] = u['id']
    e = S.audit_for(r, 'user.invite')
    eq((e['user_id'], e['record_id']), (S.uid(OWNER), u['id']),
       'user.invite (user_id, record_id)')
    # an invited person cannot log in yet
    expect_error(A.post('/api/login', {'email': 'admin@riverside.example',
                                       'password': NEW_PASSWORD}),
                 401, 'invalid_credentials')


@test('accepting an invite: weak password 400, then 200 active user who '
      'can log in; reuse -> 404 invite_not_found; audited user.activate')
def t_invite_accept(S, A):
    tokn = S.ids['admin_invite']
    expect_error(A.post('/api/invites/accept', {'token': tokn,
                                                'password': 'short-pw1'}),
                 400, 'weak_password', 'password')
    expect_error(A.post('/api/invites/accept', {'token': tokn,
                                                'password': 'p' * 129}),
                 400, 'weak_password', 'password')
    expect_error(A.post('/api/invites/accept',
                        {'token': 'no-such-invite-token-000000000000000000000',
                         'password': NEW_PASSWORD}),
                 404, 'invite_not_found')
    expect_error(A.post('/api/invites/accept', {'token': tokn}), 400,
                 'missing_field', 'password')
    r = A.post('/api/invites/accept', {'token': tokn,
                                       'password': 'p' * 10})
    expect_status(r, 200)
    u = r.json['user']
    user_shape(u)
    eq((u['id'], u['email'], u['active'], u['role']),
       (S.ids['admin_id'], 'admin@riverside.example', True, 'admin'),
       '(id, email, active, role)')
    e = S.audit_for(r, 'user.activate')
    eq(e['record_id'], u['id'], 'user.activate record_id')
    expect_error(A.post('/api/invites/accept', {'token': tokn,
                                                'password': NEW_PASSWORD}),
                 404, 'invite_not_found')
    s = S.session('admin@riverside.example', 'p' * 10)
    eq(s['user']['role'], 'admin', 'role')
    eq(s['user']['active'], True, 'active')
    r = A.get('/api/users/%d' % u['id'], S.tok(OWNER))
    expect_status(r, 200)
    eq(r.json['active'], True, 'active as the owner sees it')


@test('an admin invites practitioners but not admins; reads the audit trail')
def t_admin_rights(S, A):
    atok = S.tok('admin@riverside.example', 'p' * 10)
    expect_error(A.post('/api/users', {'email': 'a3@riverside.example',
                                       'name': 'A Three', 'role': 'admin'},
                        atok), 403, 'forbidden')
    r = A.post('/api/users', {'email': 'pat@riverside.example',
                              'name': 'Pat Smith', 'role': 'practitioner'},
               atok)
    expect_status(r, 201)
    eq((r.json['user']['role'], r.json['user']['active']),
       ('practitioner', False), '(role, active)')
    S.ids['pat_id'] = r.json['user']['id']
    S.audit_for(r, 'user.invite')
    r = A.post('/api/invites/accept', {'token': r.json['invite_token'],
                                       'password': NEW_PASSWORD})
    expect_status(r, 200)
    r = A.get('/api/audit?limit=5', atok)
    expect_status(r, 200)
    check(r.json['entries'], 'admin sees no audit entries')


@test('a practitioner invites a client linked to a record; the client then '
      'sees only that record')
def t_invite_client(S, A):
    jonas = S.client_id('Jonas')
    r = A.post('/api/users', {'email': 'jonas@riverside.example',
                              'name': 'Jonas Lindqvist', 'role': 'client',
                              'client_id': jonas}, S.tok(AT))
    expect_status(r, 201)
    uid = r.json['user']['id']
    eq(r.json['user']['role'], 'client', 'role')
    e = S.audit_for(r, 'user.invite')
    eq((e['user_id'], e['client_id']), (S.uid(AT), jonas),
       'user.invite (user_id, client_id)')
    r = A.post('/api/invites/accept', {'token': r.json['invite_token'],
                                       'password': NEW_PASSWORD})
    expect_status(r, 200)
    s = S.login('jonas@riverside.example', NEW_PASSWORD)
    r = A.get('/api/clients', s['token'])
    expect_status(r, 200)
    eq([(c['id'], c['user_id']) for c in r.json['clients']], [(jonas, uid)],
       'jonas sees only his record, linked to his account')
    expect_error(A.get('/api/clients/%d' % S.client_id('Maya'), s['token']),
                 404, 'not_found')


@test('disabling a user ends their sessions and blocks login; enabling '
      'restores it (owner/admin only), both audited')
def t_disable(S, A):
    pid = S.ids['pat_id']
    pat = S.login('pat@riverside.example', NEW_PASSWORD)
    pat2 = S.login('pat@riverside.example', NEW_PASSWORD)
    expect_status(A.get('/api/me', pat['token']), 200)
    expect_error(A.patch('/api/users/%d' % pid, {'disabled': True},
                         S.tok(AT)), 403, 'forbidden')
    expect_status(A.get('/api/me', pat['token']), 200)
    r = A.patch('/api/users/%d' % pid, {'disabled': True}, S.tok(OWNER))
    expect_status(r, 200)
    eq((r.json['id'], r.json['disabled']), (pid, True), '(id, disabled)')
    e = S.audit_for(r, 'user.disable')
    eq((e['user_id'], e['record_id']), (S.uid(OWNER), pid),
       'user.disable (user_id, record_id)')
    for s in (pat, pat2):
        expect_error(A.get('/api/me', s['token']), 401, 'unauthenticated')
        expect_error(A.get('/api/clients', s['token']), 401,
                     'unauthenticated')
    expect_error(A.post('/api/login', {'email': 'pat@riverside.example',
                                       'password': NEW_PASSWORD}),
                 401, 'invalid_credentials')
    r = A.get('/api/users', S.tok(OWNER))
    eq([u['disabled'] for u in r.json['users'] if u['id'] == pid], [True],
       'disabled in the list')
    r = A.patch('/api/users/%d' % pid, {'disabled': False},
                S.tok('admin@riverside.example', 'p' * 10))
    expect_status(r, 200)
    eq(r.json['disabled'], False, 'disabled after enable')
    S.audit_for(r, 'user.enable')
    s = S.login('pat@riverside.example', NEW_PASSWORD)
    expect_status(A.get('/api/me', s['token']), 200)
    # the old sessions stay ended
    expect_error(A.get('/api/me', pat['token']), 401, 'unauthenticated')


@test('GET /api/audit: owner/admin only, newest first, filters and paging')
def t_audit_query(S, A):
    expect_error(A.get('/api/audit', S.tok(AT)), 403, 'forbidden')
    expect_error(A.get('/api/audit', S.tok(MAYA)), 403, 'forbidden')
    expect_error(A.get('/api/audit'), 401, 'unauthenticated')
    r = A.get('/api/audit', S.tok(OWNER))
    expect_status(r, 200)
    es = r.json['entries']
    check(len(es) >= 10, 'only %d audit entries' % len(es))
    for e in es:
        eq(set(e), AUDIT_KEYS, 'audit entry keys')
    ids = [e['id'] for e in es]
    eq(ids, sorted(ids, reverse=True), 'newest first')
    ats = [e['at'] for e in es]
    eq(ats, sorted(ats, reverse=True), '"at" newest first')
    acts = {e['action'] for e in S.audit()}
    for a in ('login', 'login.failed', 'login.locked', 'logout', 'org.rename',
              'user.invite', 'user.activate', 'user.disable', 'user.enable',
              'client.create', 'client.read', 'client.list', 'client.update'):
        check(a in acts, 'no %s entry in the trail' % a)
    p1 = A.get('/api/audit?limit=3', S.tok(OWNER)).json['entries']
    eq(len(p1), 3, 'limit=3')
    p2 = A.get('/api/audit?limit=3&before=%d' % p1[-1]['id'],
               S.tok(OWNER)).json['entries']
    eq(len(p2), 3, 'second page size')
    check(all(e['id'] < p1[-1]['id'] for e in p2), 'before= paging')
    cid = S.client_id('Priya')
    fc = S.audit('&client_id=%d' % cid)
    check(fc and all(e['client_id'] == cid for e in fc),
          'client_id filter: %r' % fc[:3])
    fu = S.audit('&user_id=%d' % S.uid(AT))
    check(fu and all(e['user_id'] == S.uid(AT) for e in fu),
          'user_id filter')
    today = time.strftime('%Y-%m-%d', time.gmtime())
    yesterday = time.strftime('%Y-%m-%d', time.gmtime(time.time() - 86400))
    tomorrow = time.strftime('%Y-%m-%d', time.gmtime(time.time() + 86400))
    check(S.audit('&from=%s&to=%s' % (today, today)), 'from=to=today empty')
    eq(S.audit('&to=%s' % yesterday), [], 'to=yesterday')
    eq(S.audit('&from=%s' % tomorrow), [], 'from=tomorrow')
    for q, field in (('limit=0', 'limit'), ('limit=1001', 'limit'),
                     ('from=2026-02-30', 'from'), ('to=tomorrow', 'to'),
                     ('client_id=x', 'client_id'), ('user_id=0', 'user_id'),
                     ('before=-3', 'before')):
        expect_error(A.get('/api/audit?' + q, S.tok(OWNER)), 400,
                     'out_of_range', field)


@test('several requests on one keep-alive connection')
def t_keepalive(S, A):
    c = A.connect()
    try:
        for path in ('/healthz', '/api/me', '/api/nope', '/api/me'):
            r = A.call('GET', path, token=S.tok(AT), conn=c)
            check(r.status in (200, 404), r.summary())
        r = A.call('POST', '/api/clients', body={'first_name': 'Keep',
                                                 'last_name': 'Alive'},
                   token=S.tok(AT), conn=c)
        expect_status(r, 201)
        r = A.call('GET', '/api/clients/%d' % r.json['id'], token=S.tok(AT),
                   conn=c)
        expect_status(r, 200)
    finally:
        c.close()


@test('every response in this run had an X-Request-Id, all distinct')
def t_all_request_ids(S, A):
    eq(A.missing_rid, [], 'responses without X-Request-Id')
    check(len(A.request_ids) > 100, 'only %d responses seen'
          % len(A.request_ids))
    dup = len(A.request_ids) - len(set(A.request_ids))
    eq(dup, 0, 'duplicate request ids')


# ---- the runner -------------------------------------------------------------

# Tests of later issues live in their own modules and join the same list.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import library_tests  # noqa: E402
library_tests.register(sys.modules[__name__])
import intake_tests  # noqa: E402
intake_tests.register(sys.modules[__name__])
import documents_tests  # noqa: E402
documents_tests.register(sys.modules[__name__])
import assess_tests  # noqa: E402
assess_tests.register(sys.modules[__name__])
import logs_tests  # noqa: E402
logs_tests.register(sys.modules[__name__])
import program_tests  # noqa: E402
program_tests.register(sys.modules[__name__])
import loop_tests  # noqa: E402
loop_tests.register(sys.modules[__name__])


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, ok, desc, diag=()):
        self.n += 1
        print('%s %d - %s' % ('ok' if ok else 'not ok', self.n, desc))
        if not ok:
            self.failed += 1
            for line in diag:
                for sub in str(line).splitlines():
                    print('# ' + sub)
        sys.stdout.flush()


def stop_server(S, tap):
    """SIGTERM while a request is half sent: that request must still be
    answered, and the server must exit 0 within STOP_TIMEOUT."""
    diag = []
    ok = False
    body = json.dumps({'first_name': 'In', 'last_name': 'Flight'}).encode()
    conn = None
    try:
        conn = S.api.connect()
        conn.putrequest('POST', '/api/clients')
        conn.putheader('Authorization', 'Bearer ' + S.tok(AT))
        conn.putheader('Content-Type', 'application/json')
        conn.putheader('Content-Length', str(len(body)))
        conn.endheaders()
        conn.send(body[:10])
        time.sleep(0.5)              # the server has seen the headers
        S.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)              # ... and has the signal
        conn.send(body[10:])
        r = conn.getresponse()
        payload = r.read()
        ok = r.status == 201
        if not ok:
            diag.append('in-flight POST answered %d %r' % (r.status,
                                                           payload[:300]))
    except Exception as e:
        diag.append('in-flight request failed: %r' % e)
    finally:
        if conn is not None:
            conn.close()
    tap.result(ok, 'SIGTERM lets a request in flight finish (201)', diag)
    diag = []
    ok = False
    try:
        S.proc.send_signal(signal.SIGTERM)
        rc = S.proc.wait(timeout=STOP_TIMEOUT)
        ok = rc == 0
        if not ok:
            diag.append('server exited with status %r' % rc)
    except subprocess.TimeoutExpired:
        diag.append('server still running %gs after SIGTERM' % STOP_TIMEOUT)
    tap.result(ok, 'SIGTERM stops the server with exit status 0 within '
               '%d s' % STOP_TIMEOUT, diag)


SANITIZER_RE = re.compile(r'ERROR: (Address|Leak|Thread|Memory)Sanitizer|'
                          r'runtime error:|SUMMARY: \w+Sanitizer|'
                          r'Segmentation fault|Aborted')


def check_log(S, tap):
    """The server's stderr must hold no sanitizer or crash report."""
    try:
        S.log.flush()
        with open(S.log_path, errors='replace') as f:
            bad = [l for l in f.read().splitlines() if SANITIZER_RE.search(l)]
    except OSError as e:
        bad = ['cannot read the server log: %s' % e]
    tap.result(not bad, 'the server log holds no sanitizer or crash report',
               bad[:20])


def dump_log(S):
    try:
        S.log.flush()
        with open(S.log_path, errors='replace') as f:
            lines = f.read().splitlines()
    except (OSError, AttributeError):
        return
    print('# ---- server log (stderr), last 200 lines ----')
    for line in lines[-200:]:
        print('# ' + line)


def main():
    if len(sys.argv) != 2:
        print('usage: %s PATH/TO/rebound' % sys.argv[0], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix='rebound-api-')
    S = State(binary, tmp)
    tap = Tap()
    try:
        try:
            p = S.cli('init', '--db', S.db, '--demo')
            if p.returncode != 0 or OWNER not in p.stdout:
                raise RuntimeError('init --demo failed (%d): %s%s'
                                   % (p.returncode, p.stdout, p.stderr))
            p = S.cli('org', 'create', '--db', S.db, '--name', 'Other Gym',
                      '--kind', 'gym', '--owner-email', BOSS, '--owner-name',
                      'Other Boss', '--password-stdin',
                      stdin=BOSS_PASSWORD + '\n')
            if p.returncode != 0:
                raise RuntimeError('org create failed (%d): %s%s'
                                   % (p.returncode, p.stdout, p.stderr))
            S.start()
        except Exception as e:
            tap.result(False, 'set up the database and start the server',
                       [str(e)])
            dump_log(S)
            print('1..%d' % tap.n)
            return 1
        for desc, fn in TESTS:
            S.api.trace = []
            diag = []
            try:
                fn(S, S.api)
                ok = True
            except Fail as e:
                ok = False
                diag.append(str(e))
            except Exception:
                ok = False
                diag.append(traceback.format_exc())
            if not ok:
                tail = S.api.trace[-4:]
                if tail:
                    diag.append('last requests of this test:')
                    diag.extend('  ' + r.summary() for r in tail)
            if S.proc.poll() is not None:
                ok = False
                diag.append('the server died (status %r)' % S.proc.returncode)
            tap.result(ok, desc, diag)
            if S.proc.poll() is not None:
                break
        if S.proc.poll() is None:
            stop_server(S, tap)
        check_log(S, tap)
        if tap.failed:
            dump_log(S)
        print('# %d tests, %d failed, %.1f s' % (tap.n, tap.failed,
                                                 time.monotonic() - started))
        print('1..%d' % tap.n)
        return 1 if tap.failed else 0
    finally:
        if S.proc is not None and S.proc.poll() is None:
            S.proc.kill()
            S.proc.wait()
        if S.proc is not None and S.proc.stdout:
            S.proc.stdout.close()
        if S.log is not None:
            S.log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
