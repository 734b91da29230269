// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The window against a real OpenSSH sshd (sshdfixture.h): the Servers dock lists the ssh
// config's hosts, connects to one (an unknown host key is asked in a dialog that leaves the
// window running), shows its load, "No GPU" and its kernels; a notebook switches to a kernel
// on the server in one action, runs there (status bar says where), a second notebook
// re-attaches to the same kernel, and the first switches back to this machine.

#include "../app/sandbox.h"
#include "mainwindow.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"
#include "notebookeditor.h"
#include "panels/serverpanel.h"
#include "remotehost.h"
#include "serverconnections.h"
#include "serverdock.h"
#include "sshdfixture.h"
#include "sshprompts.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace cumulus;

namespace {

constexpr int kWaitMs = 60000;

QString childTexts(QTreeWidgetItem *item)
{
    QStringList texts;
    for (int i = 0; i < item->childCount(); ++i) {
        texts << item->child(i)->text(0);
        for (int j = 0; j < item->child(i)->childCount(); ++j)
            texts << QStringLiteral("  ") + item->child(i)->child(j)->text(0);
    }
    return texts.join(QLatin1Char('\n'));
}

std::string outputText(const Cell &cell)
{
    std::string text;
    for (const Output &output : cell.outputs())
        text += output.type() == OutputType::Stream ? output.text() : output.dataText("text/plain");
    return text;
}

NotebookEditor *notebookWith(MainWindow &window, const std::vector<std::string> &sources)
{
    NotebookEditor *editor = window.newNotebook();
    NotebookDocument *document = editor->document();
    document->removeCells(0, document->cellCount());
    for (const std::string &source : sources) {
        Cell cell(CellType::Code);
        cell.setSource(source);
        document->insertCell(document->cellCount(), std::move(cell));
    }
    editor->view()->setCurrentCell(0);
    return editor;
}

} // namespace

class TestServerGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void unknownHostKeyDialogDoesNotBlock();
    void notebookRunsOnServerAndComesBack();

private:
    ::test::Sshd m_sshd;
    QTemporaryDir m_dir;
};

void TestServerGui::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json")))
        QSKIP("Debian's python3-ipykernel is not installed (CI installs it)");
    QVERIFY(m_dir.isValid());
    cumulus::test::sandboxUserDirectories(m_dir.path(), QStringLiteral("tst_servergui"));
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qputenv("CUMULUS_SSH_CONFIG", QFile::encodeName(m_sshd.writeSshConfig()));
    qunsetenv("SSH_AUTH_SOCK");
}

void TestServerGui::cleanupTestCase()
{
    m_sshd.stop();
}

void TestServerGui::unknownHostKeyDialogDoesNotBlock()
{
    QFile::rename(m_sshd.knownHosts, m_sshd.knownHosts + QStringLiteral(".saved"));
    MainWindow window;
    window.setPersistent(false);
    window.show();
    ServerPanel *panel = window.serverDock()->panel();
    QTreeWidgetItem *item = panel->serverItem(QStringLiteral("test-sshd"));
    QVERIFY(item);
    panel->connectServer(QStringLiteral("test-sshd"));

    // The question is a dialog on the window; the event loop goes on meanwhile.
    QMessageBox *box = nullptr;
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
    ticker.start(20);
    QVERIFY(QTest::qWaitFor([&] {
        box = window.findChild<QMessageBox *>(QStringLiteral("unknownHostKeyBox"));
        return box && box->isVisible();
    }, kWaitMs));
    QTest::qWait(300);
    QVERIFY2(ticks >= 5, "the window's event loop stalled while the prompt was open");
    QVERIFY2(box->text().contains(m_sshd.hostKeyFingerprint()), qPrintable(box->text()));
    if (qEnvironmentVariableIsSet("CUMULUS_SCREENSHOT_DIR"))
        window.grab().save(qEnvironmentVariable("CUMULUS_SCREENSHOT_DIR") + QStringLiteral("/hostkey.png"));
    box->button(QMessageBox::Yes)->click();
    QVERIFY(QTest::qWaitFor([&] { return item->text(1) == QLatin1String("connected"); }, kWaitMs));
    QFile known(m_sshd.knownHosts);
    QVERIFY(known.open(QIODevice::ReadOnly));
    QVERIFY(known.readAll().contains("ssh-ed25519"));
}

void TestServerGui::notebookRunsOnServerAndComesBack()
{
    MainWindow window;
    window.setPersistent(false);
    window.resize(1400, 800);
    window.show();
    window.serverDock()->show();
    window.serverDock()->prompts()->setAnswerer(
            [](remote::RemoteHost *, remote::SshSession *session, const remote::SshPrompt &prompt) {
                session->answerPrompt(prompt.id, std::nullopt); // nothing should be asked here
            });
    ServerPanel *panel = window.serverDock()->panel();
    QTreeWidgetItem *server = panel->serverItem(QStringLiteral("test-sshd"));
    QVERIFY(server);
    QTreeWidgetItem *local = panel->serverItem(QString());
    QVERIFY(local);
    QVERIFY(QTest::qWaitFor([&] { return childTexts(local).contains(QLatin1String("No GPU")); }, kWaitMs));

    panel->connectServer(QStringLiteral("test-sshd"));
    QVERIFY(QTest::qWaitFor([&] { return server->text(1) == QLatin1String("connected"); }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] {
        const QString texts = childTexts(server);
        return texts.contains(QLatin1String("CPU:")) && texts.contains(QLatin1String("Memory:"))
               && texts.contains(QLatin1String("No GPU")) && texts.contains(QLatin1String("Kernels (0)"));
    }, kWaitMs));

    // One action: the notebook runs on the server.
    NotebookEditor *editor = notebookWith(window, {"import os\nvalue = 6 * 7\nprint(os.environ['HOME'])", "value"});
    Q_EMIT panel->useServerRequested(QStringLiteral("test-sshd"), QStringLiteral("python3"), QStringLiteral("Python 3"),
                                     QString());
    QVERIFY(QTest::qWaitFor([&] { return editor->kernelStatus() == jupyter::Kernel::Status::Idle; }, kWaitMs));
    auto *serverLabel = window.statusBar()->findChild<QLabel *>(QStringLiteral("serverLabel"));
    QVERIFY(serverLabel);
    QCOMPARE(serverLabel->text(), QStringLiteral("test-sshd"));
    QVERIFY(serverLabel->toolTip().contains(m_sshd.remoteHome));
    editor->runAll();
    QVERIFY(QTest::qWaitFor([&] { return !editor->isRunning() && editor->document()->cell(1).executionCount() > 0; }, kWaitMs));
    QCOMPARE(outputText(editor->document()->cell(0)), m_sshd.remoteHome.toStdString() + "\n");
    QCOMPARE(outputText(editor->document()->cell(1)), std::string("42"));

    // The panel lists the kernel under the server, with the notebook's name.
    panel->connectServer(QStringLiteral("test-sshd")); // refresh
    QVERIFY(QTest::qWaitFor([&] { return childTexts(server).contains(editor->title()); }, kWaitMs));
    if (qEnvironmentVariableIsSet("CUMULUS_SCREENSHOT_DIR"))
        window.grab().save(qEnvironmentVariable("CUMULUS_SCREENSHOT_DIR") + QStringLiteral("/servers.png"));

    // A second notebook attaches to the same kernel and sees its variables.
    remote::RemoteHost *host = window.serverDock()->connections()->existingHost(QStringLiteral("test-sshd"));
    QVERIFY(host);
    QString kernelId;
    host->runningKernels(this, [&](const Result<std::vector<remote::RemoteKernelRecord>> &records) {
        if (records && !records->empty())
            kernelId = records->front().id;
    });
    QVERIFY(QTest::qWaitFor([&] { return !kernelId.isEmpty(); }, kWaitMs));
    NotebookEditor *second = notebookWith(window, {"value + 1"});
    Q_EMIT panel->attachRequested(QStringLiteral("test-sshd"), kernelId);
    QVERIFY(QTest::qWaitFor([&] { return second->kernelStatus() == jupyter::Kernel::Status::Idle; }, kWaitMs));
    second->runAll();
    QVERIFY(QTest::qWaitFor([&] { return second->document()->cell(0).executionCount() > 0 && !second->isRunning(); }, kWaitMs));
    QCOMPARE(outputText(second->document()->cell(0)), std::string("43"));

    // Back to this machine in one action.
    window.findChild<QTabWidget *>()->setCurrentWidget(editor);
    QCOMPARE(window.currentEditor(), editor);
    Q_EMIT panel->useServerRequested(QString(), QStringLiteral("python3"), QStringLiteral("Python 3"), QString());
    QVERIFY(QTest::qWaitFor([&] { return editor->kernelStatus() == jupyter::Kernel::Status::Idle; }, kWaitMs));
    QCOMPARE(serverLabel->text(), QStringLiteral("Local"));
    editor->runAll();
    // The outputs from the server are replaced by this machine's.
    const std::string localHome = QDir::homePath().toStdString() + "\n";
    QVERIFY(QTest::qWaitFor([&] { return outputText(editor->document()->cell(0)) == localHome; }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return !editor->isRunning(); }, kWaitMs));
    QCOMPARE(outputText(editor->document()->cell(1)), std::string("42"));

    // Leave nothing behind on the server.
    second->shutdownKernel();
    QVERIFY(QTest::qWaitFor([&] {
        std::optional<size_t> left;
        host->runningKernels(this, [&](const auto &records) { left = records ? records->size() : 99; });
        return QTest::qWaitFor([&] { return left.has_value(); }, 10000) && *left == 0;
    }, kWaitMs));
}

QTEST_MAIN(TestServerGui)
#include "tst_servergui.moc"
