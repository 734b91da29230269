// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "cumulus.core")
