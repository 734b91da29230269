// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/localkernel.h"

#include "jupyter/kernelmanager.h"
#include "jupyter/zmqtransport.h"
#include "logging.h"

namespace cumulus::jupyter {

LocalKernel::LocalKernel(KernelSpec spec, QObject *parent)
    : Kernel(parent), m_manager(new KernelManager(std::move(spec), this))
{
    followClientState();
    connect(m_manager, &KernelManager::started, this, [this] {
        if (m_restarting) {
            // Same ports and key: the transport's sockets reconnect by themselves.
            m_restarting = false;
            client()->reconnect();
            return;
        }
        connectTransport();
    });
    connect(m_manager, &KernelManager::processDied, this, [this](int exitCode, const QString &stderrTail) {
        if (retryOnFreshPorts(stderrTail))
            return;
        QString reason = exitCode < 0 ? tr("the kernel was killed by signal %1").arg(-exitCode)
                                      : tr("the kernel exited with code %1").arg(exitCode);
        if (!stderrTail.trimmed().isEmpty())
            reason += QStringLiteral(":\n") + stderrTail.trimmed();
        fail(reason);
    });
    connect(m_manager, &KernelManager::finished, this, [this] {
        if (m_transport)
            m_transport->stop();
        client()->markDead(tr("the kernel was shut down"));
        setStatus(Status::Stopped);
        Q_EMIT stopped();
    });
    connect(client(), &KernelClient::errorOccurred, this, [this](const QString &message) {
        if (status() == Status::Starting || status() == Status::Restarting)
            fail(message);
    });
}

LocalKernel::~LocalKernel()
{
    if (m_transport)
        m_transport->stop();
}

QString LocalKernel::displayName() const
{
    const KernelSpec &spec = m_manager->kernelSpec();
    return spec.displayName.isEmpty() ? spec.name : spec.displayName;
}

void LocalKernel::setWorkingDirectory(const QString &dir) { m_manager->setWorkingDirectory(dir); }

void LocalKernel::start()
{
    m_portConflictRetries = 0;
    setStatus(Status::Starting);
    if (auto started = m_manager->start(); !started)
        fail(started.error().toString());
}

void LocalKernel::connectTransport()
{
    if (!m_transport) {
        m_transport = new ZmqTransport(m_manager->connectionInfo(), this);
        client()->setTransport(m_transport);
        // The process may still exist while it answers nothing (frozen, deadlocked): only the
        // heartbeat tells. Its pending cells fail; if it wakes up, handshake again.
        connect(m_transport, &KernelTransport::heartbeatFailed, this, [this] {
            if (status() == Status::Idle || status() == Status::Busy) {
                m_heartbeatLost = true;
                fail(tr("the kernel stopped answering (no heartbeat)"));
            }
        });
        connect(m_transport, &KernelTransport::heartbeatRestored, this, [this] {
            if (m_heartbeatLost && status() == Status::Dead && m_manager->isRunning()) {
                m_heartbeatLost = false;
                setStatus(Status::Starting);
                client()->reconnect();
            }
        });
    }
    client()->connectToKernel();
}

void LocalKernel::dropTransport()
{
    if (!m_transport)
        return;
    client()->setTransport(nullptr);
    m_transport->stop();
    delete m_transport;
    m_transport = nullptr;
}

bool LocalKernel::retryOnFreshPorts(const QString &stderrTail)
{
    // ipykernel (pyzmq) reports a taken port as "ZMQError: Address already in use".
    if (status() != Status::Starting || m_portConflictRetries >= kPortConflictRetries
        || !stderrTail.contains(QLatin1String("Address already in use")))
        return false;
    ++m_portConflictRetries;
    qCWarning(lcCore) << "kernel" << m_manager->kernelSpec().name
                      << "could not bind a port another program took meanwhile; starting it on"
                         " fresh ports, attempt"
                      << m_portConflictRetries + 1;
    dropTransport();
    m_manager->forgetConnection();
    if (auto started = m_manager->start(); !started)
        fail(started.error().toString());
    return true;
}

void LocalKernel::interrupt()
{
    if (m_manager->interruptMode() == InterruptMode::Message)
        client()->interruptByMessage();
    else if (auto sent = m_manager->interrupt(); !sent)
        qWarning("cumulus: %s", qPrintable(sent.error().toString()));
}

void LocalKernel::restart()
{
    setStatus(Status::Restarting);
    client()->failPendingRequests(tr("the kernel was restarted"));
    if (m_manager->isRunning()) {
        client()->requestShutdown(true);
        m_manager->shutdownRequested();
    }
    m_restarting = true;
    if (auto restarted = m_manager->restart(); !restarted) {
        m_restarting = false;
        fail(restarted.error().toString());
    }
}

void LocalKernel::shutdown()
{
    if (!m_manager->isRunning()) {
        if (m_transport)
            m_transport->stop();
        setStatus(Status::Stopped);
        Q_EMIT stopped();
        return;
    }
    client()->requestShutdown(false);
    m_manager->shutdownRequested();
    m_manager->shutdown();
}

void LocalKernel::fail(const QString &reason)
{
    client()->markDead(reason);
    setStatus(Status::Dead);
    Q_EMIT died(reason);
}

} // namespace cumulus::jupyter
