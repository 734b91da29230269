// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "gpu/gpuinfo.h"

#include <QStringList>

#include <dlfcn.h>

#include <array>
#include <cstddef>

namespace cumulus::gpu {

namespace {

// The few driver-API and NVML entry points used, with their C signatures (cuda.h, nvml.h);
// declared here so that no NVIDIA header is needed to build.
using CUresult = int;
using CUdevice = int;
constexpr int kAttrComputeMajor = 75; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
constexpr int kAttrComputeMinor = 76; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR
using CuInit = CUresult (*)(unsigned int);
using CuDriverGetVersion = CUresult (*)(int *);
using CuDeviceGetCount = CUresult (*)(int *);
using CuDeviceGet = CUresult (*)(CUdevice *, int);
using CuDeviceGetName = CUresult (*)(char *, int, CUdevice);
using CuDeviceGetAttribute = CUresult (*)(int *, int, CUdevice);
using CuDeviceTotalMem = CUresult (*)(size_t *, CUdevice);
using CuGetErrorString = CUresult (*)(CUresult, const char **);

using NvmlReturn = int;
using NvmlDevice = void *;
struct NvmlMemory
{
    unsigned long long total, free, used;
};
struct NvmlUtilization
{
    unsigned int gpu, memory;
};
using NvmlInit = NvmlReturn (*)();
using NvmlShutdown = NvmlReturn (*)();
using NvmlDeviceGetHandleByIndex = NvmlReturn (*)(unsigned int, NvmlDevice *);
using NvmlDeviceGetMemoryInfo = NvmlReturn (*)(NvmlDevice, NvmlMemory *);
using NvmlDeviceGetUtilizationRates = NvmlReturn (*)(NvmlDevice, NvmlUtilization *);

/// A dlopen()ed library, closed when it goes out of scope.
class Library
{
public:
    explicit Library(const char *name) : m_handle(dlopen(name, RTLD_NOW | RTLD_LOCAL)) {}
    ~Library()
    {
        if (m_handle)
            dlclose(m_handle);
    }
    Library(const Library &) = delete;
    Library &operator=(const Library &) = delete;
    explicit operator bool() const { return m_handle != nullptr; }

    template <typename F>
    F symbol(const char *name) const
    {
        return m_handle ? reinterpret_cast<F>(dlsym(m_handle, name)) : nullptr;
    }

private:
    void *m_handle;
};

QString driverError(const Library &cuda, CUresult code)
{
    const char *text = nullptr;
    if (auto getErrorString = cuda.symbol<CuGetErrorString>("cuGetErrorString"))
        getErrorString(code, &text);
    return text ? QStringLiteral("%1 (CUresult %2)").arg(QString::fromUtf8(text)).arg(code)
                : QStringLiteral("CUresult %1").arg(code);
}

void addNvmlFigures(QList<GpuDevice> &devices)
{
    Library nvml("libnvidia-ml.so.1");
    if (!nvml)
        return;
    auto init = nvml.symbol<NvmlInit>("nvmlInit_v2");
    auto shutdown = nvml.symbol<NvmlShutdown>("nvmlShutdown");
    auto handleByIndex = nvml.symbol<NvmlDeviceGetHandleByIndex>("nvmlDeviceGetHandleByIndex_v2");
    auto memoryInfo = nvml.symbol<NvmlDeviceGetMemoryInfo>("nvmlDeviceGetMemoryInfo");
    auto utilization = nvml.symbol<NvmlDeviceGetUtilizationRates>("nvmlDeviceGetUtilizationRates");
    if (!init || !shutdown || !handleByIndex || init() != 0)
        return;
    // NVML numbers devices by PCI bus id and CUDA (by default) fastest first; with
    // CUDA_DEVICE_ORDER unset they may differ on mixed machines, so the figures are only
    // attached when the counts agree.
    for (GpuDevice &device : devices) {
        NvmlDevice handle = nullptr;
        if (handleByIndex(unsigned(device.index), &handle) != 0)
            continue;
        NvmlMemory memory {};
        if (memoryInfo && memoryInfo(handle, &memory) == 0)
            device.memoryUsedBytes = qint64(memory.used);
        NvmlUtilization rates {};
        if (utilization && utilization(handle, &rates) == 0)
            device.utilizationPercent = int(rates.gpu);
    }
    shutdown();
}

} // namespace

GpuReport probeLocalGpus()
{
    GpuReport report;
    Library cuda("libcuda.so.1");
    if (!cuda) {
        report.problem = QStringLiteral("no NVIDIA driver (libcuda.so.1 not found)");
        return report;
    }
    auto init = cuda.symbol<CuInit>("cuInit");
    auto driverVersion = cuda.symbol<CuDriverGetVersion>("cuDriverGetVersion");
    auto deviceCount = cuda.symbol<CuDeviceGetCount>("cuDeviceGetCount");
    auto deviceGet = cuda.symbol<CuDeviceGet>("cuDeviceGet");
    auto deviceName = cuda.symbol<CuDeviceGetName>("cuDeviceGetName");
    auto attribute = cuda.symbol<CuDeviceGetAttribute>("cuDeviceGetAttribute");
    auto totalMem = cuda.symbol<CuDeviceTotalMem>("cuDeviceTotalMem_v2");
    if (!init || !deviceCount || !deviceGet) {
        report.problem = QStringLiteral("the NVIDIA driver library libcuda.so.1 lacks the CUDA driver API");
        return report;
    }
    if (driverVersion)
        driverVersion(&report.driverVersion);
    if (const CUresult rc = init(0); rc != 0) {
        // 100 = CUDA_ERROR_NO_DEVICE; 34 = CUDA_ERROR_STUB_LIBRARY (the toolkit's stub).
        report.problem = rc == 100
            ? QStringLiteral("no CUDA-capable device is detected")
            : QStringLiteral("the NVIDIA driver cannot be initialised: %1").arg(driverError(cuda, rc));
        return report;
    }
    int count = 0;
    if (const CUresult rc = deviceCount(&count); rc != 0) {
        report.problem = QStringLiteral("cannot count CUDA devices: %1").arg(driverError(cuda, rc));
        return report;
    }
    if (count == 0) {
        report.problem = QStringLiteral("no CUDA-capable device is detected");
        return report;
    }
    for (int i = 0; i < count; ++i) {
        CUdevice device = 0;
        if (deviceGet(&device, i) != 0)
            continue;
        GpuDevice info;
        info.index = i;
        std::array<char, 256> name {};
        if (deviceName && deviceName(name.data(), int(name.size()) - 1, device) == 0)
            info.name = QString::fromUtf8(name.data());
        if (attribute) {
            attribute(&info.computeMajor, kAttrComputeMajor, device);
            attribute(&info.computeMinor, kAttrComputeMinor, device);
        }
        size_t bytes = 0;
        if (totalMem && totalMem(&bytes, device) == 0)
            info.memoryTotalBytes = qint64(bytes);
        report.devices.append(info);
    }
    addNvmlFigures(report.devices);
    return report;
}

QString cudaVersionString(int version)
{
    if (version <= 0)
        return QString();
    return QStringLiteral("%1.%2").arg(version / 1000).arg((version % 1000) / 10);
}

QString describe(const GpuReport &report)
{
    // Plain appends: GCC 12 warns falsely about QStringBuilder temporaries here.
    QStringList lines;
    for (const GpuDevice &device : report.devices) {
        QString line = QStringLiteral("GPU %1: %2").arg(device.index).arg(device.name);
        if (device.computeMajor >= 0)
            line.append(QStringLiteral(", compute capability %1.%2").arg(device.computeMajor).arg(device.computeMinor));
        if (device.memoryTotalBytes >= 0 && device.memoryUsedBytes >= 0)
            line.append(QStringLiteral(", memory %1 MiB used of %2 MiB")
                                .arg(device.memoryUsedBytes / (1024 * 1024))
                                .arg(device.memoryTotalBytes / (1024 * 1024)));
        else if (device.memoryTotalBytes >= 0)
            line.append(QStringLiteral(", memory %1 MiB").arg(device.memoryTotalBytes / (1024 * 1024)));
        if (device.utilizationPercent >= 0)
            line.append(QStringLiteral(", utilization %1%").arg(device.utilizationPercent));
        lines.append(line);
    }
    if (report.devices.isEmpty())
        lines.append(QStringLiteral("No CUDA-capable device/driver: %1").arg(report.problem));
    lines.append(QStringLiteral("CUDA driver version: %1")
                         .arg(report.driverVersion ? cudaVersionString(report.driverVersion)
                                                   : QStringLiteral("none")));
    lines.append(QStringLiteral("CUDA runtime version: %1")
                         .arg(report.runtimeVersion ? cudaVersionString(report.runtimeVersion)
                                                    : QStringLiteral("unknown")));
    lines.append(QString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace cumulus::gpu
