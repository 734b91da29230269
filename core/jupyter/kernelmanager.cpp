// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/kernelmanager.h"

#include "jupyter/jupyterpaths.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace cumulus::jupyter {

namespace {

using namespace std::chrono_literals;

/// How long SIGKILL may take to land before we stop waiting (jupyter_client: 5 s).
constexpr auto kKillTimeout = 5s;

bool isIdentifierStart(QChar c)
{
    const char16_t u = c.unicode();
    return u == u'_' || (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
}

bool isIdentifierChar(QChar c)
{
    return isIdentifierStart(c) || (c.unicode() >= u'0' && c.unicode() <= u'9');
}

/// Python's string.Template(text).safe_substitute(values): "$$" is "$", "$name" and
/// "${name}" are replaced when @p values has them and left alone otherwise.
QString safeSubstitute(const QString &text, const QProcessEnvironment &values)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('$') || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        const QChar next = text.at(i + 1);
        if (next == QLatin1Char('$')) {
            out += QLatin1Char('$');
            ++i;
            continue;
        }
        const bool braced = next == QLatin1Char('{');
        const qsizetype start = i + (braced ? 2 : 1);
        qsizetype end = start;
        if (end < text.size() && isIdentifierStart(text.at(end))) {
            ++end;
            while (end < text.size() && isIdentifierChar(text.at(end)))
                ++end;
        }
        if (end == start || (braced && (end >= text.size() || text.at(end) != QLatin1Char('}')))) {
            out += c; // not a placeholder: keep the '$' (safe_substitute's "invalid" case)
            continue;
        }
        const QString name = text.mid(start, end - start);
        const qsizetype after = braced ? end + 1 : end;
        if (values.contains(name))
            out += values.value(name);
        else
            out += text.mid(i, after - i);
        i = after - 1;
    }
    return out;
}

/// os.path.expanduser for "~" and "~/…" (jupyter_client's launcher expands every argument).
QString expandUser(const QString &arg)
{
    if (arg == QLatin1String("~") || arg.startsWith(QLatin1String("~/"))) {
        QString home = qEnvironmentVariable("HOME");
        if (home.isEmpty())
            home = QDir::homePath();
        return home + arg.mid(1);
    }
    return arg;
}

bool isExecutableFile(const QString &path)
{
    return QFileInfo(path).isFile() && ::access(QFile::encodeName(path).constData(), X_OK) == 0;
}

} // namespace

KernelManager::KernelManager(KernelSpec spec, QObject *parent)
    : QObject(parent), m_spec(std::move(spec)), m_stopTimer(new QTimer(this))
{
    m_stopTimer->setSingleShot(true);
    connect(m_stopTimer, &QTimer::timeout, this, &KernelManager::advanceStop);
}

KernelManager::~KernelManager()
{
    if (m_process) {
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            // The whole group, so that subprocesses of the kernel go too. SIGKILL lands at
            // once; QProcess's destructor then reaps the process without a long wait.
            signalGroup(SIGKILL);
            m_process->waitForFinished(int(std::chrono::milliseconds(kKillTimeout).count()));
        }
        delete m_process;
        m_process = nullptr;
    }
    removeConnectionFile();
}

qint64 KernelManager::processId() const { return m_process ? m_process->processId() : 0; }

void KernelManager::setProcessEnvironment(const QProcessEnvironment &environment)
{
    m_baseEnvironment = environment;
    m_hasBaseEnvironment = true;
}

void KernelManager::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QString KernelManager::stderrTail() const { return QString::fromUtf8(m_stderr); }

Result<void> KernelManager::prepareRuntime()
{
    const QString dir =
        QDir(m_runtimeDir.isEmpty() ? paths::runtimeDir() : m_runtimeDir).absolutePath();
    if (!QFileInfo(dir).isDir()) {
        // jupyter_core's ensure_dir_exists(runtime_dir, mode=0o700)
        if (!QDir().mkpath(dir))
            return Error{QStringLiteral("cannot create the Jupyter runtime directory"), dir};
        ::chmod(QFile::encodeName(dir).constData(), 0700);
    }
    // Like write_connection_file(): the sticky bit, so only the owner can remove the files.
    struct stat st;
    const QByteArray encoded = QFile::encodeName(dir);
    if (::stat(encoded.constData(), &st) == 0 && !(st.st_mode & S_ISVTX)
        && ::chmod(encoded.constData(), (st.st_mode & 07777) | S_ISVTX) != 0 && errno != EPERM)
        qCDebug(lcCore) << "cannot set the sticky bit on" << dir << ::strerror(errno);

    m_kernelId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_connectionFile = QDir(dir).absoluteFilePath(QStringLiteral("kernel-%1.json").arg(m_kernelId));
    return {};
}

QProcessEnvironment KernelManager::kernelEnvironment() const
{
    const QProcessEnvironment base =
        m_hasBaseEnvironment ? m_baseEnvironment : QProcessEnvironment::systemEnvironment();
    QProcessEnvironment env = base;
    // KernelProvisionerBase.pre_launch(): the spec's env, with $VARIABLES of the environment
    // filled in, over the environment.
    for (auto it = m_spec.env.cbegin(); it != m_spec.env.cend(); ++it)
        env.insert(it.key(), safeSubstitute(it.value(), base));
    // _finalize_env(): PYTHONEXECUTABLE "can bork all the things" for a Python kernel.
    if (m_spec.language.toLower().startsWith(QLatin1String("python")))
        env.remove(QStringLiteral("PYTHONEXECUTABLE"));
    // launch_kernel(): set last, so the kernel (ipykernel's parent poller) exits if we die.
    env.insert(QStringLiteral("JPY_PARENT_PID"),
               QString::number(QCoreApplication::applicationPid()));
    return env;
}

QStringList KernelManager::formatCommand() const
{
    // KernelManager.format_kernel_cmd(): {name} placeholders known to jupyter_client are
    // replaced, any other stays as it is.
    QMap<QString, QString> ns;
    const QString canonical = QFileInfo(m_connectionFile).canonicalFilePath();
    ns.insert(QStringLiteral("connection_file"),
              canonical.isEmpty() ? m_connectionFile : canonical);
    ns.insert(QStringLiteral("resource_dir"), m_spec.resourceDir);
    // {prefix} is the sys.prefix of the Python running jupyter_client. We have none; a
    // kernelspec under <prefix>/share/jupyter/kernels/<name> tells us its environment's.
    static const QRegularExpression prefixPattern(
        QStringLiteral("^(.*)/share/jupyter/kernels/[^/]+/?$"));
    if (const auto match = prefixPattern.match(m_spec.resourceDir); match.hasMatch())
        ns.insert(QStringLiteral("prefix"),
                  match.captured(1).isEmpty() ? QStringLiteral("/") : match.captured(1));
    // jupyter_client also offers every keyword argument of start_kernel(); cwd is ours.
    if (!m_workingDir.isEmpty())
        ns.insert(QStringLiteral("cwd"), m_workingDir);

    static const QRegularExpression placeholder(QStringLiteral("\\{([A-Za-z0-9_]+)\\}"));
    QStringList command;
    for (const QString &arg : m_spec.argv) {
        QString out;
        qsizetype last = 0;
        for (auto it = placeholder.globalMatch(arg); it.hasNext();) {
            const auto match = it.next();
            out += arg.mid(last, match.capturedStart() - last);
            const auto value = ns.constFind(match.captured(1));
            out += value != ns.cend() ? *value : match.captured(0);
            last = match.capturedEnd();
        }
        out += arg.mid(last);
        command.append(expandUser(out));
    }
    return command;
}

Result<QString> KernelManager::resolveProgram(const QString &program,
                                              const QProcessEnvironment &env) const
{
    const QString who = QStringLiteral("kernelspec '%1'").arg(m_spec.name);
    if (program.isEmpty())
        return Error{who + QStringLiteral(": argv is empty, there is no program to run"),
                     m_spec.path};
    // Popen looks for a relative program (and searches an empty PATH entry) from the
    // child's working directory.
    const QDir childDir(m_workingDir.isEmpty() ? QDir::currentPath() : m_workingDir);
    if (program.contains(QLatin1Char('/'))) {
        const QString path = childDir.absoluteFilePath(program);
        if (!QFileInfo::exists(path))
            return Error{who + QStringLiteral(": program '%1' does not exist").arg(program),
                         m_spec.path};
        if (!isExecutableFile(path))
            return Error{who + QStringLiteral(": program '%1' is not executable").arg(program),
                         m_spec.path};
        return path;
    }
    // execvpe() searches the child's PATH (os.defpath when it has none).
    const QString pathVariable = env.value(QStringLiteral("PATH"), QStringLiteral("/bin:/usr/bin"));
    QString notExecutable;
    for (const QString &dir : pathVariable.split(QLatin1Char(':'))) {
        const QString candidate = (dir.isEmpty() ? childDir : QDir(dir)).absoluteFilePath(program);
        if (isExecutableFile(candidate))
            return candidate;
        if (notExecutable.isEmpty() && QFileInfo(candidate).isFile())
            notExecutable = candidate;
    }
    if (!notExecutable.isEmpty())
        return Error{who
                         + QStringLiteral(": program '%1' (%2) is not executable")
                               .arg(program, notExecutable),
                     m_spec.path};
    return Error{who
                     + QStringLiteral(": program '%1' was not found on PATH (%2)")
                           .arg(program, pathVariable),
                 m_spec.path};
}

Result<void> KernelManager::start()
{
    if (m_state != State::NotRunning)
        return Error{QStringLiteral("kernel '%1' is already running").arg(m_spec.name)};
    if (m_spec.argv.isEmpty())
        return Error{QStringLiteral("kernelspec '%1': argv is empty, there is no program to run")
                         .arg(m_spec.name),
                     m_spec.path};
    if (m_kernelId.isEmpty()) {
        // First start: new ports and key. After a death, restart() keeps them.
        auto info = ConnectionInfo::allocate(m_ip);
        if (!info)
            return info.error();
        m_info = std::move(info).value();
        m_info.kernelName = m_spec.name;
        if (auto prepared = prepareRuntime(); !prepared)
            return prepared;
    }
    return launch();
}

void KernelManager::forgetConnection()
{
    if (m_state == State::NotRunning)
        removeConnectionFile();
}

Result<void> KernelManager::launch()
{
    // A restart reuses the file; write it again if someone removed it meanwhile.
    if (!QFileInfo::exists(m_connectionFile)) {
        if (auto written = m_info.writeFile(m_connectionFile); !written) {
            m_kernelId.clear();
            m_connectionFile.clear();
            return written;
        }
    }
    const QProcessEnvironment env = kernelEnvironment();
    const QStringList command = formatCommand();
    auto program = resolveProgram(command.value(0), env);
    if (!program) {
        removeConnectionFile();
        return program.error();
    }
    m_command = command;
    m_command.first() = *program;

    m_stderr.clear();
    m_process = new QProcess(this);
    m_process->setProgram(*program);
    m_process->setArguments(m_command.mid(1));
    m_process->setProcessEnvironment(env);
    if (!m_workingDir.isEmpty())
        m_process->setWorkingDirectory(m_workingDir);
    // The kernel gets no stdin (launch_kernel closes it); its stdout goes to our debug log
    // so that a command-line job's own stdout stays clean.
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    // start_new_session=True: a session and process group of its own, so SIGINT to the
    // group interrupts the kernel and its children, and a Ctrl-C in our terminal does not.
    m_process->setChildProcessModifier([] { ::setsid(); });

    QProcess *process = m_process;
    connect(process, &QProcess::readyReadStandardError, this, &KernelManager::readStderr);
    connect(process, &QProcess::readyReadStandardOutput, this, &KernelManager::readStdout);
    connect(process, &QProcess::started, this, [this] {
        setState(State::Running);
        qCDebug(lcCore) << "kernel" << m_spec.name << "started, pid" << processId();
        Q_EMIT started(m_info);
    });
    connect(process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        onProcessGone(status == QProcess::CrashExit ? -exitCode : exitCode, QString());
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onProcessGone(127, QStringLiteral("kernelspec '%1': cannot run %2: %3")
                                   .arg(m_spec.name, process->program(), process->errorString()));
    });

    qCDebug(lcCore) << "starting kernel" << m_spec.name << m_command;
    setState(State::Starting);
    m_process->start();
    return {};
}

void KernelManager::readStderr()
{
    if (!m_process)
        return;
    const QByteArray chunk = m_process->readAllStandardError();
    if (chunk.isEmpty())
        return;
    qCDebug(lcCore).noquote() << "kernel" << m_spec.name << "stderr:" << QString::fromUtf8(chunk);
    m_stderr += chunk;
    if (m_stderr.size() > kStderrTailBytes)
        m_stderr.remove(0, m_stderr.size() - kStderrTailBytes);
}

void KernelManager::readStdout()
{
    if (!m_process)
        return;
    const QByteArray chunk = m_process->readAllStandardOutput();
    if (!chunk.isEmpty())
        qCDebug(lcCore).noquote() << "kernel" << m_spec.name
                                  << "stdout:" << QString::fromUtf8(chunk);
}

void KernelManager::signalGroup(int signalNumber)
{
    const qint64 pid = processId();
    if (pid <= 0)
        return;
    // LocalProvisioner.send_signal(): the process group first; the process alone if the group
    // is not there yet (the child has not reached setsid()) or is gone.
    if (::killpg(pid_t(pid), signalNumber) != 0 && ::kill(pid_t(pid), signalNumber) != 0
        && errno != ESRCH)
        qCWarning(lcCore) << "cannot send signal" << signalNumber << "to kernel" << m_spec.name
                          << "pid" << pid << ::strerror(errno);
}

Result<void> KernelManager::interrupt()
{
    if (m_state != State::Running && m_state != State::Starting)
        return Error{QStringLiteral("kernel '%1' is not running").arg(m_spec.name)};
    if (m_spec.interruptMode == InterruptMode::Message)
        return Error{QStringLiteral("kernel '%1' is interrupted by message: send an "
                                    "interrupt_request on the control channel")
                         .arg(m_spec.name)};
    signalGroup(SIGINT);
    return {};
}

void KernelManager::shutdownRequested() { m_shutdownRequested = true; }

void KernelManager::shutdown(std::chrono::milliseconds grace)
{
    m_grace = grace;
    switch (m_state) {
    case State::ShuttingDown:
        m_restartAfterStop = false; // a restart in progress becomes a shutdown
        return;
    case State::Starting:
    case State::Running:
        m_restartAfterStop = false;
        beginStop(grace);
        return;
    case State::NotRunning:
        break;
    }
    removeConnectionFile();
    m_shutdownRequested = false;
    // Asynchronous like the other paths, so callers may connect after calling.
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT finished(); }, Qt::QueuedConnection);
}

Result<void> KernelManager::restart(std::chrono::milliseconds grace)
{
    if (m_spec.argv.isEmpty())
        return Error{QStringLiteral("kernelspec '%1': argv is empty, there is no program to run")
                         .arg(m_spec.name),
                     m_spec.path};
    // Fail now, not after the old kernel is gone, when the program disappeared meanwhile.
    if (auto program = resolveProgram(formatCommand().value(0), kernelEnvironment()); !program)
        return program.error();
    m_grace = grace;
    switch (m_state) {
    case State::NotRunning:
        m_shutdownRequested = false;
        return start(); // after a death: same connection file, ports and key
    case State::ShuttingDown:
        m_restartAfterStop = true;
        return {};
    case State::Starting:
    case State::Running:
        m_restartAfterStop = true;
        beginStop(grace);
        return {};
    }
    return {};
}

void KernelManager::beginStop(std::chrono::milliseconds grace)
{
    setState(State::ShuttingDown);
    const auto half = grace / 2;
    if (m_shutdownRequested) {
        // finish_shutdown(): the kernel got shutdown_request; give it half the time.
        m_stopPhase = StopPhase::Graceful;
    } else {
        // Nobody asked the kernel: waiting for it to leave on its own is pointless.
        m_stopPhase = StopPhase::Terminating;
        qCDebug(lcCore) << "kernel" << m_spec.name << "SIGTERM";
        signalGroup(SIGTERM);
    }
    m_stopTimer->start(half);
}

void KernelManager::advanceStop()
{
    switch (m_stopPhase) {
    case StopPhase::None:
        return;
    case StopPhase::Graceful:
        qCDebug(lcCore) << "kernel" << m_spec.name << "is taking too long to finish, terminating";
        m_stopPhase = StopPhase::Terminating;
        signalGroup(SIGTERM);
        m_stopTimer->start(m_grace / 2);
        return;
    case StopPhase::Terminating:
        qCDebug(lcCore) << "kernel" << m_spec.name << "is taking too long to finish, killing";
        m_stopPhase = StopPhase::Killing;
        signalGroup(SIGKILL);
        m_stopTimer->start(kKillTimeout);
        return;
    case StopPhase::Killing:
        // jupyter_client logs and carries on; so do we, leaving the process object to reap
        // the kernel whenever it finally goes.
        qCWarning(lcCore) << "kernel" << m_spec.name << "pid" << processId()
                          << "did not exit after SIGKILL; giving up waiting";
        if (m_process) {
            QProcess *orphan = m_process;
            orphan->disconnect(this);
            orphan->setParent(nullptr);
            connect(orphan, &QProcess::finished, orphan, &QObject::deleteLater);
            m_process = nullptr;
        }
        onProcessGone(-SIGKILL, QString());
        return;
    }
}

void KernelManager::releaseProcess()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    // We may be inside one of its signals.
    m_process->deleteLater();
    m_process = nullptr;
}

void KernelManager::onProcessGone(int exitCode, const QString &failure)
{
    readStderr();
    readStdout();
    releaseProcess();
    m_stopTimer->stop();
    m_lastExitCode = exitCode;
    qCDebug(lcCore) << "kernel" << m_spec.name << "exited with" << exitCode;

    const bool stopping = m_stopPhase != StopPhase::None;
    m_stopPhase = StopPhase::None;
    if (stopping && m_restartAfterStop) {
        m_restartAfterStop = false;
        m_shutdownRequested = false;
        setState(State::NotRunning);
        if (auto launched = launch(); !launched)
            Q_EMIT processDied(127, launched.error().toString());
        return;
    }
    if (stopping || m_shutdownRequested) {
        m_shutdownRequested = false;
        removeConnectionFile();
        setState(State::NotRunning);
        Q_EMIT finished();
        return;
    }
    setState(State::NotRunning);
    QString text = stderrTail();
    if (!failure.isEmpty())
        text = text.isEmpty() ? failure : failure + QLatin1Char('\n') + text;
    qCWarning(lcCore).noquote() << "kernel" << m_spec.name << "died with exit code" << exitCode;
    Q_EMIT processDied(exitCode, text);
}

void KernelManager::removeConnectionFile()
{
    if (!m_connectionFile.isEmpty()) {
        QFile::remove(m_connectionFile);
        m_connectionFile.clear();
    }
    m_kernelId.clear();
}

} // namespace cumulus::jupyter
