#!/usr/bin/env python3
"""Black-box tests of `rebound session log|list` and `rebound checkin
add|list` on a demo database: logging as a staff member, the JSON as the
API renders it, from/to, a red-flag check-in's screening, audit rows, and
one-line errors with exit 2 (usage, bad input naming the field) or 1.

    python3 tests/cli/log_tests.py PATH/TO/rebound

Prints TAP.  Python standard library only.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix='rebound-log-')
DB = os.path.join(TMP, 'r.db')
results = []


def day(offset=0):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def run(*args, stdin=None):
    env = dict(os.environ)
    env.pop('REBOUND_DB', None)
    return subprocess.run([BIN] + list(args), text=True, capture_output=True,
                          timeout=60, env=env, input=stdin)


def case(desc):
    def wrap(fn):
        try:
            fn()
            results.append((True, desc, ''))
        except AssertionError as e:
            results.append((False, desc, str(e)))
        except Exception as e:  # a crash in the test itself
            results.append((False, desc, repr(e)))
        return fn
    return wrap


def expect(p, status, out=None, err=None):
    assert p.returncode == status, 'exit %d, wanted %d\nstdout: %s\nstderr: %s' % (
        p.returncode, status, p.stdout[-800:], p.stderr[-800:])
    if out is not None:
        assert out in p.stdout, 'stdout lacks %r: %s' % (out, p.stdout[-800:])
    if err is not None:
        assert err in p.stderr, 'stderr lacks %r: %s' % (err, p.stderr[-800:])


def one_line_error(p, status=2, text=None):
    expect(p, status)
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, 'expected one line on stderr, got %r' % lines
    assert lines[0].startswith('rebound'), lines[0]
    if text is not None:
        assert text in lines[0], 'stderr %r lacks %r' % (lines[0], text)
    assert p.stdout == '', 'stdout not empty: %r' % p.stdout


def ok_json(p):
    expect(p, 0)
    return json.loads(p.stdout)


SESSION = {'date': day(-1), 'status': 'completed', 'rpe': 7, 'minutes': 50,
           'sets': [{'exercise_id': 'bodyweight-squat', 'reps': 12,
                     'load_kg': 0, 'rir': 2, 'pain': 1},
                    {'exercise_id': 'wall-sit', 'seconds': 40}]}


def log(body, client='1', user='2', org='1'):
    return run('session', 'log', '--db', DB, '--org', org, '--as', user,
               client, '-', stdin=json.dumps(body))


def checkin(body, client='1', user='2'):
    return run('checkin', 'add', '--db', DB, '--org', '1', '--as', user,
               client, '-', stdin=json.dumps(body))


p = run('init', '--db', DB, '--demo')
if p.returncode != 0:
    print('not ok 1 - init --demo (%s)' % p.stderr.strip())
    print('1..1')
    sys.exit(1)
USERS = {}
for line in run('user', 'list', '--db', DB, '--org', '1').stdout.splitlines():
    f = line.split()
    if f and f[0].isdigit():
        USERS[f[3]] = f[0]
AT = USERS['at@riverside.example']
MAYA_USER = USERS['maya@riverside.example']


@case('--help prints usage with exit 0; both commands are listed')
def _():
    expect(run('session', '--help'), 0, out='usage: rebound session log')
    expect(run('checkin', '--help'), 0, out='usage: rebound checkin add')
    expect(run('session', 'list', '--help'), 0, out='rebound session list')
    p = run('--help')
    expect(p, 0, out='session')
    assert 'checkin' in p.stdout, p.stdout


@case('session log prints the session as the API renders it')
def _():
    s = ok_json(log(SESSION, user=AT))
    assert (s['client_id'], s['date'], s['status']) == (1, day(-1),
                                                       'completed'), s
    assert (s['rpe'], s['minutes'], str(s['logged_by'])) == (7, 50, AT), s
    assert [(x['set_no'], x['exercise_id'], x['reps'], x['seconds'])
            for x in s['sets']] == [(1, 'bodyweight-squat', 12, None),
                                    (2, 'wall-sit', None, 40)], s['sets']
    assert (s['sets'][0]['rir'], s['sets'][0]['pain'],
            s['sets'][0]['rpe']) == (2, 1, None), s['sets'][0]


@case('session list: all, --from, --to (inclusive), --from=DATE')
def _():
    for d in (-9, -4):
        expect(log(dict(SESSION, date=day(d)), user=AT), 0)

    def days(*opts):
        j = ok_json(run('session', 'list', '--db', DB, '--org', '1',
                        *opts, '1'))
        return [s['date'] for s in j['sessions']]
    assert days() == [day(-9), day(-4), day(-1)], days()
    assert days('--from', day(-4)) == [day(-4), day(-1)], days('--from',
                                                               day(-4))
    assert days('--to', day(-4)) == [day(-9), day(-4)]
    assert days('--from=%s' % day(-4), '--to=%s' % day(-4)) == [day(-4)]
    assert days('--from', day(1)) == []


@case('checkin add and list; a red flag stores a refer screening')
def _():
    c = ok_json(checkin({'date': day(0), 'kind': 'next_morning',
                         'pain': {'knee': 4}, 'sleep_hours': 6,
                         'fatigue': 2}, user=AT))
    assert c['screening'] is None, c
    assert (c['checkin']['max_pain'], c['checkin']['pain']) == (4, {
        'knee': 4}), c
    c = ok_json(checkin({'date': day(0), 'kind': 'daily',
                         'red_flags': ['cardiac.chest_pain']}, client='2',
                        user=AT))
    s = c['screening']
    assert (s['outcome'], s['result']['urgency'],
            s['result']['blocks']) == ('refer', 'urgent',
                                       ['all_training']), s
    assert s['answers'] == {'red_flags': ['cardiac.chest_pain'],
                            'checkin_id': c['checkin']['id']}, s['answers']
    j = ok_json(run('screening', 'list', '--db', DB, '--org', '1', '2'))
    assert [x['id'] for x in j] == [s['id']], j
    j = ok_json(run('checkin', 'list', '--db', DB, '--org', '1', '1'))
    assert [x['kind'] for x in j['checkins']] == ['next_morning'], j


@case('the writes and reads are audited as the staff member')
def _():
    p = run('audit', '--db', DB, '--org', '1', '--json', '--limit', '200')
    expect(p, 0)
    rows = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    acts = {r['action'] for r in rows}
    for a in ('session.log', 'session.list', 'checkin.add', 'checkin.list',
              'screening.create'):
        assert a in acts, '%s not in %r' % (a, sorted(acts))
    logs = [r for r in rows if r['action'] == 'session.log']
    assert all(str(r['user_id']) == AT for r in logs), logs


@case('bad input is exit 2 with one line naming the field')
def _():
    one_line_error(log(dict(SESSION, rpe=12), user=AT), 2, 'field rpe')
    bad = json.loads(json.dumps(SESSION))
    bad['sets'][1]['exercise_id'] = 'nope'
    one_line_error(log(bad, user=AT), 2, 'field sets[1].exercise_id')
    one_line_error(log(dict(SESSION, date=day(3)), user=AT), 2, 'field date')
    one_line_error(checkin({'date': day(0), 'kind': 'daily',
                            'pain': {'toe': 2}}, user=AT), 2,
                   'field pain.toe')
    one_line_error(checkin({'date': day(0), 'kind': 'daily',
                            'red_flags': ['x']}, user=AT), 2,
                   'field red_flags[0]')
    p = run('session', 'log', '--db', DB, '--org', '1', '--as', AT, '1', '-',
            stdin='{not json')
    one_line_error(p, 2)


@case('usage errors are exit 2 with one line')
def _():
    one_line_error(run('session'), 2, 'log or list')
    one_line_error(run('checkin'), 2, 'add or list')
    one_line_error(run('session', 'add', '--org', '1', '1', '-'), 2,
                   "unknown subcommand 'add'")
    one_line_error(run('checkin', 'log', '--org', '1', '1', '-'), 2)
    one_line_error(run('session', 'log', '--db', DB, '--org', '1', '1', '-',
                       stdin='{}'), 2, '--as')
    one_line_error(run('session', 'log', '--db', DB, '--org', '1', '--as', AT,
                       '1'), 2, 'CLIENT_ID and FILE')
    one_line_error(run('session', 'list', '--db', DB, '--org', '1',
                       '--from', '2026-02-30', '1'), 2, '--from')
    one_line_error(run('session', 'list', '--db', DB, '--org', '1', '1',
                       '--to'), 2, '--to')
    one_line_error(run('checkin', 'add', '--db', DB, '--org', '1', '--as', AT,
                       '--from', day(0), '1', '-', stdin='{}'), 2, 'list')
    one_line_error(run('session', 'list', '--db', DB, '--org', '1', 'x'), 2)
    one_line_error(run('session', 'list', '--db', DB, '1'), 2, '--org')


@case('another practice\'s client, a missing client or a client account '
      'as --as is refused')
def _():
    p = run('org', 'create', '--db', DB, '--name', 'Other Gym', '--kind',
            'gym', '--owner-email', 'boss@other.example', '--owner-name',
            'Other Boss', '--password-stdin', stdin='other-pass-123\n')
    expect(p, 0)
    one_line_error(run('session', 'list', '--db', DB, '--org', '2', '1'), 1,
                   'no such client')
    one_line_error(run('checkin', 'list', '--db', DB, '--org', '1', '999'), 1,
                   'no such client')
    # The command line acts only as staff; a client logs through the portal.
    one_line_error(log(SESSION, user=MAYA_USER), 2)


try:
    for i, (ok, desc, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
        for line in diag.splitlines():
            print('# ' + line)
    print('1..%d' % len(results))
finally:
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
