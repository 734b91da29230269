// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/kernel.h"
#include "jupyter/kernelspec.h"

#include <QPointer>

namespace cumulus::jupyter {

class KernelManager;
class ZmqTransport;

/**
 * A kernel process on this machine: KernelManager runs the process, ZmqTransport carries
 * its messages, the base class's KernelClient speaks the protocol.
 */
class LocalKernel : public Kernel
{
    Q_OBJECT
public:
    explicit LocalKernel(KernelSpec spec, QObject *parent = nullptr);
    ~LocalKernel() override;

    QString displayName() const override;
    void start() override;
    void interrupt() override;
    void restart() override;
    void shutdown() override;

    KernelManager *manager() const { return m_manager; }
    /// Directory the kernel process starts in (default: the current directory).
    void setWorkingDirectory(const QString &dir);

private:
    void fail(const QString &reason);
    void connectTransport();
    void dropTransport();
    /// The kernel died at start because one of its ports was taken meanwhile: launch again
    /// on fresh ports (at most kPortConflictRetries times per start()).
    bool retryOnFreshPorts(const QString &stderrTail);

    static constexpr int kPortConflictRetries = 3;

    KernelManager *m_manager;
    ZmqTransport *m_transport = nullptr;
    bool m_restarting = false;
    bool m_heartbeatLost = false;
    int m_portConflictRetries = 0;
};

} // namespace cumulus::jupyter
