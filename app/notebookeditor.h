// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kernel.h"
#include "jupyter/kernelspec.h"
#include "jupyter/outputcollector.h"
#include "util/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <string>
#include <vector>

class QFileSystemWatcher;
class QTimer;

namespace cumulus {

class NotebookDocument;
class NotebookView;

namespace jupyter {
class NotebookRunner;
struct ExecuteResult;
} // namespace jupyter

namespace remote {
class RemoteHost;
} // namespace remote

/**
 * One tab of the main window: a notebook document, the view that shows it and the kernel
 * session that runs it.
 *
 * The kernel starts lazily, on the first Run (opening a notebook never launches a process),
 * from the notebook's metadata.kernelspec.name; when that kernel is not installed, the first
 * Python kernelspec (else the first one) is used. The kernel's sockets live on its own I/O
 * thread; everything here runs on the GUI thread.
 */
class NotebookEditor : public QWidget
{
    Q_OBJECT
public:
    explicit NotebookEditor(QWidget *parent = nullptr);
    ~NotebookEditor() override;

    /// Loads @p path into this (empty) editor and returns the schema warnings to show (the
    /// notebook is kept as it is, as Jupyter does). On error nothing changes.
    Result<QStringList> load(const QString &path);
    /// Makes this an untitled notebook with one empty code cell, as Jupyter's New does.
    void newNotebook();
    /// Saves to @p path (the current file when empty), atomically. A notebook on a server
    /// saved to a local @p path becomes that local file.
    Result<void> save(const QString &path = QString());
    /// Loads a recovery copy: the document shows @p recoveryFile's cells but belongs to
    /// @p originalPath ("" for an untitled notebook), and is modified until saved.
    Result<QStringList> loadRecovered(const QString &recoveryFile, const QString &originalPath);
    /// Reads the file again, dropping unsaved changes (File changed on disk ▸ Reload).
    Result<void> reload();
    /// Keeps the notebook as it is after its file changed on disk: it stays (or becomes)
    /// modified, so saving overwrites the other program's version.
    void keepMine();

    // Notebooks on a server (read and written over SFTP, RemoteHost::files()).
    /**
     * Loads @p bytes, the file @p remotePath (absolute) on @p host, into this (empty) editor
     * and returns the schema warnings. The document has no local file; save() refuses and
     * saveRemote() writes it back. Such a notebook is not watched for changes on the server.
     */
    Result<QStringList> loadRemote(const QByteArray &bytes, remote::RemoteHost *host, const QString &remotePath);
    /// Makes this notebook (a recovered one) belong to @p remotePath on @p host, as it is.
    void setRemoteFile(remote::RemoteHost *host, const QString &remotePath);
    bool isRemote() const { return !m_remotePath.isEmpty(); }
    /// The server's name (ServerConfig::name) of a notebook on a server, else "".
    QString remoteServer() const { return m_remoteServer; }
    /// The notebook's absolute path on its server, else "".
    QString remotePath() const { return m_remotePath; }
    /// "server:path", for people ("" for a local notebook).
    QString remoteLocation() const;
    /**
     * Writes the notebook to its server atomically (RemoteFileSystem::writeFileAtomically())
     * without waiting: @p done follows on this thread. The notebook stays modified until
     * the server confirms, and stays modified when it was edited meanwhile or the write
     * failed, so nothing is lost. A save asked for while one runs follows it.
     */
    void saveRemote(std::function<void(const Result<void> &)> done);
    /// Whether saveRemote() is waiting for the server.
    bool isSavingRemote() const { return m_savingRemote; }

    /// The name of this tab's recovery copy (unique in the window's session).
    QString recoveryKey() const { return m_recoveryKey; }
    /// Whether the document changed since the last markAutosaved() (or load/save).
    bool changedSinceAutosave() const { return m_changedSinceAutosave; }
    void markAutosaved() { m_changedSinceAutosave = false; }

    NotebookDocument *document() const { return m_document; }
    NotebookView *view() const { return m_view; }

    /// The tab title: the file's name, "name.ipynb — server" for a notebook on a server, or
    /// "Untitled".
    QString title() const;
    bool isModified() const;

    // Kernel session.
    jupyter::Kernel::Status kernelStatus() const;
    /// The kernel's name for people (the chosen kernelspec's display name, or the one the
    /// notebook's metadata names when no kernel has been chosen yet).
    QString kernelDisplayName() const;
    /// The kernelspec name in use or to be used ("" when none is installed).
    QString kernelName() const;
    jupyter::Kernel *kernel() const;
    /// Milliseconds the last cell took, or -1 before any cell ran.
    qint64 lastRunMs() const { return m_lastRunMs; }
    bool isRunning() const;

    /// Runs the current cell (starting the kernel if needed) and selects the next cell,
    /// appending one at the end as Jupyter does.
    void runCurrentCellAndAdvance();
    /// Runs cell @p index; with @p advance, selects the next cell as above (Shift+Enter),
    /// otherwise stays on it (Ctrl+Enter).
    void runCell(int index, bool advance);
    void runAll();
    /// Runs the code cells above the current one (Run All Above), the current one and those
    /// below it (Run All Below), or the selected cells.
    void runAllAbove();
    void runAllBelow();
    void runSelected();
    /// Runs @p cells (indices, in order); non-code cells are left out.
    void runCells(const std::vector<int> &cells);
    void interruptKernel();
    void restartKernel();
    /// Restarts the kernel (starting one if needed) and runs every code cell on it.
    void restartAndRunAll();
    void shutdownKernel();
    /// Switches to @p spec: the running kernel (if any) is shut down, the notebook's
    /// metadata.kernelspec is updated, and the new kernel starts on the next Run.
    void changeKernel(const jupyter::KernelSpec &spec);
    /**
     * Runs the notebook on @p host (nullptr = this machine) with kernelspec @p specName there,
     * starting in @p workingDirectory on the server ("" = home): the running kernel (if any)
     * is shut down and the new one starts at once. One action switches a notebook between
     * servers.
     */
    void useServer(remote::RemoteHost *host, const QString &specName, const QString &displayName,
                   const QString &workingDirectory = QString());
    /// Connects the notebook to kernel @p kernelId that Cumulus left running on @p host.
    void attachToRemoteKernel(remote::RemoteHost *host, const QString &kernelId);
    /// Like useServer(), but the kernel starts on the next Run, not now (a notebook opened
    /// from a server runs there by default). An empty @p specName: the notebook's kernelspec
    /// name, else "python3".
    void preferServer(remote::RemoteHost *host, const QString &specName, const QString &displayName,
                      const QString &workingDirectory);
    /// The server the kernel runs (or will run) on; nullptr: this machine.
    remote::RemoteHost *serverHost() const;
    /// The server the kernel runs on, for people: "Local" or the server's name.
    QString serverName() const;
    /// The kernel's working directory on its server ("" when local or not known yet).
    QString serverWorkingDirectory() const;

    /// How much of one stream output runs keep (settings::outputLimits() at first). Applies to
    /// cells that start from now on.
    void setOutputLimits(const jupyter::OutputLimits &limits);
    jupyter::OutputLimits outputLimits() const { return m_outputLimits; }

    /// Commits an open cell edit to the document (before saving or exporting).
    void commitEdits();

Q_SIGNALS:
    void titleChanged();
    void modifiedChanged(bool modified);
    void kernelStatusChanged(cumulus::jupyter::Kernel::Status status);
    /// The kernel's name changed (another kernelspec was chosen).
    void kernelChanged();
    void lastRunChanged(qint64 ms);
    /// The file was changed by another program (not by our own save); the window asks
    /// whether to reload() or keepMine().
    void fileChangedOnDisk();
    /// A problem to show the user (the kernel could not start or died, a cell failed to run).
    void errorOccurred(const QString &message);

public:
    /// "1.2 s", "350 ms", "2:05 min": how long a cell ran, as shown under it.
    static QString elapsedText(qint64 ms);

private:
    Result<jupyter::KernelSpec> resolveKernelSpec() const;
    bool ensureKernel();
    void rememberKernel(const jupyter::KernelSpec &spec);
    void onKernelReady();
    void onCellFinished(int index, const jupyter::ExecuteResult &result, qint64 ms);
    void onRunFinished(bool ok, const QString &error);
    /// Marks queued cells Queued and the running one Running, the rest None.
    void syncRunStates();
    void destroyKernel();
    void followCellMoves();
    void watchFile();
    void rememberDiskState();
    void checkDiskState();

    NotebookDocument *m_document;
    NotebookView *m_view;
    QPointer<jupyter::Kernel> m_kernel;
    /// Where the next kernel starts: nullptr = this machine.
    QPointer<remote::RemoteHost> m_server;
    QString m_serverWorkingDirectory; ///< on m_server; "" = home
    QString m_attachKernelId;         ///< set: attach to this kernel there instead of starting one
    QString m_serverSpecDisplayName;
    QPointer<jupyter::NotebookRunner> m_runner;
    jupyter::OutputLimits m_outputLimits;
    QString m_kernelName; ///< chosen with Change Kernel; empty = from the notebook
    std::vector<int> m_waitingForKernel; ///< cells to run once the kernel is ready
    std::vector<int> m_marked;           ///< cells the view shows queued or running
    bool m_restarting = false;           ///< the run that stops now was stopped by a restart
    qint64 m_lastRunMs = -1;

    QString m_recoveryKey;
    bool m_changedSinceAutosave = false;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_diskCheck = nullptr;
    qint64 m_diskSize = -1;
    QDateTime m_diskTime;
    QByteArray m_diskHash;
    bool m_ignoreChanges = false; ///< while loading: not an edit
    quint64 m_edits = 0;          ///< counts changes, to know whether one came during a save

    QPointer<remote::RemoteHost> m_remoteHost; ///< where a notebook on a server lives
    QString m_remoteServer;
    QString m_remotePath;
    bool m_savingRemote = false;
    std::vector<std::function<void(const Result<void> &)>> m_queuedSaves; ///< asked during a save
    void finishRemoteSave(const Result<void> &written, quint64 edits,
                          const std::function<void(const Result<void> &)> &done);
};

} // namespace cumulus
