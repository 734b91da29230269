// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kernelclient.h"
#include "jupyter/outputcollector.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>

class QTimer;

namespace cumulus {
class NotebookDocument;
}

namespace cumulus::jupyter {

class Kernel;

/**
 * Runs code cells of a NotebookDocument on a Kernel, one after another, with their outputs
 * collected into the document (OutputCollector) — what `cumulus run` and the window's Run
 * commands share. Behaves like nbclient: empty cells and cells tagged "skip-execution" are
 * skipped, an error stops the queue unless errors are allowed (or the cell is tagged
 * "raises-exception"), a cell over the timeout interrupts the kernel and stops the queue,
 * and the notebook's metadata.language_info is taken from the kernel.
 *
 * Queued cells follow edits that insert, remove or move cells (the runner tracks their
 * positions through the document's signals), so cells without ids (nbformat < 4.5) queue
 * as well as any. Lives on the GUI (main) thread.
 */
class NotebookRunner : public QObject
{
    Q_OBJECT
public:
    /// Asked when a cell calls input(); call @p answer with the text, or std::nullopt to
    /// refuse (the kernel is interrupted, so input() raises KeyboardInterrupt and the cell
    /// fails).
    using InputHandler = std::function<void(const QString &prompt, bool password,
                                            std::function<void(std::optional<std::string>)> answer)>;

    NotebookRunner(NotebookDocument *document, Kernel *kernel, QObject *parent = nullptr);
    ~NotebookRunner() override;

    void setOutputLimits(const OutputLimits &limits) { m_collector->setLimits(limits); }
    /// Per-cell limit; zero means none.
    void setCellTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    /// Keep going after a cell raises (nbconvert's --allow-errors).
    void setAllowErrors(bool allow) { m_allowErrors = allow; }
    /// Without a handler, input() fails the cell (execute requests say allow_stdin=false).
    void setInputHandler(InputHandler handler) { m_inputHandler = std::move(handler); }

    /// Queues every code cell of the notebook, as `jupyter nbconvert --execute` runs them.
    void runAll();
    /// Queues cells by index, in the order given.
    void enqueue(const std::vector<int> &cells);
    /// Drops queued cells; the running one continues (interrupt the kernel to stop it).
    void clearQueue();

    bool isRunning() const { return m_running; }
    /// The cell running now (-1 when none, or when it was deleted while running).
    int runningCell() const { return m_currentCell; }
    /// Cells waiting to run, in order.
    const std::deque<int> &queuedCells() const { return m_queue; }
    OutputCollector *collector() const { return m_collector; }

Q_SIGNALS:
    /// Cell @p index starts; @p position of @p total in this run (1-based).
    void cellStarted(int index, int position, int total);
    void cellFinished(int index, const cumulus::jupyter::ExecuteResult &result, qint64 elapsedMs);
    /// The queue ran dry (@p ok) or stopped at an error, timeout or dead kernel (@p error).
    void finished(bool ok, const QString &error);

private:
    void runNext();
    void cellDone(const ExecuteResult &result);
    void stop(bool ok, const QString &error);
    void handleInputRequest(const MessagePtr &request);
    void onCellsInserted(int first, int count);
    void onCellsRemoved(int first, int count);
    void onCellsMoved(int first, int count, int to);

    QPointer<NotebookDocument> m_document;
    QPointer<Kernel> m_kernel;
    OutputCollector *m_collector;
    QTimer *m_timeoutTimer;
    std::chrono::milliseconds m_timeout {0};
    bool m_allowErrors = false;
    InputHandler m_inputHandler;

    std::deque<int> m_queue;
    int m_currentCell = -1;
    bool m_running = false;
    int m_position = 0;
    int m_total = 0;
    bool m_timedOut = false;
    bool m_setLanguageInfo = false;
    QElapsedTimer m_cellClock;
};

} // namespace cumulus::jupyter

Q_DECLARE_METATYPE(cumulus::jupyter::ExecuteResult)
