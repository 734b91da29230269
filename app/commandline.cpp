// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "export/percentscript.h"
#include "nbformat/nbformat.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <cstdio>

namespace cumulus {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("cumulus::CommandLine", text); }

void printErr(const QString &line)
{
    const QByteArray bytes = line.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

struct Subcommand
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

int runExport(const QStringList &arguments);
int runHelp(const QStringList &arguments);

const Subcommand kSubcommands[] = {
    {"export", QT_TRANSLATE_NOOP("cumulus::CommandLine",
                                 "Convert a notebook: --to ipynb|py (a .py percent script also "
                                 "converts back to .ipynb)"),
     runExport},
    {"help", QT_TRANSLATE_NOOP("cumulus::CommandLine", "Show this help, or a subcommand's help"),
     runHelp},
};

QString usage()
{
    QString text = tr("Cumulus %1 — a native desktop notebook IDE\n\n"
                      "Usage:\n"
                      "  cumulus [NOTEBOOK.ipynb…]        open notebooks in the window\n"
                      "  cumulus SUBCOMMAND [OPTIONS…]    run a command-line job\n"
                      "  cumulus --version | --help\n\n"
                      "Subcommands:\n")
                       .arg(QCoreApplication::applicationVersion());
    for (const Subcommand &sub : kSubcommands)
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromLatin1(sub.name).leftJustified(10))
                    .arg(tr(sub.summary));
    text += tr("\nRun 'cumulus SUBCOMMAND --help' for a subcommand's options.\n");
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

enum class Format { Ipynb, Python };

bool isScriptPath(const QString &path)
{
    return path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive);
}

/// Reads a notebook from an .ipynb file or a percent-format .py script; prints schema
/// warnings (they do not stop the export).
Result<Notebook> loadNotebook(const QString &path)
{
    if (isScriptPath(path)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error{tr("cannot open: %1").arg(file.errorString()), path};
        const QByteArray bytes = file.readAll();
        return percentscript::read(std::string_view(bytes.constData(), size_t(bytes.size())), path);
    }
    auto result = nbformat::readFile(path);
    if (!result)
        return result.error();
    for (const auto &warning : std::as_const(result->warnings))
        printErr(tr("%1: warning: %2").arg(path, warning.toString()));
    return std::move(result->notebook);
}

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Convert NOTEBOOK (.ipynb, or a percent-format .py script) to another format.\n"
           "ipynb output is byte-identical to Jupyter's nbformat; py output is the percent "
           "format that VS Code, Spyder, PyCharm and jupytext read.\n"
           "Text formats are written to stdout when no -o is given."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("NOTEBOOK"), tr("The notebook to convert."));
    const QCommandLineOption toOption(QStringLiteral("to"), tr("Output format: ipynb or py."),
                                      QStringLiteral("FORMAT"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          tr("Write to FILE instead of stdout."),
                                          QStringLiteral("FILE"));
    parser.addOptions({toOption, outputOption});
    if (!parser.parse(arguments)) {
        printErr(QStringLiteral("cumulus export: ") + parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText().replace(QCoreApplication::applicationFilePath(),
                                           QStringLiteral("cumulus export")));
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        printErr(tr("cumulus export: expected one NOTEBOOK, got %1 (see cumulus export --help)")
                     .arg(positional.size()));
        return 2;
    }
    const QString to = parser.value(toOption);
    Format format;
    if (to == QLatin1String("ipynb"))
        format = Format::Ipynb;
    else if (to == QLatin1String("py"))
        format = Format::Python;
    else {
        printErr(to.isEmpty() ? tr("cumulus export: --to FORMAT is required (ipynb or py)")
                              : tr("cumulus export: unknown format '%1' (expected ipynb or py)").arg(to));
        return 2;
    }

    const QString input = positional.first();
    auto notebook = loadNotebook(input);
    if (!notebook) {
        printErr(notebook.error().toString());
        return 1;
    }

    const QString output = parser.value(outputOption);
    if (format == Format::Ipynb) {
        if (!output.isEmpty()) {
            if (auto written = nbformat::writeFile(*notebook, output); !written) {
                printErr(written.error().toString());
                return 1;
            }
            return 0;
        }
        const bool ok = nbformat::write(*notebook, [](std::string_view chunk) {
            return std::fwrite(chunk.data(), 1, chunk.size(), stdout) == chunk.size();
        });
        if (!ok || std::fflush(stdout) != 0) {
            printErr(tr("cumulus export: cannot write to standard output"));
            return 1;
        }
        return 0;
    }

    const std::string script = percentscript::write(*notebook);
    if (output.isEmpty()) {
        if (std::fwrite(script.data(), 1, script.size(), stdout) != script.size()
            || std::fflush(stdout) != 0) {
            printErr(tr("cumulus export: cannot write to standard output"));
            return 1;
        }
        return 0;
    }
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(script.data(), qint64(script.size())) != qint64(script.size())
        || !file.commit()) {
        printErr(Error{tr("cannot save: %1").arg(file.errorString()), output}.toString());
        return 1;
    }
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
