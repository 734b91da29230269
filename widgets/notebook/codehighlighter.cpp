// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/codehighlighter.h"

#include <QSet>

namespace cumulus {

QColor codeTokenColor(CodeToken token, bool dark)
{
    if (dark) {
        // JupyterLab's dark theme.
        switch (token) {
        case CodeToken::Keyword:
        case CodeToken::Builtin:
            return QColor(0x81, 0xc7, 0x84);
        case CodeToken::String:
            return QColor(0xff, 0x8a, 0x80);
        case CodeToken::Comment:
            return QColor(0x80, 0xcb, 0xc4);
        case CodeToken::Number:
            return QColor(0xa5, 0xd6, 0xa7);
        case CodeToken::Decorator:
            return QColor(0xce, 0x93, 0xd8);
        case CodeToken::Preprocessor:
            return QColor(0xff, 0xcc, 0x80);
        case CodeToken::Default:
            break;
        }
        return QColor(0xe0, 0xe0, 0xe0);
    }
    // JupyterLab's light theme (CodeMirror "jupyter" colours).
    switch (token) {
    case CodeToken::Keyword:
        return QColor(0x00, 0x80, 0x00);
    case CodeToken::Builtin:
        return QColor(0x00, 0x80, 0x00);
    case CodeToken::String:
        return QColor(0xba, 0x21, 0x21);
    case CodeToken::Comment:
        return QColor(0x40, 0x80, 0x80);
    case CodeToken::Number:
        return QColor(0x08, 0x80, 0x00);
    case CodeToken::Decorator:
        return QColor(0xaa, 0x22, 0xff);
    case CodeToken::Preprocessor:
        return QColor(0xbc, 0x7a, 0x00);
    case CodeToken::Default:
        break;
    }
    return QColor(0x21, 0x21, 0x21);
}

CodeLanguage codeLanguageFor(const QString &language)
{
    const QString name = language.trimmed().toLower();
    if (name == u"python" || name == u"python3" || name == u"ipython" || name == u"ipython3")
        return CodeLanguage::Python;
    if (name == u"c++" || name == u"cpp" || name == u"cuda" || name == u"c" || name == u"cuda-c++"
        || name == u"c++17" || name == u"c++20")
        return CodeLanguage::Cpp;
    return CodeLanguage::Plain;
}

namespace {

const QSet<QString> &keywords(CodeLanguage language)
{
    static const QSet<QString> python = [] {
        QSet<QString> set;
        for (const char *word :
             {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
              "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
              "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
              "raise", "return", "try", "while", "with", "yield", "match", "case"})
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    static const QSet<QString> cpp = [] {
        QSet<QString> set;
        for (const char *word :
             {"auto", "bool", "break", "case", "catch", "char", "class", "const", "constexpr",
              "continue", "default", "delete", "do", "double", "else", "enum", "explicit",
              "extern", "false", "float", "for", "if", "inline", "int", "long", "namespace",
              "new", "nullptr", "operator", "private", "protected", "public", "return", "short",
              "signed", "sizeof", "static", "struct", "switch", "template", "this", "throw",
              "true", "try", "typedef", "typename", "union", "unsigned", "using", "virtual",
              "void", "volatile", "while", "__global__", "__device__", "__host__", "__shared__",
              "__constant__", "size_t", "uint32_t", "int64_t"})
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    static const QSet<QString> none;
    return language == CodeLanguage::Python ? python : language == CodeLanguage::Cpp ? cpp : none;
}

const QSet<QString> &pythonBuiltins()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        for (const char *word : {"print", "len", "range", "enumerate", "zip", "map", "filter",
                                 "list", "dict", "set", "tuple", "int", "float", "str", "bool",
                                 "open", "isinstance", "super", "sum", "min", "max", "abs",
                                 "sorted", "type", "object", "self"})
            s.insert(QString::fromLatin1(word));
        return s;
    }();
    return set;
}

bool isIdentifierStart(QChar c) { return c.isLetter() || c == u'_'; }
bool isIdentifierPart(QChar c) { return c.isLetterOrNumber() || c == u'_'; }

} // namespace

QTextCharFormat codeTokenFormat(CodeToken token, bool dark)
{
    QTextCharFormat format;
    format.setForeground(codeTokenColor(token, dark));
    if (token == CodeToken::Keyword)
        format.setFontWeight(QFont::Bold);
    if (token == CodeToken::Comment)
        format.setFontItalic(true);
    return format;
}

QList<QTextLayout::FormatRange> highlightCode(const QString &source, CodeLanguage language, bool dark)
{
    QList<QTextLayout::FormatRange> ranges;
    const QList<CodeSpan> spans = tokenizeCode(source, language);
    ranges.reserve(spans.size());
    for (const CodeSpan &span : spans)
        ranges.append({span.start, span.length, codeTokenFormat(span.token, dark)});
    return ranges;
}

QList<CodeSpan> tokenizeCode(const QString &source, CodeLanguage language)
{
    QList<CodeSpan> ranges;
    if (language == CodeLanguage::Plain)
        return ranges;
    auto add = [&](qsizetype start, qsizetype end, CodeToken token) {
        if (end <= start)
            return;
        ranges.append({int(start), int(end - start), token});
    };
    const bool python = language == CodeLanguage::Python;
    const QSet<QString> &words = keywords(language);
    const qsizetype n = source.size();
    bool lineStart = true;
    qsizetype i = 0;
    while (i < n) {
        const QChar c = source.at(i);
        if (c == u'\n') {
            lineStart = true;
            ++i;
            continue;
        }
        if (c.isSpace()) {
            ++i;
            continue;
        }
        const qsizetype start = i;
        // Comments.
        if ((python && c == u'#') || (!python && c == u'/' && i + 1 < n && source.at(i + 1) == u'/')) {
            while (i < n && source.at(i) != u'\n')
                ++i;
            add(start, i, CodeToken::Comment);
            continue;
        }
        if (!python && c == u'/' && i + 1 < n && source.at(i + 1) == u'*') {
            const qsizetype end = source.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 2;
            add(start, i, CodeToken::Comment);
            continue;
        }
        if (!python && c == u'#' && lineStart) {
            while (i < n && source.at(i) != u'\n')
                ++i;
            add(start, i, CodeToken::Preprocessor);
            continue;
        }
        lineStart = false;
        if (python && c == u'@') {
            ++i;
            while (i < n && (isIdentifierPart(source.at(i)) || source.at(i) == u'.'))
                ++i;
            add(start, i, CodeToken::Decorator);
            continue;
        }
        // Strings (Python prefixes such as f, r, b are part of the identifier scan below).
        if (c == u'"' || c == u'\'') {
            const bool triple = python && i + 2 < n && source.at(i + 1) == c && source.at(i + 2) == c;
            i += triple ? 3 : 1;
            while (i < n) {
                const QChar d = source.at(i);
                if (d == u'\\') {
                    i += 2;
                    continue;
                }
                if (!triple && d == u'\n')
                    break;
                if (d == c) {
                    if (!triple) {
                        ++i;
                        break;
                    }
                    if (i + 2 < n && source.at(i + 1) == c && source.at(i + 2) == c) {
                        i += 3;
                        break;
                    }
                }
                ++i;
            }
            i = std::min(i, n);
            add(start, i, CodeToken::String);
            continue;
        }
        if (c.isDigit() || (c == u'.' && i + 1 < n && source.at(i + 1).isDigit())) {
            while (i < n && (source.at(i).isLetterOrNumber() || source.at(i) == u'.'
                             || source.at(i) == u'_'))
                ++i;
            add(start, i, CodeToken::Number);
            continue;
        }
        if (isIdentifierStart(c)) {
            while (i < n && isIdentifierPart(source.at(i)))
                ++i;
            // A string prefix (f"", rb'') colours with its string.
            if (python && i < n && (source.at(i) == u'"' || source.at(i) == u'\'') && i - start <= 2)
                continue;
            const QString word = source.mid(start, i - start);
            if (words.contains(word))
                add(start, i, CodeToken::Keyword);
            else if (python && pythonBuiltins().contains(word))
                add(start, i, CodeToken::Builtin);
            continue;
        }
        ++i;
    }
    return ranges;
}

} // namespace cumulus
