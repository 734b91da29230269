// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

namespace cumulus::nbformat {

/// Calls @p visit with each line of @p text, line break included, split as Python's
/// str.splitlines(True) splits (what nbformat's split_lines uses): after \n, \r, \r\n, \v,
/// \f, \x1c, \x1d, \x1e and the UTF-8 encodings of U+0085, U+2028 and U+2029.
/// Visiting instead of returning a list keeps a million-line output from costing a second
/// copy of its line table.
template <typename Visitor>
void forEachLine(std::string_view text, Visitor &&visit)
{
    size_t start = 0;
    const size_t size = text.size();
    size_t i = 0;
    while (i < size) {
        const auto c = static_cast<unsigned char>(text[i]);
        size_t breakLength = 0;
        if (c >= 0x20 && c != 0xc2 && c != 0xe2) { // the common case: not a break
            ++i;
            continue;
        }
        if (c == '\r')
            breakLength = (i + 1 < size && text[i + 1] == '\n') ? 2 : 1;
        else if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e)
            breakLength = 1;
        else if (c == 0xc2 && i + 1 < size && static_cast<unsigned char>(text[i + 1]) == 0x85)
            breakLength = 2;
        else if (c == 0xe2 && i + 2 < size && static_cast<unsigned char>(text[i + 1]) == 0x80
                 && (static_cast<unsigned char>(text[i + 2]) == 0xa8
                     || static_cast<unsigned char>(text[i + 2]) == 0xa9))
            breakLength = 3;
        if (breakLength == 0) {
            ++i;
            continue;
        }
        i += breakLength;
        visit(text.substr(start, i - start));
        start = i;
    }
    if (start < size)
        visit(text.substr(start));
}

} // namespace cumulus::nbformat
