// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cudasource.h"

#include "gpu/gpuinfo.h"
#include "jupyter/kernelserver.h"

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <deque>
#include <memory>
#include <optional>

namespace cumulus::cuda {

/// Where nvcc is, or why it is not.
struct Toolchain
{
    QString nvcc;          ///< absolute path; empty when not found
    QString cudaHome;      ///< the toolkit's root, when known
    int runtimeVersion = 0; ///< CUDART_VERSION of the toolkit (13000 = 13.0), 0 unknown
    QString problem;       ///< why nvcc was not found

    /// $CUDA_HOME/bin/nvcc when CUDA_HOME is set (and only there), else
    /// /usr/local/cuda/bin/nvcc, else nvcc on PATH.
    static Toolchain find();
};

/**
 * The CUDA C++ Jupyter kernel: serves one KernelServer from its thread's loop until a
 * shutdown_request. See kernels/cuda/README.md for the execution model.
 *
 * A cell with main() is compiled, together with the definitions kept so far, into a program
 * that runs as a child process in its own process group; its stdout and stderr are streamed
 * while it runs, control-channel requests (interrupt, shutdown) are served meanwhile. A cell
 * without main() is kept as definitions, keyed by metadata.cellId. Compiled programs and
 * checked definitions are cached by content and flags under the cache directory.
 */
class CudaKernel
{
public:
    CudaKernel(std::unique_ptr<jupyter::KernelServer> server, QString cacheDir);
    ~CudaKernel();

    /// Serves requests until shutdown; returns the process exit status.
    int run();

    /// Called from the SIGINT handler (async-signal-safe): interrupts the running program.
    static void interruptFromSignal();
    /// Installs the SIGINT handler (interrupt_mode "signal" clients send SIGINT).
    static void installSignalHandler();

private:
    struct Outcome;
    struct Execution;

    void handle(const jupyter::ReceivedMessage &received);
    void reply(jupyter::Channel channel, const jupyter::Message &request, std::string_view type,
               nlohmann::json content);
    void publish(std::string_view type, nlohmann::json content, const jupyter::Message *parent);
    void setStatus(const char *state, const jupyter::Message *parent);

    void execute(const jupyter::Message &request);
    void abort(const jupyter::Message &request);
    nlohmann::json kernelInfo() const;
    nlohmann::json complete(const nlohmann::json &content) const;
    nlohmann::json inspect(const nlohmann::json &content) const;

    // Execution steps; each returns false after publishing an error output.
    bool runMagic(Execution &exec, const QStringList &words);
    bool saveFile(Execution &exec, const QString &name, const QString &body);
    bool compile(Execution &exec, const QString &source, bool program, QString *output);
    bool runProgram(Execution &exec, const QString &program, bool checkCuda);
    void error(Execution &exec, const QString &ename, const QString &evalue,
               const QStringList &traceback = {});
    void stream(const jupyter::Message &parent, const char *name, const QString &text);

    /// Runs @p argv in its own process group; streams its output to @p streamTo when given,
    /// else collects it. Serves the control channel meanwhile.
    Outcome runProcess(const QStringList &argv, const jupyter::Message *streamTo, bool statusFd);
    void serveControlWhileBusy(const jupyter::ReceivedMessage &received, int childGroup,
                               bool *interrupted);

    QString cacheKey(const QString &mode, const QString &source) const;
    QStringList userCode() const;
    /// @p definitions named by their stable source names (see sourceName()).
    static QList<Definition> compiledNames(QList<Definition> definitions);
    const gpu::GpuReport &gpuReport();

    std::unique_ptr<jupyter::KernelServer> m_server;
    QString m_cacheDir;
    QString m_workDir;
    Toolchain m_toolchain;
    QStringList m_nvccFlags;
    QList<Definition> m_definitions;
    /// Stable source name of a cell -> the label people see ("In[3]"), for compiler output.
    QHash<QString, QString> m_labels;
    std::optional<gpu::GpuReport> m_gpu;
    int m_executionCount = 0;
    int m_anonymous = 0;
    bool m_shutdown = false;
    /// Requests read but not handled yet, in order.
    std::deque<jupyter::ReceivedMessage> m_queue;
    /// A cell failed with stop_on_error: execute requests queued before its reply are aborted.
    bool m_aborting = false;
};

} // namespace cumulus::cuda
