// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "cudasource.h"

#include <QRegularExpression>

#include <algorithm>
#include <set>
#include <utility>

namespace cumulus::cuda {

namespace {

const QStringList &keywords()
{
    static const QStringList list = {
        QStringLiteral("__global__"), QStringLiteral("__device__"), QStringLiteral("__host__"),
        QStringLiteral("__shared__"), QStringLiteral("__constant__"), QStringLiteral("__managed__"),
        QStringLiteral("__restrict__"), QStringLiteral("__syncthreads"), QStringLiteral("__forceinline__"),
        QStringLiteral("__noinline__"), QStringLiteral("__launch_bounds__"), QStringLiteral("threadIdx"),
        QStringLiteral("blockIdx"), QStringLiteral("blockDim"), QStringLiteral("gridDim"),
        QStringLiteral("warpSize"), QStringLiteral("atomicAdd"), QStringLiteral("atomicCAS"),
        QStringLiteral("__shfl_down_sync"), QStringLiteral("__shfl_sync"), QStringLiteral("dim3"),
        QStringLiteral("auto"), QStringLiteral("bool"), QStringLiteral("break"), QStringLiteral("case"),
        QStringLiteral("char"), QStringLiteral("class"), QStringLiteral("const"), QStringLiteral("constexpr"),
        QStringLiteral("continue"), QStringLiteral("default"), QStringLiteral("delete"), QStringLiteral("do"),
        QStringLiteral("double"), QStringLiteral("else"), QStringLiteral("enum"), QStringLiteral("extern"),
        QStringLiteral("float"), QStringLiteral("for"), QStringLiteral("if"), QStringLiteral("inline"),
        QStringLiteral("int"), QStringLiteral("long"), QStringLiteral("namespace"), QStringLiteral("new"),
        QStringLiteral("nullptr"), QStringLiteral("return"), QStringLiteral("short"), QStringLiteral("signed"),
        QStringLiteral("sizeof"), QStringLiteral("static"), QStringLiteral("static_cast"), QStringLiteral("struct"),
        QStringLiteral("switch"), QStringLiteral("template"), QStringLiteral("typename"), QStringLiteral("unsigned"),
        QStringLiteral("using"), QStringLiteral("void"), QStringLiteral("volatile"), QStringLiteral("while"),
        QStringLiteral("printf"), QStringLiteral("size_t"),
    };
    return list;
}

struct ApiEntry
{
    const char *name;
    const char *doc;
};

// The CUDA runtime functions people type most, with the one-line summary of the CUDA Runtime
// API reference (13.0).
constexpr ApiEntry kApi[] = {
    {"cudaMalloc", "cudaError_t cudaMalloc(void **devPtr, size_t size)\nAllocates size bytes of linear memory on the device."},
    {"cudaMallocManaged", "cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags = cudaMemAttachGlobal)\nAllocates memory that is managed by the Unified Memory system."},
    {"cudaMallocHost", "cudaError_t cudaMallocHost(void **ptr, size_t size)\nAllocates page-locked memory on the host."},
    {"cudaMallocAsync", "cudaError_t cudaMallocAsync(void **devPtr, size_t size, cudaStream_t stream)\nAllocates memory with stream-ordered semantics."},
    {"cudaFree", "cudaError_t cudaFree(void *devPtr)\nFrees memory on the device."},
    {"cudaFreeHost", "cudaError_t cudaFreeHost(void *ptr)\nFrees page-locked memory."},
    {"cudaFreeAsync", "cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t stream)\nFrees memory with stream-ordered semantics."},
    {"cudaMemcpy", "cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, cudaMemcpyKind kind)\nCopies data between host and device."},
    {"cudaMemcpyAsync", "cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, cudaMemcpyKind kind, cudaStream_t stream = 0)\nCopies data between host and device, asynchronously."},
    {"cudaMemcpyToSymbol", "cudaError_t cudaMemcpyToSymbol(const void *symbol, const void *src, size_t count, size_t offset = 0, cudaMemcpyKind kind = cudaMemcpyHostToDevice)\nCopies data to the given symbol on the device."},
    {"cudaMemset", "cudaError_t cudaMemset(void *devPtr, int value, size_t count)\nInitializes or sets device memory to a value."},
    {"cudaDeviceSynchronize", "cudaError_t cudaDeviceSynchronize()\nWaits for compute device to finish."},
    {"cudaDeviceReset", "cudaError_t cudaDeviceReset()\nDestroy all allocations and reset all state on the current device in the current process."},
    {"cudaGetLastError", "cudaError_t cudaGetLastError()\nReturns the last error from a runtime call (and resets it to cudaSuccess)."},
    {"cudaPeekAtLastError", "cudaError_t cudaPeekAtLastError()\nReturns the last error from a runtime call, without resetting it."},
    {"cudaGetErrorString", "const char *cudaGetErrorString(cudaError_t error)\nReturns the description string for an error code."},
    {"cudaGetErrorName", "const char *cudaGetErrorName(cudaError_t error)\nReturns the string representation of an error code enum name."},
    {"cudaGetDeviceCount", "cudaError_t cudaGetDeviceCount(int *count)\nReturns the number of compute-capable devices."},
    {"cudaGetDevice", "cudaError_t cudaGetDevice(int *device)\nReturns which device is currently being used."},
    {"cudaSetDevice", "cudaError_t cudaSetDevice(int device)\nSet device to be used for GPU executions."},
    {"cudaGetDeviceProperties", "cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device)\nReturns information about the compute-device."},
    {"cudaDeviceGetAttribute", "cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device)\nReturns information about the device."},
    {"cudaStreamCreate", "cudaError_t cudaStreamCreate(cudaStream_t *pStream)\nCreate an asynchronous stream."},
    {"cudaStreamDestroy", "cudaError_t cudaStreamDestroy(cudaStream_t stream)\nDestroys and cleans up an asynchronous stream."},
    {"cudaStreamSynchronize", "cudaError_t cudaStreamSynchronize(cudaStream_t stream)\nWaits for stream tasks to complete."},
    {"cudaEventCreate", "cudaError_t cudaEventCreate(cudaEvent_t *event)\nCreates an event object."},
    {"cudaEventRecord", "cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream = 0)\nRecords an event."},
    {"cudaEventSynchronize", "cudaError_t cudaEventSynchronize(cudaEvent_t event)\nWaits for an event to complete."},
    {"cudaEventElapsedTime", "cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end)\nComputes the elapsed time between events."},
    {"cudaEventDestroy", "cudaError_t cudaEventDestroy(cudaEvent_t event)\nDestroys an event object."},
    {"cudaLaunchKernel", "cudaError_t cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim, void **args, size_t sharedMem, cudaStream_t stream)\nLaunches a device function."},
    {"cudaOccupancyMaxPotentialBlockSize", "cudaError_t cudaOccupancyMaxPotentialBlockSize(int *minGridSize, int *blockSize, T func, size_t dynamicSMemSize = 0, int blockSizeLimit = 0)\nReturns grid and block size that achieves maximum potential occupancy for a device function."},
    {"cudaRuntimeGetVersion", "cudaError_t cudaRuntimeGetVersion(int *runtimeVersion)\nReturns the CUDA Runtime version (1000 * major + 10 * minor)."},
    {"cudaDriverGetVersion", "cudaError_t cudaDriverGetVersion(int *driverVersion)\nReturns the latest version of CUDA supported by the driver."},
    {"cudaMemGetInfo", "cudaError_t cudaMemGetInfo(size_t *free, size_t *total)\nGets free and total device memory."},
    {"cudaMemPrefetchAsync", "cudaError_t cudaMemPrefetchAsync(const void *devPtr, size_t count, cudaMemLocation location, unsigned int flags, cudaStream_t stream = 0)\nPrefetches memory to the specified destination location."},
    {"cudaSuccess", "cudaError_t value 0: the API call returned with no errors."},
    {"cudaMemcpyHostToDevice", "cudaMemcpyKind: host -> device."},
    {"cudaMemcpyDeviceToHost", "cudaMemcpyKind: device -> host."},
    {"cudaMemcpyDeviceToDevice", "cudaMemcpyKind: device -> device."},
    {"cudaMemcpyDefault", "cudaMemcpyKind: direction inferred from the pointer values (unified virtual addressing)."},
    {"cudaError_t", "enum cudaError: CUDA error types."},
    {"cudaStream_t", "CUDA stream handle."},
    {"cudaEvent_t", "CUDA event handle."},
    {"cudaDeviceProp", "struct cudaDeviceProp: CUDA device properties (name, totalGlobalMem, major, minor, multiProcessorCount, …)."},
    {"__global__", "Declares a kernel: a function that runs on the device and is launched from the host with name<<<grid, block>>>(args)."},
    {"__device__", "Declares a function or variable that lives on the device."},
    {"__host__", "Declares a function compiled for the host (combine with __device__ for both)."},
    {"__shared__", "Declares a variable in a thread block's shared memory."},
    {"__syncthreads", "void __syncthreads()\nWaits until all threads in the thread block have reached this point."},
    {"threadIdx", "uint3 threadIdx: the thread's index within its block."},
    {"blockIdx", "uint3 blockIdx: the block's index within the grid."},
    {"blockDim", "dim3 blockDim: the dimensions of the block."},
    {"gridDim", "dim3 gridDim: the dimensions of the grid."},
    {"atomicAdd", "T atomicAdd(T *address, T val)\nReads the value at address, adds val and stores the result, atomically; returns the old value."},
};

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

QStringList identifiersIn(const QStringList &userCode)
{
    static const QRegularExpression identifier(QStringLiteral("\\b[A-Za-z_][A-Za-z0-9_]+\\b"));
    QStringList names;
    for (const QString &code : userCode) {
        const QString stripped = stripCommentsAndStrings(code);
        for (auto it = identifier.globalMatch(stripped); it.hasNext();)
            names.append(it.next().captured());
    }
    return names;
}

} // namespace

QString stripCommentsAndStrings(const QString &code)
{
    QString out = code;
    enum class State { Code, LineComment, BlockComment, String, Char };
    State state = State::Code;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const QChar c = code.at(i);
        const QChar next = i + 1 < code.size() ? code.at(i + 1) : QChar();
        switch (state) {
        case State::Code:
            if (c == QLatin1Char('/') && next == QLatin1Char('/')) {
                state = State::LineComment;
                out[i] = QLatin1Char(' ');
            } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
                state = State::BlockComment;
                out[i] = QLatin1Char(' ');
                out[++i] = QLatin1Char(' ');
            } else if (c == QLatin1Char('"')) {
                state = State::String;
            } else if (c == QLatin1Char('\'') && !(i > 0 && code.at(i - 1).isDigit())) {
                state = State::Char; // 1'000'000 digit separators are not literals
            }
            break;
        case State::LineComment:
            if (c == QLatin1Char('\n'))
                state = State::Code;
            else
                out[i] = QLatin1Char(' ');
            break;
        case State::BlockComment:
            if (c == QLatin1Char('*') && next == QLatin1Char('/')) {
                out[i] = QLatin1Char(' ');
                out[++i] = QLatin1Char(' ');
                state = State::Code;
            } else if (c != QLatin1Char('\n')) {
                out[i] = QLatin1Char(' ');
            }
            break;
        case State::String:
        case State::Char: {
            const QChar quote = state == State::String ? QLatin1Char('"') : QLatin1Char('\'');
            if (c == QLatin1Char('\\') && i + 1 < code.size()) {
                out[i] = QLatin1Char(' ');
                if (next != QLatin1Char('\n'))
                    out[++i] = QLatin1Char(' ');
            } else if (c == quote) {
                state = State::Code;
            } else if (c == QLatin1Char('\n')) {
                state = State::Code; // an unterminated literal ends at the line's end
            } else {
                out[i] = QLatin1Char(' ');
            }
            break;
        }
        }
    }
    return out;
}

bool definesMain(const QString &code)
{
    static const QRegularExpression main(
            QStringLiteral("(^|[^A-Za-z0-9_:.>])main\\s*\\([^;]*\\)\\s*\\{"));
    return main.match(stripCommentsAndStrings(code)).hasMatch();
}

bool launchesKernels(const QString &code)
{
    static const QRegularExpression launch(
            QStringLiteral("<<<|\\bcudaLaunch(Kernel|CooperativeKernel|KernelEx)\\b"));
    return launch.match(stripCommentsAndStrings(code)).hasMatch();
}

bool usesCudaRuntime(const QString &code)
{
    static const QRegularExpression call(QStringLiteral("\\bcuda[A-Z][A-Za-z0-9_]*\\s*\\("));
    return launchesKernels(code) || call.match(stripCommentsAndStrings(code)).hasMatch();
}

ParsedCell parseCell(const QString &cell)
{
    ParsedCell parsed;
    QStringList lines = cell.split(QLatin1Char('\n'));
    // %%file must be the cell's first line (IPython's rule for cell magics).
    if (!lines.isEmpty() && lines.first().trimmed().startsWith(QLatin1String("%%file"))) {
        parsed.isFileMagic = true;
        parsed.fileName = lines.first().trimmed().mid(6).trimmed();
        lines.removeFirst();
        parsed.fileBody = lines.join(QLatin1Char('\n'));
        if (!parsed.fileBody.isEmpty() && !parsed.fileBody.endsWith(QLatin1Char('\n')))
            parsed.fileBody += QLatin1Char('\n');
        return parsed;
    }
    static const QRegularExpression magic(QStringLiteral("^\\s*%[A-Za-z_]"));
    for (QString &line : lines) {
        if (!magic.match(line).hasMatch())
            continue;
        parsed.lineMagics.append(line.trimmed().split(QRegularExpression(QStringLiteral("\\s+")),
                                                      Qt::SkipEmptyParts));
        line.clear();
    }
    parsed.code = lines.join(QLatin1Char('\n'));
    return parsed;
}

QString assembleProgram(const QList<Definition> &definitions, const QString &cellLabel,
                        const QString &cellCode, bool withHarness, bool checkCudaAtExit)
{
    QString source;
    if (withHarness) {
        source += QStringLiteral(
                "#line 1 \"cumulus-harness\"\n"
                "#include <cstdio>\n#include <cstdlib>\n#include <unistd.h>\n"
                "namespace {\n");
        if (checkCudaAtExit) {
            // Runs at exit, after main returned or exit() was called. Registered after the CUDA
            // runtime initialised (cudaGetLastError() below initialises it), so it runs before
            // the runtime's own teardown.
            source += QStringLiteral(
                    "void cumulusReportCudaError() {\n"
                    "    const cudaError_t error = cudaGetLastError();\n"
                    "    if (error == cudaSuccess || error == cudaErrorCudartUnloading) return;\n"
                    "    std::fflush(stdout);\n"
                    "    const char *fd = std::getenv(\"CUMULUS_CUDA_STATUS_FD\");\n"
                    "    const int out = fd ? std::atoi(fd) : 2;\n"
                    "    dprintf(out, \"%d\\n%s\\n%s\\n\", int(error), cudaGetErrorName(error), cudaGetErrorString(error));\n"
                    "}\n");
        }
        source += QStringLiteral("struct CumulusHarness {\n    CumulusHarness() {\n"
                                 "        // Lines reach the notebook as they are printed.\n"
                                 "        std::setvbuf(stdout, nullptr, _IOLBF, 0);\n");
        if (checkCudaAtExit)
            source += QStringLiteral("        (void)cudaGetLastError();\n"
                                     "        std::atexit(cumulusReportCudaError);\n");
        source += QStringLiteral("    }\n} cumulusHarness;\n} // namespace\n");
    }
    for (const Definition &definition : definitions) {
        source += QStringLiteral("#line 1 \"%1\"\n").arg(definition.label);
        source += definition.code;
        source += QLatin1Char('\n');
    }
    if (!cellLabel.isEmpty()) {
        source += QStringLiteral("#line 1 \"%1\"\n").arg(cellLabel);
        source += cellCode;
        source += QLatin1Char('\n');
    }
    return source;
}

QString cleanCompilerOutput(const QString &output, const QString &workDir)
{
    QString text = output;
    if (!workDir.isEmpty())
        text.replace(workDir + QLatin1Char('/'), QString());
    QStringList kept;
    bool skipBlank = false;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("Remark: The warnings can be suppressed"))) {
            skipBlank = true;
            continue;
        }
        if (skipBlank && line.trimmed().isEmpty())
            continue;
        skipBlank = false;
        kept.append(line);
    }
    while (!kept.isEmpty() && kept.last().trimmed().isEmpty())
        kept.removeLast();
    return kept.join(QLatin1Char('\n'));
}

QString firstErrorLocation(const QString &output)
{
    // nvcc's front end writes "In[3](7): error: …", GCC "In[3]:7:12: error: …".
    static const QRegularExpression location(
            QStringLiteral("(In\\[[^\\]]*\\])(?:\\((\\d+)\\)|:(\\d+):(?:\\d+:)?):?\\s*(?:fatal )?error"));
    const QRegularExpressionMatch match = location.match(output);
    if (!match.hasMatch())
        return QString();
    const QString line = match.captured(2).isEmpty() ? match.captured(3) : match.captured(2);
    return match.captured(1) + QStringLiteral(", line ") + line;
}

QString completeness(const QString &code, QString *indent)
{
    if (indent)
        indent->clear();
    // An open block comment or a line ending in a backslash wants more input.
    const QString stripped = stripCommentsAndStrings(code);
    qsizetype open = 0;
    {
        bool inBlock = false;
        for (qsizetype i = 0; i + 1 < code.size(); ++i) {
            if (!inBlock && code.at(i) == QLatin1Char('/') && code.at(i + 1) == QLatin1Char('*')
                && stripped.at(i) == QLatin1Char(' ') && stripped.at(i + 1) == QLatin1Char(' ')) {
                inBlock = true;
                ++i;
            } else if (inBlock && code.at(i) == QLatin1Char('*') && code.at(i + 1) == QLatin1Char('/')) {
                inBlock = false;
                ++i;
            }
        }
        if (inBlock)
            return QStringLiteral("incomplete");
    }
    std::vector<QChar> stack;
    for (QChar c : stripped) {
        if (c == QLatin1Char('{') || c == QLatin1Char('(') || c == QLatin1Char('[')) {
            stack.push_back(c);
        } else if (c == QLatin1Char('}') || c == QLatin1Char(')') || c == QLatin1Char(']')) {
            const QChar want = c == QLatin1Char('}') ? QLatin1Char('{')
                : c == QLatin1Char(')')              ? QLatin1Char('(')
                                                     : QLatin1Char('[');
            if (stack.empty() || stack.back() != want)
                return QStringLiteral("invalid");
            stack.pop_back();
        }
    }
    open = qsizetype(std::count(stack.begin(), stack.end(), QLatin1Char('{')));
    if (!stack.empty()) {
        if (indent)
            *indent = QString(4 * std::max<qsizetype>(open, 1), QLatin1Char(' '));
        return QStringLiteral("incomplete");
    }
    const QString trimmed = code.trimmed();
    if (trimmed.endsWith(QLatin1Char('\\')))
        return QStringLiteral("incomplete");
    return QStringLiteral("complete");
}

qsizetype identifierStart(const QString &code, qsizetype cursor)
{
    cursor = std::clamp<qsizetype>(cursor, 0, code.size());
    qsizetype start = cursor;
    while (start > 0 && isIdentifierChar(code.at(start - 1)))
        --start;
    return start;
}

QString identifierAt(const QString &code, qsizetype cursor)
{
    cursor = std::clamp<qsizetype>(cursor, 0, code.size());
    const qsizetype start = identifierStart(code, cursor);
    qsizetype end = cursor;
    while (end < code.size() && isIdentifierChar(code.at(end)))
        ++end;
    return code.mid(start, end - start);
}

QStringList completionsFor(const QString &prefix, const QStringList &userCode)
{
    std::set<QString> matches;
    const auto consider = [&](const QString &name) {
        if (name.startsWith(prefix) && name != prefix)
            matches.insert(name);
    };
    for (const QString &keyword : keywords())
        consider(keyword);
    for (const ApiEntry &entry : kApi)
        consider(QString::fromLatin1(entry.name));
    for (const QString &name : identifiersIn(userCode))
        consider(name);
    return QStringList(matches.begin(), matches.end());
}

QString apiDocumentation(const QString &name)
{
    for (const ApiEntry &entry : kApi)
        if (name == QLatin1String(entry.name))
            return QString::fromUtf8(entry.doc);
    return QString();
}

QString declarationOf(const QString &name, const QStringList &userCode)
{
    if (name.isEmpty())
        return QString();
    const QRegularExpression declaration(
            QStringLiteral("^[^=;]*\\b%1\\b\\s*(\\(|\\{|$|<)").arg(QRegularExpression::escape(name)));
    QStringList found;
    for (const QString &code : userCode) {
        const QStringList lines = code.split(QLatin1Char('\n'));
        const QStringList strippedLines = stripCommentsAndStrings(code).split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < strippedLines.size(); ++i) {
            const QString line = strippedLines.at(i).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            // Declarations start a line with a type or a qualifier, not with a statement.
            if (declaration.match(line).hasMatch() && !line.startsWith(name)
                && !line.startsWith(QLatin1String("return")))
                found.append(lines.at(i).trimmed());
        }
    }
    return found.join(QLatin1Char('\n'));
}

} // namespace cumulus::cuda
