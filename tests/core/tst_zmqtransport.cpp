// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// ZmqTransport against a C++ fake kernel on real sockets on 127.0.0.1 (loopback tier).
// Waits are QSignalSpy::wait / QTRY_*; nothing sleeps.
#include "fakekernel.h"

#include "jupyter/zmqtransport.h"

#include <QtTest>

#include <thread>

using namespace cumulus::jupyter;
using cumulus::test::FakeKernel;
using nlohmann::json;

Q_DECLARE_METATYPE(cumulus::jupyter::MessagePtr)
Q_DECLARE_METATYPE(cumulus::jupyter::Channel)

namespace {

constexpr int kFloodTimeout = 240000; // 100,000 messages under ThreadSanitizer take a while

/// Collects what a transport delivers, on the test thread.
class Inbox : public QObject
{
public:
    explicit Inbox(ZmqTransport &transport)
    {
        connect(&transport, &KernelTransport::messagesReceived, this,
                [this](const QList<ReceivedMessage> &batch) {
                    ++batches;
                    largestBatch = std::max(largestBatch, batch.size());
                    for (const ReceivedMessage &received : batch)
                        messages.push_back(received);
                });
    }

    /// The first message of @p type on @p channel (optionally replying to @p parent).
    const ReceivedMessage *find(Channel channel, const std::string &type,
                                const std::string &parent = std::string()) const
    {
        for (const ReceivedMessage &received : messages)
            if (received.channel == channel && received.message->msgType() == type
                && (parent.empty() || received.message->parentMsgId() == parent))
                return &received;
        return nullptr;
    }

    std::vector<const Message *> of(Channel channel, const std::string &type) const
    {
        std::vector<const Message *> out;
        for (const ReceivedMessage &received : messages)
            if (received.channel == channel && received.message->msgType() == type)
                out.push_back(received.message.get());
        return out;
    }

    std::vector<ReceivedMessage> messages;
    int batches = 0;
    qsizetype largestBatch = 0;
};

/// Requests the fake kernel received, in order.
class KernelLog : public QObject
{
public:
    explicit KernelLog(FakeKernel &kernel)
    {
        connect(&kernel, &FakeKernel::requestReceived, this,
                [this](Channel channel, const MessagePtr &message) {
                    requests.push_back({channel, message});
                });
    }
    std::vector<ReceivedMessage> requests;
};

MessagePtr request(const char *type, json content = json::object())
{
    return Message::create(type, std::move(content), "test-session");
}

} // namespace

class TestZmqTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void requestReply();
    void stdinRoundTrip();
    void iopubDelivery();
    void iopubWelcome();
    void fifoPerChannel();
    void sendFromManyThreads();
    void flood();
    void badSignatureRejected();
    void heartbeatLossAndRestore();
    void stopRestartAndTeardown();
    void unsupportedSchemeFailsToStart();

private:
    /// Starts @p transport and waits until its iopub subscription reached @p kernel.
    void startSubscribed(ZmqTransport &transport, FakeKernel &kernel);
};

void TestZmqTransport::initTestCase()
{
    qRegisterMetaType<cumulus::jupyter::MessagePtr>();
    qRegisterMetaType<cumulus::jupyter::Channel>();
}

void TestZmqTransport::startSubscribed(ZmqTransport &transport, FakeKernel &kernel)
{
    QSignalSpy started(&transport, &KernelTransport::started);
    const int before = kernel.subscriptions();
    transport.start();
    QVERIFY(started.count() == 1 || started.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(kernel.subscriptions() > before, 10000);
}

void TestZmqTransport::requestReply()
{
    FakeKernel kernel;
    QVERIFY2(kernel.isListening(), qPrintable(kernel.errorString()));
    KernelLog log(kernel);
    ZmqTransport transport(kernel.connectionInfo());
    Inbox inbox(transport);
    QSignalSpy started(&transport, &KernelTransport::started);
    QSignalSpy errors(&transport, &KernelTransport::errorOccurred);
    transport.start();
    QVERIFY(started.wait(10000));
    QVERIFY(transport.isRunning());

    const MessagePtr info = request("kernel_info_request");
    transport.send(Channel::Shell, info);
    QTRY_VERIFY_WITH_TIMEOUT(inbox.find(Channel::Shell, "kernel_info_reply", info->msgId()),
                             10000);
    const Message &reply = *inbox.find(Channel::Shell, "kernel_info_reply")->message;
    QCOMPARE(reply.content()["protocol_version"], json("5.3"));
    QCOMPARE(reply.session(), kernel.session());

    // The kernel saw our request, intact, from our routing id.
    QCOMPARE(log.requests.size(), size_t(1));
    QCOMPARE(log.requests[0].channel, Channel::Shell);
    QCOMPARE(log.requests[0].message->msgId(), info->msgId());
    QVERIFY(log.requests[0].message->header() == info->header());
    QCOMPARE(log.requests[0].message->identities(),
             std::vector<std::string> {transport.routingId().toStdString()});

    const MessagePtr shutdown = request("shutdown_request", {{"restart", false}});
    transport.send(Channel::Control, shutdown);
    QTRY_VERIFY_WITH_TIMEOUT(inbox.find(Channel::Control, "shutdown_reply", shutdown->msgId()),
                             10000);
    QCOMPARE(inbox.find(Channel::Control, "shutdown_reply")->message->content()["echo"]["restart"],
             json(false));
    QCOMPARE(errors.count(), 0);
    QCOMPARE(transport.rejectedCount(), quint64(0));
}

void TestZmqTransport::stdinRoundTrip()
{
    FakeKernel kernel;
    KernelLog log(kernel);
    ZmqTransport transport(kernel.connectionInfo());
    Inbox inbox(transport);
    QSignalSpy started(&transport, &KernelTransport::started);
    transport.start();
    QVERIFY(started.wait(10000));

    // ipykernel addresses input_request to the shell request's routing id, on stdin.
    const MessagePtr execute = request("execute_request", {{"code", "input()"}, {"allow_stdin", true}});
    transport.send(Channel::Shell, execute);
    QTRY_VERIFY_WITH_TIMEOUT(!log.requests.empty(), 10000);
    const MessagePtr input = Message::create("input_request", {{"prompt", "? "}, {"password", false}},
                                             kernel.session(), execute.get());
    kernel.sendToClient(Channel::Stdin, input);
    QTRY_VERIFY_WITH_TIMEOUT(inbox.find(Channel::Stdin, "input_request", execute->msgId()), 10000);

    const MessagePtr answer = Message::create("input_reply", {{"value", "forty-two"}},
                                              "test-session", input.get());
    transport.send(Channel::Stdin, answer);
    QTRY_COMPARE_WITH_TIMEOUT(log.requests.size(), size_t(2), 10000);
    QCOMPARE(log.requests[1].channel, Channel::Stdin);
    QCOMPARE(log.requests[1].message->parentMsgId(), input->msgId());
    QCOMPARE(log.requests[1].message->content()["value"], json("forty-two"));
}

void TestZmqTransport::iopubDelivery()
{
    FakeKernel kernel;
    ZmqTransport transport(kernel.connectionInfo());
    Inbox inbox(transport);
    startSubscribed(transport, kernel);

    const MessagePtr stream = Message::create("stream", {{"name", "stdout"}, {"text", "hello\n"}},
                                              kernel.session());
    kernel.publish(stream);
    QTRY_VERIFY_WITH_TIMEOUT(inbox.find(Channel::IOPub, "stream"), 10000);
    const Message &got = *inbox.find(Channel::IOPub, "stream")->message;
    QCOMPARE(got.msgId(), stream->msgId());
    QVERIFY(got.content() == stream->content());

    // Busy, the reply's side effects and idle, all on iopub with the request as parent.
    const MessagePtr execute = request("execute_request", {{"code", "1+1"}});
    transport.send(Channel::Shell, execute);
    QTRY_VERIFY_WITH_TIMEOUT(inbox.of(Channel::IOPub, "status").size() == 2, 10000);
    const auto statuses = inbox.of(Channel::IOPub, "status");
    QCOMPARE(statuses[0]->content()["execution_state"], json("busy"));
    QCOMPARE(statuses[1]->content()["execution_state"], json("idle"));
    QCOMPARE(statuses[1]->parentMsgId(), execute->msgId());
    QVERIFY(inbox.find(Channel::IOPub, "execute_input", execute->msgId()));
    QTRY_VERIFY_WITH_TIMEOUT(inbox.find(Channel::Shell, "execute_reply", execute->msgId()), 10000);
}

void TestZmqTransport::iopubWelcome()
{
    FakeKernel kernel;
    kernel.setIopubWelcome(true);
    ZmqTransport transport(kernel.connectionInfo());
    Inbox inbox(transport);
    transport.start();
    QTRY_VERIFY_WITH_TIMEOUT(inbox.find(Channel::IOPub, "iopub_welcome"), 10000);
    QCOMPARE(inbox.find(Channel::IOPub, "iopub_welcome")->message->content()["subscription"],
             json(""));
}

void TestZmqTransport::fifoPerChannel()
{
    FakeKernel kernel;
    kernel.setPublishStatus(false);
    KernelLog log(kernel);
    ZmqTransport transport(kernel.connectionInfo());
    Inbox inbox(transport);
    QSignalSpy started(&transport, &KernelTransport::started);
    transport.start();
    QVERIFY(started.wait(10000));

    // More than a DEALER's default send queue (1,000), so the outbox is exercised too.
    constexpr int kShell = 3000;
    constexpr int kControl = 300;
    for (int i = 0; i < kShell; ++i) {
        transport.send(Channel::Shell, request("echo_request", {{"i", i}}));
        if (i % 10 == 0)
            transport.send(Channel::Control, request("echo_request", {{"i", i / 10}}));
    }
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), size_t(kShell + kControl), 60000);

    int nextShell = 0;
    int nextControl = 0;
    for (const ReceivedMessage &request : log.requests) {
        int &next = request.channel == Channel::Shell ? nextShell : nextControl;
        QCOMPARE(request.message->content()["i"].get<int>(), next);
        ++next;
    }
    QCOMPARE(nextShell, kShell);
    QCOMPARE(nextControl, kControl);
    nextShell = nextControl = 0;
    for (const ReceivedMessage &reply : inbox.messages) {
        QCOMPARE(reply.message->msgType(), std::string("echo_reply"));
        int &next = reply.channel == Channel::Shell ? nextShell : nextControl;
        QCOMPARE(reply.message->content()["echo"]["i"].get<int>(), next);
        ++next;
    }
    QCOMPARE(nextShell, kShell);
    QCOMPARE(nextControl, kControl);
}

void TestZmqTransport::sendFromManyThreads()
{
    FakeKernel kernel;
    kernel.setAutoReply(false);
    KernelLog log(kernel);
    ZmqTransport transport(kernel.connectionInfo());
    QSignalSpy started(&transport, &KernelTransport::started);
    transport.start();
    QVERIFY(started.wait(10000));

    constexpr int kThreads = 4;
    constexpr int kEach = 500;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&transport, t] {
            for (int i = 0; i < kEach; ++i)
                transport.send(Channel::Shell, request("echo_request", {{"t", t}, {"i", i}}));
        });
    for (std::thread &thread : threads)
        thread.join();
    QTRY_COMPARE_WITH_TIMEOUT(log.requests.size(), size_t(kThreads * kEach), 60000);
    std::array<int, kThreads> next {};
    for (const ReceivedMessage &request : log.requests) {
        const int t = request.message->content()["t"].get<int>();
        QCOMPARE(request.message->content()["i"].get<int>(), next[size_t(t)]);
        ++next[size_t(t)];
    }
}

void TestZmqTransport::flood()
{
    FakeKernel kernel;
    ZmqTransport transport(kernel.connectionInfo());
    Inbox inbox(transport);
    startSubscribed(transport, kernel);

    constexpr int kCount = 100000;
    kernel.publishFlood(kCount);
    QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), size_t(kCount), kFloodTimeout);
    for (int k = 0; k < kCount; ++k) {
        const Message &message = *inbox.messages[size_t(k)].message;
        QCOMPARE(message.content()["index"].get<int>(), k);
    }
    qInfo("%d messages arrived in %d batches (largest %lld)", kCount, inbox.batches,
          static_cast<long long>(inbox.largestBatch));
    QVERIFY2(inbox.batches <= kCount / 20, "a flood should cost far fewer signals than messages");
    QVERIFY(inbox.largestBatch <= 1000);
    QCOMPARE(transport.rejectedCount(), quint64(0));
}

void TestZmqTransport::badSignatureRejected()
{
    FakeKernel kernel;
    ZmqTransport transport(kernel.connectionInfo());
    Inbox inbox(transport);
    QSignalSpy rejected(&transport, &KernelTransport::messageRejected);
    startSubscribed(transport, kernel);

    const MessagePtr forged = Message::create("stream", {{"name", "stdout"}, {"text", "evil"}},
                                              kernel.session());
    kernel.publishFrames(WireCodec(QByteArrayLiteral("not the kernel's key")).encode(*forged));
    kernel.publishFrames({"no", "delimiter", "here"});
    for (int i = 0; i < 3; ++i)
        kernel.publish(Message::create("stream", {{"name", "stdout"}, {"text", "ok"}, {"i", i}},
                                       kernel.session()));
    QTRY_COMPARE_WITH_TIMEOUT(inbox.of(Channel::IOPub, "stream").size(), size_t(3), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(transport.rejectedCount(), quint64(2), 10000);
    QCOMPARE(rejected.count(), 2);
    QVERIFY(rejected.at(0).at(0).toString().contains(QLatin1String("bad signature")));
    QVERIFY(rejected.at(0).at(0).toString().startsWith(QLatin1String("iopub")));
    QVERIFY(rejected.at(1).at(0).toString().contains(QLatin1String("missing <IDS|MSG>")));
    for (const Message *message : inbox.of(Channel::IOPub, "stream"))
        QCOMPARE(message->content()["text"], json("ok"));
}

void TestZmqTransport::heartbeatLossAndRestore()
{
    using namespace std::chrono_literals;
    FakeKernel kernel;
    ZmqTransport transport(kernel.connectionInfo());
    transport.setHeartbeatTiming(50ms, 300ms);
    QSignalSpy failed(&transport, &KernelTransport::heartbeatFailed);
    QSignalSpy restored(&transport, &KernelTransport::heartbeatRestored);
    transport.start();
    // Past the start-up grace: the kernel has answered.
    QTRY_VERIFY_WITH_TIMEOUT(kernel.heartbeatsAnswered() >= 3, 10000);
    QCOMPARE(failed.count(), 0);

    kernel.setHeartbeatAnswering(false);
    QVERIFY(failed.wait(10000));
    // Reported once, not once per missed ping (several 300 ms timeouts pass here).
    QVERIFY(!restored.wait(1200));
    QCOMPARE(failed.count(), 1);

    kernel.setHeartbeatAnswering(true);
    QVERIFY(restored.wait(10000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(restored.count(), 1);

    // And the cycle repeats: the replacement REQ socket is a working one.
    kernel.setHeartbeatAnswering(false);
    QVERIFY(failed.wait(10000));
    kernel.setHeartbeatAnswering(true);
    QVERIFY(restored.wait(10000));
    QCOMPARE(failed.count(), 2);
    QCOMPARE(restored.count(), 2);
}

void TestZmqTransport::stopRestartAndTeardown()
{
    FakeKernel kernel;
    {
        ZmqTransport transport(kernel.connectionInfo());
        Inbox inbox(transport);
        QSignalSpy started(&transport, &KernelTransport::started);
        QSignalSpy finished(&transport, &KernelTransport::finished);
        transport.stop(); // before start: nothing to do
        QCOMPARE(finished.count(), 0);

        transport.start();
        QVERIFY(started.wait(10000));
        transport.stop();
        transport.stop();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!transport.isRunning());
        transport.send(Channel::Shell, request("kernel_info_request")); // dropped, no crash

        // A stopped transport starts again.
        transport.start();
        QVERIFY(started.wait(10000));
        const MessagePtr info = request("kernel_info_request");
        transport.send(Channel::Shell, info);
        QTRY_VERIFY_WITH_TIMEOUT(inbox.find(Channel::Shell, "kernel_info_reply", info->msgId()),
                                 10000);
        // A flood in flight while the transport is destroyed without stop().
        kernel.publishFlood(20000);
        QTRY_VERIFY_WITH_TIMEOUT(inbox.messages.size() > 100, 60000);
    }
    // Several transports on one kernel, torn down in a different order than made.
    auto first = std::make_unique<ZmqTransport>(kernel.connectionInfo());
    auto second = std::make_unique<ZmqTransport>(kernel.connectionInfo());
    first->start();
    second->start();
    first.reset();
    second->stop();
    second.reset();
}

void TestZmqTransport::unsupportedSchemeFailsToStart()
{
    ConnectionInfo info;
    info.key = "k";
    info.signatureScheme = QStringLiteral("hmac-md5");
    info.shellPort = info.iopubPort = info.stdinPort = info.controlPort = info.hbPort = 9;
    ZmqTransport transport(info);
    QSignalSpy errors(&transport, &KernelTransport::errorOccurred);
    transport.start();
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.at(0).at(0).toString().contains(QLatin1String("hmac-md5")));
    QVERIFY(!transport.isRunning());
    QVERIFY(!transport.description().contains(QLatin1String("k\"")));
}

QTEST_GUILESS_MAIN(TestZmqTransport)
#include "tst_zmqtransport.moc"
