// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// SftpTransfer against a real OpenSSH sshd on 127.0.0.1 (tests/remote/sshdfixture.h, whose
// "server" is this machine). Remote paths are absolute, under the fixture's server-home:
// internal-sftp starts in the account's real home, not the fixture's SetEnv HOME, and nothing
// may land in the real ~. Files of 0 B, 1 B, 10 MB and a 1 GB sparse file both ways with
// sha256 compared; nested folders with unicode, spaces and quotes; times and permissions
// kept; symlinks; conflicts; errors that name the file and the reason (no space left: a
// 1 MiB tmpfs where mount is allowed); progress rate; cancel then resume; a connection
// killed mid-transfer.

#include "sftptransfer.h"
#include "filetestsupport.h"
#include "sshdfixture.h"
#include "sshsession.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cumulus;
using namespace cumulus::remote;

namespace {

constexpr int kConnectMs = 20000;
constexpr int kTransferMs = 120000;

void writeRandom(const QString &path, qint64 size)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray chunk(1024 * 1024, Qt::Uninitialized);
    for (qint64 left = size; left > 0;) {
        const qint64 n = std::min<qint64>(left, chunk.size());
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        QCOMPARE(file.write(chunk.constData(), n), n);
        left -= n;
    }
}

/// Runs one transfer to its end.
Result<void> transfer(SftpTransfer &sftp, SftpTransfer::Direction direction, const QString &source,
                      const QString &destination, const TransferOptions &options = {})
{
    std::optional<Result<void>> result;
    QObject context;
    QObject::connect(&sftp, &SftpTransfer::finished, &context, [&](const Result<void> &r) { result = r; });
    if (!sftp.start(direction, source, destination, options))
        return Error(QStringLiteral("already running"));
    if (!QTest::qWaitFor([&] { return result.has_value(); }, kTransferMs))
        return Error(QStringLiteral("no end within %1 ms").arg(kTransferMs));
    return *result;
}

template<typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().toString().toUtf8();
}

} // namespace

class TestSftpTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void smallAndMediumFilesBothWays();
    void sparseGigabyteBothWays();
    void nestedFoldersWithOddNames();
    void conflictPolicies();
    void noSuchFile();
    void permissionDenied();
    void noSpaceLeft();
    void progressIsBounded();
    void cancelThenResume();
    void killedConnectionThenResume();

private:
    QString local(const QString &name) const { return m_local + QLatin1Char('/') + name; }
    QString remote(const QString &name) const { return m_sshd.remoteHome + QLatin1Char('/') + name; }

    test::Sshd m_sshd;
    QByteArray m_savedHome;
    QString m_local;
    std::unique_ptr<SshSession> m_session;
};

void TestSftpTransfer::initTestCase()
{
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    m_savedHome = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qunsetenv("SSH_AUTH_SOCK");
    m_local = m_sshd.root + QStringLiteral("/local");
    QVERIFY(QDir().mkpath(m_local));
    m_session = std::make_unique<SshSession>(m_sshd.server());
    m_session->setInteractive(false);
    m_session->open();
    QVERIFY2(QTest::qWaitFor([&] { return m_session->state() == SshSession::State::Connected; }, kConnectMs),
             qPrintable(m_session->lastError().toString()));
}

void TestSftpTransfer::cleanupTestCase()
{
    m_session.reset();
    qputenv("HOME", m_savedHome);
    m_sshd.stop();
}

void TestSftpTransfer::smallAndMediumFilesBothWays()
{
    SftpTransfer sftp(m_session.get());
    for (const qint64 size : {qint64(0), qint64(1), qint64(10'000'000)}) {
        const QString name = QStringLiteral("random-%1.bin").arg(size);
        writeRandom(local(name), size);
        ::chmod(QFile::encodeName(local(name)).constData(), 0640);
        const QDateTime mtime = QDateTime::fromSecsSinceEpoch(1'600'000'000);
        {
            QFile file(local(name));
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(mtime, QFileDevice::FileModificationTime));
        }
        // Upload with sha256 checked by the server.
        TransferOptions verify;
        verify.verify = true;
        auto up = transfer(sftp, SftpTransfer::Direction::Upload, local(name), remote(name), verify);
        QVERIFY2(up, why(up));
        QCOMPARE(::test::sha256File(remote(name)), ::test::sha256File(local(name)));
        QCOMPARE(QFileInfo(remote(name)).lastModified(), mtime);
        QCOMPARE(QFileInfo(remote(name)).permissions(), QFileInfo(local(name)).permissions());
        QVERIFY(!QFileInfo::exists(remote(name) + QStringLiteral(".cumulus-part")));

        // And back.
        const QString back = local(name + QStringLiteral(".back"));
        auto down = transfer(sftp, SftpTransfer::Direction::Download, remote(name), back, verify);
        QVERIFY2(down, why(down));
        QCOMPARE(::test::sha256File(back), ::test::sha256File(local(name)));
        QCOMPARE(QFileInfo(back).lastModified(), mtime);
        QCOMPARE(QFileInfo(back).permissions(), QFileInfo(local(name)).permissions());
    }
}

void TestSftpTransfer::sparseGigabyteBothWays()
{
    // A sparse file costs no disk, yet every byte crosses the connection.
    const QString name = QStringLiteral("sparse-1g.bin");
    {
        QFile file(local(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write("head") == 4);
        QVERIFY(file.resize(1'000'000'000));
        QVERIFY(file.seek(1'000'000'000 - 4));
        QVERIFY(file.write("tail") == 4);
    }
    SftpTransfer sftp(m_session.get());
    QElapsedTimer timer;
    timer.start();
    auto up = transfer(sftp, SftpTransfer::Direction::Upload, local(name), remote(name));
    QVERIFY2(up, why(up));
    const qint64 upMs = timer.restart();
    auto down = transfer(sftp, SftpTransfer::Direction::Download, remote(name), local(name + QStringLiteral(".back")));
    QVERIFY2(down, why(down));
    const qint64 downMs = timer.elapsed();
    qInfo("1 GB sparse: upload %lld ms (%.0f MB/s), download %lld ms (%.0f MB/s)", upMs, 1000.0 / double(upMs) * 1000,
          downMs, 1000.0 / double(downMs) * 1000);
    const QByteArray original = ::test::sha256File(local(name));
    QCOMPARE(::test::sha256File(remote(name)), original);
    QCOMPARE(::test::sha256File(local(name + QStringLiteral(".back"))), original);
    QFile::remove(remote(name));
    QFile::remove(local(name + QStringLiteral(".back")));
    QFile::remove(local(name));
}

void TestSftpTransfer::nestedFoldersWithOddNames()
{
    const QString tree = local(QStringLiteral("tree"));
    const QStringList files = {QStringLiteral("a.txt"), QStringLiteral("données été/naïve 数据.csv"),
                               QStringLiteral("with space/it's \"quoted\".bin"),
                               QStringLiteral("with space/deeper/$(not a command) `x`;.txt"),
                               QStringLiteral("empty folder/")};
    for (const QString &file : files) {
        const QString path = tree + QLatin1Char('/') + file;
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        if (!file.endsWith(QLatin1Char('/')))
            writeRandom(path, 1000 + file.size());
    }
    // Symlinks: one inside the tree (followed, as a file), one out of it (skipped).
    QVERIFY(QFile::link(tree + QStringLiteral("/a.txt"), tree + QStringLiteral("/inside-link")));
    QVERIFY(QFile::link(QStringLiteral("/etc/hostname"), tree + QStringLiteral("/outside-link")));

    // A folder's bits and time survive both ways (set last: files written into it change them).
    const QString odd = tree + QStringLiteral("/données été");
    ::chmod(QFile::encodeName(odd).constData(), 0750);
    const QDateTime folderTime = QDateTime::fromSecsSinceEpoch(1'500'000'000);
    {
        const timespec times[2] = {{1'500'000'000, 0}, {1'500'000'000, 0}};
        QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(odd).constData(), times, 0), 0);
    }

    SftpTransfer sftp(m_session.get());
    TransferOptions options;
    options.verify = true;
    auto up = transfer(sftp, SftpTransfer::Direction::Upload, tree, remote(QStringLiteral("tree up")), options);
    QVERIFY2(up, why(up));
    QCOMPARE(sftp.skipped(), QStringList{tree + QStringLiteral("/outside-link")});
    const QString back = local(QStringLiteral("tree back"));
    auto down = transfer(sftp, SftpTransfer::Direction::Download, remote(QStringLiteral("tree up")), back, options);
    QVERIFY2(down, why(down));
    for (const QString &file : files) {
        if (file.endsWith(QLatin1Char('/'))) {
            QVERIFY2(QFileInfo(remote(QStringLiteral("tree up/")) + file).isDir(), qPrintable(file));
            QVERIFY2(QFileInfo(back + QLatin1Char('/') + file).isDir(), qPrintable(file));
            continue;
        }
        const QByteArray original = ::test::sha256File(tree + QLatin1Char('/') + file);
        QCOMPARE(::test::sha256File(remote(QStringLiteral("tree up/")) + file), original);
        QCOMPARE(::test::sha256File(back + QLatin1Char('/') + file), original);
    }
    const QStringList folderCopies = {remote(QStringLiteral("tree up/données été")),
                                      back + QStringLiteral("/données été")};
    for (const QString &copy : folderCopies) {
        QCOMPARE(QFileInfo(copy).lastModified(), folderTime);
        QCOMPARE(QFileInfo(copy).permissions(), QFileInfo(odd).permissions());
    }
    QCOMPARE(::test::sha256File(back + QStringLiteral("/inside-link")), ::test::sha256File(tree + QStringLiteral("/a.txt")));
    QVERIFY(!QFileInfo::exists(back + QStringLiteral("/outside-link")));

    // The same on the way down: a link on the server out of the tree is not followed.
    QVERIFY(QFile::link(QStringLiteral("/etc/hostname"), remote(QStringLiteral("tree up/escape"))));
    auto again = transfer(sftp, SftpTransfer::Direction::Download, remote(QStringLiteral("tree up")),
                          local(QStringLiteral("tree again")));
    QVERIFY2(again, why(again));
    QCOMPARE(sftp.skipped(), QStringList{remote(QStringLiteral("tree up/escape"))});
    QVERIFY(!QFileInfo::exists(local(QStringLiteral("tree again/escape"))));
    QCOMPARE(::test::sha256File(local(QStringLiteral("tree again/a.txt"))), ::test::sha256File(tree + QStringLiteral("/a.txt")));
}

void TestSftpTransfer::conflictPolicies()
{
    writeRandom(local(QStringLiteral("conflict.txt")), 100);
    QFile existing(remote(QStringLiteral("conflict.txt")));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("old");
    existing.close();
    SftpTransfer sftp(m_session.get());

    TransferOptions skip;
    skip.conflict = TransferOptions::Conflict::Skip;
    auto skipped = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("conflict.txt")),
                            remote(QStringLiteral("conflict.txt")), skip);
    QVERIFY2(skipped, why(skipped));
    QCOMPARE(sftp.skipped().size(), 1);
    QCOMPARE(QFileInfo(remote(QStringLiteral("conflict.txt"))).size(), 3);

    TransferOptions rename;
    rename.conflict = TransferOptions::Conflict::Rename;
    for (int i = 1; i <= 2; ++i) {
        auto renamed = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("conflict.txt")),
                                remote(QStringLiteral("conflict.txt")), rename);
        QVERIFY2(renamed, why(renamed));
        QCOMPARE(::test::sha256File(remote(QStringLiteral("conflict (%1).txt").arg(i))),
                 ::test::sha256File(local(QStringLiteral("conflict.txt"))));
    }
    QCOMPARE(QFileInfo(remote(QStringLiteral("conflict.txt"))).size(), 3);

    auto overwritten = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("conflict.txt")),
                                remote(QStringLiteral("conflict.txt")));
    QVERIFY2(overwritten, why(overwritten));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("conflict.txt"))), ::test::sha256File(local(QStringLiteral("conflict.txt"))));
}

void TestSftpTransfer::noSuchFile()
{
    SftpTransfer sftp(m_session.get());
    auto down = transfer(sftp, SftpTransfer::Direction::Download, remote(QStringLiteral("nothing here.bin")),
                         local(QStringLiteral("x")));
    QVERIFY(!down);
    QVERIFY2(down.error().message.contains(QStringLiteral("nothing here.bin")), qPrintable(down.error().message));
    QVERIFY2(down.error().message.contains(QStringLiteral("no such file")), qPrintable(down.error().message));
    QVERIFY(!QFileInfo::exists(local(QStringLiteral("x"))));

    auto up = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("nothing here.bin")),
                       remote(QStringLiteral("x")));
    QVERIFY(!up);
    QVERIFY2(up.error().message.contains(QStringLiteral("nothing here.bin")), qPrintable(up.error().message));
    QVERIFY2(up.error().message.contains(QStringLiteral("no such file")), qPrintable(up.error().message));

    // A folder on the server that does not exist.
    writeRandom(local(QStringLiteral("small.bin")), 10);
    auto deep = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("small.bin")),
                         remote(QStringLiteral("no/such/folder/small.bin")));
    QVERIFY(!deep);
    QVERIFY2(deep.error().message.contains(QStringLiteral("no/such/folder/small.bin")),
             qPrintable(deep.error().message));
    QVERIFY2(deep.error().message.contains(QStringLiteral("no such file")), qPrintable(deep.error().message));
}

void TestSftpTransfer::permissionDenied()
{
    // root (the usual CI user) passes permission bits; /sys refuses new files to everyone.
    SftpTransfer sftp(m_session.get());
    writeRandom(local(QStringLiteral("small.bin")), 10);
    auto up = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("small.bin")),
                       QStringLiteral("/sys/cumulus-test.bin"));
    QVERIFY(!up);
    QVERIFY2(up.error().message.contains(QStringLiteral("/sys/cumulus-test.bin")), qPrintable(up.error().message));
    QVERIFY2(up.error().message.contains(QStringLiteral("permission denied")), qPrintable(up.error().message));

    writeRandom(remote(QStringLiteral("small.bin")), 10);
    auto down = transfer(sftp, SftpTransfer::Direction::Download, remote(QStringLiteral("small.bin")),
                         QStringLiteral("/sys/cumulus-test.bin"));
    QVERIFY(!down);
    QVERIFY2(down.error().message.contains(QStringLiteral("/sys/cumulus-test.bin")), qPrintable(down.error().message));
    QVERIFY2(down.error().message.contains(QStringLiteral("permission denied")), qPrintable(down.error().message));

    if (::geteuid() != 0) {
        ::chmod(QFile::encodeName(remote(QStringLiteral("small.bin"))).constData(), 0);
        auto unreadable = transfer(sftp, SftpTransfer::Direction::Download, remote(QStringLiteral("small.bin")),
                                   local(QStringLiteral("unreadable.bin")));
        QVERIFY(!unreadable);
        QVERIFY2(unreadable.error().message.contains(QStringLiteral("permission denied")),
                 qPrintable(unreadable.error().message));
    }
}

void TestSftpTransfer::noSpaceLeft()
{
    // A 1 MiB tmpfs serves as a full disk on both sides (the server is this machine). Where
    // mounting is not allowed (a container without CAP_SYS_ADMIN), the part files are links to
    // /dev/full, whose writes fail with ENOSPC just the same.
    const QString full = m_sshd.root + QStringLiteral("/full");
    QVERIFY(QDir().mkpath(full));
    QProcess mount;
    mount.start(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                          QStringLiteral("size=1m"), QStringLiteral("tmpfs"), full});
    const bool mounted = mount.waitForFinished(10000) && mount.exitStatus() == QProcess::NormalExit
            && mount.exitCode() == 0;
    auto unmount = qScopeGuard([&] {
        if (mounted)
            QProcess::execute(QStringLiteral("umount"), {full});
    });
    if (!mounted) {
        qInfo("no tmpfs mount allowed here: the part files lead to /dev/full");
        for (const char *name : {"up.bin", "down.bin"})
            QVERIFY(QFile::link(QStringLiteral("/dev/full"),
                                full + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".cumulus-part")));
    }

    writeRandom(local(QStringLiteral("big.bin")), 3'000'000);
    SftpTransfer sftp(m_session.get());
    auto up = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("big.bin")),
                       full + QStringLiteral("/up.bin"));
    QVERIFY(!up);
    QVERIFY2(up.error().message.contains(QStringLiteral("up.bin")), qPrintable(up.error().message));
    QVERIFY2(up.error().message.contains(QStringLiteral("no space left")), qPrintable(up.error().message));
    QVERIFY(!QFileInfo::exists(full + QStringLiteral("/up.bin")));
    QFile::remove(full + QStringLiteral("/up.bin.cumulus-part"));

    writeRandom(remote(QStringLiteral("big.bin")), 3'000'000);
    auto down = transfer(sftp, SftpTransfer::Direction::Download, remote(QStringLiteral("big.bin")),
                         full + QStringLiteral("/down.bin"));
    QVERIFY(!down);
    QVERIFY2(down.error().message.contains(QStringLiteral("down.bin")), qPrintable(down.error().message));
    QVERIFY2(down.error().message.contains(QStringLiteral("no space left")), qPrintable(down.error().message));
    QVERIFY(!QFileInfo::exists(full + QStringLiteral("/down.bin")));
}

void TestSftpTransfer::progressIsBounded()
{
    writeRandom(local(QStringLiteral("progress.bin")), 50'000'000);
    SftpTransfer sftp(m_session.get());
    QSignalSpy spy(&sftp, &SftpTransfer::progress);
    QElapsedTimer timer;
    timer.start();
    auto up = transfer(sftp, SftpTransfer::Direction::Upload, local(QStringLiteral("progress.bin")),
                       remote(QStringLiteral("progress.bin")));
    QVERIFY2(up, why(up));
    const qint64 ms = timer.elapsed();
    QVERIFY(!spy.isEmpty());
    // ≤ 10 a second, plus the fixed ones (listing, each file's start, the end).
    QVERIFY2(spy.size() <= ms / 100 + 6, qPrintable(QStringLiteral("%1 in %2 ms").arg(spy.size()).arg(ms)));
    const auto last = spy.last().at(0).value<TransferProgress>();
    QCOMPARE(last.bytesDone, qint64(50'000'000));
    QCOMPARE(last.bytesTotal, qint64(50'000'000));
    QCOMPARE(last.filesDone, 1);
    QCOMPARE(last.filesTotal, 1);
}

void TestSftpTransfer::cancelThenResume()
{
    const QString name = QStringLiteral("cancel.bin");
    writeRandom(local(name), 200'000'000);
    for (const auto direction : {SftpTransfer::Direction::Upload, SftpTransfer::Direction::Download}) {
        const bool upload = direction == SftpTransfer::Direction::Upload;
        const QString source = upload ? local(name) : remote(name);
        const QString destination = upload ? remote(name) : local(QStringLiteral("cancel-back.bin"));
        const QString final = upload ? remote(name) : destination;
        SftpTransfer sftp(m_session.get());
        std::optional<Result<void>> result;
        bool armed = true;
        connect(&sftp, &SftpTransfer::progress, &sftp, [&](const TransferProgress &progress) {
            if (armed && progress.bytesDone > 20'000'000)
                sftp.cancel();
        });
        connect(&sftp, &SftpTransfer::finished, &sftp, [&](const Result<void> &r) { result = r; });
        QVERIFY(sftp.start(direction, source, destination));
        QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, kTransferMs));
        QVERIFY(!*result);
        QVERIFY2(result->error().message.contains(QStringLiteral("cancel")), qPrintable(result->error().message));
        QVERIFY(!QFileInfo::exists(final));
        const qint64 partial = QFileInfo(final + QStringLiteral(".cumulus-part")).size();
        QVERIFY2(partial > 0 && partial < 200'000'000, qPrintable(QString::number(partial)));

        armed = false;
        TransferOptions resume;
        resume.resume = true;
        QSignalSpy spy(&sftp, &SftpTransfer::progress);
        auto resumed = transfer(sftp, direction, source, destination, resume);
        QVERIFY2(resumed, why(resumed));
        QCOMPARE(::test::sha256File(final), ::test::sha256File(local(name)));
        QVERIFY(!QFileInfo::exists(final + QStringLiteral(".cumulus-part")));
        // It appended rather than starting again: the first report after the listing counts
        // the bytes the part already had.
        bool sawResumed = false;
        for (const auto &args : spy)
            sawResumed |= args.at(0).value<TransferProgress>().bytesDone >= partial;
        QVERIFY(sawResumed);
    }
}

void TestSftpTransfer::killedConnectionThenResume()
{
    const QString name = QStringLiteral("killed.bin");
    writeRandom(local(name), 300'000'000);
    for (const auto direction : {SftpTransfer::Direction::Upload, SftpTransfer::Direction::Download}) {
        const bool upload = direction == SftpTransfer::Direction::Upload;
        const QString source = upload ? local(name) : remote(name);
        const QString destination = upload ? remote(name) : local(QStringLiteral("killed-back.bin"));
        const QString final = upload ? remote(name) : destination;
        QVERIFY2(QTest::qWaitFor([&] { return m_session->state() == SshSession::State::Connected; }, kConnectMs),
                 "not connected");
        SftpTransfer sftp(m_session.get());
        std::optional<Result<void>> result;
        bool killed = false;
        connect(&sftp, &SftpTransfer::progress, &sftp, [&](const TransferProgress &progress) {
            if (!killed && progress.bytesDone > 20'000'000) {
                killed = true;
                m_sshd.killConnections();
            }
        });
        connect(&sftp, &SftpTransfer::finished, &sftp, [&](const Result<void> &r) { result = r; });
        QVERIFY(sftp.start(direction, source, destination));
        QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, kTransferMs));
        QVERIFY(killed);
        QVERIFY(!*result);
        QVERIFY2(result->error().message.contains(QStringLiteral("connection")), qPrintable(result->error().message));
        QVERIFY2(result->error().message.contains(name), qPrintable(result->error().message));
        QVERIFY(!QFileInfo::exists(final));

        // The session reconnects by itself; the resume waits for it.
        TransferOptions resume;
        resume.resume = true;
        auto resumed = transfer(sftp, direction, source, destination, resume);
        QVERIFY2(resumed, why(resumed));
        QCOMPARE(::test::sha256File(final), ::test::sha256File(local(name)));
        QVERIFY(!QFileInfo::exists(final + QStringLiteral(".cumulus-part")));
    }
}

QTEST_GUILESS_MAIN(TestSftpTransfer)
#include "tst_sftptransfer.moc"
