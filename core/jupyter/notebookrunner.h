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
 * Cells are queued by id, so queued cells follow edits that move them. Lives on the GUI
 * (main) thread.
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
    /// Queues cells by id (unknown ids are ignored).
    void enqueue(const std::vector<std::string> &cellIds);
    /// Drops queued cells; the running one continues (interrupt the kernel to stop it).
    void clearQueue();

    bool isRunning() const { return !m_currentCellId.empty(); }
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

    QPointer<NotebookDocument> m_document;
    QPointer<Kernel> m_kernel;
    OutputCollector *m_collector;
    QTimer *m_timeoutTimer;
    std::chrono::milliseconds m_timeout {0};
    bool m_allowErrors = false;
    InputHandler m_inputHandler;

    std::deque<std::string> m_queue;
    std::string m_currentCellId;
    int m_position = 0;
    int m_total = 0;
    bool m_timedOut = false;
    bool m_setLanguageInfo = false;
    QElapsedTimer m_cellClock;
};

} // namespace cumulus::jupyter

Q_DECLARE_METATYPE(cumulus::jupyter::ExecuteResult)
