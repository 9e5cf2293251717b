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
