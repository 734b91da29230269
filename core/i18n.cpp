// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace cumulus {

void installTranslations(QCoreApplication *app, const QLocale &locale)
{
    auto *ours = new QTranslator(app);
    if (ours->load(locale, QStringLiteral("cumulus"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ours);
    else
        delete ours;
    // Qt's own strings (dialog buttons, …): qtbase_XX, or the older all-of-Qt catalogue qt_XX
    // (Debian's qt6-translations-l10n has only qt_zh_CN for Chinese).
    const QString directory = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    for (const QString &catalogue : {QStringLiteral("qtbase"), QStringLiteral("qt")}) {
        auto *qt = new QTranslator(app);
        if (qt->load(locale, catalogue, QStringLiteral("_"), directory)) {
            QCoreApplication::installTranslator(qt);
            break;
        }
        delete qt;
    }
}

} // namespace cumulus
