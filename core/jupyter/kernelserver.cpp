// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/kernelserver.h"

#include "logging.h"

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <array>
#include <atomic>
#include <cerrno>
#include <iterator>
#include <thread>

namespace cumulus::jupyter {

namespace {

constexpr std::array<Channel, 3> kRouted = {Channel::Shell, Channel::Control, Channel::Stdin};

size_t routedIndex(Channel channel)
{
    switch (channel) {
    case Channel::Shell: return 0;
    case Channel::Control: return 1;
    case Channel::Stdin: return 2;
    default: return 3;
    }
}

/// Binds @p socket to @p info's endpoint for @p channel; a port of 0 becomes the one the
/// system chose, written back into @p info.
void bindSocket(zmq::socket_t &socket, ConnectionInfo &info, Channel channel)
{
    if (info.transport == QLatin1String("tcp") && info.port(channel) == 0) {
        socket.bind("tcp://" + info.ip.toStdString() + ":*");
        const std::string endpoint = socket.get(zmq::sockopt::last_endpoint);
        info.setPort(channel, quint16(std::stoi(endpoint.substr(endpoint.rfind(':') + 1))));
        return;
    }
    socket.bind(info.endpoint(channel).toStdString());
}

} // namespace

struct KernelServer::Private
{
    ConnectionInfo info;
    WireCodec codec;
    std::string session = newUuid();
    zmq::context_t context;
    std::array<zmq::socket_t, 3> routed; // shell, control, stdin
    zmq::socket_t iopub;
    std::atomic<bool> stopping {false};
    std::thread heartbeat;

    void serveHeartbeat(zmq::socket_t socket)
    {
        // A REP echo, as ipykernel's heartbeat: whatever comes in goes straight back. The
        // short poll lets the destructor stop the thread without terminating the context.
        try {
            while (!stopping.load()) {
                zmq::pollitem_t item {socket.handle(), 0, ZMQ_POLLIN, 0};
                zmq::poll(&item, 1, std::chrono::milliseconds(100));
                if (!(item.revents & ZMQ_POLLIN))
                    continue;
                std::vector<zmq::message_t> frames;
                if (!zmq::recv_multipart(socket, std::back_inserter(frames)))
                    continue;
                zmq::send_multipart(socket, frames);
            }
        } catch (const zmq::error_t &e) {
            qCWarning(lcWire) << "heartbeat stopped:" << e.what();
        }
        socket.close();
    }
};

KernelServer::KernelServer(std::unique_ptr<Private> p) : d(std::move(p)) {}

KernelServer::~KernelServer()
{
    d->stopping = true;
    if (d->heartbeat.joinable())
        d->heartbeat.join();
    for (zmq::socket_t &socket : d->routed)
        socket.close();
    d->iopub.close();
}

Result<std::unique_ptr<KernelServer>> KernelServer::bind(const ConnectionInfo &info)
{
    auto d = std::make_unique<Private>();
    d->info = info;
    Result<WireCodec> codec = WireCodec::create(info.key, info.signatureScheme);
    if (!codec)
        return codec.error();
    d->codec = std::move(codec).value();
    zmq::socket_t heartbeat;
    try {
        const bool ipv6 = info.transport == QLatin1String("tcp") && info.ip.contains(QLatin1Char(':'));
        const auto common = [&](zmq::socket_t &socket) {
            socket.set(zmq::sockopt::linger, 1000); // the last replies still get out at shutdown
            if (ipv6)
                socket.set(zmq::sockopt::ipv6, 1);
        };
        for (size_t i = 0; i < d->routed.size(); ++i) {
            d->routed[i] = zmq::socket_t(d->context, zmq::socket_type::router);
            common(d->routed[i]);
            bindSocket(d->routed[i], d->info, kRouted[i]);
        }
        d->iopub = zmq::socket_t(d->context, zmq::socket_type::pub);
        common(d->iopub);
        // Output is not dropped while a slow client catches up (PUB drops at the HWM).
        d->iopub.set(zmq::sockopt::sndhwm, 0);
        bindSocket(d->iopub, d->info, Channel::IOPub);
        heartbeat = zmq::socket_t(d->context, zmq::socket_type::rep);
        common(heartbeat);
        heartbeat.set(zmq::sockopt::linger, 0);
        bindSocket(heartbeat, d->info, Channel::Heartbeat);
    } catch (const zmq::error_t &e) {
        return Error(QStringLiteral("cannot listen on %1: %2")
                             .arg(info.ip, QString::fromLocal8Bit(e.what())));
    } catch (const std::exception &e) {
        return Error(QStringLiteral("cannot listen on %1: %2")
                             .arg(info.ip, QString::fromLocal8Bit(e.what())));
    }
    Private *raw = d.get();
    d->heartbeat = std::thread([raw, socket = std::move(heartbeat)]() mutable {
        raw->serveHeartbeat(std::move(socket));
    });
    return std::unique_ptr<KernelServer>(new KernelServer(std::move(d)));
}

const ConnectionInfo &KernelServer::connectionInfo() const { return d->info; }
const WireCodec &KernelServer::codec() const { return d->codec; }
const std::string &KernelServer::session() const { return d->session; }

KernelServer::Ready KernelServer::poll(std::span<const Channel> channels, std::span<const int> fds,
                                       std::chrono::milliseconds timeout)
{
    Ready ready;
    std::vector<zmq::pollitem_t> items;
    std::vector<size_t> socketOf;
    for (Channel channel : channels) {
        const size_t index = routedIndex(channel);
        if (index >= d->routed.size())
            continue;
        items.push_back({d->routed[index].handle(), 0, ZMQ_POLLIN, 0});
        socketOf.push_back(index);
    }
    const size_t socketItems = items.size();
    for (int fd : fds)
        items.push_back({nullptr, fd, ZMQ_POLLIN, 0});
    try {
        zmq::poll(items.data(), items.size(), timeout);
    } catch (const zmq::error_t &e) {
        if (e.num() != EINTR)
            qCWarning(lcWire) << "poll failed:" << e.what();
        return ready; // a signal arrived: the caller looks at its flags and polls again
    }
    for (size_t i = socketItems; i < items.size(); ++i)
        if (items[i].revents & (ZMQ_POLLIN | ZMQ_POLLERR))
            ready.readableFds.push_back(items[i].fd);
    for (size_t i = 0; i < socketItems; ++i) {
        if (!(items[i].revents & ZMQ_POLLIN))
            continue;
        zmq::socket_t &socket = d->routed[socketOf[i]];
        // Everything waiting on this socket, so a burst costs one poll.
        for (;;) {
            std::vector<zmq::message_t> frames;
            try {
                if (!zmq::recv_multipart(socket, std::back_inserter(frames), zmq::recv_flags::dontwait))
                    break;
            } catch (const zmq::error_t &e) {
                qCWarning(lcWire) << "receive failed:" << e.what();
                break;
            }
            std::vector<std::string_view> views;
            views.reserve(frames.size());
            for (const zmq::message_t &frame : frames)
                views.emplace_back(frame.data<char>(), frame.size());
            Result<MessagePtr> message = d->codec.decode(std::span<const std::string_view>(views));
            if (!message) {
                ++ready.rejected;
                qCWarning(lcWire) << "refused a message:" << message.error().message;
                continue;
            }
            ready.messages.push_back({kRouted[socketOf[i]], std::move(message).value()});
        }
    }
    return ready;
}

bool KernelServer::send(Channel channel, const Message &message)
{
    std::vector<std::string> frames = d->codec.encode(message);
    if (frames.empty())
        return false;
    zmq::socket_t *socket = nullptr;
    if (channel == Channel::IOPub)
        socket = &d->iopub;
    else if (const size_t index = routedIndex(channel); index < d->routed.size())
        socket = &d->routed[index];
    if (!socket)
        return false;
    try {
        for (size_t i = 0; i < frames.size(); ++i) {
            const auto flags = i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
            if (!socket->send(zmq::buffer(frames[i]), flags))
                return false;
        }
    } catch (const zmq::error_t &e) {
        // A ROUTER drops messages to unknown peers silently; anything else lands here.
        qCWarning(lcWire) << "send failed:" << e.what();
        return false;
    }
    return true;
}

MessagePtr KernelServer::makeMessage(std::string_view msgType, nlohmann::json content,
                                     const Message *parent, nlohmann::json metadata) const
{
    MessagePtr made = Message::create(msgType, std::move(content), d->session, parent,
                                      std::move(metadata), "kernel");
    if (!parent || parent->identities().empty())
        return made;
    return std::make_shared<const Message>(made->header(), made->parentHeader(), made->metadata(),
                                           made->content(), std::vector<QByteArray>(),
                                           parent->identities());
}

} // namespace cumulus::jupyter
