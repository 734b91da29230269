// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus-kernelbench: the C++ side of the kernel benchmark (bench/bench_kernel.py runs it
// next to jupyter_client; see bench/README.md). Not a test: nothing runs it but the
// bench-kernel target or a person.
//
//   cumulus-kernelbench latency N [--warmup W]   N sequential `1+1` through KernelClient::execute
//   cumulus-kernelbench ready R                  R kernel starts, start() to Kernel::ready
//   cumulus-kernelbench flood lines|bytes|chunks one flooding cell through a NotebookRunner
//   cumulus-kernelbench stall [--via client|runner] [--size BYTES] [--reps K]
//                                                longest main-thread stall while one huge
//                                                display_data message arrives
//   cumulus-kernelbench decode BYTES             no kernel: peak RSS of decoding one stream
//                                                message of BYTES text and appending it
// Common options: --kernel NAME (default python3), --timeout SECONDS (default 120).
//
// Prints one JSON object on stdout. Each kernel's pid is written to stderr as
// "KERNEL_PID <pid>" as soon as it runs, so that the caller can make sure it is gone.
// Every kernel is shut down (shutdown_request) before exiting; on a timeout, an error or
// SIGINT/SIGTERM the kernels' process groups are killed (KernelManager's destructor).

#include "benchsupport.h"
#include "jupyter/kernelmanager.h"
#include "jupyter/kernelspec.h"
#include "jupyter/localkernel.h"
#include "jupyter/notebookrunner.h"
#include "jupyter/outputcollector.h"
#include "jupyter/wirecodec.h"
#include "notebook/cell.h"
#include "notebook/notebook.h"
#include "notebook/notebookdocument.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace cumulus;
using namespace cumulus::jupyter;
using json = nlohmann::json;

namespace {

using namespace cumulus::bench;

// ---------------------------------------------------------------- clocks and memory

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

/// CPU time of the whole process, every thread: the same as getrusage(RUSAGE_SELF)'s
/// ru_utime + ru_stime, with nanosecond resolution.
qint64 processCpuNs() { return clockNs(CLOCK_PROCESS_CPUTIME_ID); }

/// CPU time of one thread of this process, from /proc/self/task/TID/schedstat (ns) or,
/// without schedstat, stat (clock ticks); -1 when unreadable.
qint64 taskCpuNs(const QString &taskDir)
{
    QFile schedstat(taskDir + QStringLiteral("/schedstat"));
    if (schedstat.open(QIODevice::ReadOnly)) {
        bool ok = false;
        const qint64 ns = schedstat.readAll().split(' ').value(0).toLongLong(&ok);
        if (ok)
            return ns;
    }
    QFile stat(taskDir + QStringLiteral("/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Fields after the ")" that ends comm: state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const long ticks = ::sysconf(_SC_CLK_TCK);
    if (fields.size() <= 12 || ticks <= 0)
        return -1;
    return (fields[11].toLongLong() + fields[12].toLongLong()) * (1'000'000'000 / ticks);
}

/// CPU time of this process's threads other than the main one, summed by role:
/// "io" for ZmqTransport's I/O threads (QThread names them "cumulus-zmq-io"), "zmq" for
/// libzmq's own background threads ("ZMQbg/..."), "other" for the rest. Threads that have
/// ended are not counted (compare totals taken while the same threads run).
std::map<std::string, qint64> threadCpuByRole()
{
    std::map<std::string, qint64> roles {{"io", 0}, {"zmq", 0}, {"other", 0}};
    const QDir tasks(QStringLiteral("/proc/self/task"));
    const QString self = QString::number(::getpid());
    const QStringList entries = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : entries) {
        if (tid == self)
            continue; // the main thread: CLOCK_THREAD_CPUTIME_ID
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly))
            continue;
        const QByteArray name = comm.readAll().trimmed();
        const qint64 ns = taskCpuNs(tasks.filePath(tid));
        if (ns < 0)
            continue;
        roles[name == "cumulus-zmq-io" ? "io" : name.startsWith("ZMQbg") ? "zmq" : "other"] += ns;
    }
    return roles;
}

/// Size of @p object[@p key]["text/plain"] (display data) without copying it; 0 when absent.
qint64 textSize(const json &object, const char *key)
{
    const auto data = object.find(key);
    if (data == object.end() || !data->is_object())
        return 0;
    const auto text = data->find("text/plain");
    return text != data->end() && text->is_string()
            ? qint64(text->get_ref<const std::string &>().size())
            : 0;
}

double ms(qint64 ns) { return double(ns) / 1e6; }
double us(qint64 ns) { return double(ns) / 1e3; }

void say(const QString &text)
{
    std::fprintf(stderr, "kernelbench: %s\n", qPrintable(text));
    std::fflush(stderr);
}

// ---------------------------------------------------------------- the cells

/// One million lines of `print(i)`: about 6.9 MB in ~1M small writes.
const char *const kFloodLines = "for i in range(1_000_000):\n    print(i)\n";
/// 200 MB of stdout (2,000,000 lines of 100 bytes) in 200 writes of 1 MB.
const char *const kFloodBytes =
        "import sys\n"
        "_chunk = ('x' * 99 + '\\n') * 10_000\n"
        "for _ in range(200):\n"
        "    sys.stdout.write(_chunk)\n"
        "del _chunk\n";

/// The same 200 MB, flushed after every 1 MB write: 200 stream messages of 1 MB each
/// (ipykernel 6.17 otherwise sends what 0.2 s of writing buffered, here all of it at once).
const char *const kFloodChunks =
        "import sys\n"
        "_chunk = ('x' * 99 + '\\n') * 10_000\n"
        "for _ in range(200):\n"
        "    sys.stdout.write(_chunk)\n"
        "    sys.stdout.flush()\n"
        "del _chunk\n";

std::string stallCell(qint64 size)
{
    return "display({'text/plain': 'x' * " + std::to_string(size) + "}, raw=True)\n";
}

// ---------------------------------------------------------------- signals

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

// ---------------------------------------------------------------- the benchmark

/**
 * Starts and stops kernels and holds the result. Kernels are children of this object, so
 * whatever happens, destroying it kills their process groups (KernelManager's destructor).
 */
class Bench : public QObject
{
public:
    Bench(KernelSpec spec, int timeoutSeconds) : m_spec(std::move(spec))
    {
        m_result["kernelspec"] = {{"name", m_spec.name.toStdString()},
                                  {"resource_dir", m_spec.resourceDir.toStdString()},
                                  {"argv0", m_spec.argv.value(0).toStdString()}};
        auto *watchdog = new QTimer(this);
        watchdog->setSingleShot(true);
        connect(watchdog, &QTimer::timeout, this,
                [this, timeoutSeconds] { fail(QStringLiteral("timed out after %1 s").arg(timeoutSeconds)); });
        watchdog->start(std::chrono::seconds(timeoutSeconds));
    }

    json &result() { return m_result; }
    int exitCode() const { return m_exitCode; }

    /// A new kernel; @p onReady runs once it is ready (with the start-to-ready time in ns).
    LocalKernel *startKernel(std::function<void(LocalKernel *, qint64 readyNs)> onReady)
    {
        const qint64 t0 = nowNs();
        // Looked up again each time, inside the timed region, as jupyter_client's
        // start_kernel() finds its kernelspec.
        if (auto found = findKernelSpec(m_spec.name))
            m_spec = *found;
        auto *kernel = new LocalKernel(m_spec, this);
        // Where the start-up time goes: the process runs, the first shell reply (a
        // kernel_info_reply) and the first iopub message reach the client, and how many
        // kernel_info_requests the handshake sent.
        auto phases = std::make_shared<json>(json::object());
        connect(kernel->manager(), &KernelManager::started, this, [kernel, t0, phases] {
            std::fprintf(stderr, "KERNEL_PID %lld\n", (long long)kernel->manager()->processId());
            std::fflush(stderr);
            (*phases)["process_started_ms"] = ms(nowNs() - t0);
            // LocalKernel has made its transport by now (it connected to started() first).
            if (KernelTransport *transport = kernel->client()->transport()) {
                connect(transport, &KernelTransport::messagesReceived, kernel,
                        [t0, phases](const QList<ReceivedMessage> &batch) {
                            const qint64 now = nowNs();
                            for (const ReceivedMessage &m : batch) {
                                const char *key = m.channel == Channel::Shell   ? "first_shell_reply_ms"
                                                  : m.channel == Channel::IOPub ? "first_iopub_ms"
                                                                                : nullptr;
                                if (key && !phases->contains(key))
                                    (*phases)[key] = ms(now - t0);
                                if (m.channel == Channel::Shell && m.message
                                    && m.message->msgType() == "kernel_info_reply")
                                    (*phases)["kernel_info_replies"] =
                                            phases->value("kernel_info_replies", 0) + 1;
                            }
                        });
            }
        });
        connect(kernel, &Kernel::ready, this,
                [this, kernel, t0, phases, onReady] {
                    const qint64 readyNs = nowNs() - t0;
                    (*phases)["ready_ms"] = ms(readyNs);
                    // Recorded once this turn is over: the hook above sees the batch that made
                    // the client ready only after KernelClient has handled it.
                    QTimer::singleShot(0, this, [this, phases] { m_phases.push_back(*phases); });
                    onReady(kernel, readyNs);
                },
                Qt::SingleShotConnection);
        connect(kernel, &Kernel::died, this, [this](const QString &reason) {
            fail(QStringLiteral("kernel died: ") + reason);
        });
        kernel->start();
        return kernel;
    }

    /// startKernel()'s start-up phases, one object per kernel that became ready.
    const json &phases() const { return m_phases; }

    /// Shuts @p kernel down (shutdown_request, then signals); @p then runs once it is gone.
    void stopKernel(LocalKernel *kernel, std::function<void()> then)
    {
        kernel->disconnect(this); // its death is no failure now
        QPointer<LocalKernel> guard(kernel);
        const auto done = std::make_shared<bool>(false);
        const auto finish = [this, guard, done, then] {
            if (*done)
                return;
            *done = true;
            if (guard)
                guard->deleteLater(); // its destructor kills whatever is left
            if (then)
                QTimer::singleShot(0, this, then);
        };
        connect(kernel, &Kernel::stopped, this, finish);
        QTimer::singleShot(std::chrono::seconds(8), this, finish); // then the destructor kills it
        kernel->shutdown();
    }

    /// Records success: shuts @p kernel down, then quits.
    void finish(LocalKernel *kernel)
    {
        if (m_finishing)
            return;
        m_finishing = true;
        if (!kernel) {
            quit(m_exitCode);
            return;
        }
        stopKernel(kernel, [this] { quit(m_exitCode); });
    }

    /// Records a failure and quits at once; the kernels die with this object.
    void fail(const QString &reason)
    {
        say(reason);
        if (!m_result.contains("error"))
            m_result["error"] = reason.toStdString();
        m_exitCode = 1;
        quit(1);
    }

    /// Ends the event loop, also when called before it runs (a kernel that fails at once).
    static void quit(int code)
    {
        QMetaObject::invokeMethod(
                QCoreApplication::instance(), [code] { QCoreApplication::exit(code); },
                Qt::QueuedConnection);
    }

private:
    KernelSpec m_spec;
    json m_result = json::object();
    json m_phases = json::array();
    int m_exitCode = 0;
    bool m_finishing = false;
};

// ---------------------------------------------------------------- latency

struct Request
{
    std::string msgId;
    qint64 sent = 0;
    qint64 reply = 0;      ///< execute_reply delivered to the main thread
    qint64 idle = 0;       ///< KernelClient's finished (idle + reply)
    qint64 mainCpu = 0;    ///< main-thread CPU from send to finished
    bool sameBatch = false; ///< reply came in the batch that also finished it
};

void runLatency(Bench &bench, int count, int warmup)
{
    auto requests = std::make_shared<std::vector<Request>>();
    requests->reserve(size_t(count + warmup));
    auto *context = new QObject(&bench);

    bench.startKernel([&bench, requests, context, count, warmup](LocalKernel *kernel, qint64 readyNs) {
        bench.result()["ready_ms"] = ms(readyNs);
        KernelClient *client = kernel->client();
        // The reply's arrival on the main thread: the transport's batches, seen right after
        // KernelClient has handled them (it connected first). A reply that comes in the same
        // batch as the idle status is stamped with the finish time (see finished below).
        QObject::connect(client->transport(), &KernelTransport::messagesReceived, context,
                         [requests](const QList<ReceivedMessage> &batch) {
                             const qint64 now = nowNs();
                             for (const ReceivedMessage &received : batch) {
                                 if (received.channel != Channel::Shell || !received.message
                                     || received.message->msgType() != "execute_reply")
                                     continue;
                                 const std::string &parent = received.message->parentMsgId();
                                 for (auto it = requests->rbegin(); it != requests->rend(); ++it) {
                                     if (it->msgId == parent) {
                                         if (it->reply == 0)
                                             it->reply = now;
                                         break;
                                     }
                                 }
                             }
                         });

        struct Loop
        {
            qint64 cpu0 = 0, thread0 = 0, wall0 = 0;
            std::map<std::string, qint64> threads0;
        };
        auto loop = std::make_shared<Loop>();
        auto next = std::make_shared<std::function<void()>>();
        *next = [&bench, kernel, client, requests, context, count, warmup, loop, next] {
            const size_t index = requests->size();
            if (index == size_t(warmup)) {
                loop->wall0 = nowNs();
                loop->cpu0 = processCpuNs();
                loop->thread0 = threadCpuNs();
                loop->threads0 = threadCpuByRole();
            }
            if (index == size_t(count + warmup)) {
                const qint64 wall = nowNs() - loop->wall0;
                const qint64 cpu = processCpuNs() - loop->cpu0;
                const qint64 thread = threadCpuNs() - loop->thread0;
                const std::map<std::string, qint64> threads1 = threadCpuByRole();
                json &out = bench.result();
                json reply = json::array(), idle = json::array(), mainCpu = json::array();
                int sameBatch = 0;
                for (size_t i = size_t(warmup); i < requests->size(); ++i) {
                    const Request &r = (*requests)[i];
                    reply.push_back(us(r.reply - r.sent));
                    idle.push_back(us(r.idle - r.sent));
                    mainCpu.push_back(us(r.mainCpu));
                    sameBatch += r.sameBatch ? 1 : 0;
                }
                out["mode"] = "latency";
                out["requests"] = count;
                out["warmup"] = warmup;
                out["reply_us"] = std::move(reply);
                out["idle_us"] = std::move(idle);
                out["main_cpu_us"] = std::move(mainCpu);
                out["reply_in_idle_batch"] = sameBatch;
                out["wall_s"] = double(wall) / 1e9;
                out["process_cpu_us_total"] = us(cpu);
                out["main_thread_cpu_us_total"] = us(thread);
                out["io_thread_cpu_us_total"] = us(threads1.at("io") - loop->threads0.at("io"));
                out["zmq_threads_cpu_us_total"] = us(threads1.at("zmq") - loop->threads0.at("zmq"));
                out["other_threads_cpu_us_total"] =
                        us(threads1.at("other") - loop->threads0.at("other"));
                out["cpu_method"] = "process: CLOCK_PROCESS_CPUTIME_ID (= getrusage(RUSAGE_SELF) "
                                    "utime+stime, all threads); main: CLOCK_THREAD_CPUTIME_ID; "
                                    "other threads: /proc/self/task/TID/schedstat";
                out["peak_rss_kb"] = peakRssKb();
                bench.finish(kernel);
                return;
            }
            requests->push_back(Request {});
            Request &request = requests->back();
            request.mainCpu = threadCpuNs(); // start value until finished
            request.sent = nowNs();
            ExecuteCallbacks callbacks;
            callbacks.finished = [&bench, requests, index, next](const ExecuteResult &result) {
                Request &r = (*requests)[index];
                r.idle = nowNs();
                r.mainCpu = threadCpuNs() - r.mainCpu;
                if (r.reply == 0) {
                    r.reply = r.idle;
                    r.sameBatch = true;
                }
                if (result.status != ExecuteResult::Status::Ok) {
                    bench.fail(QStringLiteral("request %1 did not succeed: %2")
                                       .arg(index)
                                       .arg(result.failureReason.isEmpty()
                                                    ? QString::fromStdString(result.reply.dump())
                                                    : result.failureReason));
                    return;
                }
                (*next)();
            };
            request.msgId = client->execute("1+1", ExecuteOptions {}, context, std::move(callbacks));
        };
        (*next)();
    });
}

// ---------------------------------------------------------------- ready

void runReady(Bench &bench, int reps)
{
    auto samples = std::make_shared<std::vector<double>>();
    auto next = std::make_shared<std::function<void()>>();
    *next = [&bench, reps, samples, next] {
        if (int(samples->size()) == reps) {
            json &out = bench.result();
            out["mode"] = "ready";
            out["ready_ms"] = *samples;
            out["phases"] = bench.phases();
            out["peak_rss_kb"] = peakRssKb();
            bench.finish(nullptr);
            return;
        }
        bench.startKernel([&bench, samples, next](LocalKernel *kernel, qint64 readyNs) {
            samples->push_back(ms(readyNs));
            bench.stopKernel(kernel, [next] { (*next)(); });
        });
    };
    (*next)();
}

// ---------------------------------------------------------------- flood (NotebookRunner)

NotebookDocument *oneCellDocument(QObject *parent, const std::string &source)
{
    Notebook notebook;
    Cell cell(CellType::Code);
    cell.setSource(source);
    notebook.cells().push_back(std::move(cell));
    return new NotebookDocument(std::move(notebook), parent);
}

void runFlood(Bench &bench, const QString &kind)
{
    const std::string source = kind == QLatin1String("lines")   ? kFloodLines
                               : kind == QLatin1String("chunks") ? kFloodChunks
                                                                 : kFloodBytes;
    NotebookDocument *document = oneCellDocument(&bench, source);
    bench.startKernel([&bench, document, kind](LocalKernel *kernel, qint64 readyNs) {
        auto *runner = new NotebookRunner(document, kernel, &bench);
        runner->setOutputLimits(OutputLimits {}); // the defaults, as `cumulus run`
        // What the kernel sent: ipykernel buffers stdout for 0.2 s, so the size of its stream
        // messages depends on how fast the cell writes.
        struct Traffic
        {
            qint64 batches = 0, messages = 0, streamMessages = 0, streamBytes = 0, largestStream = 0;
        };
        auto traffic = std::make_shared<Traffic>();
        QObject::connect(kernel->client()->transport(), &KernelTransport::messagesReceived, runner,
                         [traffic](const QList<ReceivedMessage> &batch) {
                             ++traffic->batches;
                             for (const ReceivedMessage &received : batch) {
                                 ++traffic->messages;
                                 if (!received.message || received.message->msgType() != "stream")
                                     continue;
                                 const json &content = received.message->content();
                                 const auto text = content.find("text");
                                 if (text == content.end() || !text->is_string())
                                     continue;
                                 const qint64 size = qint64(text->get_ref<const std::string &>().size());
                                 ++traffic->streamMessages;
                                 traffic->streamBytes += size;
                                 traffic->largestStream = std::max(traffic->largestStream, size);
                             }
                         });
        const long rssBefore = currentRssKb();
        const long peakBefore = peakRssKb();
        const qint64 cpu0 = processCpuNs();
        const qint64 t0 = nowNs();
        QObject::connect(runner, &NotebookRunner::finished, &bench,
                         [&bench, document, kernel, kind, readyNs, rssBefore, peakBefore, cpu0, t0,
                          traffic](bool ok, const QString &error) {
                             const qint64 elapsed = nowNs() - t0;
                             const qint64 cpu = processCpuNs() - cpu0;
                             json &out = bench.result();
                             out["mode"] = "flood";
                             out["kind"] = kind.toStdString();
                             out["source"] = document->cell(0).source();
                             out["ok"] = ok;
                             if (!ok)
                                 out["error"] = error.toStdString();
                             out["ready_ms"] = ms(readyNs);
                             out["time_s"] = double(elapsed) / 1e9;
                             out["process_cpu_s"] = double(cpu) / 1e9;
                             out["rss_before_kb"] = rssBefore;
                             out["peak_rss_before_kb"] = peakBefore;
                             out["peak_rss_kb"] = peakRssKb();
                             const Cell &cell = document->cell(0);
                             out["outputs"] = cell.outputs().size();
                             qint64 textBytes = 0;
                             for (const Output &output : cell.outputs())
                                 if (output.type() == OutputType::Stream)
                                     textBytes += qint64(output.text().size());
                             out["kept_text_bytes"] = textBytes;
                             const json &metadata = cell.metadata();
                             if (metadata.contains("cumulus"))
                                 out["truncated"] = metadata["cumulus"].value("truncated", json());
                             // The traffic counter sees the last batch after KernelClient has
                             // finished the request with it: read it once this turn is over.
                             QTimer::singleShot(0, &bench, [&bench, kernel, traffic] {
                                 bench.result()["traffic"] = {
                                         {"batches", traffic->batches},
                                         {"messages", traffic->messages},
                                         {"stream_messages", traffic->streamMessages},
                                         {"stream_bytes", traffic->streamBytes},
                                         {"largest_stream_message", traffic->largestStream}};
                                 bench.finish(kernel);
                             });
                         });
        runner->runAll();
    });
}

// ---------------------------------------------------------------- stall

/**
 * A 1 ms heartbeat on the main thread. The longest wall-clock gap between two ticks is the
 * longest time the event loop did not run (a GUI would not repaint meanwhile); on a loaded
 * machine that includes time the thread merely waited for a CPU, so the main thread's own
 * CPU time between two ticks ("busy") is recorded too: it is the work one event-loop turn did.
 */
class Heartbeat : public QObject
{
public:
    explicit Heartbeat(QObject *parent) : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_last = nowNs();
        m_lastCpu = threadCpuNs();
        m_maxGap = m_maxBusy = 0;
        m_maxGapEnd = m_last;
        m_markAt = 0;
        m_gapAtMark = m_busyAtMark = -1;
        m_ticks = 0;
        m_timer.start();
    }
    /// Something to watch happened now, on the main thread: the gap that contains this
    /// moment (ended by the next tick) is reported as gapAtMark().
    void mark() { m_markAt = nowNs(); }
    void stop()
    {
        m_timer.stop();
        tick();
    }
    qint64 maxGap() const { return m_maxGap; }
    qint64 maxGapEnd() const { return m_maxGapEnd; }
    qint64 maxBusy() const { return m_maxBusy; }
    qint64 gapAtMark() const { return m_gapAtMark; }
    qint64 busyAtMark() const { return m_busyAtMark; }
    qint64 markedAt() const { return m_markAt; }
    qint64 ticks() const { return m_ticks; }

private:
    void tick()
    {
        const qint64 now = nowNs();
        const qint64 cpu = threadCpuNs();
        const qint64 gap = now - m_last;
        const qint64 busy = cpu - m_lastCpu;
        if (gap > m_maxGap) {
            m_maxGap = gap;
            m_maxGapEnd = now;
        }
        m_maxBusy = std::max(m_maxBusy, busy);
        if (m_markAt && m_gapAtMark < 0) {
            m_gapAtMark = gap;
            m_busyAtMark = busy;
        }
        m_last = now;
        m_lastCpu = cpu;
        ++m_ticks;
    }

    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
    qint64 m_maxGap = 0;
    qint64 m_maxGapEnd = 0;
    qint64 m_maxBusy = 0;
    qint64 m_markAt = 0;
    qint64 m_gapAtMark = -1;
    qint64 m_busyAtMark = -1;
    qint64 m_ticks = 0;
};

void runStall(Bench &bench, const QString &via, qint64 size, int reps)
{
    const std::string source = stallCell(size);
    NotebookDocument *document = oneCellDocument(&bench, source);
    auto *heartbeat = new Heartbeat(&bench);
    auto *context = new QObject(&bench);
    bench.startKernel([&bench, document, heartbeat, context, via, size, reps, source](
                              LocalKernel *kernel, qint64) {
        auto runs = std::make_shared<json>(json::array());
        auto received = std::make_shared<qint64>(0);
        // The big message reaches the main thread: marked once the batch carrying it has been
        // handled (KernelClient connected first, so the callback or the collector has run).
        QObject::connect(kernel->client()->transport(), &KernelTransport::messagesReceived, context,
                         [heartbeat, received](const QList<ReceivedMessage> &batch) {
                             for (const ReceivedMessage &m : batch) {
                                 if (m.message && m.message->msgType() == "display_data") {
                                     *received = textSize(m.message->content(), "data");
                                     heartbeat->mark();
                                 }
                             }
                         });
        auto *runner = via == QLatin1String("runner") ? new NotebookRunner(document, kernel, &bench)
                                                      : nullptr;
        auto next = std::make_shared<std::function<void()>>();
        *next = [&bench, kernel, heartbeat, context, runner, size, reps, source, runs, received,
                 next] {
            if (int(runs->size()) == reps) {
                json &out = bench.result();
                out["mode"] = "stall";
                out["via"] = runner ? "runner" : "client";
                out["size"] = size;
                out["runs"] = *runs;
                double worst = 0, busiest = 0;
                for (const json &run : *runs) {
                    worst = std::max(worst, run["max_gap_ms"].get<double>());
                    busiest = std::max(busiest, run["max_busy_ms"].get<double>());
                }
                out["max_gap_ms"] = worst;
                out["max_busy_ms"] = busiest;
                out["peak_rss_kb"] = peakRssKb();
                bench.finish(kernel);
                return;
            }
            // A quiet baseline first: the same heartbeat with nothing happening, 300 ms.
            heartbeat->start();
            QTimer::singleShot(300, context, [&bench, kernel, heartbeat, context, runner, source,
                                              runs, received, next] {
                heartbeat->stop();
                const qint64 baseline = heartbeat->maxGap();
                const qint64 baselineBusy = heartbeat->maxBusy();
                *received = 0;
                heartbeat->start();
                const qint64 t0 = nowNs();
                const auto done = [&bench, heartbeat, baseline, baselineBusy, t0, received, runs,
                                   next](bool ok, const QString &error) {
                    const qint64 elapsed = nowNs() - t0;
                    // The rest of this event-loop turn (the batch's other receivers) counts too.
                    QTimer::singleShot(0, heartbeat, [=, &bench] {
                        heartbeat->stop();
                        if (!ok) {
                            bench.fail(QStringLiteral("the stall cell failed: ") + error);
                            return;
                        }
                        const qint64 marked = heartbeat->markedAt();
                        runs->push_back({{"max_gap_ms", ms(heartbeat->maxGap())},
                                         {"max_gap_end_ms", ms(heartbeat->maxGapEnd() - t0)},
                                         {"max_busy_ms", ms(heartbeat->maxBusy())},
                                         {"baseline_max_gap_ms", ms(baseline)},
                                         {"baseline_max_busy_ms", ms(baselineBusy)},
                                         {"message_delivered_ms", marked ? json(ms(marked - t0)) : json()},
                                         {"gap_at_delivery_ms", ms(heartbeat->gapAtMark())},
                                         {"busy_at_delivery_ms", ms(heartbeat->busyAtMark())},
                                         {"ticks", heartbeat->ticks()},
                                         {"time_to_idle_ms", ms(elapsed)},
                                         {"text_bytes_received", *received}});
                        (*next)();
                    });
                };
                if (runner) {
                    QObject::connect(runner, &NotebookRunner::finished, context,
                                     [done](bool ok, const QString &error) { done(ok, error); },
                                     Qt::SingleShotConnection);
                    runner->runAll();
                    return;
                }
                ExecuteCallbacks callbacks;
                callbacks.finished = [done](const ExecuteResult &result) {
                    done(result.status == ExecuteResult::Status::Ok,
                         result.failureReason.isEmpty() ? QString::fromStdString(result.reply.dump())
                                                        : result.failureReason);
                };
                kernel->client()->execute(source, ExecuteOptions {}, context, std::move(callbacks));
            });
        };
        (*next)();
    });
}

// ---------------------------------------------------------------- decode (no kernel)

/**
 * The client's memory floor for one huge stream message, without a kernel: builds the
 * frames of a signed stream message of @p size text bytes (lines of 100 bytes), then runs the
 * two steps its text goes through on the way to a document, WireCodec::decode() (the I/O
 * thread) and StreamText::append() with default OutputLimits (the collector, main thread),
 * and reports the peak RSS after each. Nothing else allocates that much here, so each peak
 * is that step's (the frames stay held, as the ZeroMQ frames are during a real decode).
 */
json runDecode(qint64 size)
{
    const WireCodec codec(QByteArrayLiteral("kernelbench-key-0123456789abcdef"));
    const std::string header = R"({"msg_id":"1","msg_type":"stream","session":"s","username":"u",)"
                               R"("date":"2026-01-01T00:00:00.000000Z","version":"5.3"})";
    const std::string empty = "{}";
    std::string content;
    const qint64 lines = size / 100;
    content.reserve(size_t(lines) * 101 + 64);
    content += R"({"name":"stdout","text":")";
    const std::string line = std::string(99, 'x') + "\\n";
    for (qint64 i = 0; i < lines; ++i)
        content += line;
    content += "\"}";
    const std::string signature = codec.signature(header, empty, empty, content);
    const std::vector<std::string_view> frames = {WireCodec::kDelimiter, signature, header, empty,
                                                  empty, content};
    json out;
    out["mode"] = "decode";
    out["text_bytes"] = lines * 100;
    out["frame_bytes"] = content.size();
    out["rss_frames_kb"] = currentRssKb();
    out["peak_rss_frames_kb"] = peakRssKb();

    qint64 t0 = nowNs();
    qint64 c0 = threadCpuNs();
    Result<MessagePtr> decoded = codec.decode(std::span<const std::string_view>(frames));
    out["decode_ms"] = ms(nowNs() - t0);
    out["decode_cpu_ms"] = ms(threadCpuNs() - c0);
    out["peak_rss_decode_kb"] = peakRssKb();
    out["rss_after_decode_kb"] = currentRssKb();
    if (!decoded) {
        out["error"] = decoded.error().message.toStdString();
        return out;
    }
    const json &text = (*decoded)->content()["text"];
    out["decoded_text_bytes"] = text.get_ref<const std::string &>().size();

    StreamText stream; // default OutputLimits
    t0 = nowNs();
    c0 = threadCpuNs();
    stream.append(text.get_ref<const std::string &>());
    out["append_ms"] = ms(nowNs() - t0);
    out["append_cpu_ms"] = ms(threadCpuNs() - c0);
    out["kept_bytes"] = stream.size();
    out["peak_rss_append_kb"] = peakRssKb();
    out["peak_rss_kb"] = peakRssKb();
    return out;
}

int usage()
{
    std::fputs("usage: cumulus-kernelbench latency N [--warmup W]\n"
               "       cumulus-kernelbench ready R\n"
               "       cumulus-kernelbench flood lines|bytes|chunks\n"
               "       cumulus-kernelbench stall [--via client|runner] [--size BYTES] [--reps K]\n"
               "       cumulus-kernelbench decode BYTES   (no kernel: one stream message's peak RSS)\n"
               "options: --kernel NAME (default python3), --timeout SECONDS (default 120)\n",
               stderr);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);

    // Options anywhere; positionals in order.
    QString kernelName = QStringLiteral("python3");
    int timeoutSeconds = 120;
    int warmup = 20;
    int reps = 3;
    qint64 size = 57'000'000;
    QString via = QStringLiteral("client");
    QStringList positional;
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        const auto value = [&]() -> QString { return i + 1 < args.size() ? args[++i] : QString(); };
        bool ok = true;
        if (arg == QLatin1String("--kernel"))
            kernelName = value();
        else if (arg == QLatin1String("--timeout"))
            timeoutSeconds = value().toInt(&ok);
        else if (arg == QLatin1String("--warmup"))
            warmup = value().toInt(&ok);
        else if (arg == QLatin1String("--reps"))
            reps = value().toInt(&ok);
        else if (arg == QLatin1String("--size"))
            size = value().toLongLong(&ok);
        else if (arg == QLatin1String("--via"))
            via = value();
        else if (arg.startsWith(QLatin1String("--")))
            return usage();
        else
            positional << arg;
        if (!ok)
            return usage();
    }
    if (positional.isEmpty())
        return usage();
    const QString mode = positional[0];
    const int count = positional.value(1).toInt();
    if ((mode == QLatin1String("latency") || mode == QLatin1String("ready")) && count <= 0)
        return usage();
    if (mode == QLatin1String("flood") && positional.value(1) != QLatin1String("lines")
        && positional.value(1) != QLatin1String("bytes") && positional.value(1) != QLatin1String("chunks"))
        return usage();
    if (mode == QLatin1String("stall") && via != QLatin1String("client") && via != QLatin1String("runner"))
        return usage();
    if (mode == QLatin1String("decode")) {
        const qint64 bytes = positional.value(1).toLongLong();
        if (bytes <= 0)
            return usage();
        const json result = runDecode(bytes);
        std::puts(result.dump().c_str());
        return result.contains("error") ? 1 : 0;
    }
    if (mode != QLatin1String("latency") && mode != QLatin1String("ready")
        && mode != QLatin1String("flood") && mode != QLatin1String("stall"))
        return usage();

    auto spec = findKernelSpec(kernelName);
    if (!spec) {
        say(spec.error().toString());
        return 1;
    }

    int exitCode = 0;
    json result;
    {
        Bench bench(*spec, timeoutSeconds);

        // SIGINT/SIGTERM end the event loop, so that the kernels are killed on the way out.
        std::unique_ptr<QSocketNotifier> notifier;
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
            notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
            QObject::connect(notifier.get(), &QSocketNotifier::activated, &bench, [&bench] {
                char byte;
                [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
                bench.fail(QStringLiteral("interrupted"));
            });
            std::signal(SIGINT, onSignal);
            std::signal(SIGTERM, onSignal);
        }

        if (mode == QLatin1String("latency"))
            runLatency(bench, count, warmup);
        else if (mode == QLatin1String("ready"))
            runReady(bench, count);
        else if (mode == QLatin1String("flood"))
            runFlood(bench, positional[1]);
        else
            runStall(bench, via, size, reps);

        exitCode = app.exec();
        result = bench.result();
        exitCode = std::max(exitCode, bench.exitCode());
    } // ~Bench: kernels still running are killed here
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    std::puts(result.dump().c_str());
    std::fflush(stdout);
    return exitCode;
}
