// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// SecretStore against no keyring, a session bus without a Secret Service, and a real one: a
// private dbus-daemon (its own config, no service activation) plus gnome-keyring-daemon with
// a login keyring in a temporary HOME. The user's own bus and keyring are never contacted.
// The order of the tests matters: qtkeychain and GDBus pick their bus once per process, so
// no job reaches qtkeychain before realKeyring().

#include "secretstore.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace cumulus;
using namespace cumulus::remote;

namespace {

/// Collects one asynchronous answer.
template <typename T>
struct Answer
{
    std::optional<Result<T>> result;
    bool called() const { return result.has_value(); }
};

const QString kSecret = QStringLiteral("pässwörd with spaces & symbols ✓ 42");

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_busAddress;

    QString path(const QString &relative) const
    {
        return m_dir.path() + QLatin1Char('/') + relative;
    }

    Result<std::optional<QString>> readSync(SecretStore &store, const QString &key)
    {
        Answer<std::optional<QString>> answer;
        store.read(key, this, [&](Result<std::optional<QString>> r) { answer.result = r; });
        if (answer.called())
            qFatal("callback ran inside read()");
        if (!QTest::qWaitFor([&] { return answer.called(); }, 20000))
            return Error(QStringLiteral("timed out"));
        return *answer.result;
    }

    Result<void> writeSync(SecretStore &store, const QString &key, const QString &secret)
    {
        Answer<void> answer;
        store.write(key, secret, this, [&](Result<void> r) { answer.result = r; });
        if (answer.called())
            qFatal("callback ran inside write()");
        if (!QTest::qWaitFor([&] { return answer.called(); }, 20000))
            return Error(QStringLiteral("timed out"));
        return *answer.result;
    }

    Result<void> removeSync(SecretStore &store, const QString &key)
    {
        Answer<void> answer;
        store.remove(key, this, [&](Result<void> r) { answer.result = r; });
        if (!QTest::qWaitFor([&] { return answer.called(); }, 20000))
            return Error(QStringLiteral("timed out"));
        return *answer.result;
    }

    void expectNoKeyring(const QString &detail)
    {
        SecretStore store;
        const QString key = SecretStore::passwordKey(QStringLiteral("u"), QStringLiteral("h"), 22);
        auto read = readSync(store, key);
        QVERIFY(!read.ok());
        QVERIFY2(read.error().message.startsWith(QStringLiteral("no OS keyring available: ")),
                 qPrintable(read.error().message));
        QVERIFY2(read.error().message.contains(detail), qPrintable(read.error().message));
        auto write = writeSync(store, key, kSecret);
        QVERIFY(!write.ok());
        QVERIFY(write.error().message.startsWith(QStringLiteral("no OS keyring available: ")));
        auto remove = removeSync(store, key);
        QVERIFY(!remove.ok());
        QVERIFY(remove.error().message.startsWith(QStringLiteral("no OS keyring available: ")));
    }

    /// No file under the temporary HOME or the settings directory holds the secret in clear.
    void verifyNoPlainText()
    {
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray data = f.readAll();
            QVERIFY2(!data.contains(kSecret.toUtf8()), qPrintable(f.fileName()));
        }
    }

    bool startBus()
    {
        if (!m_busAddress.isEmpty())
            return true;
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        if (daemon.isEmpty())
            return false;
        // No <servicedir>: nothing is activated on demand, so only what the test starts exists.
        QFile config(path(QStringLiteral("bus.conf")));
        if (!config.open(QIODevice::WriteOnly))
            return false;
        config.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                     "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                     "<busconfig><type>session</type><listen>unix:dir="
                     + QFile::encodeName(m_dir.path())
                     + "</listen><auth>EXTERNAL</auth><policy context=\"default\">"
                       "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                       "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n");
        config.close();
        m_bus.setProgram(daemon);
        m_bus.setArguments({QStringLiteral("--config-file=") + config.fileName(),
                            QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
        m_bus.setProcessChannelMode(QProcess::SeparateChannels);
        m_bus.start();
        if (!m_bus.waitForStarted(10000))
            return false;
        while (!m_bus.canReadLine()) {
            if (!m_bus.waitForReadyRead(10000))
                return false;
        }
        m_busAddress = QString::fromUtf8(m_bus.readLine()).trimmed();
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_busAddress.toUtf8());
        return !m_busAddress.isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("CumulusTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_secretstore"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                           path(QStringLiteral("settings")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           path(QStringLiteral("settings")));
        // A private world: nothing here may reach the user's session bus or keyring.
        qputenv("HOME", QFile::encodeName(path(QStringLiteral("home"))));
        qputenv("XDG_DATA_HOME", QFile::encodeName(path(QStringLiteral("home/.local/share"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(path(QStringLiteral("home/.config"))));
        qputenv("XDG_CACHE_HOME", QFile::encodeName(path(QStringLiteral("home/.cache"))));
        QVERIFY(QDir().mkpath(path(QStringLiteral("home/.local/share"))));
        QVERIFY(QDir().mkpath(path(QStringLiteral("run"))));
        QFile::setPermissions(path(QStringLiteral("run")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(path(QStringLiteral("run"))));
        for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                                 "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION",
                                 "KDE_SESSION_VERSION", "GNOME_KEYRING_CONTROL"})
            qunsetenv(name);
    }

    void cleanupTestCase()
    {
        for (QProcess *p : {&m_keyring, &m_bus}) {
            if (p->state() != QProcess::NotRunning) {
                p->terminate();
                if (!p->waitForFinished(5000)) {
                    p->kill();
                    p->waitForFinished(5000);
                }
            }
        }
    }

    void keys()
    {
        QCOMPARE(SecretStore::serviceName(), QStringLiteral("Cumulus"));
        QCOMPARE(SecretStore::passphraseKey(QStringLiteral("/home/me/.ssh/../.ssh/id_ed25519")),
                 QStringLiteral("ssh-passphrase:/home/me/.ssh/id_ed25519"));
        QVERIFY(SecretStore::passphraseKey(QStringLiteral("rel/key"))
                    .startsWith(QStringLiteral("ssh-passphrase:/")));
        QCOMPARE(SecretStore::passwordKey(QStringLiteral("ann"), QStringLiteral("gpu.example.com"),
                                          2222),
                 QStringLiteral("ssh-password:ann@gpu.example.com:2222"));
        QCOMPARE(SecretStore::passwordKey(QStringLiteral("ann"), QStringLiteral("::1"), 22),
                 QStringLiteral("ssh-password:ann@[::1]:22"));
    }

    void noSessionBus() { expectNoKeyring(QStringLiteral("D-Bus session bus")); }

    void busWithoutSecretService()
    {
        if (!startBus())
            QSKIP("dbus-daemon is not available (package dbus-daemon)");
        expectNoKeyring(QStringLiteral("no Secret Service"));
    }

    void contextDestroyedBeforeAnswer()
    {
        SecretStore store;
        bool called = false;
        auto *context = new QObject;
        store.read(QStringLiteral("k"), context, [&](auto) { called = true; });
        delete context;
        QTest::qWait(300);
        QVERIFY(!called);
    }

    void realKeyring()
    {
        if (!startBus())
            QSKIP("dbus-daemon is not available (package dbus-daemon)");
        const QString daemon
            = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (daemon.isEmpty())
            QSKIP("gnome-keyring-daemon is not installed (package gnome-keyring)");
        // --unlock reads the login keyring's password from stdin and creates the keyring; an
        // empty password would need a graphical prompter.
        m_keyring.setProgram(daemon);
        m_keyring.setArguments({QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                                QStringLiteral("--components=secrets")});
        m_keyring.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_keyring.start();
        QVERIFY(m_keyring.waitForStarted(10000));
        m_keyring.write("test-keyring-password");
        m_keyring.closeWriteChannel();
        {
            QDBusConnection bus = QDBusConnection::connectToBus(m_busAddress,
                                                                QStringLiteral("tst-watch"));
            QVERIFY(bus.isConnected());
            QTRY_VERIFY_WITH_TIMEOUT(
                bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")),
                15000);
        }
        QDBusConnection::disconnectFromBus(QStringLiteral("tst-watch"));

        SecretStore store;
        const QString key
            = SecretStore::passphraseKey(path(QStringLiteral("home/.ssh/id_ed25519")));
        const QString other = SecretStore::passwordKey(QStringLiteral("ann"),
                                                       QStringLiteral("gpu.example.com"), 22);

        auto missing = readSync(store, key);
        QVERIFY2(missing.ok(), qPrintable(missing.ok() ? QString() : missing.error().message));
        QVERIFY(!missing->has_value());

        auto written = writeSync(store, key, kSecret);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        QVERIFY(writeSync(store, other, QStringLiteral("other secret")).ok());

        auto read = readSync(store, key);
        QVERIFY(read.ok());
        QVERIFY(read->has_value());
        QCOMPARE(**read, kSecret);

        // A second store (as after an app restart) reads it back too.
        SecretStore second;
        auto again = readSync(second, other);
        QVERIFY(again.ok());
        QCOMPARE(again->value_or(QString()), QStringLiteral("other secret"));

        QVERIFY(writeSync(store, key, QStringLiteral("replaced")).ok());
        QCOMPARE(readSync(store, key)->value_or(QString()), QStringLiteral("replaced"));
        QVERIFY(writeSync(store, key, kSecret).ok());

        verifyNoPlainText();

        QVERIFY(removeSync(store, key).ok());
        auto gone = readSync(store, key);
        QVERIFY(gone.ok());
        QVERIFY(!gone->has_value());
        QVERIFY(removeSync(store, key).ok()); // removing what is not there succeeds
        QCOMPARE(readSync(store, other)->value_or(QString()), QStringLiteral("other secret"));
        QVERIFY(removeSync(store, other).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
