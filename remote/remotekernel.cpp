// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "remotekernel.h"

#include "jupyter/zmqtransport.h"
#include "sshsession.h"

#include <QTimer>

#include <array>

namespace cumulus::remote {

using jupyter::Channel;

RemoteKernel::RemoteKernel(RemoteHost *host, QString specName, QString displayName, QObject *parent)
    : Kernel(parent), m_host(host), m_specName(std::move(specName)), m_displayName(std::move(displayName)),
      m_startWatch(new QTimer(this))
{
    // A kernel can die at start after the helper returned (it had bound its ports): the
    // handshake alone would only notice after its timeout.
    m_startWatch->setInterval(2000);
    connect(m_startWatch, &QTimer::timeout, this, &RemoteKernel::checkAlive);
    connect(this, &Kernel::statusChanged, this, [this](Status now) {
        if (now != Status::Starting && now != Status::Restarting)
            m_startWatch->stop();
    });
    followClientState();
    connect(m_host, &QObject::destroyed, this, [this] {
        // The app closed its connection to the server first: the ports forwarded through it
        // are gone; the kernel itself keeps running there.
        if (m_transport) {
            client()->setTransport(nullptr);
            m_transport->stop();
        }
        m_localPorts.clear();
        if (status() != Status::Stopped && status() != Status::NotStarted && status() != Status::Dead)
            fail(tr("the connection to the server was closed"));
    });
    connect(m_host->session(), &SshSession::stateChanged, this,
            [this](SshSession::State state) { onSessionState(int(state)); });
    connect(client(), &jupyter::KernelClient::errorOccurred, this, [this](const QString &message) {
        if (status() == Status::Starting || status() == Status::Restarting)
            fail(message);
    });
    connect(client(), &jupyter::KernelClient::resynchronized, this, [this] {
        if (status() == Status::Reconnecting)
            setStatus(client()->state() == jupyter::KernelClient::State::Busy ? Status::Busy : Status::Idle);
    });
}

RemoteKernel::~RemoteKernel()
{
    dropTransport();
}

QString RemoteKernel::displayName() const
{
    const QString name = m_displayName.isEmpty() ? m_specName : m_displayName;
    return m_host ? tr("%1 on %2").arg(name, m_host->server().name) : name;
}

bool RemoteKernel::hostAlive()
{
    if (m_host)
        return true;
    fail(tr("the connection to the server was closed"));
    return false;
}

void RemoteKernel::start()
{
    if (!hostAlive())
        return;
    setStatus(Status::Starting);
    m_stopping = false;
    m_host->startKernel(m_specName, m_workingDirectory, m_notebook, this,
                        [this](const Result<RemoteKernelRecord> &record) {
                            if (!record) {
                                fail(record.error().toString());
                                return;
                            }
                            RemoteHost::rememberServerWithKernels(m_host->server().name);
                            connectTo(*record);
                        });
}

void RemoteKernel::attach(const QString &kernelId)
{
    if (!hostAlive())
        return;
    setStatus(Status::Starting);
    m_stopping = false;
    m_host->attachKernel(kernelId, this, [this, kernelId](const Result<RemoteKernelRecord> &record) {
        if (!record) {
            fail(record.error().toString());
            return;
        }
        if (!record->running) {
            fail(tr("kernel %1 on %2 is no longer running").arg(kernelId, m_host->server().name));
            return;
        }
        m_specName = record->specName;
        m_displayName = record->displayName;
        connectTo(*record);
    });
}

void RemoteKernel::connectTo(const RemoteKernelRecord &record)
{
    if (!record.connection) {
        fail(tr("%1 did not say how to reach the kernel").arg(m_host->server().name));
        return;
    }
    const jupyter::ConnectionInfo &remote = *record.connection;
    const bool samePorts = m_transport && m_record.connection
                           && m_record.connection->shellPort == remote.shellPort
                           && m_record.connection->iopubPort == remote.iopubPort
                           && m_record.connection->stdinPort == remote.stdinPort
                           && m_record.connection->controlPort == remote.controlPort
                           && m_record.connection->hbPort == remote.hbPort && m_record.connection->key == remote.key;
    m_record = record;
    m_workingDirectory = record.workingDirectory;
    m_startWatch->start();
    if (samePorts) {
        // A restart on the same connection file: the tunnels stay, the sockets reconnect.
        client()->reconnect();
        return;
    }
    dropTransport();
    // The kernel listens on the server's loopback; each of its ports gets a local one.
    jupyter::ConnectionInfo local = remote;
    local.ip = QStringLiteral("127.0.0.1");
    local.transport = QStringLiteral("tcp");
    static constexpr std::array channels = {Channel::Shell, Channel::IOPub, Channel::Stdin, Channel::Control,
                                            Channel::Heartbeat};
    for (Channel channel : channels) {
        auto port = m_host->session()->forward(QStringLiteral("127.0.0.1"), remote.port(channel));
        if (!port) {
            fail(port.error().toString());
            return;
        }
        m_localPorts << *port;
        local.setPort(channel, *port);
    }
    m_transport = new jupyter::ZmqTransport(local, this);
    client()->setTransport(m_transport);
    connect(m_transport, &jupyter::KernelTransport::heartbeatFailed, this, &RemoteKernel::checkAlive);
    client()->connectToKernel();
}

void RemoteKernel::dropTransport()
{
    if (m_transport) {
        client()->setTransport(nullptr);
        m_transport->stop();
        delete m_transport;
        m_transport = nullptr;
    }
    if (m_host)
        for (quint16 port : std::as_const(m_localPorts))
            m_host->session()->removeForward(port);
    m_localPorts.clear();
}

void RemoteKernel::interrupt()
{
    if (!hostAlive())
        return;
    if (m_record.interruptMode == jupyter::InterruptMode::Message) {
        client()->interruptByMessage();
        return;
    }
    m_host->interruptKernel(m_record.id, this, [](const Result<bool> &sent) {
        if (!sent)
            qWarning("cumulus: %s", qPrintable(sent.error().toString()));
    });
}

void RemoteKernel::restart()
{
    if (!hostAlive())
        return;
    if (m_record.id.isEmpty()) {
        start();
        return;
    }
    setStatus(Status::Restarting);
    client()->failPendingRequests(tr("the kernel was restarted"));
    client()->requestShutdown(true);
    m_host->restartKernel(m_record.id, 3.0, this, [this](const Result<RemoteKernelRecord> &record) {
        if (!record) {
            fail(record.error().toString());
            return;
        }
        connectTo(*record);
    });
}

void RemoteKernel::shutdown()
{
    if (m_record.id.isEmpty() || !m_host) {
        setStatus(Status::Stopped);
        Q_EMIT stopped();
        return;
    }
    m_stopping = true;
    client()->requestShutdown(false);
    m_host->stopKernel(m_record.id, 3.0, this, [this](const Result<bool> &stoppedThere) {
        if (!stoppedThere)
            qWarning("cumulus: %s", qPrintable(stoppedThere.error().toString()));
        dropTransport();
        client()->markDead(tr("the kernel was shut down"));
        m_record = {};
        setStatus(Status::Stopped);
        Q_EMIT stopped();
    });
}

void RemoteKernel::fail(const QString &reason)
{
    client()->markDead(reason);
    setStatus(Status::Dead);
    Q_EMIT died(reason);
}

void RemoteKernel::onSessionState(int value)
{
    const auto state = SshSession::State(value);
    if (state == SshSession::State::Reconnecting && !m_stopping
        && (status() == Status::Idle || status() == Status::Busy)) {
        m_dropped = true;
        setStatus(Status::Reconnecting);
    } else if (state == SshSession::State::Connected && m_dropped) {
        m_dropped = false;
        client()->resynchronize();
    } else if (state == SshSession::State::Failed && status() == Status::Reconnecting) {
        m_dropped = false;
        fail(m_host->session()->lastError().toString());
    }
}

void RemoteKernel::checkAlive()
{
    // Heartbeats stop while the tunnel is down; that is the session's business. Connected
    // and still silent: ask the server whether the process is there.
    const auto watched = [this] {
        return status() == Status::Idle || status() == Status::Busy || status() == Status::Starting
               || status() == Status::Restarting;
    };
    if (!m_host || m_host->session()->state() != SshSession::State::Connected || m_record.id.isEmpty() || !watched())
        return;
    const QString id = m_record.id;
    m_host->attachKernel(id, this, [this, id, watched](const Result<RemoteKernelRecord> &record) {
        if (!watched() || id != m_record.id)
            return;
        if (!record || !record->running) {
            QString reason = tr("the kernel on %1 died").arg(m_host->server().name);
            const QString log = record ? record->stderrTail.trimmed() : QString();
            if (!log.isEmpty())
                reason += QStringLiteral(":\n") + log;
            fail(reason);
        }
    });
}

} // namespace cumulus::remote
