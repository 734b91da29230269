// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "sftptransfer.h"

#include "sshsession.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cumulus::remote {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct SftpTransfer::Shared
{
    std::mutex mutex;
    SftpTransfer *facade = nullptr; ///< null once the facade is gone (guarded by mutex)
    std::atomic<bool> cancel = false;

    /// Calls @p function on the facade's thread, unless the facade died.
    template<typename F>
    void post(F function)
    {
        std::lock_guard lock(mutex);
        if (facade)
            QMetaObject::invokeMethod(
                    facade, [facade = facade, function = std::move(function)] { function(facade); },
                    Qt::QueuedConnection);
    }
};

namespace {

constexpr uint32_t kReadChunk = 64 * 1024;   // OpenSSH serves at most 256 KiB per read
constexpr int kReadsInFlight = 32;           // 2 MiB in flight
// Writes wait for their answer (libssh 0.10), so bigger is faster: 252 KiB (OpenSSH takes
// messages up to 256 KiB; measured 15-25 % faster than 128 KiB on loopback) where the server
// is OpenSSH, else 32 KiB, which the SFTP draft asks every server to accept.
constexpr size_t kWriteChunkOpenSsh = 252 * 1024;
constexpr size_t kWriteChunkOther = 32 * 1024;
const QString kPartSuffix = QStringLiteral(".cumulus-part");

QByteArray local8(const QString &path)
{
    return QFile::encodeName(path);
}

/// errno worded for people; the four cases the spec names are translated.
QString errnoReason(int error)
{
    switch (error) {
    case EACCES:
    case EPERM:
    case EROFS:
        return SftpTransfer::tr("permission denied");
    case ENOSPC:
    case EDQUOT:
        return SftpTransfer::tr("no space left on the device");
    case ENOENT:
    case ENOTDIR:
        return SftpTransfer::tr("no such file or directory");
    default:
        return QString::fromLocal8Bit(::strerror(error));
    }
}

struct Item
{
    QString source;      // local path or absolute remote path
    QString destination; // likewise, on the other side
    bool directory = false;
    qint64 size = 0;
    uint32_t permissions = 0644;
    qint64 mtime = 0;
};

class Job
{
public:
    Job(std::shared_ptr<SftpTransfer::Shared> shared, ssh_session session, SftpTransfer::Direction direction,
        QString source, QString destination, TransferOptions options)
        : m_shared(std::move(shared)), m_ssh(session), m_direction(direction), m_source(std::move(source)),
          m_destination(std::move(destination)), m_options(options)
    {
    }
    ~Job()
    {
        if (m_sftp)
            sftp_free(m_sftp);
    }

    Result<void> run();
    QStringList skipped;

private:
    bool upload() const { return m_direction == SftpTransfer::Direction::Upload; }
    QString remotePath(const QString &path) const;
    Error remoteError(const QString &path, const QString &what) const;
    Error localError(const QString &path, const QString &what, int error) const;
    Error cancelled() const { return Error(SftpTransfer::tr("the transfer was cancelled")); }

    Result<void> listLocal(const QString &path, const QString &destination, const QString &root, bool isRoot);
    Result<void> listRemote(const QString &path, const QString &destination, const QString &root, bool isRoot);
    bool remoteExists(const QString &path);
    QString freeName(const QString &path, bool remote);
    Result<void> makeDirectory(const Item &item);
    Result<void> download(const Item &item, const QString &final);
    Result<void> uploadFile(const Item &item, const QString &final);
    Result<void> renameRemote(const QString &from, const QString &to);
    Result<void> verify(const QString &localPath, const QString &remote);
    Result<QByteArray> remoteSha256(const QString &remote);
    Result<CommandOutput> runRemote(const QString &command, const QString &path, const QString &what);
    void finishDirectories();
    void report(bool force = false);

    std::shared_ptr<SftpTransfer::Shared> m_shared;
    ssh_session m_ssh;
    sftp_session m_sftp = nullptr;
    SftpTransfer::Direction m_direction;
    QString m_source, m_destination;
    TransferOptions m_options;
    QString m_home;
    size_t m_writeChunk = kWriteChunkOther;
    std::vector<Item> m_items;

    TransferProgress m_progress;
    qint64 m_resumedBytes = 0;
    Clock::time_point m_started = Clock::now();
    Clock::time_point m_lastReport {};
};

QString Job::remotePath(const QString &path) const
{
    if (path.isEmpty() || path == QLatin1String("~"))
        return m_home;
    if (path.startsWith(QLatin1String("~/")))
        return m_home + path.mid(1);
    if (path.startsWith(QLatin1Char('/')))
        return path;
    return m_home + QLatin1Char('/') + path;
}

Error Job::remoteError(const QString &path, const QString &what) const
{
    QString reason;
    if (!ssh_is_connected(m_ssh)) {
        reason = SftpTransfer::tr("the connection was lost");
    } else {
        switch (m_sftp ? sftp_get_error(m_sftp) : SSH_FX_CONNECTION_LOST) {
        case SSH_FX_PERMISSION_DENIED:
        case SSH_FX_WRITE_PROTECT:
            reason = SftpTransfer::tr("permission denied");
            break;
        case SSH_FX_NO_SUCH_FILE:
        case SSH_FX_NO_SUCH_PATH:
            reason = SftpTransfer::tr("no such file or directory");
            break;
        case SSH_FX_NO_CONNECTION:
        case SSH_FX_CONNECTION_LOST:
            reason = SftpTransfer::tr("the connection was lost");
            break;
        default: {
            // SFTP v3 (OpenSSH) reports a full disk as a plain failure: ask the file system.
            reason = QString::fromUtf8(ssh_get_error(m_ssh));
            const QByteArray dir = QFileInfo(path).path().toUtf8();
            if (m_sftp && sftp_extension_supported(m_sftp, "statvfs@openssh.com", "2")) {
                if (sftp_statvfs_t vfs = sftp_statvfs(m_sftp, dir.constData())) {
                    if (vfs->f_bavail * vfs->f_frsize < kWriteChunkOpenSsh)
                        reason = SftpTransfer::tr("no space left on the device");
                    sftp_statvfs_free(vfs);
                }
            }
        }
        }
    }
    return Error(SftpTransfer::tr("%1 %2 on the server: %3").arg(what, path, reason));
}

Error Job::localError(const QString &path, const QString &what, int error) const
{
    return Error(SftpTransfer::tr("%1 %2: %3").arg(what, QDir::toNativeSeparators(path), errnoReason(error)));
}

void Job::report(bool force)
{
    const auto now = Clock::now();
    if (!force && now - m_lastReport < 100ms)
        return;
    m_lastReport = now;
    const double seconds = std::chrono::duration<double>(now - m_started).count();
    const qint64 moved = m_progress.bytesDone - m_resumedBytes;
    m_progress.bytesPerSecond = seconds > 0.05 ? double(moved) / seconds : 0;
    m_progress.etaSeconds = m_progress.bytesPerSecond > 0 && m_progress.bytesTotal >= 0
            ? int(double(m_progress.bytesTotal - m_progress.bytesDone) / m_progress.bytesPerSecond + 0.5)
            : -1;
    m_shared->post([progress = m_progress](SftpTransfer *facade) { Q_EMIT facade->progress(progress); });
}

Result<void> Job::run()
{
    m_sftp = sftp_new(m_ssh);
    if (!m_sftp || sftp_init(m_sftp) != SSH_OK)
        return Error(SftpTransfer::tr("cannot start SFTP on the server: %1")
                             .arg(QString::fromUtf8(ssh_get_error(m_ssh))));
    if (char *home = sftp_canonicalize_path(m_sftp, ".")) {
        m_home = QString::fromUtf8(home);
        ssh_string_free_char(home);
    } else {
        return remoteError(QStringLiteral("."), SftpTransfer::tr("cannot resolve"));
    }

    const char *banner = ssh_get_serverbanner(m_ssh);
    if ((banner && std::strstr(banner, "OpenSSH")) || sftp_extension_supported(m_sftp, "limits@openssh.com", "1"))
        m_writeChunk = kWriteChunkOpenSsh;

    m_progress.bytesTotal = -1;
    report(true);
    if (upload()) {
        if (auto listed = listLocal(m_source, remotePath(m_destination), QFileInfo(m_source).canonicalFilePath(), true);
            !listed)
            return listed;
    } else {
        const QString source = remotePath(m_source);
        if (auto listed = listRemote(source, m_destination, source, true); !listed)
            return listed;
    }
    m_progress.bytesTotal = 0;
    for (const Item &item : m_items) {
        m_progress.bytesTotal += item.size;
        m_progress.filesTotal += item.directory ? 0 : 1;
    }
    report(true);

    for (const Item &item : m_items) {
        if (m_shared->cancel)
            return cancelled();
        if (item.directory) {
            if (auto made = makeDirectory(item); !made)
                return made;
            continue;
        }
        m_progress.currentFile = item.source;
        report(true);
        QString final = item.destination;
        const bool exists = upload() ? remoteExists(final) : QFileInfo::exists(final);
        if (exists && m_options.conflict == TransferOptions::Conflict::Skip) {
            skipped << item.source;
            m_progress.bytesDone += item.size;
            ++m_progress.filesDone;
            continue;
        }
        if (exists && m_options.conflict == TransferOptions::Conflict::Rename)
            final = freeName(final, upload());
        auto copied = upload() ? uploadFile(item, final) : download(item, final);
        if (!copied)
            return copied;
        ++m_progress.filesDone;
    }
    finishDirectories();
    m_progress.currentFile.clear();
    report(true);
    return {};
}

Result<void> Job::listLocal(const QString &path, const QString &destination, const QString &root, bool isRoot)
{
    const QFileInfo info(path);
    if (!isRoot && info.isSymLink()) {
        const QString target = info.canonicalFilePath();
        const bool inside = target.startsWith(root + QLatin1Char('/'));
        if (!m_options.followSymlinks && (!inside || info.isDir())) {
            skipped << path;
            return {};
        }
    }
    struct stat st {};
    if (::stat(local8(path).constData(), &st) != 0)
        return localError(path, SftpTransfer::tr("cannot read"), errno);
    Item item;
    item.source = path;
    item.destination = destination;
    item.permissions = st.st_mode & 07777;
    item.mtime = st.st_mtime;
    if (S_ISDIR(st.st_mode)) {
        item.directory = true;
        m_items.push_back(item);
        QDir dir(path);
        if (!dir.isReadable())
            return localError(path, SftpTransfer::tr("cannot list"), EACCES);
        const QStringList names = dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                                                QDir::Name);
        for (const QString &name : names)
            if (auto listed = listLocal(path + QLatin1Char('/') + name, destination + QLatin1Char('/') + name,
                                        root, false);
                !listed)
                return listed;
        return {};
    }
    if (!S_ISREG(st.st_mode)) {
        skipped << path; // fifos, sockets, devices
        return {};
    }
    item.size = st.st_size;
    m_items.push_back(item);
    return {};
}

Result<void> Job::listRemote(const QString &path, const QString &destination, const QString &root, bool isRoot)
{
    const QByteArray encoded = path.toUtf8();
    sftp_attributes attributes = isRoot ? sftp_stat(m_sftp, encoded.constData())
                                        : sftp_lstat(m_sftp, encoded.constData());
    if (!attributes)
        return remoteError(path, SftpTransfer::tr("cannot read"));
    if (attributes->type == SSH_FILEXFER_TYPE_SYMLINK) {
        sftp_attributes_free(attributes);
        attributes = sftp_stat(m_sftp, encoded.constData());
        bool inside = false;
        if (char *target = sftp_canonicalize_path(m_sftp, encoded.constData())) {
            inside = QString::fromUtf8(target).startsWith(root + QLatin1Char('/'));
            ssh_string_free_char(target);
        }
        if (!attributes
            || (!m_options.followSymlinks && (!inside || attributes->type == SSH_FILEXFER_TYPE_DIRECTORY))) {
            if (attributes)
                sftp_attributes_free(attributes);
            skipped << path;
            return {};
        }
    }
    Item item;
    item.source = path;
    item.destination = destination;
    item.permissions = attributes->permissions & 07777;
    item.mtime = attributes->mtime;
    item.size = qint64(attributes->size);
    const uint8_t type = attributes->type;
    sftp_attributes_free(attributes);
    if (type == SSH_FILEXFER_TYPE_DIRECTORY) {
        item.directory = true;
        item.size = 0;
        m_items.push_back(item);
        sftp_dir dir = sftp_opendir(m_sftp, encoded.constData());
        if (!dir)
            return remoteError(path, SftpTransfer::tr("cannot list"));
        QStringList names;
        while (sftp_attributes entry = sftp_readdir(m_sftp, dir)) {
            const QString name = QString::fromUtf8(entry->name);
            sftp_attributes_free(entry);
            if (name != QLatin1String(".") && name != QLatin1String(".."))
                names << name;
        }
        const bool complete = sftp_dir_eof(dir);
        sftp_closedir(dir);
        if (!complete)
            return remoteError(path, SftpTransfer::tr("cannot list"));
        names.sort();
        for (const QString &name : std::as_const(names))
            if (auto listed = listRemote(path + QLatin1Char('/') + name, destination + QLatin1Char('/') + name,
                                         root, false);
                !listed)
                return listed;
        return {};
    }
    if (type != SSH_FILEXFER_TYPE_REGULAR) {
        skipped << path;
        return {};
    }
    m_items.push_back(item);
    return {};
}

bool Job::remoteExists(const QString &path)
{
    sftp_attributes attributes = sftp_lstat(m_sftp, path.toUtf8().constData());
    if (attributes)
        sftp_attributes_free(attributes);
    return attributes != nullptr;
}

QString Job::freeName(const QString &path, bool remote)
{
    const QFileInfo info(path);
    const QString dir = info.path();
    const QString base = info.completeBaseName();
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    for (int i = 1;; ++i) {
        const QString candidate = QStringLiteral("%1/%2 (%3)%4").arg(dir, base).arg(i).arg(suffix);
        if (!(remote ? remoteExists(candidate) : QFileInfo::exists(candidate)))
            return candidate;
    }
}

Result<void> Job::makeDirectory(const Item &item)
{
    if (upload()) {
        const QByteArray path = item.destination.toUtf8();
        if (sftp_mkdir(m_sftp, path.constData(), 0755) != SSH_OK) {
            sftp_attributes attributes = sftp_stat(m_sftp, path.constData());
            const bool isDir = attributes && attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
            if (attributes)
                sftp_attributes_free(attributes);
            if (!isDir)
                return remoteError(item.destination, SftpTransfer::tr("cannot create the folder"));
        }
        return {};
    }
    if (::mkdir(local8(item.destination).constData(), 0777) != 0 && errno != EEXIST) // less the umask
        return localError(item.destination, SftpTransfer::tr("cannot create the folder"), errno);
    if (!QFileInfo(item.destination).isDir())
        return localError(item.destination, SftpTransfer::tr("cannot create the folder"), EEXIST);
    return {};
}

/// Folders get their permissions and times last (writing files into them changes mtime),
/// deepest first.
void Job::finishDirectories()
{
    if (!m_options.preserve)
        return;
    for (auto it = m_items.rbegin(); it != m_items.rend(); ++it) {
        if (!it->directory)
            continue;
        if (upload()) {
            sftp_attributes_struct attributes {};
            attributes.flags = SSH_FILEXFER_ATTR_PERMISSIONS | SSH_FILEXFER_ATTR_ACMODTIME;
            attributes.permissions = it->permissions;
            attributes.atime = uint32_t(it->mtime);
            attributes.mtime = uint32_t(it->mtime);
            sftp_setstat(m_sftp, it->destination.toUtf8().constData(), &attributes);
        } else {
            const QByteArray path = local8(it->destination);
            ::chmod(path.constData(), mode_t(it->permissions));
            const timespec times[2] = {{it->mtime, 0}, {it->mtime, 0}};
            ::utimensat(AT_FDCWD, path.constData(), times, 0);
        }
    }
}

Result<void> Job::download(const Item &item, const QString &final)
{
    const QString part = final + kPartSuffix;
    const QByteArray partPath = local8(part);
    qint64 offset = 0;
    int fd = -1;
    if (m_options.resume) {
        struct stat st {};
        if (::stat(partPath.constData(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= item.size) {
            offset = st.st_size;
            fd = ::open(partPath.constData(), O_WRONLY | O_APPEND | O_CLOEXEC);
        }
    }
    if (fd < 0) {
        offset = 0;
        fd = ::open(partPath.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    }
    if (fd < 0)
        return localError(final, SftpTransfer::tr("cannot write"), errno);
    m_progress.bytesDone += offset;
    m_resumedBytes += offset;

    auto fail = [&](Error error) -> Result<void> {
        ::close(fd);
        return error; // the part stays for a resume
    };
    sftp_file file = sftp_open(m_sftp, item.source.toUtf8().constData(), O_RDONLY, 0);
    if (!file)
        return fail(remoteError(item.source, SftpTransfer::tr("cannot read")));
    if (offset > 0)
        sftp_seek64(file, uint64_t(offset));

    // Pipelined reads: keep kReadsInFlight requests outstanding, consume them in order.
    std::deque<std::pair<int, uint32_t>> inFlight; // request id, length
    qint64 requested = offset;
    qint64 received = offset;
    std::vector<char> buffer(kReadChunk);
    std::optional<Error> error;
    bool eof = false;
    while (!error) {
        while (!eof && int(inFlight.size()) < kReadsInFlight && requested < item.size) {
            const uint32_t length = uint32_t(std::min<qint64>(kReadChunk, item.size - requested));
            const int id = sftp_async_read_begin(file, length);
            if (id < 0) {
                error = remoteError(item.source, SftpTransfer::tr("cannot read"));
                break;
            }
            inFlight.emplace_back(id, length);
            requested += length;
        }
        if (error || inFlight.empty())
            break;
        if (m_shared->cancel) {
            error = cancelled();
            break;
        }
        const auto [id, length] = inFlight.front();
        inFlight.pop_front();
        const int n = sftp_async_read(file, buffer.data(), length, uint32_t(id));
        if (n < 0) {
            error = remoteError(item.source, SftpTransfer::tr("cannot read"));
            break;
        }
        if (n == 0) {
            eof = true; // the file shrank while we read it
            continue;
        }
        for (qint64 written = 0; written < n;) {
            const ssize_t w = ::write(fd, buffer.data() + written, size_t(n - written));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                error = localError(final, SftpTransfer::tr("cannot write"), errno);
                break;
            }
            written += w;
        }
        received += n;
        m_progress.bytesDone += n;
        report();
        if (uint32_t(n) < length && !error) {
            // A short read: answers already asked for start at the wrong offset. Take them,
            // drop them, and ask again from where the data really ends.
            for (const auto &[otherId, otherLength] : inFlight) {
                if (sftp_async_read(file, buffer.data(), otherLength, uint32_t(otherId)) < 0) {
                    error = remoteError(item.source, SftpTransfer::tr("cannot read"));
                    break;
                }
            }
            inFlight.clear();
            sftp_seek64(file, uint64_t(received));
            requested = received;
        }
    }
    sftp_close(file);
    if (error)
        return fail(*error);
    if (received < item.size)
        return fail(Error(SftpTransfer::tr("%1 on the server got shorter while it was copied").arg(item.source)));
    if (::fdatasync(fd) != 0)
        return fail(localError(final, SftpTransfer::tr("cannot write"), errno));
    if (m_options.preserve) {
        ::fchmod(fd, mode_t(item.permissions));
        const timespec times[2] = {{item.mtime, 0}, {item.mtime, 0}};
        ::futimens(fd, times);
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
    }
    ::close(fd);
    if (m_options.verify)
        if (auto verified = verify(part, item.source); !verified)
            return verified;
    if (::rename(partPath.constData(), local8(final).constData()) != 0)
        return localError(final, SftpTransfer::tr("cannot write"), errno);
    return {};
}

Result<void> Job::uploadFile(const Item &item, const QString &final)
{
    const QString part = final + kPartSuffix;
    const QByteArray partPath = part.toUtf8();
    const int fd = ::open(local8(item.source).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return localError(item.source, SftpTransfer::tr("cannot read"), errno);
    qint64 offset = 0;
    sftp_file file = nullptr;
    if (m_options.resume) {
        if (sftp_attributes attributes = sftp_stat(m_sftp, partPath.constData())) {
            if (attributes->type == SSH_FILEXFER_TYPE_REGULAR && qint64(attributes->size) <= item.size) {
                offset = qint64(attributes->size);
                file = sftp_open(m_sftp, partPath.constData(), O_WRONLY, 0);
            }
            sftp_attributes_free(attributes);
        }
    }
    if (!file) {
        offset = 0;
        file = sftp_open(m_sftp, partPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    }
    if (!file) {
        ::close(fd);
        return remoteError(final, SftpTransfer::tr("cannot write"));
    }
    m_progress.bytesDone += offset;
    m_resumedBytes += offset;
    if (offset > 0) {
        sftp_seek64(file, uint64_t(offset));
        ::lseek(fd, offset, SEEK_SET);
    }

    // libssh 0.10 has no asynchronous writes: each write waits for the server's answer.
    std::vector<char> buffer(m_writeChunk);
    std::optional<Error> error;
    qint64 sent = offset;
    while (!error) {
        if (m_shared->cancel) {
            error = cancelled();
            break;
        }
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            error = localError(item.source, SftpTransfer::tr("cannot read"), errno);
            break;
        }
        if (n == 0)
            break;
        if (sftp_write(file, buffer.data(), size_t(n)) != n) {
            error = remoteError(final, SftpTransfer::tr("cannot write"));
            break;
        }
        sent += n;
        m_progress.bytesDone += n;
        report();
    }
    ::close(fd);
    if (error) {
        if (ssh_is_connected(m_ssh))
            sftp_close(file);
        return *error;
    }
    if (sftp_close(file) != SSH_OK)
        return remoteError(final, SftpTransfer::tr("cannot write"));
    if (sent != item.size)
        return Error(SftpTransfer::tr("%1 changed size while it was copied")
                             .arg(QDir::toNativeSeparators(item.source)));
    {
        // The part was made 0600 (nobody reads a half-written file); the final file gets the
        // original's bits, or without preserve the usual 0644 and the server's time.
        sftp_attributes_struct attributes {};
        attributes.flags = SSH_FILEXFER_ATTR_PERMISSIONS;
        attributes.permissions = m_options.preserve ? item.permissions : 0644;
        if (m_options.preserve) {
            attributes.flags |= SSH_FILEXFER_ATTR_ACMODTIME;
            attributes.atime = uint32_t(item.mtime);
            attributes.mtime = uint32_t(item.mtime);
        }
        if (sftp_setstat(m_sftp, partPath.constData(), &attributes) != SSH_OK)
            return remoteError(final, SftpTransfer::tr("cannot set the permissions and time of"));
    }
    if (m_options.verify)
        if (auto verified = verify(item.source, part); !verified)
            return verified;
    return renameRemote(part, final);
}

Result<void> Job::renameRemote(const QString &from, const QString &to)
{
    const QByteArray source = from.toUtf8();
    const QByteArray target = to.toUtf8();
    if (sftp_rename(m_sftp, source.constData(), target.constData()) == SSH_OK)
        return {};
    // SFTP v3's rename refuses an existing target, and libssh 0.10 cannot send
    // posix-rename@openssh.com: replace atomically with the server's mv (rename(2)), and
    // only where there is no shell, remove the old file first (a moment without the final
    // name, never a half-written one).
    if (!ssh_is_connected(m_ssh) || !remoteExists(to))
        return remoteError(to, SftpTransfer::tr("cannot write"));
    if (sftp_attributes attributes = sftp_stat(m_sftp, target.constData())) {
        const bool directory = attributes->type == SSH_FILEXFER_TYPE_DIRECTORY;
        sftp_attributes_free(attributes);
        if (directory)
            return Error(SftpTransfer::tr("cannot write %1 on the server: a folder has that name").arg(to));
    }
    const QString move =
            QStringLiteral("mv -f -- %1 %2").arg(SshSession::shellQuote(from), SshSession::shellQuote(to));
    if (auto moved = runRemote(move, to, SftpTransfer::tr("cannot replace"));
        moved && moved->exitStatus == 0)
        return {};
    if (sftp_unlink(m_sftp, target.constData()) != SSH_OK
        || sftp_rename(m_sftp, source.constData(), target.constData()) != SSH_OK)
        return remoteError(to, SftpTransfer::tr("cannot replace"));
    return {};
}

Result<CommandOutput> Job::runRemote(const QString &command, const QString &path, const QString &what)
{
    ssh_channel channel = ssh_channel_new(m_ssh);
    if (!channel)
        return remoteError(path, what);
    const QByteArray encoded = command.toUtf8();
    if (ssh_channel_open_session(channel) != SSH_OK
        || ssh_channel_request_exec(channel, encoded.constData()) != SSH_OK) {
        ssh_channel_free(channel);
        return remoteError(path, what);
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
        return remoteError(path, what);
    return output;
}

Result<QByteArray> Job::remoteSha256(const QString &remote)
{
    auto output = runRemote(QStringLiteral("sha256sum -b -- ") + SshSession::shellQuote(remote), remote,
                            SftpTransfer::tr("cannot checksum"));
    if (!output)
        return output.error();
    if (output->exitStatus != 0 || output->out.size() < 64)
        return Error(SftpTransfer::tr("cannot checksum %1 on the server: %2")
                             .arg(remote, QString::fromUtf8(output->err.trimmed()).left(200)));
    return output->out.left(64);
}

Result<void> Job::verify(const QString &localPath, const QString &remote)
{
    QFile file(localPath);
    if (!file.open(QIODevice::ReadOnly))
        return localError(localPath, SftpTransfer::tr("cannot read"), errno);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return localError(localPath, SftpTransfer::tr("cannot read"), EIO);
    auto theirs = remoteSha256(remote);
    if (!theirs)
        return theirs.error();
    if (hash.result().toHex() != *theirs)
        return Error(SftpTransfer::tr("%1: the copy's sha256 differs from the original's").arg(remote));
    return {};
}

} // namespace

SftpTransfer::SftpTransfer(SshSession *session, QObject *parent)
    : QObject(parent), m_session(session), m_shared(std::make_shared<Shared>())
{
    static const int registered = [] {
        qRegisterMetaType<TransferProgress>();
        return 0;
    }();
    Q_UNUSED(registered);
    m_shared->facade = this;
}

SftpTransfer::~SftpTransfer()
{
    m_shared->cancel = true;
    std::lock_guard lock(m_shared->mutex);
    m_shared->facade = nullptr;
}

bool SftpTransfer::start(Direction direction, const QString &source, const QString &destination,
                         const TransferOptions &options)
{
    if (m_running || !m_session)
        return false;
    m_running = true;
    m_skipped.clear();
    m_shared->cancel = false;
    m_session->runOnSession([shared = m_shared, direction, source, destination, options](void *session) {
        Result<void> result;
        QStringList skipped;
        if (!session) {
            result = Error(SftpTransfer::tr("not connected to the server"));
        } else if (shared->cancel) {
            result = Error(SftpTransfer::tr("the transfer was cancelled"));
        } else {
            Job job(shared, static_cast<ssh_session>(session), direction, source, destination, options);
            result = job.run();
            skipped = job.skipped;
        }
        shared->post([result, skipped](SftpTransfer *facade) {
            facade->m_running = false;
            facade->m_skipped = skipped;
            Q_EMIT facade->finished(result);
        });
    });
    return true;
}

void SftpTransfer::cancel()
{
    m_shared->cancel = true;
}

} // namespace cumulus::remote
