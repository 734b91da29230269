// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

// What the benchmark drivers (kernelbench.cpp, guibench.cpp) measure with: clocks and this
// process's memory.

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <ctime>
#include <sys/resource.h>

namespace cumulus::bench {

inline qint64 clockNs(clockid_t clock)
{
    timespec ts {};
    ::clock_gettime(clock, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// CPU time of the calling thread.
inline qint64 threadCpuNs() { return clockNs(CLOCK_THREAD_CPUTIME_ID); }

/// Peak RSS of this process alone (getrusage(RUSAGE_SELF).ru_maxrss; a kernel, being a
/// child, is not counted), in KiB.
inline long peakRssKb()
{
    rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/// Current RSS (VmRSS), in KiB; -1 when unreadable.
inline long currentRssKb()
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

} // namespace cumulus::bench
