// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus-remotebench: the remote-kernel benchmark (bench/bench_remote.py starts a throwaway
// sshd and runs it; see bench/README.md). Not a test: nothing runs it but the bench-remote
// target or a person.
//
//   cumulus-remotebench latency N --host H --port P --user U --identity KEY --known-hosts FILE
//                       [--warmup W] [--blocks B] [--ready-reps R] [--echo-reps E]
//                       [--kernel NAME] [--timeout SECONDS]
//
// In one process, against the same kernelspec on the same machine:
//   * ready:   R times, alternating, LocalKernel start() -> ready() and, each with a fresh
//              RemoteHost (so a fresh SSH connection), RemoteKernel start() -> ready()
//              ("connect to ready": SSH connect + auth, launch on the server, tunnel,
//              handshake), each shut down after;
//   * latency: N sequential `1+1` on each of four clients, in B blocks whose order rotates,
//              W untimed requests at the start of every block: execute_request ->
//              execute_reply and -> idle. The clients: "local" (a LocalKernel), "tunnel" (a
//              RemoteKernel, through its SSH forwards), and for the tunnel alone a third
//              kernel process (KernelManager, no client of its own) reached straight
//              ("same_kernel_direct") and through forwards of the RemoteKernel's SSH session
//              ("same_kernel_tunnel"), each of these two existing only during its own blocks;
//   * echo:    E ping-pongs of 64 bytes with an echo server in this process, directly and
//              through a forward of the same SSH session, alternating in blocks: the tunnel's
//              own round-trip cost without a kernel.
// Prints one JSON object on stdout; "KERNEL_PID <pid>" (local) and "REMOTE_KERNEL_PID <pid>"
// (on the server) go to stderr as soon as known, so that the caller can make sure they are
// gone. Every kernel is shut down before exiting (RemoteKernel::shutdown()).

#include "benchsupport.h"
#include "jupyter/kernelclient.h"
#include "jupyter/kernelmanager.h"
#include "jupyter/kernelspec.h"
#include "jupyter/kerneltransport.h"
#include "jupyter/localkernel.h"
#include "jupyter/zmqtransport.h"
#include "remotehost.h"
#include "remotekernel.h"
#include "sshconfig.h"
#include "sshsession.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace cumulus;
using namespace cumulus::jupyter;
using namespace cumulus::remote;
using json = nlohmann::json;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

double ms(qint64 ns) { return double(ns) / 1e6; }
double us(qint64 ns) { return double(ns) / 1e3; }

void say(const QString &text)
{
    std::fprintf(stderr, "remotebench: %s\n", qPrintable(text));
    std::fflush(stderr);
}

// ---------------------------------------------------------------- failing and waiting

QString g_error;          ///< the first failure; every wait returns false from then on
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

/// Records a failure and leaves every (nested) event loop.
void fail(const QString &reason)
{
    if (!g_error.isEmpty())
        return;
    say(reason);
    g_error = reason;
    QCoreApplication::exit(1); // exits every running QEventLoop of this thread
}

bool failed() { return !g_error.isEmpty(); }

/**
 * Runs the event loop until done() is called (true) or @p timeoutMs passes or something
 * fails (false). The benchmark is sequential code on top of this: both sides of each
 * comparison wait the same way.
 */
class Waiter
{
public:
    void done()
    {
        m_done = true;
        m_loop.quit();
    }
    bool isDone() const { return m_done; }
    bool wait(int timeoutMs, const QString &what)
    {
        if (m_done)
            return true;
        if (failed())
            return false;
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &m_loop, [&] { m_loop.exit(2); });
        timer.start(timeoutMs);
        const int rc = m_loop.exec();
        if (m_done)
            return true;
        if (rc == 2)
            fail(QStringLiteral("timed out after %1 ms waiting for %2").arg(timeoutMs).arg(what));
        return false;
    }

private:
    QEventLoop m_loop;
    bool m_done = false;
};

// ---------------------------------------------------------------- statistics

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = std::max<size_t>(1, size_t(std::ceil(double(values.size()) * p / 100.0)));
    return values[std::min(rank, values.size()) - 1];
}

json summary(const std::vector<double> &values)
{
    return {{"n", values.size()}, {"p50", percentile(values, 50)}, {"p90", percentile(values, 90)},
            {"p99", percentile(values, 99)},
            {"min", values.empty() ? 0.0 : *std::min_element(values.begin(), values.end())}};
}

// ---------------------------------------------------------------- kernels

struct Options
{
    ServerConfig server;
    QString kernelName = QStringLiteral("python3");
    int requests = 1000;
    int warmup = 20;
    int blocks = 4;
    int readyReps = 5;
    int echoReps = 2000;
    int timeoutS = 600;
};

constexpr int kReadyMs = 90'000;
constexpr int kRequestMs = 30'000;

void reportPid(const char *label, qint64 pid)
{
    std::fprintf(stderr, "%s %lld\n", label, (long long)pid);
    std::fflush(stderr);
}

/// One side: a kernel (and for the tunnel the RemoteHost it needs) plus per-request hooks.
struct Side
{
    QString name;                 ///< "local" or "tunnel"
    std::unique_ptr<RemoteHost> host;
    Kernel *kernel = nullptr;     ///< owned (deleted by stop())
    json phases = json::object(); ///< start-up phases of this kernel, ms from t0
};

/// Starts @p side's kernel and waits for ready(); fills side.phases. False on failure.
bool startLocal(Side &side, const Options &options)
{
    const qint64 t0 = nowNs();
    // Looked up inside the timed region, as a user's "start" would.
    auto spec = findKernelSpec(options.kernelName);
    if (!spec) {
        fail(spec.error().toString());
        return false;
    }
    auto *kernel = new LocalKernel(*spec);
    side.kernel = kernel;
    json *phases = &side.phases;
    QObject::connect(kernel->manager(), &KernelManager::started, kernel, [kernel, t0, phases] {
        reportPid("KERNEL_PID", kernel->manager()->processId());
        (*phases)["process_started_ms"] = ms(nowNs() - t0);
    });
    Waiter ready;
    QObject::connect(kernel, &Kernel::ready, kernel, [&ready] { ready.done(); }, Qt::SingleShotConnection);
    QObject::connect(kernel, &Kernel::died, kernel,
                     [](const QString &reason) { fail(QStringLiteral("local kernel died: ") + reason); });
    kernel->start();
    if (!ready.wait(kReadyMs, QStringLiteral("the local kernel")))
        return false;
    side.phases["ready_ms"] = ms(nowNs() - t0);
    return true;
}

bool startRemote(Side &side, const Options &options)
{
    const qint64 t0 = nowNs();
    // A fresh RemoteHost: a fresh SSH session, so connect + authenticate are timed too.
    side.host = std::make_unique<RemoteHost>(options.server);
    side.host->session()->setInteractive(false);
    auto *kernel = new RemoteKernel(side.host.get(), options.kernelName, QString());
    kernel->setNotebookName(QStringLiteral("remotebench.ipynb"));
    side.kernel = kernel;
    json *phases = &side.phases;
    QObject::connect(side.host->session(), &SshSession::stateChanged, kernel, [t0, phases](SshSession::State s) {
        if (s == SshSession::State::Connected && !phases->contains("ssh_connected_ms"))
            (*phases)["ssh_connected_ms"] = ms(nowNs() - t0);
    });
    // The client starts its handshake once the helper has launched the kernel on the server
    // and the five forwards exist.
    QObject::connect(kernel->client(), &KernelClient::stateChanged, kernel,
                     [kernel, t0, phases](KernelClient::State s) {
                         if (s != KernelClient::State::Connecting || phases->contains("kernel_launched_ms"))
                             return;
                         (*phases)["kernel_launched_ms"] = ms(nowNs() - t0);
                         reportPid("REMOTE_KERNEL_PID", kernel->remotePid());
                     });
    Waiter ready;
    QObject::connect(kernel, &Kernel::ready, kernel, [&ready] { ready.done(); }, Qt::SingleShotConnection);
    QObject::connect(kernel, &Kernel::died, kernel,
                     [](const QString &reason) { fail(QStringLiteral("remote kernel died: ") + reason); });
    kernel->start();
    if (!ready.wait(kReadyMs, QStringLiteral("the remote kernel")))
        return false;
    side.phases["ready_ms"] = ms(nowNs() - t0);
    return true;
}

/// Shuts the side's kernel down (RemoteKernel: on the server too) and frees everything.
/// Also used on the way out after a failure, so it runs its own loop whatever g_error says.
void stop(Side &side)
{
    if (side.kernel) {
        Kernel *kernel = side.kernel;
        side.kernel = nullptr;
        kernel->disconnect(); // a death now is no failure
        const auto gone = [kernel] {
            return kernel->status() == Kernel::Status::Dead || kernel->status() == Kernel::Status::Stopped
                   || kernel->status() == Kernel::Status::NotStarted;
        };
        if (!gone()) {
            kernel->shutdown(); // RemoteKernel: shutdown_request, then the helper stops it on the server
            // Pumped by hand: after a failure QCoreApplication::exit() makes QEventLoop::exec()
            // return at once.
            const qint64 end = nowNs() + 20'000'000'000LL;
            if (!failed()) {
                QEventLoop loop;
                QTimer tick;
                QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
                    if (gone() || nowNs() >= end)
                        loop.quit();
                });
                tick.start(10);
                loop.exec();
            }
            while (!gone() && nowNs() < end) {
                QCoreApplication::processEvents();
                ::usleep(2000);
            }
            if (!gone())
                say(QStringLiteral("the %1 kernel did not stop within 20 s").arg(side.name));
        }
        delete kernel; // LocalKernel's destructor kills whatever is left
    }
    side.host.reset();
}

// ---------------------------------------------------------------- latency

struct Request
{
    std::string msgId;
    qint64 sent = 0;
    qint64 reply = 0; ///< execute_reply delivered to the main thread
    qint64 idle = 0;  ///< KernelClient's finished (reply + idle)
};

struct Samples
{
    std::vector<double> replyUs, idleUs;
    int sameBatch = 0;
};

/// @p count sequential `1+1` on @p kernel after @p warmup untimed ones.
bool runRequests(KernelClient *client, int count, int warmup, Samples &samples)
{
    QObject context;
    Request current;
    // The reply's arrival on the main thread: the transport's batches, seen right after
    // KernelClient has handled them (it connected first), as cumulus-kernelbench does.
    QObject::connect(client->transport(), &KernelTransport::messagesReceived, &context,
                     [&current](const QList<ReceivedMessage> &batch) {
                         const qint64 now = nowNs();
                         for (const ReceivedMessage &received : batch)
                             if (received.channel == Channel::Shell && received.message
                                 && received.message->msgType() == "execute_reply"
                                 && received.message->parentMsgId() == current.msgId && current.reply == 0)
                                 current.reply = now;
                     });
    for (int i = 0; i < warmup + count; ++i) {
        current = Request {};
        Waiter finished;
        bool ok = false;
        QString why;
        ExecuteCallbacks callbacks;
        callbacks.finished = [&](const ExecuteResult &result) {
            current.idle = nowNs();
            ok = result.status == ExecuteResult::Status::Ok;
            if (!ok)
                why = result.failureReason.isEmpty() ? QString::fromStdString(result.reply.dump())
                                                     : result.failureReason;
            finished.done();
        };
        current.sent = nowNs();
        current.msgId = client->execute("1+1", ExecuteOptions {}, &context, std::move(callbacks));
        if (!finished.wait(kRequestMs, QStringLiteral("a reply")))
            return false;
        if (!ok) {
            fail(QStringLiteral("request %1 did not succeed: %2").arg(i).arg(why));
            return false;
        }
        if (i < warmup)
            continue;
        if (current.reply == 0) {
            current.reply = current.idle;
            ++samples.sameBatch;
        }
        samples.replyUs.push_back(us(current.reply - current.sent));
        samples.idleUs.push_back(us(current.idle - current.sent));
    }
    return true;
}

/**
 * A second client of a kernel, made for its own blocks only (open() before, close() after,
 * so that the kernel publishes to one subscriber less while the other sides are measured):
 * either straight to the kernel's ports, or through forwards of an SSH session (@p via), as
 * RemoteKernel connects.
 */
struct ExtraClient
{
    std::optional<ConnectionInfo> info;
    RemoteHost *via = nullptr;
    QList<quint16> forwards;
    std::unique_ptr<ZmqTransport> transport;
    std::unique_ptr<KernelClient> client;

    bool open()
    {
        ConnectionInfo target = *info;
        if (via) {
            static constexpr Channel channels[] = {Channel::Shell, Channel::IOPub, Channel::Stdin,
                                                   Channel::Control, Channel::Heartbeat};
            for (Channel channel : channels) {
                auto port = via->session()->forward(QStringLiteral("127.0.0.1"), info->port(channel));
                if (!port) {
                    fail(port.error().toString());
                    return false;
                }
                forwards << *port;
                target.setPort(channel, *port);
            }
            target.ip = QStringLiteral("127.0.0.1");
        }
        client = std::make_unique<KernelClient>();
        transport = std::make_unique<ZmqTransport>(target);
        client->setTransport(transport.get());
        Waiter ready;
        QObject::connect(client.get(), &KernelClient::ready, client.get(), [&ready] { ready.done(); },
                         Qt::SingleShotConnection);
        client->connectToKernel();
        return ready.wait(kReadyMs, QStringLiteral("a second client of a kernel"));
    }
    void close()
    {
        if (client)
            client->setTransport(nullptr);
        if (transport)
            transport->stop();
        client.reset();
        transport.reset();
        for (quint16 port : std::as_const(forwards))
            via->session()->removeForward(port);
        forwards.clear();
    }
    ~ExtraClient() { close(); }
};

// ---------------------------------------------------------------- echo (no kernel)

/// A TCP echo server on 127.0.0.1 on a thread of its own: the "server side" of the echo
/// measurement (the sshd runs on this machine too).
class EchoServer
{
public:
    EchoServer()
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
            || ::listen(m_listen, 8) != 0
            || ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { run(); });
    }
    ~EchoServer()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        if (m_listen >= 0)
            ::close(m_listen);
    }
    quint16 port() const { return m_port; }

private:
    void run()
    {
        std::vector<pollfd> fds {{m_listen, POLLIN, 0}};
        char buffer[4096];
        while (!m_stop) {
            if (::poll(fds.data(), nfds_t(fds.size()), 50) <= 0)
                continue;
            for (size_t i = fds.size(); i-- > 1;) {
                if (!fds[i].revents)
                    continue;
                const ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
                if (n <= 0 || ::send(fds[i].fd, buffer, size_t(n), MSG_NOSIGNAL) != n) {
                    ::close(fds[i].fd);
                    fds.erase(fds.begin() + qsizetype(i));
                }
            }
            if (fds[0].revents & POLLIN) {
                const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0) {
                    const int on = 1;
                    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
                    fds.push_back({fd, POLLIN, 0});
                }
            }
        }
        for (size_t i = 1; i < fds.size(); ++i)
            ::close(fds[i].fd);
    }

    int m_listen = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop = false;
    std::thread m_thread;
};

/// A blocking client socket connected to 127.0.0.1:@p port; -1 on failure.
int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    timeval timeout {5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

/// One round trip of @p size bytes; its time in ns, or -1.
qint64 pingPong(int fd, int size)
{
    char out[256] = {}, in[256];
    const qint64 t0 = nowNs();
    if (::send(fd, out, size_t(size), MSG_NOSIGNAL) != size)
        return -1;
    for (int got = 0; got < size;) {
        const ssize_t n = ::recv(fd, in, sizeof in, 0);
        if (n <= 0)
            return -1;
        got += int(n);
    }
    return nowNs() - t0;
}

json runEcho(RemoteHost &host, int reps, int blocks)
{
    json out;
    EchoServer echo;
    if (!echo.port()) {
        out["error"] = "no echo server";
        return out;
    }
    auto localPort = host.session()->forward(QStringLiteral("127.0.0.1"), echo.port());
    if (!localPort) {
        out["error"] = localPort.error().toString().toStdString();
        return out;
    }
    const int direct = connectTo(echo.port());
    const int tunnel = connectTo(*localPort);
    constexpr int kSize = 64;
    std::vector<double> directUs, tunnelUs;
    bool ok = direct >= 0 && tunnel >= 0;
    // The channel opens when the worker accepts; the first round trips wait for it.
    for (int i = 0; ok && i < 20; ++i)
        ok = pingPong(direct, kSize) >= 0 && pingPong(tunnel, kSize) >= 0;
    const int perBlock = std::max(1, reps / std::max(1, blocks));
    for (int b = 0; ok && b < blocks; ++b) {
        for (int pass = 0; ok && pass < 2; ++pass) {
            const bool viaTunnel = (b % 2 == 0) == (pass == 1); // direct first in even blocks
            for (int i = 0; ok && i < perBlock; ++i) {
                const qint64 t = pingPong(viaTunnel ? tunnel : direct, kSize);
                ok = t >= 0;
                (viaTunnel ? tunnelUs : directUs).push_back(us(t));
            }
        }
    }
    if (direct >= 0)
        ::close(direct);
    if (tunnel >= 0)
        ::close(tunnel);
    host.session()->removeForward(*localPort);
    if (!ok)
        out["error"] = "an echo round trip failed";
    out["bytes"] = kSize;
    out["direct_us"] = summary(directUs);
    out["tunnel_us"] = summary(tunnelUs);
    out["added_p50_us"] = percentile(tunnelUs, 50) - percentile(directUs, 50);
    return out;
}

// ---------------------------------------------------------------- the run

json run(const Options &options)
{
    json out;
    out["mode"] = "latency";
    out["server"] = {{"host", options.server.hostName.toStdString()},
                     {"port", options.server.port},
                     {"user", options.server.user.toStdString()}};
    out["kernel"] = options.kernelName.toStdString();
    out["requests"] = options.requests;
    out["warmup"] = options.warmup;
    out["blocks"] = options.blocks;

    // 1. Start to ready, alternating (local first in even repetitions).
    json ready = {{"local", json::array()}, {"tunnel", json::array()}};
    for (int rep = 0; rep < options.readyReps && !failed(); ++rep) {
        for (int pass = 0; pass < 2 && !failed(); ++pass) {
            const bool remote = (rep % 2 == 0) == (pass == 1);
            Side side;
            side.name = QString::fromLatin1(remote ? "tunnel" : "local");
            const bool ok = remote ? startRemote(side, options) : startLocal(side, options);
            if (ok)
                ready[remote ? "tunnel" : "local"].push_back(side.phases);
            stop(side);
        }
    }
    out["ready"] = ready;
    if (failed())
        return out;

    // 2. Latency on one kernel per side.
    Side local, tunnel;
    local.name = QStringLiteral("local");
    tunnel.name = QStringLiteral("tunnel");
    if (startLocal(local, options) && startRemote(tunnel, options)) {
        out["latency_kernels_ready"] = {{"local", local.phases}, {"tunnel", tunnel.phases}};
        // The tunnel alone: a third kernel process with no client of its own ("same kernel"),
        // reached in turns by a client straight to its ports and by one through forwards of
        // the RemoteKernel's SSH session, each existing only during its own blocks, so that
        // the kernel never publishes to more than one subscriber.
        auto spec = findKernelSpec(options.kernelName);
        KernelManager bare(spec ? *spec : KernelSpec {});
        ExtraClient sameDirect, sameTunnel;
        bool extrasOk = false;
        if (spec && bare.start()) {
            Waiter started;
            QObject::connect(&bare, &KernelManager::started, &bare, [&started] { started.done(); });
            if (bare.isRunning())
                started.done();
            if (started.wait(kReadyMs, QStringLiteral("the third kernel"))) {
                reportPid("KERNEL_PID", bare.processId());
                sameDirect.info = sameTunnel.info = bare.connectionInfo();
                sameTunnel.via = tunnel.host.get();
                extrasOk = true;
            }
        } else {
            fail(QStringLiteral("cannot start a third kernel"));
        }
        constexpr int kSides = 4;
        Samples all[kSides];
        const int perBlock = std::max(1, options.requests / std::max(1, options.blocks));
        const qint64 cpu0 = cumulus::bench::clockNs(CLOCK_PROCESS_CPUTIME_ID);
        const qint64 wall0 = nowNs();
        for (int b = 0; extrasOk && b < options.blocks && !failed(); ++b) {
            // Rotating order: 0 1 2 3, 1 2 3 0, 2 3 0 1, ...
            for (int pass = 0; pass < kSides && !failed(); ++pass) {
                const int which = (b + pass) % kSides;
                ExtraClient *extra = which == 2 ? &sameDirect : which == 3 ? &sameTunnel : nullptr;
                KernelClient *client = which == 0 ? local.kernel->client() : tunnel.kernel->client();
                if (extra) {
                    if (!extra->open())
                        break;
                    client = extra->client.get();
                }
                runRequests(client, perBlock, options.warmup, all[which]);
                if (extra)
                    extra->close();
            }
        }
        sameDirect.close();
        sameTunnel.close();
        if (bare.isRunning()) {
            bare.shutdown(std::chrono::milliseconds(500)); // no client: terminate, then kill
            const qint64 end = nowNs() + 5'000'000'000LL;
            while (bare.isRunning() && nowNs() < end) {
                QCoreApplication::processEvents();
                ::usleep(2000);
            }
        }
        out["wall_s"] = double(nowNs() - wall0) / 1e9;
        out["process_cpu_s"] = double(cumulus::bench::clockNs(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / 1e9;
        const auto side = [](const Samples &s) {
            return json {{"reply_us", s.replyUs},
                         {"idle_us", s.idleUs},
                         {"reply_in_idle_batch", s.sameBatch},
                         {"reply", summary(s.replyUs)},
                         {"idle", summary(s.idleUs)}};
        };
        out["local"] = side(all[0]);
        out["tunnel"] = side(all[1]);
        out["same_kernel_direct"] = side(all[2]);
        out["same_kernel_tunnel"] = side(all[3]);
        // 3. The tunnel alone (no kernel), over the same session.
        if (!failed() && options.echoReps > 0)
            out["echo"] = runEcho(*tunnel.host, options.echoReps, options.blocks);
    }
    stop(tunnel);
    stop(local);
    out["peak_rss_kb"] = cumulus::bench::peakRssKb();
    return out;
}

int usage()
{
    std::fputs("usage: cumulus-remotebench latency N --host H --port P --user U --identity KEY --known-hosts FILE\n"
               "           [--warmup W] [--blocks B] [--ready-reps R] [--echo-reps E] [--kernel NAME]\n"
               "           [--timeout SECONDS]\n",
               stderr);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);

    Options options;
    options.server.name = QStringLiteral("bench-sshd");
    options.server.hostName = QStringLiteral("127.0.0.1");
    options.server.identitiesOnly = true;
    options.server.connectTimeoutS = 10;
    QStringList positional;
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        const auto value = [&]() -> QString { return i + 1 < args.size() ? args[++i] : QString(); };
        bool ok = true;
        if (arg == QLatin1String("--host"))
            options.server.hostName = value();
        else if (arg == QLatin1String("--port"))
            options.server.port = value().toInt(&ok);
        else if (arg == QLatin1String("--user"))
            options.server.user = value();
        else if (arg == QLatin1String("--identity"))
            options.server.identityFiles << value();
        else if (arg == QLatin1String("--known-hosts"))
            options.server.knownHostsFiles << value();
        else if (arg == QLatin1String("--kernel"))
            options.kernelName = value();
        else if (arg == QLatin1String("--warmup"))
            options.warmup = value().toInt(&ok);
        else if (arg == QLatin1String("--blocks"))
            options.blocks = value().toInt(&ok);
        else if (arg == QLatin1String("--ready-reps"))
            options.readyReps = value().toInt(&ok);
        else if (arg == QLatin1String("--echo-reps"))
            options.echoReps = value().toInt(&ok);
        else if (arg == QLatin1String("--timeout"))
            options.timeoutS = value().toInt(&ok);
        else if (arg.startsWith(QLatin1String("--")))
            return usage();
        else
            positional << arg;
        if (!ok)
            return usage();
    }
    if (positional.value(0) != QLatin1String("latency") || options.server.knownHostsFiles.isEmpty()
        || options.server.identityFiles.isEmpty() || options.server.port <= 0)
        return usage();
    options.requests = positional.value(1).toInt();
    if (options.requests <= 0 || options.blocks <= 0 || options.warmup < 0 || options.readyReps < 0)
        return usage();

    // SIGINT/SIGTERM and the overall timeout fail the run; the kernels are shut down after.
    std::unique_ptr<QSocketNotifier> notifier;
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(notifier.get(), &QSocketNotifier::activated, &app, [] {
            char byte;
            [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
            fail(QStringLiteral("interrupted"));
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    QTimer watchdog;
    watchdog.setSingleShot(true);
    QObject::connect(&watchdog, &QTimer::timeout, &app,
                     [&options] { fail(QStringLiteral("timed out after %1 s").arg(options.timeoutS)); });
    watchdog.start(std::chrono::seconds(options.timeoutS));

    json result;
    QTimer::singleShot(0, &app, [&] {
        result = run(options);
        if (!failed())
            QCoreApplication::exit(0);
    });
    app.exec();
    if (failed())
        result["error"] = g_error.toStdString();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::puts(result.dump().c_str());
    std::fflush(stdout);
    return failed() ? 1 : 0;
}
