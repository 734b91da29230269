// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Reading and writing .ipynb files against Jupyter's own nbformat (Debian 12, 5.5.0).
//
// The corpus under tests/data/notebooks/ (made by tests/data/make_corpus.py, expectations in
// its manifest.json) is read in-process with nbformat::readFile() and exported with
// `cumulus export FILE --to ipynb`; both must give exactly the bytes of
//   /usr/bin/python3 -c "import nbformat,sys; sys.stdout.write(nbformat.writes(
//       nbformat.read(sys.argv[1], as_version=4)) + '\n')" FILE
// except for cell ids that nbformat invents at random (v3 upgrades, 4.5 repairs), which are
// compared by shape. Damaged files must be refused with one error naming the file; huge and
// deeply nested inputs must give a clean result or a clean error; writes are atomic.

#include "nbformat/nbformat.h"
#include "notebook/notebook.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace cumulus;
namespace nbf = cumulus::nbformat;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

// The reference command from the requirement, verbatim.
const QString kReferenceScript = QStringLiteral(
    "import nbformat,sys; sys.stdout.write(nbformat.writes(nbformat.read(sys.argv[1], "
    "as_version=4)) + '\\n')");

// Asks nbformat what it makes of every corpus file: "valid" (reads and writes without a
// word), "invalid" (reads, but reports a schema error or repairs cell ids) or "error"
// (refuses it, or could not write it as UTF-8). Prints one JSON object.
// (A plain char array: moc's preprocessor trips over raw strings inside QStringLiteral.)
const char kProbeScript[] = R"PY(
import json, os, sys, warnings
import nbformat
from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning
root = sys.argv[1]
with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
    manifest = json.load(f)
verdicts = {}
for rel in manifest:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            captured = {}
            nb = nbformat.read(os.path.join(root, rel), as_version=4,
                               capture_validation_error=captured)
            (nbformat.writes(nb) + "\n").encode("utf-8")
        repaired = [w for w in caught
                    if issubclass(w.category, (DuplicateCellId, MissingIDFieldWarning))]
        verdicts[rel] = "invalid" if captured or repaired else "valid"
    except BaseException:
        verdicts[rel] = "error"
print(json.dumps(verdicts))
)PY";

/// The error's text, or "" on success: QVERIFY2 evaluates its message even when the check
/// passes, so the message must not touch error() of a successful Result.
template<typename T>
QString errorText(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().toString();
}

QString corpusDir()
{
    return QStringLiteral(CUMULUS_TEST_DATA "/notebooks");
}

QString corpusPath(const QString &rel)
{
    return corpusDir() + QLatin1Char('/') + rel;
}

QString cumulusExecutable()
{
    return QStringLiteral(CUMULUS_EXECUTABLE);
}

const nlohmann::json &manifest()
{
    static const nlohmann::json parsed = [] {
        std::ifstream in(
            QFile::encodeName(corpusPath(QStringLiteral("manifest.json"))).toStdString());
        nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
        return json.is_object() ? json : nlohmann::json::object();
    }();
    return parsed;
}

const nlohmann::json &entryOf(const QString &rel)
{
    static const nlohmann::json empty = nlohmann::json::object();
    const auto &all = manifest();
    auto it = all.find(rel.toStdString());
    return it != all.end() && it->is_object() ? *it : empty;
}

QString expectOf(const QString &rel)
{
    return QString::fromStdString(entryOf(rel).value("expect", std::string()));
}

QStringList warningPathsOf(const QString &rel)
{
    QStringList paths;
    for (const auto &path : entryOf(rel).value("paths", nlohmann::json::array()))
        if (path.is_string())
            paths << QString::fromStdString(path.get<std::string>());
    return paths;
}

QString errorPathOf(const QString &rel)
{
    return QString::fromStdString(entryOf(rel).value("path", std::string()));
}

int errorLineOf(const QString &rel)
{
    return entryOf(rel).value("line", 0);
}

QStringList corpusFiles()
{
    QStringList files;
    QDirIterator it(corpusDir(), {QStringLiteral("*.ipynb")}, QDir::Files,
                    QDirIterator::Subdirectories);
    const QDir root(corpusDir());
    while (it.hasNext())
        files << root.relativeFilePath(it.next());
    files.sort();
    return files;
}

enum class Rows { Readable, Broken, All };

/// One row per manifest entry, named after its corpus path ("versions/v4.5.ipynb").
void addCorpusRows(Rows rows)
{
    QTest::addColumn<QString>("file");
    for (const auto &[key, entry] : manifest().items()) {
        const QString rel = QString::fromStdString(key);
        const bool broken = expectOf(rel) == QLatin1String("error");
        if (rows == Rows::All || (rows == Rows::Broken) == broken)
            QTest::newRow(key.c_str()) << rel;
    }
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(bytes) == bytes.size();
}

QByteArray toQByteArray(const std::string &bytes)
{
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

struct ProcessResult
{
    bool started = false;
    bool crashed = false;
    bool timedOut = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    /// One line for a failure message.
    QString describe() const
    {
        if (!started)
            return QStringLiteral("did not start");
        if (timedOut)
            return QStringLiteral("timed out");
        if (crashed)
            return QStringLiteral("crashed; stderr: ") + QString::fromUtf8(err.right(2000));
        return QStringLiteral("exit code %1; stderr: %2")
            .arg(exitCode)
            .arg(QString::fromUtf8(err.right(2000)));
    }
};

ProcessResult runProcess(const QString &program, const QStringList &args, int timeoutMs = 120000,
                         const std::function<void()> &childModifier = {})
{
    ProcessResult result;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONIOENCODING"), QStringLiteral("utf-8"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    if (childModifier)
        process.setChildProcessModifier(childModifier);
    process.start(program, args);
    result.started = process.waitForStarted(30000);
    if (!result.started)
        return result;
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(5000);
    }
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

bool runningAsRoot();

/// The executable as "nobody" can start it: the build tree may sit in a 0700 directory
/// (a clone in `mktemp -d`), so root's runs as nobody use a copy in a world-readable one.
QString executableForNobody()
{
    static QTemporaryDir dir;
    static QString copy;
    if (copy.isEmpty() && dir.isValid()) {
        const auto traversable = QFileDevice::ReadOwner | QFileDevice::WriteOwner
            | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::ExeOther;
        QFile::setPermissions(dir.path(), traversable);
        const QString target = dir.filePath(QStringLiteral("cumulus"));
        if (QFile::copy(cumulusExecutable(), target) && QFile::setPermissions(target, traversable))
            copy = target;
    }
    return copy.isEmpty() ? cumulusExecutable() : copy;
}

ProcessResult runCumulus(const QStringList &args, const std::function<void()> &childModifier = {})
{
    // Only a child modifier drops privileges (dropToNobody).
    const QString executable = childModifier && runningAsRoot() ? executableForNobody()
                                                                : cumulusExecutable();
    return runProcess(executable, args, 180000, childModifier);
}

/// Empty when @p err is exactly one non-empty line (with or without its newline).
QString oneLineProblem(const QByteArray &err)
{
    QByteArray text = err;
    if (text.endsWith('\n'))
        text.chop(1);
    if (text.trimmed().isEmpty())
        return QStringLiteral("stderr is empty");
    if (text.contains('\n'))
        return QStringLiteral("stderr has %1 lines:\n%2")
            .arg(text.count('\n') + 1)
            .arg(QString::fromUtf8(text.left(4000)));
    return {};
}

QString printable(const QByteArray &line)
{
    QString out;
    for (const QChar c : QString::fromUtf8(line.left(300))) {
        if (c.isPrint() || c == QLatin1Char(' '))
            out += c;
        else
            out += QStringLiteral("\\u%1").arg(uint(c.unicode()), 4, 16, QLatin1Char('0'));
    }
    if (line.size() > 300)
        out += QStringLiteral("…");
    return out;
}

/// True when @p text names the JSON path @p path: literally ("cells[0].metadata") or as its
/// parent plus the key ("cells[0]: missing required key 'metadata'").
bool namesJsonPath(const QString &text, const QString &path)
{
    if (text.contains(path))
        return true;
    const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
    return dot > 0 && text.contains(path.left(dot)) && text.contains(path.mid(dot + 1));
}

bool isValidIdShape(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-zA-Z0-9-_]+$"));
    return id.size() >= 1 && id.size() <= 64 && pattern.match(id).hasMatch();
}

/// nbformat's output with the values of the cells' "id" lines taken out: cell keys sit at
/// exactly three spaces of indent inside the top-level "cells" list (indent=1, sorted keys).
struct IdSplit
{
    QList<QByteArray> lines;
    QStringList ids;
};

IdSplit splitIds(const QByteArray &text)
{
    static const QRegularExpression idLine(
        QStringLiteral("^   \"id\": \"((?:[^\"\\\\]|\\\\.)*)\"(,?)$"));
    IdSplit split;
    split.lines = text.split('\n');
    bool inCells = false;
    for (QByteArray &line : split.lines) {
        if (line == " \"cells\": [") {
            inCells = true;
        } else if (inCells && (line == " ]," || line == " ]")) {
            inCells = false;
        } else if (inCells && line.startsWith("   \"id\": ")) {
            const QRegularExpressionMatch match = idLine.match(QString::fromUtf8(line));
            if (match.hasMatch()) {
                split.ids << match.captured(1);
                line = "   \"id\": <id>" + match.captured(2).toUtf8();
            }
        }
    }
    return split;
}

QString firstDifference(const QList<QByteArray> &actual, const QList<QByteArray> &expected)
{
    const qsizetype common = std::min(actual.size(), expected.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (actual[i] == expected[i])
            continue;
        QString message = QStringLiteral("first difference at line %1:\n").arg(i + 1);
        for (qsizetype j = std::max<qsizetype>(0, i - 2); j < i; ++j)
            message += QStringLiteral("    both:     %1\n").arg(printable(expected[j]));
        message += QStringLiteral("    expected: %1\n    actual:   %2")
                       .arg(printable(expected[i]), printable(actual[i]));
        return message;
    }
    if (actual.size() != expected.size())
        return QStringLiteral("actual has %1 lines, nbformat's output %2 (trailing newline?); "
                              "first extra line: %3")
            .arg(actual.size())
            .arg(expected.size())
            .arg(printable(actual.size() > expected.size() ? actual[common] : expected[common]));
    return {};
}

/**
 * Compares a written notebook with nbformat's bytes. Ids that nbformat kept from @p input
 * must be identical; ids nbformat invented (absent from the input) are random, so the
 * actual id there only needs the 4.5 shape; all ids must be unique. Returns "" when equal.
 */
QString compareNotebookBytes(const QByteArray &actual, const QByteArray &expected,
                             const QByteArray &input)
{
    if (actual == expected)
        return {};
    const IdSplit a = splitIds(actual);
    const IdSplit e = splitIds(expected);
    if (const QString diff = firstDifference(a.lines, e.lines); !diff.isEmpty())
        return diff;
    if (a.ids.size() != e.ids.size())
        return QStringLiteral("%1 cell ids written, nbformat wrote %2")
            .arg(a.ids.size())
            .arg(e.ids.size());
    QSet<QString> seen;
    for (qsizetype i = 0; i < e.ids.size(); ++i) {
        const bool kept = input.contains(QByteArray("\"" + e.ids[i].toUtf8() + "\""));
        if (kept && a.ids[i] != e.ids[i])
            return QStringLiteral("cell %1: id %2 should have been kept as %3")
                .arg(i)
                .arg(a.ids[i], e.ids[i]);
        if (!isValidIdShape(a.ids[i]))
            return QStringLiteral("cell %1: invented id \"%2\" does not match ^[a-zA-Z0-9-_]+$ "
                                  "(1-64 chars)")
                .arg(i)
                .arg(a.ids[i]);
        if (seen.contains(a.ids[i]))
            return QStringLiteral("cell %1: id \"%2\" is not unique").arg(i).arg(a.ids[i]);
        seen.insert(a.ids[i]);
    }
    return {};
}

QString describeWarnings(const QList<nbf::ValidationWarning> &warnings)
{
    QStringList lines;
    for (const auto &warning : warnings)
        lines << QStringLiteral("    ") + warning.toString();
    return lines.join(QLatin1Char('\n'));
}

bool containsNan(const nlohmann::json &json)
{
    if (json.is_number_float())
        return std::isnan(json.get<double>());
    if (json.is_structured())
        for (const auto &item : json)
            if (containsNan(item))
                return true;
    return false;
}

bool containsNan(const Notebook &notebook)
{
    if (containsNan(notebook.metadata()) || containsNan(notebook.extraKeys()))
        return true;
    for (const Cell &cell : notebook.cells())
        if (containsNan(cell.toJson()))
            return true;
    return false;
}

/// A notebook whose one code cell holds @p sourceBytes of text in 64-byte lines.
Notebook notebookWithSource(qsizetype sourceBytes)
{
    Notebook notebook;
    Cell cell(CellType::Code);
    cell.setId("big");
    std::string source;
    source.reserve(size_t(sourceBytes));
    while (qsizetype(source.size()) < sourceBytes)
        source += std::string(63, 'x') + '\n';
    cell.setSource(std::move(source));
    notebook.cells().push_back(std::move(cell));
    return notebook;
}

/// Temporarily lowers RLIMIT_FSIZE so that writes past @p bytes fail with EFBIG, as on a
/// full disk; this also works as root, for whom a read-only directory is writable.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_previousHandler = ::signal(SIGXFSZ, SIG_IGN); // else the kernel kills us
        if (getrlimit(RLIMIT_FSIZE, &m_previous) != 0)
            return;
        rlimit limit = m_previous;
        limit.rlim_cur = bytes;
        m_active = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit()
    {
        if (m_active)
            setrlimit(RLIMIT_FSIZE, &m_previous);
        ::signal(SIGXFSZ, m_previousHandler);
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;
    bool isActive() const { return m_active; }

private:
    rlimit m_previous{};
    void (*m_previousHandler)(int) = SIG_DFL;
    bool m_active = false;
};

/// Runs in the CLI's child process between fork and exec (async-signal-safe calls only).
void limitChildFileSize()
{
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{};
    if (getrlimit(RLIMIT_FSIZE, &limit) == 0) {
        limit.rlim_cur = 4096;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
}

/// Child-process modifier: run as "nobody", so that permissions apply even when the tests
/// run as root (as CI does). Exits 126 when privileges cannot be dropped.
void dropToNobody()
{
    if (::geteuid() != 0)
        return;
    if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
        ::_exit(126);
}

bool runningAsRoot() { return ::geteuid() == 0; }

/// A copy of corpus file @p name that "nobody" can read (the checkout may sit in a 0700
/// directory), in @p dir.
QString worldReadableCopy(const QTemporaryDir &dir, const QString &name)
{
    QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                          | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                          | QFileDevice::ExeOther | QFileDevice::ReadGroup
                                          | QFileDevice::ExeGroup);
    const QString copy = dir.filePath(QStringLiteral("input.ipynb"));
    QFile::remove(copy);
    QFile::copy(corpusPath(name), copy);
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                    | QFileDevice::ReadOther | QFileDevice::ReadGroup);
    return copy;
}

/// Makes a directory read-only for the lifetime of the object; tells whether the
/// permission is actually enforced (it is not for root).
class ReadOnlyDir
{
public:
    explicit ReadOnlyDir(const QString &path)
        : m_path(path)
    {
        m_previous = QFile::permissions(path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup
                                        | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
        QFile probe(path + QStringLiteral("/.probe"));
        m_enforced = !probe.open(QIODevice::WriteOnly);
        if (!m_enforced)
            probe.remove();
    }
    ~ReadOnlyDir() { QFile::setPermissions(m_path, m_previous); }
    ReadOnlyDir(const ReadOnlyDir &) = delete;
    ReadOnlyDir &operator=(const ReadOnlyDir &) = delete;
    bool isEnforced() const { return m_enforced; }

private:
    QString m_path;
    QFileDevice::Permissions m_previous;
    bool m_enforced = false;
};

QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

} // namespace

/// Skips a comparison with nbformat when Debian's nbformat is not installed, except in CI
/// (where the CI variable is set), where a missing reference must fail the run.
#define REQUIRE_NBFORMAT()                                                                         \
    do {                                                                                           \
        if (!m_havePython) {                                                                       \
            if (qEnvironmentVariableIsSet("CI"))                                                   \
                QFAIL("/usr/bin/python3 cannot import nbformat, and CI must not skip this");       \
            QSKIP("/usr/bin/python3 cannot import nbformat: no reference (install "                \
                  "python3-nbformat)");                                                            \
        }                                                                                          \
    } while (false)

class TestNbformatIo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // The corpus itself
    void corpusIsComplete();
    void manifestMatchesNbformat_data() { addCorpusRows(Rows::All); }
    void manifestMatchesNbformat();

    // Readable notebooks: same bytes as nbformat, in-process and through the CLI
    void readWriteMatchesNbformat_data() { addCorpusRows(Rows::Readable); }
    void readWriteMatchesNbformat();
    void cliMatchesNbformat_data() { addCorpusRows(Rows::Readable); }
    void cliMatchesNbformat();
    void warnings_data() { addCorpusRows(Rows::Readable); }
    void warnings();
    void roundTrip_data() { addCorpusRows(Rows::Readable); }
    void roundTrip();
    void readVariantsAgree_data() { addCorpusRows(Rows::Readable); }
    void readVariantsAgree();
    void originalVersion_data();
    void originalVersion();
    void writeToSink();

    // Damaged files
    void brokenIsRefused_data() { addCorpusRows(Rows::Broken); }
    void brokenIsRefused();
    void brokenCli_data() { addCorpusRows(Rows::Broken); }
    void brokenCli();
    void missingFile();
    void hugeString();
    void deepNesting_data();
    void deepNesting();

    // Atomic writes
    void saveReplacesFile();
    void writeIntoReadOnlyDirectory();
    void writeOntoDirectory();
    void writeIntoMissingDirectory();
    void writeBeyondFileSizeLimit_data();
    void writeBeyondFileSizeLimit();
    void writeToDevFull();

    // The rest of the CLI
    void cliOutputFile();
    void cliOutputFileFailures_data();
    void cliOutputFileFailures();
    void cliUsageErrors_data();
    void cliUsageErrors();
    void cliToPy();

private:
    /// nbformat's bytes for a corpus file (cached: each test that needs them asks).
    const ProcessResult &reference(const QString &rel);
    bool requireCli();

    bool m_havePython = false;
    QHash<QString, QString> m_verdicts;
    QHash<QString, ProcessResult> m_references;
};

void TestNbformatIo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!manifest().empty(), "tests/data/notebooks/manifest.json is missing or not JSON; "
                                  "run tests/data/make_corpus.py");

    const ProcessResult probe
        = runProcess(kPython, {QStringLiteral("-c"), QStringLiteral("import nbformat")});
    m_havePython = probe.started && !probe.crashed && probe.exitCode == 0;
    if (!m_havePython) {
        qWarning("%s cannot import nbformat (%s): comparisons with nbformat are skipped; "
                 "install python3-nbformat (CI must not skip them)",
                 qPrintable(kPython), qPrintable(probe.describe()));
        return;
    }
    const ProcessResult verdicts
        = runProcess(kPython, {QStringLiteral("-c"), QString::fromUtf8(kProbeScript), corpusDir()});
    QVERIFY2(verdicts.started && !verdicts.crashed && verdicts.exitCode == 0,
             qPrintable(verdicts.describe()));
    const auto json = nlohmann::json::parse(verdicts.out.toStdString(), nullptr, false);
    QVERIFY2(json.is_object(), verdicts.out.constData());
    for (const auto &[key, value] : json.items())
        m_verdicts.insert(QString::fromStdString(key),
                          QString::fromStdString(value.get<std::string>()));
}

const ProcessResult &TestNbformatIo::reference(const QString &rel)
{
    auto it = m_references.find(rel);
    if (it == m_references.end())
        it = m_references.insert(
            rel, runProcess(kPython, {QStringLiteral("-c"), kReferenceScript, corpusPath(rel)}));
    return *it;
}

bool TestNbformatIo::requireCli()
{
    if (QFileInfo(cumulusExecutable()).isExecutable())
        return true;
    QTest::qFail(qPrintable(QStringLiteral("the cumulus executable %1 is not built (build the "
                                           "'cumulus' target)")
                                .arg(cumulusExecutable())),
                 __FILE__, __LINE__);
    return false;
}

// ---------------------------------------------------------------------------------------------

void TestNbformatIo::corpusIsComplete()
{
    const QStringList files = corpusFiles();
    QVERIFY2(files.size() >= 60,
             qPrintable(QStringLiteral("only %1 corpus files").arg(files.size())));
    qint64 total = 0;
    for (const QString &rel : files) {
        QVERIFY2(
            manifest().contains(rel.toStdString()),
            qPrintable(rel + QStringLiteral(" has no manifest entry: add it in make_corpus.py")));
        total += QFileInfo(corpusPath(rel)).size();
    }
    for (const auto &[key, entry] : manifest().items()) {
        const QString rel = QString::fromStdString(key);
        QVERIFY2(files.contains(rel),
                 qPrintable(rel + QStringLiteral(" is in the manifest but missing")));
        const QString expect = expectOf(rel);
        QVERIFY2(expect == QLatin1String("ok") || expect == QLatin1String("warnings")
                     || expect == QLatin1String("error"),
                 qPrintable(rel + QStringLiteral(": bad expectation ") + expect));
    }
    QVERIFY2(total < 2 * 1024 * 1024, qPrintable(QStringLiteral("corpus is %1 bytes").arg(total)));
    // The kinds of file the requirement names must be there.
    for (const char *required : {"jupyter/Inline Image.ipynb",
                                 "jupyter/SVG.ipynb",
                                 "jupyter/Unicode.ipynb",
                                 "jupyter/JupyterWidgets.ipynb",
                                 "jupyter/update-display-id.ipynb",
                                 "jupyter/Clear Output.ipynb",
                                 "jupyter/Error.ipynb",
                                 "jupyter/Other Comms.ipynb",
                                 "versions/v3.ipynb",
                                 "versions/v4.0.ipynb",
                                 "versions/v4.1.ipynb",
                                 "versions/v4.2.ipynb",
                                 "versions/v4.3.ipynb",
                                 "versions/v4.4.ipynb",
                                 "versions/v4.5.ipynb",
                                 "features/attachments.ipynb",
                                 "features/text-edge-cases.ipynb",
                                 "features/numbers.ipynb",
                                 "warnings/id-in-4.4.ipynb",
                                 "warnings/kernelspec-string.ipynb",
                                 "warnings/illegal-id.ipynb",
                                 "broken/empty.ipynb",
                                 "broken/truncated.ipynb",
                                 "broken/not-an-object.ipynb",
                                 "broken/unknown-major-5.ipynb",
                                 "broken/v3-no-worksheets.ipynb",
                                 "broken/no-cells.ipynb",
                                 "broken/cell-without-metadata.ipynb",
                                 "broken/duplicate-ids-4.5.ipynb"})
        QVERIFY2(files.contains(QString::fromUtf8(required)), required);
}

void TestNbformatIo::manifestMatchesNbformat()
{
    QFETCH(QString, file);
    REQUIRE_NBFORMAT();
    const QString expect = expectOf(file);
    const QString verdict = m_verdicts.value(file);
    const QString wanted = expect == QLatin1String("ok")         ? QStringLiteral("valid")
                           : expect == QLatin1String("warnings") ? QStringLiteral("invalid")
                                                                 : QStringLiteral("error");
    QVERIFY2(
        verdict == wanted,
        qPrintable(QStringLiteral("manifest says \"%1\" but nbformat finds the file %2; fix "
                                  "make_corpus.py")
                       .arg(expect, verdict.isEmpty() ? QStringLiteral("(not probed)") : verdict)));
}

void TestNbformatIo::readWriteMatchesNbformat()
{
    QFETCH(QString, file);
    REQUIRE_NBFORMAT();
    const ProcessResult &ref = reference(file);
    QVERIFY2(!ref.crashed && ref.exitCode == 0,
             qPrintable(QStringLiteral("nbformat: ") + ref.describe()));

    const auto result = nbf::readFile(corpusPath(file));
    QVERIFY2(result.ok(), qPrintable(errorText(result)));
    const QByteArray written = toQByteArray(nbf::toBytes(result->notebook));
    const QString diff = compareNotebookBytes(written, ref.out, readAll(corpusPath(file)));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestNbformatIo::cliMatchesNbformat()
{
    QFETCH(QString, file);
    REQUIRE_NBFORMAT();
    if (!requireCli())
        return;
    const ProcessResult &ref = reference(file);
    QVERIFY2(!ref.crashed && ref.exitCode == 0,
             qPrintable(QStringLiteral("nbformat: ") + ref.describe()));

    const ProcessResult cli = runCumulus({QStringLiteral("export"), corpusPath(file),
                                          QStringLiteral("--to"), QStringLiteral("ipynb")});
    QVERIFY2(cli.started && !cli.crashed && !cli.timedOut && cli.exitCode == 0,
             qPrintable(QStringLiteral("cumulus export: ") + cli.describe()));
    const QString diff = compareNotebookBytes(cli.out, ref.out, readAll(corpusPath(file)));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestNbformatIo::warnings()
{
    QFETCH(QString, file);
    const auto result = nbf::readFile(corpusPath(file));
    QVERIFY2(result.ok(), qPrintable(errorText(result)));
    const QList<nbf::ValidationWarning> &found = result->warnings;

    if (expectOf(file) == QLatin1String("ok")) {
        QVERIFY2(found.isEmpty(),
                 qPrintable(QStringLiteral("nbformat finds this file valid, but Cumulus warns:\n")
                            + describeWarnings(found)));
        return;
    }
    QVERIFY2(!found.isEmpty(), "nbformat reports schema problems here; Cumulus gave no warning");
    for (const auto &warning : found)
        QVERIFY2(!warning.toString().trimmed().isEmpty(), "a warning without text");
    for (const QString &path : warningPathsOf(file)) {
        const bool named = std::any_of(found.begin(), found.end(), [&](const auto &warning) {
            return namesJsonPath(warning.toString(), path);
        });
        QVERIFY2(named, qPrintable(QStringLiteral("no warning names %1; got:\n%2")
                                       .arg(path, describeWarnings(found))));
    }
    // The warnings are also what validate() finds on the notebook as read, unless the reader
    // repaired something (ids) or warned about the file before conversion.
    if (file.startsWith(QLatin1String("warnings/kernelspec-string"))
        || file.startsWith(QLatin1String("warnings/id-in-4.4"))) {
        const auto validated = nbf::validate(result->notebook);
        QVERIFY2(!validated.isEmpty(),
                 "validate() finds nothing on a notebook that read with warnings");
    }
}

void TestNbformatIo::roundTrip()
{
    QFETCH(QString, file);
    const auto first = nbf::readFile(corpusPath(file));
    QVERIFY2(first.ok(), qPrintable(errorText(first)));
    const std::string bytes = nbf::toBytes(first->notebook);

    const auto second = nbf::readBytes(bytes, file);
    QVERIFY2(second.ok(),
             qPrintable(QStringLiteral("reading back what we wrote: ") + errorText(second)));
    // NaN != NaN, so notebooks holding NaN are compared through their bytes only.
    if (!containsNan(first->notebook))
        QVERIFY2(second->notebook == first->notebook, "read → write → read changed the notebook");
    const std::string again = nbf::toBytes(second->notebook);
    if (again != bytes)
        QFAIL(qPrintable(
            QStringLiteral("writing what we read back gives other bytes: ")
            + firstDifference(toQByteArray(again).split('\n'), toQByteArray(bytes).split('\n'))));

    // The same through a file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("copy.ipynb"));
    const auto written = nbf::writeFile(first->notebook, path);
    QVERIFY2(written.ok(), qPrintable(errorText(written)));
    QVERIFY2(readAll(path) == toQByteArray(bytes), "writeFile() wrote other bytes than toBytes()");
    const auto third = nbf::readFile(path);
    QVERIFY2(third.ok(), qPrintable(errorText(third)));
    if (!containsNan(first->notebook))
        QVERIFY(third->notebook == first->notebook);
}

void TestNbformatIo::readVariantsAgree()
{
    QFETCH(QString, file);
    const QString path = corpusPath(file);
    const QByteArray input = readAll(path);
    const auto fromFile = nbf::readFile(path);
    QVERIFY2(fromFile.ok(), qPrintable(errorText(fromFile)));
    const QByteArray expected = toQByteArray(nbf::toBytes(fromFile->notebook));

    const auto fromBytes
        = nbf::readBytes(std::string_view(input.constData(), size_t(input.size())), file);
    QVERIFY2(fromBytes.ok(), qPrintable(errorText(fromBytes)));
    QString diff
        = compareNotebookBytes(toQByteArray(nbf::toBytes(fromBytes->notebook)), expected, input);
    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("readBytes: ") + diff));
    QCOMPARE(fromBytes->warnings.size(), fromFile->warnings.size());

    QFile device(path);
    QVERIFY(device.open(QIODevice::ReadOnly));
    const auto fromDevice = nbf::readDevice(device, file);
    QVERIFY2(fromDevice.ok(), qPrintable(errorText(fromDevice)));
    diff = compareNotebookBytes(toQByteArray(nbf::toBytes(fromDevice->notebook)), expected, input);
    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("readDevice(QFile): ") + diff));

    QBuffer buffer;
    buffer.setData(input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto fromBuffer = nbf::readDevice(buffer, file);
    QVERIFY2(fromBuffer.ok(), qPrintable(errorText(fromBuffer)));
    diff = compareNotebookBytes(toQByteArray(nbf::toBytes(fromBuffer->notebook)), expected, input);
    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("readDevice(QBuffer): ") + diff));
}

void TestNbformatIo::originalVersion_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("major");
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("minorInMemory");
    QTest::newRow("v3") << QStringLiteral("versions/v3.ipynb") << 3 << 0 << 5;
    QTest::newRow("v3 old lines") << QStringLiteral("versions/v3-old-lines.ipynb") << 3 << 0 << 5;
    for (int minor = 0; minor <= 5; ++minor)
        QTest::addRow("v4.%d", minor) << QStringLiteral("versions/v4.%1.ipynb").arg(minor) << 4
                                      << minor << minor; // nbformat does not upgrade 4.x minors
    QTest::newRow("v4.9 future") << QStringLiteral("versions/v4.9-future.ipynb") << 4 << 9 << 9;
}

void TestNbformatIo::originalVersion()
{
    QFETCH(QString, file);
    QFETCH(int, major);
    QFETCH(int, minor);
    QFETCH(int, minorInMemory);
    const auto result = nbf::readFile(corpusPath(file));
    QVERIFY2(result.ok(), qPrintable(errorText(result)));
    QCOMPARE(result->originalMajor, major);
    QCOMPARE(result->originalMinor, minor);
    QCOMPARE(result->notebook.nbformat(), 4);
    QCOMPARE(result->notebook.nbformatMinor(), minorInMemory);
    if (major == 3) {
        // Upgraded cells all get fresh, valid, unique ids.
        std::set<std::string> ids;
        for (const Cell &cell : result->notebook.cells()) {
            QVERIFY(isValidIdShape(QString::fromStdString(cell.id())));
            ids.insert(cell.id());
        }
        QCOMPARE(ids.size(), result->notebook.cells().size());
    }
}

void TestNbformatIo::writeToSink()
{
    const Notebook notebook = notebookWithSource(1 << 20); // several chunks
    const std::string whole = nbf::toBytes(notebook);

    std::string collected;
    int chunks = 0;
    QVERIFY(nbf::write(notebook, [&](std::string_view chunk) {
        collected.append(chunk);
        ++chunks;
        return true;
    }));
    QVERIFY(collected == whole);
    QVERIFY(chunks >= 1);

    int calls = 0;
    QVERIFY(!nbf::write(notebook, [&](std::string_view) {
        ++calls;
        return false;
    }));
    QCOMPARE(calls, 1); // a refused chunk stops the writer
}

// ---------------------------------------------------------------------------------------------

void TestNbformatIo::brokenIsRefused()
{
    QFETCH(QString, file);
    const QString path = corpusPath(file);
    const QString name = QFileInfo(path).fileName();
    const QString jsonPath = errorPathOf(file);
    const int line = errorLineOf(file);

    const auto result = nbf::readFile(path);
    QVERIFY2(!result.ok(), "a file nbformat refuses was read");
    const Error &error = result.error();
    const QString text = error.toString();
    QVERIFY2(!error.message.trimmed().isEmpty(), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1Char('\n')),
             qPrintable(QStringLiteral("not one line: ") + text));
    QVERIFY2(text.contains(name), qPrintable(QStringLiteral("does not name the file: ") + text));
    if (!jsonPath.isEmpty())
        QVERIFY2(namesJsonPath(text, jsonPath),
                 qPrintable(QStringLiteral("does not name %1: %2").arg(jsonPath, text)));
    if (line > 0)
        QVERIFY2(error.line == line,
                 qPrintable(QStringLiteral("line %1 expected: %2").arg(line).arg(text)));

    // The same error from bytes and from a device.
    const QByteArray input = readAll(path);
    const auto fromBytes
        = nbf::readBytes(std::string_view(input.constData(), size_t(input.size())), name);
    QVERIFY2(!fromBytes.ok(), "readBytes() accepted what readFile() refused");
    QVERIFY2(errorText(fromBytes).contains(name), qPrintable(errorText(fromBytes)));
    QBuffer buffer;
    buffer.setData(input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const auto fromDevice = nbf::readDevice(buffer, name);
    QVERIFY2(!fromDevice.ok(), "readDevice() accepted what readFile() refused");
    QVERIFY2(errorText(fromDevice).contains(name), qPrintable(errorText(fromDevice)));
}

void TestNbformatIo::brokenCli()
{
    QFETCH(QString, file);
    if (!requireCli())
        return;
    const QString path = corpusPath(file);
    const QString name = QFileInfo(path).fileName();
    const ProcessResult cli = runCumulus(
        {QStringLiteral("export"), path, QStringLiteral("--to"), QStringLiteral("ipynb")});
    QVERIFY2(cli.started && !cli.crashed && !cli.timedOut, qPrintable(cli.describe()));
    QVERIFY2(cli.exitCode != 0, "exit code 0 for a file nbformat refuses");
    QVERIFY2(cli.out.isEmpty(),
             qPrintable(QStringLiteral("wrote to stdout: ") + printable(cli.out)));
    const QString problem = oneLineProblem(cli.err);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString message = QString::fromUtf8(cli.err).trimmed();
    QVERIFY2(message.contains(name),
             qPrintable(QStringLiteral("does not name the file: ") + message));
    if (const QString jsonPath = errorPathOf(file); !jsonPath.isEmpty())
        QVERIFY2(namesJsonPath(message, jsonPath),
                 qPrintable(QStringLiteral("does not name %1: %2").arg(jsonPath, message)));
    if (const int line = errorLineOf(file); line > 0)
        QVERIFY2(message.contains(QStringLiteral(":%1").arg(line)),
                 qPrintable(QStringLiteral("does not name line %1: %2").arg(line).arg(message)));
}

void TestNbformatIo::missingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("does-not-exist.ipynb"));
    const auto result = nbf::readFile(path);
    QVERIFY(!result.ok());
    QVERIFY2(errorText(result).contains(QStringLiteral("does-not-exist.ipynb")),
             qPrintable(errorText(result)));

    // A directory is not a notebook either.
    const auto onDir = nbf::readFile(dir.path());
    QVERIFY(!onDir.ok());
    QVERIFY2(errorText(onDir).contains(QFileInfo(dir.path()).fileName()),
             qPrintable(errorText(onDir)));
}

void TestNbformatIo::hugeString()
{
    // A 100 MiB source string (in 1 KiB lines) must read, write and export cleanly, or fail
    // with a clean error; either way within the test's timeout.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("huge.ipynb"));
    constexpr qsizetype kLines = 100 * 1024;
    const QByteArray line(1023, 'x');
    QByteArray expected;
    {
        QByteArray file;
        file.reserve(kLines * 1026 + 256);
        expected.reserve(kLines * 1033 + 256);
        file
            += "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": null, \"id\": \"big\", "
               "\"metadata\": {}, \"outputs\": [], \"source\": \"";
        expected
            += "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n"
               "   \"id\": \"big\",\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n";
        for (qsizetype i = 0; i < kLines; ++i) {
            file += line + "\\n";
            expected += "    \"" + line + "\\n\"" + (i + 1 < kLines ? ",\n" : "\n");
        }
        file += "\"}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n";
        expected
            += "   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
        QVERIFY(writeAll(path, file));
    }

    QElapsedTimer timer;
    timer.start();
    {
        const auto result = nbf::readFile(path);
        if (!result.ok()) {
            QVERIFY2(errorText(result).contains(QStringLiteral("huge.ipynb")),
                     qPrintable(errorText(result)));
            qInfo("100 MiB string refused: %s", qPrintable(errorText(result)));
        } else {
            QCOMPARE(result->notebook.cells().size(), size_t(1));
            QCOMPARE(qsizetype(result->notebook.cells()[0].source().size()), kLines * 1024);
            const QByteArray written = toQByteArray(nbf::toBytes(result->notebook));
            if (written != expected)
                QFAIL(qPrintable(firstDifference(written.split('\n'), expected.split('\n'))));
        }
    }
    qInfo("100 MiB string in-process: %lld ms", qint64(timer.restart()));

    if (!requireCli())
        return;
    const QString out = dir.filePath(QStringLiteral("huge-out.ipynb"));
    const ProcessResult cli = runCumulus({QStringLiteral("export"), path, QStringLiteral("--to"),
                                          QStringLiteral("ipynb"), QStringLiteral("-o"), out});
    QVERIFY2(cli.started && !cli.crashed && !cli.timedOut, qPrintable(cli.describe()));
    if (cli.exitCode == 0) {
        QVERIFY2(readAll(out) == expected, "the exported 100 MiB notebook differs");
    } else {
        const QString problem = oneLineProblem(cli.err);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    qInfo("100 MiB string through the CLI: %lld ms", qint64(timer.elapsed()));
}

void TestNbformatIo::deepNesting_data()
{
    QTest::addColumn<QByteArray>("open");
    QTest::addColumn<QByteArray>("close");
    QTest::addColumn<QByteArray>("where");
    QTest::newRow("arrays in metadata")
        << QByteArray("[") << QByteArray("]") << QByteArray("metadata");
    QTest::newRow("objects in metadata")
        << QByteArray("{\"a\": ") << QByteArray("}") << QByteArray("metadata");
    QTest::newRow("arrays in application/json output")
        << QByteArray("[") << QByteArray("]") << QByteArray("output");
}

void TestNbformatIo::deepNesting()
{
    // 100,000 levels: Python's json gives up with a RecursionError; Cumulus must give a clean
    // result or a clean error, and never overflow its stack.
    QFETCH(QByteArray, open);
    QFETCH(QByteArray, close);
    QFETCH(QByteArray, where);
    constexpr int kDepth = 100000;
    QByteArray nested
        = open.repeated(kDepth) + (open.startsWith('{') ? "1" : "") + close.repeated(kDepth);
    QByteArray file;
    if (where == "metadata") {
        file = "{\"cells\": [], \"metadata\": {\"deep\": " + nested
               + "}, \"nbformat\": 4, \"nbformat_minor\": 5}\n";
    } else {
        file = "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1, \"id\": \"deep\", "
               "\"metadata\": {}, \"outputs\": [{\"output_type\": \"display_data\", \"metadata\": "
               "{}, "
               "\"data\": {\"application/json\": "
               + nested
               + "}}], \"source\": \"\"}], "
                 "\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n";
    }
    nested.clear();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("deep.ipynb"));
    QVERIFY(writeAll(path, file));

    {
        const auto result = nbf::readFile(path);
        if (result.ok()) {
            const std::string written = nbf::toBytes(result->notebook);
            QVERIFY(!written.empty());
            qInfo("100,000-deep nesting read and written (%zu bytes)", written.size());
        } else {
            QVERIFY2(errorText(result).contains(QStringLiteral("deep.ipynb")),
                     qPrintable(errorText(result)));
            qInfo("100,000-deep nesting refused: %s", qPrintable(errorText(result)));
        }
    }

    if (!requireCli())
        return;
    const ProcessResult cli = runCumulus(
        {QStringLiteral("export"), path, QStringLiteral("--to"), QStringLiteral("ipynb")});
    QVERIFY2(cli.started && !cli.crashed && !cli.timedOut, qPrintable(cli.describe()));
    if (cli.exitCode != 0) {
        const QString problem = oneLineProblem(cli.err);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY2(QString::fromUtf8(cli.err).contains(QStringLiteral("deep.ipynb")),
                 cli.err.constData());
    }
}

// ---------------------------------------------------------------------------------------------

void TestNbformatIo::saveReplacesFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nb.ipynb"));
    QVERIFY(writeAll(path, "old contents\n"));
    const QFileDevice::Permissions permissions
        = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup;
    QVERIFY(QFile::setPermissions(path, permissions));

    const auto source = nbf::readFile(corpusPath(QStringLiteral("features/text-edge-cases.ipynb")));
    QVERIFY2(source.ok(), qPrintable(errorText(source)));
    const auto written = nbf::writeFile(source->notebook, path);
    QVERIFY2(written.ok(), qPrintable(errorText(written)));
    QVERIFY(readAll(path) == toQByteArray(nbf::toBytes(source->notebook)));
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("nb.ipynb")}); // no temp files left
    QCOMPARE(QFile::permissions(path) & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
             permissions); // replaced in place, as QSaveFile does, keeping the mode
    const auto back = nbf::readFile(path);
    QVERIFY2(back.ok(), qPrintable(errorText(back)));
    QVERIFY(back->notebook == source->notebook);

    // A new file is created too.
    const QString fresh = dir.filePath(QStringLiteral("fresh.ipynb"));
    QVERIFY(nbf::writeFile(source->notebook, fresh).ok());
    QVERIFY(readAll(fresh) == toQByteArray(nbf::toBytes(source->notebook)));
}

void TestNbformatIo::writeIntoReadOnlyDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nb.ipynb"));
    const QByteArray old = readAll(corpusPath(QStringLiteral("versions/v4.4.ipynb")));
    QVERIFY(writeAll(path, old));
    const Notebook notebook = notebookWithSource(4096);

    ReadOnlyDir readOnly(dir.path());
    if (readOnly.isEnforced()) {
        const auto written = nbf::writeFile(notebook, path);
        QVERIFY2(!written.ok(), "writing into a read-only directory succeeded");
        QVERIFY2(errorText(written).contains(QStringLiteral("nb.ipynb")),
                 qPrintable(errorText(written)));
    } else {
        // Root ignores directory permissions: let the CLI write as "nobody" instead.
        QVERIFY(runningAsRoot());
        if (!requireCli())
            return;
        QTemporaryDir inputDir;
        QVERIFY(inputDir.isValid());
        const QString input = worldReadableCopy(inputDir, QStringLiteral("versions/v4.5.ipynb"));
        const ProcessResult cli = runCumulus({QStringLiteral("export"), input, QStringLiteral("--to"),
                                              QStringLiteral("ipynb"), QStringLiteral("-o"), path},
                                             dropToNobody);
        QVERIFY2(cli.started && !cli.crashed && cli.exitCode != 0 && cli.exitCode != 126,
                 qPrintable(cli.describe()));
        QVERIFY2(QString::fromLocal8Bit(cli.err).contains(QStringLiteral("nb.ipynb")),
                 qPrintable(cli.describe()));
    }
    QVERIFY2(readAll(path) == old, "the old file was changed by a failed write");
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("nb.ipynb")});
}

void TestNbformatIo::writeOntoDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("folder.ipynb"));
    QVERIFY(QDir().mkdir(path));
    QVERIFY(writeAll(path + QStringLiteral("/inside.txt"), "keep me"));
    const auto written = nbf::writeFile(Notebook(), path);
    QVERIFY2(!written.ok(), "writing onto a directory succeeded");
    QVERIFY2(errorText(written).contains(QStringLiteral("folder.ipynb")),
             qPrintable(errorText(written)));
    QVERIFY(QFileInfo(path).isDir());
    QVERIFY(readAll(path + QStringLiteral("/inside.txt")) == "keep me");
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("folder.ipynb")});
}

void TestNbformatIo::writeIntoMissingDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("no/such/dir/nb.ipynb"));
    const auto written = nbf::writeFile(Notebook(), path);
    QVERIFY2(!written.ok(), "writing into a missing directory succeeded");
    QVERIFY2(errorText(written).contains(QStringLiteral("nb.ipynb")),
             qPrintable(errorText(written)));
    QVERIFY(entriesOf(dir.path()).isEmpty());
}

void TestNbformatIo::writeBeyondFileSizeLimit_data()
{
    QTest::addColumn<int>("sourceBytes");
    // Past QFileDevice's 16 KiB buffer the failure shows in write(); below it, only when the
    // buffer is flushed, which Qt 6.4's QSaveFile::commit() does not check by itself.
    QTest::newRow("fails while writing (256 KiB)") << 256 * 1024;
    QTest::newRow("fails when flushed (10 KiB)") << 10 * 1024;
}

void TestNbformatIo::writeBeyondFileSizeLimit()
{
    // A write that fails half-way (EFBIG here, ENOSPC on a full disk) must leave the old file
    // exactly as it was and no temporary file behind.
    QFETCH(int, sourceBytes);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("nb.ipynb"));
    const QByteArray old = readAll(corpusPath(QStringLiteral("features/minimal-4.0.ipynb")));
    QVERIFY(old.size() > 0 && old.size() < 4096);
    QVERIFY(writeAll(path, old));
    const Notebook notebook = notebookWithSource(sourceBytes);

    bool limited = false;
    bool failed = false;
    QString message;
    {
        FileSizeLimit limit(4096);
        limited = limit.isActive();
        if (limited) {
            const auto written = nbf::writeFile(notebook, path);
            failed = !written.ok();
            if (failed)
                message = errorText(written);
        }
    }
    if (!limited)
        QSKIP("cannot lower RLIMIT_FSIZE here");
    QVERIFY2(failed, "a write past the file size limit reported success");
    QVERIFY2(message.contains(QStringLiteral("nb.ipynb")), qPrintable(message));
    QVERIFY2(readAll(path) == old, "the old file was changed by a failed write");
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("nb.ipynb")});

    // Without the limit the same write succeeds and replaces the file.
    const auto written = nbf::writeFile(notebook, path);
    QVERIFY2(written.ok(), qPrintable(errorText(written)));
    QVERIFY(readAll(path) == toQByteArray(nbf::toBytes(notebook)));
}

void TestNbformatIo::writeToDevFull()
{
    // QSaveFile writes a temporary file next to the target and renames it over the target;
    // where /dev is writable (root) that would replace the device node, so root tries it
    // through the CLI running as "nobody".
    QVERIFY(QFileInfo::exists(QStringLiteral("/dev/full")));
    if (QFileInfo(QStringLiteral("/dev")).isWritable()) {
        QVERIFY(runningAsRoot());
        if (!requireCli())
            return;
        QTemporaryDir inputDir;
        QVERIFY(inputDir.isValid());
        const QString input = worldReadableCopy(inputDir, QStringLiteral("versions/v4.5.ipynb"));
        const ProcessResult cli = runCumulus({QStringLiteral("export"), input, QStringLiteral("--to"),
                                              QStringLiteral("ipynb"), QStringLiteral("-o"),
                                              QStringLiteral("/dev/full")},
                                             dropToNobody);
        QVERIFY2(cli.started && !cli.crashed && cli.exitCode != 0 && cli.exitCode != 126,
                 qPrintable(cli.describe()));
        QVERIFY2(QString::fromLocal8Bit(cli.err).contains(QStringLiteral("/dev/full")),
                 qPrintable(cli.describe()));
    } else {
        const auto written = nbf::writeFile(notebookWithSource(1 << 20), QStringLiteral("/dev/full"));
        QVERIFY2(!written.ok(), "writing to /dev/full reported success");
        QVERIFY2(errorText(written).contains(QStringLiteral("full")), qPrintable(errorText(written)));
    }
    QVERIFY(QFileInfo(QStringLiteral("/dev/full")).exists());
    QVERIFY(!QFileInfo(QStringLiteral("/dev/full")).isFile());
}

// ---------------------------------------------------------------------------------------------

void TestNbformatIo::cliOutputFile()
{
    if (!requireCli())
        return;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString input = corpusPath(QStringLiteral("versions/v3.ipynb"));
    const ProcessResult toStdout = runCumulus(
        {QStringLiteral("export"), input, QStringLiteral("--to"), QStringLiteral("ipynb")});
    QVERIFY2(toStdout.exitCode == 0 && !toStdout.crashed, qPrintable(toStdout.describe()));

    // -o over an existing file replaces it; nothing on stdout.
    const QString out = dir.filePath(QStringLiteral("out.ipynb"));
    QVERIFY(writeAll(out, "old"));
    const ProcessResult toFile
        = runCumulus({QStringLiteral("export"), input, QStringLiteral("--to"),
                      QStringLiteral("ipynb"), QStringLiteral("-o"), out});
    QVERIFY2(toFile.exitCode == 0 && !toFile.crashed, qPrintable(toFile.describe()));
    QVERIFY2(toFile.out.isEmpty(), toFile.out.left(200).constData());
    const QString diff = compareNotebookBytes(readAll(out), toStdout.out, readAll(input));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("out.ipynb")});
}

void TestNbformatIo::cliOutputFileFailures_data()
{
    QTest::addColumn<QString>("failure");
    QTest::newRow("read-only directory") << QStringLiteral("readonly");
    QTest::newRow("output is a directory") << QStringLiteral("directory");
    QTest::newRow("file size limit") << QStringLiteral("fsize");
}

void TestNbformatIo::cliOutputFileFailures()
{
    QFETCH(QString, failure);
    if (!requireCli())
        return;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Big enough to pass the 4 KiB file size limit.
    QString input = corpusPath(QStringLiteral("jupyter/Inline Image.ipynb"));
    QTemporaryDir inputDir;
    QVERIFY(inputDir.isValid());
    QString out = dir.filePath(QStringLiteral("out.ipynb"));
    const QByteArray old = "{\"old\": true}\n";
    std::function<void()> modifier;
    std::unique_ptr<ReadOnlyDir> readOnly;
    if (failure == QLatin1String("directory")) {
        QVERIFY(QDir().mkdir(out));
    } else {
        QVERIFY(writeAll(out, old));
        if (failure == QLatin1String("readonly")) {
            readOnly = std::make_unique<ReadOnlyDir>(dir.path());
            if (!readOnly->isEnforced()) {
                // Root ignores directory permissions: write as "nobody" from a readable copy.
                QVERIFY(runningAsRoot());
                modifier = dropToNobody;
                input = worldReadableCopy(inputDir, QStringLiteral("jupyter/Inline Image.ipynb"));
            }
        } else {
            modifier = limitChildFileSize;
        }
    }
    const ProcessResult cli = runCumulus({QStringLiteral("export"), input, QStringLiteral("--to"),
                                          QStringLiteral("ipynb"), QStringLiteral("-o"), out},
                                         modifier);
    QVERIFY2(cli.started && !cli.crashed && !cli.timedOut, qPrintable(cli.describe()));
    QVERIFY2(cli.exitCode != 0, "a failed write exited with 0");
    const QString problem = oneLineProblem(cli.err);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(QString::fromUtf8(cli.err).contains(QStringLiteral("out.ipynb")), cli.err.constData());
    if (failure == QLatin1String("directory"))
        QVERIFY(QFileInfo(out).isDir());
    else
        QVERIFY2(readAll(out) == old, "the old output file was changed by a failed write");
    QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("out.ipynb")});
}

void TestNbformatIo::cliUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("named"); // what the one stderr line must mention
    const QString good = corpusPath(QStringLiteral("versions/v4.5.ipynb"));
    QTest::newRow("missing input file")
        << QStringList{QStringLiteral("export"), QStringLiteral("/nonexistent/missing.ipynb"),
                       QStringLiteral("--to"), QStringLiteral("ipynb")}
        << QStringLiteral("missing.ipynb");
    QTest::newRow("input is a directory")
        << QStringList{QStringLiteral("export"), corpusDir(), QStringLiteral("--to"),
                       QStringLiteral("ipynb")}
        << QStringLiteral("notebooks");
    QTest::newRow("unknown format") << QStringList{QStringLiteral("export"), good,
                                                   QStringLiteral("--to"), QStringLiteral("docx")}
                                    << QStringLiteral("docx");
}

void TestNbformatIo::cliUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, named);
    if (!requireCli())
        return;
    const ProcessResult cli = runCumulus(args);
    QVERIFY2(cli.started && !cli.crashed && !cli.timedOut, qPrintable(cli.describe()));
    QVERIFY2(cli.exitCode != 0, "exit code 0");
    QVERIFY2(cli.out.isEmpty(), cli.out.left(200).constData());
    const QString problem = oneLineProblem(cli.err);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(QString::fromUtf8(cli.err).contains(named), cli.err.constData());
}

void TestNbformatIo::cliToPy()
{
    if (!requireCli())
        return;
    const ProcessResult cli
        = runCumulus({QStringLiteral("export"), corpusPath(QStringLiteral("versions/v4.5.ipynb")),
                      QStringLiteral("--to"), QStringLiteral("py")});
    QVERIFY2(cli.started && !cli.crashed && cli.exitCode == 0, qPrintable(cli.describe()));
    QVERIFY2(cli.out.contains("# %%"), cli.out.left(500).constData());
    QVERIFY(cli.out.contains("print(sys.version)"));
}

QTEST_GUILESS_MAIN(TestNbformatIo)
#include "tst_nbformatio.moc"
