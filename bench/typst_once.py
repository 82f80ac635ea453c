#!/usr/bin/env python3
"""typst_once.py PLAN_JSON ID OUT.pdf QR_DIR: the cli case's cold Typst compile.

The typst wheel ships no `typst` command, so this is the smallest honest
stand-in for `typst compile`: a fresh Python interpreter imports typst-py and
compiles bench/plan.typ once for one plan (paths from the repository root).
Interpreter start-up and the import are part of what hyperfine times.
"""
import os
import sys

import typst

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

plan, pid, out, qr = sys.argv[1:5]
typst.compile(
    os.path.join(HERE, "plan.typ"),
    output=out,
    root=REPO,
    font_paths=[os.path.join(REPO, "fonts")],
    ignore_system_fonts=True,
    sys_inputs={"plan": plan, "id": pid, "content": "/content", "qr": qr},
    pdf_tags=False,
)
