// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "sftpconnection.h"

#include <QFileInfo>

#include <cstring>

namespace cumulus::remote {

namespace {
// Below this much free space a failed write is reported as a full disk.
constexpr uint64_t kLowSpace = 256 * 1024;
} // namespace

SftpConnection::~SftpConnection()
{
    if (m_sftp)
        sftp_free(m_sftp);
}

Result<void> SftpConnection::open()
{
    if (m_sftp) {
        sftp_free(m_sftp);
        m_sftp = nullptr;
    }
    m_sftp = sftp_new(m_ssh);
    if (!m_sftp || sftp_init(m_sftp) != SSH_OK) {
        const Error error(tr("cannot start SFTP on the server: %1").arg(QString::fromUtf8(ssh_get_error(m_ssh))));
        if (m_sftp)
            sftp_free(m_sftp);
        m_sftp = nullptr;
        return error;
    }
    char *home = sftp_canonicalize_path(m_sftp, ".");
    if (!home)
        return error(QStringLiteral("."), tr("cannot resolve"));
    m_home = QString::fromUtf8(home);
    ssh_string_free_char(home);
    return {};
}

bool SftpConnection::takesLargeWrites() const
{
    const char *banner = ssh_get_serverbanner(m_ssh);
    return (banner && std::strstr(banner, "OpenSSH")) || sftp_extension_supported(m_sftp, "limits@openssh.com", "1");
}

QString SftpConnection::absolutePath(const QString &path) const
{
    if (path.isEmpty() || path == QLatin1String("~"))
        return m_home;
    if (path.startsWith(QLatin1String("~/")))
        return m_home + path.mid(1);
    if (path.startsWith(QLatin1Char('/')))
        return path;
    return m_home + QLatin1Char('/') + path;
}

Error SftpConnection::error(const QString &path, const QString &what) const
{
    QString reason;
    if (!isConnected()) {
        reason = tr("the connection was lost");
    } else {
        switch (m_sftp ? sftp_get_error(m_sftp) : SSH_FX_CONNECTION_LOST) {
        case SSH_FX_PERMISSION_DENIED:
        case SSH_FX_WRITE_PROTECT:
            reason = tr("permission denied");
            break;
        case SSH_FX_NO_SUCH_FILE:
        case SSH_FX_NO_SUCH_PATH:
            reason = tr("no such file or directory");
            break;
        case SSH_FX_NO_CONNECTION:
        case SSH_FX_CONNECTION_LOST:
            reason = tr("the connection was lost");
            break;
        default: {
            // SFTP v3 (OpenSSH) reports a full disk as a plain failure: ask the file system.
            reason = QString::fromUtf8(ssh_get_error(m_ssh));
            const QByteArray dir = QFileInfo(path).path().toUtf8();
            if (m_sftp && sftp_extension_supported(m_sftp, "statvfs@openssh.com", "2")) {
                if (sftp_statvfs_t vfs = sftp_statvfs(m_sftp, dir.constData())) {
                    if (vfs->f_bavail * vfs->f_frsize < kLowSpace)
                        reason = tr("no space left on the device");
                    sftp_statvfs_free(vfs);
                }
            }
        }
        }
    }
    return Error(tr("%1 %2 on the server: %3").arg(what, path, reason));
}

bool SftpConnection::exists(const QString &path) const
{
    sftp_attributes attributes = sftp_lstat(m_sftp, path.toUtf8().constData());
    if (attributes)
        sftp_attributes_free(attributes);
    return attributes != nullptr;
}

Result<void> SftpConnection::renameOver(const QString &from, const QString &to)
{
    const QByteArray source = from.toUtf8();
    const QByteArray target = to.toUtf8();
    if (sftp_rename(m_sftp, source.constData(), target.constData()) == SSH_OK)
        return {};
    // SFTP v3's rename refuses an existing target, and libssh 0.10 cannot send
    // posix-rename@openssh.com: replace atomically with the server's mv (rename(2)), and
    // only where there is no shell, remove the old file first (a moment without the final
    // name, never a half-written one).
    if (!isConnected() || !exists(to))
        return error(to, tr("cannot write"));
    if (sftp_attributes attributes = sftp_stat(m_sftp, target.constData())) {
        const bool directory = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
        sftp_attributes_free(attributes);
        if (directory)
            return Error(tr("cannot write %1 on the server: a folder has that name").arg(to));
    }
    const QString move =
            QStringLiteral("mv -f -- %1 %2").arg(SshSession::shellQuote(from), SshSession::shellQuote(to));
    if (auto moved = run(move, to, tr("cannot replace")); moved && moved->exitStatus == 0)
        return {};
    if (sftp_unlink(m_sftp, target.constData()) != SSH_OK
        || sftp_rename(m_sftp, source.constData(), target.constData()) != SSH_OK)
        return error(to, tr("cannot replace"));
    return {};
}

Result<CommandOutput> SftpConnection::run(const QString &command, const QString &path, const QString &what)
{
    ssh_channel channel = ssh_channel_new(m_ssh);
    if (!channel)
        return error(path, what);
    const QByteArray encoded = command.toUtf8();
    if (ssh_channel_open_session(channel) != SSH_OK || ssh_channel_request_exec(channel, encoded.constData()) != SSH_OK) {
        ssh_channel_free(channel);
        return error(path, what);
    }
    CommandOutput output;
    char buffer[4096];
    int n;
    while ((n = ssh_channel_read(channel, buffer, sizeof buffer, 0)) > 0)
        output.out.append(buffer, n);
    while (n >= 0 && (n = ssh_channel_read(channel, buffer, sizeof buffer, 1)) > 0)
        output.err.append(buffer, n);
    output.exitStatus = ssh_channel_get_exit_status(channel);
    ssh_channel_send_eof(channel);
    ssh_channel_close(channel);
    ssh_channel_free(channel);
    if (n < 0)
        return error(path, what);
    return output;
}

} // namespace cumulus::remote
