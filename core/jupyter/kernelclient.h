// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kerneltransport.h"
#include "jupyter/message.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

class QTimer;

namespace cumulus::jupyter {

/// How an execute request ended.
struct ExecuteResult
{
    enum class Status {
        Ok,      ///< execute_reply status "ok"
        Error,   ///< the code raised (execute_reply status "error")
        Aborted, ///< the kernel aborted it (an earlier cell failed, or an interrupt)
        Failed,  ///< no reply: the kernel died, restarted, or the client stopped
    };
    Status status = Status::Failed;
    nlohmann::json reply;   ///< execute_reply content (null when Failed)
    QString failureReason;  ///< why, when Failed
};

/// What the owner of an execute request hears about it, on the client's thread.
struct ExecuteCallbacks
{
    /// Each iopub message caused by the request (stream, display_data, execute_result,
    /// error, clear_output, update_display_data, execute_input, comm_*), in order.
    std::function<void(const MessagePtr &)> output;
    /// An input_request on the stdin channel: answer with KernelClient::sendInputReply().
    std::function<void(const MessagePtr &)> inputRequest;
    /// Once, when the kernel is idle again for this request and its reply has arrived —
    /// or when the request failed.
    std::function<void(const ExecuteResult &)> finished;
};

struct ExecuteOptions
{
    bool silent = false;
    bool storeHistory = true;
    bool allowStdin = true;
    bool stopOnError = true;
    /// The cell's id, sent as metadata.cellId as JupyterLab does (kernels such as
    /// Cumulus's CUDA kernel use it to replace a cell's earlier definitions).
    std::string cellId;
};

/**
 * Talks the Jupyter messaging protocol to one kernel through a KernelTransport, without
 * knowing whether the kernel is local or behind an SSH tunnel.
 *
 * Requests are tracked by msg_id. An execute request finishes when iopub reports the
 * kernel idle for it *and* its execute_reply has arrived (iopub and shell are different
 * sockets: either may come first), so no output is lost. Handlers are erased before they are
 * called, and skipped when their context object has died. When the kernel dies or
 * restarts every pending request fails.
 *
 * Lives on the GUI (or main) thread; all I/O happens on the transport's thread.
 */
class KernelClient : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Disconnected, ///< no transport, or stopped
        Connecting,   ///< waiting for kernel_info_reply and the first iopub message
        Idle,
        Busy,
        Dead,         ///< the kernel died or stopped answering
    };
    Q_ENUM(State)

    using ReplyHandler = std::function<void(const MessagePtr &reply)>;

    explicit KernelClient(QObject *parent = nullptr);
    ~KernelClient() override;

    /// Uses @p transport (not owned; it must outlive the client or be detached first).
    void setTransport(KernelTransport *transport);
    KernelTransport *transport() const { return m_transport; }

    /**
     * Starts the transport and the handshake: kernel_info_request is sent again every
     * @p retryInterval until both its reply and an iopub message have arrived (iopub
     * subscriptions take effect asynchronously, and ipykernel 6.17 sends no iopub_welcome).
     * Emits ready(), or errorOccurred() after @p timeout.
     */
    void connectToKernel(std::chrono::milliseconds timeout = std::chrono::seconds(60),
                         std::chrono::milliseconds retryInterval = std::chrono::milliseconds(250));
    /// Repeats the handshake on the same, already started transport (after a restart).
    void reconnect();
    /**
     * The connection to a kernel that kept running was lost and is back (a tunnel dropped
     * and re-opened): messages sent or published during the gap may be gone. Asks the kernel
     * for kernel_info on the control channel, which it answers even while a cell runs; then
     * sends a kernel_info_request on shell as a barrier. (The probe repeats until an iopub
     * message shows the subscription is back too.) Kernels handle shell requests in
     * order, so an execute request still unanswered when the barrier's reply arrives ended
     * during the gap: it fails with a note that output may be missing. Requests the kernel
     * still works on simply go on, their later output arriving as usual. resynchronized()
     * follows the control reply.
     */
    void resynchronize();

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Idle || m_state == State::Busy; }
    /// The kernel_info_reply content (language_info, implementation, banner, …).
    const nlohmann::json &kernelInfo() const { return m_kernelInfo; }
    const std::string &session() const { return m_session; }

    /// Sends execute_request; returns its msg_id. Callbacks are dropped if @p context dies.
    std::string execute(const std::string &code, const ExecuteOptions &options, QObject *context,
                        ExecuteCallbacks callbacks);
    /// Answers an input_request with input_reply on the stdin channel.
    void sendInputReply(const MessagePtr &inputRequest, const std::string &value);

    std::string complete(const std::string &code, int cursorPos, QObject *context, ReplyHandler handler);
    std::string inspect(const std::string &code, int cursorPos, int detailLevel, QObject *context,
                        ReplyHandler handler);
    std::string isComplete(const std::string &code, QObject *context, ReplyHandler handler);
    std::string requestKernelInfo(QObject *context, ReplyHandler handler);
    /// interrupt_request on the control channel (for kernels with interrupt_mode "message").
    std::string interruptByMessage(QObject *context = nullptr, ReplyHandler handler = {});
    /// shutdown_request on the control channel.
    std::string requestShutdown(bool restart, QObject *context = nullptr, ReplyHandler handler = {});

    /// Any request: @p handler gets the reply to @p msgType on @p channel.
    std::string request(Channel channel, std::string_view msgType, nlohmann::json content,
                        QObject *context, ReplyHandler handler, nlohmann::json metadata = nlohmann::json::object());

    /// Fails every pending request with @p reason and marks the kernel dead.
    void markDead(const QString &reason);
    /// Fails every pending request (e.g. before a restart) without changing the state.
    void failPendingRequests(const QString &reason);
    int pendingExecutions() const;

Q_SIGNALS:
    void stateChanged(cumulus::jupyter::KernelClient::State state);
    /// The handshake completed: the kernel answers and iopub is live.
    void ready();
    /// resynchronize(): the kernel answered again.
    void resynchronized();
    void errorOccurred(const QString &message);
    /// iopub messages no pending request claims (another client's, or a late one).
    void unclaimedIOPub(const cumulus::jupyter::MessagePtr &message);

private:
    struct PendingRequest
    {
        QPointer<QObject> context;
        bool hasContext = false;
        ReplyHandler replyHandler;             // non-execute requests
        ExecuteCallbacks execute;              // execute requests
        bool isExecute = false;
        bool idle = false;
        MessagePtr reply;
    };

    void handleBatch(const QList<ReceivedMessage> &batch);
    void handleShell(const MessagePtr &message);
    void handleIOPub(const MessagePtr &message);
    void handleStdin(const MessagePtr &message);
    void beginHandshake();
    void sendKernelInfoProbe();
    void finishHandshakeIfComplete();
    void sendResyncProbe();
    void finishResyncIfComplete();
    void finishExecute(const std::string &msgId);
    void failRequest(const std::string &msgId, const QString &reason);
    void setState(State state);
    bool contextAlive(const PendingRequest &pending) const;
    std::string send(Channel channel, std::string_view msgType, nlohmann::json content,
                     nlohmann::json metadata = nlohmann::json::object());

    QPointer<KernelTransport> m_transport;
    QList<QMetaObject::Connection> m_transportConnections;
    std::string m_session;
    State m_state = State::Disconnected;
    nlohmann::json m_kernelInfo;
    std::unordered_map<std::string, PendingRequest> m_pending;

    // Handshake
    QTimer *m_probeTimer = nullptr;
    QTimer *m_handshakeTimeout = nullptr;
    QTimer *m_resyncTimer = nullptr;
    bool m_resyncing = false;
    bool m_resyncGotReply = false;
    bool m_resyncGotIOPub = false;
    std::vector<std::string> m_resyncSentBefore; ///< executes pending when resynchronize() began
    std::string m_probeId;
    bool m_gotInfoReply = false;
    bool m_gotIOPub = false;
    bool m_stdinConnected = false;
    /// kernel_info probes sent while connecting. Their busy/idle statuses are
    /// handshake noise, not work the user asked for, so they do not move state().
    std::unordered_set<std::string> m_probeIds;
    std::chrono::milliseconds m_handshakeLimit {60000};
};

} // namespace cumulus::jupyter
