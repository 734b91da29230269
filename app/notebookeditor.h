// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kernel.h"
#include "jupyter/kernelspec.h"
#include "util/result.h"

#include <QPointer>
#include <QWidget>

#include <set>
#include <string>
#include <vector>

namespace cumulus {

class NotebookDocument;
class NotebookView;

namespace jupyter {
class LocalKernel;
class NotebookRunner;
struct ExecuteResult;
} // namespace jupyter

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
    /// Saves to @p path (the current file when empty), atomically.
    Result<void> save(const QString &path = QString());

    NotebookDocument *document() const { return m_document; }
    NotebookView *view() const { return m_view; }

    /// The tab title: the file's name, or "Untitled".
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
    void interruptKernel();
    void restartKernel();
    void shutdownKernel();
    /// Switches to @p spec: the running kernel (if any) is shut down, the notebook's
    /// metadata.kernelspec is updated, and the new kernel starts on the next Run.
    void changeKernel(const jupyter::KernelSpec &spec);

    /// Commits an open cell edit to the document (before saving or exporting).
    void commitEdits();

Q_SIGNALS:
    void titleChanged();
    void modifiedChanged(bool modified);
    void kernelStatusChanged(cumulus::jupyter::Kernel::Status status);
    /// The kernel's name changed (another kernelspec was chosen).
    void kernelChanged();
    void lastRunChanged(qint64 ms);
    /// A problem to show the user (the kernel could not start or died, a cell failed to run).
    void errorOccurred(const QString &message);

private:
    Result<jupyter::KernelSpec> resolveKernelSpec() const;
    void giveCellsIds();
    bool ensureKernel();
    void run(std::vector<std::string> ids);
    /// Where the cells with these ids are now (ids of deleted cells are dropped).
    std::vector<int> cellIndices(const std::vector<std::string> &ids) const;
    void onKernelReady();
    void onCellStarted(int index);
    void onCellFinished(int index, qint64 ms);
    void onRunFinished(bool ok, const QString &error);
    void markExecuting(const std::string &id, bool executing);
    void unmarkAll();
    void destroyKernel();

    NotebookDocument *m_document;
    NotebookView *m_view;
    QPointer<jupyter::LocalKernel> m_kernel;
    QPointer<jupyter::NotebookRunner> m_runner;
    QString m_kernelName; ///< chosen with Change Kernel; empty = from the notebook
    std::vector<std::string> m_waitingForKernel; ///< cell ids to run once the kernel is ready
    std::set<std::string> m_executing;           ///< cells shown as "[*]"
    qint64 m_lastRunMs = -1;
};

} // namespace cumulus
