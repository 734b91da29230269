// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "jupyter/connectioninfo.h"
#include "jupyter/message.h"
#include "jupyter/wirecodec.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace cumulus::test {

/**
 * A pretend Jupyter kernel on real ZeroMQ sockets on 127.0.0.1, for loopback tests (in the
 * spirit of xeus's mock server): ROUTER shell, control and stdin, an XPUB iopub (a PUB that
 * also reports subscriptions, so tests can wait out the slow-joiner gap instead of sleeping)
 * and a REP heartbeat echo, all bound to ports of the system's choosing.
 *
 * By default it answers every "<x>_request" on shell and control with "<x>_reply"
 * (content {"status": "ok", "echo": <request content>}, kernel_info_reply with real kernel
 * info) between iopub "status" busy and idle messages, as ipykernel does.
 *
 * Threading: the object belongs to the thread that made it (the test's); its sockets are
 * served by a std::thread of its own. Every public function may be called from any thread;
 * actions take effect in the order they were called. Signals are emitted on the owner's
 * thread, so QSignalSpy and QTRY_* work without races.
 */
class FakeKernel : public QObject
{
    Q_OBJECT
public:
    explicit FakeKernel(const QByteArray &key = QByteArrayLiteral("fake-kernel-key"),
                        QObject *parent = nullptr);
    ~FakeKernel() override;

    /// False when binding the sockets failed; errorString() says why.
    bool isListening() const { return m_listening; }
    QString errorString() const { return m_error; }

    /// Where a client connects, with the key this kernel signs with.
    jupyter::ConnectionInfo connectionInfo() const { return m_info; }
    const jupyter::WireCodec &codec() const { return *m_codec; }
    /// The session id in every message this kernel makes.
    std::string session() const { return m_session; }

    void setAutoReply(bool on);
    void setPublishStatus(bool on);
    /// While off, heartbeat pings are left unread, as from a kernel that hangs or died.
    void setHeartbeatAnswering(bool on);
    /// Sends JEP 65 "iopub_welcome" to each new subscriber (ipykernel 6.17 does not).
    void setIopubWelcome(bool on);

    /// Publishes @p message on iopub (signed by this kernel).
    void publish(jupyter::MessagePtr message);
    /// Publishes @p frames on iopub exactly as given (bad signatures, garbage).
    void publishFrames(std::vector<std::string> frames);
    /// Publishes @p count "stream" messages as fast as ZeroMQ takes them; content
    /// {"name": "stdout", "text": "<k>\n", "index": k}. All are encoded first, so the
    /// client meets a real flood. floodSent() follows.
    void publishFlood(int count);
    /// Sends @p message on shell, control or stdin to the client that sent the last shell
    /// request (how ipykernel addresses input_request).
    void sendToClient(jupyter::Channel channel, jupyter::MessagePtr message);

    /// Heartbeat pings answered so far.
    int heartbeatsAnswered() const { return m_heartbeats.load(); }
    /// iopub subscriptions seen so far.
    int subscriptions() const { return m_subscriptions.load(); }

Q_SIGNALS:
    /// Every well-signed message a client sent (on shell, control or stdin).
    void requestReceived(cumulus::jupyter::Channel channel, cumulus::jupyter::MessagePtr message);
    /// A client subscribed to iopub; messages published from now on reach it.
    void subscribed();
    void messageRejected(const QString &reason);
    void floodSent(int count);

private Q_SLOTS:
    void drainMailbox();

private:
    struct Private;
    void command(char op, std::vector<std::string> frames = {});
    void serve();

    std::unique_ptr<Private> d;
    jupyter::ConnectionInfo m_info;
    std::shared_ptr<const jupyter::WireCodec> m_codec;
    std::string m_session;
    bool m_listening = false;
    QString m_error;
    std::atomic<int> m_heartbeats {0};
    std::atomic<int> m_subscriptions {0};
};

} // namespace cumulus::test
