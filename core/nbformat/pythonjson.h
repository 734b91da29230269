// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "nbformat/nbformat.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cumulus::pythonjson {

/**
 * Writes JSON text byte for byte as Python's json.dumps(obj, indent=1, sort_keys=True,
 * separators=(',', ': '), ensure_ascii=False) does, which is what nbformat writes:
 * floats in repr() form (1e-05, 1000000000000000.0, 1e+16), only control characters,
 * quote and backslash escaped, keys sorted by code point.
 *
 * Output is buffered and handed to a ByteSink in large chunks, so multi-megabyte notebooks
 * are written without building the whole text in memory.
 */
class Writer
{
public:
    explicit Writer(const nbformat::ByteSink &sink);
    ~Writer();
    Writer(const Writer &) = delete;
    Writer &operator=(const Writer &) = delete;

    void raw(std::string_view text);
    void raw(char c)
    {
        m_buffer.push_back(c);
        if (m_buffer.size() >= kChunk)
            flush();
    }
    /// A quoted, escaped JSON string.
    void string(std::string_view text);
    /// A line break followed by @p depth spaces (indent=1).
    void newline(int depth);
    /// Any JSON value, pretty-printed at nesting @p depth.
    void value(const nlohmann::json &value, int depth);

    /// Hands the buffered bytes to the sink; false once the sink has refused anything.
    bool flush();
    bool ok() const { return m_ok; }

private:
    static constexpr size_t kChunk = 1 << 16;

    const nbformat::ByteSink &m_sink;
    std::string m_buffer;
    bool m_ok = true;
};

/// A double as Python's repr() writes it (shortest round-trip digits, Python's choice of
/// fixed or exponent notation, ".0" on integral values).
std::string formatDouble(double value);

/**
 * Python's json accepts what no C++ JSON library does: NaN, Infinity, -Infinity, numbers that
 * overflow a double (read as infinity) and integers of any size. Cumulus keeps them as
 * marker strings that start with a NUL byte (a notebook string can hold U+0000 only escaped,
 * and never with this text after it) and writes them back as Python does.
 */
/// The marker for an integer literal too big for 64 bits; written back as @p digits.
std::string rawNumber(std::string_view digits);
/// NaN or ±infinity for their markers, std::nullopt for any other string.
std::optional<double> specialDouble(std::string_view text);
/// @p json with NaN, Infinity, -Infinity and overflowing numbers outside strings replaced by
/// their quoted markers, so that a strict JSON parser reads it.
std::string rewritePythonLiterals(std::string_view json);

/// json.dumps(value, indent=1, sort_keys=True, separators=(',', ': '), ensure_ascii=False).
std::string dumps(const nlohmann::json &value);

} // namespace cumulus::pythonjson
