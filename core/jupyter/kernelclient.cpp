// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/kernelclient.h"

#include "jupyter/kerneltransport.h"
#include "logging.h"

#include <QCoreApplication>
#include <QTimer>

namespace cumulus::jupyter {

namespace {
ExecuteResult::Status statusFromReply(const nlohmann::json &content)
{
    const auto it = content.find("status");
    if (it == content.end() || !it->is_string())
        return ExecuteResult::Status::Error;
    const std::string &status = it->get_ref<const std::string &>();
    if (status == "ok")
        return ExecuteResult::Status::Ok;
    if (status == "aborted")
        return ExecuteResult::Status::Aborted;
    return ExecuteResult::Status::Error;
}
} // namespace

KernelClient::KernelClient(QObject *parent)
    : QObject(parent), m_session(newUuid()), m_probeTimer(new QTimer(this)),
      m_handshakeTimeout(new QTimer(this)), m_resyncTimer(new QTimer(this))
{
    m_resyncTimer->setInterval(250);
    connect(m_resyncTimer, &QTimer::timeout, this, &KernelClient::sendResyncProbe);
    qRegisterMetaType<QList<ReceivedMessage>>();
    m_handshakeTimeout->setSingleShot(true);
    connect(m_probeTimer, &QTimer::timeout, this, &KernelClient::sendKernelInfoProbe);
    connect(m_handshakeTimeout, &QTimer::timeout, this, [this] {
        m_probeTimer->stop();
        if (m_state != State::Connecting)
            return;
        setState(State::Dead);
        Q_EMIT errorOccurred(tr("the kernel did not answer within %1 seconds")
                                 .arg(m_handshakeLimit.count() / 1000));
    });
}

KernelClient::~KernelClient()
{
    // Owners' callbacks must not run from a half-destroyed client.
    m_pending.clear();
}

void KernelClient::setTransport(KernelTransport *transport)
{
    for (const auto &connection : std::as_const(m_transportConnections))
        disconnect(connection);
    m_transportConnections.clear();
    m_transport = transport;
    if (!transport)
        return;
    m_transportConnections
        << connect(transport, &KernelTransport::messagesReceived, this, &KernelClient::handleBatch)
        << connect(transport, &KernelTransport::stdinConnected, this, [this] {
               m_stdinConnected = true;
               finishHandshakeIfComplete();
           })
        << connect(transport, &KernelTransport::started, this, [this] {
               if (m_state == State::Connecting) {
                   m_probeTimer->start();
                   sendKernelInfoProbe();
               }
           })
        << connect(transport, &KernelTransport::errorOccurred, this,
                   [this](const QString &message) { Q_EMIT errorOccurred(message); });
}

void KernelClient::connectToKernel(std::chrono::milliseconds timeout,
                                   std::chrono::milliseconds retryInterval)
{
    m_handshakeLimit = timeout;
    m_probeTimer->setInterval(retryInterval);
    if (!m_transport) {
        Q_EMIT errorOccurred(tr("no connection to a kernel"));
        return;
    }
    beginHandshake();
    m_stdinConnected = false; // new sockets
    m_transport->start(); // probing starts once the transport reports started()
}

void KernelClient::reconnect()
{
    beginHandshake();
    m_probeTimer->start();
    sendKernelInfoProbe();
}

void KernelClient::resynchronize()
{
    if (!isReady())
        return;
    // Any message sent before the gap that is still unanswered may have been lost.
    m_resyncSentBefore.clear();
    for (const auto &[id, pending] : m_pending)
        if (pending.isExecute)
            m_resyncSentBefore.push_back(id);
    m_resyncing = true;
    m_resyncGotReply = false;
    m_resyncGotIOPub = false;
    sendResyncProbe();
    m_resyncTimer->start();
}

void KernelClient::sendResyncProbe()
{
    if (!m_resyncing) {
        m_resyncTimer->stop();
        return;
    }
    // Until iopub is subscribed again the probe's own status messages are lost: repeat it,
    // as the first handshake does.
    m_probeIds.insert(request(Channel::Control, "kernel_info_request", nlohmann::json::object(), this,
                              [this](const MessagePtr &) {
                                  m_resyncGotReply = true;
                                  finishResyncIfComplete();
                              }));
}

void KernelClient::finishResyncIfComplete()
{
    if (!m_resyncing || !m_resyncGotReply || !m_resyncGotIOPub)
        return;
    m_resyncing = false;
    m_resyncTimer->stop();
    const std::string barrier = request(Channel::Shell, "kernel_info_request", nlohmann::json::object(), this,
            [this, sentBefore = std::move(m_resyncSentBefore)](const MessagePtr &) {
                for (const std::string &id : sentBefore) {
                    const auto it = m_pending.find(id);
                    if (it == m_pending.end())
                        continue;
                    if (it->second.reply)
                        finishExecute(id); // only its idle status was lost
                    else
                        failRequest(id, tr("the connection to the kernel was lost while this cell ran; "
                                           "output it produced meanwhile may be missing"));
                }
                if (m_state == State::Busy && pendingExecutions() == 0)
                    setState(State::Idle);
            });
    m_probeIds.insert(barrier);
    m_resyncSentBefore.clear();
    Q_EMIT resynchronized();
}

void KernelClient::beginHandshake()
{
    m_gotInfoReply = false;
    m_gotIOPub = false;
    setState(State::Connecting);
    m_handshakeTimeout->start(m_handshakeLimit);
}

void KernelClient::sendKernelInfoProbe()
{
    if (m_state != State::Connecting || !m_transport) {
        m_probeTimer->stop();
        return;
    }
    m_probeIds.insert(request(Channel::Shell, "kernel_info_request", nlohmann::json::object(), this,
            [this](const MessagePtr &reply) {
                m_kernelInfo = reply->content();
                m_gotInfoReply = true;
                finishHandshakeIfComplete();
            }));
}

void KernelClient::finishHandshakeIfComplete()
{
    // jupyter_client's wait_for_ready(): a kernel_info_reply and an iopub message; and the
    // stdin socket connected, or the kernel would drop the first input_request.
    if (m_state != State::Connecting || !m_gotInfoReply || !m_gotIOPub || !m_stdinConnected)
        return;
    m_probeTimer->stop();
    m_handshakeTimeout->stop();
    setState(State::Idle);
    Q_EMIT ready();
}

std::string KernelClient::send(Channel channel, std::string_view msgType, nlohmann::json content,
                               nlohmann::json metadata)
{
    MessagePtr message = Message::create(msgType, std::move(content), m_session, nullptr,
                                         std::move(metadata));
    const std::string id = message->msgId();
    if (m_transport)
        m_transport->send(channel, std::move(message));
    return id;
}

std::string KernelClient::request(Channel channel, std::string_view msgType, nlohmann::json content,
                                  QObject *context, ReplyHandler handler, nlohmann::json metadata)
{
    const std::string id = send(channel, msgType, std::move(content), std::move(metadata));
    if (handler) {
        PendingRequest pending;
        pending.context = context;
        pending.hasContext = context != nullptr;
        pending.replyHandler = std::move(handler);
        m_pending.emplace(id, std::move(pending));
    }
    return id;
}

std::string KernelClient::execute(const std::string &code, const ExecuteOptions &options,
                                  QObject *context, ExecuteCallbacks callbacks)
{
    nlohmann::json content = {{"code", code},
                              {"silent", options.silent},
                              {"store_history", options.storeHistory},
                              {"user_expressions", nlohmann::json::object()},
                              {"allow_stdin", options.allowStdin},
                              {"stop_on_error", options.stopOnError}};
    nlohmann::json metadata = nlohmann::json::object();
    if (!options.cellId.empty())
        metadata["cellId"] = options.cellId;
    // A request to a dead kernel is never sent: the sockets would keep it and deliver it to
    // the kernel after a restart, running code nobody asked to run any more.
    const bool reachable = m_transport && m_state != State::Dead && m_state != State::Disconnected;
    const std::string id = reachable
        ? send(Channel::Shell, "execute_request", std::move(content), std::move(metadata))
        : newUuid();
    PendingRequest pending;
    pending.context = context;
    pending.hasContext = context != nullptr;
    pending.isExecute = true;
    pending.execute = std::move(callbacks);
    m_pending.emplace(id, std::move(pending));
    if (!reachable) {
        // Nothing will answer: fail it, but from the event loop, so the caller has the id
        // before its callback runs.
        const QString reason = m_transport ? tr("the kernel is not running") : tr("no connection to a kernel");
        QMetaObject::invokeMethod(this, [this, id, reason] { failRequest(id, reason); },
                                  Qt::QueuedConnection);
    }
    return id;
}

void KernelClient::sendInputReply(const MessagePtr &inputRequest, const std::string &value)
{
    if (!m_transport || !inputRequest)
        return;
    m_transport->send(Channel::Stdin,
                      Message::create("input_reply", {{"value", value}}, m_session, inputRequest.get()));
}

std::string KernelClient::complete(const std::string &code, int cursorPos, QObject *context,
                                   ReplyHandler handler)
{
    return request(Channel::Shell, "complete_request", {{"code", code}, {"cursor_pos", cursorPos}},
                   context, std::move(handler));
}

std::string KernelClient::inspect(const std::string &code, int cursorPos, int detailLevel,
                                  QObject *context, ReplyHandler handler)
{
    return request(Channel::Shell, "inspect_request",
                   {{"code", code}, {"cursor_pos", cursorPos}, {"detail_level", detailLevel}},
                   context, std::move(handler));
}

std::string KernelClient::isComplete(const std::string &code, QObject *context, ReplyHandler handler)
{
    return request(Channel::Shell, "is_complete_request", {{"code", code}}, context, std::move(handler));
}

std::string KernelClient::requestKernelInfo(QObject *context, ReplyHandler handler)
{
    return request(Channel::Shell, "kernel_info_request", nlohmann::json::object(), context,
                   std::move(handler));
}

std::string KernelClient::interruptByMessage(QObject *context, ReplyHandler handler)
{
    return request(Channel::Control, "interrupt_request", nlohmann::json::object(), context,
                   std::move(handler));
}

std::string KernelClient::requestShutdown(bool restart, QObject *context, ReplyHandler handler)
{
    return request(Channel::Control, "shutdown_request", {{"restart", restart}}, context,
                   std::move(handler));
}

void KernelClient::handleBatch(const QList<ReceivedMessage> &batch)
{
    for (const ReceivedMessage &received : batch) {
        if (!received.message)
            continue;
        switch (received.channel) {
        case Channel::Shell:
        case Channel::Control:
            handleShell(received.message);
            break;
        case Channel::IOPub:
            handleIOPub(received.message);
            break;
        case Channel::Stdin:
            handleStdin(received.message);
            break;
        case Channel::Heartbeat:
            break;
        }
    }
}

bool KernelClient::contextAlive(const PendingRequest &pending) const
{
    return !pending.hasContext || !pending.context.isNull();
}

void KernelClient::handleShell(const MessagePtr &message)
{
    auto it = m_pending.find(message->parentMsgId());
    if (it == m_pending.end())
        return;
    if (it->second.isExecute) {
        it->second.reply = message;
        if (it->second.idle)
            finishExecute(message->parentMsgId());
        return;
    }
    // Erase before calling: the handler may send new requests (and rehash the map).
    PendingRequest pending = std::move(it->second);
    m_pending.erase(it);
    if (contextAlive(pending) && pending.replyHandler)
        pending.replyHandler(message);
}

void KernelClient::handleIOPub(const MessagePtr &message)
{
    if (m_resyncing && !m_resyncGotIOPub) {
        m_resyncGotIOPub = true;
        finishResyncIfComplete();
    }
    if (!m_gotIOPub) {
        m_gotIOPub = true;
        finishHandshakeIfComplete();
    }
    const std::string &type = message->msgType();
    const bool isStatus = type == "status";
    const auto probe = isStatus ? m_probeIds.find(message->parentMsgId()) : m_probeIds.end();
    if (probe != m_probeIds.end()) {
        if (message->content().value("execution_state", "") == "idle")
            m_probeIds.erase(probe);
    } else if (isStatus && isReady()) {
        const auto &content = message->content();
        const auto state = content.find("execution_state");
        if (state != content.end() && state->is_string()) {
            if (*state == "busy")
                setState(State::Busy);
            else if (*state == "idle")
                setState(State::Idle);
        }
    }

    auto it = m_pending.find(message->parentMsgId());
    if (it == m_pending.end() || !it->second.isExecute) {
        if (!isStatus)
            Q_EMIT unclaimedIOPub(message);
        return;
    }
    if (isStatus) {
        const auto &content = message->content();
        const auto state = content.find("execution_state");
        if (state != content.end() && *state == "idle") {
            it->second.idle = true;
            if (it->second.reply)
                finishExecute(message->parentMsgId());
        }
        return;
    }
    if (contextAlive(it->second) && it->second.execute.output)
        it->second.execute.output(message);
}

void KernelClient::handleStdin(const MessagePtr &message)
{
    if (message->msgType() != "input_request")
        return;
    auto it = m_pending.find(message->parentMsgId());
    if (it != m_pending.end() && it->second.isExecute && contextAlive(it->second)
        && it->second.execute.inputRequest) {
        it->second.execute.inputRequest(message);
        return;
    }
    // Nobody can answer: reply empty so the kernel does not wait forever.
    sendInputReply(message, std::string());
}

void KernelClient::finishExecute(const std::string &msgId)
{
    auto it = m_pending.find(msgId);
    if (it == m_pending.end())
        return;
    PendingRequest pending = std::move(it->second);
    m_pending.erase(it);
    ExecuteResult result;
    result.reply = pending.reply->content();
    result.status = statusFromReply(result.reply);
    if (contextAlive(pending) && pending.execute.finished)
        pending.execute.finished(result);
}

void KernelClient::failPendingRequests(const QString &reason)
{
    // Take the map first: finished callbacks may queue new requests.
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (auto &[id, request] : pending) {
        if (!request.isExecute || !contextAlive(request) || !request.execute.finished)
            continue;
        ExecuteResult result;
        result.status = ExecuteResult::Status::Failed;
        result.failureReason = reason;
        request.execute.finished(result);
    }
}

void KernelClient::failRequest(const std::string &msgId, const QString &reason)
{
    auto it = m_pending.find(msgId);
    if (it == m_pending.end())
        return;
    PendingRequest request = std::move(it->second);
    m_pending.erase(it);
    if (!request.isExecute || !contextAlive(request) || !request.execute.finished)
        return;
    ExecuteResult result;
    result.status = ExecuteResult::Status::Failed;
    result.failureReason = reason;
    request.execute.finished(result);
}

void KernelClient::markDead(const QString &reason)
{
    m_resyncing = false;
    m_resyncTimer->stop();
    m_probeTimer->stop();
    m_handshakeTimeout->stop();
    setState(State::Dead);
    failPendingRequests(reason);
}

int KernelClient::pendingExecutions() const
{
    int count = 0;
    for (const auto &[id, request] : m_pending)
        count += request.isExecute ? 1 : 0;
    return count;
}

void KernelClient::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace cumulus::jupyter
