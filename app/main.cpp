// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "commandline.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    QCoreApplication::setApplicationName(QStringLiteral("Cumulus"));
    QCoreApplication::setOrganizationName(QStringLiteral("Cumulus"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CUMULUS_VERSION));

    if (cumulus::isCommandLineInvocation(arguments)) {
        // Command-line jobs need no display: a core application starts in a few milliseconds.
        QCoreApplication app(argc, argv);
        return cumulus::runCommandLine(arguments);
    }

    // The notebook window arrives with the widgets library; until then say so plainly.
    std::fputs("cumulus: the notebook window is not built yet; this version offers the "
               "command-line jobs below.\n\n", stderr);
    QCoreApplication app(argc, argv);
    return cumulus::runCommandLine({QStringLiteral("--help")}) == 0 && arguments.isEmpty() ? 0 : 2;
}
