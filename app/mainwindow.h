// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kernel.h"
#include "util/result.h"

#include <QMainWindow>
#include <QDateTime>
#include <QMessageBox>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

class QAction;
class QDialog;
class QDockWidget;
class QTimer;
class QLabel;
class QMenu;
class QTabWidget;

namespace cumulus {

class FindPanel;
class NotebookEditor;
class PreferencesDialog;
class TocPanel;
class ServerDock;
class RecoveryStore;
class TransferDock;

/**
 * The notebook window: one tab per notebook (NotebookEditor), the menus, a toolbar and a
 * status bar that follows the current tab's kernel.
 *
 * Everything that would open a modal dialog goes through a replaceable hook (errors, the
 * "save changes?" question, file choosers, confirmations, the crash-recovery offer, the
 * "file changed on disk" question), so tests drive the window without blocking and the
 * screenshot tool reports problems on stderr.
 *
 * Unsaved notebooks are written to recovery files every settings::autosaveIntervalMs()
 * (RecoveryStore); offerRecovery() offers what a crashed session left.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// Shows an error to the user; by default a warning box.
    using ErrorReporter = std::function<void(const QString &title, const QString &text)>;
    /// Asks whether to save @p editor's changes before closing it: Save, Discard or Cancel.
    using SaveQuestion = std::function<QMessageBox::StandardButton(NotebookEditor *editor)>;
    enum class FileDialog { Open, SaveAs, ExportPython, ExportHtml, ExportPdf };
    /// Asks for a file (empty = cancelled). Open may return several paths joined by '\n'.
    using FileChooser = std::function<QString(FileDialog kind, const QString &suggested)>;
    /// Asks to go ahead with something that loses state (restarting a kernel); true = do it.
    using Confirmation = std::function<bool(const QString &title, const QString &text,
                                            const QString &acceptText)>;
    /// A notebook file as a crashed session left it.
    struct RecoveredNotebook
    {
        QString title;        ///< the tab's title then
        QString originalPath; ///< "" for an untitled notebook
        QDateTime written;    ///< when the recovery copy was written
    };
    /// Offers to restore notebooks a crashed session left: Yes restores them, Discard drops
    /// them, anything else keeps them for the next start.
    using RecoveryQuestion =
        std::function<QMessageBox::StandardButton(const QList<RecoveredNotebook> &notebooks)>;
    enum class ExternalChange { Reload, KeepMine };
    /// @p editor's file was changed by another program: reload it or keep the notebook shown.
    using ExternalChangeQuestion = std::function<ExternalChange(NotebookEditor *editor)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Whether geometry, recent files and the View settings are written to QSettings (on by
    /// default; the screenshot tool turns it off so it leaves no trace).
    /// Off also stops autosave (the screenshot tool never writes recovery files).
    void setPersistent(bool persistent);
    /// Restores the window geometry and toolbar state saved by the last session.
    void restoreWindowState();

    void setErrorReporter(ErrorReporter reporter) { m_reportError = std::move(reporter); }
    void setSaveQuestion(SaveQuestion question) { m_askToSave = std::move(question); }
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    void setConfirmation(Confirmation confirm) { m_confirm = std::move(confirm); }
    void setRecoveryQuestion(RecoveryQuestion question) { m_askToRecover = std::move(question); }
    void setExternalChangeQuestion(ExternalChangeQuestion question)
    {
        m_askExternalChange = std::move(question);
    }

    /// Autosave period in milliseconds (0 = off); starts at settings::autosaveIntervalMs().
    void setAutosaveInterval(int ms);
    int autosaveInterval() const;
    /// Writes the recovery copy of every notebook changed since the last autosave.
    void autosave();
    /// Where this window's recovery copies go ("" until the first one is written).
    QString recoverySessionDirectory() const;
    /// Looks for notebooks a crashed or killed session left and offers to restore them
    /// (through the RecoveryQuestion hook). Returns the number of tabs restored.
    int offerRecovery();

    /// Help ▸ Keyboard Shortcuts: a non-modal dialog listing every key (the view's and the
    /// window's); shown and returned.
    QDialog *showKeyboardShortcuts();
    /// Edit ▸ Preferences: a window-modal dialog (the one already open, if any); shown and
    /// returned. OK and Apply store its values and applyPreferences().
    PreferencesDialog *showPreferences();
    /// Applies what settings:: holds now: the theme, the autosave interval, the output limits
    /// of every tab's runs from now on (and the code font, once the view takes one).
    void applyPreferences();

    /// Kernel ▸ Restart, asking first (Confirmation hook). False when the user declined.
    bool restartKernel(NotebookEditor *editor, bool runAll = false);

    /// Opens @p path in a new tab (or shows its tab when already open). A file that cannot
    /// be read is reported through the error reporter and opens nothing.
    bool openFile(const QString &path);
    /// The largest notebook openRemoteNotebook() reads.
    static constexpr qint64 maxRemoteNotebookBytes() { return 512LL * 1024 * 1024; }
    /**
     * Opens notebook @p path on server @p server (read over SFTP on the server's file
     * session, without blocking) in a new tab, or shows its tab when already open. The tab
     * is titled "name.ipynb — server", Save writes it back to the server and its kernel runs
     * on that server, in the notebook's folder, unless another is chosen. Returns false when
     * @p server does not resolve; read errors are reported when they come
     * (remoteNotebookOpened() follows either way).
     */
    bool openRemoteNotebook(const QString &server, const QString &path);
    NotebookEditor *newNotebook();
    /// Saves @p editor to its file, or asks for one when it has none. False when cancelled
    /// or the write failed (reported). A notebook on a server is written there without
    /// waiting: true means the write started, remoteSaveFinished() tells how it ended (a
    /// failure is reported; the tab keeps the changes, modified).
    bool save(NotebookEditor *editor);
    /// Saves @p editor to @p path (asks when empty); the tab then refers to @p path.
    bool saveAs(NotebookEditor *editor, const QString &path = QString());
    /// Writes the percent-format script of @p editor's notebook to @p path (asks when empty).
    bool exportPythonScript(NotebookEditor *editor, const QString &path = QString());
    enum class ExportFormat { Html, Pdf };
    /// Exports @p editor's notebook as HTML or PDF to @p path (asks when empty) on a worker
    /// thread, with a progress dialog when it takes a while (cancellable); exportFinished()
    /// tells the outcome. False when nothing was started (cancelled, or one is running).
    bool exportNotebook(NotebookEditor *editor, ExportFormat format,
                        const QString &path = QString());
    /// Whether an HTML or PDF export is running.
    bool isExporting() const;
    /// Closes @p editor's tab, asking to save unsaved changes. False when the user cancelled.
    bool closeEditor(NotebookEditor *editor);

    int editorCount() const;
    NotebookEditor *editor(int index) const;
    NotebookEditor *currentEditor() const;
    /// The Servers dock (local machine and SSH servers; where notebooks run).
    ServerDock *serverDock() const { return m_serverDock; }
    /// The Transfers dock (files on servers; View ▸ Transfers).
    TransferDock *transferDock() const { return m_transferDock; }
    QTabWidget *tabs() const { return m_tabs; }

    /// "Starting", "Idle", "Busy", … as the status bar shows them.
    static QString kernelStateText(jupyter::Kernel::Status status);
    /// "Last run: 1.2 s".
    static QString lastRunText(qint64 ms);

Q_SIGNALS:
    /// An exportNotebook() ended: written to @p path, or failed/cancelled with @p error.
    void exportFinished(const QString &path, bool ok, const QString &error);
    /// An openRemoteNotebook() ended: @p editor is the new (or already open) tab, or nullptr
    /// when the notebook could not be read (@p error says why, as reported).
    void remoteNotebookOpened(cumulus::NotebookEditor *editor, const QString &error);
    /// A save of @p editor to its server ended.
    void remoteSaveFinished(cumulus::NotebookEditor *editor, bool ok, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    NotebookEditor *addEditor(NotebookEditor *editor);
    void updateTab(NotebookEditor *editor);
    void updateWindowTitle();
    void updateActions();
    void updateStatusBar();
    void fillRecentMenu();
    void fillKernelMenu();
    void addRecentFile(const QString &path);
    /// Writes @p tab's recovery copy if it changed since the last one.
    Result<void> autosaveEditor(NotebookEditor *tab);
    /// Saves a notebook on a server; @p then gets whether it worked (after the report).
    void saveRemote(NotebookEditor *editor, std::function<void(bool ok)> then = {});
    void finishOpeningRemote(const QString &server, const QString &path, const Result<QByteArray> &bytes);
    NotebookEditor *remoteEditor(const QString &server, const QString &path) const;
    /// The untouched "Untitled" tab a bare start shows gives way to a notebook opened now.
    void dropUntouchedUntitled();
    /// Tells the Transfers dock where the current notebook's kernel runs on a server.
    void updateTransferBookmark();
    void onCurrentTabChanged();
    bool askToSaveAll();
    void showAbout();
    void askAboutExternalChange(NotebookEditor *editor);
    QString chooseFile(FileDialog kind, const QString &suggested);
    QAction *makeAction(const char *objectName, const QString &text, const char *iconName = nullptr,
                        int fallbackIcon = -1);

    QTabWidget *m_tabs;
    FindPanel *m_findPanel = nullptr;
    QDockWidget *m_findDock = nullptr;
    TocPanel *m_tocPanel = nullptr;
    ServerDock *m_serverDock = nullptr;
    TransferDock *m_transferDock = nullptr;
    QString m_transferBookmark; ///< "server\ndir" last told to the Transfers dock
    ErrorReporter m_reportError;
    SaveQuestion m_askToSave;
    FileChooser m_chooseFile;
    Confirmation m_confirm;
    RecoveryQuestion m_askToRecover;
    ExternalChangeQuestion m_askExternalChange;
    bool m_persistent = true;
    struct ExportJob;
    std::shared_ptr<ExportJob> m_exportJob; ///< the running HTML/PDF export, if any
    void finishExport();
    std::unique_ptr<RecoveryStore> m_recovery;
    QTimer *m_autosaveTimer = nullptr;
    bool m_autosaveFailed = false; ///< reported once, not every interval

    // File
    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_closeAction = nullptr;
    QMenu *m_exportMenu = nullptr;
    QAction *m_exportPythonAction = nullptr;
    QAction *m_exportHtmlAction = nullptr;
    QAction *m_exportPdfAction = nullptr;
    QAction *m_quitAction = nullptr;
    // Edit
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_cutAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_insertAboveAction = nullptr;
    QAction *m_insertBelowAction = nullptr;
    QAction *m_deleteCellAction = nullptr;
    QAction *m_moveUpAction = nullptr;
    QAction *m_moveDownAction = nullptr;
    QMenu *m_cellTypeMenu = nullptr;
    QAction *m_codeCellAction = nullptr;
    QAction *m_markdownCellAction = nullptr;
    QAction *m_rawCellAction = nullptr;
    QAction *m_clearOutputsAction = nullptr;
    QAction *m_clearAllOutputsAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QPointer<PreferencesDialog> m_preferences;
    // View
    QAction *m_lineNumbersAction = nullptr;
    // Run
    QAction *m_runCellAction = nullptr;
    QAction *m_runInPlaceAction = nullptr;
    QAction *m_runAboveAction = nullptr;
    QAction *m_runBelowAction = nullptr;
    QAction *m_runSelectedAction = nullptr;
    QAction *m_runAllAction = nullptr;
    QAction *m_restartRunAllAction = nullptr;
    // Kernel
    QAction *m_interruptAction = nullptr;
    QAction *m_restartAction = nullptr;
    QAction *m_shutdownAction = nullptr;
    QMenu *m_changeKernelMenu = nullptr;
    // Help
    QAction *m_shortcutsAction = nullptr;
    QAction *m_aboutAction = nullptr;

    QLabel *m_kernelNameLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_kernelStateLabel = nullptr;
    QLabel *m_lastRunLabel = nullptr;
};

} // namespace cumulus
