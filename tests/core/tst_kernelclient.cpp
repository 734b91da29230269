// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// KernelClient, LocalKernel and NotebookRunner against Debian's real ipykernel 6.17
// (/usr/share/jupyter/kernels/python3), started by the tests: handshake, execute, errors,
// interrupt, restart, a kernel that dies, input(), completion and inspection, shutdown, and
// kernels that cannot start. Everything Jupyter writes goes to a temporary directory; every
// kernel is shut down or killed (by LocalKernel's destructor) even when a check fails.
// Waits are QSignalSpy::wait / QTRY_*; nothing sleeps.

#include "jupyter/kernelmanager.h"
#include "jupyter/kernelspec.h"
#include "jupyter/localkernel.h"
#include "jupyter/notebookrunner.h"
#include "jupyter/zmqtransport.h"
#include "notebook/notebookdocument.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <memory>
#include <optional>
#include <sys/types.h>
#include <unistd.h>

using namespace cumulus;
using namespace cumulus::jupyter;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kDebianKernels = QStringLiteral("/usr/share/jupyter/kernels");
constexpr int kKernelStartMs = 60000; // ipykernel takes ~3 s on a busy 2-core runner
constexpr int kReplyMs = 30000;

/// What one execute request's callbacks saw.
struct ExecuteLog
{
    std::vector<MessagePtr> outputs;
    std::vector<ExecuteResult> results;

    ExecuteCallbacks callbacks()
    {
        ExecuteCallbacks callbacks;
        callbacks.output = [this](const MessagePtr &message) { outputs.push_back(message); };
        callbacks.finished = [this](const ExecuteResult &result) { results.push_back(result); };
        return callbacks;
    }
    const Message *first(const std::string &type) const
    {
        for (const MessagePtr &message : outputs)
            if (message->msgType() == type)
                return message.get();
        return nullptr;
    }
    std::string streamText() const
    {
        std::string text;
        for (const MessagePtr &message : outputs)
            if (message->msgType() == "stream")
                text += message->content().value("text", "");
        return text;
    }
};

QStringList connectionFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("kernel-*.json")}, QDir::Files);
}

QByteArray procFile(qint64 pid, const char *name)
{
    QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Gone, or a zombie nobody has reaped yet.
bool processGone(qint64 pid)
{
    if (::kill(pid_t(pid), 0) != 0)
        return errno == ESRCH;
    const QByteArray stat = procFile(pid, "stat");
    const qsizetype paren = stat.lastIndexOf(')');
    return paren > 0 && stat.mid(paren + 2, 1) == "Z";
}

Cell codeCell(const std::string &source)
{
    Cell cell(CellType::Code);
    cell.setSource(source);
    return cell;
}

} // namespace

class TestKernelClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void handshakeAndKernelInfo();
    void executeResult();
    void executeError();
    void interrupt_data();
    void interrupt();
    void restart();
    void kernelExits();
    void requestAfterDeathFails();
    void badSignatureIgnored();
    void inputThroughRunner();
    void inputRefused();
    void complete();
    void inspect();
    void isComplete_data();
    void isComplete();
    void shutdownRemovesConnectionFile();
    void missingProgram();
    void diesAtStart();
    void portTakenAtStart();
    void missingKernelspec();
    void heartbeatLossReported();

private:
    /// Starts @p kernel and waits for ready(); records its pid for the leak check.
    void start(LocalKernel &kernel);
    /// Runs @p code to the end on @p kernel's client.
    void run(LocalKernel &kernel, const std::string &code, ExecuteLog &log, int timeoutMs = kReplyMs);
    /// Shuts @p kernel down and checks that nothing is left.
    void stop(LocalKernel &kernel);
    std::unique_ptr<LocalKernel> makeKernel(KernelSpec spec = {});

    KernelSpec m_spec;
    QTemporaryDir m_temp;
    QString m_root;
    QString m_runtime;
    QList<qint64> m_pids; // every kernel process started, for the orphan check
};

void TestKernelClient::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_temp.isValid());
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    m_runtime = m_root + QStringLiteral("/runtime");
    qputenv("JUPYTER_RUNTIME_DIR", QFile::encodeName(m_runtime));
    qputenv("JUPYTER_DATA_DIR", QFile::encodeName(m_root + QStringLiteral("/data")));
    qputenv("JUPYTER_CONFIG_DIR", QFile::encodeName(m_root + QStringLiteral("/config")));
    qputenv("IPYTHONDIR", QFile::encodeName(m_root + QStringLiteral("/ipython")));
    qputenv("PYDEVD_DISABLE_FILE_VALIDATION", "1"); // debugpy's "frozen modules" chatter
    QVERIFY(QDir().mkpath(m_root + QStringLiteral("/work")));

    if (!QFileInfo(kPython).isExecutable())
        QSKIP("/usr/bin/python3 is missing (apt install python3-ipykernel)");
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import ipykernel")});
    QVERIFY(probe.waitForFinished(60000));
    if (probe.exitCode() != 0)
        QSKIP("/usr/bin/python3 has no ipykernel (apt install python3-ipykernel)");

    auto spec = findKernelSpec(QStringLiteral("python3"), {kDebianKernels});
    QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().toString()));
    m_spec = *spec;
    QCOMPARE(m_spec.argv.value(0), kPython);
}

void TestKernelClient::cleanup()
{
    // Kernels are destroyed at the end of each test, failed or not: their processes must be
    // gone and their connection files removed.
    for (qint64 pid : std::as_const(m_pids))
        QTRY_VERIFY2_WITH_TIMEOUT(processGone(pid), qPrintable(QStringLiteral("kernel %1 left running").arg(pid)),
                                  15000);
    m_pids.clear();
    QCOMPARE(connectionFiles(m_runtime), QStringList());
}

void TestKernelClient::cleanupTestCase()
{
    for (qint64 pid : std::as_const(m_pids))
        if (!processGone(pid))
            ::kill(pid_t(-pid), SIGKILL);
}

std::unique_ptr<LocalKernel> TestKernelClient::makeKernel(KernelSpec spec)
{
    auto kernel = std::make_unique<LocalKernel>(spec.argv.isEmpty() ? m_spec : std::move(spec));
    kernel->setWorkingDirectory(m_root + QStringLiteral("/work"));
    kernel->manager()->setRuntimeDirectory(m_runtime);
    return kernel;
}

void TestKernelClient::start(LocalKernel &kernel)
{
    QSignalSpy ready(&kernel, &Kernel::ready);
    QSignalSpy died(&kernel, &Kernel::died);
    kernel.start();
    if (kernel.manager()->processId() > 0)
        m_pids << kernel.manager()->processId();
    QVERIFY2(ready.wait(kKernelStartMs) || ready.count() == 1,
             qPrintable(died.isEmpty() ? QStringLiteral("no ready() in time")
                                       : died.first().first().toString()));
    QCOMPARE(ready.count(), 1);
    QVERIFY(kernel.client()->isReady());
}

void TestKernelClient::run(LocalKernel &kernel, const std::string &code, ExecuteLog &log,
                           int timeoutMs)
{
    const size_t before = log.results.size();
    kernel.client()->execute(code, {}, nullptr, log.callbacks());
    QTRY_VERIFY_WITH_TIMEOUT(log.results.size() > before, timeoutMs);
    QCOMPARE(log.results.size(), before + 1);
}

void TestKernelClient::stop(LocalKernel &kernel)
{
    const qint64 pid = kernel.manager()->processId();
    const QString file = kernel.manager()->connectionFile();
    QSignalSpy stopped(&kernel, &Kernel::stopped);
    kernel.shutdown();
    QVERIFY(stopped.count() == 1 || stopped.wait(30000));
    QCOMPARE(kernel.status(), Kernel::Status::Stopped);
    if (pid > 0)
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 10000);
    if (!file.isEmpty())
        QVERIFY2(!QFileInfo::exists(file), qPrintable(file));
}

void TestKernelClient::handshakeAndKernelInfo()
{
    auto kernel = makeKernel();
    QSignalSpy statuses(kernel.get(), &Kernel::statusChanged);
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(statuses.first().first().value<Kernel::Status>(), Kernel::Status::Starting);
    QCOMPARE(kernel->status(), Kernel::Status::Idle);
    const json &info = kernel->client()->kernelInfo();
    QCOMPARE(info.value("implementation", ""), std::string("ipython"));
    QVERIFY(info.value("protocol_version", "").rfind("5.", 0) == 0);
    QCOMPARE(info["language_info"].value("name", ""), std::string("python"));
    QCOMPARE(info["language_info"].value("file_extension", ""), std::string(".py"));
    QVERIFY(info["language_info"].value("version", "").rfind("3.", 0) == 0);

    // The connection file is in our runtime directory while the kernel runs.
    const QString file = kernel->manager()->connectionFile();
    QCOMPARE(QFileInfo(file).absolutePath(), m_runtime);
    QVERIFY(QFileInfo::exists(file));

    // kernel_info on demand, too.
    json again;
    kernel->client()->requestKernelInfo(this, [&](const MessagePtr &reply) { again = reply->content(); });
    QTRY_VERIFY_WITH_TIMEOUT(!again.is_null(), kReplyMs);
    QCOMPARE(again["language_info"].value("name", ""), std::string("python"));
    stop(*kernel);
}

void TestKernelClient::executeResult()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    ExecuteLog log;
    run(*kernel, "1+1", log);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(log.results[0].status, ExecuteResult::Status::Ok);
    QCOMPARE(log.results[0].reply.value("status", ""), std::string("ok"));
    QCOMPARE(log.results[0].reply.value("execution_count", 0), 1);
    const Message *result = log.first("execute_result");
    QVERIFY(result);
    QCOMPARE(result->content()["data"].value("text/plain", ""), std::string("2"));
    QCOMPARE(result->content().value("execution_count", 0), 1);
    QVERIFY(log.first("execute_input"));
    QCOMPARE(kernel->client()->pendingExecutions(), 0);

    ExecuteLog printed;
    run(*kernel, "print('hello'); print('wörld')", printed);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(printed.results[0].status, ExecuteResult::Status::Ok);
    QCOMPARE(printed.streamText(), std::string("hello\nwörld\n"));
    QCOMPARE(printed.results[0].reply.value("execution_count", 0), 2);
    stop(*kernel);
}

void TestKernelClient::executeError()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    // With stop_on_error (the default), a request queued behind a failing one is aborted.
    ExecuteLog failing;
    ExecuteLog queued;
    kernel->client()->execute("1/0", {}, nullptr, failing.callbacks());
    kernel->client()->execute("print('never')", {}, nullptr, queued.callbacks());
    QTRY_VERIFY_WITH_TIMEOUT(!failing.results.empty() && !queued.results.empty(), kReplyMs);
    QCOMPARE(failing.results[0].status, ExecuteResult::Status::Error);
    QCOMPARE(failing.results[0].reply.value("ename", ""), std::string("ZeroDivisionError"));
    QCOMPARE(failing.results[0].reply.value("evalue", ""), std::string("division by zero"));
    const Message *error = failing.first("error");
    QVERIFY(error);
    QCOMPARE(error->content().value("ename", ""), std::string("ZeroDivisionError"));
    QVERIFY(error->content()["traceback"].is_array());
    QCOMPARE(queued.results[0].status, ExecuteResult::Status::Aborted);
    QCOMPARE(queued.streamText(), std::string());

    // The kernel is fine afterwards.
    ExecuteLog after;
    run(*kernel, "'still here'", after);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(after.results[0].status, ExecuteResult::Status::Ok);
    stop(*kernel);
}

void TestKernelClient::interrupt_data()
{
    QTest::addColumn<bool>("byMessage");
    QTest::newRow("signal (kernel.json default)") << false;
    QTest::newRow("interrupt_mode message") << true;
}

void TestKernelClient::interrupt()
{
    QFETCH(bool, byMessage);
    KernelSpec spec = m_spec;
    spec.interruptMode = byMessage ? InterruptMode::Message : InterruptMode::Signal;
    auto kernel = makeKernel(spec);
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    ExecuteLog log;
    kernel->client()->execute("import time\nprint('sleeping', flush=True)\ntime.sleep(60)", {},
                              nullptr, log.callbacks());
    // ipykernel takes SIGINT as KeyboardInterrupt only while it runs code: wait for that.
    QTRY_VERIFY_WITH_TIMEOUT(log.streamText().find("sleeping") != std::string::npos, kReplyMs);
    QElapsedTimer clock;
    clock.start();
    kernel->interrupt();
    QTRY_VERIFY_WITH_TIMEOUT(!log.results.empty(), 20000);
    QVERIFY2(clock.elapsed() < 20000, "the interrupt took as long as the sleep");
    QCOMPARE(log.results[0].status, ExecuteResult::Status::Error);
    QCOMPARE(log.results[0].reply.value("ename", ""), std::string("KeyboardInterrupt"));
    QVERIFY(log.first("error"));

    // Usable afterwards, same process.
    ExecuteLog after;
    run(*kernel, "2+2", after);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(after.results[0].status, ExecuteResult::Status::Ok);
    stop(*kernel);
}

void TestKernelClient::restart()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    ExecuteLog set;
    run(*kernel, "x = 41", set);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(set.results[0].status, ExecuteResult::Status::Ok);

    ExecuteLog pending;
    kernel->client()->execute("import time\nprint('sleeping', flush=True)\ntime.sleep(60)", {},
                              nullptr, pending.callbacks());
    QTRY_VERIFY_WITH_TIMEOUT(pending.streamText().find("sleeping") != std::string::npos, kReplyMs);

    const qint64 pidBefore = kernel->manager()->processId();
    const QString fileBefore = kernel->manager()->connectionFile();
    QSignalSpy ready(kernel.get(), &Kernel::ready);
    QSignalSpy died(kernel.get(), &Kernel::died);
    kernel->restart();
    // The request in flight fails at once: its kernel is going away.
    QCOMPARE(pending.results.size(), size_t(1));
    QCOMPARE(pending.results[0].status, ExecuteResult::Status::Failed);
    QVERIFY(!pending.results[0].failureReason.isEmpty());
    QVERIFY(ready.wait(kKernelStartMs));
    const qint64 pidAfter = kernel->manager()->processId();
    if (pidAfter > 0)
        m_pids << pidAfter;
    QVERIFY(pidAfter != pidBefore);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(pidBefore), 10000);
    QCOMPARE(kernel->manager()->connectionFile(), fileBefore);
    QCOMPARE(died.count(), 0);
    QVERIFY(kernel->client()->isReady());
    QCOMPARE(kernel->status(), Kernel::Status::Idle);
    QCOMPARE(pending.results.size(), size_t(1)); // failed once, not again

    // A fresh interpreter: the variable is gone, the execution count starts over.
    ExecuteLog lookup;
    run(*kernel, "x", lookup);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(lookup.results[0].status, ExecuteResult::Status::Error);
    QCOMPARE(lookup.results[0].reply.value("ename", ""), std::string("NameError"));
    QCOMPARE(lookup.results[0].reply.value("execution_count", 0), 1);
    stop(*kernel);
}

void TestKernelClient::kernelExits()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy died(kernel.get(), &Kernel::died);
    ExecuteLog log;
    ExecuteLog queued;
    kernel->client()->execute("import os\nos._exit(1)", {}, nullptr, log.callbacks());
    kernel->client()->execute("print('never')", {}, nullptr, queued.callbacks());
    QVERIFY(died.wait(kReplyMs));
    QCOMPARE(died.count(), 1);
    const QString reason = died.first().first().toString();
    QVERIFY2(reason.contains(QLatin1String("exited with code 1")), qPrintable(reason));
    QCOMPARE(kernel->status(), Kernel::Status::Dead);
    QCOMPARE(kernel->client()->state(), KernelClient::State::Dead);
    for (const ExecuteLog *pending : {&log, &queued}) {
        QCOMPARE(pending->results.size(), size_t(1));
        QCOMPARE(pending->results[0].status, ExecuteResult::Status::Failed);
        QVERIFY(!pending->results[0].failureReason.isEmpty());
    }
    QCOMPARE(kernel->client()->pendingExecutions(), 0);

    // restart() brings a dead kernel back.
    QSignalSpy ready(kernel.get(), &Kernel::ready);
    kernel->restart();
    QVERIFY(ready.wait(kKernelStartMs));
    if (kernel->manager()->processId() > 0)
        m_pids << kernel->manager()->processId();
    ExecuteLog after;
    run(*kernel, "1+1", after);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(after.results[0].status, ExecuteResult::Status::Ok);
    stop(*kernel);
}

void TestKernelClient::requestAfterDeathFails()
{
    // After died(), a request sent to the dead kernel (a cell run, a completion) must fail
    // rather than wait forever — and must not run later on a restarted kernel.
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy died(kernel.get(), &Kernel::died);
    ExecuteLog dying;
    kernel->client()->execute("import os\nos._exit(1)", {}, nullptr, dying.callbacks());
    QVERIFY(died.wait(kReplyMs));
    QCOMPARE(kernel->client()->state(), KernelClient::State::Dead);

    ExecuteLog late;
    kernel->client()->execute("open('ran-after-death', 'w').close()", {}, nullptr, late.callbacks());
    QTRY_VERIFY2_WITH_TIMEOUT(!late.results.empty(), "an execute sent to a dead kernel never finished",
                              10000);
    QCOMPARE(late.results[0].status, ExecuteResult::Status::Failed);

    QSignalSpy ready(kernel.get(), &Kernel::ready);
    kernel->restart();
    QVERIFY(ready.wait(kKernelStartMs));
    if (kernel->manager()->processId() > 0)
        m_pids << kernel->manager()->processId();
    ExecuteLog after;
    run(*kernel, "1", after);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!QFileInfo::exists(m_root + QStringLiteral("/work/ran-after-death")),
             "a request sent while the kernel was dead ran on the restarted kernel");
    stop(*kernel);
}

void TestKernelClient::badSignatureIgnored()
{
    // A second transport with the wrong key on the same kernel: everything ipykernel
    // publishes reaches it with a signature it cannot verify, so it is dropped (counted), and
    // what it sends is dropped by ipykernel. The real client carries on undisturbed.
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    ConnectionInfo info = kernel->manager()->connectionInfo();
    QVERIFY(!info.key.isEmpty());
    info.key = QByteArrayLiteral("not-the-kernel-key");
    ZmqTransport intruder(info);
    QSignalSpy started(&intruder, &KernelTransport::started);
    QSignalSpy rejected(&intruder, &KernelTransport::messageRejected);
    QSignalSpy delivered(&intruder, &KernelTransport::messagesReceived);
    intruder.start();
    QVERIFY(started.count() == 1 || started.wait(10000));
    intruder.send(Channel::Shell, Message::create("execute_request",
                                                  {{"code", "open('forged-ran', 'w').close()"},
                                                   {"silent", false},
                                                   {"store_history", true},
                                                   {"user_expressions", json::object()},
                                                   {"allow_stdin", false},
                                                   {"stop_on_error", true}},
                                                  newUuid()));
    // The intruder's iopub subscription takes effect asynchronously: run cells until it has
    // seen (and refused) some of the kernel's messages.
    for (int i = 0; i < 20 && rejected.isEmpty(); ++i) {
        ExecuteLog log;
        run(*kernel, "1+1", log);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(log.results[0].status, ExecuteResult::Status::Ok);
        QCOMPARE(log.first("execute_result")->content()["data"].value("text/plain", ""),
                 std::string("2"));
    }
    QVERIFY(!rejected.isEmpty());
    QCOMPARE(intruder.rejectedCount(), quint64(rejected.count()));
    QVERIFY2(rejected.first().first().toString().contains(QLatin1String("signature")),
             qPrintable(rejected.first().first().toString()));
    QCOMPARE(delivered.count(), 0);
    QVERIFY2(!QFileInfo::exists(m_root + QStringLiteral("/work/forged-ran")),
             "ipykernel ran a request signed with the wrong key");
    intruder.stop();
    stop(*kernel);
}

void TestKernelClient::inputThroughRunner()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    Notebook notebook;
    notebook.cells().push_back(codeCell("name = input('Your name? ')\nprint('hello', name)"));
    notebook.cells().push_back(codeCell("import getpass\nsecret = getpass.getpass('Secret: ')\n"
                                        "print(len(secret))"));
    NotebookDocument document(std::move(notebook));
    NotebookRunner runner(&document, kernel.get());
    struct Asked { QString prompt; bool password; };
    std::vector<Asked> asked;
    runner.setInputHandler([&](const QString &prompt, bool password,
                               std::function<void(std::optional<std::string>)> answer) {
        asked.push_back({prompt, password});
        answer(password ? "hunter2" : "Ada Lovelace");
    });
    QSignalSpy finished(&runner, &NotebookRunner::finished);
    runner.runAll();
    QVERIFY(finished.wait(kReplyMs));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(asked.size(), size_t(2));
    QCOMPARE(asked[0].prompt, QStringLiteral("Your name? "));
    QVERIFY(!asked[0].password);
    QCOMPARE(asked[1].prompt, QStringLiteral("Secret: "));
    QVERIFY(asked[1].password);
    QCOMPARE(document.cell(0).outputs().size(), size_t(1));
    QCOMPARE(document.cell(0).outputs()[0].text(), std::string("hello Ada Lovelace\n"));
    QCOMPARE(document.cell(1).outputs().size(), size_t(1));
    QCOMPARE(document.cell(1).outputs()[0].text(), std::string("7\n"));
    stop(*kernel);
}

void TestKernelClient::inputRefused()
{
    // NotebookRunner::InputHandler: std::nullopt refuses, "the cell then fails as it would
    // without a front end" — it must not carry on with an empty string as if typed.
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    Notebook notebook;
    notebook.cells().push_back(codeCell("value = input('refused? ')\nprint('got', repr(value))"));
    notebook.cells().push_back(codeCell("print('not reached')"));
    NotebookDocument document(std::move(notebook));
    NotebookRunner runner(&document, kernel.get());
    int asked = 0;
    runner.setInputHandler([&](const QString &, bool,
                               std::function<void(std::optional<std::string>)> answer) {
        ++asked;
        answer(std::nullopt);
    });
    QSignalSpy finished(&runner, &NotebookRunner::finished);
    runner.runAll();
    QVERIFY(finished.wait(kReplyMs));
    QCOMPARE(asked, 1);
    QVERIFY2(!finished.first().at(0).toBool(), "a refused input() let the cell succeed");
    const auto &outputs = document.cell(0).outputs();
    QVERIFY(!outputs.empty());
    QCOMPARE(outputs.back().outputTypeName(), std::string("error"));
    QVERIFY(document.cell(1).outputs().empty());
    stop(*kernel);
}

void TestKernelClient::complete()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    json reply;
    const std::string code = "import o";
    kernel->client()->complete(code, int(code.size()), this,
                               [&](const MessagePtr &message) { reply = message->content(); });
    QTRY_VERIFY_WITH_TIMEOUT(!reply.is_null(), kReplyMs);
    QCOMPARE(reply.value("status", ""), std::string("ok"));
    QVERIFY(reply["matches"].is_array());
    bool hasOs = false;
    for (const json &match : reply["matches"])
        hasOs = hasOs || match == "os";
    QVERIFY2(hasOs, reply.dump().c_str());
    QCOMPARE(reply.value("cursor_start", -1), 7);
    QCOMPARE(reply.value("cursor_end", -1), 8);
    stop(*kernel);
}

void TestKernelClient::inspect()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    json found;
    json missing;
    kernel->client()->inspect("len", 3, 0, this,
                              [&](const MessagePtr &message) { found = message->content(); });
    kernel->client()->inspect("no_such_name_here", 5, 0, this,
                              [&](const MessagePtr &message) { missing = message->content(); });
    QTRY_VERIFY_WITH_TIMEOUT(!found.is_null() && !missing.is_null(), kReplyMs);
    QCOMPARE(found.value("status", ""), std::string("ok"));
    QCOMPARE(found.value("found", false), true);
    const std::string text = found["data"].value("text/plain", "");
    QVERIFY2(text.find("len") != std::string::npos, text.c_str());
    QCOMPARE(missing.value("found", true), false);
    stop(*kernel);
}

void TestKernelClient::isComplete_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("indent");
    QTest::newRow("for header") << QStringLiteral("for i in range(3):") << QStringLiteral("incomplete")
                                << QStringLiteral("    ");
    QTest::newRow("open paren") << QStringLiteral("x = (") << QStringLiteral("incomplete") << QString();
    QTest::newRow("assignment") << QStringLiteral("x = 1") << QStringLiteral("complete") << QString();
    QTest::newRow("whole def") << QStringLiteral("def f():\n    return 1\n")
                               << QStringLiteral("complete") << QString();
    QTest::newRow("garbage") << QStringLiteral("1 +* 2") << QStringLiteral("invalid") << QString();
}

void TestKernelClient::isComplete()
{
    QFETCH(QString, code);
    QFETCH(QString, status);
    QFETCH(QString, indent);
    // One kernel per row keeps the rows independent; ipykernel starts in a few seconds.
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    json reply;
    kernel->client()->isComplete(code.toStdString(), this,
                                 [&](const MessagePtr &message) { reply = message->content(); });
    QTRY_VERIFY_WITH_TIMEOUT(!reply.is_null(), kReplyMs);
    QCOMPARE(QString::fromStdString(reply.value("status", "")), status);
    if (status == QLatin1String("incomplete") && !indent.isEmpty())
        QCOMPARE(QString::fromStdString(reply.value("indent", "")), indent);
    stop(*kernel);
}

void TestKernelClient::shutdownRemovesConnectionFile()
{
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    const QString file = kernel->manager()->connectionFile();
    const qint64 pid = kernel->manager()->processId();
    QVERIFY(QFileInfo::exists(file));
    QSignalSpy died(kernel.get(), &Kernel::died);
    ExecuteLog pending;
    kernel->client()->execute("import time\ntime.sleep(60)", {}, nullptr, pending.callbacks());
    QElapsedTimer clock;
    clock.start();
    stop(*kernel);
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(processGone(pid));
    QCOMPARE(died.count(), 0); // a requested shutdown is not a death
    // The request the shutdown cut short failed; it did not wait for the sleep.
    QCOMPARE(pending.results.size(), size_t(1));
    QCOMPARE(pending.results[0].status, ExecuteResult::Status::Failed);
    QVERIFY(clock.elapsed() < 30000);
    QCOMPARE(kernel->client()->state(), KernelClient::State::Dead);
}

void TestKernelClient::missingProgram()
{
    KernelSpec spec = m_spec;
    spec.name = QStringLiteral("broken");
    const QString program = m_root + QStringLiteral("/no/such/python3");
    spec.argv[0] = program;
    auto kernel = makeKernel(spec);
    QSignalSpy died(kernel.get(), &Kernel::died);
    QSignalSpy ready(kernel.get(), &Kernel::ready);
    kernel->start();
    QVERIFY(died.count() == 1 || died.wait(kReplyMs));
    QCOMPARE(died.count(), 1);
    const QString reason = died.first().first().toString();
    QVERIFY2(reason.contains(program), qPrintable(reason));
    QCOMPARE(kernel->status(), Kernel::Status::Dead);
    QCOMPARE(ready.count(), 0);
    QCOMPARE(connectionFiles(m_runtime), QStringList());
}

void TestKernelClient::diesAtStart()
{
    KernelSpec spec = m_spec;
    spec.name = QStringLiteral("boom");
    spec.argv = {kPython, QStringLiteral("-c"),
                 QStringLiteral("import sys; sys.stderr.write('boom'); sys.exit(3)")};
    auto kernel = makeKernel(spec);
    QSignalSpy died(kernel.get(), &Kernel::died);
    QSignalSpy ready(kernel.get(), &Kernel::ready);
    QElapsedTimer clock;
    clock.start();
    kernel->start();
    if (kernel->manager()->processId() > 0)
        m_pids << kernel->manager()->processId();
    QVERIFY(died.count() == 1 || died.wait(kReplyMs));
    QCOMPARE(died.count(), 1);
    const QString reason = died.first().first().toString();
    QVERIFY2(reason.contains(QLatin1String("boom")), qPrintable(reason));
    QVERIFY2(reason.contains(QLatin1String("3")), qPrintable(reason));
    // Reported when the process exits, not after the handshake's 60 s timeout.
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(ready.count(), 0);
    QCOMPARE(kernel->status(), Kernel::Status::Dead);
    kernel.reset();
    QCOMPARE(connectionFiles(m_runtime), QStringList());
}

void TestKernelClient::portTakenAtStart()
{
    // Another program takes the control port between allocation and the kernel's bind: the
    // first launch holds that port itself (a listening socket inherited through exec), so
    // ipykernel really fails with "Address already in use"; the second launch is plain.
    const QString marker = m_root + QStringLiteral("/port-taken");
    const QString wrapper = m_root + QStringLiteral("/take-port.py");
    QFile script(wrapper);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(R"(import json, os, socket, sys
connection_file, marker = sys.argv[1], sys.argv[2]
if not os.path.exists(marker):
    info = json.load(open(connection_file))
    taken = socket.socket()
    taken.bind((info["ip"], info["control_port"]))
    taken.listen()
    os.set_inheritable(taken.fileno(), True)
    with open(marker, "w") as out:
        json.dump(info["control_port"], out)
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file])
)");
    script.close();

    KernelSpec spec = m_spec;
    spec.argv = {kPython, wrapper, QStringLiteral("{connection_file}"), marker};
    auto kernel = makeKernel(spec);
    QSignalSpy died(kernel.get(), &Kernel::died);
    start(*kernel);
    QVERIFY2(QFile::exists(marker), "the first launch did not run");
    QFile taken(marker);
    QVERIFY(taken.open(QIODevice::ReadOnly));
    const int takenPort = taken.readAll().trimmed().toInt();
    QVERIFY(takenPort > 0);
    QVERIFY(kernel->manager()->connectionInfo().controlPort != takenPort);
    QCOMPARE(died.count(), 0);

    ExecuteLog log;
    run(*kernel, "print(6 * 7)", log);
    QCOMPARE(log.streamText(), std::string("42\n"));
    stop(*kernel);
    QCOMPARE(connectionFiles(m_runtime), QStringList()); // the first launch's file too
}

void TestKernelClient::missingKernelspec()
{
    auto spec = findKernelSpec(QStringLiteral("nosuch-cumulus-kernel"));
    QVERIFY(!spec.ok());
    const QString message = spec.error().toString();
    QVERIFY2(message.contains(QLatin1String("nosuch-cumulus-kernel")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("No such kernel"), Qt::CaseInsensitive), qPrintable(message));
}

void TestKernelClient::heartbeatLossReported()
{
    // A kernel that stops answering heartbeats (here: frozen with SIGSTOP, so its heartbeat
    // thread is stopped too) while a cell waits on it must be reported; the issue's "heartbeat
    // detects death". The process still exists, so only the heartbeat can tell.
    auto kernel = makeKernel();
    start(*kernel);
    if (QTest::currentTestFailed())
        return;
    const qint64 pid = kernel->manager()->processId();
    QVERIFY(pid > 0);
    // Past the transport's start-up grace (10 s until the first pong): let a few pings pass.
    ExecuteLog warmup;
    run(*kernel, "1", warmup);
    if (QTest::currentTestFailed())
        return;
    struct Resume
    {
        qint64 pid;
        ~Resume() { ::kill(pid_t(-pid), SIGCONT); }
    } resume {pid};
    QSignalSpy died(kernel.get(), &Kernel::died);
    QSignalSpy statuses(kernel.get(), &Kernel::statusChanged);
    ExecuteLog log;
    kernel->client()->execute("1+1", {}, nullptr, log.callbacks());
    QCOMPARE(::kill(pid_t(-pid), SIGSTOP), 0);
    const auto reported = [&] {
        return !died.isEmpty() || kernel->status() == Kernel::Status::Dead
            || kernel->status() == Kernel::Status::Reconnecting;
    };
    // The transport's heartbeat gives up after 3 s without an answer: 20 s is ample.
    QTRY_VERIFY2_WITH_TIMEOUT(reported(), "a frozen kernel (no heartbeat for 20 s) went unnoticed",
                              20000);
}

QTEST_GUILESS_MAIN(TestKernelClient)
#include "tst_kernelclient.moc"
