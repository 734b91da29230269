// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <vector>

class QLockFile;

namespace cumulus {

class Notebook;

/**
 * Recovery files for unsaved notebooks, so that a crash or `kill -9` loses at most one
 * autosave interval of work.
 *
 * Each running window owns a session directory under root() (by default
 * QStandardPaths::AppDataLocation + "/recovery"), created on the first write and held by a
 * QLockFile. A notebook's recovery copy is `<key>.ipynb` with a `<key>.json` beside it naming
 * the file it belongs to; both are written atomically with mode 0600 (notebooks may hold
 * secrets). Saving or closing a notebook removes its files; a clean exit removes the
 * session. A directory whose lock is stale (its process is gone) was left by a crash:
 * orphans() lists what it holds.
 */
class RecoveryStore
{
public:
    explicit RecoveryStore(QString root = defaultRoot());
    ~RecoveryStore(); ///< keeps the session's files: a clean exit calls discardSession()
    RecoveryStore(const RecoveryStore &) = delete;
    RecoveryStore &operator=(const RecoveryStore &) = delete;

    static QString defaultRoot();
    QString root() const { return m_root; }
    /// The session directory ("" before the first write).
    QString sessionDirectory() const { return m_session; }

    /// Writes @p notebook as the recovery copy @p key of the file @p originalPath ("" for an
    /// untitled notebook) with its tab @p title.
    Result<void> write(const QString &key, const Notebook &notebook, const QString &originalPath,
                       const QString &title);
    /// Removes the recovery copy @p key (saved or closed).
    void remove(const QString &key);
    /// Removes the whole session (clean exit).
    void discardSession();

    struct Orphan
    {
        QString directory;    ///< the crashed session's directory
        QString notebookFile; ///< the recovery copy
        QString originalPath; ///< the notebook's own file, "" when it was untitled
        QString title;
        QDateTime written;
    };
    /// Recovery copies left by sessions whose process is gone, oldest first.
    std::vector<Orphan> orphans() const;
    /// Removes a crashed session's directory (after restoring or discarding it).
    static void removeDirectory(const QString &directory);

private:
    bool ensureSession();

    QString m_root;
    QString m_session;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace cumulus
