// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The command line against a real OpenSSH sshd (sshdfixture.h): `cumulus servers`,
// `cumulus kernels --server`, `cumulus run --server` (same outputs as a local run),
// `cumulus ps --server` listing a kernel left running and shutting it down, and clear errors
// for an unknown host key in batch use.

#include "nbformat/nbformat.h"
#include "remotehost.h"
#include "remotekernel.h"
#include "sshdfixture.h"
#include "sshsession.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace cumulus;

namespace {

struct Ran
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestRemoteCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void servers();
    void kernelsOnServer();
    void runOnServerMatchesLocalRun();
    void psListsAndShutsDown();
    void unknownHostKeyInBatch();

private:
    Ran cumulus(const QStringList &arguments, int timeoutMs = 120000);

    test::Sshd m_sshd;
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QByteArray m_savedHome;
};

void TestRemoteCli::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json")))
        QSKIP("Debian's python3-ipykernel is not installed (CI installs it)");
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    QVERIFY(m_dir.isValid());
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("HOME"), m_sshd.home);
    m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.path() + QStringLiteral("/config"));
    m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.path() + QStringLiteral("/data"));
    m_env.insert(QStringLiteral("JUPYTER_RUNTIME_DIR"), m_dir.path() + QStringLiteral("/runtime"));
    m_env.insert(QStringLiteral("JUPYTER_DATA_DIR"), m_dir.path() + QStringLiteral("/jupyter"));
    m_env.insert(QStringLiteral("IPYTHONDIR"), m_dir.path() + QStringLiteral("/ipython"));
    m_env.insert(QStringLiteral("CUMULUS_SSH_CONFIG"), m_sshd.writeSshConfig());
    m_env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    m_env.remove(QStringLiteral("SSH_AUTH_SOCK"));
    m_env.remove(QStringLiteral("LANGUAGE"));
    m_savedHome = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qunsetenv("SSH_AUTH_SOCK");
}

void TestRemoteCli::cleanupTestCase()
{
    qputenv("HOME", m_savedHome);
    m_sshd.stop();
}

Ran TestRemoteCli::cumulus(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(m_env);
    process.setStandardInputFile(QProcess::nullDevice()); // batch: no terminal to ask on
    process.start(QStringLiteral(CUMULUS_EXECUTABLE), arguments);
    Ran ran;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        ran.err = QStringLiteral("timed out: ") + QString::fromUtf8(process.readAllStandardError());
        return ran;
    }
    ran.exitCode = process.exitCode();
    ran.out = QString::fromUtf8(process.readAllStandardOutput());
    ran.err = QString::fromUtf8(process.readAllStandardError());
    return ran;
}

void TestRemoteCli::servers()
{
    const Ran listed = cumulus({QStringLiteral("servers")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains(QLatin1String("test-sshd")) && listed.out.contains(QStringLiteral("127.0.0.1:%1").arg(m_sshd.port)),
             qPrintable(listed.out));
    const Ran json = cumulus({QStringLiteral("servers"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const auto parsed = nlohmann::json::parse(json.out.toStdString());
    QCOMPARE(parsed.size(), size_t(1));
    QCOMPARE(parsed[0]["port"].get<int>(), int(m_sshd.port));
}

void TestRemoteCli::kernelsOnServer()
{
    const Ran listed = cumulus({QStringLiteral("kernels"), QStringLiteral("--server"), QStringLiteral("test-sshd")});
    QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
    QVERIFY2(listed.out.contains(QLatin1String("python3")) && listed.out.contains(QLatin1String("/usr/share/jupyter/kernels/python3")),
             qPrintable(listed.out));
    const Ran json = cumulus({QStringLiteral("kernels"), QStringLiteral("--server"), QStringLiteral("test-sshd"),
                              QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const auto parsed = nlohmann::json::parse(json.out.toStdString());
    QVERIFY(std::any_of(parsed.begin(), parsed.end(), [](const auto &spec) { return spec["name"] == "python3"; }));
}

void TestRemoteCli::runOnServerMatchesLocalRun()
{
    // Code that gives the same output wherever it runs (no host names, no paths).
    Notebook notebook;
    const char *sources[] = {"x = sum(range(10))\nprint('sum', x)", "x * 2",
                             "import sys\nprint('to stderr', file=sys.stderr)",
                             "from IPython.display import display, HTML\ndisplay(HTML('<b>bold</b>'))",
                             "raise ValueError('expected')"};
    for (const char *source : sources) {
        Cell cell(CellType::Code);
        cell.setSource(source);
        notebook.cells().push_back(cell);
    }
    const QString input = m_dir.path() + QStringLiteral("/remote-run.ipynb");
    QVERIFY(nbformat::writeFile(notebook, input));
    const QString local = m_dir.path() + QStringLiteral("/local-out.ipynb");
    const QString remote = m_dir.path() + QStringLiteral("/remote-out.ipynb");
    const Ran localRun = cumulus({QStringLiteral("run"), input, QStringLiteral("-o"), local, QStringLiteral("--allow-errors")});
    QVERIFY2(localRun.exitCode == 0, qPrintable(localRun.err));
    const Ran remoteRun = cumulus({QStringLiteral("run"), input, QStringLiteral("-o"), remote, QStringLiteral("--allow-errors"),
                                   QStringLiteral("--server"), QStringLiteral("test-sshd")});
    QVERIFY2(remoteRun.exitCode == 0, qPrintable(remoteRun.err));
    QVERIFY2(remoteRun.err.contains(QLatin1String("on test-sshd")), qPrintable(remoteRun.err));

    auto localNb = nbformat::readFile(local);
    auto remoteNb = nbformat::readFile(remote);
    QVERIFY(localNb && remoteNb);
    const auto &a = localNb->notebook.cells();
    const auto &b = remoteNb->notebook.cells();
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].executionCount(), a[i].executionCount());
        QCOMPARE(b[i].outputs().size(), a[i].outputs().size());
        for (size_t j = 0; j < a[i].outputs().size(); ++j)
            QCOMPARE(QString::fromStdString(b[i].outputs()[j].json().dump()),
                     QString::fromStdString(a[i].outputs()[j].json().dump()));
    }
    QVERIFY(!a[0].outputs().empty());

    // The run shut its kernel down: nothing left on the server.
    const Ran ps = cumulus({QStringLiteral("ps"), QStringLiteral("--server"), QStringLiteral("test-sshd"), QStringLiteral("--json")});
    QCOMPARE(ps.exitCode, 0);
    QCOMPARE(nlohmann::json::parse(ps.out.toStdString()).size(), size_t(0));
}

void TestRemoteCli::psListsAndShutsDown()
{
    // A kernel left running by a client that went away.
    QString id;
    {
        remote::RemoteHost host(m_sshd.server());
        host.session()->setInteractive(false);
        remote::RemoteKernel kernel(&host, QStringLiteral("python3"), QString());
        kernel.setNotebookName(QStringLiteral("orphan.ipynb"));
        QSignalSpy ready(&kernel, &jupyter::Kernel::ready);
        kernel.start();
        QVERIFY(ready.wait(60000));
        id = kernel.kernelId();
    }
    const Ran ps = cumulus({QStringLiteral("ps"), QStringLiteral("--server"), QStringLiteral("test-sshd")});
    QVERIFY2(ps.exitCode == 0, qPrintable(ps.err));
    QVERIFY2(ps.out.contains(id) && ps.out.contains(QLatin1String("orphan.ipynb")) && ps.out.contains(QLatin1String("running")),
             qPrintable(ps.out));
    const Ran stop = cumulus({QStringLiteral("ps"), QStringLiteral("--server"), QStringLiteral("test-sshd"),
                              QStringLiteral("--shutdown"), id});
    QVERIFY2(stop.exitCode == 0, qPrintable(stop.err));
    const Ran after = cumulus({QStringLiteral("ps"), QStringLiteral("--server"), QStringLiteral("test-sshd")});
    QVERIFY(!after.out.contains(id));
}

void TestRemoteCli::unknownHostKeyInBatch()
{
    QFile::rename(m_sshd.knownHosts, m_sshd.knownHosts + QStringLiteral(".saved"));
    const Ran listed = cumulus({QStringLiteral("kernels"), QStringLiteral("--server"), QStringLiteral("test-sshd")});
    QFile::remove(m_sshd.knownHosts);
    QFile::rename(m_sshd.knownHosts + QStringLiteral(".saved"), m_sshd.knownHosts);
    QCOMPARE(listed.exitCode, 1);
    QVERIFY2(listed.err.contains(m_sshd.hostKeyFingerprint()) && listed.err.contains(QLatin1String("not accepted")),
             qPrintable(listed.err));
}

QTEST_GUILESS_MAIN(TestRemoteCli)
#include "tst_remotecli.moc"
