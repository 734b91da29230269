// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "cudakernel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringDecoder>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace cumulus::cuda {

using jupyter::Channel;
using jupyter::Message;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// The self-pipe SIGINT writes to; read by the loop of a running program.
int g_signalPipe[2] = {-1, -1};

std::string str(const QString &text) { return text.toStdString(); }
QString qstr(const std::string &text) { return QString::fromStdString(text); }

/// Code points (the protocol's cursor unit) to a UTF-16 index into @p text, and back.
qsizetype utf16Index(const QString &text, qsizetype codePoints)
{
    qsizetype i = 0;
    for (; i < text.size() && codePoints > 0; --codePoints)
        i += (text.at(i).isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
    return i;
}
qsizetype codePointIndex(const QString &text, qsizetype utf16)
{
    return QStringView(text).left(utf16).toUcs4().size();
}

int readRuntimeVersion(const QString &cudaHome)
{
    QFile header(cudaHome + QStringLiteral("/include/cuda_runtime_api.h"));
    if (!header.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression define(QStringLiteral("#define\\s+CUDART_VERSION\\s+(\\d+)"));
    const QRegularExpressionMatch match = define.match(QString::fromUtf8(header.readAll()));
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

QString signalName(int signal)
{
    switch (signal) {
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGFPE: return QStringLiteral("SIGFPE");
    case SIGILL: return QStringLiteral("SIGILL");
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGINT: return QStringLiteral("SIGINT");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

/// The name a cell goes by in compiled source: stable across runs (the execution count is not),
/// so an unchanged program has an unchanged cache key. Compiler output is mapped back to In[n].
QString sourceName(const QString &key)
{
    return QStringLiteral("cell-")
        + QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex().left(12));
}

void closeFd(int &fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

} // namespace

Toolchain Toolchain::find()
{
    Toolchain toolchain;
    const QString cudaHome = qEnvironmentVariable("CUDA_HOME");
    const auto accept = [&](const QString &nvcc) {
        const QFileInfo info(nvcc);
        if (!info.isFile() || !info.isExecutable())
            return false;
        toolchain.nvcc = info.absoluteFilePath();
        toolchain.cudaHome = QFileInfo(info.absolutePath()).absolutePath();
        return true;
    };
    if (!cudaHome.isEmpty()) {
        if (!accept(cudaHome + QStringLiteral("/bin/nvcc")))
            toolchain.problem = QStringLiteral(
                    "nvcc not found: CUDA_HOME is %1, but %1/bin/nvcc does not exist. Set CUDA_HOME "
                    "to the CUDA Toolkit's directory (e.g. /usr/local/cuda) or unset it.")
                                        .arg(cudaHome);
    } else if (!accept(QStringLiteral("/usr/local/cuda/bin/nvcc"))
               && !accept(QStandardPaths::findExecutable(QStringLiteral("nvcc")))) {
        toolchain.problem = QStringLiteral(
                "nvcc not found: install the CUDA Toolkit, then set CUDA_HOME to its directory or "
                "put its bin directory on PATH (looked in /usr/local/cuda/bin and PATH).");
    }
    if (!toolchain.nvcc.isEmpty())
        toolchain.runtimeVersion = readRuntimeVersion(toolchain.cudaHome);
    return toolchain;
}

/// What a child process did.
struct CudaKernel::Outcome
{
    bool started = false;
    QString startError;
    int exitCode = -1;
    int signal = 0;
    bool interrupted = false;
    QString output;      ///< stdout and stderr, when not streamed
    QByteArray status;   ///< what the program wrote on the status descriptor
};

/// One execute_request in progress.
struct CudaKernel::Execution
{
    const Message &request;
    bool failed = false;
    json errorContent;
};

CudaKernel::CudaKernel(std::unique_ptr<jupyter::KernelServer> server, QString cacheDir)
    : m_server(std::move(server)), m_cacheDir(std::move(cacheDir)),
      m_workDir(QDir::currentPath()), m_toolchain(Toolchain::find())
{
    QDir().mkpath(m_cacheDir);
}

CudaKernel::~CudaKernel() = default;

void CudaKernel::installSignalHandler()
{
    if (g_signalPipe[0] < 0 && ::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    struct sigaction action {};
    action.sa_handler = [](int) { interruptFromSignal(); };
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
}

void CudaKernel::interruptFromSignal()
{
    const int saved = errno;
    const char byte = 'i';
    if (g_signalPipe[1] >= 0)
        (void)!::write(g_signalPipe[1], &byte, 1);
    errno = saved;
}

int CudaKernel::run()
{
    publish("status", {{"execution_state", "starting"}}, nullptr);
    const std::array<Channel, 2> channels = {Channel::Control, Channel::Shell};
    std::vector<int> fds;
    if (g_signalPipe[0] >= 0)
        fds.push_back(g_signalPipe[0]);
    while (!m_shutdown) {
        jupyter::KernelServer::Ready ready = m_server->poll(channels, fds, -1ms);
        if (!ready.readableFds.empty()) {
            // SIGINT while idle: nothing to interrupt.
            char buffer[64];
            while (::read(g_signalPipe[0], buffer, sizeof buffer) > 0) {
            }
        }
        // Control first: that is what the channel is for.
        std::stable_partition(ready.messages.begin(), ready.messages.end(),
                              [](const jupyter::ReceivedMessage &m) { return m.channel == Channel::Control; });
        m_queue.insert(m_queue.end(), ready.messages.begin(), ready.messages.end());
        while (!m_queue.empty() && !m_shutdown) {
            const jupyter::ReceivedMessage received = m_queue.front();
            m_queue.pop_front();
            if (m_aborting && received.channel == Channel::Shell
                && received.message->msgType() == "execute_request")
                abort(*received.message);
            else
                handle(received);
        }
        m_aborting = false;
    }
    return 0;
}

void CudaKernel::reply(Channel channel, const Message &request, std::string_view type, json content)
{
    m_server->send(channel, *m_server->makeMessage(type, std::move(content), &request));
}

void CudaKernel::publish(std::string_view type, json content, const Message *parent)
{
    jupyter::MessagePtr message = m_server->makeMessage(type, std::move(content), nullptr);
    if (parent) {
        // iopub messages carry the request's header as parent_header, not its identities.
        message = std::make_shared<const Message>(message->header(), parent->header(),
                                                  message->metadata(), message->content());
    }
    m_server->send(Channel::IOPub, *message);
}

void CudaKernel::setStatus(const char *state, const Message *parent)
{
    publish("status", {{"execution_state", state}}, parent);
}

void CudaKernel::stream(const Message &parent, const char *name, const QString &text)
{
    if (!text.isEmpty())
        publish("stream", {{"name", name}, {"text", str(text)}}, &parent);
}

void CudaKernel::handle(const jupyter::ReceivedMessage &received)
{
    const Message &request = *received.message;
    const std::string &type = request.msgType();
    const Channel channel = received.channel;
    setStatus("busy", &request);
    if (type == "kernel_info_request") {
        reply(channel, request, "kernel_info_reply", kernelInfo());
    } else if (type == "execute_request" && channel == Channel::Shell) {
        execute(request);
    } else if (type == "complete_request") {
        reply(channel, request, "complete_reply", complete(request.content()));
    } else if (type == "inspect_request") {
        reply(channel, request, "inspect_reply", inspect(request.content()));
    } else if (type == "is_complete_request") {
        QString indent;
        const QString status = completeness(qstr(request.content().value("code", "")), &indent);
        json content = {{"status", str(status)}};
        if (status == QLatin1String("incomplete"))
            content["indent"] = str(indent);
        reply(channel, request, "is_complete_reply", content);
    } else if (type == "comm_info_request") {
        reply(channel, request, "comm_info_reply", {{"status", "ok"}, {"comms", json::object()}});
    } else if (type == "history_request") {
        reply(channel, request, "history_reply", {{"status", "ok"}, {"history", json::array()}});
    } else if (type == "interrupt_request") {
        // Nothing runs between requests (a running program is interrupted inside runProcess()).
        reply(channel, request, "interrupt_reply", {{"status", "ok"}});
    } else if (type == "shutdown_request") {
        const bool restart = request.content().value("restart", false);
        reply(channel, request, "shutdown_reply", {{"status", "ok"}, {"restart", restart}});
        m_shutdown = true;
    }
    // Anything else (comm_open to a target we do not have, …) is ignored, as ipykernel does.
    setStatus("idle", &request);
}

json CudaKernel::kernelInfo() const
{
    const QString version = gpu::cudaVersionString(m_toolchain.runtimeVersion);
    QString banner = QStringLiteral("Cumulus CUDA C++ kernel %1\n").arg(QStringLiteral(CUMULUS_VERSION));
    banner += m_toolchain.nvcc.isEmpty() ? m_toolchain.problem
                                         : QStringLiteral("nvcc: %1 (CUDA %2)").arg(m_toolchain.nvcc, version);
    return {
        {"status", "ok"},
        {"protocol_version", "5.3"},
        {"implementation", "cumulus-cuda"},
        {"implementation_version", CUMULUS_VERSION},
        {"language_info",
         {{"name", "cuda"},
          {"version", str(version)},
          {"mimetype", "text/x-cuda"},
          {"file_extension", ".cu"},
          {"pygments_lexer", "cpp"},
          {"codemirror_mode", "text/x-c++src"}}},
        {"banner", str(banner)},
        {"help_links",
         json::array({{{"text", "CUDA Runtime API"},
                       {"url", "https://docs.nvidia.com/cuda/cuda-runtime-api/"}},
                      {{"text", "CUDA C++ Programming Guide"},
                       {"url", "https://docs.nvidia.com/cuda/cuda-c-programming-guide/"}}})},
    };
}

QList<Definition> CudaKernel::compiledNames(QList<Definition> definitions)
{
    for (Definition &definition : definitions)
        definition.label = sourceName(definition.key);
    return definitions;
}

QStringList CudaKernel::userCode() const
{
    QStringList code;
    for (const Definition &definition : m_definitions)
        code.append(definition.code);
    return code;
}

json CudaKernel::complete(const json &content) const
{
    const QString code = qstr(content.value("code", ""));
    const qsizetype cursor = utf16Index(code, content.value("cursor_pos", qsizetype(code.toUcs4().size())));
    const qsizetype start = identifierStart(code, cursor);
    QStringList sources = userCode();
    // Names of the cell itself count too, except the word being typed.
    qsizetype end = cursor;
    while (end < code.size() && (code.at(end).isLetterOrNumber() || code.at(end) == QLatin1Char('_')))
        ++end;
    sources.append(code.left(start) + code.mid(end));
    json matches = json::array();
    for (const QString &match : completionsFor(code.mid(start, cursor - start), sources))
        matches.push_back(str(match));
    return {{"status", "ok"},
            {"matches", matches},
            {"cursor_start", codePointIndex(code, start)},
            {"cursor_end", codePointIndex(code, cursor)},
            {"metadata", json::object()}};
}

json CudaKernel::inspect(const json &content) const
{
    const QString code = qstr(content.value("code", ""));
    const qsizetype cursor = utf16Index(code, content.value("cursor_pos", qsizetype(code.toUcs4().size())));
    QString name = identifierAt(code, cursor);
    if (name.isEmpty()) // the cursor just after "name(" still asks about name
        name = identifierAt(code, std::max<qsizetype>(0, cursor - 1));
    QString text = apiDocumentation(name);
    if (text.isEmpty()) {
        const QString declared = declarationOf(name, userCode());
        if (!declared.isEmpty())
            text = name + QStringLiteral(" (defined in an earlier cell):\n") + declared;
    }
    json reply = {{"status", "ok"}, {"found", !text.isEmpty()}, {"data", json::object()},
                  {"metadata", json::object()}};
    if (!text.isEmpty())
        reply["data"]["text/plain"] = str(text);
    return reply;
}

void CudaKernel::error(Execution &exec, const QString &ename, const QString &evalue,
                       const QStringList &traceback)
{
    json lines = json::array();
    for (const QString &line : traceback.isEmpty() ? QStringList{ename + QStringLiteral(": ") + evalue} : traceback)
        lines.push_back(str(line));
    json content = {{"ename", str(ename)}, {"evalue", str(evalue)}, {"traceback", lines}};
    publish("error", content, &exec.request);
    if (!exec.failed) {
        exec.failed = true;
        exec.errorContent = content;
    }
}

void CudaKernel::execute(const Message &request)
{
    const json &content = request.content();
    const QString code = qstr(content.value("code", ""));
    const bool silent = content.value("silent", false);
    const bool storeHistory = content.value("store_history", true) && !silent;
    if (storeHistory)
        ++m_executionCount;
    if (!silent)
        publish("execute_input", {{"code", str(code)}, {"execution_count", m_executionCount}}, &request);

    Execution exec {request, false, json()};
    const ParsedCell cell = parseCell(code);
    std::string cellId;
    if (const auto meta = request.metadata().find("cellId");
        meta != request.metadata().end() && meta->is_string())
        cellId = meta->get<std::string>();

    if (cell.isFileMagic) {
        saveFile(exec, cell.fileName, cell.fileBody);
    } else {
        for (const QStringList &words : cell.lineMagics)
            if (!runMagic(exec, words))
                break;
        const bool hasCode = !stripCommentsAndStrings(cell.code).trimmed().isEmpty();
        if (!exec.failed && hasCode) {
            const QString label = QStringLiteral("In[%1]").arg(m_executionCount);
            const bool isProgram = definesMain(cell.code);
            // Without a cell id, definitions append; a program's name stays the same (cache hits).
            const QString key = !cellId.empty() ? qstr(cellId)
                : isProgram                     ? QStringLiteral("program")
                                                : QStringLiteral("anonymous-%1").arg(++m_anonymous);
            // This cell's earlier definitions are replaced (or dropped, when it now has main).
            QList<Definition> definitions = m_definitions;
            const auto existing = std::find_if(definitions.begin(), definitions.end(),
                                               [&](const Definition &d) { return d.key == key; });
            if (isProgram) {
                if (existing != definitions.end())
                    definitions.erase(existing);
                m_definitions = definitions;
                const bool checkCuda = usesCudaRuntime(userCode().join(QLatin1Char('\n')) + cell.code);
                const QString source = assembleProgram(compiledNames(definitions), sourceName(key),
                                                       cell.code, true, checkCuda);
                QString output;
                m_labels.insert(sourceName(key), label);
                if (compile(exec, source, true, &output)) {
                    if (!output.isEmpty())
                        stream(request, "stderr", output + QLatin1Char('\n'));
                    if (launchesKernels(source) && gpuReport().devices.isEmpty())
                        stream(request, "stderr",
                               QStringLiteral("Warning: no CUDA-capable device/driver (%1): kernel "
                                              "launches in this program will fail.\n")
                                       .arg(gpuReport().problem));
                    runProgram(exec, cacheKey(QStringLiteral("program"), source), checkCuda);
                }
            } else {
                Definition definition {key, label, cell.code};
                if (existing != definitions.end())
                    *existing = definition;
                else
                    definitions.append(definition);
                const QString source = assembleProgram(compiledNames(definitions), QString(), QString(), false, false);
                QString output;
                m_labels.insert(sourceName(key), label);
                if (compile(exec, source, false, &output)) {
                    m_definitions = definitions;
                    if (!output.isEmpty())
                        stream(request, "stderr", output + QLatin1Char('\n'));
                }
            }
        }
    }

    if (exec.failed && content.value("stop_on_error", true)) {
        // As ipykernel: execute requests that were already waiting when this cell failed are
        // answered "aborted" (a notebook's later cells depend on this one). Taken from the
        // socket before this reply goes out, so a request sent after seeing it is not caught.
        m_aborting = true;
        const std::array<Channel, 2> channels = {Channel::Control, Channel::Shell};
        jupyter::KernelServer::Ready waiting = m_server->poll(channels, {}, 0ms);
        m_queue.insert(m_queue.end(), waiting.messages.begin(), waiting.messages.end());
    }
    json reply;
    if (exec.failed) {
        reply = exec.errorContent;
        reply["status"] = "error";
    } else {
        reply = {{"status", "ok"}, {"payload", json::array()}, {"user_expressions", json::object()}};
    }
    reply["execution_count"] = m_executionCount;
    this->reply(Channel::Shell, request, "execute_reply", reply);
}

void CudaKernel::abort(const Message &request)
{
    setStatus("busy", &request);
    reply(Channel::Shell, request, "execute_reply", {{"status", "aborted"}, {"execution_count", m_executionCount}});
    setStatus("idle", &request);
}


bool CudaKernel::runMagic(Execution &exec, const QStringList &words)
{
    const QString name = words.value(0);
    if (name == QLatin1String("%gpu")) {
        gpu::GpuReport report = gpuReport();
        report.runtimeVersion = m_toolchain.runtimeVersion;
        stream(exec.request, "stdout", gpu::describe(report));
        return true;
    }
    if (name == QLatin1String("%reset")) {
        m_definitions.clear();
        stream(exec.request, "stdout", QStringLiteral("Definitions cleared.\n"));
        return true;
    }
    if (name == QLatin1String("%nvcc_flags")) {
        if (words.value(1) == QLatin1String("--clear"))
            m_nvccFlags.clear();
        else if (words.size() > 1)
            m_nvccFlags = words.mid(1);
        stream(exec.request, "stdout",
               QStringLiteral("nvcc flags: %1\n")
                       .arg(m_nvccFlags.isEmpty() ? QStringLiteral("(none)") : m_nvccFlags.join(QLatin1Char(' '))));
        return true;
    }
    error(exec, QStringLiteral("UsageError"),
          QStringLiteral("unknown magic %1 (known: %gpu, %nvcc_flags [FLAGS…|--clear], %reset, %%file NAME)").arg(name));
    return false;
}

bool CudaKernel::saveFile(Execution &exec, const QString &name, const QString &body)
{
    if (name.isEmpty()) {
        error(exec, QStringLiteral("UsageError"), QStringLiteral("%%file needs a file name: %%file NAME.cu"));
        return false;
    }
    const QString path = QDir(m_workDir).absoluteFilePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    const QByteArray bytes = body.toUtf8();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()) {
        error(exec, QStringLiteral("OSError"),
              QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    stream(exec.request, "stdout", QStringLiteral("Writing %1\n").arg(name));
    return true;
}

QString CudaKernel::cacheKey(const QString &mode, const QString &source) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(mode.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(m_toolchain.nvcc.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(m_nvccFlags.join(QChar(0)).toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(m_workDir.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(source.toUtf8());
    // Files of the working directory that the source includes ("kernels.cuh", a %%file):
    // their content is part of what is compiled.
    static const QRegularExpression include(QStringLiteral("#\\s*include\\s*\"([^\"]+)\""));
    for (auto it = include.globalMatch(source); it.hasNext();) {
        QFile file(QDir(m_workDir).absoluteFilePath(it.next().captured(1)));
        if (file.open(QIODevice::ReadOnly))
            hash.addData(file.readAll());
    }
    return QString::fromLatin1(hash.result().toHex().left(32));
}

bool CudaKernel::compile(Execution &exec, const QString &source, bool program, QString *output)
{
    output->clear();
    if (m_toolchain.nvcc.isEmpty()) {
        error(exec, QStringLiteral("NvccNotFound"), m_toolchain.problem);
        return false;
    }
    const QString key = cacheKey(program ? QStringLiteral("program") : QStringLiteral("definitions"), source);
    const QString dir = m_cacheDir + QLatin1Char('/') + key;
    const QString target = dir + (program ? QStringLiteral("/program") : QStringLiteral("/definitions.o"));
    if (QFileInfo::exists(target))
        return true; // compiled before: same source, flags, compiler and included files
    QDir().mkpath(dir);
    const QString sourcePath = dir + QStringLiteral("/cell.cu");
    {
        QFile file(sourcePath);
        const QByteArray bytes = source.toUtf8();
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()) {
            error(exec, QStringLiteral("OSError"),
                  QStringLiteral("cannot write %1: %2").arg(sourcePath, file.errorString()));
            return false;
        }
    }
    const QString partial = target + QStringLiteral(".partial");
    QStringList argv{m_toolchain.nvcc};
    argv += m_nvccFlags;
    argv += {QStringLiteral("-I") + m_workDir, QStringLiteral("-o"), partial};
    if (!program)
        argv += QStringLiteral("-c");
    argv += sourcePath;
    const Outcome outcome = runProcess(argv, nullptr, false);
    *output = cleanCompilerOutput(outcome.output, dir);
    for (auto it = m_labels.cbegin(); it != m_labels.cend(); ++it)
        output->replace(it.key(), it.value());
    if (!outcome.started) {
        error(exec, QStringLiteral("OSError"),
              QStringLiteral("cannot run %1: %2").arg(m_toolchain.nvcc, outcome.startError));
        return false;
    }
    if (outcome.interrupted) {
        QFile::remove(partial);
        error(exec, QStringLiteral("KeyboardInterrupt"), QStringLiteral("compilation interrupted"));
        return false;
    }
    if (outcome.exitCode != 0 || outcome.signal != 0) {
        QFile::remove(partial);
        QString evalue;
        const QString location = firstErrorLocation(*output);
        static const QRegularExpression message(QStringLiteral("error[^:]*:\\s*(.*)"));
        const QRegularExpressionMatch match = message.match(*output);
        evalue = match.hasMatch() ? match.captured(1).trimmed() : QStringLiteral("nvcc failed");
        if (!location.isEmpty())
            evalue = location + QStringLiteral(": ") + evalue;
        error(exec, QStringLiteral("CompileError"), evalue, output->split(QLatin1Char('\n')));
        return false;
    }
    if (!QFile::rename(partial, target)) {
        error(exec, QStringLiteral("OSError"), QStringLiteral("cannot write %1").arg(target));
        return false;
    }
    return true;
}

bool CudaKernel::runProgram(Execution &exec, const QString &key, bool checkCuda)
{
    const QString program = m_cacheDir + QLatin1Char('/') + key + QStringLiteral("/program");
    const Outcome outcome = runProcess({program}, &exec.request, checkCuda);
    if (!outcome.started) {
        error(exec, QStringLiteral("OSError"), QStringLiteral("cannot run the program: %1").arg(outcome.startError));
        return false;
    }
    if (outcome.interrupted) {
        error(exec, QStringLiteral("KeyboardInterrupt"), QStringLiteral("the program was interrupted"));
        return false;
    }
    if (outcome.signal != 0) {
        error(exec, signalName(outcome.signal),
              QStringLiteral("the program crashed: %1 (%2)")
                      .arg(QString::fromLocal8Bit(strsignal(outcome.signal)), signalName(outcome.signal)));
        return false;
    }
    if (!outcome.status.isEmpty()) {
        // "<code>\n<name>\n<description>\n" from the harness's exit hook.
        const QStringList parts = QString::fromUtf8(outcome.status).split(QLatin1Char('\n'));
        error(exec, QStringLiteral("CudaError"),
              QStringLiteral("%1 (%2): %3 — still pending when the program exited")
                      .arg(parts.value(1), parts.value(0), parts.value(2)));
    }
    if (outcome.exitCode != 0)
        error(exec, QStringLiteral("ExitStatus"),
              QStringLiteral("the program exited with status %1").arg(outcome.exitCode));
    return !exec.failed;
}

void CudaKernel::serveControlWhileBusy(const jupyter::ReceivedMessage &received, int childGroup,
                                       bool *interrupted)
{
    const Message &request = *received.message;
    const std::string &type = request.msgType();
    if (type == "interrupt_request" || type == "shutdown_request") {
        ::kill(-childGroup, SIGKILL);
        *interrupted = true;
    }
    if (type == "shutdown_request") {
        const bool restart = request.content().value("restart", false);
        reply(Channel::Control, request, "shutdown_reply", {{"status", "ok"}, {"restart", restart}});
        m_shutdown = true;
    } else if (type == "interrupt_request") {
        reply(Channel::Control, request, "interrupt_reply", {{"status", "ok"}});
    } else if (type == "kernel_info_request") {
        reply(Channel::Control, request, "kernel_info_reply", kernelInfo());
    }
}

CudaKernel::Outcome CudaKernel::runProcess(const QStringList &argv, const Message *streamTo, bool statusFd)
{
    Outcome outcome;
    int out[2] = {-1, -1}, err[2] = {-1, -1}, status[2] = {-1, -1};
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0
        || (statusFd && ::pipe2(status, O_CLOEXEC) != 0)) {
        outcome.startError = QString::fromLocal8Bit(strerror(errno));
        for (int *fd : {&out[0], &out[1], &err[0], &err[1], &status[0], &status[1]})
            closeFd(*fd);
        return outcome;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    if (statusFd)
        posix_spawn_file_actions_adddup2(&actions, status[1], 3);
    const QByteArray workDir = QFile::encodeName(m_workDir);
    posix_spawn_file_actions_addchdir_np(&actions, workDir.constData());
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own process group: an interrupt kills the program (or nvcc and its helpers) whole.
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

    std::vector<QByteArray> args;
    for (const QString &arg : argv)
        args.push_back(QFile::encodeName(arg));
    std::vector<char *> argPointers;
    for (QByteArray &arg : args)
        argPointers.push_back(arg.data());
    argPointers.push_back(nullptr);
    std::vector<QByteArray> env;
    for (char **e = environ; *e; ++e)
        if (std::strncmp(*e, "CUMULUS_CUDA_STATUS_FD=", 23) != 0)
            env.emplace_back(*e);
    if (statusFd)
        env.emplace_back("CUMULUS_CUDA_STATUS_FD=3");
    std::vector<char *> envPointers;
    for (QByteArray &entry : env)
        envPointers.push_back(entry.data());
    envPointers.push_back(nullptr);

    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argPointers[0], &actions, &attributes, argPointers.data(),
                               envPointers.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    closeFd(out[1]);
    closeFd(err[1]);
    closeFd(status[1]);
    if (rc != 0) {
        outcome.startError = QString::fromLocal8Bit(strerror(rc));
        closeFd(out[0]);
        closeFd(err[0]);
        closeFd(status[0]);
        return outcome;
    }
    outcome.started = true;

    QStringDecoder decoders[2] = {QStringDecoder(QStringDecoder::Utf8), QStringDecoder(QStringDecoder::Utf8)};
    const std::array<Channel, 1> control = {Channel::Control};
    std::array<char, 65536> buffer;
    while (out[0] >= 0 || err[0] >= 0 || status[0] >= 0) {
        std::vector<int> fds;
        for (int fd : {out[0], err[0], status[0], g_signalPipe[0]})
            if (fd >= 0)
                fds.push_back(fd);
        jupyter::KernelServer::Ready ready = m_server->poll(control, fds, -1ms);
        for (const jupyter::ReceivedMessage &received : ready.messages) {
            setStatus("busy", received.message.get());
            serveControlWhileBusy(received, pid, &outcome.interrupted);
            setStatus("idle", received.message.get());
        }
        for (int fd : ready.readableFds) {
            const ssize_t n = ::read(fd, buffer.data(), buffer.size());
            if (fd == g_signalPipe[0]) {
                ::kill(-pid, SIGKILL);
                outcome.interrupted = true;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            const int index = fd == out[0] ? 0 : fd == err[0] ? 1 : 2;
            if (n <= 0) {
                closeFd(index == 0 ? out[0] : index == 1 ? err[0] : status[0]);
                continue;
            }
            if (index == 2) {
                outcome.status.append(buffer.data(), n);
                continue;
            }
            const QString text = decoders[index](QByteArrayView(buffer.data(), n));
            if (streamTo)
                stream(*streamTo, index == 0 ? "stdout" : "stderr", text);
            else
                outcome.output += text;
        }
    }
    int waitStatus = 0;
    while (::waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(waitStatus))
        outcome.exitCode = WEXITSTATUS(waitStatus);
    else if (WIFSIGNALED(waitStatus))
        outcome.signal = WTERMSIG(waitStatus);
    if (outcome.interrupted)
        outcome.signal = 0;
    return outcome;
}

const gpu::GpuReport &CudaKernel::gpuReport()
{
    if (!m_gpu)
        m_gpu = gpu::probeLocalGpus();
    return *m_gpu;
}

} // namespace cumulus::cuda
