// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "commandoutput.h"
#include "subcommands.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace cumulus {

namespace {


struct Subcommand
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

int runHelp(const QStringList &arguments);

const Subcommand kSubcommands[] = {
    {"export", QT_TRANSLATE_NOOP("cumulus::CommandLine",
                                 "Convert a notebook: --to ipynb|py (a .py percent script also "
                                 "converts back to .ipynb)"),
     runExportCommand},
    {"kernels", QT_TRANSLATE_NOOP("cumulus::CommandLine",
                                  "List the installed Jupyter kernels (--json for scripts)"),
     runKernelsCommand},
    {"run", QT_TRANSLATE_NOOP("cumulus::CommandLine",
                              "Execute a notebook's code cells on a kernel and save the result "
                              "(-o OUT or --inplace; --server NAME runs it on a server)"),
     runRunCommand},
    {"servers", QT_TRANSLATE_NOOP("cumulus::CommandLine",
                                  "List the servers from your ssh config and those added in the app"),
     runServersCommand},
    {"ps", QT_TRANSLATE_NOOP("cumulus::CommandLine",
                             "List the kernels Cumulus left running on servers (--server NAME)"),
     runPsCommand},
    {"cp", QT_TRANSLATE_NOOP("cumulus::CommandLine",
                             "Copy files and folders to or from a server, like scp "
                             "([-r] [--resume] [--verify] SRC... DST; NAME:PATH is on a server)"),
     runCopyCommand},
    {"help", QT_TRANSLATE_NOOP("cumulus::CommandLine", "Show this help, or a subcommand's help"),
     runHelp},
};

QString usage()
{
    QString text = CommandLine::tr("Cumulus %1 — a native desktop notebook IDE\n\n"
                      "Usage:\n"
                      "  cumulus [NOTEBOOK.ipynb…]        open notebooks in the window\n"
                      "  cumulus --screenshot OUT.png [--size WxH] NOTEBOOK\n"
                      "                                   render the window showing NOTEBOOK to a PNG\n"
                      "                                   (no display needed; default size 1200x800)\n"
                      "  cumulus SUBCOMMAND [OPTIONS…]    run a command-line job\n"
                      "  cumulus --version | --help\n\n"
                      "Subcommands:\n")
                       .arg(QCoreApplication::applicationVersion());
    for (const Subcommand &sub : kSubcommands)
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(sub.name).leftJustified(10))
                    .arg(CommandLine::tr(sub.summary));
    text += CommandLine::tr("\nRun 'cumulus SUBCOMMAND --help' for a subcommand's options.\n");
    return text;
}

int runHelp(const QStringList &arguments)
{
    for (const Subcommand &sub : kSubcommands)
        if (arguments.size() > 1 && arguments.at(1) == QLatin1String(sub.name))
            return sub.run({arguments.at(1), QStringLiteral("--help")});
    printOut(usage());
    return 0;
}

} // namespace

bool isCommandLineInvocation(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return false;
    const QString &first = arguments.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h")
        || first == QLatin1String("--version") || first == QLatin1String("-v"))
        return true;
    for (const Subcommand &sub : kSubcommands)
        if (first == QLatin1String(sub.name))
            return true;
    return false;
}

int runCommandLine(const QStringList &arguments)
{
    const QString &first = arguments.first();
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        printOut(QStringLiteral("cumulus %1\n").arg(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        printOut(usage());
        return 0;
    }
    for (const Subcommand &sub : kSubcommands)
        if (first == QLatin1String(sub.name))
            return sub.run(arguments);
    return 2;
}

} // namespace cumulus
