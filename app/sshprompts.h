// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "sshsession.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class QWidget;

namespace cumulus {

namespace remote {
class RemoteHost;
class SecretStore;
class ServerConnections;
}

/**
 * Answers the SSH sessions' questions in the window, never blocking it: an unknown host
 * key (with its SHA256 fingerprint), key passphrases, passwords and keyboard-interactive
 * prompts each get a window-modal dialog that is answered asynchronously. Passphrases and
 * passwords come from the OS keyring when it has them, and what the person types is stored
 * there only when they tick "Remember" — never anywhere else. A remembered secret that the
 * server then refuses is forgotten, so the next attempt asks again.
 */
class SshPrompts : public QObject
{
    Q_OBJECT
public:
    SshPrompts(remote::ServerConnections *connections, QWidget *window);
    ~SshPrompts() override;

    /// Tests answer prompts themselves: @p answer gets each prompt instead of a dialog, and
    /// answers it with session->answerPrompt() (@p session: the one of @p host that asked).
    using Answerer = std::function<void(remote::RemoteHost *host, remote::SshSession *session,
                                        const remote::SshPrompt &prompt)>;
    void setAnswerer(Answerer answer) { m_answerer = std::move(answer); }

private:
    /// Each prompt is answered on the session that asked (a host has one for kernels and
    /// one for files).
    void ask(remote::RemoteHost *host, remote::SshSession *session, const remote::SshPrompt &prompt);
    void showDialog(remote::SshSession *session, const remote::SshPrompt &prompt);
    void watchSession(remote::RemoteHost *host, remote::SshSession *session);

    QPointer<QWidget> m_window;
    remote::SecretStore *m_secrets;
    Answerer m_answerer;
    QSet<QString> m_fromKeyring; ///< "server\nsecretKey" answered from the keyring
};

} // namespace cumulus
