// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "recoverystore.h"

#include "nbformat/nbformat.h"
#include "notebook/notebook.h"
#include "util/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace cumulus {

namespace {

const QString kLockName = QStringLiteral("session.lock");
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString notebookFile(const QString &dir, const QString &key)
{
    return dir + QLatin1Char('/') + key + QStringLiteral(".ipynb");
}

QString infoFile(const QString &dir, const QString &key)
{
    return dir + QLatin1Char('/') + key + QStringLiteral(".json");
}

} // namespace

RecoveryStore::RecoveryStore(QString root) : m_root(std::move(root)) {}

RecoveryStore::~RecoveryStore() = default;

QString RecoveryStore::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/recovery");
}

bool RecoveryStore::ensureSession()
{
    if (!m_session.isEmpty())
        return true;
    const QString dir = m_root + QLatin1Char('/')
                        + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!QDir().mkpath(dir))
        return false;
    QFile::setPermissions(dir, kOwnerOnly | QFileDevice::ExeOwner);
    auto lock = std::make_unique<QLockFile>(dir + QLatin1Char('/') + kLockName);
    // Never stale by age: only a dead owner makes it stale.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return false;
    m_lock = std::move(lock);
    m_session = dir;
    return true;
}

Result<void> RecoveryStore::write(const QString &key, const Notebook &notebook,
                                  const QString &originalPath, const QString &title)
{
    if (!ensureSession())
        return Error(QCoreApplication::translate("cumulus::RecoveryStore",
                                                 "Cannot create the recovery directory %1")
                         .arg(QDir::toNativeSeparators(m_root)));
    auto written = writeFileAtomically(
        notebookFile(m_session, key),
        [&notebook](const ByteSink &sink) { return nbformat::write(notebook, sink); }, kOwnerOnly);
    if (!written)
        return written;
    // The info goes second: a notebook without info is ignored, never the reverse.
    const QJsonObject info {{QStringLiteral("path"), originalPath},
                            {QStringLiteral("title"), title},
                            {QStringLiteral("written"),
                             QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    return writeFileAtomically(infoFile(m_session, key),
                               QJsonDocument(info).toJson().toStdString(), kOwnerOnly);
}

void RecoveryStore::remove(const QString &key)
{
    if (m_session.isEmpty())
        return;
    QFile::remove(infoFile(m_session, key));
    QFile::remove(notebookFile(m_session, key));
}

void RecoveryStore::discardSession()
{
    if (m_session.isEmpty())
        return;
    m_lock.reset(); // unlocks (removes the lock file)
    removeDirectory(m_session);
    m_session.clear();
}

std::vector<RecoveryStore::Orphan> RecoveryStore::orphans() const
{
    std::vector<Orphan> found;
    const QDir root(m_root);
    for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString dir = root.filePath(name);
        if (dir == m_session)
            continue;
        // A live session holds its lock; a killed one left a lock whose process is gone,
        // which QLockFile recognises as stale and takes over.
        QLockFile lock(dir + QLatin1Char('/') + kLockName);
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        const QDir session(dir);
        for (const QString &info : session.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            const QString key = QFileInfo(info).completeBaseName();
            QFile file(session.filePath(info));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
            Orphan orphan;
            orphan.directory = dir;
            orphan.notebookFile = notebookFile(dir, key);
            if (!QFileInfo::exists(orphan.notebookFile))
                continue;
            orphan.originalPath = object.value(QStringLiteral("path")).toString();
            orphan.title = object.value(QStringLiteral("title")).toString();
            orphan.written = QDateTime::fromString(
                object.value(QStringLiteral("written")).toString(), Qt::ISODateWithMs);
            found.push_back(std::move(orphan));
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Orphan &a, const Orphan &b) { return a.written < b.written; });
    return found;
}

void RecoveryStore::removeDirectory(const QString &directory)
{
    QDir(directory).removeRecursively();
}

} // namespace cumulus
