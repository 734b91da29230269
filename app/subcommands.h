// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// One function per `cumulus SUBCOMMAND`, each in its own <name>command.cpp; commandline.cpp
// lists them. Each takes the arguments from the subcommand's name on and returns the exit code.
namespace cumulus {

int runExportCommand(const QStringList &arguments);
int runKernelsCommand(const QStringList &arguments);
int runRunCommand(const QStringList &arguments);
int runServersCommand(const QStringList &arguments);
int runPsCommand(const QStringList &arguments);
int runCopyCommand(const QStringList &arguments);
/// `cumulus kernels --server NAME`: the kernelspecs of a server.
int listRemoteKernelSpecs(const QString &serverName, bool json);

} // namespace cumulus
