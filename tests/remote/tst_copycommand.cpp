// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// `cumulus cp` against a real OpenSSH sshd on 127.0.0.1 (sshdfixture.h, whose "server" is
// this machine, so both sides are checked on the local disk). Remote paths are absolute,
// under the fixture's server-home: SFTP starts in the account's real home, where nothing may
// land. Upload and download with sha256 compared, -r of nested folders with odd names,
// several sources into a folder, scp's operand forms, refusals (folder without -r, both
// sides local or remote, no such file), --resume of a .cumulus-part, --verify, Ctrl+C, and
// silence on success when stderr is not a terminal.

#include "filetestsupport.h"
#include "sshdfixture.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>
#include <QUrl>

#include <csignal>
#include <sys/types.h>

namespace {

constexpr int kCopyMs = 180000;

struct Ran
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Relative path → sha256 of every file under @p root ("/" after folders).
QMap<QString, QByteArray> tree(const QString &root)
{
    QMap<QString, QByteArray> entries;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = path.mid(root.size() + 1);
        if (it.fileInfo().isDir())
            entries.insert(relative + QLatin1Char('/'), QByteArray());
        else
            entries.insert(relative, ::test::sha256File(path));
    }
    return entries;
}

/// Every process under @p pids (children, their children…), @p pids included.
QList<pid_t> withDescendants(const QList<qint64> &pids)
{
    QMap<pid_t, QList<pid_t>> children;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const pid_t pid = pid_t(entry.toInt(&ok));
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1)
            children[pid_t(fields.at(1).toInt())] << pid;
    }
    QList<pid_t> all;
    for (qint64 pid : pids)
        all << pid_t(pid);
    for (qsizetype i = 0; i < all.size(); ++i)
        all << children.value(all.at(i));
    return all;
}

} // namespace

class TestCopyCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void helpListsCp();
    void uploadAndDownloadFile();
    void operandForms_data();
    void operandForms();
    void recursiveNestedFolders();
    void severalSourcesIntoFolder();
    void folderWithoutRecursiveRefused();
    void noSuchFile();
    void bothLocalOrBothRemoteRefused();
    void resumeCompletesPartial();
    void ctrlCCancelsThenResumes();
    void progressBarOnTerminal();

private:
    Ran cumulus(const QStringList &arguments);
    QString local(const QString &name) const { return m_local + QLatin1Char('/') + name; }
    /// The server's file @p name as this machine sees it.
    QString remote(const QString &name) const { return m_sshd.remoteHome + QLatin1Char('/') + name; }
    /// The same as a `cumulus cp` operand.
    QString onServer(const QString &name) const { return QStringLiteral("test-sshd:") + remote(name); }

    test::Sshd m_sshd;
    QTemporaryDir m_dir;
    QString m_local;
    QProcessEnvironment m_env;
};

void TestCopyCommand::initTestCase()
{
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    QVERIFY(m_dir.isValid());
    m_local = m_sshd.root + QStringLiteral("/local");
    QVERIFY(QDir().mkpath(m_local));

    // "test-sshd" from the fixture, plus what an ad-hoc [user@]127.0.0.1:PORT needs to log in.
    const QString config = m_sshd.writeSshConfig();
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::Append));
        file.write(QStringLiteral("Host 127.0.0.1\n  IdentityFile %1\n  IdentitiesOnly yes\n  UserKnownHostsFile %2\n")
                           .arg(m_sshd.clientKey, m_sshd.knownHosts)
                           .toUtf8());
    }
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("HOME"), m_sshd.home);
    m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.path() + QStringLiteral("/config"));
    m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.path() + QStringLiteral("/data"));
    m_env.insert(QStringLiteral("CUMULUS_SSH_CONFIG"), config);
    m_env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    m_env.remove(QStringLiteral("SSH_AUTH_SOCK"));
    m_env.remove(QStringLiteral("LANGUAGE"));
}

void TestCopyCommand::cleanupTestCase()
{
    m_sshd.stop();
}

Ran TestCopyCommand::cumulus(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(m_env);
    process.setWorkingDirectory(m_local);
    process.setStandardInputFile(QProcess::nullDevice()); // batch: no terminal to ask on
    process.start(QStringLiteral(CUMULUS_EXECUTABLE), QStringList{QStringLiteral("cp")} + arguments);
    Ran ran;
    if (!process.waitForFinished(kCopyMs)) {
        process.kill();
        process.waitForFinished();
        ran.err = QStringLiteral("timed out: ") + QString::fromUtf8(process.readAllStandardError());
        return ran;
    }
    ran.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    ran.out = QString::fromUtf8(process.readAllStandardOutput());
    ran.err = QString::fromUtf8(process.readAllStandardError());
    return ran;
}

void TestCopyCommand::helpListsCp()
{
    QProcess process;
    process.setProcessEnvironment(m_env);
    process.start(QStringLiteral(CUMULUS_EXECUTABLE), {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(30000));
    const QString usage = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(usage.contains(QLatin1String("\n  cp ")), qPrintable(usage));
    const Ran help = cumulus({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QLatin1String("Usage: cumulus cp")) && help.out.contains(QLatin1String("--resume"))
                     && help.out.contains(QLatin1String("--verify")) && help.out.contains(QLatin1String("-r")),
             qPrintable(help.out));
}

void TestCopyCommand::uploadAndDownloadFile()
{
    const QString name = QStringLiteral("file-5m.bin");
    QVERIFY(::test::writeFile(local(name), ::test::randomBytes(5'000'001)));
    const QByteArray original = ::test::sha256File(local(name));

    // Up under a new name. Success is silent when stderr is not a terminal.
    const Ran up = cumulus({local(name), onServer(QStringLiteral("up.bin"))});
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));
    QVERIFY2(up.out.isEmpty() && up.err.isEmpty(), qPrintable(up.out + up.err));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("up.bin"))), original);
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("up.bin.cumulus-part"))));

    // Down under a new name, relative to the working directory.
    const Ran down = cumulus({onServer(QStringLiteral("up.bin")), QStringLiteral("down.bin")});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QVERIFY2(down.out.isEmpty() && down.err.isEmpty(), qPrintable(down.out + down.err));
    QCOMPARE(::test::sha256File(local(QStringLiteral("down.bin"))), original);

    // Into an existing folder: DST/basename (scp's rule), both ways, and over an existing file.
    QVERIFY(QDir().mkpath(remote(QStringLiteral("inbox"))));
    QVERIFY(::test::writeFile(remote(QStringLiteral("inbox/") + name), "old"));
    const Ran into = cumulus({QStringLiteral("--verify"), local(name), onServer(QStringLiteral("inbox"))});
    QVERIFY2(into.exitCode == 0, qPrintable(into.err));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("inbox/") + name)), original);
    QVERIFY(QDir().mkpath(local(QStringLiteral("outbox"))));
    const Ran back = cumulus({onServer(QStringLiteral("inbox/") + name), local(QStringLiteral("outbox/"))});
    QVERIFY2(back.exitCode == 0, qPrintable(back.err));
    QCOMPARE(::test::sha256File(local(QStringLiteral("outbox/")) + name), original);
}

void TestCopyCommand::operandForms_data()
{
    QTest::addColumn<QString>("operand"); // PATH: remote(name), absolute; PORT; USER
    QTest::addColumn<QString>("name");
    QTest::newRow("ssh config Host") << QStringLiteral("test-sshd:PATH") << QStringLiteral("form-alias.txt");
    QTest::newRow("user@[host:port]") << QStringLiteral("USER@[127.0.0.1:PORT]:PATH")
                                      << QStringLiteral("form-bracket.txt");
    QTest::newRow("scp:// with port") << QStringLiteral("scp://USER@127.0.0.1:PORT/PATH")
                                      << QStringLiteral("form-uri.txt");
    // The path after the host's '/' is relative to the home, so an absolute one starts "//".
    QTest::newRow("scp:// url-encoded") << QStringLiteral("scp://127.0.0.1:PORT/PATH")
                                        << QStringLiteral("form%20uri%2B.txt");
}

void TestCopyCommand::operandForms()
{
    QFETCH(QString, operand);
    QFETCH(QString, name);
    const QByteArray content = "operand form " + name.toUtf8();
    QVERIFY(::test::writeFile(local(QStringLiteral("form.txt")), content));
    const QString target = QString(operand)
                                   .replace(QLatin1String("USER"), test::Sshd::userName())
                                   .replace(QLatin1String("PORT"), QString::number(m_sshd.port))
                                   .replace(QLatin1String("PATH"), remote(name));
    const Ran up = cumulus({local(QStringLiteral("form.txt")), target});
    QVERIFY2(up.exitCode == 0, qPrintable(target + QLatin1Char(' ') + up.err));
    const QString landed = remote(QUrl::fromPercentEncoding(name.toUtf8()));
    QFile file(landed);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(landed));
    QCOMPARE(file.readAll(), content);
    const Ran down = cumulus({target, local(QStringLiteral("form-back.txt"))});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QCOMPARE(::test::sha256File(local(QStringLiteral("form-back.txt"))), ::test::sha256File(local(QStringLiteral("form.txt"))));
}

void TestCopyCommand::recursiveNestedFolders()
{
    const QString source = local(QStringLiteral("nested"));
    const QStringList files = {QStringLiteral("a.txt"), QStringLiteral("données été/naïve 数据.csv"),
                               QStringLiteral("with space/it's \"quoted\".bin"),
                               QStringLiteral("with space/deeper/$(not a command) `x`;.txt"),
                               QStringLiteral("with space/deeper/still/日本語 ファイル.txt"),
                               QStringLiteral(".hidden/x")};
    for (const QString &file : files)
        QVERIFY(::test::writeFile(source + QLatin1Char('/') + file, ::test::randomBytes(1000 + file.size() * 37)));
    QVERIFY(QDir().mkpath(source + QStringLiteral("/empty folder")));
    const auto expected = tree(source);
    QCOMPARE(expected.size(), 12);

    // Up to a new name: the folder becomes it.
    const Ran up = cumulus({QStringLiteral("-r"), source, onServer(QStringLiteral("nested up"))});
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));
    QVERIFY2(up.out.isEmpty() && up.err.isEmpty(), qPrintable(up.out + up.err));
    QCOMPARE(tree(remote(QStringLiteral("nested up"))), expected);

    // Down into an existing folder: lands inside it under its own name.
    QVERIFY(QDir().mkpath(local(QStringLiteral("downloads"))));
    const Ran down = cumulus({QStringLiteral("--recursive"), onServer(QStringLiteral("nested up")),
                              local(QStringLiteral("downloads"))});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QCOMPARE(tree(local(QStringLiteral("downloads/nested up"))), expected);

    // A trailing slash on the source changes nothing (unlike rsync).
    const Ran again = cumulus({QStringLiteral("-r"), source + QLatin1Char('/'), onServer(QStringLiteral("nested up"))});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QCOMPARE(tree(remote(QStringLiteral("nested up/nested"))), expected);
}

void TestCopyCommand::severalSourcesIntoFolder()
{
    QVERIFY(::test::writeFile(local(QStringLiteral("many/one.txt")), ::test::randomBytes(1111)));
    QVERIFY(::test::writeFile(local(QStringLiteral("many/two words.txt")), ::test::randomBytes(2222)));
    QVERIFY(::test::writeFile(local(QStringLiteral("many/sub/three.txt")), ::test::randomBytes(3333)));
    QVERIFY(QDir().mkpath(remote(QStringLiteral("collect"))));
    const Ran up = cumulus({QStringLiteral("-r"), local(QStringLiteral("many/one.txt")),
                            local(QStringLiteral("many/two words.txt")), local(QStringLiteral("many/sub")),
                            onServer(QStringLiteral("collect"))});
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("collect/one.txt"))), ::test::sha256File(local(QStringLiteral("many/one.txt"))));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("collect/two words.txt"))),
             ::test::sha256File(local(QStringLiteral("many/two words.txt"))));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("collect/sub/three.txt"))),
             ::test::sha256File(local(QStringLiteral("many/sub/three.txt"))));

    // And back down into a local folder.
    QVERIFY(QDir().mkpath(local(QStringLiteral("gathered"))));
    const Ran down = cumulus({onServer(QStringLiteral("collect/one.txt")),
                              onServer(QStringLiteral("collect/two words.txt")), local(QStringLiteral("gathered"))});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QCOMPARE(::test::sha256File(local(QStringLiteral("gathered/one.txt"))), ::test::sha256File(local(QStringLiteral("many/one.txt"))));
    QCOMPARE(::test::sha256File(local(QStringLiteral("gathered/two words.txt"))),
             ::test::sha256File(local(QStringLiteral("many/two words.txt"))));

    // Several sources need a folder that exists.
    const Ran noFolder = cumulus({local(QStringLiteral("many/one.txt")), local(QStringLiteral("many/two words.txt")),
                                  onServer(QStringLiteral("not-there"))});
    QCOMPARE(noFolder.exitCode, 1);
    QVERIFY2(noFolder.err.contains(remote(QStringLiteral("not-there"))), qPrintable(noFolder.err));
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("not-there"))));
    const Ran aFile = cumulus({onServer(QStringLiteral("collect/one.txt")),
                               onServer(QStringLiteral("collect/two words.txt")),
                               local(QStringLiteral("many/one.txt"))});
    QCOMPARE(aFile.exitCode, 1);
    QVERIFY2(aFile.err.contains(QLatin1String("not a folder")), qPrintable(aFile.err));
}

void TestCopyCommand::folderWithoutRecursiveRefused()
{
    QVERIFY(::test::writeFile(local(QStringLiteral("plain folder/f.txt")), "x"));
    const Ran up = cumulus({local(QStringLiteral("plain folder")), onServer(QStringLiteral("plain copy"))});
    QCOMPARE(up.exitCode, 1);
    QVERIFY2(up.err.contains(local(QStringLiteral("plain folder")))
                     && up.err.contains(QLatin1String("is a folder (use -r)")),
             qPrintable(up.err));
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("plain copy"))));

    QVERIFY(::test::writeFile(remote(QStringLiteral("server folder/f.txt")), "x"));
    const Ran down = cumulus({onServer(QStringLiteral("server folder")), local(QStringLiteral("server copy"))});
    QCOMPARE(down.exitCode, 1);
    QVERIFY2(down.err.contains(QLatin1String("server folder is a folder (use -r)")), qPrintable(down.err));
    QVERIFY(!QFileInfo::exists(local(QStringLiteral("server copy"))));
}

void TestCopyCommand::noSuchFile()
{
    const Ran up = cumulus({local(QStringLiteral("no-such-file.bin")), onServer(QStringLiteral("x.bin"))});
    QCOMPARE(up.exitCode, 1);
    QVERIFY2(up.err.contains(local(QStringLiteral("no-such-file.bin")))
                     && up.err.contains(QLatin1String("no such file")),
             qPrintable(up.err));
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("x.bin"))));

    const Ran down = cumulus({onServer(QStringLiteral("missing on server.bin")), local(QStringLiteral("x.bin"))});
    QCOMPARE(down.exitCode, 1);
    QVERIFY2(down.err.contains(remote(QStringLiteral("missing on server.bin"))), qPrintable(down.err));
    QVERIFY(!QFileInfo::exists(local(QStringLiteral("x.bin"))));

    // The other sources are still copied, as scp does; the exit code reports the failure.
    QVERIFY(::test::writeFile(local(QStringLiteral("present.txt")), "here"));
    QVERIFY(QDir().mkpath(remote(QStringLiteral("partly"))));
    const Ran mixed = cumulus({local(QStringLiteral("absent.txt")), local(QStringLiteral("present.txt")),
                               onServer(QStringLiteral("partly"))});
    QCOMPARE(mixed.exitCode, 1);
    QVERIFY2(mixed.err.contains(local(QStringLiteral("absent.txt"))), qPrintable(mixed.err));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("partly/present.txt"))), ::test::sha256File(local(QStringLiteral("present.txt"))));

    // A login that fails names the server and does not look like a copy error.
    const Ran refused = cumulus({local(QStringLiteral("present.txt")), QStringLiteral("[127.0.0.1:1]:x")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(QLatin1String("127.0.0.1")), qPrintable(refused.err));
}

void TestCopyCommand::bothLocalOrBothRemoteRefused()
{
    QVERIFY(::test::writeFile(local(QStringLiteral("a:b.txt")), "colon"));
    // "./a:b.txt" has a '/' before its ':', so it is a local path, as in scp.
    const Ran local2 = cumulus({QStringLiteral("./a:b.txt"), local(QStringLiteral("copy.txt"))});
    QCOMPARE(local2.exitCode, 2);
    QVERIFY2(local2.err.contains(QLatin1String("one side must be remote")), qPrintable(local2.err));
    QVERIFY(!QFileInfo::exists(local(QStringLiteral("copy.txt"))));

    const Ran remote2 = cumulus({onServer(QStringLiteral("a.txt")), onServer(QStringLiteral("b.txt"))});
    QCOMPARE(remote2.exitCode, 2);
    QVERIFY2(remote2.err.contains(QLatin1String("one side must be local")), qPrintable(remote2.err));

    const Ran alone = cumulus({local(QStringLiteral("a:b.txt"))});
    QCOMPARE(alone.exitCode, 2);
}

void TestCopyCommand::resumeCompletesPartial()
{
    // The part holds zeros where the source has random bytes: the result shows that the
    // copy went on from the part's end instead of starting again.
    const QByteArray source = ::test::randomBytes(3'000'000);
    const QByteArray head(1'000'000, '\0');
    const QByteArray expected = head + source.mid(head.size());
    QVERIFY(::test::writeFile(local(QStringLiteral("resume.bin")), source));

    QVERIFY(::test::writeFile(remote(QStringLiteral("resume.bin.cumulus-part")), head));
    const Ran up = cumulus({QStringLiteral("--resume"), local(QStringLiteral("resume.bin")),
                            onServer(QStringLiteral("resume.bin"))});
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));
    QFile uploaded(remote(QStringLiteral("resume.bin")));
    QVERIFY(uploaded.open(QIODevice::ReadOnly));
    QVERIFY(uploaded.readAll() == expected);
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("resume.bin.cumulus-part"))));

    QVERIFY(::test::writeFile(local(QStringLiteral("resumed.bin.cumulus-part")), head));
    const Ran down = cumulus({QStringLiteral("--resume"), onServer(QStringLiteral("resume.bin")),
                              local(QStringLiteral("resumed.bin"))});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    QCOMPARE(::test::sha256File(local(QStringLiteral("resumed.bin"))), ::test::sha256File(remote(QStringLiteral("resume.bin"))));
    QVERIFY(!QFileInfo::exists(local(QStringLiteral("resumed.bin.cumulus-part"))));

    // --verify catches the difference the bad part made, and names the file.
    QVERIFY(::test::writeFile(remote(QStringLiteral("verified.bin.cumulus-part")), head));
    const Ran verified = cumulus({QStringLiteral("--resume"), QStringLiteral("--verify"),
                                  local(QStringLiteral("resume.bin")), onServer(QStringLiteral("verified.bin"))});
    QCOMPARE(verified.exitCode, 1);
    QVERIFY2(verified.err.contains(QLatin1String("sha256")) && verified.err.contains(QLatin1String("verified.bin")),
             qPrintable(verified.err));
    QVERIFY(!QFileInfo::exists(remote(QStringLiteral("verified.bin"))));

    // Without --resume a part is ignored and replaced.
    QVERIFY(::test::writeFile(remote(QStringLiteral("fresh.bin.cumulus-part")), head));
    const Ran fresh = cumulus({local(QStringLiteral("resume.bin")), onServer(QStringLiteral("fresh.bin"))});
    QVERIFY2(fresh.exitCode == 0, qPrintable(fresh.err));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("fresh.bin"))), ::test::sha256File(local(QStringLiteral("resume.bin"))));
}

void TestCopyCommand::ctrlCCancelsThenResumes()
{
    const QString name = QStringLiteral("interrupted.bin");
    QVERIFY(::test::writeSparse(local(name), 1'000'000'000));
    const QString part = remote(name + QStringLiteral(".cumulus-part"));

    QProcess process;
    process.setProcessEnvironment(m_env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(CUMULUS_EXECUTABLE), {QStringLiteral("cp"), local(name), onServer(name)});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(part).size() > 0 || process.state() != QProcess::Running, kCopyMs);
    if (process.state() != QProcess::Running) // not QVERIFY2: Qt 6.4 evaluates its message (reading stderr) anyway
        QFAIL(process.readAllStandardError().constData());

    // Hold the server still (every sshd process of the connection), so that the copy cannot
    // end between Ctrl+C and its handling: no race, whatever the machine's speed.
    const QList<pid_t> server = withDescendants(m_sshd.connectionProcesses());
    QVERIFY(!server.isEmpty());
    for (pid_t pid : server)
        ::kill(pid, SIGSTOP);
    auto resume = qScopeGuard([&] {
        for (pid_t pid : server)
            ::kill(pid, SIGCONT);
    });
    QCOMPARE(::kill(pid_t(process.processId()), SIGINT), 0);
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("cancelling"), 30000);
    resume.dismiss();
    for (pid_t pid : server)
        ::kill(pid, SIGCONT);
    QVERIFY(process.waitForFinished(kCopyMs));
    err += process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(err.contains("--resume"), err.constData());
    QVERIFY(QFileInfo(part).size() > 0);
    QVERIFY(!QFileInfo::exists(remote(name)));

    const Ran resumed = cumulus({QStringLiteral("--resume"), local(name), onServer(name)});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(::test::sha256File(remote(name)), ::test::sha256File(local(name)));
    QVERIFY(!QFileInfo::exists(part));
    QFile::remove(remote(name));
    QFile::remove(local(name));
}

void TestCopyCommand::progressBarOnTerminal()
{
    // util-linux's script(1) gives the command a pseudo-terminal: stderr is a tty there.
    QVERIFY(::test::writeFile(local(QStringLiteral("shown.bin")), ::test::randomBytes(2'000'000)));
    const QString command = QStringLiteral("%1 cp %2 %3")
                                    .arg(QStringLiteral(CUMULUS_EXECUTABLE), local(QStringLiteral("shown.bin")),
                                         onServer(QStringLiteral("shown.bin")));
    QProcess process;
    process.setProcessEnvironment(m_env);
    process.start(QStringLiteral("script"), {QStringLiteral("-qefc"), command, QStringLiteral("/dev/null")});
    QVERIFY2(process.waitForFinished(kCopyMs), qPrintable(process.errorString()));
    const QString shown = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(process.exitCode() == 0, qPrintable(shown + QString::fromUtf8(process.readAllStandardError())));
    QCOMPARE(::test::sha256File(remote(QStringLiteral("shown.bin"))), ::test::sha256File(local(QStringLiteral("shown.bin"))));
    // One line redrawn in place (\r), ending at 100 % with the name, the size and a rate.
    const QString last = shown.trimmed().split(QLatin1Char('\r')).last(); // the tty ends lines with \r\n
    QVERIFY2(shown.contains(QLatin1Char('\r')) && last.contains(QLatin1String("shown.bin"))
                     && last.contains(QLatin1String("100%")) && last.contains(QLatin1String("1.91MB"))
                     && last.contains(QLatin1String("/s")),
             qPrintable(shown));
}

QTEST_GUILESS_MAIN(TestCopyCommand)
#include "tst_copycommand.moc"
