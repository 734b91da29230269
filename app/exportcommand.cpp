// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// cumulus export NOTEBOOK --to ipynb|py|html|pdf [-o OUT] [--no-input] [--no-prompt]
//                          [--theme light|dark] [--sanitize] [--paper a4|letter]

#include "commandoutput.h"
#include "subcommands.h"

#include "export/notebookexport.h"
#include "export/percentscript.h"
#include "nbformat/nbformat.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace cumulus {

namespace {


enum class Format { Ipynb, Python, Html, Pdf };

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
           "format that VS Code, Spyder, PyCharm and jupytext read; html is one self-contained "
           "file that opens offline; pdf is rendered natively (no LaTeX, no browser, no display).\n"
           "Text formats are written to stdout when no -o is given; PDF is written beside "
           "the notebook."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("NOTEBOOK"), CommandLine::tr("The notebook to convert."));
    const QCommandLineOption toOption(QStringLiteral("to"),
                                      CommandLine::tr("Output format: ipynb, py, html or pdf."),
                                      QStringLiteral("FORMAT"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          CommandLine::tr("Write to FILE instead of stdout."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption noInputOption(
        QStringLiteral("no-input"), CommandLine::tr("html, pdf: leave out code (report mode)."));
    const QCommandLineOption noPromptOption(
        QStringLiteral("no-prompt"), CommandLine::tr("html, pdf: leave out execution counts."));
    const QCommandLineOption themeOption(QStringLiteral("theme"),
                                         CommandLine::tr("html, pdf: light (default) or dark."),
                                         QStringLiteral("THEME"));
    const QCommandLineOption sanitizeOption(
        QStringLiteral("sanitize"),
        CommandLine::tr("html: drop scripts and event handlers from outputs and markdown."));
    const QCommandLineOption paperOption(QStringLiteral("paper"),
                                         CommandLine::tr("pdf: a4 (default) or letter."),
                                         QStringLiteral("SIZE"));
    parser.addOptions({toOption, outputOption, noInputOption, noPromptOption, themeOption,
                       sanitizeOption, paperOption});
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
    else if (to == QLatin1String("html"))
        format = Format::Html;
    else if (to == QLatin1String("pdf"))
        format = Format::Pdf;
    else {
        printErr(to.isEmpty() ? CommandLine::tr("cumulus export: --to FORMAT is required (ipynb, py, html or pdf)")
                              : CommandLine::tr("cumulus export: unknown format '%1' (expected ipynb, py, html or pdf)").arg(to));
        return 2;
    }
    const bool rendered = format == Format::Html || format == Format::Pdf;
    for (const QCommandLineOption *option :
         {&noInputOption, &noPromptOption, &themeOption, &sanitizeOption, &paperOption}) {
        if (!rendered && parser.isSet(*option)) {
            printErr(CommandLine::tr("cumulus export: --%1 only applies to --to html or pdf")
                         .arg(option->names().constFirst()));
            return 2;
        }
    }
    ExportOptions options;
    options.includeInput = !parser.isSet(noInputOption);
    options.includePrompts = !parser.isSet(noPromptOption);
    options.sanitize = parser.isSet(sanitizeOption);
    if (parser.isSet(themeOption)) {
        const QString theme = parser.value(themeOption);
        if (theme != QLatin1String("light") && theme != QLatin1String("dark")) {
            printErr(CommandLine::tr("cumulus export: unknown theme '%1' (expected light or dark)").arg(theme));
            return 2;
        }
        options.dark = theme == QLatin1String("dark");
    }
    if (parser.isSet(paperOption)) {
        const QString paper = parser.value(paperOption).toLower();
        if (paper == QLatin1String("letter"))
            options.pageSize = QPageSize(QPageSize::Letter);
        else if (paper != QLatin1String("a4")) {
            printErr(CommandLine::tr("cumulus export: unknown paper size '%1' (expected a4 or letter)")
                         .arg(parser.value(paperOption)));
            return 2;
        }
    }
    // main() starts a QGuiApplication (offscreen) for these: fonts and rich text need it.
    if (rendered && !qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        printErr(CommandLine::tr("cumulus export: HTML and PDF export need a GUI application (internal error)"));
        return 1;
    }

    const QString input = positional.first();
    auto notebook = loadNotebook(input);
    if (!notebook) {
        printErr(notebook.error().toString());
        return 1;
    }

    QString output = parser.value(outputOption);
    options.fileName = input;
    if (format == Format::Pdf) {
        if (output.isEmpty()) {
            const QFileInfo info(input);
            output = info.dir().filePath(info.completeBaseName() + QStringLiteral(".pdf"));
        }
        if (auto written = writePdfFile(*notebook, options, output); !written) {
            printErr(written.error().toString());
            return 1;
        }
        return 0;
    }
    if (format == Format::Html) {
        if (!output.isEmpty()) {
            if (auto written = writeHtmlFile(*notebook, options, output); !written) {
                printErr(written.error().toString());
                return 1;
            }
            return 0;
        }
        const auto written = writeHtml(*notebook, options, [](std::string_view chunk) {
            return std::fwrite(chunk.data(), 1, chunk.size(), stdout) == chunk.size();
        });
        if (!written || std::fflush(stdout) != 0) {
            printErr(CommandLine::tr("cumulus export: cannot write to standard output"));
            return 1;
        }
        return 0;
    }
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
