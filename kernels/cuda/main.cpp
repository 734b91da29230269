// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus-cuda-kernel -f CONNECTION_FILE: the bundled CUDA C++ Jupyter kernel.

#include "cudakernel.h"

#include "jupyter/connectioninfo.h"
#include "jupyter/kernelserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>

int main(int argc, char *argv[])
{
    using namespace cumulus;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cumulus-cuda-kernel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CUMULUS_VERSION));

    QString connectionFile;
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if ((args.at(i) == QLatin1String("-f") || args.at(i) == QLatin1String("--connection-file"))
            && i + 1 < args.size()) {
            connectionFile = args.at(++i);
        } else if (args.at(i) == QLatin1String("--version")) {
            std::printf("cumulus-cuda-kernel %s\n", CUMULUS_VERSION);
            return 0;
        } else {
            std::fprintf(stderr, "usage: cumulus-cuda-kernel -f CONNECTION_FILE\n");
            return 2;
        }
    }
    if (connectionFile.isEmpty()) {
        std::fprintf(stderr, "usage: cumulus-cuda-kernel -f CONNECTION_FILE\n");
        return 2;
    }
    Result<jupyter::ConnectionInfo> info = jupyter::ConnectionInfo::readFile(connectionFile);
    if (!info) {
        std::fprintf(stderr, "cumulus-cuda-kernel: %s\n", qPrintable(info.error().toString()));
        return 1;
    }
    Result<std::unique_ptr<jupyter::KernelServer>> server = jupyter::KernelServer::bind(info.value());
    if (!server) {
        std::fprintf(stderr, "cumulus-cuda-kernel: %s\n", qPrintable(server.error().toString()));
        return 1;
    }
    // Compiled cells are kept across sessions: $CUMULUS_CUDA_CACHE_DIR, else the user's cache.
    QString cacheDir = qEnvironmentVariable("CUMULUS_CUDA_CACHE_DIR");
    if (cacheDir.isEmpty())
        cacheDir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
            + QStringLiteral("/cumulus/cuda-kernel");
    cuda::CudaKernel::installSignalHandler();
    cuda::CudaKernel kernel(std::move(server).value(), cacheDir);
    return kernel.run();
}
