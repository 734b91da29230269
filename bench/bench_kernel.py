#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Kernel benchmark: Cumulus's kernel layer against jupyter_client, on the same ipykernel.

    /usr/bin/python3 bench/bench_kernel.py BUILD/bench/cumulus-kernelbench   # or CUMULUS_KERNELBENCH=...
    cmake --build BUILD --target bench-kernel                                # the same, via CMake

Side by side in one run, each side in child processes of its own, against fresh kernels
of the same kernelspec (python3 unless --kernel):

  latency  --requests sequential `1+1` executes per side, in --blocks blocks that
           alternate between the two clients (a fresh kernel per block, --warmup untimed
           requests first): p50/p99 to execute_reply and to idle, client CPU per request.
  ready    kernel start to ready, --ready-reps per side, alternating in blocks.
  flood    one cell printing 1,000,000 lines, and one writing 200 MB: time from the
           execute request to idle + reply, and the client's peak RSS (ru_maxrss of the
           child, RUSAGE_SELF: the kernel is not counted). --flood-reps each, alternating.
  stall    one 57 MB display_data message: the longest gap of a 1 ms main-thread
           heartbeat while it arrives (KernelClient alone, and through NotebookRunner into
           a document); jupyter_client's asyncio loop is measured the same way, for reference.

The C++ side is cumulus-kernelbench (bench/kernelbench.cpp). The peer is this script run
as `--peer MODE` under /usr/bin/python3: jupyter_client's AsyncKernelManager.start_kernel(),
client.start_channels(), await client.wait_for_ready(); execute() then await the shell
reply and the iopub idle for that msg_id; the flood collects every output as nbclient does
(nbformat.v4.output_from_msg, appended to a list).

It is a report, not a test: misses still exit 0. It exits 1 when a child fails (non-zero
exit, timeout, no JSON) and 2 on bad usage. Every kernel a child started is checked after
the child ends and killed if it still runs.
"""

from __future__ import annotations

# Light modules only: this process's peak RSS is a floor under every child's ru_maxrss
# (Linux carries the parent's high-water mark into a child across fork + exec).
import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
RESULTS_DIR = os.path.join(BENCH_DIR, "out", "results")
MB = 1e6  # RSS in MB = 10^6 bytes

FLOOD_LINES = "for i in range(1_000_000):\n    print(i)\n"
FLOOD_BYTES = (
    "import sys\n"
    "_chunk = ('x' * 99 + '\\n') * 10_000\n"
    "for _ in range(200):\n"
    "    sys.stdout.write(_chunk)\n"
    "del _chunk\n"
)
# The same 200 MB flushed after every 1 MB write: 200 stream messages of 1 MB. (Unflushed,
# ipykernel 6.17 sends what 0.2 s of writing buffered: FLOOD_BYTES arrives as ONE message.)
FLOOD_CHUNKS = (
    "import sys\n"
    "_chunk = ('x' * 99 + '\\n') * 10_000\n"
    "for _ in range(200):\n"
    "    sys.stdout.write(_chunk)\n"
    "    sys.stdout.flush()\n"
    "del _chunk\n"
)
FLOODS = {"lines": ("1,000,000 lines", FLOOD_LINES), "bytes": ("200 MB", FLOOD_BYTES),
          "chunks": ("200 MB as 1 MB msgs", FLOOD_CHUNKS)}
STALL_SIZE = 57_000_000

GOAL_CPU_US = 150.0  # client CPU per request
GOAL_READY_SPEEDUP = 1.5
GOAL_FLOOD_RSS_MB = 150.0
GOAL_STALL_MS = 1000.0 / 60  # one frame at 60 Hz: a longer gap is a visible freeze


# --------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------
def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
    return ordered[int(rank) - 1]


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


# --------------------------------------------------------------------------------------
# The peer: jupyter_client (run as `bench_kernel.py --peer MODE ...`)
# --------------------------------------------------------------------------------------
def peak_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def current_rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def threads_cpu_ns():
    """CPU time (ns) of this process's threads other than the main one, by role: "zmq" for
    libzmq's background threads (ZMQbg/...), "other" for the rest (jupyter_client's heartbeat
    thread, ...). From /proc/self/task/TID/schedstat, as cumulus-kernelbench reads it."""
    roles = {"zmq": 0, "other": 0}
    me = str(os.getpid())
    for tid in os.listdir("/proc/self/task"):
        if tid == me:
            continue
        try:
            with open("/proc/self/task/%s/comm" % tid) as f:
                name = f.read().strip()
            with open("/proc/self/task/%s/schedstat" % tid) as f:
                ns = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        roles["zmq" if name.startswith("ZMQbg") else "other"] += ns
    return roles


async def peer_start(kernel_name):
    """Starts a kernel as a jupyter_client user does; returns (km, kc, start-to-ready ns)."""
    from jupyter_client.manager import AsyncKernelManager

    t0 = time.perf_counter_ns()
    km = AsyncKernelManager(kernel_name=kernel_name)
    await km.start_kernel()
    print("KERNEL_PID %d" % km.provisioner.process.pid, file=sys.stderr, flush=True)
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
    except BaseException:
        await peer_stop(km, kc)
        raise
    return km, kc, time.perf_counter_ns() - t0


async def peer_stop(km, kc):
    kc.stop_channels()
    await km.shutdown_kernel()


async def peer_execute(kc, code, on_output=None):
    """execute(), then the shell reply and the iopub idle for its msg_id. Returns
    (reply, reply ns, idle ns) with times from the request."""
    t0 = time.perf_counter_ns()
    msg_id = kc.execute(code)
    while True:
        reply = await kc.get_shell_msg(timeout=300)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    t_reply = time.perf_counter_ns()
    while True:
        msg = await kc.get_iopub_msg(timeout=300)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                break
        elif on_output is not None:
            on_output(msg)
    return reply, t_reply - t0, time.perf_counter_ns() - t0


async def peer_latency(args):
    km, kc, ready_ns = await peer_start(args.kernel)
    try:
        reply_us, idle_us, main_cpu_us = [], [], []
        for i in range(args.warmup + args.count):
            if i == args.warmup:
                wall0 = time.perf_counter_ns()
                cpu0 = time.process_time_ns()
                thread0 = time.thread_time_ns()
                threads0 = threads_cpu_ns()
            c0 = time.thread_time_ns()
            reply, t_reply, t_idle = await peer_execute(kc, "1+1")
            c1 = time.thread_time_ns()
            if reply["content"].get("status") != "ok":
                raise RuntimeError("request %d: %r" % (i, reply["content"]))
            if i >= args.warmup:
                reply_us.append(t_reply / 1e3)
                idle_us.append(t_idle / 1e3)
                main_cpu_us.append((c1 - c0) / 1e3)
        wall = time.perf_counter_ns() - wall0
        cpu = time.process_time_ns() - cpu0
        thread = time.thread_time_ns() - thread0
        threads1 = threads_cpu_ns()
    finally:
        await peer_stop(km, kc)
    return {
        "mode": "latency", "requests": args.count, "warmup": args.warmup,
        "ready_ms": ready_ns / 1e6,
        "reply_us": reply_us, "idle_us": idle_us, "main_cpu_us": main_cpu_us,
        "wall_s": wall / 1e9,
        "process_cpu_us_total": cpu / 1e3,
        "main_thread_cpu_us_total": thread / 1e3,
        "io_thread_cpu_us_total": None,
        "zmq_threads_cpu_us_total": (threads1["zmq"] - threads0["zmq"]) / 1e3,
        "other_threads_cpu_us_total": (threads1["other"] - threads0["other"]) / 1e3,
        "cpu_method": "process: time.process_time_ns (= getrusage(RUSAGE_SELF) utime+stime, "
                      "all threads); main: time.thread_time_ns; other threads: "
                      "/proc/self/task/TID/schedstat",
        "peak_rss_kb": peak_rss_kb(),
        "kernelspec": {"name": km.kernel_name, "resource_dir": km.kernel_spec.resource_dir,
                       "argv0": km.kernel_spec.argv[0]},
    }


async def peer_ready(args):
    samples = []
    spec = None
    for _ in range(args.count):
        km, kc, ready_ns = await peer_start(args.kernel)
        samples.append(ready_ns / 1e6)
        spec = km.kernel_spec
        await peer_stop(km, kc)
    return {"mode": "ready", "ready_ms": samples, "peak_rss_kb": peak_rss_kb(),
            "kernelspec": {"name": args.kernel, "resource_dir": spec.resource_dir,
                           "argv0": spec.argv[0]}}


async def peer_flood(args):
    from nbformat.v4 import output_from_msg

    km, kc, ready_ns = await peer_start(args.kernel)
    try:
        outputs = []
        traffic = {"stream_messages": 0, "stream_bytes": 0, "largest_stream_message": 0}

        def on_output(msg):
            # nbclient's NotebookClient.output(): every output message becomes an output.
            if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                outputs.append(output_from_msg(msg))
            if msg["msg_type"] == "stream":
                size = len(msg["content"].get("text", ""))
                traffic["stream_messages"] += 1
                traffic["stream_bytes"] += size
                traffic["largest_stream_message"] = max(traffic["largest_stream_message"], size)

        rss_before = current_rss_kb()
        peak_before = peak_rss_kb()
        cpu0 = time.process_time_ns()
        reply, _, t_idle = await peer_execute(kc, FLOODS[args.kind][1], on_output)
        cpu = time.process_time_ns() - cpu0
        text = sum(len(o.get("text", "")) for o in outputs)
    finally:
        await peer_stop(km, kc)
    return {"mode": "flood", "kind": args.kind, "ok": reply["content"].get("status") == "ok",
            "ready_ms": ready_ns / 1e6, "time_s": t_idle / 1e9, "process_cpu_s": cpu / 1e9,
            "rss_before_kb": rss_before, "peak_rss_before_kb": peak_before,
            "peak_rss_kb": peak_rss_kb(), "outputs": len(outputs), "kept_text_bytes": text,
            "traffic": traffic, "source": FLOODS[args.kind][1]}


async def peer_stall(args):
    import asyncio

    km, kc, _ = await peer_start(args.kernel)
    runs = []
    try:
        for _ in range(args.reps):
            # The same measure as cumulus-kernelbench's Heartbeat: the wall gap between two
            # ticks of a 1 ms timer on the event loop, and the thread's CPU time in between.
            state = {"run": True, "gap": 0, "gap_end": 0, "busy": 0, "ticks": 0,
                     "mark": 0, "gap_at_mark": -1, "busy_at_mark": -1}

            async def heartbeat():
                last, last_cpu = time.perf_counter_ns(), time.thread_time_ns()
                while state["run"]:
                    await asyncio.sleep(0.001)
                    now, cpu = time.perf_counter_ns(), time.thread_time_ns()
                    if now - last > state["gap"]:
                        state["gap"], state["gap_end"] = now - last, now
                    state["busy"] = max(state["busy"], cpu - last_cpu)
                    if state["mark"] and state["gap_at_mark"] < 0:
                        state["gap_at_mark"], state["busy_at_mark"] = now - last, cpu - last_cpu
                    state["ticks"] += 1
                    last, last_cpu = now, cpu

            beat = asyncio.ensure_future(heartbeat())
            await asyncio.sleep(0.3)
            baseline, baseline_busy = state["gap"], state["busy"]
            state.update(gap=0, busy=0, ticks=0)
            received = []

            def on_output(msg):
                if msg["msg_type"] == "display_data":
                    received.append(len(msg["content"].get("data", {}).get("text/plain", "")))
                    state["mark"] = time.perf_counter_ns()

            t0 = time.perf_counter_ns()
            code = "display({'text/plain': 'x' * %d}, raw=True)\n" % args.size
            reply, _, t_idle = await peer_execute(kc, code, on_output)
            await asyncio.sleep(0.002)  # let the heartbeat see the turn that delivered it
            state["run"] = False
            await beat
            runs.append({"max_gap_ms": state["gap"] / 1e6, "max_gap_end_ms": (state["gap_end"] - t0) / 1e6,
                         "max_busy_ms": state["busy"] / 1e6,
                         "baseline_max_gap_ms": baseline / 1e6, "baseline_max_busy_ms": baseline_busy / 1e6,
                         "message_delivered_ms": (state["mark"] - t0) / 1e6 if state["mark"] else None,
                         "gap_at_delivery_ms": state["gap_at_mark"] / 1e6,
                         "busy_at_delivery_ms": state["busy_at_mark"] / 1e6,
                         "ticks": state["ticks"], "time_to_idle_ms": t_idle / 1e6,
                         "text_bytes_received": max(received, default=0)})
    finally:
        await peer_stop(km, kc)
    return {"mode": "stall", "via": "jupyter_client", "size": args.size, "runs": runs,
            "max_gap_ms": max(r["max_gap_ms"] for r in runs),
            "max_busy_ms": max(r["max_busy_ms"] for r in runs), "peak_rss_kb": peak_rss_kb()}


def peer_main(argv):
    import asyncio

    parser = argparse.ArgumentParser(prog="bench_kernel.py --peer")
    parser.add_argument("--peer", required=True, choices=["latency", "ready", "flood", "stall"])
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--kind", choices=sorted(FLOODS), default="lines")
    parser.add_argument("--size", type=int, default=STALL_SIZE)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--kernel", default="python3")
    args = parser.parse_args(argv)
    mode = {"latency": peer_latency, "ready": peer_ready, "flood": peer_flood,
            "stall": peer_stall}[args.peer]
    result = asyncio.run(mode(args))
    print(json.dumps(result), flush=True)
    return 0


# --------------------------------------------------------------------------------------
# Running children
# --------------------------------------------------------------------------------------
class ChildFailed(Exception):
    pass


def kill_leftover_kernels(stderr_text, label):
    """Kills (SIGKILL to its process group) every kernel the child reported that still
    runs. Kernels run in sessions of their own, so killing the child does not reach them."""
    leaked = 0
    for line in stderr_text.splitlines():
        if not line.startswith("KERNEL_PID "):
            continue
        pid = int(line.split()[1])
        if pid <= 0:
            continue
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmdline = f.read()
            with open("/proc/%d/stat" % pid) as f:
                zombie = f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except OSError:
            continue  # gone
        if b"ipykernel" not in cmdline or zombie:
            continue
        leaked += 1
        print("  warning: %s left kernel %d running; killing it" % (label, pid), file=sys.stderr)
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    return leaked


class Runner:
    def __init__(self, driver, peer_python, kernel, timeout, verbose):
        self.driver = driver
        self.peer_python = peer_python
        self.kernel = kernel
        self.timeout = timeout
        self.verbose = verbose
        self.leaked = 0
        self.env = dict(os.environ)
        # The same environment for both sides (and their kernels); quiets debugpy's
        # frozen-modules warning on stderr.
        self.env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    def cpp(self, *args):
        return self.run("cumulus", [self.driver, *map(str, args), "--kernel", self.kernel,
                                    "--timeout", str(self.timeout)])

    def cpp_plain(self, *args):
        return self.run("cumulus", [self.driver, *map(str, args)])

    def peer(self, mode, *args):
        return self.run("jupyter_client", [self.peer_python, os.path.abspath(__file__),
                                           "--peer", mode, *map(str, args), "--kernel", self.kernel])

    def run(self, label, cmd):
        if self.verbose:
            print("  $ " + " ".join(cmd), file=sys.stderr)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env=self.env)
        timed_out = False
        interrupted = None
        try:
            out, err = proc.communicate(timeout=self.timeout + 30)
        except (subprocess.TimeoutExpired, KeyboardInterrupt) as e:
            timed_out = isinstance(e, subprocess.TimeoutExpired)
            interrupted = None if timed_out else e
            # SIGTERM first: both sides then shut their kernels down on the way out.
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                out, err = proc.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, err = proc.communicate()
        err_text = err.decode("utf-8", "replace")
        if interrupted is not None:
            kill_leftover_kernels(err_text, label)
            raise interrupted
        self.leaked += kill_leftover_kernels(err_text, label)
        lines = [l for l in out.decode("utf-8", "replace").splitlines() if l.startswith("{")]
        tail = "\n".join(err_text.strip().splitlines()[-15:])
        if timed_out:
            raise ChildFailed("%s timed out: %s\n%s" % (label, " ".join(cmd), tail))
        if proc.returncode != 0 or not lines:
            raise ChildFailed("%s failed (exit %s): %s\n%s"
                              % (label, proc.returncode, " ".join(cmd), tail))
        return json.loads(lines[-1])


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------
def progress(text):
    print(text, file=sys.stderr, flush=True)


def bench_latency(r, args, results):
    per_block = args.requests // args.blocks
    sides = {"cumulus": [], "jupyter_client": []}
    for block in range(args.blocks):
        order = ["cumulus", "jupyter_client"] if block % 2 == 0 else ["jupyter_client", "cumulus"]
        for side in order:
            progress("latency block %d/%d: %s, %d requests" % (block + 1, args.blocks, side, per_block))
            if side == "cumulus":
                res = r.cpp("latency", per_block, "--warmup", args.warmup)
            else:
                res = r.peer("latency", "--count", per_block, "--warmup", args.warmup)
            sides[side].append(res)
    summary = {}
    for side, blocks in sides.items():
        reply = [v for b in blocks for v in b["reply_us"]]
        idle = [v for b in blocks for v in b["idle_us"]]
        n = len(idle)
        io = [b["io_thread_cpu_us_total"] for b in blocks]
        summary[side] = {
            "n": n,
            "reply_p50_ms": percentile(reply, 50) / 1e3, "reply_p99_ms": percentile(reply, 99) / 1e3,
            "idle_p50_ms": percentile(idle, 50) / 1e3, "idle_p99_ms": percentile(idle, 99) / 1e3,
            "cpu_us": sum(b["process_cpu_us_total"] for b in blocks) / n,
            "main_cpu_us": sum(b["main_thread_cpu_us_total"] for b in blocks) / n,
            "io_cpu_us": None if None in io else sum(io) / n,
            "zmq_cpu_us": sum(b.get("zmq_threads_cpu_us_total") or 0 for b in blocks) / n,
            "reply_in_idle_batch": sum(b.get("reply_in_idle_batch", 0) for b in blocks),
            "kernelspec": blocks[0].get("kernelspec"),
        }
    results["latency"] = {"summary": summary, "blocks": sides}
    return summary


def bench_ready(r, args, results):
    per_block = max(1, args.ready_reps // args.ready_blocks)
    sides = {"cumulus": [], "jupyter_client": []}
    phases = []
    for block in range(args.ready_blocks):
        order = ["cumulus", "jupyter_client"] if block % 2 == 0 else ["jupyter_client", "cumulus"]
        for side in order:
            progress("ready block %d/%d: %s, %d starts" % (block + 1, args.ready_blocks, side, per_block))
            res = r.cpp("ready", per_block) if side == "cumulus" else r.peer("ready", "--count", per_block)
            sides[side].extend(res["ready_ms"])
            phases.extend(res.get("phases", []))
    summary = {side: {"median_ms": median(v), "min_ms": min(v), "max_ms": max(v), "n": len(v)}
               for side, v in sides.items()}
    # cumulus's start-up phases: process running, first kernel_info_reply (= the kernel's
    # floor: the first moment it answers), and ready.
    spawned = [x["process_started_ms"] for x in phases if "process_started_ms" in x]
    replied = [x["first_shell_reply_ms"] for x in phases if "first_shell_reply_ms" in x]
    if spawned and replied:
        summary["cumulus"]["spawned_ms"] = median(spawned)
        summary["cumulus"]["first_reply_ms"] = median(replied)
    results["ready"] = {"summary": summary, "samples": sides, "phases": phases}
    return summary


def bench_flood(r, args, results):
    summary = {}
    results["flood"] = {}
    for kind in args.floods:
        runs = {"cumulus": [], "jupyter_client": []}
        for rep in range(args.flood_reps):
            order = ["cumulus", "jupyter_client"] if rep % 2 == 0 else ["jupyter_client", "cumulus"]
            for side in order:
                progress("flood %s %d/%d: %s" % (FLOODS[kind][0], rep + 1, args.flood_reps, side))
                res = r.cpp("flood", kind) if side == "cumulus" else r.peer("flood", "--kind", kind)
                if not res.get("ok", False):
                    raise ChildFailed("%s: the %s flood cell failed: %s" % (side, kind, res.get("error")))
                if res.get("source") != FLOODS[kind][1]:
                    raise ChildFailed("%s ran a different %s cell:\n%s" % (side, kind, res.get("source")))
                runs[side].append(res)
        summary[kind] = {side: {"time_s": median([x["time_s"] for x in v]),
                                "time_min_s": min(x["time_s"] for x in v),
                                "peak_rss_mb": max(x["peak_rss_kb"] for x in v) * 1024 / MB,
                                "rss_before_mb": max(x["rss_before_kb"] for x in v) * 1024 / MB,
                                "cpu_s": median([x["process_cpu_s"] for x in v]),
                                "outputs": v[0]["outputs"],
                                "kept_text_mb": v[0]["kept_text_bytes"] / MB,
                                "stream_messages": v[0]["traffic"]["stream_messages"],
                                "largest_message_mb": max(x["traffic"]["largest_stream_message"]
                                                          for x in v) / MB}
                         for side, v in runs.items()}
        results["flood"][kind] = {"summary": summary[kind], "runs": runs}
    if "bytes" in args.floods:
        # No kernel: what decoding one 200 MB stream message and appending it to a StreamText
        # costs in memory, the frames being held as ZeroMQ holds them.
        progress("flood: cumulus-kernelbench decode 200000000 (no kernel)")
        results["flood"]["decode"] = r.cpp_plain("decode", 200_000_000)
    return summary


def bench_stall(r, args, results):
    progress("stall: cumulus (KernelClient), %d x %.0f MB" % (args.stall_reps, args.stall_size / MB))
    client = r.cpp("stall", "--via", "client", "--size", args.stall_size, "--reps", args.stall_reps)
    progress("stall: cumulus (NotebookRunner), %d x %.0f MB" % (args.stall_reps, args.stall_size / MB))
    runner = r.cpp("stall", "--via", "runner", "--size", args.stall_size, "--reps", args.stall_reps)
    progress("stall: jupyter_client (asyncio loop), %d x %.0f MB" % (args.stall_reps, args.stall_size / MB))
    peer = r.peer("stall", "--size", args.stall_size, "--reps", args.stall_reps)
    summary = {}
    for name, res in (("client", client), ("runner", runner), ("jupyter_client", peer)):
        summary[name] = {"max_gap_ms": res["max_gap_ms"],
                         "max_busy_ms": res["max_busy_ms"],
                         "gap_at_delivery_ms": max(x["gap_at_delivery_ms"] for x in res["runs"]),
                         "busy_at_delivery_ms": max(x["busy_at_delivery_ms"] for x in res["runs"]),
                         "baseline_max_gap_ms": max(x["baseline_max_gap_ms"] for x in res["runs"]),
                         "time_to_idle_ms": median([x["time_to_idle_ms"] for x in res["runs"]]),
                         "received_mb": min(x["text_bytes_received"] for x in res["runs"]) / MB,
                         "peak_rss_mb": res["peak_rss_kb"] * 1024 / MB}
    results["stall"] = {"summary": summary, "runs": {"client": client, "runner": runner,
                                                    "jupyter_client": peer}}
    return summary


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------
class Table:
    def __init__(self):
        self.rows = []
        self.goals = []

    def row(self, metric, ours, peer, ratio="", goal="", verdict=None):
        self.rows.append((metric, ours, peer, ratio, goal, "" if verdict is None else
                          ("PASS" if verdict else "MISS")))
        if verdict is not None:
            self.goals.append((metric, verdict))

    def print(self):
        head = ("metric", "cumulus", "jupyter_client", "ratio", "goal", "")
        widths = [max(len(str(r[i])) for r in self.rows + [head]) for i in range(6)]
        fmt = "  ".join("{:<%d}" % w if i == 0 or i == 4 else "{:>%d}" % w
                        for i, w in enumerate(widths))
        print(fmt.format(*head).rstrip())
        print("  ".join("-" * w for w in widths))
        for r in self.rows:
            print(fmt.format(*r).rstrip())


def fmt(v, digits=2):
    return "n/a" if v is None else ("%.*f" % (digits, v))


def report(table, lat, ready, flood, stall, decode):
    if lat:
        c, p = lat["cumulus"], lat["jupyter_client"]
        for key, label in (("reply_p50_ms", "1+1 to execute_reply, p50 (ms)"),
                           ("reply_p99_ms", "1+1 to execute_reply, p99 (ms)"),
                           ("idle_p50_ms", "1+1 to idle, p50 (ms)"),
                           ("idle_p99_ms", "1+1 to idle, p99 (ms)")):
            table.row(label, fmt(c[key], 3), fmt(p[key], 3), "%.2fx" % (p[key] / c[key]),
                      "<= peer", c[key] <= p[key])
        table.row("client CPU per request, process (us)", fmt(c["cpu_us"], 0), fmt(p["cpu_us"], 0),
                  "%.1fx" % (p["cpu_us"] / c["cpu_us"]), "<= %.0f us" % GOAL_CPU_US,
                  c["cpu_us"] <= GOAL_CPU_US)
        table.row("  of which main thread (us)", fmt(c["main_cpu_us"], 0), fmt(p["main_cpu_us"], 0))
        table.row("  of which I/O thread, cumulus-zmq-io (us)", fmt(c["io_cpu_us"], 0), "")
        table.row("  of which libzmq threads, ZMQbg/* (us)", fmt(c["zmq_cpu_us"], 0), fmt(p["zmq_cpu_us"], 0))
    if ready:
        c, p = ready["cumulus"], ready["jupyter_client"]
        sp = p["median_ms"] / c["median_ms"]
        table.row("kernel start to ready, median (ms)", fmt(c["median_ms"], 0), fmt(p["median_ms"], 0),
                  "%.2fx" % sp, ">= %.1fx faster" % GOAL_READY_SPEEDUP, sp >= GOAL_READY_SPEEDUP)
        table.row("  min / max (ms)", "%.0f / %.0f" % (c["min_ms"], c["max_ms"]),
                  "%.0f / %.0f" % (p["min_ms"], p["max_ms"]))
        if "first_reply_ms" in c:
            table.row("  cumulus: process runs / 1st kernel_info_reply", "%.0f / %.0f" % (
                      c["spawned_ms"], c["first_reply_ms"]), "", "", "(info)")
    for kind, s in (flood or {}).items():
        c, p = s["cumulus"], s["jupyter_client"]
        name = FLOODS[kind][0]
        table.row("flood %s: time to idle, median (s)" % name, fmt(c["time_s"], 2), fmt(p["time_s"], 2),
                  "%.2fx" % (p["time_s"] / c["time_s"]), "no slower", c["time_s"] <= p["time_s"])
        table.row("flood %s: client peak RSS (MB)" % name, fmt(c["peak_rss_mb"], 0),
                  fmt(p["peak_rss_mb"], 0), "%.2fx" % (p["peak_rss_mb"] / c["peak_rss_mb"]),
                  "<= %.0f MB" % GOAL_FLOOD_RSS_MB, c["peak_rss_mb"] <= GOAL_FLOOD_RSS_MB)
        table.row("  RSS when the cell starts (MB)", fmt(c["rss_before_mb"], 0), fmt(p["rss_before_mb"], 0))
        table.row("  client CPU (s)", fmt(c["cpu_s"], 2), fmt(p["cpu_s"], 2))
        table.row("  outputs / text kept (MB)", "%d / %.1f" % (c["outputs"], c["kept_text_mb"]),
                  "%d / %.1f" % (p["outputs"], p["kept_text_mb"]))
        table.row("  stream msgs / largest (MB)",
                  "%d / %.1f" % (c["stream_messages"], c["largest_message_mb"]),
                  "%d / %.1f" % (p["stream_messages"], p["largest_message_mb"]))
    if decode:
        kb = 1024 / MB
        table.row("one 200 MB stream msg, no kernel: frames held (MB)",
                  fmt(decode["rss_frames_kb"] * kb, 0), "", "", "(info)")
        table.row("  peak after WireCodec::decode (MB)", fmt(decode["peak_rss_decode_kb"] * kb, 0),
                  "", "", "(info)")
        table.row("  peak after StreamText::append (MB)", fmt(decode["peak_rss_append_kb"] * kb, 0),
                  "", "", "(info)")
        table.row("  decode / append CPU time (ms)",
                  "%.0f / %.0f" % (decode["decode_cpu_ms"], decode["append_cpu_ms"]), "", "", "(info)")
    if stall:
        c, n, p = stall["client"], stall["runner"], stall["jupyter_client"]
        busy_ok = max(c["max_busy_ms"], c["busy_at_delivery_ms"]) <= GOAL_STALL_MS
        table.row("57 MB msg: longest main-loop turn, CPU (ms)", fmt(c["max_busy_ms"], 1),
                  fmt(p["max_busy_ms"], 1), "%.0fx" % (p["max_busy_ms"] / c["max_busy_ms"]),
                  "<= %.1f ms" % GOAL_STALL_MS, busy_ok)
        table.row("57 MB msg: main-loop gap at its delivery (ms)", fmt(c["gap_at_delivery_ms"], 1),
                  fmt(p["gap_at_delivery_ms"], 1),
                  "%.0fx" % (p["gap_at_delivery_ms"] / max(c["gap_at_delivery_ms"], 1e-3)),
                  "<= %.1f ms" % GOAL_STALL_MS, c["gap_at_delivery_ms"] <= GOAL_STALL_MS)
        table.row("  longest gap in the whole run, wall (ms)", fmt(c["max_gap_ms"], 1), fmt(p["max_gap_ms"], 1),
                  "", "(info)")
        table.row("  longest gap, 300 ms quiet baseline (ms)", fmt(c["baseline_max_gap_ms"], 1),
                  fmt(p["baseline_max_gap_ms"], 1), "", "(info)")
        table.row("  via NotebookRunner: turn CPU / gap at delivery", "%.1f / %.1f" % (
                  n["busy_at_delivery_ms"], n["gap_at_delivery_ms"]), "", "", "(info)")
        table.row("  time to idle (ms)", fmt(c["time_to_idle_ms"], 0), fmt(p["time_to_idle_ms"], 0))
        table.row("  text received (MB)", fmt(c["received_mb"], 1), fmt(p["received_mb"], 1))


def main(argv):
    if argv[:1] and argv[0].startswith("--peer"):
        return peer_main(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("driver", nargs="?", default=os.environ.get("CUMULUS_KERNELBENCH"),
                        help="the cumulus-kernelbench executable (or CUMULUS_KERNELBENCH)")
    parser.add_argument("--requests", type=int, default=1000, help="latency requests per side")
    parser.add_argument("--blocks", type=int, default=4, help="alternating latency blocks per side")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per block")
    parser.add_argument("--ready-reps", type=int, default=10, help="kernel starts per side")
    parser.add_argument("--ready-blocks", type=int, default=5)
    parser.add_argument("--flood-reps", type=int, default=2)
    parser.add_argument("--floods", default="lines,bytes,chunks")
    parser.add_argument("--stall-size", type=int, default=STALL_SIZE)
    parser.add_argument("--stall-reps", type=int, default=3)
    parser.add_argument("--only", default="latency,ready,flood,stall")
    parser.add_argument("--kernel", default="python3")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per child process")
    parser.add_argument("--peer-python", default=sys.executable if sys.executable else "/usr/bin/python3")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not args.driver or not os.access(args.driver, os.X_OK):
        parser.error("give the cumulus-kernelbench executable (argument or CUMULUS_KERNELBENCH)")
    only = set(args.only.split(","))
    args.floods = [k for k in args.floods.split(",") if k]
    if not only <= {"latency", "ready", "flood", "stall"} or not set(args.floods) <= set(FLOODS) \
            or args.requests < args.blocks or args.blocks < 1:
        parser.error("bad --only, --floods, --requests or --blocks")

    def on_sigterm(signum, frame):
        raise KeyboardInterrupt("SIGTERM")

    # SIGTERM (e.g. from timeout(1)) ends the run like Ctrl+C: the running child is stopped
    # and its kernels are killed before this process exits.
    signal.signal(signal.SIGTERM, on_sigterm)
    r = Runner(os.path.abspath(args.driver), args.peer_python, args.kernel, args.timeout, args.verbose)
    versions = subprocess.run(
        [args.peer_python, "-c", "import jupyter_client, ipykernel, zmq; print(jupyter_client.__version__,"
         " ipykernel.__version__, zmq.zmq_version())"], capture_output=True, text=True).stdout.split()
    started = time.monotonic()
    results = {"args": vars(args), "versions": versions}
    lat = ready = flood = stall = None
    status = 0
    try:
        if "latency" in only:
            lat = bench_latency(r, args, results)
        if "ready" in only:
            ready = bench_ready(r, args, results)
        if "flood" in only:
            flood = bench_flood(r, args, results)
        if "stall" in only:
            stall = bench_stall(r, args, results)
    except ChildFailed as e:
        print("error: %s" % e, file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print("interrupted; the running child and its kernels were stopped", file=sys.stderr)
        return 130
    elapsed = time.monotonic() - started

    print()
    print("Kernel benchmark: cumulus-kernelbench vs jupyter_client %s (AsyncKernelClient), ipykernel %s, "
          "libzmq %s" % tuple((versions + ["?"] * 3)[:3]))
    if lat:
        spec = lat["cumulus"]["kernelspec"] or {}
        peer_spec = lat["jupyter_client"]["kernelspec"] or {}
        same = spec.get("resource_dir") == peer_spec.get("resource_dir")
        print("kernelspec %s: %s (%s)%s" % (args.kernel, spec.get("resource_dir"), spec.get("argv0"),
                                            "" if same else "  WARNING: the peer used %s"
                                            % peer_spec.get("resource_dir")))
        print("latency: %d sequential requests per side in %d alternating blocks (fresh kernel each, "
              "%d warm-up requests first)" % (lat["cumulus"]["n"], args.blocks, args.warmup))
        print("  cumulus replies that arrived in the same batch as the idle status: %d of %d"
              % (lat["cumulus"]["reply_in_idle_batch"], lat["cumulus"]["n"]))
    print("%d CPUs, load average %s; this process's peak RSS (a floor under the children's): %.0f MB"
          % (os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg()),
             peak_rss_kb() * 1024 / MB))
    print("ratio = jupyter_client / cumulus (above 1: cumulus is faster or smaller)")
    print()
    table = Table()
    report(table, lat, ready, flood, stall, results.get("flood", {}).get("decode"))
    if table.rows:
        table.print()
        passed = sum(1 for _, v in table.goals if v)
        print()
        print("goals: %d of %d met" % (passed, len(table.goals)))
    if r.leaked:
        print("WARNING: %d kernel(s) outlived their client and were killed" % r.leaked)
    print("total time %.0f s" % elapsed)
    try:
        os.makedirs(RESULTS_DIR, exist_ok=True)
        path = os.path.join(RESULTS_DIR, "kernelbench.json")
        with open(path, "w") as f:
            json.dump(results, f)
        print("raw results: %s" % os.path.relpath(path))
    except OSError as e:
        print("could not write the raw results: %s" % e, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
