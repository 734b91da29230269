// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/connectioninfo.h"
#include "jupyter/message.h"
#include "jupyter/wirecodec.h"
#include "util/result.h"

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace cumulus::jupyter {

/**
 * The kernel side of the five Jupyter sockets, for kernels written on top of cumulus_core
 * (the bundled CUDA kernel): shell, control and stdin ROUTERs, an iopub PUB and a heartbeat
 * REP, bound where a ConnectionInfo says. Messages are signed and verified with the same
 * WireCodec the client uses.
 *
 * Threading: the heartbeat echo runs on a thread of its own (so a kernel busy compiling still
 * answers pings); everything else belongs to the one thread that calls poll() and send() —
 * a kernel's main loop. No function throws.
 */
class KernelServer
{
public:
    ~KernelServer();
    KernelServer(const KernelServer &) = delete;
    KernelServer &operator=(const KernelServer &) = delete;

    /// Binds every socket of @p info. A port of 0 lets the system choose (see connectionInfo()).
    static Result<std::unique_ptr<KernelServer>> bind(const ConnectionInfo &info);

    /// Where the sockets listen, with the ports really bound.
    const ConnectionInfo &connectionInfo() const;
    const WireCodec &codec() const;
    /// The session id in the header of every message this kernel makes.
    const std::string &session() const;

    /// What poll() found.
    struct Ready
    {
        /// Messages that arrived on the channels asked for, verified and parsed, in order.
        std::vector<ReceivedMessage> messages;
        /// The extra file descriptors that are readable (or hung up).
        std::vector<int> readableFds;
        /// Messages refused (bad signature, malformed) during this call.
        int rejected = 0;
    };

    /**
     * Waits up to @p timeout (negative: forever) until a message arrives on one of
     * @p channels (Shell, Control, Stdin) or one of @p fds is readable, and returns what is
     * there. Messages on channels not asked for stay queued in their sockets.
     */
    Ready poll(std::span<const Channel> channels, std::span<const int> fds,
               std::chrono::milliseconds timeout);

    /**
     * Sends @p message: on IOPub it is published; on Shell, Control and Stdin it goes to the
     * peer named by its identities (copy the request's identities into the reply). False
     * when the socket refused it.
     */
    bool send(Channel channel, const Message &message);

    /// A reply or publication made from @p parent: the session, parent header and, for the
    /// routed channels, the parent's identities are filled in.
    MessagePtr makeMessage(std::string_view msgType, nlohmann::json content,
                           const Message *parent = nullptr,
                           nlohmann::json metadata = nlohmann::json::object()) const;

private:
    struct Private;
    explicit KernelServer(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace cumulus::jupyter
