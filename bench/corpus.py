#!/usr/bin/env python3
"""Synthetic benchmark inputs for bench/run, standard library only.

    corpus.py site   --pages N [--seed S] --out DIR
        DIR/planwright/   a planwright content tree with N exercise pages
        DIR/hugo/         the same pages as a Hugo site (layouts from bench/hugo/)
    corpus.py roster --people N [--seed S] --out DIR
        DIR/roster.csv    a clinic roster for `planwright plans`
        DIR/patients/     the same people as patient files, for `planwright plan --patient`

Everything is deterministic. Page i (its title, id, summary, dose, frequency,
progression, cues, cautions, equipment, body and the page it links to) depends
only on (seed, i), through a SplitMix64 generator seeded from that pair; the
same holds for roster row k. Only the stage a page sits in depends on N:
pages are dealt to stages in blocks of 100 (N // 5 when N < 500, so there
are always at least 5 stages).
"""

import argparse
import json
import os
import shutil
import sys
from datetime import date, timedelta

MASK = (1 << 64) - 1
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class Rng:
    """SplitMix64, seeded from (seed, index, stream) only."""

    def __init__(self, seed, index, stream=0):
        self.state = _mix((seed * 0x9E3779B97F4A7C15 + index * 0xD1B54A32D192ED03 + stream) & MASK)

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        return _mix(self.state)

    def below(self, n):
        return self.next() % n

    def between(self, lo, hi):
        return lo + self.below(hi - lo + 1)

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, p):
        return self.next() < p * 2.0**64

    def sample(self, seq, k):
        pool = list(seq)
        out = []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self.below(len(pool))))
        return out


def q(text):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# --------------------------------------------------------------------------
# Word banks

POSITIONS = ["Seated", "Standing", "Kneeling", "Side-lying", "Prone", "Supine", "Half-kneeling",
             "Wall", "Table-top", "Split-stance", "Bench", "Floor", "Doorway", "Tall-kneeling"]
TOOLS = ["", "", "", "band", "towel", "foam-roller", "dumbbell", "ball", "stick", "cable"]
PARTS = ["thoracic", "shoulder", "scapular", "rib", "trunk", "hip", "spinal", "upper-back", "chest"]
MOVES = ["rotation", "extension", "reach", "press", "row", "pullover", "hold", "slide", "opener",
         "lift", "raise", "bridge", "lowering", "sweep", "hinge", "circle", "pull-apart", "glide"]

OPENERS = ["Keep", "Let", "Bring", "Move", "Press", "Draw", "Lift", "Lower", "Turn", "Reach",
           "Hold", "Rest", "Breathe out and move", "Slowly bring", "Gently press", "Steadily lift"]
BODY = ["your shoulder blades", "your lower ribs", "your chest", "your mid-back", "your elbows",
        "your chin", "your hips", "your knees", "both hands", "your upper arms", "your head",
        "your heels", "your tailbone", "your wrists", "your breastbone", "your lower back"]
WHERE = ["towards the wall", "down and back", "away from your ears", "towards the ceiling",
         "in line with your ankles", "over your hips", "towards the floor", "level with your shoulders",
         "close to your sides", "a little further each time", "back to the middle", "along the same arc"]
TAILS = ["without holding your breath", "at an even pace", "as far as is comfortable",
         "while your neck stays relaxed", "until you feel a mild stretch", "with control",
         "so the movement comes from your mid-back", "without letting your lower back arch",
         "and keep the rest of your body still", "for the set number of reps",
         "before you start the next rep", "and count slowly to three"]
WHY = ["Sitting at a desk for hours", "Carrying a bag on one side", "Looking down at a phone", "Driving for long spells",
       "Sleeping curled up", "Lifting children or shopping", "Sitting on a soft sofa", "Reading in bed"]
EFFECTS = ["can leave the mid-back stiff", "slowly rounds the upper back", "tightens the front of the chest",
           "makes overhead reaching awkward", "wears out the muscles between the shoulder blades",
           "tilts the head forwards", "limits how far you can turn"]
GAINS = ["This exercise gives that range back a little at a time.",
         "Done regularly, it builds the endurance to stay upright without effort.",
         "It trains the muscles that hold the spine tall.",
         "It teaches you to move from the mid-back rather than the neck or lower back.",
         "Small, steady doses work better than an occasional hard session.",
         "Most people feel a difference within two or three weeks.",
         "It is a good warm-up before the harder exercises later in the program.",
         "It also eases the tension that builds up after a long day."]
LOOK_FOR = ["Your breathing stays slow and even.", "The movement is the same size on both sides.",
            "Your neck stays long and relaxed.", "Nothing pinches in your lower back.",
            "You can stop at any point and hold the position.", "The last rep looks like the first.",
            "You feel the work between your shoulder blades.", "Your feet stay flat and still.",
            "The stretch fades within a minute of finishing.", "You could talk while you do it."]
FOCUS = ["smooth, unhurried reps", "full breaths in every rep", "a little more range", "an even pace",
         "steady holds", "control on the way down", "the same form at a higher dose", "both sides equally",
         "relaxed shoulders", "a tall, long spine"]
CUES = ["Grow tall before you start each rep.", "Keep your lower ribs down.", "Let your breathing set the pace.",
        "Move like a wave, one part of the spine after another.", "Keep your chin gently tucked.",
        "Think of your shoulder blades sliding into your back pockets.", "Push the floor away.",
        "Reach long through your fingertips.", "Keep your elbows soft, never locked.",
        "Stop a little short of your limit.", "Keep the weight close and the movement smooth.",
        "Press evenly through both feet.", "Let your head follow your hands.",
        "Count the lowering phase out loud.", "Keep your hips facing forwards."]
CAUTIONS = ["Stop if you feel sharp pain, pins and needles or numbness.",
            "Move only as far as your shoulders allow without pain.",
            "Put a folded towel under your knees if kneeling is uncomfortable.",
            "Do not force the end of the range.", "If your wrists ache, rest on your fists instead.",
            "Lower the weight before you lose control of it.",
            "Skip a session if yesterday's soreness has not eased.",
            "Use a non-slip floor with space around you.",
            "If your neck strains, support your head.", "Make the movement smaller if your lower back hurts."]
EQUIPMENT = {"band": "resistance band", "towel": "rolled towel", "foam-roller": "foam roller",
             "dumbbell": "dumbbell", "ball": "Swiss ball (exercise ball)", "stick": "broom handle or stick",
             "cable": "cable machine or band anchor", "": None}
MATS = ["exercise mat", "a clear stretch of wall", "a firm chair without arms", "bench or exercise mat"]

FREQ = {
    "timed": ["3x per day", "twice a day", "once a day", "2x per day"],
    "hold": ["2x per day", "once a day", "every second day"],
    "reps": ["once a day", "every other day", "3 times per week", "1-2x per week"],
    "loaded": ["every second day", "twice a week", "3 times per week", "1-2x per week"],
}
KINDS = ["mobility", "static-hold", "eccentric", "concentric", "functional"]
KIND_TITLES = {"mobility": "Mobility", "static-hold": "Static holds", "eccentric": "Eccentric strength",
               "concentric": "Concentric strength", "functional": "Functional strength"}


# --------------------------------------------------------------------------
# One exercise page, from (seed, i)

def title_of(seed, i):
    r = Rng(seed, i, 1)
    tool = r.choice(TOOLS)
    words = [r.choice(POSITIONS)] + ([tool] if tool else []) + [r.choice(PARTS), r.choice(MOVES)]
    name = " ".join(words).replace("-", " ")
    name = name[0] + name[1:].lower()
    return f"{name} {i + 1}", tool


def id_of(seed, i):
    title, _ = title_of(seed, i)
    return "-".join(title.lower().replace("(", "").replace(")", "").split())


def sentence(r):
    s = f"{r.choice(OPENERS)} {r.choice(BODY)} {r.choice(WHERE)} {r.choice(TAILS)}."
    return s


def paragraph(r, n):
    return " ".join(sentence(r) for _ in range(n))


def dose_block(r, kind):
    """Front-matter lines for dose, frequency and progression: always valid."""
    lines = ["dose:"]
    if kind == "timed":
        lo = r.choice([20, 30, 40])
        sets = r.choice([1, 1, 2])
        lines += [f"  sets: {sets}", f"  duration: {lo}-{lo * 2} s"]
        lines += [f"frequency: {r.choice(FREQ[kind])}", "progression:", "  grow: [duration]",
                  "  steps:", f"    duration: {r.choice([1, 2])} s"]
    elif kind == "hold":
        reps, hold = r.between(6, 10), r.between(5, 12)
        lines += [f"  sets: {r.choice([1, 2])}", f"  reps: {reps}", f"  hold: {hold} s"]
        lines += [f"frequency: {r.choice(FREQ[kind])}", "progression:", "  grow: [hold, reps]",
                  "  max:", f"    hold: {hold * 2} s", f"    reps: {reps + 5}"]
    elif kind == "reps":
        lo = r.between(5, 10)
        lines += [f"  sets: {r.between(2, 4)}", f"  reps: {lo}-{lo + r.between(5, 10)}"]
        if r.chance(0.4):
            lines.append(f"  tempo: {q(r.choice(['3 s lowering, normal speed up', '2 s up, 2 s down', 'slow and steady']))}")
        lines += [f"frequency: {r.choice(FREQ[kind])}", "progression:", "  grow: [reps]"]
    else:  # loaded
        load, top = r.between(2, 6), None
        top = load + r.between(4, 8)
        lo = r.between(6, 10)
        lines += [f"  sets: {r.choice([2, 3, 3])}", f"  reps: {lo}-{lo + 8}", f"  load: {load} kg"]
        weights = ", ".join(f"{w} kg" for w in range(1, top + 1))
        lines += [f"frequency: {r.choice(FREQ[kind])}", "progression:", "  grow: [reps, load]",
                  "  steps:", "    load: 1 kg", "  max:", f"    load: {top} kg", f"  weights: [{weights}]"]
    return lines


def exercise(seed, i, stage_id):
    """(id, file text) of exercise page i; only `stage:` depends on N."""
    r = Rng(seed, i)
    title, tool = title_of(seed, i)
    ex_id = id_of(seed, i)
    kind = "loaded" if tool == "dumbbell" else r.choice(["timed", "hold", "reps", "loaded", "reps"])
    first = sentence(r)
    summary = f"{r.choice(POSITIONS)} and relaxed, {first[0].lower()}{first[1:]}"
    equipment = [e for e in {EQUIPMENT[tool], r.choice(MATS) if r.chance(0.7) else None} if e]
    if kind == "loaded" and "dumbbell" not in equipment:
        equipment.insert(0, "dumbbell")
    equipment.sort()
    fm = ["---", f"id: {ex_id}", f"title: {q(title)}", f"stage: {stage_id}", f"summary: {q(summary)}"]
    if equipment:
        fm.append("equipment:")
        fm += [f"  - {q(e)}" for e in equipment]
    fm.append("cues:")
    fm += [f"  - {q(c)}" for c in r.sample(CUES, r.between(3, 5))]
    fm.append("cautions:")
    fm += [f"  - {q(c)}" for c in r.sample(CAUTIONS, r.between(2, 4))]
    fm += dose_block(r, kind)
    fm.append("---")

    # Link to an earlier page (or the next one, for page 0): depends on i only.
    j = r.below(i) if i > 0 else 1
    link_title, _ = title_of(seed, j)
    steps = ["Set up", r.choice(["Move", "Lift", "Reach", "Turn", "Lower"]), "Breathe", "Return", "Repeat"]
    body = [
        f"**Before you start.** {paragraph(r, 2)}",
        "",
        "## Why it helps",
        "",
        f"{r.choice(WHY)} {r.choice(EFFECTS)}. {' '.join(r.sample(GAINS, 3))} {paragraph(r, 2)}",
        "",
        "## Step by step",
        "",
    ]
    for n, lead in enumerate(steps, 1):
        text = f"{n}. **{lead}.** {sentence(r)} {sentence(r)}"
        body.append(text)
    body += ["", f"{paragraph(r, 2)}", "", "## What to look for", ""]
    body += [f"- {s}" for s in r.sample(LOOK_FOR, 4)]
    body += ["", "| Weeks | Focus |", "| --- | --- |"]
    for weeks in ["1–2", "3–4", "5–6"]:
        body.append(f"| {weeks} | {r.choice(FOCUS).capitalize()} |")
    body += ["", "## Easier and harder", "",
             f"If this feels too hard, start with [{link_title}]({id_of(seed, j)}.html) and come back "
             f"to this one later. {paragraph(r, 2)}", ""]
    return ex_id, "\n".join(fm) + "\n" + "\n".join(body)


# --------------------------------------------------------------------------
# The program around the pages

SAFETY = """Work within a range that is free of pain. A mild stretch, or the feeling of
muscles working hard, is normal and safe.

Stop the exercise and drop back to an easier dose or an earlier stage if you
notice any of these:

- sharp pain, or pain that builds as you go
- pins and needles or numbness
- pain that is still there the next day

This program is general guidance. It is not a diagnosis."""

SUMMARY = """A synthetic program for benchmarks: many stages of many exercises, each
stage a step up from the one before. You add a little each week and stay with a
stage until it feels easy, for up to six weeks."""

MOVE_ON = ["The exercise feels comfortable at your current dose.",
           "It is pain-free, both while you do it and the next day.",
           "You are no longer improving, even though you keep trying to add a little each week."]

GUIDES = [
    ("progress-safely", "How to progress safely", "Add 5–10% a week and know what to do about pain.", 1),
    ("about", "About this program", "Where the program comes from and who wrote it.", 2),
]


def layout(n):
    per = 100 if n >= 500 else max(1, n // 5)
    stages = -(-n // per)
    return per, stages


def stage_id(s):
    return f"stage-{s + 1:03d}"


def stage_title(s):
    return f"{KIND_TITLES[KINDS[s % 5]]} {s // 5 + 1}"


def guide_page(seed, k, slug, title, description, order):
    r = Rng(seed, 1_000_000 + k)
    fm = ["---", f"title: {q(title)}", f"description: {q(description)}", f"slug: {slug}",
          f"order: {order}", "---"]
    body = ["## Small steps each week", "", paragraph(r, 4), "", "## What to do about pain", "",
            paragraph(r, 3), "", "- " + sentence(r), "- " + sentence(r), ""]
    return "\n".join(fm) + "\n" + "\n".join(body)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site(args):
    n, seed = args.pages, args.seed
    if n < 5:
        sys.exit("corpus.py: --pages must be at least 5")
    per, nstages = layout(n)
    out = os.path.abspath(args.out)
    pw, hg = os.path.join(out, "planwright"), os.path.join(out, "hugo")
    for d in (pw, hg):
        shutil.rmtree(d, ignore_errors=True)

    # A real-looking address, not a reserved one (`*.example`): planwright
    # leaves a placeholder address and its QR code off printed plans, and
    # the full build should time the same work as before.
    config = ("title: Synthetic Benchmark Program\n"
              "description: A generated program for planwright's benchmarks.\n"
              "base_url: https://exercises.bench-clinic.org/program/\n"
              "language: en\n")
    write(os.path.join(pw, "planwright.yaml"), config)

    members = [[] for _ in range(nstages)]
    for i in range(n):
        s = min(i // per, nstages - 1)
        ex_id, text = exercise(seed, i, stage_id(s))
        members[s].append(ex_id)
        write(os.path.join(pw, "exercises", ex_id + ".md"), text)
        write(os.path.join(hg, "content", "exercises", ex_id + ".md"), text)

    prog = ["title: Synthetic benchmark program", "summary: |"]
    prog += ["  " + line for line in SUMMARY.splitlines()]
    prog += ["safety: |"] + [("  " + line).rstrip() for line in SAFETY.splitlines()]
    prog += ["move_on:"] + [f"  - {q(m)}" for m in MOVE_ON]
    prog.append("stages:")
    for s in range(nstages):
        kind = KINDS[s % 5]
        prog += [f"  - id: {stage_id(s)}", f"    title: {q(stage_title(s))}", f"    kind: {kind}",
                 "    purpose: |",
                 f"      Stage {s + 1} works on {kind.replace('-', ' ')}. {paragraph(Rng(seed, 2_000_000 + s), 2)}",
                 "    exercises:"]
        prog += [f"      - {e}" for e in members[s]]
    program_yaml = "\n".join(prog) + "\n"
    write(os.path.join(pw, "program.yaml"), program_yaml)

    for k, (slug, title, desc, order) in enumerate(GUIDES):
        text = guide_page(seed, k, slug, title, desc, order)
        write(os.path.join(pw, "guide", slug + ".md"), text)
        write(os.path.join(hg, "content", "guide", slug + ".md"), text)

    # Hugo: the same program as site data, one content file per stage, the
    # layouts from bench/hugo/, and planwright's own assets as static files.
    write(os.path.join(hg, "data", "program.yaml"), program_yaml)
    write(os.path.join(hg, "hugo.toml"), HUGO_TOML)
    write(os.path.join(hg, "content", "_index.md"), "---\ntitle: Synthetic benchmark program\n---\n" + SUMMARY + "\n")
    for sec in ("exercises", "stages", "guide"):
        write(os.path.join(hg, "content", sec, "_index.md"),
              "---\ntitle: " + sec + "\n_build:\n  render: never\n  list: always\n---\n")
    for s in range(nstages):
        write(os.path.join(hg, "content", "stages", stage_id(s) + ".md"),
              f"---\ntitle: {q(stage_title(s))}\nstage: {stage_id(s)}\nweight: {s + 1}\n---\n")
    shutil.copytree(os.path.join(HERE, "hugo", "layouts"), os.path.join(hg, "layouts"))
    shutil.copytree(os.path.join(REPO, "templates", "assets"), os.path.join(hg, "static", "assets"))
    print(f"corpus: {n} pages in {nstages} stages ({per} a stage) -> {pw} and {hg}")


HUGO_TOML = """baseURL = "https://exercises.bench-clinic.org/program/"
title = "Synthetic Benchmark Program"
languageCode = "en"
uglyURLs = true
relativeURLs = true
enableRobotsTXT = true
disableKinds = ["taxonomy", "term", "RSS"]
[params]
description = "A generated program for planwright's benchmarks."
[markup.goldmark.renderer]
unsafe = true
"""


# --------------------------------------------------------------------------
# A clinic roster, from (seed, k)

FIRST = ["Ana", "Zoë", "Siobhán", "José", "Åsa", "Björn", "Chloé", "Mei", "Ola", "Priya", "Tomás",
         "Noah", "Amara", "Jürgen", "Léa", "Kofi", "Ingrid", "Mateo", "Fatima", "Oskar", "Yusuf",
         "Hannah", "Rafał", "Sofía", "Liam", "Niamh", "Dmitri", "Aiko", "Elif", "Grace"]
LAST = ["Lima", "Ångström-Fitzgerald", "O'Brien", "García", "Lindqvist", "Novak", "Dubois", "Chen",
        "Okafor", "Sharma", "Müller", "Kowalski", "Rossi", "Nakamura", "Yılmaz", "Murphy", "Smith",
        "Haddad", "Andersen", "Silva", "Costa", "Ivanova", "Papadopoulos", "Brown", "Nguyen"]
CLINICIANS = ["Dr Sam Carter", "Jo Patel", "Dr Lena Vogt", "Chris Mensah"]
BASELINES = {1: ("duration", "40 s", "duration=40s"), 2: ("hold", "8 s", "hold=8s"),
             3: ("reps", "8", "reps=8"), 4: ("load", "5 kg", "load=5kg"), 5: ("reps", "6", "reps=6")}


def person(seed, k):
    r = Rng(seed, k, 7)
    # Unique names (k picks them; no row is another's twin, so every row is
    # one PDF and planwright has no duplicate to warn about).
    combos = len(FIRST) * len(LAST)
    name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}"
    if k >= combos:
        name = name.replace(" ", f" {chr(ord('A') + (k // combos - 1) % 26)}. ", 1)
    p = {"name": name,
         "clinician": r.choice(CLINICIANS) if r.chance(0.3) else None,
         "stage": 1 + r.below(5),
         "start": (date(2026, 6, 1) + timedelta(weeks=r.below(8))).isoformat(),
         "weeks": r.choice([4, 5]) if r.chance(0.1) else None}
    p["baseline"] = BASELINES[p["stage"]] if r.chance(0.1) else None
    return p


def csv_cell(v):
    v = "" if v is None else str(v)
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v


def roster(args):
    out = os.path.abspath(args.out)
    shutil.rmtree(os.path.join(out, "patients"), ignore_errors=True)
    rows = ["name,clinician,stage,start,weeks,baseline"]
    for k in range(args.people):
        p = person(args.seed, k)
        rows.append(",".join(csv_cell(v) for v in
                             (p["name"], p["clinician"], p["stage"], p["start"], p["weeks"],
                              p["baseline"][2] if p["baseline"] else None)))
        y = [f"name: {q(p['name'])}", f"stage: {p['stage']}", f"start: {p['start']}"]
        if p["clinician"]:
            y.append(f"clinician: {q(p['clinician'])}")
        if p["weeks"]:
            y.append(f"weeks: {p['weeks']}")
        if p["baseline"]:
            y += ["baseline:", f"  {p['baseline'][0]}: {p['baseline'][1]}"]
        write(os.path.join(out, "patients", f"{k:05d}.yaml"), "\n".join(y) + "\n")
    write(os.path.join(out, "roster.csv"), "\n".join(rows) + "\n")
    print(f"roster: {args.people} people -> {out}/roster.csv and {out}/patients/")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("site")
    a.add_argument("--pages", type=int, required=True)
    a.add_argument("--seed", type=int, default=9)
    a.add_argument("--out", required=True)
    b = sub.add_parser("roster")
    b.add_argument("--people", type=int, required=True)
    b.add_argument("--seed", type=int, default=9)
    b.add_argument("--out", required=True)
    args = ap.parse_args()
    site(args) if args.cmd == "site" else roster(args)


if __name__ == "__main__":
    main()
