// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus-guibench: the notebook-window benchmark (bench/bench_gui.py runs it; see
// bench/README.md). A QApplication that shows one cumulus::NotebookView as its only window,
// under whatever platform plugin the environment picks (bench_gui.py sets
// QT_QPA_PLATFORM=offscreen; xvfb-run with xcb works too). Not a test: nothing runs it but the
// bench-gui target or a person.
//
//   cumulus-guibench first-paint NOTEBOOK   nbformat::readFile + setDocument + show, until the
//                                           view has finished painting its first screen
//   cumulus-guibench scroll NOTEBOOK        the same, then the whole notebook scrolled top to
//                                           bottom in fixed steps, one repaint per step
//   cumulus-guibench flood                  a python3 ipykernel prints 1,000,000 lines into a
//                                           cell shown in the view (NotebookRunner); time to
//                                           idle and the longest event-loop stall
// Options: --size WxH (window, default 1200x900), --timeout SECONDS (default 300),
// --notches N (scroll: wheel notches per frame, default 3), --wheel (scroll: deliver
// QWheelEvents instead of setting the scroll bar), --max-frames N (scroll: stop after N),
// --kernel NAME (flood, default python3), --lines N (flood, default 1000000).
//
// Prints one JSON object on stdout. Times are CLOCK_MONOTONIC: "*_mono_ns" fields are
// absolute, so that the caller can measure from the moment it spawned this process (the
// same clock as Python's time.monotonic_ns()). "*_ms" fields count from main()'s first line.
// The flood's kernel pid is written to stderr as "KERNEL_PID <pid>" as soon as it runs.

#include "benchsupport.h"
#include "jupyter/kernelmanager.h"
#include "jupyter/kernelspec.h"
#include "jupyter/localkernel.h"
#include "jupyter/notebookrunner.h"
#include "nbformat/nbformat.h"
#include "notebook/cell.h"
#include "notebook/notebook.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include <nlohmann/json.hpp>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPaintEvent>
#include <QPointer>
#include <QScrollBar>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
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

/// CLOCK_MONOTONIC, the clock of Python's time.monotonic_ns() (the caller's stamps).
qint64 monoNs() { return clockNs(CLOCK_MONOTONIC); }

qint64 g_mainNs = 0; ///< main()'s first line

double ms(qint64 ns) { return double(ns) / 1e6; }
double sinceMainMs(qint64 monoStamp) { return ms(monoStamp - g_mainNs); }

/// How long this process has existed, from /proc/self/stat's starttime (clock ticks since
/// boot, so 10 ms resolution at CLK_TCK=100) and CLOCK_BOOTTIME; -1 when unreadable.
double sinceProcessStartMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Field 22 (starttime); fields after the ")" that ends comm start at field 3.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const long ticks = ::sysconf(_SC_CLK_TCK);
    if (fields.size() <= 19 || ticks <= 0)
        return -1;
    const qint64 startNs = fields[19].toLongLong() * (1'000'000'000 / ticks);
    return ms(clockNs(CLOCK_BOOTTIME) - startNs);
}

void say(const QString &text)
{
    std::fprintf(stderr, "guibench: %s\n", qPrintable(text));
    std::fflush(stderr);
}

/// Nearest-rank percentile (p in 0..100) of @p sorted, which is not empty.
double percentile(const std::vector<double> &sorted, double p)
{
    const size_t n = sorted.size();
    size_t rank = size_t(std::max(1.0, std::ceil(double(n) * p / 100.0)));
    return sorted[std::min(rank, n) - 1];
}

// ---------------------------------------------------------------- the view

/**
 * The NotebookView with its paints timed. Overriding paintEvent() (rather than watching
 * QEvent::Paint with an event filter on the viewport, which sees the event before the view
 * has drawn anything) stamps the moment the view has finished drawing.
 */
class TimedView : public NotebookView
{
public:
    using NotebookView::NotebookView;

    std::function<void(qint64 start, qint64 end)> onPainted;
    qint64 paints = 0;
    qint64 paintNs = 0;
    qint64 longestPaintNs = 0;

    void resetCounters() { paints = paintNs = longestPaintNs = 0; }

protected:
    void paintEvent(QPaintEvent *event) override
    {
        const qint64 start = monoNs();
        NotebookView::paintEvent(event);
        const qint64 end = monoNs();
        ++paints;
        paintNs += end - start;
        longestPaintNs = std::max(longestPaintNs, end - start);
        if (onPainted) {
            const auto callback = onPainted; // it may reset onPainted
            callback(start, end);
        }
    }
};

// ---------------------------------------------------------------- the run

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

struct Options
{
    QString mode;
    QString notebook;
    QSize size {1200, 900};
    int timeoutSeconds = 300;
    int notches = 3;
    bool wheel = false;
    qint64 maxFrames = 0;
    QString kernel = QStringLiteral("python3");
    qint64 lines = 1'000'000;
};

/// The result and the way out: fail() records an error and ends the event loop.
class Bench : public QObject
{
public:
    explicit Bench(int timeoutSeconds)
    {
        auto *watchdog = new QTimer(this);
        watchdog->setSingleShot(true);
        connect(watchdog, &QTimer::timeout, this, [this, timeoutSeconds] {
            fail(QStringLiteral("timed out after %1 s").arg(timeoutSeconds));
        });
        watchdog->start(std::chrono::seconds(timeoutSeconds));
    }

    json result = json::object();
    int exitCode = 0;

    void fail(const QString &reason)
    {
        say(reason);
        if (!result.contains("error"))
            result["error"] = reason.toStdString();
        exitCode = 1;
        quit();
    }
    void quit()
    {
        QMetaObject::invokeMethod(this, [] { QCoreApplication::exit(0); }, Qt::QueuedConnection);
    }
};

// ---------------------------------------------------------------- first paint and scroll

/// Opens @p options.notebook in @p view as the app opens a file, and calls @p firstPainted
/// once the view has finished painting its first screen. Returns false on a read error.
bool openNotebook(Bench &bench, TimedView &view, const Options &options,
                  std::unique_ptr<NotebookDocument> &document, std::function<void()> firstPainted)
{
    json &out = bench.result;
    const QFileInfo info(options.notebook);
    out["notebook"] = info.fileName().toStdString();
    out["file_bytes"] = info.size();

    const qint64 read0 = monoNs();
    auto read = nbformat::readFile(options.notebook);
    const qint64 read1 = monoNs();
    if (!read) {
        bench.fail(read.error().toString());
        return false;
    }
    out["cells"] = read->notebook.cells().size();
    out["read_ms"] = ms(read1 - read0);
    out["read_done_ms"] = sinceMainMs(read1);
    document = std::make_unique<NotebookDocument>(std::move(read->notebook));
    document->setFilePath(options.notebook);

    const qint64 set0 = monoNs();
    view.resize(options.size);
    view.setDocument(document.get());
    const qint64 set1 = monoNs();
    out["set_document_ms"] = ms(set1 - set0);

    view.onPainted = [&bench, &view, firstPainted](qint64 start, qint64 end) {
        view.onPainted = nullptr;
        json &o = bench.result;
        o["first_paint_start_ms"] = sinceMainMs(start);
        o["first_paint_ms"] = sinceMainMs(end);
        o["first_paint_mono_ns"] = end;
        o["first_paint_duration_ms"] = ms(end - start);
        o["first_paint_since_process_start_ms"] = sinceProcessStartMs();
        o["first_paint_peak_rss_kb"] = peakRssKb();
        o["first_paint_rss_kb"] = currentRssKb();
        o["first_paint_rendered_cells"] = view.renderedCellCount();
        o["first_paint_viewport"] = {view.viewport()->width(), view.viewport()->height()};
        firstPainted();
    };
    const qint64 show0 = monoNs();
    view.show();
    out["show_ms"] = ms(monoNs() - show0);
    return true;
}

void runFirstPaint(Bench &bench, TimedView &view, const Options &options,
                   std::unique_ptr<NotebookDocument> &document)
{
    openNotebook(bench, view, options, document, [&bench, &view] {
        // Let the deferred work the paint queued (releasing far layouts) run, then stop.
        QTimer::singleShot(0, &bench, [&bench, &view] {
            bench.result["mode"] = "first-paint";
            bench.result["paints"] = view.paints;
            bench.result["peak_rss_kb"] = peakRssKb();
            bench.result["exit_ms"] = sinceMainMs(monoNs());
            bench.quit();
        });
    });
}

void scrollAll(Bench &bench, TimedView &view, const Options &options)
{
    QScrollBar *bar = view.verticalScrollBar();
    const int singleStep = bar->singleStep();
    const int step = options.notches * singleStep;
    std::vector<double> frames; // ms: scroll + full repaint + the event work that follows
    std::vector<double> paints; // ms: scroll + full repaint alone
    frames.reserve(16384);
    paints.reserve(16384);
    const long rssStart = currentRssKb();
    const int maximumStart = bar->maximum();
    int maxRendered = view.renderedCellCount();
    int maxWidgets = view.cellWidgetCount();
    int stuck = 0;
    qint64 pixels = 0;
    const qint64 t0 = monoNs();
    view.resetCounters();
    while (options.maxFrames <= 0 || qint64(frames.size()) < options.maxFrames) {
        const int before = bar->value();
        if (before >= bar->maximum())
            break;
        const qint64 f0 = monoNs();
        if (options.wheel) {
            const QPointF pos(view.viewport()->width() / 2.0, view.viewport()->height() / 2.0);
            QWheelEvent wheel(pos, view.viewport()->mapToGlobal(pos), QPoint(),
                              QPoint(0, -120 * options.notches), Qt::NoButton, Qt::NoModifier,
                              Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(view.viewport(), &wheel);
        } else {
            bar->setValue(before + step);
        }
        view.viewport()->repaint();
        const qint64 f1 = monoNs();
        // What the frame left for the event loop (deferred layout release, timers); the next
        // frame could not start before it is done.
        QCoreApplication::processEvents();
        const qint64 f2 = monoNs();
        paints.push_back(ms(f1 - f0));
        frames.push_back(ms(f2 - f0));
        pixels += bar->value() - before;
        maxRendered = std::max(maxRendered, view.renderedCellCount());
        maxWidgets = std::max(maxWidgets, view.cellWidgetCount());
        if (bar->value() == before && ++stuck > 3) {
            bench.fail(QStringLiteral("the view does not scroll past %1 of %2").arg(before).arg(bar->maximum()));
            return;
        }
    }
    const qint64 t1 = monoNs();

    json &out = bench.result;
    out["mode"] = "scroll";
    out["how"] = options.wheel ? "QWheelEvent to the viewport, then viewport()->repaint()"
                               : "verticalScrollBar()->setValue(+step), then viewport()->repaint()";
    out["notches"] = options.notches;
    out["single_step_px"] = singleStep;
    out["step_px"] = options.wheel ? 0 : step;
    out["frames"] = frames.size();
    out["scrolled_px"] = pixels;
    out["scroll_range_start_px"] = maximumStart;
    out["scroll_range_end_px"] = bar->maximum();
    out["reached_end"] = bar->value() >= bar->maximum();
    out["total_s"] = double(t1 - t0) / 1e9;
    out["paint_events"] = view.paints;
    out["paint_ms_total"] = ms(view.paintNs);
    out["longest_paint_event_ms"] = ms(view.longestPaintNs);
    if (!frames.empty()) {
        const auto summary = [](std::vector<double> values) {
            std::sort(values.begin(), values.end());
            double sum = 0;
            for (double v : values)
                sum += v;
            int slow = 0;
            for (double v : values)
                slow += v > 1000.0 / 60 ? 1 : 0;
            return json {{"p50", percentile(values, 50)}, {"p95", percentile(values, 95)},
                         {"p99", percentile(values, 99)}, {"max", values.back()},
                         {"mean", sum / double(values.size())}, {"over_16_7ms", slow}};
        };
        out["frame_ms"] = summary(frames);
        out["repaint_ms"] = summary(paints);
    }
    out["rss_start_kb"] = rssStart;
    out["rss_end_kb"] = currentRssKb();
    out["peak_rss_kb"] = peakRssKb();
    out["rendered_cells_end"] = view.renderedCellCount();
    out["rendered_cells_max"] = maxRendered;
    out["cell_widgets_max"] = maxWidgets;
    bench.quit();
}

void runScroll(Bench &bench, TimedView &view, const Options &options,
               std::unique_ptr<NotebookDocument> &document)
{
    openNotebook(bench, view, options, document, [&bench, &view, options] {
        // Start once the event loop has settled after the first screen.
        QTimer::singleShot(50, &bench, [&bench, &view, options] { scrollAll(bench, view, options); });
    });
}

// ---------------------------------------------------------------- flood

/// A 1 ms timer on the GUI thread: the longest wall-clock gap between two ticks is the longest
/// time the event loop did not run. On a busy machine that includes time the thread only
/// waited for a CPU, so the thread's own CPU time between two ticks ("busy") is kept too.
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
        m_last = monoNs();
        m_lastCpu = threadCpuNs();
        maxGap = maxBusy = ticks = 0;
        maxGapEnd = m_last;
        m_timer.start();
    }
    void stop()
    {
        tick();
        m_timer.stop();
    }

    qint64 maxGap = 0, maxGapEnd = 0, maxBusy = 0, ticks = 0;
    std::vector<qint64> gaps; ///< every gap over 16.7 ms, ns

private:
    void tick()
    {
        const qint64 now = monoNs();
        const qint64 cpu = threadCpuNs();
        const qint64 gap = now - m_last;
        if (gap > maxGap) {
            maxGap = gap;
            maxGapEnd = now;
        }
        if (gap > 16'700'000)
            gaps.push_back(gap);
        maxBusy = std::max(maxBusy, cpu - m_lastCpu);
        m_last = now;
        m_lastCpu = cpu;
        ++ticks;
    }

    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_lastCpu = 0;
};

/// Jupyter's directories in a temporary directory, so that the kernel's connection file and
/// any IPython profile it creates never touch the user's (the kernelspec still comes from
/// /usr/share/jupyter/kernels).
void useTemporaryJupyterDirs(const QTemporaryDir &dir)
{
    const auto set = [&dir](const char *name, const QString &sub) {
        const QString path = dir.filePath(sub);
        QDir().mkpath(path);
        qputenv(name, QFile::encodeName(path));
    };
    set("JUPYTER_RUNTIME_DIR", QStringLiteral("runtime"));
    set("JUPYTER_DATA_DIR", QStringLiteral("data"));
    set("JUPYTER_CONFIG_DIR", QStringLiteral("config"));
    set("IPYTHONDIR", QStringLiteral("ipython"));
    set("MPLCONFIGDIR", QStringLiteral("matplotlib"));
}

void runFlood(Bench &bench, TimedView &view, const Options &options,
              std::unique_ptr<NotebookDocument> &document, const KernelSpec &spec)
{
    Notebook notebook;
    Cell intro(CellType::Markdown);
    intro.setSource("# Flood\n\nOne cell printing many lines; the view shows it as it runs.");
    notebook.cells().push_back(std::move(intro));
    Cell cell(CellType::Code);
    const std::string source =
            "for i in range(" + std::to_string(options.lines) + "):\n    print(i)\n";
    cell.setSource(source);
    notebook.cells().push_back(std::move(cell));
    document = std::make_unique<NotebookDocument>(std::move(notebook));
    view.resize(options.size);
    view.setDocument(document.get());
    view.setCurrentCell(1);
    view.show();

    auto *heartbeat = new Heartbeat(&bench);
    auto *kernel = new LocalKernel(spec, &bench);
    const qint64 start0 = monoNs();
    QObject::connect(kernel->manager(), &KernelManager::started, &bench, [kernel] {
        std::fprintf(stderr, "KERNEL_PID %lld\n", (long long)kernel->manager()->processId());
        std::fflush(stderr);
    });
    QObject::connect(kernel, &Kernel::died, &bench, [&bench](const QString &reason) {
        bench.fail(QStringLiteral("kernel died: ") + reason);
    });
    QObject::connect(
            kernel, &Kernel::ready, &bench,
            [&bench, &view, &document, heartbeat, kernel, start0, source] {
                json &out = bench.result;
                out["mode"] = "flood";
                out["source"] = source;
                out["kernel_ready_ms"] = ms(monoNs() - start0);
                auto *runner = new NotebookRunner(document.get(), kernel, &bench);
                // The window's runner: default OutputLimits, as app/notebookeditor.cpp.
                QObject::connect(runner, &NotebookRunner::cellStarted, &view,
                                 [&view](int index, int, int) { view.setCellRunState(index, NotebookView::RunState::Running); });
                QObject::connect(runner, &NotebookRunner::cellFinished, &view,
                                 [&view](int index, const ExecuteResult &, qint64) {
                                     view.setCellRunState(index, NotebookView::RunState::None);
                                 });
                const long rssBefore = currentRssKb();
                QObject::connect(
                        runner, &NotebookRunner::finished, &bench,
                        [&bench, &view, &document, heartbeat, kernel, rssBefore](bool ok, const QString &error) {
                            const qint64 idle = monoNs();
                            json &o = bench.result;
                            o["ok"] = ok;
                            if (!ok)
                                o["error"] = error.toStdString();
                            o["time_to_idle_s"] = double(idle - o["run_mono_ns"].get<qint64>()) / 1e9;
                            o["max_gap_to_idle_ms"] = ms(heartbeat->maxGap);
                            o["max_busy_to_idle_ms"] = ms(heartbeat->maxBusy);
                            o["paints_to_idle"] = view.paints;
                            // Keep watching while the view catches up with the last output
                            // (its coalescing timer) and the kernel goes quiet.
                            QTimer::singleShot(500, &bench, [&bench, &view, &document, heartbeat, kernel,
                                                             rssBefore] {
                                heartbeat->stop();
                                json &r = bench.result;
                                const qint64 run0 = r["run_mono_ns"].get<qint64>();
                                r["max_gap_ms"] = ms(heartbeat->maxGap);
                                r["max_gap_at_s"] = double(heartbeat->maxGapEnd - run0) / 1e9;
                                r["max_busy_ms"] = ms(heartbeat->maxBusy);
                                r["gaps_over_16_7ms"] = heartbeat->gaps.size();
                                r["ticks"] = heartbeat->ticks;
                                r["paints"] = view.paints;
                                r["paint_ms_total"] = ms(view.paintNs);
                                r["longest_paint_event_ms"] = ms(view.longestPaintNs);
                                r["rss_before_kb"] = rssBefore;
                                r["rss_end_kb"] = currentRssKb();
                                r["peak_rss_kb"] = peakRssKb();
                                const Cell &c = document->cell(1);
                                r["outputs"] = c.outputs().size();
                                qint64 textBytes = 0;
                                for (const Output &output : c.outputs())
                                    if (output.type() == OutputType::Stream)
                                        textBytes += qint64(output.text().size());
                                r["kept_text_bytes"] = textBytes;
                                if (c.metadata().contains("cumulus"))
                                    r["truncated"] = c.metadata()["cumulus"].value("truncated", json());
                                kernel->disconnect(&bench); // its death is no failure now
                                QObject::connect(kernel, &Kernel::stopped, &bench, [&bench] { bench.quit(); });
                                QTimer::singleShot(std::chrono::seconds(8), &bench, [&bench] { bench.quit(); });
                                kernel->shutdown();
                            });
                        });
                // Settle for a moment (the kernel's start-up traffic, the first paints), then go.
                QTimer::singleShot(200, &bench, [&bench, &view, heartbeat, runner] {
                    view.resetCounters();
                    heartbeat->start();
                    bench.result["run_mono_ns"] = monoNs();
                    runner->runAll();
                });
            },
            Qt::SingleShotConnection);
    kernel->start();
}

int usage()
{
    std::fputs("usage: cumulus-guibench first-paint|scroll NOTEBOOK [--size WxH] [--notches N]"
               " [--wheel] [--max-frames N] [--timeout S]\n"
               "       cumulus-guibench flood [--lines N] [--kernel NAME] [--timeout S]\n",
               stderr);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    g_mainNs = monoNs();
    QApplication app(argc, argv);
    const qint64 appNs = monoNs();

    Options options;
    QStringList positional;
    const QStringList args = app.arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        const auto value = [&]() -> QString { return i + 1 < args.size() ? args[++i] : QString(); };
        bool ok = true;
        if (arg == QLatin1String("--size")) {
            const QStringList wh = value().split(QLatin1Char('x'));
            bool okH = false;
            options.size = QSize(wh.value(0).toInt(&ok), wh.value(1).toInt(&okH));
            ok = ok && okH && options.size.isValid();
        } else if (arg == QLatin1String("--timeout")) {
            options.timeoutSeconds = value().toInt(&ok);
        } else if (arg == QLatin1String("--notches")) {
            options.notches = value().toInt(&ok);
            ok = ok && options.notches > 0;
        } else if (arg == QLatin1String("--wheel")) {
            options.wheel = true;
        } else if (arg == QLatin1String("--max-frames")) {
            options.maxFrames = value().toLongLong(&ok);
        } else if (arg == QLatin1String("--kernel")) {
            options.kernel = value();
        } else if (arg == QLatin1String("--lines")) {
            options.lines = value().toLongLong(&ok);
            ok = ok && options.lines > 0;
        } else if (arg.startsWith(QLatin1String("--"))) {
            return usage();
        } else {
            positional << arg;
        }
        if (!ok)
            return usage();
    }
    options.mode = positional.value(0);
    options.notebook = positional.value(1);
    const bool viewsFile = options.mode == QLatin1String("first-paint")
                           || options.mode == QLatin1String("scroll");
    if (!(viewsFile && positional.size() == 2)
        && !(options.mode == QLatin1String("flood") && positional.size() == 1))
        return usage();

    QTemporaryDir jupyterDir;
    std::optional<KernelSpec> spec;
    if (options.mode == QLatin1String("flood")) {
        if (!jupyterDir.isValid()) {
            say(QStringLiteral("cannot make a temporary directory"));
            return 1;
        }
        useTemporaryJupyterDirs(jupyterDir);
        auto found = findKernelSpec(options.kernel);
        if (!found) {
            say(found.error().toString());
            return 1;
        }
        spec = *found;
    }

    int exitCode = 0;
    json result;
    {
        Bench bench(options.timeoutSeconds);
        bench.result["platform"] = QGuiApplication::platformName().toStdString();
        bench.result["app_ms"] = sinceMainMs(appNs);
        bench.result["main_since_process_start_ms"] = sinceProcessStartMs() - ms(monoNs() - g_mainNs);
        bench.result["window"] = {options.size.width(), options.size.height()};

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

        // The document outlives the view (declared first, destroyed last).
        std::unique_ptr<NotebookDocument> document;
        TimedView view;
        view.setWindowTitle(QStringLiteral("cumulus-guibench"));
        if (options.mode == QLatin1String("first-paint"))
            runFirstPaint(bench, view, options, document);
        else if (options.mode == QLatin1String("scroll"))
            runScroll(bench, view, options, document);
        else
            runFlood(bench, view, options, document, *spec);

        exitCode = app.exec();
        view.onPainted = nullptr;
        result = bench.result;
        exitCode = std::max(exitCode, bench.exitCode);
    } // the kernel (a child of bench) is killed here if it still runs
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    std::puts(result.dump().c_str());
    std::fflush(stdout);
    return exitCode;
}
