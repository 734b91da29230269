// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The "percent" script format, following jupytext (src/jupytext: cell_to_text.py,
// cell_reader.py, magics.py, header.py, cell_metadata.py, metadata_filter.py, languages.py,
// stringparser.py, pep8.py); rules name the jupytext function they follow. The reader is
// jupytext's (current version: one optional space in "# %%", code fences in Markdown cells).
// The writer writes what jupytext writes, then checks each line by decoding it as the reader
// will: where jupytext's own output would not read back (a "# %%" comment in code, a
// Markdown line that looks like an escaped magic, an open code fence), it escapes one comment
// level more, which our reader removes and jupytext keeps visible, in the same cells.
// Not written: jupytext_version (this is not jupytext), cell outputs and ids.
#include "export/percentscript.h"

#include "logging.h"
#include "nbformat/pythonjson.h"

#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <utility>

namespace cumulus::percentscript {

namespace {

using json = nlohmann::json;
using Lines = std::vector<std::string>;
using LineSpan = std::span<const std::string>;

// ---------------------------------------------------------------------------------------
// Text helpers. Whitespace is ASCII whitespace (Python's \s also matches Unicode spaces;
// nothing in a notebook relies on that).

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool isBlank(std::string_view s) { return std::all_of(s.begin(), s.end(), isSpace); }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view lstrip(std::string_view s)
{
    size_t i = 0;
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return s.substr(i);
}
std::string_view rstrip(std::string_view s)
{
    size_t n = s.size();
    while (n > 0 && isSpace(s[n - 1]))
        --n;
    return s.substr(0, n);
}
std::string_view strip(std::string_view s) { return rstrip(lstrip(s)); }

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

std::string join(LineSpan lines, std::string_view sep)
{
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i)
            out += sep;
        out += lines[i];
    }
    return out;
}

/// str.split(sep) (keeps empty pieces).
Lines split(std::string_view s, char sep)
{
    Lines out;
    size_t start = 0;
    while (true) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            return out;
        }
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

/// str.splitlines() restricted to '\n': a final newline does not start another line.
Lines splitLines(std::string_view s)
{
    if (s.empty())
        return {};
    Lines out = split(s, '\n');
    if (s.back() == '\n')
        out.pop_back();
    return out;
}

std::u32string decodeUtf8(std::string_view s)
{
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t extra = c < 0x80         ? 0
                             : (c >> 5) == 6  ? 1
                             : (c >> 4) == 14 ? 2
                             : (c >> 3) == 30 ? 3
                                              : 4;
        char32_t cp = extra == 0   ? c
                      : extra == 1 ? (c & 0x1F)
                      : extra == 2 ? (c & 0x0F)
                                   : (c & 0x07);
        bool ok = extra < 4 && i + extra < s.size();
        for (size_t k = 1; ok && k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out.push_back(0xFFFD); // invalid UTF-8: one replacement per byte
            ++i;
            continue;
        }
        out.push_back(cp);
        i += extra + 1;
    }
    return out;
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

std::string hex(unsigned value, int width, bool upper)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, upper ? "%0*X" : "%0*x", width, value);
    return buffer;
}

const json *member(const json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::string stringMember(const json &object, const char *key)
{
    const json *value = member(object, key);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

// ---------------------------------------------------------------------------------------
// Python's json.dumps(value) with default arguments (", " and ": " separators, ASCII
// only), which jupytext uses for cell metadata values on the "# %%" line.

void dumpPyString(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (char32_t cp : decodeUtf8(s)) {
        switch (cp) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        case '\b':
            out += "\\b";
            continue;
        case '\f':
            out += "\\f";
            continue;
        default:
            break;
        }
        if (cp >= 0x20 && cp <= 0x7E) {
            out.push_back(char(cp));
        } else if (cp < 0x10000) {
            out += "\\u" + hex(unsigned(cp), 4, false);
        } else {
            const char32_t v = cp - 0x10000;
            out += "\\u" + hex(unsigned(0xD800 + (v >> 10)), 4, false);
            out += "\\u" + hex(unsigned(0xDC00 + (v & 0x3FF)), 4, false);
        }
    }
    out.push_back('"');
}

void dumpPy(std::string &out, const json &value)
{
    switch (value.type()) {
    case json::value_t::object: {
        out.push_back('{');
        bool first = true;
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!first)
                out += ", ";
            first = false;
            dumpPyString(out, it.key());
            out += ": ";
            dumpPy(out, *it);
        }
        out.push_back('}');
        return;
    }
    case json::value_t::array: {
        out.push_back('[');
        for (size_t i = 0; i < value.size(); ++i) {
            if (i)
                out += ", ";
            dumpPy(out, value[i]);
        }
        out.push_back(']');
        return;
    }
    case json::value_t::string:
        dumpPyString(out, value.get_ref<const std::string &>());
        return;
    case json::value_t::boolean:
        out += value.get<bool>() ? "true" : "false";
        return;
    case json::value_t::number_integer:
        out += std::to_string(value.get<std::int64_t>());
        return;
    case json::value_t::number_unsigned:
        out += std::to_string(value.get<std::uint64_t>());
        return;
    case json::value_t::number_float:
        out += pythonjson::formatDouble(value.get<double>());
        return;
    default:
        out += "null";
        return;
    }
}

std::string dumpsPy(const json &value)
{
    std::string out;
    dumpPy(out, value);
    return out;
}

// ---------------------------------------------------------------------------------------
// A small ast.literal_eval for what json.loads refuses (jupytext's relax_json_loads):
// strings in either quote, numbers, True/False/None, lists, tuples and dicts.

class PyLiteralParser
{
public:
    explicit PyLiteralParser(std::string_view text) : m_s(text) {}

    std::optional<json> parse()
    {
        json value;
        skipSpace();
        if (!parseValue(value))
            return std::nullopt;
        skipSpace();
        if (m_p != m_s.size())
            return std::nullopt;
        return value;
    }

private:
    void skipSpace()
    {
        while (m_p < m_s.size() && isSpace(m_s[m_p]))
            ++m_p;
    }

    bool parseValue(json &out)
    {
        if (m_p >= m_s.size())
            return false;
        const char c = m_s[m_p];
        if (c == '\'' || c == '"') {
            std::string s;
            if (!parseString(s))
                return false;
            // Adjacent literals concatenate, as in Python.
            while (true) {
                const size_t save = m_p;
                skipSpace();
                if (m_p < m_s.size() && (m_s[m_p] == '\'' || m_s[m_p] == '"')) {
                    std::string more;
                    if (!parseString(more))
                        return false;
                    s += more;
                } else {
                    m_p = save;
                    break;
                }
            }
            out = std::move(s);
            return true;
        }
        if (c == '[' || c == '(')
            return parseSequence(out, c == '[' ? ']' : ')');
        if (c == '{')
            return parseDict(out);
        if (c == '-' || c == '+' || c == '.' || isDigit(c))
            return parseNumber(out);
        for (auto [word, value] : {std::pair<std::string_view, json>{"True", true},
                                   {"False", false},
                                   {"None", nullptr}}) {
            if (m_s.substr(m_p).starts_with(word)) {
                const size_t end = m_p + word.size();
                if (end < m_s.size() && (isAlpha(m_s[end]) || isDigit(m_s[end]) || m_s[end] == '_'))
                    return false;
                m_p = end;
                out = value;
                return true;
            }
        }
        return false;
    }

    bool parseString(std::string &out)
    {
        const char quote = m_s[m_p];
        const bool triple = m_s.substr(m_p, 3) == std::string(3, quote);
        m_p += triple ? 3 : 1;
        while (m_p < m_s.size()) {
            const char c = m_s[m_p];
            if (c == quote && (!triple || m_s.substr(m_p, 3) == std::string(3, quote))) {
                m_p += triple ? 3 : 1;
                return true;
            }
            if (c == '\n' && !triple)
                return false;
            if (c != '\\') {
                out.push_back(c);
                ++m_p;
                continue;
            }
            if (++m_p >= m_s.size())
                return false;
            const char e = m_s[m_p++];
            switch (e) {
            case '\n':
                break;
            case '\\':
            case '\'':
            case '"':
                out.push_back(e);
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 'a':
                out.push_back('\a');
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'v':
                out.push_back('\v');
                break;
            case 'x':
            case 'u':
            case 'U': {
                const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (m_p + digits > m_s.size())
                    return false;
                unsigned long cp = 0;
                for (size_t k = 0; k < digits; ++k) {
                    const char h = m_s[m_p + k];
                    int v = isDigit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                                                  : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                                                           : -1;
                    if (v < 0)
                        return false;
                    cp = cp * 16 + unsigned(v);
                }
                m_p += digits;
                if (cp > 0x10FFFF)
                    return false;
                appendUtf8(out, char32_t(cp));
                break;
            }
            default:
                out.push_back('\\');
                out.push_back(e);
                break;
            }
        }
        return false;
    }

    bool parseSequence(json &out, char close)
    {
        ++m_p;
        out = json::array();
        skipSpace();
        if (m_p < m_s.size() && m_s[m_p] == close) {
            ++m_p;
            return true;
        }
        while (true) {
            json item;
            skipSpace();
            if (!parseValue(item))
                return false;
            out.push_back(std::move(item));
            skipSpace();
            if (m_p >= m_s.size())
                return false;
            if (m_s[m_p] == ',') {
                ++m_p;
                skipSpace();
                if (m_p < m_s.size() && m_s[m_p] == close) {
                    ++m_p;
                    return true;
                }
                continue;
            }
            if (m_s[m_p] == close) {
                ++m_p;
                return true;
            }
            return false;
        }
    }

    bool parseDict(json &out)
    {
        ++m_p;
        out = json::object();
        skipSpace();
        if (m_p < m_s.size() && m_s[m_p] == '}') {
            ++m_p;
            return true;
        }
        while (true) {
            json key;
            skipSpace();
            if (!parseValue(key) || !key.is_string())
                return false;
            skipSpace();
            if (m_p >= m_s.size() || m_s[m_p] != ':')
                return false;
            ++m_p;
            skipSpace();
            json value;
            if (!parseValue(value))
                return false;
            out[key.get<std::string>()] = std::move(value);
            skipSpace();
            if (m_p >= m_s.size())
                return false;
            if (m_s[m_p] == ',') {
                ++m_p;
                skipSpace();
                if (m_p < m_s.size() && m_s[m_p] == '}') {
                    ++m_p;
                    return true;
                }
                continue;
            }
            if (m_s[m_p] == '}') {
                ++m_p;
                return true;
            }
            return false;
        }
    }

    bool parseNumber(json &out)
    {
        bool negative = false;
        while (m_p < m_s.size() && (m_s[m_p] == '-' || m_s[m_p] == '+')) {
            negative = negative != (m_s[m_p] == '-');
            ++m_p;
            skipSpace();
        }
        const size_t start = m_p;
        bool isFloat = false;
        while (m_p < m_s.size()) {
            const char c = m_s[m_p];
            if (isDigit(c) || c == '_') {
                ++m_p;
            } else if (c == '.' || c == 'e' || c == 'E') {
                isFloat = true;
                ++m_p;
                if ((c == 'e' || c == 'E') && m_p < m_s.size()
                    && (m_s[m_p] == '+' || m_s[m_p] == '-'))
                    ++m_p;
            } else {
                break;
            }
        }
        std::string digits;
        for (char c : m_s.substr(start, m_p - start))
            if (c != '_')
                digits.push_back(c);
        if (digits.empty() || digits == ".")
            return false;
        if (isFloat) {
            char *end = nullptr;
            const double v = std::strtod(digits.c_str(), &end);
            if (end != digits.c_str() + digits.size())
                return false;
            out = negative ? -v : v;
            return true;
        }
        if (digits.size() > 1 && digits[0] == '0')
            return false; // Python 3 has no leading-zero integers
        try {
            const unsigned long long v = std::stoull(digits);
            if (negative) {
                if (v > 9223372036854775808ULL)
                    return false;
                out = v == 9223372036854775808ULL ? std::numeric_limits<std::int64_t>::min()
                                                  : -std::int64_t(v);
            } else if (v <= uint64_t(std::numeric_limits<std::int64_t>::max())) {
                out = std::int64_t(v);
            } else {
                out = std::uint64_t(v);
            }
        } catch (...) {
            return false;
        }
        return true;
    }

    std::string_view m_s;
    size_t m_p = 0;
};

/// jupytext's relax_json_loads: json.loads, else ast.literal_eval.
std::optional<json> relaxJsonLoads(std::string_view text)
{
    text = strip(text);
    json value = json::parse(text.begin(), text.end(), nullptr, false);
    if (!value.is_discarded())
        return value;
    return PyLiteralParser(text).parse();
}

// ---------------------------------------------------------------------------------------
// Languages (jupytext's languages.py).

struct ScriptLanguage
{
    std::string_view ext;
    std::string_view language;
    std::string_view comment;
    std::string_view suffix;
};

constexpr ScriptLanguage kScriptLanguages[] = {
    {".py", "python", "#", ""},          {".coco", "coconut", "#", ""},
    {".R", "R", "#", ""},                {".r", "R", "#", ""},
    {".jl", "julia", "#", ""},           {".cpp", "c++", "//", ""},
    {".ss", "scheme", ";;", ""},         {".clj", "clojure", ";;", ""},
    {".scm", "scheme", ";;", ""},        {".sh", "bash", "#", ""},
    {".ps1", "powershell", "#", ""},     {".q", "q", "/", ""},
    {".m", "matlab", "%", ""},           {".wolfram", "wolfram language", "(*", "*)"},
    {".pro", "idl", ";", ""},            {".js", "javascript", "//", ""},
    {".ts", "typescript", "//", ""},     {".scala", "scala", "//", ""},
    {".rs", "rust", "//", ""},           {".robot", "robotframework", "#", ""},
    {".resource", "robotframework", "#", ""}, {".cs", "csharp", "//", ""},
    {".fsx", "fsharp", "//", ""},        {".fs", "fsharp", "//", ""},
    {".sos", "sos", "#", ""},            {".java", "java", "//", ""},
    {".groovy", "groovy", "//", ""},     {".sage", "sage", "#", ""},
    {".ml", "ocaml", "(*", "*)"},        {".hs", "haskell", "--", ""},
    {".tcl", "tcl", "#", ""},            {".mac", "maxima", "/*", "*/"},
    {".gp", "gnuplot", "#", ""},         {".do", "stata", "//", ""},
    {".sas", "sas", "/*", "*/"},         {".jenner", "jenner", "/*", "*/"},
    {".xsh", "xonsh", "#", ""},          {".lgt", "logtalk", "%", ""},
    {".logtalk", "logtalk", "%", ""},    {".lua", "lua", "--", ""},
    {".go", "go", "//", ""},
};

// Not in jupytext (which cannot read these files): C-family kernels get the obvious comment.
constexpr ScriptLanguage kExtraLanguages[] = {{".c", "c", "//", ""}, {".cu", "cuda", "//", ""}};

// jupytext's _JUPYTER_LANGUAGES: cell magics that name a language.
constexpr std::string_view kJupyterLanguages[] = {
    "R",      "bash",  "sh",     "python",     "python2", "python3",        "coconut",
    "javascript", "js", "perl",  "html",       "latex",   "markdown",       "pypy",
    "ruby",   "script", "svg",   "matlab",     "octave",  "idl",            "robotframework",
    "sas",    "spark", "sql",    "cython",     "haskell", "tcl",            "gnuplot",
    "wolfram language", "c#",    "f#",         "cs",      "fs"};

const ScriptLanguage *scriptForExtension(std::string_view ext)
{
    for (const auto &script : kScriptLanguages)
        if (script.ext == ext)
            return &script;
    for (const auto &script : kExtraLanguages)
        if (script.ext == ext)
            return &script;
    return nullptr;
}

/// jupytext's _COMMENT[language] (exact language name), "" when unknown.
std::string_view commentOfLanguage(std::string_view language)
{
    for (const auto &script : kScriptLanguages)
        if (script.language == language)
            return script.comment;
    for (const auto &script : kExtraLanguages)
        if (script.language == language)
            return script.comment;
    return {};
}

bool isScriptLanguage(std::string_view language)
{
    return std::any_of(std::begin(kScriptLanguages), std::end(kScriptLanguages),
                       [&](const ScriptLanguage &s) { return s.language == language; });
}

bool isJupyterLanguage(std::string_view language)
{
    return std::find(std::begin(kJupyterLanguages), std::end(kJupyterLanguages), language)
               != std::end(kJupyterLanguages)
           || isScriptLanguage(language);
}

/// jupytext's usual_language_name.
std::string usualLanguageName(std::string_view language)
{
    std::string lower = toLower(language);
    if (lower == "r")
        return "R";
    if (lower.starts_with("c++"))
        return "c++";
    if (lower == "octave")
        return "matlab";
    if (lower == "cs" || lower == "c#")
        return "csharp";
    if (lower == "fs" || lower == "f#")
        return "fsharp";
    if (lower == "sas")
        return "SAS";
    return lower;
}

bool sameLanguage(std::string_view a, std::string_view b)
{
    return usualLanguageName(a) == usualLanguageName(b);
}

/// jupytext's default_language_from_metadata_and_ext; "" for None.
std::string defaultLanguage(json &metadata, std::string_view ext, bool popMainLanguage)
{
    const ScriptLanguage *script = scriptForExtension(ext);
    std::string mainLanguage;
    bool hasMain = false;
    if (const json *jupytext = member(metadata, "jupytext")) {
        if (const json *main = member(*jupytext, "main_language"); main && main->is_string()) {
            mainLanguage = main->get<std::string>();
            hasMain = true;
        }
    }
    std::string fallback = stringMember(
        member(metadata, "kernelspec") ? metadata["kernelspec"] : json(), "language");
    if (fallback.empty() && script)
        fallback = std::string(script->language);
    std::string language = !mainLanguage.empty() ? mainLanguage : fallback;
    if (hasMain && mainLanguage == fallback && popMainLanguage)
        metadata["jupytext"].erase("main_language");
    if (language.empty() || language == "R" || language == "sas")
        return language;
    if (language.starts_with("C++"))
        return "c++";
    std::string out;
    for (char c : toLower(language)) {
        if (c == '#')
            out += "sharp";
        else
            out.push_back(c);
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// jupytext's StringParser: is the next line inside a string?

class StringParser
{
public:
    explicit StringParser(std::string_view language, bool ignore = false)
        : m_ignore(ignore), m_python(language != "R"), m_comment(commentOfLanguage(language))
    {
    }

    bool isQuoted() const { return !m_ignore && (m_single || m_triple); }

    void readLine(std::string_view line)
    {
        if (m_ignore)
            return;
        // Comment lines are not searched for quotes (unless inside a string).
        if (!isQuoted() && !m_comment.empty() && lstrip(line).starts_with(m_comment))
            return;
        long tripleStart = -1;
        for (size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (!m_single && !m_triple && !m_comment.empty() && m_comment.front() == c
                && line.substr(i).starts_with(m_comment))
                break;
            if (c != '"' && c != '\'')
                continue;
            if (i > 0 && line[i - 1] == '\\')
                continue;
            if (m_single == c) {
                m_single = 0;
                continue;
            }
            if (m_single)
                continue;
            if (!m_python)
                continue;
            if (i >= 2 && line[i - 2] == c && line[i - 1] == c && long(i) >= tripleStart + 3) {
                if (m_triple == c) {
                    m_triple = 0;
                    tripleStart = long(i);
                    continue;
                }
                if (m_triple)
                    continue;
                m_triple = c;
                tripleStart = long(i);
                continue;
            }
            if (m_triple)
                continue;
            m_single = c;
        }
        if (m_python)
            m_single = 0;
    }

private:
    bool m_ignore;
    bool m_python;
    std::string_view m_comment;
    char m_single = 0;
    char m_triple = 0;
};

// ---------------------------------------------------------------------------------------
// Magics (jupytext's magics.py), its regular expressions written out by hand.

/// Skips a greedy "(C |C)*" run from @p pos.
size_t skipCommentPrefixes(std::string_view line, size_t pos, std::string_view comment)
{
    while (line.substr(pos).starts_with(comment)) {
        pos += comment.size();
        if (pos < line.size() && line[pos] == ' ')
            ++pos;
    }
    return pos;
}

size_t skipSpaces(std::string_view line, size_t pos)
{
    while (pos < line.size() && isSpace(line[pos]))
        ++pos;
    return pos;
}

/// "(%|%%|%%%)[a-zA-Z]" at @p pos: the position after the letter, or npos.
size_t percentMagicAt(std::string_view line, size_t pos)
{
    size_t n = 0;
    while (pos + n < line.size() && line[pos + n] == '%')
        ++n;
    if (n >= 1 && n <= 3 && pos + n < line.size() && isAlpha(line[pos + n]))
        return pos + n + 1;
    return std::string_view::npos;
}

/// "(.*)C\s*WORD" on the rest of the line.
bool hasFlag(std::string_view rest, std::string_view comment, std::string_view word)
{
    for (size_t p = rest.find(comment); p != std::string_view::npos;
         p = rest.find(comment, p + 1)) {
        const size_t k = skipSpaces(rest, p + comment.size());
        if (rest.substr(k).starts_with(word))
            return true;
    }
    return false;
}

/// _MAGIC_RE[language]: the position after the magic's first letter, or npos.
size_t magicStart(std::string_view line, std::string_view language, std::string_view comment)
{
    constexpr auto npos = std::string_view::npos;
    if (language == "rust" || language == "csharp" || language == "go") {
        const size_t p = skipCommentPrefixes(line, 0, "//");
        const std::string_view rest = line.substr(p);
        if (language == "rust")
            return rest.size() >= 2 && rest[0] == ':' && isAlpha(rest[1]) ? p + 2 : npos;
        if (language == "csharp")
            return rest.size() >= 3 && rest.starts_with("#!") && isAlpha(rest[2]) ? p + 3 : npos;
        if (rest.size() >= 3 && rest.starts_with("!*") && isAlpha(rest[2]))
            return p + 3;
        if (rest.size() >= 2 && rest[0] == '!' && isAlpha(rest[1]))
            return p + 2;
        return percentMagicAt(line, p);
    }
    return percentMagicAt(line, skipCommentPrefixes(line, skipSpaces(line, 0), comment));
}

/// _MAGIC_FORCE_ESC_RE / _MAGIC_NOT_ESC_RE.
bool magicFlag(std::string_view line, std::string_view language, std::string_view comment,
               bool force)
{
    size_t end;
    if (force && (language == "rust" || language == "csharp")) {
        // jupytext overwrites these two with the "noescape" pattern; we do the same.
        end = magicStart(line, language, comment);
        return end != std::string_view::npos && hasFlag(line.substr(end), "//", "noescape");
    }
    end = percentMagicAt(line, skipCommentPrefixes(line, skipSpaces(line, 0), comment));
    return end != std::string_view::npos
           && hasFlag(line.substr(end), comment, force ? "escape" : "noescape");
}

/// _PYTHON_HELP_OR_BASH_CMD: ^\s*(?:(?:# |#)+\s*)?(\?|!)\s*[A-Za-z\.\~\$\\\/\{\}]
bool pythonHelpOrBash(std::string_view line)
{
    size_t p = skipSpaces(line, 0);
    if (p < line.size() && line[p] == '#')
        p = skipSpaces(line, skipCommentPrefixes(line, p, "#"));
    if (p >= line.size() || (line[p] != '?' && line[p] != '!'))
        return false;
    p = skipSpaces(line, p + 1);
    return p < line.size()
           && (isAlpha(line[p])
               || std::string_view(".~$\\/{}").find(line[p]) != std::string_view::npos);
}

/// _PYTHON_MAGIC_ASSIGN: ^(# |#)*\s*([a-zA-Z_][a-zA-Z_$0-9]*)\s*=\s*(%|%%|%%%|!)[a-zA-Z]
bool pythonMagicAssign(std::string_view line)
{
    size_t p = skipSpaces(line, skipCommentPrefixes(line, 0, "#"));
    if (p >= line.size() || !(isAlpha(line[p]) || line[p] == '_'))
        return false;
    while (p < line.size()
           && (isAlpha(line[p]) || isDigit(line[p]) || line[p] == '_' || line[p] == '$'))
        ++p;
    p = skipSpaces(line, p);
    if (p >= line.size() || line[p] != '=')
        return false;
    p = skipSpaces(line, p + 1);
    if (p + 1 < line.size() && line[p] == '!' && isAlpha(line[p + 1]))
        return true;
    return percentMagicAt(line, p) != std::string_view::npos;
}

/// _IPYTHON_MAGIC_HELP: ^\s*(# )*[^\s]*\?\s*$
bool ipythonMagicHelp(std::string_view line)
{
    size_t p = skipSpaces(line, 0);
    while (line.substr(p).starts_with("# "))
        p += 2;
    size_t q = p;
    while (q < line.size() && !isSpace(line[q]))
        ++q;
    return q > p && line[q - 1] == '?' && isBlank(line.substr(q));
}

/// _PYTHON_MAGIC_CMD: ^(# |#)*(cat|cd|...)($|\s$|\s[^=,])
bool pythonMagicCommand(std::string_view line)
{
    static constexpr std::string_view commands[] = {"cat", "cd",   "cp",   "mv",   "rm",   "rmdir",
                                                    "mkdir", "copy", "ddir", "echo", "ls", "ldir",
                                                    "ren"};
    const std::string_view rest = line.substr(skipCommentPrefixes(line, 0, "#"));
    for (std::string_view command : commands) {
        if (!rest.starts_with(command))
            continue;
        const std::string_view after = rest.substr(command.size());
        if (after.empty())
            return true;
        if (isSpace(after[0]) && (after.size() == 1 || (after[1] != '=' && after[1] != ',')))
            return true;
    }
    return false;
}

/// jupytext's is_magic: is the line a (possibly escaped) magic that must be commented?
bool isMagic(std::string_view line, std::string_view language, bool globalEscape,
             bool explicitlyCode)
{
    const std::string lang = usualLanguageName(language);
    if (lang == "octave" || lang == "matlab" || lang == "sas" || lang == "jenner"
        || lang == "logtalk" || !isScriptLanguage(lang))
        return false;
    const std::string_view comment = commentOfLanguage(lang);
    if (magicFlag(line, lang, comment, true))
        return true;
    if (!globalEscape || magicFlag(line, lang, comment, false))
        return false;
    if (magicStart(line, lang, comment) != std::string_view::npos)
        return true;
    if (lang != "python")
        return false;
    if (pythonHelpOrBash(line) || pythonMagicAssign(line))
        return true;
    if (explicitlyCode && ipythonMagicHelp(line))
        return true;
    return pythonMagicCommand(line);
}

bool endsWithContinuation(std::string_view line) { return rstrip(line).ends_with('\\'); }

/// jupytext's unesc: removes one comment level, keeping the indentation.
std::string unesc(std::string_view line, std::string_view comment)
{
    const std::string_view unindented = lstrip(line);
    const std::string_view indent = line.substr(0, line.size() - unindented.size());
    std::string out(indent);
    if (!comment.empty() && unindented.starts_with(std::string(comment) + " "))
        return out.append(unindented.substr(comment.size() + 1));
    if (!comment.empty() && unindented.starts_with(comment))
        return out.append(unindented.substr(comment.size()));
    return std::string(line);
}

/// _ESCAPED_CODE_START for scripts: ^(C |C)*(C|C )\+ (the light format's "# +" marker,
/// which jupytext's percent reader also unescapes).
bool isEscapedCodeStart(std::string_view line, std::string_view comment)
{
    size_t p = 0;
    while (line.substr(p).starts_with(comment)) {
        const std::string_view after = line.substr(p + comment.size());
        if (after.starts_with("+") || after.starts_with(" +"))
            return true;
        p += comment.size();
        if (p < line.size() && line[p] == ' ')
            ++p;
    }
    return false;
}

// ---------------------------------------------------------------------------------------
// Cell markers: jupytext's DoublePercentScriptCellReader start_code_re and
// alternative_start_code_re, in their current form (one optional space after the comment).

/// ^\s*C ?%%(%*)\s(.*)$
bool isStartCode(std::string_view line, std::string_view comment)
{
    size_t p = skipSpaces(line, 0);
    if (comment.empty() || !line.substr(p).starts_with(comment))
        return false;
    p += comment.size();
    if (p < line.size() && line[p] == ' ')
        ++p;
    if (!line.substr(p).starts_with("%%"))
        return false;
    p += 2;
    while (p < line.size() && line[p] == '%')
        ++p;
    return p < line.size() && isSpace(line[p]);
}

bool isCellMarker(std::string_view line, std::string_view comment)
{
    if (isStartCode(line, comment))
        return true;
    size_t p = skipSpaces(line, 0);
    if (comment.empty() || !line.substr(p).starts_with(comment))
        return false;
    p += comment.size();
    if (p < line.size() && line[p] == ' ')
        ++p;
    const std::string_view rest = line.substr(p);
    if (rest.starts_with("%%"))
        return isBlank(rest.substr(2));
    if (rest.starts_with("<codecell>"))
        return isBlank(rest.substr(10));
    if (rest.starts_with("In[")) {
        size_t q = 3;
        while (q < rest.size() && (isDigit(rest[q]) || rest[q] == ' '))
            ++q;
        if (q >= rest.size() || rest[q] != ']')
            return false;
        ++q;
        if (q < rest.size() && rest[q] == ':')
            ++q;
        return isBlank(rest.substr(q));
    }
    return false;
}

bool isCodeFence(std::string_view line);

/// Our escape for code lines that would read as a cell marker: like jupytext's
/// escape_code_start for "# +", one "C " more in front of a marker or escaped marker.
/// With @p fences, fence lines count too (for raw cells, where fences hide markers).
bool isEscapedMarker(std::string_view line, std::string_view comment, bool fences = false)
{
    size_t p = 0;
    while (true) {
        if (isCellMarker(line.substr(p), comment)
            || (fences && p > 0 && isCodeFence(line.substr(p))))
            return true;
        if (comment.empty() || !line.substr(p).starts_with(comment))
            return false;
        p += comment.size();
        if (p < line.size() && line[p] == ' ')
            ++p;
    }
}

/// _CODE_FENCE: a Markdown fence, inside which jupytext looks for no cell marker.
bool isCodeFence(std::string_view line)
{
    const std::string_view rest = lstrip(line);
    return rest.starts_with("```") || rest.starts_with("~~~");
}

std::string uncommentLine(std::string_view line, std::string_view prefix, std::string_view suffix);

/// Our escape for Markdown/raw lines that would read as a cell marker, or as a fence left
/// open (which hides the markers after it): the comment doubled with no space ("## %% x" for
/// the line "%% x"). jupytext never writes such lines, and reads them with one "#" more.
bool isEscapedTextLine(std::string_view line, std::string_view comment, std::string_view suffix)
{
    if (comment.empty() || !line.starts_with(std::string(comment) + std::string(comment)))
        return false;
    const std::string_view rest = line.substr(comment.size());
    return isCellMarker(rest, comment) || isCodeFence(uncommentLine(rest, comment, suffix));
}

// ---------------------------------------------------------------------------------------
// Comments (jupytext's comment_lines and uncomment).

std::string commentLine(std::string_view line, std::string_view prefix, std::string_view suffix)
{
    if (prefix.empty())
        return std::string(line);
    if (suffix.empty())
        return line.empty() ? std::string(prefix) : std::string(prefix) + " " + std::string(line);
    if (line.empty())
        return std::string(prefix) + " " + std::string(suffix);
    return std::string(prefix) + " " + std::string(line) + " " + std::string(suffix);
}

std::string uncommentLine(std::string_view line, std::string_view prefix, std::string_view suffix)
{
    if (!prefix.empty()) {
        if (line.starts_with(std::string(prefix) + " "))
            line.remove_prefix(prefix.size() + 1);
        else if (line.starts_with(prefix))
            line.remove_prefix(prefix.size());
    }
    if (!suffix.empty()) {
        if (line.ends_with(" " + std::string(suffix)))
            line.remove_suffix(suffix.size() + 1);
        else if (line.ends_with(suffix))
            line.remove_suffix(suffix.size());
    }
    return std::string(line);
}

// ---------------------------------------------------------------------------------------
// Blank lines between cells (jupytext's pep8.py). Views are over the following lines.

template <typename View>
bool nextInstructionIsFunctionOrClass(const View &lines)
{
    StringParser parser("python");
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (parser.isQuoted()) {
            parser.readLine(line);
            continue;
        }
        parser.readLine(line);
        if (strip(line).empty()) {
            if (i > 0 && strip(lines[i - 1]).empty())
                return false;
            continue;
        }
        if (line.starts_with("def ") || line.starts_with("class "))
            return true;
        if (line.starts_with("#") || line.starts_with("@") || line.starts_with(" ")
            || line.starts_with(")"))
            continue;
        return false;
    }
    return false;
}

bool cellEndsWithFunctionOrClass(LineSpan lines)
{
    std::vector<std::string_view> nonQuoted;
    StringParser parser("python");
    for (const std::string &line : lines) {
        if (!parser.isQuoted())
            nonQuoted.emplace_back(line);
        parser.readLine(line);
    }
    std::reverse(nonQuoted.begin(), nonQuoted.end());
    for (size_t i = 0; i < nonQuoted.size(); ++i) {
        const std::string_view line = nonQuoted[i];
        if (strip(line).empty()) {
            if (i > 0 && strip(nonQuoted[i - 1]).empty())
                return false;
            continue;
        }
        if (line.starts_with("#") || line.starts_with(" ") || line.starts_with(")"))
            continue;
        return line.starts_with("def ") || line.starts_with("class ");
    }
    return false;
}

bool cellEndsWithCode(LineSpan lines)
{
    return !lines.empty() && !strip(lines.back()).empty() && !lines.back().starts_with("#");
}

template <typename View>
bool cellHasCode(const View &lines)
{
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string_view stripped = strip(lines[i]);
        if (stripped.starts_with("#"))
            continue;
        if (stripped.empty()) {
            if (i > 0 && strip(lines[i - 1]).empty())
                return false;
            continue;
        }
        return true;
    }
    return false;
}

/// pep8_lines_between_cells.
template <typename View>
int pep8LinesBetweenCells(LineSpan prev, const View &next, std::string_view ext)
{
    if (next.size() == 0)
        return 1;
    if (prev.empty())
        return 0;
    if (ext != ".py")
        return 1;
    if (cellEndsWithFunctionOrClass(prev))
        return cellHasCode(next) ? 2 : 1;
    if (cellEndsWithCode(prev) && nextInstructionIsFunctionOrClass(next))
        return 2;
    return 1;
}

/// The lines that follow a cell, as the writer sees them while it assembles the file from
/// the end (stored reversed, so each cell is prepended in O(its length)).
struct ReversedView
{
    const Lines *reversed;
    size_t size() const { return reversed->size(); }
    std::string_view operator[](size_t i) const { return (*reversed)[reversed->size() - 1 - i]; }
};

struct SpanView
{
    LineSpan lines;
    size_t size() const { return lines.size(); }
    std::string_view operator[](size_t i) const { return lines[i]; }
};

/// How many blank lines follow a cell whose lines (without its marker) are @p content.
/// The reader drops one blank line before the next marker, or two when exactly two are
/// there: pep8's count (or the cell's lines_to_next_cell) is kept when that reads back
/// exactly, and otherwise the count that does. A cell that ends with exactly one blank
/// line cannot be read back at all; the writer removes that line first.
template <typename View>
int blankLinesAfter(LineSpan content, const View &next, bool isLast, std::optional<int> requested,
                    std::string_view ext)
{
    static const Lines kEmptyLine{std::string()};
    int lines = requested ? *requested
                          : pep8LinesBetweenCells(content.empty() ? LineSpan(kEmptyLine) : content,
                                                  next, ext);
    size_t trailing = 0;
    while (trailing < content.size() && isBlank(content[content.size() - 1 - trailing]))
        ++trailing;
    // Blank lines before the next marker (the last cell's final newline is not one).
    int between = isLast ? lines - 1 : lines;
    if (trailing >= 2)
        between = 1;
    else
        between = std::clamp(between, 0, 2);
    return isLast ? between + 1 : between;
}

// ---------------------------------------------------------------------------------------
// Cell metadata on the "# %%" line (jupytext's cell_metadata.py).

using OrderedMetadata = std::vector<std::pair<std::string, json>>;

bool isIdentifier(std::string_view s)
{
    // ^[a-zA-Z_\.]+[a-zA-Z0-9_\.]*$
    if (s.empty() || !(isAlpha(s[0]) || s[0] == '_' || s[0] == '.'))
        return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return isAlpha(c) || isDigit(c) || c == '_' || c == '.'; });
}

bool isValidMetadataKey(std::string_view s)
{
    // ^[a-zA-Z0-9_\.-]+$
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return isAlpha(c) || isDigit(c) || c == '_' || c == '.' || c == '-';
    });
}

json incorrectlyEncoded(std::string_view text)
{
    return json{{"incorrectly_encoded_metadata", std::string(text)}};
}

/// parse_key_equal_value: "key1=value1 key2=value2", parsed from the right.
json parseKeyEqualValue(std::string_view text)
{
    text = strip(text);
    if (text.empty())
        return json::object();
    const size_t lastSpace = text.rfind(' ');
    const size_t wordStart = lastSpace == std::string_view::npos ? 0 : lastSpace + 1;
    if (!text.starts_with("--") && isIdentifier(text.substr(wordStart))) {
        json result = json::object();
        if (lastSpace != std::string_view::npos && lastSpace > 0)
            result = parseKeyEqualValue(text.substr(0, lastSpace));
        result[std::string(text.substr(wordStart))] = nullptr;
        return result;
    }
    size_t end = text.size();
    while (true) {
        const size_t equal = end == 0 ? std::string_view::npos : text.rfind('=', end - 1);
        if (equal == std::string_view::npos)
            return incorrectlyEncoded(text);
        end = equal;
        const std::string_view left = rstrip(text.substr(0, equal));
        const size_t prevSpace = left.rfind(' ');
        const size_t keyStart = prevSpace == std::string_view::npos ? 0 : prevSpace + 1;
        const std::string_view key = strip(text.substr(keyStart, equal - keyStart));
        if (!isValidMetadataKey(key))
            continue;
        std::optional<json> value = relaxJsonLoads(text.substr(equal + 1));
        if (!value)
            continue;
        json metadata = prevSpace != std::string_view::npos && prevSpace > 0
                            ? parseKeyEqualValue(text.substr(0, prevSpace))
                            : json::object();
        if (!metadata.is_object())
            metadata = json::object();
        metadata[std::string(key)] = std::move(*value);
        return metadata;
    }
}

bool isJsonMetadata(std::string_view text)
{
    const size_t curly = text.find('{');
    if (curly == std::string_view::npos)
        return false;
    const size_t equal = text.find('=');
    return equal == std::string_view::npos || curly < equal;
}

/// text_to_metadata(text, allow_title=True): the title and the metadata.
std::pair<std::string, json> textToMetadata(std::string_view text)
{
    text = strip(text);
    const size_t curly = text.find('{');
    const size_t equal = text.find('=');
    if (curly == std::string_view::npos || (equal != std::string_view::npos && equal < curly)) {
        Lines words = split(equal != std::string_view::npos ? text.substr(0, equal) : text, ' ');
        if (equal != std::string_view::npos) {
            while (!words.empty() && words.back().empty())
                words.pop_back();
            if (!words.empty())
                words.pop_back();
        }
        while (!words.empty() && (strip(words.back()).empty() || words.back().starts_with(".")))
            words.pop_back();
        std::string title = join(words, " ");
        return {title, parseKeyEqualValue(text.substr(title.size()))};
    }
    std::optional<json> value = relaxJsonLoads(text.substr(curly));
    json metadata
        = value && value->is_object() ? std::move(*value) : incorrectlyEncoded(text.substr(curly));
    return {std::string(strip(text.substr(0, curly))), std::move(metadata)};
}

/// The percent reader's options_to_metadata: title, [cell type], Spyder's sub-cell depth.
json optionsToMetadata(std::string_view options, bool *usedJson)
{
    if (usedJson && isJsonMetadata(options))
        *usedJson = true;
    auto [title, metadata] = textToMetadata(options);
    for (std::string_view cellType : {"markdown", "raw", "md"}) {
        const std::string code = "[" + std::string(cellType) + "]";
        if (title.find(code) == std::string::npos)
            continue;
        std::string replaced;
        for (size_t pos = 0;;) {
            const size_t hit = title.find(code, pos);
            replaced += title.substr(pos, hit == std::string::npos ? std::string::npos : hit - pos);
            if (hit == std::string::npos)
                break;
            pos = hit + code.size();
        }
        title = std::string(strip(replaced));
        metadata["cell_type"] = cellType;
        if (cellType == "md") {
            metadata["region_name"] = "md";
            metadata["cell_type"] = "markdown";
        }
        break;
    }
    int depth = 0;
    while (title.starts_with('%')) {
        ++depth;
        title.erase(0, 1);
    }
    if (depth) {
        metadata["cell_depth"] = depth;
        title = std::string(strip(title));
    }
    if (!title.empty())
        metadata["title"] = title;
    return metadata;
}

/// metadata_to_text: "title key=value ..." (or one JSON object with cell_metadata_json).
std::string metadataToText(std::string_view title, const OrderedMetadata &metadata, bool plainJson)
{
    Lines text;
    if (!title.empty())
        text.emplace_back(title);
    if (plainJson) {
        if (!metadata.empty()) {
            // json.dumps of an insertion-ordered dict
            std::string out = "{";
            for (size_t i = 0; i < metadata.size(); ++i) {
                if (i)
                    out += ", ";
                dumpPyString(out, metadata[i].first);
                out += ": ";
                dumpPy(out, metadata[i].second);
            }
            text.push_back(out + "}");
        }
    } else {
        for (const auto &[key, value] : metadata) {
            if (key == "incorrectly_encoded_metadata" && value.is_string())
                text.push_back(value.get<std::string>());
            else if (value.is_null())
                text.push_back(key);
            else
                text.push_back(key + "=" + dumpsPy(value));
        }
    }
    return join(text, " ");
}

// ---------------------------------------------------------------------------------------
// Metadata filters (jupytext's metadata_filter.py).

constexpr std::string_view kDefaultNotebookMetadata =
    "jupytext,kernelspec,org_babel,kernel_info,orphan,tocdepth";
constexpr std::string_view kJupytextCellMetadata[] = {
    "skipline", "noskipline", "cell_marker", "lines_to_next_cell", "lines_to_end_of_cell_marker"};
constexpr std::string_view kIgnoreCellMetadata =
    "-autoscroll,-collapsed,-scrolled,-trusted,-execution,-ExecuteTime,-skipline,-noskipline,"
    "-cell_marker,-lines_to_next_cell,-lines_to_end_of_cell_marker";

struct FilterSection
{
    bool all = false;
    std::vector<std::string> keys;
    bool contains(std::string_view key) const
    {
        return std::find(keys.begin(), keys.end(), key) != keys.end();
    }
};

struct MetadataFilter
{
    FilterSection additional;
    FilterSection excluded;
};

/// metadata_filter_as_dict.
MetadataFilter parseFilter(const json &config)
{
    MetadataFilter filter;
    if (config.is_boolean()) {
        (config.get<bool>() ? filter.additional : filter.excluded).all = true;
        return filter;
    }
    auto fill = [](FilterSection &section, const json &value) {
        if (value.is_string() && value.get<std::string>() == "all")
            section.all = true;
        else if (value.is_array())
            for (const json &key : value)
                if (key.is_string())
                    section.keys.push_back(key.get<std::string>());
    };
    if (config.is_object()) {
        if (const json *a = member(config, "additional"))
            fill(filter.additional, *a);
        if (const json *e = member(config, "excluded"))
            fill(filter.excluded, *e);
        return filter;
    }
    if (!config.is_string())
        return filter;
    for (const std::string &raw : split(config.get<std::string>(), ',')) {
        std::string key(strip(raw));
        FilterSection *section = &filter.additional;
        if (key.starts_with('-') || key.starts_with('+')) {
            section = key[0] == '-' ? &filter.excluded : &filter.additional;
            key = std::string(strip(std::string_view(key).substr(1)));
        }
        section->keys.push_back(key);
    }
    for (FilterSection *section : {&filter.additional, &filter.excluded}) {
        if (section->contains("all")) {
            section->all = true;
            section->keys.clear();
        }
        std::erase(section->keys, std::string());
    }
    return filter;
}

std::map<std::string, std::vector<std::string>> secondLevel(const std::vector<std::string> &keys)
{
    std::map<std::string, std::vector<std::string>> out;
    for (const std::string &key : keys)
        if (size_t dot = key.find('.'); dot != std::string::npos)
            out[key.substr(0, dot)].push_back(key.substr(dot + 1));
    return out;
}

json subsetMetadata(const json &metadata, const std::vector<std::string> *keepOnly,
                    const std::vector<std::string> *exclude, std::set<std::string> *unsupported)
{
    json filtered = json::object();
    if (!metadata.is_object())
        return filtered;
    for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        if (!isValidMetadataKey(it.key())) {
            if (unsupported)
                unsupported->insert(it.key());
            continue;
        }
        if (!keepOnly || std::find(keepOnly->begin(), keepOnly->end(), it.key()) != keepOnly->end())
            filtered[it.key()] = *it;
    }
    if (keepOnly) {
        for (const auto &[key, sub] : secondLevel(*keepOnly))
            if (const json *value = member(metadata, key.c_str()); value && value->is_object()
                                                                   && isValidMetadataKey(key))
                filtered[key] = subsetMetadata(*value, &sub, nullptr, unsupported);
    }
    if (exclude) {
        for (const std::string &key : *exclude)
            filtered.erase(key);
        for (const auto &[key, sub] : secondLevel(*exclude))
            if (filtered.contains(key) && filtered[key].is_object())
                filtered[key] = subsetMetadata(filtered[key], nullptr, &sub, unsupported);
    }
    return filtered;
}

/// filter_metadata(metadata, user_filter, default_filter).
json filterMetadata(const json &metadata, const json &userConfig, std::string_view defaultConfig,
                    std::set<std::string> *unsupported)
{
    const MetadataFilter defaults = parseFilter(json(std::string(defaultConfig)));
    const MetadataFilter user = parseFilter(userConfig);
    bool defaultExcludeAll = defaults.excluded.all;
    if (!defaults.additional.all && !defaults.additional.keys.empty() && !defaults.excluded.all
        && defaults.excluded.keys.empty())
        defaultExcludeAll = true;

    if (defaultExcludeAll) {
        if (user.additional.all)
            return subsetMetadata(metadata, nullptr, &user.excluded.keys, unsupported);
        if (user.excluded.all)
            return subsetMetadata(metadata, &user.additional.keys, nullptr, unsupported);
        std::vector<std::string> keep = user.additional.keys;
        for (const std::string &key : defaults.additional.keys)
            if (std::find(keep.begin(), keep.end(), key) == keep.end())
                keep.push_back(key);
        return subsetMetadata(metadata, &keep, &user.excluded.keys, unsupported);
    }
    if (user.additional.all)
        return subsetMetadata(metadata, nullptr, &user.excluded.keys, unsupported);
    if (user.excluded.all)
        return subsetMetadata(metadata, &user.additional.keys, nullptr, unsupported);
    json source = metadata;
    // Do not serialize empty tags
    if (source.is_object() && source.contains("tags")) {
        const json &tags = source["tags"];
        if (tags.is_null() || (tags.is_array() && tags.empty())
            || (tags.is_string() && tags.get<std::string>().empty())
            || (tags.is_boolean() && !tags.get<bool>()) || (tags.is_object() && tags.empty()))
            source.erase("tags");
    }
    std::vector<std::string> exclude = user.excluded.keys;
    for (const std::string &key : defaults.excluded.keys)
        if (!user.additional.contains(key))
            exclude.push_back(key);
    return subsetMetadata(source, nullptr, &exclude, unsupported);
}

// ---------------------------------------------------------------------------------------
// YAML, as PyYAML's safe_dump(default_flow_style=False) writes it (jupytext's header), and
// a reader for the block YAML found in such headers.

bool isYamlBreak(char32_t c) { return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029; }
bool isYamlSpaceOrBreak(char32_t c)
{
    return c == 0 || c == ' ' || c == '\t' || c == '\r' || isYamlBreak(c);
}

bool matchesYamlBool(std::string_view s)
{
    static constexpr std::string_view words[] = {"yes", "Yes", "YES", "no",   "No",   "NO",
                                                 "true", "True", "TRUE", "false", "False", "FALSE",
                                                 "on",  "On",  "ON",  "off",  "Off",  "OFF"};
    return std::find(std::begin(words), std::end(words), s) != std::end(words);
}

bool matchesYamlNull(std::string_view s)
{
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

size_t skipSign(std::string_view s) { return !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0; }

bool allOf(std::string_view s, std::string_view chars)
{
    return std::all_of(s.begin(), s.end(),
                       [&](char c) { return chars.find(c) != std::string_view::npos; });
}

/// "(?::[0-5]?[0-9])+" from @p pos to the end (or to @p end).
bool sexagesimalTail(std::string_view s)
{
    if (s.empty())
        return false;
    size_t p = 0;
    while (p < s.size()) {
        if (s[p] != ':')
            return false;
        ++p;
        size_t digits = 0;
        while (p + digits < s.size() && isDigit(s[p + digits]))
            ++digits;
        if (digits == 0 || digits > 2 || (digits == 2 && s[p] > '5'))
            return false;
        p += digits;
    }
    return true;
}

constexpr std::string_view kDecimalUnderscore = "0123456789_";

bool matchesYamlInt(std::string_view s)
{
    s = s.substr(skipSign(s));
    if (s.empty())
        return false;
    if (s.starts_with("0b"))
        return s.size() > 2 && allOf(s.substr(2), "01_");
    if (s.starts_with("0x"))
        return s.size() > 2 && allOf(s.substr(2), "0123456789abcdefABCDEF_");
    if (s == "0")
        return true;
    if (s[0] == '0')
        return allOf(s.substr(1), "01234567_");
    if (s[0] < '1' || s[0] > '9')
        return false;
    size_t p = 1;
    while (p < s.size() && kDecimalUnderscore.find(s[p]) != std::string_view::npos)
        ++p;
    return p == s.size() || sexagesimalTail(s.substr(p));
}

bool exponentTail(std::string_view s)
{
    // (?:[eE][-+][0-9]+)?
    if (s.empty())
        return true;
    return s.size() >= 3 && (s[0] == 'e' || s[0] == 'E') && (s[1] == '-' || s[1] == '+')
           && allOf(s.substr(2), "0123456789");
}

bool matchesYamlFloat(std::string_view s)
{
    if (s == ".nan" || s == ".NaN" || s == ".NAN")
        return true;
    if (s.starts_with('.')) {
        // \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        if (s.size() >= 2 && isDigit(s[1])) {
            size_t p = 2;
            while (p < s.size() && kDecimalUnderscore.find(s[p]) != std::string_view::npos)
                ++p;
            if (exponentTail(s.substr(p)))
                return true;
        }
    }
    const std::string_view u = s.substr(skipSign(s));
    if (u == ".inf" || u == ".Inf" || u == ".INF")
        return true;
    if (u.empty() || !isDigit(u[0]))
        return false;
    size_t p = 1;
    while (p < u.size() && kDecimalUnderscore.find(u[p]) != std::string_view::npos)
        ++p;
    if (p < u.size() && u[p] == '.') {
        size_t q = p + 1;
        while (q < u.size() && kDecimalUnderscore.find(u[q]) != std::string_view::npos)
            ++q;
        if (exponentTail(u.substr(q)))
            return true;
    }
    // [0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    const size_t dot = u.rfind('.');
    return dot != std::string_view::npos && dot > p && sexagesimalTail(u.substr(p, dot - p))
           && allOf(u.substr(dot + 1), kDecimalUnderscore);
}

bool matchesYamlTimestamp(std::string_view s)
{
    auto digits = [&](size_t pos, size_t minCount, size_t maxCount, size_t &end) {
        size_t n = 0;
        while (pos + n < s.size() && n < maxCount && isDigit(s[pos + n]))
            ++n;
        end = pos + n;
        return n >= minCount;
    };
    size_t p;
    if (!digits(0, 4, 4, p) || p >= s.size() || s[p] != '-')
        return false;
    size_t q;
    if (!digits(p + 1, 1, 2, q) || q >= s.size() || s[q] != '-')
        return false;
    size_t r;
    if (!digits(q + 1, 1, 2, r))
        return false;
    if (r == s.size())
        return q - p == 3 && r - q == 3;
    // (?:[Tt]|[ \t]+)hh:mm:ss(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    if (s[r] == 'T' || s[r] == 't') {
        ++r;
    } else if (s[r] == ' ' || s[r] == '\t') {
        while (r < s.size() && (s[r] == ' ' || s[r] == '\t'))
            ++r;
    } else {
        return false;
    }
    size_t t;
    if (!digits(r, 1, 2, t) || t >= s.size() || s[t] != ':' || !digits(t + 1, 2, 2, t)
        || t >= s.size() || s[t] != ':' || !digits(t + 1, 2, 2, t))
        return false;
    if (t < s.size() && s[t] == '.') {
        ++t;
        while (t < s.size() && isDigit(s[t]))
            ++t;
    }
    while (t < s.size() && (s[t] == ' ' || s[t] == '\t'))
        ++t;
    if (t == s.size())
        return true;
    if (s[t] == 'Z')
        return t + 1 == s.size();
    if (s[t] != '-' && s[t] != '+')
        return false;
    size_t u;
    if (!digits(t + 1, 1, 2, u))
        return false;
    if (u == s.size())
        return true;
    return s[u] == ':' && digits(u + 1, 2, 2, u) && u == s.size();
}

/// Would PyYAML's resolver read this plain scalar as something other than a string?
bool resolvesToNonString(std::string_view s)
{
    return matchesYamlNull(s) || matchesYamlBool(s) || matchesYamlInt(s) || matchesYamlFloat(s)
           || matchesYamlTimestamp(s) || s == "<<" || s == "=";
}

/// SafeConstructor's value for a plain scalar.
json resolvePlainScalar(const std::string &s)
{
    if (matchesYamlNull(s))
        return nullptr;
    if (matchesYamlBool(s)) {
        const std::string lower = toLower(s);
        return lower == "yes" || lower == "true" || lower == "on";
    }
    auto sexagesimal = [](std::string_view digits, double &value) {
        value = 0;
        double base = 1;
        Lines parts = split(digits, ':');
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            value += std::strtod(it->c_str(), nullptr) * base;
            base *= 60;
        }
    };
    if (matchesYamlInt(s)) {
        std::string v;
        for (char c : s)
            if (c != '_')
                v.push_back(c);
        bool negative = false;
        if (v[0] == '-' || v[0] == '+') {
            negative = v[0] == '-';
            v.erase(0, 1);
        }
        const int sign = negative ? -1 : 1;
        if (v.find(':') != std::string::npos) {
            double value;
            sexagesimal(v, value);
            return std::int64_t(value) * sign;
        }
        int base = 10;
        if (v.starts_with("0b")) {
            base = 2;
            v.erase(0, 2);
        } else if (v.starts_with("0x")) {
            base = 16;
            v.erase(0, 2);
        } else if (v.size() > 1 && v[0] == '0') {
            base = 8;
        }
        errno = 0;
        const unsigned long long magnitude = std::strtoull(v.c_str(), nullptr, base);
        if (errno == ERANGE)
            return std::strtod(s.c_str(), nullptr);
        if (negative)
            return magnitude <= 9223372036854775808ULL ? json(std::int64_t(0 - magnitude))
                                                      : json(-double(magnitude));
        if (magnitude <= uint64_t(std::numeric_limits<std::int64_t>::max()))
            return std::int64_t(magnitude);
        return std::uint64_t(magnitude);
    }
    if (matchesYamlFloat(s)) {
        std::string v;
        for (char c : toLower(s))
            if (c != '_')
                v.push_back(c);
        double sign = 1;
        if (v[0] == '-' || v[0] == '+') {
            sign = v[0] == '-' ? -1 : 1;
            v.erase(0, 1);
        }
        if (v == ".inf")
            return sign * std::numeric_limits<double>::infinity();
        if (v == ".nan")
            return std::numeric_limits<double>::quiet_NaN();
        if (v.find(':') != std::string::npos) {
            double value;
            sexagesimal(v, value);
            return sign * value;
        }
        return sign * std::strtod(v.c_str(), nullptr);
    }
    return s;
}

/// A scalar as PyYAML's SafeRepresenter writes it (text, and whether it is a string).
std::pair<std::string, bool> yamlScalarText(const json &value)
{
    switch (value.type()) {
    case json::value_t::string:
        return {value.get<std::string>(), true};
    case json::value_t::boolean:
        return {value.get<bool>() ? "true" : "false", false};
    case json::value_t::number_integer:
        return {std::to_string(value.get<std::int64_t>()), false};
    case json::value_t::number_unsigned:
        return {std::to_string(value.get<std::uint64_t>()), false};
    case json::value_t::number_float: {
        const double d = value.get<double>();
        if (std::isnan(d))
            return {".nan", false};
        if (std::isinf(d))
            return {d > 0 ? ".inf" : "-.inf", false};
        std::string text = toLower(pythonjson::formatDouble(d));
        if (text.find('.') == std::string::npos && text.find('e') != std::string::npos)
            text.replace(text.find('e'), 1, ".0e");
        return {text, false};
    }
    default:
        return {"null", false};
    }
}

/// PyYAML's Emitter, for block mappings and sequences of scalars (what safe_dump writes
/// for notebook metadata): indentation, scalar styles, line folding at 80 columns.
class YamlEmitter
{
public:
    std::string dump(const json &root)
    {
        if (root.is_object() && !root.empty())
            mapping(root, 0);
        else
            value(root, 0, false);
        writeLineBreak();
        return m_out;
    }

private:
    struct Analysis
    {
        bool empty = false;
        bool multiline = false;
        bool allowBlockPlain = true;
        bool allowSingle = true;
    };

    static Analysis analyze(const std::u32string &s)
    {
        Analysis a;
        if (s.empty()) {
            a.empty = true;
            return a;
        }
        bool blockIndicators = false;
        bool lineBreaks = false;
        bool special = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false,
             trailingBreak = false;
        bool breakSpace = false, spaceBreak = false;
        auto startsWith
            = [&](std::u32string_view p) { return std::u32string_view(s).starts_with(p); };
        if (startsWith(U"---") || startsWith(U"..."))
            blockIndicators = true;
        bool precededByWhitespace = true;
        bool followedByWhitespace = s.size() == 1 || isYamlSpaceOrBreak(s[1]);
        bool previousSpace = false, previousBreak = false;
        for (size_t i = 0; i < s.size(); ++i) {
            const char32_t ch = s[i];
            if (i == 0) {
                if (std::u32string_view(U"#,[]{}&*!|>'\"%@`").find(ch) != std::u32string_view::npos)
                    blockIndicators = true;
                if ((ch == '?' || ch == ':') && followedByWhitespace)
                    blockIndicators = true;
                if (ch == '-' && followedByWhitespace)
                    blockIndicators = true;
            } else {
                if (ch == ':' && followedByWhitespace)
                    blockIndicators = true;
                if (ch == '#' && precededByWhitespace)
                    blockIndicators = true;
            }
            if (isYamlBreak(ch))
                lineBreaks = true;
            if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E)))
                special = true; // unicode characters are special without allow_unicode
            if (ch == ' ') {
                if (i == 0)
                    leadingSpace = true;
                if (i == s.size() - 1)
                    trailingSpace = true;
                if (previousBreak)
                    breakSpace = true;
                previousSpace = true;
                previousBreak = false;
            } else if (isYamlBreak(ch)) {
                if (i == 0)
                    leadingBreak = true;
                if (i == s.size() - 1)
                    trailingBreak = true;
                if (previousSpace)
                    spaceBreak = true;
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isYamlSpaceOrBreak(ch);
            followedByWhitespace = i + 2 >= s.size() || isYamlSpaceOrBreak(s[i + 2]);
        }
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
            a.allowBlockPlain = false;
        if (breakSpace)
            a.allowBlockPlain = a.allowSingle = false;
        if (spaceBreak || special)
            a.allowBlockPlain = a.allowSingle = false;
        if (lineBreaks)
            a.allowBlockPlain = false;
        if (blockIndicators)
            a.allowBlockPlain = false;
        a.multiline = lineBreaks;
        return a;
    }

    void write(std::u32string_view data)
    {
        for (char32_t c : data)
            appendUtf8(m_out, c);
        m_column += int(data.size());
    }
    void write(std::string_view ascii)
    {
        m_out += ascii;
        m_column += int(ascii.size());
    }

    void writeIndicator(std::string_view indicator, bool needWhitespace, bool whitespace = false,
                        bool indention = false)
    {
        if (!m_whitespace && needWhitespace)
            write(" ");
        write(indicator);
        m_whitespace = whitespace;
        m_indention = m_indention && indention;
    }

    void writeIndent()
    {
        if (!m_indention || m_column > m_indent || (m_column == m_indent && !m_whitespace))
            writeLineBreak();
        if (m_column < m_indent) {
            m_whitespace = true;
            m_out.append(size_t(m_indent - m_column), ' ');
            m_column = m_indent;
        }
    }

    void writeLineBreak()
    {
        m_whitespace = true;
        m_indention = true;
        m_column = 0;
        m_out.push_back('\n');
    }

    void scalar(const json &value, int indent, bool simpleKey)
    {
        const auto [text, isString] = yamlScalarText(value);
        const std::u32string s = decodeUtf8(text);
        char style = 0; // plain
        if (isString) {
            const Analysis a = analyze(s);
            const bool implicit = !resolvesToNonString(text);
            if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain)
                style = 0;
            else if (a.allowSingle && !(simpleKey && a.multiline))
                style = '\'';
            else
                style = '"';
        }
        const int saved = m_indent;
        m_indent = indent;
        const bool split = !simpleKey;
        if (style == 0)
            writePlain(s, split);
        else if (style == '\'')
            writeSingleQuoted(s, split);
        else
            writeDoubleQuoted(s, split);
        m_indent = saved;
    }

    void writePlain(const std::u32string &text, bool split)
    {
        if (text.empty())
            return;
        if (!m_whitespace)
            write(" ");
        m_whitespace = false;
        m_indention = false;
        bool spaces = false;
        size_t start = 0;
        for (size_t end = 0; end <= text.size(); ++end) {
            const char32_t ch = end < text.size() ? text[end] : 0;
            const bool atEnd = end == text.size();
            if (spaces) {
                if (atEnd || ch != ' ') {
                    if (start + 1 == end && m_column > kBestWidth && split) {
                        writeIndent();
                        m_whitespace = false;
                        m_indention = false;
                    } else {
                        write(std::u32string_view(text).substr(start, end - start));
                    }
                    start = end;
                }
            } else if (atEnd || ch == ' ' || isYamlBreak(ch)) {
                write(std::u32string_view(text).substr(start, end - start));
                start = end;
            }
            if (!atEnd)
                spaces = ch == ' ';
        }
    }

    void writeSingleQuoted(const std::u32string &text, bool split)
    {
        writeIndicator("'", true);
        bool spaces = false;
        bool breaks = false;
        size_t start = 0;
        for (size_t end = 0; end <= text.size(); ++end) {
            const bool atEnd = end == text.size();
            const char32_t ch = atEnd ? 0 : text[end];
            if (spaces) {
                if (atEnd || ch != ' ') {
                    if (start + 1 == end && m_column > kBestWidth && split && start != 0
                        && end != text.size())
                        writeIndent();
                    else
                        write(std::u32string_view(text).substr(start, end - start));
                    start = end;
                }
            } else if (breaks) {
                if (atEnd || !isYamlBreak(ch)) {
                    if (text[start] == '\n')
                        writeLineBreak();
                    for (size_t k = start; k < end; ++k) {
                        if (text[k] == '\n') {
                            writeLineBreak();
                        } else {
                            m_whitespace = true;
                            m_indention = true;
                            m_column = 0;
                            appendUtf8(m_out, text[k]);
                        }
                    }
                    writeIndent();
                    start = end;
                }
            } else if (atEnd || ch == ' ' || isYamlBreak(ch) || ch == '\'') {
                if (start < end) {
                    write(std::u32string_view(text).substr(start, end - start));
                    start = end;
                }
            }
            if (ch == '\'' && !atEnd) {
                write("''");
                start = end + 1;
            }
            if (!atEnd) {
                spaces = ch == ' ';
                breaks = isYamlBreak(ch);
            }
        }
        writeIndicator("'", false);
    }

    static std::string escapeFor(char32_t ch)
    {
        switch (ch) {
        case 0:
            return "\\0";
        case 0x07:
            return "\\a";
        case 0x08:
            return "\\b";
        case 0x09:
            return "\\t";
        case 0x0A:
            return "\\n";
        case 0x0B:
            return "\\v";
        case 0x0C:
            return "\\f";
        case 0x0D:
            return "\\r";
        case 0x1B:
            return "\\e";
        case '"':
            return "\\\"";
        case '\\':
            return "\\\\";
        case 0x85:
            return "\\N";
        case 0xA0:
            return "\\_";
        case 0x2028:
            return "\\L";
        case 0x2029:
            return "\\P";
        default:
            break;
        }
        if (ch <= 0xFF)
            return "\\x" + hex(unsigned(ch), 2, true);
        if (ch <= 0xFFFF)
            return "\\u" + hex(unsigned(ch), 4, true);
        return "\\U" + hex(unsigned(ch), 8, true);
    }

    void writeDoubleQuoted(const std::u32string &text, bool split)
    {
        writeIndicator("\"", true);
        size_t start = 0;
        for (size_t end = 0; end <= text.size(); ++end) {
            const bool atEnd = end == text.size();
            const char32_t ch = atEnd ? 0 : text[end];
            if (atEnd || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029
                || ch == 0xFEFF || !(ch >= 0x20 && ch <= 0x7E)) {
                if (start < end) {
                    write(std::u32string_view(text).substr(start, end - start));
                    start = end;
                }
                if (!atEnd) {
                    write(escapeFor(ch));
                    start = end + 1;
                }
            }
            if (0 < end && end + 1 < text.size() && (ch == ' ' || start >= end)
                && m_column + int(end - start) > kBestWidth && split) {
                write(std::u32string_view(text).substr(start, start < end ? end - start : 0));
                write("\\");
                if (start < end)
                    start = end;
                writeIndent();
                m_whitespace = false;
                m_indention = false;
                if (text[start] == ' ')
                    write("\\");
            }
        }
        writeIndicator("\"", false);
    }

    void mapping(const json &object, int indent)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            m_indent = indent;
            writeIndent();
            // check_simple_key: empty, multi-line and long keys are written "? key".
            const std::u32string key = decodeUtf8(it.key());
            const bool simple = !key.empty() && key.size() < 128
                                && std::none_of(key.begin(), key.end(), isYamlBreak);
            if (simple) {
                scalar(json(it.key()), indent + 2, true);
                writeIndicator(":", false);
                value(*it, indent, true);
            } else {
                writeIndicator("?", true, false, true);
                scalar(json(it.key()), indent + 2, false);
                m_indent = indent;
                writeIndent();
                writeIndicator(":", true, false, true);
                value(*it, indent, false);
            }
        }
    }

    /// A node whose parent block sits at @p indent.
    void value(const json &node, int indent, bool mappingValue)
    {
        if (node.is_object() && !node.empty()) {
            mapping(node, indent + 2);
        } else if (node.is_array() && !node.empty()) {
            const int seqIndent = mappingValue && !m_indention ? indent : indent + 2;
            for (const json &item : node) {
                m_indent = seqIndent;
                writeIndent();
                writeIndicator("-", true, false, true);
                value(item, seqIndent, false);
            }
        } else if (node.is_object()) {
            writeIndicator("{", true, true);
            writeIndicator("}", false);
        } else if (node.is_array()) {
            writeIndicator("[", true, true);
            writeIndicator("]", false);
        } else {
            scalar(node, indent + 2, false);
        }
    }

    static constexpr int kBestWidth = 80;
    std::string m_out;
    int m_column = 0;
    int m_indent = 0;
    bool m_whitespace = true;
    bool m_indention = true;
};

struct YamlError
{
    QString message;
    int line = 0; // index into the parser's lines
};

/// A reader for block YAML: mappings, sequences (indented or not), plain, single- and
/// double-quoted scalars over several lines, flow collections, block scalars and comments.
/// Anchors, aliases, tags and complex keys are refused.
class YamlParser
{
public:
    explicit YamlParser(Lines lines) : m_lines(std::move(lines)) {}

    std::optional<json> parse()
    {
        json root;
        if (!node(0, root))
            return std::nullopt;
        skipEmpty();
        if (m_pos < m_lines.size())
            return fail(QStringLiteral("unexpected content"), m_pos), std::nullopt;
        return root;
    }

    const YamlError &error() const { return m_error; }

private:
    bool fail(const QString &message, size_t line)
    {
        if (m_error.message.isEmpty()) {
            m_error.message = message;
            m_error.line = int(line);
        }
        return false;
    }

    static int indentOf(std::string_view line)
    {
        int n = 0;
        while (size_t(n) < line.size() && line[size_t(n)] == ' ')
            ++n;
        return n;
    }

    static bool isEmptyOrComment(std::string_view line)
    {
        const std::string_view rest = lstrip(line);
        return rest.empty() || rest.starts_with('#');
    }

    void skipEmpty()
    {
        while (m_pos < m_lines.size() && isEmptyOrComment(m_lines[m_pos]))
            ++m_pos;
    }

    static bool isSequenceEntry(std::string_view content)
    {
        return content == "-" || content.starts_with("- ") || content.starts_with("-\t");
    }

    /// The position of the ':' that ends an implicit key on this line, or npos.
    static size_t keyColon(std::string_view content)
    {
        if (content.empty() || content[0] == '[' || content[0] == '{' || content[0] == '#')
            return std::string_view::npos;
        size_t p = 0;
        if (content[0] == '"' || content[0] == '\'') {
            const char quote = content[0];
            p = 1;
            while (p < content.size()) {
                if (quote == '\'' && content[p] == '\'') {
                    if (p + 1 < content.size() && content[p + 1] == '\'') {
                        p += 2;
                        continue;
                    }
                    break;
                }
                if (quote == '"' && content[p] == '\\') {
                    p += 2;
                    continue;
                }
                if (quote == '"' && content[p] == '"')
                    break;
                ++p;
            }
            if (p >= content.size())
                return std::string_view::npos;
            p = skipSpaces(content, p + 1);
            return p < content.size() && content[p] == ':'
                           && (p + 1 == content.size() || isSpace(content[p + 1]))
                       ? p
                       : std::string_view::npos;
        }
        for (p = 0; p < content.size(); ++p) {
            if (content[p] == '#' && p > 0 && isSpace(content[p - 1]))
                return std::string_view::npos;
            if (content[p] == ':' && (p + 1 == content.size() || isSpace(content[p + 1])))
                return p;
        }
        return std::string_view::npos;
    }

    /// The block node that starts at the next non-empty line, when indented at least
    /// @p minIndent; null otherwise.
    bool node(int minIndent, json &out)
    {
        skipEmpty();
        out = nullptr;
        if (m_pos >= m_lines.size())
            return true;
        const std::string &line = m_lines[m_pos];
        const int indent = indentOf(line);
        if (indent < minIndent)
            return true;
        const std::string_view content = std::string_view(line).substr(size_t(indent));
        if (content.starts_with('\t'))
            return fail(QStringLiteral("tabs are not allowed for indentation"), m_pos);
        if (isSequenceEntry(content))
            return sequence(indent, out);
        if (keyColon(content) != std::string_view::npos || content == "?"
            || content.starts_with("? "))
            return mapping(indent, out);
        const size_t start = m_pos;
        return inlineValue(start, size_t(indent), minIndent - 1, out);
    }

    bool mapping(int indent, json &out)
    {
        out = json::object();
        while (true) {
            skipEmpty();
            if (m_pos >= m_lines.size())
                return true;
            const std::string line = m_lines[m_pos];
            const int lineIndent = indentOf(line);
            if (lineIndent < indent)
                return true;
            if (lineIndent > indent)
                return fail(QStringLiteral("bad indentation of a mapping entry"), m_pos);
            const std::string_view content = std::string_view(line).substr(size_t(indent));
            if (isSequenceEntry(content))
                return true; // belongs to an enclosing indentless sequence
            if (content == "?" || content.starts_with("? ")) {
                // A complex key ("? key" then ": value"), as PyYAML writes long keys.
                json key, value;
                if (!indicatorNode(indent, key))
                    return false;
                skipEmpty();
                if (m_pos < m_lines.size() && indentOf(m_lines[m_pos]) == indent) {
                    const std::string_view next
                        = std::string_view(m_lines[m_pos]).substr(size_t(indent));
                    if (next == ":" || next.starts_with(": ")) {
                        if (!indicatorNode(indent, value))
                            return false;
                    }
                }
                out[key.is_string() ? key.get<std::string>() : key.dump()] = std::move(value);
                continue;
            }
            const size_t colon = keyColon(content);
            if (colon == std::string_view::npos)
                return fail(QStringLiteral("expected a mapping key"), m_pos);
            std::string key;
            const std::string_view keyText = rstrip(content.substr(0, colon));
            if (keyText.starts_with('"') || keyText.starts_with('\'')) {
                Lines one{std::string(keyText)};
                YamlParser sub(one);
                json keyValue;
                if (!sub.quoted(0, 0, -1, keyValue) || !keyValue.is_string())
                    return fail(QStringLiteral("bad quoted key"), m_pos);
                key = keyValue.get<std::string>();
            } else if (keyText.starts_with('?') || keyText.starts_with('&')
                       || keyText.starts_with('*') || keyText.starts_with('!')) {
                return fail(QStringLiteral("complex keys, anchors and tags are not supported"),
                            m_pos);
            } else {
                key = std::string(keyText);
            }
            const size_t restStart = skipSpaces(content, colon + 1);
            const std::string_view rest = content.substr(restStart);
            json value;
            if (rest.empty() || rest.starts_with('#')) {
                ++m_pos;
                skipEmpty();
                if (m_pos < m_lines.size()) {
                    const int next = indentOf(m_lines[m_pos]);
                    const std::string_view nextContent
                        = std::string_view(m_lines[m_pos]).substr(size_t(next));
                    if (next > indent) {
                        if (!node(indent + 1, value))
                            return false;
                    } else if (next == indent && isSequenceEntry(nextContent)) {
                        if (!sequence(indent, value))
                            return false;
                    }
                }
            } else if (!inlineValue(m_pos, size_t(indent) + restStart, indent, value)) {
                return false;
            }
            out[key] = std::move(value);
        }
    }

    /// The node after a one-character indicator ("?", ":") at @p indent on the current line.
    bool indicatorNode(int indent, json &out)
    {
        std::string &line = m_lines[m_pos];
        const std::string_view content = std::string_view(line).substr(size_t(indent));
        const size_t restStart = skipSpaces(content, 1);
        if (restStart >= content.size() || content[restStart] == '#') {
            ++m_pos;
            return node(indent + 1, out);
        }
        line.replace(size_t(indent), restStart, restStart, ' ');
        return node(indent + 1, out);
    }

    bool sequence(int indent, json &out)
    {
        out = json::array();
        while (true) {
            skipEmpty();
            if (m_pos >= m_lines.size())
                return true;
            std::string &line = m_lines[m_pos];
            const int lineIndent = indentOf(line);
            if (lineIndent != indent)
                return lineIndent < indent
                           ? true
                           : fail(QStringLiteral("bad indentation of a sequence entry"), m_pos);
            const std::string_view content = std::string_view(line).substr(size_t(indent));
            if (!isSequenceEntry(content))
                return true;
            const size_t restStart = skipSpaces(content, 1);
            json item;
            if (restStart >= content.size() || content[restStart] == '#') {
                ++m_pos;
                if (!node(indent + 1, item))
                    return false;
            } else {
                // "- key: value" and "- - x": the entry's content is a node at its column.
                line.replace(size_t(indent), restStart, restStart, ' ');
                if (!node(indent + 1, item))
                    return false;
            }
            out.push_back(std::move(item));
        }
    }

    /// A value that starts at column @p column of line @p lineIndex, inside a block whose
    /// indentation is @p parentIndent (continuation lines must be indented more).
    bool inlineValue(size_t lineIndex, size_t column, int parentIndent, json &out)
    {
        m_pos = lineIndex;
        const std::string_view rest = std::string_view(m_lines[lineIndex]).substr(column);
        const char c = rest.empty() ? '\0' : rest[0];
        if (c == '"' || c == '\'')
            return quoted(lineIndex, column, parentIndent, out);
        if (c == '[' || c == '{')
            return flow(lineIndex, column, parentIndent, out);
        if (c == '|' || c == '>')
            return blockScalar(lineIndex, column, parentIndent, out);
        if (c == '&' || c == '*' || c == '!')
            return fail(QStringLiteral("anchors, aliases and tags are not supported"), lineIndex);
        if (c == '%' || c == '@' || c == '`')
            return fail(QStringLiteral("a plain scalar cannot start with '%1'").arg(QLatin1Char(c)),
                        lineIndex);
        return plain(lineIndex, column, parentIndent, out);
    }

    /// Text up to a " #" comment.
    static std::string_view withoutComment(std::string_view s)
    {
        for (size_t p = 0; p < s.size(); ++p)
            if (s[p] == '#' && (p == 0 || isSpace(s[p - 1])))
                return s.substr(0, p);
        return s;
    }

    bool plain(size_t lineIndex, size_t column, int parentIndent, json &out)
    {
        std::string value(
            strip(withoutComment(std::string_view(m_lines[lineIndex]).substr(column))));
        bool hadComment = withoutComment(std::string_view(m_lines[lineIndex]).substr(column)).size()
                          != std::string_view(m_lines[lineIndex]).substr(column).size();
        m_pos = lineIndex + 1;
        size_t pendingBreaks = 0;
        while (!hadComment && m_pos < m_lines.size()) {
            const std::string &line = m_lines[m_pos];
            if (isBlank(line)) {
                ++pendingBreaks;
                ++m_pos;
                continue;
            }
            if (indentOf(line) <= parentIndent || lstrip(line).starts_with('#'))
                break;
            const std::string_view body = withoutComment(lstrip(line));
            hadComment = body.size() != lstrip(line).size();
            value += pendingBreaks ? std::string(pendingBreaks, '\n') : std::string(" ");
            value += strip(body);
            pendingBreaks = 0;
            ++m_pos;
        }
        out = resolvePlainScalar(value);
        return true;
    }

    /// Folds the lines of a flow scalar: one line break becomes a space, n empty lines
    /// become n newlines.
    static void foldInto(std::string &value, size_t emptyLines)
    {
        value += emptyLines ? std::string(emptyLines, '\n') : std::string(" ");
    }

    bool quoted(size_t lineIndex, size_t column, int parentIndent, json &out)
    {
        (void)parentIndent;
        const char quote = m_lines[lineIndex][column];
        std::string value;
        size_t li = lineIndex;
        size_t p = column + 1;
        bool firstLine = true;
        while (li < m_lines.size()) {
            std::string_view line = m_lines[li];
            if (!firstLine)
                p = skipSpaces(line, 0);
            std::string segment;
            bool closed = false;
            bool escapedBreak = false;
            while (p < line.size()) {
                const char c = line[p];
                if (quote == '\'' && c == '\'') {
                    if (p + 1 < line.size() && line[p + 1] == '\'') {
                        segment.push_back('\'');
                        p += 2;
                        continue;
                    }
                    closed = true;
                    ++p;
                    break;
                }
                if (quote == '"' && c == '"') {
                    closed = true;
                    ++p;
                    break;
                }
                if (quote == '"' && c == '\\') {
                    if (p + 1 >= line.size()) {
                        escapedBreak = true;
                        ++p;
                        break;
                    }
                    if (!unescape(line, p, segment))
                        return fail(QStringLiteral("invalid escape in a double-quoted scalar"), li);
                    continue;
                }
                segment.push_back(c);
                ++p;
            }
            if (closed) {
                value += segment;
                const std::string_view tail = strip(line.substr(p));
                if (!tail.empty() && !tail.starts_with('#'))
                    return fail(QStringLiteral("unexpected text after a quoted scalar"), li);
                m_pos = li + 1;
                out = value;
                return true;
            }
            if (escapedBreak) {
                value += segment;
            } else {
                // Trailing white space before a line break is not content.
                value += rstrip(segment);
            }
            // Count the empty lines that follow.
            size_t empties = 0;
            ++li;
            while (li < m_lines.size() && isBlank(m_lines[li])) {
                ++empties;
                ++li;
            }
            if (li >= m_lines.size())
                break;
            if (!escapedBreak)
                foldInto(value, empties);
            else if (empties)
                value += std::string(empties, '\n');
            firstLine = false;
        }
        return fail(QStringLiteral("unterminated quoted scalar"), lineIndex);
    }

    static bool unescape(std::string_view line, size_t &p, std::string &out)
    {
        const char e = line[p + 1];
        p += 2;
        switch (e) {
        case '0': out.push_back('\0'); return true;
        case 'a': out.push_back('\a'); return true;
        case 'b': out.push_back('\b'); return true;
        case 't':
        case '\t': out.push_back('\t'); return true;
        case 'n': out.push_back('\n'); return true;
        case 'v': out.push_back('\v'); return true;
        case 'f': out.push_back('\f'); return true;
        case 'r': out.push_back('\r'); return true;
        case 'e': out.push_back('\x1b'); return true;
        case ' ': out.push_back(' '); return true;
        case '"': out.push_back('"'); return true;
        case '/': out.push_back('/'); return true;
        case '\\': out.push_back('\\'); return true;
        case 'N': appendUtf8(out, 0x85); return true;
        case '_': appendUtf8(out, 0xA0); return true;
        case 'L': appendUtf8(out, 0x2028); return true;
        case 'P': appendUtf8(out, 0x2029); return true;
        case 'x':
        case 'u':
        case 'U': {
            const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            if (p + digits > line.size())
                return false;
            unsigned long cp = 0;
            for (size_t k = 0; k < digits; ++k) {
                const char h = line[p + k];
                const int v = isDigit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                                                    : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                                                             : -1;
                if (v < 0)
                    return false;
                cp = cp * 16 + unsigned(v);
            }
            p += digits;
            if (cp > 0x10FFFF)
                return false;
            appendUtf8(out, char32_t(cp));
            return true;
        }
        default:
            return false;
        }
    }

    bool flow(size_t lineIndex, size_t column, int parentIndent, json &out)
    {
        // Join the lines until the brackets balance (outside quotes).
        std::string text(std::string_view(m_lines[lineIndex]).substr(column));
        size_t li = lineIndex;
        auto balanced = [](std::string_view s) {
            int depth = 0;
            char quote = 0;
            for (size_t i = 0; i < s.size(); ++i) {
                const char c = s[i];
                if (quote) {
                    if (quote == '"' && c == '\\')
                        ++i;
                    else if (c == quote)
                        quote = 0;
                    continue;
                }
                if (c == '"' || c == '\'')
                    quote = c;
                else if (c == '[' || c == '{')
                    ++depth;
                else if (c == ']' || c == '}')
                    --depth;
                else if (c == '#' && i > 0 && isSpace(s[i - 1]))
                    break;
                if (depth == 0)
                    return i + 1;
            }
            return size_t(0);
        };
        size_t end;
        while ((end = balanced(text)) == 0) {
            if (++li >= m_lines.size()
                || (indentOf(m_lines[li]) <= parentIndent && !isBlank(m_lines[li])))
                return fail(QStringLiteral("unterminated flow collection"), lineIndex);
            text += " ";
            text += strip(m_lines[li]);
        }
        const std::string_view tail = strip(std::string_view(text).substr(end));
        if (!tail.empty() && !tail.starts_with('#'))
            return fail(QStringLiteral("unexpected text after a flow collection"), li);
        size_t p = 0;
        if (!flowNode(std::string_view(text).substr(0, end), p, out))
            return fail(QStringLiteral("invalid flow collection"), lineIndex);
        m_pos = li + 1;
        return true;
    }

    static bool flowNode(std::string_view s, size_t &p, json &out)
    {
        p = skipSpaces(s, p);
        if (p >= s.size())
            return false;
        if (s[p] == '[' || s[p] == '{') {
            const bool isMap = s[p] == '{';
            const char close = isMap ? '}' : ']';
            out = isMap ? json::object() : json::array();
            ++p;
            while (true) {
                p = skipSpaces(s, p);
                if (p < s.size() && s[p] == close) {
                    ++p;
                    return true;
                }
                json key;
                if (!flowNode(s, p, key))
                    return false;
                p = skipSpaces(s, p);
                if (isMap) {
                    json value;
                    if (p < s.size() && s[p] == ':') {
                        ++p;
                        p = skipSpaces(s, p);
                        if (p < s.size() && (s[p] == ',' || s[p] == '}'))
                            value = nullptr;
                        else if (!flowNode(s, p, value))
                            return false;
                    }
                    out[key.is_string() ? key.get<std::string>() : key.dump()] = std::move(value);
                } else {
                    out.push_back(std::move(key));
                }
                p = skipSpaces(s, p);
                if (p < s.size() && s[p] == ',') {
                    ++p;
                    continue;
                }
                if (p < s.size() && s[p] == close) {
                    ++p;
                    return true;
                }
                return false;
            }
        }
        if (s[p] == '"' || s[p] == '\'') {
            // Find the closing quote to know where the scalar ends.
            const char quote = s[p];
            size_t q = p + 1;
            std::string value;
            while (q < s.size()) {
                if (quote == '\'' && s[q] == '\'') {
                    if (q + 1 < s.size() && s[q + 1] == '\'') {
                        value.push_back('\'');
                        q += 2;
                        continue;
                    }
                    break;
                }
                if (quote == '"' && s[q] == '"')
                    break;
                if (quote == '"' && s[q] == '\\') {
                    if (q + 1 >= s.size() || !unescape(s, q, value))
                        return false;
                    continue;
                }
                value.push_back(s[q++]);
            }
            if (q >= s.size())
                return false;
            p = q + 1;
            out = value;
            return true;
        }
        size_t q = p;
        while (q < s.size() && s[q] != ',' && s[q] != ']' && s[q] != '}'
               && !(s[q] == ':' && (q + 1 == s.size() || isSpace(s[q + 1]) || s[q + 1] == ',')))
            ++q;
        out = resolvePlainScalar(std::string(strip(s.substr(p, q - p))));
        p = q;
        return true;
    }

    bool blockScalar(size_t lineIndex, size_t column, int parentIndent, json &out)
    {
        const std::string_view header
            = withoutComment(std::string_view(m_lines[lineIndex]).substr(column));
        const bool literal = header[0] == '|';
        char chomping = 0;
        int explicitIndent = 0;
        for (char c : strip(header.substr(1))) {
            if (c == '+' || c == '-')
                chomping = c;
            else if (c >= '1' && c <= '9')
                explicitIndent = c - '0';
            else
                return fail(QStringLiteral("invalid block scalar header"), lineIndex);
        }
        size_t li = lineIndex + 1;
        int indent = explicitIndent ? std::max(parentIndent, 0) + explicitIndent : -1;
        Lines body;
        while (li < m_lines.size()) {
            const std::string &line = m_lines[li];
            if (isBlank(line)) {
                body.emplace_back(indent >= 0 && int(line.size()) > indent
                                      ? line.substr(size_t(indent))
                                      : std::string());
                ++li;
                continue;
            }
            const int lineIndent = indentOf(line);
            if (lineIndent <= parentIndent)
                break;
            if (indent < 0)
                indent = lineIndent;
            if (lineIndent < indent)
                break;
            body.push_back(line.substr(size_t(indent)));
            ++li;
        }
        size_t trailingEmpty = 0;
        while (trailingEmpty < body.size() && body[body.size() - 1 - trailingEmpty].empty())
            ++trailingEmpty;
        std::string value;
        const size_t contentLines = body.size() - trailingEmpty;
        for (size_t i = 0; i < contentLines; ++i) {
            if (i > 0) {
                const bool moreIndented = !body[i].empty() && isSpace(body[i][0]);
                const bool prevMoreIndented = !body[i - 1].empty() && isSpace(body[i - 1][0]);
                if (literal || body[i].empty() || body[i - 1].empty() || moreIndented
                    || prevMoreIndented)
                    value += '\n';
                else
                    value += ' ';
            }
            value += body[i];
        }
        if (!literal) {
            // In folded style an empty line stands for a newline and no space is added.
            std::string folded;
            for (size_t i = 0; i < value.size(); ++i) {
                if (value[i] == '\n' && i + 1 < value.size() && value[i + 1] == '\n' && i > 0
                    && value[i - 1] != '\n') {
                    folded += '\n';
                    ++i;
                    continue;
                }
                folded += value[i];
            }
            value = folded;
        }
        if (chomping != '-' && contentLines > 0)
            value += '\n';
        if (chomping == '+')
            value += std::string(trailingEmpty, '\n');
        // Trailing empty lines were consumed; step back over those not in the scalar.
        m_pos = li;
        out = value;
        return true;
    }

    Lines m_lines;
    size_t m_pos = 0;
    YamlError m_error;
};

// ---------------------------------------------------------------------------------------
// The format of one file.

struct Format
{
    std::string ext = ".py";
    std::string comment = "#";
    std::string suffix;
    std::string defaultLanguage = "python";
    bool commentMagics = true;
    bool cellMetadataJson = false;
    bool markdownBlankLines = false;
    std::string cellMarkers;
    json cellMetadataFilter;
    json notebookMetadataFilter;
};

/// Format options kept in metadata.jupytext (jupytext's _VALID_FORMAT_OPTIONS we honour).
void applyFormatOptions(Format &format, const json &metadata)
{
    const json *jupytext = member(metadata, "jupytext");
    if (!jupytext || !jupytext->is_object())
        return;
    if (const json *v = member(*jupytext, "comment_magics"); v && v->is_boolean())
        format.commentMagics = v->get<bool>();
    if (const json *v = member(*jupytext, "cell_metadata_json"); v && v->is_boolean())
        format.cellMetadataJson = v->get<bool>();
    if (const json *v = member(*jupytext, "markdown_blank_lines"); v && v->is_boolean())
        format.markdownBlankLines = v->get<bool>();
    if (const json *v = member(*jupytext, "cell_markers"); v && v->is_string())
        format.cellMarkers = v->get<std::string>();
    if (const json *v = member(*jupytext, "cell_metadata_filter"))
        format.cellMetadataFilter = *v;
    if (const json *v = member(*jupytext, "notebook_metadata_filter"))
        format.notebookMetadataFilter = *v;
}

void setScript(Format &format, const ScriptLanguage &script)
{
    format.ext = std::string(script.ext);
    format.comment = std::string(script.comment);
    format.suffix = std::string(script.suffix);
}

/// jupytext's is_active(ext, metadata, default).
bool isActive(std::string_view ext, const json &metadata, bool defaultValue = true)
{
    const std::string bare = ext.starts_with('.') ? std::string(ext.substr(1)) : std::string(ext);
    if (const json *runControl = member(metadata, "run_control")) {
        if (const json *frozen = member(*runControl, "frozen"); frozen && frozen->is_boolean()
                                                                && frozen->get<bool>())
            return ext == ".ipynb";
    }
    if (const json *tags = member(metadata, "tags"); tags && tags->is_array()) {
        for (const json &tag : *tags) {
            if (!tag.is_string() || !tag.get<std::string>().starts_with("active-"))
                continue;
            const Lines parts = split(tag.get<std::string>(), '-');
            return std::find(parts.begin(), parts.end(), bare) != parts.end();
        }
    }
    const json *active = member(metadata, "active");
    if (!active)
        return defaultValue;
    if (!active->is_string())
        return false;
    std::string value = active->get<std::string>();
    std::replace(value.begin(), value.end(), ',', '.');
    const Lines parts = split(value, '.');
    return std::find(parts.begin(), parts.end(), bare) != parts.end();
}

bool hasActiveTag(const json &metadata)
{
    if (const json *tags = member(metadata, "tags"); tags && tags->is_array())
        for (const json &tag : *tags)
            if (tag.is_string() && tag.get<std::string>().starts_with("active-"))
                return true;
    return false;
}
// ---------------------------------------------------------------------------------------
// How the reader sees a cell: its "# %%" line, where it ends, how its lines are decoded.
// The writer uses the same functions to check each line it writes.

std::string_view languageComment(std::string_view language, const Format &format)
{
    std::string_view comment = commentOfLanguage(language);
    if (comment.empty())
        comment = commentOfLanguage(usualLanguageName(language));
    return comment.empty() ? std::string_view(format.comment) : comment;
}

/// An active code cell: jupytext's uncomment_magic over the file lines, then
/// unescape_code_start (and our cell-marker unescape) over what that gives.
class CodeDecoder
{
public:
    CodeDecoder(const Format &format, const std::string &language)
        : m_format(format), m_language(language), m_magicComment(languageComment(language, format)),
          m_markerParser(language), m_magicParser(language), m_escapeParser(language)
    {
    }

    /// Would a marker-like line here end the cell?
    bool markerActive() const { return !m_markerParser.isQuoted(); }
    bool continuation() const
    {
        return m_format.commentMagics && !m_magicParser.isQuoted() && m_nextIsMagic;
    }
    bool wouldMagic(std::string_view line) const
    {
        return m_format.commentMagics && !m_magicParser.isQuoted()
               && (m_nextIsMagic || isMagic(line, m_language, true, true));
    }

    struct Step
    {
        std::string decoded;
        std::string afterMagic;
        bool nextIsMagic;
    };

    Step decode(std::string_view fileLine) const
    {
        Step step{std::string(fileLine), std::string(fileLine), m_nextIsMagic};
        if (wouldMagic(fileLine)) {
            step.afterMagic = unesc(fileLine, m_magicComment);
            step.nextIsMagic
                = usualLanguageName(m_language) == "python" && endsWithContinuation(fileLine);
        }
        step.decoded = step.afterMagic;
        if (!m_escapeParser.isQuoted()) {
            const std::string_view line = step.afterMagic;
            const std::string &c = m_format.comment;
            if (isEscapedCodeStart(line, c)) {
                std::string unescaped = unesc(line, c);
                if (isEscapedCodeStart(unescaped, c))
                    step.decoded = std::move(unescaped);
            } else if (isEscapedMarker(line, c) && !isCellMarker(line, c)) {
                std::string unescaped = unesc(line, c);
                if (isEscapedMarker(unescaped, c))
                    step.decoded = std::move(unescaped);
            }
        }
        return step;
    }

    void commit(std::string_view fileLine, const Step &step)
    {
        m_markerParser.readLine(fileLine);
        m_magicParser.readLine(fileLine);
        m_escapeParser.readLine(step.afterMagic);
        m_nextIsMagic = step.nextIsMagic;
    }

private:
    const Format &m_format;
    std::string m_language;
    std::string_view m_magicComment;
    StringParser m_markerParser;
    StringParser m_magicParser;
    StringParser m_escapeParser;
    bool m_nextIsMagic = false;
};

/// A commented cell (Markdown, raw, or code in another language): jupytext's
/// uncomment_magic where it applies, our escaped-marker rule, then uncomment.
class TextDecoder
{
public:
    TextDecoder(const Format &format, std::string language, std::string comment, bool magics,
                bool fences)
        : m_format(format), m_language(std::move(language)), m_comment(std::move(comment)),
          m_magicComment(languageComment(m_language, format)),
          m_magics(magics && format.commentMagics), m_fences(fences), m_parser(m_language)
    {
    }

    bool markerActive() const { return !m_parser.isQuoted() && !m_inFence; }
    bool insideFence() const { return m_inFence; }
    bool wouldMagic(std::string_view line) const
    {
        return m_magics && !m_parser.isQuoted()
               && (m_nextIsMagic || isMagic(line, m_language, true, true));
    }

    struct Step
    {
        std::string decoded;
        bool nextIsMagic;
    };

    Step decode(std::string_view fileLine) const
    {
        Step step{std::string(fileLine), m_nextIsMagic};
        if (wouldMagic(fileLine)) {
            step.decoded = unesc(fileLine, m_magicComment);
            step.nextIsMagic
                = usualLanguageName(m_language) == "python" && endsWithContinuation(fileLine);
        }
        if (isEscapedTextLine(step.decoded, m_comment, m_format.suffix)) {
            step.decoded.erase(0, m_comment.size());
        } else if (m_comment.empty()) {
            // Uncommented lines (a raw cell active in scripts): the code cells' escape.
            const std::string &c = m_format.comment;
            if (isEscapedMarker(step.decoded, c, m_fences) && !isCellMarker(step.decoded, c)) {
                std::string unescaped = unesc(step.decoded, c);
                if (isEscapedMarker(unescaped, c, m_fences) || (m_fences && isCodeFence(unescaped)))
                    step.decoded = std::move(unescaped);
            }
        }
        step.decoded = uncommentLine(step.decoded, m_comment, m_format.suffix);
        return step;
    }

    void commit(std::string_view fileLine, const Step &step)
    {
        if (!m_parser.isQuoted()) {
            m_parser.readLine(fileLine);
            if (m_fences && isCodeFence(uncommentLine(fileLine, m_comment, m_format.suffix)))
                m_inFence = !m_inFence;
        } else {
            m_parser.readLine(fileLine);
        }
        m_nextIsMagic = step.nextIsMagic;
    }

private:
    const Format &m_format;
    std::string m_language;
    std::string m_comment;
    std::string_view m_magicComment;
    bool m_magics;
    bool m_fences;
    StringParser m_parser;
    bool m_nextIsMagic = false;
    bool m_inFence = false;
};

/// What the "# %%" line (or its absence) tells the reader.
struct CellHead
{
    json metadata = json::object(); // without cell_type and language
    std::string cellType = "code";
    std::string language;           // from language="...", "" when none
    std::string comment;            // what the cell's lines are uncommented with
};

/// DoublePercentScriptCellReader: metadata_and_language_from_option_line, then the cell
/// type part of find_cell_end.
CellHead interpretMarker(std::string_view first, const Format &format, bool *usedJson)
{
    CellHead head;
    head.comment = format.comment;
    if (isStartCode(first, format.comment)) {
        const std::string uncommented = uncommentLine(first, format.comment, format.suffix);
        const size_t at = uncommented.find("%%");
        head.metadata = optionsToMetadata(std::string_view(uncommented).substr(at + 2), usedJson);
    }
    if (const json *language = member(head.metadata, "language")) {
        head.language = language->is_string() ? language->get<std::string>() : language->dump();
        head.metadata.erase("language");
    }
    if (const json *type = member(head.metadata, "cell_type")) {
        head.cellType = type->is_string() ? type->get<std::string>() : "raw";
        head.metadata.erase("cell_type");
    } else if (!isActive(".ipynb", head.metadata)) {
        if (member(head.metadata, "active") && head.metadata["active"] == "")
            head.metadata.erase("active");
        head.cellType = "raw";
        if (isActive(format.ext, head.metadata))
            head.comment.clear();
    }
    return head;
}

struct BodyDecoding
{
    bool code = false;        // CodeDecoder, else TextDecoder
    bool magics = false;      // for the TextDecoder
    bool tripleQuotes = false; // a multiline string is tried first
    bool fences = false;       // a Markdown or raw cell: code fences hide cell markers
    std::string comment;
    std::string language;
};

/// extract_content's choices.
BodyDecoding bodyDecoding(const CellHead &head, const Format &format)
{
    BodyDecoding d;
    d.language = head.language.empty() ? format.defaultLanguage : head.language;
    d.tripleQuotes
        = format.ext == ".py" && !isActive(format.ext, head.metadata, head.cellType == "code");
    const bool inactive = !isActive(format.ext, head.metadata)
                          || (!head.metadata.contains("active") && !head.language.empty()
                              && head.language != format.defaultLanguage);
    d.code = !inactive && head.cellType == "code";
    d.magics = !inactive;
    d.comment = inactive ? format.comment : head.comment;
    d.fences = head.cellType == "markdown" || head.cellType == "raw";
    return d;
}

/// find_cell_end's search: the index of the next cell marker after line 0 (or the size).
size_t findNextMarker(LineSpan lines, const CellHead &head, const Format &format)
{
    StringParser parser(head.language.empty() ? format.defaultLanguage : head.language);
    const bool textCell = head.cellType == "markdown" || head.cellType == "raw";
    bool inFence = false;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string &line = lines[i];
        if (parser.isQuoted()) {
            parser.readLine(line);
            continue;
        }
        parser.readLine(line);
        if (textCell) {
            if (isCodeFence(uncommentLine(line, head.comment, format.suffix))) {
                inFence = !inFence;
                continue;
            }
            if (inFence)
                continue;
        }
        if (i > 0 && isCellMarker(line, format.comment))
            return i;
    }
    return lines.size();
}

/// extract_content for a Markdown or raw cell written as a multiline string.
std::optional<std::string> readTripleQuoted(LineSpan lines, json *metadata)
{
    const std::string joined = join(lines, "\n");
    const std::string content(strip(joined));
    for (std::string_view prefix : {"", "r", "R"}) {
        for (std::string_view quote : {"\"\"\"", "'''"}) {
            std::string left = std::string(prefix) + std::string(quote);
            std::string right(quote);
            if (!(content.starts_with(left) && content.ends_with(right)
                  && content.size() >= left.size() + right.size()))
                continue;
            std::string inner
                = content.substr(left.size(), content.size() - left.size() - right.size());
            if (inner.starts_with('\n')) {
                inner.erase(0, 1);
                left += "\n";
            }
            if (inner.ends_with('\n')) {
                inner.pop_back();
                right = "\n" + right;
            }
            if (metadata) {
                if (prefix.empty()) {
                    if (left.size() == 4 && right.size() == 4)
                        (*metadata)["cell_marker"] = left.substr(0, 3);
                } else if (left.size() - 1 == 4 && right.size() == 4) {
                    (*metadata)["cell_marker"] = left.substr(0, 4);
                } else {
                    (*metadata)["cell_marker"] = left + "," + right;
                }
            }
            return join(splitLines(inner), "\n"); // content.splitlines()
        }
    }
    return std::nullopt;
}

/// The cell's lines as the notebook holds them.
Lines decodeBody(LineSpan content, const BodyDecoding &d, const Format &format, json &metadata)
{
    if (d.tripleQuotes) {
        if (std::optional<std::string> text = readTripleQuoted(content, &metadata))
            return text->empty() ? Lines{} : split(*text, '\n');
    }
    Lines out;
    out.reserve(content.size());
    if (d.code) {
        CodeDecoder decoder(format, d.language);
        for (const std::string &line : content) {
            const CodeDecoder::Step step = decoder.decode(line);
            decoder.commit(line, step);
            out.push_back(step.decoded);
        }
    } else {
        TextDecoder decoder(format, d.language, d.comment, d.magics, d.fences);
        for (const std::string &line : content) {
            const TextDecoder::Step step = decoder.decode(line);
            decoder.commit(line, step);
            out.push_back(step.decoded);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// Writer (jupytext's TextNotebookConverter.writes and DoublePercentCellExporter).

struct CellText
{
    Lines lines; // the marker, then the content lines
    std::optional<int> linesToNextCell;
};

/// cell_language: a "%%bash"-style first line that names another language.
std::optional<std::pair<std::string, std::string>> cellLanguage(const Lines &source,
                                                               const std::string &defaultLang)
{
    if (source.empty())
        return std::nullopt;
    const std::string &line = source.front();
    if (defaultLang == "csharp") {
        if (!line.starts_with("#!"))
            return std::nullopt;
        std::string lang(strip(std::string_view(line).substr(2)));
        if (isJupyterLanguage(lang))
            return std::make_pair(lang, std::string());
        return std::nullopt;
    }
    if (!line.starts_with("%%"))
        return std::nullopt;
    const std::string magic = line.substr(2);
    const size_t space = magic.find(' ');
    std::string lang = space == std::string::npos ? magic : magic.substr(0, space);
    std::string args = space == std::string::npos ? std::string() : magic.substr(space + 1);
    if (!isJupyterLanguage(lang))
        return std::nullopt;
    return std::make_pair(lang, args);
}

class Writer
{
public:
    explicit Writer(const Notebook &notebook) : m_notebook(notebook) {}

    std::string run()
    {
        json metadata = m_notebook.metadata().is_object() ? m_notebook.metadata() : json::object();
        chooseFormat(metadata);
        std::vector<const Cell *> cells;
        for (const Cell &cell : m_notebook.cells())
            cells.push_back(&cell);

        Lines header = encodingAndExecutable(metadata);
        std::optional<int> headerLinesToNextCell;
        const Lines yamlHeader = metadataAndCellToHeader(metadata, cells, headerLinesToNextCell);
        Lines headerContent;
        for (const std::string &line : yamlHeader)
            headerContent.push_back(commentLine(line, m_format.comment, m_format.suffix));
        header.insert(header.end(), headerContent.begin(), headerContent.end());

        std::vector<CellText> texts;
        texts.reserve(cells.size());
        for (size_t i = 0; i < cells.size(); ++i)
            texts.push_back(cellToText(*cells[i], i));

        // Assemble from the end: the blank lines after a cell depend on what follows.
        Lines reversed;
        for (size_t i = texts.size(); i-- > 0;) {
            CellText &text = texts[i];
            const LineSpan content = LineSpan(text.lines).subspan(1);
            const int blanks
                = blankLinesAfter(content, ReversedView{&reversed}, i + 1 == texts.size(),
                                  text.linesToNextCell, m_format.ext);
            reversed.insert(reversed.end(), size_t(blanks), std::string());
            for (size_t k = text.lines.size(); k-- > 0;)
                reversed.push_back(std::move(text.lines[k]));
        }
        int headerBlanks = headerLinesToNextCell.value_or(
            pep8LinesBetweenCells(LineSpan(headerContent), ReversedView{&reversed}, m_format.ext));
        // The reader takes one blank line after the header; a second one would be read as
        // an empty code cell.
        headerBlanks = header.empty() ? 0 : std::clamp(headerBlanks, 0, 1);
        Lines all = std::move(header);
        all.insert(all.end(), size_t(headerBlanks), std::string());
        all.insert(all.end(), std::make_move_iterator(reversed.rbegin()),
                   std::make_move_iterator(reversed.rend()));
        std::string out = join(all, "\n");
        if (!out.ends_with('\n'))
            out.push_back('\n');
        if (!m_unsupported.empty()) {
            QStringList keys;
            for (const std::string &key : m_unsupported)
                keys.append(QString::fromStdString(key));
            qCWarning(lcCore) << "percent script: metadata keys that cannot be written:" << keys;
        }
        return out;
    }

private:
    void chooseFormat(json &metadata)
    {
        // The notebook's language picks the script extension, hence the comment
        // (language_info.file_extension when it agrees, as jupytext's "auto" extension).
        auto sub = [&](const char *object, const char *key) {
            const json *o = member(metadata, object);
            return o ? stringMember(*o, key) : std::string();
        };
        std::string language = sub("jupytext", "main_language");
        if (language.empty())
            language = sub("kernelspec", "language");
        if (language.empty())
            language = sub("language_info", "name");
        if (language.empty())
            language = "python";
        const std::string usual = toLower(usualLanguageName(language));
        const std::string fileExtension = sub("language_info", "file_extension");
        const ScriptLanguage *script = scriptForExtension(fileExtension);
        if (script && toLower(script->language) != usual)
            script = nullptr;
        for (const auto &candidate : kScriptLanguages)
            if (!script && toLower(candidate.language) == usual)
                script = &candidate;
        for (const auto &candidate : kExtraLanguages)
            if (!script && candidate.language == usual)
                script = &candidate;
        if (script) {
            setScript(m_format, *script);
        } else {
            m_format.ext = fileExtension.starts_with('.') ? fileExtension : std::string(".txt");
            m_format.comment = "#";
        }
        m_format.defaultLanguage = defaultLanguage(metadata, m_format.ext, true);
        if (m_format.defaultLanguage.empty())
            m_format.defaultLanguage = "python";
        applyFormatOptions(m_format, metadata);
    }

    /// encoding_and_executable: "#!" and "-*- coding -*-" lines come first.
    Lines encodingAndExecutable(json &metadata)
    {
        Lines lines;
        json *jupytext = member(metadata, "jupytext") && metadata["jupytext"].is_object()
                             ? &metadata["jupytext"]
                             : nullptr;
        if (jupytext) {
            if (const json *executable = member(*jupytext, "executable");
                executable && executable->is_string()) {
                lines.push_back("#!" + executable->get<std::string>());
                jupytext->erase("executable");
            }
        }
        if (const json *encoding = jupytext ? member(*jupytext, "encoding") : nullptr;
            encoding && encoding->is_string()) {
            lines.push_back(encoding->get<std::string>());
            jupytext->erase("encoding");
        } else if (m_format.defaultLanguage != "python") {
            for (const Cell &cell : m_notebook.cells()) {
                const std::string &source = cell.source();
                if (std::any_of(source.begin(), source.end(),
                                [](char c) { return (c & 0x80) != 0; })) {
                    lines.push_back(m_format.comment + " -*- coding: utf-8 -*-");
                    break;
                }
            }
        }
        return lines;
    }

    /// metadata_and_cell_to_header: a leading raw "---" cell, then the filtered notebook
    /// metadata under "jupyter:".
    Lines metadataAndCellToHeader(json &metadata, std::vector<const Cell *> &cells,
                                  std::optional<int> &linesToNextCell)
    {
        Lines header;
        if (!cells.empty() && cells.front()->type() == CellType::Raw) {
            if (std::optional<Lines> frontMatter = rawFrontMatter(*cells.front())) {
                header = std::move(*frontMatter);
                if (const json *n = member(cells.front()->metadata(), "lines_to_next_cell");
                    n && n->is_number_integer())
                    linesToNextCell = n->get<int>();
                cells.erase(cells.begin());
            }
        }
        // The format, recorded as jupytext records it; we write no jupytext_version (this
        // file was not written by jupytext).
        if (!member(metadata, "jupytext") || !metadata["jupytext"].is_object())
            metadata["jupytext"] = json::object();
        metadata["jupytext"]["text_representation"] = {{"extension", m_format.ext},
                                                       {"format_name", "percent"},
                                                       {"format_version", "1.3"}};
        const json filtered = filterMetadata(metadata, m_format.notebookMetadataFilter,
                                             kDefaultNotebookMetadata, &m_unsupported);
        if (!filtered.empty()) {
            for (std::string &line : splitLines(YamlEmitter().dump(json{{"jupyter", filtered}})))
                header.push_back(std::move(line));
        }
        if (!header.empty()) {
            header.insert(header.begin(), "---");
            header.push_back("---");
        }
        return header;
    }

    /// The inner lines of a leading raw "---" cell that jupytext moves into the header,
    /// when the reader would rebuild exactly that cell.
    std::optional<Lines> rawFrontMatter(const Cell &cell) const
    {
        const std::string &source = cell.source();
        std::string_view stripped = source;
        auto trimmable = [](char c) { return c == '\n' || c == '\t' || c == ' '; };
        while (!stripped.empty() && trimmable(stripped.front()))
            stripped.remove_prefix(1);
        while (!stripped.empty() && trimmable(stripped.back()))
            stripped.remove_suffix(1);
        const Lines lines = splitLines(stripped);
        auto isDashes = [](std::string_view line) {
            return line.starts_with("---") && isBlank(line.substr(3));
        };
        if (lines.size() < 3 || !isDashes(lines.front()) || !isDashes(lines.back()))
            return std::nullopt;
        Lines inner(lines.begin() + 1, lines.end() - 1);
        if ("---\n" + join(inner, "\n") + "\n---" != source || !m_format.suffix.empty())
            return std::nullopt;
        const json &metadata = cell.metadata();
        if (metadata.is_object())
            for (auto it = metadata.begin(); it != metadata.end(); ++it)
                if (it.key() != "lines_to_next_cell")
                    return std::nullopt;
        for (const std::string &line : inner) {
            const std::string_view s = line;
            // A "---" would end the header; a "jupyter:" line would start its metadata.
            if (isDashes(s) || (s.starts_with("jupyter") && strip(s.substr(7)) == ":"))
                return std::nullopt;
        }
        return inner;
    }

    CellText cellToText(const Cell &cell, size_t index)
    {
        CellText text;
        const std::string typeName = cell.type() == CellType::Code       ? "code"
                                     : cell.type() == CellType::Markdown ? "markdown"
                                                                         : "raw";
        const json cellMetadata = cell.metadata().is_object() ? cell.metadata() : json::object();
        if (const json *n = member(cellMetadata, "lines_to_next_cell"); n && n->is_number_integer())
            text.linesToNextCell = n->get<int>();

        Lines source = split(cell.source(), '\n');
        const json filtered = filterMetadata(cellMetadata, m_format.cellMetadataFilter,
                                             kIgnoreCellMetadata, &m_unsupported);
        OrderedMetadata metadata;
        for (auto it = filtered.begin(); it != filtered.end(); ++it)
            metadata.emplace_back(it.key(), *it);
        auto find = [&](std::string_view key) {
            return std::find_if(metadata.begin(), metadata.end(),
                                [&](const auto &kv) { return kv.first == key; });
        };
        auto set = [&](const std::string &key, json value) {
            if (auto it = find(key); it != metadata.end())
                it->second = std::move(value);
            else
                metadata.emplace_back(key, std::move(value));
        };

        // A "%%bash" cell: the language goes on the "# %%" line and the body is commented
        // (when that reads back exactly: not for "%%bash" alone, or with trailing spaces).
        const std::string &defaultLang = m_format.defaultLanguage;
        std::string cellLang;
        if (auto lang = cellLanguage(source, defaultLang)) {
            const std::string magic = defaultLang == "csharp" ? "#!" : "%%";
            const bool exactLine
                = source.front()
                  == magic + lang->first + (lang->second.empty() ? "" : " " + lang->second);
            if (exactLine && source.size() > 1 && !sameLanguage(lang->first, defaultLang)) {
                source.erase(source.begin());
                if (!lang->second.empty())
                    set("magic_args", lang->second);
                set("language", lang->first);
                cellLang = lang->first;
            }
        }
        std::string language = cellLang;
        if (language.empty()) {
            const json *l = member(cellMetadata, "language");
            language = l && l->is_string() ? l->get<std::string>() : defaultLang;
        }

        json view = json::object();
        for (const auto &[key, value] : metadata)
            view[key] = value;
        const bool isRaw = typeName == "raw";
        if (isRaw && !view.contains("active") && !hasActiveTag(view))
            view["active"] = "";
        const bool active = isActive(m_format.ext, view, sameLanguage(language, defaultLang));
        if (isRaw && member(view, "active") && view["active"] == "")
            view.erase("active");
        const bool isCode
            = typeName == "code" || (isRaw && view.contains("active")) || hasActiveTag(view);

        // metadata_to_double_percent_options: title, Spyder depth and [type] first.
        std::string title;
        std::optional<int> depth;
        if (auto it = find("title"); it != metadata.end() && it->second.is_string()
                                     && !it->second.get<std::string>().empty()) {
            title = it->second.get<std::string>();
            metadata.erase(it);
        }
        if (auto it = find("cell_depth"); it != metadata.end() && it->second.is_number_integer()
                                          && it->second.get<int>() > 0) {
            depth = it->second.get<int>();
            metadata.erase(it);
        }
        std::string typeTag;
        json expected = json::object();
        if (!isCode) {
            std::string tag = typeName;
            if (auto it = find("region_name"); it != metadata.end() && typeName == "markdown"
                                               && it->second == "md") {
                tag = "md";
                metadata.erase(it);
                expected["region_name"] = "md";
            }
            typeTag = "[" + tag + "]";
            expected["cell_type"] = typeName;
        }
        for (const auto &[key, value] : metadata)
            expected[key] = value;
        if (!title.empty())
            expected["title"] = title;
        if (depth)
            expected["cell_depth"] = *depth;

        std::string indent;
        if (isCode && active && !source.empty() && !strip(source.front()).empty())
            indent
                = source.front().substr(0, source.front().size() - lstrip(source.front()).size());

        bool exact = true;
        std::optional<std::string> marker
            = markerLine(title, depth, typeTag, metadata, expected, indent);
        if (!marker) {
            exact = false;
            marker = commentLine(typeTag.empty() ? "%%" : "%% " + typeTag,
                                 indent + m_format.comment, m_format.suffix);
        }
        text.lines.push_back(*marker);

        // The body, encoded for the decoder the reader will pick from that marker line.
        const CellHead head = interpretMarker(*marker, m_format, nullptr);
        const BodyDecoding decoding = bodyDecoding(head, m_format);
        Lines body;
        bool encoded = false;
        if (!isCode && decoding.tripleQuotes) {
            std::string markers = stringMember(cellMetadata, "cell_marker");
            if (markers.empty())
                markers = m_format.cellMarkers;
            if (std::optional<Lines> quoted = tripleQuoted(source, markers, *marker, head)) {
                body = std::move(*quoted);
                encoded = true;
            }
        }
        if (!encoded)
            body = decoding.code ? encodeCode(source, decoding, exact)
                                 : encodeText(source, decoding, typeName, exact);

        // A cell that ends with exactly one blank line cannot be read back with it (up to
        // two blank lines before a marker are spacing): jupytext drops it too.
        if (!encoded) {
            size_t trailing = 0;
            while (trailing < body.size() && isBlank(body[body.size() - 1 - trailing]))
                ++trailing;
            if (trailing == 1) {
                body.pop_back();
                source.pop_back();
            }
        }

        // Check that the cell reads back: same lines, and no marker before its end.
        json ignored = json::object();
        if (join(decodeBody(body, decoding, m_format, ignored), "\n") != join(source, "\n"))
            exact = false;
        Lines probe{*marker};
        probe.insert(probe.end(), body.begin(), body.end());
        probe.push_back(commentLine("%%", m_format.comment, m_format.suffix));
        if (findNextMarker(probe, head, m_format) != probe.size() - 1)
            exact = false;
        if (!exact)
            qCWarning(lcCore) << "percent script: cell" << index << "cannot be written exactly";

        text.lines.insert(text.lines.end(), std::make_move_iterator(body.begin()),
                          std::make_move_iterator(body.end()));
        return text;
    }

    /// The "# %%" line, checked by reading it back; falls back to the title as a key, then to
    /// one JSON object, when a title would not survive.
    std::optional<std::string> markerLine(const std::string &title, std::optional<int> depth,
                                          const std::string &typeTag, const OrderedMetadata &rest,
                                          const json &expected, const std::string &indent) const
    {
        auto render = [&](bool titleAsText, bool asJson) {
            Lines words;
            OrderedMetadata metadata = rest;
            if (!title.empty()) {
                if (titleAsText)
                    words.push_back(title);
                else
                    metadata.insert(metadata.begin(), {"title", title});
            }
            if (depth) {
                if (titleAsText)
                    words.insert(words.begin(), std::string(size_t(*depth), '%'));
                else
                    metadata.insert(metadata.begin(), {"cell_depth", *depth});
            }
            if (!typeTag.empty())
                words.push_back(typeTag);
            const std::string options = metadataToText(join(words, " "), metadata, asJson);
            const std::string marker
                = options.empty() || options.starts_with('%') ? "%%" + options : "%% " + options;
            return commentLine(marker, indent + m_format.comment, m_format.suffix);
        };
        const bool plainJson = m_format.cellMetadataJson;
        for (auto [titleAsText, asJson] :
             {std::pair{true, plainJson}, std::pair{false, plainJson}, std::pair{false, true}}) {
            const std::string line = render(titleAsText, asJson);
            if (!isCellMarker(line, m_format.comment))
                continue;
            json parsed = json::object();
            if (isStartCode(line, m_format.comment)) {
                const std::string uncommented
                    = uncommentLine(line, m_format.comment, m_format.suffix);
                parsed = optionsToMetadata(
                    std::string_view(uncommented).substr(uncommented.find("%%") + 2), nullptr);
            }
            if (parsed == expected)
                return line;
        }
        return std::nullopt;
    }

    Lines encodeCode(const Lines &source, const BodyDecoding &decoding, bool &exact) const
    {
        Lines out;
        CodeDecoder decoder(m_format, decoding.language);
        const std::string &c = m_format.comment;
        for (const std::string &line : source) {
            const std::string_view unindented = lstrip(line);
            const std::string plain = line;
            const std::string prefixed = c + " " + line;
            const std::string indented = line.substr(0, line.size() - unindented.size()) + c + " "
                                         + std::string(unindented);
            const std::string twice = c + " " + prefixed; // escaped for both kinds of escape
            // jupytext's comment_magic: "# " after the indentation, or in front of the
            // continuation of a magic; other lines as they are.
            std::vector<const std::string *> candidates;
            if (decoder.continuation())
                candidates = {&prefixed, &indented, &plain, &twice};
            else if (decoder.wouldMagic(line))
                candidates = {&indented, &prefixed, &plain, &twice};
            else
                candidates = {&plain, &prefixed, &indented, &twice};
            const std::string *chosen = nullptr;
            for (const std::string *candidate : candidates) {
                if (decoder.markerActive() && isCellMarker(*candidate, c))
                    continue;
                const CodeDecoder::Step step = decoder.decode(*candidate);
                if (step.decoded == line) {
                    decoder.commit(*candidate, step);
                    chosen = candidate;
                    break;
                }
            }
            if (!chosen) {
                exact = false;
                chosen = &plain;
                decoder.commit(plain, decoder.decode(plain));
            }
            out.push_back(*chosen);
        }
        if (!decoder.markerActive())
            exact = false; // an unterminated string would hide the next cell's marker
        return out;
    }

    Lines encodeText(const Lines &source, const BodyDecoding &decoding, const std::string &typeName,
                     bool &exact) const
    {
        bool open = false;
        bool firstExact = true;
        Lines out = encodeText(source, decoding, typeName, false, firstExact, open);
        if (open) // a fence left open would hide the next cell: escape the fences instead
            return encodeText(source, decoding, typeName, true, exact, open);
        exact = exact && firstExact;
        return out;
    }

    Lines encodeText(const Lines &source, const BodyDecoding &decoding, const std::string &typeName,
                     bool escapeFences, bool &exact, bool &open) const
    {
        TextDecoder decoder(m_format, decoding.language, decoding.comment, decoding.magics,
                            decoding.fences);
        const std::string &c = m_format.comment;
        Lines out;
        for (size_t i = 0; i < source.size(); ++i) {
            const std::string &line = source[i];
            std::string first = commentLine(line, decoding.comment, m_format.suffix);
            // The markdown_blank_lines option: paragraph breaks as empty lines, but never
            // on the last line, which must show that the cell goes on.
            if (m_format.markdownBlankLines && typeName == "markdown" && m_format.ext == ".py"
                && line.empty() && first == c && i + 1 < source.size())
                first.clear();
            const std::string spaced = c + " " + first;
            const std::string doubled = c + first;
            const std::string_view unindented = lstrip(first);
            const std::string indented = first.substr(0, first.size() - unindented.size()) + c + " "
                                         + std::string(unindented);
            std::vector<const std::string *> candidates;
            if (decoding.comment.empty() && decoder.wouldMagic(first))
                candidates = {&indented, &spaced, &first, &doubled};
            else if (escapeFences
                     && isCodeFence(uncommentLine(first, decoding.comment, m_format.suffix)))
                candidates
                    = decoding.comment.empty()
                          ? std::vector<const std::string *>{&spaced, &first, &doubled, &indented}
                          : std::vector<const std::string *>{&doubled, &first, &spaced, &indented};
            else
                candidates = {&first, &spaced, &doubled, &indented};
            const std::string *chosen = nullptr;
            for (const std::string *candidate : candidates) {
                if (decoder.markerActive() && isCellMarker(*candidate, c))
                    continue;
                const TextDecoder::Step step = decoder.decode(*candidate);
                if (step.decoded == line) {
                    decoder.commit(*candidate, step);
                    chosen = candidate;
                    break;
                }
            }
            if (!chosen) {
                exact = false;
                chosen = &first;
                decoder.commit(first, decoder.decode(first));
            }
            out.push_back(*chosen);
        }
        open = decoder.insideFence();
        return out;
    }

    /// markdown_to_text with cell markers: the cell as a triple-quoted string, when that
    /// reads back exactly.
    std::optional<Lines> tripleQuoted(const Lines &source, const std::string &markers,
                                      const std::string &marker, const CellHead &head) const
    {
        if (markers.empty())
            return std::nullopt;
        std::string left, right;
        if (size_t comma = markers.find(','); comma != std::string::npos) {
            left = markers.substr(0, comma);
            right = markers.substr(comma + 1);
        } else {
            left = markers + "\n";
            std::string bare = markers;
            if (bare.starts_with('r') || bare.starts_with('R'))
                bare.erase(0, 1);
            right = "\n" + bare;
        }
        const std::string r3 = right.size() >= 3 ? right.substr(right.size() - 3) : right;
        const bool rawPrefix = left.starts_with('r') || left.starts_with('R');
        if (!((left.substr(0, 3) == r3 || (rawPrefix && left.substr(1, 3) == r3))
              && (r3 == "\"\"\"" || r3 == "'''")))
            return std::nullopt;
        const std::string joined = join(source, "\n");
        // Markdown cells that contain a backslash are encoded as raw strings.
        if (!rawPrefix && joined.find('\\') != std::string::npos)
            left = "r" + left;
        Lines lines = split(left + joined + right, '\n');
        if (readTripleQuoted(lines, nullptr) != joined)
            return std::nullopt;
        Lines probe{marker};
        probe.insert(probe.end(), lines.begin(), lines.end());
        probe.push_back(commentLine("%%", m_format.comment, m_format.suffix));
        if (findNextMarker(probe, head, m_format) != probe.size() - 1 || isBlank(lines.back()))
            return std::nullopt;
        return lines;
    }

    const Notebook &m_notebook;
    Format m_format;
    std::set<std::string> m_unsupported;
};

// ---------------------------------------------------------------------------------------
// Reader (jupytext's TextNotebookConverter.reads).

Error makeError(const QString &message, const QString &fileName, int line)
{
    Error error;
    error.message = message;
    error.file = fileName;
    error.line = line;
    return error;
}

/// For a file whose name says nothing: the comment of its header or of its first marker.
const ScriptLanguage *guessScript(const Lines &lines)
{
    std::vector<const ScriptLanguage *> candidates;
    for (const auto &script : kScriptLanguages)
        candidates.push_back(&script);
    for (const auto &script : kExtraLanguages)
        candidates.push_back(&script);
    // Longer comments first, so that "//" wins over "/".
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto *a, const auto *b) {
        return a->comment.size() > b->comment.size();
    });
    const size_t first = !lines.empty() && lines.front().starts_with("#!") ? 1 : 0;
    if (first < lines.size()) {
        for (const auto *script : candidates) {
            const std::string header = uncommentLine(lines[first], script->comment, script->suffix);
            if (lines[first].starts_with(script->comment) && header.starts_with("---")
                && isBlank(std::string_view(header).substr(3)))
                return script;
        }
    }
    for (const std::string &line : lines)
        for (const auto *script : candidates)
            if (isCellMarker(line, script->comment))
                return script;
    return nullptr;
}

struct HeaderResult
{
    json metadata = json::object();
    bool jupyterFound = false;
    std::vector<Cell> cell; // the root-level header as a raw cell, when there is one
    size_t next = 0;
};

/// "^[ \t\f]*C.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)": the declared encoding, if any.
std::optional<std::string> declaredEncoding(std::string_view line, std::string_view comment)
{
    size_t p = 0;
    while (p < line.size() && (line[p] == ' ' || line[p] == '\t' || line[p] == '\f'))
        ++p;
    if (!line.substr(p).starts_with(comment))
        return std::nullopt;
    for (size_t k = line.find("coding", p + comment.size()); k != std::string_view::npos;
         k = line.find("coding", k + 1)) {
        size_t q = k + 6;
        if (q >= line.size() || (line[q] != ':' && line[q] != '='))
            continue;
        ++q;
        while (q < line.size() && (line[q] == ' ' || line[q] == '\t'))
            ++q;
        size_t e = q;
        while (e < line.size()
               && (isAlpha(line[e]) || isDigit(line[e]) || line[e] == '-' || line[e] == '_'
                   || line[e] == '.'))
            ++e;
        if (e > q)
            return std::string(line.substr(q, e - q));
    }
    return std::nullopt;
}

/// header_to_metadata_and_cell.
Result<HeaderResult> readHeader(const Lines &lines, const Format &format, const QString &fileName)
{
    HeaderResult result;
    const std::string &prefix = format.comment;
    Lines header;
    Lines jupyter;
    std::vector<int> jupyterLines;
    bool inJupyter = false;
    bool started = false;
    bool ended = false;
    size_t start = 0;
    size_t openedAt = 0;
    size_t i = 0;
    json extra = json::object();
    for (; i < lines.size(); ++i) {
        const std::string &raw = lines[i];
        if (i == 0 && raw.starts_with("#!")) {
            extra["jupytext"]["executable"] = raw.substr(2);
            start = i + 1;
            continue;
        }
        if (i == 0 || (i == 1 && !declaredEncoding(lines[0], prefix))) {
            if (std::optional<std::string> encoding = declaredEncoding(raw, prefix)) {
                if (*encoding != "utf-8")
                    return makeError(
                        QStringLiteral("encodings other than utf-8 are not supported (%1)")
                            .arg(QString::fromStdString(*encoding)),
                        fileName, int(i) + 1);
                extra["jupytext"]["encoding"] = raw;
                start = i + 1;
                continue;
            }
        }
        if (!raw.starts_with(prefix))
            break;
        const std::string line = uncommentLine(raw, prefix, format.suffix);
        if (line.starts_with("---") && isBlank(std::string_view(line).substr(3))) {
            if (!started) {
                started = true;
                openedAt = i;
                continue;
            }
            ended = true;
            break;
        }
        if (!started && !strip(line).empty())
            break;
        if (line.starts_with("jupyter") && strip(std::string_view(line).substr(7)) == ":")
            inJupyter = true;
        else if (!line.empty() && !isSpace(line[0]))
            inJupyter = false;
        if (inJupyter) {
            jupyter.push_back(line);
            jupyterLines.push_back(int(i) + 1);
        } else {
            header.push_back(line);
        }
    }

    if (!ended) {
        // jupytext reads an unclosed header as ordinary lines; one that already holds the
        // notebook metadata is a broken file.
        if (started && !jupyter.empty())
            return makeError(
                QStringLiteral("the YAML header opened here is never closed (no '%1 ---' line)")
                    .arg(QString::fromStdString(prefix)),
                fileName, int(openedAt) + 1);
        result.metadata = std::move(extra);
        result.next = start;
        return result;
    }

    json metadata = json::object();
    if (!jupyter.empty()) {
        YamlParser parser(jupyter);
        std::optional<json> parsed = parser.parse();
        if (!parsed) {
            const size_t index = size_t(std::max(parser.error().line, 0));
            const int line
                = index < jupyterLines.size() ? jupyterLines[index] : jupyterLines.back();
            return makeError(
                QStringLiteral("invalid YAML in the header: %1").arg(parser.error().message),
                fileName, line);
        }
        const json *inner = member(*parsed, "jupyter");
        if (inner && inner->is_object())
            metadata = *inner;
        else if (inner && !inner->is_null())
            return makeError(QStringLiteral("the header's 'jupyter' entry is not a mapping"),
                             fileName, jupyterLines.front());
        result.jupyterFound = true;
    }
    // recursive_update(metadata, extra)
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it->is_object() && member(metadata, it.key().c_str()) && metadata[it.key()].is_object())
            metadata[it.key()].update(*it);
        else
            metadata[it.key()] = *it;
    }
    result.metadata = std::move(metadata);

    // One blank line after the header is spacing.
    bool blankAfter = false;
    if (i + 1 < lines.size() && isBlank(uncommentLine(lines[i + 1], prefix, ""))) {
        blankAfter = true;
        ++i;
    }
    if (!header.empty()) {
        Cell cell(CellType::Raw);
        Lines source{"---"};
        source.insert(source.end(), header.begin(), header.end());
        source.push_back("---");
        cell.setSource(join(source, "\n"));
        // The writer puts one blank line after the header unless told otherwise.
        if (!blankAfter && i + 1 < lines.size())
            cell.metadata()["lines_to_next_cell"] = 0;
        result.cell.push_back(std::move(cell));
    }
    result.next = i + 1;
    return result;
}

/// One cell from line @p pos (DoublePercentScriptCellReader.read).
Cell readCell(const Lines &all, size_t pos, const Format &format, size_t &next, bool &usedJson)
{
    const LineSpan lines = LineSpan(all).subspan(pos);
    CellHead head = interpretMarker(lines.front(), format, &usedJson);
    const size_t nextCell = findNextMarker(lines, head, format);
    // Up to two blank lines before the next marker are spacing.
    size_t end = nextCell;
    if (nextCell >= 3 && !isBlank(lines[nextCell - 3]) && isBlank(lines[nextCell - 2])
        && isBlank(lines[nextCell - 1]))
        end = nextCell - 2;
    else if (nextCell > 0 && isBlank(lines[nextCell - 1]))
        end = nextCell - 1;

    const size_t cellStart = isCellMarker(lines.front(), format.comment) ? 1 : 0;
    const LineSpan content = lines.subspan(cellStart, std::max(end, cellStart) - cellStart);
    const BodyDecoding decoding = bodyDecoding(head, format);
    json metadata = head.metadata;
    const Lines decoded = decodeBody(content, decoding, format, metadata);

    // count_lines_to_next_cell; kept in the metadata when the writer would not restore it.
    int linesToNextCell = 1;
    if (end < lines.size()) {
        linesToNextCell = int(nextCell - end);
        if (nextCell >= lines.size())
            linesToNextCell += 1;
    }
    const bool isLast = nextCell >= lines.size();
    if (linesToNextCell != blankLinesAfter(content, SpanView{lines.subspan(nextCell)}, isLast,
                                           std::nullopt, format.ext))
        metadata["lines_to_next_cell"] = linesToNextCell;
    if (!head.language.empty())
        metadata["language"] = head.language;

    Cell cell(head.cellType == "markdown" ? CellType::Markdown
              : head.cellType == "code"   ? CellType::Code
                                          : CellType::Raw);
    cell.setSource(join(decoded, "\n"));
    for (auto it = metadata.begin(); it != metadata.end(); ++it)
        cell.metadata()[it.key()] = *it;
    next = pos + std::max<size_t>(nextCell, 1);
    return cell;
}

/// set_main_and_cell_language: "language" metadata back to a "%%lang" first line.
void setMainAndCellLanguage(json &metadata, std::vector<Cell> &cells, const Format &format)
{
    std::string main = defaultLanguage(metadata, format.ext, false);
    if (main.empty()) {
        std::map<std::string, double> votes{{"python", 0.5}};
        for (const Cell &cell : cells)
            if (const json *l = member(cell.metadata(), "language"); l && l->is_string())
                votes[usualLanguageName(l->get<std::string>())] += 1;
        main = std::max_element(votes.begin(), votes.end(),
                                [](const auto &a, const auto &b) { return a.second < b.second; })
                   ->first;
    }
    const json *kernelspec = member(metadata, "kernelspec");
    if (!(kernelspec && member(*kernelspec, "language")) && !cells.empty()) {
        if (!member(metadata, "jupytext") || !metadata["jupytext"].is_object())
            metadata["jupytext"] = json::object();
        metadata["jupytext"]["main_language"] = main;
    }
    for (Cell &cell : cells) {
        const json *l = member(cell.metadata(), "language");
        if (!l || !l->is_string())
            continue;
        const std::string language = l->get<std::string>();
        if (language == main) {
            cell.metadata().erase("language");
            continue;
        }
        if (usualLanguageName(language) == main || !isJupyterLanguage(language))
            continue;
        cell.metadata().erase("language");
        std::string first = (main != "csharp" ? "%%" : "#!") + language;
        if (const json *args = member(cell.metadata(), "magic_args")) {
            first += " " + (args->is_string() ? args->get<std::string>() : args->dump());
            cell.metadata().erase("magic_args");
        }
        cell.setSource(first + "\n" + cell.source());
    }
}

/// update_metadata_filters: remember which metadata the text file had, so that writing the
/// notebook back gives the same file.
void updateMetadataFilters(json &metadata, bool jupyterFound, const std::set<std::string> &cellKeys)
{
    auto jupytext = [&]() -> json & {
        if (!member(metadata, "jupytext") || !metadata["jupytext"].is_object())
            metadata["jupytext"] = json::object();
        return metadata["jupytext"];
    };
    auto isJupytextCellKey = [](std::string_view key) {
        return std::find(std::begin(kJupytextCellMetadata), std::end(kJupytextCellMetadata), key)
               != std::end(kJupytextCellMetadata);
    };
    if (!jupyterFound) {
        jupytext()["notebook_metadata_filter"] = "-all";
        if (!jupytext().contains("cell_metadata_filter")) {
            Lines entries;
            for (const std::string &key : cellKeys) // sorted (jupytext's order is a set's)
                if (!isJupytextCellKey(key))
                    entries.push_back(key);
            entries.emplace_back("-all");
            jupytext()["cell_metadata_filter"] = join(entries, ",");
        }
        return;
    }
    if (const json *jt = member(metadata, "jupytext"); jt && member(*jt, "cell_metadata_filter")) {
        MetadataFilter filter = parseFilter((*jt)["cell_metadata_filter"]);
        std::erase_if(filter.excluded.keys,
                      [&](const std::string &k) { return cellKeys.count(k) > 0; });
        if (!filter.additional.all)
            for (const std::string &key : cellKeys)
                if (!filter.additional.contains(key))
                    filter.additional.keys.push_back(key);
        Lines entries;
        if (filter.additional.all)
            entries.emplace_back("all");
        else
            for (const std::string &key : filter.additional.keys)
                if (!isJupytextCellKey(key))
                    entries.push_back(key);
        if (filter.excluded.all)
            entries.emplace_back("-all");
        else
            for (const std::string &key : filter.excluded.keys)
                entries.push_back("-" + key);
        jupytext()["cell_metadata_filter"] = join(entries, ",");
        return;
    }
    Lines filter;
    if (const json *jt = member(metadata, "jupytext"))
        for (const std::string &key : split(stringMember(*jt, "notebook_metadata_filter"), ','))
            if (!key.empty())
                filter.push_back(key);
    if (std::find(filter.begin(), filter.end(), "all") != filter.end()
        || std::find(filter.begin(), filter.end(), "-all") != filter.end())
        return;
    const Lines defaults = split(kDefaultNotebookMetadata, ',');
    const size_t before = filter.size();
    for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        const std::string &key = it.key();
        if (std::find(defaults.begin(), defaults.end(), key) != defaults.end()
            || std::find(filter.begin(), filter.end(), key) != filter.end()
            || std::find(filter.begin(), filter.end(), "-" + key) != filter.end())
            continue;
        filter.push_back(key);
    }
    if (filter.size() != before)
        jupytext()["notebook_metadata_filter"] = join(filter, ",");
}

} // namespace

std::string write(const Notebook &notebook)
{
    return Writer(notebook).run();
}

Result<Notebook> read(std::string_view text, const QString &fileName)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    Lines lines = splitLines(text);
    // A file saved with Windows line ends: every line break is "\r\n".
    const auto newlines = std::count(text.begin(), text.end(), '\n');
    if (newlines > 0) {
        std::ptrdiff_t crlf = 0;
        for (size_t p = text.find("\r\n"); p != std::string_view::npos;
             p = text.find("\r\n", p + 2))
            ++crlf;
        if (crlf == newlines)
            for (std::string &line : lines)
                if (line.ends_with('\r'))
                    line.pop_back();
    }

    Format format;
    const std::string suffix = "." + QFileInfo(fileName).suffix().toStdString();
    const ScriptLanguage *script = fileName.isEmpty() ? nullptr : scriptForExtension(suffix);
    const bool fromName = script != nullptr;
    if (!script)
        script = guessScript(lines);
    if (script)
        setScript(format, *script);

    Result<HeaderResult> header = readHeader(lines, format, fileName);
    if (!header)
        return header.error();
    json metadata = std::move(header->metadata);
    if (const json *jt = member(metadata, "jupytext")) {
        if (const json *representation = member(*jt, "text_representation")) {
            const ScriptLanguage *declared
                = scriptForExtension(stringMember(*representation, "extension"));
            if (declared && !fromName && declared->comment == format.comment)
                setScript(format, *declared);
            if (stringMember(*representation, "format_name") == "hydrogen")
                format.commentMagics = false;
        }
    }
    format.defaultLanguage = defaultLanguage(metadata, format.ext, false);
    if (format.defaultLanguage.empty())
        format.defaultLanguage = "python";
    applyFormatOptions(format, metadata);

    std::vector<Cell> cells;
    for (Cell &cell : header->cell)
        cells.push_back(std::move(cell));
    bool usedJson = false;
    for (size_t pos = header->next; pos < lines.size();) {
        size_t next = pos;
        cells.push_back(readCell(lines, pos, format, next, usedJson));
        pos = next;
    }

    setMainAndCellLanguage(metadata, cells, format);
    std::set<std::string> cellKeys;
    for (const Cell &cell : cells)
        if (cell.metadata().is_object())
            for (auto it = cell.metadata().begin(); it != cell.metadata().end(); ++it)
                cellKeys.insert(it.key());
    updateMetadataFilters(metadata, header->jupyterFound, cellKeys);
    if (usedJson) {
        if (!member(metadata, "jupytext") || !metadata["jupytext"].is_object())
            metadata["jupytext"] = json::object();
        if (!metadata["jupytext"].contains("cell_metadata_json"))
            metadata["jupytext"]["cell_metadata_json"] = true;
    }
    // jupytext keeps the text representation out of .ipynb files; so do we.
    if (member(metadata, "jupytext") && metadata["jupytext"].is_object()) {
        metadata["jupytext"].erase("text_representation");
        if (metadata["jupytext"].empty())
            metadata.erase("jupytext");
    }

    Notebook notebook;
    notebook.metadata() = std::move(metadata);
    notebook.cells() = std::move(cells);
    return notebook;
}

} // namespace cumulus::percentscript
