// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "gpu/gpuinfo.h"
#include "jupyter/connectioninfo.h"
#include "jupyter/kernelspec.h"
#include "sshconfig.h"
#include "util/result.h"

#include <QDateTime>
#include <QObject>

#include <functional>
#include <optional>
#include <vector>

namespace cumulus::remote {

class RemoteFileSystem;
class SshSession;

/// What a server says about its kernelspecs.
struct RemoteKernelSpecs
{
    std::vector<jupyter::KernelSpec> specs;
    QString source;          ///< "jupyter" (`jupyter kernelspec list --json`) or "scan"
    bool hasIpykernel = false;
    QString pythonVersion;
    QString home;            ///< the account's home directory
};

/// A kernel Cumulus started on a server (it outlives the SSH connection).
struct RemoteKernelRecord
{
    QString id;              ///< Cumulus's id for it, unique on the server
    QString specName;
    QString displayName;
    QString notebook;        ///< the notebook that started it, as the client named it
    QString workingDirectory;
    qint64 pid = 0;
    QDateTime started;
    bool running = false;
    qint64 rssBytes = -1;
    QString stderrTail;      ///< the end of its log, when it is not running
    jupyter::InterruptMode interruptMode = jupyter::InterruptMode::Signal;
    /// The kernel's connection file as on the server (ports there, key); only from
    /// start/attach/restart, never from listings.
    std::optional<jupyter::ConnectionInfo> connection;
};

/// Load and memory of a server, and its GPUs.
struct SystemInfo
{
    QString hostname;
    int cpus = 0;
    QList<double> loadAverage; ///< 1, 5, 15 minutes
    qint64 memoryTotalBytes = -1;
    qint64 memoryAvailableBytes = -1;
    gpu::GpuReport gpus;
    QString home;
};

/// nvidia-smi --query-gpu=name,memory.used,memory.total,utilization.gpu --format=csv
/// output as a GpuReport ("[N/A]" fields stay unknown).
gpu::GpuReport parseNvidiaSmiCsv(const QByteArray &csv);

/**
 * One server as Cumulus uses it: its SSH session plus the operations on kernels that run
 * there. Each operation runs a small Python helper on the server (sent over the session on
 * stdin; it needs only Python 3's standard library) and answers on this object's thread.
 * Errors are worded for people and say what to install when the server lacks Python or
 * ipykernel.
 */
class RemoteHost : public QObject
{
    Q_OBJECT
public:
    explicit RemoteHost(ServerConfig server, QObject *parent = nullptr);
    ~RemoteHost() override;

    const ServerConfig &server() const;
    /// The session kernels and the helper use.
    SshSession *session() const { return m_session; }
    /**
     * A second session to the same server, for files (browsing, transfers, notebooks saved
     * there), so that file traffic never waits behind kernel traffic nor delays it. Made on
     * first use with the same ServerConfig and interactive setting, and opened.
     */
    SshSession *fileSession();
    /// The server's files over SFTP, on fileSession(); made on first use.
    RemoteFileSystem *files();
    /// Sets the interactive setting (SshSession::setInteractive()) of both sessions, the file
    /// session's also when it is made later.
    void setInteractive(bool interactive);
    /// The interpreter that runs Cumulus's helper on the server; default "python3" on the
    /// login shell's PATH (a conda environment's python, for example, can be named here).
    void setPythonCommand(const QString &python) { m_python = python; }

    template<typename T> using Callback = std::function<void(const Result<T> &)>;

    void kernelSpecs(QObject *context, Callback<RemoteKernelSpecs> done);
    /// Starts kernelspec @p specName in @p workingDirectory ("" = home); @p notebook is only
    /// recorded, for listings.
    void startKernel(const QString &specName, const QString &workingDirectory, const QString &notebook,
                     QObject *context, Callback<RemoteKernelRecord> done);
    /// The kernels Cumulus started on this server, running or not (no keys).
    void runningKernels(QObject *context, Callback<std::vector<RemoteKernelRecord>> done);
    /// A kernel's record with its connection info, to re-attach to it.
    void attachKernel(const QString &id, QObject *context, Callback<RemoteKernelRecord> done);
    void interruptKernel(const QString &id, QObject *context, Callback<bool> done);
    /// Waits up to @p graceSeconds for the kernel to exit (after a shutdown_request), then
    /// stops it, and starts it again on the same connection file (same ports and key).
    void restartKernel(const QString &id, double graceSeconds, QObject *context, Callback<RemoteKernelRecord> done);
    /// Like restart, but removes its files instead of starting it again.
    void stopKernel(const QString &id, double graceSeconds, QObject *context, Callback<bool> done);
    void systemInfo(QObject *context, Callback<SystemInfo> done);

    /// Servers Cumulus has started kernels on (QSettings), so that `cumulus ps` and the
    /// server panel can find kernels left running after the app quit.
    static QStringList serversWithKernels();
    static void rememberServerWithKernels(const QString &name);

Q_SIGNALS:
    /// fileSession() was made (its prompts need answers too).
    void fileSessionCreated(cumulus::remote::SshSession *session);

private:
    void callHelper(const QStringList &arguments, QObject *context,
                    std::function<void(const Result<nlohmann::json> &)> done);

    SshSession *m_session;
    SshSession *m_fileSession = nullptr;
    RemoteFileSystem *m_files = nullptr;
    bool m_interactive = true; ///< SshSession's default
    QString m_python = QStringLiteral("python3");
};

} // namespace cumulus::remote
