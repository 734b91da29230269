// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// `cumulus run` driven as a process (CUMULUS_EXECUTABLE), against Debian's ipykernel 6.17 and,
// as the reference, `/usr/bin/python3 -m nbconvert --to notebook --execute` (nbconvert 6.5,
// nbclient 0.7) on the same notebooks. The corpus is tests/data/run/*.ipynb (made by
// tests/data/run/make_run_corpus.py); the other cases write small notebooks of their own.
//
// The two executed notebooks are compared as JSON after dropping what differs by nature:
// each code cell's metadata.execution (nbclient's timestamps) and the payload of binary
// images (replaced by a placeholder). Everything else must be equal.
//
// Everything Jupyter writes goes to a temporary directory. After each test no kernel started
// from it may be left running (its command line names our runtime directory).

#include <nlohmann/json.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/types.h>

using nlohmann::json;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kCorpus = QStringLiteral(CUMULUS_TEST_DATA "/run");

struct Finished
{
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
    qint64 ms = 0;
    bool timedOut = false;

    QString describe() const
    {
        return QStringLiteral("exit %1%2 after %3 ms; stderr:\n%4")
            .arg(exitCode)
            .arg(exitStatus == QProcess::CrashExit ? QStringLiteral(" (crashed)") : QString())
            .arg(ms)
            .arg(QString::fromUtf8(err.right(4000)));
    }
};

json readJson(const QString &path, QString *error = nullptr)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = path + QStringLiteral(": ") + file.errorString();
        return nullptr;
    }
    const QByteArray bytes = file.readAll();
    json parsed = json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    if (parsed.is_discarded()) {
        if (error)
            *error = path + QStringLiteral(": not JSON");
        return nullptr;
    }
    return parsed;
}

bool writeJson(const QString &path, const json &value)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const std::string text = value.dump(1, ' ', false) + "\n";
    return file.write(text.data(), qint64(text.size())) == qint64(text.size());
}

/// Joins nbformat's list-of-lines form (for messages only; comparisons use the raw JSON).
std::string joined(const json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    std::string text;
    if (value.is_array())
        for (const json &line : value)
            if (line.is_string())
                text += line.get<std::string>();
    return text;
}

/// What both runners' outputs may differ in by nature, removed or replaced.
json normalised(json notebook)
{
    if (!notebook.contains("cells") || !notebook["cells"].is_array())
        return notebook;
    for (json &cell : notebook["cells"]) {
        if (cell.contains("metadata") && cell["metadata"].is_object())
            cell["metadata"].erase("execution"); // nbclient's record_timing timestamps
        if (!cell.contains("outputs") || !cell["outputs"].is_array())
            continue;
        for (json &output : cell["outputs"]) {
            if (!output.contains("data") || !output["data"].is_object())
                continue;
            for (auto item = output["data"].begin(); item != output["data"].end(); ++item) {
                const std::string &mime = item.key();
                const bool binaryImage = mime.rfind("image/", 0) == 0 && mime != "image/svg+xml";
                if (binaryImage)
                    item.value() = "<binary image>";
            }
        }
    }
    return notebook;
}

std::string shortDump(const json &value)
{
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > 400)
        text = text.substr(0, 400) + "…";
    return text;
}

/// A readable list of differences: one line per differing JSON path.
void diff(const json &ours, const json &theirs, const std::string &path, QStringList &lines)
{
    if (lines.size() >= 40)
        return;
    if (ours.type() != theirs.type()) {
        lines << QString::fromStdString(path + ": cumulus " + shortDump(ours) + "\n"
                                        + std::string(path.size(), ' ') + "  nbconvert "
                                        + shortDump(theirs));
        return;
    }
    if (ours.is_object()) {
        for (auto it = ours.begin(); it != ours.end(); ++it) {
            if (!theirs.contains(it.key()))
                lines << QString::fromStdString(path + "/" + it.key() + ": only in cumulus: "
                                                + shortDump(it.value()));
            else
                diff(it.value(), theirs[it.key()], path + "/" + it.key(), lines);
        }
        for (auto it = theirs.begin(); it != theirs.end(); ++it)
            if (!ours.contains(it.key()))
                lines << QString::fromStdString(path + "/" + it.key() + ": only in nbconvert: "
                                                + shortDump(it.value()));
        return;
    }
    if (ours.is_array()) {
        const size_t common = std::min(ours.size(), theirs.size());
        for (size_t i = 0; i < common; ++i)
            diff(ours[i], theirs[i], path + "/" + std::to_string(i), lines);
        if (ours.size() != theirs.size())
            lines << QString::fromStdString(path + ": cumulus has " + std::to_string(ours.size())
                                            + " items, nbconvert " + std::to_string(theirs.size())
                                            + "; extra: "
                                            + shortDump(ours.size() > theirs.size()
                                                            ? json(ours.begin() + long(common), ours.end())
                                                            : json(theirs.begin() + long(common), theirs.end())));
        return;
    }
    if (ours != theirs)
        lines << QString::fromStdString(path + ": cumulus " + shortDump(ours) + "\n"
                                        + std::string(path.size(), ' ') + "  nbconvert "
                                        + shortDump(theirs));
}

/// A notebook (nbformat 4.5, python3 kernelspec) with one code cell per source.
json makeNotebook(const QStringList &sources)
{
    json cells = json::array();
    int index = 0;
    for (const QString &source : sources)
        cells.push_back({{"cell_type", "code"},
                         {"execution_count", nullptr},
                         {"id", "cell-" + std::to_string(index++)},
                         {"metadata", json::object()},
                         {"outputs", json::array()},
                         {"source", source.toStdString()}});
    return {{"cells", cells},
            {"metadata",
             {{"kernelspec",
               {{"display_name", "Python 3"}, {"language", "python"}, {"name", "python3"}}}}},
            {"nbformat", 4},
            {"nbformat_minor", 5}};
}

const json &cellOf(const json &notebook, int index)
{
    return notebook["cells"][size_t(index)];
}

/// The error output of a cell, or null.
json errorOf(const json &cell)
{
    if (cell.contains("outputs"))
        for (const json &output : cell["outputs"])
            if (output.value("output_type", "") == "error")
                return output;
    return nullptr;
}

std::string streamTextOf(const json &cell, const std::string &name = "stdout")
{
    std::string text;
    if (cell.contains("outputs"))
        for (const json &output : cell["outputs"])
            if (output.value("output_type", "") == "stream" && output.value("name", "") == name)
                text += joined(output["text"]);
    return text;
}

/// Peak resident memory of a running process, in KiB (0 when unknown).
qint64 peakRssKiB(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

} // namespace

class TestRunCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void matchesNbconvert_data();
    void matchesNbconvert();
    void errorCellStops();
    void allowErrors();
    void inplace();
    void cellTimeout();
    void inputWithoutTerminal();
    void sigintInterruptsCell();
    void secondSigintStops();
    void missingKernelspec();
    void millionLines();
    void hugeOutput();

private:
    /// Runs @p program with @p arguments in our environment; stdin is an empty pipe.
    Finished execute(const QString &program, const QStringList &arguments, int timeoutMs,
                     const std::function<void(QProcess &)> &whileRunning = {});
    Finished cumulus(const QStringList &arguments, int timeoutMs = 120000)
    {
        return execute(m_cumulus, arguments, timeoutMs);
    }
    /// Writes @p notebook as @p name in this test's directory; returns the path.
    QString put(const QString &name, const json &notebook);
    /// Kernel processes whose command line names our runtime directory.
    QList<qint64> strayKernels() const;

    QTemporaryDir m_temp;
    QString m_root;
    QString m_runtime;
    QString m_dir; // per test
    QString m_cumulus;
    QProcessEnvironment m_env;
    int m_testIndex = 0;
};

void TestRunCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_temp.isValid());
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    m_runtime = m_root + QStringLiteral("/runtime");
    m_cumulus = QStringLiteral(CUMULUS_EXECUTABLE);
    QVERIFY2(QFileInfo(m_cumulus).isExecutable(), qPrintable(m_cumulus));

    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("JUPYTER_RUNTIME_DIR"), m_runtime);
    m_env.insert(QStringLiteral("JUPYTER_DATA_DIR"), m_root + QStringLiteral("/data"));
    m_env.insert(QStringLiteral("JUPYTER_CONFIG_DIR"), m_root + QStringLiteral("/config"));
    m_env.insert(QStringLiteral("IPYTHONDIR"), m_root + QStringLiteral("/ipython"));
    m_env.insert(QStringLiteral("MPLCONFIGDIR"), m_root + QStringLiteral("/mpl"));
    m_env.insert(QStringLiteral("PYDEVD_DISABLE_FILE_VALIDATION"), QStringLiteral("1"));
    m_env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    // Both runners must find the same kernel: Debian's, not one from a virtualenv or ~/.local.
    m_env.remove(QStringLiteral("VIRTUAL_ENV"));
    m_env.remove(QStringLiteral("CONDA_PREFIX"));
    m_env.remove(QStringLiteral("JUPYTER_PATH"));
    m_env.insert(QStringLiteral("PYTHONNOUSERSITE"), QStringLiteral("1"));

    if (!QFileInfo(kPython).isExecutable())
        QSKIP("/usr/bin/python3 is missing (apt install python3-ipykernel python3-nbconvert)");
    QProcess probe;
    probe.setProcessEnvironment(m_env);
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import ipykernel")});
    QVERIFY(probe.waitForFinished(60000));
    if (probe.exitCode() != 0)
        QSKIP("/usr/bin/python3 has no ipykernel (apt install python3-ipykernel)");
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import nbconvert, nbclient")});
    QVERIFY(probe.waitForFinished(60000));
    QVERIFY2(probe.exitCode() == 0, "/usr/bin/python3 has ipykernel but no nbconvert/nbclient "
                                    "(apt install python3-nbconvert python3-nbclient)");
}

void TestRunCommand::init()
{
    m_dir = m_root + QStringLiteral("/t%1").arg(++m_testIndex);
    QVERIFY(QDir().mkpath(m_dir));
}

void TestRunCommand::cleanup()
{
    // No kernel may outlive the command that started it.
    QList<qint64> stray;
    if (!QTest::qWaitFor([&] { return (stray = strayKernels()).isEmpty(); }, 15000)) {
        for (qint64 pid : std::as_const(stray))
            ::kill(pid_t(pid), SIGKILL);
        QFAIL("kernel processes were left running");
    }
    QCOMPARE(QDir(m_runtime).entryList({QStringLiteral("kernel-*.json")}, QDir::Files),
             QStringList());
}

QList<qint64> TestRunCommand::strayKernels() const
{
    QList<qint64> pids;
    const QByteArray needle = QFile::encodeName(m_runtime);
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = cmdline.readAll();
        if (line.contains(needle)) {
            // A zombie has an empty cmdline, so this is a live process.
            pids << pid;
        }
    }
    return pids;
}

Finished TestRunCommand::execute(const QString &program, const QStringList &arguments,
                                 int timeoutMs, const std::function<void(QProcess &)> &whileRunning)
{
    Finished result;
    QProcess process;
    process.setProcessEnvironment(m_env);
    process.setWorkingDirectory(m_dir);
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    if (!process.waitForStarted(30000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    process.closeWriteChannel(); // stdin: an empty pipe, not a terminal
    if (whileRunning)
        whileRunning(process);
    if (process.state() != QProcess::NotRunning
        && !process.waitForFinished(int(std::max<qint64>(1, timeoutMs - clock.elapsed())))) {
        result.timedOut = true;
        // Ctrl+C twice first, so that cumulus takes its kernel down with it; then kill.
        ::kill(pid_t(process.processId()), SIGINT);
        process.waitForFinished(3000);
        if (process.state() != QProcess::NotRunning)
            ::kill(pid_t(process.processId()), SIGINT);
        if (!process.waitForFinished(15000)) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    result.ms = clock.elapsed();
    result.exitCode = process.exitCode();
    result.exitStatus = process.exitStatus();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString TestRunCommand::put(const QString &name, const json &notebook)
{
    const QString path = m_dir + QLatin1Char('/') + name;
    if (!writeJson(path, notebook))
        return QString();
    return path;
}

void TestRunCommand::matchesNbconvert_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("allowErrors");
    QTest::newRow("prints, empty cells, skip-execution") << QStringLiteral("prints") << false;
    QTest::newRow("stdout/stderr interleaving") << QStringLiteral("streams") << false;
    QTest::newRow("carriage-return progress bars") << QStringLiteral("progress") << false;
    QTest::newRow("display, update_display, clear_output") << QStringLiteral("display") << false;
    QTest::newRow("HTML, Markdown, JSON, PNG, table") << QStringLiteral("rich") << false;
    QTest::newRow("unicode") << QStringLiteral("unicode") << false;
    QTest::newRow("nbformat 4.0, cells without ids") << QStringLiteral("oldformat") << false;
    QTest::newRow("errors (--allow-errors)") << QStringLiteral("errors") << true;
}

void TestRunCommand::matchesNbconvert()
{
    QFETCH(QString, name);
    QFETCH(bool, allowErrors);
    const QString source = kCorpus + QLatin1Char('/') + name + QStringLiteral(".ipynb");
    QVERIFY2(QFileInfo::exists(source), qPrintable(source));
    const QString input = m_dir + QLatin1Char('/') + name + QStringLiteral(".ipynb");
    QVERIFY(QFile::copy(source, input));

    const QString ours = m_dir + QStringLiteral("/cumulus.ipynb");
    QStringList args {QStringLiteral("run"), input, QStringLiteral("-o"), ours};
    if (allowErrors)
        args << QStringLiteral("--allow-errors");
    const Finished run = cumulus(args, 180000);
    QVERIFY2(!run.timedOut && run.exitStatus == QProcess::NormalExit && run.exitCode == 0,
             qPrintable(run.describe()));

    const QString outDir = m_dir + QStringLiteral("/nbconvert");
    QStringList nbArgs {QStringLiteral("-m"), QStringLiteral("nbconvert"), QStringLiteral("--to"),
                        QStringLiteral("notebook"), QStringLiteral("--execute"),
                        QStringLiteral("--output-dir"), outDir, QStringLiteral("--output"),
                        QStringLiteral("reference"), input};
    if (allowErrors)
        nbArgs << QStringLiteral("--allow-errors");
    const Finished reference = execute(kPython, nbArgs, 180000);
    QVERIFY2(!reference.timedOut && reference.exitCode == 0,
             qPrintable(QStringLiteral("nbconvert: ") + reference.describe()));

    QString error;
    const json a = readJson(ours, &error);
    QVERIFY2(!a.is_null(), qPrintable(error));
    const json b = readJson(outDir + QStringLiteral("/reference.ipynb"), &error);
    QVERIFY2(!b.is_null(), qPrintable(error));

    // The progress lines: one per executed cell, on stderr.
    int executed = 0;
    for (const json &cell : b["cells"])
        if (cell.value("cell_type", "") == "code" && !cell["execution_count"].is_null())
            ++executed;
    const QString err = QString::fromUtf8(run.err);
    int progress = 0;
    for (const QString &line : err.split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1Char('[')) && line.contains(QLatin1String("] cell ")))
            ++progress;
    QVERIFY2(progress == executed, qPrintable(QStringLiteral("%1 progress lines for %2 executed cells:\n%3")
                                                  .arg(progress).arg(executed).arg(err)));

    const json left = normalised(a);
    const json right = normalised(b);
    if (left != right) {
        QStringList lines;
        diff(left, right, "", lines);
        QFAIL(qPrintable(QStringLiteral("cumulus run and nbconvert --execute differ on %1 (%2 "
                                        "difference(s) shown; cumulus: %3, nbconvert: %4):\n%5")
                             .arg(name)
                             .arg(lines.size())
                             .arg(ours, outDir + QStringLiteral("/reference.ipynb"),
                                  lines.join(QLatin1Char('\n')))));
    }
}

void TestRunCommand::errorCellStops()
{
    const QString input = put(QStringLiteral("error.ipynb"),
                              makeNotebook({QStringLiteral("print('before')"), QStringLiteral("1/0"),
                                            QStringLiteral("print('after')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    const Finished run = cumulus({QStringLiteral("run"), input, QStringLiteral("-o"), output});
    QVERIFY2(!run.timedOut && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("ZeroDivisionError"), qPrintable(run.describe()));

    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    QCOMPARE(streamTextOf(cellOf(saved, 0)), std::string("before\n"));
    const json raised = errorOf(cellOf(saved, 1));
    QVERIFY2(!raised.is_null(), shortDump(cellOf(saved, 1)).c_str());
    QCOMPARE(raised.value("ename", ""), std::string("ZeroDivisionError"));
    QCOMPARE(cellOf(saved, 1).value("execution_count", 0), 2);
    // Nothing ran after the error.
    QVERIFY(cellOf(saved, 2)["outputs"].empty());
    QVERIFY(cellOf(saved, 2)["execution_count"].is_null());
}

void TestRunCommand::allowErrors()
{
    const QString input = put(QStringLiteral("error.ipynb"),
                              makeNotebook({QStringLiteral("1/0"), QStringLiteral("print('after')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    const Finished run = cumulus({QStringLiteral("run"), input, QStringLiteral("-o"), output,
                                  QStringLiteral("--allow-errors")});
    QVERIFY2(!run.timedOut && run.exitCode == 0, qPrintable(run.describe()));
    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    QCOMPARE(errorOf(cellOf(saved, 0)).value("ename", ""), std::string("ZeroDivisionError"));
    QCOMPARE(streamTextOf(cellOf(saved, 1)), std::string("after\n"));
    QCOMPARE(cellOf(saved, 1).value("execution_count", 0), 2);
}

void TestRunCommand::inplace()
{
    const QString input = put(QStringLiteral("inplace.ipynb"),
                              makeNotebook({QStringLiteral("print('in place')"), QStringLiteral("6*7")}));
    const QByteArray before = [&] {
        QFile file(input);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    const Finished run = cumulus({QStringLiteral("run"), QStringLiteral("--inplace"), input});
    QVERIFY2(!run.timedOut && run.exitCode == 0, qPrintable(run.describe()));
    QString error;
    const json saved = readJson(input, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    QCOMPARE(streamTextOf(cellOf(saved, 0)), std::string("in place\n"));
    QCOMPARE(joined(cellOf(saved, 1)["outputs"][0]["data"]["text/plain"]), std::string("42"));
    QCOMPARE(saved["metadata"]["language_info"].value("name", ""), std::string("python"));
    QVERIFY(!before.isEmpty());
    // Nothing else was written next to it.
    QCOMPARE(QDir(m_dir).entryList(QDir::Files), QStringList({QStringLiteral("inplace.ipynb")}));

    // Neither or both of -o and --inplace: a usage error, the notebook untouched.
    const Finished both = cumulus({QStringLiteral("run"), QStringLiteral("--inplace"), input,
                                   QStringLiteral("-o"), m_dir + QStringLiteral("/x.ipynb")});
    QVERIFY2(both.exitCode != 0, qPrintable(both.describe()));
    const Finished neither = cumulus({QStringLiteral("run"), input});
    QVERIFY2(neither.exitCode != 0, qPrintable(neither.describe()));
    QVERIFY(!QFileInfo::exists(m_dir + QStringLiteral("/x.ipynb")));
}

void TestRunCommand::cellTimeout()
{
    const QString input = put(QStringLiteral("slow.ipynb"),
                              makeNotebook({QStringLiteral("print('start')"),
                                            QStringLiteral("import time\ntime.sleep(30)"),
                                            QStringLiteral("print('after')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    const Finished run = cumulus({QStringLiteral("run"), input, QStringLiteral("-o"), output,
                                  QStringLiteral("--timeout"), QStringLiteral("2")},
                                 60000);
    QVERIFY2(!run.timedOut && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    // Given up after about 2 s, not after the 30 s sleep.
    QVERIFY2(run.ms < 25000, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("timed out"), qPrintable(run.describe()));
    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    QCOMPARE(streamTextOf(cellOf(saved, 0)), std::string("start\n"));
    QCOMPARE(cellOf(saved, 1).value("execution_count", 0), 2);
    QVERIFY(cellOf(saved, 2)["outputs"].empty());
    QVERIFY(cellOf(saved, 2)["execution_count"].is_null());
}

void TestRunCommand::inputWithoutTerminal()
{
    const QString input = put(QStringLiteral("input.ipynb"),
                              makeNotebook({QStringLiteral("name = input('name? ')\nprint(name)"),
                                            QStringLiteral("print('after')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    const Finished run = cumulus({QStringLiteral("run"), input, QStringLiteral("-o"), output}, 60000);
    QVERIFY2(!run.timedOut && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    const json raised = errorOf(cellOf(saved, 0));
    QVERIFY2(!raised.is_null(), shortDump(cellOf(saved, 0)).c_str());
    // ipykernel's own words for a front end that cannot answer input requests.
    QCOMPARE(raised.value("ename", ""), std::string("StdinNotImplementedError"));
    QVERIFY2(raised.value("evalue", "").find("input") != std::string::npos,
             raised.dump().c_str());
    QVERIFY2(run.err.contains("StdinNotImplementedError"), qPrintable(run.describe()));
    QVERIFY(cellOf(saved, 1)["outputs"].empty());
}

void TestRunCommand::sigintInterruptsCell()
{
    const QString started = m_dir + QStringLiteral("/started");
    const QString input = put(QStringLiteral("sleep.ipynb"),
                              makeNotebook({QStringLiteral("import pathlib, time\n"
                                                           "pathlib.Path('started').touch()\n"
                                                           "time.sleep(60)"),
                                            QStringLiteral("print('after')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    QElapsedTimer sinceSignal;
    const Finished run = execute(
        m_cumulus, {QStringLiteral("run"), input, QStringLiteral("-o"), output}, 120000,
        [&](QProcess &process) {
            // The kernel's cwd is the notebook's directory: the file says the cell is running.
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(started) || process.state() == QProcess::NotRunning,
                                     60000);
            QVERIFY2(process.state() != QProcess::NotRunning, "cumulus ended before the cell ran");
            sinceSignal.start();
            ::kill(pid_t(process.processId()), SIGINT);
            process.waitForFinished(30000);
        });
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!run.timedOut && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(sinceSignal.isValid() && sinceSignal.elapsed() < 30000, qPrintable(run.describe()));
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    const json raised = errorOf(cellOf(saved, 0));
    QVERIFY2(!raised.is_null(), shortDump(cellOf(saved, 0)).c_str());
    QCOMPARE(raised.value("ename", ""), std::string("KeyboardInterrupt"));
    QVERIFY(cellOf(saved, 1)["outputs"].empty());
}

void TestRunCommand::secondSigintStops()
{
    // A cell that swallows KeyboardInterrupt: the first Ctrl+C cannot stop it, the second
    // must stop the kernel and save what ran.
    const QString started = m_dir + QStringLiteral("/started");
    const QString caught = m_dir + QStringLiteral("/caught");
    const QString input = put(QStringLiteral("stubborn.ipynb"),
                              makeNotebook({QStringLiteral("print('first cell')"),
                                            QStringLiteral("import pathlib, time\n"
                                                           "pathlib.Path('started').touch()\n"
                                                           "while True:\n"
                                                           "    try:\n"
                                                           "        time.sleep(60)\n"
                                                           "    except KeyboardInterrupt:\n"
                                                           "        print('caught', flush=True)\n"
                                                           "        pathlib.Path('caught').touch()"),
                                            QStringLiteral("print('after')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    QElapsedTimer sinceSecond;
    const Finished run = execute(
        m_cumulus, {QStringLiteral("run"), input, QStringLiteral("-o"), output}, 120000,
        [&](QProcess &process) {
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(started) || process.state() == QProcess::NotRunning,
                                     60000);
            QVERIFY2(process.state() != QProcess::NotRunning, "cumulus ended before the cell ran");
            ::kill(pid_t(process.processId()), SIGINT);
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(caught) || process.state() == QProcess::NotRunning,
                                     30000);
            QVERIFY2(process.state() != QProcess::NotRunning,
                     "the first Ctrl+C ended cumulus although the cell went on");
            sinceSecond.start();
            ::kill(pid_t(process.processId()), SIGINT);
            process.waitForFinished(30000);
        });
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!run.timedOut && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    // "Quickly": the kernel is stopped within shutdown's grace, not after the 60 s sleep.
    QVERIFY2(sinceSecond.isValid() && sinceSecond.elapsed() < 15000, qPrintable(run.describe()));
    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    QCOMPARE(streamTextOf(cellOf(saved, 0)), std::string("first cell\n"));
    // What the interrupted cell printed before the second Ctrl+C is saved too.
    QVERIFY2(streamTextOf(cellOf(saved, 1)).find("caught") != std::string::npos,
             shortDump(cellOf(saved, 1)).c_str());
    QVERIFY(cellOf(saved, 2)["outputs"].empty());
}

void TestRunCommand::missingKernelspec()
{
    const QString input = put(QStringLiteral("any.ipynb"), makeNotebook({QStringLiteral("1")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    const Finished run = cumulus({QStringLiteral("run"), input, QStringLiteral("-o"), output,
                                  QStringLiteral("--kernel"), QStringLiteral("nosuch")},
                                 60000);
    QVERIFY2(!run.timedOut && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
    const QStringList lines = QString::fromUtf8(run.err).trimmed().split(QLatin1Char('\n'));
    QVERIFY2(lines.size() == 1, qPrintable(run.describe()));
    QVERIFY2(lines.first().contains(QLatin1String("nosuch")), qPrintable(run.describe()));
    QVERIFY2(lines.first().contains(QLatin1String("kernel"), Qt::CaseInsensitive),
             qPrintable(run.describe()));
    QVERIFY(!QFileInfo::exists(output));
    QVERIFY(run.ms < 30000);
}

void TestRunCommand::millionLines()
{
    const QString input = put(QStringLiteral("million.ipynb"),
                              makeNotebook({QStringLiteral("for i in range(10**6):\n    print(i)"),
                                            QStringLiteral("print('next cell')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    qint64 peakKiB = 0;
    const Finished run = execute(
        m_cumulus, {QStringLiteral("run"), input, QStringLiteral("-o"), output}, 300000,
        [&](QProcess &process) {
            QTimer sampler;
            QObject::connect(&sampler, &QTimer::timeout, [&] {
                peakKiB = std::max(peakKiB, peakRssKiB(process.processId()));
            });
            sampler.start(50);
            QSignalSpy finished(&process, &QProcess::finished);
            finished.wait(300000);
        });
    QVERIFY2(!run.timedOut && run.exitCode == 0, qPrintable(run.describe()));
    qInfo("1,000,000 lines: %lld ms, cumulus peak RSS %lld MiB", run.ms, peakKiB / 1024);

    const qint64 size = QFileInfo(output).size();
    // Default limits: 5 MB and 50,000 lines per stream; the numbers here are 7 bytes a line.
    QVERIFY2(size > 0 && size < 6 * 1024 * 1024, qPrintable(QString::number(size)));
    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    const std::string text = streamTextOf(cellOf(saved, 0));
    QVERIFY(text.rfind("0\n1\n2\n3\n", 0) == 0);
    QVERIFY(text.size() > 7 && text.compare(text.size() - 7, 7, "999999\n") == 0);
    QVERIFY2(text.find("lines hidden") != std::string::npos, text.substr(0, 200).c_str());
    qsizetype lines = 0;
    for (char c : text)
        lines += c == '\n';
    QVERIFY2(lines <= 50'001 + 1, qPrintable(QString::number(lines)));
    QVERIFY(cellOf(saved, 0)["metadata"].contains("cumulus"));
    QCOMPARE(streamTextOf(cellOf(saved, 1)), std::string("next cell\n"));
    QVERIFY2(peakKiB < 1024 * 1024, qPrintable(QString::number(peakKiB)));

    // The saved notebook opens again: `cumulus export --to ipynb` reads and rewrites it.
    const QString exported = m_dir + QStringLiteral("/exported.ipynb");
    const Finished reopen = cumulus({QStringLiteral("export"), output, QStringLiteral("--to"),
                                     QStringLiteral("ipynb"), QStringLiteral("-o"), exported});
    QVERIFY2(reopen.exitCode == 0, qPrintable(reopen.describe()));
    QVERIFY2(reopen.err.isEmpty(), qPrintable(reopen.describe())); // no schema warnings
    QFile a(output);
    QFile b(exported);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QVERIFY2(a.readAll() == b.readAll(), "the saved notebook does not survive a read/write round trip");
}

void TestRunCommand::hugeOutput()
{
    // 200 MB in 1 MiB lines: memory and the saved file stay bounded, the next cell runs.
    const QString input = put(QStringLiteral("huge.ipynb"),
                              makeNotebook({QStringLiteral("import sys\n"
                                                           "chunk = 'y' * (1 << 20) + '\\n'\n"
                                                           "for _ in range(200):\n"
                                                           "    sys.stdout.write(chunk)"),
                                            QStringLiteral("print('next cell')")}));
    const QString output = m_dir + QStringLiteral("/out.ipynb");
    qint64 peakKiB = 0;
    const Finished run = execute(
        m_cumulus, {QStringLiteral("run"), input, QStringLiteral("-o"), output}, 300000,
        [&](QProcess &process) {
            QTimer sampler;
            QObject::connect(&sampler, &QTimer::timeout, [&] {
                peakKiB = std::max(peakKiB, peakRssKiB(process.processId()));
            });
            sampler.start(50);
            QSignalSpy finished(&process, &QProcess::finished);
            finished.wait(300000);
        });
    QVERIFY2(!run.timedOut && run.exitCode == 0, qPrintable(run.describe()));
    qInfo("200 MB of output: %lld ms, cumulus peak RSS %lld MiB", run.ms, peakKiB / 1024);
    const qint64 size = QFileInfo(output).size();
    QVERIFY2(size > 0 && size < 6 * 1024 * 1024, qPrintable(QString::number(size)));
    QString error;
    const json saved = readJson(output, &error);
    QVERIFY2(!saved.is_null(), qPrintable(error));
    const std::string text = streamTextOf(cellOf(saved, 0));
    QVERIFY2(text.find("hidden") != std::string::npos, text.substr(0, 200).c_str());
    QCOMPARE(streamTextOf(cellOf(saved, 1)), std::string("next cell\n"));
    // Not the whole 200 MB (let alone copies of it) in memory at once.
    QVERIFY2(peakKiB < 1024 * 1024, qPrintable(QString::number(peakKiB)));
}

QTEST_GUILESS_MAIN(TestRunCommand)
#include "tst_runcommand.moc"
