// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace cumulus::remote {

/// Everything needed to open one SSH connection, resolved the way `ssh -G` resolves it.
struct ServerConfig
{
    /// Where the server comes from: a `Host` of the ssh config, a server added in Cumulus, or a
    /// name typed by the user (`[user@]host[:port]`).
    enum class Source { SshConfig, App, AdHoc };
    /// ssh_config(5) StrictHostKeyChecking. Reported only: Cumulus never accepts a changed key,
    /// whatever this says.
    enum class StrictHostKeyChecking { Ask, Yes, No, AcceptNew };

    QString name;       ///< what users type and see: Host alias, app-added name or "user@host:port"
    QString hostName;   ///< the address to connect to (HostName with %h expanded, lowercased)
    QString user;       ///< remote user; empty means the local user name
    int port = 22;
    /// IdentityFile entries with ~ and %-tokens expanded, in the order ssh tries them. Empty means
    /// the standard defaults (~/.ssh/id_ed25519, id_ecdsa, id_rsa …) and the agent.
    QStringList identityFiles;
    bool identitiesOnly = false;
    /// UserKnownHostsFile entries, expanded; defaults to ~/.ssh/known_hosts ~/.ssh/known_hosts2.
    /// Empty only after `UserKnownHostsFile none`.
    QStringList knownHostsFiles;
    QString hostKeyAlias;   ///< HostKeyAlias (gcloud writes "compute.<instance id>")
    QString proxyJump;      ///< ProxyJump verbatim, e.g. "user@jump:2222,other"; empty when none
    QString proxyCommand;   ///< ProxyCommand verbatim (tokens unexpanded); empty when none
    int serverAliveIntervalS = 0; ///< 0: off
    int connectTimeoutS = 0;      ///< 0: the system's TCP timeout
    StrictHostKeyChecking strictHostKeyChecking = StrictHostKeyChecking::Ask;
    Source source = Source::AdHoc;
    QString origin; ///< where it was defined: "~/.ssh/config:12", "added in Cumulus", "typed"

    /// The user actually logged in as: user, or the local user name when user is empty.
    QString effectiveUser() const;
    /// The name to look up in known_hosts: hostKeyAlias when set (verbatim, as OpenSSH does),
    /// else hostName, written "[host]:port" when the port is not 22.
    QString knownHostsName() const;

    bool operator==(const ServerConfig &) const = default;
};

/// Command-line style settings for SshConfig::resolve(): like `ssh -l USER -p PORT -i FILE`,
/// what is set here wins over the config file (first obtained value wins, and these come first).
struct SshOverrides
{
    QString user;               ///< empty: not given
    int port = 0;               ///< 0: not given
    QStringList identityFiles;  ///< tried before the config's IdentityFile entries
    bool identitiesOnly = false; ///< true: forced on
    QStringList knownHostsFiles; ///< empty: not given
    QString hostKeyAlias;
    QString proxyJump;
    QString proxyCommand;
    int serverAliveIntervalS = 0;
    int connectTimeoutS = 0;
};

/// A parsed OpenSSH client configuration (ssh_config(5)): `Host` and `Match all|host|
/// originalhost|user|localuser` blocks, `Include`, first-obtained-value-wins. Files are read by
/// load(); resolve() only evaluates what was read. Differences from OpenSSH: `~` and %d are
/// QDir::homePath() ($HOME), not the passwd entry; other `Match` criteria (exec, canonical,
/// final, localnetwork, tagged) are not evaluated: their block is skipped with a warning.
class SshConfig
{
public:
    SshConfig();
    ~SshConfig();
    SshConfig(const SshConfig &);
    SshConfig &operator=(const SshConfig &);
    SshConfig(SshConfig &&) noexcept;
    SshConfig &operator=(SshConfig &&) noexcept;

    /// The user's config: $CUMULUS_SSH_CONFIG when set, else QDir::homePath()/.ssh/config.
    static QString userConfigPath();
    /// Reads @p path and the files it includes. A missing file is an empty config; an unreadable
    /// one is an error. Bad lines are skipped and reported by warnings(), never fatal.
    static Result<SshConfig> load(const QString &path);
    /// Parses @p text as if it were the file @p path (Include still reads files).
    static SshConfig parse(const QString &text, const QString &path);

    QString path() const;
    /// Concrete `Host` names (no wildcards, no negations) in file order, includes followed:
    /// the hosts `gcloud compute config-ssh` writes appear here.
    QStringList hostAliases() const;
    /// "file:line" of the `Host` line that first names @p alias ("~" for the home directory),
    /// empty when it is not an alias.
    QString aliasOrigin(const QString &alias) const;
    /// The options for connecting to @p host as `ssh [overrides] host` would use them. The
    /// result's name is @p host and its source SshConfig when @p host is an alias, else AdHoc.
    ServerConfig resolve(const QString &host, const SshOverrides &overrides = {}) const;
    /// Lines that were skipped, each naming its file and line.
    QList<Error> warnings() const;

    /// Implementation details, defined in sshconfig.cpp.
    struct Directive;
    struct Data;

private:
    std::unique_ptr<Data> d;
};

/// The local user name as OpenSSH's %u sees it.
QString localUserName();

} // namespace cumulus::remote
