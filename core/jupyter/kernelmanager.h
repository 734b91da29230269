// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/connectioninfo.h"
#include "jupyter/kernelspec.h"
#include "util/result.h"

#include <QByteArray>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <chrono>

class QProcess;
class QTimer;

namespace cumulus::jupyter {

/**
 * Runs one local kernel process from a KernelSpec, as jupyter_client's KernelManager with
 * its LocalProvisioner: picks ports and a key (ConnectionInfo::allocate()), writes
 * `kernel-<id>.json` (mode 0600) into the runtime directory, fills in the kernelspec's argv
 * and env, and starts the kernel in a session of its own so that a SIGINT reaches the kernel
 * and its children, not Cumulus.
 *
 * It knows nothing about messages: whoever talks to the kernel (over any KernelTransport)
 * tells the manager when it has sent shutdown_request (shutdownRequested()) and sends
 * interrupt_request itself when interruptMode() is Message. Readiness (kernel_info_reply)
 * is the client's business too; started() only means the process runs.
 *
 * Nothing here blocks the thread it lives on: shutdown() and restart() are driven by timers
 * and the process's own signals. Destroying a manager whose kernel still runs kills the
 * kernel's process group and removes the connection file.
 */
class KernelManager : public QObject
{
    Q_OBJECT
public:
    enum class State {
        NotRunning,   ///< never started, shut down, or the process died
        Starting,     ///< process launched, not yet running (fork/exec in progress)
        Running,      ///< the process runs
        ShuttingDown, ///< shutdown() or restart() waiting for the process to go
    };
    Q_ENUM(State)

    explicit KernelManager(KernelSpec spec, QObject *parent = nullptr);
    ~KernelManager() override;

    const KernelSpec &kernelSpec() const { return m_spec; }
    InterruptMode interruptMode() const { return m_spec.interruptMode; }
    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }

    /// Valid from a successful start() until shutdown() finishes; kept across restarts.
    const ConnectionInfo &connectionInfo() const { return m_info; }
    /// The connection file (absolute), empty when none is written.
    QString connectionFile() const { return m_connectionFile; }
    /// The kernel id: a UUID, also in the connection file's name.
    QString kernelId() const { return m_kernelId; }
    /// The kernel's process id (also its process group and session id), 0 when none.
    qint64 processId() const;
    /// The command line last launched, after placeholder substitution.
    QStringList command() const { return m_command; }

    /// Where the connection file goes; default paths::runtimeDir() at start().
    void setRuntimeDirectory(const QString &dir) { m_runtimeDir = dir; }
    /// The kernel's working directory (and the `{cwd}` placeholder); default: inherited.
    void setWorkingDirectory(const QString &dir) { m_workingDir = dir; }
    /// The environment the kernelspec's env is merged over; default: this process's.
    void setProcessEnvironment(const QProcessEnvironment &environment);
    /// The interface the kernel listens on; default 127.0.0.1.
    void setIp(const QString &ip) { m_ip = ip; }

    /**
     * Launches the kernel. Returns an Error naming the kernelspec when its argv is empty or
     * its program is missing or not executable, or when the ports or the connection file
     * cannot be had. Otherwise started() follows, or processDied() if the kernel exits.
     */
    Result<void> start();

    /**
     * Removes the connection file and forgets its ports and key, so that the next start()
     * picks fresh ones: for a kernel that died because another program took one of its ports
     * between allocation and bind (the race every Jupyter client has). Only when NotRunning.
     */
    void forgetConnection();

    /**
     * Interrupt mode "signal": sends SIGINT to the kernel's process group. Mode "message"
     * (and no kernel running) give an Error: the client sends interrupt_request instead.
     */
    Result<void> interrupt();

    /// The client sent shutdown_request: the kernel is expected to exit on its own, so its
    /// exit is not reported as processDied(), and shutdown() gives it time before signalling.
    void shutdownRequested();

    /**
     * Stops the kernel as jupyter_client's finish_shutdown(): after shutdownRequested(), waits
     * up to @p grace / 2 for the kernel to exit; then SIGTERM to the process group and up to
     * @p grace / 2 more; then SIGKILL (and up to 5 s for it to land). Without a
     * shutdown_request, SIGTERM comes at once. Then removes the connection file and emits
     * finished(). Like jupyter_client, interrupt() a busy kernel before sending
     * shutdown_request so that it can act on it.
     */
    void shutdown(std::chrono::milliseconds grace = std::chrono::seconds(5));

    /**
     * Stops the kernel as shutdown() does (send shutdown_request with restart=true first and
     * call shutdownRequested() for a clean stop) and starts it again with the same connection
     * file, ports and key, so the client's sockets reconnect by themselves. Also restarts a
     * kernel that died. Emits started() again; an Error when the kernelspec's program is gone.
     */
    Result<void> restart(std::chrono::milliseconds grace = std::chrono::seconds(5));

    /// The last ~64 KiB the kernel wrote to stderr (lossy UTF-8).
    QString stderrTail() const;
    /// How the last kernel process ended: its exit code, or minus the signal that killed it
    /// (as Python's Popen.returncode); 0 before any exit.
    int lastExitCode() const { return m_lastExitCode; }

    /// The stderr tail is cut to this many bytes.
    static constexpr qsizetype kStderrTailBytes = 64 * 1024;

Q_SIGNALS:
    /// The kernel process runs (again, after a restart) with this connection info.
    void started(const cumulus::jupyter::ConnectionInfo &info);
    /**
     * The kernel process ended while nobody asked it to: it crashed, failed to start (exit
     * code 127, with the reason as the text) or exited by itself. @p exitCode is minus the
     * signal number when a signal killed it. The connection file stays for restart().
     */
    void processDied(int exitCode, const QString &stderrTail);
    /// shutdown() is complete (or the kernel exited after shutdownRequested()): the process
    /// is gone and the connection file removed.
    void finished();
    void stateChanged(cumulus::jupyter::KernelManager::State state);

private:
    enum class StopPhase { None, Graceful, Terminating, Killing };

    Result<void> prepareRuntime();
    Result<QString> resolveProgram(const QString &program, const QProcessEnvironment &env) const;
    Result<void> launch();
    QProcessEnvironment kernelEnvironment() const;
    QStringList formatCommand() const;
    void setState(State state);
    void signalGroup(int signalNumber);
    void beginStop(std::chrono::milliseconds grace);
    void advanceStop();
    void onProcessGone(int exitCode, const QString &failure);
    void readStderr();
    void readStdout();
    void removeConnectionFile();
    void releaseProcess();

    KernelSpec m_spec;
    ConnectionInfo m_info;
    QString m_kernelId;
    QString m_connectionFile;
    QString m_runtimeDir;
    QString m_workingDir;
    QString m_ip = QStringLiteral("127.0.0.1");
    QProcessEnvironment m_baseEnvironment;
    bool m_hasBaseEnvironment = false;
    QStringList m_command;

    QProcess *m_process = nullptr;
    qint64 m_pid = 0;
    QTimer *m_stopTimer = nullptr;
    State m_state = State::NotRunning;
    StopPhase m_stopPhase = StopPhase::None;
    std::chrono::milliseconds m_grace{5000};
    bool m_shutdownRequested = false;
    bool m_restartAfterStop = false;
    QByteArray m_stderr;
    int m_lastExitCode = 0;
};

} // namespace cumulus::jupyter
