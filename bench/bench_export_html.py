#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""HTML and PDF export benchmark: `cumulus export NB --to html|pdf` against nbconvert.

    /usr/bin/python3 bench/bench_export_html.py BUILD/app/cumulus      # or CUMULUS=... in env
    cmake --build BUILD --target bench-export-html                     # the same, via CMake

On the notebooks of make_notebooks.py (small 20 cells, medium 500, large 5,000 / ~21 MB,
generated into bench/out/ when missing) it times whole processes, interleaved in one run
(one warm-up run of each, then --reps timed runs, alternating which goes first):

    (a) cumulus export NB --to html -o OUT
    (b) /usr/bin/python3 -m nbconvert --to html --output-dir DIR --output NAME NB
    (c) cumulus export NB --to pdf -o OUT       (nbconvert's PDF needs xelatex or
                                                 Chromium's pyppeteer: not comparable here)

and prints the medians, peak RSS and the goals:

    HTML >= 20x faster than nbconvert on small and medium, >= 10x on large
    PDF of the 5,000-cell notebook in under 10 s

A report, not a test: goals missed still exit 0; a child failing exits 1, bad usage 2.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from bench_export import (MAKE_NOTEBOOKS, MB, Side, cpu_model, cumulus_build_type, log_tail,
                          peer_version, run_child)

NOTEBOOKS = ["small", "medium", "large"]
HTML_GOALS = {"small": 20.0, "medium": 20.0, "large": 10.0}
PDF_GOAL_SECONDS = {"large": 10.0}


def fmt(seconds: float | None) -> str:
    return "-" if seconds is None else (f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Time `cumulus export --to html|pdf` against nbconvert.")
    ap.add_argument("cumulus", nargs="?", default=os.environ.get("CUMULUS"),
                    help="the cumulus executable (default: $CUMULUS)")
    ap.add_argument("--reps", type=int, default=3, help="timed runs of each (default 3)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help=f"only these notebooks (of {', '.join(NOTEBOOKS)})")
    ap.add_argument("--out-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    ap.add_argument("--peer-python", default="/usr/bin/python3")
    ap.add_argument("--timeout", type=float, default=600, help="per child, seconds")
    args = ap.parse_args(argv)
    names = [n for spec in args.only for n in spec.split(",") if n] or NOTEBOOKS
    if any(n not in NOTEBOOKS for n in names) or args.reps < 1 or args.warmup < 0:
        ap.error("bad --only, --reps or --warmup")
    if not args.cumulus:
        ap.error("give the cumulus executable as an argument or in $CUMULUS")
    cumulus = os.path.abspath(args.cumulus)
    if not (os.path.isfile(cumulus) and os.access(cumulus, os.X_OK)):
        ap.error(f"not an executable: {cumulus}")

    out_dir = os.path.abspath(args.out_dir)
    res_dir = os.path.join(out_dir, "results")
    os.makedirs(res_dir, exist_ok=True)
    if subprocess.run([args.peer_python, MAKE_NOTEBOOKS, "--if-missing", out_dir, *names]).returncode:
        print("bench_export_html: generating the notebooks failed", file=sys.stderr)
        return 1
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # cumulus picks the offscreen platform itself

    print(f"\nHTML/PDF export benchmark  ({args.warmup} warm-up + {args.reps} timed runs of each, interleaved)")
    print(f"  machine : {cpu_model()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"  cumulus : {cumulus}  [CMAKE_BUILD_TYPE={cumulus_build_type(cumulus)}]")
    print(f"  peer    : {args.peer_python} -m nbconvert --to html  [{peer_version(args.peer_python)}]\n")

    rows, failed = [], False
    for name in names:
        nb = os.path.join(out_dir, name + ".ipynb")
        cmds = {
            "nbconvert": ([args.peer_python, "-m", "nbconvert", "--to", "html", "--output-dir", res_dir,
                           "--output", name + ".nbconvert", nb], os.path.join(res_dir, name + ".nbconvert.html")),
            "html": ([cumulus, "export", nb, "--to", "html", "-o", os.path.join(res_dir, name + ".cumulus.html")],
                     os.path.join(res_dir, name + ".cumulus.html")),
            "pdf": ([cumulus, "export", nb, "--to", "pdf", "-o", os.path.join(res_dir, name + ".cumulus.pdf")],
                    os.path.join(res_dir, name + ".cumulus.pdf")),
        }
        sides = {key: Side(key, warmup=args.warmup) for key in cmds}
        print(f"{name} ({os.path.getsize(nb) / MB:.2f} MB): ", end="", flush=True)
        for i in range(args.warmup + args.reps):
            for key in (list(cmds) if i % 2 == 0 else list(reversed(cmds))):
                side = sides[key]
                if side.failure:
                    continue
                argv_, out = cmds[key]
                if os.path.exists(out):
                    os.unlink(out)
                log = os.path.join(res_dir, f"{name}.{key}.log")
                run = run_child(argv_, log, args.timeout, env)
                if run.ok and not os.path.exists(out):
                    run.ok, run.why = False, f"exit status 0 but no {out}"
                side.runs.append(run)
                if not run.ok:
                    side.failure = run.why
                    print(f"\n  {key} FAILED on {name}: {run.why}\n{log_tail(log)}", flush=True)
            print(".", end="", flush=True)
        print(flush=True)
        failed |= any(s.failure for s in sides.values())
        rows.append((name, sides))

    print(f"\n{'notebook':<9} {'nbconvert html':>15} {'cumulus html':>13} {'speed-up':>9} {'goal':>10}"
          f" {'cumulus pdf':>12} {'pdf goal':>14} {'RSS html/pdf':>15}")
    for name, sides in rows:
        peer, html, pdf = sides["nbconvert"].median, sides["html"].median, sides["pdf"].median
        ratio = peer / html if peer and html else None
        goal = HTML_GOALS[name]
        verdict = "-" if ratio is None else ("PASS" if ratio >= goal else "MISS")
        pdf_goal = PDF_GOAL_SECONDS.get(name)
        pdf_verdict = "-" if pdf_goal is None or pdf is None else (
            f"{'PASS' if pdf < pdf_goal else 'MISS'} <{pdf_goal:.0f} s")
        rss = f"{(sides['html'].peak_rss or 0) / MB:.0f}/{(sides['pdf'].peak_rss or 0) / MB:.0f} MB"
        print(f"{name:<9} {fmt(peer):>15} {fmt(html):>13} {('-' if ratio is None else f'{ratio:.1f}x'):>9}"
              f" {verdict + f' >={goal:.0f}x':>10} {fmt(pdf):>12} {pdf_verdict:>14} {rss:>15}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
