// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "sshconfig.h"
#include "util/result.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace cumulus::remote {

/// A question the SSH login needs a person to answer. The GUI shows it without blocking;
/// the command line asks on the terminal.
struct SshPrompt
{
    enum class Kind {
        UnknownHostKey,      ///< accept and remember a host key seen for the first time? (yes/no)
        Passphrase,          ///< a key file's passphrase
        Password,            ///< the account's password
        KeyboardInteractive, ///< one question of a keyboard-interactive login
    };
    quint64 id = 0;
    Kind kind = Kind::Password;
    QString server;      ///< ServerConfig::name
    QString text;        ///< the question, worded for a person
    QString fingerprint; ///< UnknownHostKey: "SHA256:…"
    QString keyType;     ///< UnknownHostKey: "ssh-ed25519", …
    bool echo = false;   ///< whether the answer may be shown while typed
    /// Passphrase and Password: where the OS keyring keeps this secret (SecretStore key),
    /// so the GUI can answer from the keyring and offer to remember what was typed.
    QString secretKey;
};

/// What a command run on the server returned.
struct CommandOutput
{
    int exitStatus = -1; ///< -1 when the server sent none (killed by a signal)
    QByteArray out;
    QByteArray err;
};

/**
 * One SSH connection to a server, with libssh: login, host-key check, commands and port
 * forwards. Every libssh call happens on the session's own thread (libssh is thread-safe
 * only across sessions); this object lives on the caller's thread and hears back through
 * queued signals and callbacks, so nothing here ever blocks the GUI.
 *
 * Host keys are checked against the server's known_hosts files under its HostKeyAlias when
 * it has one (libssh 0.10 ignores HostKeyAlias, which `gcloud compute config-ssh` writes).
 * An unknown key becomes an UnknownHostKey prompt; a changed key is refused, always: the
 * user removes the old line from known_hosts themselves.
 *
 * When an established connection drops, the session reconnects by itself with back-off
 * (state Reconnecting) and keeps its forwards' local ports, so a ZeroMQ socket connected to
 * one reconnects without knowing; commands wait for the connection to come back.
 */
class SshSession : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,         ///< not opened yet
        Connecting,   ///< first connection and login in progress
        Connected,
        Reconnecting, ///< the connection dropped; retrying with back-off
        Failed,       ///< could not connect or log in (see lastError()); open() tries again
        Closed,       ///< close() was called
    };
    Q_ENUM(State)

    explicit SshSession(ServerConfig server, QObject *parent = nullptr);
    ~SshSession() override;

    const ServerConfig &server() const { return m_server; }
    State state() const { return m_state; }
    Error lastError() const { return m_lastError; }
    /// How the connection is made, for people: "direct", or the jump host OpenSSH's
    /// `ssh -W` runs through (libssh runs ProxyJump that way).
    QString route() const;

    /// When false (batch use, tests), any prompt fails the login at once instead of waiting.
    void setInteractive(bool interactive);
    /// Connects and logs in (asynchronous): stateChanged(Connected) or failed() follows.
    void open();
    /// Closes every channel and forward and the connection.
    void close();
    /// Answers promptRequested(); no value means the person cancelled.
    void answerPrompt(quint64 id, std::optional<QString> answer);

    using CommandCallback = std::function<void(const Result<CommandOutput> &)>;
    /**
     * Runs @p command through the user's shell on the server with @p input on its stdin and
     * calls @p done on this object's thread (not when @p context died). Waits while the
     * session connects or reconnects; fails when the session fails or closes.
     */
    void runCommand(const QString &command, const QByteArray &input, QObject *context,
                    CommandCallback done);

    /**
     * Listens on 127.0.0.1 (a free port, kept across reconnects) and forwards every
     * connection made to it to @p remoteHost:@p remotePort as seen from the server
     * (direct-tcpip). Returns the local port.
     */
    Result<quint16> forward(const QString &remoteHost, quint16 remotePort);
    /// Stops listening on @p localPort and closes its connections.
    void removeForward(quint16 localPort);

    /**
     * Runs @p task on the session's own thread with the raw libssh session (an
     * `ssh_session`, passed as void * so libssh stays out of this header), between two polls
     * once the session is connected, for protocols this class does not speak itself (SFTP,
     * see SftpTransfer). The task may block (libssh's blocking calls poll the session
     * themselves) but everything else on this session waits meanwhile: give bulk work a
     * session of its own. It must free every channel or SFTP session it opened before it
     * returns. Waits while the session connects or reconnects; before open(), or when the
     * session fails or closes first, @p task runs with nullptr (still on the session's
     * thread), as runCommand() fails then.
     */
    void runOnSession(std::function<void(void *session)> task);
    /**
     * From inside a runOnSession() task only: runs @p cleanup on the session's thread right
     * before the libssh session that task was given is freed (the connection dropped or was
     * closed). For what a caller keeps across tasks inside that session, such as an SFTP
     * subsystem: free it there, and open a new one in a later task.
     */
    void atSessionEnd(std::function<void()> cleanup);

    /// Quotes @p argument for a POSIX shell.
    static QString shellQuote(const QString &argument);

Q_SIGNALS:
    void stateChanged(cumulus::remote::SshSession::State state);
    /// Opening failed; @p error says why (unreachable, host key, authentication…).
    void failed(const cumulus::Error &error);
    /// The connection dropped; attempt @p attempt starts in @p delayMs.
    void reconnecting(int attempt, int delayMs, const QString &reason);
    void promptRequested(const cumulus::remote::SshPrompt &prompt);

private:
    class Worker;
    friend class Worker;
    void setState(State state, const Error &error = {});

    ServerConfig m_server;
    State m_state = State::Idle;
    Error m_lastError;
    std::shared_ptr<Worker> m_worker;
};

} // namespace cumulus::remote

Q_DECLARE_METATYPE(cumulus::remote::SshPrompt)
