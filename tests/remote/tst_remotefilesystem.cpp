// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// RemoteFileSystem against a real OpenSSH sshd on 127.0.0.1 (tests/remote/sshdfixture.h, whose
// "server" is this machine, so the test looks at the files directly). Paths are absolute,
// under the fixture's server-home: internal-sftp starts in the account's real home, not the
// fixture's SetEnv HOME, and nothing may land in the real ~. Listing (folders first, unicode
// names, symlinks to folders, files and nowhere), stat, reads (empty, 3 MB, too large, a
// folder), atomic writes (permissions kept, through a symlink, a failing write leaves the old
// file), folders, remove, rename, the errors' wording, a connection killed in the middle of
// a write, a session that cannot connect, and no callback after the object is gone.

#include "remotefilesystem.h"
#include "filetestsupport.h"
#include "sshdfixture.h"
#include "sshsession.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>

#include <atomic>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cumulus;
using namespace cumulus::remote;

namespace {

constexpr int kWaitMs = 60000;

/// Calls @p call with a callback and waits for its answer.
template<typename T, typename Call>
Result<T> await(Call call)
{
    std::optional<Result<T>> result;
    call([&result](const Result<T> &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, kWaitMs))
        return Error(QStringLiteral("no answer within %1 ms").arg(kWaitMs));
    return *result;
}

template<typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().toString().toUtf8();
}

QByteArray readLocal(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<cannot read>");
}

void writeLocal(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(data), data.size());
}

quint32 mode(const QString &path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0xffffffff;
    return st.st_mode & 07777;
}

} // namespace

class TestRemoteFileSystem : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void homeAndRelativePaths();
    void listFoldersFirstWithUnicodeAndSymlinks();
    void statEntries();
    void readFiles();
    void writeAtomicallyKeepsPermissions();
    void failingWriteLeavesTheOldFile();
    void foldersRemoveRename();
    void permissionDeniedAndNoSuchFile();
    void unopenedAndUnreachableSessions();
    void killedConnectionThenReconnect();
    void noCallbackAfterDestruction();

private:
    QString path(const QString &name) const { return m_root + QLatin1Char('/') + name; }
    RemoteFileSystem &fs() { return *m_files; }

    test::Sshd m_sshd;
    QByteArray m_savedHome;
    QString m_root;
    std::unique_ptr<SshSession> m_session;
    std::unique_ptr<RemoteFileSystem> m_files;
};

void TestRemoteFileSystem::initTestCase()
{
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    m_savedHome = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qunsetenv("SSH_AUTH_SOCK");
    m_root = m_sshd.remoteHome + QStringLiteral("/fs");
    QVERIFY(QDir().mkpath(m_root));
    m_session = std::make_unique<SshSession>(m_sshd.server());
    m_session->setInteractive(false);
    m_session->open();
    QVERIFY2(QTest::qWaitFor([&] { return m_session->state() == SshSession::State::Connected; }, kWaitMs),
             qPrintable(m_session->lastError().toString()));
    m_files = std::make_unique<RemoteFileSystem>(m_session.get());
    QCOMPARE(m_files->session(), m_session.get());
}

void TestRemoteFileSystem::cleanupTestCase()
{
    m_files.reset();
    m_session.reset();
    qputenv("HOME", m_savedHome);
    m_sshd.stop();
}

void TestRemoteFileSystem::homeAndRelativePaths()
{
    // internal-sftp starts in the account's home as the password database has it.
    const passwd *account = ::getpwuid(::geteuid());
    QVERIFY(account);
    const QString home = QDir(QFile::decodeName(account->pw_dir)).canonicalPath();
    auto resolved = await<QString>([&](auto done) { fs().homePath(done); });
    QVERIFY2(resolved, why(resolved));
    QCOMPARE(*resolved, home);

    for (const QString &name : {QStringLiteral("~"), QString(), QStringLiteral(".")}) {
        auto info = await<RemoteFileInfo>([&](auto done) { fs().stat(name, done); });
        QVERIFY2(info, why(info));
        QVERIFY(info->isFolder());
    }
    auto tilde = await<RemoteFileInfo>([&](auto done) { fs().stat(QStringLiteral("~"), done); });
    QVERIFY2(tilde, why(tilde));
    QCOMPARE(tilde->path, home);
}

void TestRemoteFileSystem::listFoldersFirstWithUnicodeAndSymlinks()
{
    const QString dir = path(QStringLiteral("listing"));
    QVERIFY(QDir().mkpath(dir + QStringLiteral("/zeta")));
    QVERIFY(QDir().mkpath(dir + QStringLiteral("/Alpha")));
    QVERIFY(QDir().mkpath(dir + QStringLiteral("/données été")));
    writeLocal(dir + QStringLiteral("/b.txt"), "bee");
    writeLocal(dir + QStringLiteral("/a file with spaces"), "");
    writeLocal(dir + QStringLiteral("/Ä-ünïcödé 数据.ipynb"), "{}");
    writeLocal(dir + QStringLiteral("/.hidden"), "h");
    ::chmod(QFile::encodeName(dir + QStringLiteral("/b.txt")).constData(), 0640);
    QVERIFY(QFile::link(dir + QStringLiteral("/zeta"), dir + QStringLiteral("/link-to-folder")));
    QVERIFY(QFile::link(QStringLiteral("b.txt"), dir + QStringLiteral("/link-to-file")));
    QVERIFY(QFile::link(QStringLiteral("nowhere"), dir + QStringLiteral("/dangling")));

    auto listed = await<QList<RemoteFileInfo>>([&](auto done) { fs().list(dir, done); });
    QVERIFY2(listed, why(listed));
    QStringList names;
    for (const RemoteFileInfo &info : *listed)
        names << info.name;
    const QStringList expected = {
            // Folders (and links to folders) first, then the rest, by name ignoring case.
            QStringLiteral("Alpha"), QStringLiteral("données été"), QStringLiteral("link-to-folder"),
            QStringLiteral("zeta"), QStringLiteral(".hidden"), QStringLiteral("a file with spaces"),
            QStringLiteral("b.txt"), QStringLiteral("dangling"), QStringLiteral("link-to-file"),
            QStringLiteral("Ä-ünïcödé 数据.ipynb")};
    QCOMPARE(names, expected);

    const auto find = [&](const QString &name) {
        for (const RemoteFileInfo &info : *listed)
            if (info.name == name)
                return info;
        return RemoteFileInfo();
    };
    const RemoteFileInfo folderLink = find(QStringLiteral("link-to-folder"));
    QCOMPARE(folderLink.type, RemoteFileInfo::Type::Symlink);
    QVERIFY(folderLink.targetIsFolder);
    QVERIFY(folderLink.isFolder());
    const RemoteFileInfo fileLink = find(QStringLiteral("link-to-file"));
    QCOMPARE(fileLink.type, RemoteFileInfo::Type::Symlink);
    QVERIFY(!fileLink.isFolder());
    const RemoteFileInfo dangling = find(QStringLiteral("dangling"));
    QCOMPARE(dangling.type, RemoteFileInfo::Type::Symlink);
    QVERIFY(!dangling.isFolder());
    const RemoteFileInfo file = find(QStringLiteral("b.txt"));
    QCOMPARE(file.type, RemoteFileInfo::Type::File);
    QCOMPARE(file.size, qint64(3));
    QCOMPARE(file.permissions, quint32(0640));
    QCOMPARE(file.path, dir + QStringLiteral("/b.txt"));
    QCOMPARE(file.modified.toSecsSinceEpoch(),
             QFileInfo(dir + QStringLiteral("/b.txt")).lastModified().toSecsSinceEpoch());
    const RemoteFileInfo unicode = find(QStringLiteral("Ä-ünïcödé 数据.ipynb"));
    QCOMPARE(unicode.type, RemoteFileInfo::Type::File);
    QCOMPARE(unicode.path, dir + QStringLiteral("/Ä-ünïcödé 数据.ipynb"));
    QCOMPARE(find(QStringLiteral("données été")).type, RemoteFileInfo::Type::Folder);

    // An empty folder lists as empty; a path given with "~/" resolves at the home.
    auto empty = await<QList<RemoteFileInfo>>([&](auto done) { fs().list(dir + QStringLiteral("/zeta"), done); });
    QVERIFY2(empty, why(empty));
    QVERIFY(empty->isEmpty());
}

void TestRemoteFileSystem::statEntries()
{
    const QString dir = path(QStringLiteral("stat"));
    QVERIFY(QDir().mkpath(dir + QStringLiteral("/folder")));
    writeLocal(dir + QStringLiteral("/file.bin"), QByteArray(1234, 'x'));
    ::chmod(QFile::encodeName(dir + QStringLiteral("/file.bin")).constData(), 0600);
    QVERIFY(QFile::link(dir + QStringLiteral("/folder"), dir + QStringLiteral("/link")));

    auto file = await<RemoteFileInfo>([&](auto done) { fs().stat(dir + QStringLiteral("/file.bin"), done); });
    QVERIFY2(file, why(file));
    QCOMPARE(file->name, QStringLiteral("file.bin"));
    QCOMPARE(file->path, dir + QStringLiteral("/file.bin"));
    QCOMPARE(file->type, RemoteFileInfo::Type::File);
    QCOMPARE(file->size, qint64(1234));
    QCOMPARE(file->permissions, quint32(0600));
    QCOMPARE(file->modified.toSecsSinceEpoch(),
             QFileInfo(dir + QStringLiteral("/file.bin")).lastModified().toSecsSinceEpoch());

    auto folder = await<RemoteFileInfo>([&](auto done) { fs().stat(dir + QStringLiteral("/folder"), done); });
    QVERIFY2(folder, why(folder));
    QCOMPARE(folder->type, RemoteFileInfo::Type::Folder);

    auto link = await<RemoteFileInfo>([&](auto done) { fs().stat(dir + QStringLiteral("/link"), done); });
    QVERIFY2(link, why(link));
    QCOMPARE(link->type, RemoteFileInfo::Type::Symlink);
    QVERIFY(link->targetIsFolder);
}

void TestRemoteFileSystem::readFiles()
{
    const QString dir = path(QStringLiteral("read"));
    QVERIFY(QDir().mkpath(dir));
    const QByteArray big = ::test::randomBytes(3'000'000 + 17); // many pipelined reads, a short last one
    writeLocal(dir + QStringLiteral("/big.bin"), big);
    writeLocal(dir + QStringLiteral("/empty"), QByteArray());
    writeLocal(dir + QStringLiteral("/数据.ipynb"), "{\"cells\": []}\n");

    const QString bigPath = dir + QStringLiteral("/big.bin");
    auto read = await<QByteArray>([&](auto done) { fs().readFile(bigPath, 10'000'000, done); });
    QVERIFY2(read, why(read));
    QCOMPARE(read->size(), big.size());
    QVERIFY(*read == big);

    auto empty = await<QByteArray>([&](auto done) { fs().readFile(dir + QStringLiteral("/empty"), 100, done); });
    QVERIFY2(empty, why(empty));
    QVERIFY(empty->isEmpty());

    const QString unicodePath = dir + QStringLiteral("/数据.ipynb");
    auto unicode = await<QByteArray>([&](auto done) { fs().readFile(unicodePath, 100, done); });
    QVERIFY2(unicode, why(unicode));
    QCOMPARE(*unicode, QByteArray("{\"cells\": []}\n"));

    // Exactly at the limit reads; one byte over is refused without reading.
    auto atLimit = await<QByteArray>([&](auto done) { fs().readFile(bigPath, big.size(), done); });
    QVERIFY2(atLimit, why(atLimit));
    auto tooLarge = await<QByteArray>([&](auto done) { fs().readFile(bigPath, 1'000'000, done); });
    QVERIFY(!tooLarge);
    QVERIFY2(tooLarge.error().message.contains(dir + QStringLiteral("/big.bin")), why(tooLarge));
    QVERIFY2(tooLarge.error().message.contains(QStringLiteral("more than")), why(tooLarge));

    auto folder = await<QByteArray>([&](auto done) { fs().readFile(dir, 100, done); });
    QVERIFY(!folder);
    QVERIFY2(folder.error().message.contains(QStringLiteral("folder")), why(folder));

    auto missing = await<QByteArray>([&](auto done) { fs().readFile(dir + QStringLiteral("/missing"), 100, done); });
    QVERIFY(!missing);
    QVERIFY2(missing.error().message.contains(dir + QStringLiteral("/missing")), why(missing));
    QVERIFY2(missing.error().message.contains(QStringLiteral("no such file")), why(missing));
}

void TestRemoteFileSystem::writeAtomicallyKeepsPermissions()
{
    const QString dir = path(QStringLiteral("write"));
    QVERIFY(QDir().mkpath(dir));
    const QString existing = dir + QStringLiteral("/notebook ü.ipynb");
    writeLocal(existing, "old content");
    ::chmod(QFile::encodeName(existing).constData(), 0640);

    const QByteArray content = ::test::randomBytes(1'000'000); // several write chunks
    auto written = await<void>([&](auto done) { fs().writeFileAtomically(existing, content, done); });
    QVERIFY2(written, why(written));
    QVERIFY(readLocal(existing) == content);
    QCOMPARE(mode(existing), quint32(0640));
    QVERIFY(!QFileInfo::exists(existing + QStringLiteral(".cumulus-save")));

    // Replacing it again with less: the file is the new bytes exactly.
    auto shorter = await<void>([&](auto done) { fs().writeFileAtomically(existing, "short", done); });
    QVERIFY2(shorter, why(shorter));
    QCOMPARE(readLocal(existing), QByteArray("short"));
    QCOMPARE(mode(existing), quint32(0640));

    // A new file gets 0644, whatever the server's umask made of the temporary one.
    const QString fresh = dir + QStringLiteral("/new.ipynb");
    auto created = await<void>([&](auto done) { fs().writeFileAtomically(fresh, "{}", done); });
    QVERIFY2(created, why(created));
    QCOMPARE(readLocal(fresh), QByteArray("{}"));
    QCOMPARE(mode(fresh), quint32(0644));

    // An empty file.
    auto emptied = await<void>([&](auto done) { fs().writeFileAtomically(fresh, QByteArray(), done); });
    QVERIFY2(emptied, why(emptied));
    QCOMPARE(QFileInfo(fresh).size(), qint64(0));

    // Through a symlink: the file it leads to changes, the link stays a link.
    const QString link = dir + QStringLiteral("/link.ipynb");
    QVERIFY(QFile::link(QStringLiteral("notebook ü.ipynb"), link));
    auto throughLink = await<void>([&](auto done) { fs().writeFileAtomically(link, "via link", done); });
    QVERIFY2(throughLink, why(throughLink));
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readLocal(existing), QByteArray("via link"));
    QCOMPARE(mode(existing), quint32(0640));

    // A relative path starts at the login's home: write nothing there, just refuse a folder.
    auto folder = await<void>([&](auto done) { fs().writeFileAtomically(dir, "x", done); });
    QVERIFY(!folder);
    QVERIFY2(folder.error().message.contains(QStringLiteral("folder")), why(folder));
}

void TestRemoteFileSystem::failingWriteLeavesTheOldFile()
{
    // root passes permission bits, so a folder where the temporary file should go makes the
    // write fail after the old file was looked at.
    const QString dir = path(QStringLiteral("failing"));
    QVERIFY(QDir().mkpath(dir));
    const QString target = dir + QStringLiteral("/kept.ipynb");
    writeLocal(target, "the old notebook");
    ::chmod(QFile::encodeName(target).constData(), 0600);
    QVERIFY(QDir().mkpath(target + QStringLiteral(".cumulus-save/blocker")));

    auto written = await<void>([&](auto done) { fs().writeFileAtomically(target, "the new notebook", done); });
    QVERIFY(!written);
    QVERIFY2(written.error().message.contains(target), why(written));
    QCOMPARE(readLocal(target), QByteArray("the old notebook"));
    QCOMPARE(mode(target), quint32(0600));
    QVERIFY(QFileInfo(target + QStringLiteral(".cumulus-save/blocker")).isDir());

    // /sys refuses new files to everyone, root included.
    auto denied = await<void>(
            [&](auto done) { fs().writeFileAtomically(QStringLiteral("/sys/cumulus-test.ipynb"), "x", done); });
    QVERIFY(!denied);
    QVERIFY2(denied.error().message.contains(QStringLiteral("/sys/cumulus-test.ipynb")), why(denied));
    QVERIFY2(denied.error().message.contains(QStringLiteral("permission denied")), why(denied));

    // The temporary file of a failed write is cleaned up: a folder that does not exist.
    auto missing = await<void>(
            [&](auto done) { fs().writeFileAtomically(dir + QStringLiteral("/no/such.ipynb"), "x", done); });
    QVERIFY(!missing);
    QVERIFY2(missing.error().message.contains(QStringLiteral("no such file")), why(missing));
}

void TestRemoteFileSystem::foldersRemoveRename()
{
    const QString dir = path(QStringLiteral("edit"));
    QVERIFY(QDir().mkpath(dir));
    const QString folder = dir + QStringLiteral("/new folder ü");
    auto made = await<void>([&](auto done) { fs().makeFolder(folder, done); });
    QVERIFY2(made, why(made));
    QVERIFY(QFileInfo(folder).isDir());
    auto again = await<void>([&](auto done) { fs().makeFolder(folder, done); });
    QVERIFY(!again);
    QVERIFY2(again.error().message.contains(folder), why(again));

    writeLocal(dir + QStringLiteral("/a.txt"), "a");
    writeLocal(dir + QStringLiteral("/b.txt"), "b");
    auto renamed = await<void>([&](auto done) {
        fs().rename(dir + QStringLiteral("/a.txt"), folder + QStringLiteral("/ä.txt"), done);
    });
    QVERIFY2(renamed, why(renamed));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/a.txt")));
    QCOMPARE(readLocal(folder + QStringLiteral("/ä.txt")), QByteArray("a"));

    // Renaming onto an existing name is refused; both stay.
    auto clash = await<void>([&](auto done) {
        fs().rename(dir + QStringLiteral("/b.txt"), folder + QStringLiteral("/ä.txt"), done);
    });
    QVERIFY(!clash);
    QVERIFY2(clash.error().message.contains(QStringLiteral("already exists")), why(clash));
    QCOMPARE(readLocal(dir + QStringLiteral("/b.txt")), QByteArray("b"));
    QCOMPARE(readLocal(folder + QStringLiteral("/ä.txt")), QByteArray("a"));

    auto missing = await<void>([&](auto done) {
        fs().rename(dir + QStringLiteral("/missing.txt"), dir + QStringLiteral("/other.txt"), done);
    });
    QVERIFY(!missing);
    QVERIFY2(missing.error().message.contains(dir + QStringLiteral("/missing.txt")), why(missing));
    QVERIFY2(missing.error().message.contains(QStringLiteral("no such file")), why(missing));

    // A folder that is not empty stays; a file, a symlink and an empty folder go.
    auto notEmpty = await<void>([&](auto done) { fs().remove(folder, done); });
    QVERIFY(!notEmpty);
    QVERIFY2(notEmpty.error().message.contains(QStringLiteral("not empty")), why(notEmpty));
    QVERIFY(QFileInfo(folder).isDir());
    QVERIFY(QFile::link(folder, dir + QStringLiteral("/link")));
    auto link = await<void>([&](auto done) { fs().remove(dir + QStringLiteral("/link"), done); });
    QVERIFY2(link, why(link));
    QVERIFY(!QFileInfo(dir + QStringLiteral("/link")).isSymLink());
    QVERIFY(QFileInfo(folder).isDir()); // not what the link led to
    auto file = await<void>([&](auto done) { fs().remove(folder + QStringLiteral("/ä.txt"), done); });
    QVERIFY2(file, why(file));
    auto emptyFolder = await<void>([&](auto done) { fs().remove(folder, done); });
    QVERIFY2(emptyFolder, why(emptyFolder));
    QVERIFY(!QFileInfo::exists(folder));
    auto gone = await<void>([&](auto done) { fs().remove(folder, done); });
    QVERIFY(!gone);
    QVERIFY2(gone.error().message.contains(QStringLiteral("no such file")), why(gone));
}

void TestRemoteFileSystem::permissionDeniedAndNoSuchFile()
{
    auto folder = await<void>([&](auto done) { fs().makeFolder(QStringLiteral("/sys/cumulus-test"), done); });
    QVERIFY(!folder);
    QVERIFY2(folder.error().message.contains(QStringLiteral("/sys/cumulus-test")), why(folder));
    QVERIFY2(folder.error().message.contains(QStringLiteral("permission denied")), why(folder));

    auto listed =
            await<QList<RemoteFileInfo>>([&](auto done) { fs().list(path(QStringLiteral("no such folder")), done); });
    QVERIFY(!listed);
    QVERIFY2(listed.error().message.contains(path(QStringLiteral("no such folder"))), why(listed));
    QVERIFY2(listed.error().message.contains(QStringLiteral("no such file")), why(listed));

    auto info = await<RemoteFileInfo>([&](auto done) { fs().stat(path(QStringLiteral("nothing.ipynb")), done); });
    QVERIFY(!info);
    QVERIFY2(info.error().message.contains(QStringLiteral("no such file")), why(info));

    if (::geteuid() != 0) {
        const QString secret = path(QStringLiteral("secret"));
        writeLocal(secret, "x");
        ::chmod(QFile::encodeName(secret).constData(), 0);
        auto read = await<QByteArray>([&](auto done) { fs().readFile(secret, 100, done); });
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(QStringLiteral("permission denied")), why(read));
    }
}

void TestRemoteFileSystem::unopenedAndUnreachableSessions()
{
    // A session nobody opened is opened by the first call.
    {
        SshSession session(m_sshd.server());
        session.setInteractive(false);
        RemoteFileSystem files(&session);
        auto listed = await<QList<RemoteFileInfo>>([&](auto done) { files.list(m_root, done); });
        QVERIFY2(listed, why(listed));
        QCOMPARE(session.state(), SshSession::State::Connected);
    }
    // One that cannot connect answers with the session's error, naming the path.
    {
        ServerConfig server = m_sshd.server();
        server.name = QStringLiteral("nowhere");
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0); // a port nothing listens on
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
        server.port = ntohs(address.sin_port);
        auto closeSocket = qScopeGuard([fd] { ::close(fd); });
        SshSession session(server);
        session.setInteractive(false);
        RemoteFileSystem files(&session);
        auto listed = await<QList<RemoteFileInfo>>([&](auto done) { files.list(QStringLiteral("/tmp"), done); });
        QVERIFY(!listed);
        QVERIFY2(listed.error().message.contains(QStringLiteral("/tmp")), why(listed));
        QVERIFY2(listed.error().message.contains(QStringLiteral("nowhere")), why(listed));
        QCOMPARE(session.state(), SshSession::State::Failed);
    }
}

void TestRemoteFileSystem::killedConnectionThenReconnect()
{
    QVERIFY(QTest::qWaitFor([&] { return m_session->state() == SshSession::State::Connected; }, kWaitMs));
    auto before = await<QList<RemoteFileInfo>>([&](auto done) { fs().list(m_root, done); });
    QVERIFY2(before, why(before));

    // The connection dies in the middle of a write: once its temporary file has grown on the
    // server (which is this machine). (A connection killed between calls is simply made
    // again by the next one.)
    const QString target = path(QStringLiteral("dropped.ipynb"));
    const QString temporary = target + QStringLiteral(".cumulus-save");
    writeLocal(target, "before the drop");
    std::optional<Result<void>> written;
    fs().writeFileAtomically(target, QByteArray(128 * 1024 * 1024, 'x'), [&](const Result<void> &r) { written = r; });
    QVERIFY(QTest::qWaitFor([&] { return QFileInfo(temporary).size() > 1024 * 1024 || written; }, kWaitMs));
    QVERIFY2(!written, written && !*written ? qPrintable(written->error().toString()) : "the write ended by itself");
    QVERIFY(m_sshd.killConnections() > 0);
    QVERIFY(QTest::qWaitFor([&] { return written.has_value(); }, kWaitMs));
    QVERIFY(!*written);
    QVERIFY2(written->error().message.contains(QStringLiteral("connection was lost")), why(*written));
    QVERIFY2(written->error().message.contains(target), why(*written));
    QCOMPARE(readLocal(target), QByteArray("before the drop"));

    // The session reconnects by itself; the next call works on a new SFTP session.
    auto after = await<QList<RemoteFileInfo>>([&](auto done) { fs().list(m_root, done); });
    QVERIFY2(after, why(after));
    auto rewritten = await<void>([&](auto done) { fs().writeFileAtomically(target, "after the drop", done); });
    QVERIFY2(rewritten, why(rewritten));
    QCOMPARE(readLocal(target), QByteArray("after the drop"));
}

void TestRemoteFileSystem::noCallbackAfterDestruction()
{
    QVERIFY(QTest::qWaitFor([&] { return m_session->state() == SshSession::State::Connected; }, kWaitMs));
    bool called = false;
    auto *doomed = new RemoteFileSystem(m_session.get());
    doomed->list(m_root, [&called](const Result<QList<RemoteFileInfo>> &) { called = true; });
    doomed->readFile(path(QStringLiteral("dropped.ipynb")), 100,
                     [&called](const Result<QByteArray> &) { called = true; });
    delete doomed;
    // The session runs its tasks in order: once a later call's answer is here, the doomed
    // ones have run (and answered nobody).
    auto later = await<QList<RemoteFileInfo>>([&](auto done) { fs().list(m_root, done); });
    QVERIFY2(later, why(later));
    QCoreApplication::processEvents();
    QVERIFY(!called);

    // Destroyed while its answer is on its way back: the work ran and posted the answer, which
    // this thread has not taken yet (no event loop meanwhile).
    auto *late = new RemoteFileSystem(m_session.get());
    late->list(m_root, [&called](const Result<QList<RemoteFileInfo>> &) { called = true; });
    std::atomic<bool> ran = false;
    m_session->runOnSession([&ran](void *) { ran = true; }); // runs after the listing
    for (int i = 0; i < kWaitMs / 10 && !ran; ++i)
        QThread::msleep(10);
    QVERIFY(ran);
    delete late;
    QTest::qWait(50);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestRemoteFileSystem)
#include "tst_remotefilesystem.moc"
