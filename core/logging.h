// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

/// The notebook model, files and kernels ("cumulus.core").
Q_DECLARE_LOGGING_CATEGORY(lcCore)
/// Wire-level events of the Jupyter protocol ("cumulus.wire"): rejected messages at warning,
/// frame dumps at debug. Never logs keys or signatures.
Q_DECLARE_LOGGING_CATEGORY(lcWire)
