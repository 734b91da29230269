// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// KernelManager against Debian's real ipykernel (/usr/share/jupyter/kernels/python3) and
// small Python scripts posing as kernels (one that ignores SIGTERM, one that dies at once, …).
// Everything Jupyter writes goes to a temporary directory.

#include "jupyter/kernelmanager.h"
#include "jupyter/kernelspec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cumulus;
using namespace cumulus::jupyter;
using namespace std::chrono_literals;

/// QCOMPARE cannot take nlohmann::json (its converting templates trip Qt Test's overloads).
#define COMPARE_JSON(actual, expected)                                                             \
    do {                                                                                           \
        const nlohmann::json actual_ = (actual);                                                   \
        const nlohmann::json expected_ = (expected);                                               \
        QVERIFY2(actual_ == expected_,                                                             \
                 ("got " + actual_.dump() + ", expected " + expected_.dump()).c_str());            \
    } while (false)

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
constexpr int kKernelStartMs = 60000; // ipykernel takes ~3 s on a busy 2-core runner

/// A plain TCP connect: the kernel's ZeroMQ sockets accept once it has bound them.
bool canConnect(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok =
        ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

QByteArray procFile(qint64 pid, const char *name)
{
    QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// ipykernel ignores SIGINT once initialised (init_signal); before that, Python's default
/// handler would turn a SIGINT into KeyboardInterrupt and end it.
bool ignoresSigint(qint64 pid)
{
    for (const QByteArray &line : procFile(pid, "status").split('\n'))
        if (line.startsWith("SigIgn:"))
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (SIGINT - 1)) & 1;
    return false;
}

/// Gone, or a zombie nobody has reaped yet (a grandchild reparented to a lazy init).
bool processGone(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return errno == ESRCH;
    const QByteArray stat = procFile(pid, "stat");
    const qsizetype paren = stat.lastIndexOf(')');
    return paren > 0 && stat.mid(paren + 2, 1) == "Z";
}

bool writeStop(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly);
}

int fileMode(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

QStringList connectionFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("kernel-*.json")}, QDir::Files);
}

/// Empty when equal, else what differs. ipykernel rewrites the connection file once it has
/// bound its sockets, without kernel_name (jupyter_client's kernels do the same), so the name
/// is only compared where asked.
QString infoDiff(const ConnectionInfo &a, const ConnectionInfo &b, bool withKernelName = true)
{
    QStringList diff;
    const auto check = [&](const char *what, const auto &x, const auto &y) {
        if (x != y)
            diff.append(QString::fromLatin1(what));
    };
    check("transport", a.transport, b.transport);
    check("ip", a.ip, b.ip);
    check("shell_port", a.shellPort, b.shellPort);
    check("iopub_port", a.iopubPort, b.iopubPort);
    check("stdin_port", a.stdinPort, b.stdinPort);
    check("control_port", a.controlPort, b.controlPort);
    check("hb_port", a.hbPort, b.hbPort);
    check("key", a.key, b.key);
    check("signature_scheme", a.signatureScheme, b.signatureScheme);
    if (withKernelName)
        check("kernel_name", a.kernelName, b.kernelName);
    return diff.isEmpty()
               ? QString()
               : QStringLiteral("connection info differs in ") + diff.join(QLatin1String(", "));
}

} // namespace

class TestKernelManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void launchesIpykernel();
    void restartKeepsPortsAndKey();
    void shutdownEscalatesToSigkill();
    void shutdownAfterRequestWaitsForExit();
    void exitAfterRequestIsNotADeath();
    void placeholdersAndEnvironment();
    void missingProgram_data();
    void missingProgram();
    void kernelDiesDuringStartup_data();
    void kernelDiesDuringStartup();
    void execFailure();
    void interruptModeMessage();
    void destructionKillsProcessGroup();
    void shutdownWhenNotRunning();

private:
    KernelSpec fakeSpec(const QString &name, const QString &script,
                        const QStringList &extraArgs = {}, const QString &dir = QString());
    KernelSpec m_ipykernel;
    QTemporaryDir m_temp;
    QString m_root;
    QString m_runtime;
};

void TestKernelManager::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_temp.isValid());
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    m_runtime = m_root + QStringLiteral("/runtime"); // created by the manager
    // Nothing of the user's: runtime, data, config and IPython profile directories are ours.
    qputenv("JUPYTER_RUNTIME_DIR", QFile::encodeName(m_runtime));
    qputenv("JUPYTER_DATA_DIR", QFile::encodeName(m_root + QStringLiteral("/data")));
    qputenv("JUPYTER_CONFIG_DIR", QFile::encodeName(m_root + QStringLiteral("/config")));
    qputenv("IPYTHONDIR", QFile::encodeName(m_root + QStringLiteral("/ipython")));
    qputenv("PYDEVD_DISABLE_FILE_VALIDATION", "1"); // debugpy's "frozen modules" chatter

    if (!QFileInfo(kPython).isExecutable())
        QSKIP("/usr/bin/python3 is missing (apt install python3-ipykernel)");
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import ipykernel")});
    QVERIFY(probe.waitForFinished(60000));
    if (probe.exitCode() != 0)
        QSKIP("/usr/bin/python3 has no ipykernel (apt install python3-ipykernel)");

    const QString debian = QStringLiteral("/usr/share/jupyter/kernels/python3");
    if (QFileInfo::exists(debian + QStringLiteral("/kernel.json"))) {
        auto spec = KernelSpec::fromResourceDir(debian);
        QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().toString()));
        m_ipykernel = *spec;
    } else {
        // ipykernel without Debian's kernelspec: the same spec ipykernel would install.
        m_ipykernel.name = QStringLiteral("python3");
        m_ipykernel.language = QStringLiteral("python");
        m_ipykernel.argv = {kPython, QStringLiteral("-m"), QStringLiteral("ipykernel_launcher"),
                            QStringLiteral("-f"), QStringLiteral("{connection_file}")};
        m_ipykernel.resourceDir = m_root;
    }
}

void TestKernelManager::cleanup()
{
    // Every test shuts its kernels down; none may leave a connection file behind.
    QCOMPARE(connectionFiles(m_runtime), QStringList());
}

KernelSpec TestKernelManager::fakeSpec(const QString &name, const QString &script,
                                       const QStringList &extraArgs, const QString &dir)
{
    KernelSpec spec;
    spec.name = name;
    spec.displayName = name;
    spec.language = QStringLiteral("python");
    spec.argv = QStringList{kPython, QStringLiteral("-c"), script} + extraArgs;
    spec.resourceDir = dir.isEmpty() ? m_root + QStringLiteral("/specs/") + name : dir;
    spec.path = spec.resourceDir + QStringLiteral("/kernel.json");
    QDir().mkpath(spec.resourceDir);
    return spec;
}

void TestKernelManager::launchesIpykernel()
{
    KernelManager manager(m_ipykernel);
    QSignalSpy started(&manager, &KernelManager::started);
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);

    auto result = manager.start();
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(manager.interruptMode(), InterruptMode::Signal);

    // The connection file: in the runtime directory, named after the kernel id, mode 0600;
    // the runtime directory made 0700 with the sticky bit, as jupyter_client leaves it.
    const QString file = manager.connectionFile();
    QCOMPARE(file,
             m_runtime + QStringLiteral("/kernel-") + manager.kernelId() + QStringLiteral(".json"));
    QCOMPARE(fileMode(file), 0600);
    QCOMPARE(fileMode(m_runtime), 01700);
    auto onDisk = ConnectionInfo::readFile(file);
    QVERIFY2(onDisk.ok(), qPrintable(onDisk.ok() ? QString() : onDisk.error().toString()));
    // Read before the kernel could have rewritten it.
    QVERIFY2(infoDiff(*onDisk, manager.connectionInfo()).isEmpty(),
             qPrintable(infoDiff(*onDisk, manager.connectionInfo())));
    QCOMPARE(onDisk->kernelName, QStringLiteral("python3"));
    QCOMPARE(onDisk->ip, QStringLiteral("127.0.0.1"));
    QCOMPARE(onDisk->transport, QStringLiteral("tcp"));
    QVERIFY(!onDisk->key.isEmpty());
    QVERIFY(onDisk->shellPort && onDisk->iopubPort && onDisk->stdinPort && onDisk->controlPort
            && onDisk->hbPort);

    QVERIFY(started.size() == 1 || started.wait(kKernelStartMs));
    QVERIFY(infoDiff(started.first().first().value<ConnectionInfo>(), manager.connectionInfo())
                .isEmpty());
    QCOMPARE(manager.state(), KernelManager::State::Running);
    const qint64 pid = manager.processId();
    QVERIFY(pid > 0);
    // A session and process group of its own; told who its parent is; given our file.
    QCOMPARE(qint64(::getpgid(pid_t(pid))), pid);
    QCOMPARE(qint64(::getsid(pid_t(pid))), pid);
    QVERIFY(
        procFile(pid, "environ")
            .split('\0')
            .contains("JPY_PARENT_PID=" + QByteArray::number(QCoreApplication::applicationPid())));
    QVERIFY(procFile(pid, "cmdline").split('\0').contains(QFile::encodeName(file)));

    // Listening: the heartbeat and shell ports accept connections.
    QTRY_VERIFY2_WITH_TIMEOUT((canConnect(onDisk->hbPort) && canConnect(onDisk->shellPort))
                                  || !died.isEmpty(),
                              "kernel ports never accepted", kKernelStartMs);
    QVERIFY2(died.isEmpty(), qPrintable(manager.stderrTail()));

    // Interrupt: SIGINT to the group does not end an initialised ipykernel.
    QTRY_VERIFY_WITH_TIMEOUT(ignoresSigint(pid) || !died.isEmpty(), kKernelStartMs);
    QVERIFY2(died.isEmpty(), qPrintable(manager.stderrTail()));
    auto interrupted = manager.interrupt();
    QVERIFY(interrupted.ok());

    // Shutdown without shutdown_request: SIGTERM at once, and that is what ends it — had the
    // SIGINT been fatal, the (lower-numbered, earlier) SIGINT would be the cause of death.
    QElapsedTimer timer;
    timer.start();
    manager.shutdown(20s);
    QCOMPARE(manager.state(), KernelManager::State::ShuttingDown);
    QVERIFY(finished.wait(30000));
    QVERIFY2(died.isEmpty(), qPrintable(manager.stderrTail()));
    QCOMPARE(manager.lastExitCode(), -SIGTERM);
    QVERIFY2(timer.elapsed() < 10000, "SIGTERM was not sent at once");
    QCOMPARE(manager.state(), KernelManager::State::NotRunning);
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(manager.connectionFile().isEmpty());
    QTRY_VERIFY(processGone(pid));
    QCOMPARE(finished.size(), 1);
}

void TestKernelManager::restartKeepsPortsAndKey()
{
    KernelManager manager(m_ipykernel);
    QSignalSpy started(&manager, &KernelManager::started);
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);
    QVERIFY(manager.start().ok());
    QVERIFY(started.wait(kKernelStartMs));
    const ConnectionInfo before = manager.connectionInfo();
    const QString file = manager.connectionFile();
    const QString kernelId = manager.kernelId();
    const qint64 oldPid = manager.processId();
    QTRY_VERIFY_WITH_TIMEOUT(canConnect(before.hbPort) || !died.isEmpty(), kKernelStartMs);
    QVERIFY2(died.isEmpty(), qPrintable(manager.stderrTail()));

    QVERIFY(manager.restart(10s).ok());
    QVERIFY(started.wait(kKernelStartMs));
    QCOMPARE(started.size(), 2);
    QVERIFY(finished.isEmpty());
    QVERIFY2(died.isEmpty(), qPrintable(manager.stderrTail()));
    QCOMPARE(manager.lastExitCode(), -SIGTERM);
    QVERIFY(manager.processId() != oldPid);
    QTRY_VERIFY(processGone(oldPid));

    // Same ports, key and file: the client's sockets reconnect by themselves.
    QVERIFY2(infoDiff(manager.connectionInfo(), before).isEmpty(),
             qPrintable(infoDiff(manager.connectionInfo(), before)));
    QVERIFY(infoDiff(started.at(1).first().value<ConnectionInfo>(), before).isEmpty());
    QCOMPARE(manager.connectionFile(), file);
    QCOMPARE(manager.kernelId(), kernelId);
    auto onDisk = ConnectionInfo::readFile(file);
    QVERIFY(onDisk.ok());
    QVERIFY2(infoDiff(*onDisk, before, false).isEmpty(),
             qPrintable(infoDiff(*onDisk, before, false)));
    QTRY_VERIFY_WITH_TIMEOUT(canConnect(before.hbPort) || !died.isEmpty(), kKernelStartMs);
    QVERIFY2(died.isEmpty(), qPrintable(manager.stderrTail()));

    manager.shutdown(10s);
    QVERIFY(finished.wait(30000));
    QVERIFY(!QFileInfo::exists(file));
}

void TestKernelManager::shutdownEscalatesToSigkill()
{
    KernelManager manager(
        fakeSpec(QStringLiteral("stubborn"),
                 QStringLiteral("import signal, sys, time\n"
                                "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                                "sys.stderr.write('ready\\n'); sys.stderr.flush()\n"
                                "time.sleep(600)\n")));
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);
    QVERIFY(manager.start().ok());
    const QString file = manager.connectionFile();
    QVERIFY(QFileInfo::exists(file));
    QTRY_VERIFY_WITH_TIMEOUT(
        manager.stderrTail().contains(QLatin1String("ready")) || !died.isEmpty(), 20000);
    QVERIFY(died.isEmpty());

    QElapsedTimer timer;
    timer.start();
    manager.shutdown(1s); // SIGTERM (ignored), 0.5 s later SIGKILL
    QVERIFY(finished.wait(20000));
    QVERIFY(timer.elapsed() >= 400);
    QCOMPARE(manager.lastExitCode(), -SIGKILL);
    QVERIFY(died.isEmpty());
    QVERIFY(!QFileInfo::exists(file));
}

void TestKernelManager::shutdownAfterRequestWaitsForExit()
{
    // Stands in for a kernel that acts on shutdown_request: it exits when the file appears.
    const QString stopFile = m_root + QStringLiteral("/stop-request");
    KernelManager manager(fakeSpec(QStringLiteral("polite"),
                                   QStringLiteral("import os, sys, time\n"
                                                  "while not os.path.exists(sys.argv[1]):\n"
                                                  "    time.sleep(0.01)\n"),
                                   {stopFile}));
    QSignalSpy started(&manager, &KernelManager::started);
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);
    QVERIFY(manager.start().ok());
    QVERIFY(started.wait(20000));

    manager.shutdownRequested();
    manager.shutdown(120s); // no signal for 60 s: the kernel must go by itself
    QVERIFY(writeStop(stopFile));
    QVERIFY(finished.wait(30000));
    QCOMPARE(manager.lastExitCode(), 0);
    QVERIFY(died.isEmpty());
    QVERIFY(manager.connectionFile().isEmpty());
    QFile::remove(stopFile);
}

void TestKernelManager::exitAfterRequestIsNotADeath()
{
    // shutdown_request sent, kernel leaves before anyone calls shutdown(): finished, not died.
    KernelManager manager(
        fakeSpec(QStringLiteral("quick"), QStringLiteral("import sys\nsys.stdin.read()\n")));
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);
    manager.shutdownRequested();
    QVERIFY(manager.start().ok());
    QVERIFY(finished.wait(20000));
    QCOMPARE(manager.lastExitCode(), 0);
    QVERIFY(died.isEmpty());
}

void TestKernelManager::placeholdersAndEnvironment()
{
    // A kernelspec under <prefix>/share/jupyter/kernels/<name> knows its {prefix}.
    const QString prefix = m_root + QStringLiteral("/prefix");
    const QString dir = prefix + QStringLiteral("/share/jupyter/kernels/envtest");
    KernelSpec spec = fakeSpec(
        QStringLiteral("envtest"),
        QStringLiteral(
            "import json, os, sys, time\n"
            "sys.stderr.write('REPORT' + json.dumps({'argv': sys.argv[1:], 'cwd': os.getcwd(),"
            " 't1': os.environ.get('CUMULUS_T1'), 'base': os.environ.get('CUMULUS_BASE'),"
            " 'pyexe': os.environ.get('PYTHONEXECUTABLE'),"
            " 'ppid': os.environ.get('JPY_PARENT_PID')}) + '\\n')\n"
            "sys.stderr.flush()\n"
            "time.sleep(600)\n"),
        {QStringLiteral("{connection_file}"), QStringLiteral("{resource_dir}"),
         QStringLiteral("{prefix}"), QStringLiteral("{cwd}"), QStringLiteral("{unknown_key}"),
         QStringLiteral("x{connection_file}y"), QStringLiteral("~/tilde")},
        dir);
    spec.env.insert(QStringLiteral("CUMULUS_T1"),
                    QStringLiteral("a-${CUMULUS_BASE}-$CUMULUS_BASE.$$-$CUMULUS_NOT_SET-${oops"));
    spec.env.insert(QStringLiteral("CUMULUS_BASE"), QStringLiteral("overridden"));
    QProcessEnvironment base = QProcessEnvironment::systemEnvironment();
    base.insert(QStringLiteral("CUMULUS_BASE"), QStringLiteral("base"));
    base.insert(QStringLiteral("PYTHONEXECUTABLE"), QStringLiteral("/nonexistent/python"));
    const QString workDir = m_root + QStringLiteral("/work");
    QVERIFY(QDir().mkpath(workDir));

    KernelManager manager(spec);
    manager.setProcessEnvironment(base);
    manager.setWorkingDirectory(workDir);
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);
    QVERIFY(manager.start().ok());
    QTRY_VERIFY_WITH_TIMEOUT(manager.stderrTail().contains(QLatin1Char('\n')) || !died.isEmpty(),
                             20000);
    const QString tail = manager.stderrTail();
    const qsizetype at = tail.indexOf(QLatin1String("REPORT"));
    QVERIFY2(at >= 0, qPrintable(tail));
    const auto report = nlohmann::json::parse(tail.mid(at + 6).trimmed().toStdString());
    const std::string file = manager.connectionFile().toStdString();
    COMPARE_JSON(report.at("argv"),
                 nlohmann::json::array(
                     {file, dir.toStdString(), prefix.toStdString(), workDir.toStdString(),
                      "{unknown_key}", "x" + file + "y",
                      QString(QDir::homePath() + QStringLiteral("/tilde")).toStdString()}));
    COMPARE_JSON(report.at("cwd"), workDir.toStdString());
    // string.Template.safe_substitute() over the environment before the spec's env applies.
    COMPARE_JSON(report.at("t1"), "a-base-base.$-$CUMULUS_NOT_SET-${oops");
    COMPARE_JSON(report.at("base"), "overridden");
    QVERIFY(report.at("pyexe").is_null()); // dropped for Python kernels
    COMPARE_JSON(report.at("ppid"), std::to_string(QCoreApplication::applicationPid()));
    QCOMPARE(manager.command().value(0), kPython);

    manager.shutdown(2s);
    QVERIFY(finished.wait(20000));
    QVERIFY(died.isEmpty());
}

void TestKernelManager::missingProgram_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("expected");
    const QString notExecutable = m_root + QStringLiteral("/not-executable");
    QFile file(notExecutable);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\n");
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));

    QTest::newRow("not on PATH") << QStringLiteral("cumulus-no-such-kernel-program")
                                 << QStringLiteral("program 'cumulus-no-such-kernel-program' was "
                                                   "not found on PATH");
    QTest::newRow("absolute, missing") << QStringLiteral("/nonexistent/bin/kernel")
                                       << QStringLiteral("program '/nonexistent/bin/kernel' does "
                                                         "not exist");
    QTest::newRow("not executable")
        << notExecutable << QStringLiteral("program '%1' is not executable").arg(notExecutable);
    QTest::newRow("a directory") << m_root
                                 << QStringLiteral("program '%1' is not executable").arg(m_root);
}

void TestKernelManager::missingProgram()
{
    QFETCH(QString, program);
    QFETCH(QString, expected);
    KernelSpec spec = fakeSpec(QStringLiteral("ghost"), QString());
    spec.argv = {program, QStringLiteral("-f"), QStringLiteral("{connection_file}")};
    KernelManager manager(spec);
    QSignalSpy died(&manager, &KernelManager::processDied);
    auto result = manager.start();
    QVERIFY(!result.ok());
    const QString text = result.error().toString();
    QVERIFY2(text.contains(QStringLiteral("kernelspec 'ghost'")), qPrintable(text));
    QVERIFY2(text.contains(expected), qPrintable(text));
    QVERIFY2(text.startsWith(spec.path), qPrintable(text));
    QCOMPARE(manager.state(), KernelManager::State::NotRunning);
    QVERIFY(manager.connectionFile().isEmpty()); // and cleanup() checks the directory
    QVERIFY(died.isEmpty());

    spec.argv.clear();
    KernelManager empty(spec);
    auto emptyResult = empty.start();
    QVERIFY(!emptyResult.ok());
    QVERIFY(emptyResult.error().toString().contains(QStringLiteral("argv is empty")));
}

void TestKernelManager::kernelDiesDuringStartup_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrNeedle");
    QTest::newRow("boom") << QStringList{QStringLiteral("-c"),
                                         QStringLiteral(
                                             "import sys; sys.stderr.write('boom'); sys.exit(3)")}
                          << 3 << QStringLiteral("boom");
    QTest::newRow("no ipykernel_launcher")
        << QStringList{QStringLiteral("-m"), QStringLiteral("cumulus_no_such_launcher"),
                       QStringLiteral("-f"), QStringLiteral("{connection_file}")}
        << 1 << QStringLiteral("No module named cumulus_no_such_launcher");
    QTest::newRow("killed by a signal")
        << QStringList{QStringLiteral("-c"),
                       QStringLiteral("import os, signal; os.kill(os.getpid(), signal.SIGUSR1)")}
        << -SIGUSR1 << QString();
}

void TestKernelManager::kernelDiesDuringStartup()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrNeedle);
    KernelSpec spec = fakeSpec(QStringLiteral("doomed"), QString());
    spec.argv = QStringList{kPython} + args;
    KernelManager manager(spec);
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("kernel doomed died with exit code")));
    QVERIFY(manager.start().ok());
    QVERIFY(died.wait(20000));
    QCOMPARE(died.first().at(0).toInt(), exitCode);
    const QString tail = died.first().at(1).toString();
    QVERIFY2(tail.contains(stderrNeedle), qPrintable(tail));
    QCOMPARE(manager.lastExitCode(), exitCode);
    QCOMPARE(manager.state(), KernelManager::State::NotRunning);
    QVERIFY(finished.isEmpty());
    // The connection file stays for a restart until shutdown().
    QVERIFY(QFileInfo::exists(manager.connectionFile()));
    manager.shutdown();
    QVERIFY(finished.wait(5000));
}

void TestKernelManager::execFailure()
{
    // Executable, but not a program: execve() fails (ENOEXEC) after the checks in start().
    const QString program = m_root + QStringLiteral("/not-a-program");
    QFile file(program);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("\x7f"
                          "ELF garbage",
                          12));
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    KernelSpec spec = fakeSpec(QStringLiteral("badexec"), QString());
    spec.argv = {program, QStringLiteral("{connection_file}")};
    KernelManager manager(spec);
    QSignalSpy died(&manager, &KernelManager::processDied);
    QSignalSpy finished(&manager, &KernelManager::finished);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("kernel badexec died")));
    QVERIFY(manager.start().ok());
    QVERIFY(died.wait(20000));
    QCOMPARE(died.first().at(0).toInt(), 127);
    const QString text = died.first().at(1).toString();
    QVERIFY2(text.contains(QStringLiteral("kernelspec 'badexec'")) && text.contains(program),
             qPrintable(text));
    QCOMPARE(manager.state(), KernelManager::State::NotRunning);
    manager.shutdown();
    QVERIFY(finished.wait(5000));
}

void TestKernelManager::interruptModeMessage()
{
    KernelSpec spec =
        fakeSpec(QStringLiteral("messenger"), QStringLiteral("import time\ntime.sleep(600)\n"));
    spec.interruptMode = InterruptMode::Message;
    KernelManager manager(spec);
    QCOMPARE(manager.interruptMode(), InterruptMode::Message);
    QVERIFY(!manager.interrupt().ok()); // not running
    QSignalSpy started(&manager, &KernelManager::started);
    QSignalSpy finished(&manager, &KernelManager::finished);
    QVERIFY(manager.start().ok());
    QVERIFY(started.wait(20000));
    auto result = manager.interrupt();
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(QStringLiteral("interrupt_request")),
             qPrintable(result.error().message));
    QCOMPARE(manager.state(), KernelManager::State::Running);
    manager.shutdown(2s);
    QVERIFY(finished.wait(20000));
    QCOMPARE(manager.lastExitCode(), -SIGTERM);
}

void TestKernelManager::destructionKillsProcessGroup()
{
    // The kernel starts a child in its process group; both must go with the manager.
    auto manager = std::make_unique<KernelManager>(
        fakeSpec(QStringLiteral("parent"),
                 QStringLiteral("import subprocess, sys, time\n"
                                "child = subprocess.Popen(['/bin/sleep', '600'])\n"
                                "sys.stderr.write('CHILD %d\\n' % child.pid); sys.stderr.flush()\n"
                                "time.sleep(600)\n")));
    QSignalSpy died(manager.get(), &KernelManager::processDied);
    QVERIFY(manager->start().ok());
    QTRY_VERIFY_WITH_TIMEOUT(manager->stderrTail().contains(QLatin1Char('\n')) || !died.isEmpty(),
                             20000);
    const QString tail = manager->stderrTail();
    QVERIFY2(tail.startsWith(QLatin1String("CHILD ")), qPrintable(tail));
    const qint64 childPid = tail.mid(6).trimmed().toLongLong();
    const qint64 pid = manager->processId();
    QVERIFY(childPid > 0 && pid > 0);
    QCOMPARE(qint64(::getpgid(pid_t(childPid))), pid);
    const QString file = manager->connectionFile();
    QVERIFY(QFileInfo::exists(file));

    manager.reset();
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(processGone(pid));
    QTRY_VERIFY(processGone(childPid));
}

void TestKernelManager::shutdownWhenNotRunning()
{
    KernelManager manager(fakeSpec(QStringLiteral("idle"), QString()));
    QSignalSpy finished(&manager, &KernelManager::finished);
    manager.shutdown();
    QVERIFY(finished.isEmpty()); // queued, so a caller can connect after calling
    QVERIFY(finished.wait(5000));
    QCOMPARE(manager.state(), KernelManager::State::NotRunning);
}

QTEST_GUILESS_MAIN(TestKernelManager)
#include "tst_kernelmanager.moc"
