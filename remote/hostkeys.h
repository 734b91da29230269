// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "util/result.h"

#include <QString>
#include <QStringList>

struct ssh_key_struct;

namespace cumulus::remote::hostkeys {

enum class Verdict {
    Known,   ///< a known_hosts line for the name carries this very key
    Unknown, ///< no line for the name: ask the person
    Changed, ///< lines for the name exist, none with this key: refuse (possible attack)
    Revoked, ///< the key is marked @revoked: refuse
};

struct Check
{
    Verdict verdict = Verdict::Unknown;
    QString file; ///< where the deciding line is (Known, Changed, Revoked)
    int line = 0;
};

/**
 * Looks @p key up under @p name ("host", "[host]:port" or a HostKeyAlias) in @p files, as
 * OpenSSH does: hashed (|1|…) and plain names, patterns, @revoked markers. Lines are parsed
 * with libssh's own known_hosts parser; only the choice of name is ours, because libssh
 * 0.10 always looks up the host it connected to and ignores HostKeyAlias.
 */
Check check(ssh_key_struct *key, const QString &name, const QStringList &files);

/// Appends "@p name type base64" to @p file (created 0600, its directory 0700).
Result<void> remember(ssh_key_struct *key, const QString &name, const QString &file);

/// "SHA256:…" as OpenSSH prints it.
QString fingerprint(ssh_key_struct *key);
/// "ssh-ed25519", "ecdsa-sha2-nistp256", …
QString keyType(ssh_key_struct *key);

} // namespace cumulus::remote::hostkeys
