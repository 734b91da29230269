// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// A notebook on a server in the window, against a real OpenSSH sshd (sshdfixture.h, whose
// "server" is this machine, so the test reads the server's file directly): opened over SFTP
// on the server's file session (not the kernels' one), titled "name — server", edited, saved
// back (the server's file parses with the edit, its permissions kept), its kernel on the
// server in the notebook's folder; a save that the server refuses, and one with the server
// gone, are reported naming the server, the path and the reason while the tab keeps the
// edits, modified, with a recovery copy; Save As keeps it on this computer.

#include "../app/sandbox.h"
#include "mainwindow.h"
#include "nbformat/nbformat.h"
#include "notebook/notebookdocument.h"
#include "notebookeditor.h"
#include "recoverystore.h"
#include "remotefilesystem.h"
#include "remotehost.h"
#include "remotekernel.h"
#include "serverconnections.h"
#include "serverdock.h"
#include "sshdfixture.h"
#include "sshprompts.h"
#include "transferdock.h"

#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <sys/stat.h>

using namespace cumulus;

namespace {

constexpr int kWaitMs = 60000;

std::string outputText(const Cell &cell)
{
    std::string text;
    for (const Output &output : cell.outputs())
        text += output.type() == OutputType::Stream ? output.text() : output.dataText("text/plain");
    return text;
}

void writeNotebook(const QString &path, const std::vector<std::string> &sources)
{
    Notebook notebook;
    for (const std::string &source : sources) {
        Cell cell(CellType::Code);
        cell.setSource(source);
        notebook.cells().push_back(std::move(cell));
    }
    notebook.metadata() = {{"kernelspec", {{"name", "python3"}, {"display_name", "Python 3"}, {"language", "python"}}}};
    auto written = nbformat::writeFile(notebook, path);
    QVERIFY2(written, written ? "" : qPrintable(written.error().toString()));
}

std::string sourceOnServer(const QString &path, int cell)
{
    auto read = nbformat::readFile(path);
    if (!read)
        return "<" + read.error().toString().toStdString() + ">";
    if (int(read->notebook.cells().size()) <= cell)
        return "<no such cell>";
    return read->notebook.cells().at(size_t(cell)).source();
}

} // namespace

class TestRemoteNotebook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void openEditSaveOnServer();
    void failedSavesKeepTheEdits();

private:
    void setUpWindow(MainWindow &window);
    NotebookEditor *open(MainWindow &window, const QString &path);

    ::test::Sshd m_sshd;
    QTemporaryDir m_dir;
    QString m_folder;
    QStringList m_errors;
};

void TestRemoteNotebook::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qRegisterMetaType<NotebookEditor *>(); // for QSignalSpy
    cumulus::test::sandboxUserDirectories(m_dir.path(), QStringLiteral("tst_remotenotebook"));
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qputenv("CUMULUS_SSH_CONFIG", QFile::encodeName(m_sshd.writeSshConfig()));
    qunsetenv("SSH_AUTH_SOCK");
    m_folder = m_sshd.remoteHome + QStringLiteral("/project ü");
    QVERIFY(QDir().mkpath(m_folder));
}

void TestRemoteNotebook::cleanupTestCase()
{
    m_sshd.stop();
}

void TestRemoteNotebook::setUpWindow(MainWindow &window)
{
    window.resize(1200, 800);
    window.show();
    m_errors.clear();
    window.setErrorReporter(
            [this](const QString &title, const QString &text) { m_errors << title + QLatin1Char('\n') + text; });
    window.setAutosaveInterval(0); // recovery copies only when the test (or a failed save) asks
    window.serverDock()->prompts()->setAnswerer(
            [](remote::RemoteHost *, remote::SshSession *session, const remote::SshPrompt &prompt) {
                session->answerPrompt(prompt.id, std::nullopt); // nothing should be asked here
            });
}

NotebookEditor *TestRemoteNotebook::open(MainWindow &window, const QString &path)
{
    QSignalSpy opened(&window, &MainWindow::remoteNotebookOpened);
    if (!window.openRemoteNotebook(QStringLiteral("test-sshd"), path))
        return nullptr;
    if (!QTest::qWaitFor([&] { return !opened.isEmpty(); }, kWaitMs))
        return nullptr;
    return opened.first().at(0).value<NotebookEditor *>();
}

void TestRemoteNotebook::openEditSaveOnServer()
{
    const QString path = m_folder + QStringLiteral("/analysis.ipynb");
    writeNotebook(path, {"import os\nprint(os.getcwd())", "6 * 7"});
    ::chmod(QFile::encodeName(path).constData(), 0640);

    MainWindow window;
    setUpWindow(window);
    // The server's key is not known yet: the file session asks, and is answered itself.
    QVERIFY(QFile::rename(m_sshd.knownHosts, m_sshd.knownHosts + QStringLiteral(".saved")));
    QList<QPointer<remote::SshSession>> asked;
    window.serverDock()->prompts()->setAnswerer(
            [&](remote::RemoteHost *, remote::SshSession *session, const remote::SshPrompt &prompt) {
                asked << session;
                session->answerPrompt(prompt.id, prompt.kind == remote::SshPrompt::Kind::UnknownHostKey
                                                         ? std::optional<QString>(QStringLiteral("yes"))
                                                         : std::nullopt);
            });
    QCOMPARE(window.editorCount(), 0);
    NotebookEditor *editor = open(window, path);
    QVERIFY2(editor, qPrintable(m_errors.join(QLatin1Char('\n'))));
    QCOMPARE(window.editorCount(), 1);
    QCOMPARE(window.currentEditor(), editor);
    QVERIFY(editor->isRemote());
    QCOMPARE(editor->remoteServer(), QStringLiteral("test-sshd"));
    QCOMPARE(editor->remotePath(), path);
    QCOMPARE(editor->title(), QStringLiteral("analysis.ipynb — test-sshd"));
    QVERIFY2(window.windowTitle().contains(QStringLiteral("analysis.ipynb — test-sshd")),
             qPrintable(window.windowTitle()));
    QCOMPARE(window.tabs()->tabToolTip(0), QStringLiteral("test-sshd:") + path);
    QVERIFY(!editor->isModified());
    QCOMPARE(editor->document()->cellCount(), 2);
    QVERIFY(editor->document()->filePath().isEmpty()); // no local file behind it

    // Opening it again (here from the Transfers dock, as a double click does) shows the same tab.
    {
        QSignalSpy opened(&window, &MainWindow::remoteNotebookOpened);
        QVERIFY(window.transferDock());
        Q_EMIT window.transferDock()->openNotebookRequested(QStringLiteral("test-sshd"), path);
        QVERIFY(QTest::qWaitFor([&] { return !opened.isEmpty(); }, kWaitMs));
        QCOMPARE(opened.first().at(0).value<NotebookEditor *>(), editor);
        QCOMPARE(window.editorCount(), 1);
    }

    // The file went over the server's file session, not the kernels' one.
    remote::RemoteHost *host = window.serverDock()->connections()->existingHost(QStringLiteral("test-sshd"));
    QVERIFY(host);
    QVERIFY(host->fileSession() != host->session());
    QCOMPARE(host->files()->session(), host->fileSession());
    QCOMPARE(host->fileSession()->state(), remote::SshSession::State::Connected);
    QCOMPARE(host->fileSession()->server().name, host->session()->server().name);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().data(), host->fileSession());

    // Its kernel runs on the server, in the notebook's folder, from the first Run on.
    QCOMPARE(editor->serverHost(), host);
    QCOMPARE(editor->serverName(), QStringLiteral("test-sshd"));
    QCOMPARE(editor->serverWorkingDirectory(), m_folder);
    QCOMPARE(editor->kernelName(), QStringLiteral("python3"));
    QCOMPARE(editor->kernelStatus(), jupyter::Kernel::Status::NotStarted); // opening starts nothing

    // Edit and save: modified until the server confirms, then the server has the edit.
    editor->document()->setCellSource(1, "6 * 7 + 1  # edited");
    QVERIFY(editor->isModified());
    QSignalSpy saved(&window, &MainWindow::remoteSaveFinished);
    QVERIFY(window.save(editor));
    QVERIFY(editor->isModified()); // the write is on its way, not confirmed
    QVERIFY(QTest::qWaitFor([&] { return !saved.isEmpty(); }, kWaitMs));
    QVERIFY2(saved.first().at(1).toBool(), qPrintable(saved.first().at(2).toString()));
    QVERIFY(!editor->isModified());
    QVERIFY(m_errors.isEmpty());
    QCOMPARE(sourceOnServer(path, 1), std::string("6 * 7 + 1  # edited"));
    QCOMPARE(sourceOnServer(path, 0), std::string("import os\nprint(os.getcwd())"));
    QCOMPARE(QFileInfo(path).permissions(),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser
                     | QFileDevice::ReadGroup);
    QVERIFY(!QFileInfo::exists(path + QStringLiteral(".cumulus-save")));

    // An edit made while the save travels keeps the notebook modified.
    editor->document()->setCellSource(1, "1 + 1");
    saved.clear();
    QVERIFY(window.save(editor));
    editor->document()->setCellSource(1, "2 + 2");
    QVERIFY(QTest::qWaitFor([&] { return !saved.isEmpty(); }, kWaitMs));
    QVERIFY2(saved.first().at(1).toBool(), qPrintable(saved.first().at(2).toString()));
    QVERIFY(editor->isModified());
    QCOMPARE(sourceOnServer(path, 1), std::string("1 + 1"));
    saved.clear();
    QVERIFY(window.save(editor));
    QVERIFY(QTest::qWaitFor([&] { return !saved.isEmpty(); }, kWaitMs));
    QVERIFY(!editor->isModified());
    QCOMPARE(sourceOnServer(path, 1), std::string("2 + 2"));

    // View ▸ Transfers shows the dock.
    QVERIFY(window.findChild<QAction *>(QStringLiteral("actionShowTransfers")));

    if (!QFile::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json"))) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("Debian's python3-ipykernel is not installed (CI installs it)");
        qInfo("python3-ipykernel is not installed: the kernel part is left out");
        return;
    }
    editor->runAll();
    QVERIFY(QTest::qWaitFor([&] { return !editor->isRunning() && editor->document()->cell(1).executionCount() > 0; },
                            kWaitMs));
    QCOMPARE(outputText(editor->document()->cell(0)), m_folder.toStdString() + "\n");
    QCOMPARE(outputText(editor->document()->cell(1)), std::string("4"));
    auto *kernel = qobject_cast<remote::RemoteKernel *>(editor->kernel());
    QVERIFY(kernel);
    QCOMPARE(kernel->host(), host);
    QCOMPARE(kernel->workingDirectory(), m_folder);
    // Outputs arrived: the notebook is modified again, and saving works while the kernel runs.
    saved.clear();
    QVERIFY(window.save(editor));
    QVERIFY(QTest::qWaitFor([&] { return !saved.isEmpty(); }, kWaitMs));
    QVERIFY2(saved.first().at(1).toBool(), qPrintable(saved.first().at(2).toString()));
    editor->shutdownKernel();
    QVERIFY(QTest::qWaitFor([&] { return editor->kernelStatus() == jupyter::Kernel::Status::Stopped; }, kWaitMs));
}

void TestRemoteNotebook::failedSavesKeepTheEdits()
{
    const QString path = m_folder + QStringLiteral("/fragile.ipynb");
    writeNotebook(path, {"print('original')"});

    MainWindow window;
    setUpWindow(window);
    NotebookEditor *editor = open(window, path);
    QVERIFY2(editor, qPrintable(m_errors.join(QLatin1Char('\n'))));

    // The server refuses the write (root passes permission bits: a folder where the save's
    // temporary file goes does it).
    const QString blocker = path + QStringLiteral(".cumulus-save/blocker");
    QVERIFY(QDir().mkpath(blocker));
    editor->document()->setCellSource(0, "print('edited once')");
    QSignalSpy saved(&window, &MainWindow::remoteSaveFinished);
    QVERIFY(window.save(editor));
    QVERIFY(QTest::qWaitFor([&] { return !saved.isEmpty(); }, kWaitMs));
    QVERIFY(!saved.first().at(1).toBool());
    QCOMPARE(m_errors.size(), 1);
    QVERIFY2(m_errors.first().contains(QStringLiteral("test-sshd")), qPrintable(m_errors.first()));
    QVERIFY2(m_errors.first().contains(path), qPrintable(m_errors.first()));
    QVERIFY2(m_errors.first().contains(QStringLiteral("Save As")), qPrintable(m_errors.first()));
    QVERIFY(editor->isModified());
    QCOMPARE(editor->document()->cell(0).source(), std::string("print('edited once')"));
    QCOMPARE(sourceOnServer(path, 0), std::string("print('original')"));

    // The edits are in a recovery copy, which names the notebook's server and path.
    QVERIFY(!window.recoverySessionDirectory().isEmpty());
    const QStringList copies = QDir(window.recoverySessionDirectory()).entryList({QStringLiteral("*.ipynb")});
    QCOMPARE(copies.size(), 1);
    auto copy = nbformat::readFile(window.recoverySessionDirectory() + QLatin1Char('/') + copies.first());
    QVERIFY(copy);
    QCOMPARE(copy->notebook.cells().at(0).source(), std::string("print('edited once')"));
    QFile info(window.recoverySessionDirectory() + QLatin1Char('/') + QFileInfo(copies.first()).completeBaseName()
               + QStringLiteral(".json"));
    QVERIFY(info.open(QIODevice::ReadOnly));
    QVERIFY2(info.readAll().contains(QStringLiteral("sftp://test-sshd%1").arg(path).toUtf8()), "not the server's path");
    QDir(path + QStringLiteral(".cumulus-save")).removeRecursively();

    // The connection drops and the server is gone: the save fails (after a while spent
    // waiting for a reconnection) and says so; nothing is lost.
    editor->document()->setCellSource(0, "print('edited twice')");
    m_errors.clear();
    saved.clear();
    m_sshd.stop();
    QVERIFY(window.save(editor));
    QVERIFY(QTest::qWaitFor([&] { return !saved.isEmpty(); }, kWaitMs));
    QVERIFY(!saved.first().at(1).toBool());
    QCOMPARE(m_errors.size(), 1);
    QVERIFY2(m_errors.first().contains(QStringLiteral("test-sshd")), qPrintable(m_errors.first()));
    QVERIFY2(m_errors.first().contains(path), qPrintable(m_errors.first()));
    QVERIFY2(m_errors.first().contains(QStringLiteral("connection")), qPrintable(m_errors.first()));
    QVERIFY(editor->isModified());
    QCOMPARE(editor->document()->cell(0).source(), std::string("print('edited twice')"));
    QCOMPARE(sourceOnServer(path, 0), std::string("print('original')"));

    // Save As keeps it on this computer; the tab is that file from now on.
    const QString local = m_dir.path() + QStringLiteral("/kept here.ipynb");
    window.setFileChooser([&](MainWindow::FileDialog kind, const QString &suggested) {
        const bool offered = kind == MainWindow::FileDialog::SaveAs && suggested.endsWith(QStringLiteral("fragile.ipynb"));
        return offered ? local : QString();
    });
    QVERIFY(window.saveAs(editor));
    QVERIFY(!editor->isModified());
    QVERIFY(!editor->isRemote());
    QCOMPARE(editor->title(), QStringLiteral("kept here.ipynb"));
    QCOMPARE(sourceOnServer(local, 0), std::string("print('edited twice')"));
}

QTEST_MAIN(TestRemoteNotebook)
#include "tst_remotenotebook.moc"
