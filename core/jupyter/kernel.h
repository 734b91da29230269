// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kernelclient.h"

#include <QObject>
#include <QString>

namespace cumulus::jupyter {

/**
 * A running kernel a notebook talks to: its KernelClient plus the lifecycle operations
 * whose mechanics depend on where the kernel runs (a local process here; a process on a
 * server behind an SSH tunnel in cumulus_remote). Notebook code uses only this interface.
 */
class Kernel : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        NotStarted,
        Starting,   ///< launching the process and completing the handshake
        Idle,
        Busy,
        Restarting,
        Reconnecting, ///< the connection dropped; the kernel may still be running
        Dead,       ///< the kernel died; restart() can bring it back
        Stopped,    ///< shut down on request
    };
    Q_ENUM(Status)

    explicit Kernel(QObject *parent = nullptr);
    ~Kernel() override;

    KernelClient *client() const { return m_client; }
    Status status() const { return m_status; }
    /// "starting", "idle", "busy", … for status bars and progress lines.
    static QString statusText(Status status);

    /// A short name for people: the kernelspec's display name and where it runs.
    virtual QString displayName() const = 0;
    /// Launches (or attaches to) the kernel; ready() or died() follows.
    virtual void start() = 0;
    /// Interrupts the running cell (SIGINT or interrupt_request, as the kernelspec says).
    virtual void interrupt() = 0;
    /// Restarts the kernel; pending executions fail; ready() follows again.
    virtual void restart() = 0;
    /// Shuts the kernel down (shutdown_request, then terminate, then kill); stopped() follows.
    virtual void shutdown() = 0;

Q_SIGNALS:
    void statusChanged(cumulus::jupyter::Kernel::Status status);
    void ready();
    /// The kernel died or failed to start; @p reason includes its stderr where known.
    void died(const QString &reason);
    void stopped();

protected:
    void setStatus(Status status);
    /// Ties status to the client's state (idle/busy) once the handshake is done.
    void followClientState();

private:
    KernelClient *m_client;
    Status m_status = Status::NotStarted;
};

} // namespace cumulus::jupyter
