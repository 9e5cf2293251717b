#!/usr/bin/env python3
"""`rebound kb check` names every kind of problem the issue lists.

    python3 tests/kb/run_kb_check_tests.py PATH/TO/rebound DATA_DIR

Each test copies the data directory, breaks one file in one way, runs
`rebound kb check COPY` and expects exit status 1 with a line naming the
file, the field and the problem.  The untouched copy must be clean (exit 0).
Prints TAP; Python standard library only.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN, DATA = sys.argv[1], sys.argv[2]
results = []


def load(root, rel):
    with open(os.path.join(root, rel)) as f:
        return json.load(f)


def save(root, rel, doc):
    with open(os.path.join(root, rel), 'w') as f:
        json.dump(doc, f, indent=1)


def first_exercise_file(root):
    return 'exercises/' + sorted(os.listdir(os.path.join(root, 'exercises')))[0]


def first_protocol_file(root):
    return 'protocols/' + sorted(os.listdir(os.path.join(root, 'protocols')))[0]


def check(root):
    p = subprocess.run([BIN, 'kb', 'check', root], capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def case(desc, expect_bits, mutate):
    root = tempfile.mkdtemp(prefix='rebound-kb-')
    try:
        shutil.rmtree(root)
        shutil.copytree(DATA, root)
        where = mutate(root)
        rc, out = check(root)
        want = [where] + expect_bits if where else expect_bits
        lines = [l for l in out.splitlines()
                 if all(w in l for w in want)]
        ok = rc == 1 and bool(lines)
        diag = [] if ok else ['exit %d; wanted a line with %r' % (rc, want),
                              out[-1500:]]
        results.append((ok, desc, diag))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def ex_mut(fn):
    """Apply fn to the first exercise of the first exercise file."""
    def mutate(root):
        rel = first_exercise_file(root)
        doc = load(root, rel)
        fn(doc['exercises'], root)
        save(root, rel, doc)
        return rel
    return mutate


def proto_mut(fn):
    def mutate(root):
        rel = first_protocol_file(root)
        doc = load(root, rel)
        fn(doc['protocol'], root)
        save(root, rel, doc)
        return rel.replace('.json', '')
    return mutate


def main():
    rc, out = check(DATA)
    results.append((rc == 0, 'the shipped data directory is clean',
                    [] if rc == 0 else [out[-2000:]]))

    case('schema: an unknown field', ['mood', 'unknown field'],
         ex_mut(lambda xs, r: xs[0].update(mood='happy')))
    case('vocabulary: a category that does not exist',
         ['category', 'not in the categories vocabulary'],
         ex_mut(lambda xs, r: xs[0].update(category='yoga')))
    case('duplicate ids', ['duplicate exercise id'],
         ex_mut(lambda xs, r: xs.append(dict(xs[0]))))

    def dangling(xs, r):
        xs[0]['progressions'] = xs[0].get('progressions', []) + ['no-such']
    case('a dangling progression link', ['progressions',
                                         "unknown exercise 'no-such'"],
         ex_mut(dangling))

    def cycle(xs, r):
        # a -> b and b -> a: the progression graph loops.
        a, b = xs[0], xs[1]
        a['progressions'] = [b['id']]
        a['regressions'] = [x for x in a.get('regressions', [])
                            if x != b['id']]
        b['progressions'] = [a['id']]
        b['regressions'] = [x for x in b.get('regressions', [])
                            if x != a['id']]
    case('cyclic progression links', ['cycle'], ex_mut(cycle))

    def no_cues(xs, r):
        del xs[0]['cues']
    case('an exercise without cues', ['cues', 'missing'], ex_mut(no_cues))

    def no_rationale(xs, r):
        del xs[0]['rationale']
    case('an exercise without a rationale', ['rationale', 'missing'],
         ex_mut(no_rationale))

    def unsourced(xs, r):
        xs[0]['dose'] = {'strength': {'sets': [3, 4], 'reps': [6, 8],
                                      'rest_s': [60, 90]}}
    case('a dose number without a source', ['source',
                                            'a number without a source'],
         ex_mut(unsourced))

    def bad_source(xs, r):
        xs[0]['dose'] = {'strength': {'sets': [3, 4], 'reps': [6, 8],
                                      'source': 'Nobody2099'}}
    case('a source key that does not exist', ["unknown source 'Nobody2099'"],
         ex_mut(bad_source))

    def unparsable(p, r):
        p['phases'][0]['exit'] = [{'id': 'x', 'label': 'x',
                                   'expr': 'pain_activity <= ', 'source':
                                   'Rebound-design'}]
    case('an unparsable criterion', ['expr', 'expected a number'],
         proto_mut(unparsable))

    def unknown_measure(p, r):
        p['phases'][0]['exit'] = [{'id': 'x', 'label': 'x',
                                   'expr': 'hop_symmetry >= 90', 'source':
                                   'Rebound-design'}]
    case('a criterion with an unknown measure',
         ['expr', "unknown measure 'hop_symmetry'"], proto_mut(unknown_measure))

    def criterion_unsourced(p, r):
        p['phases'][0]['exit'] = [{'id': 'x', 'label': 'x',
                                   'expr': 'pain_activity <= 2'}]
    case('a criterion without a source', ['a number without a source'],
         proto_mut(criterion_unsourced))

    def starved(p, r):
        # A protect phase that emphasises power and forbids everything that
        # loads, jumps or stands: too few eligible exercises remain.
        restrictions = [x['id'] for x in
                        load(r, 'restrictions.json')['restrictions']]
        ph = p['phases'][0]
        ph['kind'] = 'protect'
        ph['emphasis'] = {'categories': ['power'], 'patterns': []}
        ph['restrictions'] = restrictions
    case('a phase left with fewer than 3 eligible exercises',
         ['emphasis', "eligible 'power'"], proto_mut(starved))

    def bad_scope(root):
        doc = load(root, 'credentials.json')
        doc['credentials'][0]['scopes'] = ['dancing']
        save(root, 'credentials.json', doc)
        return 'credentials.json'
    case('credential table: an unknown scope', ["scopes", "'dancing'"],
         bad_scope)

    for i, (ok, desc, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
        for d in diag:
            for line in str(d).splitlines():
                print('# ' + line)
    print('1..%d' % len(results))
    return 0 if all(r[0] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
