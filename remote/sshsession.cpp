// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "sshsession.h"

#include "hostkeys.h"
#include "secretstore.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h> // ssh_send_keepalive(), which works on client sessions too

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSsh, "cumulus.ssh")

namespace cumulus::remote {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

/// Back-off between reconnection attempts: quick at first (a Wi-Fi change heals in a
/// second), then at most every 30 s.
std::chrono::milliseconds reconnectDelay(int attempt)
{
    static constexpr std::array<int, 7> delays = {500, 1000, 2000, 4000, 8000, 15000, 30000};
    return std::chrono::milliseconds(delays[size_t(std::clamp(attempt - 1, 0, int(delays.size()) - 1))]);
}

QString sshError(ssh_session session)
{
    return QString::fromUtf8(ssh_get_error(session));
}

/// The ProxyCommand libssh runs for ProxyJump: OpenSSH's `ssh -W`, as libssh itself does.
QString proxyJumpCommand(const QString &proxyJump)
{
    const QStringList hops = proxyJump.split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString command = QStringLiteral("ssh");
    if (hops.size() > 1)
        command += QStringLiteral(" -J ") + SshSession::shellQuote(hops.mid(0, hops.size() - 1).join(QLatin1Char(',')));
    return command + QStringLiteral(" -W '[%h]:%p' ") + SshSession::shellQuote(hops.last().trimmed());
}

QString expandProxyTokens(QString command, const ServerConfig &server)
{
    command.replace(QLatin1String("%%"), QStringLiteral("\x01"));
    command.replace(QLatin1String("%h"), server.hostName);
    command.replace(QLatin1String("%p"), QString::number(server.port));
    command.replace(QLatin1String("%r"), server.user);
    command.replace(QLatin1String("%n"), server.name);
    command.replace(QStringLiteral("\x01"), QStringLiteral("%"));
    return command;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Worker: owns the libssh session and runs on its own thread.

class SshSession::Worker : public std::enable_shared_from_this<Worker>
{
public:
    Worker(SshSession *facade, ServerConfig server) : m_facade(facade), m_server(std::move(server)) {}
    ~Worker();

    void start();
    void stop();
    /// Runs @p task on the worker thread (thread-safe).
    void post(std::function<void()> task);
    void deliverAnswer(quint64 id, std::optional<QString> answer);
    void setInteractive(bool interactive) { m_interactive = interactive; }

    // Called through post():
    void open();
    void close();
    void addCommand(QByteArray command, QByteArray input, QPointer<QObject> context, CommandCallback done);
    void addListener(int fd, quint16 localPort, QByteArray remoteHost, quint16 remotePort);
    void removeListener(quint16 localPort);
    void addSessionTask(std::function<void(void *)> task);
    /// Called on this thread, from a session task.
    void addSessionEndHook(std::function<void()> cleanup) { m_sessionEndHooks.push_back(std::move(cleanup)); }

private:
    struct Forward
    {
        Worker *worker = nullptr;
        int socket = -1;
        ssh_channel channel = nullptr;
        ssh_channel_callbacks_struct callbacks {};
        QByteArray toSocket;     ///< channel data the socket has not taken yet
        bool readable = false;   ///< the socket has data (set inside dopoll)
        bool finished = false;   ///< close at the next cleanup
        quint16 localPort = 0;
    };
    struct Command
    {
        QByteArray command;
        QByteArray input;
        QPointer<QObject> context;
        CommandCallback done;
        ssh_channel channel = nullptr;
        ssh_channel_callbacks_struct callbacks {};
        CommandOutput output;
        bool closed = false;
    };
    struct Listener
    {
        int fd = -1;
        quint16 localPort = 0;
        QByteArray remoteHost;
        quint16 remotePort = 0;
        bool pending = false; ///< a connection waits in accept() (set inside dopoll)
    };

    void run();
    void runTasks();
    Result<void> connectOnce();
    Result<void> verifyHostKey(ssh_session session);
    Result<void> authenticate(ssh_session session);
    bool tryKeyFiles(ssh_session session);
    bool tryKeyboardInteractive(ssh_session session);
    std::optional<QString> ask(SshPrompt prompt);
    void dropConnection(const QString &reason);
    void failAllCommands(const QString &reason);
    void startCommands();
    void runSessionTasks();
    void finishCommands();
    void acceptConnections();
    void pumpForwards();
    void closeForward(Forward &forward);
    void notifyState(State state, const Error &error = {});
    template<typename F> void toFacade(F &&function);

    static int onForwardData(ssh_session, ssh_channel, void *data, uint32_t len, int is_stderr, void *userdata);
    static void onForwardEof(ssh_session, ssh_channel, void *userdata);
    static void onForwardClose(ssh_session, ssh_channel, void *userdata);
    static int onCommandData(ssh_session, ssh_channel, void *data, uint32_t len, int is_stderr, void *userdata);
    static void onCommandExit(ssh_session, ssh_channel, int status, void *userdata);
    static void onCommandClose(ssh_session, ssh_channel, void *userdata);
    static int onFdEvent(socket_t fd, int revents, void *userdata);

    SshSession *m_facade;
    const ServerConfig m_server;
    std::thread m_thread;
    std::atomic<bool> m_stopping = false;
    std::atomic<bool> m_interactive = true;
    int m_wakeFd = -1;

    std::mutex m_mutex; // guards m_tasks and the prompt answer
    std::deque<std::function<void()>> m_tasks;
    std::condition_variable m_answered;
    quint64 m_promptId = 0;
    std::optional<std::optional<QString>> m_answer;

    // Worker-thread state.
    ssh_event m_event = nullptr;
    ssh_session m_ssh = nullptr;
    bool m_wantOpen = false;
    bool m_everConnected = false;
    bool m_refused = false;     ///< the last attempt failed in a way retrying cannot fix
    QString m_lastFailure;      ///< why the last open() failed
    int m_attempt = 0;
    Clock::time_point m_nextAttempt {};
    Clock::time_point m_nextKeepalive {};
    ssh_key m_key = nullptr;   ///< the key that logged in, kept for reconnects
    QByteArray m_password;     ///< likewise (memory only, never written anywhere)
    std::map<int, Listener> m_listeners; // by fd
    std::list<Forward> m_forwards;
    std::list<Command> m_commands;
    std::deque<std::function<void(void *)>> m_sessionTasks; ///< runOnSession(), in order
    std::vector<std::function<void()>> m_sessionEndHooks;   ///< atSessionEnd(), for this connection
};

SshSession::Worker::~Worker()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

template<typename F>
void SshSession::Worker::toFacade(F &&function)
{
    // The facade joins this thread before it dies, so it outlives every posted call.
    QMetaObject::invokeMethod(m_facade, std::forward<F>(function), Qt::QueuedConnection);
}

void SshSession::Worker::start()
{
    m_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    m_thread = std::thread([self = shared_from_this()] { self->run(); });
}

void SshSession::Worker::stop()
{
    m_stopping = true;
    {
        std::lock_guard lock(m_mutex);
        m_answer.emplace(std::nullopt); // a waiting prompt gives up
    }
    m_answered.notify_all();
    const uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
    if (m_thread.joinable())
        m_thread.join();
}

void SshSession::Worker::post(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    const uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
}

void SshSession::Worker::deliverAnswer(quint64 id, std::optional<QString> answer)
{
    {
        std::lock_guard lock(m_mutex);
        if (id != m_promptId)
            return;
        m_answer.emplace(std::move(answer));
    }
    m_answered.notify_all();
}

void SshSession::Worker::notifyState(State state, const Error &error)
{
    toFacade([facade = m_facade, state, error] { facade->setState(state, error); });
}

int SshSession::Worker::onFdEvent(socket_t fd, int revents, void *userdata)
{
    auto *self = static_cast<Worker *>(userdata);
    if (fd == self->m_wakeFd) {
        uint64_t value;
        while (::read(fd, &value, sizeof value) > 0) {
        }
        return 0;
    }
    if (auto listener = self->m_listeners.find(fd); listener != self->m_listeners.end()) {
        listener->second.pending = true;
        return 0;
    }
    for (Forward &forward : self->m_forwards)
        if (forward.socket == fd && (revents & (POLLIN | POLLHUP | POLLERR)))
            forward.readable = true;
    return 0;
}

void SshSession::Worker::run()
{
    m_event = ssh_event_new();
    ssh_event_add_fd(m_event, m_wakeFd, POLLIN, &Worker::onFdEvent, this);
    while (!m_stopping) {
        runTasks();
        if (m_stopping)
            break;
        if (m_wantOpen && !m_ssh && Clock::now() >= m_nextAttempt) {
            const bool reconnect = m_everConnected;
            notifyState(reconnect ? State::Reconnecting : State::Connecting);
            if (auto connected = connectOnce(); connected) {
                m_everConnected = true;
                m_attempt = 0;
                notifyState(State::Connected);
            } else if (!reconnect || m_refused) {
                // First connection, or a refused host key or login: the person must act.
                m_wantOpen = false;
                m_lastFailure = connected.error().message;
                failAllCommands(connected.error().message);
                notifyState(State::Failed, connected.error());
            } else {
                ++m_attempt;
                const auto delay = reconnectDelay(m_attempt);
                m_nextAttempt = Clock::now() + delay;
                toFacade([facade = m_facade, attempt = m_attempt, delay, reason = connected.error().message] {
                    Q_EMIT facade->reconnecting(attempt, int(delay.count()), reason);
                });
            }
        }
        if (m_ssh)
            startCommands();
        runSessionTasks();

        // Wake for the next keepalive, reconnection attempt or output the sockets owe.
        auto timeout = 1000ms;
        const auto now = Clock::now();
        if (m_ssh)
            timeout = std::min(timeout, std::chrono::ceil<std::chrono::milliseconds>(m_nextKeepalive - now));
        if (m_wantOpen && !m_ssh)
            timeout = std::min(timeout, std::chrono::ceil<std::chrono::milliseconds>(m_nextAttempt - now));
        for (const Forward &forward : m_forwards)
            if (!forward.toSocket.isEmpty())
                timeout = std::min(timeout, 2ms);
        timeout = std::max(timeout, 0ms);

        const int rc = ssh_event_dopoll(m_event, int(timeout.count()));
        if (m_ssh && (rc == SSH_ERROR || !ssh_is_connected(m_ssh))) {
            dropConnection(ssh_is_connected(m_ssh) ? sshError(m_ssh)
                                                   : QCoreApplication::translate("cumulus::remote::SshSession",
                                                                                 "the connection was closed"));
            continue;
        }
        acceptConnections();
        pumpForwards();
        finishCommands();
        if (m_ssh && Clock::now() >= m_nextKeepalive) {
            // libssh has no keepalive timer of its own: without traffic a dead peer is never
            // noticed. TCP_USER_TIMEOUT turns an unanswered keepalive into an error.
            ssh_send_keepalive(m_ssh);
            const int interval = m_server.serverAliveIntervalS > 0 ? m_server.serverAliveIntervalS : 15;
            m_nextKeepalive = Clock::now() + std::chrono::seconds(interval);
        }
    }
    // Shut everything down on this thread.
    for (auto &[fd, listener] : m_listeners) {
        ssh_event_remove_fd(m_event, fd);
        ::close(fd);
    }
    m_listeners.clear();
    if (m_ssh)
        dropConnection(QString());
    failAllCommands(QCoreApplication::translate("cumulus::remote::SshSession", "the connection was closed"));
    if (m_key)
        ssh_key_free(m_key);
    m_password.fill('\0');
    ssh_event_remove_fd(m_event, m_wakeFd);
    ssh_event_free(m_event);
}

void SshSession::Worker::runTasks()
{
    std::deque<std::function<void()>> tasks;
    {
        std::lock_guard lock(m_mutex);
        tasks.swap(m_tasks);
    }
    for (auto &task : tasks)
        task();
}

void SshSession::Worker::open()
{
    if (m_ssh || m_wantOpen)
        return;
    m_wantOpen = true;
    m_lastFailure.clear();
    m_everConnected = false;
    m_attempt = 0;
    m_nextAttempt = Clock::now();
}

void SshSession::Worker::close()
{
    m_wantOpen = false;
    if (m_ssh)
        dropConnection(QString());
    failAllCommands(QCoreApplication::translate("cumulus::remote::SshSession", "the connection was closed"));
    m_everConnected = false;
    notifyState(State::Closed);
}

Result<void> SshSession::Worker::connectOnce()
{
    using T = SshSession;
    m_refused = false;
    ssh_session session = ssh_new();
    if (!session)
        return Error(T::tr("cannot create an SSH session"));
    const QByteArray host = m_server.hostName.toUtf8();
    const QByteArray user = m_server.user.toUtf8();
    // libssh finds ~ through getpwuid(); Cumulus (and its tests) go by $HOME.
    const QByteArray sshDir = QFile::encodeName(QDir::homePath() + QStringLiteral("/.ssh"));
    const unsigned int port = unsigned(m_server.port);
    const long timeout = m_server.connectTimeoutS > 0 ? m_server.connectTimeoutS : 20;
    const int yes = 1;
    const bool no = false;
    ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &no); // our ServerConfig is the config
    ssh_options_set(session, SSH_OPTIONS_SSH_DIR, sshDir.constData());
    ssh_options_set(session, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(session, SSH_OPTIONS_PORT, &port);
    if (!user.isEmpty())
        ssh_options_set(session, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(session, SSH_OPTIONS_NODELAY, &yes);
    QString proxy = m_server.proxyCommand;
    if (proxy.isEmpty() && !m_server.proxyJump.isEmpty() && m_server.proxyJump != QLatin1String("none"))
        proxy = proxyJumpCommand(m_server.proxyJump);
    if (!proxy.isEmpty() && proxy != QLatin1String("none")) {
        const QByteArray command = expandProxyTokens(proxy, m_server).toUtf8();
        ssh_options_set(session, SSH_OPTIONS_PROXYCOMMAND, command.constData());
    }

    const QString where = QStringLiteral("%1:%2").arg(m_server.hostName).arg(m_server.port);
    if (ssh_connect(session) != SSH_OK) {
        Error error(T::tr("cannot connect to %1 (%2): %3").arg(m_server.name, where, sshError(session)));
        ssh_free(session);
        return error;
    }
    if (auto verified = verifyHostKey(session); !verified) {
        ssh_disconnect(session);
        ssh_free(session);
        return verified;
    }
    if (auto authenticated = authenticate(session); !authenticated) {
        ssh_disconnect(session);
        ssh_free(session);
        m_refused = true; // retrying would ask the same questions
        return authenticated;
    }
    const int fd = ssh_get_fd(session);
    if (fd >= 0) {
        // A path that silently died is noticed within ~3 keepalives, not after TCP's 15 min.
        const int on = 1;
        const unsigned int userTimeoutMs = 45000;
        ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
        ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &userTimeoutMs, sizeof userTimeoutMs);
    }
    m_ssh = session;
    ssh_event_add_session(m_event, m_ssh);
    m_nextKeepalive = Clock::now() + 15s;
    qCInfo(lcSsh) << "connected to" << m_server.name << "at" << where;
    return {};
}

Result<void> SshSession::Worker::verifyHostKey(ssh_session session)
{
    using T = SshSession;
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session, &key) != SSH_OK)
        return Error(T::tr("%1 sent no host key: %2").arg(m_server.name, sshError(session)));
    const QString name = m_server.knownHostsName();
    const QString fingerprint = hostkeys::fingerprint(key);
    const QString type = hostkeys::keyType(key);
    const hostkeys::Check check = hostkeys::check(key, name, m_server.knownHostsFiles);
    Result<void> result;
    switch (check.verdict) {
    case hostkeys::Verdict::Known:
        break;
    case hostkeys::Verdict::Changed:
        result = Error(T::tr("REFUSED: the host key of %1 has changed. Someone may be intercepting the "
                             "connection, or the server was re-installed. The server now offers %2 key %3, "
                             "which differs from the key recorded for \"%4\" in %5 line %6. If you know "
                             "why the key changed, remove that line from the file yourself "
                             "(ssh-keygen -R \"%4\" -f %5) and connect again.")
                               .arg(m_server.name, type, fingerprint, name, check.file)
                               .arg(check.line));
        m_refused = true;
        break;
    case hostkeys::Verdict::Revoked:
        result = Error(T::tr("REFUSED: the host key of %1 (%2) is marked @revoked in %3 line %4.")
                               .arg(m_server.name, fingerprint, check.file)
                               .arg(check.line));
        m_refused = true;
        break;
    case hostkeys::Verdict::Unknown: {
        SshPrompt prompt;
        prompt.kind = SshPrompt::Kind::UnknownHostKey;
        prompt.fingerprint = fingerprint;
        prompt.keyType = type;
        prompt.text = T::tr("The authenticity of %1 (%2) cannot be established.\n%3 key fingerprint is %4.\n"
                            "Connect and remember this key?")
                              .arg(name, m_server.hostName, type, fingerprint);
        const auto answer = ask(prompt);
        if (!answer || answer->compare(QLatin1String("yes"), Qt::CaseInsensitive) != 0) {
            result = Error(T::tr("host key of %1 not accepted (%2 %3): it is not in %4")
                                   .arg(m_server.name, type, fingerprint,
                                        m_server.knownHostsFiles.join(QStringLiteral(", "))));
            m_refused = true;
            break;
        }
        const QString file = m_server.knownHostsFiles.value(0, QDir::homePath() + QStringLiteral("/.ssh/known_hosts"));
        if (auto remembered = hostkeys::remember(key, name, file); !remembered)
            qCWarning(lcSsh).noquote() << remembered.error().toString();
        break;
    }
    }
    ssh_key_free(key);
    return result;
}

std::optional<QString> SshSession::Worker::ask(SshPrompt prompt)
{
    if (!m_interactive || m_stopping)
        return std::nullopt;
    prompt.server = m_server.name;
    {
        std::lock_guard lock(m_mutex);
        prompt.id = ++m_promptId;
        m_answer.reset();
    }
    toFacade([facade = m_facade, prompt] { Q_EMIT facade->promptRequested(prompt); });
    std::unique_lock lock(m_mutex);
    m_answered.wait(lock, [this] { return m_answer.has_value(); });
    std::optional<QString> answer = std::move(*m_answer);
    m_answer.reset();
    return answer;
}

Result<void> SshSession::Worker::authenticate(ssh_session session)
{
    using T = SshSession;
    if (ssh_userauth_none(session, nullptr) == SSH_AUTH_SUCCESS)
        return {};
    const int methods = ssh_userauth_list(session, nullptr);
    if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
        if (m_key && ssh_userauth_publickey(session, nullptr, m_key) == SSH_AUTH_SUCCESS)
            return {};
        if (!m_server.identitiesOnly && qEnvironmentVariableIsSet("SSH_AUTH_SOCK")
            && ssh_userauth_agent(session, nullptr) == SSH_AUTH_SUCCESS)
            return {};
        if (tryKeyFiles(session))
            return {};
    }
    if ((methods & SSH_AUTH_METHOD_INTERACTIVE) && tryKeyboardInteractive(session))
        return {};
    if (methods & SSH_AUTH_METHOD_PASSWORD) {
        if (!m_password.isEmpty()
            && ssh_userauth_password(session, nullptr, m_password.constData()) == SSH_AUTH_SUCCESS)
            return {};
        SshPrompt prompt;
        prompt.kind = SshPrompt::Kind::Password;
        prompt.text = T::tr("Password for %1@%2:").arg(m_server.effectiveUser(), m_server.hostName);
        prompt.secretKey = SecretStore::passwordKey(m_server.effectiveUser(), m_server.hostName, m_server.port);
        if (const auto answer = ask(prompt)) {
            QByteArray password = answer->toUtf8();
            if (ssh_userauth_password(session, nullptr, password.constData()) == SSH_AUTH_SUCCESS) {
                m_password = password;
                return {};
            }
            password.fill('\0');
        }
    }
    QStringList offered;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        offered << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        offered << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        offered << QStringLiteral("password");
    return Error(T::tr("authentication failed for %1 (user \"%2\"): the server accepts %3; tried the "
                       "SSH agent and the keys %4")
                         .arg(m_server.name, m_server.effectiveUser(),
                              offered.isEmpty() ? T::tr("no method Cumulus knows") : offered.join(QStringLiteral(", ")),
                              m_server.identityFiles.isEmpty() ? T::tr("(none configured)")
                                                               : m_server.identityFiles.join(QStringLiteral(", "))));
}

bool SshSession::Worker::tryKeyFiles(ssh_session session)
{
    QStringList files = m_server.identityFiles;
    if (files.isEmpty()) {
        const QString dir = QDir::homePath() + QStringLiteral("/.ssh/");
        for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"})
            files << dir + QLatin1String(name);
    }
    for (const QString &file : std::as_const(files)) {
        if (!QFileInfo::exists(file))
            continue;
        const QByteArray path = QFile::encodeName(file);
        // Ask the server before asking for a passphrase: most keys are not for this server.
        ssh_key publicKey = nullptr;
        if (ssh_pki_import_pubkey_file(QByteArray(path + ".pub").constData(), &publicKey) == SSH_OK) {
            const int accepted = ssh_userauth_try_publickey(session, nullptr, publicKey);
            ssh_key_free(publicKey);
            if (accepted != SSH_AUTH_SUCCESS)
                continue;
        }
        ssh_key key = nullptr;
        if (ssh_pki_import_privkey_file(path.constData(), nullptr, nullptr, nullptr, &key) != SSH_OK) {
            SshPrompt prompt;
            prompt.kind = SshPrompt::Kind::Passphrase;
            prompt.text = SshSession::tr("Passphrase for the key %1:").arg(file);
            prompt.secretKey = SecretStore::passphraseKey(file);
            const auto answer = ask(prompt);
            if (!answer)
                continue;
            QByteArray passphrase = answer->toUtf8();
            const int imported = ssh_pki_import_privkey_file(path.constData(), passphrase.constData(), nullptr,
                                                             nullptr, &key);
            passphrase.fill('\0');
            if (imported != SSH_OK)
                continue;
        }
        if (ssh_userauth_publickey(session, nullptr, key) == SSH_AUTH_SUCCESS) {
            if (m_key)
                ssh_key_free(m_key);
            m_key = key;
            return true;
        }
        ssh_key_free(key);
    }
    return false;
}

bool SshSession::Worker::tryKeyboardInteractive(ssh_session session)
{
    int rc = ssh_userauth_kbdint(session, nullptr, nullptr);
    while (rc == SSH_AUTH_INFO) {
        const int count = ssh_userauth_kbdint_getnprompts(session);
        for (int i = 0; i < count; ++i) {
            char echo = 0;
            const char *question = ssh_userauth_kbdint_getprompt(session, unsigned(i), &echo);
            SshPrompt prompt;
            prompt.kind = SshPrompt::Kind::KeyboardInteractive;
            prompt.text = QString::fromUtf8(question);
            prompt.echo = echo != 0;
            const auto answer = ask(prompt);
            if (!answer)
                return false;
            QByteArray bytes = answer->toUtf8();
            ssh_userauth_kbdint_setanswer(session, unsigned(i), bytes.constData());
            bytes.fill('\0');
        }
        rc = ssh_userauth_kbdint(session, nullptr, nullptr);
    }
    return rc == SSH_AUTH_SUCCESS;
}

void SshSession::Worker::dropConnection(const QString &reason)
{
    for (Forward &forward : m_forwards)
        closeForward(forward);
    m_forwards.clear();
    // Commands that were running are lost with the channel; waiting ones stay queued.
    for (auto it = m_commands.begin(); it != m_commands.end();) {
        if (it->channel) {
            ssh_channel_free(it->channel);
            it->channel = nullptr;
            toFacade([facade = m_facade, context = it->context, done = std::move(it->done),
                      message = QCoreApplication::translate("cumulus::remote::SshSession",
                                                            "the connection to %1 was lost while a command ran")
                                        .arg(m_server.name)] {
                Q_UNUSED(facade);
                if (context && done)
                    done(Error(message));
            });
            it = m_commands.erase(it);
        } else {
            ++it;
        }
    }
    for (auto &cleanup : std::exchange(m_sessionEndHooks, {}))
        cleanup();
    ssh_event_remove_session(m_event, m_ssh);
    ssh_disconnect(m_ssh);
    ssh_free(m_ssh);
    m_ssh = nullptr;
    if (!reason.isEmpty() && m_wantOpen) {
        qCWarning(lcSsh).noquote() << "connection to" << m_server.name << "lost:" << reason;
        ++m_attempt;
        const auto delay = reconnectDelay(m_attempt);
        m_nextAttempt = Clock::now() + delay;
        notifyState(State::Reconnecting);
        toFacade([facade = m_facade, attempt = m_attempt, delay, reason] {
            Q_EMIT facade->reconnecting(attempt, int(delay.count()), reason);
        });
    }
}

void SshSession::Worker::addSessionTask(std::function<void(void *)> task)
{
    if (!m_wantOpen && !m_ssh) {
        task(nullptr);
        return;
    }
    m_sessionTasks.push_back(std::move(task));
}

void SshSession::Worker::runSessionTasks()
{
    // One at a time, and only on a live connection: a task that lost it leaves the rest for
    // after the reconnection, which the poll below starts.
    while (m_ssh && ssh_is_connected(m_ssh) && !m_sessionTasks.empty() && !m_stopping) {
        auto task = std::move(m_sessionTasks.front());
        m_sessionTasks.pop_front();
        task(m_ssh);
    }
}

void SshSession::Worker::failAllCommands(const QString &reason)
{
    while (!m_sessionTasks.empty()) {
        auto task = std::move(m_sessionTasks.front());
        m_sessionTasks.pop_front();
        task(nullptr);
    }
    for (Command &command : m_commands) {
        if (command.channel)
            ssh_channel_free(command.channel);
        toFacade([context = command.context, done = std::move(command.done), reason] {
            if (context && done)
                done(Error(reason));
        });
    }
    m_commands.clear();
}

void SshSession::Worker::addCommand(QByteArray command, QByteArray input, QPointer<QObject> context,
                                    CommandCallback done)
{
    if (!m_wantOpen && !m_ssh) {
        // Opening failed just before this command came: say why, not just "not connected".
        const QString reason = m_lastFailure.isEmpty() ? SshSession::tr("not connected to %1").arg(m_server.name)
                                                       : m_lastFailure;
        toFacade([context, done = std::move(done), reason] {
            if (context && done)
                done(Error(reason));
        });
        return;
    }
    Command &added = m_commands.emplace_back();
    added.command = std::move(command);
    added.input = std::move(input);
    added.context = std::move(context);
    added.done = std::move(done);
}

void SshSession::Worker::startCommands()
{
    for (Command &command : m_commands) {
        if (command.channel)
            continue;
        ssh_channel channel = ssh_channel_new(m_ssh);
        if (!channel || ssh_channel_open_session(channel) != SSH_OK) {
            if (channel)
                ssh_channel_free(channel);
            return; // the session is failing: the poll notices and reconnects
        }
        command.channel = channel;
        ssh_callbacks_init(&command.callbacks);
        command.callbacks.userdata = &command;
        command.callbacks.channel_data_function = &Worker::onCommandData;
        command.callbacks.channel_exit_status_function = &Worker::onCommandExit;
        command.callbacks.channel_close_function = &Worker::onCommandClose;
        ssh_set_channel_callbacks(channel, &command.callbacks);
        if (ssh_channel_request_exec(channel, command.command.constData()) != SSH_OK) {
            command.closed = true;
            command.output.exitStatus = -1;
            command.output.err = sshError(m_ssh).toUtf8();
            continue;
        }
        if (!command.input.isEmpty())
            ssh_channel_write(channel, command.input.constData(), uint32_t(command.input.size()));
        ssh_channel_send_eof(channel);
    }
}

int SshSession::Worker::onCommandData(ssh_session, ssh_channel, void *data, uint32_t len, int is_stderr,
                                      void *userdata)
{
    auto *command = static_cast<Command *>(userdata);
    (is_stderr ? command->output.err : command->output.out).append(static_cast<const char *>(data), qsizetype(len));
    return int(len);
}

void SshSession::Worker::onCommandExit(ssh_session, ssh_channel, int status, void *userdata)
{
    static_cast<Command *>(userdata)->output.exitStatus = status;
}

void SshSession::Worker::onCommandClose(ssh_session, ssh_channel, void *userdata)
{
    static_cast<Command *>(userdata)->closed = true;
}

void SshSession::Worker::finishCommands()
{
    for (auto it = m_commands.begin(); it != m_commands.end();) {
        if (!it->channel || !it->closed) {
            ++it;
            continue;
        }
        ssh_channel_close(it->channel);
        ssh_channel_free(it->channel);
        toFacade([context = it->context, done = std::move(it->done), output = std::move(it->output)] {
            if (context && done)
                done(output);
        });
        it = m_commands.erase(it);
    }
}

void SshSession::Worker::addListener(int fd, quint16 localPort, QByteArray remoteHost, quint16 remotePort)
{
    Listener &listener = m_listeners[fd];
    listener.fd = fd;
    listener.localPort = localPort;
    listener.remoteHost = std::move(remoteHost);
    listener.remotePort = remotePort;
    ssh_event_add_fd(m_event, fd, POLLIN, &Worker::onFdEvent, this);
}

void SshSession::Worker::removeListener(quint16 localPort)
{
    for (auto it = m_listeners.begin(); it != m_listeners.end(); ++it) {
        if (it->second.localPort != localPort)
            continue;
        ssh_event_remove_fd(m_event, it->first);
        ::close(it->first);
        m_listeners.erase(it);
        break;
    }
    for (Forward &forward : m_forwards)
        if (forward.localPort == localPort)
            forward.finished = true;
    pumpForwards();
}

void SshSession::Worker::acceptConnections()
{
    for (auto &[fd, listener] : m_listeners) {
        if (!listener.pending)
            continue;
        listener.pending = false;
        for (;;) {
            const int socket = ::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (socket < 0)
                break;
            if (!m_ssh) {
                // Reconnecting: refuse, the client (ZeroMQ) retries by itself.
                ::close(socket);
                continue;
            }
            const int on = 1;
            ::setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            ssh_channel channel = ssh_channel_new(m_ssh);
            if (!channel
                || ssh_channel_open_forward(channel, listener.remoteHost.constData(), listener.remotePort,
                                            "127.0.0.1", listener.localPort)
                           != SSH_OK) {
                // Refused while a kernel starts and binds its ports: the client retries.
                qCDebug(lcSsh).noquote() << "cannot forward to" << listener.remoteHost << listener.remotePort
                                         << "on" << m_server.name << ":" << sshError(m_ssh);
                if (channel)
                    ssh_channel_free(channel);
                ::close(socket);
                continue;
            }
            Forward &forward = m_forwards.emplace_back();
            forward.worker = this;
            forward.socket = socket;
            forward.channel = channel;
            forward.localPort = listener.localPort;
            ssh_callbacks_init(&forward.callbacks);
            forward.callbacks.userdata = &forward;
            forward.callbacks.channel_data_function = &Worker::onForwardData;
            forward.callbacks.channel_eof_function = &Worker::onForwardEof;
            forward.callbacks.channel_close_function = &Worker::onForwardClose;
            ssh_set_channel_callbacks(channel, &forward.callbacks);
            ssh_event_add_fd(m_event, socket, POLLIN, &Worker::onFdEvent, this);
            // Data that arrived while the channel opened sits in libssh's buffer, and the
            // callback only hears of data that comes later: hand it over now.
            char early[16 * 1024];
            int n;
            while ((n = ssh_channel_read_nonblocking(channel, early, sizeof early, 0)) > 0)
                forward.toSocket.append(early, n);
        }
    }
}

int SshSession::Worker::onForwardData(ssh_session, ssh_channel, void *data, uint32_t len, int, void *userdata)
{
    auto *forward = static_cast<Forward *>(userdata);
    // Back-pressure: beyond 8 MiB not yet taken by the local socket, leave the data with
    // libssh, which then stops opening the channel's window.
    if (forward->toSocket.size() > 8 * 1024 * 1024)
        return 0;
    const char *bytes = static_cast<const char *>(data);
    qsizetype written = 0;
    if (forward->toSocket.isEmpty()) {
        const ssize_t n = ::send(forward->socket, bytes, len, MSG_NOSIGNAL);
        if (n > 0)
            written = n;
        else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            forward->finished = true;
            return int(len);
        }
    }
    forward->toSocket.append(bytes + written, qsizetype(len) - written);
    return int(len);
}

void SshSession::Worker::onForwardEof(ssh_session, ssh_channel, void *userdata)
{
    static_cast<Forward *>(userdata)->finished = true;
}

void SshSession::Worker::onForwardClose(ssh_session, ssh_channel, void *userdata)
{
    static_cast<Forward *>(userdata)->finished = true;
}

void SshSession::Worker::pumpForwards()
{
    char buffer[64 * 1024];
    for (Forward &forward : m_forwards) {
        while (!forward.toSocket.isEmpty()) {
            const ssize_t n = ::send(forward.socket, forward.toSocket.constData(), size_t(forward.toSocket.size()),
                                     MSG_NOSIGNAL);
            if (n > 0) {
                forward.toSocket.remove(0, n);
            } else {
                if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                    forward.finished = true;
                break;
            }
        }
        if (!forward.readable || forward.finished)
            continue;
        forward.readable = false;
        for (;;) {
            const ssize_t n = ::recv(forward.socket, buffer, sizeof buffer, 0);
            if (n > 0) {
                if (ssh_channel_write(forward.channel, buffer, uint32_t(n)) == SSH_ERROR) {
                    forward.finished = true;
                    break;
                }
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                forward.finished = true; // the local side closed
            break;
        }
    }
    for (auto it = m_forwards.begin(); it != m_forwards.end();) {
        if (it->finished && it->toSocket.isEmpty()) {
            closeForward(*it);
            it = m_forwards.erase(it);
        } else {
            ++it;
        }
    }
}

void SshSession::Worker::closeForward(Forward &forward)
{
    if (forward.socket >= 0) {
        ssh_event_remove_fd(m_event, forward.socket);
        ::close(forward.socket);
        forward.socket = -1;
    }
    if (forward.channel) {
        if (m_ssh && ssh_channel_is_open(forward.channel))
            ssh_channel_close(forward.channel);
        ssh_channel_free(forward.channel);
        forward.channel = nullptr;
    }
}

// ---------------------------------------------------------------------------------------

SshSession::SshSession(ServerConfig server, QObject *parent)
    : QObject(parent), m_server(std::move(server)), m_worker(std::make_shared<Worker>(this, m_server))
{
    static const int registered = [] {
        qRegisterMetaType<SshPrompt>();
        return 0;
    }();
    Q_UNUSED(registered);
    m_worker->start();
}

SshSession::~SshSession()
{
    m_worker->stop();
}

QString SshSession::route() const
{
    if (!m_server.proxyCommand.isEmpty() && m_server.proxyCommand != QLatin1String("none"))
        return tr("through the ProxyCommand \"%1\"").arg(m_server.proxyCommand);
    if (!m_server.proxyJump.isEmpty() && m_server.proxyJump != QLatin1String("none"))
        return tr("through the jump host %1 (OpenSSH's ssh -W)").arg(m_server.proxyJump);
    return tr("direct");
}

void SshSession::setInteractive(bool interactive)
{
    m_worker->setInteractive(interactive);
}

void SshSession::open()
{
    if (m_state == State::Connected || m_state == State::Connecting || m_state == State::Reconnecting)
        return;
    setState(State::Connecting);
    m_worker->post([worker = m_worker.get()] { worker->open(); });
}

void SshSession::close()
{
    m_worker->post([worker = m_worker.get()] { worker->close(); });
}

void SshSession::answerPrompt(quint64 id, std::optional<QString> answer)
{
    m_worker->deliverAnswer(id, std::move(answer));
}

void SshSession::runCommand(const QString &command, const QByteArray &input, QObject *context,
                            CommandCallback done)
{
    m_worker->post([worker = m_worker.get(), command = command.toUtf8(), input, context = QPointer<QObject>(context),
                    done = std::move(done)]() mutable {
        worker->addCommand(std::move(command), std::move(input), std::move(context), std::move(done));
    });
}

Result<quint16> SshSession::forward(const QString &remoteHost, quint16 remotePort)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error(tr("cannot open a local port: %1").arg(QString::fromLocal8Bit(::strerror(errno))));
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        const QString reason = QString::fromLocal8Bit(::strerror(errno));
        ::close(fd);
        return Error(tr("cannot open a local port: %1").arg(reason));
    }
    const quint16 localPort = ntohs(address.sin_port);
    m_worker->post([worker = m_worker.get(), fd, localPort, host = remoteHost.toUtf8(), remotePort]() mutable {
        worker->addListener(fd, localPort, std::move(host), remotePort);
    });
    return localPort;
}

void SshSession::runOnSession(std::function<void(void *session)> task)
{
    m_worker->post([worker = m_worker.get(), task = std::move(task)]() mutable {
        worker->addSessionTask(std::move(task));
    });
}

void SshSession::atSessionEnd(std::function<void()> cleanup)
{
    m_worker->addSessionEndHook(std::move(cleanup));
}

void SshSession::removeForward(quint16 localPort)
{
    m_worker->post([worker = m_worker.get(), localPort] { worker->removeListener(localPort); });
}

QString SshSession::shellQuote(const QString &argument)
{
    if (!argument.isEmpty()
        && std::all_of(argument.begin(), argument.end(), [](QChar c) {
               return c.isLetterOrNumber() || QStringLiteral("@%+=:,./-_").contains(c);
           }))
        return argument;
    QString quoted = argument;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

void SshSession::setState(State state, const Error &error)
{
    if (state == State::Failed)
        m_lastError = error;
    if (state == m_state && state != State::Failed)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
    if (state == State::Failed)
        Q_EMIT failed(error);
}

} // namespace cumulus::remote
