// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "remotefilesystem.h"

#include "facadelink.h"
#include "sftpconnection.h"
#include "sshsession.h"

#include <QLocale>
#include <QTimer>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <optional>
#include <tuple>
#include <vector>

#include <fcntl.h>

namespace cumulus::remote {

namespace {

/// How long a call waits for a dropped connection to come back before it fails. A first
/// login is never cut short (a person may be typing a password).
constexpr int kReconnectWaitMs = 15000;
constexpr uint32_t kReadChunk = 64 * 1024;
constexpr int kReadsInFlight = 16; // 1 MiB in flight
constexpr size_t kWriteChunkOpenSsh = 252 * 1024;
constexpr size_t kWriteChunkOther = 32 * 1024;
const QString kSaveSuffix = QStringLiteral(".cumulus-save");

enum class Stage { Waiting, Started, Abandoned };

/// One call on its way to the session's thread.
struct Pending
{
    std::atomic<Stage> stage = Stage::Waiting;
    std::function<void(const Error &)> fail; ///< answers the call with an error (GUI side)
};

QString fileName(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? path : path.mid(slash + 1);
}

QString joinPath(const QString &folder, const QString &name)
{
    return folder.endsWith(QLatin1Char('/')) ? QString(folder + name) : QString(folder + QLatin1Char('/') + name);
}

RemoteFileInfo infoFrom(sftp_attributes attributes, const QString &name, const QString &path)
{
    RemoteFileInfo info;
    info.name = name;
    info.path = path;
    switch (attributes->type) {
    case SSH_FILEXFER_TYPE_REGULAR: info.type = RemoteFileInfo::Type::File; break;
    case SSH_FILEXFER_TYPE_DIRECTORY: info.type = RemoteFileInfo::Type::Folder; break;
    case SSH_FILEXFER_TYPE_SYMLINK: info.type = RemoteFileInfo::Type::Symlink; break;
    default: info.type = RemoteFileInfo::Type::Other; break;
    }
    info.size = qint64(attributes->size);
    if (attributes->flags & SSH_FILEXFER_ATTR_ACMODTIME)
        info.modified = QDateTime::fromSecsSinceEpoch(qint64(attributes->mtime));
    info.permissions = attributes->permissions & 07777;
    return info;
}

/// For a symlink: whether it leads to a folder (a dangling link leads nowhere).
void followLink(sftp_session sftp, RemoteFileInfo &info)
{
    if (info.type != RemoteFileInfo::Type::Symlink)
        return;
    if (sftp_attributes target = sftp_stat(sftp, info.path.toUtf8().constData())) {
        info.targetIsFolder = target->type == SSH_FILEXFER_TYPE_DIRECTORY;
        sftp_attributes_free(target);
    }
}

bool lessForListing(const RemoteFileInfo &a, const RemoteFileInfo &b)
{
    if (a.isFolder() != b.isFolder())
        return a.isFolder();
    const int folded = a.name.compare(b.name, Qt::CaseInsensitive);
    return folded != 0 ? folded < 0 : a.name < b.name;
}

} // namespace

struct RemoteFileSystem::Shared
{
    FacadeLink<RemoteFileSystem> link; ///< answers go through it

    // The session's thread only. Freed when its SSH connection ends (SshSession::atSessionEnd),
    // so a connection kept here is always on the live session.
    std::unique_ptr<SftpConnection> connection;

    // The facade's thread only.
    std::vector<std::weak_ptr<Pending>> waiting;
    QTimer *reconnectWait = nullptr; ///< child of the facade

    /// The SFTP session on @p ssh, @p session's live connection: the one kept from the last
    /// call, or a new one.
    static Result<SftpConnection *> sftp(const std::shared_ptr<Shared> &self, SshSession *session, ssh_session ssh)
    {
        auto &connection = self->connection;
        if (connection) {
            // The SFTP subsystem may have ended while SSH stayed up: then start it again.
            const ssh_channel channel = connection->sftp()->channel;
            if (channel && ssh_channel_is_open(channel) && !ssh_channel_is_eof(channel))
                return connection.get();
            connection.reset();
        }
        auto fresh = std::make_unique<SftpConnection>(ssh);
        if (auto opened = fresh->open(); !opened)
            return opened.error();
        connection = std::move(fresh);
        session->atSessionEnd([weak = std::weak_ptr<Shared>(self)] {
            if (auto alive = weak.lock())
                alive->connection.reset();
        });
        return connection.get();
    }

    /// Runs @p work (on the session's thread, with the SFTP session) for a call of @p self
    /// and answers @p done on its thread; @p what and @p path word the errors.
    template<typename T, typename Work>
    static void submit(RemoteFileSystem *self, const QString &path, const QString &what, Work work,
                       Callback<T> done);

    /// The calls still waiting for the connection fail (it did not come back in time).
    void abandonWaiting(const Error &error)
    {
        std::vector<std::shared_ptr<Pending>> abandoned;
        for (const auto &weak : waiting)
            if (auto pending = weak.lock()) {
                Stage expected = Stage::Waiting;
                if (pending->stage.compare_exchange_strong(expected, Stage::Abandoned))
                    abandoned.push_back(std::move(pending));
            }
        waiting.clear();
        for (const auto &pending : abandoned)
            pending->fail(error); // may call again: waiting is consistent by now
    }

    void prune()
    {
        std::erase_if(waiting, [](const std::weak_ptr<Pending> &weak) {
            const auto pending = weak.lock();
            return !pending || pending->stage != Stage::Waiting;
        });
    }
};

template<typename T, typename Work>
void RemoteFileSystem::Shared::submit(RemoteFileSystem *self, const QString &path, const QString &what, Work work,
                                      Callback<T> done)
{
    SshSession *session = self->m_session;
    if (!session) {
        QMetaObject::invokeMethod(
                self,
                [done, path, what] {
                    done(Error(tr("%1 %2 on the server: %3").arg(what, path, tr("not connected"))));
                },
                Qt::QueuedConnection);
        return;
    }
    const std::shared_ptr<Shared> shared = self->m_shared;
    auto pending = std::make_shared<Pending>();
    pending->fail = [done](const Error &error) { done(error); };
    shared->prune();
    shared->waiting.push_back(pending);

    session->open(); // a no-op when connected or on its way
    if (session->state() == SshSession::State::Reconnecting && !shared->reconnectWait->isActive())
        shared->reconnectWait->start();

    session->runOnSession([session, shared, pending, path, what, work = std::move(work), done](void *raw) mutable {
        Stage expected = Stage::Waiting;
        if (!pending->stage.compare_exchange_strong(expected, Stage::Started))
            return; // abandoned meanwhile: answered already
        if (!raw) {
            // The session failed or closed. Its error reaches the facade after this answer
            // (SshSession reports the state last): look once the queue has caught up.
            shared->link.post([path, what, done](RemoteFileSystem *facade) {
                QMetaObject::invokeMethod(
                        facade,
                        [facade, path, what, done] {
                            const SshSession *s = facade->m_session;
                            QString reason = s && s->state() == SshSession::State::Failed
                                    ? s->lastError().message
                                    : QString();
                            if (reason.isEmpty())
                                reason = s ? tr("not connected to %1").arg(s->server().name) : tr("not connected");
                            done(Error(tr("%1 %2 on the server: %3").arg(what, path, reason)));
                        },
                        Qt::QueuedConnection);
            });
            return;
        }
        auto sftp = Shared::sftp(shared, session, static_cast<ssh_session>(raw));
        std::optional<Result<T>> result;
        if (!sftp)
            result.emplace(sftp.error());
        else
            result.emplace(work(**sftp));
        shared->link.post([result = std::move(*result), done](RemoteFileSystem *) { done(result); });
    });
}

RemoteFileSystem::RemoteFileSystem(SshSession *session, QObject *parent)
    : QObject(parent), m_session(session), m_shared(std::make_shared<Shared>())
{
    static const int registered = [] {
        qRegisterMetaType<RemoteFileInfo>();
        return 0;
    }();
    Q_UNUSED(registered);
    m_shared->link.attach(this);
    m_shared->reconnectWait = new QTimer(this);
    m_shared->reconnectWait->setSingleShot(true);
    m_shared->reconnectWait->setInterval(kReconnectWaitMs);
    connect(m_shared->reconnectWait, &QTimer::timeout, this, [this] {
        if (m_session && m_session->state() == SshSession::State::Connected)
            return;
        m_shared->abandonWaiting(Error(tr("the connection to %1 was lost (Cumulus keeps trying to reconnect)")
                                               .arg(m_session ? m_session->server().name : QString())));
    });
    if (session) {
        connect(session, &SshSession::stateChanged, this, [this](SshSession::State state) {
            if (state == SshSession::State::Reconnecting) {
                if (!m_shared->reconnectWait->isActive())
                    m_shared->reconnectWait->start();
            } else {
                m_shared->reconnectWait->stop();
            }
        });
    }
}

RemoteFileSystem::~RemoteFileSystem()
{
    m_shared->link.detach();
    // Close the SFTP channel on the session's thread while its connection is still there
    // (without a connection, SshSession::atSessionEnd closed it already).
    if (m_session)
        m_session->runOnSession([shared = m_shared](void *) { shared->connection.reset(); });
}

void RemoteFileSystem::homePath(Callback<QString> done)
{
    Shared::submit<QString>(
            this, QStringLiteral("~"), tr("cannot resolve"),
            [](SftpConnection &c) -> Result<QString> { return c.home(); }, std::move(done));
}

void RemoteFileSystem::list(const QString &path, Callback<QList<RemoteFileInfo>> done)
{
    Shared::submit<QList<RemoteFileInfo>>(
            this, path, tr("cannot list"),
            [path](SftpConnection &c) -> Result<QList<RemoteFileInfo>> {
                const QString folder = c.absolutePath(path);
                sftp_dir dir = sftp_opendir(c.sftp(), folder.toUtf8().constData());
                if (!dir)
                    return c.error(folder, tr("cannot list"));
                QList<RemoteFileInfo> entries;
                while (sftp_attributes entry = sftp_readdir(c.sftp(), dir)) {
                    const QString name = QString::fromUtf8(entry->name);
                    if (name != QLatin1String(".") && name != QLatin1String(".."))
                        entries << infoFrom(entry, name, joinPath(folder, name));
                    sftp_attributes_free(entry);
                }
                const bool complete = sftp_dir_eof(dir);
                sftp_closedir(dir);
                if (!complete)
                    return c.error(folder, tr("cannot list"));
                for (RemoteFileInfo &info : entries)
                    followLink(c.sftp(), info);
                std::sort(entries.begin(), entries.end(), lessForListing);
                return entries;
            },
            std::move(done));
}

void RemoteFileSystem::stat(const QString &path, Callback<RemoteFileInfo> done)
{
    Shared::submit<RemoteFileInfo>(
            this, path, tr("cannot read"),
            [path](SftpConnection &c) -> Result<RemoteFileInfo> {
                const QString absolute = c.absolutePath(path);
                sftp_attributes attributes = sftp_lstat(c.sftp(), absolute.toUtf8().constData());
                if (!attributes)
                    return c.error(absolute, tr("cannot read"));
                RemoteFileInfo info = infoFrom(attributes, fileName(absolute), absolute);
                sftp_attributes_free(attributes);
                followLink(c.sftp(), info);
                return info;
            },
            std::move(done));
}

void RemoteFileSystem::readFile(const QString &path, qint64 maxBytes, Callback<QByteArray> done)
{
    Shared::submit<QByteArray>(
            this, path, tr("cannot read"),
            [path, maxBytes](SftpConnection &c) -> Result<QByteArray> {
                const QString absolute = c.absolutePath(path);
                const QByteArray encoded = absolute.toUtf8();
                sftp_attributes attributes = sftp_stat(c.sftp(), encoded.constData());
                if (!attributes)
                    return c.error(absolute, tr("cannot read"));
                const uint8_t type = attributes->type;
                const qint64 size = qint64(attributes->size);
                sftp_attributes_free(attributes);
                if (type == SSH_FILEXFER_TYPE_DIRECTORY)
                    return Error(tr("cannot read %1 on the server: it is a folder").arg(absolute));
                if (type != SSH_FILEXFER_TYPE_REGULAR)
                    return Error(tr("cannot read %1 on the server: it is not a file").arg(absolute));
                const auto tooLarge = [&](qint64 bytes) {
                    const QLocale locale;
                    return Error(tr("cannot read %1 on the server: it is %2, more than the %3 Cumulus reads")
                                         .arg(absolute, locale.formattedDataSize(bytes),
                                              locale.formattedDataSize(maxBytes)));
                };
                if (size > maxBytes)
                    return tooLarge(size);

                sftp_file file = sftp_open(c.sftp(), encoded.constData(), O_RDONLY, 0);
                if (!file)
                    return c.error(absolute, tr("cannot read"));
                // Pipelined reads (several requests in flight) of the size the stat gave,
                // consumed in order; then plain reads up to the end of the file, which may
                // have grown since.
                QByteArray data;
                data.reserve(qsizetype(size));
                std::vector<char> buffer(kReadChunk);
                std::deque<std::pair<int, uint32_t>> inFlight; // request id, length
                std::optional<Error> error;
                bool eof = false;
                qint64 expected = size;
                qint64 requested = 0;
                const auto drain = [&] {
                    for (const auto &[id, length] : inFlight)
                        if (sftp_async_read(file, buffer.data(), length, uint32_t(id)) < 0)
                            break;
                    inFlight.clear();
                };
                while (!error && !eof) {
                    while (int(inFlight.size()) < kReadsInFlight && requested < expected) {
                        const uint32_t length = uint32_t(std::min<qint64>(kReadChunk, expected - requested));
                        const int id = sftp_async_read_begin(file, length);
                        if (id < 0) {
                            error = c.error(absolute, tr("cannot read"));
                            break;
                        }
                        inFlight.emplace_back(id, length);
                        requested += length;
                    }
                    if (error)
                        break;
                    int n = 0;
                    uint32_t length = kReadChunk;
                    if (inFlight.empty()) {
                        n = int(sftp_read(file, buffer.data(), kReadChunk));
                    } else {
                        int id = 0;
                        std::tie(id, length) = inFlight.front();
                        inFlight.pop_front();
                        n = sftp_async_read(file, buffer.data(), length, uint32_t(id));
                    }
                    if (n < 0) {
                        error = c.error(absolute, tr("cannot read"));
                    } else if (n == 0) {
                        eof = true; // the file may have shrunk: the later answers say so too
                        drain();
                    } else {
                        data.append(buffer.data(), n);
                        if (data.size() > maxBytes) {
                            error = tooLarge(data.size());
                            drain();
                        } else if (uint32_t(n) < length) {
                            // A short read: the answers asked for after it start at the
                            // wrong offset. Take them, drop them, and go on from here.
                            drain();
                            sftp_seek64(file, uint64_t(data.size()));
                            expected = requested = data.size();
                        }
                    }
                }
                sftp_close(file); // frees the handle (on a lost connection the request just fails)
                if (error)
                    return *error;
                return data;
            },
            std::move(done));
}

void RemoteFileSystem::writeFileAtomically(const QString &path, const QByteArray &data, Callback<void> done)
{
    Shared::submit<void>(
            this, path, tr("cannot write"),
            [path, data](SftpConnection &c) -> Result<void> {
                QString target = c.absolutePath(path);
                // Through a symlink, the file it leads to is replaced; the link stays.
                uint32_t permissions = 0644;
                std::optional<std::pair<uint32_t, uint32_t>> owner;
                if (sftp_attributes link = sftp_lstat(c.sftp(), target.toUtf8().constData())) {
                    const bool isLink = link->type == SSH_FILEXFER_TYPE_SYMLINK;
                    sftp_attributes_free(link);
                    if (isLink) {
                        if (char *resolved = sftp_canonicalize_path(c.sftp(), target.toUtf8().constData())) {
                            target = QString::fromUtf8(resolved);
                            ssh_string_free_char(resolved);
                        }
                    }
                    if (sftp_attributes old = sftp_stat(c.sftp(), target.toUtf8().constData())) {
                        const bool folder = old->type == SSH_FILEXFER_TYPE_DIRECTORY;
                        permissions = old->permissions & 07777;
                        owner.emplace(old->uid, old->gid);
                        sftp_attributes_free(old);
                        if (folder)
                            return Error(tr("cannot write %1 on the server: a folder has that name").arg(target));
                    }
                } else if (!c.isConnected()) {
                    return c.error(target, tr("cannot write"));
                }

                // NAME.cumulus-save, private while it is incomplete, then renamed over NAME.
                const QString temporary = target + kSaveSuffix;
                const QByteArray temporaryPath = temporary.toUtf8();
                sftp_file file = sftp_open(c.sftp(), temporaryPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                if (!file)
                    return c.error(target, tr("cannot write"));
                const auto fail = [&](Error error) -> Result<void> {
                    if (c.isConnected())
                        sftp_unlink(c.sftp(), temporaryPath.constData());
                    return error;
                };
                const size_t chunk = c.takesLargeWrites() ? kWriteChunkOpenSsh : kWriteChunkOther;
                for (qsizetype written = 0; written < data.size();) {
                    const size_t n = std::min(chunk, size_t(data.size() - written));
                    if (sftp_write(file, data.constData() + written, n) != ssize_t(n)) {
                        Error error = c.error(target, tr("cannot write"));
                        sftp_close(file); // frees the handle (on a lost connection the request just fails)
                        return fail(error);
                    }
                    written += qsizetype(n);
                }
                // SFTP v3 has no fsync (fsync@openssh.com is not in libssh 0.10): the close
                // reports what the server's close(2) says.
                if (sftp_close(file) != SSH_OK)
                    return fail(c.error(target, tr("cannot write")));
                sftp_attributes_struct attributes {};
                attributes.flags = SSH_FILEXFER_ATTR_PERMISSIONS;
                attributes.permissions = permissions;
                if (sftp_setstat(c.sftp(), temporaryPath.constData(), &attributes) != SSH_OK)
                    return fail(c.error(target, tr("cannot set the permissions of")));
                if (owner) {
                    // The old file's owner and group where the server allows it (root may).
                    sftp_attributes_struct ownership {};
                    ownership.flags = SSH_FILEXFER_ATTR_UIDGID;
                    ownership.uid = owner->first;
                    ownership.gid = owner->second;
                    sftp_setstat(c.sftp(), temporaryPath.constData(), &ownership);
                }
                if (auto renamed = c.renameOver(temporary, target); !renamed)
                    return fail(renamed.error());
                return {};
            },
            std::move(done));
}

void RemoteFileSystem::makeFolder(const QString &path, Callback<void> done)
{
    Shared::submit<void>(
            this, path, tr("cannot create the folder"),
            [path](SftpConnection &c) -> Result<void> {
                const QString absolute = c.absolutePath(path);
                if (sftp_mkdir(c.sftp(), absolute.toUtf8().constData(), 0777) != SSH_OK) // less the umask
                    return c.error(absolute, tr("cannot create the folder"));
                return {};
            },
            std::move(done));
}

void RemoteFileSystem::remove(const QString &path, Callback<void> done)
{
    Shared::submit<void>(
            this, path, tr("cannot remove"),
            [path](SftpConnection &c) -> Result<void> {
                const QString absolute = c.absolutePath(path);
                const QByteArray encoded = absolute.toUtf8();
                sftp_attributes attributes = sftp_lstat(c.sftp(), encoded.constData());
                if (!attributes)
                    return c.error(absolute, tr("cannot remove"));
                const bool folder = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
                sftp_attributes_free(attributes);
                const int rc = folder ? sftp_rmdir(c.sftp(), encoded.constData())
                                      : sftp_unlink(c.sftp(), encoded.constData());
                if (rc != SSH_OK) {
                    if (folder && c.isConnected() && sftp_get_error(c.sftp()) == SSH_FX_FAILURE)
                        return Error(tr("cannot remove %1 on the server: the folder is not empty").arg(absolute));
                    return c.error(absolute, tr("cannot remove"));
                }
                return {};
            },
            std::move(done));
}

void RemoteFileSystem::rename(const QString &from, const QString &to, Callback<void> done)
{
    Shared::submit<void>(
            this, from, tr("cannot rename"),
            [from, to](SftpConnection &c) -> Result<void> {
                const QString source = c.absolutePath(from);
                const QString target = c.absolutePath(to);
                if (c.exists(target))
                    return Error(tr("cannot rename %1 on the server: %2 already exists").arg(source, target));
                if (sftp_rename(c.sftp(), source.toUtf8().constData(), target.toUtf8().constData()) != SSH_OK) {
                    // Name the side that is wrong: a missing source, or the target's folder.
                    if (c.isConnected() && c.exists(source))
                        return c.error(target, tr("cannot rename %1 to").arg(source));
                    return c.error(source, tr("cannot rename"));
                }
                return {};
            },
            std::move(done));
}

} // namespace cumulus::remote
