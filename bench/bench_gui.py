#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Notebook-window benchmark: Cumulus's NotebookView on big notebooks and a flooding cell.

    /usr/bin/python3 bench/bench_gui.py BUILD/bench/cumulus-guibench   # or CUMULUS_GUIBENCH=...
    cmake --build BUILD --target bench-gui                             # the same, via CMake

Runs cumulus-guibench (bench/guibench.cpp, a QApplication showing one NotebookView) under
QT_QPA_PLATFORM=offscreen (unless the environment names another platform):

  first-paint  launch to first paint: from the moment this script spawns the process until
               the view has finished painting its first screen of the notebook
               (nbformat::readFile + setDocument + show), --reps runs per notebook after
               --warmup untimed ones; also the read time and the peak RSS (ru_maxrss).
  scroll       the whole notebook scrolled top to bottom, 3 wheel notches (3 x singleStep)
               per frame, each frame a full viewport()->repaint(): p50/p95/p99/max frame
               time, frames over 16.7 ms, peak RSS at the end.
  flood        a python3 ipykernel runs `for i in range(1_000_000): print(i)` in a cell
               shown in the view: time to idle, the longest event-loop stall (a 1 ms timer
               on the GUI thread), paint events.
  peer         classic Jupyter Notebook (Debian's python3-notebook) opening the same files
               in headless Chromium (Selenium + chromedriver): navigation start to the
               first frame after the notebook is fully rendered. Skipped, with the reason,
               when those packages are missing.

Goals: first paint of the 5,000-cell notebook < 0.5 s; flood stall <= 50 ms. It is a
report, not a test: misses still exit 0. It exits 1 when a child fails (non-zero exit,
timeout, no JSON) and 2 on bad usage. Raw results go to bench/out/results/guibench.json.
"""

from __future__ import annotations

# Light modules only: this process's peak RSS is a floor under every child's ru_maxrss
# (Linux carries the parent's high-water mark into a child across fork + exec). Selenium
# is imported only in the peer child (`bench_gui.py --peer ...`).
import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(BENCH_DIR, "out")
RESULTS_DIR = os.path.join(OUT_DIR, "results")
MAKE_NOTEBOOKS = os.path.join(BENCH_DIR, "make_notebooks.py")
MB = 1e6

GOAL_FIRST_PAINT_S = 0.5   # the 5,000-cell notebook
GOAL_FIRST_PAINT_FOR = "large"
GOAL_STALL_MS = 50.0
FRAME_MS = 1000.0 / 60

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def peak_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --------------------------------------------------------------------------------------
# The peer: classic Jupyter Notebook in headless Chromium (`bench_gui.py --peer ...`)
# --------------------------------------------------------------------------------------
# Runs in the page before any of its scripts (Page.addScriptToEvaluateOnNewDocument): polls
# for Jupyter.notebook._fully_loaded, which notebook 6.4 sets at the end of
# load_notebook_success(), after fromJSON() has rendered every cell; then stamps the end of
# the next frame (requestAnimationFrame + a task). Times are performance.now(), i.e. from
# the navigation start.
PAGE_PROBE = r"""
(function () {
  function poll() {
    var nb = window.Jupyter && window.Jupyter.notebook;
    if (nb && nb._fully_loaded) {
      window.__benchLoaded = performance.now();
      window.__benchCells = document.querySelectorAll('.cell').length;
      requestAnimationFrame(function () {
        setTimeout(function () { window.__benchPainted = performance.now(); }, 0);
      });
      return;
    }
    setTimeout(poll, 5);
  }
  poll();
})();
"""


def tree_rss_kb(root_pid):
    """Summed VmRSS of root_pid and all its descendants (Chromium's processes), KiB."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                text = f.read()
            ppid = int(text[text.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port, timeout):
    import urllib.request
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/api" % port, timeout=2) as r:
                return json.loads(r.read().decode())
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the notebook server did not answer within %d s" % timeout)


def poll(driver):
    """The page probe's stamps once the notebook is painted, else None."""
    return driver.execute_script(
        "return window.__benchPainted ? [window.__benchLoaded, window.__benchPainted,"
        " window.__benchCells,"
        " (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null,"
        " performance.memory ? performance.memory.usedJSHeapSize : null] : null")


def peer_main(argv):
    parser = argparse.ArgumentParser(prog="bench_gui.py --peer")
    parser.add_argument("--peer", action="store_true", required=True)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--size", default="1200x900")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    tmp = tempfile.mkdtemp(prefix="cumulus-guibench-peer-")
    server = None
    result = {"mode": "peer", "runs": []}
    try:
        env = dict(os.environ)
        # Jupyter's directories in the temporary one: the server writes its signing key,
        # the kernel its connection file there, never in the user's.
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            env[name] = os.path.join(tmp, name.lower())
            os.makedirs(env[name])
        nbdir = os.path.join(tmp, "notebooks")  # copies: the server may touch what it serves
        os.makedirs(nbdir)
        for path in args.notebooks:
            shutil.copy(path, nbdir)
        port = free_port()
        log = open(os.path.join(tmp, "server.log"), "wb")
        server = subprocess.Popen(
            ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--allow-root",
             "--ip=127.0.0.1", "--port=%d" % port, "--NotebookApp.token=",
             "--NotebookApp.password=", "--notebook-dir=" + nbdir],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        api = wait_http(port, 120)
        result["notebook_version"] = api.get("version")
        for path in args.notebooks:
            name = os.path.basename(path)
            # A fresh browser per notebook (not timed): nothing cached from the last one.
            opts = webdriver.ChromeOptions()
            opts.binary_location = CHROMIUM
            for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                         "--user-data-dir=" + os.path.join(tmp, "chrome-" + name),
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--window-size=" + args.size.replace("x", ",")):
                opts.add_argument(flag)
            service = Service(CHROMEDRIVER)
            driver = webdriver.Chrome(service=service, options=opts)
            try:
                result["chromium"] = driver.capabilities.get("browserVersion")
                driver.set_page_load_timeout(args.timeout)
                driver.set_script_timeout(60)
                driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PAGE_PROBE})
                t0 = time.monotonic()
                driver.get("http://127.0.0.1:%d/notebooks/%s" % (port, name))
                t_get = time.monotonic()
                # Each poll may wait this long for a busy renderer; the loop keeps the deadline.
                driver.set_page_load_timeout(max(1, min(30, args.timeout)))
                state, last_error = None, None
                while time.monotonic() - t0 < args.timeout:
                    # Notebook renders every cell in one synchronous task: while it runs the
                    # renderer answers nothing, so this call can block until the timeout.
                    try:
                        state = poll(driver)
                    except Exception as e:  # selenium's TimeoutException and kin
                        state = None
                        last_error = str(e).splitlines()[0] if str(e) else type(e).__name__
                    if state:
                        break
                    time.sleep(0.25)
                seen = time.monotonic()
                if not state:
                    result["runs"].append({
                        "notebook": name, "file_bytes": os.path.getsize(path), "timed_out": True,
                        "painted_ms": None, "timeout_s": args.timeout,
                        "waited_s": seen - t0, "last_error": last_error,
                        "chromium_rss_kb": tree_rss_kb(service.process.pid)})
                    print("peer: %s not rendered within %d s" % (name, args.timeout),
                          file=sys.stderr, flush=True)
                    continue
                loaded, painted, cells, fcp, heap = state
                result["runs"].append({
                    "notebook": name, "file_bytes": os.path.getsize(path), "cells": cells,
                    "page_first_contentful_paint_ms": fcp,
                    "fully_loaded_ms": loaded, "painted_ms": painted,
                    "driver_get_returned_ms": (t_get - t0) * 1e3,
                    "seen_by_poll_ms": (seen - t0) * 1e3,
                    "js_heap_bytes": heap,
                    "chromium_rss_kb": tree_rss_kb(service.process.pid),
                })
                print("peer: %s rendered in %.2f s" % (name, painted / 1e3), file=sys.stderr, flush=True)
            finally:
                driver.quit()
        result["server_rss_kb"] = tree_rss_kb(server.pid)  # the server and its kernels
    except Exception as e:  # reported in the JSON, and the table says why
        result["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # twice: classic Notebook asks to confirm once
            time.sleep(0.3)
            server.send_signal(signal.SIGINT)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return 1 if "error" in result else 0


def peer_missing():
    """Why the peer cannot run here, or None."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    if missing:
        return "not installed: %s (apt-get install chromium chromium-driver)" % ", ".join(missing)
    probe = subprocess.run(["/usr/bin/python3", "-c", "import notebook, selenium"],
                           capture_output=True, text=True)
    if probe.returncode:
        return "python3-notebook or python3-selenium missing: " + probe.stderr.strip().splitlines()[-1]
    return None


# --------------------------------------------------------------------------------------
# Running children
# --------------------------------------------------------------------------------------
class ChildFailed(Exception):
    pass


def kill_pids(pids):
    """Kills kernels a child left behind; returns how many were still there."""
    leaked = 0
    for pid in pids:
        try:
            os.killpg(pid, 0)
        except OSError:
            continue
        leaked += 1
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    return leaked


def run_child(argv, env, timeout, label):
    """Runs argv; returns (parsed JSON from its stdout, spawn monotonic ns, stderr text)."""
    t_spawn = time.monotonic_ns()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        raise ChildFailed("%s: timed out after %d s" % (label, timeout))
    finally:
        errtext = locals().get("err") or b""
        pids = [int(line.split()[1]) for line in errtext.decode(errors="replace").splitlines()
                if line.startswith("KERNEL_PID ")]
        if kill_pids(pids):
            print("WARNING: %s left a kernel running; killed it" % label, file=sys.stderr)
    err = err.decode(errors="replace")
    lines = [l for l in out.decode(errors="replace").splitlines() if l.startswith("{")]
    if not lines:
        raise ChildFailed("%s: exit %d, no JSON\n%s" % (label, proc.returncode, err[-2000:]))
    data = json.loads(lines[-1])
    if proc.returncode:
        raise ChildFailed("%s: exit %d: %s\n%s" % (label, proc.returncode,
                                                   data.get("error", "?"), err[-2000:]))
    return data, t_spawn, err


def ensure_notebooks(names, regenerate):
    missing = [n for n in names if regenerate or not os.path.exists(os.path.join(OUT_DIR, n + ".ipynb"))]
    if missing:
        print("generating %s ..." % ", ".join(missing), flush=True)
        subprocess.run(["/usr/bin/python3", MAKE_NOTEBOOKS, OUT_DIR] + missing, check=True)


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------
class Table:
    def __init__(self):
        self.rows = []
        self.goals = []

    def add(self, what, value, goal="", verdict=None):
        if verdict is not None:
            self.goals.append(verdict)
        self.rows.append((what, value, goal, "" if verdict is None else ("PASS" if verdict else "MISS")))

    def print(self):
        widths = [max(len(r[i]) for r in self.rows + [("measure", "cumulus", "goal", "")])
                  for i in range(4)]
        fmt = "  ".join("%%-%ds" % w for w in widths)
        print(fmt % ("measure", "cumulus", "goal", ""))
        print(fmt % tuple("-" * w for w in widths))
        for row in self.rows:
            print((fmt % row).rstrip())


def main(argv):
    if "--peer" in argv:
        return peer_main(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("guibench", nargs="?", default=os.environ.get("CUMULUS_GUIBENCH"),
                        help="path to cumulus-guibench (or CUMULUS_GUIBENCH)")
    parser.add_argument("--only", default="first-paint,scroll,flood,peer",
                        help="comma-separated modes (first-paint,scroll,flood,peer)")
    parser.add_argument("--notebooks", default="medium,large",
                        help="notebooks for first-paint and peer (bench/out/NAME.ipynb)")
    parser.add_argument("--scroll-notebooks", default="medium,large")
    parser.add_argument("--reps", type=int, default=5, help="timed first-paint runs per notebook")
    parser.add_argument("--warmup", type=int, default=1, help="untimed first-paint runs first")
    parser.add_argument("--flood-reps", type=int, default=1)
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines the flood prints")
    parser.add_argument("--size", default="1200x900", help="window size, WxH")
    parser.add_argument("--timeout", type=int, default=600, help="per cumulus child, seconds")
    parser.add_argument("--peer-timeout", type=int, default=900, help="per notebook, seconds")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args(argv)
    if not args.guibench or not os.access(args.guibench, os.X_OK):
        parser.error("give the path to cumulus-guibench (or set CUMULUS_GUIBENCH)")
    modes = [m for m in args.only.split(",") if m]
    if set(modes) - {"first-paint", "scroll", "flood", "peer"}:
        parser.error("--only takes first-paint, scroll, flood, peer")
    notebooks = [n for n in args.notebooks.split(",") if n]
    scroll_notebooks = [n for n in args.scroll_notebooks.split(",") if n]
    ensure_notebooks(sorted(set(notebooks + scroll_notebooks)), args.regenerate)

    tmp = tempfile.mkdtemp(prefix="cumulus-guibench-")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("XDG_RUNTIME_DIR", tmp)  # Qt warns without one
    env.pop("QT_SCALE_FACTOR", None)
    common = ["--size", args.size, "--timeout", str(args.timeout)]

    def path_of(name):
        return os.path.join(OUT_DIR, name + ".ipynb")

    results = {"machine": {"cpus": os.cpu_count(), "loadavg_start": os.getloadavg(),
                           "platform": env["QT_QPA_PLATFORM"]}, "goals": {}}
    status = 0
    t_start = time.monotonic()
    table = Table()
    try:
        if "first-paint" in modes:
            fp = results["first-paint"] = {}
            for name in notebooks:
                runs = []
                for i in range(args.warmup + args.reps):
                    data, t_spawn, _ = run_child([args.guibench, "first-paint", path_of(name)] + common,
                                                 env, args.timeout, "first-paint " + name)
                    data["launch_to_first_paint_ms"] = (data["first_paint_mono_ns"] - t_spawn) / 1e6
                    data["warmup"] = i < args.warmup
                    runs.append(data)
                    print("first-paint %s: %.0f ms%s" % (name, data["launch_to_first_paint_ms"],
                                                         " (warm-up)" if data["warmup"] else ""), flush=True)
                fp[name] = runs
        if "scroll" in modes:
            sc = results["scroll"] = {}
            for name in scroll_notebooks:
                data, _, _ = run_child([args.guibench, "scroll", path_of(name)] + common,
                                       env, args.timeout, "scroll " + name)
                sc[name] = data
                print("scroll %s: %d frames, p95 %.1f ms" % (name, data["frames"], data["frame_ms"]["p95"]), flush=True)
        if "flood" in modes:
            fl = results["flood"] = []
            for _ in range(args.flood_reps):
                data, _, _ = run_child([args.guibench, "flood", "--lines", str(args.lines)] + common,
                                       env, args.timeout, "flood")
                fl.append(data)
                print("flood: idle after %.2f s, longest stall %.1f ms" % (data["time_to_idle_s"], data["max_gap_ms"]), flush=True)
        if "peer" in modes:
            why = peer_missing()
            if why:
                results["peer"] = {"skipped": why}
                print("peer: skipped: " + why, flush=True)
            else:
                print("peer: classic Jupyter Notebook in headless Chromium (slow) ...", flush=True)
                proc = subprocess.run(
                    ["/usr/bin/python3", os.path.abspath(__file__), "--peer", "--size", args.size,
                     "--timeout", str(args.peer_timeout)] + [path_of(n) for n in notebooks],
                    stdin=subprocess.DEVNULL, capture_output=True, text=True,
                    timeout=args.peer_timeout * len(notebooks) + 300)
                lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
                results["peer"] = json.loads(lines[-1]) if lines else {
                    "error": "no JSON (exit %d): %s" % (proc.returncode, proc.stderr[-1500:])}
                if "error" in results["peer"]:
                    print("peer: failed: " + results["peer"]["error"], flush=True)
    except ChildFailed as e:
        print("FAILED: %s" % e, file=sys.stderr)
        status = 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # ---------------------------------------------------------------- the table
    print()
    print("cumulus-guibench, platform %s, window %s; %d CPUs, load average %s"
          % (env["QT_QPA_PLATFORM"], args.size, os.cpu_count(),
             " ".join("%.2f" % x for x in os.getloadavg())))
    print("this process's peak RSS (a floor under the children's): %.0f MB" % (peak_rss_kb() * 1024 / MB))
    print()
    first_paint_s = {}
    for name, runs in results.get("first-paint", {}).items():
        timed = [r for r in runs if not r["warmup"]]
        launch = [r["launch_to_first_paint_ms"] / 1e3 for r in timed]
        size = timed[0]["file_bytes"]
        first_paint_s[name] = median(launch)
        goal = GOAL_FIRST_PAINT_S if name == GOAL_FIRST_PAINT_FOR else None
        verdict = (median(launch) < goal) if goal else None
        if goal:
            results["goals"]["first_paint_" + name] = verdict
        table.add("first paint %s (%d cells, %.1f MB): launch to painted, median (min)"
                  % (name, timed[0]["cells"], size / MB),
                  "%.3f s (%.3f)" % (median(launch), min(launch)),
                  "< %.1f s" % goal if goal else "", verdict)
        table.add("  of which nbformat::readFile, median",
                  "%.3f s" % median([r["read_ms"] / 1e3 for r in timed]))
        table.add("  of which the first paintEvent, median",
                  "%.3f s" % median([r["first_paint_duration_ms"] / 1e3 for r in timed]))
        table.add("  process start to main(), median",
                  "%.3f s" % median([(r["launch_to_first_paint_ms"] - r["first_paint_ms"]) / 1e3 for r in timed]))
        peak = max(r["peak_rss_kb"] for r in timed) * 1024
        table.add("  peak RSS at first paint, and / file size",
                  "%.0f MB (%.1fx)" % (peak / MB, peak / size))
    for name, data in results.get("scroll", {}).items():
        f = data["frame_ms"]
        table.add("scroll %s top to bottom: frames (px per frame)" % name,
                  "%d (%d)%s" % (data["frames"], data["step_px"] or data["scrolled_px"] // max(1, data["frames"]),
                                 "" if data["reached_end"] else ", END NOT REACHED"))
        table.add("  frame ms p50 / p95 / p99 / max",
                  "%.1f / %.1f / %.1f / %.1f" % (f["p50"], f["p95"], f["p99"], f["max"]))
        table.add("  frames over 16.7 ms", "%d of %d (%.1f%%)" % (f["over_16_7ms"], data["frames"],
                                                                100.0 * f["over_16_7ms"] / max(1, data["frames"])))
        table.add("  peak RSS at the end, and / file size",
                  "%.0f MB (%.1fx)" % (data["peak_rss_kb"] * 1024 / MB,
                                       data["peak_rss_kb"] * 1024 / data["file_bytes"]))
        table.add("  RSS at first paint -> at the end",
                  "%.0f -> %.0f MB" % (data["rss_start_kb"] * 1024 / MB, data["rss_end_kb"] * 1024 / MB))
        table.add("  cells holding layouts at the end (max); editor widgets (max)",
                  "%d (%d); %d" % (data["rendered_cells_end"], data["rendered_cells_max"],
                                   data["cell_widgets_max"]))
    floods = results.get("flood", [])
    if floods:
        worst = max(floods, key=lambda d: d["max_gap_ms"])
        stall_ok = worst["max_gap_ms"] <= GOAL_STALL_MS
        results["goals"]["flood_stall"] = stall_ok
        table.add("flood %s lines: time to idle (execute -> idle)" % format(args.lines, ","),
                  "%.2f s" % median([d["time_to_idle_s"] for d in floods]))
        table.add("  longest event-loop stall (1 ms timer gap)", "%.1f ms" % worst["max_gap_ms"],
                  "<= %.0f ms" % GOAL_STALL_MS, stall_ok)
        table.add("  longest GUI-thread CPU burst between ticks", "%.1f ms" % worst["max_busy_ms"])
        table.add("  paint events (longest paint)", "%d (%.1f ms)" % (worst["paints"], worst["longest_paint_event_ms"]))
        table.add("  kept text, peak RSS", "%.1f MB, %.0f MB" % (worst["kept_text_bytes"] / MB,
                                                             worst["peak_rss_kb"] * 1024 / MB))
    peer = results.get("peer")
    if peer is not None:
        if "skipped" in peer or "error" in peer:
            table.add("peer: classic Jupyter Notebook in headless Chromium",
                      "not measured: " + peer.get("skipped", peer.get("error", "")).splitlines()[0][:100])
        for run in peer.get("runs", []):
            name = run["notebook"][:-len(".ipynb")]
            what = ("peer: Notebook %s + Chromium %s, %s: navigation to rendered"
                    % (peer.get("notebook_version", "?"), (peer.get("chromium") or "?").split(".")[0], name))
            if run.get("timed_out"):
                table.add(what, "not rendered within %d s (renderer busy)" % run["timeout_s"])
                if name in first_paint_s:
                    table.add("  peer / cumulus first paint", "> %.0fx" % (run["timeout_s"] / first_paint_s[name]))
            else:
                table.add(what, "%.2f s" % (run["painted_ms"] / 1e3))
                if name in first_paint_s:
                    table.add("  peer / cumulus first paint", "%.0fx" % (run["painted_ms"] / 1e3 / first_paint_s[name]))
            table.add("  peer: Chromium RSS (all processes)", "%.0f MB" % (run["chromium_rss_kb"] * 1024 / MB))
    if table.rows:
        table.print()
        print()
        print("goals: %d of %d met" % (sum(1 for g in table.goals if g), len(table.goals)))
    print("total time %.0f s" % (time.monotonic() - t_start))
    try:
        os.makedirs(RESULTS_DIR, exist_ok=True)
        path = os.path.join(RESULTS_DIR, "guibench.json")
        with open(path, "w") as f:
            json.dump(results, f)
        print("raw results: %s" % os.path.relpath(path))
    except OSError as e:
        print("could not write the raw results: %s" % e, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
