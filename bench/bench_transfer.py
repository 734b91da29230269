#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
"""File-transfer benchmark: `cumulus cp` vs OpenSSH's scp and sftp (issue 7, item 5).

    /usr/bin/python3 bench/bench_transfer.py BUILD/app/cumulus     # or CUMULUS=... in the environment
    /usr/bin/python3 bench/bench_transfer.py BUILD/app/cumulus --size 100M --repeats 1 --files 1000
    cmake --build BUILD --target bench-transfer                     # the same, via CMake

Starts a throwaway OpenSSH sshd on 127.0.0.1 in a temporary directory (the recipe of
tests/remote/sshdfixture.h: its own host key, client key, authorized_keys, known_hosts and an
ssh config naming it; nothing in ~/.ssh or /etc/ssh is read or changed), and a userspace TCP
delay line in front of it (a second process: every chunk read is written to the other side
10 ms after it arrived, order kept, reading goes on meanwhile; 20 ms round trip; this kernel
has no netem). The files live on a tmpfs (/dev/shm) when it has room, so that neither side
waits for a disk (the engine fdatasyncs each downloaded file, which costs nothing there).

In one run, side by side, each measurement --repeats times (median reported):
  big     a --size random file (default 1G) up and down with `cumulus cp`, `scp -s` (SFTP, as
          OpenSSH 9 does by default) and `sftp -b`, on loopback then through the delay line;
  small   --files small files (1-8 KiB, in nested folders; default 10,000) up with
          `cumulus cp -r` and `scp -r` on loopback, and --proxy-files of them (default 300;
          each file costs several round trips, 10,000 would take many minutes) through the
          delay line;
  ceiling the delay line's own throughput (a raw TCP stream through it, both directions)
          and round trip, so that it can be seen not to be the bottleneck.
scp and sftp are given the cipher libssh negotiates (read from sshd's log) so both sides
encrypt alike; the table says which. The first run of each row checks the copy's sha256.

A report, not a test: a missed goal (Cumulus/peer >= 1.0) still exits 0. Exit 1 when a copy
or sshd fails, 2 on bad usage. Raw results go to bench/out/results/transfer.json.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import hashlib
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
RESULTS_DIR = os.path.join(BENCH_DIR, "out", "results")
GOAL_RATIO = 1.0


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return float("nan")
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def parse_size(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]?)i?B?", text.strip(), re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError("not a size: %r (e.g. 1G, 100M)" % text)
    factor = {"": 1, "K": 1000, "M": 1000 ** 2, "G": 1000 ** 3}[match.group(2).upper()]
    return int(float(match.group(1)) * factor)


# --------------------------------------------------------------------------------------
# The delay line (runs as its own process: python3 bench_transfer.py --delay-line ...)
# --------------------------------------------------------------------------------------
class _Direction:
    """One way of a proxied connection: chunks wait DELAY seconds in arrival order, while
    the source keeps being read (a delay line, not a stop-and-wait relay). Reading pauses
    only when MAX_QUEUED bytes wait or the destination pushes back."""

    MAX_QUEUED = 64 * 1024 * 1024  # >> bandwidth x delay of any link measured here

    def __init__(self, loop, delay, pair):
        self.loop = loop
        self.delay = delay
        self.pair = pair
        self.queue = collections.deque()
        self.queued = 0
        self.source = None  # transports
        self.sink = None
        self.sink_paused = False
        self.source_paused = False
        self.eof = False
        self.done = False
        self.timer = None

    def push(self, data):
        due = self.loop.time() + self.delay
        self.queue.append((due, data))
        self.queued += len(data)
        if self.timer is None:
            self.timer = self.loop.call_at(due, self.release)
        self.throttle()

    def finish(self):
        """The source sent EOF (or went away): deliver what waits, then pass the EOF on."""
        self.eof = True
        if not self.queue and self.timer is None:
            self._end()

    def sink_lost(self):
        self.queue.clear()
        self.queued = 0
        self.eof = True
        self._end()

    def release(self):
        self.timer = None
        if self.sink is None:
            self.timer = self.loop.call_later(0.001, self.release)
            return
        now = self.loop.time() + 0.0002  # the selector's millisecond rounding
        while self.queue and self.queue[0][0] <= now:
            _, data = self.queue.popleft()
            self.queued -= len(data)
            if not self.sink.is_closing():
                self.sink.write(data)
        if self.queue:
            self.timer = self.loop.call_at(self.queue[0][0], self.release)
        elif self.eof:
            self._end()
        self.throttle()

    def _end(self):
        if self.done:
            return
        self.done = True
        if self.sink is not None and not self.sink.is_closing():
            try:
                self.sink.write_eof()
            except (OSError, RuntimeError):
                self.sink.close()
        self.pair.check()

    def throttle(self):
        should_pause = self.queued > self.MAX_QUEUED or self.sink_paused
        if self.source is None or self.source.is_closing():
            return
        if should_pause and not self.source_paused:
            self.source.pause_reading()
            self.source_paused = True
        elif not should_pause and self.source_paused:
            self.source.resume_reading()
            self.source_paused = False


class _Pair:
    """A proxied connection: closed once both ways have delivered everything and their EOF."""

    def __init__(self, loop, delay):
        self.up = _Direction(loop, delay, self)    # client -> server
        self.down = _Direction(loop, delay, self)  # server -> client
        self.transports = []

    def check(self):
        if self.up.done and self.down.done:
            for t in self.transports:
                if not t.is_closing():
                    t.close()


class _Side(asyncio.Protocol):
    """One socket of a proxied pair; what it reads goes into `outgoing`, and it is the
    sink of `incoming`."""

    def __init__(self, outgoing, incoming):
        self.outgoing = outgoing
        self.incoming = incoming

    def connection_made(self, transport):
        transport.set_write_buffer_limits(high=4 * 1024 * 1024)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.outgoing.source = transport
        self.incoming.sink = transport

    def data_received(self, data):
        self.outgoing.push(data)

    def eof_received(self):
        self.outgoing.finish()
        return True  # keep the other way open

    def pause_writing(self):
        self.incoming.sink_paused = True
        self.incoming.throttle()

    def resume_writing(self):
        self.incoming.sink_paused = False
        self.incoming.throttle()

    def connection_lost(self, exc):
        self.outgoing.finish()
        self.incoming.sink_lost()


def run_delay_line(target_port, delay_ms):
    """Listens on a free port of 127.0.0.1 (printed on stdout) and relays every connection
    to target_port through two delay lines."""

    async def serve():
        loop = asyncio.get_running_loop()
        delay = delay_ms / 1000.0

        async def accept(client_sock):
            pair = _Pair(loop, delay)
            client_transport, _ = await loop.connect_accepted_socket(
                lambda: _Side(pair.up, pair.down), client_sock)
            pair.transports.append(client_transport)
            client_transport.pause_reading()  # until the server side is there
            try:
                server_transport, _ = await loop.create_connection(
                    lambda: _Side(pair.down, pair.up), "127.0.0.1", target_port)
            except OSError:
                client_transport.close()
                return
            pair.transports.append(server_transport)
            client_transport.resume_reading()

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        listener.setblocking(False)
        print(listener.getsockname()[1], flush=True)
        while True:
            sock, _ = await loop.sock_accept(listener)
            loop.create_task(accept(sock))

    asyncio.run(serve())


class DelayLine:
    def __init__(self, target_port, delay_ms):
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--delay-line",
                                      str(target_port), str(delay_ms)],
                                     stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
        line = self.proc.stdout.readline()
        if not line.strip():
            raise RuntimeError("the delay line did not start")
        self.port = int(line)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --------------------------------------------------------------------------------------
# The delay line's own ceiling: a raw TCP stream and a ping-pong through it
# --------------------------------------------------------------------------------------
def _server(handler):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    def run():
        conn, _ = listener.accept()
        with conn:
            handler(conn)
        listener.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def _drain(sock):
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    total = 0
    while True:
        n = sock.recv_into(view)
        if not n:
            return total
        total += n


def _pour(sock, nbytes):
    block = os.urandom(1 << 20)
    left = nbytes
    while left > 0:
        chunk = block if left >= len(block) else block[:left]
        sock.sendall(chunk)
        left -= len(chunk)


def raw_stream(delay_ms, nbytes, upstream):
    """MB/s of nbytes through a fresh delay line, client->server (upstream) or back."""
    done = {}

    def handler(conn):
        if upstream:
            done["bytes"] = _drain(conn)
            done["end"] = time.perf_counter()
        else:
            _pour(conn, nbytes)
            conn.shutdown(socket.SHUT_WR)
            _drain(conn)

    port, thread = _server(handler)
    line = DelayLine(port, delay_ms)
    try:
        with socket.create_connection(("127.0.0.1", line.port)) as sock:
            start = time.perf_counter()
            if upstream:
                _pour(sock, nbytes)
                sock.shutdown(socket.SHUT_WR)
                _drain(sock)
                thread.join()
                end, got = done["end"], done["bytes"]
            else:
                got = _drain(sock)
                end = time.perf_counter()
                sock.shutdown(socket.SHUT_WR)
                thread.join()
    finally:
        line.stop()
    if got != nbytes:
        raise RuntimeError("the delay line lost bytes: %d of %d" % (got, nbytes))
    return nbytes / (end - start) / 1e6


def ping_ms(delay_ms, count=20):
    def handler(conn):
        while True:
            data = conn.recv(1)
            if not data:
                return
            conn.sendall(data)

    port, thread = _server(handler)
    line = DelayLine(port, delay_ms)
    times = []
    try:
        with socket.create_connection(("127.0.0.1", line.port)) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for _ in range(count):
                start = time.perf_counter()
                sock.sendall(b"x")
                if sock.recv(1) != b"x":
                    raise RuntimeError("echo failed")
                times.append((time.perf_counter() - start) * 1000)
    finally:
        line.stop()
    thread.join(5)
    return median(times)


# --------------------------------------------------------------------------------------
# sshd, clients and files
# --------------------------------------------------------------------------------------
class Sshd:
    """tests/remote/sshdfixture.h in Python, with LogLevel DEBUG1 so that the log names the
    cipher each connection negotiated."""

    def __init__(self, root):
        self.root = root
        self.home = os.path.join(root, "client-home")
        self.host_key = os.path.join(root, "host_ed25519")
        self.client_key = os.path.join(self.home, ".ssh", "bench_ed25519")
        self.known_hosts = os.path.join(self.home, ".ssh", "known_hosts_bench")
        self.config = os.path.join(root, "ssh_config")
        self.log_path = os.path.join(root, "sshd.log")
        self.port = 0
        self.proc = None

    @staticmethod
    def keygen(path):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=30)

    def start(self):
        os.makedirs(os.path.join(self.home, ".ssh"), mode=0o700, exist_ok=True)
        os.makedirs("/run/sshd", exist_ok=True)  # Debian's sshd needs it
        self.keygen(self.host_key)
        self.keygen(self.client_key)
        shutil.copy(self.client_key + ".pub", os.path.join(self.root, "authorized_keys"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = os.path.join(self.root, "sshd_config")
        with open(config, "w") as f:
            f.write("Port %d\nListenAddress 127.0.0.1\nHostKey %s\nPidFile %s/sshd.pid\n"
                    "UsePAM no\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                    "KbdInteractiveAuthentication no\nAuthorizedKeysFile %s/authorized_keys\n"
                    "StrictModes no\nSubsystem sftp internal-sftp\nMaxStartups 100\n"
                    "MaxSessions 100\nLogLevel DEBUG1\n" % (self.port, self.host_key, self.root, self.root))
        self.proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-f", config, "-E", self.log_path],
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        if self.proc.poll() is not None:
            raise RuntimeError("sshd exited: " + self.log()[-3000:])

    def write_client_files(self, proxy_port):
        """known_hosts for both ports (libssh 0.10 has no HostKeyAlias) and an ssh config
        with the Hosts "direct" and "delayed", read by cumulus, scp and sftp alike."""
        with open(self.host_key + ".pub") as f:
            key_type, key = f.read().split()[:2]
        with open(self.known_hosts, "w") as f:
            for port in (self.port, proxy_port):
                f.write("[127.0.0.1]:%d %s %s\n" % (port, key_type, key))
        user = os.environ.get("USER") or "root"
        with open(self.config, "w") as f:
            for name, port in (("direct", self.port), ("delayed", proxy_port)):
                f.write("Host %s\n  HostName 127.0.0.1\n  Port %d\n  User %s\n  IdentityFile %s\n"
                        "  IdentitiesOnly yes\n  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n"
                        "  BatchMode yes\n" % (name, port, user, self.client_key, self.known_hosts))

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            block = f.read(1 << 22)
            if not block:
                return h.hexdigest()
            h.update(block)


def tree_digest(root):
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, root).encode())
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def write_random(path, size):
    with open(path, "wb") as f:
        left = size
        while left > 0:
            n = min(left, 1 << 24)
            f.write(os.urandom(n))
            left -= n


def write_small_tree(root, count, seed=7):
    """count files of 1-8 KiB, 100 to a folder, folders two levels deep; returns bytes."""
    rng = random.Random(seed)
    total = 0
    payload = os.urandom(8192)
    for i in range(count):
        folder = os.path.join(root, "d%02d" % (i // 1000), "e%02d" % (i // 100 % 10))
        if i % 100 == 0:
            os.makedirs(folder, exist_ok=True)
        size = rng.randint(1024, 8192)
        start = rng.randint(0, 8192 - size)
        with open(os.path.join(folder, "f%05d.bin" % i), "wb") as f:
            f.write(payload[start:start + size])
        total += size
    return total


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
    # A cancelled or failed copy may leave its part.
    try:
        os.unlink(path + ".cumulus-part")
    except FileNotFoundError:
        pass


class Runner:
    def __init__(self, cumulus, sshd, cipher_args, env, timeout):
        self.cumulus = cumulus
        self.sshd = sshd
        self.cipher_args = cipher_args
        self.env = env
        self.timeout = timeout

    def command(self, tool, host, source, destination, upload, recursive=False):
        remote = lambda path: "%s:%s" % (host, path)  # noqa: E731
        src, dst = (source, remote(destination)) if upload else (remote(source), destination)
        if tool == "cumulus":
            return [self.cumulus, "cp"] + (["-r"] if recursive else []) + [src, dst], None
        ssh_opts = ["-F", self.sshd.config] + self.cipher_args
        if tool == "scp":
            # -s: the SFTP protocol (OpenSSH 9's default, said explicitly); -q: no progress.
            return ["scp", "-q", "-s"] + (["-r"] if recursive else []) + ssh_opts + [src, dst], None
        if tool == "sftp":
            op = "put" if upload else "get"
            batch = "%s %s%s %s\n" % (op, "-R " if recursive else "", source, destination)
            return ["sftp", "-q"] + ssh_opts + ["-b", "-", host], batch
        raise ValueError(tool)

    def run(self, tool, host, source, destination, upload, recursive=False):
        cmd, stdin = self.command(tool, host, source, destination, upload, recursive)
        start = time.perf_counter()
        proc = subprocess.run(cmd, input=stdin.encode() if stdin else None,
                              stdin=None if stdin else subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=self.env, timeout=self.timeout)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError("%s failed (exit %d): %s\n%s" % (" ".join(cmd), proc.returncode,
                                                               proc.stderr.decode(errors="replace")[-2000:],
                                                               proc.stdout.decode(errors="replace")[-500:]))
        return seconds


def negotiated_ciphers(log_text):
    return re.findall(r"kex: client->server cipher: (\S+) MAC: (\S+)", log_text)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cumulus", nargs="?", default=os.environ.get("CUMULUS"),
                        help="the cumulus executable (default: $CUMULUS, else build/app/cumulus)")
    parser.add_argument("--size", type=parse_size, default=parse_size("1G"),
                        help="the big file, e.g. 1G (default), 100M")
    parser.add_argument("--proxy-size", type=parse_size, default=None,
                        help="the big file through the delay line (default: --size)")
    parser.add_argument("--files", type=int, default=10000, help="small files on loopback (default 10000)")
    parser.add_argument("--proxy-files", type=int, default=300,
                        help="small files through the delay line (default 300)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement (median; default 3)")
    parser.add_argument("--delay-ms", type=float, default=10.0, help="one-way delay of the delay line (default 10)")
    parser.add_argument("--only", default="ceiling,big,small",
                        help="comma-separated parts: ceiling, big, small (default all)")
    parser.add_argument("--paths", default="loopback,delayed", help="loopback, delayed (default both)")
    parser.add_argument("--workdir", default=None, help="where the files go (default /dev/shm when it has room)")
    parser.add_argument("--timeout", type=int, default=1800, help="per copy, seconds (default 1800)")
    parser.add_argument("--delay-line", nargs=2, metavar=("TARGET_PORT", "DELAY_MS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.delay_line:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        run_delay_line(int(args.delay_line[0]), float(args.delay_line[1]))
        return 0

    cumulus = args.cumulus or os.path.join(REPO_DIR, "build", "app", "cumulus")
    if not os.access(cumulus, os.X_OK):
        print("no cumulus executable at %s (give its path, or CUMULUS=...)" % cumulus, file=sys.stderr)
        return 2
    for tool in ("/usr/sbin/sshd", shutil.which("scp"), shutil.which("sftp")):
        if not tool or not os.access(tool, os.X_OK):
            print("needs OpenSSH's sshd, scp and sftp (openssh-server, openssh-client)", file=sys.stderr)
            return 2
    parts = set(args.only.split(","))
    paths = [p for p in args.paths.split(",") if p]
    proxy_size = args.proxy_size or args.size

    need = args.size * 2 + proxy_size * 2 + args.files * 10000 + (1 << 28)
    base = args.workdir
    if base is None:
        shm = shutil.disk_usage("/dev/shm") if os.path.isdir("/dev/shm") else None
        base = "/dev/shm" if shm and shm.free > need else None
    root = tempfile.mkdtemp(prefix="cumulus-transferbench-", dir=base)
    on_tmpfs = root.startswith("/dev/shm")
    sshd = Sshd(root)
    lines = []
    results = {"size": args.size, "proxy_size": proxy_size, "files": args.files,
               "proxy_files": args.proxy_files, "repeats": args.repeats, "delay_ms_one_way": args.delay_ms,
               "workdir_tmpfs": on_tmpfs, "rows": [], "ceiling": {}}
    proxy = None
    t0 = time.monotonic()
    try:
        sshd.start()
        proxy = DelayLine(sshd.port, args.delay_ms)
        sshd.write_client_files(proxy.port)
        env = dict(os.environ)
        env.update({"HOME": sshd.home, "CUMULUS_SSH_CONFIG": sshd.config, "LANG": "C.UTF-8",
                    "XDG_CONFIG_HOME": os.path.join(root, "config"),
                    "XDG_DATA_HOME": os.path.join(root, "data")})
        env.pop("SSH_AUTH_SOCK", None)
        env.pop("LANGUAGE", None)

        local_dir = os.path.join(root, "local")
        server_dir = os.path.join(root, "server")  # the "server's" files (absolute paths)
        os.makedirs(local_dir)
        os.makedirs(server_dir)

        # Which cipher each side negotiates (sshd's DEBUG1 log), then OpenSSH forced to libssh's.
        probe = os.path.join(local_dir, "probe")
        with open(probe, "w") as f:
            f.write("probe")
        runner = Runner(cumulus, sshd, [], env, args.timeout)
        before = len(sshd.log())
        runner.run("cumulus", "direct", probe, os.path.join(server_dir, "probe"), True)
        time.sleep(0.2)
        libssh = negotiated_ciphers(sshd.log()[before:])
        before = len(sshd.log())
        runner.run("scp", "direct", probe, os.path.join(server_dir, "probe"), True)
        time.sleep(0.2)
        openssh = negotiated_ciphers(sshd.log()[before:])
        cipher = libssh[0][0] if libssh else None
        cipher_args = ["-o", "Ciphers=" + cipher] if cipher else []
        runner.cipher_args = cipher_args
        results["cipher"] = {"libssh": libssh[:1], "openssh_default": openssh[:1], "forced": cipher}
        print("cipher: libssh negotiates %s; OpenSSH's default would be %s; scp/sftp run with -o Ciphers=%s"
              % ("/".join(libssh[0]) if libssh else "?", "/".join(openssh[0]) if openssh else "?",
                 cipher or "(default)"))
        print("files on %s; one-way delay %.0f ms; %d repeat(s), medians" % (
            "tmpfs (/dev/shm)" if on_tmpfs else root, args.delay_ms, args.repeats))
        sys.stdout.flush()

        if "ceiling" in parts and "delayed" in paths:
            raw = min(proxy_size, 1000 ** 3)
            up = median([raw_stream(args.delay_ms, raw, True) for _ in range(max(1, args.repeats))])
            down = median([raw_stream(args.delay_ms, raw, False) for _ in range(max(1, args.repeats))])
            rtt = ping_ms(args.delay_ms)
            results["ceiling"] = {"raw_up_MBps": up, "raw_down_MBps": down, "rtt_ms": rtt}
            print("delay line: raw TCP %.0f MB/s up, %.0f MB/s down; round trip %.1f ms" % (up, down, rtt))
            sys.stdout.flush()

        def measure(label, path, tools, nbytes, setup, recursive, upload, check, files=0):
            host = "direct" if path == "loopback" else "delayed"
            row = {"path": path, "what": label, "bytes": nbytes, "files": files, "seconds": {}, "MBps": {}}
            for tool in tools:
                times = []
                for rep in range(args.repeats):
                    source, destination = setup(upload)
                    remove(destination)
                    times.append(runner.run(tool, host, source, destination, upload, recursive))
                    if rep == 0 and check(source, destination) is False:
                        raise RuntimeError("%s %s %s: the copy differs from the original" % (tool, path, label))
                    remove(destination)
                row["seconds"][tool] = times
                row["MBps"][tool] = nbytes / median(times) / 1e6
                rate = ("  %7.0f files/s" % (files / median(times))) if files else ""
                print("  %-8s %-28s %-8s %8s MB/s%s  (runs: %s s)" % (
                    path, label, tool, mb(row["MBps"][tool]), rate, ", ".join("%.2f" % t for t in times)))
                sys.stdout.flush()
            results["rows"].append(row)
            lines.append(row)

        if "big" in parts:
            for path in paths:
                size = args.size if path == "loopback" else proxy_size
                big_local = os.path.join(local_dir, "big-%d.bin" % size)
                big_server = os.path.join(server_dir, "big-%d.bin" % size)
                if not os.path.exists(big_local):
                    write_random(big_local, size)
                if not os.path.exists(big_server):
                    shutil.copyfile(big_local, big_server)
                digest = sha256(big_local)
                label = "%s file" % human(size)

                def setup(upload, big_local=big_local, big_server=big_server):
                    if upload:
                        return big_local, os.path.join(server_dir, "big-up.bin")
                    return big_server, os.path.join(local_dir, "big-down.bin")

                check = lambda s, d, digest=digest: sha256(d) == digest  # noqa: E731
                measure(label + " upload", path, ["cumulus", "scp", "sftp"], size, setup, False, True, check)
                measure(label + " download", path, ["cumulus", "scp", "sftp"], size, setup, False, False, check)

        if "small" in parts:
            for path in paths:
                count = args.files if path == "loopback" else args.proxy_files
                if count <= 0:
                    continue
                small = os.path.join(local_dir, "small-%d" % count)
                if not os.path.exists(small):
                    nbytes = write_small_tree(small, count)
                else:
                    nbytes = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(small) for f in fs)
                digest = tree_digest(small)

                def setup(upload, small=small):
                    return small, os.path.join(server_dir, "small-up")

                check = lambda s, d, digest=digest: tree_digest(d) == digest  # noqa: E731
                measure("%d small files upload -r" % count, path, ["cumulus", "scp"], nbytes, setup, True, True,
                        check, files=count)
    except (RuntimeError, subprocess.SubprocessError, OSError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    finally:
        if proxy:
            proxy.stop()
        sshd.stop()
        shutil.rmtree(root, ignore_errors=True)

    print()
    header = "| Path | What | cumulus cp MB/s | scp MB/s | sftp -b MB/s | Cumulus/scp | Cumulus/sftp |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in lines:
        mbps = row["MBps"]
        cells = []
        for peer in ("scp", "sftp"):
            if peer in mbps:
                ratio = mbps["cumulus"] / mbps[peer]
                # Rounded down, so that a miss never reads "1.00×".
                cells.append("%.2f× %s" % (math.floor(ratio * 100) / 100, "PASS" if ratio >= GOAL_RATIO else "MISS"))
            else:
                cells.append("-")
        print("| %s | %s | %s | %s | %s | %s | %s |" % (
            row["path"], row["what"], mb(mbps["cumulus"]), mb(mbps["scp"]) if "scp" in mbps else "-",
            mb(mbps["sftp"]) if "sftp" in mbps else "-", cells[0], cells[1]))
    os.makedirs(RESULTS_DIR, exist_ok=True)
    out = os.path.join(RESULTS_DIR, "transfer.json")
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
    print("\ntotal time %.0f s; raw results: %s" % (time.monotonic() - t0, os.path.relpath(out, REPO_DIR)))
    return 0


def mb(rate):
    return "%.1f" % rate if rate >= 10 else "%.2f" % rate


def human(size):
    for unit, factor in (("GB", 1000 ** 3), ("MB", 1000 ** 2), ("KB", 1000)):
        if size >= factor:
            value = size / factor
            return ("%d %s" % (value, unit)) if value == int(value) else ("%.1f %s" % (value, unit))
    return "%d B" % size


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
