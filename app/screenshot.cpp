// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "screenshot.h"

#include "commandoutput.h"
#include "mainwindow.h"
#include "notebookeditor.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QImage>
#include <QPixmap>
#include <QRegularExpression>
#include <QTimer>

namespace cumulus {

/// The translation context of the screenshot tool's messages.
class Screenshot
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::Screenshot)
};

namespace {


/// Lets layouts, deferred (coalesced) repaints and first-show work run, for @p ms.
void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

QSize parseScreenshotSize(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})[xX](\\d{1,5})$"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return QSize();
    const QSize size(match.captured(1).toInt(), match.captured(2).toInt());
    if (size.width() < 100 || size.height() < 100 || size.width() > 10000 || size.height() > 10000)
        return QSize();
    return size;
}

int renderScreenshot(const ScreenshotRequest &request)
{
    MainWindow window;
    window.setPersistent(false);
    bool failed = false;
    window.setErrorReporter([&failed](const QString &title, const QString &text) {
        failed = true;
        printErr(
            QStringLiteral("cumulus: %1: %2")
                .arg(title, QString(text).replace(QStringLiteral("\n\n"), QStringLiteral(" "))));
    });
    if (!window.openFile(request.notebook) || failed)
        return 1;

    // Rendered without appearing on a real screen, at exactly the size asked for.
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(request.size);
    window.show();
    settle(150);
    window.resize(request.size); // a window manager may have had its say on show()
    settle(150);

    const QPixmap pixmap = window.grab();
    QImage image = pixmap.toImage();
    if (image.size() != request.size) // a high-DPI screen: keep the size asked for
        image = image.scaled(request.size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    if (!image.save(request.output, "PNG")) {
        printErr(Screenshot::tr("cumulus: cannot write %1").arg(QDir::toNativeSeparators(request.output)));
        return 1;
    }
    window.close();
    return 0;
}

} // namespace cumulus
