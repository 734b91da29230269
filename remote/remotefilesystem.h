// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "sshsession.h" // session() converts a QPointer: the type must be complete
#include "util/result.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

namespace cumulus::remote {

/// One entry of a server folder, as SFTP lists it.
struct RemoteFileInfo
{
    enum class Type { File, Folder, Symlink, Other };
    QString name; ///< the entry's name in its folder
    QString path; ///< absolute path on the server
    Type type = Type::Other;
    bool targetIsFolder = false; ///< for a symlink: whether it leads to a folder
    qint64 size = 0;
    QDateTime modified;
    quint32 permissions = 0; ///< POSIX mode bits (07777)

    bool isFolder() const { return type == Type::Folder || (type == Type::Symlink && targetIsFolder); }
};

/**
 * Browses and edits files on a server over SFTP: list a folder, read a file, write one
 * atomically (NAME.cumulus-save, then renamed over NAME, keeping NAME's permissions), make
 * folders, remove and rename. Every call runs on the session's thread
 * (SshSession::runOnSession()) and answers with @p done on this object's thread, never
 * after this object is gone. Paths may be absolute, relative to the login's home, "~" or
 * "~/…". Errors name the path and the reason (permission denied, no such file, connection
 * lost…); an unconnected session is opened, and a failed one answers with its error. A call
 * made while a dropped connection is being made again waits for it at most 15 s, then fails
 * saying the connection was lost. One SFTP session is kept open between calls (a new one
 * after a reconnection).
 *
 * Give it a session of its own (RemoteHost::fileSession()): a long listing never delays
 * kernel traffic.
 */
class RemoteFileSystem : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(const Result<T> &)>;

    explicit RemoteFileSystem(SshSession *session, QObject *parent = nullptr);
    ~RemoteFileSystem() override;

    SshSession *session() const { return m_session; }

    /// The login's home folder, absolute.
    void homePath(Callback<QString> done);
    /// @p path's entries without "." and "..", folders first, then by name.
    void list(const QString &path, Callback<QList<RemoteFileInfo>> done);
    void stat(const QString &path, Callback<RemoteFileInfo> done);
    /// The whole file; an Error when it is larger than @p maxBytes.
    void readFile(const QString &path, qint64 maxBytes, Callback<QByteArray> done);
    /// Replaces (or creates) @p path with @p data so that a reader sees the old or the new
    /// content, never a mix: on any failure the old file is untouched.
    void writeFileAtomically(const QString &path, const QByteArray &data, Callback<void> done);
    void makeFolder(const QString &path, Callback<void> done);
    /// A file, a symlink or an empty folder.
    void remove(const QString &path, Callback<void> done);
    void rename(const QString &from, const QString &to, Callback<void> done);

public:
    struct Shared; ///< state kept on the session's thread (remotefilesystem.cpp)

private:
    QPointer<SshSession> m_session;
    std::shared_ptr<Shared> m_shared;
};

} // namespace cumulus::remote

Q_DECLARE_METATYPE(cumulus::remote::RemoteFileInfo)
