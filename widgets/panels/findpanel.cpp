// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "panels/findpanel.h"

#include "notebook/celleditor.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebookview.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QUndoStack>

#include <tuple>

namespace cumulus {

namespace {

// Typing waits this long before searching; document changes (typing in a cell, a running
// cell's outputs) wait longer, since nothing the user is looking at depends on them.
constexpr int kTypingDelayMs = 120;
constexpr int kDocumentDelayMs = 300;

bool sameMatch(const SearchMatch &a, const SearchMatch &b)
{
    return a.cell == b.cell && a.output == b.output && a.offset == b.offset
           && a.length == b.length;
}

} // namespace

FindPanel::FindPanel(QWidget *parent) : QWidget(parent)
{
    m_findLabel = new QLabel(this);
    m_findEdit = new QLineEdit(this);
    m_findEdit->setClearButtonEnabled(true);
    m_findLabel->setBuddy(m_findEdit);
    m_replaceLabel = new QLabel(this);
    m_replaceEdit = new QLineEdit(this);
    m_replaceEdit->setClearButtonEnabled(true);
    m_replaceLabel->setBuddy(m_replaceEdit);
    m_previousButton = new QPushButton(this);
    m_nextButton = new QPushButton(this);
    m_replaceButton = new QPushButton(this);
    m_replaceAllButton = new QPushButton(this);
    for (QPushButton *button :
         {m_previousButton, m_nextButton, m_replaceButton, m_replaceAllButton})
        button->setAutoDefault(false);
    m_caseBox = new QCheckBox(this);
    m_regexBox = new QCheckBox(this);
    m_wordBox = new QCheckBox(this);
    m_outputsBox = new QCheckBox(this);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel->setWordWrap(true);

    auto *grid = new QGridLayout(this);
    grid->addWidget(m_findLabel, 0, 0);
    grid->addWidget(m_findEdit, 0, 1);
    grid->addWidget(m_previousButton, 0, 2);
    grid->addWidget(m_nextButton, 0, 3);
    grid->addWidget(m_replaceLabel, 1, 0);
    grid->addWidget(m_replaceEdit, 1, 1);
    grid->addWidget(m_replaceButton, 1, 2);
    grid->addWidget(m_replaceAllButton, 1, 3);
    auto *optionsRow = new QHBoxLayout;
    for (QCheckBox *box : {m_caseBox, m_wordBox, m_regexBox, m_outputsBox})
        optionsRow->addWidget(box);
    optionsRow->addStretch(1);
    grid->addLayout(optionsRow, 2, 0, 1, 4);
    grid->addWidget(m_statusLabel, 3, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(4, 1);

    m_nextAction = new QAction(this);
    m_nextAction->setShortcuts(QKeySequence::FindNext);
    m_previousAction = new QAction(this);
    m_previousAction->setShortcuts(QKeySequence::FindPrevious);
    addAction(m_nextAction);
    addAction(m_previousAction);
    connect(m_nextAction, &QAction::triggered, this, &FindPanel::findNext);
    connect(m_previousAction, &QAction::triggered, this, &FindPanel::findPrevious);

    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    connect(m_searchTimer, &QTimer::timeout, this, [this] {
        const bool navigate = m_navigatePending;
        search();
        if (navigate) {
            const int first = firstMatchFromCursor(true);
            if (first >= 0)
                goTo(first);
        }
    });

    connect(m_findEdit, &QLineEdit::textChanged, this, &FindPanel::patternEdited);
    for (QCheckBox *box : {m_caseBox, m_wordBox, m_regexBox, m_outputsBox})
        connect(box, &QCheckBox::toggled, this, &FindPanel::patternEdited);
    connect(m_previousButton, &QPushButton::clicked, this, &FindPanel::findPrevious);
    connect(m_nextButton, &QPushButton::clicked, this, &FindPanel::findNext);
    connect(m_replaceButton, &QPushButton::clicked, this, &FindPanel::replace);
    connect(m_replaceAllButton, &QPushButton::clicked, this, [this] { replaceAll(); });
    m_findEdit->installEventFilter(this);
    m_replaceEdit->installEventFilter(this);

    retranslate();
    updateEnabled();
}

FindPanel::~FindPanel() = default;

void FindPanel::retranslate()
{
    m_findLabel->setText(tr("&Find:"));
    m_findEdit->setPlaceholderText(tr("Find in notebook"));
    m_replaceLabel->setText(tr("Re&place:"));
    m_replaceEdit->setPlaceholderText(tr("Replace with"));
    m_previousButton->setText(tr("Previous"));
    m_previousButton->setToolTip(tr("Previous match (Shift+F3, Shift+Enter)"));
    m_nextButton->setText(tr("Next"));
    m_nextButton->setToolTip(tr("Next match (F3, Enter)"));
    m_replaceButton->setText(tr("Replace"));
    m_replaceButton->setToolTip(tr("Replace this match in the cell's source and go to the next"));
    m_replaceAllButton->setText(tr("Replace All"));
    m_replaceAllButton->setToolTip(tr("Replace every match in all cell sources (one undo step)"));
    m_caseBox->setText(tr("Match &case"));
    m_wordBox->setText(tr("&Whole word"));
    m_regexBox->setText(tr("Re&gex"));
    m_regexBox->setToolTip(
        tr("Regular expression; in the replacement \\1 or $1 inserts a captured group"));
    m_outputsBox->setText(tr("Search &outputs"));
    m_outputsBox->setToolTip(tr("Also find text in outputs (replacing changes sources only)"));
    m_nextAction->setText(tr("Find &Next"));
    m_previousAction->setText(tr("Find Pre&vious"));
    updateStatus();
}

void FindPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FindPanel::setView(NotebookView *view)
{
    if (view == m_view && (!view || view->document() == m_document))
        return;
    m_view = view;
    attachDocument();
}

void FindPanel::attachDocument()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_document = m_view ? m_view->document() : nullptr;
    m_matches.clear();
    m_current = -1;
    m_message.clear();
    if (m_document) {
        NotebookDocument *document = m_document;
        const auto changed = [this] { documentChanged(); };
        m_connections << connect(document, &NotebookDocument::reset, this, changed)
                      << connect(document, &NotebookDocument::cellsInserted, this, changed)
                      << connect(document, &NotebookDocument::cellsRemoved, this, changed)
                      << connect(document, &NotebookDocument::cellsMoved, this, changed)
                      << connect(document, &NotebookDocument::cellChanged, this,
                                 [this](int, NotebookDocument::CellChanges changes) {
                                     using Change = NotebookDocument::CellChange;
                                     if ((changes & (Change::Source | Change::Type))
                                         || ((changes & Change::Outputs)
                                             && m_outputsBox->isChecked()))
                                         documentChanged();
                                 });
    }
    search();
    updateEnabled();
}

void FindPanel::documentChanged()
{
    m_stale = true;
    if (!findText().isEmpty() && !m_searchTimer->isActive())
        m_searchTimer->start(kDocumentDelayMs);
}

void FindPanel::patternEdited()
{
    m_message.clear();
    m_navigatePending = true;
    m_searchTimer->start(kTypingDelayMs);
    updateEnabled();
}

void FindPanel::setFindText(const QString &text)
{
    m_findEdit->setText(text);
}

QString FindPanel::findText() const
{
    return m_findEdit->text();
}

void FindPanel::setReplaceText(const QString &text)
{
    m_replaceEdit->setText(text);
}

QString FindPanel::replaceText() const
{
    return m_replaceEdit->text();
}

void FindPanel::setOptions(SearchOptions options)
{
    m_caseBox->setChecked(options.caseSensitive);
    m_regexBox->setChecked(options.regex);
    m_wordBox->setChecked(options.wholeWord);
    m_outputsBox->setChecked(options.includeOutputs);
}

SearchOptions FindPanel::options() const
{
    SearchOptions options;
    options.caseSensitive = m_caseBox->isChecked();
    options.regex = m_regexBox->isChecked();
    options.wholeWord = m_wordBox->isChecked();
    options.includeOutputs = m_outputsBox->isChecked();
    return options;
}

void FindPanel::refresh()
{
    search();
}

void FindPanel::search()
{
    m_searchTimer->stop();
    m_stale = false;
    m_navigatePending = false; // only the search the typing timer runs goes to a match
    if (m_view && m_view->document() != m_document) {
        attachDocument(); // calls search() again with the new document
        return;
    }
    const std::optional<SearchMatch> kept =
        m_current >= 0 && m_current < m_matches.size() ? std::optional(m_matches[m_current])
                                                        : std::nullopt;
    m_search.setPattern(findText(), options());
    m_matches = m_document ? m_search.findAll(m_document->notebook()) : QList<SearchMatch>();
    m_current = -1;
    if (kept) {
        for (int i = 0; i < m_matches.size(); ++i) {
            if (sameMatch(m_matches[i], *kept)) {
                m_current = i;
                break;
            }
        }
    }
    updateStatus();
    updateEnabled();
    Q_EMIT matchesChanged();
}

void FindPanel::ensureFresh()
{
    // The open editor's text reaches the document only on commit: take it first.
    if (m_view)
        m_view->commitEdit();
    // A pending search runs now, without its jump: the caller is about to go somewhere.
    if (m_stale || m_searchTimer->isActive() || (m_view && m_view->document() != m_document))
        search();
}

int FindPanel::firstMatchFromCursor(bool forward) const
{
    if (m_matches.isEmpty())
        return -1;
    if (!m_view || m_view->currentCell() < 0)
        return forward ? 0 : int(m_matches.size()) - 1;
    const int cell = m_view->currentCell();
    // Where the search starts: the current cell, and in it the editor's selection. Going
    // forward from a selection, a match starting where the selection starts counts, so that
    // typing more of a word keeps the match it is on.
    int line = -1;
    int index = -1;
    if (CellEditor *editor = m_view->editor()) {
        int lineFrom = 0, indexFrom = 0, lineTo = 0, indexTo = 0;
        editor->getSelection(&lineFrom, &indexFrom, &lineTo, &indexTo);
        if (lineFrom < 0)
            editor->getCursorPosition(&lineFrom, &indexFrom);
        line = lineFrom;
        index = indexFrom;
    }
    const auto key = [](const SearchMatch &m) {
        // Sources before outputs; in a source, by position.
        return std::tuple(m.cell, m.output < 0 ? -1 : m.output, m.line, m.charColumn);
    };
    if (forward) {
        const auto from = std::tuple(cell, -1, std::max(line, 0), std::max(index, 0));
        for (int i = 0; i < m_matches.size(); ++i)
            if (key(m_matches[i]) >= from)
                return i;
        return 0; // wrap around
    }
    const auto before = line < 0 ? std::tuple(cell, -1, 0, 0) : std::tuple(cell, -1, line, index);
    for (int i = int(m_matches.size()) - 1; i >= 0; --i)
        if (key(m_matches[i]) < before)
            return i;
    return int(m_matches.size()) - 1;
}

void FindPanel::findNext()
{
    step(1);
}

void FindPanel::findPrevious()
{
    step(-1);
}

void FindPanel::step(int delta)
{
    ensureFresh();
    if (m_matches.isEmpty()) {
        updateStatus();
        return;
    }
    const int n = int(m_matches.size());
    // Continue from the match shown while the user stays on its cell; after they moved
    // elsewhere, search from where they are.
    if (m_current >= 0 && m_view && m_view->currentCell() == m_matches[m_current].cell)
        goTo(((m_current + delta) % n + n) % n);
    else
        goTo(firstMatchFromCursor(delta > 0));
}

void FindPanel::goTo(int index)
{
    if (index < 0 || index >= m_matches.size())
        return;
    m_current = index;
    const SearchMatch match = m_matches[index];
    if (m_view && m_document && match.cell < m_document->cellCount()) {
        QWidget *focus = QApplication::focusWidget();
        const bool keepFocus = focus && (focus == this || isAncestorOf(focus));
        m_view->setCurrentCell(match.cell);
        m_view->scrollToCell(match.cell);
        if (match.inSource()) {
            m_view->enterEditMode();
            if (CellEditor *editor = m_view->editor()) {
                editor->setSelection(match.line, match.charColumn, match.endLine,
                                     match.charEndColumn);
                editor->ensureLineVisible(match.endLine);
            }
        } else if (m_view->mode() == NotebookView::Mode::Edit) {
            m_view->leaveEditMode();
        }
        if (keepFocus)
            focus->setFocus(Qt::OtherFocusReason);
    }
    updateStatus();
    Q_EMIT matchesChanged();
}

void FindPanel::replace()
{
    ensureFresh();
    if (!m_search.isValid() || !m_document)
        return;
    // Like most editors: the first press shows a match, the next replaces it.
    if (m_current < 0 || !m_view || m_view->currentCell() != m_matches[m_current].cell
        || !m_matches[m_current].inSource()) {
        step(1);
        return;
    }
    const SearchMatch match = m_matches[m_current];
    const std::string &old = m_document->cell(match.cell).source();
    const std::optional<std::string> result = m_search.replaceOne(old, match, replaceText());
    if (!result) {
        search();
        step(1);
        return;
    }
    const qsizetype replacementLength = QString::fromStdString(*result).size()
                                        - (QString::fromStdString(old).size() - match.length);
    auto *command = new SetCellSourcesCommand(m_document, {{match.cell, *result}}, tr("Replace"));
    if (m_view && m_view->undoStack()) {
        m_view->undoStack()->push(command);
    } else {
        command->redo();
        delete command;
    }
    m_current = -1;
    search();
    if (m_matches.isEmpty())
        return;
    // The next match after the text just inserted, so a replacement that contains the
    // pattern is not replaced again.
    int next = 0;
    for (int i = 0; i < m_matches.size(); ++i) {
        const SearchMatch &m = m_matches[i];
        if (m.cell > match.cell
            || (m.cell == match.cell
                && (!m.inSource() || m.offset >= match.offset + replacementLength))) {
            next = i;
            break;
        }
    }
    goTo(next);
}

int FindPanel::replaceAll()
{
    ensureFresh();
    if (!m_search.isValid() || !m_document)
        return 0;
    int count = 0;
    std::vector<SourceReplacement> sources =
        m_search.replaceAll(m_document->notebook(), replaceText(), &count);
    const int cells = int(sources.size());
    if (!sources.empty()) {
        auto *command = new SetCellSourcesCommand(m_document, std::move(sources),
                                                  tr("Replace All"));
        if (m_view && m_view->undoStack()) {
            m_view->undoStack()->push(command);
        } else {
            command->redo();
            delete command;
        }
    }
    m_current = -1;
    search();
    // Singular and plural spelled out: English needs no .qm file to read right.
    if (count == 0)
        m_message = tr("Nothing replaced.");
    else if (count == 1)
        m_message = tr("Replaced 1 match.");
    else if (cells == 1)
        m_message = tr("Replaced %n matches in 1 cell.", nullptr, count);
    else
        m_message = tr("Replaced %1 matches in %2 cells.").arg(count).arg(cells);
    updateStatus();
    return count;
}

QString FindPanel::statusText() const
{
    return m_statusLabel->text();
}

void FindPanel::updateStatus()
{
    QString text;
    bool error = false;
    if (!m_search.errorString().isEmpty()) {
        text = m_search.errorString();
        error = true;
    } else if (!m_search.isEmpty() && m_search.pattern() == findText()) {
        if (m_matches.isEmpty())
            text = tr("No results");
        else if (m_current >= 0)
            text = tr("%1 of %2").arg(m_current + 1).arg(m_matches.size());
        else
            text = m_matches.size() == 1 ? tr("1 result")
                                         : tr("%n results", nullptr, int(m_matches.size()));
    }
    if (!m_message.isEmpty() && !error)
        text = text.isEmpty() ? m_message : m_message + QStringLiteral(" ") + text;
    m_statusLabel->setText(text);
    QPalette palette = this->palette();
    if (error)
        palette.setColor(QPalette::WindowText, QColor(0xd0, 0x30, 0x30));
    m_statusLabel->setPalette(palette);
    m_findEdit->setToolTip(error ? text : QString());
}

void FindPanel::updateEnabled()
{
    const bool hasDocument = m_document != nullptr;
    const bool hasPattern = !findText().isEmpty();
    for (QPushButton *button :
         {m_previousButton, m_nextButton, m_replaceButton, m_replaceAllButton})
        button->setEnabled(hasDocument && hasPattern);
    m_nextAction->setEnabled(hasDocument && hasPattern);
    m_previousAction->setEnabled(hasDocument && hasPattern);
}

void FindPanel::activateFind()
{
    if (m_view) {
        if (CellEditor *editor = m_view->editor()) {
            const QString selected = editor->selectedText();
            if (!selected.isEmpty() && !selected.contains(QLatin1Char('\n'))
                && !selected.contains(QLatin1Char('\r')))
                setFindText(m_regexBox->isChecked() ? QRegularExpression::escape(selected)
                                                    : selected);
        }
    }
    m_findEdit->setFocus(Qt::ShortcutFocusReason);
    m_findEdit->selectAll();
}

void FindPanel::activateReplace()
{
    activateFind();
    if (!findText().isEmpty()) {
        m_replaceEdit->setFocus(Qt::ShortcutFocusReason);
        m_replaceEdit->selectAll();
    }
}

bool FindPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress
        && (watched == m_findEdit || watched == m_replaceEdit)) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (watched == m_replaceEdit && !(key->modifiers() & Qt::ShiftModifier))
                replace();
            else if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FindPanel::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT closeRequested();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace cumulus
