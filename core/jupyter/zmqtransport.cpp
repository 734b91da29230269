// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/zmqtransport.h"

#include "logging.h"

#include <QThread>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <iterator>
#include <mutex>

namespace cumulus::jupyter {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// A batch is emitted when nothing more is readable, or at these limits (memory stays bounded
// while the GUI catches up; a 57 MB message still travels alone).
constexpr qsizetype kMaxBatchMessages = 1000;
constexpr size_t kMaxBatchBytes = size_t(16) << 20;
// Batches in the mailbox, not yet taken by the transport's thread; at the limit the I/O thread
// stops reading until that thread catches up (ZeroMQ buffers meanwhile: receive HWMs are
// unlimited, because a kernel's ROUTER and PUB drop what does not fit).
constexpr int kMaxBatchesInFlight = 4;
// Messages taken from one socket before the next gets a turn, so a flood on iopub cannot
// hold back a shell reply for a whole batch.
constexpr int kReadTurn = 64;
constexpr auto kStartupGrace = 10s;
constexpr auto kStopAckTimeout = 10s;
constexpr quint64 kLoggedRejects = 10; // then every 1000th, so a hostile peer cannot flood logs

// First frame of every message on the inproc pipe.
constexpr char kCmdShell = 's';
constexpr char kCmdControl = 'c';
constexpr char kCmdStdin = 'i';
constexpr char kCmdWake = 'w';    // re-check the in-flight count
constexpr char kCmdStop = 'q';
constexpr char kCmdStopped = 'Q'; // the worker's answer: its kernel sockets are closed

// Index of a kernel socket in ZmqWorker::m_sockets (and of its outbox for the first three).
constexpr std::array<Channel, 4> kChannels = {Channel::Shell, Channel::Control, Channel::Stdin,
                                              Channel::IOPub};

const char *channelName(Channel channel)
{
    switch (channel) {
    case Channel::Shell: return "shell";
    case Channel::Control: return "control";
    case Channel::Stdin: return "stdin";
    case Channel::IOPub: return "iopub";
    case Channel::Heartbeat: return "hb";
    }
    return "?";
}

std::string endpointOf(const ConnectionInfo &info, Channel channel)
{
    return info.endpoint(channel).toStdString();
}

} // namespace

namespace detail {

/**
 * What the I/O thread hands to the transport's thread, in order. Everything crosses under
 * this mutex, and the one queued signal that announces it carries no data: ThreadSanitizer
 * sees every hand-over (Qt's own event queue is invisible to it), and a flood of events
 * costs one queued call per drain.
 */
struct ZmqMailbox
{
    struct Event
    {
        enum Kind { Started, StdinConnected, Batch, Rejected, HeartbeatFailed, HeartbeatRestored, Error };
        Kind kind;
        QList<ReceivedMessage> batch;
        QString text;
    };

    std::mutex mutex;
    std::deque<Event> events;
    int batches = 0;       // Batch events waiting: the back-pressure count
    bool notified = false; // a mailboxChanged() is on its way and will take everything
    bool closed = false;   // the worker is gone; set under the mutex as its very last act
};

/**
 * The I/O thread's half of a ZmqTransport. It owns the ZeroMQ context and every socket;
 * run() is its whole life: it returns after "stop" with every kernel socket closed. It talks
 * to the transport only through the inproc pipe (in) and the mailbox (out).
 */
class ZmqWorker : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        ConnectionInfo info;
        QByteArray routingId;
        std::shared_ptr<const WireCodec> codec;
        std::chrono::milliseconds heartbeatInterval;
        std::chrono::milliseconds heartbeatTimeout;
        std::string pipeAddress;
        std::shared_ptr<ZmqMailbox> mailbox;
    };

    explicit ZmqWorker(Settings settings) : m_settings(std::move(settings)) {}
    ~ZmqWorker() override
    {
        // The last thing this thread does with shared state, under the mutex the transport
        // takes after QThread::wait(): ThreadSanitizer cannot see that wait() (Qt's threads
        // are detached and its mutexes are futexes), it can see this.
        std::lock_guard lock(m_settings.mailbox->mutex);
        m_settings.mailbox->closed = true;
    }

    zmq::context_t &context() { return m_context; }

    void run();

Q_SIGNALS:
    /// Events are waiting in the mailbox (emitted once until the transport drains it).
    void mailboxChanged();

private:
    void post(ZmqMailbox::Event::Kind kind, QList<ReceivedMessage> batch = {},
              QString text = QString());
    bool mailboxFull();
    using Frames = std::vector<zmq::message_t>;

    bool openSockets();
    void closeSockets();
    void openHeartbeat();
    void loop();
    void pollOnce(bool paused);
    void readPipe();
    void flush(size_t index);
    void readKernel();
    void reject(Channel channel, const QString &reason);
    std::chrono::milliseconds heartbeatWait(Clock::time_point now) const;
    Clock::duration heartbeatTimeout() const;
    void readHeartbeat();
    void heartbeatTick(Clock::time_point now);
    void readStdinMonitor();

    Settings m_settings;
    // Declared before the sockets, so destroyed after them: a context terminates only once
    // every socket in it is closed.
    zmq::context_t m_context;
    zmq::socket_t m_pipe;
    std::array<zmq::socket_t, 4> m_sockets;   // shell, control, stdin, iopub
    std::array<std::deque<Frames>, 3> m_outbox; // waiting for a full DEALER queue to drain
    zmq::socket_t m_heartbeat;
    /// Events of the stdin socket's connection (zmq_socket_monitor): see openSockets().
    zmq::socket_t m_stdinMonitor;
    bool m_stdinConnected = false;
    bool m_socketsOpen = false;
    bool m_stopping = false;
    quint64 m_rejected = 0;

    bool m_pingPending = false;
    bool m_heartbeatFailed = false;
    bool m_heartbeatAnswered = false;
    Clock::time_point m_pingSentAt;
    Clock::time_point m_nextPing;
};

void ZmqWorker::post(ZmqMailbox::Event::Kind kind, QList<ReceivedMessage> batch, QString text)
{
    ZmqMailbox &mailbox = *m_settings.mailbox;
    std::lock_guard lock(mailbox.mutex);
    if (mailbox.closed)
        return;
    if (kind == ZmqMailbox::Event::Batch)
        ++mailbox.batches;
    mailbox.events.push_back({kind, std::move(batch), std::move(text)});
    if (!mailbox.notified) {
        mailbox.notified = true;
        // Emitted under the lock on purpose: the queued call Qt allocates here is then
        // ordered before the transport's drain (which takes the lock) for ThreadSanitizer.
        Q_EMIT mailboxChanged();
    }
}

bool ZmqWorker::mailboxFull()
{
    std::lock_guard lock(m_settings.mailbox->mutex);
    return m_settings.mailbox->batches >= kMaxBatchesInFlight;
}

void ZmqWorker::run()
{
    // Every exit path below closes the kernel sockets and answers "stop"; exceptions end
    // here, never in Qt's event loop.
    try {
        m_pipe = zmq::socket_t(m_context, zmq::socket_type::pair);
        m_pipe.set(zmq::sockopt::linger, 0);
        m_pipe.set(zmq::sockopt::sndhwm, 0);
        m_pipe.set(zmq::sockopt::rcvhwm, 0);
        m_pipe.connect(m_settings.pipeAddress);
    } catch (const zmq::error_t &e) {
        post(ZmqMailbox::Event::Error, {},
             QStringLiteral("cannot start the ZeroMQ I/O thread: %1")
                     .arg(QString::fromLocal8Bit(e.what())));
        m_pipe.close();
        return; // the transport's stop() times out waiting for the answer, then goes on
    }

    m_socketsOpen = openSockets();
    if (m_socketsOpen)
        post(ZmqMailbox::Event::Started);
    while (!m_stopping) {
        try {
            loop();
        } catch (const zmq::error_t &e) {
            qCWarning(lcWire) << "ZeroMQ I/O error:" << e.what();
            post(ZmqMailbox::Event::Error, {},
                 QStringLiteral("ZeroMQ I/O error: %1").arg(QString::fromLocal8Bit(e.what())));
            closeSockets(); // from now on only "stop" is awaited
        } catch (const std::exception &e) {
            qCWarning(lcWire) << "I/O thread error:" << e.what();
            post(ZmqMailbox::Event::Error, {},
                 QStringLiteral("I/O thread error: %1").arg(QString::fromLocal8Bit(e.what())));
            closeSockets();
        }
    }
    closeSockets();
    try {
        (void)m_pipe.send(zmq::message_t(&kCmdStopped, 1), zmq::send_flags::dontwait);
    } catch (const zmq::error_t &) {
        // The transport waits a bounded time for this answer.
    }
    m_pipe.close();
}

bool ZmqWorker::openSockets()
{
    const ConnectionInfo &info = m_settings.info;
    const bool ipv6 = info.transport == QLatin1String("tcp") && info.ip.contains(QLatin1Char(':'));
    const auto common = [&](zmq::socket_t &socket) {
        // linger 0: closing never waits for a dead kernel; receive HWM 0: a ROUTER or PUB
        // on the kernel side drops what does not fit, so never let our queue be full.
        socket.set(zmq::sockopt::linger, 0);
        socket.set(zmq::sockopt::rcvhwm, 0);
        if (ipv6)
            socket.set(zmq::sockopt::ipv6, 1);
    };
    try {
        const std::string routingId = m_settings.routingId.toStdString();
        for (size_t i = 0; i < 3; ++i) {
            m_sockets[i] = zmq::socket_t(m_context, zmq::socket_type::dealer);
            common(m_sockets[i]);
            m_sockets[i].set(zmq::sockopt::routing_id, routingId);
            if (i == 2) {
                // The kernel's stdin ROUTER silently drops an input_request addressed to a
                // routing id it has not seen yet, so the client must not run cells before
                // this socket's handshake is done: watch for it.
                const std::string monitor = "inproc://cumulus-stdin-monitor-"
                    + std::to_string(reinterpret_cast<quintptr>(this));
                if (zmq_socket_monitor(m_sockets[i].handle(), monitor.c_str(),
                                       ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0)
                    throw zmq::error_t();
                m_stdinMonitor = zmq::socket_t(m_context, zmq::socket_type::pair);
                m_stdinMonitor.set(zmq::sockopt::linger, 0);
                m_stdinMonitor.connect(monitor);
                m_stdinConnected = false;
            }
            m_sockets[i].connect(endpointOf(info, kChannels[i]));
        }
        m_sockets[3] = zmq::socket_t(m_context, zmq::socket_type::sub);
        common(m_sockets[3]);
        m_sockets[3].set(zmq::sockopt::subscribe, "");
        m_sockets[3].connect(endpointOf(info, Channel::IOPub));
        openHeartbeat();
    } catch (const zmq::error_t &e) {
        closeSockets();
        post(ZmqMailbox::Event::Error, {},
             QStringLiteral("cannot connect to the kernel at %1: %2")
                     .arg(info.endpoint(Channel::Shell), QString::fromLocal8Bit(e.what())));
        return false;
    }
    qCDebug(lcWire) << "connected to" << info.endpoint(Channel::Shell) << "and its other ports";
    m_nextPing = Clock::now();
    return true;
}

void ZmqWorker::openHeartbeat()
{
    m_heartbeat.close();
    m_heartbeat = zmq::socket_t(m_context, zmq::socket_type::req);
    m_heartbeat.set(zmq::sockopt::linger, 0);
    if (m_settings.info.transport == QLatin1String("tcp")
        && m_settings.info.ip.contains(QLatin1Char(':')))
        m_heartbeat.set(zmq::sockopt::ipv6, 1);
    m_heartbeat.connect(endpointOf(m_settings.info, Channel::Heartbeat));
    m_pingPending = false;
}

void ZmqWorker::closeSockets()
{
    // close() does not throw; linger is 0 on every socket, so nothing waits.
    for (zmq::socket_t &socket : m_sockets)
        socket.close();
    m_heartbeat.close();
    m_stdinMonitor.close();
    for (auto &queue : m_outbox)
        queue.clear();
    m_socketsOpen = false;
}

void ZmqWorker::loop()
{
    while (!m_stopping) {
        // Re-read every turn: the transport empties the mailbox, then wakes us via the pipe.
        pollOnce(mailboxFull());
    }
}

void ZmqWorker::pollOnce(bool paused)
{
    std::array<zmq::pollitem_t, 7> items {};
    size_t count = 0;
    items[count++] = {m_pipe.handle(), 0, ZMQ_POLLIN, 0};
    std::chrono::milliseconds timeout = -1ms;
    if (m_socketsOpen) {
        for (size_t i = 0; i < m_sockets.size(); ++i) {
            short events = paused ? 0 : ZMQ_POLLIN;
            if (i < m_outbox.size() && !m_outbox[i].empty())
                events |= ZMQ_POLLOUT;
            items[count++] = {m_sockets[i].handle(), 0, events, 0};
        }
        items[count++] = {m_heartbeat.handle(), 0, ZMQ_POLLIN, 0};
        if (m_stdinMonitor)
            items[count++] = {m_stdinMonitor.handle(), 0, ZMQ_POLLIN, 0};
        timeout = heartbeatWait(Clock::now());
    }
    try {
        zmq::poll(items.data(), count, timeout);
    } catch (const zmq::error_t &e) {
        if (e.num() == EINTR)
            return; // a signal arrived: poll again
        throw;
    }

    if (items[0].revents & ZMQ_POLLIN)
        readPipe();
    if (m_stopping || !m_socketsOpen)
        return;
    for (size_t i = 0; i < m_outbox.size(); ++i)
        if (items[1 + i].revents & ZMQ_POLLOUT)
            flush(i);
    if (!paused)
        readKernel();
    if (items[5].revents & ZMQ_POLLIN)
        readHeartbeat();
    if (m_stdinMonitor && (items[6].revents & ZMQ_POLLIN))
        readStdinMonitor();
    heartbeatTick(Clock::now());
}

void ZmqWorker::readStdinMonitor()
{
    Frames frames;
    while (zmq::recv_multipart(m_stdinMonitor, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
        // Frame 1: uint16 event, uint32 value; frame 2: the endpoint.
        if (!frames.empty() && frames.front().size() >= sizeof(uint16_t)) {
            uint16_t event = 0;
            std::memcpy(&event, frames.front().data(), sizeof event);
            if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && !m_stdinConnected) {
                m_stdinConnected = true;
                post(ZmqMailbox::Event::StdinConnected);
            }
        }
        frames.clear();
    }
}

void ZmqWorker::readPipe()
{
    Frames frames;
    while (zmq::recv_multipart(m_pipe, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
        const char command = frames.front().size() == 1 ? *frames.front().data<char>() : 0;
        size_t index = m_outbox.size();
        switch (command) {
        case kCmdShell: index = 0; break;
        case kCmdControl: index = 1; break;
        case kCmdStdin: index = 2; break;
        case kCmdStop: m_stopping = true; return;
        default: break; // kCmdWake: the loop re-reads the in-flight count
        }
        if (index < m_outbox.size() && m_socketsOpen) {
            frames.erase(frames.begin());
            // Through the outbox even when it is empty, so order per channel is kept when
            // a DEALER queue was full a moment ago.
            m_outbox[index].push_back(std::move(frames));
            flush(index);
        }
        frames = Frames();
    }
}

void ZmqWorker::flush(size_t index)
{
    auto &queue = m_outbox[index];
    while (!queue.empty()) {
        // Atomic: on EAGAIN nothing was sent and the frames stay intact for the next POLLOUT.
        if (!zmq::send_multipart(m_sockets[index], queue.front(), zmq::send_flags::dontwait))
            return;
        queue.pop_front();
    }
}

void ZmqWorker::readKernel()
{
    QList<ReceivedMessage> batch;
    size_t bytes = 0;
    const auto full = [&] { return batch.size() >= kMaxBatchMessages || bytes >= kMaxBatchBytes; };
    Frames frames;
    std::vector<std::string_view> views;
    bool progress = true;
    // Round-robin over the sockets until nothing is readable or the batch is full.
    while (progress && !full()) {
        progress = false;
        for (size_t i = 0; i < m_sockets.size() && !full(); ++i) {
            for (int turn = 0; turn < kReadTurn && !full(); ++turn) {
                frames.clear();
                if (!zmq::recv_multipart(m_sockets[i], std::back_inserter(frames),
                                         zmq::recv_flags::dontwait))
                    break;
                progress = true;
                views.clear();
                for (const zmq::message_t &frame : frames) {
                    views.emplace_back(frame.data<char>(), frame.size());
                    bytes += frame.size();
                }
                // Decoded here, on the I/O thread: the GUI thread never parses JSON.
                Result<MessagePtr> decoded = m_settings.codec->decode(
                        std::span<const std::string_view>(views));
                if (decoded)
                    batch.append(ReceivedMessage {kChannels[i], std::move(decoded).value()});
                else
                    reject(kChannels[i], decoded.error().message);
            }
        }
    }
    if (batch.isEmpty())
        return;
    post(ZmqMailbox::Event::Batch, std::move(batch));
}

void ZmqWorker::reject(Channel channel, const QString &reason)
{
    ++m_rejected;
    const QString text = QLatin1String(channelName(channel)) + QStringLiteral(": ") + reason;
    // The reason never quotes frame contents, keys or signatures.
    if (m_rejected <= kLoggedRejects || m_rejected % 1000 == 0)
        qCWarning(lcWire).noquote() << QStringLiteral("dropped a message on %1 (%2 so far)")
                                               .arg(text)
                                               .arg(m_rejected);
    post(ZmqMailbox::Event::Rejected, {}, text);
}

Clock::duration ZmqWorker::heartbeatTimeout() const
{
    // A kernel that has never answered may still be importing its modules.
    if (!m_heartbeatAnswered && !m_heartbeatFailed)
        return std::max<Clock::duration>(m_settings.heartbeatTimeout, kStartupGrace);
    return m_settings.heartbeatTimeout;
}

std::chrono::milliseconds ZmqWorker::heartbeatWait(Clock::time_point now) const
{
    const Clock::time_point deadline =
            m_pingPending ? m_pingSentAt + heartbeatTimeout() : m_nextPing;
    if (deadline <= now)
        return 0ms;
    // Round up: waking a millisecond early would only poll again.
    return std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
}

void ZmqWorker::readHeartbeat()
{
    Frames reply;
    if (!zmq::recv_multipart(m_heartbeat, std::back_inserter(reply), zmq::recv_flags::dontwait))
        return;
    m_pingPending = false;
    m_heartbeatAnswered = true;
    m_nextPing = m_pingSentAt + m_settings.heartbeatInterval;
    if (m_heartbeatFailed) {
        m_heartbeatFailed = false;
        qCInfo(lcWire) << "kernel heartbeat restored";
        post(ZmqMailbox::Event::HeartbeatRestored);
    }
}

void ZmqWorker::heartbeatTick(Clock::time_point now)
{
    if (m_pingPending && now >= m_pingSentAt + heartbeatTimeout()) {
        if (!m_heartbeatFailed) {
            m_heartbeatFailed = true;
            qCWarning(lcWire) << "kernel heartbeat lost: no answer for"
                              << std::chrono::duration_cast<std::chrono::milliseconds>(
                                         now - m_pingSentAt)
                                         .count()
                              << "ms";
            post(ZmqMailbox::Event::HeartbeatFailed);
        }
        // A REQ socket whose reply never came cannot send again: start over with a new one.
        openHeartbeat();
        m_nextPing = now;
    }
    if (!m_pingPending && now >= m_nextPing) {
        // If even this is refused (queue full), the timeout above replaces the socket.
        (void)m_heartbeat.send(zmq::str_buffer("ping"), zmq::send_flags::dontwait);
        m_pingPending = true;
        m_pingSentAt = now;
    }
}

} // namespace detail

struct ZmqTransport::Pipe
{
    std::mutex mutex;
    zmq::socket_t socket; // null while not running
};

ZmqTransport::ZmqTransport(ConnectionInfo info, QObject *parent)
    : KernelTransport(parent), m_info(std::move(info)),
      m_routingId(QByteArray::fromStdString(newUuid())),
      m_codec(std::make_shared<const WireCodec>(m_info.key, m_info.signatureScheme)),
      m_pipe(std::make_unique<Pipe>())
{
    qRegisterMetaType<cumulus::jupyter::ReceivedMessage>();
    qRegisterMetaType<QList<cumulus::jupyter::ReceivedMessage>>();
}

ZmqTransport::~ZmqTransport()
{
    // No finished() from a destructor: receivers would see a half-destroyed object.
    stopImpl(false);
}

bool ZmqTransport::isRunning() const
{
    return m_worker != nullptr;
}

void ZmqTransport::setRoutingId(const QByteArray &id)
{
    if (isRunning())
        qCWarning(lcWire) << "setRoutingId() after start() has no effect until restarted";
    m_routingId = id;
}

void ZmqTransport::setHeartbeatTiming(std::chrono::milliseconds interval,
                                      std::chrono::milliseconds timeout)
{
    if (isRunning())
        qCWarning(lcWire) << "setHeartbeatTiming() after start() has no effect until restarted";
    m_heartbeatInterval = std::max(interval, 1ms);
    m_heartbeatTimeout = std::max(timeout, 1ms);
}

QString ZmqTransport::description() const
{
    return m_info.transport + QStringLiteral("://") + m_info.ip + QStringLiteral(" (shell ")
           + QString::number(m_info.shellPort) + QStringLiteral(", iopub ")
           + QString::number(m_info.iopubPort) + QStringLiteral(", stdin ")
           + QString::number(m_info.stdinPort) + QStringLiteral(", control ")
           + QString::number(m_info.controlPort) + QStringLiteral(", hb ")
           + QString::number(m_info.hbPort) + QLatin1Char(')');
}

void ZmqTransport::start()
{
    if (m_worker)
        return;
    if (!m_codec->isValid()) {
        Q_EMIT errorOccurred(m_codec->error());
        return;
    }
    if (m_routingId.isEmpty() || m_routingId.size() > 255 || m_routingId.startsWith('\0')) {
        Q_EMIT errorOccurred(QStringLiteral("invalid ZeroMQ routing id (1 to 255 bytes, not "
                                            "starting with a zero byte)"));
        return;
    }
    const std::string pipeAddress = "inproc://cumulus-zmqtransport-" + newUuid();
    auto mailbox = std::make_shared<detail::ZmqMailbox>();
    auto worker = std::make_unique<detail::ZmqWorker>(
            detail::ZmqWorker::Settings {m_info, m_routingId, m_codec, m_heartbeatInterval,
                                         m_heartbeatTimeout, pipeAddress, mailbox});
    {
        std::lock_guard lock(m_pipe->mutex);
        try {
            // Bound before the worker connects (inproc is happier that way round).
            zmq::socket_t socket(worker->context(), zmq::socket_type::pair);
            socket.set(zmq::sockopt::linger, 0);
            socket.set(zmq::sockopt::sndhwm, 0); // send() never blocks on the pipe
            socket.set(zmq::sockopt::rcvhwm, 0);
            socket.bind(pipeAddress);
            m_pipe->socket = std::move(socket);
        } catch (const zmq::error_t &e) {
            Q_EMIT errorOccurred(QStringLiteral("cannot create the ZeroMQ pipe: %1")
                                         .arg(QString::fromLocal8Bit(e.what())));
            return;
        }
    }

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("cumulus-zmq-io"));
    m_mailbox = mailbox;
    m_worker = worker.release();
    m_worker->moveToThread(m_thread.get());
    const quint64 generation = m_generation;
    // started is emitted on the new thread, where the worker lives: a direct call, and run()
    // occupies the thread until "stop". The thread's event loop only runs after that.
    connect(m_thread.get(), &QThread::started, m_worker, &detail::ZmqWorker::run);
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    // Queued to this thread. The lambda keeps its own mailbox, so a call still queued from
    // an earlier worker drains that one (and drops its events), never the current one.
    connect(m_worker, &detail::ZmqWorker::mailboxChanged, this,
            [this, mailbox, generation] { drainMailbox(*mailbox, generation); });
    m_thread->start();
}

void ZmqTransport::drainMailbox(detail::ZmqMailbox &mailbox, quint64 generation)
{
    std::deque<detail::ZmqMailbox::Event> events;
    bool wasFull = false;
    {
        std::lock_guard lock(mailbox.mutex);
        events.swap(mailbox.events);
        wasFull = mailbox.batches >= kMaxBatchesInFlight;
        mailbox.batches = 0;
        mailbox.notified = false;
    }
    if (generation != m_generation)
        return; // stop() came first: these belong to a worker that is gone
    // Wake a paused I/O thread now: it may fill the mailbox again while the batches below
    // are handled, so at most twice the limit is ever held.
    if (wasFull)
        writePipe(kCmdWake);
    using Event = detail::ZmqMailbox::Event;
    for (Event &event : events) {
        // A receiver may call stop() (or stop() and start()) from any of these signals.
        if (generation != m_generation)
            return;
        switch (event.kind) {
        case Event::Started: Q_EMIT started(); break;
        case Event::StdinConnected: Q_EMIT stdinConnected(); break;
        case Event::Batch: Q_EMIT messagesReceived(event.batch); break;
        case Event::Rejected:
            ++m_rejected;
            Q_EMIT messageRejected(event.text);
            break;
        case Event::HeartbeatFailed: Q_EMIT heartbeatFailed(); break;
        case Event::HeartbeatRestored: Q_EMIT heartbeatRestored(); break;
        case Event::Error: Q_EMIT errorOccurred(event.text); break;
        }
    }
}

bool ZmqTransport::writePipe(char command, std::vector<std::string> frames)
{
    std::lock_guard lock(m_pipe->mutex);
    if (!m_pipe->socket)
        return false;
    try {
        // One multipart message, so the worker sees the command and its frames together.
        const auto more = frames.empty() ? zmq::send_flags::none : zmq::send_flags::sndmore;
        m_pipe->socket.send(zmq::message_t(&command, 1), more);
        for (size_t i = 0; i < frames.size(); ++i)
            m_pipe->socket.send(zmq::message_t(frames[i].data(), frames[i].size()),
                                i + 1 < frames.size() ? zmq::send_flags::sndmore
                                                      : zmq::send_flags::none);
        return true;
    } catch (const zmq::error_t &e) {
        qCWarning(lcWire) << "could not hand a message to the I/O thread:" << e.what();
        return false;
    }
}

void ZmqTransport::send(Channel channel, MessagePtr message)
{
    char command = 0;
    switch (channel) {
    case Channel::Shell: command = kCmdShell; break;
    case Channel::Control: command = kCmdControl; break;
    case Channel::Stdin: command = kCmdStdin; break;
    case Channel::IOPub:
    case Channel::Heartbeat:
        qCWarning(lcWire) << "send() on" << channelName(channel) << "is not possible: dropped";
        return;
    }
    if (!message)
        return;
    // Encoded (and signed) here on the caller's thread: the codec is immutable and safe to
    // share, the I/O thread stays free to drain a flooding kernel, and the pipe carries plain
    // bytes, so no message object outlives its sender on another thread.
    std::vector<std::string> frames = m_codec->encode(*message);
    if (frames.empty()) {
        qCWarning(lcWire) << "could not encode" << message->msgType().c_str() << ": dropped";
        return;
    }
    qCDebug(lcWire) << "send" << channelName(channel) << message->msgType().c_str()
                    << message->msgId().c_str();
    if (!writePipe(command, std::move(frames)))
        qCWarning(lcWire) << "send() while the transport is not running: dropped"
                          << message->msgType().c_str();
}

void ZmqTransport::stop()
{
    stopImpl(true);
}

void ZmqTransport::stopImpl(bool emitFinished)
{
    if (!m_worker)
        return;
    ++m_generation; // signals already queued by this worker are dropped from here on
    {
        std::lock_guard lock(m_pipe->mutex);
        try {
            m_pipe->socket.send(zmq::message_t(&kCmdStop, 1), zmq::send_flags::none);
            // Wait for the worker's answer before closing our end: the context can only be
            // terminated (when the worker is deleted) once both ends of the pipe are closed.
            zmq::pollitem_t item {m_pipe->socket.handle(), 0, ZMQ_POLLIN, 0};
            const auto deadline = Clock::now() + kStopAckTimeout;
            bool answered = false;
            while (!answered && Clock::now() < deadline) {
                const auto left = std::max(std::chrono::ceil<std::chrono::milliseconds>(
                                                   deadline - Clock::now()),
                                           0ms); // a negative timeout would wait forever
                try {
                    zmq::poll(&item, 1, left);
                } catch (const zmq::error_t &e) {
                    if (e.num() != EINTR)
                        throw;
                }
                zmq::message_t reply;
                while (m_pipe->socket.recv(reply, zmq::recv_flags::dontwait))
                    answered = answered || (reply.size() == 1 && *reply.data<char>() == kCmdStopped);
            }
            if (!answered)
                qCWarning(lcWire) << "the ZeroMQ I/O thread did not confirm stop";
        } catch (const zmq::error_t &e) {
            qCWarning(lcWire) << "stopping the ZeroMQ I/O thread:" << e.what();
        }
        m_pipe->socket.close();
    }
    // The worker is deleted on its own thread as it finishes (QThread::finished ->
    // deleteLater), which terminates the context; wait() returns after that.
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_worker = nullptr;
    {
        // Pairs with ~ZmqWorker: orders everything the I/O thread did before what we do next.
        std::lock_guard lock(m_mailbox->mutex);
        m_mailbox->events.clear();
    }
    m_mailbox.reset();
    if (emitFinished)
        Q_EMIT finished();
}

} // namespace cumulus::jupyter

#include "zmqtransport.moc"
