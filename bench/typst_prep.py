#!/usr/bin/env python3
"""typst_prep.py: the untimed preparation for the Typst side of the pdf and cli cases.

    typst_prep.py --planwright BIN --content DIR --root ROOT --out DIR (--patients DIR | --plan-args ARGS)

For each patient file (or once, for --plan-args), asks planwright for the plan
as JSON (`planwright plan --patient F --format json`), takes planwright's
plan id for it (the JSON's own `id`, as the PDF prints it), and writes OUT/json/*.json, OUT/jobs.tsv (json path
from ROOT, id, PDF name) and one QR code per stage (OUT/qr/<stage-id>.svg,
from `qrencode`) of the guide address that planwright prints in the footer.

With --check DIR it then compares the ids with the file names that
`planwright plans` wrote into DIR (name-<id>.pdf): the two sides must print
the same plans.
"""
import argparse
import json
import os
import re
import subprocess
import sys

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--planwright", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--patients")
    ap.add_argument("--plan-args", help="flags for one `planwright plan`, e.g. '--stage 4 --start 2026-06-01'")
    ap.add_argument("--check", help="a folder `planwright plans` wrote: its ids must be ours")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    out = os.path.abspath(a.out)
    os.makedirs(os.path.join(out, "json"), exist_ok=True)
    os.makedirs(os.path.join(out, "qr"), exist_ok=True)

    requests = []
    if a.patients:
        for name in sorted(os.listdir(a.patients)):
            if name.endswith(".yaml"):
                requests.append((name[:-5], ["--patient", os.path.join(a.patients, name)]))
    else:
        requests.append(("plan", a.plan_args.split()))

    jobs, stages = [], set()
    for stem, args in requests:
        path = os.path.join(out, "json", stem + ".json")
        subprocess.run([a.planwright, "plan", "--content", a.content, "--format", "json", "-o", path, "--quiet", *args],
                       check=True)
        with open(path, encoding="utf-8") as f:
            plan = json.load(f)
        # planwright's JSON ends with the id its PDF prints in the footer.
        jobs.append(("/" + os.path.relpath(path, root), plan["id"], stem + ".pdf"))
        stages.add(plan["stage"]["id"])

    with open(os.path.join(a.content, "planwright.yaml"), encoding="utf-8") as f:
        m = re.search(r"^base_url:\s*(\S+)", f.read(), re.M)
    if m:
        for s in sorted(stages):
            subprocess.run(["qrencode", "-t", "SVG", "-l", "M", "-o", os.path.join(out, "qr", s + ".svg"),
                            f"{m.group(1)}stages/{s}.html"], check=True)

    with open(os.path.join(out, "jobs.tsv"), "w", encoding="utf-8") as f:
        for job in jobs:
            f.write("\t".join(job) + "\n")
    print(f"typst_prep: {len(jobs)} plan JSONs, {len(stages)} QR codes -> {out}")

    if a.check:
        theirs = sorted(n.rsplit("-", 1)[1][:-4].upper() for n in os.listdir(a.check) if n.endswith(".pdf"))
        ours = sorted(j[1] for j in jobs)
        if theirs != ours:
            sys.exit(f"typst_prep: planwright plans wrote {len(theirs)} plans, we prepared {len(ours)}; "
                     f"{len(set(theirs) ^ set(ours))} ids differ")
        print(f"typst_prep: the same {len(ours)} plan ids as `planwright plans`")


if __name__ == "__main__":
    main()
