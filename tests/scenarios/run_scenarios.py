#!/usr/bin/env python3
"""run_scenarios.py -- run `rebound plan` on every case file in this folder
and check each plan against the knowledge base files directly (never by
trusting the engine), then against the case's own "expect" block.

usage: run_scenarios.py REBOUND DATA_DIR [SCENARIO_DIR]

Properties checked for every plan (TAP output, one test per case):
  - deterministic: two runs give byte-identical output
  - no contraindicated exercise: the phase kind is one of the exercise's
    phases, no contraindication for the protocol's condition in that phase,
    no demand forbidden by the phase's or the clearance's restrictions
    (impact 'high' counts as jumping and landing)
  - in scope: a rehabilitation protocol only for a practitioner holding a
    credential with the clinical scope (data/credentials.json)
  - equipment: every item the exercise needs is in the client's list
  - time: each session's duration, recomputed here from the doses, is
    within 10 % of the minutes available
  - a rationale (text, rule ids, known source keys) on every prescription
  - the warm-up reflects the history (injured regions, long sitting)
  - weekly pattern balance: at least three main patterns a week (when
    there are three main slots), and no more pushing than pulling + 1
"""
import glob
import json
import os
import subprocess
import sys

PRESETS = {
    "home": ["mat", "wall", "step"],
    "gym": ["band", "dumbbell", "kettlebell", "barbell", "rack", "machine",
            "cable", "step", "box", "bench", "balance_pad", "pull_up_bar",
            "medicine_ball", "foam_roller", "mat", "wall", "cones", "slider",
            "suspension_trainer", "stationary_bike"],
}
HISTORY_WARMUP = {  # injured region -> regions one warm-up item must touch
    "ankle_foot": {"ankle_foot"},
    "knee": {"knee", "hip"},
    "hip": {"hip"},
    "lumbar_spine": {"lumbar_spine", "trunk"},
    "shoulder": {"shoulder", "thoracic_spine"},
}
PUSH = {"horizontal_push", "vertical_push"}
PULL = {"horizontal_pull", "vertical_pull"}
WARM = {"raise", "activate_mobilise", "potentiate"}


def load_kb(data):
    ex = {}
    for f in sorted(glob.glob(os.path.join(data, "exercises", "*.json"))):
        d = json.load(open(f))
        for e in d["exercises"] if isinstance(d, dict) else d:
            ex[e["id"]] = e
    prot = {}
    for f in sorted(glob.glob(os.path.join(data, "protocols", "*.json"))):
        p = json.load(open(f))["protocol"]
        prot[p["id"]] = p
    restr = {r["id"]: set(r["forbids"]) for r in
             json.load(open(os.path.join(data, "restrictions.json")))["restrictions"]}
    src = json.load(open(os.path.join(data, "sources.json")))["sources"]
    keys = {s.get("key") or s.get("id") for s in src}
    cred = json.load(open(os.path.join(data, "credentials.json")))
    rows = cred.get("credentials", cred.get("rows", []))
    clinical = {r["kind"] for r in rows if "clinical" in r.get("scopes", [])}
    return ex, prot, restr, keys, clinical


def rep_seconds(tempo):
    if not tempo:
        return 3
    parts = tempo.split("-")
    if len(parts) != 4:
        return 3
    total = 0
    for p in parts:
        if p in ("X", "x"):
            total += 1
        elif p.isdigit():
            total += int(p)
        else:
            return 3
    return total or 3


def rx_minutes(p):
    sides = 2 if p["laterality"] == "unilateral" and p["side"] == "both" else 1
    work = p["reps"] * rep_seconds(p["tempo"]) if "reps" in p else p["seconds"]
    s = p["sets"] * sides * work + max(p["sets"] - 1, 0) * p["rest_s"] + 30
    return s / 60.0


def prescriptions(plan):
    for w in plan["weeks"]:
        for s in w["sessions"]:
            for b in s["blocks"]:
                for p in b["prescriptions"]:
                    yield w, s, b["block"], p


def check_plan(case, plan, kb, fail):
    ex, prot, restr, keys, clinical = kb
    prof = case["profile"]
    equip = set()
    for e in prof["equipment"]:
        equip.update(PRESETS.get(e, [e]))
    p = prot.get(plan["protocol"]["id"])
    if p is None:
        return fail("unknown protocol %s" % plan["protocol"]["id"])
    phase = next((ph for ph in p["phases"] if ph["id"] == plan["phase"]["id"]), None)
    if phase is None:
        return fail("unknown phase %s" % plan["phase"]["id"])
    kind, cond = phase["kind"], p.get("condition")
    forbidden = set()
    for r in phase.get("restrictions", []):
        forbidden |= restr[r]
    clr = case.get("clearance")
    if clr:
        for r in clr.get("restrictions", []):
            forbidden |= restr[r]
    if cond is not None:
        kinds = {c["kind"] for c in case["practitioner"]["credentials"]}
        if not kinds & clinical:
            fail("rehabilitation protocol without a clinical credential")
    for w, s, block, rx in prescriptions(plan):
        e = ex.get(rx["exercise"])
        where = "week %d session %d %s" % (w["week"], s["session"], rx["exercise"])
        if e is None:
            fail("%s: not in the library" % where)
            continue
        if kind not in e["phases"]:
            fail("%s: not for a %s phase" % (where, kind))
        for c in e.get("contraindications", []):
            if c["condition"] == cond and c.get("phase", kind) == kind:
                fail("%s: contraindicated for %s" % (where, cond))
        dem = set(e.get("demands", []))
        if e.get("impact") == "high":
            dem |= {"jumping", "landing"}
        if dem & forbidden:
            fail("%s: forbidden demands %s" % (where, sorted(dem & forbidden)))
        if not set(e.get("equipment", [])) <= equip:
            fail("%s: needs %s" % (where, sorted(set(e["equipment"]) - equip)))
        anyof = e.get("equipment_any") or []
        if anyof and not set(anyof) & equip:
            fail("%s: needs one of %s" % (where, anyof))
        why = rx.get("rationale") or {}
        if not why.get("text") or not why.get("rules") or not why.get("sources"):
            fail("%s: rationale incomplete" % where)
        for k in why.get("sources", []):
            if k not in keys:
                fail("%s: unknown source key %s" % (where, k))
        if rx["regression"] is None and rx["progression"] is None and \
                (e.get("regressions") or e.get("progressions")):
            fail("%s: no neighbour named" % where)
    mins = prof["minutes_per_session"]
    injured = {i["region"] for i in case.get("history", {}).get("injuries", [])}
    for w in plan["weeks"]:
        main_patterns, push, pull, nmain = set(), 0, 0, 0
        for s in w["sessions"]:
            total = sum(rx_minutes(rx) for b in s["blocks"] for rx in b["prescriptions"])
            if not (0.9 * mins <= total <= 1.1 * mins):
                fail("week %d session %d: %.1f min for %d available" %
                     (w["week"], s["session"], total, mins))
            warm = [ex[rx["exercise"]] for b in s["blocks"] if b["block"] in WARM
                    for rx in b["prescriptions"]]
            for region in injured:
                want = HISTORY_WARMUP.get(region)
                if want and not any(set(e["regions"]) & want for e in warm):
                    fail("week %d session %d: warm-up ignores the %s history" %
                         (w["week"], s["session"], region))
            if prof.get("sitting_hours", 0) >= 6:
                if not any("hip_flexors" in e["muscles"] and e["category"] == "mobility"
                           for e in warm):
                    fail("session %d: no hip-flexor mobility for a sitter" % s["session"])
                if not any("thoracic_spine" in e["regions"] for e in warm):
                    fail("session %d: no thoracic work for a sitter" % s["session"])
            for b in s["blocks"]:
                for rx in b["prescriptions"]:
                    pat = rx["pattern"]
                    if b["block"] == "main":
                        main_patterns.add(pat)
                        nmain += 1
                    if b["block"] in ("main", "accessory"):
                        push += pat in PUSH
                        pull += pat in PULL
        if nmain >= 3 and len(main_patterns) < 3:
            fail("week %d: main patterns %s" % (w["week"], sorted(main_patterns)))
        if push > pull + 1:
            fail("week %d: %d pushes vs %d pulls" % (w["week"], push, pull))


def sel(plan, ex, match, blocks=None):
    """Exercises of each week matching 'match' (fields of the library)."""
    out = []
    for w in plan["weeks"]:
        hits = []
        for s in w["sessions"]:
            for b in s["blocks"]:
                if blocks and b["block"] not in blocks:
                    continue
                for rx in b["prescriptions"]:
                    e = ex[rx["exercise"]]
                    ok = True
                    for k, v in match.items():
                        if k in ("region", "muscle"):
                            ok = ok and v in e[k + "s"]
                        else:
                            ok = ok and e.get(k) == v
                    if ok:
                        hits.append((s["session"], rx))
        out.append(hits)
    return out


def check_expect(exp, plan, raw, kb, fail):
    ex = kb[0]
    if exp.get("refused"):
        if not plan.get("refused"):
            return fail("expected a refusal")
        if "rule" in exp and plan["rule"] != exp["rule"]:
            fail("rule %s, expected %s" % (plan["rule"], exp["rule"]))
        if "rule_prefix" in exp and not plan["rule"].startswith(exp["rule_prefix"]):
            fail("rule %s" % plan["rule"])
        for m in exp.get("message_mentions", []):
            if m not in plan["message"]:
                fail("message lacks %r" % m)
        for m in exp.get("unblock_mentions", []):
            if m not in plan["unblock"]:
                fail("unblock lacks %r" % m)
        return
    if plan.get("refused"):
        return fail("refused: %s" % plan.get("message"))
    if "protocol" in exp and plan["protocol"]["id"] != exp["protocol"]:
        fail("protocol %s" % plan["protocol"]["id"])
    if "phase" in exp and plan["phase"]["id"] != exp["phase"]:
        fail("phase %s" % plan["phase"]["id"])
    if "rehab" in exp and plan["protocol"]["rehab"] != exp["rehab"]:
        fail("rehab %s" % plan["protocol"]["rehab"])
    gate = plan.get("gate", {})
    if "gate_decision" in exp and gate.get("decision") != exp["gate_decision"]:
        fail("gate decision %s" % gate.get("decision"))
    for m in exp.get("gate_missing_includes", []):
        if not any(m in x for x in gate.get("missing", [])):
            fail("gate missing list lacks %r: %s" % (m, gate.get("missing")))
    for d in exp.get("forbidden_demands", []):
        for w, s, b, rx in prescriptions(plan):
            e = ex[rx["exercise"]]
            dem = set(e.get("demands", []))
            if e.get("impact") == "high":
                dem |= {"jumping", "landing"}
            if d in dem:
                fail("week %d: %s demands %s" % (w["week"], rx["exercise"], d))
    for m in exp.get("warmup_every_session", []):
        for w in plan["weeks"]:
            for s in w["sessions"]:
                warm = [ex[rx["exercise"]] for b in s["blocks"] if b["block"] in WARM
                        for rx in b["prescriptions"]]
                if not any(all((v in e[k + "s"]) if k in ("region", "muscle")
                               else e.get(k) == v for k, v in m.items()) for e in warm):
                    fail("week %d session %d: warm-up lacks %s" % (w["week"], s["session"], m))
    for m in exp.get("present_each_week", []):
        for i, hits in enumerate(sel(plan, ex, m)):
            if not hits:
                fail("week %d lacks %s" % (i + 1, m))
    for pat in exp.get("patterns_each_week", []):
        for i, hits in enumerate(sel(plan, ex, {"pattern": pat}, {"main", "accessory"})):
            if not hits:
                fail("week %d lacks the %s pattern" % (i + 1, pat))
    for group in exp.get("patterns_each_week_any", []):
        for w in plan["weeks"]:
            pats = {rx["pattern"] for s in w["sessions"] for b in s["blocks"]
                    if b["block"] in ("main", "accessory") for rx in b["prescriptions"]}
            if not pats & set(group):
                fail("week %d lacks any of %s" % (w["week"], group))
    for cat in exp.get("categories_each_week", []):
        for i, hits in enumerate(sel(plan, ex, {"category": cat}, {"main", "accessory"})):
            if not hits:
                fail("week %d lacks %s work" % (i + 1, cat))
    for d in exp.get("demand_present_each_week", []):
        for w in plan["weeks"]:
            if not any(d in ex[rx["exercise"]].get("demands", [])
                       for s in w["sessions"] for b in s["blocks"]
                       for rx in b["prescriptions"]):
                fail("week %d: nothing with %s" % (w["week"], d))
    if "main_involved_side" in exp:
        side = exp["main_involved_side"]
        for w in plan["weeks"]:
            if not any(rx["side"] == "involved" and rx.get("side_name") == side
                       for s in w["sessions"] for b in s["blocks"] if b["block"] == "main"
                       for rx in b["prescriptions"]):
                fail("week %d: no involved-side (%s) work in main" % (w["week"], side))
    if "jump_max_level" in exp:
        for w, s, b, rx in prescriptions(plan):
            e = ex[rx["exercise"]]
            if "jumping" in e.get("demands", []) and (
                    e["level"] > exp["jump_max_level"] or e.get("impact") == "high"):
                fail("%s: jump above level %d" % (rx["exercise"], exp["jump_max_level"]))
    if exp.get("no_high_impact"):
        for w, s, b, rx in prescriptions(plan):
            if ex[rx["exercise"]].get("impact") == "high":
                fail("%s is high impact" % rx["exercise"])
    for w, s, b, rx in prescriptions(plan):
        i = rx["intensity"]
        if b in WARM:
            continue
        if "max_rpe" in exp and i["scale"] == "rpe" and i["value"] > exp["max_rpe"]:
            fail("%s at RPE %s" % (rx["exercise"], i["value"]))
        if "min_rir" in exp and i["scale"] == "rir" and i["value"] < exp["min_rir"]:
            fail("%s at RIR %s" % (rx["exercise"], i["value"]))
    if exp.get("power_before_strength"):
        for w in plan["weeks"]:
            for s in w["sessions"]:
                main = [rx for b in s["blocks"] if b["block"] == "main"
                        for rx in b["prescriptions"]]
                cats = [rx["category"] for rx in main]
                if "power" not in cats:
                    fail("week %d session %d: no power work" % (w["week"], s["session"]))
                elif "strength" in cats and cats.index("power") > cats.index("strength"):
                    fail("week %d session %d: power after strength" % (w["week"], s["session"]))
    for xid in exp.get("pct_1rm_for", []):
        found = [rx for w, s, b, rx in prescriptions(plan)
                 if rx["exercise"] == xid and b == "main"]
        if not found:
            fail("%s not prescribed" % xid)
        for rx in found:
            if rx["intensity"]["scale"] != "pct_1rm" or rx["intensity"].get("load_kg", 0) <= 0:
                fail("%s without %%1RM load" % xid)
    if "deload_week" in exp:
        for w in plan["weeks"]:
            if w["deload"] != (w["week"] == exp["deload_week"]):
                fail("week %d deload %s" % (w["week"], w["deload"]))
    if exp.get("deload_lighter"):
        weeks = plan["weeks"]
        for i, w in enumerate(weeks):
            if not w["deload"] or i == 0:
                continue
            prev = weeks[i - 1]
            for s, ps in zip(w["sessions"], prev["sessions"]):
                def main_rx(sess):
                    return {rx["exercise"]: rx for b in sess["blocks"]
                            if b["block"] in ("main", "accessory")
                            for rx in b["prescriptions"]}
                now, before = main_rx(s), main_rx(ps)
                if sum(r["sets"] for r in now.values()) >= \
                        sum(r["sets"] for r in before.values()):
                    fail("week %d session %d: no fewer sets" % (w["week"], s["session"]))
                for xid, rx in now.items():
                    b = before.get(xid)
                    if b and rx["intensity"].get("load_kg") and \
                            rx["intensity"]["load_kg"] >= b["intensity"].get("load_kg", 0):
                        fail("week %d: %s not lighter" % (w["week"], xid))
    notes = " ".join(n["text"] for n in plan.get("notes", []))
    for m in exp.get("notes_mention", []):
        if m not in notes:
            fail("notes lack %r" % m)
    texts = " ".join(rx["rationale"]["text"] for w, s, b, rx in prescriptions(plan))
    for m in exp.get("rationale_mentions", []):
        if m not in texts:
            fail("no rationale mentions %r" % m)
    srcs = {k for w, s, b, rx in prescriptions(plan) for k in rx["rationale"]["sources"]}
    srcs |= {n["source"] for n in plan.get("notes", []) if n["source"]}
    for k in exp.get("sources_include", []):
        if k not in srcs:
            fail("source %s not cited" % k)
    for m in exp.get("text_excludes", []):
        if m.lower() in raw.lower():
            fail("output says %r" % m)


def main():
    exe, data = sys.argv[1], sys.argv[2]
    here = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(__file__))
    kb = load_kb(data)
    files = sorted(glob.glob(os.path.join(here, "s*.json")))
    env = dict(os.environ, REBOUND_DATA=data)
    print("1..%d" % (len(files) + 1))
    bad = 0
    for n, f in enumerate(files, 1):
        problems = []
        case = json.load(open(f))
        runs = [subprocess.run([exe, "plan", f], capture_output=True, env=env)
                for _ in range(2)]
        exp = case.get("expect", {})
        if runs[0].stdout != runs[1].stdout:
            problems.append("output differs between two runs")
        rc = runs[0].returncode
        if rc != (1 if exp.get("refused") else 0):
            problems.append("exit status %d: %s" % (rc, runs[0].stderr.decode()[:300]))
        try:
            plan = json.loads(runs[0].stdout)
        except ValueError:
            plan = None
            problems.append("output is not JSON")
        if plan is not None:
            if not plan.get("refused"):
                check_plan(case, plan, kb, problems.append)
            check_expect(exp, plan, runs[0].stdout.decode(), kb, problems.append)
        name = os.path.basename(f)
        if problems:
            bad += 1
            print("not ok %d - %s" % (n, name))
            for p in problems[:25]:
                print("# " + p)
            if len(problems) > 25:
                print("# ... %d more" % (len(problems) - 25))
        else:
            print("ok %d - %s" % (n, name))
    problems = cli_checks(exe, env, files[0])
    n = len(files) + 1
    if problems:
        bad += 1
        print("not ok %d - command line" % n)
        for p in problems:
            print("# " + p)
    else:
        print("ok %d - command line" % n)
    return 1 if bad else 0


def cli_checks(exe, env, good):
    """Usage and bad input give exit 2 with one line; text format works."""
    problems = []

    def run(args, stdin=None):
        return subprocess.run([exe, "plan"] + args, input=stdin,
                              capture_output=True, env=env)
    r = run(["--help"])
    if r.returncode != 0 or b"usage: rebound plan" not in r.stdout:
        problems.append("--help")
    for args in ([], ["--format", "xml", good], ["a", "b"], ["--nope", good]):
        r = run(args)
        if r.returncode != 2 or r.stderr.count(b"\n") != 1:
            problems.append("%s: exit %d, stderr %r" % (args, r.returncode, r.stderr))
    case = json.load(open(good))
    for path, value, field in ((("profile", "minutes_per_session"), 5, "profile.minutes_per_session"),
                               (("profile", "goals"), ["fly"], "profile.goals[0]"),
                               (("profile", "equipment"), ["spaceship"], "profile.equipment[0]"),
                               (("case",), {"protocol": "nope", "phase": "x"}, "case.protocol"),
                               (("bogus",), 1, "bogus")):
        bad = json.loads(json.dumps(case))
        obj = bad
        for k in path[:-1]:
            obj = obj[k]
        obj[path[-1]] = value
        r = run(["-"], json.dumps(bad).encode())
        if r.returncode != 2 or field.encode() not in r.stderr or r.stderr.count(b"\n") != 1:
            problems.append("%s: exit %d, stderr %r" % (field, r.returncode, r.stderr))
    r = run(["--format", "text", good])
    if r.returncode != 0 or b"Week 1" not in r.stdout or b"why:" not in r.stdout:
        problems.append("--format text: exit %d" % r.returncode)
    return problems


if __name__ == "__main__":
    sys.exit(main())
