// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// A throwaway OpenSSH sshd on 127.0.0.1 for the remote suites: its own host key, client key,
// authorized_keys and known_hosts in a temporary directory; nothing in /etc/ssh or ~/.ssh is
// read or changed. Sessions on it get HOME, XDG and Jupyter directories inside the temporary
// directory too (sshd's SetEnv), so kernels started there touch none of the user's files.

#include "sshconfig.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace test {

class Sshd
{
public:
    ~Sshd() { stop(); }

    /// Starts sshd; on failure returns false and says why in @p error.
    bool start(QString *error)
    {
        if (!m_dir.isValid())
            return fail(error, QStringLiteral("no temporary directory"));
        root = m_dir.path();
        home = root + QStringLiteral("/client-home");
        remoteHome = root + QStringLiteral("/server-home");
        binDir = root + QStringLiteral("/server-bin");
        for (const QString &dir : QStringList{home + QStringLiteral("/.ssh"), remoteHome, binDir})
            QDir().mkpath(dir);
        ::chmod(QFile::encodeName(home + QStringLiteral("/.ssh")).constData(), 0700);
        QDir().mkpath(QStringLiteral("/run/sshd")); // Debian's sshd needs it
        hostKey = root + QStringLiteral("/host_ed25519");
        clientKey = home + QStringLiteral("/.ssh/cumulus_test_ed25519");
        knownHosts = home + QStringLiteral("/.ssh/known_hosts_test");
        if (!keygen(hostKey, error) || !keygen(clientKey, error))
            return false;
        QFile::copy(clientKey + QStringLiteral(".pub"), root + QStringLiteral("/authorized_keys"));

        port = freePort();
        const QString config = root + QStringLiteral("/sshd_config");
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            return fail(error, QStringLiteral("cannot write ") + config);
        const QString setEnv = QStringLiteral("HOME=%1 XDG_DATA_HOME=%1/.local/share XDG_RUNTIME_DIR=%1/run "
                                              "IPYTHONDIR=%1/.ipython PATH=%2:/usr/local/bin:/usr/bin:/bin "
                                              "PYDEVD_DISABLE_FILE_VALIDATION=1")
                                       .arg(remoteHome, binDir);
        file.write(QStringLiteral("Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3/sshd.pid\n"
                                  "UsePAM no\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                                  "KbdInteractiveAuthentication no\nAuthorizedKeysFile %3/authorized_keys\n"
                                  "StrictModes no\nAllowTcpForwarding yes\nSubsystem sftp internal-sftp\n"
                                  "SetEnv %4\nMaxStartups 100\nMaxSessions 100\nLogLevel VERBOSE\n")
                           .arg(port)
                           .arg(hostKey, root, setEnv)
                           .toUtf8());
        file.close();
        m_sshd.setProgram(QStringLiteral("/usr/sbin/sshd"));
        m_sshd.setArguments({QStringLiteral("-D"), QStringLiteral("-f"), config, QStringLiteral("-E"),
                             root + QStringLiteral("/sshd.log")});
        m_sshd.start();
        if (!m_sshd.waitForStarted(5000))
            return fail(error, QStringLiteral("sshd did not start: ") + m_sshd.errorString());
        for (int i = 0; i < 100; ++i) {
            if (accepts(port))
                return writeKnownHosts(true, error);
            if (m_sshd.state() != QProcess::Running)
                break;
            QThread::msleep(50);
        }
        return fail(error, QStringLiteral("sshd is not listening: ") + log());
    }

    void stop()
    {
        if (m_sshd.state() == QProcess::Running) {
            killConnections();
            m_sshd.terminate();
            m_sshd.waitForFinished(5000);
        }
    }

    /// A server entry as the ssh config would resolve it for this sshd.
    cumulus::remote::ServerConfig server() const
    {
        cumulus::remote::ServerConfig server;
        server.name = QStringLiteral("test-sshd");
        server.hostName = QStringLiteral("127.0.0.1");
        server.port = port;
        server.user = userName();
        server.identityFiles = {clientKey};
        server.identitiesOnly = true;
        server.knownHostsFiles = {knownHosts};
        server.connectTimeoutS = 10;
        return server;
    }

    /// An ssh config naming this sshd "test-sshd", for the command line.
    QString writeSshConfig() const
    {
        const QString path = root + QStringLiteral("/ssh_config");
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(QStringLiteral("Host test-sshd\n  HostName 127.0.0.1\n  Port %1\n  User %2\n"
                                      "  IdentityFile %3\n  IdentitiesOnly yes\n  UserKnownHostsFile %4\n")
                               .arg(port)
                               .arg(userName(), clientKey, knownHosts)
                               .toUtf8());
        return path;
    }

    /// known_hosts with the real host key (or a different, freshly made one) under
    /// "[127.0.0.1]:port", or under @p name.
    bool writeKnownHosts(bool realKey, QString *error, const QString &name = QString())
    {
        QString key = hostKey;
        if (!realKey) {
            key = root + QStringLiteral("/other_host_key");
            QFile::remove(key);
            QFile::remove(key + QStringLiteral(".pub"));
            if (!keygen(key, error))
                return false;
        }
        QFile pub(key + QStringLiteral(".pub"));
        if (!pub.open(QIODevice::ReadOnly))
            return fail(error, QStringLiteral("no public host key"));
        const QList<QByteArray> parts = pub.readAll().trimmed().split(' ');
        QFile known(knownHosts);
        if (!known.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(error, QStringLiteral("cannot write ") + knownHosts);
        const QString host = name.isEmpty() ? QStringLiteral("[127.0.0.1]:%1").arg(port) : name;
        known.write(host.toUtf8() + ' ' + parts.value(0) + ' ' + parts.value(1) + '\n');
        return true;
    }

    /// OpenSSH's own SHA256 fingerprint of the host key.
    QString hostKeyFingerprint() const
    {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-f"), hostKey + QStringLiteral(".pub")});
        keygen.waitForFinished(10000);
        return QString::fromUtf8(keygen.readAllStandardOutput()).split(QLatin1Char(' ')).value(1);
    }

    /// The per-connection sshd processes (children of the listener).
    QList<qint64> connectionProcesses() const
    {
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-P"), QString::number(m_sshd.processId())});
        pgrep.waitForFinished(5000);
        QList<qint64> pids;
        for (const QByteArray &line : pgrep.readAllStandardOutput().split('\n'))
            if (const qint64 pid = line.trimmed().toLongLong(); pid > 0)
                pids << pid;
        return pids;
    }

    /// Drops every connection as a dead network would: kill -9 the per-connection sshd.
    int killConnections()
    {
        const QList<qint64> pids = connectionProcesses();
        for (qint64 pid : pids)
            ::kill(pid_t(pid), SIGKILL);
        return int(pids.size());
    }

    QString log() const
    {
        QFile file(root + QStringLiteral("/sshd.log"));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(3000)) : QString();
    }

    static QString userName()
    {
        const QByteArray user = qgetenv("USER");
        return user.isEmpty() ? QStringLiteral("root") : QString::fromLocal8Bit(user);
    }

    QString root, home, remoteHome, binDir, hostKey, clientKey, knownHosts;
    quint16 port = 0;

private:
    static bool fail(QString *error, const QString &message)
    {
        if (error)
            *error = message;
        return false;
    }

    static bool keygen(const QString &path, QString *error)
    {
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                    QStringLiteral("-N"), QString(), QStringLiteral("-f"), path});
        if (!keygen.waitForFinished(20000) || keygen.exitCode() != 0)
            return fail(error, QStringLiteral("ssh-keygen failed: ") + QString::fromUtf8(keygen.readAllStandardError()));
        return true;
    }

    static sockaddr_in loopback(quint16 port)
    {
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        return address;
    }

    static quint16 freePort()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address = loopback(0);
        socklen_t length = sizeof address;
        ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
        ::close(fd);
        return ntohs(address.sin_port);
    }

    static bool accepts(quint16 port)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const sockaddr_in address = loopback(port);
        const bool ok = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
        ::close(fd);
        return ok;
    }

    QTemporaryDir m_dir;
    QProcess m_sshd;
};

} // namespace test
