// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "nbformat/pythonjson.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace cumulus::pythonjson {

Writer::Writer(const nbformat::ByteSink &sink) : m_sink(sink) { m_buffer.reserve(kChunk + 64); }

Writer::~Writer() { flush(); }

void Writer::raw(std::string_view text)
{
    if (m_buffer.size() + text.size() > kChunk) {
        flush();
        if (text.size() >= kChunk) { // a big string goes to the sink without a copy
            m_ok = m_ok && m_sink(text);
            return;
        }
    }
    m_buffer.append(text);
}

namespace {
constexpr std::string_view kRawNumberMarker("\0cumulus:number:", 16);
constexpr std::string_view kNaNMarker("\0cumulus:NaN", 12);
constexpr std::string_view kInfinityMarker("\0cumulus:Infinity", 17);
constexpr std::string_view kMinusInfinityMarker("\0cumulus:-Infinity", 18);

/// The marker as it appears inside a JSON document (the NUL escaped).
std::string quotedMarker(std::string_view marker)
{
    return "\"\\u0000" + std::string(marker.substr(1)) + '"';
}
} // namespace

std::string rawNumber(std::string_view digits) { return std::string(kRawNumberMarker) + std::string(digits); }

std::optional<double> specialDouble(std::string_view text)
{
    if (text == kNaNMarker)
        return std::nan("");
    if (text == kInfinityMarker)
        return HUGE_VAL;
    if (text == kMinusInfinityMarker)
        return -HUGE_VAL;
    return std::nullopt;
}

std::string rewritePythonLiterals(std::string_view json)
{
    std::string out;
    out.reserve(json.size() + 64);
    size_t i = 0;
    while (i < json.size()) {
        const char c = json[i];
        if (c == '"') { // copy a string literal as it is
            size_t end = i + 1;
            while (end < json.size() && json[end] != '"')
                end += json[end] == '\\' ? 2 : 1;
            end = std::min(end + 1, json.size());
            out.append(json.substr(i, end - i));
            i = end;
            continue;
        }
        const std::string_view rest = json.substr(i);
        if (rest.starts_with("NaN")) {
            out += quotedMarker(kNaNMarker);
            i += 3;
        } else if (rest.starts_with("Infinity")) {
            out += quotedMarker(kInfinityMarker);
            i += 8;
        } else if (rest.starts_with("-Infinity")) {
            out += quotedMarker(kMinusInfinityMarker);
            i += 9;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t end = i + 1;
            while (end < json.size() && std::string_view("0123456789.eE+-").find(json[end]) != std::string_view::npos)
                ++end;
            const std::string number(json.substr(i, end - i));
            const bool isFloat = number.find_first_of(".eE") != std::string::npos;
            const double parsed = std::strtod(number.c_str(), nullptr);
            if (isFloat && std::isinf(parsed))
                out += quotedMarker(parsed > 0 ? kInfinityMarker : kMinusInfinityMarker);
            else
                out += number;
            i = end;
        } else {
            out.push_back(c);
            ++i;
        }
    }
    return out;
}

void Writer::string(std::string_view text)
{
    if (!text.empty() && text.front() == '\0' && text.starts_with(kRawNumberMarker)) {
        raw(text.substr(kRawNumberMarker.size()));
        return;
    }
    // Python's json escapes only '"', '\\' and control characters below 0x20 (with
    // ensure_ascii=False): copy the runs between them unchanged.
    static constexpr char kHex[] = "0123456789abcdef";
    raw('"');
    size_t runStart = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        raw(text.substr(runStart, i - runStart));
        runStart = i + 1;
        switch (c) {
        case '"': raw("\\\""); break;
        case '\\': raw("\\\\"); break;
        case '\n': raw("\\n"); break;
        case '\r': raw("\\r"); break;
        case '\t': raw("\\t"); break;
        case '\b': raw("\\b"); break;
        case '\f': raw("\\f"); break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
            raw(std::string_view(escape, sizeof escape));
        }
        }
    }
    raw(text.substr(runStart));
    raw('"');
}

void Writer::newline(int depth)
{
    raw('\n');
    m_buffer.append(size_t(depth), ' ');
}

void Writer::value(const nlohmann::json &value, int depth)
{
    switch (value.type()) {
    case nlohmann::json::value_t::object: {
        if (value.empty()) {
            raw("{}");
            return;
        }
        raw('{');
        bool first = true;
        for (auto it = value.begin(); it != value.end(); ++it) { // std::map: sorted by key
            if (!first)
                raw(',');
            first = false;
            newline(depth + 1);
            string(it.key());
            raw(": ");
            this->value(it.value(), depth + 1);
        }
        newline(depth);
        raw('}');
        return;
    }
    case nlohmann::json::value_t::array: {
        if (value.empty()) {
            raw("[]");
            return;
        }
        raw('[');
        bool first = true;
        for (const auto &item : value) {
            if (!first)
                raw(',');
            first = false;
            newline(depth + 1);
            this->value(item, depth + 1);
        }
        newline(depth);
        raw(']');
        return;
    }
    case nlohmann::json::value_t::string:
        string(value.get_ref<const std::string &>());
        return;
    case nlohmann::json::value_t::boolean:
        raw(value.get<bool>() ? std::string_view("true") : std::string_view("false"));
        return;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: {
        char digits[24];
        auto result = value.is_number_unsigned()
            ? std::to_chars(digits, digits + sizeof digits, value.get<std::uint64_t>())
            : std::to_chars(digits, digits + sizeof digits, value.get<std::int64_t>());
        raw(std::string_view(digits, size_t(result.ptr - digits)));
        return;
    }
    case nlohmann::json::value_t::number_float:
        raw(formatDouble(value.get<double>()));
        return;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
    case nlohmann::json::value_t::binary:
        raw("null");
        return;
    }
}

bool Writer::flush()
{
    if (!m_buffer.empty()) {
        m_ok = m_ok && m_sink(m_buffer);
        m_buffer.clear();
    }
    return m_ok;
}

std::string formatDouble(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "Infinity" : "-Infinity";

    // Shortest round-trip digits in scientific form ("-1.2345e+15"), then laid out by
    // Python's repr() rule: exponent notation when the decimal point position is <= -4 or
    // > 16, fixed notation with at least one fractional digit otherwise.
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    std::string_view text(buffer, size_t(result.ptr - buffer));
    std::string out;
    if (text.front() == '-') {
        out.push_back('-');
        text.remove_prefix(1);
    }
    const size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e))
        if (c != '.')
            digits.push_back(c);
    const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
    const int decpt = exponent + 1;
    const int n = int(digits.size());

    if (decpt <= -4 || decpt > 16) {
        out.push_back(digits[0]);
        if (n > 1) {
            out.push_back('.');
            out.append(digits, 1);
        }
        out.push_back('e');
        out.push_back(exponent < 0 ? '-' : '+');
        const int magnitude = std::abs(exponent);
        if (magnitude < 10)
            out.push_back('0');
        out.append(std::to_string(magnitude));
    } else if (decpt <= 0) {
        out.append("0.");
        out.append(size_t(-decpt), '0');
        out.append(digits);
    } else if (decpt >= n) {
        out.append(digits);
        out.append(size_t(decpt - n), '0');
        out.append(".0");
    } else {
        out.append(digits, 0, size_t(decpt));
        out.push_back('.');
        out.append(digits, size_t(decpt));
    }
    return out;
}

std::string dumps(const nlohmann::json &value)
{
    std::string out;
    const nbformat::ByteSink sink = [&out](std::string_view chunk) {
        out.append(chunk);
        return true;
    };
    {
        Writer writer(sink);
        writer.value(value, 0);
    }
    return out;
}

} // namespace cumulus::pythonjson
