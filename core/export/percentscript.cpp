// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
// PLACEHOLDER: being written (percent-script helper).
#include "export/percentscript.h"

namespace cumulus::percentscript {
std::string write(const Notebook &) { return {}; }
Result<Notebook> read(std::string_view, const QString &) { return Error{QStringLiteral("not yet")}; }
} // namespace cumulus::percentscript
