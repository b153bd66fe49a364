"""Check the safety evaluation corpus and print its counts.

Usage:  python tests/safety/corpus/validate.py [--quiet]

Plain Python, standard library only.  Exits with status 1 if any line breaks
the rules in README.md (the authoritative guide), 0 otherwise.
"""

import collections
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {
    "dev": "dev.jsonl",
    "test": "test.jsonl",
    "month": "month.jsonl",
    "fresh": "fresh.jsonl",
    "everyday": "everyday.jsonl",
    "probe": "probe.jsonl",
    "probetwo": "probetwo.jsonl",
    "probethree": "probethree.jsonl",
    "attack": "attack.jsonl",
    "probefour": "probefour.jsonl",
    "probefive": "probefive.jsonl",
    "attacktwo": "attacktwo.jsonl",
    "probesix": "probesix.jsonl",
    "probeseven": "probeseven.jsonl",
    "probeeight": "probeeight.jsonl",
    "probenine": "probenine.jsonl",
    "probeten": "probeten.jsonl",
    "probeeleven": "probeeleven.jsonl",
    "probetwelve": "probetwelve.jsonl",
    "shorts": "shorts.jsonl",
    "plain": "plain.jsonl",
}
# Training files for the learned reader (moderation/risk_training.py): train_a.jsonl, train_b.jsonl...
FILES.update(
    {
        f"train-{name[6:-6]}": name
        for name in sorted(os.listdir(HERE))
        if re.fullmatch(r"train_[a-z]+\.jsonl", name)
    }
)

KEYS = [
    "id",
    "text",
    "crisis",
    "category",
    "severity",
    "method_detail",
    "identifying",
    "identifying_details",
    "note",
]

# category -> severities it may carry
CATEGORIES = {
    "passive_ideation": {"concern"},
    "active_ideation": {"concern"},
    "plan": {"urgent"},
    "intent": {"urgent"},
    "preparation": {"urgent"},
    "self_harm": {"concern", "urgent"},
    "harm_others": {"concern", "urgent"},
    "hopelessness": {"concern", "urgent"},
}

# the bracketed tag that starts every note
KINDS = {
    "crisis": "writer's own crisis",
    "clinical": "client/colleague risk, assessment, safety planning, supervision, training",
    "figure of speech": "idioms and hyperbole that reuse crisis words",
    "recovery": "past-tense recovery stories",
    "denial": "explicit denials",
    "support": "supportive replies and signposting",
    "fiction": "books, films, characters",
    "grief": "grief after a patient's or colleague's suicide",
    "venting": "ordinary burnout and venting",
    "identifying": "confidentiality positives (not crisis)",
    "look-alike": "confidentiality look-alikes that identify nobody",
}
CRISIS_KINDS = {"crisis"}

NOTE_TAG = re.compile(r"^\[([a-z -]+)\] \S")


def load(name, path, errors):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{name}:{n}"
            if not line.strip():
                errors.append(f"{where}: blank line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: not JSON ({e})")
                continue
            if not isinstance(row, dict):
                errors.append(f"{where}: not an object")
                continue
            row["_where"] = where
            rows.append(row)
    return rows


def check_row(row, prefix, errors):
    where = row["_where"]
    keys = [k for k in row if k != "_where"]
    if keys != KEYS:
        missing = [k for k in KEYS if k not in row]
        extra = [k for k in keys if k not in KEYS]
        if missing or extra:
            errors.append(f"{where}: keys missing {missing} extra {extra}")
            return
    rid = row["id"]
    if not isinstance(rid, str) or not re.fullmatch(prefix + r"-\d{3}", rid):
        errors.append(f"{where}: id {rid!r} should look like {prefix}-001")
    text = row["text"]
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}: empty text")
        return
    if text != text.strip():
        errors.append(f"{where}: text has leading/trailing whitespace")
    for key in ("crisis", "method_detail", "identifying"):
        if not isinstance(row[key], bool):
            errors.append(f"{where}: {key} must be true or false")
    cat, sev = row["category"], row["severity"]
    if row["crisis"] is True:
        if cat not in CATEGORIES:
            errors.append(f"{where}: crisis post needs a category, got {cat!r}")
        elif sev not in CATEGORIES[cat]:
            errors.append(f"{where}: category {cat} cannot have severity {sev!r}")
    elif row["crisis"] is False and (cat is not None or sev is not None):
        errors.append(f"{where}: non-crisis post must have null category and severity")
    details = row["identifying_details"]
    if not isinstance(details, list) or not all(isinstance(d, str) and d for d in details):
        errors.append(f"{where}: identifying_details must be a list of non-empty strings")
        details = []
    if row["identifying"] is not bool(details):
        errors.append(f"{where}: identifying is {row['identifying']} but {len(details)} details listed")
    if len(set(details)) != len(details):
        errors.append(f"{where}: duplicate identifying_details")
    for d in details:
        if d not in text:
            errors.append(f"{where}: identifying detail {d!r} is not an exact substring of the text")
        elif d != d.strip() or d.endswith("."):
            errors.append(f"{where}: identifying detail {d!r} has surrounding space or a trailing full stop")
    note = row["note"]
    m = NOTE_TAG.match(note) if isinstance(note, str) else None
    if not m:
        errors.append(f"{where}: note must start with a [kind] tag and a sentence")
    else:
        kind = m.group(1)
        if kind not in KINDS:
            errors.append(f"{where}: unknown note tag [{kind}]")
        elif (kind in CRISIS_KINDS) != (row["crisis"] is True):
            errors.append(f"{where}: tag [{kind}] does not agree with crisis={row['crisis']}")
        elif kind == "identifying" and not details:
            errors.append(f"{where}: [identifying] post lists no identifying details")
        elif kind == "look-alike" and details:
            errors.append(f"{where}: [look-alike] post lists identifying details")


def shingles(text, n=6):
    words = re.findall(r"[a-z']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def stats(name, rows):
    total = len(rows)
    crisis = [r for r in rows if r["crisis"]]
    out = [f"## {name}: {total} posts"]
    out.append(
        f"crisis: {len(crisis)} ({100 * len(crisis) / total:.0f}%)  "
        f"urgent {sum(r['severity'] == 'urgent' for r in crisis)}, "
        f"concern {sum(r['severity'] == 'concern' for r in crisis)}"
    )
    by = collections.Counter((r["category"], r["severity"]) for r in crisis)
    for cat in CATEGORIES:
        parts = [f"{sev} {by[(cat, sev)]}" for sev in ("urgent", "concern") if by[(cat, sev)]]
        n = sum(by[(cat, s)] for s in ("urgent", "concern"))
        out.append(f"  {cat:<17} {n:>3}  ({', '.join(parts) or '-'})")
    md = [r for r in rows if r["method_detail"]]
    out.append(
        f"method_detail: {len(md)}  (writer in crisis {sum(r['crisis'] for r in md)}, "
        f"about someone else / not crisis {sum(not r['crisis'] for r in md)})"
    )
    ident = [r for r in rows if r["identifying"]]
    out.append(
        f"identifying posts: {len(ident)}  details: "
        f"{sum(len(r['identifying_details']) for r in ident)}  "
        f"(of which crisis posts: {sum(r['crisis'] for r in ident)})"
    )
    kinds = collections.Counter(
        NOTE_TAG.match(r["note"]).group(1)
        for r in rows
        if isinstance(r["note"], str) and NOTE_TAG.match(r["note"])
    )
    out.append("kinds (note tags):")
    for kind in KINDS:
        out.append(f"  {kind:<17} {kinds[kind]:>3}")
    words = [len(r["text"].split()) for r in rows]
    out.append(
        f"length in words: min {min(words)}, median {statistics.median(words):.0f}, "
        f"max {max(words)}; posts of 150+ words: {sum(w >= 150 for w in words)}"
    )
    return "\n".join(out)


def main():
    quiet = "--quiet" in sys.argv
    errors, warnings = [], []
    data = {}
    for prefix, fname in FILES.items():
        path = os.path.join(HERE, fname)
        if not os.path.exists(path):
            warnings.append(f"{fname} not found")
            continue
        rows = load(prefix, path, errors)
        for row in rows:
            check_row(row, prefix, errors)
        data[prefix] = rows
    seen_ids, seen_text = {}, {}
    for rows in data.values():
        for r in rows:
            rid, text = r.get("id"), r.get("text")
            if rid in seen_ids:
                errors.append(f"{r['_where']}: id {rid} already used at {seen_ids[rid]}")
            seen_ids[rid] = r["_where"]
            if isinstance(text, str):
                key = " ".join(text.lower().split())
                if key in seen_text:
                    errors.append(f"{r['_where']}: same text as {seen_text[key]}")
                seen_text[key] = r["_where"]
    # the held-out files (the test half, the forum month) must not reuse the wording of anything
    # tuned or trained on
    held_out = [
        prefix
        for prefix in ("test", "month", "fresh", "everyday", "attack", "attacktwo", "shorts", "plain")
        if prefix in data
    ]
    trained_on = {}
    for prefix, rows in data.items():
        if prefix in held_out:
            continue
        for r in rows:
            if isinstance(r.get("text"), str):
                for s in shingles(r["text"]):
                    trained_on.setdefault(s, r["id"])
    for prefix in held_out:
        for r in data[prefix]:
            if not isinstance(r.get("text"), str):
                continue
            shared = collections.Counter(trained_on[s] for s in shingles(r["text"]) if s in trained_on)
            for dev_id, n in shared.items():
                if n >= 2:
                    warnings.append(f"{r['id']} shares {n} six-word runs with {dev_id}")
    if not quiet:
        for prefix, rows in data.items():
            if rows:
                print(stats(prefix, rows))
                print()
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print(
        f"{sum(len(r) for r in data.values())} posts checked, {len(errors)} errors, {len(warnings)} warnings"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
