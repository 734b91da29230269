// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
/*
 * A stand-in for libcuda.so.1 and libnvidia-ml.so.1 with two pretend devices, so that
 * tst_gpuinfo checks cumulus::gpu's device path on machines without a GPU. Only the entry
 * points gpuinfo.cpp looks up, with the signatures of cuda.h and nvml.h. */
#include <cstddef>
#include <cstdio>

extern "C" {


int cuInit(unsigned int flags) { (void)flags; return 0; }
int cuDriverGetVersion(int *version) { *version = 13000; return 0; }
int cuDeviceGetCount(int *count) { *count = 2; return 0; }
int cuDeviceGet(int *device, int ordinal) { *device = ordinal; return 0; }
int cuDeviceGetName(char *name, int len, int device)
{
    std::snprintf(name, std::size_t(len), "Fake GPU %d", device);
    return 0;
}
int cuDeviceGetAttribute(int *value, int attribute, int device)
{
    (void)device;
    *value = attribute == 75 ? 9 : 0;
    return 0;
}
int cuDeviceTotalMem_v2(size_t *bytes, int device)
{
    (void)device;
    *bytes = std::size_t(80) << 30;
    return 0;
}
int cuGetErrorString(int error, const char **text) { (void)error; *text = "fake"; return 0; }

struct nvmlMemory { unsigned long long total, free, used; };
struct nvmlUtilization { unsigned int gpu, memory; };
int nvmlInit_v2() { return 0; }
int nvmlShutdown() { return 0; }
int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device)
{
    *device = reinterpret_cast<void *>(std::size_t(index) + 1);
    return 0;
}
int nvmlDeviceGetMemoryInfo(void *device, struct nvmlMemory *memory)
{
    (void)device;
    memory->total = 80ull << 30;
    memory->used = 1ull << 30;
    memory->free = memory->total - memory->used;
    return 0;
}
int nvmlDeviceGetUtilizationRates(void *device, struct nvmlUtilization *rates)
{
    (void)device;
    rates->gpu = 42;
    rates->memory = 10;
    return 0;
}

} // extern "C"
