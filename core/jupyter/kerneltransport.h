// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/message.h"

#include <QObject>
#include <QString>

namespace cumulus::jupyter {

/**
 * The sockets to one kernel, whoever provides them: ZeroMQ to a local kernel, or ZeroMQ
 * through an SSH tunnel to a remote one. The kernel client above it does not know which.
 *
 * Implementations do their I/O on a thread of their own. send() may be called from the
 * thread the transport lives on and never blocks; received messages arrive as queued
 * messagesReceived() batches (one signal for many messages when a kernel floods).
 */
class KernelTransport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~KernelTransport() override;

    /// Connects the sockets; emits started() when ready to send, or errorOccurred().
    virtual void start() = 0;
    /// Closes the sockets and stops the I/O thread; emits finished(). Safe to call twice.
    virtual void stop() = 0;
    /// Signs and queues @p message on @p channel (Shell, Control or Stdin).
    virtual void send(cumulus::jupyter::Channel channel, cumulus::jupyter::MessagePtr message) = 0;
    /// Human-readable endpoint description for status bars and logs (no secrets).
    virtual QString description() const = 0;

Q_SIGNALS:
    void started();
    /// The stdin channel is connected: a kernel can now reach us with input_request (a
    /// kernel drops it for a client it has not seen on stdin yet).
    void stdinConnected();
    void messagesReceived(const QList<cumulus::jupyter::ReceivedMessage> &batch);
    /// The kernel stopped answering heartbeats (it died, hangs, or the network dropped).
    void heartbeatFailed();
    /// Heartbeats answered again after heartbeatFailed().
    void heartbeatRestored();
    /// Messages dropped for a bad or missing signature or malformed frames (counted).
    void messageRejected(const QString &reason);
    void errorOccurred(const QString &message);
    void finished();
};

} // namespace cumulus::jupyter
