// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Jupyter paths and kernelspec discovery, against fixtures in a temporary directory and
// against what Debian's jupyter_core / jupyter_client report under the same environment.

#include "jupyter/jupyterpaths.h"
#include "jupyter/kernelspec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace cumulus;
using namespace cumulus::jupyter;

/// QCOMPARE cannot take nlohmann::json (its converting templates trip Qt Test's overloads).
#define COMPARE_JSON(actual, expected)                                                             \
    do {                                                                                           \
        const nlohmann::json actual_ = (actual);                                                   \
        const nlohmann::json expected_ = (expected);                                               \
        QVERIFY2(actual_ == expected_,                                                             \
                 ("got " + actual_.dump() + ", expected " + expected_.dump()).c_str());            \
    } while (false)

namespace {

const char *const kPython = "/usr/bin/python3";

/// Every variable jupyter_core, site or IPython read to find directories.
const char *const kPathVariables[] = {
    "HOME",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "JUPYTER_PATH",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_PREFER_ENV_PATH",
    "JUPYTER_NO_CONFIG",
    "PYTHONUSERBASE",
    "PYTHONNOUSERSITE",
    "IPYTHONDIR",
    "IPYTHON_DIR",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
};

using Env = QMap<QString, QString>;

std::string toStd(const QString &s) { return s.toStdString(); }

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray specJson(const char *displayName, const char *extra = "")
{
    return QByteArray("{\"argv\": [\"/usr/bin/env\", \"-f\", \"{connection_file}\"],"
                      " \"display_name\": \"")
           + displayName + "\", \"language\": \"testlang\"" + extra + "}";
}

struct PythonResult
{
    bool ok = false;
    QByteArray out;
    QString error;
};

/// Runs Debian's Python with our (test-modified) environment.
PythonResult runPython(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYDEVD_DISABLE_FILE_VALIDATION"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    process.start(QString::fromLatin1(kPython), arguments);
    if (!process.waitForFinished(60000))
        return {false, {}, QStringLiteral("python did not finish: ") + process.errorString()};
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return {false,
                {},
                QStringLiteral("python %1 failed (%2): %3")
                    .arg(arguments.join(QLatin1Char(' ')))
                    .arg(process.exitCode())
                    .arg(QString::fromUtf8(process.readAllStandardError()))};
    return {true, process.readAllStandardOutput(), {}};
}

bool pythonHas(const char *module)
{
    if (!QFileInfo::exists(QString::fromLatin1(kPython)))
        return false;
    return runPython(
               {QStringLiteral("-c"), QStringLiteral("import ") + QString::fromLatin1(module)})
        .ok;
}

} // namespace

class TestKernelSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void paths_data();
    void paths();
    void pathsMatchJupyterCore_data();
    void pathsMatchJupyterCore();
    void ipythonDir();
    void envSet_data();
    void envSet();

    void discovery();
    void malformedSpecs_data();
    void malformedSpecs();
    void warningsGoToLogWithoutList();
    void fieldDefaults();
    void findByName();
    void toJsonRoundTrip();
    void matchesJupyterClient();

private:
    void addPathRows(bool withCumulusOnly);
    void applyEnv(const Env &env);
    void makeSpec(const QString &kernelsDir, const QString &name, const QByteArray &json);
    void buildDiscoveryFixture();

    QTemporaryDir m_temp;
    QString m_root;
    QString m_home;
    std::map<QByteArray, std::optional<QByteArray>> m_savedEnv;
};

void TestKernelSpec::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_temp.isValid());
    // Symbolic links resolved, as jupyter_core reports the home directory.
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    m_home = m_root + QStringLiteral("/home");
    QVERIFY(QDir().mkpath(m_home));
    for (const char *name : kPathVariables)
        m_savedEnv[name] = qEnvironmentVariableIsSet(name)
                               ? std::optional<QByteArray>(qgetenv(name))
                               : std::nullopt;
}

void TestKernelSpec::cleanupTestCase()
{
    for (const auto &[name, value] : m_savedEnv) {
        if (value)
            qputenv(name.constData(), *value);
        else
            qunsetenv(name.constData());
    }
}

void TestKernelSpec::init()
{
    // A baseline that never reaches the real user's directories: HOME is ours.
    for (const char *name : kPathVariables)
        qunsetenv(name);
    qputenv("HOME", QFile::encodeName(m_home));
}

void TestKernelSpec::applyEnv(const Env &env)
{
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        qputenv(it.key().toLatin1().constData(), QFile::encodeName(it.value()));
}

void TestKernelSpec::makeSpec(const QString &kernelsDir, const QString &name,
                              const QByteArray &json)
{
    QVERIFY(writeFile(kernelsDir + QLatin1Char('/') + name + QStringLiteral("/kernel.json"), json));
}

// --- paths -----------------------------------------------------------------------------

void TestKernelSpec::paths_data() { addPathRows(true); }

/// Rows for paths() and its cross-check; @p withCumulusOnly adds the environments where
/// Cumulus deliberately differs from a jupyter_core running in /usr/bin/python3.
void TestKernelSpec::addPathRows(bool withCumulusOnly)
{
    QTest::addColumn<Env>("env");
    QTest::addColumn<QStringList>("data");
    QTest::addColumn<QString>("runtime");

    const QString r = m_root;
    const QString userData = m_home + QStringLiteral("/.local/share/jupyter");
    const QStringList system{QStringLiteral("/usr/local/share/jupyter"),
                             QStringLiteral("/usr/share/jupyter")};

    QTest::newRow("defaults") << Env{} << (QStringList{userData} + system)
                              << userData + QStringLiteral("/runtime");
    QTest::newRow("JUPYTER_DATA_DIR")
        << Env{{QStringLiteral("JUPYTER_DATA_DIR"), r + QStringLiteral("/data")}}
        << (QStringList{r + QStringLiteral("/data"), userData} + system)
        << r + QStringLiteral("/data/runtime");
    QTest::newRow("XDG_DATA_HOME")
        << Env{{QStringLiteral("XDG_DATA_HOME"), r + QStringLiteral("/xdg")}}
        << (QStringList{r + QStringLiteral("/xdg/jupyter"), userData} + system)
        << r + QStringLiteral("/xdg/jupyter/runtime");
    QTest::newRow("JUPYTER_PATH, trailing slashes")
        << Env{{QStringLiteral("JUPYTER_PATH"),
                r + QStringLiteral("/p1/:") + r + QStringLiteral("/p2//")}}
        << (QStringList{r + QStringLiteral("/p1"), r + QStringLiteral("/p2"), userData} + system)
        << userData + QStringLiteral("/runtime");
    QTest::newRow("JUPYTER_RUNTIME_DIR")
        << Env{{QStringLiteral("JUPYTER_RUNTIME_DIR"), r + QStringLiteral("/rt")}}
        << (QStringList{userData} + system) << r + QStringLiteral("/rt");
    QTest::newRow("PYTHONUSERBASE")
        << Env{{QStringLiteral("PYTHONUSERBASE"), r + QStringLiteral("/ub")}}
        << (QStringList{userData, r + QStringLiteral("/ub/share/jupyter")} + system)
        << userData + QStringLiteral("/runtime");
    QTest::newRow("PYTHONNOUSERSITE")
        << Env{{QStringLiteral("PYTHONNOUSERSITE"), QStringLiteral("1")},
               {QStringLiteral("JUPYTER_DATA_DIR"), r + QStringLiteral("/data")}}
        << (QStringList{r + QStringLiteral("/data")} + system)
        << r + QStringLiteral("/data/runtime");
    QTest::newRow("everything")
        << Env{{QStringLiteral("JUPYTER_PATH"), r + QStringLiteral("/p1")},
               {QStringLiteral("JUPYTER_DATA_DIR"), r + QStringLiteral("/data")},
               {QStringLiteral("XDG_DATA_HOME"), r + QStringLiteral("/xdg")},
               {QStringLiteral("PYTHONUSERBASE"), r + QStringLiteral("/ub")},
               {QStringLiteral("JUPYTER_RUNTIME_DIR"), r + QStringLiteral("/rt")}}
        << (QStringList{r + QStringLiteral("/p1"), r + QStringLiteral("/data"),
                        r + QStringLiteral("/ub/share/jupyter")}
            + system)
        << r + QStringLiteral("/rt");
    QTest::newRow("CONDA_PREFIX=/usr is a system dir")
        << Env{{QStringLiteral("CONDA_PREFIX"), QStringLiteral("/usr")}}
        << (QStringList{userData} + system) << userData + QStringLiteral("/runtime");
    if (!withCumulusOnly)
        return;
    // Cumulus-only: an activated environment stands in for sys.prefix.
    QTest::newRow("VIRTUAL_ENV")
        << Env{{QStringLiteral("VIRTUAL_ENV"), r + QStringLiteral("/venv")}}
        << (QStringList{userData, r + QStringLiteral("/venv/share/jupyter")} + system)
        << userData + QStringLiteral("/runtime");
    QTest::newRow("VIRTUAL_ENV, JUPYTER_PREFER_ENV_PATH")
        << Env{{QStringLiteral("VIRTUAL_ENV"), r + QStringLiteral("/venv")},
               {QStringLiteral("JUPYTER_PREFER_ENV_PATH"), QStringLiteral("yes")}}
        << (QStringList{r + QStringLiteral("/venv/share/jupyter"), userData} + system)
        << userData + QStringLiteral("/runtime");
}

void TestKernelSpec::paths()
{
    QFETCH(Env, env);
    QFETCH(QStringList, data);
    QFETCH(QString, runtime);
    applyEnv(env);
    QCOMPARE(paths::dataPath(), data);
    QCOMPARE(paths::runtimeDir(), runtime);
    QStringList kernels;
    for (const QString &dir : data)
        kernels.append(dir + QStringLiteral("/kernels"));
    QCOMPARE(paths::dataPath(QStringLiteral("kernels")), kernels);
    QCOMPARE(paths::kernelSearchPath(),
             kernels + QStringList{m_home + QStringLiteral("/.ipython/kernels")});
}

void TestKernelSpec::pathsMatchJupyterCore_data() { addPathRows(false); }

void TestKernelSpec::pathsMatchJupyterCore()
{
    QFETCH(Env, env);
    if (!pythonHas("jupyter_core"))
        QSKIP("/usr/bin/python3 has no jupyter_core (apt install python3-jupyter-core)");
    applyEnv(env);
    const PythonResult result = runPython({QStringLiteral("-m"), QStringLiteral("jupyter"),
                                           QStringLiteral("--paths"), QStringLiteral("--json")});
    QVERIFY2(result.ok, qPrintable(result.error));
    const auto json = nlohmann::json::parse(result.out.toStdString());
    QStringList data;
    for (const auto &dir : json.at("data"))
        data.append(QString::fromStdString(dir.get<std::string>()));
    QCOMPARE(paths::dataPath(), data);
    QCOMPARE(paths::runtimeDir(),
             QString::fromStdString(json.at("runtime").at(0).get<std::string>()));
}

void TestKernelSpec::ipythonDir()
{
    QCOMPARE(paths::ipythonDir(), m_home + QStringLiteral("/.ipython"));
    qputenv("IPYTHONDIR", QFile::encodeName(m_root + QStringLiteral("/ipy/")));
    QCOMPARE(paths::ipythonDir(), m_root + QStringLiteral("/ipy"));
    qunsetenv("IPYTHONDIR");

    // The legacy $XDG_CONFIG_HOME/ipython wins only when ~/.ipython does not exist.
    const QString xdg = m_root + QStringLiteral("/xdgconfig");
    QVERIFY(QDir().mkpath(xdg + QStringLiteral("/ipython")));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(xdg));
    const QString home = m_root + QStringLiteral("/home-legacy");
    QVERIFY(QDir().mkpath(home));
    qputenv("HOME", QFile::encodeName(home));
    QCOMPARE(paths::ipythonDir(), xdg + QStringLiteral("/ipython"));
    QVERIFY(QDir().mkpath(home + QStringLiteral("/.ipython")));
    QCOMPARE(paths::ipythonDir(), home + QStringLiteral("/.ipython"));
}

void TestKernelSpec::envSet_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("set");
    QTest::newRow("unset") << QByteArray() << false;
    QTest::newRow("empty counts as set") << QByteArray("") << true;
    QTest::newRow("1") << QByteArray("1") << true;
    QTest::newRow("yes") << QByteArray("yes") << true;
    QTest::newRow("no") << QByteArray("no") << false;
    QTest::newRow("N") << QByteArray("N") << false;
    QTest::newRow("False") << QByteArray("False") << false;
    QTest::newRow("OFF") << QByteArray("OFF") << false;
    QTest::newRow("0") << QByteArray("0") << false;
    QTest::newRow("0.0") << QByteArray("0.0") << false;
}

void TestKernelSpec::envSet()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, set);
    if (value.isNull())
        qunsetenv("JUPYTER_PREFER_ENV_PATH");
    else
        qputenv("JUPYTER_PREFER_ENV_PATH", value);
    QCOMPARE(paths::isEnvSet("JUPYTER_PREFER_ENV_PATH"), set);
    qunsetenv("JUPYTER_PREFER_ENV_PATH");
}

// --- kernelspecs -----------------------------------------------------------------------

/// p1 and p2 (JUPYTER_PATH), the data dir and the IPython dir, with names that collide
/// between them. Kernel names start with "cumulus-t-" or are unusual enough not to collide
/// with kernels installed system-wide.
void TestKernelSpec::buildDiscoveryFixture()
{
    const QString p1 = m_root + QStringLiteral("/fx/p1/kernels");
    const QString p2 = m_root + QStringLiteral("/fx/p2/kernels");
    const QString data = m_root + QStringLiteral("/fx/data/kernels");
    const QString ipython = m_root + QStringLiteral("/fx/ipython/kernels");
    QDir(m_root + QStringLiteral("/fx")).removeRecursively();

    makeSpec(p1, QStringLiteral("cumulus-t-alpha"), specJson("alpha from p1"));
    makeSpec(p2, QStringLiteral("cumulus-t-alpha"), specJson("alpha from p2"));
    makeSpec(data, QStringLiteral("cumulus-t-alpha"), specJson("alpha from data"));
    makeSpec(p2, QStringLiteral("cumulus-t-beta"), specJson("beta from p2"));
    makeSpec(data, QStringLiteral("cumulus-t-beta"), specJson("beta from data"));
    makeSpec(ipython, QStringLiteral("cumulus-t-beta"), specJson("beta from ipython"));
    makeSpec(ipython, QStringLiteral("cumulus-t-gamma"), specJson("gamma from ipython"));
    // Upper case in the directory name: the kernel's name is lower-cased.
    makeSpec(data, QStringLiteral("Cumulus-T-MixedCase"), specJson("mixed case"));
    // Invalid name: listed anyway, with a warning (as jupyter_client).
    makeSpec(data, QStringLiteral("cumulus t spaced"), specJson("spaced"));
    // A broken kernel.json hides a good one further down (as jupyter_client).
    makeSpec(p1, QStringLiteral("cumulus-t-broken"), QByteArray("{\n  \"argv\": [\"x\",\n}\n"));
    makeSpec(p2, QStringLiteral("cumulus-t-broken"), specJson("broken's good twin"));
    // Interrupt mode in any case; message mode.
    makeSpec(p2, QStringLiteral("cumulus-t-message"),
             specJson("message", ", \"interrupt_mode\": \"MESSAGE\""));
    // Everything optional missing.
    makeSpec(p2, QStringLiteral("cumulus-t-empty"), QByteArray("{}"));
    // env, metadata and a lone string as argv.
    makeSpec(p2, QStringLiteral("cumulus-t-full"),
             QByteArray("{\"argv\": \"/bin/true\", \"display_name\": \"Full\", \"language\": \"R\","
                        " \"env\": {\"A\": \"1\", \"B\": \"$HOME\"},"
                        " \"metadata\": {\"debugger\": true, \"nested\": {\"x\": [1, 2]}},"
                        " \"interrupt_mode\": \"signal\", \"codemirror_mode\": \"r\"}"));
    // A provisioner we do not have: skipped (jupyter_client skips it when not installed).
    makeSpec(p2, QStringLiteral("cumulus-t-docker"),
             specJson("docker", ", \"metadata\": {\"kernel_provisioner\": "
                                "{\"provisioner_name\": \"cumulus-no-such-provisioner\"}}"));
    // Not kernelspecs: a directory without kernel.json, a plain file.
    QVERIFY(QDir().mkpath(p2 + QStringLiteral("/cumulus-t-nojson")));
    QVERIFY(writeFile(p2 + QStringLiteral("/cumulus-t-file"), "{}"));
    // A symbolic link to a kernel directory is followed.
    makeSpec(m_root + QStringLiteral("/fx/elsewhere"), QStringLiteral("target"),
             specJson("linked"));
    QVERIFY(QFile::link(m_root + QStringLiteral("/fx/elsewhere/target"),
                        data + QStringLiteral("/cumulus-t-linked")));

    qputenv("JUPYTER_PATH", QFile::encodeName(m_root + QStringLiteral("/fx/p1:") + m_root
                                              + QStringLiteral("/fx/p2")));
    qputenv("JUPYTER_DATA_DIR", QFile::encodeName(m_root + QStringLiteral("/fx/data")));
    qputenv("IPYTHONDIR", QFile::encodeName(m_root + QStringLiteral("/fx/ipython")));
}

void TestKernelSpec::discovery()
{
    buildDiscoveryFixture();
    QList<Error> warnings;
    const std::vector<KernelSpec> specs = findKernelSpecs(&warnings);

    QMap<QString, KernelSpec> byName;
    QStringList order;
    for (const KernelSpec &spec : specs) {
        QVERIFY2(!byName.contains(spec.name), qPrintable(spec.name));
        byName.insert(spec.name, spec);
        if (spec.name.startsWith(QLatin1String("cumulus")))
            order.append(spec.name);
    }
    // Highest-priority directory first; sorted within one directory; IPython's last.
    QCOMPARE(order,
             (QStringList{QStringLiteral("cumulus-t-alpha"), QStringLiteral("cumulus-t-beta"),
                          QStringLiteral("cumulus-t-empty"), QStringLiteral("cumulus-t-full"),
                          QStringLiteral("cumulus-t-message"),
                          QStringLiteral("cumulus-t-mixedcase"), QStringLiteral("cumulus t spaced"),
                          QStringLiteral("cumulus-t-linked"), QStringLiteral("cumulus-t-gamma")}));

    QCOMPARE(byName.value(QStringLiteral("cumulus-t-alpha")).displayName,
             QStringLiteral("alpha from p1"));
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-alpha")).resourceDir,
             m_root + QStringLiteral("/fx/p1/kernels/cumulus-t-alpha"));
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-alpha")).path,
             m_root + QStringLiteral("/fx/p1/kernels/cumulus-t-alpha/kernel.json"));
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-beta")).displayName,
             QStringLiteral("beta from p2"));
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-gamma")).displayName,
             QStringLiteral("gamma from ipython"));
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-mixedcase")).resourceDir,
             m_root + QStringLiteral("/fx/data/kernels/Cumulus-T-MixedCase"));
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-linked")).displayName,
             QStringLiteral("linked"));
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-message")).interruptMode,
             InterruptMode::Message);
    QCOMPARE(byName.value(QStringLiteral("cumulus-t-alpha")).interruptMode, InterruptMode::Signal);
    QVERIFY(!byName.contains(QStringLiteral("cumulus-t-broken")));
    QVERIFY(!byName.contains(QStringLiteral("cumulus-t-docker")));
    QVERIFY(!byName.contains(QStringLiteral("cumulus-t-nojson")));
    QVERIFY(!byName.contains(QStringLiteral("cumulus-t-file")));

    // One warning each for the broken file, the invalid name and the unknown provisioner,
    // each naming its file.
    QStringList texts;
    for (const Error &warning : std::as_const(warnings))
        texts.append(warning.toString());
    const auto hasWarning = [&](const QString &needle, const QString &alsoNeedle) {
        for (const QString &text : std::as_const(texts))
            if (text.contains(needle) && text.contains(alsoNeedle))
                return true;
        return false;
    };
    QVERIFY2(hasWarning(m_root + QStringLiteral("/fx/p1/kernels/cumulus-t-broken/kernel.json:3"),
                        QStringLiteral("malformed")),
             qPrintable(texts.join(QLatin1Char('\n'))));
    QVERIFY2(hasWarning(m_root + QStringLiteral("/fx/data/kernels/cumulus t spaced"),
                        QStringLiteral("invalid kernelspec directory name")),
             qPrintable(texts.join(QLatin1Char('\n'))));
    QVERIFY2(hasWarning(m_root + QStringLiteral("/fx/p2/kernels/cumulus-t-docker/kernel.json"),
                        QStringLiteral("cumulus-no-such-provisioner")),
             qPrintable(texts.join(QLatin1Char('\n'))));
    QCOMPARE(texts.size(), 3);
}

void TestKernelSpec::malformedSpecs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected"); // in the warning, after the file name

    QTest::newRow("empty file") << QByteArray() << QStringLiteral("kernel.json:1: malformed");
    QTest::newRow("garbage") << QByteArray("\n\nnot json")
                             << QStringLiteral("kernel.json:3: malformed");
    QTest::newRow("array") << QByteArray("[]")
                           << QStringLiteral("must hold a JSON object, not array");
    QTest::newRow("argv number") << QByteArray("{\"argv\": 3}")
                                 << QStringLiteral("argv: expected a list");
    QTest::newRow("argv null") << QByteArray("{\"argv\": null}")
                               << QStringLiteral("argv: expected a list");
    QTest::newRow("argv item number") << QByteArray("{\"argv\": [\"python\", 3]}")
                                      << QStringLiteral("argv[1]: expected a string");
    QTest::newRow("display_name null") << QByteArray("{\"display_name\": null}")
                                       << QStringLiteral("display_name: expected a string");
    QTest::newRow("language number")
        << QByteArray("{\"language\": 1}") << QStringLiteral("language: expected a string");
    QTest::newRow("env list") << QByteArray("{\"env\": []}")
                              << QStringLiteral("env: expected an object");
    QTest::newRow("env value number")
        << QByteArray("{\"env\": {\"X\": 1}}") << QStringLiteral("env.X: expected a string");
    QTest::newRow("metadata list")
        << QByteArray("{\"metadata\": []}") << QStringLiteral("metadata: expected an object");
    QTest::newRow("interrupt_mode bogus")
        << QByteArray("{\"interrupt_mode\": \"bogus\"}")
        << QStringLiteral("interrupt_mode: expected \"signal\" or \"message\", not \"bogus\"");
    QTest::newRow("interrupt_mode null")
        << QByteArray("{\"interrupt_mode\": null}")
        << QStringLiteral("interrupt_mode: expected \"signal\" or \"message\", not null");
}

void TestKernelSpec::malformedSpecs()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString dir =
        m_root + QStringLiteral("/malformed/")
        + QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_'));
    QDir(dir).removeRecursively();
    makeSpec(dir, QStringLiteral("bad"), json);
    makeSpec(dir, QStringLiteral("good"), specJson("good"));

    QList<Error> warnings;
    const std::vector<KernelSpec> specs = findKernelSpecs({dir}, &warnings);
    QCOMPARE(specs.size(), size_t(1));
    QCOMPARE(specs.front().name, QStringLiteral("good"));
    QCOMPARE(warnings.size(), 1);
    const QString text = warnings.first().toString();
    QVERIFY2(text.startsWith(dir + QStringLiteral("/bad/kernel.json")), qPrintable(text));
    QVERIFY2(text.contains(expected), qPrintable(text));

    auto direct = findKernelSpec(QStringLiteral("bad"), {dir});
    QVERIFY(!direct.ok());
    QCOMPARE(direct.error().toString(), text);
}

void TestKernelSpec::warningsGoToLogWithoutList()
{
    const QString dir = m_root + QStringLiteral("/logged");
    QDir(dir).removeRecursively();
    makeSpec(dir, QStringLiteral("bad"), QByteArray("{"));
    QTest::ignoreMessage(
        QtWarningMsg,
        QRegularExpression(QRegularExpression::escape(dir + QStringLiteral("/bad/kernel.json"))
                           + QStringLiteral(".*malformed")));
    QVERIFY(findKernelSpecs(QStringList{dir}).empty());
}

void TestKernelSpec::fieldDefaults()
{
    buildDiscoveryFixture();
    auto empty = findKernelSpec(QStringLiteral("cumulus-t-empty"));
    QVERIFY2(empty.ok(), qPrintable(empty.ok() ? QString() : empty.error().toString()));
    QCOMPARE(empty->name, QStringLiteral("cumulus-t-empty"));
    QVERIFY(empty->argv.isEmpty());
    QVERIFY(empty->displayName.isEmpty());
    QVERIFY(empty->language.isEmpty());
    QVERIFY(empty->env.isEmpty());
    QCOMPARE(empty->interruptMode, InterruptMode::Signal);
    COMPARE_JSON(empty->metadata, nlohmann::json::object());

    auto full = findKernelSpec(QStringLiteral("cumulus-t-full"));
    QVERIFY(full.ok());
    QCOMPARE(full->argv, QStringList{QStringLiteral("/bin/true")});
    QCOMPARE(full->language, QStringLiteral("R"));
    QCOMPARE(full->env.value(QStringLiteral("B")),
             QStringLiteral("$HOME")); // substituted at launch
    COMPARE_JSON(full->metadata.at("nested").at("x"), nlohmann::json::array({1, 2}));
}

void TestKernelSpec::findByName()
{
    buildDiscoveryFixture();
    auto alpha = findKernelSpec(QStringLiteral("CUMULUS-T-ALPHA"));
    QVERIFY(alpha.ok());
    QCOMPARE(alpha->name, QStringLiteral("cumulus-t-alpha"));
    QCOMPARE(alpha->displayName, QStringLiteral("alpha from p1"));

    auto mixed = findKernelSpec(QStringLiteral("cumulus-t-mixedcase"));
    QVERIFY(mixed.ok());
    QCOMPARE(mixed->displayName, QStringLiteral("mixed case"));

    // The broken one is found first and reported; the good twin further down is not used.
    auto broken = findKernelSpec(QStringLiteral("cumulus-t-broken"));
    QVERIFY(!broken.ok());
    QVERIFY2(broken.error().toString().contains(
                 QStringLiteral("/fx/p1/kernels/cumulus-t-broken/kernel.json")),
             qPrintable(broken.error().toString()));

    auto missing = findKernelSpec(QStringLiteral("cumulus-t-no-such"));
    QVERIFY(!missing.ok());
    QVERIFY2(
        missing.error().message.contains(QStringLiteral("No such kernel named cumulus-t-no-such")),
        qPrintable(missing.error().message));
}

void TestKernelSpec::toJsonRoundTrip()
{
    buildDiscoveryFixture();
    auto full = findKernelSpec(QStringLiteral("cumulus-t-full"));
    QVERIFY(full.ok());
    const nlohmann::json json = full->toJson();
    COMPARE_JSON(json.at("argv"), nlohmann::json::array({"/bin/true"}));
    COMPARE_JSON(json.at("interrupt_mode"), "signal");
    QVERIFY(!json.contains("codemirror_mode")); // to_dict() has only the known fields
    auto again = KernelSpec::fromJson(json, full->name, full->resourceDir);
    QVERIFY(again.ok());
    COMPARE_JSON(again->toJson(), json);
}

void TestKernelSpec::matchesJupyterClient()
{
    if (!pythonHas("jupyter_client"))
        QSKIP("/usr/bin/python3 has no jupyter_client (apt install python3-jupyter-client)");
    buildDiscoveryFixture();
    const PythonResult result =
        runPython({QStringLiteral("-m"), QStringLiteral("jupyter_client.kernelspecapp"),
                   QStringLiteral("list"), QStringLiteral("--json")});
    QVERIFY2(result.ok, qPrintable(result.error));
    const nlohmann::json theirs = nlohmann::json::parse(result.out.toStdString()).at("kernelspecs");

    const QStringList searched = paths::kernelSearchPath();
    nlohmann::json expected = nlohmann::json::object();
    for (const auto &[name, entry] : theirs.items()) {
        // jupyter_client invents a "python3" from ipykernel's package data when none is
        // installed; Cumulus deliberately does not. Keep only what lies in the search path.
        const QString dir = QString::fromStdString(entry.at("resource_dir").get<std::string>());
        const bool onDisk = std::any_of(searched.cbegin(), searched.cend(), [&](const QString &s) {
            return dir.startsWith(s + QLatin1Char('/'));
        });
        if (onDisk)
            expected[name] = entry;
        else
            qInfo("jupyter_client's %s at %s is not on disk in the search path: ignored",
                  name.c_str(), qPrintable(dir));
    }

    nlohmann::json ours = nlohmann::json::object();
    QList<Error> warnings; // the same three as in discovery(); not logged here
    for (const KernelSpec &spec : findKernelSpecs(&warnings))
        ours[toStd(spec.name)] = {{"resource_dir", toStd(spec.resourceDir)},
                                  {"spec", spec.toJson()}};

    if (ours != expected) {
        qWarning("ours:\n%s", ours.dump(2).c_str());
        qWarning("jupyter_client:\n%s", expected.dump(2).c_str());
    }
    QVERIFY(ours == expected);
    QVERIFY(ours.contains("cumulus-t-alpha")); // the fixture really was seen by both
}

QTEST_GUILESS_MAIN(TestKernelSpec)
#include "tst_kernelspec.moc"
