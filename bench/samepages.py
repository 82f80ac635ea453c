#!/usr/bin/env python3
"""samepages.py JOBS.tsv TYPST_DIR PLANWRIGHT_DIR: do both sides print each plan on as many pages?

Pairs Typst's PDF of each job with the PDF `planwright plans` wrote for the
same plan id, compares their page counts (pdfinfo) and prints
`N of P plans have the same page count`; the last line is the number N.
"""
import os
import subprocess
import sys


def pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return next((int(line.split()[1]) for line in out.splitlines() if line.startswith("Pages:")), None)


def main():
    jobs_file, typst_dir, pw_dir = sys.argv[1:4]
    with open(jobs_file, encoding="utf-8") as f:
        jobs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    by_id = {n.rsplit("-", 1)[1][:-4].upper(): n for n in os.listdir(pw_dir) if n.endswith(".pdf")}
    same, differ = 0, []
    for _, pid, name in jobs:
        a, b = pages(os.path.join(typst_dir, name)), pages(os.path.join(pw_dir, by_id[pid])) if pid in by_id else None
        if a is not None and a == b:
            same += 1
        else:
            differ.append(f"{name}: typst {a}, planwright {b}")
    for d in differ[:5]:
        print("samepages:", d, file=sys.stderr)
    print(f"samepages: {same} of {len(jobs)} plans have the same page count in Typst and planwright", file=sys.stderr)
    print(same)


if __name__ == "__main__":
    main()
