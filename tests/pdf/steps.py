"""Prints each instruction step of a stage's exercises that a printed
plan's text does not hold whole, and exits 1 if there is one.

usage: steps.py CONTENT_DIR STAGE_NUMBER PDFTOTEXT_FILE

Steps are the paragraphs and numbered items of each exercise's Markdown,
without their numbers and `**`; text is compared without whitespace, as
the sheet breaks lines where it likes. Reads no YAML library: the stage ids
come from program.yaml's `- id:` lines, in order.
"""
import pathlib
import re
import sys

content, number, text_file = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
stage_ids = re.findall(r"^\s*-\s*id:\s*(\S+)", (content / "program.yaml").read_text(), re.M)
stage = stage_ids[number - 1]
printed = "".join(open(text_file, encoding="utf-8").read().split())

missing, checked = [], 0
for md in sorted((content / "exercises").glob("*.md")):
    _, front, body = md.read_text(encoding="utf-8").split("---\n", 2)
    if not re.search(rf"^stage:\s*{re.escape(stage)}\s*$", front, re.M):
        continue
    steps = []
    for line in body.splitlines():
        line = line.strip()
        numbered = re.match(r"^\d+\.\s+", line)
        if not line:
            steps.append("")
            continue
        if numbered or not steps:
            steps.append("")
        steps[-1] += " " + line[numbered.end():] if numbered else " " + line
    for step in filter(None, ("".join(s.replace("**", "").split()) for s in steps)):
        checked += 1
        if step not in printed:
            missing.append(f"{md.name}: {step[:80]}…")
if checked == 0:
    missing.append(f"no steps found for stage {number} ({stage})")
print("\n".join(missing))
sys.exit(1 if missing else 0)
