// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Remote kernels on a real OpenSSH sshd (tests/remote/sshdfixture.h) running Debian's
// ipykernel: kernelspecs listed over SSH, start, execute, interrupt and restart through the
// tunnel, the connection killed mid-execution (same kernel, same variables, later output
// in the same cell), re-attaching after the client went away, orphans shut down, GPU and
// load figures (a fake nvidia-smi on the server's PATH), and the errors for a server
// without ipykernel.

#include "jupyter/kernelclient.h"
#include "remotehost.h"
#include "remotekernel.h"
#include "sshdfixture.h"
#include "sshsession.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace cumulus;
using namespace cumulus::remote;
using cumulus::jupyter::ExecuteCallbacks;
using cumulus::jupyter::ExecuteResult;
using cumulus::jupyter::Kernel;
using cumulus::jupyter::MessagePtr;

namespace {

constexpr int kStartMs = 60000;
constexpr int kReplyMs = 30000;

struct Execution
{
    std::vector<MessagePtr> outputs;
    std::optional<ExecuteResult> result;

    ExecuteCallbacks callbacks()
    {
        ExecuteCallbacks callbacks;
        callbacks.output = [this](const MessagePtr &message) { outputs.push_back(message); };
        callbacks.finished = [this](const ExecuteResult &finished) { result = finished; };
        return callbacks;
    }
    std::string text() const
    {
        std::string all;
        for (const MessagePtr &message : outputs) {
            if (message->msgType() == "stream")
                all += message->content().value("text", "");
            else if (message->msgType() == "execute_result")
                all += message->content()["data"].value("text/plain", "") + "\n";
            else if (message->msgType() == "error")
                all += message->content().value("ename", "") + "\n";
        }
        return all;
    }
};

template<typename T>
Result<T> wait(std::function<void(RemoteHost::Callback<T>)> call, int ms = kReplyMs)
{
    std::optional<Result<T>> result;
    call([&](const Result<T> &value) { result = value; });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return result.has_value(); }, ms);
    if (!result)
        return Error(QStringLiteral("no answer within %1 ms").arg(ms));
    return *result;
}

/// A failed Result's message for QVERIFY2 (whose message is evaluated even on success).
template<typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().toString().toUtf8();
}

} // namespace

class TestRemoteKernel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listsKernelSpecs();
    void runsInterruptsRestarts();
    void survivesDroppedConnection();
    void reattachesAfterClientExits();
    void hostClosedFirst();
    void systemInfoAndGpus();
    void parsesNvidiaSmi();
    void missingKernelAndPython();

private:
    void startKernel(RemoteKernel &kernel);
    bool execute(RemoteKernel &kernel, const std::string &code, Execution &execution, int ms = kReplyMs);

    test::Sshd m_sshd;
    QByteArray m_savedHome;
};

void TestRemoteKernel::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json")))
        QSKIP("Debian's python3-ipykernel is not installed (CI installs it)");
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    m_savedHome = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qunsetenv("SSH_AUTH_SOCK");
}

void TestRemoteKernel::cleanupTestCase()
{
    // Nothing may be left running on the "server".
    QProcess::execute(QStringLiteral("pkill"), {QStringLiteral("-f"), m_sshd.remoteHome + QStringLiteral("/.local/share/jupyter/runtime")});
    qputenv("HOME", m_savedHome);
    m_sshd.stop();
}

void TestRemoteKernel::startKernel(RemoteKernel &kernel)
{
    QSignalSpy ready(&kernel, &Kernel::ready);
    QSignalSpy died(&kernel, &Kernel::died);
    kernel.start();
    QVERIFY2(ready.wait(kStartMs) || ready.count() == 1,
             qPrintable(died.isEmpty() ? QStringLiteral("no ready() in time") : died.first().first().toString()));
    QVERIFY(kernel.client()->isReady());
}

bool TestRemoteKernel::execute(RemoteKernel &kernel, const std::string &code, Execution &execution, int ms)
{
    kernel.client()->execute(code, {}, nullptr, execution.callbacks());
    return QTest::qWaitFor([&] { return execution.result.has_value(); }, ms);
}

void TestRemoteKernel::listsKernelSpecs()
{
    RemoteHost host(m_sshd.server());
    host.session()->setInteractive(false);
    auto specs = wait<RemoteKernelSpecs>([&](auto done) { host.kernelSpecs(&host, done); });
    QVERIFY2(specs, why(specs));
    QVERIFY(specs->hasIpykernel);
    const auto python = std::find_if(specs->specs.begin(), specs->specs.end(),
                                     [](const auto &spec) { return spec.name == QLatin1String("python3"); });
    QVERIFY(python != specs->specs.end());
    QCOMPARE(python->language, QStringLiteral("python"));
    QCOMPARE(specs->home, m_sshd.remoteHome);
}

void TestRemoteKernel::runsInterruptsRestarts()
{
    RemoteHost host(m_sshd.server());
    host.session()->setInteractive(false);
    RemoteKernel kernel(&host, QStringLiteral("python3"), QString());
    kernel.setNotebookName(QStringLiteral("interrupts.ipynb"));
    startKernel(kernel);
    QVERIFY(kernel.displayName().contains(QLatin1String("test-sshd")));
    QCOMPARE(kernel.workingDirectory(), m_sshd.remoteHome);

    Execution first;
    QVERIFY(execute(kernel, "import os, time\nx = 6 * 7\nprint(os.getcwd())\nx", first));
    QCOMPARE(first.result->status, ExecuteResult::Status::Ok);
    QCOMPARE(first.text(), m_sshd.remoteHome.toStdString() + "\n42\n");

    // The connection file on the server is private.
    Execution mode;
    QVERIFY(execute(kernel, "import ipykernel.connect, stat\noct(stat.S_IMODE(os.stat(ipykernel.connect.get_connection_file()).st_mode))", mode));
    QCOMPARE(mode.text(), std::string("'0o600'\n"));

    Execution sleeping;
    kernel.client()->execute("time.sleep(60)", {}, nullptr, sleeping.callbacks());
    QTest::qWait(1000);
    kernel.interrupt();
    QVERIFY(QTest::qWaitFor([&] { return sleeping.result.has_value(); }, kReplyMs));
    QCOMPARE(sleeping.result->status, ExecuteResult::Status::Error);
    QVERIFY2(sleeping.text().find("KeyboardInterrupt") != std::string::npos, sleeping.text().c_str());

    const qint64 pidBefore = kernel.remotePid();
    QSignalSpy ready(&kernel, &Kernel::ready);
    kernel.restart();
    QVERIFY(ready.wait(kStartMs));
    QVERIFY(kernel.remotePid() != pidBefore);
    Execution gone;
    QVERIFY(execute(kernel, "x", gone));
    QCOMPARE(gone.result->status, ExecuteResult::Status::Error);
    QVERIFY(gone.text().find("NameError") != std::string::npos);

    QSignalSpy stopped(&kernel, &Kernel::stopped);
    kernel.shutdown();
    QVERIFY(stopped.wait(kReplyMs));
    auto left = wait<std::vector<RemoteKernelRecord>>([&](auto done) { host.runningKernels(&host, done); });
    QVERIFY(left);
    QVERIFY(std::none_of(left->begin(), left->end(), [](const auto &r) { return r.notebook == QLatin1String("interrupts.ipynb"); }));
}

void TestRemoteKernel::survivesDroppedConnection()
{
    RemoteHost host(m_sshd.server());
    host.session()->setInteractive(false);
    RemoteKernel kernel(&host, QStringLiteral("python3"), QString());
    startKernel(kernel);
    Execution setup;
    QVERIFY(execute(kernel, "import os, time\nsecret = 'before the drop'\nos.getpid()", setup));
    const std::string pid = setup.text();

    // A cell prints for 6 s; the connection dies after its first line.
    Execution running;
    QList<Kernel::Status> statuses;
    connect(&kernel, &Kernel::statusChanged, &kernel, [&](Kernel::Status status) { statuses << status; });
    kernel.client()->execute("for i in range(12):\n    print('tick', i, flush=True)\n    time.sleep(0.5)\n", {},
                             nullptr, running.callbacks());
    QVERIFY(QTest::qWaitFor([&] { return !running.outputs.empty(); }, kReplyMs));
    QVERIFY(m_sshd.killConnections() > 0);
    QVERIFY(QTest::qWaitFor([&] { return statuses.contains(Kernel::Status::Reconnecting); }, kReplyMs));
    QVERIFY2(QTest::qWaitFor([&] { return running.result.has_value(); }, kReplyMs),
             "the running cell never reached a defined end");
    // Either it finished normally with its last tick after the reconnect, or it failed with
    // the note about the gap. Never busy forever.
    if (running.result->status == ExecuteResult::Status::Ok)
        QVERIFY2(running.text().find("tick 11") != std::string::npos, running.text().c_str());
    else
        QVERIFY2(running.result->failureReason.contains(QLatin1String("lost")), qPrintable(running.result->failureReason));
    QVERIFY(QTest::qWaitFor([&] { return kernel.status() == Kernel::Status::Idle; }, kReplyMs));

    // The same kernel: same process, same variables; new output arrives in the new cell.
    Execution after;
    QVERIFY(execute(kernel, "print(secret)\nos.getpid()", after));
    QCOMPARE(after.result->status, ExecuteResult::Status::Ok);
    QCOMPARE(after.text(), "before the drop\n" + pid);

    // A drop while idle, then a cell that prints after the reconnect.
    QVERIFY(m_sshd.killConnections() > 0);
    QVERIFY(QTest::qWaitFor([&] { return kernel.status() == Kernel::Status::Idle && statuses.count(Kernel::Status::Reconnecting) >= 2; }, kReplyMs));
    Execution later;
    QVERIFY(execute(kernel, "for i in range(3): print(i)", later));
    QCOMPARE(later.text(), std::string("0\n1\n2\n"));

    QSignalSpy stopped(&kernel, &Kernel::stopped);
    kernel.shutdown();
    QVERIFY(stopped.wait(kReplyMs));
}

void TestRemoteKernel::reattachesAfterClientExits()
{
    QString kernelId;
    qint64 pid = 0;
    {
        RemoteHost host(m_sshd.server());
        host.session()->setInteractive(false);
        RemoteKernel kernel(&host, QStringLiteral("python3"), QString());
        kernel.setNotebookName(QStringLiteral("left-running.ipynb"));
        startKernel(kernel);
        Execution setup;
        QVERIFY(execute(kernel, "kept = [1, 2, 3]", setup));
        kernelId = kernel.kernelId();
        pid = kernel.remotePid();
        // The client goes away without shutting the kernel down (the app quit or crashed).
    }
    RemoteHost host(m_sshd.server());
    host.session()->setInteractive(false);
    auto listed = wait<std::vector<RemoteKernelRecord>>([&](auto done) { host.runningKernels(&host, done); });
    QVERIFY2(listed, why(listed));
    const auto found = std::find_if(listed->begin(), listed->end(), [&](const auto &r) { return r.id == kernelId; });
    QVERIFY(found != listed->end());
    QVERIFY(found->running);
    QCOMPARE(found->pid, pid);
    QCOMPARE(found->notebook, QStringLiteral("left-running.ipynb"));
    QVERIFY(found->rssBytes > 1000000);
    QVERIFY(!found->connection.has_value()); // listings carry no keys

    RemoteKernel kernel(&host, QString(), QString());
    QSignalSpy ready(&kernel, &Kernel::ready);
    kernel.attach(kernelId);
    QVERIFY(ready.wait(kStartMs));
    Execution read;
    QVERIFY(execute(kernel, "sum(kept)", read));
    QCOMPARE(read.text(), std::string("6\n"));

    // Shut down as an orphan would be: by id, without a client.
    auto stopped = wait<bool>([&](auto done) { host.stopKernel(kernelId, 1.0, &host, done); });
    QVERIFY(stopped);
    auto after = wait<std::vector<RemoteKernelRecord>>([&](auto done) { host.runningKernels(&host, done); });
    QVERIFY(after);
    QVERIFY(std::none_of(after->begin(), after->end(), [&](const auto &r) { return r.id == kernelId; }));
    // Gone, or a zombie waiting for a parent that reaps (no init in some containers).
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    QVERIFY(!stat.open(QIODevice::ReadOnly) || stat.readAll().split(')').last().trimmed().startsWith('Z'));
}

void TestRemoteKernel::hostClosedFirst()
{
    // The app may drop its connection to a server before a notebook's kernel object goes:
    // the kernel fails cleanly (it keeps running on the server) and nothing crashes.
    auto *host = new RemoteHost(m_sshd.server());
    host->session()->setInteractive(false);
    RemoteKernel kernel(host, QStringLiteral("python3"), QString());
    startKernel(kernel);
    const QString id = kernel.kernelId();
    QSignalSpy died(&kernel, &Kernel::died);
    delete host;
    QCOMPARE(died.count(), 1);
    QVERIFY(died.first().first().toString().contains(QLatin1String("closed")));
    QCOMPARE(kernel.status(), Kernel::Status::Dead);
    kernel.interrupt(); // no host: fails again, does not crash
    kernel.shutdown();
    QCOMPARE(kernel.status(), Kernel::Status::Stopped);

    RemoteHost cleanup(m_sshd.server());
    cleanup.session()->setInteractive(false);
    auto stopped = wait<bool>([&](auto done) { cleanup.stopKernel(id, 1.0, &cleanup, done); });
    QVERIFY2(stopped, why(stopped));
}

void TestRemoteKernel::systemInfoAndGpus()
{
    RemoteHost host(m_sshd.server());
    host.session()->setInteractive(false);
    auto info = wait<SystemInfo>([&](auto done) { host.systemInfo(&host, done); });
    QVERIFY2(info, why(info));
    QVERIFY(info->cpus > 0);
    QCOMPARE(info->loadAverage.size(), 3);
    QVERIFY(info->memoryTotalBytes > 0);
    QVERIFY(info->memoryAvailableBytes > 0);
    QVERIFY(info->gpus.devices.isEmpty());
    QVERIFY2(info->gpus.problem.contains(QLatin1String("no GPU")), qPrintable(info->gpus.problem));

    // A server with two GPUs, as nvidia-smi reports them.
    const QString fake = m_sshd.binDir + QStringLiteral("/nvidia-smi");
    QFile script(fake);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n"
                 "[ \"$1\" = --query-gpu=name,memory.used,memory.total,utilization.gpu ] || exit 9\n"
                 "echo 'name, memory.used [MiB], memory.total [MiB], utilization.gpu [%]'\n"
                 "echo 'NVIDIA H100 80GB HBM3, 1024 MiB, 81559 MiB, 37 %'\n"
                 "echo 'NVIDIA H100 80GB HBM3, 0 MiB, 81559 MiB, 0 %'\n");
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther);
    auto withGpus = wait<SystemInfo>([&](auto done) { host.systemInfo(&host, done); });
    QFile::remove(fake);
    QVERIFY(withGpus);
    QCOMPARE(withGpus->gpus.devices.size(), 2);
    QCOMPARE(withGpus->gpus.devices[0].name, QStringLiteral("NVIDIA H100 80GB HBM3"));
    QCOMPARE(withGpus->gpus.devices[0].memoryUsedBytes, 1024LL * 1024 * 1024);
    QCOMPARE(withGpus->gpus.devices[0].memoryTotalBytes, 81559LL * 1024 * 1024);
    QCOMPARE(withGpus->gpus.devices[0].utilizationPercent, 37);
    QCOMPARE(withGpus->gpus.devices[1].index, 1);
    QVERIFY(withGpus->gpus.problem.isEmpty());
}

void TestRemoteKernel::parsesNvidiaSmi()
{
    const auto report = parseNvidiaSmiCsv("name, memory.used [MiB], memory.total [MiB], utilization.gpu [%]\n"
                                          "Tesla T4, 3 MiB, 15360 MiB, [N/A]\n");
    QCOMPARE(report.devices.size(), 1);
    QCOMPARE(report.devices[0].name, QStringLiteral("Tesla T4"));
    QCOMPARE(report.devices[0].memoryUsedBytes, 3LL * 1024 * 1024);
    QCOMPARE(report.devices[0].utilizationPercent, -1);
    QVERIFY(parseNvidiaSmiCsv("No devices were found\n").devices.isEmpty());
    QVERIFY(!parseNvidiaSmiCsv("").problem.isEmpty());
}

void TestRemoteKernel::missingKernelAndPython()
{
    RemoteHost host(m_sshd.server());
    host.session()->setInteractive(false);
    RemoteKernel missing(&host, QStringLiteral("no-such-kernel"), QString());
    QSignalSpy died(&missing, &Kernel::died);
    missing.start();
    QVERIFY(died.wait(kReplyMs));
    QVERIFY2(died.first().first().toString().contains(QLatin1String("no-such-kernel")),
             qPrintable(died.first().first().toString()));

    // A kernelspec whose Python lacks ipykernel: the kernel's own stderr and the install hint.
    const QString specDir = m_sshd.remoteHome + QStringLiteral("/.local/share/jupyter/kernels/broken");
    QDir().mkpath(specDir);
    QFile spec(specDir + QStringLiteral("/kernel.json"));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write(R"({"argv": ["/usr/bin/python3", "-c", "import ipykernel_missing_for_test; import ipykernel", "-f", "{connection_file}"],
                 "display_name": "Broken", "language": "python"})");
    spec.close();
    RemoteKernel broken(&host, QStringLiteral("broken"), QString());
    QSignalSpy brokenDied(&broken, &Kernel::died);
    broken.start();
    QVERIFY(brokenDied.wait(kReplyMs));
    const QString reason = brokenDied.first().first().toString();
    QDir(specDir).removeRecursively();
    QVERIFY2(reason.contains(QLatin1String("ipykernel_missing_for_test")) && reason.contains(QLatin1String("exited")),
             qPrintable(reason));

    // A kernel that binds its ports, then dies: the server's log of it is the reason.
    const QString lateDir = m_sshd.remoteHome + QStringLiteral("/.local/share/jupyter/kernels/late");
    QDir().mkpath(lateDir);
    QFile late(lateDir + QStringLiteral("/kernel.json"));
    QVERIFY(late.open(QIODevice::WriteOnly));
    late.write(R"json({"argv": ["/usr/bin/python3", "-c", "import json, socket, sys, time\nc = json.load(open(sys.argv[1]))\ns = socket.socket()\ns.bind(('127.0.0.1', c['shell_port']))\ns.listen()\ntime.sleep(0.5)\nsys.stderr.write('late failure')\nsys.exit(5)", "{connection_file}"],
                 "display_name": "Late", "language": "python"})json");
    late.close();
    RemoteKernel lateKernel(&host, QStringLiteral("late"), QString());
    QSignalSpy lateDied(&lateKernel, &Kernel::died);
    QElapsedTimer clock;
    clock.start();
    lateKernel.start();
    QVERIFY(lateDied.wait(kReplyMs));
    QDir(lateDir).removeRecursively();
    const QString lateReason = lateDied.first().first().toString();
    QVERIFY2(lateReason.contains(QLatin1String("late failure")), qPrintable(lateReason));
    QVERIFY2(clock.elapsed() < 15000, "noticed only by the handshake timeout");

    // No such Python on the server: the error says what to install.
    host.setPythonCommand(QStringLiteral("/nonexistent/python3"));
    auto specs = wait<RemoteKernelSpecs>([&](auto done) { host.kernelSpecs(&host, done); });
    QVERIFY(!specs);
    QVERIFY2(specs.error().message.contains(QLatin1String("has no /nonexistent/python3"))
                     && specs.error().message.contains(QLatin1String("apt-get install")),
             qPrintable(specs.error().message));
}

QTEST_GUILESS_MAIN(TestRemoteKernel)
#include "tst_remotekernel.moc"
