// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// Private to cumulus_remote (libssh types): the SFTP subsystem on an SSH session, with what
// SftpTransfer and RemoteFileSystem both need. Use it only on the session's thread
// (SshSession::runOnSession()).

#include "sshsession.h"
#include "util/result.h"

#include <QCoreApplication>
#include <QString>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

namespace cumulus::remote {

class SftpConnection
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::remote::SftpConnection)
public:
    explicit SftpConnection(ssh_session session) : m_ssh(session) {}
    ~SftpConnection();
    SftpConnection(const SftpConnection &) = delete;
    SftpConnection &operator=(const SftpConnection &) = delete;

    /// Starts the SFTP subsystem and learns the home folder.
    Result<void> open();
    bool isOpen() const { return m_sftp != nullptr; }
    /// False once the SSH connection under it dropped (open() again on a new session).
    bool isConnected() const { return m_ssh && ssh_is_connected(m_ssh); }
    ssh_session ssh() const { return m_ssh; }
    sftp_session sftp() const { return m_sftp; }
    const QString &home() const { return m_home; }
    /// Whether the server is OpenSSH's (or says it takes large requests): writes of 252 KiB.
    bool takesLargeWrites() const;

    /// @p path made absolute: "~", "~/…" and relative paths start at the home folder.
    QString absolutePath(const QString &path) const;
    /// "WHAT PATH on the server: REASON" from the last SFTP error (permission denied, no such
    /// file, connection lost, no space left…).
    Error error(const QString &path, const QString &what) const;
    bool exists(const QString &path) const;
    /// Renames @p from to @p to, replacing a file there atomically (the server's `mv -f`:
    /// libssh 0.10's SFTP v3 rename refuses an existing target); refuses to replace a folder.
    Result<void> renameOver(const QString &from, const QString &to);
    /// Runs @p command on the server (exec channel) and waits for it.
    Result<CommandOutput> run(const QString &command, const QString &path, const QString &what);

private:
    ssh_session m_ssh;
    sftp_session m_sftp = nullptr;
    QString m_home;
};

} // namespace cumulus::remote
