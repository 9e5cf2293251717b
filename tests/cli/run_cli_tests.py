#!/usr/bin/env python3
"""Black-box tests of the `rebound` command: exit statuses, one-line errors,
and the administration and library commands against a temporary database.

    python3 tests/cli/run_cli_tests.py PATH/TO/rebound DATA_DIR

Prints TAP.  Python standard library only.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix='rebound-cli-')
DB = os.path.join(TMP, 'r.db')
results = []


def run(*args, stdin=None):
    env = dict(os.environ, REBOUND_DATA=DATA)
    env.pop('REBOUND_DB', None)
    return subprocess.run([BIN] + list(args), input=stdin, text=True,
                          capture_output=True, timeout=120, env=env)


def case(desc):
    def wrap(fn):
        try:
            fn()
            results.append((True, desc, ''))
        except AssertionError as e:
            results.append((False, desc, str(e)))
        return fn
    return wrap


def expect(p, status, out=None, err=None):
    assert p.returncode == status, 'exit %d, wanted %d\nstdout: %s\nstderr: %s' % (
        p.returncode, status, p.stdout[-800:], p.stderr[-800:])
    if out is not None:
        assert out in p.stdout, 'stdout lacks %r: %s' % (out, p.stdout[-800:])
    if err is not None:
        assert err in p.stderr, 'stderr lacks %r: %s' % (err, p.stderr[-800:])


def one_line_error(p):
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, 'expected one line on stderr, got %r' % lines
    assert lines[0].startswith('rebound'), lines[0]


@case('--help and version succeed; no command is a usage error')
def _():
    expect(run('--help'), 0, out='usage: rebound COMMAND')
    expect(run('version'), 0, out='rebound ')
    expect(run(), 2, err='usage: rebound')


@case('every command has --help')
def _():
    for cmd in ('init', 'serve', 'org', 'user', 'audit', 'kb', 'exercise'):
        p = run(cmd, '--help')
        expect(p, 0, out='usage: rebound ' + cmd)


@case('unknown commands and options exit 2 with one line')
def _():
    p = run('frobnicate')
    expect(p, 2)
    one_line_error(p)
    p = run('init', '--nope')
    expect(p, 2)
    one_line_error(p)
    p = run('audit', '--org', 'abc', '--db', DB)
    expect(p, 2)
    one_line_error(p)


@case('init creates and migrates a database, with demo data once')
def _():
    expect(run('init', '--db', DB, '--demo'), 0,
           out='owner@riverside.example')
    expect(run('init', '--db', DB, '--demo'), 0, out='no demo data added')


@case('org create and list; bad kind is a usage error')
def _():
    p = run('org', 'create', '--db', DB, '--name', 'Cli Gym', '--kind',
            'gym', '--owner-email', 'cli@gym.example', '--owner-name', 'C',
            '--password-stdin', stdin='a-long-password\n')
    expect(p, 0, out='practice 2 created')
    expect(run('org', 'list', '--db', DB), 0, out='Cli Gym')
    p = run('org', 'create', '--db', DB, '--name', 'X', '--kind', 'spa',
            '--owner-email', 'x@x.example', '--owner-name', 'X',
            '--password-stdin', stdin='a-long-password\n')
    expect(p, 2)
    one_line_error(p)


@case('user add (invite), list, unlock; duplicate e-mail fails')
def _():
    p = run('user', 'add', '--db', DB, '--org', '2', '--email',
            'coach@gym.example', '--name', 'Coach', '--role', 'practitioner')
    expect(p, 0, out='invite token')
    expect(run('user', 'list', '--db', DB, '--org', '2'), 0,
           out='coach@gym.example')
    p = run('user', 'add', '--db', DB, '--org', '2', '--email',
            'coach@gym.example', '--name', 'Coach', '--role', 'practitioner')
    expect(p, 1)
    one_line_error(p)
    p = run('user', 'add', '--db', DB, '--org', '99', '--email',
            'nobody@gym.example', '--name', 'N', '--role', 'practitioner')
    expect(p, 2, err='no practice 99')
    expect(run('user', 'unlock', 'coach@gym.example', '--db', DB), 0,
           out='unlocked')


@case('audit lists the writes, newest first, as text or JSON')
def _():
    p = run('audit', '--db', DB, '--org', '2', '--json')
    expect(p, 0)
    rows = [json.loads(l) for l in p.stdout.splitlines()]
    actions = [r['action'] for r in rows]
    assert 'user.invite' in actions and 'org.create' in actions, actions
    assert rows[0]['id'] > rows[-1]['id'], 'not newest first'


@case('kb check is clean on the shipped data; stats counts')
def _():
    expect(run('kb', 'check', DATA), 0, err='is clean')
    expect(run('kb', 'stats', DATA), 0, out='exercises:')


@case('exercise search and show without a database')
def _():
    p = run('exercise', 'search', 'squat', '--json', '--limit', '5')
    expect(p, 0)
    doc = json.loads(p.stdout)
    assert doc['total'] >= 1 and len(doc['exercises']) <= 5, doc
    first = doc['exercises'][0]['id']
    p = run('exercise', 'show', first)
    expect(p, 0)
    assert json.loads(p.stdout)['id'] == first
    expect(run('exercise', 'search', '--phase', 'later'), 2)
    p = run('exercise', 'search', '--pattern', 'somersault')
    expect(p, 2, err='not one of the patterns')
    one_line_error(p)
    expect(run('exercise', 'show', 'no-such-exercise'), 1)


@case('exercise import shows progress, is all-or-nothing, export returns it')
def _():
    p = run('exercise', 'show', json.loads(
        run('exercise', 'search', 'bridge', '--json', '--limit',
            '1').stdout)['exercises'][0]['id'])
    ex = json.loads(p.stdout)
    ex['id'], ex['name'] = 'cli-gym-bridge', 'Cli gym bridge'
    bad = dict(ex, id='cli-gym-broken', category='yoga')
    path = os.path.join(TMP, 'bad.json')
    with open(path, 'w') as f:
        json.dump({'exercises': [ex, bad], 'hidden': []}, f)
    p = run('exercise', 'import', '--db', DB, '--org', '2', path)
    expect(p, 2, err='exercise 2')
    p = run('exercise', 'export', '--db', DB, '--org', '2')
    expect(p, 0)
    assert json.loads(p.stdout)['exercises'] == [], 'partial import kept'
    with open(path, 'w') as f:
        json.dump({'exercises': [ex], 'hidden': []}, f)
    p = run('exercise', 'import', '--db', DB, '--org', '2', path)
    expect(p, 0, out='imported 1', err='importing: 1/1')
    p = run('exercise', 'export', '--db', DB, '--org', '2')
    assert [e['id'] for e in json.loads(p.stdout)['exercises']] == \
        ['cli-gym-bridge'], p.stdout[:300]
    p = run('exercise', 'search', 'cli gym', '--org', '2', '--db', DB,
            '--json')
    assert json.loads(p.stdout)['total'] == 1, p.stdout


@case('credential add, verify and the compliance report')
def _():
    p = run('credential', 'add', '--db', DB, '--org', '1', '--user', '2',
            '--kind', 'boc_atc', '--issuer', 'BOC', '--number', 'AT-9',
            '--issued', '2025-01-01', '--expires', '2099-12-31',
            '--cpr-expires', '2099-06-30')
    expect(p, 0)
    cred = json.loads(p.stdout)
    assert cred['status'] == 'unverified', cred
    p = run('credential', 'verify', str(cred['id']), '--org', '1', '--note',
            'seen on the register', '--db', DB)
    expect(p, 0)
    assert json.loads(p.stdout)['status'] == 'current', p.stdout
    p = run('compliance', '--org', '1', '--db', DB, '--json')
    expect(p, 0)
    staff = {s['user']['email']: s for s in json.loads(p.stdout)['staff']}
    assert 'rehab_program' in staff['at@riverside.example']['today'][
        'allowed'], staff['at@riverside.example']['today']
    p = run('credential', 'add', '--db', DB, '--org', '1', '--user', '2',
            '--kind', 'wizard', '--issuer', 'X', '--number', '1', '--issued',
            '2025-01-01', '--expires', '2026-01-01')
    expect(p, 2, err='unknown credential kind')
    one_line_error(p)
    expect(run('credential', 'add', '--db', DB, '--org', '1'), 2)


# ---- the practice commands (intake, consent, injuries, scope, ...) --------
# They run after the credential case above: user 2 (Sam Okafor, BOC-ATC,
# verified) may screen; user 1 (the owner) holds no credential.

SCREEN_INPUT = {
    'age': 30, 'pregnant': False, 'temporary_illness': False,
    'parq': {'g1': False, 'g2': False, 'g3': False, 'g4': False,
             'g5': False, 'g6': False, 'g7': False},
    'acsm': {'regular_exercise': True, 'known_disease': [], 'symptoms': [],
             'desired_intensity': 'moderate'},
    'red_flags': [],
}
INJURY = {'region': 'ankle_foot', 'side': 'left', 'kind': 'sprain',
          'onset_on': '2025-01-10'}
CLEARANCE = {'provider': 'Dr A. Okafor', 'provider_credential': 'physician',
             'cleared_on': '2025-02-01', 'expires_on': '2099-01-01'}


def bad(p, text=None):
    expect(p, 2, err=text)
    one_line_error(p)


@case('the practice commands have --help')
def _():
    for cmd in ('client', 'consent', 'injury', 'clearance', 'screening',
                'scope', 'case', 'incident', 'referral', 'program',
                'recommendation', 'attention'):
        expect(run(cmd, '--help'), 0, out='usage: rebound ' + cmd)


@case('client intake and show')
def _():
    body = json.dumps({'goals': {'codes': ['strength']},
                       'experience': 'novice', 'height_cm': 171})
    p = run('client', 'intake', '--org', '1', '2', '-', '--db', DB,
            stdin=body)
    expect(p, 0)
    assert json.loads(p.stdout)['experience'] == 'novice', p.stdout
    p = run('client', 'show', '--org', '1', '2', '--json', '--db', DB)
    expect(p, 0)
    doc = json.loads(p.stdout)
    assert doc['intake']['height_cm'] == 171, doc
    assert doc['client']['id'] == 2, doc
    expect(run('client', 'show', '--org', '1', '2', '--db', DB), 0,
           out='experience')
    bad(run('client', 'intake', '--org', '1', '2', '-', '--db', DB,
            stdin='{"goals": {"codes": ["strength"]}, "experience": "guru"}'),
        'field experience')
    bad(run('client', 'intake', '--org', '1', '2', '-', '--db', DB,
            stdin='{not json'), 'invalid JSON')
    bad(run('client', 'show', '2', '--db', DB), 'needs --org')
    p = run('client', 'show', '--org', '1', '999', '--db', DB)
    expect(p, 1)
    one_line_error(p)


@case('consent publish and sign')
def _():
    p = run('consent', 'publish', '--org', '1', '-', '--db', DB,
            stdin='I agree to be coached.\n')
    expect(p, 0)
    version = json.loads(p.stdout)['version']
    p = run('consent', 'sign', '--org', '1', '2', '--version', str(version),
            '--signer', 'Tom Becker', '--db', DB)
    expect(p, 0)
    assert json.loads(p.stdout)['signer_name'] == 'Tom Becker', p.stdout
    p = run('consent', 'sign', '--org', '1', '2', '--version',
            str(version + 5), '--signer', 'Tom Becker', '--db', DB)
    expect(p, 1, err='current consent version')
    one_line_error(p)
    bad(run('consent', 'sign', '--org', '1', '2', '--db', DB),
        '--version and --signer')
    bad(run('consent', 'publish', '--org', '1', '-', '--db', DB, stdin=''),
        'consent text')
    p = run('consent', 'show', '--org', '1', '--db', DB)
    expect(p, 0)
    doc = json.loads(p.stdout)
    assert doc['version'] == version and 'coached' in doc['body'], doc
    bad(run('consent', 'show', '--org', '1', 'extra', '--db', DB),
        'no operand')


@case('injury add and list, as a credentialed staff member')
def _():
    p = run('injury', 'add', '--org', '1', '--as', '2', '2', '-', '--db', DB,
            stdin=json.dumps(INJURY))
    expect(p, 0)
    assert json.loads(p.stdout)['region'] == 'ankle_foot', p.stdout
    p = run('injury', 'list', '--org', '1', '2', '--db', DB)
    expect(p, 0)
    assert len(json.loads(p.stdout)) == 1, p.stdout
    bad(run('injury', 'add', '--org', '1', '--as', '2', '2', '-', '--db', DB,
            stdin=json.dumps(dict(INJURY, region='spleen'))), 'field region')
    bad(run('injury', 'add', '--org', '1', '2', '-', '--db', DB,
            stdin=json.dumps(INJURY)), 'needs --as')
    bad(run('injury', 'add', '--org', '1', '--as', '4', '2', '-', '--db', DB,
            stdin=json.dumps(INJURY)), 'is a client')
    p = run('injury', 'add', '--org', '1', '--as', '1', '2', '-', '--db', DB,
            stdin=json.dumps(INJURY))
    expect(p, 1, out='scope.needs_credential', err='scope.needs_credential')
    p = run('audit', '--org', '1', '--db', DB, '--json')
    expect(p, 0)
    rows = [r for r in map(json.loads, p.stdout.splitlines())
            if r['action'] == 'injury.create']
    assert rows and rows[0]['user_id'] == 2 and rows[0]['address'] == 'cli', \
        rows[:1]


@case('injury update changes status, checked like PATCH /api/injuries/{id}')
def _():
    iid = str(json.loads(run('injury', 'list', '--org', '1', '2', '--db',
                             DB).stdout)[0]['id'])
    p = run('injury', 'update', '--org', '1', '--as', '2', iid, '-', '--db',
            DB, stdin=json.dumps({'status': 'resolved'}))
    expect(p, 0)
    assert json.loads(p.stdout)['status'] == 'resolved', p.stdout
    bad(run('injury', 'update', '--org', '1', '--as', '2', iid, '-', '--db',
            DB, stdin=json.dumps({'status': 'healed'})), 'field status')
    bad(run('injury', 'update', '--org', '1', '--as', '2', iid, '--db', DB),
        'INJURY_ID and FILE')
    p = run('injury', 'update', '--org', '1', '--as', '2', '999', '-',
            '--db', DB, stdin=json.dumps({'status': 'active'}))
    expect(p, 1)
    one_line_error(p)
    p = run('injury', 'update', '--org', '1', '--as', '2', iid, '-', '--db',
            DB, stdin=json.dumps({'status': 'active'}))
    expect(p, 0)
    assert json.loads(p.stdout)['status'] == 'active', p.stdout


@case('clearance add and list')
def _():
    p = run('clearance', 'add', '--org', '1', '--as', '2', '2', '-', '--db',
            DB, stdin=json.dumps(CLEARANCE))
    expect(p, 0)
    assert json.loads(p.stdout)['provider_credential'] == 'physician'
    p = run('clearance', 'list', '--org', '1', '2', '--db', DB)
    expect(p, 0)
    assert len(json.loads(p.stdout)) == 1, p.stdout
    bad(run('clearance', 'add', '--org', '1', '--as', '2', '2', '-', '--db',
            DB, stdin=json.dumps(dict(CLEARANCE,
                                      provider_credential='nasm_cpt'))),
        'field provider_credential')


@case('screening add stores a screen; list shows it')
def _():
    path = os.path.join(TMP, 'screen.json')
    with open(path, 'w') as f:
        json.dump(SCREEN_INPUT, f)
    p = run('screening', 'add', '--org', '1', '--as', '2', '2', path, '--db',
            DB)
    expect(p, 0)
    assert json.loads(p.stdout)['outcome'] == 'cleared', p.stdout
    p = run('screening', 'list', '--org', '1', '2', '--db', DB)
    expect(p, 0)
    assert len(json.loads(p.stdout)) == 1, p.stdout
    bad(run('screening', 'add', '--org', '1', '--as', '2', '2', '-', '--db',
            DB, stdin=json.dumps(dict(SCREEN_INPUT, age=-3))), 'age')
    bad(run('screening', 'add', '--org', '1', '--as', '2', '2',
            os.path.join(TMP, 'missing.json'), '--db', DB))


@case('scope check: allowed exits 0, refused exits 1 naming the rule')
def _():
    p = run('scope', 'check', '--org', '1', '--as', '2', '2',
            'program_healthy', '--db', DB)
    expect(p, 0)
    assert json.loads(p.stdout)['allowed'] is True, p.stdout
    p = run('scope', 'check', '--org', '1', '--as', '1', '2',
            'program_healthy', '--db', DB)
    expect(p, 1, err='scope.needs_credential')
    one_line_error(p)
    doc = json.loads(p.stdout)
    assert doc['allowed'] is False and doc['rule'] == \
        'scope.needs_credential' and doc['unblock'], doc
    bad(run('scope', 'check', '--org', '1', '--as', '2', '2', 'fly', '--db',
            DB), 'unknown action')
    bad(run('scope', 'check', '--org', '1', '--as', '2', '2', '--db', DB))


@case('case open behind the scope gate')
def _():
    p = run('case', 'open', '--org', '1', '--as', '2', '2', '--injury', '1',
            '--protocol', 'achilles-tendinopathy', '--db', DB)
    expect(p, 0)
    assert json.loads(p.stdout)['protocol_id'] == 'achilles-tendinopathy'
    bad(run('case', 'open', '--org', '1', '--as', '2', '2', '--injury', '1',
            '--protocol', 'no-such-protocol', '--db', DB), 'field protocol')
    bad(run('case', 'open', '--org', '1', '--as', '2', '2', '--db', DB),
        '--injury and --protocol')
    p = run('case', 'open', '--org', '1', '--as', '1', '2', '--injury', '1',
            '--protocol', 'achilles-tendinopathy', '--db', DB)
    expect(p, 1, err='scope.')
    one_line_error(p)
    p = run('case', 'list', '--org', '1', '2', '--db', DB)
    expect(p, 0)
    cases = json.loads(p.stdout)
    assert [c['protocol_id'] for c in cases] == ['achilles-tendinopathy'], \
        cases
    bad(run('case', 'list', '--org', '1', '--db', DB), 'one CLIENT_ID')


@case('referral writes the letter as HTML')
def _():
    p = run('referral', '--org', '1', '--as', '2', '2', '--to', 'physician',
            '--db', DB)
    expect(p, 0, out='<!DOCTYPE html>')
    assert 'Tom Becker' in p.stdout
    bad(run('referral', '--org', '1', '--as', '2', '2', '--to', 'vet',
            '--db', DB), 'field to')
    bad(run('referral', '--org', '1', '--as', '2', '2', '--db', DB), '--to')


@case('incident list, show and sign')
def _():
    import sqlite3
    con = sqlite3.connect(DB)
    con.execute("INSERT INTO incidents (org_id, client_id, occurred_at, "
                "location, description, actions_taken, reported_by, "
                "created_at, updated_at) VALUES (1, 2, '2025-03-01', "
                "'gym floor', 'rolled an ankle', 'ice', 2, 1, 1)")
    con.commit()
    con.close()
    p = run('incident', 'list', '--org', '1', '--json', '--db', DB)
    expect(p, 0)
    rows = json.loads(p.stdout)
    assert len(rows) == 1, rows
    iid = str(rows[0]['id'])
    expect(run('incident', 'list', '--org', '1', '--db', DB), 0,
           out='unsigned')
    p = run('incident', 'show', '--org', '1', iid, '--db', DB)
    expect(p, 0)
    assert json.loads(p.stdout)['amendments'] == [], p.stdout
    bad(run('incident', 'sign', '--org', '1', iid, '--db', DB), '--as')
    p = run('incident', 'sign', '--org', '1', '--as', '1', iid, '--db', DB)
    expect(p, 0)
    assert json.loads(p.stdout)['signed'] is True, p.stdout
    p = run('incident', 'sign', '--org', '1', '--as', '1', iid, '--db', DB)
    expect(p, 1, err='already signed')
    one_line_error(p)
    bad(run('incident', 'show', '--org', '1', 'abc', '--db', DB))
    p = run('incident', 'show', '--org', '1', '999', '--db', DB)
    expect(p, 1)
    one_line_error(p)


@case('incident create, edit, sign, then only amendments')
def _():
    report = {'client_id': 2, 'occurred_at': '2025-04-02T10:15',
              'location': 'clinic gym', 'description': 'felt dizzy on the bike',
              'actions_taken': 'stopped, seated, observed 15 minutes'}
    bad(run('incident', 'create', '--org', '1', '-', '--db', DB,
            stdin=json.dumps(report)), '--as')
    bad(run('incident', 'create', '--org', '1', '--as', '2', '-', '--db', DB,
            stdin=json.dumps(dict(report, location=7))), 'field location')
    p = run('incident', 'create', '--org', '1', '--as', '2', '-', '--db', DB,
            stdin=json.dumps(report))
    expect(p, 0)
    iid = str(json.loads(p.stdout)['id'])
    p = run('incident', 'edit', '--org', '1', '--as', '2', iid, '-', '--db',
            DB, stdin=json.dumps({'location': 'clinic gym, bike area'}))
    expect(p, 0)
    assert json.loads(p.stdout)['location'] == 'clinic gym, bike area'
    bad(run('incident', 'amend', '--org', '1', '--as', '2', iid, '--db', DB),
        'incident ID and a FILE')
    p = run('incident', 'amend', '--org', '1', '--as', '2', iid, '-', '--db',
            DB, stdin='too early')
    expect(p, 1)
    one_line_error(p)
    expect(run('incident', 'sign', '--org', '1', '--as', '2', iid, '--db',
               DB), 0)
    p = run('incident', 'edit', '--org', '1', '--as', '2', iid, '-', '--db',
            DB, stdin=json.dumps({'location': 'elsewhere'}))
    expect(p, 1, err='signed')
    one_line_error(p)
    p = run('incident', 'amend', '--org', '1', '--as', '2', iid, '-', '--db',
            DB, stdin='Client phoned next day: fine, saw GP.')
    expect(p, 0)
    assert 'saw GP' in json.loads(p.stdout)['text'], p.stdout
    p = run('incident', 'show', '--org', '1', iid, '--db', DB)
    doc = json.loads(p.stdout)
    assert doc['location'] == 'clinic gym, bike area', doc
    assert [a['text'] for a in doc['amendments']] == \
        ['Client phoned next day: fine, saw GP.'], doc


@case('program generate, show, versions, edit; recommendations')
def _():
    p = run('program', 'generate', '--org', '1', '--as', '2', '2', '--db', DB)
    expect(p, 1, err='availability')
    one_line_error(p)
    body = json.dumps({'goals': {'codes': ['general_fitness']},
                       'experience': 'novice', 'availability_days': 3,
                       'availability_minutes': 45,
                       'equipment': {'access': 'gym', 'items': []}})
    expect(run('client', 'intake', '--org', '1', '2', '-', '--db', DB,
               stdin=body), 0)
    p = run('program', 'generate', '--org', '1', '--as', '2', '2', '-',
            '--db', DB, stdin=json.dumps({'weeks': 2}))
    expect(p, 0)
    doc = json.loads(p.stdout)
    assert doc['version'] == 1 and len(doc['program']['weeks']) == 2, doc
    rx = [x for w in doc['program']['weeks'] for s in w['sessions']
          for b in s['blocks'] for x in b['prescriptions']
          if b['block'] == 'main'][0]
    p = run('program', 'edit', '--org', '1', '--as', '2', '2', '-', '--db',
            DB, stdin=json.dumps({'edits': [{'op': 'dose',
                                             'exercise': rx['exercise'],
                                             'sets': 2, 'reason': 'easy start'}]}))
    expect(p, 0)
    assert json.loads(p.stdout)['version'] == 2, p.stdout
    p = run('program', 'show', '--org', '1', '2', '--version', '1', '--db',
            DB)
    expect(p, 0)
    assert json.loads(p.stdout)['version'] == 1, p.stdout[:200]
    p = run('program', 'versions', '--org', '1', '2', '--db', DB)
    expect(p, 0)
    assert [v['version'] for v in json.loads(p.stdout)['versions']] == \
        [2, 1], p.stdout[:300]
    bad(run('program', 'edit', '--org', '1', '--as', '2', '2', '-', '--db',
            DB, stdin=json.dumps({'edits': [{'op': 'fly', 'exercise': 'x',
                                             'reason': 'r'}]})), 'edits[0].op')
    bad(run('program', 'edit', '--org', '1', '--as', '2', '2', '--db', DB),
        'CLIENT_ID and FILE')
    bad(run('program', 'generate', '--org', '1', '2', '--db', DB), '--as')
    p = run('recommendation', 'list', '--org', '1', '2', '--db', DB)
    expect(p, 0)
    assert 'recommendations' in json.loads(p.stdout), p.stdout
    p = run('recommendation', 'decide', '--org', '1', '--as', '2', '999',
            'accept', '--db', DB)
    expect(p, 1)
    one_line_error(p)
    bad(run('recommendation', 'decide', '--org', '1', '--as', '2', '1',
            'maybe', '--db', DB), 'accept or decline')


@case('attention lists who needs attention, as text or JSON')
def _():
    p = run('attention', '--org', '1', '--db', DB)
    expect(p, 0, out='need')
    p = run('attention', '--org', '1', '--json', '--db', DB)
    expect(p, 0)
    doc = json.loads(p.stdout)
    assert doc['clients_checked'] >= 1 and 'predict' in doc['note'], doc
    scores = [c['score'] for c in doc['clients']]
    assert scores == sorted(scores, reverse=True), scores
    p = run('attention', '--org', '1', '--as', '2', '--json', '--db', DB)
    expect(p, 0)
    bad(run('attention', '--org', '1', 'extra', '--db', DB), 'unexpected')
    bad(run('attention', '--db', DB), '--org')


@case('a database from a newer rebound is refused with a clear message')
def _():
    import sqlite3
    newer = os.path.join(TMP, 'newer.db')
    expect(run('init', '--db', newer), 0)
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version VALUES (99, '0099_future', 1)")
    con.commit()
    con.close()
    p = run('user', 'list', '--db', newer, '--org', '1')
    expect(p, 1, err='upgrade rebound')
    one_line_error(p)


try:
    for i, (ok, desc, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
        for line in diag.splitlines():
            print('# ' + line)
    print('1..%d' % len(results))
finally:
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(0 if all(r[0] for r in results) else 1)
