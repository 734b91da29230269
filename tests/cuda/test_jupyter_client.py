# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""jupyter_client (Debian's python3-jupyter-client) drives cumulus-cuda-kernel.

Run: JUPYTER_PATH=<build>/kernels/cuda/share/jupyter /usr/bin/python3 -m unittest test_jupyter_client
(ctest does this with temporary Jupyter and cache directories). Cases: definitions across
cells keyed by metadata.cellId, compile-error line mapping, host-only programs, stdout
ordering while streaming, interrupt of an endless loop, a segfault, the no-GPU path.
"""

import os
import queue
import shutil
import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


def has_gpu():
    import ctypes
    try:
        cuda = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    count = ctypes.c_int(0)
    return cuda.cuInit(0) == 0 and cuda.cuDeviceGetCount(ctypes.byref(count)) == 0 and count.value > 0


class CudaKernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="cuda-kernel-work-")
        cls.km, cls.kc = start_new_kernel(kernel_name="cuda", cwd=cls.workdir)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def run_cell(self, code, cell_id=None, timeout=TIMEOUT, on_output=None):
        """Executes code; returns (reply content, [iopub messages until idle])."""
        metadata = {"cellId": cell_id} if cell_id else {}
        msg = self.kc.session.msg("execute_request", {
            "code": code, "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}, metadata=metadata)
        self.kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        outputs = []
        deadline = time.monotonic() + timeout
        idle = False
        while not idle:
            message = self.kc.get_iopub_msg(timeout=max(1, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind = message["msg_type"]
            if kind == "status":
                idle = message["content"]["execution_state"] == "idle"
            elif kind not in ("execute_input",):
                outputs.append(message)
                if on_output:
                    on_output(message)
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"], outputs

    @staticmethod
    def text(outputs, name="stdout"):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    @staticmethod
    def errors(outputs):
        return [m["content"] for m in outputs if m["msg_type"] == "error"]

    def test_host_only_program(self):
        reply, outputs = self.run_cell('#include <cstdio>\nint main() { printf("hello from the host\\n"); }')
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.text(outputs), "hello from the host\n")
        self.assertEqual(self.errors(outputs), [])

    def test_definitions_across_cells(self):
        self.run_cell("%reset")
        reply, _ = self.run_cell("#include <cstdio>\nint answer() { return 41; }", cell_id="defs-a")
        self.assertEqual(reply["status"], "ok", reply)
        reply, outputs = self.run_cell('int main() { printf("%d\\n", answer()); }', cell_id="main-a")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.text(outputs), "41\n")
        # Re-running the definition cell (same cellId) replaces it instead of redefining.
        reply, _ = self.run_cell("#include <cstdio>\nint answer() { return 42; }", cell_id="defs-a")
        self.assertEqual(reply["status"], "ok", reply)
        reply, outputs = self.run_cell('int main() { printf("%d\\n", answer()); }', cell_id="main-a")
        self.assertEqual(self.text(outputs), "42\n")
        # Without a cell id each run appends: a second answer() is a redefinition.
        self.run_cell("%reset")
        self.run_cell("int twice(int x) { return 2 * x; }")
        reply, outputs = self.run_cell("int twice(int x) { return 2 * x; }")
        self.assertEqual(reply["status"], "error")
        self.assertIn("already been defined", reply["evalue"])
        self.run_cell("%reset")

    def test_kernel_defined_in_one_cell_launched_in_next(self):
        self.run_cell("%reset")
        reply, _ = self.run_cell("__global__ void fill(int *p) { p[threadIdx.x] = threadIdx.x; }",
                                 cell_id="kernel-def")
        self.assertEqual(reply["status"], "ok", reply)
        reply, outputs = self.run_cell(
            "#include <cstdio>\nint main() {\n  int *p = nullptr;\n  cudaMalloc(&p, 32 * sizeof(int));\n"
            "  fill<<<1, 32>>>(p);\n  int h[32] = {};\n"
            "  cudaMemcpy(h, p, sizeof h, cudaMemcpyDeviceToHost);\n  printf(\"%d\\n\", h[31]);\n}",
            cell_id="kernel-run")
        if has_gpu():
            self.assertEqual(reply["status"], "ok", reply)
            self.assertEqual(self.text(outputs), "31\n")
        else:
            # No GPU here: the program compiled and ran; the kernel warned first, and the CUDA
            # error the program ignored is reported as an error output.
            self.assertIn("no CUDA-capable device/driver", self.text(outputs, "stderr"))
            self.assertEqual(self.text(outputs), "0\n")
            errors = self.errors(outputs)
            self.assertEqual(len(errors), 1, outputs)
            self.assertEqual(errors[0]["ename"], "CudaError")
            self.assertIn("still pending when the program exited", errors[0]["evalue"])
            self.assertEqual(reply["status"], "error")
        self.run_cell("%reset")

    def test_compile_error_line_mapping(self):
        reply, outputs = self.run_cell("#include <cstdio>\nint main() {\n  int x = 1;\n  undefined_name(x);\n}")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "CompileError")
        count = reply["execution_count"]
        self.assertIn(f"In[{count}], line 4", reply["evalue"])
        self.assertIn("undefined_name", reply["evalue"])
        errors = self.errors(outputs)
        self.assertEqual(len(errors), 1)
        self.assertTrue(any(f"In[{count}]" in line for line in errors[0]["traceback"]))
        self.assertFalse(any("cumulus-cuda-kernel" in line or "/cell.cu" in line
                             for line in errors[0]["traceback"]), errors[0]["traceback"])

    def test_stdout_order_and_live_streaming(self):
        code = ("#include <cstdio>\n#include <unistd.h>\nint main() {\n"
                "  for (int i = 0; i < 5; ++i) { printf(\"line %d\\n\", i); usleep(300000); }\n}")
        arrivals = []
        reply, outputs = self.run_cell(code, on_output=lambda m: arrivals.append(time.monotonic()))
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.text(outputs), "".join(f"line {i}\n" for i in range(5)))
        # Streamed while running, not in one block at the end.
        self.assertGreaterEqual(len(arrivals), 3)
        self.assertGreater(arrivals[-1] - arrivals[0], 0.6)

    def test_interrupt_endless_loop(self):
        code = ("#include <cstdio>\nint main() {\n  printf(\"looping\\n\");\n"
                "  volatile unsigned long n = 0;\n  for (;;) ++n;\n}")
        started = []

        def interrupt_when_running(message):
            if message["msg_type"] == "stream" and "looping" in message["content"]["text"] and not started:
                started.append(True)
                self.km.interrupt_kernel()

        reply, outputs = self.run_cell(code, on_output=interrupt_when_running, timeout=60)
        self.assertTrue(started)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "KeyboardInterrupt")
        # The kernel lives on.
        reply, outputs = self.run_cell('#include <cstdio>\nint main() { printf("after\\n"); }')
        self.assertEqual(self.text(outputs), "after\n", (reply, outputs))

    def test_segfault_is_an_error_output(self):
        reply, outputs = self.run_cell(
            '#include <cstdio>\nint main() {\n  printf("before\\n");\n  volatile int *p = nullptr;\n  *p = 1;\n}')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "SIGSEGV")
        self.assertIn("before\n", self.text(outputs))
        self.assertTrue(self.km.is_alive())
        reply, _ = self.run_cell('int main() { return 0; }')
        self.assertEqual(reply["status"], "ok")

    def test_gpu_magic(self):
        reply, outputs = self.run_cell("%gpu")
        self.assertEqual(reply["status"], "ok")
        text = self.text(outputs)
        self.assertIn("CUDA runtime version: 13.0", text)
        if not has_gpu():
            self.assertIn("No CUDA-capable device/driver", text)

    def test_file_magic_and_flags(self):
        reply, outputs = self.run_cell('%%file helper.cuh\n#pragma once\ninline int helper() { return 7; }')
        self.assertEqual(reply["status"], "ok", reply)
        self.assertTrue(os.path.exists(os.path.join(self.workdir, "helper.cuh")))
        reply, outputs = self.run_cell('%nvcc_flags -DEXTRA=5\n#include <cstdio>\n#include "helper.cuh"\n'
                                       'int main() { printf("%d\\n", helper() + EXTRA); }')
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.text(outputs).splitlines()[-1], "12")
        reply, outputs = self.run_cell("%nvcc_flags")
        self.assertIn("-DEXTRA=5", self.text(outputs))
        reply, outputs = self.run_cell("%nvcc_flags --clear")
        self.assertIn("(none)", self.text(outputs))

    def test_unknown_magic(self):
        reply, _ = self.run_cell("%nonsense")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "UsageError")


if __name__ == "__main__":
    unittest.main()
