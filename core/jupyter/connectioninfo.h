// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/message.h"
#include "util/result.h"

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QString>

namespace cumulus::jupyter {

/**
 * A kernel's connection file: where its five sockets listen and the key that signs its
 * messages. The file holds a secret, so it is written with mode 0600 and never logged.
 */
struct ConnectionInfo
{
    QString transport = QStringLiteral("tcp");
    QString ip = QStringLiteral("127.0.0.1");
    quint16 shellPort = 0;
    quint16 iopubPort = 0;
    quint16 stdinPort = 0;
    quint16 controlPort = 0;
    quint16 hbPort = 0;
    QByteArray key;                                      ///< empty: messages are not signed
    QString signatureScheme = QStringLiteral("hmac-sha256");
    QString kernelName;

    quint16 port(Channel channel) const;
    void setPort(Channel channel, quint16 port);
    /// "tcp://127.0.0.1:PORT" (or "ipc://…-N" for the ipc transport).
    QString endpoint(Channel channel) const;

    /// Connection info for a new local kernel: five free TCP ports on @p ip and a random key.
    static Result<ConnectionInfo> allocate(const QString &ip = QStringLiteral("127.0.0.1"));
    /// A random key as jupyter_client makes them (a UUID4 string).
    static QByteArray newKey();

    nlohmann::json toJson() const;
    static Result<ConnectionInfo> fromJson(const nlohmann::json &json, const QString &fileName = QString());
    /// Writes the file atomically with permissions 0600.
    Result<void> writeFile(const QString &path) const;
    static Result<ConnectionInfo> readFile(const QString &path);
};

} // namespace cumulus::jupyter
