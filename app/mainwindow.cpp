// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "notebookeditor.h"
#include "preferencesdialog.h"
#include "recentfiles.h"
#include "recoverystore.h"
#include "remotefilesystem.h"
#include "remotehost.h"
#include "serverconnections.h"
#include "serverdock.h"
#include "settings.h"
#include "transferdock.h"

#include "export/notebookexport.h"
#include "export/percentscript.h"
#include "jupyter/kernelspec.h"
#include "notebook/celleditor.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"
#include "panels/findpanel.h"
#include "panels/tocpanel.h"
#include "util/atomicfile.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDialog>
#include <QDockWidget>
#include <QDialogButtonBox>
#include <QDropEvent>
#include <QHeaderView>
#include <QProgressDialog>
#include <QPushButton>
#include <QThread>

#include <atomic>
#include <optional>
#include <QTableWidget>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>

namespace cumulus {

using jupyter::Kernel;

namespace {

QStringList droppedNotebooks(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls())
        if (url.isLocalFile()
            && url.toLocalFile().endsWith(QLatin1String(".ipynb"), Qt::CaseInsensitive))
            paths.append(url.toLocalFile());
    return paths;
}

QString canonical(const QString &path)
{
    const QFileInfo info(path);
    const QString resolved = info.canonicalFilePath();
    return resolved.isEmpty() ? info.absoluteFilePath() : resolved;
}

// A notebook on a server is recorded in its recovery copy as "sftp://SERVER/ABSOLUTE/PATH"
// (server names hold no '/').
const QString kRemoteRecoveryPrefix = QStringLiteral("sftp://");

QString recoveryPath(const NotebookEditor *editor)
{
    return editor->isRemote() ? kRemoteRecoveryPrefix + editor->remoteServer() + editor->remotePath()
                              : editor->document()->filePath();
}

/// The server and path of a recovery copy's "sftp://…" path; nothing for a local one.
std::optional<std::pair<QString, QString>> remoteFromRecoveryPath(const QString &path)
{
    if (!path.startsWith(kRemoteRecoveryPrefix))
        return std::nullopt;
    const QString rest = path.mid(kRemoteRecoveryPrefix.size());
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return std::nullopt;
    return std::pair{rest.left(slash), rest.mid(slash)};
}

QString remoteFolder(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Cumulus"));
    setAcceptDrops(true);

    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this,
            [this](int index) { closeEditor(editor(index)); });

    m_reportError = [this](const QString &title, const QString &text) {
        QMessageBox::warning(this, title, text);
    };
    m_askToSave = [this](NotebookEditor *editor) {
        return QMessageBox::question(
            this, tr("Unsaved changes"),
            tr("%1 has unsaved changes. Save them before closing?").arg(editor->title()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    };

    m_confirm = [this](const QString &title, const QString &text, const QString &acceptText) {
        QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, this);
        QPushButton *accept = box.addButton(acceptText, QMessageBox::AcceptRole);
        box.setDefaultButton(accept);
        box.exec();
        return box.clickedButton() == accept;
    };
    m_askToRecover = [this](const QList<RecoveredNotebook> &notebooks) {
        QStringList names;
        for (const RecoveredNotebook &notebook : notebooks)
            names.append(QStringLiteral("<li>%1 (%2)</li>")
                             .arg(notebook.originalPath.isEmpty()
                                      ? notebook.title.toHtmlEscaped()
                                      : QDir::toNativeSeparators(notebook.originalPath)
                                            .toHtmlEscaped(),
                                  QLocale().toString(notebook.written.toLocalTime(),
                                                     QLocale::ShortFormat)));
        QMessageBox box(QMessageBox::Question, tr("Restore unsaved notebooks?"),
                        tr("<p>Cumulus did not close properly last time. These notebooks had "
                           "unsaved changes:</p><ul>%1</ul><p>Restore them?</p>")
                            .arg(names.join(QString())),
                        QMessageBox::NoButton, this);
        QPushButton *restore = box.addButton(tr("&Restore"), QMessageBox::AcceptRole);
        QPushButton *discard = box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
        box.addButton(tr("Ask &Later"), QMessageBox::RejectRole);
        box.setDefaultButton(restore);
        box.exec();
        if (box.clickedButton() == restore)
            return QMessageBox::Yes;
        return box.clickedButton() == discard ? QMessageBox::Discard : QMessageBox::Cancel;
    };
    m_askExternalChange = [this](NotebookEditor *editor) {
        QMessageBox box(QMessageBox::Warning, tr("File changed on disk"),
                        tr("%1 was changed by another program.%2")
                            .arg(editor->title(),
                                 editor->isModified()
                                     ? tr(" Reloading it drops your unsaved changes.")
                                     : QString()),
                        QMessageBox::NoButton, this);
        QPushButton *reload = box.addButton(tr("&Reload"), QMessageBox::AcceptRole);
        QPushButton *keep = box.addButton(tr("&Keep Mine"), QMessageBox::RejectRole);
        box.setDefaultButton(editor->isModified() ? keep : reload);
        box.exec();
        return box.clickedButton() == reload ? ExternalChange::Reload : ExternalChange::KeepMine;
    };

    m_recovery = std::make_unique<RecoveryStore>();
    m_autosaveTimer = new QTimer(this);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);
    setAutosaveInterval(settings::autosaveIntervalMs());

    createActions();
    createMenus();
    createToolBar();
    createStatusBar();
    updateActions();
    updateStatusBar();
    resize(1100, 800);
}

/// One HTML/PDF export: its own copy of the notebook, on a worker thread; progress and
/// cancellation cross threads through atomics the GUI polls (no per-cell signals).
struct MainWindow::ExportJob
{
    Notebook notebook;
    ExportOptions options;
    ExportFormat format = ExportFormat::Html;
    QString path;
    std::atomic<int> done{0};
    std::atomic<int> total{0};
    std::atomic<bool> cancelled{false};
    Result<void> result; ///< written by the worker, read after it finished
    QThread *thread = nullptr;
    QPointer<QProgressDialog> progress;
    QTimer *poll = nullptr;
};

MainWindow::~MainWindow()
{
    // An export still running works on its own copy of the notebook: stop it and wait.
    if (m_exportJob) {
        m_exportJob->cancelled = true;
        m_exportJob->thread->disconnect(this);
        m_exportJob->thread->wait();
        delete m_exportJob->thread;
    }
    // Tabs go while the window is whole: their teardown signals (undo stack cleared, kernel
    // stopped) must not reach a half-destroyed window.
    while (editorCount() > 0) {
        NotebookEditor *tab = editor(0);
        tab->disconnect(this);
        tab->view()->disconnect(this);
        tab->view()->undoStack()->disconnect(this);
        m_tabs->removeTab(0);
        delete tab;
    }
    // Destroyed, not crashed: nothing to recover.
    m_recovery->discardSession();
}

void MainWindow::setPersistent(bool persistent)
{
    m_persistent = persistent;
    if (!persistent)
        m_autosaveTimer->stop();
    else
        setAutosaveInterval(m_autosaveTimer->interval());
}

void MainWindow::setAutosaveInterval(int ms)
{
    m_autosaveTimer->setInterval(std::max(0, ms));
    if (ms > 0 && m_persistent)
        m_autosaveTimer->start();
    else
        m_autosaveTimer->stop();
}

int MainWindow::autosaveInterval() const
{
    return m_autosaveTimer->isActive() ? m_autosaveTimer->interval() : 0;
}

QString MainWindow::recoverySessionDirectory() const { return m_recovery->sessionDirectory(); }

PreferencesDialog *MainWindow::showPreferences()
{
    if (!m_preferences) {
        m_preferences = new PreferencesDialog(this);
        m_preferences->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_preferences, &PreferencesDialog::applied, this, &MainWindow::applyPreferences);
    }
    m_preferences->open();
    m_preferences->raise();
    m_preferences->activateWindow();
    return m_preferences;
}

void MainWindow::applyPreferences()
{
    applyTheme(settings::theme());
    setAutosaveInterval(settings::autosaveIntervalMs());
    const jupyter::OutputLimits limits = settings::outputLimits();
    const QFont codeFont = settings::codeFont();
    for (int i = 0; i < editorCount(); ++i) {
        editor(i)->setOutputLimits(limits);
        editor(i)->view()->setCodeFont(codeFont);
    }
}

Result<void> MainWindow::autosaveEditor(NotebookEditor *tab)
{
    tab->commitEdits();
    if (!tab->isModified() || !tab->changedSinceAutosave())
        return {};
    auto written = m_recovery->write(tab->recoveryKey(), tab->document()->notebook(), recoveryPath(tab),
                                     tab->title());
    if (written)
        tab->markAutosaved();
    return written;
}

void MainWindow::autosave()
{
    for (int i = 0; i < editorCount(); ++i) {
        NotebookEditor *tab = editor(i);
        auto written = autosaveEditor(tab);
        if (written) {
            m_autosaveFailed = false;
        } else if (!m_autosaveFailed) {
            m_autosaveFailed = true;
            statusBar()->showMessage(
                tr("Autosave failed: %1").arg(written.error().toString()), 15000);
        }
    }
}

int MainWindow::offerRecovery()
{
    const std::vector<RecoveryStore::Orphan> orphans = m_recovery->orphans();
    if (orphans.empty())
        return 0;
    QList<RecoveredNotebook> notebooks;
    for (const RecoveryStore::Orphan &orphan : orphans)
        notebooks.append({orphan.title, orphan.originalPath, orphan.written});
    const QMessageBox::StandardButton answer = m_askToRecover(notebooks);
    if (answer != QMessageBox::Yes && answer != QMessageBox::Discard)
        return 0; // ask again next time
    QStringList directories;
    int restored = 0;
    for (const RecoveryStore::Orphan &orphan : orphans) {
        if (!directories.contains(orphan.directory))
            directories.append(orphan.directory);
        if (answer != QMessageBox::Yes)
            continue;
        auto *tab = new NotebookEditor(this);
        const auto remote = remoteFromRecoveryPath(orphan.originalPath);
        auto loaded = tab->loadRecovered(orphan.notebookFile, remote ? QString() : orphan.originalPath);
        if (!loaded) {
            delete tab;
            m_reportError(tr("Cannot restore notebook"),
                          tr("Cumulus cannot restore %1:\n\n%2")
                              .arg(orphan.title, loaded.error().toString()));
            continue;
        }
        if (remote) {
            // It belongs to its server again (saved there when asked); a server that no
            // longer resolves leaves it untitled, to be saved with Save As.
            if (auto host = m_serverDock->connections()->host(remote->first)) {
                tab->setRemoteFile(*host, remote->second);
                tab->preferServer(*host, QString(), QString(), remoteFolder(remote->second));
            }
        }
        dropUntouchedUntitled();
        addEditor(tab);
        ++restored;
    }
    // Restored tabs are this session's now (their copies are written at the next autosave).
    if (restored > 0)
        autosave();
    for (const QString &directory : std::as_const(directories))
        RecoveryStore::removeDirectory(directory);
    return restored;
}

bool MainWindow::restartKernel(NotebookEditor *editor, bool runAll)
{
    if (!editor)
        return false;
    // Jupyter asks before a restart; so do we, for the menu and for 0, 0 alike.
    const bool confirmed =
        runAll ? m_confirm(tr("Restart kernel and run all cells?"),
                           tr("Restarting the kernel of %1 loses all its variables; then every "
                              "cell runs again from the top.")
                               .arg(editor->title()),
                           tr("&Restart and Run All"))
               : m_confirm(tr("Restart kernel?"),
                           tr("Restarting the kernel of %1 loses all its variables.")
                               .arg(editor->title()),
                           tr("&Restart"));
    if (!confirmed)
        return false;
    if (runAll)
        editor->restartAndRunAll();
    else
        editor->restartKernel();
    return true;
}

void MainWindow::askAboutExternalChange(NotebookEditor *editor)
{
    // One question per change, however many times the watcher fires while it is asked.
    if (editor->property("askingAboutChange").toBool())
        return;
    editor->setProperty("askingAboutChange", true);
    const ExternalChange answer = m_askExternalChange(editor);
    editor->setProperty("askingAboutChange", false);
    if (answer == ExternalChange::Reload) {
        if (auto reloaded = editor->reload(); !reloaded) {
            m_reportError(tr("Cannot reload notebook"),
                          tr("Cumulus cannot reload %1:\n\n%2")
                              .arg(editor->title(), reloaded.error().toString()));
            editor->keepMine();
        } else {
            statusBar()->showMessage(tr("Reloaded %1").arg(editor->title()), 5000);
        }
    } else {
        editor->keepMine();
    }
}

QDialog *MainWindow::showKeyboardShortcuts()
{
    if (auto *open = findChild<QDialog *>(QStringLiteral("keyboardShortcutsDialog"))) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("keyboardShortcutsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Keyboard Shortcuts"));
    auto *table = new QTableWidget(dialog);
    table->setObjectName(QStringLiteral("shortcutTable"));
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setStretchLastSection(true);

    QList<std::pair<QString, QString>> rows;
    for (const NotebookView::Shortcut &shortcut : NotebookView::keyboardShortcuts())
        rows.append({shortcut.keys, shortcut.action});
    // The window's own: every menu action with a key.
    for (QAction *action : findChildren<QAction *>()) {
        if (action->shortcut().isEmpty() || action->objectName().isEmpty())
            continue;
        QString text = action->text();
        text.remove(QLatin1Char('&'));
        text = text.section(QLatin1Char('\t'), 0, 0);
        if (text.endsWith(QStringLiteral("…")))
            text.chop(1);
        rows.append({action->shortcut().toString(QKeySequence::NativeText), text});
    }
    table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(rows.at(row).first));
        table->setItem(row, 1, new QTableWidgetItem(rows.at(row).second));
    }
    table->resizeColumnToContents(0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog->resize(560, 600);
    dialog->show();
    return dialog;
}

void MainWindow::restoreWindowState()
{
    const QByteArray geometry = settings::windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings::windowState();
    if (!state.isEmpty())
        restoreState(state);
}

QAction *MainWindow::makeAction(const char *objectName, const QString &text, const char *iconName,
                                int fallbackIcon)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QLatin1String(objectName));
    if (iconName) {
        const QIcon fallback = fallbackIcon >= 0
                                   ? style()->standardIcon(QStyle::StandardPixmap(fallbackIcon))
                                   : QIcon();
        action->setIcon(QIcon::fromTheme(QLatin1String(iconName), fallback));
    }
    return action;
}

void MainWindow::createActions()
{
    // File
    m_newAction = makeAction("actionNew", tr("&New"), "document-new", QStyle::SP_FileIcon);
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, [this] { newNotebook(); });

    m_openAction =
        makeAction("actionOpen", tr("&Open…"), "document-open", QStyle::SP_DialogOpenButton);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, [this] {
        const QString chosen = chooseFile(FileDialog::Open, QString());
        for (const QString &path : chosen.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            openFile(path);
    });

    m_saveAction =
        makeAction("actionSave", tr("&Save"), "document-save", QStyle::SP_DialogSaveButton);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, [this] { save(currentEditor()); });

    m_saveAsAction = makeAction("actionSaveAs", tr("Save &As…"), "document-save-as");
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAction, &QAction::triggered, this, [this] { saveAs(currentEditor()); });

    m_closeAction =
        makeAction("actionClose", tr("&Close"), "document-close", QStyle::SP_DialogCloseButton);
    m_closeAction->setShortcut(QKeySequence::Close);
    connect(m_closeAction, &QAction::triggered, this, [this] { closeEditor(currentEditor()); });

    m_exportPythonAction = makeAction("actionExportPython", tr("&Python Script (.py)…"));
    connect(m_exportPythonAction, &QAction::triggered, this,
            [this] { exportPythonScript(currentEditor()); });
    m_exportHtmlAction = makeAction("actionExportHtml", tr("&HTML…"));
    m_exportHtmlAction->setStatusTip(tr("One self-contained HTML file that opens offline"));
    connect(m_exportHtmlAction, &QAction::triggered, this,
            [this] { exportNotebook(currentEditor(), ExportFormat::Html); });
    m_exportPdfAction = makeAction("actionExportPdf", tr("P&DF…"));
    m_exportPdfAction->setStatusTip(tr("A PDF rendered by Cumulus (no LaTeX needed)"));
    connect(m_exportPdfAction, &QAction::triggered, this,
            [this] { exportNotebook(currentEditor(), ExportFormat::Pdf); });

    m_quitAction = makeAction("actionQuit", tr("&Quit"), "application-exit");
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    // Edit: text commands act on the open cell editor.
    const auto withEditor = [this](void (QsciScintilla::*command)()) {
        return [this, command] {
            if (NotebookEditor *current = currentEditor())
                if (CellEditor *cellEditor = current->view()->editor())
                    (cellEditor->*command)();
        };
    };
    // Undo/Redo: the text in edit mode, cell operations (the view's stack) in command mode.
    const auto undoOrRedo = [this](bool redo) {
        return [this, redo] {
            NotebookEditor *current = currentEditor();
            if (!current)
                return;
            NotebookView *view = current->view();
            if (CellEditor *cellEditor = view->editor();
                cellEditor && view->mode() == NotebookView::Mode::Edit) {
                redo ? cellEditor->redo() : cellEditor->undo();
            } else {
                redo ? view->undoStack()->redo() : view->undoStack()->undo();
            }
            updateActions();
        };
    };
    m_undoAction = makeAction("actionUndo", tr("&Undo"), "edit-undo");
    m_undoAction->setShortcut(QKeySequence::Undo);
    connect(m_undoAction, &QAction::triggered, this, undoOrRedo(false));
    m_redoAction = makeAction("actionRedo", tr("&Redo"), "edit-redo");
    m_redoAction->setShortcut(QKeySequence::Redo);
    connect(m_redoAction, &QAction::triggered, this, undoOrRedo(true));
    m_cutAction = makeAction("actionCut", tr("Cu&t"), "edit-cut");
    m_cutAction->setShortcut(QKeySequence::Cut);
    connect(m_cutAction, &QAction::triggered, this, withEditor(&QsciScintilla::cut));
    m_copyAction = makeAction("actionCopy", tr("&Copy"), "edit-copy");
    m_copyAction->setShortcut(QKeySequence::Copy);
    connect(m_copyAction, &QAction::triggered, this, withEditor(&QsciScintilla::copy));
    m_pasteAction = makeAction("actionPaste", tr("&Paste"), "edit-paste");
    m_pasteAction->setShortcut(QKeySequence::Paste);
    connect(m_pasteAction, &QAction::triggered, this, withEditor(&QsciScintilla::paste));

    // Cell commands: the view implements them (and their command-mode keys).
    const auto withView = [this](auto command) {
        return [this, command] {
            if (NotebookEditor *current = currentEditor())
                command(current->view());
        };
    };
    m_insertAboveAction =
        makeAction("actionInsertCellAbove", tr("Insert Cell &Above"), "go-up", QStyle::SP_ArrowUp);
    connect(m_insertAboveAction, &QAction::triggered, this,
            withView([](NotebookView *view) { view->insertCellAbove(); }));
    m_insertBelowAction = makeAction("actionInsertCellBelow", tr("Insert Cell &Below"), "list-add",
                                     QStyle::SP_ArrowDown);
    connect(m_insertBelowAction, &QAction::triggered, this,
            withView([](NotebookView *view) { view->insertCellBelow(); }));
    m_deleteCellAction =
        makeAction("actionDeleteCell", tr("&Delete Cell"), "edit-delete", QStyle::SP_TrashIcon);
    connect(m_deleteCellAction, &QAction::triggered, this,
            withView([](NotebookView *view) { view->deleteCurrentCell(); }));
    m_moveUpAction = makeAction("actionMoveCellUp", tr("Move Cell &Up"));
    connect(m_moveUpAction, &QAction::triggered, this,
            withView([](NotebookView *view) { view->moveCurrentCell(-1); }));
    m_moveDownAction = makeAction("actionMoveCellDown", tr("Move Cell Do&wn"));
    connect(m_moveDownAction, &QAction::triggered, this,
            withView([](NotebookView *view) { view->moveCurrentCell(1); }));

    auto *cellTypes = new QActionGroup(this);
    m_codeCellAction = makeAction("actionCellTypeCode", tr("&Code"));
    m_markdownCellAction = makeAction("actionCellTypeMarkdown", tr("&Markdown"));
    m_rawCellAction = makeAction("actionCellTypeRaw", tr("&Raw"));
    for (auto [action, type] : {std::pair{m_codeCellAction, CellType::Code},
                                std::pair{m_markdownCellAction, CellType::Markdown},
                                std::pair{m_rawCellAction, CellType::Raw}}) {
        action->setCheckable(true);
        cellTypes->addAction(action);
        connect(action, &QAction::triggered, this,
                withView([type = type](NotebookView *view) { view->setCurrentCellType(type); }));
    }

    m_clearOutputsAction = makeAction("actionClearOutputs", tr("Clear &Outputs"));
    connect(m_clearOutputsAction, &QAction::triggered, this,
            withView([](NotebookView *view) { view->clearCurrentOutputs(); }));
    m_clearAllOutputsAction =
        makeAction("actionClearAllOutputs", tr("Clear A&ll Outputs"), "edit-clear-all");
    connect(m_clearAllOutputsAction, &QAction::triggered, this,
            withView([](NotebookView *view) { view->clearAllOutputs(); }));

    // View
    m_lineNumbersAction = makeAction("actionLineNumbers", tr("&Line Numbers"));
    m_lineNumbersAction->setCheckable(true);
    m_lineNumbersAction->setChecked(settings::lineNumbersVisible());
    connect(m_lineNumbersAction, &QAction::toggled, this, [this](bool visible) {
        for (int i = 0; i < editorCount(); ++i)
            editor(i)->view()->setLineNumbersVisible(visible);
        if (m_persistent)
            settings::setLineNumbersVisible(visible);
    });

    // Run. The view handles Shift+Enter (run, select below) and Ctrl+Enter (run in place)
    // itself, in command and edit mode; a shortcut here would take the keys from it, so the
    // menu only shows the key (the text after the tab).
    m_runCellAction = makeAction("actionRunCell", tr("Run Cell and Select Below\tShift+Enter"),
                                 "media-playback-start", QStyle::SP_MediaPlay);
    m_runCellAction->setIconText(tr("Run"));
    m_runCellAction->setToolTip(tr("Run the current cell and select the next one (Shift+Enter)"));
    connect(m_runCellAction, &QAction::triggered, this, [this] {
        if (NotebookEditor *current = currentEditor())
            current->runCurrentCellAndAdvance();
    });
    const auto withTab = [this](void (NotebookEditor::*command)()) {
        return [this, command] {
            if (NotebookEditor *current = currentEditor())
                (current->*command)();
        };
    };
    m_runInPlaceAction = makeAction("actionRunCellInPlace", tr("Run Cell in &Place\tCtrl+Enter"));
    connect(m_runInPlaceAction, &QAction::triggered, this, [this] {
        if (NotebookEditor *current = currentEditor())
            current->runCell(current->view()->currentCell(), false);
    });
    m_runAboveAction = makeAction("actionRunAllAbove", tr("Run All A&bove"));
    connect(m_runAboveAction, &QAction::triggered, this, withTab(&NotebookEditor::runAllAbove));
    m_runBelowAction = makeAction("actionRunAllBelow", tr("Run All &Below"));
    connect(m_runBelowAction, &QAction::triggered, this, withTab(&NotebookEditor::runAllBelow));
    m_runSelectedAction = makeAction("actionRunSelected", tr("Run &Selected Cells"));
    connect(m_runSelectedAction, &QAction::triggered, this,
            withTab(&NotebookEditor::runSelected));
    m_runAllAction = makeAction("actionRunAll", tr("Run &All"), "media-seek-forward",
                                QStyle::SP_MediaSeekForward);
    connect(m_runAllAction, &QAction::triggered, this, withTab(&NotebookEditor::runAll));
    m_restartRunAllAction =
        makeAction("actionRestartRunAll", tr("Restart Kernel and Run All…"));
    connect(m_restartRunAllAction, &QAction::triggered, this,
            [this] { restartKernel(currentEditor(), true); });

    // Kernel
    m_interruptAction = makeAction("actionInterrupt", tr("&Interrupt\tI, I"), "media-playback-stop",
                                   QStyle::SP_MediaStop);
    connect(m_interruptAction, &QAction::triggered, this, [this] {
        if (NotebookEditor *current = currentEditor())
            current->interruptKernel();
    });
    m_interruptAction->setIconText(tr("Interrupt"));
    m_restartAction = makeAction("actionRestart", tr("&Restart…\t0, 0"), "view-refresh",
                                 QStyle::SP_BrowserReload);
    m_restartAction->setIconText(tr("Restart"));
    connect(m_restartAction, &QAction::triggered, this,
            [this] { restartKernel(currentEditor()); });
    m_shutdownAction = makeAction("actionShutdown", tr("&Shut Down"), "system-shutdown");
    connect(m_shutdownAction, &QAction::triggered, this, [this] {
        if (NotebookEditor *current = currentEditor())
            current->shutdownKernel();
    });

    m_preferencesAction =
        makeAction("actionPreferences", tr("&Preferences…"), "preferences-system");
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    {
        // Ctrl+, as in VS Code and JupyterLab, also where the platform has no Preferences key.
        QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Preferences);
        const QKeySequence ctrlComma(Qt::CTRL | Qt::Key_Comma);
        if (!keys.contains(ctrlComma))
            keys.append(ctrlComma);
        m_preferencesAction->setShortcuts(keys);
    }
    connect(m_preferencesAction, &QAction::triggered, this, [this] { showPreferences(); });

    m_shortcutsAction =
        makeAction("actionKeyboardShortcuts", tr("&Keyboard Shortcuts"), "help-keyboard-shortcuts");
    connect(m_shortcutsAction, &QAction::triggered, this, [this] { showKeyboardShortcuts(); });
    m_aboutAction = makeAction("actionAbout", tr("&About Cumulus"), "help-about");
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    // Several actions share keys with text editing; make them window-wide, including when
    // focus is in a cell editor.
    for (QAction *action : findChildren<QAction *>())
        action->setShortcutContext(Qt::WindowShortcut);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuRecent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu(); // so the submenu is enabled or not from the start
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addAction(m_closeAction);
    file->addSeparator();
    m_exportMenu = file->addMenu(tr("&Export"));
    m_exportMenu->setObjectName(QStringLiteral("menuExport"));
    m_exportMenu->setToolTipsVisible(true);
    m_exportMenu->addAction(m_exportPythonAction);
    m_exportMenu->addAction(m_exportHtmlAction);
    m_exportMenu->addAction(m_exportPdfAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_cutAction);
    edit->addAction(m_copyAction);
    edit->addAction(m_pasteAction);
    edit->addSeparator();
    edit->addAction(m_insertAboveAction);
    edit->addAction(m_insertBelowAction);
    edit->addAction(m_deleteCellAction);
    edit->addAction(m_moveUpAction);
    edit->addAction(m_moveDownAction);
    m_cellTypeMenu = edit->addMenu(tr("Cell &Type"));
    m_cellTypeMenu->addAction(m_codeCellAction);
    m_cellTypeMenu->addAction(m_markdownCellAction);
    m_cellTypeMenu->addAction(m_rawCellAction);
    connect(m_cellTypeMenu, &QMenu::aboutToShow, this, &MainWindow::updateActions);
    edit->addSeparator();
    edit->addAction(m_clearOutputsAction);
    edit->addAction(m_clearAllOutputsAction);
    // Undo/Cut/… follow the editor, which opens and closes without telling the window.
    connect(edit, &QMenu::aboutToShow, this, &MainWindow::updateActions);

    // Find and Replace (bottom) and Contents (left): docks that follow the current tab.
    m_findPanel = new FindPanel(this);
    m_findDock = new QDockWidget(tr("Find and Replace"), this);
    m_findDock->setObjectName(QStringLiteral("findDock"));
    m_findDock->setWidget(m_findPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_findDock);
    m_findDock->hide();
    m_tocPanel = new TocPanel(this);
    auto *tocDock = new QDockWidget(tr("Contents"), this);
    tocDock->setObjectName(QStringLiteral("contentsDock"));
    tocDock->setWidget(m_tocPanel);
    addDockWidget(Qt::LeftDockWidgetArea, tocDock);
    tocDock->hide();
    m_serverDock = new ServerDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_serverDock);
    m_serverDock->hide();
    m_serverDock->setEditors([this] { return currentEditor(); }, [this] {
        QList<NotebookEditor *> editors;
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto *editor = qobject_cast<NotebookEditor *>(m_tabs->widget(i)))
                editors << editor;
        return editors;
    });
    connect(m_serverDock, &ServerDock::errorOccurred, this,
            [this](const QString &message) { m_reportError(tr("Servers"), message); });
    // Files on servers, over the same connections (each server's file session).
    m_transferDock = new TransferDock(m_serverDock->connections(), this);
    addDockWidget(Qt::RightDockWidgetArea, m_transferDock);
    m_transferDock->hide();
    connect(m_transferDock, &TransferDock::openNotebookRequested, this,
            [this](const QString &server, const QString &path) { openRemoteNotebook(server, path); });
    connect(m_findPanel, &FindPanel::closeRequested, this, [this] {
        m_findDock->hide();
        if (NotebookEditor *current = currentEditor())
            current->view()->setFocus();
    });
    edit->addSeparator();
    QAction *find = edit->addAction(tr("&Find…"), this, [this] {
        m_findDock->show();
        m_findDock->raise();
        m_findPanel->activateFind();
    });
    find->setShortcut(QKeySequence::Find);
    QAction *replace = edit->addAction(tr("&Replace…"), this, [this] {
        m_findDock->show();
        m_findDock->raise();
        m_findPanel->activateReplace();
    });
    replace->setShortcut(QKeySequence::Replace);
    edit->addAction(m_findPanel->findNextAction());     // F3 works with the dock hidden
    edit->addAction(m_findPanel->findPreviousAction());
    edit->addSeparator();
    edit->addAction(m_preferencesAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    view->addAction(m_lineNumbersAction);
    view->addSeparator();
    QAction *showContents = tocDock->toggleViewAction();
    showContents->setText(tr("&Contents"));
    view->addAction(showContents);
    QAction *showFind = m_findDock->toggleViewAction();
    showFind->setText(tr("Find and &Replace"));
    view->addAction(showFind);
    QAction *showServers = m_serverDock->toggleViewAction();
    showServers->setText(tr("&Servers"));
    showServers->setObjectName(QStringLiteral("actionShowServers"));
    view->addAction(showServers);
    QAction *showTransfers = m_transferDock->toggleViewAction();
    showTransfers->setText(tr("&Transfers"));
    showTransfers->setObjectName(QStringLiteral("actionShowTransfers"));
    view->addAction(showTransfers);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->setObjectName(QStringLiteral("menuRun"));
    run->addAction(m_runCellAction);
    run->addAction(m_runInPlaceAction);
    run->addAction(m_runSelectedAction);
    run->addSeparator();
    run->addAction(m_runAboveAction);
    run->addAction(m_runBelowAction);
    run->addAction(m_runAllAction);
    run->addSeparator();
    run->addAction(m_restartRunAllAction);

    QMenu *kernel = menuBar()->addMenu(tr("&Kernel"));
    kernel->setObjectName(QStringLiteral("menuKernel"));
    kernel->addAction(m_interruptAction);
    kernel->addAction(m_restartAction);
    kernel->addAction(m_shutdownAction);
    kernel->addSeparator();
    m_changeKernelMenu = kernel->addMenu(tr("&Change Kernel"));
    m_changeKernelMenu->setObjectName(QStringLiteral("menuChangeKernel"));
    connect(m_changeKernelMenu, &QMenu::aboutToShow, this, &MainWindow::fillKernelMenu);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    help->addAction(m_shortcutsAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar")); // saveState() needs a name
    toolBar->setMovable(false);
    toolBar->addAction(m_saveAction);
    toolBar->addSeparator();
    toolBar->addAction(m_insertBelowAction);
    toolBar->addSeparator();
    toolBar->addAction(m_runCellAction);
    toolBar->addAction(m_interruptAction);
    toolBar->addAction(m_restartAction);
}

void MainWindow::createStatusBar()
{
    const auto label = [this](const char *name, const QString &toolTip) {
        auto *widget = new QLabel(this);
        widget->setObjectName(QLatin1String(name));
        widget->setToolTip(toolTip);
        widget->setContentsMargins(6, 0, 6, 0);
        statusBar()->addPermanentWidget(widget);
        return widget;
    };
    m_kernelNameLabel = label("kernelNameLabel", tr("The kernel this notebook runs on"));
    m_serverLabel = label("serverLabel", tr("Where the kernel runs"));
    m_kernelStateLabel = label("kernelStateLabel", tr("The kernel's state"));
    m_lastRunLabel = label("lastRunLabel", tr("How long the last cell took"));
}

QString MainWindow::kernelStateText(Kernel::Status status)
{
    switch (status) {
    case Kernel::Status::NotStarted: return tr("Not started");
    case Kernel::Status::Starting: return tr("Starting");
    case Kernel::Status::Idle: return tr("Idle");
    case Kernel::Status::Busy: return tr("Busy");
    case Kernel::Status::Restarting: return tr("Restarting");
    case Kernel::Status::Reconnecting: return tr("Reconnecting");
    case Kernel::Status::Dead: return tr("Dead");
    case Kernel::Status::Stopped: return tr("Shut down");
    }
    return QString();
}

QString MainWindow::lastRunText(qint64 ms)
{
    if (ms < 0)
        return QString();
    if (ms < 1000)
        return tr("Last run: %1 ms").arg(ms);
    if (ms < 60000)
        return tr("Last run: %1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 seconds = ms / 1000;
    return tr("Last run: %1:%2 min").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// --- tabs ----------------------------------------------------------------------------

int MainWindow::editorCount() const { return m_tabs->count(); }

NotebookEditor *MainWindow::editor(int index) const
{
    return qobject_cast<NotebookEditor *>(m_tabs->widget(index));
}

NotebookEditor *MainWindow::currentEditor() const
{
    return qobject_cast<NotebookEditor *>(m_tabs->currentWidget());
}

NotebookEditor *MainWindow::addEditor(NotebookEditor *editor)
{
    editor->view()->setLineNumbersVisible(m_lineNumbersAction->isChecked());
    editor->view()->setCodeFont(settings::codeFont());
    connect(editor, &NotebookEditor::titleChanged, this, [this, editor] { updateTab(editor); });
    connect(editor, &NotebookEditor::modifiedChanged, this, [this, editor] { updateTab(editor); });
    const auto ifCurrent = [this, editor] {
        if (editor == currentEditor()) {
            updateStatusBar();
            updateActions();
        }
    };
    connect(editor, &NotebookEditor::kernelStatusChanged, this, ifCurrent);
    connect(editor, &NotebookEditor::kernelChanged, this, ifCurrent);
    connect(editor, &NotebookEditor::kernelStatusChanged, m_serverDock, &ServerDock::updateLocalKernels);
    connect(editor, &QObject::destroyed, m_serverDock, &ServerDock::updateLocalKernels);
    connect(editor, &NotebookEditor::lastRunChanged, this, ifCurrent);
    connect(editor->view(), &NotebookView::modeChanged, this, ifCurrent);
    connect(editor->view()->undoStack(), &QUndoStack::canUndoChanged, this, ifCurrent);
    connect(editor->view()->undoStack(), &QUndoStack::canRedoChanged, this, ifCurrent);
    // I, I and 0, 0 in command mode: the same as the Kernel menu (0, 0 asks first, as in
    // Jupyter). L toggles line numbers in every tab, as the View menu does.
    connect(editor->view(), &NotebookView::interruptRequested, editor,
            &NotebookEditor::interruptKernel);
    connect(editor->view(), &NotebookView::restartRequested, this,
            [this, editor] { restartKernel(editor); });
    connect(editor->view(), &NotebookView::lineNumbersToggled, this,
            [this](bool visible) { m_lineNumbersAction->setChecked(visible); });
    connect(editor, &NotebookEditor::fileChangedOnDisk, this,
            [this, editor] { askAboutExternalChange(editor); });
    // Saved (or reloaded): the recovery copy has nothing left to recover.
    connect(editor, &NotebookEditor::modifiedChanged, this, [this, editor](bool modified) {
        if (!modified)
            m_recovery->remove(editor->recoveryKey());
    });
    connect(editor->view(), &NotebookView::currentCellChanged, this, ifCurrent);
    connect(editor, &NotebookEditor::errorOccurred, this, [this, editor](const QString &message) {
        statusBar()->showMessage(QStringLiteral("%1: %2").arg(editor->title(), message), 15000);
    });
    const int index = m_tabs->addTab(editor, editor->title());
    updateTab(editor);
    m_tabs->setCurrentIndex(index);
    editor->setFocus();
    return editor;
}

void MainWindow::updateTab(NotebookEditor *editor)
{
    const int index = m_tabs->indexOf(editor);
    if (index < 0)
        return;
    m_tabs->setTabText(index, editor->isModified() ? editor->title() + QStringLiteral("*")
                                                   : editor->title());
    const QString path = editor->document()->filePath();
    m_tabs->setTabToolTip(index, editor->isRemote() ? editor->remoteLocation()
                                 : path.isEmpty()   ? editor->title()
                                                    : QDir::toNativeSeparators(path));
    if (editor == currentEditor())
        updateWindowTitle();
}

void MainWindow::updateWindowTitle()
{
    NotebookEditor *current = currentEditor();
    if (!current) {
        setWindowTitle(tr("Cumulus"));
        setWindowModified(false);
        return;
    }
    // "[*]" is where Qt shows the modified marker.
    setWindowTitle(tr("%1[*] — Cumulus").arg(current->title()));
    setWindowModified(current->isModified());
}

void MainWindow::onCurrentTabChanged()
{
    NotebookView *currentView = currentEditor() ? currentEditor()->view() : nullptr;
    if (m_findPanel)
        m_findPanel->setView(currentView);
    if (m_tocPanel)
        m_tocPanel->setView(currentView);
    updateWindowTitle();
    updateActions();
    updateStatusBar();
}

void MainWindow::updateActions()
{
    NotebookEditor *current = currentEditor();
    const bool hasEditor = current != nullptr;
    NotebookView *view = hasEditor ? current->view() : nullptr;
    CellEditor *cellEditor = view ? view->editor() : nullptr;
    const bool hasCell = view && view->currentCell() >= 0 && current->document()->cellCount() > 0;

    for (QAction *action :
         {m_saveAction, m_saveAsAction, m_closeAction, m_exportPythonAction, m_exportHtmlAction,
          m_exportPdfAction, m_insertAboveAction,
          m_insertBelowAction, m_clearAllOutputsAction, m_runAllAction, m_restartAction,
          m_restartRunAllAction})
        action->setEnabled(hasEditor);
    m_exportMenu->setEnabled(true);
    for (QAction *action :
         {m_deleteCellAction, m_moveUpAction, m_moveDownAction, m_codeCellAction,
          m_markdownCellAction, m_rawCellAction, m_clearOutputsAction, m_runCellAction,
          m_runInPlaceAction, m_runAboveAction, m_runBelowAction, m_runSelectedAction})
        action->setEnabled(hasCell);
    m_cellTypeMenu->setEnabled(hasCell);
    if (view && view->mode() == NotebookView::Mode::Edit && cellEditor) {
        m_undoAction->setEnabled(cellEditor->isUndoAvailable());
        m_redoAction->setEnabled(cellEditor->isRedoAvailable());
        m_undoAction->setText(tr("&Undo"));
        m_redoAction->setText(tr("&Redo"));
    } else {
        QUndoStack *stack = view ? view->undoStack() : nullptr;
        m_undoAction->setEnabled(stack && stack->canUndo());
        m_redoAction->setEnabled(stack && stack->canRedo());
        // "Undo Delete Cells", as the stack names its steps.
        m_undoAction->setText(stack && stack->canUndo()
                                  ? tr("&Undo %1").arg(stack->undoText())
                                  : tr("&Undo"));
        m_redoAction->setText(stack && stack->canRedo()
                                  ? tr("&Redo %1").arg(stack->redoText())
                                  : tr("&Redo"));
    }
    m_cutAction->setEnabled(cellEditor && cellEditor->hasSelectedText()
                            && !cellEditor->isReadOnly());
    m_copyAction->setEnabled(cellEditor && cellEditor->hasSelectedText());
    m_pasteAction->setEnabled(cellEditor && !cellEditor->isReadOnly());

    if (hasCell) {
        const int index = view->currentCell();
        switch (current->document()->cell(index).type()) {
        case CellType::Code: m_codeCellAction->setChecked(true); break;
        case CellType::Markdown: m_markdownCellAction->setChecked(true); break;
        case CellType::Raw: m_rawCellAction->setChecked(true); break;
        case CellType::Unknown: break;
        }
    }

    const Kernel::Status status = hasEditor ? current->kernelStatus() : Kernel::Status::NotStarted;
    m_interruptAction->setEnabled(hasEditor
                                  && (status == Kernel::Status::Busy || current->isRunning()));
    m_shutdownAction->setEnabled(hasEditor && status != Kernel::Status::NotStarted
                                 && status != Kernel::Status::Stopped
                                 && status != Kernel::Status::Dead);
    m_changeKernelMenu->setEnabled(hasEditor);
}

void MainWindow::updateTransferBookmark()
{
    NotebookEditor *current = currentEditor();
    if (!m_transferDock || !current || !current->serverHost() || !current->kernel())
        return;
    const Kernel::Status status = current->kernelStatus();
    if (status == Kernel::Status::NotStarted || status == Kernel::Status::Stopped || status == Kernel::Status::Dead)
        return;
    const QString server = current->serverHost()->server().name;
    const QString directory = current->serverWorkingDirectory();
    const QString bookmark = server + QLatin1Char('\n') + directory;
    if (directory.isEmpty() || bookmark == m_transferBookmark) // told already (this runs on every status)
        return;
    m_transferBookmark = bookmark;
    m_transferDock->setKernelWorkingDirectory(server, directory);
}

void MainWindow::updateStatusBar()
{
    updateTransferBookmark();
    NotebookEditor *current = currentEditor();
    const bool hasEditor = current != nullptr;
    m_kernelNameLabel->setVisible(hasEditor);
    m_serverLabel->setVisible(hasEditor);
    m_kernelStateLabel->setVisible(hasEditor);
    m_lastRunLabel->setVisible(hasEditor && current->lastRunMs() >= 0);
    if (!hasEditor)
        return;
    m_kernelNameLabel->setText(current->kernelDisplayName());
    m_serverLabel->setText(current->serverName());
    const QString directory = current->serverWorkingDirectory();
    m_serverLabel->setToolTip(directory.isEmpty() ? tr("Where the kernel runs")
                                                  : tr("Where the kernel runs; its working directory there: %1").arg(directory));
    m_kernelStateLabel->setText(kernelStateText(current->kernelStatus()));
    m_lastRunLabel->setText(lastRunText(current->lastRunMs()));
}

// --- files ---------------------------------------------------------------------------

QString MainWindow::chooseFile(FileDialog kind, const QString &suggested)
{
    if (m_chooseFile)
        return m_chooseFile(kind, suggested);
    QString dir = suggested;
    if (dir.isEmpty())
        dir = settings::lastDirectory();
    QString chosen;
    switch (kind) {
    case FileDialog::Open:
        chosen = QFileDialog::getOpenFileNames(this, tr("Open Notebook"), dir,
                                               tr("Jupyter notebooks (*.ipynb);;All files (*)"))
                     .join(QLatin1Char('\n'));
        break;
    case FileDialog::SaveAs:
        chosen = QFileDialog::getSaveFileName(this, tr("Save Notebook As"), dir,
                                              tr("Jupyter notebooks (*.ipynb)"));
        if (!chosen.isEmpty() && QFileInfo(chosen).suffix().isEmpty())
            chosen += QStringLiteral(".ipynb");
        break;
    case FileDialog::ExportPython:
        chosen = QFileDialog::getSaveFileName(this, tr("Export as Python Script"), dir,
                                              tr("Python scripts (*.py)"));
        break;
    case FileDialog::ExportHtml:
        chosen = QFileDialog::getSaveFileName(this, tr("Export as HTML"), dir,
                                              tr("HTML files (*.html *.htm)"));
        if (!chosen.isEmpty() && QFileInfo(chosen).suffix().isEmpty())
            chosen += QStringLiteral(".html");
        break;
    case FileDialog::ExportPdf:
        chosen = QFileDialog::getSaveFileName(this, tr("Export as PDF"), dir,
                                              tr("PDF files (*.pdf)"));
        if (!chosen.isEmpty() && QFileInfo(chosen).suffix().isEmpty())
            chosen += QStringLiteral(".pdf");
        break;
    }
    if (!chosen.isEmpty() && m_persistent)
        settings::setLastDirectory(
            QFileInfo(chosen.section(QLatin1Char('\n'), 0, 0)).absolutePath());
    return chosen;
}

void MainWindow::addRecentFile(const QString &path)
{
    if (!m_persistent)
        return;
    RecentFiles::add(path);
    fillRecentMenu();
}

bool MainWindow::openFile(const QString &path)
{
    const QString wanted = canonical(path);
    for (int i = 0; i < editorCount(); ++i) {
        const QString open = editor(i)->document()->filePath();
        if (!open.isEmpty() && canonical(open) == wanted) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }

    auto *editor = new NotebookEditor(this);
    auto loaded = editor->load(path);
    if (!loaded) {
        delete editor;
        m_reportError(tr("Cannot open notebook"),
                      tr("Cumulus cannot open %1:\n\n%2")
                          .arg(QDir::toNativeSeparators(path), loaded.error().toString()));
        return false;
    }

    dropUntouchedUntitled();
    addEditor(editor);
    addRecentFile(path);
    if (!loaded->isEmpty())
        statusBar()->showMessage(
            tr("%1: %n schema warning(s), kept as Jupyter keeps them", nullptr, int(loaded->size()))
                .arg(editor->title()),
            15000);
    return true;
}

void MainWindow::dropUntouchedUntitled()
{
    NotebookEditor *current = currentEditor();
    if (editorCount() == 1 && current && current->document()->filePath().isEmpty() && !current->isRemote()
        && !current->isModified()) {
        m_tabs->removeTab(0);
        current->deleteLater();
    }
}

NotebookEditor *MainWindow::remoteEditor(const QString &server, const QString &path) const
{
    for (int i = 0; i < editorCount(); ++i)
        if (editor(i)->isRemote() && editor(i)->remoteServer() == server && editor(i)->remotePath() == path)
            return editor(i);
    return nullptr;
}

bool MainWindow::openRemoteNotebook(const QString &server, const QString &path)
{
    auto host = m_serverDock->connections()->host(server);
    if (!host) {
        const QString error = host.error().toString();
        m_reportError(tr("Cannot open notebook"), tr("Cumulus cannot open %1 on %2:\n\n%3").arg(path, server, error));
        Q_EMIT remoteNotebookOpened(nullptr, error);
        return false;
    }
    const QString name = (*host)->server().name;
    if (NotebookEditor *open = remoteEditor(name, path)) {
        m_tabs->setCurrentWidget(open);
        Q_EMIT remoteNotebookOpened(open, QString());
        return true;
    }
    statusBar()->showMessage(tr("Opening %1 on %2…").arg(path, name));
    // Its absolute path first (the tab's identity, the kernel's folder), then its bytes, on
    // the server's file session: the window never waits.
    remote::RemoteFileSystem *files = (*host)->files();
    QPointer<remote::RemoteFileSystem> filesGuard(files);
    QPointer<MainWindow> self(this);
    files->stat(path, [this, self, filesGuard, name, path](const Result<remote::RemoteFileInfo> &info) {
        if (!self)
            return;
        if (!info) {
            finishOpeningRemote(name, path, info.error());
            return;
        }
        if (info->isFolder()) {
            finishOpeningRemote(name, info->path, Error(tr("%1 is a folder").arg(info->path)));
            return;
        }
        if (!filesGuard)
            return;
        filesGuard->readFile(info->path, maxRemoteNotebookBytes(),
                             [this, self, name, absolute = info->path](const Result<QByteArray> &bytes) {
                                 if (self)
                                     finishOpeningRemote(name, absolute, bytes);
                             });
    });
    return true;
}

void MainWindow::finishOpeningRemote(const QString &server, const QString &path, const Result<QByteArray> &bytes)
{
    const auto fail = [&](const QString &error) {
        statusBar()->clearMessage();
        m_reportError(tr("Cannot open notebook"), tr("Cumulus cannot open %1 on %2:\n\n%3").arg(path, server, error));
        Q_EMIT remoteNotebookOpened(nullptr, error);
    };
    if (!bytes) {
        fail(bytes.error().toString());
        return;
    }
    if (NotebookEditor *open = remoteEditor(server, path)) { // opened twice meanwhile
        m_tabs->setCurrentWidget(open);
        statusBar()->clearMessage();
        Q_EMIT remoteNotebookOpened(open, QString());
        return;
    }
    remote::RemoteHost *host = m_serverDock->connections()->existingHost(server);
    if (!host) {
        fail(tr("the connection to the server is gone"));
        return;
    }
    auto *editor = new NotebookEditor(this);
    auto loaded = editor->loadRemote(*bytes, host, path);
    if (!loaded) {
        delete editor;
        fail(loaded.error().toString());
        return;
    }
    // It runs where it lives: on the server, in its folder (the kernel starts on the first Run).
    editor->preferServer(host, QString(), QString(), remoteFolder(path));
    dropUntouchedUntitled();
    addEditor(editor);
    if (!loaded->isEmpty())
        statusBar()->showMessage(
            tr("%1: %n schema warning(s), kept as Jupyter keeps them", nullptr, int(loaded->size()))
                .arg(editor->title()),
            15000);
    else
        statusBar()->showMessage(tr("Opened %1").arg(editor->remoteLocation()), 5000);
    Q_EMIT remoteNotebookOpened(editor, QString());
}

void MainWindow::saveRemote(NotebookEditor *editor, std::function<void(bool ok)> then)
{
    const QString server = editor->remoteServer();
    const QString path = editor->remotePath();
    statusBar()->showMessage(tr("Saving %1 to %2…").arg(path, server));
    QPointer<NotebookEditor> guard(editor);
    editor->saveRemote([this, guard, server, path, then = std::move(then)](const Result<void> &written) {
        if (!guard)
            return;
        if (written) {
            statusBar()->showMessage(tr("Saved %1 on %2").arg(path, server), 5000);
        } else {
            // Nothing is lost: the tab keeps the notebook, modified, and its recovery copy is
            // written now; Save As keeps it on this computer.
            const auto copied = autosaveEditor(guard);
            statusBar()->clearMessage();
            m_reportError(tr("Cannot save notebook"),
                          tr("Cumulus cannot save %1 on %2:\n\n%3\n\n%4 To keep them on this computer, use "
                             "File ▸ Save As.")
                                  .arg(path, server, written.error().toString(),
                                       copied ? tr("Your changes are kept in this window and in its recovery copy.")
                                              : tr("Your changes are kept in this window (the recovery copy "
                                                   "failed: %1).")
                                                        .arg(copied.error().toString())));
        }
        if (!guard)
            return;
        Q_EMIT remoteSaveFinished(guard, written.ok(), written ? QString() : written.error().toString());
        if (then)
            then(written.ok());
    });
}

NotebookEditor *MainWindow::newNotebook()
{
    auto *editor = new NotebookEditor(this);
    editor->newNotebook();
    return addEditor(editor);
}

bool MainWindow::save(NotebookEditor *editor)
{
    if (!editor)
        return false;
    if (editor->isRemote()) {
        saveRemote(editor);
        return true;
    }
    if (editor->document()->filePath().isEmpty())
        return saveAs(editor);
    auto saved = editor->save();
    if (!saved) {
        m_reportError(
            tr("Cannot save notebook"),
            tr("Cumulus cannot save %1:\n\n%2").arg(editor->title(), saved.error().toString()));
        return false;
    }
    statusBar()->showMessage(
        tr("Saved %1").arg(QDir::toNativeSeparators(editor->document()->filePath())), 5000);
    return true;
}

bool MainWindow::saveAs(NotebookEditor *editor, const QString &path)
{
    if (!editor)
        return false;
    QString target = path;
    if (target.isEmpty()) {
        QString current = editor->document()->filePath();
        if (editor->isRemote()) // Save As keeps a notebook on a server here, under its name
            current = QDir(settings::lastDirectory().isEmpty() ? QDir::homePath() : settings::lastDirectory())
                              .filePath(editor->remotePath().section(QLatin1Char('/'), -1));
        target = chooseFile(FileDialog::SaveAs, current.isEmpty() ? QString() : current);
        if (target.isEmpty())
            return false;
    }
    auto saved = editor->save(target);
    if (!saved) {
        m_reportError(tr("Cannot save notebook"),
                      tr("Cumulus cannot save %1:\n\n%2")
                          .arg(QDir::toNativeSeparators(target), saved.error().toString()));
        return false;
    }
    updateTab(editor);
    addRecentFile(target);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(target)), 5000);
    return true;
}

bool MainWindow::exportPythonScript(NotebookEditor *editor, const QString &path)
{
    if (!editor)
        return false;
    QString target = path;
    if (target.isEmpty()) {
        QString suggested = editor->document()->filePath();
        if (!suggested.isEmpty())
            suggested = QFileInfo(suggested).path() + QLatin1Char('/')
                        + QFileInfo(suggested).completeBaseName() + QStringLiteral(".py");
        target = chooseFile(FileDialog::ExportPython, suggested);
        if (target.isEmpty())
            return false;
    }
    editor->commitEdits();
    const std::string script = percentscript::write(editor->document()->notebook());
    if (auto written = writeFileAtomically(target, script); !written) {
        m_reportError(tr("Cannot export notebook"),
                      tr("Cumulus cannot write %1:\n\n%2")
                          .arg(QDir::toNativeSeparators(target), written.error().toString()));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(target)), 5000);
    return true;
}

bool MainWindow::closeEditor(NotebookEditor *editor)
{
    if (!editor)
        return false;
    editor->commitEdits();
    if (editor->isModified()) {
        m_tabs->setCurrentWidget(editor);
        switch (m_askToSave(editor)) {
        case QMessageBox::Save:
            if (editor->isRemote()) {
                // The tab closes once the server has the notebook; a failure keeps it open.
                QPointer<NotebookEditor> guard(editor);
                saveRemote(editor, [this, guard](bool ok) {
                    if (ok && guard)
                        closeEditor(guard);
                });
                return false;
            }
            if (!save(editor))
                return false;
            break;
        case QMessageBox::Discard: break;
        default: return false;
        }
    }
    m_tabs->removeTab(m_tabs->indexOf(editor));
    m_recovery->remove(editor->recoveryKey());
    editor->deleteLater(); // stops its kernel
    return true;
}

bool MainWindow::askToSaveAll()
{
    for (int i = 0; i < editorCount(); ++i) {
        NotebookEditor *tab = editor(i);
        tab->commitEdits();
        if (!tab->isModified())
            continue;
        m_tabs->setCurrentIndex(i);
        switch (m_askToSave(tab)) {
        case QMessageBox::Save:
            if (tab->isRemote()) {
                // The window closes (asking about the next ones) once the server has it.
                saveRemote(tab, [this](bool ok) {
                    if (ok)
                        close();
                });
                return false;
            }
            if (!save(tab))
                return false;
            break;
        case QMessageBox::Discard: break;
        default: return false;
        }
    }
    return true;
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_persistent ? RecentFiles::files() : QStringList();
    for (int i = 0; i < files.size(); ++i) {
        const QString &path = files.at(i);
        // "&1 name" gives the first nine entries a mnemonic.
        const QString text =
            i < 9 ? QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName())
                  : QFileInfo(path).fileName();
        QAction *action = m_recentMenu->addAction(text);
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        QAction *clear = m_recentMenu->addAction(tr("&Clear Menu"));
        connect(clear, &QAction::triggered, this, [this] {
            RecentFiles::clear();
            fillRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::fillKernelMenu()
{
    m_changeKernelMenu->clear();
    NotebookEditor *current = currentEditor();
    if (!current)
        return;
    const QString currentName = current->kernelName();
    auto *group = new QActionGroup(m_changeKernelMenu);
    const std::vector<jupyter::KernelSpec> specs = jupyter::findKernelSpecs();
    for (const jupyter::KernelSpec &spec : specs) {
        QAction *action = m_changeKernelMenu->addAction(
            spec.displayName.isEmpty() ? spec.name : spec.displayName);
        action->setCheckable(true);
        action->setChecked(spec.name == currentName);
        action->setToolTip(spec.name);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, spec] {
            if (NotebookEditor *target = currentEditor())
                target->changeKernel(spec);
            updateStatusBar();
        });
    }
    if (specs.empty()) {
        QAction *none = m_changeKernelMenu->addAction(tr("No kernels installed"));
        none->setEnabled(false);
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Cumulus"),
                       tr("<h3>Cumulus %1</h3>"
                          "<p>A native desktop notebook IDE for Jupyter notebooks.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QApplication::applicationVersion(), QLatin1String(qVersion())));
}

// --- window events -------------------------------------------------------------------

bool MainWindow::isExporting() const { return m_exportJob != nullptr; }

bool MainWindow::exportNotebook(NotebookEditor *editor, ExportFormat format, const QString &path)
{
    if (!editor || m_exportJob)
        return false;
    const bool pdf = format == ExportFormat::Pdf;
    const QString suffix = pdf ? QStringLiteral(".pdf") : QStringLiteral(".html");
    QString target = path;
    if (target.isEmpty()) {
        QString suggested = editor->document()->filePath();
        if (!suggested.isEmpty())
            suggested = QFileInfo(suggested).path() + QLatin1Char('/')
                        + QFileInfo(suggested).completeBaseName() + suffix;
        target = chooseFile(pdf ? FileDialog::ExportPdf : FileDialog::ExportHtml, suggested);
        if (target.isEmpty())
            return false;
    }
    editor->commitEdits();
    auto job = std::make_shared<ExportJob>();
    job->notebook = editor->document()->notebook(); // a copy: editing goes on meanwhile
    // The title: the file's name, or the tab's ("Untitled.ipynb*") for a notebook never saved.
    QString name = m_tabs->tabText(m_tabs->indexOf(editor));
    name.remove(QLatin1Char('*'));
    job->options.fileName =
        editor->document()->filePath().isEmpty() ? name : editor->document()->filePath();
    job->format = format;
    job->path = target;
    job->total = int(job->notebook.cells().size());
    m_exportJob = job;

    // A dialog only for exports that take a while (big notebooks); Cancel stops the worker.
    auto *dialog = new QProgressDialog(
        tr("Exporting %1…").arg(QFileInfo(target).fileName()), tr("Cancel"), 0,
        std::max(1, job->total.load()), this);
    dialog->setObjectName(QStringLiteral("exportProgress"));
    dialog->setWindowTitle(pdf ? tr("Export as PDF") : tr("Export as HTML"));
    dialog->setMinimumDuration(500);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    dialog->setValue(0);
    connect(dialog, &QProgressDialog::canceled, this, [job] { job->cancelled = true; });
    job->progress = dialog;

    job->thread = QThread::create([job] {
        const ExportProgress progress = [job](int done, int total) {
            job->done = done;
            job->total = total;
            return !job->cancelled.load();
        };
        job->result = job->format == ExportFormat::Pdf
                          ? writePdfFile(job->notebook, job->options, job->path, progress)
                          : writeHtmlFile(job->notebook, job->options, job->path, progress);
    });
    job->poll = new QTimer(this);
    job->poll->setInterval(100);
    connect(job->poll, &QTimer::timeout, this, [job] {
        if (job->progress && !job->cancelled)
            job->progress->setValue(job->done.load());
    });
    connect(job->thread, &QThread::finished, this, &MainWindow::finishExport);
    statusBar()->showMessage(tr("Exporting %1…").arg(QDir::toNativeSeparators(target)));
    job->poll->start();
    job->thread->start(QThread::LowPriority);
    return true;
}

void MainWindow::finishExport()
{
    const std::shared_ptr<ExportJob> job = std::move(m_exportJob);
    if (!job)
        return;
    job->thread->wait();
    delete job->thread;
    delete job->poll;
    if (job->progress)
        job->progress->deleteLater();
    const QString shown = QDir::toNativeSeparators(job->path);
    if (job->result) {
        statusBar()->showMessage(tr("Exported %1").arg(shown), 5000);
        Q_EMIT exportFinished(job->path, true, QString());
        return;
    }
    const QString error = job->result.error().toString();
    if (job->cancelled) {
        statusBar()->showMessage(tr("Export cancelled"), 5000);
    } else {
        statusBar()->clearMessage();
        m_reportError(tr("Cannot export notebook"),
                      tr("Cumulus cannot write %1:\n\n%2").arg(shown, error));
    }
    Q_EMIT exportFinished(job->path, false, error);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!askToSaveAll()) {
        event->ignore();
        return;
    }
    if (m_persistent)
        settings::setWindowGeometry(saveGeometry(), saveState());
    // Tabs go now, so their kernels are asked to stop before the application quits.
    while (editorCount() > 0) {
        NotebookEditor *tab = editor(0);
        m_tabs->removeTab(0);
        delete tab;
    }
    m_recovery->discardSession(); // a clean exit: nothing to recover
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedNotebooks(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = droppedNotebooks(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    for (const QString &path : paths)
        openFile(path);
}

} // namespace cumulus
