// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/connectioninfo.h"
#include "jupyter/kerneltransport.h"
#include "jupyter/wirecodec.h"

#include <QByteArray>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

class QThread;

namespace cumulus::jupyter {

namespace detail {
class ZmqWorker;
struct ZmqMailbox;
}

/**
 * The five ZeroMQ sockets to a kernel at a ConnectionInfo (a local kernel, or a remote one
 * through forwarded ports).
 *
 * Threading: each transport has one I/O thread that owns the ZeroMQ context and every
 * kernel socket (shell, control and stdin DEALERs sharing one routing id, an iopub SUB, a
 * heartbeat REQ). It sleeps in zmq::poll and is woken by an inproc PAIR that carries
 * outgoing frames and commands, or by the next heartbeat deadline; it never polls on a timer.
 * Incoming messages are verified and parsed on the I/O thread and reach the transport's
 * thread as queued messagesReceived() batches: everything readable is drained into one batch
 * (at most 1,000 messages or about 16 MiB), and at most a few batches are in flight, so a
 * flooding kernel costs one queued signal per batch and memory stays bounded.
 *
 * send() is non-blocking and may be called from any thread; messages keep their order per
 * channel. All other functions and every signal belong to the thread the transport lives on.
 * stop() (also run by the destructor) stops and joins the I/O thread and closes the sockets
 * with linger 0: messages still queued then are dropped.
 */
class ZmqTransport : public KernelTransport
{
    Q_OBJECT
public:
    explicit ZmqTransport(ConnectionInfo info, QObject *parent = nullptr);
    ~ZmqTransport() override;

    void start() override;
    void stop() override;
    void send(cumulus::jupyter::Channel channel, cumulus::jupyter::MessagePtr message) override;
    QString description() const override;

    const ConnectionInfo &connectionInfo() const { return m_info; }
    /// True between start() and stop().
    bool isRunning() const;

    /// The ZeroMQ routing id of the shell, control and stdin sockets. They share it because
    /// ipykernel addresses input_request on stdin to the shell request's identity. Defaults
    /// to a fresh UUID; set it (e.g. to the session id, as jupyter_client does) before start().
    QByteArray routingId() const { return m_routingId; }
    void setRoutingId(const QByteArray &id);

    /// Ping every @p interval; report heartbeatFailed() when a ping goes unanswered for
    /// @p timeout. Defaults 1 s and 3 s. Until the first answer the timeout is at least
    /// 10 s, so a kernel that is still starting is not reported dead. Before start() only.
    void setHeartbeatTiming(std::chrono::milliseconds interval, std::chrono::milliseconds timeout);

    /// Messages dropped so far for bad signatures or malformed frames.
    quint64 rejectedCount() const { return m_rejected; }

private:
    struct Pipe;

    void stopImpl(bool emitFinished);
    void drainMailbox(detail::ZmqMailbox &mailbox, quint64 generation);
    /// Sends one command frame and @p frames on the caller side of the pipe; false when
    /// the transport is not running.
    bool writePipe(char command, std::vector<std::string> frames = {});

    ConnectionInfo m_info;
    QByteArray m_routingId;
    std::chrono::milliseconds m_heartbeatInterval {1000};
    std::chrono::milliseconds m_heartbeatTimeout {3000};
    quint64 m_rejected = 0;

    // Lives on the I/O thread from start() to stop(); deleted there when the thread ends.
    detail::ZmqWorker *m_worker = nullptr;
    // Bumped by stop(): queued signals from an earlier worker are recognised and dropped.
    quint64 m_generation = 0;
    // Shared with the worker: send() encodes on the caller's thread, the worker decodes.
    std::shared_ptr<const WireCodec> m_codec;
    // The caller side of the inproc pipe, shared by every thread that calls send().
    std::unique_ptr<Pipe> m_pipe;
    // The I/O thread's outbox (also held by the worker) from start() to stop().
    std::shared_ptr<detail::ZmqMailbox> m_mailbox;
    std::unique_ptr<QThread> m_thread;
};

} // namespace cumulus::jupyter
