// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "sshconfig.h"

#include <QObject>

namespace cumulus::remote {

/// A name typed by the user, split: `[user@]host[:port]` or `[user@][ipv6]:port`.
struct AdHocAddress
{
    QString user; ///< empty when not given
    QString host; ///< without brackets
    int port = 0; ///< 0 when not given

    /// Parses @p text; the error names it (empty, spaces, bad port, bad characters …).
    static Result<AdHocAddress> parse(const QString &text);
};

/// Every server Cumulus knows: the `Host` aliases of the ssh config, the servers added in the
/// app (kept in QSettings group "servers", never with a password or passphrase), and ad-hoc
/// names resolved through the ssh config the way `ssh NAME` would.
class ServerRegistry : public QObject
{
    Q_OBJECT

public:
    /// Reads SshConfig::userConfigPath() and the app's servers.
    explicit ServerRegistry(QObject *parent = nullptr);
    /// Uses @p config instead of the user's ssh config (tests, `--ssh-config`).
    explicit ServerRegistry(SshConfig config, QObject *parent = nullptr);
    ~ServerRegistry() override;

    /// Re-reads the ssh config and QSettings; emits serversChanged().
    void reload();

    /// The ssh config's aliases (file order), then the app-added servers (in the order added),
    /// each fully resolved.
    QList<ServerConfig> servers() const;
    /// NAME as `cumulus … --server NAME` takes it: 1. a Host alias of the ssh config, 2. a server
    /// added in the app, 3. an ad-hoc `[user@]host[:port]` / `[user@][ipv6]:port`, resolved
    /// through the ssh config (so `Host *` defaults, IdentityFile … apply).
    Result<ServerConfig> resolve(const QString &name) const;

    /// Adds or replaces (same name) an app server and saves it. Fields left empty are taken from
    /// the ssh config for its hostName. Refuses a name that is an ssh config alias, an empty
    /// name or hostName, and a port outside 1–65535.
    Result<void> add(const ServerConfig &server);
    /// Removes an app server; an error when there is none of that name.
    Result<void> remove(const QString &name);
    /// The app servers as stored (unresolved).
    QList<ServerConfig> appServers() const;

    const SshConfig &sshConfig() const;
    /// Problems found in the ssh config (file:line each).
    QList<Error> warnings() const;

Q_SIGNALS:
    void serversChanged();

private:
    void loadAppServers();
    Result<void> saveAppServers();
    ServerConfig resolveAppServer(const ServerConfig &stored) const;

    SshConfig m_config;
    bool m_ownConfig = false; // true: m_config came from the user's file and reload() re-reads it
    QList<ServerConfig> m_appServers;
    QList<Error> m_loadErrors;
};

} // namespace cumulus::remote
