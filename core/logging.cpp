// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "logging.h"

// Warnings and errors by default; QT_LOGGING_RULES="cumulus.*=true" shows the rest.
Q_LOGGING_CATEGORY(lcCore, "cumulus.core", QtWarningMsg)
Q_LOGGING_CATEGORY(lcWire, "cumulus.wire", QtWarningMsg)
