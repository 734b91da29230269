// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace cumulus {

/// True when @p arguments (argv without the program name) ask for a command-line job
/// (a subcommand, --help or --version) rather than the notebook window.
bool isCommandLineInvocation(const QStringList &arguments);

/// Runs a command-line job and returns the process exit code. Needs a QCoreApplication.
/// Errors go to stderr as one line naming the file and the problem.
int runCommandLine(const QStringList &arguments);

} // namespace cumulus
