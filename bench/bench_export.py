#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Export benchmark: `cumulus export NB --to ipynb -o OUT` against nbconvert.

    /usr/bin/python3 bench/bench_export.py BUILD/app/cumulus        # or CUMULUS=... in env
    cmake --build BUILD --target bench-export                       # the same, via CMake

For each benchmark notebook (generated into bench/out/ by make_notebooks.py when
missing) it times the whole process of

    (a) cumulus export NB --to ipynb -o OUT
    (b) /usr/bin/python3 -m nbconvert --to notebook --output-dir DIR --output NAME NB

side by side in one run, interleaved (one warm-up run of each, then --reps timed runs
of each, alternating which goes first), and reports the median and min wall time and the
peak RSS of each child (ru_maxrss from os.wait4: that child only).  It checks that
cumulus's output is byte-identical to nbconvert's and prints PASS/MISS for the goals:

    >= 20x faster than nbconvert on small and medium
    >=  5x faster on large (~21 MB)
    peak RSS <= 2x the file size for every file >= 10 MB

It is a report, not a test: goals missed or outputs differing still exit 0.  It exits 1
when a child fails (non-zero exit, signal, timeout, no output file) and 2 on bad usage.
"""

from __future__ import annotations

# Only light standard modules: this process's own peak RSS is a floor under every
# child's ru_maxrss (Linux carries the parent's high-water mark over vfork + exec), so it
# stays near the bare interpreter's ~10 MB (no hashlib, dataclasses, statistics).
import argparse
import os
import resource
import signal
import subprocess
import sys
import threading
import time
import zlib

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
MAKE_NOTEBOOKS = os.path.join(BENCH_DIR, "make_notebooks.py")
NOTEBOOKS = ["small", "medium", "large", "huge-output"]
MB = 1e6  # sizes and RSS are reported in MB = 10^6 bytes

# notebook -> minimum speedup (peer median / cumulus median)
SPEED_GOALS = {"small": 20.0, "medium": 20.0, "large": 5.0}
RSS_GOAL_MIN_SIZE = 10 * MB  # files at least this big ...
RSS_GOAL_RATIO = 2.0  # ... must export within this multiple of their size


# --------------------------------------------------------------------------------------
# Running one child
# --------------------------------------------------------------------------------------
class Run:
    def __init__(self, seconds: float, maxrss: int, ok: bool, why: str = ""):
        self.seconds = seconds
        self.maxrss = maxrss  # bytes
        self.ok = ok
        self.why = why  # when not ok


class Side:
    """One tool on one notebook: its runs and what its output looked like."""

    def __init__(self, name: str, warmup: int = 0):
        self.name = name
        self.warmup = warmup  # the first `warmup` runs are not timed
        self.runs: list[Run] = []
        self.digests: set[tuple[int, int]] = set()  # (size, crc32) of each run's output
        self.failure = ""

    def timed(self) -> list[Run]:
        return [r for r in self.runs[self.warmup:] if r.ok]

    @property
    def median(self) -> float | None:
        t = sorted(r.seconds for r in self.timed())
        if not t:
            return None
        mid = len(t) // 2
        return t[mid] if len(t) % 2 else (t[mid - 1] + t[mid]) / 2

    @property
    def best(self) -> float | None:
        t = [r.seconds for r in self.timed()]
        return min(t) if t else None

    @property
    def peak_rss(self) -> int | None:
        r = [x.maxrss for x in self.runs if x.ok]
        return max(r) if r else None


def run_child(argv: list[str], log_path: str, timeout: float, env: dict) -> Run:
    """Runs argv to completion; wall time of the whole process and its own peak RSS."""
    lock = threading.Lock()
    state = {"reaped": False, "killed": False}

    with open(log_path, "wb") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                env=env)

        def kill() -> None:
            with lock:  # never signal a pid that wait4 already reaped
                if not state["reaped"]:
                    state["killed"] = True
                    os.kill(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            while True:
                try:
                    _, status, usage = os.wait4(proc.pid, 0)
                    break
                except InterruptedError:
                    continue
            t1 = time.perf_counter()
            with lock:
                state["reaped"] = True
        finally:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits again
    run = Run(seconds=t1 - t0, maxrss=usage.ru_maxrss * 1024, ok=proc.returncode == 0)
    if state["killed"]:
        run.ok, run.why = False, f"timed out after {timeout:.0f} s"
    elif proc.returncode < 0:
        run.why = f"killed by signal {signal.Signals(-proc.returncode).name}"
    elif proc.returncode > 0:
        run.why = f"exit status {proc.returncode}"
    return run


def log_tail(path: str, lines: int = 15) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.path.getsize(path) - 4000))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join("      | " + line for line in text.splitlines()[-lines:])


# --------------------------------------------------------------------------------------
# Files (read in small chunks, to keep this process small)
# --------------------------------------------------------------------------------------
CHUNK = 1 << 18


def digest(path: str) -> tuple[int, int]:
    crc, size = 0, 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return size, crc


def first_difference(a: str, b: str) -> str | None:
    """None when the files are identical, else where and how they first differ."""
    offset, line = 0, 1
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            ca, cb = fa.read(CHUNK), fb.read(CHUNK)
            if ca == cb:
                if not ca:
                    return None
                offset += len(ca)
                line += ca.count(b"\n")
                continue
            n = next((i for i in range(min(len(ca), len(cb))) if ca[i] != cb[i]),
                     min(len(ca), len(cb)))
            line += ca.count(b"\n", 0, n)
            if n >= len(ca) or n >= len(cb):
                where = f"one file ends at byte {offset + n} (sizes " \
                        f"{os.path.getsize(a)} and {os.path.getsize(b)})"
            else:
                where = f"byte {offset + n}, line {line}"
            lo = max(0, n - 60)
            return (f"{where}\n      cumulus : {ca[lo:n + 60]!r}\n"
                    f"      nbconvert: {cb[lo:n + 60]!r}")


# --------------------------------------------------------------------------------------
# Environment facts for the report
# --------------------------------------------------------------------------------------
def cumulus_build_type(exe: str) -> str:
    d = os.path.dirname(os.path.realpath(exe))
    for _ in range(4):
        cache = os.path.join(d, "CMakeCache.txt")
        if os.path.exists(cache):
            with open(cache, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith("CMAKE_BUILD_TYPE:"):
                        return line.split("=", 1)[1].strip() or "(none)"
            return "(unknown)"
        d = os.path.dirname(d)
    return "(unknown: no CMakeCache.txt above the executable)"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return os.uname().machine


def peer_version(python: str) -> str:
    try:
        out = subprocess.run([python, "-c", "import nbconvert, nbformat; "
                              "print(nbconvert.__version__, nbformat.__version__)"],
                             capture_output=True, text=True, timeout=60, check=True).stdout
        conv, fmt = out.split()
        return f"nbconvert {conv}, nbformat {fmt}"
    except (OSError, subprocess.SubprocessError, ValueError):
        return "nbconvert (version unknown)"


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------
def fmt_s(side: Side) -> str:
    if side.failure and side.median is None:
        return "FAILED"
    if side.median is None:
        return "-"
    return f"{side.median:.3f} ({side.best:.3f})"


def fmt_mb(n: int | None) -> str:
    return "-" if n is None else f"{n / MB:.1f}"


def print_table(rows: list[dict]) -> None:
    head = ["notebook", "size MB", "cumulus s", "peer s", "speedup", "cumulus RSS MB",
            "peer RSS MB", "RSS/size cumulus", "RSS/size peer", "output = nbconvert"]
    body = []
    for r in rows:
        cum, peer, size = r["cumulus"], r["peer"], r["size"]
        speed = (f"{peer.median / cum.median:.1f}x"
                 if cum.median and peer.median else "-")
        body.append([
            r["name"], f"{size / MB:.2f}", fmt_s(cum), fmt_s(peer), speed,
            fmt_mb(cum.peak_rss), fmt_mb(peer.peak_rss),
            f"{cum.peak_rss / size:.2f}x" if cum.peak_rss else "-",
            f"{peer.peak_rss / size:.2f}x" if peer.peak_rss else "-",
            r["identical"]])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    right = {1, 2, 3, 4, 5, 6, 7, 8}

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    print(line(head))
    print(line(["-" * w for w in widths]))
    for b in body:
        print(line(b))
    print("(times: median (min) wall seconds of the whole process; speedup: peer median / "
          "cumulus median;\n RSS: peak ru_maxrss of the child over all its runs; "
          "MB = 10^6 bytes)")


def print_goals(rows: list[dict], peer_only: bool) -> None:
    print("\nGoals")
    if peer_only:
        print("  (not checked: --peer-only)")
        return
    for r in rows:
        goal = SPEED_GOALS.get(r["name"])
        if goal is None:
            continue
        cum, peer = r["cumulus"], r["peer"]
        if cum.median and peer.median:
            ratio = peer.median / cum.median
            verdict = "PASS" if ratio >= goal else "MISS"
            print(f"  {verdict}  {r['name']:<12} speed  {ratio:7.1f}x faster than nbconvert "
                  f"(goal >= {goal:g}x)")
        else:
            print(f"  MISS  {r['name']:<12} speed  not measured (a run failed)")
    for r in rows:
        if r["size"] < RSS_GOAL_MIN_SIZE:
            continue
        rss = r["cumulus"].peak_rss
        if rss:
            ratio = rss / r["size"]
            verdict = "PASS" if ratio <= RSS_GOAL_RATIO else "MISS"
            print(f"  {verdict}  {r['name']:<12} memory peak RSS {rss / MB:.1f} MB = "
                  f"{ratio:.2f}x the {r['size'] / MB:.1f} MB file (goal <= "
                  f"{RSS_GOAL_RATIO:g}x)")
        else:
            print(f"  MISS  {r['name']:<12} memory not measured (a run failed)")
    same = [r["identical"] == "yes" for r in rows]
    print(f"  {'PASS' if all(same) else 'MISS'}  output       byte-identical to nbconvert's on "
          f"{sum(same)} of {len(same)} notebooks")


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        description="Time `cumulus export --to ipynb` against `nbconvert --to notebook`.")
    ap.add_argument("cumulus", nargs="?", default=os.environ.get("CUMULUS"),
                    help="the cumulus executable (default: $CUMULUS)")
    ap.add_argument("--reps", type=int, default=5, help="timed runs of each (default 5)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed runs of each before timing (default 1)")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help=f"only these notebooks (repeatable; of {', '.join(NOTEBOOKS)})")
    ap.add_argument("--out-dir", default=os.path.join(BENCH_DIR, "out"),
                    help="where notebooks and outputs go (default bench/out)")
    ap.add_argument("--peer-python", default="/usr/bin/python3",
                    help="interpreter with nbconvert (default /usr/bin/python3)")
    ap.add_argument("--regenerate", action="store_true",
                    help="regenerate the notebooks even if they exist")
    ap.add_argument("--peer-only", action="store_true",
                    help="time nbconvert alone (for when cumulus export does not work yet)")
    ap.add_argument("--timeout", type=float, default=600, help="per child, seconds")
    args = ap.parse_args(argv)

    names = [n for spec in args.only for n in spec.split(",") if n] or NOTEBOOKS
    unknown = [n for n in names if n not in NOTEBOOKS]
    if unknown:
        ap.error(f"unknown notebook(s): {', '.join(unknown)}")
    if args.reps < 1 or args.warmup < 0:
        ap.error("--reps must be >= 1 and --warmup >= 0")
    cumulus = None
    if not args.peer_only:
        if not args.cumulus:
            ap.error("give the cumulus executable as an argument or in $CUMULUS "
                     "(or --peer-only)")
        cumulus = os.path.abspath(args.cumulus)
        if not (os.path.isfile(cumulus) and os.access(cumulus, os.X_OK)):
            ap.error(f"not an executable: {cumulus}")
    if not os.access(args.peer_python, os.X_OK):
        ap.error(f"not an executable: {args.peer_python}")

    out_dir = os.path.abspath(args.out_dir)
    res_dir = os.path.join(out_dir, "results")
    os.makedirs(res_dir, exist_ok=True)

    # Generate in a child process so that this one stays small (see the imports).
    gen = [args.peer_python, MAKE_NOTEBOOKS, out_dir, *names]
    if not args.regenerate:
        gen.insert(2, "--if-missing")
    if subprocess.run(gen).returncode != 0:
        print("bench_export: generating the notebooks failed", file=sys.stderr)
        return 1

    env = dict(os.environ)
    if not any(env.get(v) for v in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"  # headless: a GUI plugin must not be needed

    print(f"\nExport benchmark  ({args.warmup} warm-up + {args.reps} timed runs of each, "
          f"interleaved)")
    print(f"  machine : {cpu_model()}, {os.cpu_count()} CPUs, {os.uname().sysname} "
          f"{os.uname().release}")
    if cumulus:
        print(f"  cumulus : {cumulus}  [CMAKE_BUILD_TYPE={cumulus_build_type(cumulus)}]")
    print(f"  peer    : {args.peer_python} -m nbconvert  [{peer_version(args.peer_python)}]")
    print(f"  files   : {out_dir}\n")

    rows, failed = [], False
    for name in names:
        nb = os.path.join(out_dir, name + ".ipynb")
        size = os.path.getsize(nb)
        cum_out = os.path.join(res_dir, name + ".cumulus.ipynb")
        peer_base = name + ".nbconvert"
        peer_out = os.path.join(res_dir, peer_base + ".ipynb")
        sides = {"peer": Side("nbconvert", warmup=args.warmup)}
        cmds = {"peer": ([args.peer_python, "-m", "nbconvert", "--to", "notebook",
                          "--output-dir", res_dir, "--output", peer_base, nb], peer_out)}
        if cumulus:
            sides["cumulus"] = Side("cumulus", warmup=args.warmup)
            cmds["cumulus"] = ([cumulus, "export", nb, "--to", "ipynb", "-o", cum_out], cum_out)

        print(f"{name} ({size / MB:.2f} MB): ", end="", flush=True)
        for i in range(args.warmup + args.reps):
            order = list(sides) if i % 2 == 0 else list(reversed(sides))
            for key in order:
                side = sides[key]
                if side.failure:
                    continue
                argv, out = cmds[key]
                if os.path.exists(out):
                    os.unlink(out)  # a failed run must not leave a stale file behind
                log = os.path.join(res_dir, f"{name}.{key}.log")
                run = run_child(argv, log, args.timeout, env)
                if run.ok and not os.path.exists(out):
                    run.ok, run.why = False, f"exit status 0 but no {out}"
                side.runs.append(run)
                if not run.ok:
                    side.failure = run.why
                    print(f"\n  {side.name} FAILED on {name}: {run.why}\n"
                          f"      $ {' '.join(argv)}\n{log_tail(log)}", flush=True)
                    continue
                side.digests.add(digest(out))
            print(".", end="", flush=True)
        print(flush=True)
        failed |= any(s.failure for s in sides.values())

        peer = sides["peer"]
        cum = sides.get("cumulus", Side("cumulus"))
        identical = "-"
        if cumulus:
            if cum.failure or peer.failure or not cum.runs or not peer.runs:
                identical = "n/a"
            else:
                diff = first_difference(cum_out, peer_out)
                if diff:
                    identical = "NO"
                    print(f"  cumulus output differs from nbconvert's at {diff}")
                elif len(cum.digests) > 1:
                    identical = "NO"
                    print("  cumulus wrote different bytes on different runs")
                else:
                    identical = "yes"
        if not peer.failure and peer.runs and first_difference(nb, peer_out) is not None:
            print("  note: nbconvert's output is not byte-identical to its input "
                  "(regenerate the notebooks with this nbformat: --regenerate)")
        rows.append(dict(name=name, size=size, cumulus=cum, peer=peer, identical=identical))

    print()
    print_table(rows)
    print_goals(rows, args.peer_only)
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"\n(This process peaked at {floor / MB:.1f} MB RSS; Linux carries a parent's "
          f"high-water mark into each child's ru_maxrss, so no child can read below it.)")
    if failed:
        print("\nSome runs FAILED (see above); their rows are incomplete.")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
