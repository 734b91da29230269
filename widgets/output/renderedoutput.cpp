// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "output/renderedoutput.h"

#include "output/outputarea.h"

#include "output/ansitext.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QCoreApplication>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QImageReader>
#include <QPaintDevice>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

namespace cumulus {

namespace {


QString fromStd(const std::string &s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

/// Jupyter's error/stderr background (--jp-rendermime-error-background), darkened on dark themes.
QColor errorBackground(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return dark ? QColor(0x4a, 0x22, 0x22) : QColor(0xff, 0xdd, 0xdd);
}

// ---------------------------------------------------------------------------------------
// Monospace text with ANSI formats.
//
// Built to stay cheap for core's largest outputs (5 MB, 50,000 lines): the text is split into
// lines once; at a given width a line of narrow characters (below U+0300, tabs included, in a
// fixed-pitch font) is wrapped by counting columns, without any QTextLayout, and only the
// rows that are painted are laid out. Other lines (CJK, emoji, box drawing, …) get an upper
// bound of their width (two columns a character): when that fits they take one row without
// wrapping, else they are laid out exactly with QTextLayout, in pieces of at most kMaxPiece
// characters.
// ---------------------------------------------------------------------------------------

constexpr int kTextPadX = 4;
constexpr int kTextPadY = 2;
constexpr int kTabColumns = 8;
constexpr int kMaxPiece = 4096;
constexpr size_t kMaxCachedLayouts = 512;

class TextOutput final : public RenderedOutput
{
public:
    TextOutput(AnsiText text, const OutputStyle &style, QColor background = {},
               QString mime = QStringLiteral("text/plain"))
        : m_text(std::move(text))
        , m_mime(std::move(mime))
        , m_font(style.monospaceFont)
        , m_textColor(style.palette.color(QPalette::Text))
        , m_background(background)
    {
        const QFontMetricsF metrics(m_font);
        m_advance = metrics.horizontalAdvance(QLatin1Char('x'));
        m_lineHeight = std::max(1, int(std::ceil(metrics.lineSpacing())));
        // Column counting needs every narrow character to have the same advance.
        m_fixedPitch = m_advance > 0 && QFontInfo(m_font).fixedPitch()
                       && metrics.horizontalAdvance(QLatin1Char('i')) == m_advance
                       && metrics.horizontalAdvance(QLatin1Char('W')) == m_advance
                       && metrics.horizontalAdvance(QChar(0xe9)) == m_advance;
        analyse();
    }

    QString mimeType() const override { return m_mime; }
    QString plainText() const override { return m_text.text; }
    int lineCount() const override { return m_lineCount; }

    int heightForWidth(int width) override
    {
        if (m_pieces.empty())
            return 0;
        ensureLayout(width);
        return m_rowStart.back() * m_lineHeight + 2 * kTextPadY;
    }

    void paint(QPainter *painter, int width, const QRect &clip) override
    {
        const int height = heightForWidth(width);
        if (height == 0)
            return;
        painter->save();
        if (m_background.isValid())
            painter->fillRect(QRect(0, 0, width, height) & clip, m_background);
        painter->setPen(m_textColor);
        painter->setFont(m_font);

        // Rows are m_lineHeight apart: find the first piece whose rows reach the clip.
        const int firstRow = std::max(0, (clip.top() - kTextPadY) / m_lineHeight);
        const int lastRow = (clip.bottom() - kTextPadY) / m_lineHeight;
        auto it = std::upper_bound(m_rowStart.begin(), m_rowStart.end(), firstRow);
        size_t piece = size_t(std::max<std::ptrdiff_t>(0, (it - m_rowStart.begin()) - 1));
        for (; piece < m_pieces.size() && m_rowStart[piece] <= lastRow; ++piece) {
            const Piece &p = m_pieces[piece];
            const int y0 = kTextPadY + m_rowStart[piece] * m_lineHeight;
            if (p.simple) {
                const auto breaks = m_breaks.find(int(piece));
                const int rows = m_rowStart[piece + 1] - m_rowStart[piece];
                for (int r = 0; r < rows; ++r) {
                    const int row = m_rowStart[piece] + r;
                    if (row < firstRow || row > lastRow)
                        continue;
                    int start = 0;
                    int end = p.length;
                    if (breaks != m_breaks.end()) {
                        start = breaks->second[size_t(r)];
                        end = size_t(r + 1) < breaks->second.size() ? breaks->second[size_t(r + 1)]
                                                                     : p.length;
                    }
                    QTextLayout layout;
                    setUp(layout, p.start + start, end - start, false);
                    layout.beginLayout();
                    QTextLine line = layout.createLine();
                    if (line.isValid()) {
                        line.setNumColumns(end - start);
                        line.setPosition(QPointF(0, 0));
                    }
                    layout.endLayout();
                    layout.draw(painter, QPointF(kTextPadX, y0 + r * m_lineHeight));
                }
            } else {
                QTextLayout *layout = exactLayout(int(piece), width);
                layout->draw(painter, QPointF(kTextPadX, y0));
            }
        }
        painter->restore();
    }

private:
    struct Piece
    {
        int start = 0;
        int length = 0;
        bool simple = true; ///< narrow characters only: wrapped by counting columns
        int columns = 0;    ///< display columns (tabs expanded); an upper bound if not simple
    };

    /// Upper bound, in half columns, of the width of a character that is not simple.
    static int halfColumnsAtMost(ushort u)
    {
        if (u == '\t')
            return 2 * kTabColumns;
        if (QChar::isSurrogate(u))
            return 3; // an emoji: at most 3 columns for its pair
        return 4;
    }

    static int advanceColumn(int column, QChar c)
    {
        return c == QLatin1Char('\t') ? (column / kTabColumns + 1) * kTabColumns : column + 1;
    }

    void analyse()
    {
        const QString &s = m_text.text;
        qsizetype n = s.size();
        if (n == 0)
            return;
        // A final newline ends the last line; it does not start an empty one.
        if (s.at(n - 1) == QLatin1Char('\n'))
            --n;
        m_lineCount = 1 + int(QStringView(s).left(n).count(QLatin1Char('\n')));
        m_pieces.reserve(size_t(m_lineCount));
        const QChar *data = s.constData();
        qsizetype start = 0;
        while (start <= n) {
            qsizetype end = start;
            bool simple = m_fixedPitch;
            int columns = 0;
            qint64 halfColumns = 0; // upper bound for lines that are not simple
            while (end < n && data[end] != QLatin1Char('\n')) {
                const ushort u = data[end].unicode();
                const bool narrow = (u >= 0x20 || u == '\t') && u < 0x300;
                if (simple && narrow)
                    columns = advanceColumn(columns, data[end]);
                else
                    simple = false;
                halfColumns += narrow ? (u == '\t' ? 2 * kTabColumns : 2) : halfColumnsAtMost(u);
                ++end;
            }
            if (simple) {
                m_pieces.push_back({int(start), int(end - start), true, columns});
            } else {
                // Bound the cost of one QTextLayout; never split a surrogate pair.
                for (qsizetype p = start; p < end || p == start;) {
                    qsizetype q = std::min(end, p + kMaxPiece);
                    if (q < end && data[q].isLowSurrogate())
                        --q;
                    const bool whole = p == start && q == end;
                    m_pieces.push_back({int(p), int(q - p), false,
                                        whole ? int(std::min<qint64>(halfColumns / 2 + 1, INT_MAX))
                                              : INT_MAX});
                    if (q == p)
                        break;
                    p = q;
                }
            }
            start = end + 1;
        }
    }

    void ensureLayout(int width)
    {
        if (width == m_width)
            return;
        m_width = width;
        m_breaks.clear();
        m_layouts.clear();
        m_rowStart.assign(m_pieces.size() + 1, 0);
        const qreal available = std::max(1, width - 2 * kTextPadX);
        const int columns = std::max(1, int(std::floor(available / m_advance)));
        m_columns = columns;
        int row = 0;
        for (size_t i = 0; i < m_pieces.size(); ++i) {
            m_rowStart[i] = row;
            const Piece &p = m_pieces[i];
            if (p.columns <= columns) {
                row += 1; // fits for sure
            } else if (p.simple) {
                std::vector<int> breaks = wrap(p, columns);
                row += int(breaks.size());
                m_breaks.emplace(int(i), std::move(breaks));
            } else {
                row += std::max(1, exactLayout(int(i), width)->lineCount());
            }
        }
        m_rowStart.back() = row;
    }

    /// Row starts (relative to the piece) of a simple piece wrapped at @p columns, at word
    /// boundaries where a row has one, as QTextLayout's WrapAtWordBoundaryOrAnywhere does.
    std::vector<int> wrap(const Piece &p, int columns) const
    {
        const QChar *data = m_text.text.constData() + p.start;
        std::vector<int> starts{0};
        int rowStart = 0;
        int column = 0;
        int lastBreak = -1; // offset just after the last space in this row
        for (int k = 0; k < p.length; ++k) {
            const QChar c = data[k];
            const int next = advanceColumn(column, c);
            if (next > columns && k > rowStart) {
                if (c == QLatin1Char(' ')) {
                    // A space at the end of a row hangs past the edge, invisible.
                    if (k + 1 < p.length)
                        starts.push_back(k + 1);
                    rowStart = k + 1;
                    column = 0;
                    lastBreak = -1;
                    continue;
                }
                const int at = lastBreak > rowStart ? lastBreak : k;
                starts.push_back(at);
                rowStart = at;
                column = 0;
                for (int m = at; m <= k; ++m)
                    column = advanceColumn(column, data[m]);
                lastBreak = -1;
                continue;
            }
            column = next;
            if (c == QLatin1Char(' ') || c == QLatin1Char('\t'))
                lastBreak = k + 1;
        }
        return starts;
    }

    void setUp(QTextLayout &layout, int start, int length, bool wrapLines) const
    {
        layout.setText(m_text.text.mid(start, length));
        layout.setFont(m_font);
        QTextOption option;
        option.setWrapMode(wrapLines ? QTextOption::WrapAtWordBoundaryOrAnywhere
                                     : QTextOption::NoWrap);
        option.setTabStopDistance(m_advance * kTabColumns);
        layout.setTextOption(option);
        layout.setCacheEnabled(true);
        layout.setFormats(formatsIn(start, start + length));
    }

    QList<QTextLayout::FormatRange> formatsIn(int start, int end) const
    {
        QList<QTextLayout::FormatRange> result;
        const auto &formats = m_text.formats;
        auto it = std::lower_bound(formats.begin(), formats.end(), start,
                                   [](const QTextLayout::FormatRange &r, int pos) {
                                       return r.start + r.length <= pos;
                                   });
        for (; it != formats.end() && it->start < end; ++it) {
            const int from = std::max(it->start, start);
            const int to = std::min(it->start + it->length, end);
            if (to > from)
                result.append({from - start, to - from, it->format});
        }
        return result;
    }

    /// The wrapped layout of a non-simple piece at the current width, cached.
    QTextLayout *exactLayout(int piece, int width)
    {
        auto found = m_layouts.find(piece);
        if (found != m_layouts.end())
            return found->second.get();
        if (m_layouts.size() >= kMaxCachedLayouts)
            m_layouts.clear();
        auto layout = std::make_unique<QTextLayout>();
        const Piece &p = m_pieces[size_t(piece)];
        // A piece whose upper bound fits was given one row: never let it wrap into the next.
        setUp(*layout, p.start, p.length, p.columns > m_columns);
        const qreal available = std::max(1, width - 2 * kTextPadX);
        layout->beginLayout();
        int row = 0;
        for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
            line.setLineWidth(available);
            line.setPosition(QPointF(0, row++ * m_lineHeight));
        }
        layout->endLayout();
        return m_layouts.emplace(piece, std::move(layout)).first->second.get();
    }

    AnsiText m_text;
    QString m_mime;
    QFont m_font;
    QColor m_textColor;
    QColor m_background;
    qreal m_advance = 1;
    int m_lineHeight = 1;
    bool m_fixedPitch = false;
    int m_lineCount = 0;
    std::vector<Piece> m_pieces;

    // At m_width:
    int m_width = -1;
    int m_columns = 1;
    std::vector<int> m_rowStart; ///< first row of each piece; back() is the row count
    std::unordered_map<int, std::vector<int>> m_breaks; ///< simple pieces with several rows
    std::unordered_map<int, std::unique_ptr<QTextLayout>> m_layouts; ///< non-simple pieces
};

std::unique_ptr<RenderedOutput> makeNote(const QString &note, const OutputStyle &style)
{
    AnsiText text;
    text.text = note;
    QTextCharFormat format;
    format.setFontItalic(true);
    format.setForeground(style.palette.color(QPalette::Disabled, QPalette::Text));
    text.formats.append({0, int(note.size()), format});
    return std::make_unique<TextOutput>(std::move(text), style);
}

using Fallback = std::function<std::unique_ptr<RenderedOutput>()>;

/// Size asked for in the output's metadata ({"image/png": {"width": 80, "height": 60}}).
QSizeF metadataSize(const nlohmann::json &metadata, const std::string &mime)
{
    auto number = [](const nlohmann::json &object, const char *key) -> qreal {
        auto it = object.find(key);
        if (it == object.end())
            return 0;
        if (it->is_number())
            return it->get<double>();
        if (it->is_string()) // "80" or "80px"
            return QString::fromStdString(it->get<std::string>())
                .remove(QStringLiteral("px"))
                .toDouble();
        return 0;
    };
    if (!metadata.is_object())
        return {};
    auto it = metadata.find(mime);
    if (it == metadata.end() || !it->is_object())
        return {};
    return QSizeF(std::max<qreal>(0, number(*it, "width")),
                  std::max<qreal>(0, number(*it, "height")));
}

/// The drawn size: the natural size, or the metadata's, scaled down to @p width.
QSize fitted(QSizeF natural, QSizeF requested, int width)
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
    if (width > 0 && size.width() > width)
        size = QSizeF(width, size.height() * width / size.width());
    return QSize(std::max(1, int(std::lround(size.width()))),
                 std::max(1, int(std::lround(size.height()))));
}

/// A decoded bitmap or, once decoding failed, the fallback it renders instead.
class ImageOutput final : public RenderedOutput
{
public:
    ImageOutput(QByteArray bytes, QString mime, QSizeF requested, Fallback fallback)
        : m_bytes(std::move(bytes))
        , m_mime(std::move(mime))
        , m_requested(requested)
        , m_makeFallback(std::move(fallback))
    {
    }

    QString mimeType() const override { return m_fallback ? m_fallback->mimeType() : m_mime; }
    QString plainText() const override { return m_fallback ? m_fallback->plainText() : QString(); }
    QImage image() const override
    {
        const_cast<ImageOutput *>(this)->decode();
        return m_image;
    }
    bool isCollapsible() const override { return m_fallback != nullptr; }
    int lineCount() const override { return m_fallback ? m_fallback->lineCount() : -1; }

    int heightForWidth(int width) override
    {
        decode();
        if (m_fallback)
            return m_fallback->heightForWidth(width);
        return fitted(m_image.size(), m_requested, width).height();
    }

    void paint(QPainter *painter, int width, const QRect &clip) override
    {
        decode();
        if (m_fallback)
            return m_fallback->paint(painter, width, clip);
        const QSize size = fitted(m_image.size(), m_requested, width);
        if (size == m_image.size()) {
            painter->drawImage(QPoint(0, 0), m_image);
            return;
        }
        // Scale once per size, smoothly, at the device's resolution.
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        const QSize deviceSize = (QSizeF(size) * dpr).toSize();
        if (m_scaled.size() != deviceSize) {
            m_scaled = m_image.scaled(deviceSize, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
            m_scaled.setDevicePixelRatio(dpr);
        }
        painter->drawImage(QRect(QPoint(0, 0), size), m_scaled);
    }

private:
    void decode()
    {
        if (m_decoded)
            return;
        m_decoded = true;
        QBuffer buffer(&m_bytes);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        if (!reader.read(&m_image) || m_image.isNull()) {
            m_image = QImage();
            m_fallback = m_makeFallback();
        }
        m_image.setDevicePixelRatio(1.0);
        m_bytes.clear();
    }

    QByteArray m_bytes;
    QString m_mime;
    QSizeF m_requested;
    Fallback m_makeFallback;
    bool m_decoded = false;
    QImage m_image;
    QImage m_scaled;
    std::unique_ptr<RenderedOutput> m_fallback;
};

class SvgOutput final : public RenderedOutput
{
public:
    SvgOutput(std::unique_ptr<QSvgRenderer> renderer, QSizeF requested)
        : m_renderer(std::move(renderer))
        , m_requested(requested)
    {
        QSizeF natural = m_renderer->defaultSize();
        if (natural.isEmpty())
            natural = m_renderer->viewBoxF().size();
        if (natural.isEmpty())
            natural = QSizeF(300, 150); // what browsers give an SVG without a size
        m_natural = natural;
    }

    QString mimeType() const override { return QStringLiteral("image/svg+xml"); }
    QString plainText() const override { return {}; }
    bool isCollapsible() const override { return false; }
    int heightForWidth(int width) override
    {
        return fitted(m_natural, m_requested, width).height();
    }

    void paint(QPainter *painter, int width, const QRect &clip) override
    {
        Q_UNUSED(clip)
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        m_renderer->render(painter, QRectF(QPointF(0, 0), fitted(m_natural, m_requested, width)));
        painter->restore();
    }

    QImage image() const override
    {
        const QSize size = fitted(m_natural, m_requested, 0);
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        m_renderer->render(&painter, QRectF(QPointF(0, 0), size));
        return image;
    }

private:
    std::unique_ptr<QSvgRenderer> m_renderer;
    QSizeF m_requested;
    QSizeF m_natural;
};

/// text/html and text/markdown, through Qt's rich text.
class DocumentOutput final : public RenderedOutput
{
public:
    DocumentOutput(const QString &source, bool markdown, const OutputStyle &style)
        : m_markdown(markdown)
        , m_palette(style.palette)
    {
        m_document.setDocumentMargin(2);
        m_document.setDefaultFont(style.textFont);
        // Grid lines for tables (pandas' DataFrames are <table border="1" class="dataframe">),
        // monospace for code; Qt's rich text knows this subset of CSS.
        const QString mono = style.monospaceFont.family();
        m_document.setDefaultStyleSheet(
            QStringLiteral(
                "table { border-collapse: collapse; border-color: #bdbdbd; }"
                " th, td { border-width: 1px; border-style: solid; border-color: #bdbdbd;"
                " padding: 2px 6px; }"
                " th { font-weight: bold; }"
                " pre, code, tt, kbd, samp { font-family: '%1'; }")
                .arg(mono));
        if (markdown) {
            m_document.setMarkdown(source, QTextDocument::MarkdownDialectGitHub);
        } else {
            m_document.setHtml(stripped(source));
        }
    }

    QString mimeType() const override
    {
        return m_markdown ? QStringLiteral("text/markdown") : QStringLiteral("text/html");
    }
    QString plainText() const override { return m_document.toPlainText(); }

    int heightForWidth(int width) override
    {
        ensureWidth(width);
        return int(std::ceil(m_document.size().height()));
    }

    void paint(QPainter *painter, int width, const QRect &clip) override
    {
        ensureWidth(width);
        painter->save();
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette = m_palette;
        context.clip = QRectF(clip);
        painter->setClipRect(QRect(0, 0, width, heightForWidth(width)) & clip, Qt::IntersectClip);
        m_document.documentLayout()->draw(painter, context);
        painter->restore();
    }

    QString linkAt(const QPoint &pos, int width) override
    {
        ensureWidth(width);
        return m_document.documentLayout()->anchorAt(QPointF(pos));
    }

    static QString stripped(QString html)
    {
        // Scripts never run here, and <style> blocks (pandas emits one) would show as text or
        // restyle the whole document.
        static const QRegularExpression blocks(
            QStringLiteral("<(script|style)\\b[^>]*>.*?(</\\1\\s*>|$)"),
            QRegularExpression::CaseInsensitiveOption
                | QRegularExpression::DotMatchesEverythingOption);
        return html.remove(blocks);
    }

private:
    void ensureWidth(int width)
    {
        if (width != m_width) {
            m_width = width;
            m_document.setTextWidth(std::max(1, width));
        }
    }

    bool m_markdown;
    QPalette m_palette;
    DataUrlDocument m_document;
    int m_width = -1;
};

bool isImageMime(const std::string &mime)
{
    return mime == "image/png" || mime == "image/jpeg" || mime == "image/gif" || mime == "image/bmp"
           || mime == "image/webp";
}

bool canDecode(const std::string &mime)
{
    static const QList<QByteArray> supported = QImageReader::supportedMimeTypes();
    return supported.contains(QByteArray::fromStdString(mime));
}

std::unique_ptr<RenderedOutput> renderBundle(const Output &output, const OutputStyle &style);

/// What a bundle shows when @p failedMime could not be drawn: its text/plain, or a note.
std::unique_ptr<RenderedOutput> fallbackFor(const Output &output, const std::string &failedMime,
                                            const OutputStyle &style)
{
    const std::string &plain = output.dataText("text/plain");
    if (failedMime != "text/plain" && output.data().contains("text/plain"))
        return std::make_unique<TextOutput>(parseAnsi(plain, style.palette), style);
    return makeNote(OutputArea::tr("[cannot display %1: invalid data]").arg(QString::fromStdString(failedMime)),
                    style);
}

std::unique_ptr<RenderedOutput> renderBundle(const Output &output, const OutputStyle &style)
{
    const nlohmann::json &data = output.data();
    const QString preferred = preferredMimeType(data);
    if (preferred.isEmpty()) {
        if (!data.is_object() || data.empty())
            return std::make_unique<TextOutput>(AnsiText(), style);
        return makeNote(OutputArea::tr("[no renderer for %1]").arg(fromStd(data.begin().key())), style);
    }
    const std::string mime = preferred.toStdString();
    const nlohmann::json &value = data[mime];

    if (mime == "application/json") {
        const std::string text = value.is_string()
                                     ? value.get<std::string>()
                                     : value.dump(2, ' ', false,
                                                  nlohmann::json::error_handler_t::replace);
        AnsiText json;
        json.text = fromStd(text);
        return std::make_unique<TextOutput>(std::move(json), style, QColor(), preferred);
    }
    if (mime == "text/plain")
        return std::make_unique<TextOutput>(parseAnsi(output.dataText(mime), style.palette), style);
    if (mime == "text/latex") {
        // Shown as source until math rendering exists.
        AnsiText latex;
        latex.text = fromStd(output.dataText(mime));
        return std::make_unique<TextOutput>(std::move(latex), style, QColor(), preferred);
    }
    if (mime == "text/html" || mime == "text/markdown")
        return std::make_unique<DocumentOutput>(fromStd(output.dataText(mime)),
                                                mime == "text/markdown", style);
    const QSizeF requested = metadataSize(output.metadata(), mime);
    if (mime == "image/svg+xml") {
        const std::string &svg = output.dataText(mime);
        auto renderer = std::make_unique<QSvgRenderer>(
            QByteArray(svg.data(), qsizetype(svg.size())));
        if (!renderer->isValid())
            return fallbackFor(output, mime, style);
        return std::make_unique<SvgOutput>(std::move(renderer), requested);
    }
    // A bitmap: decoded on first use.
    QByteArray bytes = output.decodedData(mime);
    if (bytes.isEmpty())
        return fallbackFor(output, mime, style);
    // The fallback needs the bundle's text, not the whole output (which holds the image).
    Output textOnly = Output::displayData(nlohmann::json::object());
    if (data.contains("text/plain"))
        textOnly.json()["data"]["text/plain"] = data["text/plain"];
    OutputStyle styleCopy = style;
    return std::make_unique<ImageOutput>(
        std::move(bytes), preferred, requested,
        [textOnly = std::move(textOnly), styleCopy, mime] {
            return fallbackFor(textOnly, mime, styleCopy);
        });
}

} // namespace

QString preferredMimeType(const nlohmann::json &bundle)
{
    // JupyterLab's default ranks (@jupyterlab/rendermime factories and json-extension):
    // application/json 0, text/html 50, text/markdown 60, text/latex 70, image/svg+xml 80,
    // bitmaps 90, text/plain 120. JavaScript (110) and widget views are never run here.
    static const char *const ranked[] = {
        "application/json", "text/html", "text/markdown", "text/latex", "image/svg+xml",
        "image/bmp", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
    };
    if (!bundle.is_object())
        return {};
    for (const char *mime : ranked) {
        auto it = bundle.find(mime);
        if (it == bundle.end())
            continue;
        const std::string name(mime);
        if (name != "application/json" && !it->is_string())
            continue;
        if (isImageMime(name) && !canDecode(name))
            continue;
        return QString::fromLatin1(mime);
    }
    return {};
}

std::unique_ptr<RenderedOutput> renderOutput(const Output &output, const OutputStyle &style)
{
    switch (output.type()) {
    case OutputType::Stream: {
        const bool stderrStream = output.streamName() == "stderr";
        return std::make_unique<TextOutput>(parseAnsi(output.text(), style.palette), style,
                                            stderrStream ? errorBackground(style.palette)
                                                         : QColor());
    }
    case OutputType::Error: {
        std::string text;
        const std::vector<std::string> traceback = output.traceback();
        for (const std::string &line : traceback) {
            if (!text.empty())
                text += '\n';
            text += line;
        }
        if (text.empty())
            text = output.ename() + ": " + output.evalue();
        return std::make_unique<TextOutput>(parseAnsi(text, style.palette), style,
                                            errorBackground(style.palette));
    }
    case OutputType::DisplayData:
    case OutputType::ExecuteResult:
        return renderBundle(output, style);
    case OutputType::Unknown:
        break;
    }
    return makeNote(OutputArea::tr("[no renderer for output type %1]").arg(fromStd(output.outputTypeName())),
                    style);
}

QVariant DataUrlDocument::loadResource(int type, const QUrl &name)
{
    if (type != QTextDocument::ImageResource || name.scheme() != QLatin1String("data"))
        return {};
    const QByteArray url = name.toEncoded();
    const qsizetype comma = url.indexOf(',');
    if (comma < 0)
        return {};
    const QByteArray header = url.left(comma);
    QByteArray payload = QByteArray::fromPercentEncoding(url.mid(comma + 1));
    if (header.endsWith(";base64"))
        payload = QByteArray::fromBase64(payload);
    QImage image;
    if (!image.loadFromData(payload))
        return {};
    return image;
}

} // namespace cumulus
