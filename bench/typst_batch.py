#!/usr/bin/env python3
"""typst_batch.py --jobs JOBS.tsv --out DIR [--root ROOT] [--content /content] [--qr /path]

Typst's side of the pdf case: ONE typst.Compiler (typst-py), reused for every
person, compiles bench/plan.typ once per line of JOBS.tsv (plan JSON path from
ROOT, plan id, PDF name), passing the plan's path and id in sys.inputs, and
writes DIR/<name>. Fonts: the repository's fonts/ only (DejaVu Sans, as
planwright); system fonts are ignored. PDFs are untagged, like planwright's.
"""
import argparse
import os
import sys
import time

import typst

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--root", default=REPO)
    ap.add_argument("--content", default="/content", help="the content folder, from the root")
    ap.add_argument("--qr", required=True, help="the QR code folder, from the root")
    a = ap.parse_args()
    with open(a.jobs, encoding="utf-8") as f:
        jobs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    compiler = typst.Compiler(
        input=os.path.join(HERE, "plan.typ"),
        root=a.root,
        font_paths=[os.path.join(REPO, "fonts")],
        ignore_system_fonts=True,
    )
    for plan, pid, name in jobs:
        compiler.compile(
            output=os.path.join(a.out, name),
            format="pdf",
            sys_inputs={"plan": plan, "id": pid, "content": a.content, "qr": a.qr},
            pdf_tags=False,
        )
    dt = time.perf_counter() - t0
    print(f"typst_batch: {len(jobs)} PDFs in {dt:.2f} s ({len(jobs) / dt:.1f}/s)", file=sys.stderr)


if __name__ == "__main__":
    main()
