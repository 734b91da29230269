// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "hostkeys.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <libssh/libssh.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cumulus::remote::hostkeys {

namespace {

class HostKeys
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::remote::HostKeys)
};

struct Entry
{
    ssh_knownhosts_entry *entry = nullptr;
    ~Entry() { ssh_knownhosts_entry_free(entry); }
};

} // namespace

Check check(ssh_key_struct *key, const QString &name, const QStringList &files)
{
    const QByteArray host = name.toUtf8();
    Check changed;
    bool sawName = false;
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue; // a missing file knows no host
        int number = 0;
        while (!file.atEnd()) {
            ++number;
            QByteArray line = file.readLine().trimmed();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            bool revoked = false;
            if (line.startsWith('@')) {
                // "@revoked host key" refuses the key; "@cert-authority" lines sign host
                // certificates, which Cumulus does not use: neither vouches for a key.
                const qsizetype space = line.indexOf(' ');
                if (space < 0)
                    continue;
                revoked = line.left(space) == "@revoked";
                if (!revoked)
                    continue;
                line = line.mid(space + 1).trimmed();
            }
            Entry parsed;
            if (ssh_known_hosts_parse_line(host.constData(), line.constData(), &parsed.entry) != SSH_OK
                || !parsed.entry || !parsed.entry->publickey)
                continue; // another host's line, or a line libssh cannot read
            const bool same = ssh_key_cmp(parsed.entry->publickey, key, SSH_KEY_CMP_PUBLIC) == 0;
            if (revoked) {
                if (same)
                    return {Verdict::Revoked, path, number};
                continue;
            }
            if (same)
                return {Verdict::Known, path, number};
            if (!sawName) {
                sawName = true;
                changed = {Verdict::Changed, path, number};
            }
        }
    }
    return sawName ? changed : Check{};
}

Result<void> remember(ssh_key_struct *key, const QString &name, const QString &file)
{
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK || !base64)
        return Error(HostKeys::tr("cannot encode the host key"), file);
    const QByteArray line = name.toUtf8() + ' ' + keyType(key).toUtf8() + ' ' + QByteArray(base64) + '\n';
    ssh_string_free_char(base64);

    const QString dir = QFileInfo(file).absolutePath();
    if (!QFileInfo::exists(dir)) {
        if (!QDir().mkpath(dir))
            return Error(HostKeys::tr("cannot create the directory"), dir);
        ::chmod(QFile::encodeName(dir).constData(), 0700);
    }
    const int fd = ::open(QFile::encodeName(file).constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error(HostKeys::tr("cannot open for writing: %1").arg(QString::fromLocal8Bit(::strerror(errno))), file);
    // Start on a line of our own when the file does not end with a newline.
    QByteArray text = line;
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        char last = '\n';
        if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
            text.prepend('\n');
    }
    const bool ok = ::write(fd, text.constData(), size_t(text.size())) == text.size();
    const int savedErrno = errno;
    ::close(fd);
    if (!ok)
        return Error(HostKeys::tr("cannot write: %1").arg(QString::fromLocal8Bit(::strerror(savedErrno))), file);
    return {};
}

QString fingerprint(ssh_key_struct *key)
{
    unsigned char *hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
        return QString();
    char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    const QString result = QString::fromLatin1(text);
    ssh_string_free_char(text);
    return result;
}

QString keyType(ssh_key_struct *key)
{
    return QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key)));
}

} // namespace cumulus::remote::hostkeys
