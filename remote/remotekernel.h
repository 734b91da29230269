// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kernel.h"
#include "remotehost.h"

#include <QList>
#include <QPointer>

class QTimer;

namespace cumulus::jupyter {
class ZmqTransport;
}

namespace cumulus::remote {

/**
 * A kernel running on a server: started there by RemoteHost (so it outlives the SSH
 * connection), its five ZeroMQ ports forwarded to local loopback ports over the host's SSH
 * session, and the same KernelClient as for local kernels talking to it through them.
 *
 * When the connection drops the kernel keeps running: status() becomes Reconnecting while
 * the session reconnects, then the client resynchronizes (KernelClient::resynchronize()):
 * a cell that was running goes on and its later output arrives in the same cell; one that
 * ended during the gap finishes with a note that output may be missing.
 */
class RemoteKernel : public jupyter::Kernel
{
    Q_OBJECT
public:
    RemoteKernel(RemoteHost *host, QString specName, QString displayName, QObject *parent = nullptr);
    ~RemoteKernel() override;

    RemoteHost *host() const { return m_host; }
    QString displayName() const override;
    /// Where the kernel starts on the server ("" = the account's home); after start(), the
    /// directory it runs in.
    void setWorkingDirectory(const QString &dir) { m_workingDirectory = dir; }
    QString workingDirectory() const { return m_workingDirectory; }
    /// Recorded on the server so that listings say which notebook the kernel belongs to.
    void setNotebookName(const QString &name) { m_notebook = name; }

    void start() override;
    /// Re-attaches to kernel @p kernelId that Cumulus left running on the server.
    void attach(const QString &kernelId);
    void interrupt() override;
    void restart() override;
    void shutdown() override;

    /// Cumulus's id of the kernel on the server, empty before start()/attach() succeed.
    QString kernelId() const { return m_record.id; }
    /// The kernel's process id on the server.
    qint64 remotePid() const { return m_record.pid; }

private:
    void connectTo(const RemoteKernelRecord &record);
    void fail(const QString &reason);
    void onSessionState(int state);
    /// Asks the server whether the kernel process still runs; fails the kernel (with its
    /// log) when not. While starting, repeated every 2 s until the handshake completes.
    void checkAlive();
    void dropTransport();
    /// False (and the kernel failed) when the host is gone.
    bool hostAlive();

    QPointer<RemoteHost> m_host; ///< owned elsewhere (ServerConnections); may go first
    QString m_specName;
    QString m_displayName;
    QString m_workingDirectory;
    QString m_notebook;
    RemoteKernelRecord m_record;
    jupyter::ZmqTransport *m_transport = nullptr;
    QList<quint16> m_localPorts;
    bool m_dropped = false;
    bool m_stopping = false;
    QTimer *m_startWatch;
};

} // namespace cumulus::remote
