// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/connectioninfo.h"

#include <QFile>
#include <QSaveFile>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <tuple>
#include <utility>

namespace cumulus::jupyter {

namespace {

QString errnoString(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

/// Closes the sockets allocate() holds open while it picks ports.
struct SocketCloser
{
    std::array<int, 5> fds {-1, -1, -1, -1, -1};
    ~SocketCloser()
    {
        for (int fd : fds)
            if (fd >= 0)
                ::close(fd);
    }
};

} // namespace

quint16 ConnectionInfo::port(Channel channel) const
{
    switch (channel) {
    case Channel::Shell: return shellPort;
    case Channel::Control: return controlPort;
    case Channel::Stdin: return stdinPort;
    case Channel::IOPub: return iopubPort;
    case Channel::Heartbeat: return hbPort;
    }
    return 0;
}

void ConnectionInfo::setPort(Channel channel, quint16 value)
{
    switch (channel) {
    case Channel::Shell: shellPort = value; break;
    case Channel::Control: controlPort = value; break;
    case Channel::Stdin: stdinPort = value; break;
    case Channel::IOPub: iopubPort = value; break;
    case Channel::Heartbeat: hbPort = value; break;
    }
}

QString ConnectionInfo::endpoint(Channel channel) const
{
    const QString number = QString::number(port(channel));
    // jupyter_client names ipc endpoints "<ip>-<port>", where ip is a path prefix.
    if (transport == QLatin1String("ipc"))
        return QStringLiteral("ipc://") + ip + QLatin1Char('-') + number;
    // ZeroMQ wants IPv6 literals in brackets ("tcp://[::1]:5555").
    const bool ipv6 = ip.contains(QLatin1Char(':')) && !ip.startsWith(QLatin1Char('['));
    const QString host = ipv6 ? QLatin1Char('[') + ip + QLatin1Char(']') : ip;
    return transport + QStringLiteral("://") + host + QLatin1Char(':') + number;
}

Result<ConnectionInfo> ConnectionInfo::allocate(const QString &ip)
{
    ConnectionInfo info;
    info.ip = ip;
    info.key = newKey();

    sockaddr_storage address {};
    socklen_t addressLength = 0;
    const QByteArray ipBytes = ip.toLatin1();
    auto *v4 = reinterpret_cast<sockaddr_in *>(&address);
    auto *v6 = reinterpret_cast<sockaddr_in6 *>(&address);
    if (::inet_pton(AF_INET, ipBytes.constData(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        addressLength = sizeof(sockaddr_in);
    } else if (::inet_pton(AF_INET6, ipBytes.constData(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        addressLength = sizeof(sockaddr_in6);
    } else {
        return Error(QStringLiteral("cannot allocate ports: \"%1\" is not an IP address").arg(ip));
    }

    // All five stay bound until every port is read, so the kernel gets five different ports.
    // (The usual race remains: another program may take a port between close() and the
    // kernel's bind(); jupyter_client has it too.)
    SocketCloser sockets;
    constexpr std::array<Channel, 5> channels = {Channel::Shell, Channel::IOPub, Channel::Stdin,
                                                 Channel::Control, Channel::Heartbeat};
    for (size_t i = 0; i < channels.size(); ++i) {
        const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return Error(QStringLiteral("cannot allocate ports: socket(): %1")
                                 .arg(errnoString(errno)));
        sockets.fds[i] = fd;
        if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), addressLength) != 0)
            return Error(QStringLiteral("cannot allocate ports: bind(%1): %2")
                                 .arg(ip, errnoString(errno)));
        sockaddr_storage bound {};
        socklen_t boundLength = sizeof bound;
        if (::getsockname(fd, reinterpret_cast<sockaddr *>(&bound), &boundLength) != 0)
            return Error(QStringLiteral("cannot allocate ports: getsockname(): %1")
                                 .arg(errnoString(errno)));
        const in_port_t port = bound.ss_family == AF_INET6
                                       ? reinterpret_cast<const sockaddr_in6 *>(&bound)->sin6_port
                                       : reinterpret_cast<const sockaddr_in *>(&bound)->sin_port;
        info.setPort(channels[i], ntohs(port));
    }
    return info;
}

QByteArray ConnectionInfo::newKey()
{
    return QByteArray::fromStdString(newUuid());
}

nlohmann::json ConnectionInfo::toJson() const
{
    return nlohmann::json {
            {"shell_port", shellPort},
            {"iopub_port", iopubPort},
            {"stdin_port", stdinPort},
            {"control_port", controlPort},
            {"hb_port", hbPort},
            {"ip", ip.toStdString()},
            {"key", key.toStdString()},
            {"transport", transport.toStdString()},
            {"signature_scheme", signatureScheme.toStdString()},
            {"kernel_name", kernelName.toStdString()},
    };
}

Result<ConnectionInfo> ConnectionInfo::fromJson(const nlohmann::json &json, const QString &fileName)
{
    if (!json.is_object())
        return Error(QStringLiteral("a connection file must hold a JSON object"), fileName);
    ConnectionInfo info;

    const auto portField = [&](const char *name, quint16 &out) -> Result<void> {
        const auto it = json.find(name);
        if (it == json.end())
            return Error(QStringLiteral("missing field"), fileName, QLatin1String(name));
        if (!it->is_number_integer() || it->get<long long>() < 1
            || it->get<long long>() > 65535)
            return Error(QStringLiteral("must be a port number from 1 to 65535"), fileName,
                         QLatin1String(name));
        out = static_cast<quint16>(it->get<long long>());
        return {};
    };
    // Optional string fields keep their defaults when absent, as in jupyter_client.
    const auto stringField = [&](const char *name, QString &out, bool required) -> Result<void> {
        const auto it = json.find(name);
        if (it == json.end() || (!required && it->is_null())) {
            if (required)
                return Error(QStringLiteral("missing field"), fileName, QLatin1String(name));
            return {};
        }
        if (!it->is_string())
            return Error(QStringLiteral("must be a string"), fileName, QLatin1String(name));
        out = QString::fromStdString(it->get<std::string>());
        return {};
    };

    const std::array<std::pair<const char *, quint16 *>, 5> ports = {{
            {"shell_port", &info.shellPort},
            {"iopub_port", &info.iopubPort},
            {"stdin_port", &info.stdinPort},
            {"control_port", &info.controlPort},
            {"hb_port", &info.hbPort},
    }};
    for (const auto &[name, field] : ports) {
        if (auto r = portField(name, *field); !r)
            return r.error();
    }
    QString key;
    const std::array<std::tuple<const char *, QString *, bool>, 5> strings = {{
            {"ip", &info.ip, true},
            {"key", &key, true},
            {"transport", &info.transport, false},
            {"signature_scheme", &info.signatureScheme, false},
            {"kernel_name", &info.kernelName, false},
    }};
    for (const auto &[name, field, required] : strings) {
        if (auto r = stringField(name, *field, required); !r)
            return r.error();
    }
    info.key = key.toUtf8();
    if (info.transport != QLatin1String("tcp") && info.transport != QLatin1String("ipc"))
        return Error(QStringLiteral("unknown transport \"%1\" (tcp or ipc)").arg(info.transport),
                     fileName, QStringLiteral("transport"));
    if (info.signatureScheme != QLatin1String("hmac-sha256"))
        return Error(QStringLiteral("unsupported signature scheme \"%1\" (only hmac-sha256)")
                             .arg(info.signatureScheme),
                     fileName, QStringLiteral("signature_scheme"));
    return info;
}

Result<void> ConnectionInfo::writeFile(const QString &path) const
{
    std::string text;
    try {
        text = toJson().dump(1);
    } catch (const nlohmann::json::exception &e) {
        return Error(QStringLiteral("cannot write connection file: %1").arg(QLatin1String(e.what())),
                     path);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(QStringLiteral("cannot write connection file: %1").arg(file.errorString()),
                     path);
    // The key is a secret: restrict the temporary file before a byte of it is written, so
    // it is never readable by others, not even for a moment before the rename.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        file.cancelWriting();
        return Error(QStringLiteral("cannot make the connection file private (mode 0600): %1")
                             .arg(file.errorString()),
                     path);
    }
    if (file.write(text.data(), static_cast<qint64>(text.size()))
                != static_cast<qint64>(text.size())
        || !file.commit())
        return Error(QStringLiteral("cannot write connection file: %1").arg(file.errorString()),
                     path);
    return {};
}

Result<ConnectionInfo> ConnectionInfo::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read connection file: %1").arg(file.errorString()),
                     path);
    const QByteArray bytes = file.readAll();
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
    } catch (const nlohmann::json::parse_error &e) {
        // Count lines up to the error so the message points at it.
        const auto offset = std::min<qsizetype>(static_cast<qsizetype>(e.byte), bytes.size());
        const int line = static_cast<int>(bytes.left(offset).count('\n')) + 1;
        return Error(QStringLiteral("not valid JSON (at byte %1)").arg(e.byte), path, QString(),
                     line);
    }
    return fromJson(json, path);
}

} // namespace cumulus::jupyter
