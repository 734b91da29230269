// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/celleditor.h"

#include "notebook/codehighlighter.h"


#include <QFontDatabase>
#include <QKeyEvent>

namespace cumulus {

namespace {

/// Gives a lexer the static highlighter's colours and one monospace font for every style.
void styleLexer(QsciLexer *lexer, const QFont &font, CodeLanguage language)
{
    lexer->setDefaultFont(font);
    lexer->setFont(font, -1);
    lexer->setDefaultPaper(Qt::transparent);
    for (int style = 0; style < 128; ++style) {
        lexer->setColor(codeTokenColor(CodeToken::Default), style);
        lexer->setPaper(QColor(0xf7, 0xf7, 0xf7), style);
    }
    auto set = [&](int style, CodeToken token) {
        lexer->setColor(codeTokenColor(token), style);
        QFont styled = font;
        styled.setBold(token == CodeToken::Keyword);
        styled.setItalic(token == CodeToken::Comment);
        lexer->setFont(styled, style);
    };
    if (language == CodeLanguage::Python) {
        set(QsciLexerPython::Comment, CodeToken::Comment);
        set(QsciLexerPython::CommentBlock, CodeToken::Comment);
        set(QsciLexerPython::Number, CodeToken::Number);
        set(QsciLexerPython::Keyword, CodeToken::Keyword);
        for (int style : {QsciLexerPython::DoubleQuotedString, QsciLexerPython::SingleQuotedString,
                          QsciLexerPython::TripleSingleQuotedString,
                          QsciLexerPython::TripleDoubleQuotedString, QsciLexerPython::DoubleQuotedFString,
                          QsciLexerPython::SingleQuotedFString, QsciLexerPython::TripleSingleQuotedFString,
                          QsciLexerPython::TripleDoubleQuotedFString, QsciLexerPython::UnclosedString})
            set(style, CodeToken::String);
        set(QsciLexerPython::Decorator, CodeToken::Decorator);
        set(QsciLexerPython::HighlightedIdentifier, CodeToken::Builtin);
    } else if (language == CodeLanguage::Cpp) {
        for (int style : {QsciLexerCPP::Comment, QsciLexerCPP::CommentLine, QsciLexerCPP::CommentDoc,
                          QsciLexerCPP::CommentLineDoc})
            set(style, CodeToken::Comment);
        set(QsciLexerCPP::Number, CodeToken::Number);
        set(QsciLexerCPP::Keyword, CodeToken::Keyword);
        set(QsciLexerCPP::KeywordSet2, CodeToken::Keyword);
        for (int style : {QsciLexerCPP::DoubleQuotedString, QsciLexerCPP::SingleQuotedString,
                          QsciLexerCPP::RawString, QsciLexerCPP::UnclosedString})
            set(style, CodeToken::String);
        set(QsciLexerCPP::PreProcessor, CodeToken::Preprocessor);
    }
}

/// QsciLexerCPP with CUDA's qualifiers as a second keyword set.
class CudaCppLexer : public QsciLexerCPP
{
public:
    using QsciLexerCPP::QsciLexerCPP;
    const char *keywords(int set) const override
    {
        if (set == 2)
            return "__global__ __device__ __host__ __shared__ __constant__ __managed__ "
                   "__restrict__ __syncthreads threadIdx blockIdx blockDim gridDim warpSize";
        return QsciLexerCPP::keywords(set);
    }
};

class PythonLexer : public QsciLexerPython
{
public:
    using QsciLexerPython::QsciLexerPython;
    const char *keywords(int set) const override
    {
        if (set == 2) // HighlightedIdentifier: the builtins the static highlighter colours
            return "print len range enumerate zip map filter list dict set tuple int float str "
                   "bool open isinstance super sum min max abs sorted type object self";
        return QsciLexerPython::keywords(set);
    }
};

} // namespace

CellEditor::CellEditor(QWidget *parent) : QsciScintilla(parent)
{
    setUtf8(true);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    setMarginsFont(mono);
    setMarginWidth(1, 0); // no symbol margin
    setMarginWidth(0, 0);
    setMarginsBackgroundColor(QColor(0xf0, 0xf0, 0xf0));
    setMarginsForegroundColor(QColor(0x99, 0x99, 0x99));
    setPaper(QColor(0xf7, 0xf7, 0xf7));
    setCaretLineVisible(false);
    setAutoIndent(true);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setTabWidth(4);
    setBackspaceUnindents(true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setMatchedBraceBackgroundColor(QColor(0xd0, 0xe8, 0xd0));
    setFrameShape(QFrame::NoFrame);
    // The view scrolls, not the editor: it is always as tall as its text.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1);
    SendScintilla(SCI_SETENDATLASTLINE, 0);
    connect(this, &QsciScintilla::linesChanged, this, [this] {
        if (lines() != m_lastLineCount) {
            m_lastLineCount = lines();
            Q_EMIT contentHeightChanged();
        }
    });
    connect(this, &QsciScintilla::textChanged, this, [this] {
        // Wrapped prose changes height without changing its line count.
        if (wrapMode() != WrapNone)
            Q_EMIT contentHeightChanged();
    });
}

void CellEditor::setLanguage(const QString &language)
{
    const CodeLanguage kind = codeLanguageFor(language);
    QsciLexer *old = lexer();
    QsciLexer *next = nullptr;
    if (kind == CodeLanguage::Python)
        next = new PythonLexer(this);
    else if (kind == CodeLanguage::Cpp)
        next = new CudaCppLexer(this);
    if (next)
        styleLexer(next, font(), kind);
    setLexer(next);
    if (!next) {
        setFont(font());
        setPaper(QColor(0xf7, 0xf7, 0xf7));
    }
    delete old;
    setWrapMode(WrapNone);
}

void CellEditor::setPlainProse(bool prose)
{
    if (!prose)
        return;
    QsciLexer *old = lexer();
    setLexer(nullptr);
    delete old;
    setWrapMode(WrapWord);
}

int CellEditor::lineNumberWidth(const QFont &font)
{
    return QFontMetrics(font).horizontalAdvance(QStringLiteral("0000")) + 8;
}

void CellEditor::setTextIndent(int pixels)
{
    SendScintilla(SCI_SETMARGINLEFT, 0UL, long(pixels));
}

void CellEditor::setLineNumbersVisible(bool visible)
{
    setMarginLineNumbers(0, visible);
    setMarginWidth(0, visible ? lineNumberWidth(font()) : 0);
}

int CellEditor::contentHeight() const
{
    int rows = lines();
    if (wrapMode() != WrapNone)
        rows = int(const_cast<CellEditor *>(this)->SendScintilla(SCI_VISIBLEFROMDOCLINE, long(lines())));
    const int lineHeight =
        int(const_cast<CellEditor *>(this)->SendScintilla(SCI_TEXTHEIGHT, 0UL));
    return std::max(1, rows) * lineHeight + 2 * frameWidth();
}

void CellEditor::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && !isListActive()) {
        Q_EMIT escapePressed();
        event->accept();
        return;
    }
    QsciScintilla::keyPressEvent(event);
}

} // namespace cumulus
