// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "remotehost.h"
#include "serverregistry.h"
#include "sshsession.h"

#include <QObject>

#include <map>

namespace cumulus::remote {

/**
 * The app's connections to servers: one RemoteHost (one SSH session) per server, shared by
 * every notebook that runs there and by the server panel. Hosts are made on first use and
 * live as long as this object. The SSH prompts of their sessions (the kernels' and the
 * files' one) are forwarded with promptRequested() so that one place in the GUI answers them.
 */
class ServerConnections : public QObject
{
    Q_OBJECT
public:
    explicit ServerConnections(QObject *parent = nullptr);
    ~ServerConnections() override;

    ServerRegistry *registry() const { return m_registry; }
    /// The host for @p name (ssh config Host, app server or [user@]host[:port]), made on
    /// first use; an Error when the name does not resolve.
    Result<RemoteHost *> host(const QString &name);
    /// The host for @p name if one was made, else nullptr.
    RemoteHost *existingHost(const QString &name) const;
    QList<RemoteHost *> hosts() const;

Q_SIGNALS:
    void hostCreated(cumulus::remote::RemoteHost *host);
    /// A session of @p host was made: RemoteHost::session() (right after hostCreated()) or
    /// RemoteHost::fileSession().
    void sessionCreated(cumulus::remote::RemoteHost *host, cumulus::remote::SshSession *session);
    /// @p session (one of @p host's) needs an answer: call session->answerPrompt(prompt.id, …).
    void promptRequested(cumulus::remote::RemoteHost *host, cumulus::remote::SshSession *session,
                         const cumulus::remote::SshPrompt &prompt);

private:
    ServerRegistry *m_registry;
    std::map<QString, RemoteHost *> m_hosts;
};

} // namespace cumulus::remote
