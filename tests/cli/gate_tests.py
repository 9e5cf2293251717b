#!/usr/bin/env python3
"""Black-box tests of `rebound gate PROTOCOL PHASE FILE|-`: the gate and
findings JSON for hand-built measures documents, and one-line errors.

    python3 tests/cli/gate_tests.py PATH/TO/rebound DATA_DIR

Prints TAP.  Python standard library only.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix='rebound-gate-')
results = []


def run(*args, stdin=None):
    env = dict(os.environ, REBOUND_DATA=DATA)
    return subprocess.run([BIN] + list(args), input=stdin, text=True,
                          capture_output=True, timeout=60, env=env)


def gate(protocol, phase, doc):
    return run('gate', protocol, phase, '-', stdin=json.dumps(doc))


def case(desc):
    def wrap(fn):
        try:
            fn()
            results.append((True, desc, ''))
        except AssertionError as e:
            results.append((False, desc, str(e)))
        except Exception as e:  # a crash is a failure, not an abort
            results.append((False, desc, repr(e)))
        return fn
    return wrap


def expect(p, status, err=None):
    assert p.returncode == status, 'exit %d, wanted %d\nstdout: %s\nstderr: %s' % (
        p.returncode, status, p.stdout[-800:], p.stderr[-800:])
    if err is not None:
        assert err in p.stderr, 'stderr lacks %r: %s' % (err, p.stderr)
    if status == 2:
        lines = [l for l in p.stderr.splitlines() if l.strip()]
        assert len(lines) == 1, 'expected one line on stderr, got %r' % lines


def items(out):
    return {c['id']: c for c in out['criteria']}


ACL_PASS = {
    'date': '2026-11-20', 'involved': 'left',
    'measures': [
        {'measure': 'days_since_surgery', 'value': 280},
        {'measure': 'quad_strength', 'side': 'left', 'value': 460},
        {'measure': 'quad_strength', 'side': 'right', 'value': 500},
        {'measure': 'single_hop', 'side': 'left', 'value': 171},
        {'measure': 'single_hop', 'side': 'right', 'value': 180},
        {'measure': 'triple_hop', 'side': 'left', 'value': 540},
        {'measure': 'triple_hop', 'side': 'right', 'value': 560},
        {'measure': 'crossover_hop', 'side': 'left', 'value': 500},
        {'measure': 'crossover_hop', 'side': 'right', 'value': 520},
        {'measure': 'timed_hop_6m', 'side': 'left', 'value': 2.1},
        {'measure': 'timed_hop_6m', 'side': 'right', 'value': 2.0},
        {'measure': 'kos_adls', 'value': 95},
        {'measure': 'global_rating_knee', 'value': 92},
        {'measure': 't_test_s', 'value': 10.2},
        {'measure': 'full_session_completed', 'value': 1},
        {'measure': 'acl_rsi', 'value': 70},
    ]}


@case('--help prints usage and exits 0')
def _():
    p = run('gate', '--help')
    expect(p, 0)
    assert p.stdout.startswith('usage: rebound gate'), p.stdout


@case('ACL return-to-sport gate: every criterion met, ready, no findings')
def _():
    p = gate('acl-reconstruction', 'run-land-cut', ACL_PASS)
    expect(p, 0)
    out = json.loads(p.stdout)
    assert out['ready'] is True, out
    assert all(c['verdict'] == 'met' for c in out['criteria']), out
    assert out['to_test'] == [], out
    assert out['next'] == 'return', out
    # timed hop LSI is inverted: 2.0 / 2.1 = 95.2 %
    th = items(out)['timed-hop-lsi']
    assert abs(th['value'] - 2.0 / 2.1 * 100) < 1e-3, th
    assert th['threshold'] == 90 and th['source'] == 'Grindem2016', th
    assert out['findings'] == [], out['findings']


@case('one hop under 90 % fails its criterion and is a finding')
def _():
    doc = json.loads(json.dumps(ACL_PASS))
    doc['measures'][3]['value'] = 150          # 150 / 180 = 83.3 %
    doc['measures'] = [m for m in doc['measures']
                       if m.get('measure') != 'acl_rsi']
    p = gate('acl-reconstruction', 'run-land-cut', doc)
    expect(p, 0)
    out = json.loads(p.stdout)
    c = items(out)
    assert out['ready'] is False
    assert c['single-hop-lsi']['verdict'] == 'not_met', c['single-hop-lsi']
    assert abs(c['single-hop-lsi']['value'] - 83.333) < 1e-2
    assert c['acl-rsi']['verdict'] == 'missing' and c['acl-rsi']['value'] is None
    assert out['to_test'] == ['acl_rsi'], out['to_test']
    f = [x for x in out['findings'] if x['measure'] == 'single_hop']
    assert len(f) == 1 and f[0]['kind'] == 'asymmetry' and f[0]['side'] == 'left', f
    assert '150 cm vs 180 cm' in f[0]['text'], f[0]['text']


@case('time floor: days_in_phase under min_days is not ready')
def _():
    doc = {'date': '2026-11-20'}
    base = [
        {'measure': 'plank_s', 'value': 90},
        {'measure': 'thomas_test_positive', 'side': 'left', 'value': 0},
        {'measure': 'thomas_test_positive', 'side': 'right', 'value': 0}]
    doc['measures'] = base + [{'measure': 'days_in_phase', 'value': 27}]
    out = json.loads(gate('desk-reconditioning', 'foundation', doc).stdout)
    assert all(c['verdict'] == 'met' for c in out['criteria']), out
    assert out['time_floor']['verdict'] == 'not_met', out['time_floor']
    assert out['time_floor']['min_days'] == 28
    assert out['ready'] is False
    doc['measures'] = base + [{'measure': 'days_in_phase', 'value': 28}]
    out = json.loads(gate('desk-reconditioning', 'foundation', doc).stdout)
    assert out['ready'] is True, out


@case('raw tests expand: YBT composite, FMS with painful clearing')
def _():
    doc = {'date': '2026-11-20', 'sex': 'female', 'age': 17, 'measures': [
        {'test': 'ybt', 'side': 'left', 'anterior': 60, 'posteromedial': 90,
         'posterolateral': 90, 'limb_length': 90},
        {'test': 'ybt', 'side': 'right', 'anterior': 66, 'posteromedial': 100,
         'posterolateral': 95, 'limb_length': 90},
        {'test': 'fms', 'deep_squat': 2,
         'hurdle_step': {'left': 2, 'right': 2},
         'inline_lunge': {'left': 2, 'right': 2},
         'shoulder_mobility': {'left': 2, 'right': 2},
         'active_slr': {'left': 2, 'right': 2}, 'trunk_pushup': 2,
         'rotary_stability': {'left': 2, 'right': 2},
         'clearing': {'spinal_flexion': True}},
        {'measure': 'pain_activity', 'value': 1}]}
    p = gate('general-performance', 'base', doc)
    expect(p, 0)
    out = json.loads(p.stdout)
    c = items(out)
    fms = [x for x in out['criteria'] if 'fms_total' in x['expr']][0]
    assert fms['verdict'] == 'not_met' and fms['value'] == 12, fms
    kinds = {(f['measure'], f['kind']) for f in out['findings']}
    assert ('ybt_anterior', 'asymmetry') in kinds, kinds
    assert ('ybt_composite', 'below_norm') in kinds, kinds   # 240/270 = 88.9 %
    assert ('fms_pain', 'flag') in kinds, kinds
    comp = [f for f in out['findings'] if f['measure'] == 'ybt_composite'][0]
    assert abs(comp['value'] - 240 / 270 * 100) < 1e-3 and comp['side'] == 'left'
    assert c['pain-activity']['verdict'] == 'met', c


@case('unknown protocol and phase exit 2 with one line')
def _():
    expect(gate('nope', 'x', ACL_PASS), 2, err='unknown protocol')
    expect(gate('acl-reconstruction', 'x', ACL_PASS), 2, err="no phase 'x'")


@case('invalid measures exit 2 naming the field')
def _():
    bad = {'date': '2026-11-20', 'measures': [
        {'measure': 'pain_rest', 'value': 1},
        {'measure': 'single_hop', 'value': 150}]}
    expect(gate('acl-reconstruction', 'recovery', bad), 2,
           err='measures[1].side')
    bad['measures'][1] = {'measure': 'pain_rest', 'value': 12}
    expect(gate('acl-reconstruction', 'recovery', bad), 2,
           err='measures[1].value')
    bad['measures'][1] = {'test': 'rep_max', 'exercise': 'back-squat',
                          'load_kg': 100, 'reps': 15}
    expect(gate('acl-reconstruction', 'recovery', bad), 2,
           err='measures[1].reps')
    expect(run('gate', 'acl-reconstruction', 'recovery', '-', stdin='{'), 2,
           err='invalid JSON')
    expect(run('gate', 'acl-reconstruction', 'recovery'), 2)
    expect(run('gate', 'a', 'b', os.path.join(TMP, 'missing.json')), 2)


@case('a file argument works like standard input')
def _():
    path = os.path.join(TMP, 'm.json')
    with open(path, 'w') as f:
        json.dump(ACL_PASS, f)
    p = run('gate', 'acl-reconstruction', 'run-land-cut', path)
    expect(p, 0)
    assert json.loads(p.stdout)['ready'] is True


try:
    for i, (ok, desc, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
        for line in diag.splitlines():
            print('# ' + line)
    print('1..%d' % len(results))
finally:
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(0 if all(r[0] for r in results) else 1)
