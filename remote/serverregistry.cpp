// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "serverregistry.h"

#include <QSettings>

namespace cumulus::remote {

namespace {

const QString kGroup = QStringLiteral("servers");

bool isHostChar(QChar c, bool ipv6)
{
    if (c.isLetterOrNumber() && c.unicode() < 128)
        return true;
    if (c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('_'))
        return true;
    return ipv6 && (c == QLatin1Char(':') || c == QLatin1Char('%'));
}

/// Host names reach `ssh -W` (ProxyJump) and ProxyCommand: refuse anything an option or a
/// shell could misread.
bool validHost(const QString &host, bool ipv6)
{
    if (host.isEmpty() || host.startsWith(QLatin1Char('-')))
        return false;
    for (QChar c : host) {
        if (!isHostChar(c, ipv6))
            return false;
    }
    return true;
}

bool validUser(const QString &user)
{
    if (user.isEmpty() || user.startsWith(QLatin1Char('-')))
        return false;
    for (QChar c : user) {
        if (c.isSpace() || c == QLatin1Char('/') || c == QLatin1Char(':') || c == QLatin1Char('@')
            || c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

int parsePortText(const QString &text)
{
    if (text.isEmpty() || text.size() > 5)
        return 0;
    for (QChar c : text) {
        if (!c.isDigit() || c.unicode() > 127)
            return 0;
    }
    const int port = text.toInt();
    return port >= 1 && port <= 65535 ? port : 0;
}

} // namespace

Result<AdHocAddress> AdHocAddress::parse(const QString &input)
{
    const QString text = input.trimmed();
    auto invalid = [&](const QString &why) {
        return Error(ServerRegistry::tr("\"%1\" is not a valid server name: %2").arg(input, why));
    };
    if (text.isEmpty())
        return Error(ServerRegistry::tr("no server name given"));
    for (QChar c : text) {
        if (c.isSpace())
            return invalid(ServerRegistry::tr("it contains a space"));
    }
    AdHocAddress a;
    QString rest = text;
    if (const qsizetype at = rest.lastIndexOf(QLatin1Char('@')); at >= 0) {
        a.user = rest.left(at);
        rest = rest.mid(at + 1);
        if (!validUser(a.user))
            return invalid(ServerRegistry::tr("bad user name \"%1\"").arg(a.user));
    }
    QString portText;
    bool ipv6 = false;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return invalid(ServerRegistry::tr("missing \"]\""));
        a.host = rest.mid(1, close - 1);
        ipv6 = true;
        const QString tail = rest.mid(close + 1);
        if (!tail.isEmpty()) {
            if (!tail.startsWith(QLatin1Char(':')))
                return invalid(ServerRegistry::tr("unexpected \"%1\" after \"]\"").arg(tail));
            portText = tail.mid(1);
            if (portText.isEmpty())
                return invalid(ServerRegistry::tr("no port after \":\""));
        }
    } else if (rest.count(QLatin1Char(':')) == 1) {
        const qsizetype colon = rest.indexOf(QLatin1Char(':'));
        a.host = rest.left(colon);
        portText = rest.mid(colon + 1);
        if (portText.isEmpty())
            return invalid(ServerRegistry::tr("no port after \":\""));
    } else {
        // Several colons and no brackets: a bare IPv6 address (ssh ::1), no port.
        a.host = rest;
        ipv6 = rest.contains(QLatin1Char(':'));
    }
    if (a.host.isEmpty())
        return invalid(ServerRegistry::tr("no host name"));
    if (!validHost(a.host, ipv6))
        return invalid(ServerRegistry::tr("bad host name \"%1\"").arg(a.host));
    if (!portText.isEmpty()) {
        a.port = parsePortText(portText);
        if (a.port == 0)
            return invalid(
                ServerRegistry::tr("the port must be a number from 1 to 65535, not \"%1\"")
                    .arg(portText));
    }
    return a;
}

ServerRegistry::ServerRegistry(QObject *parent) : QObject(parent), m_ownConfig(true)
{
    reload();
}

ServerRegistry::ServerRegistry(SshConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    loadAppServers();
}

ServerRegistry::~ServerRegistry() = default;

void ServerRegistry::reload()
{
    m_loadErrors.clear();
    if (m_ownConfig) {
        auto config = SshConfig::load(SshConfig::userConfigPath());
        if (config) {
            m_config = std::move(config).value();
        } else {
            m_loadErrors << config.error();
            m_config = SshConfig();
        }
    }
    loadAppServers();
    Q_EMIT serversChanged();
}

void ServerRegistry::loadAppServers()
{
    m_appServers.clear();
    QSettings settings;
    const int count = settings.beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ServerConfig s;
        s.name = settings.value(QStringLiteral("name")).toString();
        s.hostName = settings.value(QStringLiteral("hostName")).toString();
        if (s.name.isEmpty() || s.hostName.isEmpty())
            continue;
        s.user = settings.value(QStringLiteral("user")).toString();
        s.port = settings.value(QStringLiteral("port"), 22).toInt();
        s.identityFiles = settings.value(QStringLiteral("identityFiles")).toStringList();
        s.identitiesOnly = settings.value(QStringLiteral("identitiesOnly"), false).toBool();
        s.knownHostsFiles = settings.value(QStringLiteral("knownHostsFiles")).toStringList();
        s.hostKeyAlias = settings.value(QStringLiteral("hostKeyAlias")).toString();
        s.proxyJump = settings.value(QStringLiteral("proxyJump")).toString();
        s.proxyCommand = settings.value(QStringLiteral("proxyCommand")).toString();
        s.serverAliveIntervalS = settings.value(QStringLiteral("serverAliveInterval"), 0).toInt();
        s.connectTimeoutS = settings.value(QStringLiteral("connectTimeout"), 0).toInt();
        s.source = ServerConfig::Source::App;
        s.origin = tr("added in Cumulus");
        m_appServers << s;
    }
    settings.endArray();
}

Result<void> ServerRegistry::saveAppServers()
{
    QSettings settings;
    settings.remove(kGroup);
    // Only connection parameters: passwords and passphrases live in the OS keyring (SecretStore).
    settings.beginWriteArray(kGroup, int(m_appServers.size()));
    for (int i = 0; i < m_appServers.size(); ++i) {
        const ServerConfig &s = m_appServers[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), s.name);
        settings.setValue(QStringLiteral("hostName"), s.hostName);
        settings.setValue(QStringLiteral("user"), s.user);
        settings.setValue(QStringLiteral("port"), s.port);
        settings.setValue(QStringLiteral("identityFiles"), s.identityFiles);
        settings.setValue(QStringLiteral("identitiesOnly"), s.identitiesOnly);
        settings.setValue(QStringLiteral("knownHostsFiles"), s.knownHostsFiles);
        settings.setValue(QStringLiteral("hostKeyAlias"), s.hostKeyAlias);
        settings.setValue(QStringLiteral("proxyJump"), s.proxyJump);
        settings.setValue(QStringLiteral("proxyCommand"), s.proxyCommand);
        settings.setValue(QStringLiteral("serverAliveInterval"), s.serverAliveIntervalS);
        settings.setValue(QStringLiteral("connectTimeout"), s.connectTimeoutS);
    }
    settings.endArray();
    settings.sync();
    if (settings.status() != QSettings::NoError)
        return Error(tr("cannot save the servers to %1").arg(settings.fileName()));
    return {};
}

ServerConfig ServerRegistry::resolveAppServer(const ServerConfig &stored) const
{
    // The app server's fields act like ssh's command-line options: they win, and the ssh
    // config fills in the rest for its HostName (Host * defaults, IdentityFile …).
    SshOverrides o;
    o.user = stored.user;
    o.port = stored.port;
    o.identityFiles = stored.identityFiles;
    o.identitiesOnly = stored.identitiesOnly;
    o.knownHostsFiles = stored.knownHostsFiles;
    o.hostKeyAlias = stored.hostKeyAlias;
    o.proxyJump = stored.proxyJump;
    o.proxyCommand = stored.proxyCommand;
    o.serverAliveIntervalS = stored.serverAliveIntervalS;
    o.connectTimeoutS = stored.connectTimeoutS;
    ServerConfig s = m_config.resolve(stored.hostName, o);
    s.name = stored.name;
    s.source = ServerConfig::Source::App;
    s.origin = stored.origin;
    return s;
}

QList<ServerConfig> ServerRegistry::servers() const
{
    QList<ServerConfig> out;
    const QStringList aliases = m_config.hostAliases();
    for (const QString &alias : aliases)
        out << m_config.resolve(alias);
    for (const ServerConfig &stored : m_appServers) {
        if (!aliases.contains(stored.name))
            out << resolveAppServer(stored);
    }
    return out;
}

Result<ServerConfig> ServerRegistry::resolve(const QString &name) const
{
    if (m_config.hostAliases().contains(name))
        return m_config.resolve(name);
    for (const ServerConfig &stored : m_appServers) {
        if (stored.name == name)
            return resolveAppServer(stored);
    }
    auto address = AdHocAddress::parse(name);
    if (!address)
        return address.error();
    SshOverrides o;
    o.user = address->user;
    o.port = address->port;
    ServerConfig s = m_config.resolve(address->host, o);
    s.name = name.trimmed();
    s.source = ServerConfig::Source::AdHoc;
    s.origin = tr("typed");
    return s;
}

Result<void> ServerRegistry::add(const ServerConfig &server)
{
    ServerConfig s = server;
    s.name = s.name.trimmed();
    s.hostName = s.hostName.trimmed();
    if (s.name.isEmpty())
        return Error(tr("a server needs a name"));
    if (m_config.hostAliases().contains(s.name))
        return Error(tr("\"%1\" is already a Host in the ssh configuration (%2)")
                         .arg(s.name, m_config.aliasOrigin(s.name)));
    if (s.hostName.isEmpty())
        return Error(tr("server \"%1\" needs a host name or address").arg(s.name));
    QString host = s.hostName;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (!validHost(host, host.contains(QLatin1Char(':'))))
        return Error(tr("server \"%1\": bad host name \"%2\"").arg(s.name, s.hostName));
    s.hostName = host;
    if (!s.user.isEmpty() && !validUser(s.user))
        return Error(tr("server \"%1\": bad user name \"%2\"").arg(s.name, s.user));
    if (s.port < 1 || s.port > 65535)
        return Error(tr("server \"%1\": the port must be from 1 to 65535, not %2")
                         .arg(s.name)
                         .arg(s.port));
    s.source = ServerConfig::Source::App;
    s.origin = tr("added in Cumulus");

    QList<ServerConfig> previous = m_appServers;
    bool replaced = false;
    for (ServerConfig &existing : m_appServers) {
        if (existing.name == s.name) {
            existing = s;
            replaced = true;
        }
    }
    if (!replaced)
        m_appServers << s;
    if (auto saved = saveAppServers(); !saved) {
        m_appServers = previous;
        return saved.error();
    }
    Q_EMIT serversChanged();
    return {};
}

Result<void> ServerRegistry::remove(const QString &name)
{
    const QList<ServerConfig> previous = m_appServers;
    const qsizetype removed = m_appServers.removeIf(
        [&](const ServerConfig &s) { return s.name == name; });
    if (removed == 0) {
        if (m_config.hostAliases().contains(name))
            return Error(tr("\"%1\" comes from the ssh configuration (%2); edit that file to "
                            "remove it")
                             .arg(name, m_config.aliasOrigin(name)));
        return Error(tr("no server named \"%1\" was added in Cumulus").arg(name));
    }
    if (auto saved = saveAppServers(); !saved) {
        m_appServers = previous;
        return saved.error();
    }
    Q_EMIT serversChanged();
    return {};
}

QList<ServerConfig> ServerRegistry::appServers() const { return m_appServers; }

const SshConfig &ServerRegistry::sshConfig() const { return m_config; }

QList<Error> ServerRegistry::warnings() const { return m_loadErrors + m_config.warnings(); }

} // namespace cumulus::remote
