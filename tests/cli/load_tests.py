#!/usr/bin/env python3
"""Black-box tests of `rebound load`: JSON in (sessions or a daily series),
every metric per day out, flags, and one-line errors with exit 2.

    python3 tests/cli/load_tests.py PATH/TO/rebound

Prints TAP.  Python standard library only.  Expected numbers are the domain
brief's test vectors (section 7), worked out in docs/load-monitoring.md.
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix='rebound-load-')
results = []
START = datetime.date(2026, 3, 2)


def date(i):
    return (START + datetime.timedelta(days=i)).isoformat()


def run(*args, stdin=None):
    return subprocess.run([BIN] + list(args), input=stdin, text=True,
                          capture_output=True, timeout=60)


def load(doc):
    return run('load', '-', stdin=json.dumps(doc))


def case(desc):
    def wrap(fn):
        try:
            fn()
            results.append((True, desc, ''))
        except AssertionError as e:
            results.append((False, desc, str(e)))
        return fn
    return wrap


def expect(p, status, err=None):
    assert p.returncode == status, 'exit %d, wanted %d\nstdout: %s\nstderr: %s' % (
        p.returncode, status, p.stdout[-800:], p.stderr[-800:])
    if err is not None:
        assert err in p.stderr, 'stderr lacks %r: %s' % (err, p.stderr)


def bad(p, err):
    expect(p, 2, err)
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, 'expected one line on stderr, got %r' % lines
    assert lines[0].startswith('rebound'), lines[0]
    assert p.stdout == '', p.stdout


def ok(p):
    expect(p, 0)
    return json.loads(p.stdout)


def near(got, want, tol):
    assert abs(got - want) <= tol, 'got %r, wanted %r +/- %g' % (got, want, tol)


def value(day, metric):
    m = day[metric]
    assert m['state'] == 'ok', '%s on %s: %r' % (metric, day['date'], m)
    return m['value']


@case('--help prints usage on stdout; no file is a usage error')
def _():
    p = run('load', '--help')
    expect(p, 0)
    assert 'usage: rebound load' in p.stdout
    p = run('load')
    expect(p, 2, 'missing FILE')
    p = run('load', 'a', 'b')
    expect(p, 2, 'too many arguments')
    p = run('load', '--bogus')
    expect(p, 2, 'unknown option')


@case('Foster week from sessions, unsorted, two sessions on one day')
def _():
    # [300, 0, 450, 300, 0, 600, 200]: 600 is 6 x 50 + 5 x 60; day 0 is
    # 300 = 5 x 60.  Listed out of order.
    sessions = [
        {'date': date(6), 'rpe': 4, 'minutes': 50},
        {'date': date(5), 'rpe': 6, 'minutes': 50},
        {'date': date(0), 'rpe': 5, 'minutes': 60},
        {'date': date(2), 'rpe': 7.5, 'minutes': 60},
        {'date': date(3), 'rpe': 5, 'minutes': 60},
        {'date': date(5), 'rpe': 5, 'minutes': 60},
    ]
    out = ok(load({'sessions': sessions}))
    assert out['first'] == date(0) and out['last'] == date(6), out
    days = out['days']
    assert [d['load'] for d in days] == [300, 0, 450, 300, 0, 600, 200], \
        [d['load'] for d in days]
    assert [d['entries'] for d in days] == [1, 0, 1, 1, 0, 2, 1]
    last = days[6]
    near(value(last, 'weekly'), 1850, 1e-9)
    near(value(last, 'monotony'), 1.195, 1e-3)
    near(value(last, 'strain'), 2210.4, 0.05)
    for d in days[:6]:
        assert d['weekly']['state'] == 'short_history', d['weekly']
        assert d['weekly']['value'] is None
        assert 'reason' in d['weekly']
    assert last['acwr_coupled']['state'] == 'short_history'
    assert out['pmc'] == 'exp_decay'
    assert 'descriptive' in out['caveat']


@case('ACWR vector: coupled 1.60, uncoupled 2.00, EWMA 1.339, flags')
def _():
    days = [{'date': date(i), 'load': 400} for i in range(28)]
    days += [{'date': date(28 + i), 'load': 800} for i in range(7)]
    days.reverse()  # order does not matter
    out = ok(load({'days': days}))
    last = out['days'][-1]
    assert last['date'] == date(34)
    near(value(last, 'acwr_coupled'), 1.60, 1e-9)
    near(value(last, 'acwr_uncoupled'), 2.00, 1e-9)
    near(value(last, 'acute_ewma'), 746.6, 0.05)
    near(value(last, 'chronic_ewma'), 557.4, 0.05)
    near(value(last, 'acwr_ewma'), 1.339, 1e-3)
    ids = sorted((f['id'], f['metric']) for f in last['flags'])
    assert ids == [('acwr_danger', 'acwr_coupled'),
                   ('acwr_danger', 'acwr_uncoupled'),
                   ('acwr_high', 'acwr_ewma')], ids
    f = [f for f in last['flags'] if f['metric'] == 'acwr_coupled'][0]
    assert f['source'] == 'Gabbett' and f['threshold'] == 1.5, f
    assert f['comparator'] == '>=' and f['date'] == date(34)
    assert len(out['flags']) >= 3
    th = {t['id']: t for t in out['thresholds']}
    assert th['monotony_high']['verified'] is False
    assert th['acwr_danger']['value'] == 1.5


@case('Banister vector, both variants; through extends with rest days')
def _():
    days = [{'date': date(i), 'load': 100} for i in range(42)]
    out = ok(load({'days': days, 'through': date(42)}))
    d41, d42 = out['days'][41], out['days'][42]
    assert d42['load'] == 0 and d42['entries'] == 0
    near(value(d41, 'fitness'), 63.21, 0.005)
    near(value(d41, 'fatigue'), 99.75, 0.005)
    near(value(d42, 'form'), -36.54, 0.005)
    assert out['days'][40]['fitness']['state'] == 'short_history'
    out = ok(load({'days': days, 'through': date(42), 'pmc': 'simple_ewma'}))
    d41, d42 = out['days'][41], out['days'][42]
    assert out['pmc'] == 'simple_ewma'
    near(value(d41, 'fitness'), 63.65, 0.005)
    near(value(d41, 'fatigue'), 99.85, 0.005)
    near(value(d42, 'form'), -36.19, 0.005)


@case('SD = 0 and chronic 0 are undefined with a reason, not a number')
def _():
    days = [{'date': date(i), 'load': 100} for i in range(7)]
    d = ok(load({'days': days}))['days'][6]
    assert d['monotony']['state'] == 'undefined', d['monotony']
    assert d['monotony']['value'] is None
    assert 'standard deviation' in d['monotony']['reason']
    assert d['strain']['state'] == 'undefined'
    out = ok(load({'days': [{'date': date(0), 'load': 0}],
                   'through': date(27)}))
    d = out['days'][27]
    assert d['acwr_coupled']['state'] == 'undefined'
    assert d['acwr_ewma']['state'] == 'undefined'


@case('a file argument works like standard input')
def _():
    path = os.path.join(TMP, 'load.json')
    with open(path, 'w') as f:
        json.dump({'days': [{'date': date(0), 'load': 10}]}, f)
    out = ok(run('load', path))
    assert out['days'][0]['load'] == 10


@case('bad input: exit 2 and one line naming the field')
def _():
    bad(run('load', os.path.join(TMP, 'missing.json')), 'missing.json')
    bad(run('load', '-', stdin='{'), 'invalid JSON')
    bad(run('load', '-', stdin='[]'), 'expected a JSON object')
    bad(load({}), 'exactly one of')
    bad(load({'days': [{'date': date(0), 'load': 1}],
              'sessions': [{'date': date(0), 'rpe': 1, 'minutes': 1}]}),
        'exactly one of')
    bad(load({'days': []}), 'days')
    bad(load({'sessions': [{'date': date(0), 'rpe': 11, 'minutes': 30}]}),
        'sessions[0].rpe')
    bad(load({'sessions': [{'date': date(0), 'rpe': 5, 'minutes': -3}]}),
        'sessions[0].minutes')
    bad(load({'sessions': [{'date': date(0), 'rpe': 5}]}),
        'sessions[0].minutes')
    bad(load({'sessions': [{'date': '2026-02-30', 'rpe': 5, 'minutes': 3}]}),
        'sessions[0].date')
    bad(load({'sessions': [{'date': date(0), 'rpe': '5', 'minutes': 3}]}),
        'sessions[0].rpe')
    bad(load({'sessions': [{'date': date(0), 'rpe': 5, 'minutes': 3,
                            'x': 1}]}), 'sessions[0].x')
    bad(load({'sessions': [3]}), 'sessions[0]')
    bad(load({'days': [{'date': date(0), 'load': -1}]}), 'days[0].load')
    bad(load({'days': [{'date': date(0), 'load': 1},
                       {'date': date(0), 'load': 2}]}), 'days[1].date')
    bad(load({'days': [{'date': date(5), 'load': 1}], 'through': date(2)}),
        'through')
    bad(load({'days': [{'date': date(0), 'load': 1}], 'pmc': 'banister'}),
        'pmc')
    bad(load({'days': [{'date': '2000-01-01', 'load': 1},
                       {'date': '2020-01-01', 'load': 1}]}),
        'field days: must span at most')
    bad(load({'days': [{'date': date(0), 'load': 1}], 'extra': 1}), 'extra')


try:
    for i, (passed, desc, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if passed else 'not ok', i, desc))
        for line in diag.splitlines():
            print('# ' + line)
    print('1..%d' % len(results))
finally:
    import shutil
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(0 if all(r[0] for r in results) else 1)
