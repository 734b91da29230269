// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "util/result.h"

#include <QFileDevice>
#include <QString>

#include <functional>
#include <optional>
#include <string_view>

namespace cumulus {

/// Receives bytes piece by piece; returns false to stop (the write then fails).
using ByteSink = std::function<bool(std::string_view chunk)>;

/**
 * Writes @p path atomically: @p produce writes the content into the sink it is given, which
 * goes to a temporary file beside @p path; only when everything was written *and flushed*
 * does the temporary file replace @p path. On any failure (disk full, permission denied,
 * file-size limit) the old file is left untouched and the Error names @p path and the reason.
 *
 * With @p permissions, they are set on the temporary file before any byte is written (for
 * files that hold secrets, such as connection files).
 */
Result<void> writeFileAtomically(const QString &path,
                                 const std::function<bool(const ByteSink &sink)> &produce,
                                 std::optional<QFileDevice::Permissions> permissions = std::nullopt);

/// The same for content already in memory.
Result<void> writeFileAtomically(const QString &path, std::string_view content,
                                 std::optional<QFileDevice::Permissions> permissions = std::nullopt);

} // namespace cumulus
