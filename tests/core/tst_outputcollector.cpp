// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// OutputCollector: iopub messages → cell outputs as `jupyter nbconvert --to notebook --execute`
// saves them (nbclient 0.7's process_message, then nbconvert's coalesce_streams), plus the
// output limits and the coalesced model updates.
//
// Known answers for stream coalescing come from Debian's nbconvert itself, run as
//   /usr/bin/python3 -c "<kCoalesceScript>"  (JSON list of output lists on stdin)
// which applies nbconvert.preprocessors.coalesce_streams to each list.

#include "jupyter/message.h"
#include "jupyter/outputcollector.h"
#include "notebook/cell.h"
#include "notebook/notebook.h"
#include "notebook/notebookdocument.h"
#include "notebook/output.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace cumulus;
using namespace cumulus::jupyter;
using nlohmann::json;

namespace {

const std::string kExec = "exec-request-1";
const std::string kEllipsis = "\xE2\x80\xA6";

Message iopub(const std::string &type, json content, const std::string &parent = kExec,
              std::vector<QByteArray> buffers = {})
{
    static int serial = 0;
    return Message({{"msg_id", "iopub-" + std::to_string(++serial)},
                    {"msg_type", type},
                    {"session", "kernel-session"},
                    {"version", "5.3"}},
                   {{"msg_id", parent}, {"msg_type", "execute_request"}}, json::object(),
                   std::move(content), std::move(buffers));
}

Message stream(const std::string &text, const std::string &name = "stdout",
               const std::string &parent = kExec)
{
    return iopub("stream", {{"name", name}, {"text", text}}, parent);
}

/// A stdout stream message made cheaply (the million-message tests make a lot of them).
Message quickStream(std::string text)
{
    static const json header = {{"msg_id", "quick"}, {"msg_type", "stream"}};
    static const json parent = {{"msg_id", kExec}};
    json content = json::object();
    content["name"] = "stdout";
    content["text"] = std::move(text);
    return Message(header, parent, json::object(), std::move(content));
}

Message idle(const std::string &parent = kExec)
{
    return iopub("status", {{"execution_state", "idle"}}, parent);
}

Message displayData(const std::string &text, const std::string &displayId = {},
                    const std::string &type = "display_data")
{
    json content = {{"data", {{"text/plain", text}}}, {"metadata", json::object()}};
    if (!displayId.empty())
        content["transient"] = {{"display_id", displayId}};
    return iopub(type, std::move(content));
}

Notebook codeNotebook(int cells)
{
    Notebook notebook;
    for (int i = 0; i < cells; ++i) {
        Cell cell(CellType::Code);
        cell.setSource("print(" + std::to_string(i) + ")");
        cell.setId("cell" + std::to_string(i));
        notebook.cells().push_back(std::move(cell));
    }
    return notebook;
}

/// A document of code cells and a collector on it.
struct Fixture
{
    explicit Fixture(int cells = 1) : document(codeNotebook(cells)), collector(&document) {}

    json outputs(int cell = 0) const
    {
        json list = json::array();
        for (const Output &output : document.cell(cell).outputs())
            list.push_back(output.json());
        return list;
    }

    NotebookDocument document;
    OutputCollector collector;
};

using Chunk = std::pair<std::string, std::string>; // name, text
using Chunks = std::vector<Chunk>;

json streamList(std::initializer_list<Chunk> streams)
{
    json list = json::array();
    for (const auto &[name, text] : streams)
        list.push_back({{"output_type", "stream"}, {"name", name}, {"text", text}});
    return list;
}

// nbconvert's coalesce_streams over each list of outputs read from stdin.
const char kCoalesceScript[] = R"PY(
import json, sys
try:
    import nbformat
    from nbconvert.preprocessors.coalescestreams import coalesce_streams
except ImportError as error:
    print(error, file=sys.stderr)
    sys.exit(77)
results = []
for outputs in json.loads(sys.stdin.buffer.read()):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("pass")
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    nb.cells.append(cell)
    nb, _ = coalesce_streams(nb, {})
    results.append(nb.cells[0].outputs)
sys.stdout.write(json.dumps(results))
)PY";

/// Runs nbconvert on @p cases; sets @p skip when nbconvert is not there.
json nbconvertCoalesce(const json &cases, QString *skip)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral("/usr/bin/python3"),
                  {QStringLiteral("-c"), QString::fromUtf8(kCoalesceScript)});
    if (!process.waitForStarted(30000)) {
        *skip = QStringLiteral("/usr/bin/python3 is missing: no nbconvert reference");
        return nullptr;
    }
    const std::string input = cases.dump();
    process.write(input.data(), qint64(input.size()));
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished(5000);
        return nullptr;
    }
    if (process.exitCode() == 77) {
        *skip = QStringLiteral("/usr/bin/python3 cannot import nbconvert (install "
                               "python3-nbconvert): no reference for coalesce_streams");
        return nullptr;
    }
    const QByteArray out = process.readAllStandardOutput();
    if (process.exitCode() != 0) {
        qWarning("nbconvert failed: %s", process.readAllStandardError().constData());
        return nullptr;
    }
    return json::parse(out.constBegin(), out.constEnd());
}

/// Random stream chunks full of the characters the \r rule cares about, with a display_data
/// now and then (which ends a run of streams).
json randomCase(QRandomGenerator &random)
{
    static const char *const pieces[] = {"a", "bc", "\r", "\n", "\r\n", "\b", "\xC3\xA9",
                                         "\xF0\x9F\x99\x82", "42%", "\r\r", " "};
    json outputs = json::array();
    const int count = 1 + int(random.bounded(12));
    for (int i = 0; i < count; ++i) {
        if (random.bounded(10) == 0) {
            outputs.push_back({{"output_type", "display_data"},
                               {"data", {{"text/plain", "x"}}},
                               {"metadata", json::object()}});
            continue;
        }
        std::string text;
        const int n = int(random.bounded(7));
        for (int k = 0; k < n; ++k)
            text += pieces[random.bounded(int(std::size(pieces)))];
        outputs.push_back({{"output_type", "stream"},
                           {"name", random.bounded(4) == 0 ? "stderr" : "stdout"},
                           {"text", text}});
    }
    return outputs;
}

/// Feeds @p outputs (stream/display_data output objects) as iopub messages to a fresh cell
/// and returns the cell's outputs after the execution finished. With @p flushInterval 0 the
/// document is updated after every message (the incremental path), otherwise only at the end.
json collect(const json &outputs, int flushInterval)
{
    Fixture f;
    f.collector.setFlushInterval(flushInterval);
    f.collector.beginExecution(0, kExec);
    for (const json &output : outputs) {
        if (output["output_type"] == "stream")
            f.collector.handleMessage(stream(output["text"], output["name"]));
        else
            f.collector.handleMessage(
                iopub("display_data", {{"data", output["data"]}, {"metadata", output["metadata"]}}));
    }
    f.collector.handleMessage(idle());
    return f.outputs();
}

/// The cell's metadata.cumulus.truncated, null when absent.
json truncationRecord(const Cell &cell)
{
    const json &metadata = cell.metadata();
    const auto cumulus = metadata.find("cumulus");
    if (cumulus == metadata.end() || !cumulus->is_object())
        return nullptr;
    return cumulus->value("truncated", json());
}

int countLines(const std::string &text)
{
    return int(std::count(text.begin(), text.end(), '\n')) + (text.empty() || text.back() == '\n' ? 0 : 1);
}

} // namespace

Q_DECLARE_METATYPE(Chunks)
Q_DECLARE_METATYPE(json)

class TestOutputCollector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streams_data();
    void streams();
    void nbconvertKnownAnswer_data();
    void nbconvertKnownAnswer();
    void clearOutput_data();
    void clearOutput();
    void displayIds();
    void displayIdFollowsCellMoves();
    void executeResultAndCount();
    void error();
    void ignoredMessages_data();
    void ignoredMessages();
    void limits_data();
    void limits();
    void limitsKeepHeadAndTail_data();
    void limitsKeepHeadAndTail();
    void truncationRecordInMetadata();
    void coalescedUpdates();
    void finishedCellIsFlushed();
    void runningCellEdited();
    void widgetState();
    void outputWidgetCapture();
};

void TestOutputCollector::streams_data()
{
    QTest::addColumn<Chunks>("chunks");
    QTest::addColumn<json>("expected");

    QTest::newRow("stream merge") << Chunks{{"stdout", "a"}, {"stdout", "b\n"}, {"stdout", "c"}}
                                  << streamList({{"stdout", "ab\nc"}});
    QTest::newRow("stdout/stderr interleaving")
        << Chunks{{"stdout", "1\n"}, {"stderr", "e\n"}, {"stdout", "2\n"}, {"stdout", "3\n"}, {"stderr", "f"}}
        << streamList({{"stdout", "1\n"}, {"stderr", "e\n"}, {"stdout", "2\n3\n"}, {"stderr", "f"}});
    QTest::newRow("\\r progress bar")
        << Chunks{{"stdout", "0%"}, {"stdout", "\r50%"}, {"stdout", "\r100%"}, {"stdout", "\n"}, {"stdout", "done\n"}}
        << streamList({{"stdout", "100%\ndone\n"}});
    QTest::newRow("\\r progress bar, \\r last")
        << Chunks{{"stdout", "0%\r"}, {"stdout", "50%\r"}, {"stdout", "100%\r"}}
        << streamList({{"stdout", "100%\r"}});
    QTest::newRow("\\r split across chunks") << Chunks{{"stdout", "abc\r"}, {"stdout", "de"}}
                                             << streamList({{"stdout", "de"}});
    QTest::newRow("\\r\\r") << Chunks{{"stdout", "ab\r\rc"}} << streamList({{"stdout", "c"}});
    QTest::newRow("\\r\\r\\n") << Chunks{{"stdout", "ab\r\r\n"}} << streamList({{"stdout", "\r\n"}});
    QTest::newRow("\\r\\n") << Chunks{{"stdout", "a\r\n"}, {"stdout", "b\r"}, {"stdout", "\nc"}}
                            << streamList({{"stdout", "a\r\nb\r\nc"}});
    QTest::newRow("\\b kept as nbconvert keeps it") << Chunks{{"stdout", "ab\b"}, {"stdout", "c\n"}}
                                                    << streamList({{"stdout", "ab\bc\n"}});
    QTest::newRow("\\r only within a line") << Chunks{{"stdout", "keep\nx\ry\nz"}}
                                            << streamList({{"stdout", "keep\ny\nz"}});
    QTest::newRow("\\r does not cross streams")
        << Chunks{{"stdout", "x\r"}, {"stderr", "e"}, {"stdout", "y"}}
        << streamList({{"stdout", "x\r"}, {"stderr", "e"}, {"stdout", "y"}});
    QTest::newRow("multibyte") << Chunks{{"stdout", "\xC3\xA9\r"}, {"stdout", "\xC3\xBC\n"}}
                               << streamList({{"stdout", "\xC3\xBC\n"}});
    QTest::newRow("empty text") << Chunks{{"stdout", ""}} << streamList({{"stdout", ""}});
    QTest::newRow("other stream name") << Chunks{{"custom", "x"}, {"custom", "y"}}
                                       << streamList({{"custom", "xy"}});
}

void TestOutputCollector::streams()
{
    QFETCH(Chunks, chunks);
    QFETCH(json, expected);
    Fixture f;
    f.collector.beginExecution(0, kExec);
    for (const auto &[name, text] : chunks)
        QVERIFY(f.collector.handleMessage(stream(text, name)));
    QVERIFY(f.collector.handleMessage(idle()));
    QCOMPARE(f.outputs().dump(), expected.dump());
}

void TestOutputCollector::nbconvertKnownAnswer_data()
{
    QTest::addColumn<json>("cases");

    auto list = [](const Chunks &chunks) {
        json outputs = json::array();
        for (const auto &[name, text] : chunks)
            outputs.push_back({{"output_type", "stream"}, {"name", name}, {"text", text}});
        return outputs;
    };
    json handpicked = json::array();
    handpicked.push_back(list({{"stdout", "0%\r"}, {"stdout", "50%\r"}, {"stdout", "100%\n"}, {"stdout", "done"}}));
    handpicked.push_back(list({{"stdout", "a\r\n"}, {"stdout", "b\r"}, {"stdout", "\nc\r"}}));
    handpicked.push_back(list({{"stdout", "x\r"}, {"stderr", "e\r"}, {"stdout", "y"}, {"stderr", "f"}}));
    handpicked.push_back(list({{"stdout", "ab\b\bc\r\r\n\r\rz"}}));
    handpicked.push_back(list({{"stdout", ""}, {"stderr", ""}, {"stdout", "\r"}}));
    QTest::newRow("handpicked") << handpicked;

    QRandomGenerator random(20260611);
    json fuzz = json::array();
    for (int i = 0; i < 400; ++i)
        fuzz.push_back(randomCase(random));
    QTest::newRow("400 random chunk sequences") << fuzz;

    // tqdm-like: one bar redrawn 2,000 times, in chunks that split "\r" from what follows.
    json bar = json::array();
    for (int i = 0; i <= 2000; ++i)
        bar.push_back({{"output_type", "stream"},
                       {"name", "stderr"},
                       {"text", (i ? "\r" : "") + std::to_string(i / 20) + "%|" + std::string(size_t(i / 200), '#')}});
    bar.push_back({{"output_type", "stream"}, {"name", "stderr"}, {"text", "\n"}});
    QTest::newRow("progress bar") << json::array({bar});
}

void TestOutputCollector::nbconvertKnownAnswer()
{
    QFETCH(json, cases);
    QString skip;
    const json reference = nbconvertCoalesce(cases, &skip);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY2(reference.is_array() && reference.size() == cases.size(), "nbconvert did not answer");
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const json ours = collect(cases[i], 1000);
        QCOMPARE(collect(cases[i], 0).dump(), ours.dump());
        if (ours != reference[i])
            QFAIL(qPrintable(QStringLiteral("case %1: input %2\n  nbconvert %3\n  cumulus   %4")
                                 .arg(i)
                                 .arg(QString::fromStdString(cases[i].dump()),
                                      QString::fromStdString(reference[i].dump()),
                                      QString::fromStdString(ours.dump()))));
    }
}

void TestOutputCollector::clearOutput_data()
{
    QTest::addColumn<bool>("wait");
    QTest::addColumn<bool>("updateBetween");
    QTest::newRow("clear_output(wait=False)") << false << false;
    QTest::newRow("clear_output(wait=True) then output") << true << false;
    QTest::newRow("clear_output(wait=True), update_display_data, output") << true << true;
}

void TestOutputCollector::clearOutput()
{
    QFETCH(bool, wait);
    QFETCH(bool, updateBetween);
    Fixture f;
    f.collector.beginExecution(0, kExec);
    f.collector.handleMessage(displayData("frame 1", "anim"));
    f.collector.handleMessage(stream("a\n"));
    f.collector.handleMessage(iopub("clear_output", {{"wait", wait}}));
    f.collector.flush();
    // wait=True keeps the old outputs until the next one arrives (no flicker).
    QCOMPARE(f.document.cell(0).outputs().size(), wait ? 2u : 0u);
    if (updateBetween) {
        // Not an output: nbclient does not run the delayed clear for it.
        f.collector.handleMessage(iopub("update_display_data",
                                        {{"data", {{"text/plain", "frame 1b"}}},
                                         {"metadata", json::object()},
                                         {"transient", {{"display_id", "anim"}}}}));
        f.collector.flush();
        QCOMPARE(f.document.cell(0).outputs().size(), 2u);
        QCOMPARE(f.document.cell(0).outputs()[0].dataText("text/plain"), std::string("frame 1b"));
    }
    f.collector.handleMessage(stream("b\n"));
    f.collector.handleMessage(idle());
    QCOMPARE(f.outputs().dump(), streamList({{"stdout", "b\n"}}).dump());
}

void TestOutputCollector::displayIds()
{
    // update_display_data across cells, as nbclient's _update_display_id.
    Fixture f(3);
    f.collector.beginExecution(0, "exec-a");
    f.collector.handleMessage(iopub("display_data",
                                    {{"data", {{"text/plain", "v1"}}},
                                     {"metadata", json::object()},
                                     {"transient", {{"display_id", "d"}}}},
                                    "exec-a"));
    f.collector.handleMessage(iopub("stream", {{"name", "stdout"}, {"text", "between\n"}}, "exec-a"));
    f.collector.handleMessage(iopub("execute_result",
                                    {{"data", {{"text/plain", "v1"}}},
                                     {"metadata", json::object()},
                                     {"execution_count", 1},
                                     {"transient", {{"display_id", "d"}}}},
                                    "exec-a"));
    f.collector.handleMessage(idle("exec-a"));

    // Cell 1 updates the handle: cell 0's two outputs change, cell 1 gets no output.
    f.collector.beginExecution(1, "exec-b");
    f.collector.handleMessage(iopub("update_display_data",
                                    {{"data", {{"text/plain", "v2"}}},
                                     {"metadata", {{"k", 1}}},
                                     {"transient", {{"display_id", "d"}}}},
                                    "exec-b"));
    f.collector.handleMessage(idle("exec-b"));
    QCOMPARE(f.document.cell(1).outputs().size(), 0u);
    QCOMPARE(f.document.cell(0).outputs().size(), 3u);
    QCOMPARE(f.document.cell(0).outputs()[0].dataText("text/plain"), std::string("v2"));
    QCOMPARE(f.document.cell(0).outputs()[0].metadata(), json({{"k", 1}}));
    QCOMPARE(f.document.cell(0).outputs()[1].text(), std::string("between\n"));
    QCOMPARE(f.document.cell(0).outputs()[2].dataText("text/plain"), std::string("v2"));
    QCOMPARE(f.document.cell(0).outputs()[2].executionCount(), std::optional<int>(1));

    // Cell 2 shows the same id again: the old ones update, the new one is appended.
    f.collector.beginExecution(2, "exec-c");
    f.collector.handleMessage(iopub("display_data",
                                    {{"data", {{"text/plain", "v3"}}},
                                     {"metadata", json::object()},
                                     {"transient", {{"display_id", "d"}}}},
                                    "exec-c"));
    f.collector.handleMessage(iopub("update_display_data",
                                    {{"data", {{"text/plain", "v4"}}},
                                     {"metadata", json::object()},
                                     {"transient", {{"display_id", "d"}}}},
                                    "exec-c"));
    f.collector.handleMessage(idle("exec-c"));
    QCOMPARE(f.document.cell(0).outputs()[0].dataText("text/plain"), std::string("v4"));
    QCOMPARE(f.document.cell(2).outputs().size(), 1u);
    QCOMPARE(f.document.cell(2).outputs()[0].dataText("text/plain"), std::string("v4"));
    QCOMPARE(f.document.cell(2).outputs()[0].json().contains("transient"), false);

    // Re-running cell 0 forgets the ids that pointed into its old outputs.
    f.collector.beginExecution(0, "exec-d");
    f.collector.handleMessage(iopub("stream", {{"name", "stdout"}, {"text", "x"}}, "exec-d"));
    f.collector.handleMessage(iopub("update_display_data",
                                    {{"data", {{"text/plain", "v5"}}},
                                     {"metadata", json::object()},
                                     {"transient", {{"display_id", "d"}}}},
                                    "exec-d"));
    f.collector.handleMessage(idle("exec-d"));
    QCOMPARE(f.outputs(0).dump(), streamList({{"stdout", "x"}}).dump());
    QCOMPARE(f.document.cell(2).outputs()[0].dataText("text/plain"), std::string("v5"));
}

void TestOutputCollector::displayIdFollowsCellMoves()
{
    Fixture f(2);
    f.collector.beginExecution(1, "exec-a");
    f.collector.handleMessage(iopub("display_data",
                                    {{"data", {{"text/plain", "old"}}},
                                     {"metadata", json::object()},
                                     {"transient", {{"display_id", "h"}}}},
                                    "exec-a"));
    f.collector.handleMessage(idle("exec-a"));
    // Someone inserts a cell above while nothing runs; the id must follow its cell.
    f.document.insertCell(0, Cell(CellType::Markdown));
    f.collector.beginExecution(1, "exec-b");
    f.collector.handleMessage(iopub("update_display_data",
                                    {{"data", {{"text/plain", "new"}}},
                                     {"metadata", json::object()},
                                     {"transient", {{"display_id", "h"}}}},
                                    "exec-b"));
    // …and a cell is inserted above while the update is still buffered.
    f.document.insertCell(0, Cell(CellType::Markdown));
    f.collector.handleMessage(idle("exec-b"));
    QCOMPARE(f.document.cell(2).outputs().size(), 0u);
    QCOMPARE(f.document.cell(3).outputs().size(), 1u);
    QCOMPARE(f.document.cell(3).outputs()[0].dataText("text/plain"), std::string("new"));
}

void TestOutputCollector::executeResultAndCount()
{
    Fixture f;
    f.collector.beginExecution(0, kExec);
    f.collector.handleMessage(iopub("execute_input", {{"code", "6*7"}, {"execution_count", 5}}));
    QCOMPARE(f.document.cell(0).executionCount(), std::optional<int>(5));
    QCOMPARE(f.document.cell(0).outputs().size(), 0u);
    f.collector.handleMessage(iopub("execute_result",
                                    {{"data", {{"text/plain", "42"}}},
                                     {"metadata", {{"isolated", true}}},
                                     {"execution_count", 5}}));
    f.collector.handleMessage(idle());
    const json expected = json::array({{{"output_type", "execute_result"},
                                        {"execution_count", 5},
                                        {"data", {{"text/plain", "42"}}},
                                        {"metadata", {{"isolated", true}}}}});
    QCOMPARE(f.outputs().dump(), expected.dump());
}

void TestOutputCollector::error()
{
    Fixture f;
    f.collector.beginExecution(0, kExec);
    f.collector.handleMessage(stream("before\n"));
    f.collector.handleMessage(iopub("error", {{"ename", "ZeroDivisionError"},
                                              {"evalue", "division by zero"},
                                              {"traceback", {"line 1", "\x1b[0;31mline 2\x1b[0m"}}}));
    f.collector.handleMessage(idle());
    const json expected = json::array(
        {{{"output_type", "stream"}, {"name", "stdout"}, {"text", "before\n"}},
         {{"output_type", "error"},
          {"ename", "ZeroDivisionError"},
          {"evalue", "division by zero"},
          {"traceback", {"line 1", "\x1b[0;31mline 2\x1b[0m"}}}});
    QCOMPARE(f.outputs().dump(), expected.dump());
}

void TestOutputCollector::ignoredMessages_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<json>("content");
    QTest::addColumn<bool>("belongs");

    QTest::newRow("unknown message type ignored") << QStringLiteral("frobnicate") << json{{"x", 1}} << true;
    QTest::newRow("execute_input") << QStringLiteral("execute_input") << json{{"code", "1"}} << true;
    QTest::newRow("status busy") << QStringLiteral("status") << json{{"execution_state", "busy"}} << true;
    QTest::newRow("content not an object") << QStringLiteral("stream") << json::array({1, 2}) << true;
    QTest::newRow("update_display_data, unknown id")
        << QStringLiteral("update_display_data")
        << json{{"data", {{"text/plain", "x"}}}, {"metadata", json::object()}, {"transient", {{"display_id", "nope"}}}}
        << true;
    QTest::newRow("comm_close of an unknown comm") << QStringLiteral("comm_close") << json{{"comm_id", "c"}} << true;
    QTest::newRow("comm_msg without data") << QStringLiteral("comm_msg") << json{{"comm_id", "c"}} << true;
    QTest::newRow("comm_open of another target")
        << QStringLiteral("comm_open") << json{{"comm_id", "c"}, {"target_name", "other"}, {"data", json::object()}}
        << true;
    QTest::newRow("other execution's stream") << QStringLiteral("other-parent") << json::object() << false;
}

void TestOutputCollector::ignoredMessages()
{
    QFETCH(QString, type);
    QFETCH(json, content);
    QFETCH(bool, belongs);
    Fixture f;
    f.collector.beginExecution(0, kExec);
    if (type == QStringLiteral("other-parent"))
        QCOMPARE(f.collector.handleMessage(iopub("stream", {{"name", "stdout"}, {"text", "x"}}, "someone-else")),
                 belongs);
    else
        QCOMPARE(f.collector.handleMessage(iopub(type.toStdString(), content)), belongs);
    QVERIFY(f.collector.isRunning());
    f.collector.handleMessage(idle());
    QVERIFY(!f.collector.isRunning());
    QCOMPARE(f.document.cell(0).outputs().size(), 0u);
    QCOMPARE(f.collector.handleMessage(stream("late")), false);
}

void TestOutputCollector::limits_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<qint64>("totalBytes");
    QTest::addColumn<qint64>("totalLines");

    // 1,000,000 short lines: "line 0000000\n" is 13 bytes.
    QTest::newRow("1,000,000 lines, one per message") << QStringLiteral("line-per-message") << qint64(13'000'000) << qint64(1'000'000);
    QTest::newRow("1,000,000 lines, 1,000 per message") << QStringLiteral("lines-batched") << qint64(13'000'000) << qint64(1'000'000);
    QTest::newRow("200 MB in 64 KB chunks") << QStringLiteral("200MB") << qint64(200) * 1024 * 1024 << qint64(-1);
    QTest::newRow("200 MB in one line") << QStringLiteral("200MB-one-line") << qint64(200) * 1024 * 1024 << qint64(1);
    QTest::newRow("200 MB of progress bar") << QStringLiteral("200MB-progress") << qint64(200) * 1024 * 1024 << qint64(1);
}

void TestOutputCollector::limits()
{
    QFETCH(QString, shape);
    QFETCH(qint64, totalBytes);
    QFETCH(qint64, totalLines);
    Fixture f;
    const OutputLimits limits; // the defaults: 5 MB or 50,000 lines
    QCOMPARE(limits.maxBytes, qint64(5 * 1024 * 1024));
    QCOMPARE(limits.maxLines, qint64(50'000));
    f.collector.beginExecution(0, kExec);
    QElapsedTimer timer;
    timer.start();

    char line[32];
    auto numbered = [&](int i) {
        std::snprintf(line, sizeof line, "line %07d\n", i);
        return std::string(line, 13);
    };
    std::string lastLine;
    qint64 collectorNs = -1;
    if (shape == QStringLiteral("line-per-message")) {
        // Making a million json messages costs more than handling them: time only the latter.
        // Sanitizers make each message ~20x dearer; ten lines a message keeps CI in its timeout.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        constexpr int linesPerMessage = 10;
#else
        constexpr int linesPerMessage = 1;
#endif
        collectorNs = 0;
        for (int i = 0; i < totalLines; i += linesPerMessage) {
            std::string lines;
            for (int k = i; k < i + linesPerMessage; ++k)
                lines += numbered(k);
            const Message message = quickStream(std::move(lines));
            QElapsedTimer handling;
            handling.start();
            f.collector.handleMessage(message);
            collectorNs += handling.nsecsElapsed();
        }
        lastLine = numbered(int(totalLines - 1));
    } else if (shape == QStringLiteral("lines-batched")) {
        for (int i = 0; i < totalLines; i += 1000) {
            std::string chunk;
            for (int k = i; k < i + 1000; ++k)
                chunk += numbered(k);
            f.collector.handleMessage(quickStream(std::move(chunk)));
        }
        lastLine = numbered(int(totalLines - 1));
    } else {
        std::string chunk;
        if (shape == QStringLiteral("200MB")) {
            for (int k = 0; chunk.size() < 64 * 1024; ++k)
                chunk += std::string(63, char('a' + k % 26)) + '\n';
            chunk.resize(64 * 1024);
            chunk.back() = '\n';
        } else if (shape == QStringLiteral("200MB-one-line")) {
            chunk.assign(64 * 1024, 'x');
        } else {
            for (int k = 0; chunk.size() < 64 * 1024; ++k)
                chunk += "\r" + std::to_string(k) + "% |##########";
            chunk.resize(64 * 1024);
        }
        for (qint64 sent = 0; sent < totalBytes; sent += qint64(chunk.size()))
            f.collector.handleMessage(quickStream(chunk));
        if (shape == QStringLiteral("200MB-one-line"))
            f.collector.handleMessage(stream("END\n"));
    }
    f.collector.handleMessage(idle());
    qInfo("%s: %lld ms in all%s", qPrintable(shape), timer.elapsed(),
          collectorNs >= 0 ? qPrintable(QStringLiteral(", %1 ms in the collector").arg(collectorNs / 1'000'000))
                           : "");

    QCOMPARE(f.document.cell(0).outputs().size(), 1u);
    const Output &output = f.document.cell(0).outputs()[0];
    const std::string &text = output.text();
    // The model's text is bounded: the budget plus the marker lines.
    QVERIFY2(qint64(text.size()) <= limits.maxBytes + 200, qPrintable(QString::number(text.size())));
    QVERIFY(countLines(text) <= limits.maxLines + 3);
    const json record = truncationRecord(f.document.cell(0));
    // nbformat allows no extra keys in a stream output: the record is in the cell's metadata.
    QCOMPARE(output.json().contains("metadata"), false);

    if (shape == QStringLiteral("200MB-progress")) {
        // Every redraw erased the previous one: nothing hidden, a short line.
        QVERIFY(text.size() < 100);
        QVERIFY(!text.empty() && text.front() != '\r');
        QVERIFY(record.is_null());
        return;
    }
    QVERIFY2(record.is_array() && record.size() == 1, record.dump().c_str());
    QCOMPARE(record[0]["output"], json(0));
    QCOMPARE(record[0]["name"], json("stdout"));
    const qint64 hiddenBytes = record[0]["hidden_bytes"];
    const qint64 hiddenLines = record[0]["hidden_lines"];

    if (shape == QStringLiteral("200MB-one-line")) {
        QCOMPARE(hiddenLines, qint64(0));
        QVERIFY(text.find(kEllipsis + " ") != std::string::npos);
        QVERIFY(text.find(" bytes hidden " + kEllipsis + "\n") != std::string::npos);
        QVERIFY(text.ends_with("xxxxEND\n"));
        QVERIFY(text.starts_with("xxxx"));
        const std::size_t markerStart = text.find('\n');
        const std::size_t markerEnd = text.find('\n', markerStart + 1);
        const qint64 kept = qint64(text.size()) - qint64(markerEnd - markerStart) - 1; // minus "\n"
        QCOMPARE(kept + hiddenBytes, totalBytes + 4);
        return;
    }

    const std::string marker = kEllipsis + " " + std::to_string(hiddenLines) + " lines hidden " + kEllipsis + "\n";
    const std::size_t at = text.find(marker);
    QVERIFY2(at != std::string::npos, text.substr(0, 200).c_str());
    QVERIFY(at > 0 && text[at - 1] == '\n'); // a line of its own
    const std::string head = text.substr(0, at);
    const std::string tail = text.substr(at + marker.size());
    QCOMPARE(qint64(head.size() + tail.size()) + hiddenBytes, totalBytes);
    if (totalLines > 0) {
        QCOMPARE(countLines(head) + countLines(tail) + hiddenLines, totalLines);
        QVERIFY(head.starts_with(numbered(0)));
        QVERIFY(tail.ends_with(lastLine));
        QCOMPARE(countLines(head) + countLines(tail), int(limits.maxLines));
    }
}

void TestOutputCollector::limitsKeepHeadAndTail_data()
{
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<qint64>("maxLines");
    QTest::newRow("bytes") << qint64(300) << qint64(0);
    QTest::newRow("lines") << qint64(0) << qint64(7);
    QTest::newRow("both") << qint64(200) << qint64(10);
    QTest::newRow("tiny") << qint64(8) << qint64(2);
}

void TestOutputCollector::limitsKeepHeadAndTail()
{
    // Property: what is kept is a prefix and a suffix of nbconvert's text, and the record
    // counts exactly what is missing.
    QFETCH(qint64, maxBytes);
    QFETCH(qint64, maxLines);
    QRandomGenerator random(7);
    static const char *const pieces[] = {"word ", "\n", "\r", "\xC3\xA9", "0123456789", "\n\n", "\b"};
    for (int round = 0; round < 300; ++round) {
        StreamText full(OutputLimits::unlimited());
        StreamText kept(OutputLimits{maxBytes, maxLines});
        const int chunks = 1 + int(random.bounded(60));
        for (int c = 0; c < chunks; ++c) {
            std::string chunk;
            const int n = int(random.bounded(12));
            for (int k = 0; k < n; ++k)
                chunk += pieces[random.bounded(int(std::size(pieces)))];
            full.append(chunk);
            kept.append(chunk);
            QCOMPARE(kept.size(), qint64(kept.text().size()));
        }
        const std::string all = full.text();
        const std::string text = kept.text();
        QCOMPARE(full.hiddenBytes(), qint64(0));
        if (!kept.isTruncated()) {
            QCOMPARE(text, all);
            continue;
        }
        // Strip the markers back out: what remains must be a prefix and a suffix of all.
        std::string rest = text;
        qint64 markerBytes = 0;
        std::string prefix;
        const std::string lineMarkerEnd = " lines hidden " + kEllipsis + "\n";
        if (kept.hiddenLines() > 0) {
            const std::string marker = kEllipsis + " " + std::to_string(kept.hiddenLines())
                + (kept.hiddenLines() == 1 ? " line hidden " : " lines hidden ") + kEllipsis + "\n";
            const std::size_t at = rest.find(marker);
            QVERIFY(at != std::string::npos);
            QVERIFY(at == 0 || rest[at - 1] == '\n');
            prefix = rest.substr(0, at);
            rest = rest.substr(at + marker.size());
            markerBytes += qint64(marker.size());
        }
        QVERIFY2(all.starts_with(prefix), "head is not a prefix");
        // In-line markers ("\n… N bytes hidden …\n") split kept pieces further.
        std::vector<std::string> pieces2;
        std::size_t from = 0;
        for (;;) {
            const std::size_t m = rest.find("\n" + kEllipsis + " ", from);
            if (m == std::string::npos)
                break;
            const std::size_t end = rest.find(kEllipsis + "\n", m + 4);
            QVERIFY(end != std::string::npos);
            pieces2.push_back(rest.substr(from, m - from));
            markerBytes += qint64(end + kEllipsis.size() + 1 - m);
            from = end + kEllipsis.size() + 1;
        }
        pieces2.push_back(rest.substr(from));
        std::size_t pos = prefix.size();
        for (const std::string &piece : pieces2) {
            const std::size_t found = all.find(piece, pos);
            QVERIFY2(found != std::string::npos, "kept text is not a subsequence of nbconvert's");
            pos = found + piece.size();
        }
        QVERIFY2(all.ends_with(pieces2.back()), "tail is not a suffix");
        QCOMPARE(qint64(text.size()) - markerBytes + kept.hiddenBytes(), qint64(all.size()));
        if (maxBytes > 0)
            QVERIFY(qint64(text.size()) - markerBytes <= maxBytes);
    }
}

void TestOutputCollector::truncationRecordInMetadata()
{
    Fixture f;
    f.collector.setLimits({0, 4});
    f.collector.beginExecution(0, kExec);
    f.collector.handleMessage(stream("e\n", "stderr"));
    for (int i = 0; i < 10; ++i)
        f.collector.handleMessage(stream(std::to_string(i) + "\n"));
    f.collector.handleMessage(idle());
    QCOMPARE(f.outputs().dump(),
             streamList({{"stderr", "e\n"}, {"stdout", "0\n1\n" + kEllipsis + " 6 lines hidden " + kEllipsis + "\n8\n9\n"}}).dump());
    QCOMPARE(truncationRecord(f.document.cell(0)).dump(),
             json::array({{{"output", 1}, {"name", "stdout"}, {"hidden_lines", 6}, {"hidden_bytes", 12}}}).dump());

    // clear_output drops the record with the output; a re-run starts without one.
    f.collector.beginExecution(0, "exec-2");
    QVERIFY(truncationRecord(f.document.cell(0)).is_null());
    QVERIFY(!f.document.cell(0).metadata().contains("cumulus"));
    for (int i = 0; i < 10; ++i)
        f.collector.handleMessage(stream(std::to_string(i) + "\n", "stdout", "exec-2"));
    f.collector.flush();
    QCOMPARE(truncationRecord(f.document.cell(0))[0]["hidden_lines"], json(6));
    f.collector.handleMessage(iopub("clear_output", {{"wait", false}}, "exec-2"));
    f.collector.handleMessage(stream("short\n", "stdout", "exec-2"));
    f.collector.handleMessage(idle("exec-2"));
    QCOMPARE(f.outputs().dump(), streamList({{"stdout", "short\n"}}).dump());
    QVERIFY(truncationRecord(f.document.cell(0)).is_null());
}

void TestOutputCollector::coalescedUpdates()
{
    Fixture f;
    f.collector.setFlushInterval(20);
    QSignalSpy changes(&f.document, &NotebookDocument::cellChanged);
    f.collector.beginExecution(0, kExec);
    changes.clear();
    for (int i = 0; i < 10'000; ++i)
        f.collector.handleMessage(stream(std::to_string(i) + "\n"));
    // Nothing is pushed before the event loop runs the flush timer…
    QCOMPARE(changes.size(), 0);
    QTRY_COMPARE(f.document.cell(0).outputs().size(), 1u);
    // …and then once for the whole burst.
    QCOMPARE(changes.size(), 1);
    QVERIFY(f.document.cell(0).outputs()[0].text().ends_with("9999\n"));
    f.collector.handleMessage(stream("more"));
    f.collector.flush();
    QCOMPARE(changes.size(), 2);
    QVERIFY(f.document.cell(0).outputs()[0].text().ends_with("9999\nmore"));
}

void TestOutputCollector::finishedCellIsFlushed()
{
    Fixture f;
    f.collector.setFlushInterval(60 * 60 * 1000);
    QSignalSpy finished(&f.collector, &OutputCollector::executionFinished);
    f.collector.beginExecution(0, kExec);
    f.collector.handleMessage(stream("a"));
    f.collector.handleMessage(displayData("d"));
    f.collector.handleMessage(stream("b", "stderr"));
    QCOMPARE(f.document.cell(0).outputs().size(), 0u);
    f.collector.handleMessage(idle());
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 0);
    QCOMPARE(f.document.cell(0).outputs().size(), 3u);
    QCOMPARE(f.document.cell(0).outputs()[2].text(), std::string("b"));
}

void TestOutputCollector::runningCellEdited()
{
    Fixture f(2);
    QSignalSpy finished(&f.collector, &OutputCollector::executionFinished);
    f.collector.beginExecution(1, kExec);
    f.collector.handleMessage(stream("one\n"));
    f.collector.flush();
    // A cell inserted above: the running cell is now 2.
    f.document.insertCell(0, Cell(CellType::Markdown));
    f.collector.handleMessage(stream("two\n"));
    f.collector.flush();
    QCOMPARE(f.document.cell(2).outputs().size(), 1u);
    QCOMPARE(f.document.cell(2).outputs()[0].text(), std::string("one\ntwo\n"));
    // Moved to the top, with output still buffered.
    f.collector.handleMessage(stream("moved\n"));
    f.document.moveCells(2, 1, 0);
    QCOMPARE(f.collector.cellIndex(), 0);
    f.collector.flush();
    QCOMPARE(f.outputs(0).dump(), streamList({{"stdout", "one\ntwo\nmoved\n"}}).dump());
    QCOMPARE(f.document.cell(2).outputs().size(), 0u);
    // The user clears the running cell's outputs: later outputs start afresh.
    f.document.clearOutputs(0);
    f.collector.handleMessage(stream("three\n"));
    f.collector.flush();
    QCOMPARE(f.outputs(0).dump(), streamList({{"stdout", "three\n"}}).dump());
    // The running cell is deleted: outputs are dropped, nothing crashes, idle still ends it.
    f.document.removeCells(0, 1);
    f.collector.handleMessage(stream("four\n"));
    f.collector.handleMessage(displayData("x"));
    QVERIFY(f.collector.handleMessage(idle()));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), -1);
    QCOMPARE(f.document.cellCount(), 2);
    QCOMPARE(f.document.cell(0).outputs().size(), 0u);
    QCOMPARE(f.document.cell(1).outputs().size(), 0u);
}

void TestOutputCollector::widgetState()
{
    // handle_comm_msg + set_widgets_metadata: state merged per comm, buffers base64 by path.
    Fixture f;
    f.collector.beginExecution(0, kExec);
    f.collector.handleMessage(iopub("comm_open",
                                    {{"comm_id", "w1"},
                                     {"target_name", "jupyter.widget"},
                                     {"data",
                                      {{"state",
                                        {{"_model_name", "IntSliderModel"},
                                         {"_model_module", "@jupyter-widgets/controls"},
                                         {"_model_module_version", "2.0.0"},
                                         {"value", 1}}},
                                       {"buffer_paths", json::array()}}}}));
    f.collector.handleMessage(iopub("comm_msg",
                                    {{"comm_id", "w1"},
                                     {"data", {{"method", "update"}, {"state", {{"value", 7}}}, {"buffer_paths", {{"data"}}}}}},
                                    kExec, {QByteArray("\x01\x02\x03", 3)}));
    // Custom messages (no "state") are not stored; a state without _model_name is not saved.
    f.collector.handleMessage(iopub("comm_msg", {{"comm_id", "w1"}, {"data", {{"method", "custom"}, {"content", 1}}}}));
    f.collector.handleMessage(iopub("comm_open", {{"comm_id", "w2"}, {"target_name", "jupyter.widget"}, {"data", {{"state", {{"x", 1}}}}}}));
    f.collector.handleMessage(iopub("comm_close", {{"comm_id", "w1"}, {"data", json::object()}}));
    f.collector.handleMessage(idle());
    QCOMPARE(f.document.cell(0).outputs().size(), 0u);

    const json expected = {
        {"application/vnd.jupyter.widget-state+json",
         {{"state",
           {{"w1",
             {{"model_name", "IntSliderModel"},
              {"model_module", "@jupyter-widgets/controls"},
              {"model_module_version", "2.0.0"},
              {"state",
               {{"_model_name", "IntSliderModel"},
                {"_model_module", "@jupyter-widgets/controls"},
                {"_model_module_version", "2.0.0"},
                {"value", 7}}},
              {"buffers", {{{"data", "AQID"}, {"encoding", "base64"}, {"path", {"data"}}}}}}}}},
          {"version_major", 2},
          {"version_minor", 0}}}};
    QCOMPARE(f.collector.widgetState().dump(), expected.dump());
    f.collector.applyWidgetState();
    QCOMPARE(f.document.notebook().metadata()["widgets"].dump(), expected.dump());

    f.collector.resetTrackers();
    QVERIFY(f.collector.widgetState().is_null());
}

void TestOutputCollector::outputWidgetCapture()
{
    // nbclient's OutputWidget: while `with out:` captures the execution, outputs go to the
    // widget's state (streams joined raw), not to the cell.
    Fixture f;
    QSignalSpy syncs(&f.collector, &OutputCollector::commMessageRequested);
    f.collector.beginExecution(0, kExec);
    f.collector.handleMessage(iopub("comm_open",
                                    {{"comm_id", "out"},
                                     {"target_name", "jupyter.widget"},
                                     {"data",
                                      {{"state",
                                        {{"_model_name", "OutputModel"},
                                         {"_model_module", "@jupyter-widgets/output"},
                                         {"_model_module_version", "1.0.0"},
                                         {"msg_id", ""},
                                         {"outputs", json::array()}}}}}}));
    f.collector.handleMessage(stream("in cell\n"));
    f.collector.handleMessage(iopub("comm_msg", {{"comm_id", "out"}, {"data", {{"method", "update"}, {"state", {{"msg_id", kExec}}}}}}));
    f.collector.handleMessage(stream("in widget\r"));
    f.collector.handleMessage(stream("more\n"));
    f.collector.handleMessage(displayData("shown"));
    f.collector.handleMessage(iopub("comm_msg", {{"comm_id", "out"}, {"data", {{"method", "update"}, {"state", {{"msg_id", ""}}}}}}));
    f.collector.handleMessage(stream("cell again\n"));
    f.collector.handleMessage(idle());

    // The cell's two streams are consecutive in its list, so coalesce_streams joins them.
    QCOMPARE(f.outputs().dump(), streamList({{"stdout", "in cell\ncell again\n"}}).dump());
    const json widgetOutputs = f.collector.widgetState()["application/vnd.jupyter.widget-state+json"]["state"]["out"]["state"]["outputs"];
    const json expected = json::array({{{"output_type", "stream"}, {"name", "stdout"}, {"text", "in widget\rmore\n"}},
                                       {{"output_type", "display_data"}, {"data", {{"text/plain", "shown"}}}, {"metadata", json::object()}}});
    QCOMPARE(widgetOutputs.dump(), expected.dump());
    QCOMPARE(syncs.size(), 3);
}

QTEST_GUILESS_MAIN(TestOutputCollector)
#include "tst_outputcollector.moc"
