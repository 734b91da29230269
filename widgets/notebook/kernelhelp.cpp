// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/kernelhelp.h"

#include <algorithm>

namespace cumulus {

KernelHelp::~KernelHelp() = default;

namespace {
bool isContinuationByte(char byte)
{
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}
} // namespace

int codePointsBefore(const QByteArray &utf8, int byteOffset)
{
    const qsizetype end = std::clamp<qsizetype>(byteOffset, 0, utf8.size());
    int count = 0;
    for (qsizetype i = 0; i < end; ++i)
        if (!isContinuationByte(utf8[i]))
            ++count;
    return count;
}

int utf8OffsetOf(const QByteArray &utf8, int codePoints)
{
    if (codePoints <= 0)
        return 0;
    int seen = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (!isContinuationByte(utf8[i])) {
            if (seen == codePoints)
                return int(i);
            ++seen;
        }
    }
    return int(utf8.size());
}

} // namespace cumulus
