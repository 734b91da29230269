// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <cstdio>

namespace cumulus {

/// The translation context of the command line's messages (CommandLine::tr()).
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::CommandLine)
};

/// One line on stderr (a newline is added), in the locale's encoding.
inline void printErr(const QString &line)
{
    const QByteArray bytes = line.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

/// Text on stdout as UTF-8, as given.
inline void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

} // namespace cumulus
