# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""Debian's python3-jupyter-kernel-test (the Jupyter community's peer suite) against
cumulus-cuda-kernel. ctest runs it with JUPYTER_PATH naming the build tree's kernelspec and
temporary Jupyter and cache directories."""

import unittest

import jupyter_kernel_test


class CudaKernelPeerTests(jupyter_kernel_test.KernelTests):
    kernel_name = "cuda"
    language_name = "cuda"
    file_extension = ".cu"

    code_hello_world = '#include <cstdio>\nint main() { printf("hello, world\\n"); }'
    code_stderr = '#include <cstdio>\nint main() { fprintf(stderr, "oops\\n"); }'
    code_generate_error = "int main() { this_is_not_defined(); }"

    completion_samples = [
        {"text": "cudaMemcpyToS", "matches": {"cudaMemcpyToSymbol"}},
        {"text": "__syncthr", "matches": {"__syncthreads"}},
    ]
    complete_code_samples = ["int x = 1;", "int main() {\n  return 0;\n}", "%gpu", ""]
    incomplete_code_samples = ["int main() {", "f(1,", "/* unfinished"]
    invalid_code_samples = ["int x; }", "f(1];"]

    code_inspect_sample = "cudaMalloc"


if __name__ == "__main__":
    unittest.main()
