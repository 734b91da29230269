// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

/// Local NVIDIA GPU probing, without linking against the driver (it may not be installed).
namespace cumulus::gpu {

/// One CUDA device as the driver reports it; -1 means unknown.
struct GpuDevice
{
    int index = 0;
    QString name;
    int computeMajor = -1;
    int computeMinor = -1;
    qint64 memoryTotalBytes = -1;
    qint64 memoryUsedBytes = -1; ///< from NVML; -1 without it
    int utilizationPercent = -1; ///< from NVML; -1 without it
};

struct GpuReport
{
    QList<GpuDevice> devices;
    int driverVersion = 0;  ///< CUDA encoding: 13000 = 13.0; 0 unknown
    int runtimeVersion = 0; ///< same encoding; filled by callers that know their toolkit
    /// Why there are no devices, e.g. "no NVIDIA driver (libcuda.so.1 not found)"; empty
    /// when devices were probed.
    QString problem;
};

/**
 * The GPUs of this machine: dlopen()s libcuda.so.1 (driver API) and libnvidia-ml.so.1 (memory
 * in use, utilisation) at run time, so nothing links against them and a machine without them
 * gets a report saying so. Never crashes without them. Takes from milliseconds (no driver) to
 * a second or so (cuInit on a real GPU); call it off the GUI thread when it matters.
 */
GpuReport probeLocalGpus();

/// "13.0" for 13000; "" for 0.
QString cudaVersionString(int version);

/// A few lines for people: one per device (name, compute capability, memory), the driver and
/// runtime versions, or the problem.
QString describe(const GpuReport &report);

} // namespace cumulus::gpu
