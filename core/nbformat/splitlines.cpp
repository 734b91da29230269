// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "nbformat/nbformat.h"
#include "nbformat/lines.h"

namespace cumulus::nbformat {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    forEachLine(text, [&lines](std::string_view line) { lines.push_back(line); });
    return lines;
}

} // namespace cumulus::nbformat
