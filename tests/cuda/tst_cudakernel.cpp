// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Cumulus's own client (LocalKernel + KernelClient over ZmqTransport) drives the bundled CUDA
// kernel (cumulus-cuda-kernel, through the build tree's kernelspec): handshake and
// kernel_info, definitions across cells keyed by cellId, compile-error mapping, interrupt,
// a crash, the no-GPU path, completion/inspection/is_complete, and a missing nvcc. Jupyter,
// cache and runtime directories are temporary. Waits are QSignalSpy/QTRY_*; nothing sleeps.

#include "jupyter/kernelspec.h"
#include "jupyter/kernelmanager.h"
#include "jupyter/localkernel.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <dlfcn.h>

#include <memory>

using namespace cumulus::jupyter;

namespace {

constexpr int kStartMs = 30000;
constexpr int kCellMs = 120000; // nvcc takes seconds per cell on a busy 2-core runner

struct ExecuteLog
{
    std::vector<MessagePtr> outputs;
    std::vector<ExecuteResult> results;

    ExecuteCallbacks callbacks()
    {
        ExecuteCallbacks callbacks;
        callbacks.output = [this](const MessagePtr &message) { outputs.push_back(message); };
        callbacks.finished = [this](const ExecuteResult &result) { results.push_back(result); };
        return callbacks;
    }
    std::string text(const std::string &name = "stdout") const
    {
        std::string text;
        for (const MessagePtr &message : outputs)
            if (message->msgType() == "stream" && message->content().value("name", "") == name)
                text += message->content().value("text", "");
        return text;
    }
    std::vector<nlohmann::json> errors() const
    {
        std::vector<nlohmann::json> errors;
        for (const MessagePtr &message : outputs)
            if (message->msgType() == "error")
                errors.push_back(message->content());
        return errors;
    }
};

bool hasGpu()
{
    void *cuda = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!cuda)
        return false;
    using Init = int (*)(unsigned);
    using Count = int (*)(int *);
    auto init = reinterpret_cast<Init>(dlsym(cuda, "cuInit"));
    auto count = reinterpret_cast<Count>(dlsym(cuda, "cuDeviceGetCount"));
    int devices = 0;
    const bool ok = init && count && init(0) == 0 && count(&devices) == 0 && devices > 0;
    dlclose(cuda);
    return ok;
}

} // namespace

class TestCudaKernel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void kernelInfo();
    void hostProgram();
    void definitionsAcrossCells();
    void compileErrorMapping();
    void noGpuPath();
    void interruptEndlessLoop();
    void crashIsAnError();
    void stopOnErrorAbortsQueued();
    void completionInspection();
    void nvccNotFound();
    void cleanupTestCase();

private:
    std::unique_ptr<LocalKernel> startKernel(const QMap<QString, QString> &env = {});
    ExecuteLog &run(const std::string &code, const std::string &cellId = std::string());

    QTemporaryDir m_temp;
    KernelSpec m_spec;
    std::unique_ptr<LocalKernel> m_kernel;
    std::vector<std::unique_ptr<ExecuteLog>> m_logs;
};

void TestCudaKernel::initTestCase()
{
    QVERIFY(m_temp.isValid());
    const QString root = m_temp.path();
    qputenv("JUPYTER_RUNTIME_DIR", QFile::encodeName(root + QStringLiteral("/runtime")));
    qputenv("JUPYTER_DATA_DIR", QFile::encodeName(root + QStringLiteral("/data")));
    qputenv("JUPYTER_CONFIG_DIR", QFile::encodeName(root + QStringLiteral("/config")));
    qputenv("CUMULUS_CUDA_CACHE_DIR", QFile::encodeName(root + QStringLiteral("/cache")));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/work")));
    auto spec = KernelSpec::fromResourceDir(QStringLiteral(CUMULUS_CUDA_KERNELSPEC_DIR));
    QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().toString()));
    m_spec = *spec;
    QCOMPARE(m_spec.name, QStringLiteral("cuda"));
    QCOMPARE(m_spec.displayName, QStringLiteral("CUDA C++"));
    QCOMPARE(m_spec.language, QStringLiteral("cuda"));
    QCOMPARE(m_spec.interruptMode, InterruptMode::Message);
    const bool haveNvcc = QFileInfo(QStringLiteral("/usr/local/cuda/bin/nvcc")).isExecutable()
        || !qEnvironmentVariableIsEmpty("CUDA_HOME");
    if (!haveNvcc && qEnvironmentVariableIsEmpty("CI"))
        QSKIP("no CUDA Toolkit (/usr/local/cuda or CUDA_HOME): only nvccNotFound could run");
    m_kernel = startKernel();
    QVERIFY(m_kernel);
}

void TestCudaKernel::cleanupTestCase()
{
    if (m_kernel) {
        QSignalSpy stopped(m_kernel.get(), &Kernel::stopped);
        m_kernel->shutdown();
        QVERIFY(stopped.count() == 1 || stopped.wait(30000));
    }
    m_kernel.reset();
}

std::unique_ptr<LocalKernel> TestCudaKernel::startKernel(const QMap<QString, QString> &env)
{
    KernelSpec spec = m_spec;
    for (auto it = env.begin(); it != env.end(); ++it)
        spec.env.insert(it.key(), it.value());
    auto kernel = std::make_unique<LocalKernel>(spec);
    kernel->setWorkingDirectory(m_temp.path() + QStringLiteral("/work"));
    QSignalSpy ready(kernel.get(), &Kernel::ready);
    QSignalSpy died(kernel.get(), &Kernel::died);
    kernel->start();
    if (!ready.wait(kStartMs) && ready.isEmpty()) {
        qWarning() << "kernel did not start:" << (died.isEmpty() ? QString() : died.first().first().toString());
        return nullptr;
    }
    return kernel;
}

ExecuteLog &TestCudaKernel::run(const std::string &code, const std::string &cellId)
{
    m_logs.push_back(std::make_unique<ExecuteLog>());
    ExecuteLog &log = *m_logs.back();
    ExecuteOptions options;
    options.cellId = cellId;
    m_kernel->client()->execute(code, options, nullptr, log.callbacks());
    if (!QTest::qWaitFor([&] { return !log.results.empty(); }, kCellMs)) {
        QTest::qFail("no execute result in time", __FILE__, __LINE__);
        log.results.push_back(ExecuteResult {}); // Failed: the caller's checks fail, not crash
    }
    return log;
}

void TestCudaKernel::kernelInfo()
{
    const nlohmann::json &info = m_kernel->client()->kernelInfo();
    QCOMPARE(info.value("protocol_version", ""), std::string("5.3"));
    const nlohmann::json &language = info.at("language_info");
    QCOMPARE(language.value("name", ""), std::string("cuda"));
    QCOMPARE(language.value("file_extension", ""), std::string(".cu"));
    QCOMPARE(language.value("codemirror_mode", ""), std::string("text/x-c++src"));
    QCOMPARE(language.value("version", ""), std::string("13.0"));
}

void TestCudaKernel::hostProgram()
{
    ExecuteLog &log = run("#include <cstdio>\nint main() {\n  for (int i = 0; i < 3; ++i) printf(\"%d\\n\", i);\n}");
    QCOMPARE(log.results.at(0).status, ExecuteResult::Status::Ok);
    QCOMPARE(log.text(), std::string("0\n1\n2\n"));
    QVERIFY(log.errors().empty());
    // The same cell again (a new execution count): compiled before, so it runs from the cache
    // and nothing new is compiled.
    const QDir cache(m_temp.path() + QStringLiteral("/cache"));
    const QStringList before = cache.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QVERIFY(!before.isEmpty());
    ExecuteLog &again = run("#include <cstdio>\nint main() {\n  for (int i = 0; i < 3; ++i) printf(\"%d\\n\", i);\n}");
    QCOMPARE(again.text(), std::string("0\n1\n2\n"));
    QCOMPARE(cache.entryList(QDir::Dirs | QDir::NoDotAndDotDot), before);
}

void TestCudaKernel::definitionsAcrossCells()
{
    run("%reset");
    QCOMPARE(run("int base() { return 1; }", "cell-a").results.at(0).status, ExecuteResult::Status::Ok);
    QCOMPARE(run("#include <cstdio>\nint main() { printf(\"%d\\n\", base()); }", "cell-b").text(), std::string("1\n"));
    // Re-running cell-a with new code replaces its definition.
    QCOMPARE(run("int base() { return 2; }", "cell-a").results.at(0).status, ExecuteResult::Status::Ok);
    QCOMPARE(run("#include <cstdio>\nint main() { printf(\"%d\\n\", base()); }", "cell-b").text(), std::string("2\n"));
    // A failing definition keeps the previous version.
    QCOMPARE(run("int base() { return oops; }", "cell-a").results.at(0).status, ExecuteResult::Status::Error);
    QCOMPARE(run("#include <cstdio>\nint main() { printf(\"%d\\n\", base()); }", "cell-b").text(), std::string("2\n"));
    // %reset drops them.
    run("%reset");
    ExecuteLog &gone = run("#include <cstdio>\nint main() { printf(\"%d\\n\", base()); }", "cell-b");
    QCOMPARE(gone.results.at(0).status, ExecuteResult::Status::Error);
    QCOMPARE(gone.results.at(0).reply.value("ename", ""), std::string("CompileError"));
}

void TestCudaKernel::compileErrorMapping()
{
    run("int helper() { return 0; }", "defs");
    ExecuteLog &log = run("#include <cstdio>\n\nint main() {\n  printf(\"%d\\n\", helper());\n  nope();\n}", "prog");
    const ExecuteResult &result = log.results.at(0);
    QCOMPARE(result.status, ExecuteResult::Status::Error);
    const int count = result.reply.value("execution_count", 0);
    const std::string evalue = result.reply.value("evalue", "");
    QVERIFY2(evalue.find("In[" + std::to_string(count) + "], line 5") != std::string::npos, evalue.c_str());
    QCOMPARE(log.errors().size(), size_t(1));
    run("%reset");
}

void TestCudaKernel::noGpuPath()
{
    if (hasGpu())
        QSKIP("this machine has a CUDA device: the no-GPU path cannot be checked");
    ExecuteLog &log = run("__global__ void k(int *p) { p[0] = 1; }\n#include <cstdio>\n"
                          "int main() {\n  k<<<1, 1>>>(nullptr);\n  printf(\"launched\\n\");\n}");
    // Device code compiled; the kernel warned before running, and the error the program
    // ignored became an error output.
    QVERIFY2(log.text("stderr").find("no CUDA-capable device/driver") != std::string::npos, log.text("stderr").c_str());
    QCOMPARE(log.text(), std::string("launched\n"));
    const auto errors = log.errors();
    QCOMPARE(errors.size(), size_t(1));
    QCOMPARE(errors.at(0).value("ename", ""), std::string("CudaError"));
    QVERIFY(errors.at(0).value("evalue", "").find("cudaErrorInsufficientDriver") != std::string::npos
            || errors.at(0).value("evalue", "").find("cudaErrorNoDevice") != std::string::npos);
    ExecuteLog &gpu = run("%gpu");
    QVERIFY2(gpu.text().find("No CUDA-capable device/driver") != std::string::npos, gpu.text().c_str());
    QVERIFY(gpu.text().find("CUDA runtime version: 13.0") != std::string::npos);
}

void TestCudaKernel::interruptEndlessLoop()
{
    m_logs.push_back(std::make_unique<ExecuteLog>());
    ExecuteLog &log = *m_logs.back();
    m_kernel->client()->execute("#include <cstdio>\nint main() {\n  printf(\"spinning\\n\");\n  for (volatile int i = 0;; ++i) {}\n}",
                                {}, nullptr, log.callbacks());
    QTRY_VERIFY_WITH_TIMEOUT(log.text().find("spinning") != std::string::npos, kCellMs);
    m_kernel->interrupt();
    QTRY_VERIFY_WITH_TIMEOUT(!log.results.empty(), 20000);
    QCOMPARE(log.results.at(0).reply.value("ename", ""), std::string("KeyboardInterrupt"));
    QCOMPARE(run("int main() { return 0; }").results.at(0).status, ExecuteResult::Status::Ok);
}

void TestCudaKernel::crashIsAnError()
{
    ExecuteLog &log = run("#include <cstdlib>\nint main() { std::abort(); }");
    QCOMPARE(log.results.at(0).status, ExecuteResult::Status::Error);
    QCOMPARE(log.results.at(0).reply.value("ename", ""), std::string("SIGABRT"));
    QCOMPARE(m_kernel->status(), Kernel::Status::Idle);
    ExecuteLog &exit = run("int main() { return 3; }");
    QCOMPARE(exit.results.at(0).reply.value("ename", ""), std::string("ExitStatus"));
}

void TestCudaKernel::stopOnErrorAbortsQueued()
{
    ExecuteLog failing, queued;
    // Both are sent before the first finishes: the second waits in the kernel's shell queue.
    m_kernel->client()->execute("int main() { return syntax error; }", {}, nullptr, failing.callbacks());
    m_kernel->client()->execute("int main() { return 0; }", {}, nullptr, queued.callbacks());
    QTRY_VERIFY_WITH_TIMEOUT(!failing.results.empty() && !queued.results.empty(), kCellMs);
    QCOMPARE(failing.results.at(0).status, ExecuteResult::Status::Error);
    QCOMPARE(queued.results.at(0).status, ExecuteResult::Status::Aborted);
    QCOMPARE(run("int main() { return 0; }").results.at(0).status, ExecuteResult::Status::Ok);
}

void TestCudaKernel::completionInspection()
{
    run("__global__ void saxpyKernel(float a, float *x) {}", "saxpy");
    nlohmann::json complete, inspect, isComplete, isIncomplete;
    m_kernel->client()->complete("int main() { saxpyK", 19, nullptr, [&](const MessagePtr &r) { complete = r->content(); });
    m_kernel->client()->inspect("cudaMemcpy(", 5, 0, nullptr, [&](const MessagePtr &r) { inspect = r->content(); });
    m_kernel->client()->isComplete("int main() {", nullptr, [&](const MessagePtr &r) { isIncomplete = r->content(); });
    m_kernel->client()->isComplete("int x;", nullptr, [&](const MessagePtr &r) { isComplete = r->content(); });
    QTRY_VERIFY_WITH_TIMEOUT(!complete.is_null() && !inspect.is_null() && !isComplete.is_null()
                                     && !isIncomplete.is_null(), 10000);
    QVERIFY2(complete.at("matches") == nlohmann::json::array({"saxpyKernel"}), complete.dump().c_str());
    QCOMPARE(complete.value("cursor_start", 0), 13);
    QCOMPARE(complete.value("cursor_end", 0), 19);
    QVERIFY(inspect.value("found", false));
    QVERIFY(inspect.at("data").value("text/plain", "").find("Copies data") != std::string::npos);
    QCOMPARE(isIncomplete.value("status", ""), std::string("incomplete"));
    QCOMPARE(isComplete.value("status", ""), std::string("complete"));
    run("%reset");
}

void TestCudaKernel::nvccNotFound()
{
    // CUDA_HOME pointing nowhere: nvcc is looked for only there.
    auto kernel = startKernel({{QStringLiteral("CUDA_HOME"), m_temp.path() + QStringLiteral("/no-cuda")},
                               {QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")}});
    QVERIFY(kernel);
    ExecuteLog log;
    kernel->client()->execute("int main() {}", {}, nullptr, log.callbacks());
    QTRY_VERIFY_WITH_TIMEOUT(!log.results.empty(), kCellMs);
    QCOMPARE(log.results.at(0).status, ExecuteResult::Status::Error);
    QCOMPARE(log.results.at(0).reply.value("ename", ""), std::string("NvccNotFound"));
    QVERIFY(log.results.at(0).reply.value("evalue", "").find("nvcc not found") != std::string::npos);
    QSignalSpy stopped(kernel.get(), &Kernel::stopped);
    kernel->shutdown();
    QVERIFY(stopped.count() == 1 || stopped.wait(30000));
}

QTEST_GUILESS_MAIN(TestCudaKernel)
#include "tst_cudakernel.moc"
