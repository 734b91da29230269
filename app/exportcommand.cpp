// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus export NOTEBOOK --to ipynb|py [-o OUT]

#include "commandoutput.h"
#include "subcommands.h"

#include "export/percentscript.h"
#include "nbformat/nbformat.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace cumulus {

namespace {


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
            return Error{CommandLine::tr("cannot open: %1").arg(file.errorString()), path};
        const QByteArray bytes = file.readAll();
        return percentscript::read(std::string_view(bytes.constData(), size_t(bytes.size())), path);
    }
    auto result = nbformat::readFile(path);
    if (!result)
        return result.error();
    for (const auto &warning : std::as_const(result->warnings))
        printErr(CommandLine::tr("%1: warning: %2").arg(path, warning.toString()));
    return std::move(result->notebook);
}

} // namespace

int runExportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        CommandLine::tr("Convert NOTEBOOK (.ipynb, or a percent-format .py script) to another format.\n"
           "ipynb output is byte-identical to Jupyter's nbformat; py output is the percent "
           "format that VS Code, Spyder, PyCharm and jupytext read.\n"
           "Text formats are written to stdout when no -o is given."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("NOTEBOOK"), CommandLine::tr("The notebook to convert."));
    const QCommandLineOption toOption(QStringLiteral("to"), CommandLine::tr("Output format: ipynb or py."),
                                      QStringLiteral("FORMAT"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          CommandLine::tr("Write to FILE instead of stdout."),
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
        printErr(CommandLine::tr("cumulus export: expected one NOTEBOOK, got %1 (see cumulus export --help)")
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
        printErr(to.isEmpty() ? CommandLine::tr("cumulus export: --to FORMAT is required (ipynb or py)")
                              : CommandLine::tr("cumulus export: unknown format '%1' (expected ipynb or py)").arg(to));
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
            printErr(CommandLine::tr("cumulus export: cannot write to standard output"));
            return 1;
        }
        return 0;
    }

    const std::string script = percentscript::write(*notebook);
    if (output.isEmpty()) {
        if (std::fwrite(script.data(), 1, script.size(), stdout) != script.size()
            || std::fflush(stdout) != 0) {
            printErr(CommandLine::tr("cumulus export: cannot write to standard output"));
            return 1;
        }
        return 0;
    }
    if (auto written = writeFileAtomically(output, script); !written) {
        printErr(written.error().toString());
        return 1;
    }
    return 0;
}

} // namespace cumulus
