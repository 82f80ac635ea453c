#!/usr/bin/env python3
"""checklinks.py DIR...: every relative href/src in DIR's HTML files points at a file.

bench/run uses it to make sure the planwright and Hugo builds of a corpus are
the same site: the exercise bodies' Markdown links, the stage nav and the
pagers resolve in both. Prints a summary; exits 1 on the first few broken links.
"""
import os
import re
from html import unescape
import sys

LINK = re.compile(r'(?:href|src)="([^"]*)"')


def check(root):
    pages = links = 0
    broken = []
    for d, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".html"):
                continue
            pages += 1
            path = os.path.join(d, name)
            with open(path, encoding="utf-8") as f:
                html = f.read()
            seen = set()
            for target in map(unescape, LINK.findall(html)):
                target = target.split("#")[0].split("?")[0]
                if not target:
                    continue
                if "://" in target or target.startswith(("mailto:", "data:", "/")) or target in seen:
                    continue
                seen.add(target)
                links += 1
                if not os.path.exists(os.path.normpath(os.path.join(d, target))):
                    broken.append(f"{os.path.relpath(path, root)} -> {target}")
    return pages, links, broken


def main():
    bad = False
    for root in sys.argv[1:]:
        pages, links, broken = check(root)
        print(f"checklinks: {root}: {pages} HTML pages, {links} relative links, {len(broken)} broken")
        for b in broken[:10]:
            print("  broken:", b)
        bad |= bool(broken)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
