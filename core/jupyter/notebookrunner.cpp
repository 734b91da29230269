// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/notebookrunner.h"

#include "jupyter/kernel.h"
#include "notebook/notebookdocument.h"
#include "util/json.h"

#include <QTimer>

#include <algorithm>

namespace cumulus::jupyter {

namespace {

bool hasTag(const Cell &cell, std::string_view tag)
{
    const nlohmann::json &metadata = cell.metadata();
    const auto tags = metadata.find("tags");
    if (tags == metadata.end() || !tags->is_array())
        return false;
    return std::any_of(tags->begin(), tags->end(),
                       [&](const nlohmann::json &t) { return t.is_string() && t == tag; });
}

bool isBlank(const std::string &text)
{
    return std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

} // namespace

NotebookRunner::NotebookRunner(NotebookDocument *document, Kernel *kernel, QObject *parent)
    : QObject(parent), m_document(document), m_kernel(kernel),
      m_collector(new OutputCollector(document, this)), m_timeoutTimer(new QTimer(this))
{
    qRegisterMetaType<ExecuteResult>();
    m_timeoutTimer->setSingleShot(true);
    connect(m_timeoutTimer, &QTimer::timeout, this, [this] {
        if (!isRunning() || !m_kernel)
            return;
        // nbclient's default: a timed-out cell is an error; interrupt so the kernel is usable.
        m_timedOut = true;
        m_kernel->interrupt();
    });
    connect(document, &NotebookDocument::cellsInserted, this, &NotebookRunner::onCellsInserted);
    connect(document, &NotebookDocument::cellsRemoved, this, &NotebookRunner::onCellsRemoved);
    connect(document, &NotebookDocument::cellsMoved, this, &NotebookRunner::onCellsMoved);
    connect(document, &NotebookDocument::reset, this, [this] {
        m_queue.clear();
        m_currentCell = -1;
    });
    connect(kernel, &Kernel::died, this, [this](const QString &reason) {
        if (isRunning()) {
            m_collector->finishExecution();
            stop(false, reason);
        }
    });
}

NotebookRunner::~NotebookRunner() = default;

void NotebookRunner::runAll()
{
    if (!m_document)
        return;
    m_collector->resetTrackers();
    m_setLanguageInfo = true;
    std::vector<int> cells;
    for (int i = 0; i < m_document->cellCount(); ++i)
        if (m_document->cell(i).type() == CellType::Code)
            cells.push_back(i);
    enqueue(cells);
}

void NotebookRunner::enqueue(const std::vector<int> &cells)
{
    const bool idle = !isRunning() && m_queue.empty();
    for (int index : cells)
        m_queue.push_back(index);
    if (idle) {
        m_position = 0;
        m_total = int(m_queue.size());
    } else {
        m_total += int(cells.size());
    }
    if (!isRunning())
        QMetaObject::invokeMethod(this, &NotebookRunner::runNext, Qt::QueuedConnection);
}

void NotebookRunner::clearQueue() { m_queue.clear(); }

void NotebookRunner::onCellsInserted(int first, int count)
{
    for (int &index : m_queue)
        if (index >= first)
            index += count;
    if (m_currentCell >= first)
        m_currentCell += count;
}

void NotebookRunner::onCellsRemoved(int first, int count)
{
    std::deque<int> kept;
    for (int index : m_queue)
        if (int moved = NotebookDocument::indexAfterRemoval(index, first, count); moved >= 0)
            kept.push_back(moved);
    m_queue = std::move(kept);
    if (m_currentCell >= 0)
        m_currentCell = NotebookDocument::indexAfterRemoval(m_currentCell, first, count);
}

void NotebookRunner::onCellsMoved(int first, int count, int to)
{
    for (int &index : m_queue)
        index = NotebookDocument::indexAfterMove(index, first, count, to);
    m_currentCell = NotebookDocument::indexAfterMove(m_currentCell, first, count, to);
}

void NotebookRunner::runNext()
{
    if (isRunning() || !m_document || !m_kernel)
        return;
    KernelClient *client = m_kernel->client();
    if (m_setLanguageInfo && client->isReady()) {
        // nbclient records the kernel's language_info in the notebook before running.
        const auto info = client->kernelInfo().find("language_info");
        if (info != client->kernelInfo().end()) {
            nlohmann::json metadata = m_document->notebook().metadata();
            metadata["language_info"] = *info;
            m_document->setMetadata(std::move(metadata));
        }
        m_setLanguageInfo = false;
    }
    while (!m_queue.empty()) {
        const int index = m_queue.front();
        m_queue.pop_front();
        ++m_position;
        if (index < 0 || index >= m_document->cellCount())
            continue;
        const Cell &cell = m_document->cell(index);
        if (cell.type() != CellType::Code || isBlank(cell.source()) || hasTag(cell, "skip-execution"))
            continue;
        if (!client->isReady()) {
            stop(false, tr("the kernel is not running"));
            return;
        }
        m_currentCell = index;
        m_running = true;
        m_timedOut = false;
        Q_EMIT cellStarted(index, m_position, m_total);

        ExecuteOptions options;
        options.allowStdin = bool(m_inputHandler);
        options.stopOnError = !m_allowErrors;
        options.cellId = cell.id();
        ExecuteCallbacks callbacks;
        callbacks.output = [this](const MessagePtr &message) { m_collector->handleMessage(*message); };
        callbacks.inputRequest = [this](const MessagePtr &request) { handleInputRequest(request); };
        callbacks.finished = [this](const ExecuteResult &result) { cellDone(result); };
        m_cellClock.start();
        const std::string msgId = client->execute(cell.source(), options, this, std::move(callbacks));
        // execute() may have failed synchronously (no transport): only start collecting if
        // the request is still pending.
        if (isRunning() && client->pendingExecutions() > 0) {
            m_collector->beginExecution(index, msgId);
            if (m_timeout.count() > 0)
                m_timeoutTimer->start(m_timeout);
        }
        return;
    }
    stop(true, QString());
}

void NotebookRunner::handleInputRequest(const MessagePtr &request)
{
    QPointer<KernelClient> client = m_kernel ? m_kernel->client() : nullptr;
    const auto &content = request->content();
    const QString prompt = QString::fromStdString(jsonString(content, "prompt"));
    const bool password = jsonBool(content, "password");
    if (!m_inputHandler) {
        if (client)
            client->sendInputReply(request, std::string());
        return;
    }
    QPointer<Kernel> kernel = m_kernel;
    m_inputHandler(prompt, password, [client, kernel, request](std::optional<std::string> value) {
        if (value) {
            if (client)
                client->sendInputReply(request, *value);
            return;
        }
        // Refused (e.g. end of input): the protocol has no "no answer", so interrupt the
        // kernel — input() raises KeyboardInterrupt and the cell fails, as it should.
        if (kernel)
            kernel->interrupt();
    });
}

void NotebookRunner::cellDone(const ExecuteResult &result)
{
    m_timeoutTimer->stop();
    m_collector->finishExecution();
    const int index = m_document ? m_currentCell : -1;
    const qint64 elapsed = m_cellClock.elapsed();
    const bool allowedError = m_allowErrors
        || (index >= 0 && hasTag(m_document->cell(index), "raises-exception"));
    m_currentCell = -1;
    m_running = false;
    Q_EMIT cellFinished(index, result, elapsed);

    if (m_timedOut) {
        stop(false, tr("cell %1 timed out after %2 s").arg(index + 1).arg(m_timeout.count() / 1000.0));
        return;
    }
    switch (result.status) {
    case ExecuteResult::Status::Ok:
        break;
    case ExecuteResult::Status::Error:
    case ExecuteResult::Status::Aborted:
        if (!allowedError) {
            const auto &reply = result.reply;
            const QString name = QString::fromStdString(jsonString(reply, "ename"));
            const QString value = QString::fromStdString(jsonString(reply, "evalue"));
            stop(false, result.status == ExecuteResult::Status::Aborted
                            ? tr("cell %1 was aborted").arg(index + 1)
                            : tr("cell %1 raised %2: %3").arg(index + 1).arg(name, value));
            return;
        }
        break;
    case ExecuteResult::Status::Failed:
        stop(false, result.failureReason);
        return;
    }
    runNext();
}

void NotebookRunner::stop(bool ok, const QString &error)
{
    m_queue.clear();
    m_currentCell = -1;
    m_running = false;
    m_timeoutTimer->stop();
    if (m_document && ok)
        m_collector->applyWidgetState();
    Q_EMIT finished(ok, error);
}

} // namespace cumulus::jupyter
