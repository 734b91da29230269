// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "output/ansitext.h"

#include <QTextCharFormat>

#include <algorithm>
#include <array>
#include <compare>
#include <map>
#include <vector>

namespace cumulus {

namespace {

constexpr int kDefault = -1;
// Colours are a palette index (0–255) or a 24-bit colour tagged with this bit.
constexpr int kRgb = 1 << 24;

struct Sgr
{
    int fg = kDefault;
    int bg = kDefault;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    bool inverse = false;

    auto operator<=>(const Sgr &) const = default;
};

bool isControl(unsigned char c)
{
    return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
}

/// Applies the parameters of one SGR sequence ("ESC [ params m").
void applySgr(Sgr &sgr, std::string_view params)
{
    // Groups are separated by ';'; ISO 8613-6 sub-parameters ("38:2::r:g:b") by ':'.
    std::vector<std::vector<int>> groups;
    std::vector<int> group;
    int value = 0;
    bool any = false;
    for (size_t i = 0; i <= params.size(); ++i) {
        const char c = i < params.size() ? params[i] : ';';
        if (c >= '0' && c <= '9') {
            value = std::min(value * 10 + (c - '0'), 1 << 20);
            any = true;
        } else if (c == ':' || c == ';') {
            group.push_back(any ? value : 0);
            value = 0;
            any = false;
            if (c == ';') {
                groups.push_back(std::move(group));
                group.clear();
            }
        }
    }

    auto extendedColor = [&](size_t &g, int &target) {
        // "38;5;n" / "38;2;r;g;b" (separate groups) or "38:5:n" / "38:2:[cs]:r:g:b" (one group).
        std::vector<int> args;
        if (groups[g].size() > 1) {
            args.assign(groups[g].begin() + 1, groups[g].end());
            if (args.size() == 5 && args[0] == 2)
                args.erase(args.begin() + 1); // colour space id
        } else {
            auto first = [&](size_t k) { return groups[k].empty() ? 0 : groups[k][0]; };
            if (g + 1 < groups.size()) {
                const int mode = first(g + 1);
                const size_t need = mode == 5 ? 2 : (mode == 2 ? 4 : 1);
                for (size_t m = 0; m < need && g + 1 + m < groups.size(); ++m)
                    args.push_back(first(g + 1 + m));
            }
            g += args.size();
        }
        if (args.size() >= 2 && args[0] == 5) {
            if (args[1] >= 0 && args[1] < 256)
                target = args[1];
        } else if (args.size() >= 4 && args[0] == 2) {
            auto clamp = [](int v) { return std::clamp(v, 0, 255); };
            target = kRgb | (clamp(args[1]) << 16) | (clamp(args[2]) << 8) | clamp(args[3]);
        }
    };

    for (size_t g = 0; g < groups.size(); ++g) {
        const int p = groups[g].empty() ? 0 : groups[g][0];
        if (p == 0) {
            sgr = Sgr();
        } else if (p == 1) {
            sgr.bold = true;
        } else if (p == 3) {
            sgr.italic = true;
        } else if (p == 4) {
            sgr.underline = true;
        } else if (p == 7) {
            sgr.inverse = true;
        } else if (p == 21 || p == 22) {
            sgr.bold = false;
        } else if (p == 23) {
            sgr.italic = false;
        } else if (p == 24) {
            sgr.underline = false;
        } else if (p == 27) {
            sgr.inverse = false;
        } else if (p >= 30 && p <= 37) {
            sgr.fg = p - 30;
        } else if (p == 38) {
            extendedColor(g, sgr.fg);
        } else if (p == 39) {
            sgr.fg = kDefault;
        } else if (p >= 40 && p <= 47) {
            sgr.bg = p - 40;
        } else if (p == 48) {
            extendedColor(g, sgr.bg);
        } else if (p == 49) {
            sgr.bg = kDefault;
        } else if (p >= 90 && p <= 97) {
            sgr.fg = p - 90 + 8;
        } else if (p >= 100 && p <= 107) {
            sgr.bg = p - 100 + 8;
        }
        // Others (faint, blink, fonts, …) are ignored, as Jupyter does.
    }
}

QColor resolve(int color)
{
    if (color == kDefault)
        return {};
    if (color & kRgb)
        return QColor::fromRgb(QRgb(0xff000000u | unsigned(color & 0xffffff)));
    return AnsiText::paletteColor(color);
}

QTextCharFormat toFormat(const Sgr &sgr, const QPalette &palette)
{
    int fg = sgr.fg;
    // Bold with one of the 8 standard colours draws the bright variant, as Jupyter does.
    if (sgr.bold && fg >= 0 && fg < 8)
        fg += 8;
    QColor fgColor = resolve(fg);
    QColor bgColor = resolve(sgr.bg);
    if (sgr.inverse) {
        const QColor newFg = bgColor.isValid() ? bgColor : palette.color(QPalette::Base);
        bgColor = fgColor.isValid() ? fgColor : palette.color(QPalette::Text);
        fgColor = newFg;
    }
    QTextCharFormat format;
    if (fgColor.isValid())
        format.setForeground(fgColor);
    if (bgColor.isValid())
        format.setBackground(bgColor);
    if (sgr.bold)
        format.setFontWeight(QFont::Bold);
    if (sgr.italic)
        format.setFontItalic(true);
    if (sgr.underline)
        format.setFontUnderline(true);
    return format;
}

/// Builds the text as a terminal would show it: one format index per UTF-16 unit.
class Builder
{
public:
    void write(std::string_view utf8)
    {
        if (utf8.empty())
            return;
        const QString s = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        if (m_cursor == m_text.size()) {
            m_text += s;
            m_formats.insert(m_formats.end(), size_t(s.size()), m_current);
            m_cursor = m_text.size();
            return;
        }
        for (const QChar c : s) {
            if (m_cursor < m_text.size()) {
                m_text[m_cursor] = c;
                m_formats[size_t(m_cursor)] = m_current;
            } else {
                m_text += c;
                m_formats.push_back(m_current);
            }
            ++m_cursor;
        }
    }
    void newline()
    {
        m_cursor = m_text.size();
        m_text += QLatin1Char('\n');
        m_formats.push_back(m_current);
        m_cursor = m_lineStart = m_text.size();
    }
    void carriageReturn() { m_cursor = m_lineStart; }
    void backspace()
    {
        if (m_cursor > m_lineStart)
            --m_cursor;
    }
    void setSgr(const Sgr &sgr)
    {
        auto [it, inserted] = m_index.try_emplace(sgr, quint32(m_table.size()));
        if (inserted)
            m_table.push_back(sgr);
        m_current = it->second;
    }

    AnsiText finish(const QPalette &palette)
    {
        AnsiText result;
        std::vector<QTextCharFormat> formats;
        formats.reserve(m_table.size());
        for (const Sgr &sgr : m_table)
            formats.push_back(toFormat(sgr, palette));
        const qsizetype n = m_text.size();
        for (qsizetype i = 0; i < n;) {
            const quint32 index = m_formats[size_t(i)];
            qsizetype j = i + 1;
            while (j < n && m_formats[size_t(j)] == index)
                ++j;
            if (index != 0)
                result.formats.append({int(i), int(j - i), formats[index]});
            i = j;
        }
        result.text = std::move(m_text);
        return result;
    }

private:
    QString m_text;
    std::vector<quint32> m_formats;
    qsizetype m_cursor = 0;
    qsizetype m_lineStart = 0;
    quint32 m_current = 0;
    std::vector<Sgr> m_table{Sgr()};
    std::map<Sgr, quint32> m_index{{Sgr(), 0}};
};

} // namespace

QColor AnsiText::standardColor(int index)
{
    // The ansi-* colours of Jupyter's classic notebook (and JupyterLab's light theme):
    // "intense" variants are darker there, which reads better on white.
    static const std::array<QRgb, 16> colors = {
        0x3e424d, 0xe75c58, 0x00a250, 0xddb62b, 0x208ffb, 0xd160c4, 0x60c6c8, 0xc5c1b4,
        0x282c36, 0xb22b31, 0x007427, 0xb27d12, 0x0065ca, 0xa03196, 0x258f8f, 0xa1a6b2,
    };
    if (index < 0 || index >= 16)
        return {};
    return QColor::fromRgb(0xff000000u | colors[size_t(index)]);
}

QColor AnsiText::paletteColor(int index)
{
    if (index < 0 || index > 255)
        return {};
    if (index < 16)
        return standardColor(index);
    if (index < 232) {
        static const std::array<int, 6> levels = {0, 95, 135, 175, 215, 255};
        const int i = index - 16;
        return QColor(levels[size_t(i / 36)], levels[size_t(i / 6 % 6)], levels[size_t(i % 6)]);
    }
    const int gray = 8 + 10 * (index - 232);
    return QColor(gray, gray, gray);
}

AnsiText parseAnsi(std::string_view utf8, const QPalette &palette)
{
    // Most output has no escapes or control characters at all.
    if (std::none_of(utf8.begin(), utf8.end(), [](char c) { return isControl(uchar(c)); })) {
        AnsiText plain;
        plain.text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        return plain;
    }

    Builder builder;
    Sgr sgr;
    const size_t n = utf8.size();
    size_t segment = 0;
    size_t i = 0;
    auto flush = [&] { builder.write(utf8.substr(segment, i - segment)); };
    while (i < n) {
        const auto c = uchar(utf8[i]);
        if (c != '\n' && !isControl(c)) {
            ++i;
            continue;
        }
        flush();
        if (c == '\n') {
            builder.newline();
            ++i;
        } else if (c == '\r') {
            size_t j = i;
            while (j < n && utf8[j] == '\r')
                ++j;
            if (j < n && utf8[j] == '\n') {
                builder.newline();
                ++j;
            } else {
                builder.carriageReturn();
            }
            i = j;
        } else if (c == '\b') {
            builder.backspace();
            ++i;
        } else if (c == 0x1b) {
            if (i + 1 >= n) {
                i = n;
            } else if (utf8[i + 1] == '[') {
                // CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, final 0x40–0x7E.
                size_t j = i + 2;
                while (j < n && uchar(utf8[j]) >= 0x30 && uchar(utf8[j]) <= 0x3f)
                    ++j;
                const std::string_view params = utf8.substr(i + 2, j - (i + 2));
                while (j < n && uchar(utf8[j]) >= 0x20 && uchar(utf8[j]) <= 0x2f)
                    ++j;
                if (j < n && uchar(utf8[j]) >= 0x40 && uchar(utf8[j]) <= 0x7e) {
                    const bool privateMode = !params.empty() && uchar(params[0]) >= 0x3c;
                    if (utf8[j] == 'm' && !privateMode) {
                        applySgr(sgr, params);
                        builder.setSgr(sgr);
                    }
                    i = j + 1;
                } else {
                    i = j; // malformed: drop what was read
                }
            } else if (utf8[i + 1] == ']' || utf8[i + 1] == 'P' || utf8[i + 1] == 'X'
                       || utf8[i + 1] == '^' || utf8[i + 1] == '_') {
                // OSC (hyperlinks, window titles), DCS, SOS, PM, APC: up to BEL or ST (ESC \).
                size_t j = i + 2;
                while (j < n && utf8[j] != '\a'
                       && !(utf8[j] == 0x1b && j + 1 < n && utf8[j + 1] == '\\'))
                    ++j;
                i = j >= n ? n : (utf8[j] == '\a' ? j + 1 : j + 2);
            } else {
                // Two-byte escapes (ESC 7, ESC =) and charset selections (ESC ( B).
                size_t j = i + 1;
                while (j < n && uchar(utf8[j]) >= 0x20 && uchar(utf8[j]) <= 0x2f)
                    ++j;
                i = std::min(n, j + 1);
            }
        } else {
            ++i; // other control characters (BEL, NUL, …) are not shown
        }
        segment = i;
    }
    flush();
    return builder.finish(palette);
}

} // namespace cumulus
