# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""The kernelspec "cuda" is installed and then found by `cumulus kernels` and by Jupyter:

* `cmake --install BUILD --prefix TMP` puts it in TMP/share/jupyter/kernels/cuda, argv naming
  TMP/bin/cumulus-cuda-kernel;
* `cumulus kernels install cuda --user` registers it in the Jupyter data directory.

Environment (set by ctest): CUMULUS_BUILD_DIR, CUMULUS_EXECUTABLE. Jupyter's directories
are temporary."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest


def kernelspec_list(env):
    # `jupyter kernelspec list --json`. Debian's python3-jupyter-client ships the app but not
    # the jupyter-kernelspec launcher `jupyter` looks for, so run the app as a module then.
    if shutil.which("jupyter") and shutil.which("jupyter-kernelspec"):
        command = ["jupyter", "kernelspec", "list", "--json"]
    else:
        command = [sys.executable, "-m", "jupyter_client.kernelspecapp", "list", "--json"]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["kernelspecs"]


class InstallTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="cuda-install-")
        self.env = dict(os.environ)
        for name in ("DATA_DIR", "RUNTIME_DIR", "CONFIG_DIR"):
            self.env["JUPYTER_" + name] = os.path.join(self.tmp.name, name.lower())
        self.env["IPYTHONDIR"] = os.path.join(self.tmp.name, "ipython")
        self.env.pop("JUPYTER_PATH", None)

    def tearDown(self):
        self.tmp.cleanup()

    def test_cmake_install(self):
        prefix = os.path.join(self.tmp.name, "prefix")
        subprocess.run(["cmake", "--install", os.environ["CUMULUS_BUILD_DIR"], "--prefix", prefix],
                       check=True, capture_output=True)
        spec_dir = os.path.join(prefix, "share", "jupyter", "kernels", "cuda")
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            spec = json.load(f)
        self.assertEqual(spec["argv"], [os.path.join(prefix, "bin", "cumulus-cuda-kernel"), "-f",
                                        "{connection_file}"])
        self.assertTrue(os.access(spec["argv"][0], os.X_OK))
        self.assertEqual(spec["display_name"], "CUDA C++")
        self.assertEqual(spec["language"], "cuda")
        self.env["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        specs = kernelspec_list(self.env)
        self.assertIn("cuda", specs)
        self.assertEqual(os.path.realpath(specs["cuda"]["resource_dir"]), os.path.realpath(spec_dir))
        listed = json.loads(subprocess.run([os.environ["CUMULUS_EXECUTABLE"], "kernels", "--json"],
                                           env=self.env, check=True, capture_output=True,
                                           text=True).stdout)
        self.assertIn("cuda", [k["name"] for k in listed])

    def test_cumulus_kernels_install_user(self):
        cumulus = os.environ["CUMULUS_EXECUTABLE"]
        result = subprocess.run([cumulus, "kernels", "install", "cuda", "--user"], env=self.env,
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        spec_dir = os.path.join(self.env["JUPYTER_DATA_DIR"], "kernels", "cuda")
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            spec = json.load(f)
        self.assertTrue(spec["argv"][0].endswith("/cumulus-cuda-kernel"))
        self.assertTrue(os.access(spec["argv"][0], os.X_OK))
        self.assertEqual(spec["interrupt_mode"], "message")
        specs = kernelspec_list(self.env)
        self.assertIn("cuda", specs)
        self.assertEqual(specs["cuda"]["spec"]["display_name"], "CUDA C++")
        listed = json.loads(subprocess.run([cumulus, "kernels", "--json"], env=self.env, check=True,
                                           capture_output=True, text=True).stdout)
        self.assertIn("cuda", [k["name"] for k in listed])
        # A kernel name other than cuda is refused.
        bad = subprocess.run([cumulus, "kernels", "install", "python3", "--user"], env=self.env,
                             capture_output=True, text=True)
        self.assertEqual(bad.returncode, 2)


if __name__ == "__main__":
    unittest.main()
