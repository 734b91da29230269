// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/celleditor.h"

#include "notebook/codehighlighter.h"
#include "notebook/notebooktheme.h"
#include "output/ansitext.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <QFontDatabase>
#include <QHeaderView>
#include <QKeyEvent>
#include <QScreen>
#include <QSet>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTreeWidget>

namespace cumulus {

namespace {

/// Gives a lexer the static highlighter's colours and one monospace font for every style.
void styleLexer(QsciLexer *lexer, const QFont &font, CodeLanguage language, const NotebookTheme &theme)
{
    lexer->setDefaultFont(font);
    lexer->setFont(font, -1);
    lexer->setDefaultPaper(theme.sourceBackground);
    lexer->setDefaultColor(codeTokenColor(CodeToken::Default, theme.dark));
    for (int style = 0; style < 128; ++style) {
        lexer->setColor(codeTokenColor(CodeToken::Default, theme.dark), style);
        lexer->setPaper(theme.sourceBackground, style);
    }
    auto set = [&](int style, CodeToken token) {
        lexer->setColor(codeTokenColor(token, theme.dark), style);
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
    setCaretLineVisible(false);
    setAutoIndent(true);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setTabWidth(4);
    setBackspaceUnindents(true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setFrameShape(QFrame::NoFrame);
    applyTheme();
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

void CellEditor::applyTheme()
{
    const NotebookTheme theme = NotebookTheme::forPalette(palette());
    setMarginsBackgroundColor(theme.gutterBackground);
    setMarginsForegroundColor(theme.gutterText);
    setPaper(theme.sourceBackground);
    setColor(codeTokenColor(CodeToken::Default, theme.dark));
    setCaretForegroundColor(palette().color(QPalette::Text));
    setMatchedBraceBackgroundColor(theme.dark ? QColor(0x2e, 0x5e, 0x3e) : QColor(0xd0, 0xe8, 0xd0));
    setSelectionBackgroundColor(palette().color(QPalette::Highlight));
    setSelectionForegroundColor(palette().color(QPalette::HighlightedText));
    if (QsciLexer *current = lexer())
        styleLexer(current, font(), codeLanguageFor(m_language), theme);
}

void CellEditor::changeEvent(QEvent *event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void CellEditor::setLanguage(const QString &language)
{
    m_language = language;
    const CodeLanguage kind = codeLanguageFor(language);
    QsciLexer *old = lexer();
    QsciLexer *next = nullptr;
    if (kind == CodeLanguage::Python)
        next = new PythonLexer(this);
    else if (kind == CodeLanguage::Cpp)
        next = new CudaCppLexer(this);
    if (next)
        styleLexer(next, font(), kind, NotebookTheme::forPalette(palette()));
    setLexer(next);
    if (!next) {
        setFont(font());
        applyTheme();
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
    m_language.clear();
    applyTheme();
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

void CellEditor::setCodeFont(const QFont &font)
{
    setFont(font);
    setMarginsFont(font);
    applyTheme(); // restyles the lexer with the new font
    if (marginWidth(0) > 0)
        setMarginWidth(0, lineNumberWidth(font));
    Q_EMIT contentHeightChanged();
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

namespace {

bool isModifierKey(int key)
{
    return key == Qt::Key_Shift || key == Qt::Key_Control || key == Qt::Key_Alt
        || key == Qt::Key_Meta || key == Qt::Key_AltGr || key == Qt::Key_CapsLock;
}

constexpr int kCompletionRows = 10;

} // namespace

void CellEditor::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    const Qt::KeyboardModifiers modifiers = event->modifiers()
        & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
    const bool modifierOnly = isModifierKey(key);

    // Any key but a bare modifier closes the documentation (Shift+Tab again re-asks).
    if (isDocumentationVisible() && !modifierOnly) {
        hideDocumentation();
        if (key == Qt::Key_Escape) {
            event->accept();
            return;
        }
    }
    if (isCompletionVisible()) {
        switch (key) {
        case Qt::Key_Escape:
            hideCompletion();
            event->accept();
            return;
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            if (modifiers == Qt::NoModifier) {
                const int step = (key == Qt::Key_PageUp || key == Qt::Key_PageDown) ? kCompletionRows - 1 : 1;
                moveCompletionSelection((key == Qt::Key_Up || key == Qt::Key_PageUp) ? -step : step);
                event->accept();
                return;
            }
            break;
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Tab:
            if (modifiers == Qt::NoModifier) {
                acceptCompletion(currentCompletion());
                event->accept();
                return;
            }
            break;
        default:
            break;
        }
    }
    if (key == Qt::Key_Escape && !isListActive()) {
        Q_EMIT escapePressed();
        event->accept();
        return;
    }
    // Jupyter's rule: with only blanks before the caret on its line Tab indents and
    // Shift+Tab dedents (QScintilla's own keys); after anything else they ask the kernel.
    const bool tab = key == Qt::Key_Tab && modifiers == Qt::NoModifier;
    const bool backtab =
        key == Qt::Key_Backtab || (key == Qt::Key_Tab && modifiers == Qt::ShiftModifier);
    if ((tab || backtab) && m_help && m_help->isAvailable() && !hasSelectedText()
        && !caretAfterBlank()) {
        if (tab)
            requestCompletion();
        else
            requestDocumentation();
        event->accept();
        return;
    }
    QsciScintilla::keyPressEvent(event);
    if (isCompletionVisible() && !modifierOnly)
        filterCompletions();
}

void CellEditor::focusOutEvent(QFocusEvent *event)
{
    hideCompletion();
    hideDocumentation();
    QsciScintilla::focusOutEvent(event);
}

void CellEditor::hideEvent(QHideEvent *event)
{
    hideCompletion();
    hideDocumentation();
    QsciScintilla::hideEvent(event);
}

void CellEditor::mousePressEvent(QMouseEvent *event)
{
    hideCompletion();
    hideDocumentation();
    QsciScintilla::mousePressEvent(event);
}

void CellEditor::setKernelHelp(KernelHelp *help)
{
    m_help = help;
}

int CellEditor::currentPosition() const
{
    return int(const_cast<CellEditor *>(this)->SendScintilla(SCI_GETCURRENTPOS));
}

CellEditor::Snapshot CellEditor::snapshot()
{
    Snapshot state;
    state.text = text();
    state.position = currentPosition();
    state.serial = ++m_requestSerial;
    return state;
}

bool CellEditor::isCurrent(const Snapshot &sent) const
{
    return sent.serial == m_requestSerial && sent.position == currentPosition()
        && sent.text == const_cast<CellEditor *>(this)->text();
}

bool CellEditor::caretAfterBlank() const
{
    auto *self = const_cast<CellEditor *>(this);
    const int position = currentPosition();
    const int line = int(self->SendScintilla(SCI_LINEFROMPOSITION, ulong(position)));
    const int lineStart = int(self->SendScintilla(SCI_POSITIONFROMLINE, ulong(line)));
    const QByteArray before = self->text(line).toUtf8().left(position - lineStart);
    return before.trimmed().isEmpty();
}

void CellEditor::replaceBytes(int start, int end, const QString &replacement)
{
    const QByteArray bytes = replacement.toUtf8();
    beginUndoAction();
    SendScintilla(SCI_SETTARGETRANGE, ulong(start), long(end));
    SendScintilla(SCI_REPLACETARGET, ulong(bytes.size()), bytes.constData());
    SendScintilla(SCI_GOTOPOS, ulong(start + int(bytes.size())));
    endUndoAction();
}

QPoint CellEditor::popupPosition(int bytePosition, const QSize &size) const
{
    auto *self = const_cast<CellEditor *>(this);
    const int x = int(self->SendScintilla(SCI_POINTXFROMPOSITION, 0UL, long(bytePosition)));
    const int y = int(self->SendScintilla(SCI_POINTYFROMPOSITION, 0UL, long(bytePosition)));
    const int lineHeight = int(self->SendScintilla(SCI_TEXTHEIGHT, 0UL));
    QPoint below = viewport()->mapToGlobal(QPoint(x, y + lineHeight));
    const QScreen *screen = this->screen();
    if (!screen)
        return below;
    const QRect available = screen->availableGeometry();
    if (below.y() + size.height() > available.bottom()
        && below.y() - lineHeight - size.height() >= available.top())
        below.setY(below.y() - lineHeight - size.height());
    below.setX(std::clamp(below.x(), available.left(),
                          std::max(available.left(), available.right() - size.width())));
    return below;
}

// Completion

void CellEditor::requestCompletion()
{
    hideCompletion();
    hideDocumentation();
    if (!m_help || !m_help->isAvailable())
        return;
    const Snapshot sent = snapshot();
    const int cursor = codePointsBefore(sent.text.toUtf8(), sent.position);
    m_help->complete(sent.text, cursor, this,
                     [this, sent](const CompletionReply &reply) { showCompletions(sent, reply); });
}

void CellEditor::showCompletions(const Snapshot &sent, const CompletionReply &reply)
{
    if (!isCurrent(sent) || !reply.ok)
        return;
    // Jupyter counts positions in code points, Scintilla in UTF-8 bytes.
    const QByteArray utf8 = sent.text.toUtf8();
    const int start = utf8OffsetOf(utf8, reply.cursorStart);
    int end = utf8OffsetOf(utf8, reply.cursorEnd);
    if (reply.cursorStart < 0 || reply.cursorEnd < reply.cursorStart)
        return;
    QList<CompletionItem> items;
    QSet<QString> seen;
    for (const CompletionItem &item : reply.items)
        if (!item.text.isEmpty() && !seen.contains(item.text)) {
            seen.insert(item.text);
            items.append(item);
        }
    if (items.isEmpty())
        return;
    if (items.size() == 1) {
        replaceBytes(start, end, items.first().text);
        Q_EMIT completionInserted(items.first().text);
        return;
    }
    // Like Jupyter, insert what every match shares before offering the list.
    const QString typed = QString::fromUtf8(utf8.mid(start, end - start));
    QString common = items.first().text;
    for (const CompletionItem &item : std::as_const(items)) {
        qsizetype i = 0;
        while (i < common.size() && i < item.text.size() && common[i] == item.text[i])
            ++i;
        common.truncate(i);
    }
    if (common.size() > typed.size() && common.startsWith(typed)) {
        replaceBytes(start, end, common);
        end = start + int(common.toUtf8().size());
    }

    m_completions = items;
    m_completionStart = start;
    m_completionTail = int(SendScintilla(SCI_GETLENGTH)) - end;
    if (!m_completionList) {
        m_completionList = new QTreeWidget(this);
        m_completionList->setObjectName(QStringLiteral("completionList"));
        m_completionList->setWindowFlags(Qt::ToolTip | Qt::WindowDoesNotAcceptFocus);
        m_completionList->setAttribute(Qt::WA_ShowWithoutActivating);
        m_completionList->setFocusPolicy(Qt::NoFocus);
        m_completionList->setHeaderHidden(true);
        m_completionList->setRootIsDecorated(false);
        m_completionList->setIndentation(0);
        m_completionList->setUniformRowHeights(true);
        m_completionList->setAllColumnsShowFocus(true);
        m_completionList->setColumnCount(2);
        m_completionList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        m_completionList->header()->setStretchLastSection(true);
        connect(m_completionList, &QTreeWidget::itemClicked, this,
                [this](QTreeWidgetItem *item) { acceptCompletion(item->text(0)); });
    }
    m_completionList->setFont(font());
    m_completionList->clear();
    QList<QTreeWidgetItem *> rows;
    for (const CompletionItem &item : std::as_const(items)) {
        auto *row = new QTreeWidgetItem({item.text, item.type});
        QFont typeFont = font();
        typeFont.setItalic(true);
        row->setFont(1, typeFont);
        if (!item.signature.isEmpty())
            row->setToolTip(0, item.text + item.signature);
        rows.append(row);
    }
    m_completionList->addTopLevelItems(rows);
    m_completionList->setCurrentItem(rows.first());
    m_completionTyped = QString::fromUtf8(text().toUtf8().mid(start, end - start));
    filterCompletions();
    if (isCompletionVisible())
        Q_EMIT completionShown();
}

void CellEditor::filterCompletions()
{
    if (!m_completionList || m_completions.isEmpty())
        return;
    const QByteArray utf8 = text().toUtf8();
    const int position = currentPosition();
    const int end = int(utf8.size()) - m_completionTail;
    if (position < m_completionStart || position > end || end < m_completionStart) {
        hideCompletion();
        return;
    }
    const QString typed = QString::fromUtf8(utf8.mid(m_completionStart, position - m_completionStart));
    // The kernel chose the matches for what was there when it was asked (they need not start
    // with it: paths, dict keys); what is typed since narrows them by prefix.
    const bool narrowed = typed != m_completionTyped;
    QTreeWidgetItem *firstVisible = nullptr;
    int visible = 0;
    for (int i = 0; i < m_completionList->topLevelItemCount(); ++i) {
        QTreeWidgetItem *row = m_completionList->topLevelItem(i);
        const bool show = !narrowed || row->text(0).startsWith(typed, Qt::CaseInsensitive);
        row->setHidden(!show);
        if (show) {
            ++visible;
            if (!firstVisible)
                firstVisible = row;
        }
    }
    if (!visible) {
        hideCompletion();
        return;
    }
    if (!m_completionList->currentItem() || m_completionList->currentItem()->isHidden())
        m_completionList->setCurrentItem(firstVisible);
    m_completionList->scrollToItem(m_completionList->currentItem());

    const int rowHeight = std::max(1, m_completionList->sizeHintForRow(0));
    const int frame = 2 * m_completionList->frameWidth();
    const QFontMetrics metrics(m_completionList->font());
    int nameWidth = 0;
    int typeWidth = 0;
    for (int i = 0; i < m_completionList->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *row = m_completionList->topLevelItem(i);
        nameWidth = std::max(nameWidth, metrics.horizontalAdvance(row->text(0)));
        typeWidth = std::max(typeWidth, metrics.horizontalAdvance(row->text(1)));
    }
    // Names, a gap of two spaces, types; room for the view's cell margins.
    const int space = metrics.horizontalAdvance(QLatin1Char(' '));
    m_completionList->setColumnWidth(0, nameWidth + 3 * space);
    int width = frame + nameWidth + typeWidth + 5 * space;
    if (visible > kCompletionRows)
        width += m_completionList->verticalScrollBar()->sizeHint().width();
    const QSize size(std::min(width, 640), std::min(visible, kCompletionRows) * rowHeight + frame);
    m_completionList->resize(size);
    m_completionList->move(popupPosition(m_completionStart, size));
    m_completionList->show();
}

void CellEditor::moveCompletionSelection(int delta)
{
    QList<QTreeWidgetItem *> shown;
    for (int i = 0; i < m_completionList->topLevelItemCount(); ++i)
        if (!m_completionList->topLevelItem(i)->isHidden())
            shown.append(m_completionList->topLevelItem(i));
    if (shown.isEmpty())
        return;
    const qsizetype at = shown.indexOf(m_completionList->currentItem());
    const qsizetype next = at < 0 ? 0 : std::clamp<qsizetype>(at + delta, 0, shown.size() - 1);
    m_completionList->setCurrentItem(shown[next]);
    m_completionList->scrollToItem(shown[next]);
}

bool CellEditor::isCompletionVisible() const
{
    return m_completionList && m_completionList->isVisible();
}

QList<CompletionItem> CellEditor::visibleCompletions() const
{
    QList<CompletionItem> shown;
    if (!isCompletionVisible())
        return shown;
    for (int i = 0; i < m_completionList->topLevelItemCount() && i < m_completions.size(); ++i)
        if (!m_completionList->topLevelItem(i)->isHidden())
            shown.append(m_completions[i]);
    return shown;
}

QString CellEditor::currentCompletion() const
{
    if (!isCompletionVisible() || !m_completionList->currentItem())
        return {};
    return m_completionList->currentItem()->text(0);
}

void CellEditor::acceptCompletion(const QString &completion)
{
    if (!isCompletionVisible())
        return;
    const int end = int(SendScintilla(SCI_GETLENGTH)) - m_completionTail;
    const int start = m_completionStart;
    hideCompletion();
    if (completion.isEmpty() || end < start)
        return;
    replaceBytes(start, end, completion);
    Q_EMIT completionInserted(completion);
}

void CellEditor::hideCompletion()
{
    if (m_completionList)
        m_completionList->hide();
    m_completions.clear();
}

// Documentation

void CellEditor::requestDocumentation()
{
    hideCompletion();
    hideDocumentation();
    if (!m_help || !m_help->isAvailable())
        return;
    const Snapshot sent = snapshot();
    const int cursor = codePointsBefore(sent.text.toUtf8(), sent.position);
    m_help->inspect(sent.text, cursor, 0, this,
                    [this, sent](const InspectReply &reply) { showDocumentation(sent, reply); });
}

void CellEditor::showDocumentation(const Snapshot &sent, const InspectReply &reply)
{
    if (!isCurrent(sent) || !reply.ok || !reply.found || reply.text.trimmed().isEmpty())
        return;
    if (!m_documentation) {
        m_documentation = new QTextBrowser(this);
        m_documentation->setObjectName(QStringLiteral("documentationTip"));
        m_documentation->setWindowFlags(Qt::ToolTip | Qt::WindowDoesNotAcceptFocus);
        m_documentation->setAttribute(Qt::WA_ShowWithoutActivating);
        m_documentation->setFocusPolicy(Qt::NoFocus);
        m_documentation->setFrameShape(QFrame::Box);
        m_documentation->setOpenLinks(false);
        m_documentation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    // ipykernel colours its headings ("Signature:", "Docstring:") with ANSI escapes.
    AnsiText ansi = parseAnsi(reply.text.toStdString(), palette());
    while (ansi.text.endsWith(QLatin1Char('\n')))
        ansi.text.chop(1);
    m_documentation->setFont(font());
    QTextDocument *document = m_documentation->document();
    document->clear();
    document->setDefaultFont(font());
    QTextCursor cursor(document);
    cursor.insertText(ansi.text);
    for (const QTextLayout::FormatRange &range : std::as_const(ansi.formats)) {
        const int from = std::min<int>(range.start, int(ansi.text.size()));
        const int to = std::min<int>(range.start + range.length, int(ansi.text.size()));
        if (to <= from)
            continue;
        cursor.setPosition(from);
        cursor.setPosition(to, QTextCursor::KeepAnchor);
        cursor.mergeCharFormat(range.format);
    }

    // At most about 80 columns and 12 lines; longer text scrolls.
    const QFontMetrics metrics(font());
    const int frame = 2 * m_documentation->frameWidth() + 2 * int(document->documentMargin());
    int widest = 0;
    for (const QString &line : ansi.text.split(QLatin1Char('\n')))
        widest = std::max(widest, metrics.horizontalAdvance(line));
    const int width = std::min(widest, metrics.horizontalAdvance(QLatin1Char('x')) * 80) + frame + 4;
    // Measured on a copy: the browser lays its own document out at its current width.
    const std::unique_ptr<QTextDocument> measure(document->clone());
    measure->setTextWidth(width - 2 * m_documentation->frameWidth());
    int height = int(std::ceil(measure->size().height())) + 2 * m_documentation->frameWidth();
    const int maxHeight = metrics.lineSpacing() * 12 + frame;
    if (height > maxHeight) {
        height = maxHeight;
        m_documentation->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    } else {
        m_documentation->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    const QSize size(width + (height == maxHeight ? m_documentation->verticalScrollBar()->sizeHint().width() : 0),
                     height);
    m_documentation->resize(size);
    m_documentation->move(popupPosition(currentPosition(), size));
    m_documentation->show();
    Q_EMIT documentationShown();
}

bool CellEditor::isDocumentationVisible() const
{
    return m_documentation && m_documentation->isVisible();
}

QString CellEditor::documentationText() const
{
    return isDocumentationVisible() ? m_documentation->toPlainText() : QString();
}

void CellEditor::hideDocumentation()
{
    if (m_documentation)
        m_documentation->hide();
}

} // namespace cumulus
