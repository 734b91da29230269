// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "notebook/notebookview.h"

#include "notebook/cellcommands.h"
#include "notebook/celleditor.h"
#include "notebook/codehighlighter.h"
#include "notebook/kernelhelp.h"
#include "notebook/notebooktheme.h"
#include "output/outputarea.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QImage>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QMessageBox>
#include <QPainter>
#include <QScrollBar>
#include <QTextDocument>
#include <QTextLayout>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <cmath>

namespace cumulus {

namespace {

constexpr int kCellGap = 10;      // vertical space between cells
constexpr int kPromptWidth = 76;  // the "[12]:" column
constexpr int kRightMargin = 14;
constexpr int kPad = 6;           // inside a source box
constexpr int kOutputGap = 6;     // between a source box and its outputs
constexpr int kMaxRenderedCells = 240;
constexpr int kRepaintIntervalMs = 33; // ≤ 30 repaints a second from running cells

constexpr int kHiddenOutputsHeight = 12;
const char kCellsMimeType[] = "application/x-cumulus-cells";

/// Jupyter's two ways of saying "outputs hidden" (classic: collapsed; Lab: outputs_hidden).
bool outputsHidden(const Cell &cell)
{
    const auto &metadata = cell.metadata();
    if (!metadata.is_object())
        return false;
    if (auto it = metadata.find("collapsed"); it != metadata.end() && it->is_boolean() && it->get<bool>())
        return true;
    if (auto jupyter = metadata.find("jupyter"); jupyter != metadata.end() && jupyter->is_object()) {
        auto hidden = jupyter->find("outputs_hidden");
        return hidden != jupyter->end() && hidden->is_boolean() && hidden->get<bool>();
    }
    return false;
}

int countLines(std::string_view text)
{
    if (text.empty())
        return 1;
    int lines = int(std::count(text.begin(), text.end(), '\n')) + 1;
    if (text.back() == '\n')
        --lines;
    return std::max(1, lines);
}

QString toLayoutText(const std::string &source)
{
    QString text = QString::fromUtf8(source.data(), qsizetype(source.size()));
    text.replace(u'\n', QChar::LineSeparator);
    return text;
}

} // namespace

/// Per-cell state. Heavy parts (layouts, rendered outputs) exist only for cells near the
/// viewport; height stays once known.
struct NotebookView::CellItem
{
    int height = 0;
    bool exact = false; ///< height measured at m_laidOutWidth (else estimated)
    int sourceHeight = 0;
    int outputsHeight = 0;
    std::unique_ptr<QTextLayout> code;         // code and raw cells
    std::unique_ptr<QTextDocument> markdown;   // rendered markdown cells
    std::unique_ptr<OutputArea> outputs;
    std::vector<int> expandedOutputs;          // survives releasing the OutputArea
    RunState runState = RunState::None;
    QString runInfo;
    int inputHeight = 0; ///< an input() prompt under the outputs
    bool editing = false;
    quint64 lastPainted = 0;

    bool rendered() const { return code || markdown || outputs; }
    void release()
    {
        if (outputs) {
            expandedOutputs.clear();
            for (int i = 0; i < outputs->outputCount(); ++i)
                if (!outputs->isCollapsed(i))
                    expandedOutputs.push_back(i);
        }
        code.reset();
        markdown.reset();
        outputs.reset();
    }
};

/// Where the parts of a cell lie, relative to the cell's top-left.
struct NotebookView::Geometry
{
    QRect source;  ///< the source box (code, raw, markdown being edited) or rendered markdown
    QRect outputs; ///< empty when there are none
};

NotebookView::NotebookView(QWidget *parent)
    : QAbstractScrollArea(parent), m_undoStack(new QUndoStack(this)), m_changeTimer(new QTimer(this))
{
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    viewport()->setMouseTracking(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_changeTimer->setSingleShot(true);
    m_changeTimer->setInterval(kRepaintIntervalMs);
    connect(m_changeTimer, &QTimer::timeout, this, &NotebookView::flushPendingChanges);
    const QFontMetrics mono(m_codeFont);
    verticalScrollBar()->setSingleStep(mono.lineSpacing() * 3);
}

NotebookView::~NotebookView() = default;

void NotebookView::setDocument(NotebookDocument *document)
{
    if (m_document == document)
        return;
    closeEditor(true);
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &NotebookDocument::reset, this, &NotebookView::rebuildItems);
        connect(m_document, &NotebookDocument::cellsInserted, this, &NotebookView::onCellsInserted);
        connect(m_document, &NotebookDocument::cellsRemoved, this, &NotebookView::onCellsRemoved);
        connect(m_document, &NotebookDocument::cellsMoved, this, &NotebookView::onCellsMoved);
        connect(m_document, &NotebookDocument::cellChanged, this, &NotebookView::onCellChanged);
        connect(m_document, &QObject::destroyed, this, [this] {
            // m_document is null by now: nothing below may look at cells.
            closeEditor(false);
            cancelInputPrompt();
            m_items.clear();
            recomputeOffsets();
        });
        const QString language = QString::fromStdString(m_document->notebook().language());
        if (!language.isEmpty())
            m_language = language;
    }
    rebuildItems();
}

void NotebookView::setLanguage(const QString &language)
{
    if (language.isEmpty() || language == m_language)
        return;
    m_language = language;
    for (auto &item : m_items) {
        item->code.reset();
    }
    if (m_editor && m_document && m_document->cell(m_editorCell).type() == CellType::Code)
        m_editor->setLanguage(m_language);
    viewport()->update();
}

void NotebookView::rebuildItems()
{
    closeEditor(false);
    cancelInputPrompt();
    m_items.clear();
    m_pendingCells.clear();
    const int count = m_document ? m_document->cellCount() : 0;
    m_items.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        auto item = std::make_unique<CellItem>();
        item->height = estimateHeight(i);
        m_items.push_back(std::move(item));
    }
    m_current = count > 0 ? 0 : -1;
    m_anchor = -1;
    m_undoStack->clear();
    m_mode = Mode::Command;
    recomputeOffsets();
    verticalScrollBar()->setValue(0);
    viewport()->update();
    Q_EMIT currentCellChanged(m_current);
}

int NotebookView::contentWidth() const
{
    return std::max(80, viewport()->width() - kPromptWidth - kRightMargin);
}

int NotebookView::estimateHeight(int index) const
{
    // Cheap and close: line counts times line heights. Corrected by ensureLaidOut().
    const Cell &cell = m_document->cell(index);
    const QFontMetrics mono(m_codeFont);
    const QFontMetrics prose(font());
    int height = kCellGap;
    if (cell.type() == CellType::Markdown) {
        const int lines = countLines(cell.source());
        return height + lines * prose.lineSpacing() * 3 / 2 + 2 * kPad;
    }
    height += countLines(cell.source()) * mono.lineSpacing() + 2 * kPad;
    if (cell.type() != CellType::Code || cell.outputs().empty())
        return height;
    height += kOutputGap;
    if (outputsHidden(cell))
        return height + kHiddenOutputsHeight;
    const int collapsed = OutputArea::collapsedHeight();
    for (const Output &output : cell.outputs()) {
        int h = mono.lineSpacing();
        switch (output.type()) {
        case OutputType::Stream:
            h = countLines(output.text()) * mono.lineSpacing();
            break;
        case OutputType::Error:
            h = int(output.traceback().size()) * mono.lineSpacing() * 2;
            break;
        case OutputType::DisplayData:
        case OutputType::ExecuteResult: {
            const auto &bundle = output.data();
            if (bundle.contains("image/png") || bundle.contains("image/jpeg")
                || bundle.contains("image/svg+xml"))
                h = 300;
            else if (bundle.contains("text/html"))
                h = 200;
            else
                h = countLines(output.dataText("text/plain")) * mono.lineSpacing();
            break;
        }
        case OutputType::Unknown:
            break;
        }
        height += std::min(h, collapsed + mono.lineSpacing()) + 4;
    }
    return height;
}

NotebookView::Geometry NotebookView::geometry(int index) const
{
    const CellItem &item = *m_items[size_t(index)];
    Geometry g;
    const int top = kCellGap / 2;
    g.source = QRect(kPromptWidth, top, contentWidth(), item.sourceHeight);
    if (item.outputsHeight > 0)
        g.outputs = QRect(kPromptWidth, top + item.sourceHeight + kOutputGap, contentWidth(),
                          item.outputsHeight);
    return g;
}

void NotebookView::ensureLaidOut(int index)
{
    CellItem &item = *m_items[size_t(index)];
    const int width = contentWidth();
    if (item.exact && item.rendered() && m_laidOutWidth == width)
        return;
    const Cell &cell = m_document->cell(index);
    const QFont &mono = m_codeFont;
    const int lineSpacing = QFontMetrics(mono).lineSpacing();

    if (item.editing && m_editor && m_editorCell == index) {
        item.sourceHeight = m_editor->contentHeight() + 2 * kPad;
    } else if (cell.type() == CellType::Markdown) {
        if (!item.markdown) {
            auto doc = std::make_unique<QTextDocument>();
            doc->setDefaultFont(font());
            doc->setDocumentMargin(kPad);
            if (!m_document->filePath().isEmpty())
                doc->setBaseUrl(QUrl::fromLocalFile(
                    QFileInfo(m_document->filePath()).absolutePath() + QLatin1Char('/')));
            const QString source = QString::fromStdString(cell.source());
            if (source.trimmed().isEmpty())
                doc->setPlainText(tr("Empty markdown cell. Double-click or press Enter to edit."));
            else
                doc->setMarkdown(source, QTextDocument::MarkdownDialectGitHub);
            // attachment:name images come from the cell's attachments (base64 mime bundles).
            // Added after setMarkdown(), which clears a document's resources.
            const auto &attachments = cell.attachments();
            if (attachments.is_object()) {
                for (auto it = attachments.begin(); it != attachments.end(); ++it) {
                    if (!it.value().is_object())
                        continue;
                    for (auto mime = it.value().begin(); mime != it.value().end(); ++mime) {
                        if (!mime.value().is_string() || mime.key().rfind("image/", 0) != 0)
                            continue;
                        QImage image;
                        const std::string &b64 = mime.value().get_ref<const std::string &>();
                        if (image.loadFromData(QByteArray::fromBase64(QByteArray::fromRawData(
                                b64.data(), qsizetype(b64.size()))))) {
                            doc->addResource(QTextDocument::ImageResource,
                                             QUrl(QStringLiteral("attachment:")
                                                  + QString::fromStdString(it.key())),
                                             image);
                            break;
                        }
                    }
                }
            }
            item.markdown = std::move(doc);
        }
        item.markdown->setTextWidth(width);
        item.sourceHeight = int(std::ceil(item.markdown->size().height()));
    } else {
        if (!item.code) {
            auto layout = std::make_unique<QTextLayout>(toLayoutText(cell.source()), mono);
            QTextOption option;
            option.setWrapMode(QTextOption::NoWrap);
            layout->setTextOption(option);
            if (cell.type() == CellType::Code) {
                QString plain = layout->text();
                plain.replace(QChar::LineSeparator, u'\n');
                layout->setFormats(highlightCode(plain, codeLanguageFor(m_language),
                                                 NotebookTheme::isDark(palette())));
            }
            layout->beginLayout();
            qreal y = 0;
            for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
                line.setLineWidth(1e6);
                line.setPosition(QPointF(0, y));
                y += lineSpacing;
            }
            layout->endLayout();
            item.code = std::move(layout);
        }
        item.sourceHeight = std::max(1, item.code->lineCount()) * lineSpacing + 2 * kPad;
    }

    item.outputsHeight = 0;
    if (cell.type() == CellType::Code && !cell.outputs().empty() && outputsHidden(cell)) {
        item.outputs.reset();
        item.outputsHeight = kHiddenOutputsHeight;
    } else if (cell.type() == CellType::Code && !cell.outputs().empty()) {
        if (!item.outputs) {
            OutputStyle style;
            style.textFont = font();
            style.monospaceFont = mono;
            style.palette = palette();
            item.outputs = std::make_unique<OutputArea>(style);
            item.outputs->setOutputs(cell.outputs());
            for (int expanded : item.expandedOutputs)
                if (expanded < item.outputs->outputCount())
                    item.outputs->setCollapsed(expanded, false);
        }
        item.outputsHeight = item.outputs->heightForWidth(width);
    } else {
        item.outputs.reset();
    }
    item.inputHeight = m_input.widget && m_input.cell == index ? m_input.widget->sizeHint().height() + 4 : 0;
    item.height = kCellGap + item.sourceHeight
                  + (item.outputsHeight > 0 ? kOutputGap + item.outputsHeight : 0) + item.inputHeight;
    item.exact = true;
}

void NotebookView::recomputeOffsets()
{
    m_tops.resize(m_items.size() + 1);
    int y = 0;
    for (size_t i = 0; i < m_items.size(); ++i) {
        m_tops[i] = y;
        y += m_items[i]->height;
    }
    m_tops[m_items.size()] = y;
    updateScrollBar();
}

void NotebookView::updateScrollBar()
{
    const int total = m_tops.empty() ? 0 : m_tops.back();
    QScrollBar *bar = verticalScrollBar();
    bar->setPageStep(viewport()->height());
    bar->setRange(0, std::max(0, total + kCellGap - viewport()->height()));
}

int NotebookView::cellTop(int index) const
{
    return m_tops[size_t(index)];
}

int NotebookView::firstCellBelow(int y) const
{
    // The cell containing y (or the first one after it).
    if (m_items.empty())
        return 0;
    auto it = std::upper_bound(m_tops.begin(), m_tops.end() - 1, y);
    return std::max(0, int(it - m_tops.begin()) - 1);
}

void NotebookView::layoutVisible()
{
    if (!m_document || m_items.empty())
        return;
    const int width = contentWidth();
    if (m_laidOutWidth != width) {
        // New width: every measured height is stale; keep the first visible cell in place.
        for (auto &item : m_items) {
            item->exact = false;
            if (item->markdown || item->outputs)
                item->release();
        }
        m_laidOutWidth = width;
    }
    const int scroll = verticalScrollBar()->value();
    const int anchor = firstCellBelow(scroll);
    const int anchorOffset = scroll - cellTop(anchor);
    bool changed = false;
    int y = cellTop(anchor);
    const int bottom = scroll + viewport()->height();
    for (int i = anchor; i < int(m_items.size()) && y < bottom + kCellGap; ++i) {
        const int before = m_items[size_t(i)]->height;
        ensureLaidOut(i);
        m_items[size_t(i)]->lastPainted = m_paintGeneration;
        changed |= m_items[size_t(i)]->height != before;
        y += m_items[size_t(i)]->height;
    }
    if (changed) {
        recomputeOffsets();
        const QSignalBlocker blocker(verticalScrollBar());
        verticalScrollBar()->setValue(cellTop(anchor) + anchorOffset);
    }
}

void NotebookView::releaseFarCells()
{
    int rendered = 0;
    for (const auto &item : m_items)
        rendered += item->rendered() ? 1 : 0;
    if (rendered <= kMaxRenderedCells)
        return;
    // Drop the layouts painted longest ago; their heights stay.
    std::vector<CellItem *> candidates;
    for (auto &item : m_items)
        if (item->rendered() && !item->editing)
            candidates.push_back(item.get());
    std::sort(candidates.begin(), candidates.end(),
              [](const CellItem *a, const CellItem *b) { return a->lastPainted < b->lastPainted; });
    for (size_t i = 0; i < candidates.size() && rendered > kMaxRenderedCells / 2; ++i) {
        if (candidates[i]->lastPainted == m_paintGeneration)
            break;
        candidates[i]->release();
        --rendered;
    }
}

int NotebookView::renderedCellCount() const
{
    return int(std::count_if(m_items.begin(), m_items.end(),
                             [](const auto &item) { return item->rendered(); }));
}

int NotebookView::cellWidgetCount() const
{
    return int(viewport()->findChildren<QWidget *>(Qt::FindDirectChildrenOnly).size());
}

void NotebookView::paintEvent(QPaintEvent *event)
{
    ++m_paintGeneration;
    layoutVisible();
    QPainter painter(viewport());
    painter.fillRect(event->rect(), palette().base());
    if (!m_document || m_items.empty())
        return;
    const int scroll = verticalScrollBar()->value();
    const int bottom = scroll + viewport()->height();
    for (int i = firstCellBelow(scroll); i < int(m_items.size()) && cellTop(i) < bottom; ++i) {
        const QRect rect(0, cellTop(i) - scroll, viewport()->width(), m_items[size_t(i)]->height);
        if (rect.intersects(event->rect()))
            paintCell(painter, i, rect, event->rect());
    }
    painter.end();
    layoutChildren();
    QTimer::singleShot(0, this, &NotebookView::releaseFarCells);
}

void NotebookView::paintCell(QPainter &painter, int index, const QRect &rect, const QRect &clip)
{
    const NotebookTheme theme = NotebookTheme::forPalette(palette());
    CellItem &item = *m_items[size_t(index)];
    const Cell &cell = m_document->cell(index);
    const Geometry g = geometry(index);
    painter.save();
    painter.translate(rect.topLeft());

    if (m_anchor >= 0 && index != m_current && index >= std::min(m_anchor, m_current)
        && index <= std::max(m_anchor, m_current))
        painter.fillRect(QRect(7, kCellGap / 4, rect.width() - 7, rect.height() - kCellGap / 2), theme.selection);
    if (index == m_current) {
        const QColor bar = m_mode == Mode::Edit ? theme.editBar : theme.commandBar;
        painter.fillRect(QRect(2, kCellGap / 4, 5, rect.height() - kCellGap / 2), bar);
        if (hasFocus() || (m_editor && m_editor->hasFocus()))
            painter.fillRect(QRect(7, kCellGap / 4, rect.width() - 7, rect.height() - kCellGap / 2),
                             theme.currentCellTint);
    }

    const QFont &mono = m_codeFont;
    if (cell.type() == CellType::Code) {
        painter.setFont(mono);
        painter.setPen(theme.prompt);
        QString prompt;
        if (item.runState == RunState::Queued)
            painter.setPen(theme.queuedPrompt);
        if (item.runState != RunState::None)
            prompt = QStringLiteral("[*]:");
        else if (auto count = cell.executionCount())
            prompt = QStringLiteral("[%1]:").arg(*count);
        else
            prompt = QStringLiteral("[ ]:");
        painter.drawText(QRect(0, g.source.top() + kPad, kPromptWidth - 8, QFontMetrics(mono).height()),
                         Qt::AlignRight | Qt::AlignTop, prompt);
        if (item.runState == RunState::Running) // the busy marker
            painter.fillRect(QRect(kPromptWidth - 5, g.source.top(), 3, g.source.height()),
                             theme.busyMarker);
        if (!item.runInfo.isEmpty()) {
            QFont small = font();
            small.setPointSizeF(small.pointSizeF() * 0.8);
            painter.setFont(small);
            painter.setPen(theme.runInfo);
            const int lineHeight = QFontMetrics(mono).height();
            painter.drawText(QRect(0, g.source.top() + kPad + lineHeight, kPromptWidth - 8,
                                   QFontMetrics(small).height()),
                             Qt::AlignRight | Qt::AlignTop, item.runInfo);
        }
    }

    if (cell.type() == CellType::Markdown && !item.editing) {
        if (item.markdown) {
            painter.save();
            painter.translate(g.source.topLeft());
            QAbstractTextDocumentLayout::PaintContext context;
            context.palette = palette();
            if (cell.source().empty() || QString::fromStdString(cell.source()).trimmed().isEmpty())
                context.palette.setColor(QPalette::Text, theme.placeholder);
            context.clip = QRectF(clip.translated(-rect.topLeft() - g.source.topLeft()));
            item.markdown->documentLayout()->draw(&painter, context);
            painter.restore();
        }
    } else {
        painter.setPen(theme.sourceBorder);
        painter.setBrush(theme.sourceBackground);
        painter.drawRect(g.source.adjusted(0, 0, -1, -1));
        if (!item.editing && item.code) {
            painter.save();
            painter.setClipRect(g.source.adjusted(1, 1, -1, -1));
            int textLeft = g.source.left() + kPad;
            if (m_lineNumbers && cell.type() == CellType::Code) {
                // The same gutter the editor shows, so entering edit mode moves nothing.
                const int gutter = CellEditor::lineNumberWidth(mono);
                painter.fillRect(QRect(g.source.left() + 1, g.source.top() + 1, gutter,
                                       g.source.height() - 2),
                                 theme.gutterBackground);
                painter.setFont(mono);
                painter.setPen(theme.gutterText);
                const int lineSpacing = QFontMetrics(mono).lineSpacing();
                for (int line = 0; line < item.code->lineCount(); ++line)
                    painter.drawText(QRect(g.source.left() + 1, g.source.top() + kPad + line * lineSpacing,
                                           gutter - 4, lineSpacing),
                                     Qt::AlignRight | Qt::AlignVCenter, QString::number(line + 1));
                textLeft += gutter;
            }
            painter.setPen(palette().color(QPalette::Text));
            item.code->draw(&painter, QPointF(textLeft, g.source.top() + kPad));
            painter.restore();
        }
    }

    if (!item.outputs && !g.outputs.isEmpty()) {
        // Hidden outputs: a thin bar that shows them again when clicked (or O).
        painter.setPen(Qt::NoPen);
        painter.setBrush(theme.hiddenOutputs);
        painter.drawRoundedRect(QRect(g.outputs.left(), g.outputs.top() + 3, 60, kHiddenOutputsHeight - 6), 3, 3);
    }
    if (m_dragCell >= 0 && m_dropIndex == index) {
        painter.fillRect(QRect(kPromptWidth, 0, g.source.width(), 2), theme.commandBar);
    } else if (m_dragCell >= 0 && m_dropIndex == int(m_items.size()) && index == m_dropIndex - 1) {
        painter.fillRect(QRect(kPromptWidth, rect.height() - 2, g.source.width(), 2), theme.commandBar);
    }
    if (item.outputs && !g.outputs.isEmpty()) {
        painter.save();
        painter.translate(g.outputs.topLeft());
        const QRect local = clip.translated(-rect.topLeft() - g.outputs.topLeft());
        painter.setClipRect(QRect(0, 0, g.outputs.width(), g.outputs.height()));
        item.outputs->paint(&painter, g.outputs.width(), local);
        painter.restore();
    }
    painter.restore();
}

void NotebookView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
    viewport()->update();
}

void NotebookView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx)
    Q_UNUSED(dy)
    viewport()->update();
    layoutChildren();
}

void NotebookView::changeEvent(QEvent *event)
{
    // A new palette (light/dark theme) or font: every cached layout has the old colours.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        for (auto &item : m_items) {
            item->release();
            item->exact = false;
        }
        m_laidOutWidth = -1;
        if (m_editor && m_editorCell >= 0 && m_document
            && m_document->cell(m_editorCell).type() == CellType::Code)
            m_editor->setLanguage(m_language); // restyles the lexer
        viewport()->update();
    }
    QAbstractScrollArea::changeEvent(event);
}

QRect NotebookView::cellRect(int index)
{
    if (!m_document || index < 0 || index >= int(m_items.size()))
        return {};
    if (m_laidOutWidth != contentWidth())
        layoutVisible();
    const int before = m_items[size_t(index)]->height;
    ensureLaidOut(index);
    if (m_items[size_t(index)]->height != before)
        recomputeOffsets();
    return QRect(0, cellTop(index) - verticalScrollBar()->value(), viewport()->width(),
                 m_items[size_t(index)]->height);
}

int NotebookView::cellAt(const QPoint &viewportPos)
{
    if (m_items.empty())
        return -1;
    const int y = viewportPos.y() + verticalScrollBar()->value();
    if (y < 0 || y >= m_tops.back())
        return -1;
    return firstCellBelow(y);
}

void NotebookView::scrollToCell(int index)
{
    if (index < 0 || index >= int(m_items.size()))
        return;
    const QRect rect = cellRect(index);
    QScrollBar *bar = verticalScrollBar();
    if (rect.top() < 0)
        bar->setValue(bar->value() + rect.top());
    else if (rect.bottom() > viewport()->height())
        bar->setValue(bar->value() + std::min(rect.top(), rect.bottom() - viewport()->height() + kCellGap));
    viewport()->update();
}

void NotebookView::ensureCurrentVisible()
{
    scrollToCell(m_current);
}

void NotebookView::setCurrentCell(int index)
{
    if (!m_document || m_items.empty())
        return;
    index = std::clamp(index, 0, int(m_items.size()) - 1);
    if (m_anchor >= 0) {
        m_anchor = -1;
        viewport()->update();
    }
    if (index == m_current)
        return;
    if (m_mode == Mode::Edit)
        leaveEditMode();
    m_current = index;
    m_pendingKey = 0;
    ensureCurrentVisible();
    viewport()->update();
    Q_EMIT currentCellChanged(m_current);
}

void NotebookView::enterEditMode()
{
    if (!m_document || m_current < 0)
        return;
    if (m_editor && m_editorCell == m_current) {
        m_editor->setFocus();
        return;
    }
    closeEditor(true);
    const Cell &cell = m_document->cell(m_current);
    m_editor = new CellEditor(viewport());
    m_editor->setCodeFont(m_codeFont);
    m_editorCell = m_current;
    if (cell.type() == CellType::Code)
        m_editor->setLanguage(m_language);
    else
        m_editor->setPlainProse(true);
    m_editor->setLineNumbersVisible(m_lineNumbers && cell.type() == CellType::Code);
    // Prose gets no kernel help: Tab would complete Python names in markdown.
    m_editor->setKernelHelp(cell.type() == CellType::Code ? m_kernelHelp.data() : nullptr);
    m_editor->setTextIndent(kPad - 1);
    m_editor->setText(QString::fromStdString(cell.source()));
    m_editor->installEventFilter(this);
    connect(m_editor, &CellEditor::escapePressed, this, &NotebookView::leaveEditMode);
    connect(m_editor, &CellEditor::contentHeightChanged, this, [this] {
        if (m_editorCell < 0)
            return;
        CellItem &item = *m_items[size_t(m_editorCell)];
        item.exact = false;
        ensureLaidOut(m_editorCell);
        recomputeOffsets();
        layoutChildren();
        viewport()->update();
    });
    CellItem &item = *m_items[size_t(m_current)];
    item.editing = true;
    item.exact = false;
    item.markdown.reset();
    ensureLaidOut(m_current);
    recomputeOffsets();
    m_mode = Mode::Edit;
    layoutChildren();
    m_editor->show();
    m_editor->setFocus();
    ensureCurrentVisible();
    viewport()->update();
    Q_EMIT modeChanged(m_mode);
}

void NotebookView::commitEdit()
{
    if (!m_editor || !m_document || m_editorCell < 0)
        return;
    m_document->setCellSource(m_editorCell, m_editor->text().toStdString());
}

void NotebookView::closeEditor(bool commit)
{
    if (!m_editor)
        return;
    if (commit)
        commitEdit();
    CellEditor *editor = m_editor;
    const int cell = m_editorCell;
    m_editor = nullptr;
    m_editorCell = -1;
    editor->removeEventFilter(this);
    editor->hide();
    editor->deleteLater();
    if (m_document && cell >= 0 && cell < int(m_items.size())) {
        CellItem &item = *m_items[size_t(cell)];
        item.editing = false;
        item.exact = false;
        item.code.reset();
        item.markdown.reset();
        ensureLaidOut(cell);
        recomputeOffsets();
    }
}

void NotebookView::leaveEditMode()
{
    const bool hadFocus = m_editor && m_editor->hasFocus();
    closeEditor(true);
    if (m_mode != Mode::Command) {
        m_mode = Mode::Command;
        Q_EMIT modeChanged(m_mode);
    }
    if (hadFocus || !hasFocus())
        setFocus();
    viewport()->update();
}

void NotebookView::layoutChildren()
{
    layoutEditor();
    if (m_input.widget && m_input.cell >= 0 && m_input.cell < int(m_items.size())) {
        const CellItem &item = *m_items[size_t(m_input.cell)];
        const int top = cellTop(m_input.cell) - verticalScrollBar()->value() + item.height
                        - kCellGap / 2 - item.inputHeight;
        m_input.widget->setGeometry(kPromptWidth, top + 2, contentWidth(), item.inputHeight - 4);
    }
}

void NotebookView::layoutEditor()
{
    if (!m_editor || m_editorCell < 0 || m_editorCell >= int(m_items.size()))
        return;
    const Geometry g = geometry(m_editorCell);
    const int top = cellTop(m_editorCell) - verticalScrollBar()->value();
    // Text at the same place as in the painted cell: kPad above and left of it.
    m_editor->setGeometry(g.source.translated(0, top).adjusted(1, kPad, -1, -kPad));
}

void NotebookView::setCodeFont(const QFont &font)
{
    if (font == m_codeFont)
        return;
    m_codeFont = font;
    verticalScrollBar()->setSingleStep(QFontMetrics(m_codeFont).lineSpacing() * 3);
    for (auto &item : m_items) {
        item->release();
        item->exact = false;
        if (m_document)
            item->height = estimateHeight(int(&item - m_items.data()));
    }
    m_laidOutWidth = -1;
    recomputeOffsets();
    if (m_editor)
        m_editor->setCodeFont(m_codeFont);
    if (m_input.widget)
        for (QWidget *child : m_input.widget->findChildren<QWidget *>())
            child->setFont(m_codeFont);
    viewport()->update();
}

void NotebookView::setKernelHelp(KernelHelp *help)
{
    m_kernelHelp = help;
    if (m_editor && m_document && m_editorCell >= 0
        && m_document->cell(m_editorCell).type() == CellType::Code)
        m_editor->setKernelHelp(help);
}

void NotebookView::setLineNumbersVisible(bool visible)
{
    m_lineNumbers = visible;
    viewport()->update();
    if (m_editor && m_document && m_document->cell(m_editorCell).type() == CellType::Code)
        m_editor->setLineNumbersVisible(visible);
}

void NotebookView::setCellRunState(int index, RunState state)
{
    if (index < 0 || index >= int(m_items.size()) || m_items[size_t(index)]->runState == state)
        return;
    m_items[size_t(index)]->runState = state;
    viewport()->update();
}

NotebookView::RunState NotebookView::cellRunState(int index) const
{
    if (index < 0 || index >= int(m_items.size()))
        return RunState::None;
    return m_items[size_t(index)]->runState;
}

void NotebookView::setCellRunInfo(int index, const QString &text)
{
    if (index < 0 || index >= int(m_items.size()))
        return;
    m_items[size_t(index)]->runInfo = text;
    viewport()->update();
}

QString NotebookView::cellRunInfo(int index) const
{
    if (index < 0 || index >= int(m_items.size()))
        return {};
    return m_items[size_t(index)]->runInfo;
}

void NotebookView::showInputPrompt(int index, const QString &prompt, bool password,
                                   std::function<void(std::optional<QString>)> answer)
{
    cancelInputPrompt();
    if (!m_document || index < 0 || index >= int(m_items.size())) {
        if (answer)
            answer(std::nullopt);
        return;
    }
    auto *widget = new QWidget(viewport());
    widget->setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(widget);
    layout->setContentsMargins(0, 2, 0, 2);
    auto *label = new QLabel(prompt, widget);
    label->setFont(m_codeFont);
    auto *edit = new QLineEdit(widget);
    edit->setFont(m_codeFont);
    edit->setEchoMode(password ? QLineEdit::Password : QLineEdit::Normal);
    edit->setPlaceholderText(password ? tr("Password — Enter to send, Esc to cancel")
                                      : tr("Enter to send, Esc to cancel"));
    layout->addWidget(label);
    layout->addWidget(edit, 1);
    edit->installEventFilter(this);
    connect(edit, &QLineEdit::returnPressed, this, [this, edit] { finishInput(edit->text()); });
    m_input = {index, widget, edit, std::move(answer)};
    m_items[size_t(index)]->exact = false;
    ensureLaidOut(index);
    recomputeOffsets();
    layoutChildren();
    widget->show();
    edit->setFocus();
    scrollToCell(index);
    viewport()->update();
}

void NotebookView::finishInput(std::optional<QString> value)
{
    if (!m_input.widget)
        return;
    InputPrompt input = std::move(m_input);
    m_input = InputPrompt();
    input.widget->hide();
    input.widget->deleteLater();
    if (input.cell >= 0 && input.cell < int(m_items.size())) {
        m_items[size_t(input.cell)]->exact = false;
        ensureLaidOut(input.cell);
        recomputeOffsets();
    }
    viewport()->update();
    if (input.answer)
        input.answer(std::move(value));
    if (!hasFocus() && m_mode == Mode::Command)
        setFocus();
}

void NotebookView::cancelInputPrompt()
{
    finishInput(std::nullopt);
}

bool NotebookView::hasInputPrompt() const
{
    return m_input.widget != nullptr;
}

// -- document changes --------------------------------------------------------------------

void NotebookView::onCellsInserted(int first, int count)
{
    for (int i = 0; i < count; ++i) {
        auto item = std::make_unique<CellItem>();
        item->height = estimateHeight(first + i);
        m_items.insert(m_items.begin() + first + i, std::move(item));
    }
    if (m_editorCell >= first)
        m_editorCell += count;
    if (m_input.cell >= first)
        m_input.cell += count;
    if (m_current >= first && m_current >= 0)
        m_current += count;
    m_anchor = -1;
    if (m_current < 0)
        m_current = 0;
    recomputeOffsets();
    viewport()->update();
}

void NotebookView::onCellsRemoved(int first, int count)
{
    if (m_editorCell >= first && m_editorCell < first + count)
        closeEditor(false);
    if (m_input.widget && m_input.cell >= first && m_input.cell < first + count)
        m_input.cell = -1; // the prompt stays answerable; its cell is gone
    else if (m_input.cell >= first + count)
        m_input.cell -= count;
    m_items.erase(m_items.begin() + first, m_items.begin() + first + count);
    if (m_editorCell >= first + count)
        m_editorCell -= count;
    m_anchor = -1;
    if (m_current >= first + count)
        m_current -= count;
    else if (m_current >= first)
        m_current = std::min(first, int(m_items.size()) - 1);
    if (m_editorCell < 0 && m_mode == Mode::Edit) {
        m_mode = Mode::Command;
        Q_EMIT modeChanged(m_mode);
    }
    recomputeOffsets();
    viewport()->update();
    Q_EMIT currentCellChanged(m_current);
}

void NotebookView::onCellsMoved(int first, int count, int to)
{
    auto remap = [&](int index) { return NotebookDocument::indexAfterMove(index, first, count, to); };
    auto begin = m_items.begin();
    if (to < first)
        std::rotate(begin + to, begin + first, begin + first + count);
    else
        std::rotate(begin + first, begin + first + count, begin + to);
    m_current = remap(m_current);
    m_anchor = remap(m_anchor);
    if (m_input.cell >= 0)
        m_input.cell = remap(m_input.cell);
    m_editorCell = remap(m_editorCell);
    recomputeOffsets();
    layoutChildren();
    ensureCurrentVisible();
    viewport()->update();
    Q_EMIT currentCellChanged(m_current);
}

void NotebookView::onCellChanged(int index, NotebookDocument::CellChanges changes)
{
    if (index < 0 || index >= int(m_items.size()))
        return;
    CellItem &item = *m_items[size_t(index)];
    if (changes & (NotebookDocument::CellChange::Source | NotebookDocument::CellChange::Type
                   | NotebookDocument::CellChange::Attachments)) {
        if (index == m_editorCell && (changes & NotebookDocument::CellChange::Type))
            closeEditor(false);
        if (index == m_editorCell && m_editor
            && m_editor->text().toStdString() != m_document->cell(index).source())
            m_editor->setText(QString::fromStdString(m_document->cell(index).source()));
        item.code.reset();
        item.markdown.reset();
        item.exact = false;
        if (changes & NotebookDocument::CellChange::Type)
            item.outputs.reset();
    }
    if (changes & NotebookDocument::CellChange::Outputs) {
        // Running cells can send thousands of updates a second: coalesce them.
        if (std::find(m_pendingCells.begin(), m_pendingCells.end(), index) == m_pendingCells.end())
            m_pendingCells.push_back(index);
        if (!m_changeTimer->isActive())
            m_changeTimer->start();
        if (!(changes & ~NotebookDocument::CellChanges(NotebookDocument::CellChange::Outputs)))
            return;
    }
    if (item.exact || item.rendered()) {
        if (item.rendered())
            ensureLaidOut(index);
        else
            item.height = estimateHeight(index);
        recomputeOffsets();
        layoutChildren();
    }
    viewport()->update();
}

void NotebookView::flushPendingChanges()
{
    if (!m_document)
        return;
    for (int index : m_pendingCells) {
        if (index >= int(m_items.size()))
            continue;
        CellItem &item = *m_items[size_t(index)];
        const Cell &cell = m_document->cell(index);
        if (item.outputs && !cell.outputs().empty())
            item.outputs->setOutputs(cell.outputs()); // keeps the renderers of unchanged outputs
        else
            item.outputs.reset();
        item.exact = false;
        if (item.rendered() || item.lastPainted + 2 >= m_paintGeneration)
            ensureLaidOut(index);
        else
            item.height = estimateHeight(index);
    }
    m_pendingCells.clear();
    recomputeOffsets();
    layoutChildren();
    viewport()->update();
}

// -- cell commands -----------------------------------------------------------------------

std::vector<int> NotebookView::selectedCells() const
{
    std::vector<int> cells;
    if (m_current < 0)
        return cells;
    const int first = m_anchor < 0 ? m_current : std::min(m_anchor, m_current);
    const int last = m_anchor < 0 ? m_current : std::max(m_anchor, m_current);
    for (int i = first; i <= last; ++i)
        cells.push_back(i);
    return cells;
}

void NotebookView::extendSelection(int delta)
{
    if (!m_document || m_current < 0)
        return;
    const int target = std::clamp(m_current + delta, 0, int(m_items.size()) - 1);
    if (m_mode == Mode::Edit)
        leaveEditMode();
    if (m_anchor < 0)
        m_anchor = m_current;
    m_current = target;
    ensureCurrentVisible();
    viewport()->update();
    Q_EMIT currentCellChanged(m_current);
}

void NotebookView::insertCells(int at, std::vector<Cell> cells, const QString &text)
{
    if (!m_document || cells.empty())
        return;
    leaveEditMode();
    const int count = int(cells.size());
    m_undoStack->push(new ReplaceCellsCommand(m_document, at, 0, std::move(cells), text));
    m_current = -1;
    setCurrentCell(at + count - 1);
}

void NotebookView::insertCellAbove()
{
    insertCells(std::max(0, m_current), {Cell(CellType::Code)}, tr("Insert Cell"));
}

void NotebookView::insertCellBelow()
{
    insertCells(m_current < 0 ? 0 : m_current + 1, {Cell(CellType::Code)}, tr("Insert Cell"));
}

void NotebookView::deleteCurrentCell()
{
    if (!m_document || m_current < 0)
        return;
    leaveEditMode();
    const std::vector<int> cells = selectedCells();
    const int first = cells.front();
    const int count = int(cells.size());
    m_anchor = -1;
    m_undoStack->beginMacro(count == 1 ? tr("Delete Cell") : tr("Delete %n Cells", nullptr, count));
    m_undoStack->push(new ReplaceCellsCommand(m_document, first, count, {}, QString()));
    if (m_document->cellCount() == 0) // a notebook always has a cell to type into
        m_undoStack->push(new ReplaceCellsCommand(m_document, 0, 0, {Cell(CellType::Code)}, QString()));
    m_undoStack->endMacro();
    m_current = -1;
    setCurrentCell(std::min(first, m_document->cellCount() - 1));
}

void NotebookView::moveCurrentCell(int delta)
{
    if (!m_document || m_current < 0 || delta == 0)
        return;
    const std::vector<int> cells = selectedCells();
    const int first = cells.front();
    const int count = int(cells.size());
    if (first + delta < 0 || first + count + delta > m_document->cellCount())
        return;
    commitEdit();
    const int to = delta < 0 ? first + delta : first + count + delta;
    m_undoStack->push(new MoveCellsCommand(m_document, first, count, to, tr("Move Cells")));
}

void NotebookView::setCurrentCellType(CellType type)
{
    if (!m_document || m_current < 0)
        return;
    commitEdit();
    std::vector<int> cells;
    for (int index : selectedCells())
        if (m_document->cell(index).type() != type)
            cells.push_back(index);
    if (!cells.empty())
        m_undoStack->push(new SetCellTypeCommand(m_document, std::move(cells), type,
                                                 tr("Change Cell Type")));
}

void NotebookView::clearCurrentOutputs()
{
    if (!m_document || m_current < 0)
        return;
    for (int index : selectedCells())
        if (!m_document->cell(index).outputs().empty())
            m_document->clearOutputs(index);
}

void NotebookView::clearAllOutputs()
{
    if (!m_document)
        return;
    for (int i = 0; i < m_document->cellCount(); ++i)
        if (!m_document->cell(i).outputs().empty())
            m_document->clearOutputs(i);
}

void NotebookView::copyCells()
{
    if (!m_document || m_current < 0)
        return;
    commitEdit();
    nlohmann::json cells = nlohmann::json::array();
    QString text;
    for (int index : selectedCells()) {
        const Cell &cell = m_document->cell(index);
        nlohmann::json json = cell.json();
        nlohmann::json outputs = nlohmann::json::array();
        for (const Output &output : cell.outputs())
            outputs.push_back(output.json());
        if (cell.type() == CellType::Code)
            json["outputs"] = std::move(outputs);
        cells.push_back(std::move(json));
        if (!text.isEmpty())
            text += QStringLiteral("\n\n");
        text += QString::fromStdString(cell.source());
    }
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(kCellsMimeType), QByteArray::fromStdString(cells.dump()));
    mime->setText(text);
    QApplication::clipboard()->setMimeData(mime);
}

void NotebookView::cutCells()
{
    copyCells();
    deleteCurrentCell();
}

namespace {

/// Cells on the clipboard (copied by any Cumulus window), with fresh ids.
std::vector<Cell> cellsFromClipboard()
{
    std::vector<Cell> cells;
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!mime || !mime->hasFormat(QString::fromLatin1(kCellsMimeType)))
        return cells;
    const QByteArray bytes = mime->data(QString::fromLatin1(kCellsMimeType));
    const auto json = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (!json.is_array())
        return cells;
    for (const auto &object : json) {
        if (!object.is_object())
            continue;
        Cell cell = Cell::fromJson(object);
        cell.setId(newCellId());
        cells.push_back(std::move(cell));
    }
    return cells;
}

} // namespace

void NotebookView::pasteCellsBelow()
{
    insertCells(m_current < 0 ? 0 : selectedCells().back() + 1, cellsFromClipboard(), tr("Paste Cells"));
}

void NotebookView::pasteCellsAbove()
{
    insertCells(m_current < 0 ? 0 : selectedCells().front(), cellsFromClipboard(), tr("Paste Cells"));
}

void NotebookView::mergeCells()
{
    if (!m_document || m_current < 0)
        return;
    commitEdit();
    std::vector<int> cells = selectedCells();
    if (cells.size() == 1) {
        if (cells.front() + 1 >= m_document->cellCount())
            return;
        cells.push_back(cells.front() + 1);
    }
    Cell merged = m_document->cell(cells.front());
    std::string source = merged.source();
    for (size_t i = 1; i < cells.size(); ++i) {
        const std::string &next = m_document->cell(cells[i]).source();
        if (!source.empty() && !next.empty())
            source += "\n\n";
        source += next;
    }
    merged.setSource(std::move(source));
    merged.outputs().clear();
    merged.setExecutionCount(std::nullopt);
    leaveEditMode();
    m_anchor = -1;
    m_undoStack->push(new ReplaceCellsCommand(m_document, cells.front(), int(cells.size()),
                                              {std::move(merged)}, tr("Merge Cells")));
    m_current = -1;
    setCurrentCell(cells.front());
}

void NotebookView::splitCell()
{
    if (!m_document || !m_editor || m_editorCell < 0)
        return;
    const int index = m_editorCell;
    int line = 0;
    int column = 0;
    m_editor->getCursorPosition(&line, &column);
    const QString text = m_editor->text();
    const int position = int(m_editor->positionFromLineIndex(line, column));
    // Scintilla positions are UTF-8 bytes.
    const QByteArray utf8 = text.toUtf8();
    std::string before = utf8.left(position).toStdString();
    std::string after = utf8.mid(position).toStdString();
    while (!before.empty() && before.back() == '\n')
        before.pop_back();
    while (!after.empty() && after.front() == '\n')
        after.erase(after.begin());
    Cell first = m_document->cell(index);
    first.setSource(std::move(before));
    Cell second(first.type());
    second.setSource(std::move(after));
    closeEditor(false);
    m_undoStack->push(new ReplaceCellsCommand(m_document, index, 1,
                                              {std::move(first), std::move(second)},
                                              tr("Split Cell")));
    m_current = -1;
    setCurrentCell(index + 1);
    enterEditMode();
}

void NotebookView::toggleOutputs()
{
    if (!m_document || m_current < 0)
        return;
    for (int index : selectedCells()) {
        const Cell &cell = m_document->cell(index);
        if (cell.type() != CellType::Code)
            continue;
        nlohmann::json metadata = cell.metadata().is_object() ? cell.metadata() : nlohmann::json::object();
        const bool hide = !outputsHidden(cell);
        metadata["collapsed"] = hide;
        if (auto jupyter = metadata.find("jupyter"); jupyter != metadata.end() && jupyter->is_object())
            jupyter->erase("outputs_hidden");
        m_document->setCellMetadata(index, std::move(metadata));
    }
}

QList<NotebookView::Shortcut> NotebookView::keyboardShortcuts()
{
    return {
        {tr("Enter"), tr("Edit the cell (command mode)")},
        {tr("Esc"), tr("Leave the editor (edit mode)")},
        {tr("Shift+Enter"), tr("Run the cell and select the one below")},
        {tr("Ctrl+Enter"), tr("Run the cell")},
        {tr("Alt+Enter"), tr("Run the cell and insert one below")},
        {tr("Up / K, Down / J"), tr("Select the cell above / below")},
        {tr("Shift+Up, Shift+Down"), tr("Extend the selection")},
        {tr("A, B"), tr("Insert a cell above / below")},
        {tr("X, C, V, Shift+V"), tr("Cut, copy, paste below, paste above")},
        {tr("D, D"), tr("Delete the selected cells")},
        {tr("Z, Shift+Z"), tr("Undo, redo a cell operation")},
        {tr("Y, M, R"), tr("Make the cell code, markdown, raw")},
        {tr("Shift+M"), tr("Merge the selected cells (or with the one below)")},
        {tr("Ctrl+Shift+-"), tr("Split the cell at the cursor (edit mode)")},
        {tr("L"), tr("Toggle line numbers")},
        {tr("O"), tr("Hide or show the outputs")},
        {tr("I, I"), tr("Interrupt the kernel")},
        {tr("0, 0"), tr("Restart the kernel")},
        {tr("Ctrl+Home, Ctrl+End"), tr("Select the first / last cell")},
        {tr("Drag a cell's prompt"), tr("Move the cell")},
    };
}

// -- input ---------------------------------------------------------------------------------

void NotebookView::mousePressEvent(QMouseEvent *event)
{
    const int index = cellAt(event->position().toPoint());
    if (index < 0) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const QRect rect = cellRect(index);
    const QPoint local = event->position().toPoint() - rect.topLeft();
    const Geometry g = geometry(index);
    CellItem &item = *m_items[size_t(index)];
    const Cell &cell = m_document->cell(index);

    if (event->button() == Qt::LeftButton && item.outputs && g.outputs.contains(local)) {
        const QPoint at = local - g.outputs.topLeft();
        const OutputArea::Hit hit = item.outputs->hitTest(at, g.outputs.width());
        if (hit.kind == OutputArea::Hit::ToggleCollapsed) {
            item.outputs->setCollapsed(hit.outputIndex, !item.outputs->isCollapsed(hit.outputIndex));
            item.exact = false;
            ensureLaidOut(index);
            recomputeOffsets();
            viewport()->update();
            return;
        }
        if (hit.kind == OutputArea::Hit::Link && !hit.link.isEmpty()) {
            const QUrl url(hit.link);
            Q_EMIT linkActivated(url);
            return;
        }
    }
    if (event->button() == Qt::LeftButton && cell.type() == CellType::Markdown && item.markdown
        && !item.editing && g.source.contains(local)) {
        const QString anchor = item.markdown->documentLayout()->anchorAt(local - g.source.topLeft());
        if (!anchor.isEmpty()) {
            const QUrl url = item.markdown->baseUrl().resolved(QUrl(anchor));
            Q_EMIT linkActivated(url);
            return;
        }
    }

    if (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier)
        && m_current >= 0) {
        extendSelection(index - m_current);
        setFocus();
        return;
    }
    setCurrentCell(index);
    if (event->button() == Qt::LeftButton && local.x() < kPromptWidth) {
        // Maybe the start of a drag that reorders cells.
        m_pressedPrompt = index;
        m_dragStart = event->position().toPoint();
    }
    if (event->button() == Qt::LeftButton && cell.type() != CellType::Markdown
        && g.source.contains(local)) {
        // A click in the source edits there, as in Jupyter.
        QTextLayout *layout = item.code.get();
        int line = 0;
        int column = 0;
        if (layout && layout->lineCount() > 0) {
            QPointF inText = QPointF(local - g.source.topLeft()) - QPointF(kPad, kPad);
            if (m_lineNumbers)
                inText.rx() -= CellEditor::lineNumberWidth(m_codeFont);
            for (int i = 0; i < layout->lineCount(); ++i) {
                const QTextLine textLine = layout->lineAt(i);
                if (inText.y() < textLine.y() + textLine.height() || i == layout->lineCount() - 1) {
                    line = i;
                    column = textLine.xToCursor(inText.x()) - textLine.textStart();
                    break;
                }
            }
        }
        enterEditMode();
        if (m_editor)
            m_editor->setCursorPosition(line, std::max(0, column));
        return;
    }
    if (m_mode == Mode::Edit && index != m_editorCell)
        leaveEditMode();
    setFocus();
    viewport()->update();
}

void NotebookView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int index = cellAt(event->position().toPoint());
    if (index < 0)
        return;
    setCurrentCell(index);
    if (m_document->cell(index).type() == CellType::Markdown)
        enterEditMode();
}

int NotebookView::dropIndexAt(const QPoint &viewportPos)
{
    // The gap nearest to the pointer: before cell i, or n for after the last.
    const int index = cellAt(viewportPos);
    if (index < 0)
        return viewportPos.y() < 0 ? 0 : int(m_items.size());
    const int y = viewportPos.y() + verticalScrollBar()->value();
    return y - cellTop(index) < m_items[size_t(index)]->height / 2 ? index : index + 1;
}

void NotebookView::mouseReleaseEvent(QMouseEvent *event)
{
    const int dragged = m_dragCell;
    const int drop = m_dropIndex;
    m_pressedPrompt = -1;
    m_dragCell = -1;
    m_dropIndex = -1;
    if (dragged >= 0) {
        viewport()->unsetCursor();
        if (drop >= 0 && drop != dragged && drop != dragged + 1 && m_document) {
            commitEdit();
            m_undoStack->push(new MoveCellsCommand(m_document, dragged, 1, drop, tr("Move Cells")));
        }
        viewport()->update();
        event->accept();
        return;
    }
    event->accept();
}

void NotebookView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressedPrompt >= 0 && (event->buttons() & Qt::LeftButton)) {
        if (m_dragCell < 0
            && (event->position().toPoint() - m_dragStart).manhattanLength()
                   >= QApplication::startDragDistance())
            m_dragCell = m_pressedPrompt;
        if (m_dragCell >= 0) {
            m_dropIndex = dropIndexAt(event->position().toPoint());
            viewport()->setCursor(Qt::ClosedHandCursor);
            viewport()->update();
            return;
        }
    }
    // A hand over links and the "show all" footers.
    Qt::CursorShape shape = Qt::ArrowCursor;
    const int index = cellAt(event->position().toPoint());
    if (index >= 0 && m_items[size_t(index)]->rendered()) {
        const QRect rect(0, cellTop(index) - verticalScrollBar()->value(), viewport()->width(),
                         m_items[size_t(index)]->height);
        const QPoint local = event->position().toPoint() - rect.topLeft();
        const Geometry g = geometry(index);
        CellItem &item = *m_items[size_t(index)];
        if (item.outputs && g.outputs.contains(local)) {
            const auto hit = item.outputs->hitTest(local - g.outputs.topLeft(), g.outputs.width());
            if (hit.kind == OutputArea::Hit::Link || hit.kind == OutputArea::Hit::ToggleCollapsed)
                shape = Qt::PointingHandCursor;
        } else if (item.markdown && g.source.contains(local)
                   && !item.markdown->documentLayout()->anchorAt(local - g.source.topLeft()).isEmpty()) {
            shape = Qt::PointingHandCursor;
        }
    }
    viewport()->setCursor(shape);
    QAbstractScrollArea::mouseMoveEvent(event);
}

void NotebookView::keyPressEvent(QKeyEvent *event)
{
    if (!m_document || m_items.empty()) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    const Qt::KeyboardModifiers modifiers =
        event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
    const bool plain = modifiers == Qt::NoModifier;
    const bool shift = modifiers == Qt::ShiftModifier;
    const int key = event->key();
    // D D, I I, 0 0: the second press must follow the first directly.
    const int pending = m_pendingKey;
    m_pendingKey = 0;
    auto twice = [&](int k, auto action) {
        if (pending == k)
            action();
        else
            m_pendingKey = k;
    };

    if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        if (modifiers == Qt::ShiftModifier || modifiers == Qt::ControlModifier
            || modifiers == Qt::AltModifier) {
            const std::vector<int> cells = selectedCells();
            for (size_t i = 0; i < cells.size(); ++i)
                Q_EMIT runRequested(cells[i], modifiers == Qt::ShiftModifier && i + 1 == cells.size());
            if (modifiers == Qt::AltModifier)
                insertCells(cells.back() + 1, {Cell(CellType::Code)}, tr("Insert Cell"));
            return;
        }
        if (plain) {
            enterEditMode();
            return;
        }
    }
    if ((key == Qt::Key_Up || key == Qt::Key_K) && shift) {
        extendSelection(-1);
        return;
    }
    if ((key == Qt::Key_Down || key == Qt::Key_J) && shift) {
        extendSelection(1);
        return;
    }
    if (key == Qt::Key_Home && modifiers == Qt::ControlModifier) {
        setCurrentCell(0);
        return;
    }
    if (key == Qt::Key_End && modifiers == Qt::ControlModifier) {
        setCurrentCell(int(m_items.size()) - 1);
        return;
    }
    if (shift) {
        switch (key) {
        case Qt::Key_V:
            pasteCellsAbove();
            return;
        case Qt::Key_M:
            mergeCells();
            return;
        case Qt::Key_Z:
            m_undoStack->redo();
            return;
        default:
            break;
        }
    }
    if (plain) {
        switch (key) {
        case Qt::Key_Up:
        case Qt::Key_K:
            setCurrentCell(m_current - 1);
            return;
        case Qt::Key_Down:
        case Qt::Key_J:
            setCurrentCell(m_current + 1);
            return;
        case Qt::Key_A:
            insertCellAbove();
            return;
        case Qt::Key_B:
            insertCellBelow();
            return;
        case Qt::Key_X:
            cutCells();
            return;
        case Qt::Key_C:
            copyCells();
            return;
        case Qt::Key_V:
            pasteCellsBelow();
            return;
        case Qt::Key_D:
            twice(Qt::Key_D, [this] { deleteCurrentCell(); });
            return;
        case Qt::Key_I:
            twice(Qt::Key_I, [this] { Q_EMIT interruptRequested(); });
            return;
        case Qt::Key_0:
            twice(Qt::Key_0, [this] { Q_EMIT restartRequested(); });
            return;
        case Qt::Key_Z:
            m_undoStack->undo();
            if (m_current >= int(m_items.size()))
                setCurrentCell(int(m_items.size()) - 1);
            return;
        case Qt::Key_M:
            setCurrentCellType(CellType::Markdown);
            return;
        case Qt::Key_Y:
            setCurrentCellType(CellType::Code);
            return;
        case Qt::Key_R:
            setCurrentCellType(CellType::Raw);
            return;
        case Qt::Key_L:
            setLineNumbersVisible(!m_lineNumbers);
            Q_EMIT lineNumbersToggled(m_lineNumbers);
            return;
        case Qt::Key_O:
            toggleOutputs();
            return;
        case Qt::Key_Escape:
            if (m_anchor >= 0) {
                m_anchor = -1;
                viewport()->update();
            }
            return;
        default:
            break;
        }
    }
    QAbstractScrollArea::keyPressEvent(event);
}

bool NotebookView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers modifiers = key->modifiers()
            & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (modifiers == Qt::ShiftModifier || modifiers == Qt::ControlModifier
                || modifiers == Qt::AltModifier)) {
            const int index = m_current;
            commitEdit();
            Q_EMIT runRequested(index, modifiers == Qt::ShiftModifier);
            if (modifiers == Qt::AltModifier) {
                insertCells(index + 1, {Cell(CellType::Code)}, tr("Insert Cell"));
                enterEditMode();
            }
            return true;
        }
        // Ctrl+Shift+- (the key reads as underscore on most layouts with Shift held).
        if ((key->key() == Qt::Key_Minus || key->key() == Qt::Key_Underscore)
            && modifiers == (Qt::ControlModifier | Qt::ShiftModifier)) {
            splitCell();
            return true;
        }
    }
    if (m_input.edit && watched == m_input.edit && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        cancelInputPrompt();
        return true;
    }
    if (watched == m_editor && event->type() == QEvent::FocusOut)
        commitEdit();
    return QAbstractScrollArea::eventFilter(watched, event);
}

void NotebookView::contextMenuEvent(QContextMenuEvent *event)
{
    const QPoint pos = viewport()->mapFrom(this, event->pos());
    const int index = cellAt(pos);
    if (index < 0)
        return;
    setCurrentCell(index);
    const QRect rect = cellRect(index);
    const QPoint local = pos - rect.topLeft();
    const Geometry g = geometry(index);
    CellItem &item = *m_items[size_t(index)];
    if (item.outputs && g.outputs.contains(local)) {
        const auto hit = item.outputs->hitTest(local - g.outputs.topLeft(), g.outputs.width());
        if (hit.outputIndex >= 0) {
            showOutputMenu(index, hit.outputIndex, event->globalPos());
            return;
        }
    }
    QMenu menu(this);
    menu.addAction(tr("Insert Cell Above"), this, &NotebookView::insertCellAbove);
    menu.addAction(tr("Insert Cell Below"), this, &NotebookView::insertCellBelow);
    menu.addSeparator();
    menu.addAction(tr("Code"), this, [this] { setCurrentCellType(CellType::Code); });
    menu.addAction(tr("Markdown"), this, [this] { setCurrentCellType(CellType::Markdown); });
    menu.addAction(tr("Raw"), this, [this] { setCurrentCellType(CellType::Raw); });
    menu.addSeparator();
    menu.addAction(tr("Clear Outputs"), this, &NotebookView::clearCurrentOutputs);
    menu.addAction(tr("Delete Cell"), this, &NotebookView::deleteCurrentCell);
    menu.exec(event->globalPos());
}

void NotebookView::showOutputMenu(int index, int outputIndex, const QPoint &globalPos)
{
    CellItem &item = *m_items[size_t(index)];
    RenderedOutput *output = item.outputs ? item.outputs->output(outputIndex) : nullptr;
    if (!output)
        return;
    QMenu menu(this);
    const QString text = output->plainText();
    const QImage image = output->image();
    menu.addAction(tr("Copy Output"), this, [text, image] {
        if (!image.isNull())
            QApplication::clipboard()->setImage(image);
        else
            QApplication::clipboard()->setText(text);
    });
    if (!image.isNull()) {
        menu.addAction(tr("Save Image As…"), this, [this, image] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Save Image"), QDir::homePath() + QStringLiteral("/output.png"),
                tr("PNG images (*.png);;JPEG images (*.jpg *.jpeg)"));
            if (!path.isEmpty() && !image.save(path))
                QMessageBox::warning(this, tr("Save Image"), tr("Could not write %1.").arg(path));
        });
    }
    menu.addSeparator();
    menu.addAction(tr("Clear Outputs"), this, [this, index] {
        if (m_document && index < m_document->cellCount())
            m_document->clearOutputs(index);
    });
    menu.exec(globalPos);
}

} // namespace cumulus
