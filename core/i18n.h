// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QLocale>

class QCoreApplication;

namespace cumulus {

/// Installs Cumulus's translation for @p locale (from the executable's :/i18n resources)
/// and Qt's own (dialog buttons and the like), when they exist. English needs none.
void installTranslations(QCoreApplication *app, const QLocale &locale = QLocale());

} // namespace cumulus
