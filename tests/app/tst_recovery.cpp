// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Never losing work: autosave to recovery files (mode 0600, removed on save and on a clean
// close), recovery after the process was killed with SIGKILL, and a notebook's file changed
// by another program (Reload / Keep Mine; our own saves never ask).
//
// The crash is real: this test starts itself as a child process (TST_RECOVERY_CHILD names
// the notebook) that opens the notebook in a MainWindow, edits it, waits for the autosave
// and then is killed with SIGKILL. No test hook exists in the product for this.

#include "mainwindow.h"
#include "notebookeditor.h"
#include "settings.h"

#include "nbformat/nbformat.h"
#include "notebook/celleditor.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace cumulus;

namespace {

const QString kWelcome = QStringLiteral(CUMULUS_TEST_DATA "/../../examples/welcome.ipynb");
const char kChildVariable[] = "TST_RECOVERY_CHILD";

void useTestLocations(const QString &root)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CumulusTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_recovery"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       root + QStringLiteral("/settings"));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       root + QStringLiteral("/settings"));
}

QStringList recoveryCopies(const QString &dir)
{
    return dir.isEmpty() ? QStringList()
                         : QDir(dir).entryList({QStringLiteral("*.ipynb")}, QDir::Files);
}

/// The crashing child: opens the notebook, edits it, waits for the autosave, says so on
/// stdout and waits to be killed.
int runChild(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QString root = qEnvironmentVariable("TST_RECOVERY_ROOT");
    useTestLocations(root);
    MainWindow window;
    window.setAutosaveInterval(100);
    window.show();
    if (!window.openFile(qEnvironmentVariable(kChildVariable)))
        return 3;
    NotebookEditor *editor = window.currentEditor();
    editor->document()->setCellSource(0, "# edited, then killed\n");
    editor->view()->setCurrentCell(0);
    editor->view()->deleteCurrentCell(); // and a cell operation: the first cell goes
    editor->document()->setCellSource(0, "# edited, then killed\n");
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &window, [&] {
        if (!recoveryCopies(window.recoverySessionDirectory()).isEmpty()) {
            poll.stop();
            std::printf("AUTOSAVED %s\n", qPrintable(window.recoverySessionDirectory()));
            std::fflush(stdout);
        }
    });
    poll.start(50);
    return app.exec();
}

} // namespace

class TestRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void autosaveWritesPrivateRecoveryCopies();
    void autosaveWhileEditingKeepsTheEditor();
    void killedSessionIsOfferedBack();
    void liveSessionIsNotOffered();
    void discardDropsRecoveryCopies();
    void externalChangeReload();
    void externalChangeKeepMine();

private:
    QString copyOfWelcome(const QString &name);

    QTemporaryDir m_temp;
    QString m_root;
};

void TestRecovery::initTestCase()
{
    QVERIFY(m_temp.isValid());
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    // The child inherits HOME: the same (test-mode) AppDataLocation as this process.
    qputenv("HOME", QFile::encodeName(m_root + QStringLiteral("/home")));
    qputenv("TST_RECOVERY_ROOT", QFile::encodeName(m_root));
    useTestLocations(m_root);
    QVERIFY(QFileInfo::exists(kWelcome));
}

void TestRecovery::init()
{
    QSettings().clear();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
         + QStringLiteral("/recovery"))
        .removeRecursively();
}

QString TestRecovery::copyOfWelcome(const QString &name)
{
    const QString path = m_root + QLatin1Char('/') + name;
    QFile::remove(path);
    if (!QFile::copy(kWelcome, path))
        return QString();
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

void TestRecovery::autosaveWritesPrivateRecoveryCopies()
{
    // The interval comes from the settings (autosave/intervalMs).
    settings::setAutosaveIntervalMs(100);
    const QString path = copyOfWelcome(QStringLiteral("autosave.ipynb"));
    QVERIFY(!path.isEmpty());
    const QByteArray original = [&] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    auto window = std::make_unique<MainWindow>();
    QCOMPARE(window->autosaveInterval(), 100);
    window->setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
    window->show();
    QVERIFY(window->openFile(path));
    NotebookEditor *editor = window->currentEditor();
    QTest::qWait(300);
    QVERIFY(recoveryCopies(window->recoverySessionDirectory()).isEmpty()); // nothing to save

    editor->document()->setCellSource(0, "print('unsaved')\n");
    QTRY_COMPARE(recoveryCopies(window->recoverySessionDirectory()).size(), 1);
    const QString dir = window->recoverySessionDirectory();
    const QString copy = dir + QLatin1Char('/') + recoveryCopies(dir).first();
    // Mode 0600: owner, group and other bits (the "user" bits depend on who runs the test).
    const auto modeBits = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                          | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                          | QFile::WriteOther | QFile::ExeOther;
    QCOMPARE(QFileInfo(copy).permissions() & modeBits, QFile::ReadOwner | QFile::WriteOwner);
    QCOMPARE(QFileInfo(copy.chopped(6) + QStringLiteral(".json")).permissions() & modeBits,
             QFile::ReadOwner | QFile::WriteOwner);
    QTRY_VERIFY(QFileInfo::exists(copy) && nbformat::readFile(copy).ok());
    QCOMPARE(nbformat::readFile(copy)->notebook.cells().front().source(),
             std::string("print('unsaved')\n"));
    // The notebook's own file is untouched until saved.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), original);
    file.close();

    // Saved: nothing to recover.
    QVERIFY(window->save(editor));
    QTRY_VERIFY(recoveryCopies(dir).isEmpty());
    editor->document()->setCellSource(0, "print('again')\n");
    QTRY_COMPARE(recoveryCopies(dir).size(), 1);
    // A clean close (changes discarded) leaves no session behind.
    QVERIFY(window->close());
    QVERIFY(!QFileInfo::exists(dir));
    window.reset();
}

void TestRecovery::autosaveWhileEditingKeepsTheEditor()
{
    // Autosave takes the text being typed (commits the open editor) without disturbing it.
    MainWindow window;
    window.setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
    window.show();
    NotebookEditor *editor = window.newNotebook();
    NotebookView *view = editor->view();
    view->setCurrentCell(0);
    view->enterEditMode();
    QVERIFY(view->editor());
    QTest::keyClicks(view->editor(), QStringLiteral("x = 1"));
    int line = -1;
    int index = -1;
    view->editor()->getCursorPosition(&line, &index);
    window.autosave();
    const QString dir = window.recoverySessionDirectory();
    QCOMPARE(recoveryCopies(dir).size(), 1);
    QCOMPARE(nbformat::readFile(dir + QLatin1Char('/') + recoveryCopies(dir).first())
                 ->notebook.cells()
                 .front()
                 .source(),
             std::string("x = 1"));
    QCOMPARE(view->mode(), NotebookView::Mode::Edit);
    int lineAfter = -1;
    int indexAfter = -1;
    view->editor()->getCursorPosition(&lineAfter, &indexAfter);
    QCOMPARE(lineAfter, line);
    QCOMPARE(indexAfter, index);
    QTest::keyClicks(view->editor(), QStringLiteral("0"));
    view->leaveEditMode();
    QCOMPARE(editor->document()->cell(0).source(), std::string("x = 10"));
    QVERIFY(window.close());
}

void TestRecovery::killedSessionIsOfferedBack()
{
    const QString path = copyOfWelcome(QStringLiteral("killed.ipynb"));
    QVERIFY(!path.isEmpty());
    const std::string secondCell = nbformat::readFile(path)->notebook.cells().at(1).source();

    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kChildVariable), path);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForStarted());
    QString session;
    QElapsedTimer clock;
    clock.start();
    while (session.isEmpty() && clock.elapsed() < 30000) {
        child.waitForReadyRead(1000);
        const QString line = QString::fromLocal8Bit(child.readLine()).trimmed();
        if (line.startsWith(QStringLiteral("AUTOSAVED ")))
            session = line.mid(10);
        QVERIFY2(child.state() == QProcess::Running, "the child exited");
    }
    QVERIFY(!session.isEmpty());
    child.kill(); // SIGKILL: no destructor, no closeEvent
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY(QFileInfo::exists(session));
    QCOMPARE(recoveryCopies(session).size(), 1);

    MainWindow window;
    QList<MainWindow::RecoveredNotebook> offered;
    window.setRecoveryQuestion([&](const QList<MainWindow::RecoveredNotebook> &notebooks) {
        offered = notebooks;
        return QMessageBox::Yes;
    });
    window.setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
    window.newNotebook(); // the untouched Untitled tab a bare start shows gives way
    window.show();
    QCOMPARE(window.offerRecovery(), 1);
    QCOMPARE(offered.size(), 1);
    QCOMPARE(offered.front().originalPath, path);
    QCOMPARE(offered.front().title, QStringLiteral("killed.ipynb"));
    QVERIFY(offered.front().written.isValid());
    QCOMPARE(window.editorCount(), 1);
    NotebookEditor *editor = window.currentEditor();
    QCOMPARE(editor->document()->filePath(), path);
    QVERIFY(editor->isModified());
    QCOMPARE(editor->document()->cell(0).source(), std::string("# edited, then killed\n"));
    QCOMPARE(editor->document()->cellCount(),
             int(nbformat::readFile(path)->notebook.cells().size()) - 1);
    Q_UNUSED(secondCell);
    // The crashed session is gone; the restored notebook is this session's now.
    QVERIFY(!QFileInfo::exists(session));
    QCOMPARE(recoveryCopies(window.recoverySessionDirectory()).size(), 1);

    // Saving writes the recovered edits to the notebook's file.
    QVERIFY(window.save(editor));
    QCOMPARE(nbformat::readFile(path)->notebook.cells().front().source(),
             std::string("# edited, then killed\n"));
    QTRY_VERIFY(recoveryCopies(window.recoverySessionDirectory()).isEmpty());

    // Nothing left to offer.
    int asked = 0;
    window.setRecoveryQuestion([&](const QList<MainWindow::RecoveredNotebook> &) {
        ++asked;
        return QMessageBox::Yes;
    });
    QCOMPARE(window.offerRecovery(), 0);
    QCOMPARE(asked, 0);
    QVERIFY(window.close());
}

void TestRecovery::liveSessionIsNotOffered()
{
    MainWindow running;
    running.setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
    NotebookEditor *editor = running.newNotebook();
    editor->document()->setCellSource(0, "x = 1");
    running.autosave();
    QCOMPARE(recoveryCopies(running.recoverySessionDirectory()).size(), 1);

    MainWindow second;
    int asked = 0;
    second.setRecoveryQuestion([&](const QList<MainWindow::RecoveredNotebook> &) {
        ++asked;
        return QMessageBox::Yes;
    });
    QCOMPARE(second.offerRecovery(), 0);
    QCOMPARE(asked, 0);
    QVERIFY(running.close());
}

void TestRecovery::discardDropsRecoveryCopies()
{
    // A session that left its files (its lock released without a clean close: a process
    // that died some other way) is offered; "Ask Later" keeps it, Discard removes it.
    QString session;
    {
        MainWindow crashed;
        NotebookEditor *editor = crashed.newNotebook();
        editor->document()->setCellSource(0, "y = 2");
        crashed.autosave();
        session = crashed.recoverySessionDirectory();
        QVERIFY(!session.isEmpty());
        // Simulate the crash: keep a copy of the files past the window's clean teardown.
        QDir().mkpath(m_root + QStringLiteral("/saved"));
        for (const QString &name : QDir(session).entryList(QDir::Files | QDir::Hidden))
            if (!name.endsWith(QLatin1String(".lock")))
                QFile::copy(session + QLatin1Char('/') + name,
                            m_root + QStringLiteral("/saved/") + name);
    }
    QVERIFY(!QFileInfo::exists(session));
    QDir().mkpath(session);
    for (const QString &name : QDir(m_root + QStringLiteral("/saved")).entryList(QDir::Files))
        QFile::rename(m_root + QStringLiteral("/saved/") + name, session + QLatin1Char('/') + name);

    MainWindow window;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    QList<MainWindow::RecoveredNotebook> offered;
    window.setRecoveryQuestion([&](const QList<MainWindow::RecoveredNotebook> &notebooks) {
        offered = notebooks;
        return answer;
    });
    QCOMPARE(window.offerRecovery(), 0);
    QCOMPARE(offered.size(), 1);
    QVERIFY(offered.front().originalPath.isEmpty()); // it was untitled
    QCOMPARE(offered.front().title, QStringLiteral("Untitled"));
    QVERIFY(QFileInfo::exists(session));
    answer = QMessageBox::Discard;
    offered.clear();
    QCOMPARE(window.offerRecovery(), 0);
    QCOMPARE(offered.size(), 1);
    QVERIFY(!QFileInfo::exists(session));
    QCOMPARE(window.editorCount(), 0);
}

void TestRecovery::externalChangeReload()
{
    const QString path = copyOfWelcome(QStringLiteral("external.ipynb"));
    MainWindow window;
    int asked = 0;
    MainWindow::ExternalChange answer = MainWindow::ExternalChange::Reload;
    window.setExternalChangeQuestion([&](NotebookEditor *) {
        ++asked;
        return answer;
    });
    window.setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
    window.show();
    QVERIFY(window.openFile(path));
    NotebookEditor *editor = window.currentEditor();

    // Our own (atomic) saves never ask, the first one or later ones.
    for (int i = 0; i < 2; ++i) {
        editor->document()->setCellSource(0, "# ours " + std::to_string(i) + "\n");
        QVERIFY(window.save(editor));
        QTest::qWait(700);
        QCOMPARE(asked, 0);
    }

    // Another program replaces the file (atomically, as editors do): asked, and Reload
    // shows its version.
    Notebook theirs = nbformat::readFile(path)->notebook;
    theirs.cells().front().setSource("# theirs\n");
    QVERIFY(nbformat::writeFile(theirs, path).ok());
    QTRY_COMPARE_WITH_TIMEOUT(asked, 1, 10000);
    QCOMPARE(editor->document()->cell(0).source(), std::string("# theirs\n"));
    QVERIFY(!editor->isModified());

    // And again, written in place this time (the watcher must still follow the path).
    theirs.cells().front().setSource("# theirs, in place\n");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        const std::string bytes = nbformat::toBytes(theirs);
        file.write(bytes.data(), qint64(bytes.size()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(asked, 2, 10000);
    QCOMPARE(editor->document()->cell(0).source(), std::string("# theirs, in place\n"));
    QVERIFY(window.close());
}

void TestRecovery::externalChangeKeepMine()
{
    const QString path = copyOfWelcome(QStringLiteral("keepmine.ipynb"));
    MainWindow window;
    int asked = 0;
    window.setExternalChangeQuestion([&](NotebookEditor *) {
        ++asked;
        return MainWindow::ExternalChange::KeepMine;
    });
    window.setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
    window.show();
    QVERIFY(window.openFile(path));
    NotebookEditor *editor = window.currentEditor();
    editor->document()->setCellSource(0, "# mine\n");

    Notebook theirs = nbformat::readFile(path)->notebook;
    theirs.cells().front().setSource("# theirs\n");
    QVERIFY(nbformat::writeFile(theirs, path).ok());
    QTRY_COMPARE_WITH_TIMEOUT(asked, 1, 10000);
    QCOMPARE(editor->document()->cell(0).source(), std::string("# mine\n"));
    QVERIFY(editor->isModified());
    QTest::qWait(700);
    QCOMPARE(asked, 1); // one question per change

    // Kept an unmodified notebook: it becomes modified, so Save writes ours back.
    QVERIFY(window.save(editor));
    QCOMPARE(nbformat::readFile(path)->notebook.cells().front().source(), std::string("# mine\n"));
    QTest::qWait(700);
    QCOMPARE(asked, 1);
    QVERIFY(nbformat::writeFile(theirs, path).ok());
    QTRY_COMPARE_WITH_TIMEOUT(asked, 2, 10000);
    QVERIFY(editor->isModified());
    QVERIFY(window.close());
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet(kChildVariable))
        return runChild(argc, argv);
    QApplication app(argc, argv);
    TestRecovery test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_recovery.moc"
