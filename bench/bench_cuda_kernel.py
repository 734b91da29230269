#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Benchmark of the bundled CUDA C++ kernel (cumulus-cuda-kernel): time from execute_request to
the first output of a hello-world cell, cold (a cell never compiled: nvcc runs) and warm (the
same cell again: the compiled program comes from the cache), through jupyter_client.

    bench_cuda_kernel.py KERNELSPEC_DIR [--runs N]

KERNELSPEC_DIR is the build tree's <build>/kernels/cuda/share/jupyter/kernels/cuda (the
bench-cuda-kernel target passes it). Jupyter and cache directories are temporary.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid

HELLO = '#include <cstdio>\n// run {nonce}\nint main() {{ printf("hello, world\\n"); }}'
HELLO_DEVICE = ('#include <cstdio>\n// run {nonce}\n__global__ void k() {{}}\n'
                'int main() {{ printf("hello, world\\n"); k<<<1, 1>>>(); cudaDeviceSynchronize(); }}')


def first_output_seconds(kc, code):
    msg_id = kc.execute(code)
    start = time.perf_counter()
    first = None
    while True:
        msg = kc.get_iopub_msg(timeout=300)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if first is None and msg["msg_type"] in ("stream", "error", "display_data", "execute_result"):
            first = time.perf_counter() - start
            if msg["msg_type"] == "error":
                raise RuntimeError("cell failed: " + msg["content"]["evalue"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return first


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kernelspec_dir")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="bench-cuda-kernel-")
    os.environ["JUPYTER_PATH"] = os.path.dirname(os.path.dirname(os.path.abspath(args.kernelspec_dir)))
    for name in ("DATA_DIR", "RUNTIME_DIR", "CONFIG_DIR"):
        os.environ["JUPYTER_" + name] = os.path.join(scratch, name.lower())
    os.environ["CUMULUS_CUDA_CACHE_DIR"] = os.path.join(scratch, "cache")
    from jupyter_client.manager import start_new_kernel

    started = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="cuda", cwd=scratch)
    startup = time.perf_counter() - started
    try:
        results = {}
        for label, template in (("hello (host only)", HELLO), ("hello + empty kernel launch", HELLO_DEVICE)):
            cold, warm = [], []
            for _ in range(args.runs):
                code = template.format(nonce=uuid.uuid4().hex)
                cold.append(first_output_seconds(kc, code))   # new source: nvcc compiles
                warm.append(first_output_seconds(kc, code))   # same source: cached program
            results[label] = (cold, warm)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    print(f"cumulus-cuda-kernel, {args.runs} runs each; kernel start + handshake {startup * 1000:.0f} ms")
    print(f"{'cell':32} {'cold median':>12} {'cold min':>10} {'warm median':>12} {'warm min':>10}")
    for label, (cold, warm) in results.items():
        print(f"{label:32} {statistics.median(cold) * 1000:10.0f}ms {min(cold) * 1000:8.0f}ms "
              f"{statistics.median(warm) * 1000:10.0f}ms {min(warm) * 1000:8.0f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
