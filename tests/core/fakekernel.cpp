// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "fakekernel.h"

#include <QMetaObject>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <array>
#include <cerrno>
#include <deque>
#include <functional>
#include <iterator>
#include <mutex>
#include <thread>

namespace cumulus::test {

using jupyter::Channel;
using jupyter::Message;
using jupyter::MessagePtr;
using nlohmann::json;

namespace {

// Commands on the inproc pipe to the kernel thread (first frame).
constexpr char kOpQuit = 'q';
constexpr char kOpPublish = 'p';
constexpr char kOpFlood = 'f';
constexpr char kOpShell = 's';
constexpr char kOpControl = 'c';
constexpr char kOpStdin = 'i';
constexpr char kOpAutoReply = 'a';
constexpr char kOpStatus = 'b';
constexpr char kOpHeartbeat = 'h';
constexpr char kOpWelcome = 'w';

std::string bindAnyPort(zmq::socket_t &socket, quint16 &port)
{
    socket.bind("tcp://127.0.0.1:*");
    const std::string endpoint = socket.get(zmq::sockopt::last_endpoint);
    port = static_cast<quint16>(std::stoi(endpoint.substr(endpoint.rfind(':') + 1)));
    return endpoint;
}

} // namespace

struct FakeKernel::Private
{
    zmq::context_t context;
    std::mutex pipeMutex;
    std::deque<std::pair<char, std::vector<std::string>>> commands; // guarded by pipeMutex
    zmq::socket_t pipe;       // owner side
    zmq::socket_t kernelPipe; // kernel thread side
    zmq::socket_t shell, control, stdinSocket, iopub, heartbeat;
    std::thread thread;

    // Signals to emit on the owner's thread, handed over under a mutex (see post()).
    std::mutex mailboxMutex;
    std::deque<std::function<void()>> mailbox;
    bool notified = false;

    // Kernel-thread state.
    bool autoReply = true;
    bool publishStatus = true;
    bool answerHeartbeat = true;
    bool welcome = false;
    int executionCount = 0;
    std::vector<std::string> lastShellIdentities;
};

FakeKernel::FakeKernel(const QByteArray &key, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>()), m_session(jupyter::newUuid())
{
    m_info.key = key;
    m_info.kernelName = QStringLiteral("fake");
    m_codec = std::make_shared<const jupyter::WireCodec>(key);
    try {
        d->shell = zmq::socket_t(d->context, zmq::socket_type::router);
        d->control = zmq::socket_t(d->context, zmq::socket_type::router);
        d->stdinSocket = zmq::socket_t(d->context, zmq::socket_type::router);
        d->iopub = zmq::socket_t(d->context, zmq::socket_type::xpub);
        d->heartbeat = zmq::socket_t(d->context, zmq::socket_type::rep);
        for (zmq::socket_t *socket :
             {&d->shell, &d->control, &d->stdinSocket, &d->iopub, &d->heartbeat}) {
            socket->set(zmq::sockopt::linger, 0);
            socket->set(zmq::sockopt::sndhwm, 0); // a flood must not be dropped at our end
            socket->set(zmq::sockopt::rcvhwm, 0);
        }
        // Report every subscription, not only the first per topic.
        d->iopub.set(zmq::sockopt::xpub_verbose, 1);
        bindAnyPort(d->shell, m_info.shellPort);
        bindAnyPort(d->control, m_info.controlPort);
        bindAnyPort(d->stdinSocket, m_info.stdinPort);
        bindAnyPort(d->iopub, m_info.iopubPort);
        bindAnyPort(d->heartbeat, m_info.hbPort);

        const std::string address = "inproc://fake-kernel-" + jupyter::newUuid();
        d->pipe = zmq::socket_t(d->context, zmq::socket_type::pair);
        d->kernelPipe = zmq::socket_t(d->context, zmq::socket_type::pair);
        for (zmq::socket_t *socket : {&d->pipe, &d->kernelPipe}) {
            socket->set(zmq::sockopt::linger, 0);
            socket->set(zmq::sockopt::sndhwm, 0);
            socket->set(zmq::sockopt::rcvhwm, 0);
        }
        d->pipe.bind(address);
        d->kernelPipe.connect(address);
    } catch (const zmq::error_t &e) {
        m_error = QString::fromLocal8Bit(e.what());
        return;
    }
    m_listening = true;
    // The sockets above move to the kernel thread here; thread creation orders the handover.
    d->thread = std::thread([this] { serve(); });
}

FakeKernel::~FakeKernel()
{
    if (d->thread.joinable()) {
        command(kOpQuit);
        d->thread.join();
    }
    std::lock_guard lock(d->pipeMutex);
    d->pipe.close();
    // The kernel sockets were closed by serve(); the context terminates with d.
}

void FakeKernel::command(char op, std::vector<std::string> frames)
{
    // The command itself goes through a mutex-guarded queue (so ThreadSanitizer sees the
    // hand-over of its bytes); the inproc pipe only wakes the kernel thread.
    std::lock_guard lock(d->pipeMutex);
    if (!d->pipe)
        return;
    d->commands.emplace_back(op, std::move(frames));
    const char wake = 'w';
    (void)d->pipe.send(zmq::message_t(&wake, 1), zmq::send_flags::none);
}

void FakeKernel::setAutoReply(bool on)
{
    command(kOpAutoReply, {on ? "1" : "0"});
}

void FakeKernel::setPublishStatus(bool on)
{
    command(kOpStatus, {on ? "1" : "0"});
}

void FakeKernel::setHeartbeatAnswering(bool on)
{
    command(kOpHeartbeat, {on ? "1" : "0"});
}

void FakeKernel::setIopubWelcome(bool on)
{
    command(kOpWelcome, {on ? "1" : "0"});
}

void FakeKernel::publish(MessagePtr message)
{
    command(kOpPublish, m_codec->encode(*message));
}

void FakeKernel::publishFrames(std::vector<std::string> frames)
{
    command(kOpPublish, std::move(frames));
}

void FakeKernel::publishFlood(int count)
{
    command(kOpFlood, {std::to_string(count)});
}

void FakeKernel::sendToClient(Channel channel, MessagePtr message)
{
    const char op = channel == Channel::Control ? kOpControl
                    : channel == Channel::Stdin ? kOpStdin
                                                : kOpShell;
    command(op, m_codec->encode(*message));
}

void FakeKernel::drainMailbox()
{
    std::deque<std::function<void()>> calls;
    {
        std::lock_guard lock(d->mailboxMutex);
        calls.swap(d->mailbox);
        d->notified = false;
    }
    for (const auto &call : calls)
        call();
}

void FakeKernel::serve()
{
    using Frames = std::vector<zmq::message_t>;
    const auto toStrings = [](const Frames &frames) {
        std::vector<std::string> out;
        out.reserve(frames.size());
        for (const zmq::message_t &frame : frames)
            out.push_back(frame.to_string());
        return out;
    };
    const auto sendFrames = [](zmq::socket_t &socket, const std::vector<std::string> &frames) {
        for (size_t i = 0; i < frames.size(); ++i)
            socket.send(zmq::buffer(frames[i]),
                        i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    };
    // Everything for the owner's thread goes through the mailbox: the mutex makes each
    // hand-over visible to ThreadSanitizer (Qt's event queue is not), and the queued call
    // that announces it is made by name, so Qt allocates it and no functor of ours crosses.
    const auto post = [this](std::function<void()> function) {
        std::lock_guard lock(d->mailboxMutex);
        d->mailbox.push_back(std::move(function));
        if (!d->notified) {
            d->notified = true;
            QMetaObject::invokeMethod(this, "drainMailbox", Qt::QueuedConnection);
        }
    };
    // iopub messages carry a topic frame before the delimiter, as ipykernel's do.
    const auto publishMessage = [&](const MessagePtr &message) {
        const Message withTopic(message->header(), message->parentHeader(), message->metadata(),
                                message->content(), message->buffers(),
                                {"kernel.fake." + message->msgType()});
        sendFrames(d->iopub, m_codec->encode(withTopic));
    };
    const auto status = [&](const char *state, const MessagePtr &parent) {
        publishMessage(Message::create("status", {{"execution_state", state}}, m_session,
                                       parent.get()));
    };
    const auto reply = [&](zmq::socket_t &socket, const MessagePtr &request, std::string type,
                           json content) {
        const MessagePtr made = Message::create(type, std::move(content), m_session, request.get());
        const Message addressed(made->header(), made->parentHeader(), made->metadata(),
                                made->content(), {}, request->identities());
        sendFrames(socket, m_codec->encode(addressed));
    };

    const auto handle = [&](Channel channel, zmq::socket_t &socket) {
        Frames frames;
        if (!zmq::recv_multipart(socket, std::back_inserter(frames), zmq::recv_flags::dontwait))
            return false;
        Result<MessagePtr> decoded = m_codec->decode(toStrings(frames));
        if (!decoded) {
            const QString reason = decoded.error().message;
            post([this, reason] { Q_EMIT messageRejected(reason); });
            return true;
        }
        const MessagePtr request = std::move(decoded).value();
        if (channel == Channel::Shell)
            d->lastShellIdentities = request->identities();
        post([this, channel, request] { Q_EMIT requestReceived(channel, request); });
        const std::string &type = request->msgType();
        const std::string suffix = "_request";
        if (channel == Channel::Stdin || !d->autoReply || type.size() <= suffix.size()
            || type.compare(type.size() - suffix.size(), suffix.size(), suffix) != 0)
            return true;
        if (d->publishStatus)
            status("busy", request);
        const std::string replyType = type.substr(0, type.size() - suffix.size()) + "_reply";
        if (type == "kernel_info_request") {
            reply(socket, request, replyType,
                  {{"status", "ok"},
                   {"protocol_version", "5.3"},
                   {"implementation", "fakekernel"},
                   {"implementation_version", "1.0"},
                   {"language_info",
                    {{"name", "python"}, {"version", "3.11"}, {"mimetype", "text/x-python"},
                     {"file_extension", ".py"}}},
                   {"banner", "Cumulus fake kernel"},
                   {"help_links", json::array()}});
        } else if (type == "execute_request") {
            const int count = ++d->executionCount;
            publishMessage(Message::create(
                    "execute_input",
                    {{"code", request->content().value("code", "")}, {"execution_count", count}},
                    m_session, request.get()));
            reply(socket, request, replyType,
                  {{"status", "ok"}, {"execution_count", count}, {"user_expressions", json::object()},
                   {"echo", request->content()}});
        } else {
            reply(socket, request, replyType, {{"status", "ok"}, {"echo", request->content()}});
        }
        if (d->publishStatus)
            status("idle", request);
        return true;
    };

    const auto runCommand = [&](char op, const std::vector<std::string> &payload) {
        const bool flag = !payload.empty() && payload[0] == "1";
        switch (op) {
        case kOpQuit: return false;
        case kOpAutoReply: d->autoReply = flag; break;
        case kOpStatus: d->publishStatus = flag; break;
        case kOpHeartbeat: d->answerHeartbeat = flag; break;
        case kOpWelcome: d->welcome = flag; break;
        case kOpPublish: sendFrames(d->iopub, payload); break;
        case kOpShell:
        case kOpControl:
        case kOpStdin: {
            // Address to the last shell client: routing id, then the message's own frames.
            std::vector<std::string> addressed = d->lastShellIdentities;
            addressed.insert(addressed.end(), payload.begin(), payload.end());
            zmq::socket_t &socket = op == kOpShell     ? d->shell
                                    : op == kOpControl ? d->control
                                                       : d->stdinSocket;
            sendFrames(socket, addressed);
            break;
        }
        case kOpFlood: {
            const int count = payload.empty() ? 0 : std::stoi(payload[0]);
            std::vector<std::vector<std::string>> encoded;
            encoded.reserve(static_cast<size_t>(count));
            for (int k = 0; k < count; ++k) {
                const Message message(
                        Message::create("stream",
                                        {{"name", "stdout"},
                                         {"text", std::to_string(k) + "\n"},
                                         {"index", k}},
                                        m_session)
                                ->header(),
                        json::object(), json::object(),
                        {{"name", "stdout"}, {"text", std::to_string(k) + "\n"}, {"index", k}},
                        {}, {"kernel.fake.stream"});
                encoded.push_back(m_codec->encode(message));
            }
            for (const auto &message : encoded)
                sendFrames(d->iopub, message);
            post([this, count] { Q_EMIT floodSent(count); });
            break;
        }
        default: break;
        }
        return true;
    };

    try {
        bool running = true;
        while (running) {
            std::array<zmq::pollitem_t, 6> items {{
                    {d->kernelPipe.handle(), 0, ZMQ_POLLIN, 0},
                    {d->shell.handle(), 0, ZMQ_POLLIN, 0},
                    {d->control.handle(), 0, ZMQ_POLLIN, 0},
                    {d->stdinSocket.handle(), 0, ZMQ_POLLIN, 0},
                    {d->iopub.handle(), 0, ZMQ_POLLIN, 0},
                    {d->heartbeat.handle(), 0, short(d->answerHeartbeat ? ZMQ_POLLIN : 0), 0},
            }};
            try {
                zmq::poll(items.data(), items.size(), std::chrono::milliseconds(-1));
            } catch (const zmq::error_t &e) {
                if (e.num() == EINTR)
                    continue;
                throw;
            }
            if (items[0].revents & ZMQ_POLLIN) {
                zmq::message_t wake;
                while (d->kernelPipe.recv(wake, zmq::recv_flags::dontwait)) {}
                std::deque<std::pair<char, std::vector<std::string>>> commands;
                {
                    std::lock_guard lock(d->pipeMutex);
                    commands.swap(d->commands);
                }
                for (const auto &[op, payload] : commands)
                    if (running)
                        running = runCommand(op, payload);
            }
            while (handle(Channel::Shell, d->shell)) {}
            while (handle(Channel::Control, d->control)) {}
            while (handle(Channel::Stdin, d->stdinSocket)) {}
            zmq::message_t subscription;
            while (d->iopub.recv(subscription, zmq::recv_flags::dontwait)) {
                // XPUB: byte 1 then the topic for a subscription, byte 0 to unsubscribe.
                if (subscription.size() >= 1 && subscription.data<char>()[0] == 1) {
                    ++m_subscriptions;
                    if (d->welcome)
                        publishMessage(Message::create(
                                "iopub_welcome",
                                {{"subscription", std::string(subscription.data<char>() + 1,
                                                              subscription.size() - 1)}},
                                m_session));
                    post([this] { Q_EMIT subscribed(); });
                }
            }
            if (d->answerHeartbeat) {
                Frames ping;
                while (zmq::recv_multipart(d->heartbeat, std::back_inserter(ping),
                                           zmq::recv_flags::dontwait)) {
                    zmq::send_multipart(d->heartbeat, ping);
                    ping.clear();
                    ++m_heartbeats;
                }
            }
        }
    } catch (const zmq::error_t &e) {
        const QString reason = QString::fromLocal8Bit(e.what());
        post([this, reason] { Q_EMIT messageRejected(QStringLiteral("fake kernel: ") + reason); });
    }
    for (zmq::socket_t *socket :
         {&d->shell, &d->control, &d->stdinSocket, &d->iopub, &d->heartbeat, &d->kernelPipe})
        socket->close();
}

} // namespace cumulus::test
