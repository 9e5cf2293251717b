#!/usr/bin/env python3
"""Black-box tests of `rebound score`: scores from item answers, the change
against the MCID, --list, and one-line errors with exit 2.

    python3 tests/cli/score_tests.py PATH/TO/rebound

Prints TAP.  Python standard library only.  Expected values are the domain
brief's worked examples (section 4) or computed by hand in the comments.
"""
import json
import os
import subprocess
import sys

BIN = os.path.abspath(sys.argv[1])
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                    'data')
results = []


def run(*args):
    env = dict(os.environ)
    env.pop('REBOUND_DB', None)
    return subprocess.run([BIN] + list(args), text=True, capture_output=True,
                          timeout=60, env=env)


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
    assert p.stdout == '', 'stdout not empty: %r' % p.stdout


def scored(*args):
    p = run('score', *args)
    expect(p, 0)
    assert p.stderr == '', p.stderr
    return json.loads(p.stdout)


def close(a, b):
    assert abs(a - b) < 1e-6, '%r != %r' % (a, b)


@case('--help prints usage; score is in the command list')
def _():
    expect(run('score', '--help'), 0, out='usage: rebound score')
    expect(run('--help'), 0, out='score')


@case('--list gives every instrument with its rules and sources')
def _():
    d = scored('--list')
    ids = [i['id'] for i in d['instruments']]
    assert ids == ['nprs', 'lefs', 'quickdash', 'odi', 'faam_adl',
                   'faam_sport', 'tsk11', 'acl_rsi'], ids
    q = d['instruments'][2]
    assert q['items'] == 11 and q['missing']['max_missing'] == 1, q
    assert q['mcid']['value'] == 14 and q['mcid']['source'] == 'QuickDASH', q
    assert all(i['source'] for i in d['instruments'])


@case('every measure id and source key named exists in data/')
def _():
    with open(os.path.join(DATA, 'measures.json')) as f:
        measures = {m['id']: m for m in json.load(f)['measures']}
    with open(os.path.join(DATA, 'sources.json')) as f:
        sources = {s['key'] for s in json.load(f)['sources']}
    for inst in scored('--list')['instruments']:
        for m in inst['measures']:
            assert m in measures, (inst['id'], m)
            # the score's range and direction agree with the measure's
            if len(inst['measures']) == 1:
                assert measures[m]['min'] == inst['min'], (m, inst['min'])
                assert measures[m]['max'] == inst['max'], (m, inst['max'])
                assert measures[m]['unit'] == inst['unit'], m
            better = 'higher' if inst['direction'] == 'higher_is_better' \
                else 'lower'
            assert measures[m]['better'] == better, m
        keys = [inst['source'], inst['bands_source']]
        if inst['mcid'] is not None:
            keys.append(inst['mcid']['source'])
        for k in keys:
            assert k is None or k in sources, (inst['id'], k)


@case('QuickDASH brief vectors: 25.0, 22.5 with one blank, 9 answered fails')
def _():
    d = scored('quickdash', '--answers', '2,3,1,2,2,3,1,1,2,2,3')
    close(d['score'], 25.0)
    assert d['instrument'] == 'quickdash' and d['measure'] == 'quickdash'
    assert d['missing'] == 0 and d['max'] == 100 and d['source'] == 'QuickDASH'
    d = scored('quickdash', '--answers', '2,3,1,2,2,3,1,1,2,2,')
    close(d['score'], 22.5)
    assert d['missing'] == 1
    p = run('score', 'quickdash', '--answers', '2,3,1,2,2,3,1,1,2,,')
    expect(p, 2, err='QuickDASH: 2 items missing, at most 1 allowed')
    one_line_error(p)


@case('ODI: sum 16 of 10 sections is 32 %; one N/A section gives 35.6 %')
def _():
    d = scored('odi', '--answers', '2,2,2,2,2,2,1,0,2,1')
    close(d['score'], 32.0)
    assert d['interpretation']['band'] == 'moderate disability', d
    d = scored('odi', '--answers', '2,2,2,2,2,2,1,na,2,1')
    close(d['score'], 1600 / 45)
    assert d['missing'] == 1 and d['unit'] == '%'


@case('FAAM sports: 7 answered summing 21 is 75 %; 2 missing fails')
def _():
    d = scored('faam_sport', '--answers', '3,3,3,3,3,3,3,N/A')
    close(d['score'], 75.0)
    p = run('score', 'faam_sport', '--answers', '3,3,3,3,3,3,,')
    expect(p, 2, err='at most 1 allowed')
    one_line_error(p)


@case('minimum and maximum of every instrument')
def _():
    rows = [('nprs', 1, 0, 10, 0, 10), ('lefs', 20, 0, 4, 0, 80),
            ('quickdash', 11, 1, 5, 0, 100), ('odi', 10, 0, 5, 0, 100),
            ('faam_adl', 21, 0, 4, 0, 100), ('faam_sport', 8, 0, 4, 0, 100),
            ('tsk11', 11, 1, 4, 11, 44), ('acl_rsi', 12, 0, 10, 0, 100)]
    for inst, n, lo, hi, smin, smax in rows:
        close(scored(inst, '--answers', ','.join([str(lo)] * n))['score'], smin)
        close(scored(inst, '--answers', ','.join([str(hi)] * n))['score'], smax)


@case('NPRS: band, measure chosen with --measure, unknown measure refused')
def _():
    d = scored('nprs', '--answers', '7')
    assert d['measure'] is None and 'pain_rest' in d['measures']
    assert d['interpretation']['band'] == 'severe'
    d = scored('nprs', '--answers', '7', '--measure', 'pain_activity')
    assert d['measure'] == 'pain_activity'
    p = run('score', 'nprs', '--answers', '7', '--measure', 'lefs')
    expect(p, 2, err='field measure')
    one_line_error(p)


@case('change vs MCID: improved, worsened, no important change, unknown')
def _():
    # LEFS (higher is better, MCID 9): 20 x 2 = 40 before, 40 + 9 = 49 after
    before = ','.join(['2'] * 20)
    after = ','.join(['3'] * 9 + ['2'] * 11)
    d = scored('lefs', '--answers', after, '--previous', before)
    c = d['change']
    close(c['before'], 40)
    close(c['after'], 49)
    close(c['change'], 9)
    assert c['mcid'] == 9 and c['mcid_source'] == 'LEFS', c
    assert c['verdict'] == 'improved', c
    close(d['previous']['score'], 40)
    c = scored('lefs', '--answers', before, '--previous', after)['change']
    assert c['verdict'] == 'worsened', c
    # QuickDASH (lower is better, MCID 14): 50 -> 25 improved; 25 -> 50
    # worsened; 25 -> 22.5 (one blank) no important change
    mid = ','.join(['3'] * 11)
    vec = '2,3,1,2,2,3,1,1,2,2,3'
    assert scored('quickdash', '--answers', vec, '--previous', mid)[
        'change']['verdict'] == 'improved'
    assert scored('quickdash', '--answers', mid, '--previous', vec)[
        'change']['verdict'] == 'worsened'
    assert scored('quickdash', '--answers', '2,3,1,2,2,3,1,1,2,2,',
                  '--previous', vec)['change']['verdict'] == 'no_important_change'
    # NPRS 3 -> 2: 1 point but 33 % of baseline
    c = scored('nprs', '--answers', '2', '--previous', '3')['change']
    assert c['verdict'] == 'improved' and c['mcid_pct'] == 30, c
    # ACL-RSI has no MCID in our sources
    c = scored('acl_rsi', '--answers', ','.join(['9'] * 12),
               '--previous', ','.join(['2'] * 12))['change']
    assert c['verdict'] == 'unknown' and c['mcid'] is None, c


@case('bad answers: out of range names the item, wrong count, not a number')
def _():
    p = run('score', 'quickdash', '--answers', '2,3,1,9,2,3,1,1,2,2,3')
    expect(p, 2, err='field answers[3]')
    one_line_error(p)
    p = run('score', 'quickdash', '--answers', '2,3,1,2')
    expect(p, 2, err='4 answers given, 11 items expected')
    one_line_error(p)
    p = run('score', 'nprs', '--answers', 'x')
    expect(p, 2, err="field answers[0]: 'x' is not a number")
    one_line_error(p)
    p = run('score', 'nprs', '--answers', '2.5')
    expect(p, 2, err='whole number')
    one_line_error(p)
    p = run('score', 'nprs', '--answers', '3', '--previous', '12')
    expect(p, 2, err='field previous[0]')
    one_line_error(p)
    p = run('score', 'tsk11', '--answers', ','.join(['1'] * 10) + ',')
    expect(p, 2, err='1 item missing, at most 0 allowed')
    one_line_error(p)


@case('usage errors exit 2 with one line')
def _():
    for args in (['score'], ['score', 'koos', '--answers', '1'],
                 ['score', 'nprs'], ['score', 'nprs', '--answers'],
                 ['score', 'nprs', '--bogus', '1'],
                 ['score', '--list', 'nprs'],
                 ['score', 'nprs', 'lefs', '--answers', '1']):
        p = run(*args)
        expect(p, 2)
        one_line_error(p)


print('1..%d' % len(results))
for i, (ok, desc, why) in enumerate(results, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
    if not ok:
        for line in why.splitlines():
            print('# ' + line)
sys.exit(0 if all(r[0] for r in results) else 1)
