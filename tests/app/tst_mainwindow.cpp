// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The main window, offscreen: opening real notebooks into tabs, the modified marker, Save As
// against core's writer, Export ▸ Python, recent files (persisted, pruned, at most ten),
// malformed notebooks (an error naming the file, nothing opened), drag and drop, the
// unsaved-changes question, `cumulus --screenshot` as a process, and a cell run on Debian's
// real ipykernel moving the status bar through Busy to Idle.
//
// Nothing touches the user's files: QSettings and Jupyter's directories point into a
// temporary directory, and every dialog goes through the window's hooks.

#include "sandbox.h"
#include "mainwindow.h"
#include "notebookeditor.h"
#include "recentfiles.h"
#include "screenshot.h"
#include "settings.h"

#include "export/percentscript.h"
#include "nbformat/nbformat.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <set>

using namespace cumulus;

namespace {

const QString kData = QStringLiteral(CUMULUS_TEST_DATA);
const QString kWelcome = QStringLiteral(CUMULUS_TEST_DATA "/../../examples/welcome.ipynb");
const QString kPython = QStringLiteral("/usr/bin/python3");

QString notebookPath(const char *relative)
{
    return kData + QStringLiteral("/notebooks/") + QLatin1String(relative);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray toBytes(const std::string &text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

/// Errors and questions the window raised, instead of modal dialogs.
struct Hooks
{
    QStringList errors;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    int questions = 0;

    void install(MainWindow &window)
    {
        window.setErrorReporter([this](const QString &title, const QString &text) {
            errors.append(title + QStringLiteral(": ") + text);
        });
        window.setSaveQuestion([this](NotebookEditor *) {
            ++questions;
            return answer;
        });
        window.setFileChooser([](MainWindow::FileDialog, const QString &) { return QString(); });
    }
};

QString labelText(const MainWindow &window, const char *name)
{
    auto *label = window.findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(name));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void opensRealNotebooksInTabs();
    void modifiedMarkerAndCloseQuestion();
    void saveAsWritesWhatCoreWrites();
    void exportPythonScript();
    void malformedNotebookOpensNothing_data();
    void malformedNotebookOpensNothing();
    void recentFilesPersistedAndPruned();
    void lineNumbersAndGeometryPersist();
    void dragAndDropOpensNotebooks();
    void windowCloseAsksForUnsavedChanges();
    void screenshotCommand();
    void screenshotOfBrokenNotebookFails();
    void runCellOnRealKernel();
    void runAllOnNotebookWithoutCellIds();
    void interruptStopsALongCell();

private:
    QTemporaryDir m_temp;
    QString m_root;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_temp.isValid());
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    test::sandboxUserDirectories(m_root, QStringLiteral("tst_mainwindow"));
    QVERIFY(QFileInfo::exists(kWelcome));
}

void TestMainWindow::init() { QSettings().clear(); }

void TestMainWindow::opensRealNotebooksInTabs()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();

    QVERIFY(window.openFile(kWelcome));
    QVERIFY(window.openFile(notebookPath("jupyter/Output.ipynb")));
    QCOMPARE(window.editorCount(), 2);
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("welcome.ipynb"));
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("Output.ipynb"));
    QCOMPARE(window.currentEditor(), window.editor(1));

    // The document holds what core's reader reads.
    auto read = nbformat::readFile(kWelcome);
    QVERIFY(read.ok());
    QVERIFY(window.editor(0)->document()->notebook() == read->notebook);
    QCOMPARE(window.editor(0)->view()->document(), window.editor(0)->document());

    // Opening an open file shows its tab instead of a second copy.
    QVERIFY(window.openFile(kWelcome));
    QCOMPARE(window.editorCount(), 2);
    QCOMPARE(window.tabs()->currentIndex(), 0);
    QVERIFY(window.windowTitle().contains(QStringLiteral("welcome.ipynb")));

    // Status bar before any run: the notebook's kernel, local, not started.
    QCOMPARE(labelText(window, "serverLabel"), QStringLiteral("Local"));
    QCOMPARE(labelText(window, "kernelStateLabel"), QStringLiteral("Not started"));
    QVERIFY(!labelText(window, "kernelNameLabel").isEmpty());
    QVERIFY(hooks.errors.isEmpty());

    // The menus are all there.
    for (const char *menu : {"menuFile", "menuEdit", "menuView", "menuRun", "menuKernel",
                             "menuHelp", "menuRecent", "menuExport", "menuChangeKernel"})
        QVERIFY2(window.findChild<QMenu *>(QLatin1String(menu)), menu);
    auto *html = window.findChild<QAction *>(QStringLiteral("actionExportHtml"));
    QVERIFY(html && html->isEnabled()); // HTML and PDF export: tst_exportwindow
}

void TestMainWindow::modifiedMarkerAndCloseQuestion()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    const QByteArray before = readAll(notebookPath("jupyter/HelloWorld.ipynb"));
    QVERIFY(window.openFile(notebookPath("jupyter/HelloWorld.ipynb")));
    NotebookEditor *editor = window.currentEditor();
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("HelloWorld.ipynb"));

    editor->document()->insertCell(0, Cell(CellType::Markdown));
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("HelloWorld.ipynb*"));
    QVERIFY(window.isWindowModified());

    hooks.answer = QMessageBox::Cancel;
    QVERIFY(!window.closeEditor(editor));
    QCOMPARE(hooks.questions, 1);
    QCOMPARE(window.editorCount(), 1);

    hooks.answer = QMessageBox::Discard;
    QVERIFY(window.closeEditor(editor));
    QCOMPARE(hooks.questions, 2);
    QCOMPARE(window.editorCount(), 0);
    // Discarded means the file is untouched.
    QCOMPARE(readAll(notebookPath("jupyter/HelloWorld.ipynb")), before);
}

void TestMainWindow::saveAsWritesWhatCoreWrites()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    QVERIFY(window.openFile(notebookPath("jupyter/Output.ipynb")));
    NotebookEditor *editor = window.currentEditor();
    editor->document()->setCellSource(0, "print('edited in the window')\n");
    QVERIFY(editor->isModified());

    const QString target = m_root + QStringLiteral("/saved/Output copy.ipynb");
    QVERIFY(QDir().mkpath(QFileInfo(target).path()));
    QVERIFY(window.saveAs(editor, target));
    QVERIFY(hooks.errors.isEmpty());
    QVERIFY(!editor->isModified());
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Output copy.ipynb"));
    QCOMPARE(editor->document()->filePath(), target);
    QCOMPARE(readAll(target), toBytes(nbformat::toBytes(editor->document()->notebook())));

    // Save (to the same file) after another edit.
    editor->document()->setCellSource(0, "print('edited twice')\n");
    QVERIFY(window.save(editor));
    QCOMPARE(readAll(target), toBytes(nbformat::toBytes(editor->document()->notebook())));
    auto reread = nbformat::readFile(target);
    QVERIFY(reread.ok());
    QCOMPARE(reread->notebook.cells().at(0).source(), std::string("print('edited twice')\n"));
    QCOMPARE(RecentFiles::files().value(0), target);
}

void TestMainWindow::exportPythonScript()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    QVERIFY(window.openFile(kWelcome));
    const QString target = m_root + QStringLiteral("/welcome.py");
    QVERIFY(window.exportPythonScript(window.currentEditor(), target));
    QCOMPARE(readAll(target),
             toBytes(percentscript::write(window.currentEditor()->document()->notebook())));
    QVERIFY(!window.currentEditor()->isModified());
}

void TestMainWindow::malformedNotebookOpensNothing_data()
{
    QTest::addColumn<QString>("path");
    for (const char *name : {"truncated", "not-an-object", "invalid-utf8", "whitespace-only",
                             "cells-not-a-list", "unknown-major-5", "empty"})
        QTest::newRow(name) << notebookPath("broken/") + QLatin1String(name)
                                   + QStringLiteral(".ipynb");
    QTest::newRow("missing file") << m_root + QStringLiteral("/no such notebook.ipynb");
}

void TestMainWindow::malformedNotebookOpensNothing()
{
    QFETCH(QString, path);
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    QVERIFY(window.openFile(kWelcome));
    const QByteArray before = readAll(path);

    QVERIFY(!window.openFile(path));
    QCOMPARE(window.editorCount(), 1);
    QCOMPARE(hooks.errors.size(), 1);
    QVERIFY2(hooks.errors.first().contains(QFileInfo(path).fileName()),
             qPrintable(hooks.errors.first()));
    QCOMPARE(readAll(path), before); // nothing lost
    QVERIFY(!RecentFiles::files().contains(QFileInfo(path).absoluteFilePath()));
}

void TestMainWindow::recentFilesPersistedAndPruned()
{
    const QString dir = m_root + QStringLiteral("/recent");
    QVERIFY(QDir().mkpath(dir));
    QStringList copies;
    for (int i = 0; i < 12; ++i) {
        const QString copy = dir + QStringLiteral("/nb%1.ipynb").arg(i);
        QFile::remove(copy);
        QVERIFY(QFile::copy(notebookPath("jupyter/HelloWorld.ipynb"), copy));
        copies.append(copy);
    }
    {
        MainWindow window;
        Hooks hooks;
        hooks.install(window);
        QVERIFY(window.openFile(copies.at(0)));
        QVERIFY(window.openFile(copies.at(1)));
        QCOMPARE(RecentFiles::files(), (QStringList{copies.at(1), copies.at(0)}));
        auto *menu = window.findChild<QMenu *>(QStringLiteral("menuRecent"));
        QVERIFY(menu);
        Q_EMIT menu->aboutToShow();
        QCOMPARE(menu->actions().value(0)->data().toString(), copies.at(1));
        QVERIFY(menu->isEnabled());
    }
    // Persisted: another QSettings reader sees them.
    QCOMPARE(QSettings().value(QStringLiteral("files/recent")).toStringList().size(), 2);

    // Missing files are pruned, and the pruned list is what is stored.
    QVERIFY(QFile::remove(copies.at(1)));
    QCOMPARE(RecentFiles::files(), QStringList{copies.at(0)});
    QCOMPARE(settings::recentFiles(), QStringList{copies.at(0)});

    // At most ten, most recent first, no duplicates.
    for (int i = 2; i < 12; ++i)
        RecentFiles::add(copies.at(i));
    RecentFiles::add(copies.at(5));
    const QStringList files = RecentFiles::files();
    QCOMPARE(files.size(), RecentFiles::maxCount());
    QCOMPARE(files.first(), copies.at(5));
    QCOMPARE(files.count(copies.at(5)), 1);
    QVERIFY(!files.contains(copies.at(0))); // the oldest fell off
}

void TestMainWindow::lineNumbersAndGeometryPersist()
{
    {
        MainWindow window;
        Hooks hooks;
        hooks.install(window);
        QVERIFY(window.openFile(kWelcome));
        auto *lineNumbers = window.findChild<QAction *>(QStringLiteral("actionLineNumbers"));
        QVERIFY(lineNumbers && !lineNumbers->isChecked());
        lineNumbers->trigger();
        QVERIFY(window.currentEditor()->view()->lineNumbersVisible());
        window.resize(900, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.close());
    }
    QVERIFY(settings::lineNumbersVisible());
    QVERIFY(!settings::windowGeometry().isEmpty());
    MainWindow again;
    Hooks hooks;
    hooks.install(again);
    again.restoreWindowState();
    QVERIFY(again.findChild<QAction *>(QStringLiteral("actionLineNumbers"))->isChecked());
    QCOMPARE(again.size(), QSize(900, 640));
    QVERIFY(again.openFile(kWelcome));
    QVERIFY(again.currentEditor()->view()->lineNumbersVisible());
}

void TestMainWindow::dragAndDropOpensNotebooks()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(kWelcome),
                  QUrl::fromLocalFile(notebookPath("jupyter/SVG.ipynb")),
                  QUrl::fromLocalFile(m_root + QStringLiteral("/notes.txt"))});
    const QPoint centre = window.rect().center();
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QCOMPARE(window.editorCount(), 2);
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("SVG.ipynb"));

    QMimeData text;
    text.setUrls({QUrl::fromLocalFile(m_root + QStringLiteral("/notes.txt"))});
    QDragEnterEvent refused(centre, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());
}

void TestMainWindow::windowCloseAsksForUnsavedChanges()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    QVERIFY(window.openFile(kWelcome));
    window.newNotebook();
    QCOMPARE(window.editorCount(), 2);
    window.currentEditor()->document()->setCellSource(0, "1 + 1");
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("Untitled*"));

    hooks.answer = QMessageBox::Cancel;
    QVERIFY(!window.close());
    QCOMPARE(hooks.questions, 1);
    QCOMPARE(window.editorCount(), 2);

    hooks.answer = QMessageBox::Discard;
    QVERIFY(window.close());
    QCOMPARE(hooks.questions, 2); // the unmodified welcome tab asks nothing
}

void TestMainWindow::screenshotCommand()
{
    const QString png = m_root + QStringLiteral("/shot.png");
    QFile::remove(png);
    QProcess process;
    // No display and no platform chosen: the tool must pick offscreen itself.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("HOME"), m_root + QStringLiteral("/home"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root + QStringLiteral("/home/.config"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CUMULUS_EXECUTABLE),
                  {QStringLiteral("--screenshot"), png, QStringLiteral("--size"),
                   QStringLiteral("900x640"), kWelcome});
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));

    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(900, 640));
    // Not blank: a window with menus, a toolbar and text has many colours.
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    // It wrote no settings in the (temporary) home.
    QVERIFY(!QFileInfo::exists(m_root + QStringLiteral("/home/.config/Cumulus")));
}

void TestMainWindow::screenshotOfBrokenNotebookFails()
{
    const QString png = m_root + QStringLiteral("/broken.png");
    QProcess process;
    process.start(QStringLiteral(CUMULUS_EXECUTABLE),
                  {QStringLiteral("--screenshot"), png, notebookPath("broken/truncated.ipynb")});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(QString::fromLocal8Bit(process.readAllStandardError())
                .contains(QStringLiteral("truncated.ipynb")));
    QVERIFY(!QFileInfo::exists(png));

    process.start(QStringLiteral(CUMULUS_EXECUTABLE),
                  {QStringLiteral("--screenshot"), png, QStringLiteral("--size"),
                   QStringLiteral("huge"), kWelcome});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
}

void TestMainWindow::runCellOnRealKernel()
{
    if (!QFileInfo(kPython).isExecutable()
        || !QFileInfo::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json")))
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");

    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = window.newNotebook();
    editor->document()->setCellSource(0,
                                      "import time\ntime.sleep(0.3)\nprint('hello from cumulus')");
    editor->view()->setCurrentCell(0);

    QStringList states;
    connect(editor, &NotebookEditor::kernelStatusChanged, this,
            [&] { states.append(labelText(window, "kernelStateLabel")); });
    QCOMPARE(labelText(window, "kernelStateLabel"), QStringLiteral("Not started"));

    auto *run = window.findChild<QAction *>(QStringLiteral("actionRunCell"));
    QVERIFY(run && run->isEnabled());
    // Shift+Enter in command mode: the view asks, the tab's session runs.
    QTest::keyClick(editor->view(), Qt::Key_Return, Qt::ShiftModifier);
    // Run and select next: Jupyter appends a cell after the last one.
    QCOMPARE(editor->document()->cellCount(), 2);
    QCOMPARE(editor->view()->currentCell(), 1);

    // CUMULUS_TEST_SCREENSHOTS=DIR keeps pictures of the window to look at.
    const QString shots = qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS");
    if (!shots.isEmpty()) {
        QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "kernelStateLabel"), QStringLiteral("Busy"),
                                  60000);
        QTest::qWait(100);
        window.grab().save(shots + QStringLiteral("/run-busy.png"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!editor->document()->cell(0).outputs().empty(), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "kernelStateLabel"), QStringLiteral("Idle"), 30000);
    if (!shots.isEmpty()) {
        QTest::qWait(100);
        window.grab().save(shots + QStringLiteral("/run-idle.png"));
    }
    QVERIFY2(states.contains(QStringLiteral("Starting")),
             qPrintable(states.join(QLatin1Char(','))));
    QVERIFY2(states.contains(QStringLiteral("Busy")), qPrintable(states.join(QLatin1Char(','))));
    QVERIFY(states.lastIndexOf(QStringLiteral("Idle"))
            > states.lastIndexOf(QStringLiteral("Busy")));

    QTRY_VERIFY(editor->lastRunMs() >= 300);
    const QString lastRun = labelText(window, "lastRunLabel");
    QVERIFY2(lastRun.startsWith(QStringLiteral("Last run: ")), qPrintable(lastRun));
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("lastRunLabel"))->isVisibleTo(&window));

    const Output &output = editor->document()->cell(0).outputs().front();
    QCOMPARE(output.outputTypeName(), std::string("stream"));
    QVERIFY2(output.text().find("hello from cumulus") != std::string::npos, output.text().c_str());
    QCOMPARE(editor->document()->cell(0).executionCount(), std::optional<int>(1));

    // Run ▸ Run Cell on the new (second) cell, on the running kernel.
    editor->document()->setCellSource(1, "print(6 * 7)");
    run->trigger();
    QCOMPARE(editor->view()->currentCell(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(!editor->document()->cell(1).outputs().empty(), 30000);
    QCOMPARE(editor->document()->cell(1).outputs().front().text(), std::string("42\n"));
    QCOMPARE(editor->document()->cell(1).executionCount(), std::optional<int>(2));
    QVERIFY(editor->document()->notebook().metadata().contains("kernelspec"));
    QVERIFY(hooks.errors.isEmpty());

    // Shut down from the Kernel menu.
    window.findChild<QAction *>(QStringLiteral("actionShutdown"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "kernelStateLabel"), QStringLiteral("Shut down"),
                              30000);
    QTRY_COMPARE_WITH_TIMEOUT(QDir(m_root + QStringLiteral("/runtime"))
                                  .entryList({QStringLiteral("kernel-*.json")}, QDir::Files),
                              QStringList(), 15000);

    // Run All after a shutdown starts a fresh kernel; closing the window stops it.
    window.findChild<QAction *>(QStringLiteral("actionRunAll"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(editor->document()->cell(1).executionCount(), std::optional<int>(2),
                              60000);
    QCOMPARE(editor->document()->cell(0).executionCount(), std::optional<int>(1));
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "kernelStateLabel"), QStringLiteral("Idle"), 30000);
    QCOMPARE(QDir(m_root + QStringLiteral("/runtime"))
                 .entryList({QStringLiteral("kernel-*.json")}, QDir::Files)
                 .size(),
             1);
    hooks.answer = QMessageBox::Discard;
    QElapsedTimer closing;
    closing.start();
    QVERIFY(window.close());
    QVERIFY2(closing.elapsed() < 10000, qPrintable(QString::number(closing.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(QDir(m_root + QStringLiteral("/runtime"))
                                  .entryList({QStringLiteral("kernel-*.json")}, QDir::Files),
                              QStringList(), 15000);
    QVERIFY(hooks.errors.isEmpty());
}

void TestMainWindow::runAllOnNotebookWithoutCellIds()
{
    if (!QFileInfo(kPython).isExecutable()
        || !QFileInfo::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json")))
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");

    // nbformat 4.0: no cell ids. The runner queues cells by position, so running them
    // neither gives them ids nor changes the notebook's format version.
    const QString copy = m_root + QStringLiteral("/Factorials.ipynb");
    QFile::remove(copy);
    QVERIFY(QFile::copy(notebookPath("jupyter/Factorials.ipynb"), copy));
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    QVERIFY(window.openFile(copy));
    NotebookEditor *editor = window.currentEditor();
    QVERIFY(editor->document()->cell(0).id().empty());
    for (int i = 0; i < editor->document()->cellCount(); ++i) { // the file holds a past run
        editor->document()->setOutputs(i, {});
        editor->document()->setExecutionCount(i, std::nullopt);
    }

    window.findChild<QAction *>(QStringLiteral("actionRunAll"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(editor->document()->cell(1).executionCount().has_value(), 60000);
    // The count comes with execute_input, before the cell's output: wait for the run's end.
    QTRY_VERIFY_WITH_TIMEOUT(!editor->isRunning(), 60000);
    QCOMPARE(editor->document()->cell(0).executionCount(), std::optional<int>(1));
    QCOMPARE(editor->document()->cell(1).executionCount(), std::optional<int>(2));
    QVERIFY(!editor->document()->cell(1).outputs().empty());
    QVERIFY(editor->document()->cell(1).outputs().front().text().find("89") != std::string::npos);
    QVERIFY(editor->document()->cell(0).id().empty());
    QCOMPARE(editor->document()->notebook().nbformatMinor(), 0);
    QVERIFY(editor->isModified());
    QVERIFY(window.save(editor));
    QVERIFY(nbformat::readFile(copy).ok());
    QVERIFY(hooks.errors.isEmpty());
    QVERIFY(window.close());
    QTRY_COMPARE_WITH_TIMEOUT(QDir(m_root + QStringLiteral("/runtime"))
                                  .entryList({QStringLiteral("kernel-*.json")}, QDir::Files),
                              QStringList(), 15000);
}

void TestMainWindow::interruptStopsALongCell()
{
    if (!QFileInfo(kPython).isExecutable()
        || !QFileInfo::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json")))
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");

    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = window.newNotebook();
    editor->document()->setCellSource(0,
                                      "import time\nprint('sleeping', flush=True)\ntime.sleep(60)");
    editor->document()->insertCell(1, Cell(CellType::Code));
    editor->document()->setCellSource(1, "print('must not run')");
    auto *interrupt = window.findChild<QAction *>(QStringLiteral("actionInterrupt"));
    QVERIFY(!interrupt->isEnabled());

    window.findChild<QAction *>(QStringLiteral("actionRunAll"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!editor->document()->cell(0).outputs().empty(), 60000);
    QCOMPARE(labelText(window, "kernelStateLabel"), QStringLiteral("Busy"));
    QVERIFY(interrupt->isEnabled());
    QElapsedTimer clock;
    clock.start();
    interrupt->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(window, "kernelStateLabel"), QStringLiteral("Idle"), 30000);
    QVERIFY(clock.elapsed() < 30000);
    QTRY_VERIFY(!editor->isRunning());
    const std::vector<Output> &outputs = editor->document()->cell(0).outputs();
    QVERIFY(std::any_of(outputs.begin(), outputs.end(), [](const Output &output) {
        return output.ename() == "KeyboardInterrupt";
    }));
    QVERIFY(editor->document()->cell(1).outputs().empty()); // the queue stopped
    QVERIFY(!interrupt->isEnabled());
    hooks.answer = QMessageBox::Discard;
    QVERIFY(window.close());
    QTRY_COMPARE_WITH_TIMEOUT(QDir(m_root + QStringLiteral("/runtime"))
                                  .entryList({QStringLiteral("kernel-*.json")}, QDir::Files),
                              QStringList(), 15000);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
