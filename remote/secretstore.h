// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "util/result.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace cumulus::remote {

/// Passwords and key passphrases in the OS keyring (Secret Service, KWallet, macOS Keychain,
/// Windows Credential Manager, through qtkeychain), under the service name "Cumulus". Every call
/// is asynchronous: the callback runs later on this object's thread, never inside the call, and
/// never when @p context (or the store) was destroyed first. Without a keyring every call
/// reports "no OS keyring available: …"; nothing is ever written anywhere else.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    /// Found: the secret; not stored under that key: std::nullopt; an Error when the keyring is
    /// missing, locked or refuses.
    using ReadCallback = std::function<void(Result<std::optional<QString>>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    /// "Cumulus".
    static QString serviceName();
    /// "ssh-passphrase:/abs/path/of/key" (made absolute and clean).
    static QString passphraseKey(const QString &keyFile);
    /// "ssh-password:user@host:port" ("user@[::1]:22" for an IPv6 address).
    static QString passwordKey(const QString &user, const QString &host, int port);

    void read(const QString &key, QObject *context, ReadCallback done);
    void write(const QString &key, const QString &secret, QObject *context, DoneCallback done);
    /// Removing a key that is not stored succeeds.
    void remove(const QString &key, QObject *context, DoneCallback done);

private:
    /// Runs @p start once a keyring is known to be there, else fails with the reason.
    void whenAvailable(QObject *context, std::function<void()> start,
                       std::function<void(const Error &)> fail);

    bool m_available = false; // a keyring answered once: skip the probe from then on
};

} // namespace cumulus::remote
