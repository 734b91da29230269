// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// SshSession against a real OpenSSH sshd on 127.0.0.1 (tests/remote/sshdfixture.h): login
// with a key, host keys (unknown → prompt with OpenSSH's fingerprint, changed → refused
// without a prompt, HostKeyAlias), a wrong client key, commands, a port forward, and the
// session reconnecting by itself after its connection is killed.

#include "sshdfixture.h"
#include "sshsession.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace cumulus;
using namespace cumulus::remote;

namespace {

constexpr int kConnectMs = 20000;

Result<CommandOutput> run(SshSession &session, const QString &command, const QByteArray &input = {})
{
    std::optional<Result<CommandOutput>> result;
    QObject context;
    session.runCommand(command, input, &context, [&](const Result<CommandOutput> &output) { result = output; });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return result.has_value(); }, kConnectMs);
    if (!result)
        return Error(QStringLiteral("no answer within %1 ms").arg(kConnectMs));
    return *result;
}

bool waitForState(SshSession &session, SshSession::State state, int ms = kConnectMs)
{
    return QTest::qWaitFor([&] { return session.state() == state; }, ms);
}

/// A failed Result's message for QVERIFY2 (whose message is evaluated even on success).
template<typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().toString().toUtf8();
}

} // namespace

class TestSshSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void connectsAndRunsCommands();
    void unknownHostKeyAsksWithFingerprint();
    void unknownHostKeyDeclined();
    void changedHostKeyRefusedWithoutPrompt();
    void hostKeyAlias();
    void wrongClientKey();
    void passphraseProtectedKey();
    void unreachable();
    void forwardCarriesBytes();
    void reconnectsAfterConnectionKilled();
    void runOnSession();
    void shellQuote();

private:
    test::Sshd m_sshd;
    QByteArray m_savedHome;
};

void TestSshSession::initTestCase()
{
    QString error;
    QVERIFY2(m_sshd.start(&error), qPrintable(error));
    m_savedHome = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(m_sshd.home));
    qunsetenv("SSH_AUTH_SOCK"); // never the developer's agent
}

void TestSshSession::cleanupTestCase()
{
    qputenv("HOME", m_savedHome);
    m_sshd.stop();
}

void TestSshSession::init()
{
    QString error;
    QVERIFY2(m_sshd.writeKnownHosts(true, &error), qPrintable(error));
}

void TestSshSession::connectsAndRunsCommands()
{
    SshSession session(m_sshd.server());
    session.setInteractive(false);
    QSignalSpy prompts(&session, &SshSession::promptRequested);
    session.open();
    QVERIFY2(waitForState(session, SshSession::State::Connected), qPrintable(session.lastError().toString()));
    QCOMPARE(prompts.count(), 0);

    auto echoed = run(session, QStringLiteral("echo hello; echo oops >&2; exit 7"));
    QVERIFY2(echoed, why(echoed));
    QCOMPARE(echoed->out, QByteArray("hello\n"));
    QCOMPARE(echoed->err, QByteArray("oops\n"));
    QCOMPARE(echoed->exitStatus, 7);

    // stdin arrives, and the session's environment is the fixture's (not the real HOME).
    auto cat = run(session, QStringLiteral("cat; echo \"$HOME\""), QByteArray("in\x00put\n", 7));
    QVERIFY(cat);
    QCOMPARE(cat->out, QByteArray("in\x00put\n", 7) + m_sshd.remoteHome.toUtf8() + '\n');

    // Several commands at once share the connection.
    std::vector<std::optional<Result<CommandOutput>>> results(8);
    QObject context;
    for (int i = 0; i < 8; ++i)
        session.runCommand(QStringLiteral("sleep 0.2; echo %1").arg(i), {}, &context,
                           [&results, i](const Result<CommandOutput> &output) { results[size_t(i)] = output; });
    QVERIFY(QTest::qWaitFor([&] {
        return std::all_of(results.begin(), results.end(), [](const auto &r) { return r.has_value(); });
    }, kConnectMs));
    for (int i = 0; i < 8; ++i)
        QCOMPARE(results[size_t(i)]->value().out, QByteArray::number(i) + '\n');
}

void TestSshSession::unknownHostKeyAsksWithFingerprint()
{
    QFile::remove(m_sshd.knownHosts);
    SshSession session(m_sshd.server());
    QList<SshPrompt> prompts;
    connect(&session, &SshSession::promptRequested, &session, [&](const SshPrompt &prompt) {
        prompts << prompt;
        session.answerPrompt(prompt.id, QStringLiteral("yes"));
    });
    session.open();
    QVERIFY2(waitForState(session, SshSession::State::Connected), qPrintable(session.lastError().toString()));
    QCOMPARE(prompts.size(), 1);
    QCOMPARE(prompts[0].kind, SshPrompt::Kind::UnknownHostKey);
    QCOMPARE(prompts[0].keyType, QStringLiteral("ssh-ed25519"));
    QCOMPARE(prompts[0].fingerprint, m_sshd.hostKeyFingerprint());
    QVERIFY(prompts[0].text.contains(prompts[0].fingerprint));

    // Remembered as OpenSSH writes it, so the next connection asks nothing.
    QFile known(m_sshd.knownHosts);
    QVERIFY(known.open(QIODevice::ReadOnly));
    QVERIFY(known.readAll().startsWith(QStringLiteral("[127.0.0.1]:%1 ssh-ed25519 ").arg(m_sshd.port).toUtf8()));
    QProcess ssh; // OpenSSH itself accepts the line we wrote
    ssh.start(QStringLiteral("ssh"), {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-o"),
                                      QStringLiteral("BatchMode=yes"), QStringLiteral("-o"),
                                      QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
                                      QStringLiteral("UserKnownHostsFile=") + m_sshd.knownHosts,
                                      QStringLiteral("-i"), m_sshd.clientKey, QStringLiteral("-p"),
                                      QString::number(m_sshd.port),
                                      test::Sshd::userName() + QStringLiteral("@127.0.0.1"), QStringLiteral("true")});
    QVERIFY(ssh.waitForFinished(20000));
    QVERIFY2(ssh.exitCode() == 0, ssh.readAllStandardError().constData());

    SshSession again(m_sshd.server());
    again.setInteractive(false);
    again.open();
    QVERIFY2(waitForState(again, SshSession::State::Connected), qPrintable(again.lastError().toString()));
}

void TestSshSession::unknownHostKeyDeclined()
{
    QFile::remove(m_sshd.knownHosts);
    SshSession session(m_sshd.server());
    connect(&session, &SshSession::promptRequested, &session,
            [&](const SshPrompt &prompt) { session.answerPrompt(prompt.id, std::nullopt); });
    QSignalSpy failed(&session, &SshSession::failed);
    session.open();
    QVERIFY(waitForState(session, SshSession::State::Failed));
    QVERIFY2(session.lastError().message.contains(QLatin1String("not accepted")), qPrintable(session.lastError().message));
    QVERIFY(!QFile::exists(m_sshd.knownHosts));

    // Batch mode: no prompt at all, the same refusal.
    SshSession batch(m_sshd.server());
    batch.setInteractive(false);
    batch.open();
    QVERIFY(waitForState(batch, SshSession::State::Failed));
}

void TestSshSession::changedHostKeyRefusedWithoutPrompt()
{
    QString error;
    QVERIFY2(m_sshd.writeKnownHosts(false, &error), qPrintable(error));
    SshSession session(m_sshd.server());
    QSignalSpy prompts(&session, &SshSession::promptRequested); // interactive, yet never asked
    session.open();
    QVERIFY(waitForState(session, SshSession::State::Failed));
    const QString message = session.lastError().message;
    QVERIFY2(message.contains(QLatin1String("REFUSED")) && message.contains(QLatin1String("changed"))
                     && message.contains(m_sshd.hostKeyFingerprint()) && message.contains(m_sshd.knownHosts),
             qPrintable(message));
    QCOMPARE(prompts.count(), 0);
    // The file is left alone: the person removes the old key.
    QFile known(m_sshd.knownHosts);
    QVERIFY(known.open(QIODevice::ReadOnly));
    QCOMPARE(known.readAll().count('\n'), 1);
}

void TestSshSession::hostKeyAlias()
{
    // gcloud's config-ssh: keys are recorded under "compute.<id>", not the address.
    QString error;
    QVERIFY2(m_sshd.writeKnownHosts(true, &error, QStringLiteral("compute.1234567890")), qPrintable(error));
    ServerConfig server = m_sshd.server();
    server.hostKeyAlias = QStringLiteral("compute.1234567890");
    {
        SshSession session(server);
        session.setInteractive(false);
        session.open();
        QVERIFY2(waitForState(session, SshSession::State::Connected), qPrintable(session.lastError().toString()));
    }
    {
        // Without the alias the address is unknown.
        SshSession session(m_sshd.server());
        session.setInteractive(false);
        session.open();
        QVERIFY(waitForState(session, SshSession::State::Failed));
    }
    QVERIFY2(m_sshd.writeKnownHosts(false, &error, QStringLiteral("compute.1234567890")), qPrintable(error));
    SshSession changed(server);
    changed.open();
    QVERIFY(waitForState(changed, SshSession::State::Failed));
    QVERIFY2(changed.lastError().message.contains(QLatin1String("REFUSED")), qPrintable(changed.lastError().message));
}

void TestSshSession::wrongClientKey()
{
    const QString otherKey = m_sshd.root + QStringLiteral("/not_authorized");
    if (!QFile::exists(otherKey)) {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                    QStringLiteral("-N"), QString(), QStringLiteral("-f"), otherKey});
        QVERIFY(keygen.waitForFinished(20000));
    }
    ServerConfig server = m_sshd.server();
    server.identityFiles = {otherKey};
    SshSession session(server);
    session.setInteractive(false);
    session.open();
    QVERIFY(waitForState(session, SshSession::State::Failed));
    QVERIFY2(session.lastError().message.contains(QLatin1String("authentication failed")),
             qPrintable(session.lastError().message));
    QVERIFY(session.lastError().message.contains(otherKey));
}

void TestSshSession::passphraseProtectedKey()
{
    const QString key = m_sshd.root + QStringLiteral("/protected_ed25519");
    if (!QFile::exists(key)) {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                    QStringLiteral("-N"), QStringLiteral("s3cret phrase"),
                                                    QStringLiteral("-f"), key});
        QVERIFY(keygen.waitForFinished(20000));
        QFile pub(key + QStringLiteral(".pub"));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        QFile authorized(m_sshd.root + QStringLiteral("/authorized_keys"));
        QVERIFY(authorized.open(QIODevice::Append));
        authorized.write(pub.readAll());
    }
    ServerConfig server = m_sshd.server();
    server.identityFiles = {key};
    for (const QString &answer : {QStringLiteral("wrong"), QStringLiteral("s3cret phrase")}) {
        SshSession session(server);
        QList<SshPrompt> prompts;
        connect(&session, &SshSession::promptRequested, &session, [&](const SshPrompt &prompt) {
            prompts << prompt;
            session.answerPrompt(prompt.id, answer);
        });
        session.open();
        const bool right = answer.startsWith(QLatin1String("s3cret"));
        QVERIFY(waitForState(session, right ? SshSession::State::Connected : SshSession::State::Failed));
        QCOMPARE(prompts.size(), 1);
        QCOMPARE(prompts[0].kind, SshPrompt::Kind::Passphrase);
        QVERIFY(prompts[0].text.contains(key));
        QCOMPARE(prompts[0].secretKey, QStringLiteral("ssh-passphrase:") + key);
        QCOMPARE(prompts[0].echo, false);
    }
}

void TestSshSession::unreachable()
{
    ServerConfig server = m_sshd.server();
    server.port = 1; // nothing listens there
    SshSession session(server);
    session.setInteractive(false);
    session.open();
    QVERIFY(waitForState(session, SshSession::State::Failed));
    QVERIFY2(session.lastError().message.contains(QLatin1String("cannot connect")), qPrintable(session.lastError().message));
    // A command on a failed session fails rather than waiting forever.
    auto ran = run(session, QStringLiteral("true"));
    QVERIFY(!ran);
}

void TestSshSession::forwardCarriesBytes()
{
    SshSession session(m_sshd.server());
    session.setInteractive(false);
    session.open();
    QVERIFY(waitForState(session, SshSession::State::Connected));
    // The sshd's own port, seen from the server: the forward should carry its banner.
    auto local = session.forward(QStringLiteral("127.0.0.1"), m_sshd.port);
    QVERIFY2(local, why(local));
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(*local);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QByteArray banner;
    QVERIFY(QTest::qWaitFor([&] {
        char buffer[256];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0)
            banner.append(buffer, n);
        return banner.contains('\n');
    }, kConnectMs));
    ::close(fd);
    QVERIFY2(banner.startsWith("SSH-2.0-OpenSSH"), banner.constData());
}

void TestSshSession::reconnectsAfterConnectionKilled()
{
    SshSession session(m_sshd.server());
    session.setInteractive(false);
    session.open();
    QVERIFY(waitForState(session, SshSession::State::Connected));
    QVERIFY(run(session, QStringLiteral("true")));
    QSignalSpy reconnecting(&session, &SshSession::reconnecting);
    QList<SshSession::State> states;
    connect(&session, &SshSession::stateChanged, &session, [&](SshSession::State state) { states << state; });
    QVERIFY(m_sshd.killConnections() > 0);
    QVERIFY(QTest::qWaitFor([&] { return states.contains(SshSession::State::Reconnecting); }, kConnectMs));
    QVERIFY(waitForState(session, SshSession::State::Connected));
    QVERIFY(reconnecting.count() >= 1);
    auto after = run(session, QStringLiteral("echo back"));
    QVERIFY2(after, why(after));
    QCOMPARE(after->out, QByteArray("back\n"));
}

void TestSshSession::runOnSession()
{
    SshSession session(m_sshd.server());
    session.setInteractive(false);
    // Queued while the connection is being made: runs once connected, on the session's thread.
    session.open();
    std::atomic<void *> seen = nullptr;
    std::atomic<bool> ran = false;
    std::atomic<bool> otherThread = false;
    QThread *const testThread = QThread::currentThread();
    session.runOnSession([&](void *raw) {
        seen = raw;
        otherThread = QThread::currentThread() != testThread;
        ran = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return ran.load(); }, kConnectMs));
    QVERIFY(seen.load() != nullptr);
    QVERIFY(otherThread.load());

    // After close(), a task hears nullptr instead of waiting for ever.
    session.close();
    QVERIFY(waitForState(session, SshSession::State::Closed));
    ran = false;
    seen = reinterpret_cast<void *>(1);
    session.runOnSession([&](void *raw) {
        seen = raw;
        ran = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return ran.load(); }, kConnectMs));
    QCOMPARE(seen.load(), nullptr);
}

void TestSshSession::shellQuote()
{
    QCOMPARE(SshSession::shellQuote(QStringLiteral("plain-name_1.txt")), QStringLiteral("plain-name_1.txt"));
    QCOMPARE(SshSession::shellQuote(QString()), QStringLiteral("''"));
    QCOMPARE(SshSession::shellQuote(QStringLiteral("it's $HOME")), QStringLiteral("'it'\\''s $HOME'"));
    SshSession session(m_sshd.server());
    session.setInteractive(false);
    session.open();
    QVERIFY(waitForState(session, SshSession::State::Connected));
    const QString nasty = QStringLiteral("a'b\"c $x `y` \\ ü 文件");
    auto echoed = run(session, QStringLiteral("printf %s ") + SshSession::shellQuote(nasty));
    QVERIFY(echoed);
    QCOMPARE(QString::fromUtf8(echoed->out), nasty);
}

QTEST_GUILESS_MAIN(TestSshSession)
#include "tst_sshsession.moc"
