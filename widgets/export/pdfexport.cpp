// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The PDF exporter: QPdfWriter and QPainter, no LaTeX and no browser.
//
// Cells are laid out one at a time (only the current cell's layouts are alive, so 5,000
// cells cost no more memory than one) as a column of pieces: highlighted source, text
// outputs (ANSI colours), rich text (markdown, HTML), images and SVG. Each piece knows
// where it may be split (between lines); a cell that fits on a page is never split.

#include "export/exportsupport.h"
#include "export/notebookexport.h"

#include "notebook/codehighlighter.h"
#include "notebook/notebooktheme.h"
#include "output/ansitext.h"
#include "output/renderedoutput.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QImage>
#include <QIODevice>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cumulus {

namespace {

using exportsupport::fromStd;

class PdfExport
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::PdfExport)
};

constexpr int kResolution = 96; ///< painter units: CSS pixels, as the window
constexpr qreal kPad = 5;       ///< inside a source box or a coloured output
constexpr qreal kCellGap = 10;
constexpr qreal kPieceGap = 3;

/// QPdfWriter writes through this into the atomic file's sink.
class SinkDevice final : public QIODevice
{
public:
    explicit SinkDevice(const ByteSink &sink) : m_sink(sink) {}
    bool failed() const { return m_failed; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        if (m_failed || !m_sink(std::string_view(data, size_t(size)))) {
            m_failed = true;
            return -1;
        }
        return size;
    }

private:
    const ByteSink &m_sink;
    bool m_failed = false;
};

/// One vertical slice of a cell.
class Piece
{
public:
    virtual ~Piece() = default;
    virtual qreal height() const = 0;
    /// The largest offset <= @p y (and > 0) where the piece may continue on the next page;
    /// 0 when there is none.
    virtual qreal breakBefore(qreal y) const
    {
        Q_UNUSED(y)
        return 0;
    }
    /// Paints rows [from, to) of the piece with the painter's origin at the piece's top.
    virtual void paint(QPainter *painter, qreal width, qreal from, qreal to) = 0;

    QString prompt; ///< "[3]:" drawn left of the piece's first slice
};

/// Monospace text in lines wrapped at the width (code, streams, tracebacks, text/plain).
class TextPiece final : public Piece
{
public:
    TextPiece(const QString &text, const QList<QTextLayout::FormatRange> &formats,
              const QFont &font, qreal width, QColor textColor, QColor background, QColor border)
        : m_text(textColor)
        , m_background(background)
        , m_border(border)
    {
        const QFontMetricsF metrics(font);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        option.setTabStopDistance(metrics.horizontalAdvance(QLatin1Char(' ')) * 8);
        const qreal textWidth = std::max<qreal>(10, width - 2 * kPad);
        qsizetype start = 0;
        qsizetype n = text.size();
        if (n > 0 && text.at(n - 1) == u'\n')
            --n; // a final newline ends the last line
        auto formatIt = formats.begin();
        qreal y = kPad;
        while (start <= n) {
            qsizetype end = text.indexOf(u'\n', start);
            if (end < 0 || end > n)
                end = n;
            auto layout = std::make_unique<QTextLayout>(text.mid(start, end - start), font);
            layout->setTextOption(option);
            // Keep the shaping of layout() for draw() (shaping is most of the cost).
            layout->setCacheEnabled(true);
            // Formats of this paragraph, moved to its coordinates.
            QList<QTextLayout::FormatRange> mine;
            while (formatIt != formats.end() && formatIt->start + formatIt->length <= start)
                ++formatIt;
            for (auto it = formatIt; it != formats.end() && it->start < end; ++it) {
                const int from = int(std::max<qsizetype>(it->start, start));
                const int to = int(std::min<qsizetype>(it->start + it->length, end));
                if (to > from)
                    mine.append({from - int(start), to - from, it->format});
            }
            layout->setFormats(mine);
            const qreal top = y;
            layout->beginLayout();
            for (QTextLine line = layout->createLine(); line.isValid();
                 line = layout->createLine()) {
                line.setLineWidth(textWidth);
                line.setPosition(QPointF(0, y - top));
                m_lineTops.push_back(y);
                y += line.height();
            }
            layout->endLayout();
            m_layouts.push_back({std::move(layout), top});
            start = end + 1;
        }
        m_height = y + kPad;
    }

    qreal height() const override { return m_height; }

    qreal breakBefore(qreal y) const override
    {
        auto it = std::upper_bound(m_lineTops.begin(), m_lineTops.end(), y);
        if (it == m_lineTops.begin())
            return 0;
        --it;
        return *it > kPad + 0.5 ? *it : 0;
    }

    void paint(QPainter *painter, qreal width, qreal from, qreal to) override
    {
        const QRectF box(0, from, width, to - from);
        if (m_background.isValid())
            painter->fillRect(box, m_background);
        if (m_border.isValid()) {
            painter->save();
            painter->setPen(QPen(m_border, 1));
            painter->drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
            painter->restore();
        }
        painter->setPen(m_text);
        // The first paragraph that reaches `from`, then those above `to`.
        auto first = std::upper_bound(m_layouts.begin(), m_layouts.end(), from,
                                      [](qreal y, const Paragraph &p) { return y < p.top; });
        if (first != m_layouts.begin())
            --first;
        for (auto it = first; it != m_layouts.end() && it->top < to - 0.01; ++it) {
            const Paragraph &paragraph = *it;
            const QRectF bounds = paragraph.layout->boundingRect().translated(kPad, paragraph.top);
            if (bounds.bottom() <= from + 0.01)
                continue;
            paragraph.layout->draw(painter, QPointF(kPad, paragraph.top), {},
                                   QRectF(0, from, width, to - from));
        }
    }

private:
    struct Paragraph
    {
        std::unique_ptr<QTextLayout> layout;
        qreal top = 0;
    };
    std::vector<Paragraph> m_layouts;
    std::vector<qreal> m_lineTops;
    qreal m_height = 0;
    QColor m_text;
    QColor m_background;
    QColor m_border;
};

/// Rich text: markdown cells, text/html and text/markdown outputs.
class DocumentPiece final : public Piece
{
public:
    DocumentPiece(std::unique_ptr<QTextDocument> document, qreal width, const QPalette &palette)
        : m_document(std::move(document))
        , m_palette(palette)
    {
        // Keep each block's shaping from the layout for drawing (see TextPiece).
        for (QTextBlock block = m_document->begin(); block.isValid(); block = block.next())
            if (block.layout())
                block.layout()->setCacheEnabled(true);
        m_document->setTextWidth(width);
        QAbstractTextDocumentLayout *layout = m_document->documentLayout();
        m_height = m_document->size().height();
        for (QTextBlock block = m_document->begin(); block.isValid(); block = block.next()) {
            const QRectF rect = layout->blockBoundingRect(block);
            const QTextLayout *blockLayout = block.layout();
            for (int i = 0; blockLayout && i < blockLayout->lineCount(); ++i)
                m_breaks.push_back(rect.top() + blockLayout->lineAt(i).y());
        }
        std::sort(m_breaks.begin(), m_breaks.end());
    }

    /// The document was made on the layout thread: it belongs to the painting one now.
    void moveToThread(QThread *thread) { m_document->moveToThread(thread); }

    qreal height() const override { return m_height; }
    qreal breakBefore(qreal y) const override
    {
        auto it = std::upper_bound(m_breaks.begin(), m_breaks.end(), y);
        if (it == m_breaks.begin())
            return 0;
        --it;
        return *it > 1 ? *it : 0;
    }
    void paint(QPainter *painter, qreal width, qreal from, qreal to) override
    {
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette = m_palette;
        // The painter clips to [from, to) too, but a PDF keeps text drawn outside its clip:
        // a narrower clip here keeps a table row that starts just above `to` (its cell padding
        // and border) from being drawn on both pages.
        const qreal inset = std::min<qreal>(4, (to - from) / 4);
        context.clip = QRectF(0, from + inset, width, to - from - 2 * inset);
        m_document->documentLayout()->draw(painter, context);
    }

private:
    std::unique_ptr<QTextDocument> m_document;
    QPalette m_palette;
    qreal m_height = 0;
    std::vector<qreal> m_breaks;
};

QSizeF fittedSize(QSizeF natural, QSizeF requested, qreal width, qreal maxHeight)
{
    if (natural.isEmpty())
        return {};
    QSizeF size = natural;
    if (requested.width() > 0 && requested.height() > 0)
        size = requested;
    else if (requested.width() > 0)
        size = QSizeF(requested.width(), requested.width() * natural.height() / natural.width());
    else if (requested.height() > 0)
        size = QSizeF(requested.height() * natural.width() / natural.height(), requested.height());
    if (size.width() > width)
        size = QSizeF(width, size.height() * width / size.width());
    if (size.height() > maxHeight)
        size = QSizeF(size.width() * maxHeight / size.height(), maxHeight);
    return size;
}

class ImagePiece final : public Piece
{
public:
    ImagePiece(QImage image, QSizeF size) : m_image(std::move(image)), m_size(size) {}
    qreal height() const override { return m_size.height(); }
    void paint(QPainter *painter, qreal, qreal, qreal) override
    {
        painter->drawImage(QRectF(QPointF(0, 0), m_size), m_image);
    }

private:
    QImage m_image;
    QSizeF m_size;
};

class SvgPiece final : public Piece
{
public:
    SvgPiece(std::unique_ptr<QSvgRenderer> renderer, QSizeF size)
        : m_renderer(std::move(renderer))
        , m_size(size)
    {
    }
    qreal height() const override { return m_size.height(); }
    void paint(QPainter *painter, qreal, qreal, qreal) override
    {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        m_renderer->render(painter, QRectF(QPointF(0, 0), m_size));
        painter->restore();
    }

private:
    std::unique_ptr<QSvgRenderer> m_renderer;
    QSizeF m_size;
};

QSizeF metadataSize(const nlohmann::json &metadata, const std::string &mime)
{
    if (!metadata.is_object())
        return {};
    auto it = metadata.find(mime);
    if (it == metadata.end() || !it->is_object())
        return {};
    auto number = [&](const char *key) -> qreal {
        auto value = it->find(key);
        return value != it->end() && value->is_number() ? std::max(0.0, value->get<double>()) : 0;
    };
    return QSizeF(number("width"), number("height"));
}

QFont textFont()
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPointSizeF(9.5);
    return font;
}

QFont monoFont()
{
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    font.setStyleHint(QFont::Monospace);
    font.setFixedPitch(true);
    font.setPointSizeF(8);
    return font;
}

class PdfPainter
{
public:
    PdfPainter(const Notebook &notebook, const ExportOptions &options, QPdfWriter &writer)
        : m_notebook(notebook)
        , m_options(options)
        , m_writer(writer)
        , m_palette(exportsupport::palette(options.dark))
        , m_theme(NotebookTheme::forPalette(m_palette))
        , m_language(codeLanguageFor(fromStd(notebook.language())))
    {
        m_textFont = textFont();
        m_monoFont = monoFont();
        m_promptWidth = options.includePrompts
                            ? QFontMetricsF(m_monoFont).horizontalAdvance(QStringLiteral("[0000]:")) + 6
                            : 0;
    }

    Result<void> run(const ExportProgress &progress)
    {
        if (!m_painter.begin(&m_writer))
            return Error{PdfExport::tr("cannot start the PDF")};
        const QRectF paint = m_writer.pageLayout().paintRectPixels(kResolution);
        const QRectF full = m_writer.pageLayout().fullRectPixels(kResolution);
        m_fullPage = full.translated(-paint.topLeft());
        m_width = paint.width();
        m_footer = QFontMetricsF(m_textFont).height() + 8;
        m_pageHeight = paint.height() - m_footer;
        m_bodyWidth = m_width - m_promptWidth;
        beginPage();
        drawTitle();

        const auto &cells = m_notebook.cells();
        const int total = int(cells.size());
        // Cells are laid out (markdown, HTML, shaping: about 40% of the work) on a second
        // thread, a few cells ahead of the painting; the queue bounds what is held at once.
        m_paintThread = QThread::currentThread();
        std::thread layoutThread([this, &cells] {
            for (const Cell &cell : cells) {
                auto pieces = piecesFor(cell);
                std::unique_lock lock(m_queueMutex);
                m_queueChanged.wait(lock, [this] { return m_queue.size() < 16 || m_stop; });
                if (m_stop)
                    break;
                m_queue.push_back(std::move(pieces));
                m_queueChanged.notify_all();
            }
            // The PDF embeds the fonts when it ends, through font engines this thread's font
            // cache owns: the thread lives until the painter has ended.
            std::unique_lock lock(m_queueMutex);
            m_queueChanged.wait(lock, [this] { return m_exit; });
        });
        auto finishLayoutThread = [&] {
            {
                std::lock_guard lock(m_queueMutex);
                m_stop = true;
                m_exit = true;
                m_queueChanged.notify_all();
            }
            layoutThread.join();
        };
        bool cancelled = false;
        for (int i = 0; i < total; ++i) {
            std::vector<std::unique_ptr<Piece>> pieces;
            {
                std::unique_lock lock(m_queueMutex);
                m_queueChanged.wait(lock, [this] { return !m_queue.empty(); });
                pieces = std::move(m_queue.front());
                m_queue.pop_front();
                m_queueChanged.notify_all();
            }
            placeCell(pieces);
            if (progress && !progress(i + 1, total)) {
                cancelled = true;
                break;
            }
        }
        {
            // Stop laying out; what was laid out goes (on this thread, which owns it).
            std::lock_guard lock(m_queueMutex);
            m_stop = true;
            m_queueChanged.notify_all();
        }
        {
            std::deque<std::vector<std::unique_ptr<Piece>>> rest;
            std::lock_guard lock(m_queueMutex);
            rest.swap(m_queue);
        }
        if (cancelled) {
            m_painter.end();
            finishLayoutThread();
            return Error{PdfExport::tr("export cancelled")};
        }
        drawFooter();
        const bool ended = m_painter.end();
        finishLayoutThread();
        if (!ended)
            return Error{PdfExport::tr("cannot finish the PDF")};
        return {};
    }

private:
    void beginPage()
    {
        m_y = 0;
        if (m_options.dark)
            m_painter.fillRect(m_fullPage, m_palette.color(QPalette::Base));
    }

    void drawFooter()
    {
        m_painter.save();
        m_painter.setFont(m_textFont);
        m_painter.setPen(m_theme.runInfo);
        m_painter.drawText(QRectF(0, m_pageHeight + 4, m_width, m_footer - 4),
                           Qt::AlignHCenter | Qt::AlignBottom, QString::number(m_page));
        m_painter.restore();
    }

    void newPage()
    {
        drawFooter();
        m_writer.newPage();
        ++m_page;
        beginPage();
    }

    void drawTitle()
    {
        QFont font = m_textFont;
        font.setPointSizeF(18);
        font.setBold(true);
        m_painter.save();
        m_painter.setFont(font);
        m_painter.setPen(m_palette.color(QPalette::Text));
        const QRectF rect(0, 0, m_width, m_pageHeight);
        QRectF used;
        m_painter.drawText(rect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                           exportTitle(m_notebook, m_options), &used);
        m_painter.setPen(QPen(m_theme.sourceBorder, 1));
        m_painter.drawLine(QPointF(0, used.bottom() + 6), QPointF(m_width, used.bottom() + 6));
        m_painter.restore();
        m_y = used.bottom() + 16;
    }

    // --- pieces -------------------------------------------------------------------------

    std::unique_ptr<QTextDocument> newDocument() const
    {
        auto document = std::make_unique<DataUrlDocument>();
        document->setDocumentMargin(2);
        document->setDefaultFont(m_cellTextFont);
        // Tables as JupyterLab draws DataFrames: no grid, a rule under the header. Qt draws
        // grid borders edge by edge, several times slower in a PDF than the text they frame.
        document->setDefaultStyleSheet(
            QStringLiteral(
                "table { border-width: 0; }"
                " th, td { border-width: 0; padding: 2px 6px; }"
                " th { font-weight: bold; }"
                " a { color: %2; }"
                " pre, code, tt, kbd, samp { font-family: '%1'; }")
                .arg(m_cellMonoFont.family(), m_palette.color(QPalette::Link).name()));
        return document;
    }

    std::unique_ptr<Piece> markdownPiece(const QString &source, const nlohmann::json &attachments)
    {
        const exportsupport::ProtectedMarkdown prepared =
            exportsupport::protectMath(exportsupport::resolveAttachments(source, attachments));
        auto document = newDocument();
        document->setMarkdown(prepared.text, QTextDocument::MarkdownDialectGitHub);
        // Math is shown as its source, as in the window.
        for (int i = 0; i < int(prepared.math.size()); ++i) {
            QTextCursor cursor = document->find(exportsupport::mathPlaceholder(i));
            if (!cursor.isNull())
                cursor.insertText(prepared.math.at(i));
        }
        return documentPiece(std::move(document));
    }

    /// Lays @p document out; it is then handed to the painting thread.
    std::unique_ptr<Piece> documentPiece(std::unique_ptr<QTextDocument> document)
    {
        auto piece = std::make_unique<DocumentPiece>(std::move(document), m_bodyWidth, m_palette);
        piece->moveToThread(m_paintThread);
        return piece;
    }

    std::unique_ptr<Piece> htmlPiece(const QString &html)
    {
        static const QRegularExpression tableBorder(QStringLiteral(R"((<table\b[^>]*?)\sborder=["']?\d+["']?)"),
                                                    QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression blocks(
            QStringLiteral("<(script|style)\\b[^>]*>.*?(</\\1\\s*>|$)"),
            QRegularExpression::CaseInsensitiveOption
                | QRegularExpression::DotMatchesEverythingOption);
        auto document = newDocument();
        document->setHtml(QString(html).remove(blocks).replace(tableBorder, QStringLiteral("\\1")));
        return documentPiece(std::move(document));
    }

    std::unique_ptr<Piece> textPiece(const QString &text,
                                     const QList<QTextLayout::FormatRange> &formats,
                                     QColor background = {}, QColor border = {})
    {
        return std::make_unique<TextPiece>(text, formats, m_cellMonoFont, m_bodyWidth,
                                           m_palette.color(QPalette::Text), background, border);
    }

    std::unique_ptr<Piece> ansiPiece(std::string_view utf8, QColor background = {})
    {
        const AnsiText text = parseAnsi(utf8, m_palette);
        return textPiece(text.text, text.formats, background);
    }

    QColor errorBackground() const
    {
        return m_options.dark ? QColor(0x4a, 0x22, 0x22) : QColor(0xff, 0xdd, 0xdd);
    }

    std::vector<std::unique_ptr<Piece>> piecesFor(const Cell &cell)
    {
        // QFont is reentrant, not thread-safe: each cell's pieces get fonts of their own,
        // which only the painting thread touches once the pieces are handed over.
        m_cellTextFont = textFont();
        m_cellMonoFont = monoFont();
        std::vector<std::unique_ptr<Piece>> pieces;
        switch (cell.type()) {
        case CellType::Markdown:
            pieces.push_back(markdownPiece(fromStd(cell.source()), cell.attachments()));
            break;
        case CellType::Code: {
            if (m_options.includeInput) {
                const QString source = fromStd(cell.source());
                auto piece = textPiece(source, highlightCode(source, m_language, m_options.dark),
                                       m_theme.sourceBackground, m_theme.sourceBorder);
                const std::optional<int> count = cell.executionCount();
                piece->prompt = count ? QStringLiteral("[%1]:").arg(*count) : QStringLiteral("[ ]:");
                pieces.push_back(std::move(piece));
            }
            for (const Output &output : cell.outputs())
                if (auto piece = outputPiece(output))
                    pieces.push_back(std::move(piece));
            break;
        }
        case CellType::Raw:
        case CellType::Unknown:
            if (m_options.includeInput)
                pieces.push_back(textPiece(fromStd(cell.source()), {}, {}, m_theme.sourceBorder));
            break;
        }
        return pieces;
    }

    std::unique_ptr<Piece> outputPiece(const Output &output)
    {
        switch (output.type()) {
        case OutputType::Stream:
            if (output.text().empty())
                return nullptr;
            return ansiPiece(output.text(),
                             output.streamName() == "stderr" ? errorBackground() : QColor());
        case OutputType::Error: {
            std::string text;
            for (const std::string &line : output.traceback()) {
                if (!text.empty())
                    text += '\n';
                text += line;
            }
            if (text.empty())
                text = output.ename() + ": " + output.evalue();
            return ansiPiece(text, errorBackground());
        }
        case OutputType::DisplayData:
        case OutputType::ExecuteResult: {
            auto piece = bundlePiece(output);
            const std::optional<int> count = output.type() == OutputType::ExecuteResult
                                                 ? output.executionCount()
                                                 : std::nullopt;
            if (piece && count)
                piece->prompt = QStringLiteral("[%1]:").arg(*count);
            return piece;
        }
        case OutputType::Unknown:
            break;
        }
        const QString note =
            PdfExport::tr("[no renderer for output type %1]").arg(fromStd(output.outputTypeName()));
        return textPiece(note, {});
    }

    std::unique_ptr<Piece> fallback(const Output &output, const std::string &mime)
    {
        if (mime != "text/plain" && output.data().contains("text/plain"))
            return ansiPiece(output.dataText("text/plain"));
        return textPiece(
            PdfExport::tr("[cannot display %1: invalid data]").arg(fromStd(mime)), {});
    }

    std::unique_ptr<Piece> bundlePiece(const Output &output)
    {
        const nlohmann::json &data = output.data();
        const QString preferred = preferredMimeType(data);
        if (preferred.isEmpty())
            return nullptr;
        const std::string mime = preferred.toStdString();
        if (mime == "text/html")
            return htmlPiece(fromStd(output.dataText(mime)));
        if (mime == "text/markdown")
            return markdownPiece(fromStd(output.dataText(mime)), {});
        if (mime == "application/json") {
            const nlohmann::json &value = data[mime];
            const std::string text =
                value.is_string() ? value.get<std::string>()
                                  : value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
            return textPiece(fromStd(text), {});
        }
        if (mime == "text/plain" || mime == "text/latex")
            return ansiPiece(output.dataText(mime));
        const qreal maxHeight = m_pageHeight * 0.9;
        const QSizeF requested = metadataSize(output.metadata(), mime);
        if (mime == "image/svg+xml") {
            const std::string &svg = output.dataText(mime);
            auto renderer =
                std::make_unique<QSvgRenderer>(QByteArray(svg.data(), qsizetype(svg.size())));
            if (!renderer->isValid())
                return fallback(output, mime);
            QSizeF natural = renderer->defaultSize();
            if (natural.isEmpty())
                natural = renderer->viewBoxF().size();
            if (natural.isEmpty())
                natural = QSizeF(300, 150);
            const QSizeF size = fittedSize(natural, requested, m_bodyWidth, maxHeight);
            renderer->moveToThread(m_paintThread);
            return std::make_unique<SvgPiece>(std::move(renderer), size);
        }
        QImage image;
        if (!image.loadFromData(output.decodedData(mime)) || image.isNull())
            return fallback(output, mime);
        const QSizeF size = fittedSize(image.size(), requested, m_bodyWidth, maxHeight);
        return std::make_unique<ImagePiece>(std::move(image), size);
    }

    // --- placement ----------------------------------------------------------------------

    void placeCell(const std::vector<std::unique_ptr<Piece>> &pieces)
    {
        if (pieces.empty())
            return;
        qreal height = 0;
        for (const auto &piece : pieces)
            height += piece->height();
        height += kPieceGap * qreal(pieces.size() - 1);
        // A cell that fits on a page is not split: it starts a page if it must.
        if (m_y > 0 && m_y + height > m_pageHeight
            && (height <= m_pageHeight || m_pageHeight - m_y < m_pageHeight * 0.15))
            newPage();
        for (size_t i = 0; i < pieces.size(); ++i) {
            if (i > 0)
                m_y += kPieceGap;
            placePiece(*pieces[i]);
        }
        m_y += kCellGap;
    }

    void placePiece(Piece &piece)
    {
        const qreal height = piece.height();
        qreal offset = 0;
        bool first = true;
        while (offset < height - 0.01) {
            const qreal room = m_pageHeight - m_y;
            qreal to = height;
            if (offset + room < height) {
                to = piece.breakBefore(offset + room);
                if (to <= offset + 0.5) {
                    // Nothing fits: on a fresh page, cut where the page ends.
                    if (m_y > 0 && height - offset <= m_pageHeight) {
                        newPage();
                        continue;
                    }
                    if (m_y > 0 && piece.breakBefore(offset + m_pageHeight) > offset + 0.5) {
                        newPage();
                        continue;
                    }
                    to = offset + room;
                }
            }
            m_painter.save();
            m_painter.translate(m_promptWidth, m_y - offset);
            m_painter.setClipRect(QRectF(-1, offset, m_bodyWidth + 2, to - offset));
            piece.paint(&m_painter, m_bodyWidth, offset, to);
            m_painter.restore();
            if (first && !piece.prompt.isEmpty() && m_promptWidth > 0) {
                m_painter.save();
                m_painter.setFont(m_monoFont);
                m_painter.setPen(m_theme.prompt);
                m_painter.drawText(QRectF(0, m_y + kPad, m_promptWidth - 6, 40),
                                   Qt::AlignRight | Qt::AlignTop, piece.prompt);
                m_painter.restore();
            }
            first = false;
            m_y += to - offset;
            offset = to;
            if (offset < height - 0.01)
                newPage();
        }
    }

    const Notebook &m_notebook;
    const ExportOptions &m_options;
    QPdfWriter &m_writer;
    QPainter m_painter;
    QPalette m_palette;
    NotebookTheme m_theme;
    CodeLanguage m_language;
    QFont m_textFont; ///< painting thread: title, footer
    QFont m_monoFont; ///< painting thread: prompts
    QFont m_cellTextFont; ///< layout thread: the cell being laid out
    QFont m_cellMonoFont;
    QRectF m_fullPage;
    qreal m_width = 0;
    qreal m_bodyWidth = 0;
    qreal m_promptWidth = 0;
    qreal m_pageHeight = 0;
    qreal m_footer = 0;
    qreal m_y = 0;
    int m_page = 1;

    // Cells laid out ahead of the painting (see run()).
    QThread *m_paintThread = nullptr;
    std::mutex m_queueMutex;
    std::condition_variable m_queueChanged;
    std::deque<std::vector<std::unique_ptr<Piece>>> m_queue;
    bool m_stop = false; ///< no more layout wanted
    bool m_exit = false; ///< the painter ended: the layout thread may end
};

} // namespace

Result<void> writePdfFile(const Notebook &notebook, const ExportOptions &options,
                          const QString &path, const ExportProgress &progress)
{
    Result<void> inner;
    auto written = writeFileAtomically(path, [&](const ByteSink &sink) {
        SinkDevice device(sink);
        device.open(QIODevice::WriteOnly);
        {
            QPdfWriter writer(&device);
            writer.setResolution(kResolution);
            writer.setPageSize(options.pageSize);
            writer.setPageMargins(options.marginsMm, QPageLayout::Millimeter);
            writer.setTitle(exportTitle(notebook, options));
            writer.setCreator(QStringLiteral("Cumulus"));
            PdfPainter painter(notebook, options, writer);
            inner = painter.run(progress);
        }
        return bool(inner) && !device.failed();
    });
    if (!inner) {
        Error error = inner.error();
        error.file = path;
        return error;
    }
    return written;
}

} // namespace cumulus
