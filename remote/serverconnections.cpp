// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "serverconnections.h"

namespace cumulus::remote {

ServerConnections::ServerConnections(QObject *parent)
    : QObject(parent), m_registry(new ServerRegistry(this))
{
}

ServerConnections::~ServerConnections() = default;

Result<RemoteHost *> ServerConnections::host(const QString &name)
{
    if (RemoteHost *existing = existingHost(name))
        return existing;
    auto server = m_registry->resolve(name);
    if (!server)
        return server.error();
    auto *host = new RemoteHost(*server, this);
    m_hosts[name] = host;
    const auto forwardPrompts = [this, host](SshSession *session) {
        connect(session, &SshSession::promptRequested, this,
                [this, host, session](const SshPrompt &prompt) { Q_EMIT promptRequested(host, session, prompt); });
    };
    forwardPrompts(host->session());
    connect(host, &RemoteHost::fileSessionCreated, this, [this, host, forwardPrompts](SshSession *session) {
        forwardPrompts(session);
        Q_EMIT sessionCreated(host, session);
    });
    Q_EMIT hostCreated(host);
    Q_EMIT sessionCreated(host, host->session());
    return host;
}

RemoteHost *ServerConnections::existingHost(const QString &name) const
{
    const auto it = m_hosts.find(name);
    return it == m_hosts.end() ? nullptr : it->second;
}

QList<RemoteHost *> ServerConnections::hosts() const
{
    QList<RemoteHost *> all;
    for (const auto &[name, host] : m_hosts)
        all << host;
    return all;
}

} // namespace cumulus::remote
