# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
#
# Runs on the server, sent over SSH on stdin for each call: `python3 - ACTION ARGS...`.
# Prints one JSON object on stdout. Needs only Python 3.6's standard library, so that a
# bare cloud VM can list its kernels and start them.
#
# Kernels are started in a session of their own (they outlive the SSH connection) with a
# connection file in the Jupyter runtime directory (0600, random key). Each kernel Cumulus
# starts gets a record in ~/.local/share/cumulus/kernels/ID.json (0600) so that `ps` can list
# it and a later Cumulus can re-attach to it.

import glob
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time

HOME = os.path.expanduser("~")
DATA_HOME = os.environ.get("XDG_DATA_HOME") or os.path.join(HOME, ".local", "share")
RECORDS = os.path.join(DATA_HOME, "cumulus", "kernels")


def out(value, code=0):
    sys.stdout.write(json.dumps(value))
    sys.stdout.flush()
    sys.exit(code)


def fail(kind, message, **extra):
    extra.update({"error": kind, "message": message})
    out(extra, 3)


def jupyter_data_dir():
    return os.environ.get("JUPYTER_DATA_DIR") or os.path.join(DATA_HOME, "jupyter")


def runtime_dir():
    return os.environ.get("JUPYTER_RUNTIME_DIR") or os.path.join(jupyter_data_dir(), "runtime")


def kernel_dirs():
    # jupyter_core.paths.jupyter_path("kernels"), in its order.
    dirs = []
    for entry in os.environ.get("JUPYTER_PATH", "").split(os.pathsep):
        if entry:
            dirs.append(entry)
    dirs.append(jupyter_data_dir())
    dirs.append(os.path.join(sys.prefix, "share", "jupyter"))
    dirs += ["/usr/local/share/jupyter", "/usr/share/jupyter"]
    return [os.path.join(d, "kernels") for d in dirs]


def scan_specs():
    specs = {}
    for directory in kernel_dirs():
        for path in sorted(glob.glob(os.path.join(directory, "*", "kernel.json"))):
            name = os.path.basename(os.path.dirname(path)).lower()
            if name in specs:
                continue
            try:
                with open(path) as f:
                    spec = json.load(f)
            except (OSError, ValueError):
                continue
            specs[name] = {"resource_dir": os.path.dirname(path), "spec": spec}
    return specs


def all_specs():
    """`jupyter kernelspec list --json` when Jupyter is installed, else the standard dirs."""
    try:
        listed = subprocess.run(["jupyter", "kernelspec", "list", "--json"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, timeout=30)
        if listed.returncode == 0:
            return json.loads(listed.stdout.decode())["kernelspecs"], "jupyter"
    except (OSError, ValueError, KeyError, subprocess.SubprocessError):
        pass
    return scan_specs(), "scan"


def find_spec(name):
    specs, _ = all_specs()
    return specs.get(name) or specs.get(name.lower())


def has_ipykernel():
    try:
        import importlib.util
        return importlib.util.find_spec("ipykernel") is not None
    except Exception:
        return False


def free_ports(count):
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def write_private(path, value):
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(value, f, indent=1)
    os.replace(path + ".tmp", path)


def read_record(kernel_id):
    try:
        with open(os.path.join(RECORDS, kernel_id + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        fail("no-such-kernel", "no kernel %s on this server" % kernel_id)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def rss_bytes(pid):
    total = 0
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return -1
    return total


def launch(record):
    spec = record["spec"]
    argv = [a.replace("{connection_file}", record["connection_file"])
               .replace("{resource_dir}", record["resource_dir"]) for a in spec["argv"]]
    env = dict(os.environ)
    env.update(spec.get("env") or {})
    os.makedirs(RECORDS, mode=0o700, exist_ok=True)
    log_path = os.path.join(RECORDS, record["id"] + ".log")
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        process = subprocess.Popen(argv, cwd=record["cwd"], env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=log, start_new_session=True, close_fds=True)
    except FileNotFoundError:
        fail("no-program", "the kernel's program %s is not installed on this server" % argv[0],
             install=install_hint())
    except OSError as e:
        fail("launch", "cannot start %s: %s" % (argv[0], e))
    finally:
        os.close(log)
    record["pid"] = process.pid
    record["started"] = time.time()
    write_private(os.path.join(RECORDS, record["id"] + ".json"), record)
    # A kernel that cannot start (no ipykernel, a port taken) dies within a second or two;
    # one that listens on its shell port has got past that, so stop waiting then.
    deadline = time.time() + 1.5
    shell_port = json.load(open(record["connection_file"]))["shell_port"]
    while time.time() < deadline:
        if listening(shell_port):
            break
        if process.poll() is not None:
            with open(log_path, errors="replace") as f:
                stderr = f.read()[-8000:]
            cleanup(record)
            kind = "no-ipykernel" if "No module named ipykernel" in stderr else "died"
            fail(kind, "the kernel exited with code %d at start" % process.returncode, stderr=stderr,
                 install=install_hint() if kind == "no-ipykernel" else "")
        time.sleep(0.05)
    return record


def listening(port):
    """Whether something listens on TCP @port (from /proc/net/tcp*, without connecting)."""
    wanted = ":%04X" % port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[1].endswith(wanted) and fields[3] == "0A":
                        return True
        except (OSError, StopIteration, IndexError):
            continue
    return False


def log_tail(record):
    try:
        with open(os.path.join(RECORDS, record["id"] + ".log"), errors="replace") as f:
            return f.read()[-8000:]
    except OSError:
        return ""


def install_hint():
    return "sudo apt-get install -y python3-ipykernel   (or: python3 -m pip install --user ipykernel)"


def cleanup(record):
    for path in (record.get("connection_file"), os.path.join(RECORDS, record["id"] + ".json"),
                 os.path.join(RECORDS, record["id"] + ".log")):
        try:
            if path:
                os.remove(path)
        except OSError:
            pass


def public(record):
    """What the client sees of a record: everything but the spec's details."""
    pid = record.get("pid", 0)
    running = bool(pid) and alive(pid)
    with_connection = dict(record)
    with_connection.pop("spec", None)
    with_connection["running"] = running
    with_connection["rss"] = rss_bytes(pid) if running else -1
    if not running:
        with_connection["stderr"] = log_tail(record)
    try:
        with open(record["connection_file"]) as f:
            with_connection["connection"] = json.load(f)
    except (OSError, ValueError):
        with_connection["connection"] = None
    return with_connection


def stop(record, grace):
    pid = record.get("pid", 0)
    if pid and alive(pid):
        deadline = time.time() + grace
        while time.time() < deadline and alive(pid):
            time.sleep(0.05)
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            if not alive(pid):
                break
            try:
                os.killpg(pid, sig)
            except OSError:
                pass
            deadline = time.time() + wait
            while time.time() < deadline and alive(pid):
                time.sleep(0.05)


def main():
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    args = sys.argv[2:]
    if action == "specs":
        specs, source = all_specs()
        out({"kernelspecs": specs, "source": source, "ipykernel": has_ipykernel(),
             "python": sys.version.split()[0], "home": HOME})
    elif action == "start":
        name, cwd, notebook = args[0], args[1] or HOME, args[2]
        found = find_spec(name)
        if not found:
            if not has_ipykernel():
                fail("no-ipykernel", "this server has no Jupyter kernel '%s' and no ipykernel" % name,
                     install=install_hint())
            fail("no-such-spec", "this server has no kernel named '%s'" % name)
        cwd = os.path.expanduser(cwd)
        if not os.path.isdir(cwd):
            fail("no-cwd", "the working directory %s does not exist on this server" % cwd)
        kernel_id = secrets.token_hex(8)
        connection_file = os.path.join(runtime_dir(), "kernel-cumulus-%s.json" % kernel_id)
        ports = free_ports(5)
        connection = {"shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2],
                      "control_port": ports[3], "hb_port": ports[4], "ip": "127.0.0.1",
                      "key": secrets.token_hex(32), "transport": "tcp",
                      "signature_scheme": "hmac-sha256", "kernel_name": name}
        write_private(connection_file, connection)
        record = {"id": kernel_id, "name": name, "display_name": found["spec"].get("display_name", name),
                  "notebook": notebook, "cwd": os.path.abspath(cwd), "connection_file": connection_file,
                  "resource_dir": found["resource_dir"], "spec": found["spec"],
                  "interrupt_mode": found["spec"].get("interrupt_mode", "signal")}
        out(public(launch(record)))
    elif action == "ps":
        kernels = []
        for path in sorted(glob.glob(os.path.join(RECORDS, "*.json"))):
            try:
                with open(path) as f:
                    record = json.load(f)
            except (OSError, ValueError):
                continue
            entry = public(record)
            entry.pop("connection", None)  # no keys in listings
            kernels.append(entry)
        out({"kernels": kernels})
    elif action == "attach":
        out(public(read_record(args[0])))
    elif action == "interrupt":
        record = read_record(args[0])
        try:
            os.killpg(record["pid"], signal.SIGINT)
        except OSError as e:
            fail("signal", "cannot interrupt kernel %s: %s" % (args[0], e))
        out({"ok": True})
    elif action == "restart":
        record = read_record(args[0])
        stop(record, float(args[1]) if len(args) > 1 else 5.0)
        out(public(launch(record)))
    elif action == "stop":
        record = read_record(args[0])
        stop(record, float(args[1]) if len(args) > 1 else 5.0)
        cleanup(record)
        out({"ok": True})
    elif action == "info":
        info = {"hostname": socket.gethostname(), "cpus": os.cpu_count() or 0, "home": HOME}
        try:
            info["loadavg"] = [float(x) for x in open("/proc/loadavg").read().split()[:3]]
        except (OSError, ValueError):
            info["loadavg"] = []
        try:
            meminfo = {}
            for line in open("/proc/meminfo"):
                key, value = line.split(":", 1)
                meminfo[key] = int(value.split()[0]) * 1024
            info["mem_total"] = meminfo.get("MemTotal", -1)
            info["mem_available"] = meminfo.get("MemAvailable", -1)
        except (OSError, ValueError):
            info["mem_total"] = info["mem_available"] = -1
        try:
            smi = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.used,memory.total,utilization.gpu",
                                  "--format=csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
            info["nvidia_smi"] = {"exit": smi.returncode, "out": smi.stdout.decode(errors="replace"),
                                  "err": smi.stderr.decode(errors="replace")}
        except FileNotFoundError:
            info["nvidia_smi"] = None
        except (OSError, subprocess.SubprocessError) as e:
            info["nvidia_smi"] = {"exit": -1, "out": "", "err": str(e)}
        out(info)
    else:
        fail("usage", "unknown action %r" % action)


main()
