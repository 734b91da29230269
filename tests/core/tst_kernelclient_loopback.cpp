// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// KernelClient over a real ZmqTransport against the C++ fake kernel (tests/core/fakekernel)
// on 127.0.0.1: the orderings ipykernel produces only by chance (iopub idle before or after
// execute_reply), forged messages, heartbeat loss, markDead and dead callback contexts.
// The fake kernel's auto-reply is switched off where a test plays the kernel by hand.
// Waits are QSignalSpy::wait / QTRY_*; nothing sleeps.
#include "fakekernel.h"

#include "jupyter/kernelclient.h"
#include "jupyter/zmqtransport.h"

#include <QtTest>

#include <memory>

using namespace cumulus::jupyter;
using cumulus::test::FakeKernel;
using nlohmann::json;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(cumulus::jupyter::MessagePtr)
Q_DECLARE_METATYPE(cumulus::jupyter::Channel)

namespace {

constexpr int kWait = 10000;

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
    MessagePtr find(const std::string &msgId) const
    {
        for (const ReceivedMessage &received : requests)
            if (received.message->msgId() == msgId)
                return received.message;
        return nullptr;
    }
    MessagePtr findType(Channel channel, const std::string &type) const
    {
        for (const ReceivedMessage &received : requests)
            if (received.channel == channel && received.message->msgType() == type)
                return received.message;
        return nullptr;
    }
    std::vector<ReceivedMessage> requests;
};

/// Everything the transport delivered. Attached after the client, so when a message shows
/// up here the client has already handled it (same thread, connection order).
class Inbox : public QObject
{
public:
    void attach(KernelTransport &transport)
    {
        connect(&transport, &KernelTransport::messagesReceived, this,
                [this](const QList<ReceivedMessage> &batch) {
                    for (const ReceivedMessage &received : batch)
                        ids.push_back(received.message->msgId());
                });
    }
    bool has(const std::string &msgId) const
    {
        return std::find(ids.begin(), ids.end(), msgId) != ids.end();
    }
    std::vector<std::string> ids;
};

/// What one execute request's callbacks saw.
struct ExecuteLog
{
    std::vector<MessagePtr> outputs;
    std::vector<MessagePtr> inputRequests;
    std::vector<ExecuteResult> results;

    ExecuteCallbacks callbacks()
    {
        ExecuteCallbacks callbacks;
        callbacks.output = [this](const MessagePtr &message) { outputs.push_back(message); };
        callbacks.inputRequest = [this](const MessagePtr &message) {
            inputRequests.push_back(message);
        };
        callbacks.finished = [this](const ExecuteResult &result) { results.push_back(result); };
        return callbacks;
    }
    std::vector<std::string> outputTypes() const
    {
        std::vector<std::string> types;
        for (const MessagePtr &message : outputs)
            types.push_back(message->msgType());
        return types;
    }
};

/// A fake kernel, a transport to it and a client on the transport, handshake done.
struct Rig
{
    FakeKernel kernel;
    KernelLog log {kernel};
    ZmqTransport transport {kernel.connectionInfo()};
    KernelClient client;
    Inbox inbox;

    Rig()
    {
        client.setTransport(&transport);
        inbox.attach(transport);
    }

    /// The handshake against the auto-replying kernel; then the test plays the kernel.
    bool connect(bool manual = true)
    {
        QSignalSpy ready(&client, &KernelClient::ready);
        client.connectToKernel(std::chrono::milliseconds(kWait), 50ms);
        if (!ready.wait(kWait))
            return false;
        if (manual) {
            kernel.setAutoReply(false);
            // Auto-replies to probes still in flight must not be taken for ours: a marker
            // request round trip orders everything sent before it.
            const std::string marker = client.request(Channel::Shell, "marker_request", json::object(),
                                                      nullptr, {});
            if (!waitFor([&] { return log.find(marker) != nullptr; }))
                return false;
        }
        return client.isReady();
    }

    template<typename Predicate>
    bool waitFor(Predicate predicate, int timeout = kWait)
    {
        return QTest::qWaitFor(predicate, timeout);
    }

    /// The request the kernel received with @p msgId (waits for it).
    MessagePtr received(const std::string &msgId)
    {
        waitFor([&] { return log.find(msgId) != nullptr; });
        return log.find(msgId);
    }

    MessagePtr make(const char *type, json content, const MessagePtr &parent)
    {
        return Message::create(type, std::move(content), kernel.session(), parent.get());
    }
    MessagePtr status(const char *state, const MessagePtr &parent)
    {
        return make("status", {{"execution_state", state}}, parent);
    }
    MessagePtr stream(const std::string &text, const MessagePtr &parent)
    {
        return make("stream", {{"name", "stdout"}, {"text", text}}, parent);
    }
    MessagePtr executeReply(const MessagePtr &parent, const char *status = "ok")
    {
        return make("execute_reply",
                    {{"status", status}, {"execution_count", 1}, {"user_expressions", json::object()}},
                    parent);
    }
    /// Publishes @p message on iopub and returns its id.
    std::string publish(const MessagePtr &message)
    {
        kernel.publish(message);
        return message->msgId();
    }
    std::string reply(const MessagePtr &message, Channel channel = Channel::Shell)
    {
        kernel.sendToClient(channel, message);
        return message->msgId();
    }
    /// A message on iopub nobody waits for; once it arrived, everything published before it
    /// has been handled by the client.
    bool drainIOPub()
    {
        const std::string id = publish(Message::create(
                "stream", {{"name", "stdout"}, {"text", "drain"}}, kernel.session()));
        return waitFor([&] { return inbox.has(id); });
    }
    /// The same for the shell socket.
    bool drainShell()
    {
        const std::string id = reply(Message::create("drain_reply", json::object(), kernel.session()));
        return waitFor([&] { return inbox.has(id); });
    }
};

} // namespace

class TestKernelClientLoopback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void handshake();
    void handshakeTimesOut();
    void executeOrdering_data();
    void executeOrdering();
    void badSignatureIgnored();
    void heartbeatLossReported();
    void markDeadFailsPending();
    void failPendingKeepsState();
    void deadContextNotCalled();
    void inputRequestRoundTrip();
    void inputRequestWithoutHandler();
    void commMessagesTolerated();
    void otherRequestsRouted();
};

void TestKernelClientLoopback::initTestCase()
{
    qRegisterMetaType<cumulus::jupyter::MessagePtr>();
    qRegisterMetaType<cumulus::jupyter::Channel>();
}

void TestKernelClientLoopback::handshake()
{
    Rig rig;
    QVERIFY2(rig.kernel.isListening(), qPrintable(rig.kernel.errorString()));
    QSignalSpy states(&rig.client, &KernelClient::stateChanged);
    QVERIFY(rig.connect(false));
    QCOMPARE(rig.client.state(), KernelClient::State::Idle);
    QCOMPARE(rig.client.kernelInfo().value("implementation", ""), std::string("fakekernel"));
    QCOMPARE(rig.client.kernelInfo()["language_info"].value("name", ""), std::string("python"));
    QVERIFY(!states.isEmpty());
    QCOMPARE(states.first().first().value<KernelClient::State>(), KernelClient::State::Connecting);
    // Every probe went to the shell channel as kernel_info_request.
    QVERIFY(rig.log.findType(Channel::Shell, "kernel_info_request"));
}

void TestKernelClientLoopback::handshakeTimesOut()
{
    // A kernel that answers kernel_info but never publishes on iopub: not ready, an error.
    Rig rig;
    rig.kernel.setPublishStatus(false);
    QSignalSpy ready(&rig.client, &KernelClient::ready);
    QSignalSpy errors(&rig.client, &KernelClient::errorOccurred);
    rig.client.connectToKernel(500ms, 50ms);
    QVERIFY(errors.wait(kWait));
    QCOMPARE(ready.count(), 0);
    QCOMPARE(rig.client.state(), KernelClient::State::Dead);
    QVERIFY(rig.log.findType(Channel::Shell, "kernel_info_request"));
}

void TestKernelClientLoopback::executeOrdering_data()
{
    QTest::addColumn<bool>("idleFirst");
    QTest::newRow("iopub idle after execute_reply") << false;
    QTest::newRow("execute_reply after iopub idle") << true;
}

void TestKernelClientLoopback::executeOrdering()
{
    QFETCH(bool, idleFirst);
    Rig rig;
    QVERIFY(rig.connect());
    QSignalSpy unclaimed(&rig.client, &KernelClient::unclaimedIOPub);

    ExecuteLog log;
    const std::string id = rig.client.execute("print('a'); print('b')", {}, nullptr, log.callbacks());
    QCOMPARE(rig.client.pendingExecutions(), 1);
    const MessagePtr request = rig.received(id);
    QVERIFY(request);
    QCOMPARE(request->msgType(), std::string("execute_request"));
    QCOMPARE(request->content().value("code", ""), std::string("print('a'); print('b')"));

    rig.publish(rig.status("busy", request));
    rig.publish(rig.make("execute_input", {{"code", "x"}, {"execution_count", 1}}, request));
    rig.publish(rig.stream("a\n", request));
    const std::string lastOutput = rig.publish(rig.stream("b\n", request));
    QVERIFY(rig.waitFor([&] { return rig.inbox.has(lastOutput); }));
    QVERIFY(rig.waitFor([&] { return rig.client.state() == KernelClient::State::Busy; }));

    if (idleFirst) {
        const std::string idle = rig.publish(rig.status("idle", request));
        QVERIFY(rig.waitFor([&] { return rig.inbox.has(idle); }));
        QVERIFY2(log.results.empty(), "finished before execute_reply arrived");
        const std::string reply = rig.reply(rig.executeReply(request));
        QVERIFY(rig.waitFor([&] { return rig.inbox.has(reply); }));
    } else {
        const std::string reply = rig.reply(rig.executeReply(request));
        QVERIFY(rig.waitFor([&] { return rig.inbox.has(reply); }));
        QVERIFY2(log.results.empty(), "finished before iopub idle arrived");
        // Outputs after the reply but before idle still belong to the request.
        rig.publish(rig.stream("late\n", request));
        const std::string idle = rig.publish(rig.status("idle", request));
        QVERIFY(rig.waitFor([&] { return rig.inbox.has(idle); }));
    }
    QCOMPARE(log.results.size(), size_t(1));
    QCOMPARE(log.results[0].status, ExecuteResult::Status::Ok);
    QCOMPARE(log.results[0].reply.value("execution_count", 0), 1);
    std::vector<std::string> expected {"execute_input", "stream", "stream"};
    if (!idleFirst)
        expected.push_back("stream");
    QCOMPARE(log.outputTypes(), expected);
    QCOMPARE(log.outputs[1]->content().value("text", ""), std::string("a\n"));
    QCOMPARE(log.outputs[2]->content().value("text", ""), std::string("b\n"));
    QCOMPARE(rig.client.pendingExecutions(), 0);
    QCOMPARE(rig.client.state(), KernelClient::State::Idle);
    QCOMPARE(unclaimed.count(), 0);

    // A duplicate idle and reply (a second client, a confused kernel) finish nothing twice.
    rig.publish(rig.status("idle", request));
    rig.publish(rig.stream("after the end\n", request));
    rig.reply(rig.executeReply(request));
    QVERIFY(rig.drainIOPub());
    QVERIFY(rig.drainShell());
    QCOMPARE(log.results.size(), size_t(1));
    QCOMPARE(log.outputs.size(), expected.size());
    // The stray stream is nobody's now: reported as unclaimed (with the drain message).
    QCOMPARE(unclaimed.count(), 2);
}

void TestKernelClientLoopback::badSignatureIgnored()
{
    Rig rig;
    QVERIFY(rig.connect());
    QSignalSpy rejected(&rig.transport, &KernelTransport::messageRejected);
    const quint64 rejectedBefore = rig.transport.rejectedCount();

    ExecuteLog log;
    const std::string id = rig.client.execute("x", {}, nullptr, log.callbacks());
    const MessagePtr request = rig.received(id);
    QVERIFY(request);
    rig.publish(rig.status("busy", request));
    const std::string reply = rig.reply(rig.executeReply(request));
    QVERIFY(rig.waitFor([&] { return rig.inbox.has(reply); }));
    // Signed with another key: a forged output and a forged idle, both claiming our request
    // as parent. The idle would end the request (its reply is in) if it were believed.
    const WireCodec forger(QByteArrayLiteral("not the kernel's key"));
    rig.kernel.publishFrames(forger.encode(*rig.stream("forged\n", request)));
    rig.kernel.publishFrames(forger.encode(*rig.status("idle", request)));
    const std::string genuine = rig.publish(rig.stream("genuine\n", request));
    QVERIFY(rig.waitFor([&] { return rig.inbox.has(genuine); }));
    QCOMPARE(rig.transport.rejectedCount(), rejectedBefore + 2);
    QVERIFY2(log.results.empty(), "a forged idle ended the request");

    rig.publish(rig.status("idle", request));
    QVERIFY(rig.waitFor([&] { return !log.results.empty(); }));
    QCOMPARE(log.results.size(), size_t(1));
    QCOMPARE(log.results[0].status, ExecuteResult::Status::Ok);
    QCOMPARE(log.outputTypes(), std::vector<std::string>({"stream"}));
    QCOMPARE(log.outputs[0]->content().value("text", ""), std::string("genuine\n"));
    QCOMPARE(rejected.count(), 2);
    QVERIFY(rejected.at(0).at(0).toString().contains(QLatin1String("signature")));
}

void TestKernelClientLoopback::heartbeatLossReported()
{
    Rig rig;
    rig.transport.setHeartbeatTiming(50ms, 300ms);
    QSignalSpy failed(&rig.transport, &KernelTransport::heartbeatFailed);
    QSignalSpy restored(&rig.transport, &KernelTransport::heartbeatRestored);
    QVERIFY(rig.connect());
    // Past the start-up grace: the kernel has answered pings.
    QTRY_VERIFY_WITH_TIMEOUT(rig.kernel.heartbeatsAnswered() >= 3, kWait);

    ExecuteLog log;
    const std::string id = rig.client.execute("while True: pass", {}, nullptr, log.callbacks());
    QVERIFY(rig.received(id));
    rig.kernel.setHeartbeatAnswering(false);
    QVERIFY(failed.wait(kWait));
    QCOMPARE(failed.count(), 1);
    // The transport reports; whoever owns the kernel decides. Nothing was failed behind its back.
    QCOMPARE(rig.client.pendingExecutions(), 1);
    QVERIFY(log.results.empty());

    rig.kernel.setHeartbeatAnswering(true);
    QVERIFY(restored.wait(kWait));

    // The owner gives up on the kernel: the request fails once, with the owner's reason.
    rig.kernel.setHeartbeatAnswering(false);
    QVERIFY(failed.wait(kWait));
    rig.client.markDead(QStringLiteral("the kernel stopped answering heartbeats"));
    QCOMPARE(log.results.size(), size_t(1));
    QCOMPARE(log.results[0].status, ExecuteResult::Status::Failed);
    QCOMPARE(log.results[0].failureReason, QStringLiteral("the kernel stopped answering heartbeats"));
    QCOMPARE(rig.client.state(), KernelClient::State::Dead);
}

void TestKernelClientLoopback::markDeadFailsPending()
{
    Rig rig;
    QVERIFY(rig.connect());
    QSignalSpy states(&rig.client, &KernelClient::stateChanged);

    ExecuteLog first;
    ExecuteLog second;
    const std::string a = rig.client.execute("a", {}, nullptr, first.callbacks());
    const std::string b = rig.client.execute("b", {}, nullptr, second.callbacks());
    int completions = 0;
    const std::string c = rig.client.complete("imp", 3, nullptr,
                                              [&](const MessagePtr &) { ++completions; });
    QVERIFY(rig.received(c));
    const MessagePtr requestA = rig.received(a);
    QVERIFY(requestA);
    rig.publish(rig.status("busy", requestA));
    const std::string out = rig.publish(rig.stream("partial\n", requestA));
    QVERIFY(rig.waitFor([&] { return rig.inbox.has(out); }));
    QCOMPARE(rig.client.pendingExecutions(), 2);

    rig.client.markDead(QStringLiteral("gone"));
    QCOMPARE(rig.client.state(), KernelClient::State::Dead);
    QCOMPARE(first.results.size(), size_t(1));
    QCOMPARE(second.results.size(), size_t(1));
    for (const ExecuteLog *log : {&first, &second}) {
        QCOMPARE(log->results[0].status, ExecuteResult::Status::Failed);
        QCOMPARE(log->results[0].failureReason, QStringLiteral("gone"));
        QVERIFY(log->results[0].reply.is_null());
    }
    QCOMPARE(first.outputs.size(), size_t(1));
    QCOMPARE(rig.client.pendingExecutions(), 0);
    QCOMPARE(states.last().first().value<KernelClient::State>(), KernelClient::State::Dead);

    // Late messages for the failed requests change nothing and call nobody.
    rig.publish(rig.stream("too late\n", requestA));
    rig.publish(rig.status("idle", requestA));
    rig.reply(rig.executeReply(requestA));
    rig.reply(rig.make("complete_reply", {{"status", "ok"}, {"matches", json::array()}},
                       rig.received(c)));
    QVERIFY(rig.drainIOPub());
    QVERIFY(rig.drainShell());
    QCOMPARE(first.results.size(), size_t(1));
    QCOMPARE(first.outputs.size(), size_t(1));
    QCOMPARE(completions, 0);
    QCOMPARE(rig.client.state(), KernelClient::State::Dead);
}

void TestKernelClientLoopback::failPendingKeepsState()
{
    // failPendingRequests (before a restart): callbacks may queue work from inside.
    Rig rig;
    QVERIFY(rig.connect());
    ExecuteLog again;
    std::vector<ExecuteResult> results;
    ExecuteCallbacks callbacks;
    callbacks.finished = [&](const ExecuteResult &result) {
        results.push_back(result);
        rig.client.execute("again", {}, nullptr, again.callbacks());
    };
    const std::string id = rig.client.execute("x", {}, nullptr, callbacks);
    QVERIFY(rig.received(id));
    rig.client.failPendingRequests(QStringLiteral("the kernel was restarted"));
    QCOMPARE(results.size(), size_t(1));
    QCOMPARE(results[0].status, ExecuteResult::Status::Failed);
    QCOMPARE(results[0].failureReason, QStringLiteral("the kernel was restarted"));
    QCOMPARE(rig.client.state(), KernelClient::State::Idle);
    // The request queued from the callback is pending, not failed with the others.
    QCOMPARE(rig.client.pendingExecutions(), 1);
    QVERIFY(again.results.empty());
}

void TestKernelClientLoopback::deadContextNotCalled()
{
    Rig rig;
    QVERIFY(rig.connect());

    auto context = std::make_unique<QObject>();
    ExecuteLog log;
    const std::string id = rig.client.execute("x", {}, context.get(), log.callbacks());
    int replies = 0;
    const std::string info = rig.client.requestKernelInfo(context.get(),
                                                          [&](const MessagePtr &) { ++replies; });
    const MessagePtr request = rig.received(id);
    const MessagePtr infoRequest = rig.received(info);
    QVERIFY(request && infoRequest);

    rig.publish(rig.status("busy", request));
    const std::string first = rig.publish(rig.stream("seen\n", request));
    QVERIFY(rig.waitFor([&] { return rig.inbox.has(first); }));
    QCOMPARE(log.outputs.size(), size_t(1));

    context.reset(); // the notebook view went away mid-execution
    rig.publish(rig.stream("unseen\n", request));
    rig.kernel.sendToClient(Channel::Stdin,
                            rig.make("input_request", {{"prompt", "? "}, {"password", false}}, request));
    rig.reply(rig.make("kernel_info_reply", {{"status", "ok"}}, infoRequest));
    rig.reply(rig.executeReply(request));
    const std::string idle = rig.publish(rig.status("idle", request));
    QVERIFY(rig.waitFor([&] { return rig.inbox.has(idle); }));
    QVERIFY(rig.drainShell());

    QCOMPARE(log.outputs.size(), size_t(1));
    QVERIFY(log.inputRequests.empty());
    QVERIFY(log.results.empty());
    QCOMPARE(replies, 0);
    // The request is over all the same (nothing pending, nothing leaked).
    QCOMPARE(rig.client.pendingExecutions(), 0);
    // Nobody could answer the input_request, so the client answered it empty: the kernel
    // must not wait forever.
    QVERIFY(rig.waitFor([&] { return rig.log.findType(Channel::Stdin, "input_reply") != nullptr; }));
    QCOMPARE(rig.log.findType(Channel::Stdin, "input_reply")->content().value("value", "?"),
             std::string());

    // A request whose context is alive still works after all that.
    QObject alive;
    ExecuteLog aliveLog;
    const std::string next = rig.client.execute("y", {}, &alive, aliveLog.callbacks());
    const MessagePtr nextRequest = rig.received(next);
    QVERIFY(nextRequest);
    rig.reply(rig.executeReply(nextRequest));
    rig.publish(rig.status("idle", nextRequest));
    QVERIFY(rig.waitFor([&] { return !aliveLog.results.empty(); }));
    QCOMPARE(aliveLog.results[0].status, ExecuteResult::Status::Ok);
}

void TestKernelClientLoopback::inputRequestRoundTrip()
{
    Rig rig;
    QVERIFY(rig.connect());
    ExecuteLog log;
    ExecuteOptions options;
    options.allowStdin = true;
    const std::string id = rig.client.execute("input('name? ')", options, nullptr, log.callbacks());
    const MessagePtr request = rig.received(id);
    QVERIFY(request);
    QCOMPARE(request->content().value("allow_stdin", false), true);
    const MessagePtr input = rig.make("input_request", {{"prompt", "name? "}, {"password", false}},
                                      request);
    rig.kernel.sendToClient(Channel::Stdin, input);
    QVERIFY(rig.waitFor([&] { return !log.inputRequests.empty(); }));
    QCOMPARE(log.inputRequests[0]->content().value("prompt", ""), std::string("name? "));

    rig.client.sendInputReply(log.inputRequests[0], "Ada ü");
    QVERIFY(rig.waitFor([&] { return rig.log.findType(Channel::Stdin, "input_reply") != nullptr; }));
    const MessagePtr reply = rig.log.findType(Channel::Stdin, "input_reply");
    QCOMPARE(reply->content().value("value", ""), std::string("Ada ü"));
    QCOMPARE(reply->parentMsgId(), input->msgId());
    QCOMPARE(reply->session(), rig.client.session());
}

void TestKernelClientLoopback::inputRequestWithoutHandler()
{
    Rig rig;
    QVERIFY(rig.connect());
    ExecuteLog log;
    ExecuteCallbacks callbacks = log.callbacks();
    callbacks.inputRequest = nullptr;
    const std::string id = rig.client.execute("input()", {}, nullptr, callbacks);
    const MessagePtr request = rig.received(id);
    QVERIFY(request);
    rig.kernel.sendToClient(Channel::Stdin,
                            rig.make("input_request", {{"prompt", ""}, {"password", true}}, request));
    QVERIFY(rig.waitFor([&] { return rig.log.findType(Channel::Stdin, "input_reply") != nullptr; }));
    QCOMPARE(rig.log.findType(Channel::Stdin, "input_reply")->content().value("value", "?"),
             std::string());
}

void TestKernelClientLoopback::commMessagesTolerated()
{
    Rig rig;
    QVERIFY(rig.connect());
    QSignalSpy unclaimed(&rig.client, &KernelClient::unclaimedIOPub);
    ExecuteLog log;
    const std::string id = rig.client.execute("w", {}, nullptr, log.callbacks());
    const MessagePtr request = rig.received(id);
    QVERIFY(request);
    rig.publish(rig.status("busy", request));
    rig.publish(rig.make("comm_open",
                         {{"comm_id", "c1"}, {"target_name", "jupyter.widget"},
                          {"data", {{"state", {{"_model_name", "IntSliderModel"}}}}}},
                         request));
    rig.publish(rig.make("comm_msg", {{"comm_id", "c1"}, {"data", {{"method", "update"}}}}, request));
    const quint64 rejectedBefore = rig.transport.rejectedCount();
    // Malformed ones: no comm_id; content not even an object (the wire codec drops that one,
    // counted, before the client sees it).
    rig.publish(rig.make("comm_msg", json::object(), request));
    rig.publish(rig.make("comm_close", json::array({1, 2}), request));
    rig.publish(rig.make("comm_close", {{"comm_id", "c1"}}, request));
    rig.publish(rig.make("some_future_type", {{"x", 1}}, request));
    // A comm message of no request of ours (another client's widget) is unclaimed, not lost.
    rig.publish(Message::create("comm_msg", {{"comm_id", "c2"}, {"data", json::object()}},
                                rig.kernel.session()));
    rig.reply(rig.executeReply(request));
    rig.publish(rig.status("idle", request));
    QVERIFY(rig.waitFor([&] { return !log.results.empty(); }));
    QCOMPARE(log.results[0].status, ExecuteResult::Status::Ok);
    QCOMPARE(log.outputTypes(), std::vector<std::string>({"comm_open", "comm_msg", "comm_msg",
                                                          "comm_close", "some_future_type"}));
    QCOMPARE(rig.transport.rejectedCount(), rejectedBefore + 1);
    QCOMPARE(unclaimed.count(), 1);
    QVERIFY(rig.client.isReady());
}

void TestKernelClientLoopback::otherRequestsRouted()
{
    // complete/inspect/is_complete replies reach their own handlers, whatever the order.
    Rig rig;
    QVERIFY(rig.connect());
    std::map<std::string, json> got;
    const auto keep = [&](const char *name) {
        return [&got, name](const MessagePtr &reply) { got[name] = reply->content(); };
    };
    const std::string complete = rig.client.complete("import o", 8, nullptr, keep("complete"));
    const std::string inspect = rig.client.inspect("len", 3, 1, nullptr, keep("inspect"));
    const std::string isComplete = rig.client.isComplete("for i in x:", nullptr, keep("isComplete"));
    const std::string interrupt = rig.client.interruptByMessage(nullptr, keep("interrupt"));
    for (const std::string &id : {complete, inspect, isComplete, interrupt})
        QVERIFY(rig.received(id));
    QCOMPARE(rig.log.find(complete)->content().value("cursor_pos", 0), 8);
    QCOMPARE(rig.log.find(inspect)->content().value("detail_level", 0), 1);
    QCOMPARE(rig.log.find(isComplete)->content().value("code", ""), std::string("for i in x:"));
    QCOMPARE(rig.log.find(interrupt)->msgType(), std::string("interrupt_request"));
    bool interruptOnControl = false;
    for (const ReceivedMessage &received : rig.log.requests)
        if (received.message->msgId() == interrupt)
            interruptOnControl = received.channel == Channel::Control;
    QVERIFY(interruptOnControl);

    rig.reply(rig.make("interrupt_reply", {{"status", "ok"}}, rig.log.find(interrupt)),
              Channel::Control);
    rig.reply(rig.make("is_complete_reply", {{"status", "incomplete"}, {"indent", "    "}},
                       rig.log.find(isComplete)));
    rig.reply(rig.make("inspect_reply", {{"status", "ok"}, {"found", true}}, rig.log.find(inspect)));
    rig.reply(rig.make("complete_reply", {{"status", "ok"}, {"matches", {"os"}}},
                       rig.log.find(complete)));
    QVERIFY(rig.waitFor([&] { return got.size() == 4; }));
    QCOMPARE(got["isComplete"].value("status", ""), std::string("incomplete"));
    QCOMPARE(got["complete"]["matches"][0].get<std::string>(), std::string("os"));
    QCOMPARE(got["inspect"].value("found", false), true);
    QCOMPARE(got["interrupt"].value("status", ""), std::string("ok"));
}

QTEST_GUILESS_MAIN(TestKernelClientLoopback)
#include "tst_kernelclient_loopback.moc"
