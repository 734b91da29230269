// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "i18n.h"
#include "commandoutput.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "screenshot.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>

namespace {


bool wantsScreenshot(const QStringList &arguments)
{
    for (const QString &argument : arguments)
        if (argument == QLatin1String("--screenshot")
            || argument.startsWith(QLatin1String("--screenshot=")))
            return true;
    return false;
}

bool platformChosen(const QStringList &arguments)
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return true;
    for (const QString &argument : arguments)
        if (argument == QLatin1String("-platform") || argument == QLatin1String("--platform"))
            return true;
    return false;
}

/// `cumulus export … --to html|pdf`: fonts and rich text need a QGuiApplication.
bool exportNeedsGui(const QStringList &arguments)
{
    if (arguments.isEmpty() || arguments.first() != QLatin1String("export"))
        return false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        QString format;
        if (arguments.at(i) == QLatin1String("--to") && i + 1 < arguments.size())
            format = arguments.at(i + 1);
        else if (arguments.at(i).startsWith(QLatin1String("--to=")))
            format = arguments.at(i).mid(5);
        if (format == QLatin1String("html") || format == QLatin1String("pdf"))
            return true;
    }
    return false;
}

QtMessageHandler g_previousHandler = nullptr;

/// The offscreen platform warns about every top-level window ("does not support
/// propagateSizeHints()"): noise on a screenshot's stderr, where real errors go.
void quietOffscreen(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.contains(QLatin1String("propagateSizeHints")))
        return;
    // Headless exports run where no session set XDG_RUNTIME_DIR (CI, ssh): Qt's default is fine.
    if (type == QtWarningMsg && message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR")))
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

int runWindow(QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(cumulus::CommandLine::tr("Cumulus: a native desktop notebook IDE"));
    parser.addPositionalArgument(QStringLiteral("NOTEBOOK"), cumulus::CommandLine::tr("Notebooks to open."),
                                 QStringLiteral("[NOTEBOOK.ipynb…]"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        cumulus::CommandLine::tr("Render the window showing NOTEBOOK to the PNG file OUT and exit (no display needed)."),
        QStringLiteral("OUT"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
                                        cumulus::CommandLine::tr("Window size for --screenshot (default 1200x800)."),
                                        QStringLiteral("WxH"));
    parser.addOptions({screenshotOption, sizeOption});
    if (!parser.parse(app.arguments())) {
        cumulus::printErr(QStringLiteral("cumulus: ") + parser.errorText()
                          + cumulus::CommandLine::tr(" (see cumulus --help)"));
        return 2;
    }
    const QStringList paths = parser.positionalArguments();

    if (parser.isSet(screenshotOption)) {
        cumulus::ScreenshotRequest request;
        request.output = parser.value(screenshotOption);
        if (parser.isSet(sizeOption)) {
            request.size = cumulus::parseScreenshotSize(parser.value(sizeOption));
            if (!request.size.isValid()) {
                cumulus::printErr(cumulus::CommandLine::tr("cumulus: --size takes WIDTHxHEIGHT, e.g. 1200x800 "
                                     "(100 to 10000 pixels each)"));
                return 2;
            }
        }
        if (paths.size() != 1) {
            cumulus::printErr(cumulus::CommandLine::tr("cumulus: --screenshot OUT.png takes one NOTEBOOK"));
            return 2;
        }
        request.notebook = paths.first();
        return cumulus::renderScreenshot(request);
    }
    if (parser.isSet(sizeOption)) {
        cumulus::printErr(cumulus::CommandLine::tr("cumulus: --size only applies to --screenshot"));
        return 2;
    }

    cumulus::MainWindow window;
    window.restoreWindowState();
    for (const QString &path : paths)
        window.openFile(path);
    if (window.editorCount() == 0)
        window.newNotebook();
    window.show();
    // Notebooks left unsaved by a crash or kill: offer them back.
    window.offerRecovery();
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    QCoreApplication::setApplicationName(QStringLiteral("Cumulus"));
    QCoreApplication::setOrganizationName(QStringLiteral("Cumulus"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CUMULUS_VERSION));

    if (cumulus::isCommandLineInvocation(arguments) && exportNeedsGui(arguments)) {
        // HTML and PDF export render headless: the offscreen platform needs no display and
        // starts faster than a connection to one.
        if (!platformChosen(arguments))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        g_previousHandler = qInstallMessageHandler(quietOffscreen);
        QGuiApplication app(argc, argv);
        cumulus::installTranslations(&app);
        return cumulus::runCommandLine(arguments);
    }
    if (cumulus::isCommandLineInvocation(arguments)) {
        // Command-line jobs need no display: a core application starts in a few milliseconds.
        QCoreApplication app(argc, argv);
        cumulus::installTranslations(&app);
        return cumulus::runCommandLine(arguments);
    }

    // A screenshot needs no screen: without a display (and without a platform chosen by
    // the user) render offscreen instead of failing to connect to X11.
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    const bool noDisplay =
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    const bool noDisplay = false;
#endif
    if (wantsScreenshot(arguments)) {
        if (noDisplay && !platformChosen(arguments))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        g_previousHandler = qInstallMessageHandler(quietOffscreen);
    } else if (noDisplay && !platformChosen(arguments)) {
        // Qt would abort with a long message about platform plugins; say what to do instead.
        QCoreApplication app(argc, argv);
        cumulus::installTranslations(&app);
        cumulus::printErr(cumulus::CommandLine::tr("cumulus: no display found (neither DISPLAY nor WAYLAND_DISPLAY is "
                             "set). Use 'cumulus --screenshot OUT.png NOTEBOOK' to render a "
                             "notebook without one, or a command-line job (cumulus --help)."));
        return 1;
    }

    QApplication app(argc, argv);
    cumulus::installTranslations(&app);
    QApplication::setDesktopFileName(QStringLiteral("cumulus"));
    // The theme chosen in Preferences, before any window exists (screenshots included).
    cumulus::applyTheme(cumulus::settings::theme());
    return runWindow(app);
}
