// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "util/result.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>

namespace cumulus::remote {

class SshSession;

/// How a transfer treats what it finds and what it checks.
struct TransferOptions
{
    /// What to do when a file already exists under the final name.
    enum class Conflict {
        Overwrite, ///< replace it (atomically: the new file is renamed over it)
        Skip,      ///< leave it and go on with the next file
        Rename,    ///< keep it and write "name (1).ext", "name (2).ext"…
    };
    Conflict conflict = Conflict::Overwrite;
    /// Append to an existing NAME.cumulus-part from its size instead of starting again.
    bool resume = false;
    /// After each file, compare its sha256 with the server's `sha256sum` of it.
    bool verify = false;
    /// Follow every symlink; by default a symlink is followed only when it points inside the
    /// tree being copied (a link to a folder is never followed: no loops), others are skipped.
    bool followSymlinks = false;
    /// Keep modification times and permission bits.
    bool preserve = true;
};

/// Where a transfer stands; sent at most 10 times a second, and once at the end.
struct TransferProgress
{
    qint64 bytesDone = 0;  ///< including bytes a resumed file already had
    qint64 bytesTotal = 0; ///< -1 until the sources have been listed
    int filesDone = 0;
    int filesTotal = 0;
    double bytesPerSecond = 0; ///< over this run (resumed bytes not counted)
    int etaSeconds = -1;       ///< -1 when unknown
    QString currentFile;       ///< the source path being copied
};

/**
 * Copies files and folders between this machine and a server over SFTP (what OpenSSH's
 * scp uses), on an SshSession the caller gives it — give it a session of its own, never the
 * one carrying kernels: a transfer holds its session's thread while it runs
 * (SshSession::runOnSession()).
 *
 * @p destination is the path the source becomes (not a folder to put it in); remote paths
 * are relative to the login's home, "~" and "~/…" mean the home. Every file is written to
 * NAME.cumulus-part and renamed to NAME when complete (rename(2) here, posix-rename on the
 * server), so a failure, a cancel or a lost connection never leaves a half-written file
 * under its final name; start again with TransferOptions::resume to complete it.
 *
 * Reads are pipelined (several SFTP read requests in flight). libssh 0.10 has no
 * asynchronous writes, so uploads wait for each write's answer (252 KiB at a time on OpenSSH).
 *
 * One transfer at a time per object; finished() says how it ended.
 */
class SftpTransfer : public QObject
{
    Q_OBJECT
public:
    enum class Direction { Upload, Download };
    Q_ENUM(Direction)

    explicit SftpTransfer(SshSession *session, QObject *parent = nullptr);
    /// Cancels a running transfer (its partial file stays, for a later resume).
    ~SftpTransfer() override;

    /// Starts copying @p source (a file or a folder, copied recursively) to @p destination.
    /// Returns false when a transfer is already running or the session is gone.
    bool start(Direction direction, const QString &source, const QString &destination,
               const TransferOptions &options = {});
    /// Stops the running transfer soon; finished() follows with an error saying so.
    void cancel();
    bool isRunning() const { return m_running; }

    /// Files left alone (TransferOptions::Conflict::Skip) or symlinks not followed, by the
    /// last transfer, as source paths.
    QStringList skipped() const { return m_skipped; }

Q_SIGNALS:
    void progress(const cumulus::remote::TransferProgress &progress);
    /// The transfer ended: successfully, or with an error naming the file and the reason.
    void finished(const cumulus::Result<void> &result);

public:
    struct Shared; ///< state shared with the session's thread (sftptransfer.cpp)

private:
    QPointer<SshSession> m_session;
    std::shared_ptr<Shared> m_shared;
    bool m_running = false;
    QStringList m_skipped;
};

} // namespace cumulus::remote

Q_DECLARE_METATYPE(cumulus::remote::TransferProgress)
