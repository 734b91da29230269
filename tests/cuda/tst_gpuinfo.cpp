// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus::gpu::probeLocalGpus() without a driver (tst_gpuinfo: this machine, most CI runners)
// and with a stand-in libcuda.so.1 / libnvidia-ml.so.1 (tst_gpuinfo_fakedriver, built from this
// file with CUMULUS_FAKE_DRIVER; fakecuda.cpp is put first on LD_LIBRARY_PATH by ctest), so the
// device path is checked without a GPU.

#include "gpu/gpuinfo.h"

#include <QTest>

#include <dlfcn.h>

using namespace cumulus::gpu;

class TestGpuInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionStrings_data();
    void versionStrings();
#ifdef CUMULUS_FAKE_DRIVER
    void fakeDriver();
#else
    void noDriver();
#endif
    void describeDevices();
};

void TestGpuInfo::versionStrings_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << 0 << QString();
    QTest::newRow("13.0") << 13000 << QStringLiteral("13.0");
    QTest::newRow("12.4") << 12040 << QStringLiteral("12.4");
    QTest::newRow("11.8") << 11080 << QStringLiteral("11.8");
}

void TestGpuInfo::versionStrings()
{
    QFETCH(int, version);
    QFETCH(QString, text);
    QCOMPARE(cudaVersionString(version), text);
}

#ifndef CUMULUS_FAKE_DRIVER
void TestGpuInfo::noDriver()
{
    if (void *handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL)) {
        dlclose(handle);
        QSKIP("this machine has an NVIDIA driver (libcuda.so.1): the no-driver path cannot be checked");
    }
    const GpuReport report = probeLocalGpus();
    QVERIFY(report.devices.isEmpty());
    QCOMPARE(report.driverVersion, 0);
    QCOMPARE(report.problem, QStringLiteral("no NVIDIA driver (libcuda.so.1 not found)"));
    const QString text = describe(report);
    QVERIFY2(text.contains(QLatin1String("No CUDA-capable device/driver: no NVIDIA driver")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("CUDA driver version: none")));
    // Probing again is harmless (nothing is cached, nothing leaks).
    QCOMPARE(probeLocalGpus().problem, report.problem);
}

#else
void TestGpuInfo::fakeDriver()
{
    const GpuReport report = probeLocalGpus();
    QVERIFY2(report.problem.isEmpty(), qPrintable(report.problem));
    QCOMPARE(report.driverVersion, 13000);
    QCOMPARE(report.devices.size(), 2);
    const GpuDevice &first = report.devices.at(0);
    QCOMPARE(first.index, 0);
    QCOMPARE(first.name, QStringLiteral("Fake GPU 0"));
    QCOMPARE(first.computeMajor, 9);
    QCOMPARE(first.computeMinor, 0);
    QCOMPARE(first.memoryTotalBytes, qint64(80) << 30);
    QCOMPARE(first.memoryUsedBytes, qint64(1) << 30);
    QCOMPARE(first.utilizationPercent, 42);
    QCOMPARE(report.devices.at(1).name, QStringLiteral("Fake GPU 1"));
}
#endif

void TestGpuInfo::describeDevices()
{
    GpuReport report;
    report.driverVersion = 13000;
    report.runtimeVersion = 12040;
    GpuDevice device;
    device.name = QStringLiteral("NVIDIA H100");
    device.computeMajor = 9;
    device.computeMinor = 0;
    device.memoryTotalBytes = qint64(80) << 30;
    report.devices.append(device);
    const QString text = describe(report);
    QCOMPARE(text, QStringLiteral("GPU 0: NVIDIA H100, compute capability 9.0, memory 81920 MiB\n"
                                  "CUDA driver version: 13.0\nCUDA runtime version: 12.4\n"));
}

QTEST_GUILESS_MAIN(TestGpuInfo)
#include "tst_gpuinfo.moc"
