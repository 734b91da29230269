// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Running cells from the window on Debian's real ipykernel: the execution queue (queued
// cells marked, order kept, elapsed time under each cell), interrupting time.sleep(60),
// Restart and Run All (asked first, also for 0, 0), input() and getpass() answered inline,
// the kernel remembered in metadata.kernelspec and language_info. Without a kernel: Undo in
// command mode undoes cell operations, L keeps the View menu in step, Help ▸ Keyboard
// Shortcuts lists the view's keys and the window's.
//
// QSettings and Jupyter's directories point into a temporary directory; every dialog goes
// through the window's hooks.

#include "sandbox.h"
#include "mainwindow.h"
#include "notebookeditor.h"

#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace cumulus;
using RunState = NotebookView::RunState;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

bool haveKernel()
{
    return QFileInfo(kPython).isExecutable()
           && QFileInfo::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json"));
}

struct Hooks
{
    QStringList errors;
    QStringList confirmations;
    bool confirm = true;

    void install(MainWindow &window)
    {
        window.setErrorReporter([this](const QString &title, const QString &text) {
            errors.append(title + QStringLiteral(": ") + text);
        });
        window.setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
        window.setFileChooser([](MainWindow::FileDialog, const QString &) { return QString(); });
        window.setConfirmation([this](const QString &title, const QString &, const QString &) {
            confirmations.append(title);
            return confirm;
        });
    }
};

QAction *action(const MainWindow &window, const char *name)
{
    auto *found = window.findChild<QAction *>(QLatin1String(name));
    if (!found)
        qFatal("no action %s", name);
    return found;
}

NotebookEditor *notebookWith(MainWindow &window, const std::vector<std::pair<CellType, std::string>> &cells)
{
    NotebookEditor *editor = window.newNotebook();
    NotebookDocument *document = editor->document();
    document->removeCells(0, document->cellCount());
    for (const auto &[type, source] : cells) {
        Cell cell(type);
        cell.setSource(source);
        document->insertCell(document->cellCount(), std::move(cell));
    }
    editor->view()->setCurrentCell(0);
    return editor;
}

std::string allText(const Cell &cell)
{
    std::string text;
    for (const Output &output : cell.outputs())
        text += output.text();
    return text;
}

int kernelFiles(const QString &root)
{
    return int(QDir(root + QStringLiteral("/runtime"))
                   .entryList({QStringLiteral("kernel-*.json")}, QDir::Files)
                   .size());
}

} // namespace

class TestRunning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void runAllQueuesInOrder();
    void runAboveBelowAndSelected();
    void interruptSleepingCell();
    void restartAndRunAll();
    void inputAnsweredInline();
    void undoInCommandMode();
    void lineNumbersKeyFollowsViewMenu();
    void keyboardShortcutsDialog();

private:
    QTemporaryDir m_temp;
    QString m_root;
};

void TestRunning::initTestCase()
{
    QVERIFY(m_temp.isValid());
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    test::sandboxUserDirectories(m_root, QStringLiteral("tst_running"));
}

void TestRunning::init() { QSettings().clear(); }

void TestRunning::runAllQueuesInOrder()
{
    if (!haveKernel())
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = notebookWith(window, {{CellType::Code, "import time\ntime.sleep(0.5)\nprint('a')"},
                                                   {CellType::Markdown, "# not code"},
                                                   {CellType::Code, "print('b')"},
                                                   {CellType::Code, "print('c')"}});
    NotebookView *view = editor->view();
    NotebookDocument *document = editor->document();
    QVERIFY(!document->notebook().metadata().contains("kernelspec"));

    action(window, "actionRunAll")->trigger();
    // Waiting for the kernel: every code cell is queued, the markdown cell is not.
    QCOMPARE(view->cellRunState(0), RunState::Queued);
    QCOMPARE(view->cellRunState(1), RunState::None);
    QCOMPARE(view->cellRunState(2), RunState::Queued);
    QCOMPARE(view->cellRunState(3), RunState::Queued);

    QTRY_COMPARE_WITH_TIMEOUT(view->cellRunState(0), RunState::Running, 60000);
    QCOMPARE(view->cellRunState(2), RunState::Queued);
    QCOMPARE(view->cellRunState(3), RunState::Queued);
    QVERIFY(view->cellRunInfo(0).isEmpty());
    // CUMULUS_TEST_SCREENSHOTS=DIR keeps pictures of the window to look at.
    const QString shots = qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS");
    if (!shots.isEmpty())
        window.grab().save(shots + QStringLiteral("/queue-running.png"));

    QTRY_VERIFY_WITH_TIMEOUT(document->cell(3).executionCount().has_value(), 30000);
    QTRY_VERIFY(!editor->isRunning());
    // Order kept: execution counts from the kernel follow the cells.
    QCOMPARE(document->cell(0).executionCount(), std::optional<int>(1));
    QCOMPARE(document->cell(2).executionCount(), std::optional<int>(2));
    QCOMPARE(document->cell(3).executionCount(), std::optional<int>(3));
    QCOMPARE(allText(document->cell(3)), std::string("c\n"));
    for (int i = 0; i < document->cellCount(); ++i)
        QCOMPARE(view->cellRunState(i), RunState::None);
    // Elapsed time under each cell that ran.
    QVERIFY2(view->cellRunInfo(0).endsWith(QStringLiteral(" s"))
                 || view->cellRunInfo(0).endsWith(QStringLiteral(" ms")),
             qPrintable(view->cellRunInfo(0)));
    QVERIFY(view->cellRunInfo(1).isEmpty());
    QVERIFY(!view->cellRunInfo(3).isEmpty());
    if (!shots.isEmpty()) {
        QTest::qWait(100);
        window.grab().save(shots + QStringLiteral("/queue-done.png"));
    }

    // The kernel is remembered in the notebook.
    const nlohmann::json &metadata = document->notebook().metadata();
    QVERIFY(metadata.contains("kernelspec"));
    QCOMPARE(metadata["kernelspec"].value("name", std::string()), std::string("python3"));
    QVERIFY(!metadata["kernelspec"].value("display_name", std::string()).empty());
    QCOMPARE(metadata["kernelspec"].value("language", std::string()), std::string("python"));
    QVERIFY(metadata.contains("language_info"));
    QCOMPARE(metadata["language_info"].value("name", std::string()), std::string("python"));
    QVERIFY(hooks.errors.isEmpty());
    QVERIFY(window.close());
    QTRY_COMPARE_WITH_TIMEOUT(kernelFiles(m_root), 0, 15000);
}

void TestRunning::runAboveBelowAndSelected()
{
    if (!haveKernel())
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = notebookWith(window, {{CellType::Code, "print(0)"},
                                                   {CellType::Code, "print(1)"},
                                                   {CellType::Code, "print(2)"},
                                                   {CellType::Code, "print(3)"}});
    NotebookDocument *document = editor->document();
    editor->view()->setCurrentCell(2);
    action(window, "actionRunAllAbove")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(document->cell(1).executionCount().has_value(), 60000);
    QTRY_VERIFY(!editor->isRunning());
    QCOMPARE(document->cell(0).executionCount(), std::optional<int>(1));
    QVERIFY(!document->cell(2).executionCount());

    action(window, "actionRunAllBelow")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(document->cell(3).executionCount().has_value(), 30000);
    QCOMPARE(document->cell(2).executionCount(), std::optional<int>(3));
    QCOMPARE(document->cell(3).executionCount(), std::optional<int>(4));
    QTRY_VERIFY(!editor->isRunning());

    editor->view()->setCurrentCell(0);
    editor->view()->extendSelection(1); // cells 0 and 1
    action(window, "actionRunSelected")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(document->cell(1).executionCount(), std::optional<int>(6), 30000);
    QCOMPARE(document->cell(0).executionCount(), std::optional<int>(5));
    QCOMPARE(document->cell(3).executionCount(), std::optional<int>(4));

    // Ctrl+Enter's menu twin runs in place.
    editor->view()->setCurrentCell(3);
    action(window, "actionRunCellInPlace")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(document->cell(3).executionCount(), std::optional<int>(7), 30000);
    QCOMPARE(editor->view()->currentCell(), 3);
    QVERIFY(hooks.errors.isEmpty());
    QVERIFY(window.close());
    QTRY_COMPARE_WITH_TIMEOUT(kernelFiles(m_root), 0, 15000);
}

void TestRunning::interruptSleepingCell()
{
    if (!haveKernel())
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor =
        notebookWith(window, {{CellType::Code, "import time\nprint('sleeping', flush=True)\ntime.sleep(60)"},
                              {CellType::Code, "print('must not run')"}});
    NotebookView *view = editor->view();
    action(window, "actionRunAll")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!editor->document()->cell(0).outputs().empty(), 60000);
    QCOMPARE(view->cellRunState(0), RunState::Running);
    QCOMPARE(view->cellRunState(1), RunState::Queued);

    // I, I in command mode, as in Jupyter.
    view->setFocus();
    QElapsedTimer clock;
    clock.start();
    QTest::keyClick(view, Qt::Key_I);
    QTest::keyClick(view, Qt::Key_I);
    QTRY_VERIFY_WITH_TIMEOUT(!editor->isRunning(), 30000);
    QVERIFY(clock.elapsed() < 30000);
    QCOMPARE(view->cellRunState(0), RunState::None);
    QCOMPARE(view->cellRunState(1), RunState::None);
    QVERIFY2(view->cellRunInfo(0).startsWith(QStringLiteral("interrupted")),
             qPrintable(view->cellRunInfo(0)));
    QVERIFY(editor->document()->cell(1).outputs().empty());
    const std::vector<Output> &outputs = editor->document()->cell(0).outputs();
    QVERIFY(std::any_of(outputs.begin(), outputs.end(), [](const Output &output) {
        return output.ename() == "KeyboardInterrupt";
    }));
    QVERIFY(window.close());
    QTRY_COMPARE_WITH_TIMEOUT(kernelFiles(m_root), 0, 15000);
}

void TestRunning::restartAndRunAll()
{
    if (!haveKernel())
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = notebookWith(window, {{CellType::Code, "x = 41"},
                                                   {CellType::Code, "x += 1\nprint(x)"}});
    NotebookDocument *document = editor->document();
    action(window, "actionRunAll")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(allText(document->cell(1)), std::string("42\n"), 60000);
    QTRY_VERIFY(!editor->isRunning());
    // Run the second cell again: the kernel's state shows.
    editor->runCell(1, false);
    QTRY_COMPARE_WITH_TIMEOUT(allText(document->cell(1)), std::string("43\n"), 30000);
    QTRY_VERIFY(!editor->isRunning());

    // 0, 0 asks first; declined, nothing happens.
    hooks.confirm = false;
    editor->view()->setFocus();
    QTest::keyClick(editor->view(), Qt::Key_0);
    QTest::keyClick(editor->view(), Qt::Key_0);
    QCOMPARE(hooks.confirmations.size(), 1);
    QCOMPARE(editor->kernelStatus(), jupyter::Kernel::Status::Idle);

    // Restart and Run All, confirmed: a fresh kernel, every cell from the top.
    hooks.confirm = true;
    action(window, "actionRestartRunAll")->trigger();
    QCOMPARE(hooks.confirmations.size(), 2);
    QCOMPARE(editor->view()->cellRunState(0), RunState::Queued);
    QTRY_COMPARE_WITH_TIMEOUT(document->cell(1).executionCount(), std::optional<int>(2), 60000);
    QCOMPARE(document->cell(0).executionCount(), std::optional<int>(1));
    // The count comes with execute_input, the output a moment later.
    QTRY_COMPARE_WITH_TIMEOUT(allText(document->cell(1)), std::string("42\n"), 30000);
    QTRY_VERIFY(!editor->isRunning());
    QVERIFY2(hooks.errors.isEmpty(), qPrintable(hooks.errors.join(QLatin1Char('\n'))));
    QVERIFY(window.close());
    QTRY_COMPARE_WITH_TIMEOUT(kernelFiles(m_root), 0, 15000);
}

void TestRunning::inputAnsweredInline()
{
    if (!haveKernel())
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = notebookWith(
        window, {{CellType::Code, "name = input('Your name? ')\nprint('hello', name)"},
                 {CellType::Code, "import getpass\nsecret = getpass.getpass('Token: ')\n"
                                  "print('length', len(secret))"}});
    NotebookView *view = editor->view();
    NotebookDocument *document = editor->document();
    editor->runCell(0, false);
    QTRY_VERIFY_WITH_TIMEOUT(view->hasInputPrompt(), 60000);
    auto *line = view->findChild<QLineEdit *>();
    QVERIFY(line);
    QCOMPARE(line->echoMode(), QLineEdit::Normal);
    line->setFocus();
    QTest::keyClicks(line, QStringLiteral("Ada"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(allText(document->cell(0)).find("hello Ada") != std::string::npos,
                             30000);
    QTRY_VERIFY(!view->hasInputPrompt());

    editor->runCell(1, false);
    QTRY_VERIFY_WITH_TIMEOUT(view->hasInputPrompt(), 30000);
    line = nullptr;
    for (QLineEdit *candidate : view->findChildren<QLineEdit *>())
        if (candidate->isVisible())
            line = candidate;
    QVERIFY(line);
    QCOMPARE(line->echoMode(), QLineEdit::Password); // getpass: masked
    line->setFocus();
    QTest::keyClicks(line, QStringLiteral("s3cret"));
    if (const QString shots = qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS"); !shots.isEmpty())
        window.grab().save(shots + QStringLiteral("/input-password.png"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(allText(document->cell(1)).find("length 6") != std::string::npos,
                             30000);
    QVERIFY(allText(document->cell(1)).find("s3cret") == std::string::npos);
    QVERIFY(window.close());
    QTRY_COMPARE_WITH_TIMEOUT(kernelFiles(m_root), 0, 15000);
}

void TestRunning::undoInCommandMode()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = notebookWith(window, {{CellType::Code, "a = 1"},
                                                   {CellType::Code, "b = 2"}});
    QAction *undo = action(window, "actionUndo");
    QAction *redo = action(window, "actionRedo");
    QVERIFY(!undo->isEnabled());
    editor->view()->setCurrentCell(0);
    editor->view()->deleteCurrentCell();
    QCOMPARE(editor->document()->cellCount(), 1);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(editor->document()->cellCount(), 2);
    QCOMPARE(editor->document()->cell(0).source(), std::string("a = 1"));
    QVERIFY(redo->isEnabled());
    redo->trigger();
    QCOMPARE(editor->document()->cellCount(), 1);
    QCOMPARE(editor->document()->cell(0).source(), std::string("b = 2"));
}

void TestRunning::lineNumbersKeyFollowsViewMenu()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    NotebookEditor *editor = window.newNotebook();
    QAction *lineNumbers = action(window, "actionLineNumbers");
    const bool before = lineNumbers->isChecked();
    editor->view()->setFocus();
    QTest::keyClick(editor->view(), Qt::Key_L);
    QCOMPARE(editor->view()->lineNumbersVisible(), !before);
    QCOMPARE(lineNumbers->isChecked(), !before);
}

void TestRunning::keyboardShortcutsDialog()
{
    MainWindow window;
    Hooks hooks;
    hooks.install(window);
    window.show();
    window.newNotebook();
    action(window, "actionKeyboardShortcuts")->trigger();
    auto *dialog = window.findChild<QDialog *>(QStringLiteral("keyboardShortcutsDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *table = dialog->findChild<QTableWidget *>(QStringLiteral("shortcutTable"));
    QVERIFY(table);
    QStringList keys;
    QStringList actions;
    for (int row = 0; row < table->rowCount(); ++row) {
        keys.append(table->item(row, 0)->text());
        actions.append(table->item(row, 1)->text());
    }
    const QList<NotebookView::Shortcut> viewKeys = NotebookView::keyboardShortcuts();
    QVERIFY(!viewKeys.isEmpty());
    for (const NotebookView::Shortcut &shortcut : viewKeys)
        QVERIFY2(keys.contains(shortcut.keys), qPrintable(shortcut.keys));
    QVERIFY(actions.contains(QStringLiteral("Save")));
    QVERIFY(keys.contains(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    // CUMULUS_TEST_SCREENSHOTS=DIR keeps a picture of it.
    const QString shots = qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS");
    if (!shots.isEmpty())
        dialog->grab().save(shots + QStringLiteral("/keyboard-shortcuts.png"));
    // A second request shows the same dialog.
    action(window, "actionKeyboardShortcuts")->trigger();
    QCOMPARE(window.findChildren<QDialog *>(QStringLiteral("keyboardShortcutsDialog")).size(), 1);
}

QTEST_MAIN(TestRunning)
#include "tst_running.moc"
