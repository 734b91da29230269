// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// ServerRegistry: ssh config hosts, servers added in the app (QSettings in a temporary
// directory) and ad-hoc names.

#include "serverregistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cumulus;
using namespace cumulus::remote;

class TestServerRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QTemporaryDir m_settingsDir;
    QString m_configPath;

    static QString settingsText()
    {
        QSettings settings;
        settings.sync();
        QFile f(settings.fileName());
        if (!f.open(QIODevice::ReadOnly))
            return QString();
        return QString::fromUtf8(f.readAll());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_home.isValid());
        QVERIFY(m_settingsDir.isValid());
        qputenv("HOME", QFile::encodeName(m_home.path()));
        QCoreApplication::setOrganizationName(QStringLiteral("CumulusTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_serverregistry"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QVERIFY(QSettings().fileName().startsWith(m_settingsDir.path()));

        QDir().mkpath(m_home.path() + QStringLiteral("/.ssh"));
        m_configPath = m_home.path() + QStringLiteral("/cumulus-ssh-config");
        QFile f(m_configPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Host gpu.us-central1-a.proj\n"
                "  HostName 34.1.2.3\n"
                "  IdentityFile ~/.ssh/google_compute_engine\n"
                "  HostKeyAlias compute.42\n"
                "Host box\n"
                "  HostName box.example.com\n"
                "  User boxuser\n"
                "  Port 2200\n"
                "Host *.corp\n"
                "  ProxyJump jump.corp\n"
                "  User corpuser\n"
                "Host *\n"
                "  IdentityFile ~/.ssh/common\n"
                "  ServerAliveInterval 30\n");
        f.close();
        qputenv("CUMULUS_SSH_CONFIG", QFile::encodeName(m_configPath));
    }

    void init() { QSettings().clear(); }

    void sshConfigHosts()
    {
        ServerRegistry registry;
        QVERIFY(registry.warnings().isEmpty());
        QCOMPARE(registry.sshConfig().path(), m_configPath);
        const QList<ServerConfig> servers = registry.servers();
        QCOMPARE(servers.size(), 2);
        QCOMPARE(servers[0].name, QStringLiteral("gpu.us-central1-a.proj"));
        QCOMPARE(servers[0].hostName, QStringLiteral("34.1.2.3"));
        QCOMPARE(servers[0].source, ServerConfig::Source::SshConfig);
        QCOMPARE(servers[0].knownHostsName(), QStringLiteral("compute.42"));
        QCOMPARE(servers[1].name, QStringLiteral("box"));
        QCOMPARE(servers[1].port, 2200);

        auto box = registry.resolve(QStringLiteral("box"));
        QVERIFY(box.ok());
        QCOMPARE(box->user, QStringLiteral("boxuser"));
        QCOMPARE(box->origin, QStringLiteral("~/cumulus-ssh-config:5"));
        QCOMPARE(box->identityFiles,
                 QStringList{m_home.path() + QStringLiteral("/.ssh/common")});
    }

    void adHoc_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("hostName");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("proxyJump");
        QTest::newRow("host") << "example.org" << "example.org" << "" << 22 << "";
        QTest::newRow("user@host") << "ann@example.org" << "example.org" << "ann" << 22 << "";
        QTest::newRow("user@host:port") << "ann@example.org:2222" << "example.org" << "ann"
                                        << 2222 << "";
        QTest::newRow("host:port") << "10.0.0.5:8022" << "10.0.0.5" << "" << 8022 << "";
        QTest::newRow("bracketed ipv6 with port") << "[::1]:2222" << "::1" << "" << 2222 << "";
        QTest::newRow("user and ipv6 with zone") << "bob@[fe80::1%eth0]:22" << "fe80::1%eth0"
                                                 << "bob" << 22 << "";
        QTest::newRow("bracketed ipv6 without port") << "[2001:db8::5]" << "2001:db8::5" << ""
                                                     << 22 << "";
        QTest::newRow("bare ipv6") << "::1" << "::1" << "" << 22 << "";
        QTest::newRow("upper case host") << "Example.ORG" << "example.org" << "" << 22 << "";
        QTest::newRow("wildcard host gets config")
            << "db.corp" << "db.corp" << "corpuser" << 22 << "jump.corp";
        QTest::newRow("typed user beats config") << "me@db.corp:23" << "db.corp" << "me" << 23
                                                 << "jump.corp";
        QTest::newRow("alias with user and port is ad hoc through the alias")
            << "root@box:2201" << "box.example.com" << "root" << 2201 << "";
        QTest::newRow("surrounding spaces trimmed") << "  example.org  " << "example.org" << ""
                                                    << 22 << "";
    }

    void adHoc()
    {
        QFETCH(QString, name);
        QFETCH(QString, hostName);
        QFETCH(QString, user);
        QFETCH(int, port);
        QFETCH(QString, proxyJump);
        ServerRegistry registry;
        auto s = registry.resolve(name);
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
        QCOMPARE(s->name, name.trimmed());
        QCOMPARE(s->source, ServerConfig::Source::AdHoc);
        QCOMPARE(s->hostName, hostName);
        QCOMPARE(s->user, user);
        QCOMPARE(s->port, port);
        QCOMPARE(s->proxyJump, proxyJump);
        QCOMPARE(s->serverAliveIntervalS, 30); // Host * applies to ad-hoc names too
    }

    void invalidNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("needle");
        QTest::newRow("empty") << "" << "no server name";
        QTest::newRow("blank") << "   " << "no server name";
        QTest::newRow("user only") << "ann@" << "no host";
        QTest::newRow("empty user") << "@host" << "user";
        QTest::newRow("empty port") << "host:" << "port";
        QTest::newRow("port not a number") << "host:ssh" << "ssh";
        QTest::newRow("port too big") << "host:70000" << "70000";
        QTest::newRow("port zero") << "host:0" << "65535";
        QTest::newRow("unclosed bracket") << "[::1:22" << "]";
        QTest::newRow("junk after bracket") << "[::1]x" << "x";
        QTest::newRow("space inside") << "my host" << "space";
        QTest::newRow("option injection") << "-oProxyCommand=touch" << "bad host";
        QTest::newRow("slash") << "host/path" << "bad host";
        QTest::newRow("shell characters") << "host;rm" << "bad host";
    }

    void invalidNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, needle);
        ServerRegistry registry;
        auto s = registry.resolve(name);
        QVERIFY(!s.ok());
        const QString message = s.error().toString();
        QVERIFY2(message.contains(needle, Qt::CaseInsensitive), qPrintable(message));
        if (!name.trimmed().isEmpty())
            QVERIFY2(message.contains(name), qPrintable(message));
    }

    void addAndRemove()
    {
        ServerRegistry registry;
        QSignalSpy changed(&registry, &ServerRegistry::serversChanged);
        ServerConfig s;
        s.name = QStringLiteral("My GPU");
        s.hostName = QStringLiteral("gpu.corp");
        s.user = QStringLiteral("me");
        s.port = 2222;
        s.identityFiles = {QStringLiteral("/keys/gpu")};
        QVERIFY(registry.add(s).ok());
        QCOMPARE(changed.size(), 1);

        // A fresh registry (as after an app restart) sees it, resolved through the ssh config.
        ServerRegistry reloaded;
        QCOMPARE(reloaded.appServers().size(), 1);
        QCOMPARE(reloaded.servers().size(), 3);
        QCOMPARE(reloaded.servers().last().name, QStringLiteral("My GPU"));
        auto r = reloaded.resolve(QStringLiteral("My GPU"));
        QVERIFY(r.ok());
        QCOMPARE(r->source, ServerConfig::Source::App);
        QCOMPARE(r->origin, QStringLiteral("added in Cumulus"));
        QCOMPARE(r->hostName, QStringLiteral("gpu.corp"));
        QCOMPARE(r->user, QStringLiteral("me"));  // the app's value wins over Host *.corp
        QCOMPARE(r->port, 2222);
        QCOMPARE(r->proxyJump, QStringLiteral("jump.corp")); // filled in from the ssh config
        QCOMPARE(r->identityFiles, (QStringList{QStringLiteral("/keys/gpu"),
                                                m_home.path() + QStringLiteral("/.ssh/common")}));
        QCOMPARE(r->knownHostsName(), QStringLiteral("[gpu.corp]:2222"));

        // Same name replaces.
        s.port = 2223;
        QVERIFY(registry.add(s).ok());
        QCOMPARE(registry.appServers().size(), 1);
        QCOMPARE(registry.resolve(QStringLiteral("My GPU"))->port, 2223);

        // No secret ever lands in the settings file.
        const QString text = settingsText();
        QVERIFY(text.contains(QStringLiteral("gpu.corp")));
        QVERIFY(!text.contains(QStringLiteral("pass"), Qt::CaseInsensitive));

        QVERIFY(registry.remove(QStringLiteral("My GPU")).ok());
        QCOMPARE(changed.size(), 3);
        QVERIFY(ServerRegistry().appServers().isEmpty());
        // Removed: the name is now an ad-hoc host name, and "My GPU" is not a valid one.
        QVERIFY(!registry.resolve(QStringLiteral("My GPU")).ok());
    }

    void addRefusals_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("hostName");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("needle");
        QTest::newRow("empty name") << "" << "h" << 22 << "name";
        QTest::newRow("ssh config alias") << "box" << "h" << 22 << "cumulus-ssh-config:5";
        QTest::newRow("no host") << "n" << "" << 22 << "host";
        QTest::newRow("bad host") << "n" << "-oProxyCommand=x" << 22 << "-oProxyCommand=x";
        QTest::newRow("port zero") << "n" << "h" << 0 << "65535";
        QTest::newRow("port too big") << "n" << "h" << 65536 << "65536";
    }

    void addRefusals()
    {
        QFETCH(QString, name);
        QFETCH(QString, hostName);
        QFETCH(int, port);
        QFETCH(QString, needle);
        ServerRegistry registry;
        ServerConfig s;
        s.name = name;
        s.hostName = hostName;
        s.port = port;
        auto result = registry.add(s);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().toString().contains(needle), qPrintable(result.error().toString()));
        QVERIFY(registry.appServers().isEmpty());
        QVERIFY(ServerRegistry().appServers().isEmpty());
    }

    void removeRefusals()
    {
        ServerRegistry registry;
        auto unknown = registry.remove(QStringLiteral("nope"));
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().toString().contains(QStringLiteral("nope")));
        auto alias = registry.remove(QStringLiteral("box"));
        QVERIFY(!alias.ok());
        QVERIFY(alias.error().toString().contains(QStringLiteral("ssh configuration")));
    }

    void ipv6AppServer()
    {
        ServerRegistry registry;
        ServerConfig s;
        s.name = QStringLiteral("v6");
        s.hostName = QStringLiteral("[::1]");
        s.port = 2022;
        QVERIFY(registry.add(s).ok());
        auto r = registry.resolve(QStringLiteral("v6"));
        QVERIFY(r.ok());
        QCOMPARE(r->hostName, QStringLiteral("::1"));
        QCOMPARE(r->knownHostsName(), QStringLiteral("[::1]:2022"));
    }

    void missingConfigIsFine()
    {
        qputenv("CUMULUS_SSH_CONFIG", QFile::encodeName(m_home.path() + QStringLiteral("/none")));
        ServerRegistry registry;
        QVERIFY(registry.servers().isEmpty());
        QVERIFY(registry.warnings().isEmpty());
        QVERIFY(registry.resolve(QStringLiteral("box")).ok());
        QCOMPARE(registry.resolve(QStringLiteral("box"))->hostName, QStringLiteral("box"));
        qputenv("CUMULUS_SSH_CONFIG", QFile::encodeName(m_configPath));
    }
};

QTEST_GUILESS_MAIN(TestServerRegistry)
#include "tst_serverregistry.moc"
