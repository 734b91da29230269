// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/kernel.h"

namespace cumulus::jupyter {

Kernel::Kernel(QObject *parent) : QObject(parent), m_client(new KernelClient(this)) {}

Kernel::~Kernel() = default;

QString Kernel::statusText(Status status)
{
    switch (status) {
    case Status::NotStarted: return tr("not started");
    case Status::Starting: return tr("starting");
    case Status::Idle: return tr("idle");
    case Status::Busy: return tr("busy");
    case Status::Restarting: return tr("restarting");
    case Status::Reconnecting: return tr("reconnecting");
    case Status::Dead: return tr("dead");
    case Status::Stopped: return tr("stopped");
    }
    return QString();
}

void Kernel::setStatus(Status status)
{
    if (status == m_status)
        return;
    m_status = status;
    Q_EMIT statusChanged(status);
}

void Kernel::followClientState()
{
    connect(m_client, &KernelClient::stateChanged, this, [this](KernelClient::State state) {
        if (m_status != Status::Idle && m_status != Status::Busy)
            return; // starting, restarting or dead: the subclass decides
        if (state == KernelClient::State::Busy)
            setStatus(Status::Busy);
        else if (state == KernelClient::State::Idle)
            setStatus(Status::Idle);
    });
    connect(m_client, &KernelClient::ready, this, [this] {
        setStatus(m_client->state() == KernelClient::State::Busy ? Status::Busy : Status::Idle);
        Q_EMIT ready();
    });
}

} // namespace cumulus::jupyter
