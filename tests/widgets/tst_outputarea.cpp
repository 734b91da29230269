// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Output renderers and OutputArea, asserted on pixels: everything is painted into a QImage.
// Set CUMULUS_TEST_SNAPSHOTS=<dir> to keep the images for a look.

#include "output/outputarea.h"
#include "output/renderedoutput.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QPainter>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <string>

using namespace cumulus;
using nlohmann::json;

namespace {

OutputStyle testStyle()
{
    OutputStyle style;
    style.textFont = QFont(QStringLiteral("DejaVu Sans"), 10);
    style.monospaceFont = QFont(QStringLiteral("DejaVu Sans Mono"), 10);
    style.monospaceFont.setStyleHint(QFont::TypeWriter);
    style.palette.setColor(QPalette::Base, Qt::white);
    style.palette.setColor(QPalette::Window, Qt::white);
    style.palette.setColor(QPalette::Text, Qt::black);
    style.palette.setColor(QPalette::WindowText, Qt::black);
    style.palette.setColor(QPalette::Link, QColor(0, 0, 238));
    style.palette.setColor(QPalette::Mid, QColor(160, 160, 160));
    return style;
}

std::string pngBase64(QSize size, QColor color)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.toBase64().toStdString();
}

void snapshot(const QImage &image, const char *name)
{
    const QByteArray dir = qgetenv("CUMULUS_TEST_SNAPSHOTS");
    if (!dir.isEmpty())
        image.save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name)
                   + QLatin1String(".png"));
}

QImage render(RenderedOutput &output, int width, const char *name = nullptr)
{
    const int height = std::max(1, output.heightForWidth(width));
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    output.paint(&painter, width, QRect(0, 0, width, height));
    painter.end();
    if (name)
        snapshot(image, name);
    return image;
}

QImage render(OutputArea &area, int width, const char *name = nullptr)
{
    const int height = std::max(1, area.heightForWidth(width));
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    area.paint(&painter, width, QRect(0, 0, width, height));
    painter.end();
    if (name)
        snapshot(image, name);
    return image;
}

bool isRed(QRgb p) { return qRed(p) > 200 && qGreen(p) < 60 && qBlue(p) < 60; }
bool isReddish(QRgb p) { return qRed(p) > qGreen(p) + 60 && qRed(p) > qBlue(p) + 60; }

/// Bounding box and count of the pixels matching @p test.
QRect boxOf(const QImage &image, bool (*test)(QRgb), int *count = nullptr)
{
    QRect box;
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (test(image.pixel(x, y))) {
                box |= QRect(x, y, 1, 1);
                ++n;
            }
        }
    }
    if (count)
        *count = n;
    return box;
}

std::unique_ptr<RenderedOutput> display(json data, json metadata = json::object())
{
    return renderOutput(Output::displayData(std::move(data), std::move(metadata)), testStyle());
}

// What pandas 1.5's DataFrame._repr_html_ emits for pd.DataFrame({"col_a": [1, 2],
// "col_b": ["x", "y"]}).
const char *const kPandasHtml = R"(<div>
<style scoped>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }

    .dataframe tbody tr th {
        vertical-align: top;
    }

    .dataframe thead th {
        text-align: right;
    }
</style>
<table border="1" class="dataframe">
  <thead>
    <tr style="text-align: right;">
      <th></th>
      <th>col_a</th>
      <th>col_b</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <th>0</th>
      <td>1</td>
      <td>x</td>
    </tr>
    <tr>
      <th>1</th>
      <td>2</td>
      <td>y</td>
    </tr>
  </tbody>
</table>
</div>)";

/// Line height and top padding of monospace text, measured from outputs of 1 and 2 lines.
std::pair<int, int> textMetrics()
{
    auto one = renderOutput(Output::stream("stdout", "a\n"), testStyle());
    auto two = renderOutput(Output::stream("stdout", "a\nb\n"), testStyle());
    const int lineHeight = two->heightForWidth(400) - one->heightForWidth(400);
    return {lineHeight, (one->heightForWidth(400) - lineHeight) / 2};
}

} // namespace

class TestOutputArea : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void preferredMime_data()
    {
        QTest::addColumn<QString>("bundle");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const char *bundle, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(bundle) << QString::fromUtf8(expected);
        };
        row("empty", R"({})", "");
        row("not an object", R"([1])", "");
        row("plain", R"({"text/plain": "1"})", "text/plain");
        row("png over plain", R"({"text/plain": "<Figure>", "image/png": "iVBO"})", "image/png");
        row("html over png", R"({"image/png": "iVBO", "text/html": "<b>"})", "text/html");
        row("svg over png", R"({"image/png": "iVBO", "image/svg+xml": "<svg/>"})", "image/svg+xml");
        row("markdown over latex", R"({"text/latex": "$x$", "text/markdown": "*x*"})",
            "text/markdown");
        row("latex over plain", R"({"text/latex": "$x$", "text/plain": "x"})", "text/latex");
        row("json first", R"({"application/json": {"a": 1}, "text/html": "<b>"})",
            "application/json");
        row("widget falls back", R"({"application/vnd.jupyter.widget-view+json": {"model_id": "1"},
                                     "text/plain": "IntSlider value=0"})", "text/plain");
        row("javascript skipped", R"({"application/javascript": "alert 1", "text/plain": "js"})",
            "text/plain");
        row("unknown only", R"({"application/x-foo": "?"})", "");
        row("wrong type", R"({"text/html": 5, "text/plain": "x"})", "text/plain");
    }

    void preferredMime()
    {
        QFETCH(QString, bundle);
        QFETCH(QString, expected);
        QCOMPARE(preferredMimeType(json::parse(bundle.toStdString())), expected);
    }

    void imageAtNaturalSize()
    {
        auto output
            = display({{"image/png", pngBase64({40, 30}, Qt::red)}, {"text/plain", "<img>"}});
        QCOMPARE(output->mimeType(), QStringLiteral("image/png"));
        QCOMPARE(output->heightForWidth(300), 30);
        int count = 0;
        const QImage image = render(*output, 300, "image_natural");
        QCOMPARE(boxOf(image, isRed, &count), QRect(0, 0, 40, 30));
        QCOMPARE(count, 40 * 30);
        QCOMPARE(output->image().size(), QSize(40, 30));
        QVERIFY(!output->isCollapsible());
    }

    void imageMetadataSize()
    {
        auto wide = display({{"image/png", pngBase64({40, 30}, Qt::red)}},
                            {{"image/png", {{"width", 80}}}});
        QCOMPARE(wide->heightForWidth(300), 60);
        QCOMPARE(boxOf(render(*wide, 300, "image_width80"), isRed), QRect(0, 0, 80, 60));
        // Retina figures: a 2x bitmap shown at half its pixel size.
        auto both = display({{"image/png", pngBase64({80, 60}, Qt::red)}},
                            {{"image/png", {{"width", 40}, {"height", 30}}}});
        QCOMPARE(boxOf(render(*both, 300), isRed), QRect(0, 0, 40, 30));
        auto height = display({{"image/png", pngBase64({40, 30}, Qt::red)}},
                              {{"image/png", {{"height", "15"}}}});
        QCOMPARE(boxOf(render(*height, 300), isRed), QRect(0, 0, 20, 15));
    }

    void retinaImageIsSharpOnHiDpi()
    {
        // IPython's retina figures: a 2x bitmap with metadata at half size. On a 2x screen
        // every bitmap pixel must land on one device pixel (no blur from a 1x round trip).
        QImage stripes(80, 60, QImage::Format_RGB32);
        for (int x = 0; x < 80; ++x)
            for (int y = 0; y < 60; ++y)
                stripes.setPixelColor(x, y, x % 2 ? Qt::blue : Qt::red);
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        stripes.save(&buffer, "PNG");
        auto output = display({{"image/png", bytes.toBase64().toStdString()}},
                              {{"image/png", {{"width", 40}, {"height", 30}}}});
        QCOMPARE(output->heightForWidth(300), 30);
        QImage device(QSize(300, 30) * 2, QImage::Format_ARGB32_Premultiplied);
        device.setDevicePixelRatio(2.0);
        device.fill(Qt::white);
        QPainter painter(&device);
        output->paint(&painter, 300, QRect(0, 0, 300, 30));
        painter.end();
        int exact = 0;
        for (int y = 2; y < 58; ++y)
            for (int x = 0; x < 80; ++x) {
                const QColor c = device.pixelColor(x, y);
                exact += (x % 2 ? c.blue() > 230 && c.red() < 25 : c.red() > 230 && c.blue() < 25) ? 1 : 0;
            }
        QVERIFY2(exact >= 56 * 80 * 95 / 100, qPrintable(QString::number(exact)));
    }

    void imageScaledDown()
    {
        auto output = display({{"image/png", pngBase64({400, 300}, Qt::red)}});
        QCOMPARE(output->heightForWidth(200), 150);
        const QRect box = boxOf(render(*output, 200), isRed);
        QCOMPARE(box, QRect(0, 0, 200, 150));
        QCOMPARE(output->image().size(), QSize(400, 300)); // saved at full size
    }

    void jpegAndGif()
    {
        for (const char *format : {"JPEG", "GIF"}) {
            QImage image(10, 10, QImage::Format_RGB32);
            image.fill(Qt::red);
            QByteArray bytes;
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            if (!image.save(&buffer, format))
                continue; // no writer for this format
            const std::string mime
                = std::string("image/") + (format == std::string("JPEG") ? "jpeg" : "gif");
            auto output = display({{mime, bytes.toBase64().toStdString()}});
            QCOMPARE(output->heightForWidth(100), 10);
            QCOMPARE(boxOf(render(*output, 100), isRed), QRect(0, 0, 10, 10));
        }
    }

    void brokenImage_data()
    {
        QTest::addColumn<std::string>("data");
        QTest::newRow("not a png") << std::string("bm90IGEgcG5nIGF0IGFsbA==");
        QTest::newRow("invalid base64") << std::string("!!!***");
        QTest::newRow("truncated png") << pngBase64({40, 30}, Qt::red).substr(0, 60);
        QTest::newRow("empty") << std::string();
    }

    void brokenImage()
    {
        QFETCH(std::string, data);
        auto withText = display({{"image/png", data}, {"text/plain", "<Figure size 640x480>"}});
        QVERIFY(withText->heightForWidth(300) > 0);
        render(*withText, 300);
        QCOMPARE(withText->mimeType(), QStringLiteral("text/plain"));
        QCOMPARE(withText->plainText(), QStringLiteral("<Figure size 640x480>"));
        QVERIFY(withText->image().isNull());

        auto alone = display({{"image/png", data}});
        QVERIFY(alone->heightForWidth(300) > 0);
        render(*alone, 300);
        QVERIFY2(alone->plainText().contains(QStringLiteral("image/png")),
                 qPrintable(alone->plainText()));
    }

    void svg()
    {
        // (No raw string here: moc reads the "//" of a URL in one as a comment.)
        const std::string svg
            = "<svg xmlns=\"http:/"
              "/www.w3.org/2000/svg\" width=\"50\" height=\"20\">"
              "<rect x=\"0\" y=\"0\" width=\"50\" height=\"20\" fill=\"#ff0000\"/></svg>";
        auto output = display({{"image/svg+xml", svg}, {"text/plain", "<svg>"}});
        QCOMPARE(output->mimeType(), QStringLiteral("image/svg+xml"));
        QCOMPARE(output->heightForWidth(300), 20);
        QCOMPARE(boxOf(render(*output, 300, "svg"), isRed), QRect(0, 0, 50, 20));
        QCOMPARE(output->image().size(), QSize(50, 20));
        // Too wide: scaled down, keeping its aspect.
        QCOMPARE(output->heightForWidth(25), 10);
        QCOMPARE(boxOf(render(*output, 25), isRed), QRect(0, 0, 25, 10));
        // Metadata size.
        auto sized = display({{"image/svg+xml", svg}}, {{"image/svg+xml", {{"width", 100}}}});
        QCOMPARE(sized->heightForWidth(300), 40);
    }

    void invalidSvg()
    {
        auto output = display({{"image/svg+xml", "<svg><not closed"}, {"text/plain", "fallback"}});
        QCOMPARE(output->mimeType(), QStringLiteral("text/plain"));
        QCOMPARE(output->plainText(), QStringLiteral("fallback"));
        auto alone = display({{"image/svg+xml", "garbage"}});
        QVERIFY(alone->plainText().contains(QStringLiteral("image/svg+xml")));
        render(*alone, 300);
    }

    void ansiRedText()
    {
        auto red = renderOutput(Output::stream("stdout", "\x1b[31mred\x1b[0m\n"), testStyle());
        QCOMPARE(red->plainText(), QStringLiteral("red\n"));
        QCOMPARE(red->lineCount(), 1);
        int count = 0;
        boxOf(render(*red, 200, "ansi_red"), isReddish, &count);
        QVERIFY2(count > 10, qPrintable(QString::number(count)));

        auto plain = renderOutput(Output::stream("stdout", "plain\n"), testStyle());
        const QImage image = render(*plain, 200);
        boxOf(image, isReddish, &count);
        QCOMPARE(count, 0);
        int dark = 0;
        boxOf(image, [](QRgb p) { return qGray(p) < 100; }, &dark);
        QVERIFY(dark > 10); // black text was drawn
    }

    void stderrAndErrorBackground()
    {
        auto err = renderOutput(Output::stream("stderr", "warning\n"), testStyle());
        const QImage image = render(*err, 200, "stderr");
        QCOMPARE(image.pixel(1, 1), qRgb(0xff, 0xdd, 0xdd));
        QCOMPARE(image.pixel(199, image.height() - 1), qRgb(0xff, 0xdd, 0xdd));

        auto error
            = renderOutput(Output::error("ZeroDivisionError", "division by zero",
                                         {"\x1b[0;31m-----\x1b[0m",
                                          "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"}),
                           testStyle());
        QCOMPARE(error->plainText(), QStringLiteral("-----\nZeroDivisionError: division by zero"));
        QCOMPARE(error->lineCount(), 2);
        QCOMPARE(render(*error, 300, "error").pixel(1, 1), qRgb(0xff, 0xdd, 0xdd));

        auto noTraceback = renderOutput(Output::error("KeyError", "'a'", {}), testStyle());
        QCOMPARE(noTraceback->plainText(), QStringLiteral("KeyError: 'a'"));
    }

    void pandasTable()
    {
        auto output = display({{"text/html", kPandasHtml}, {"text/plain", "   col_a col_b"}});
        QCOMPARE(output->mimeType(), QStringLiteral("text/html"));
        const QString text = output->plainText();
        QVERIFY(text.contains(QStringLiteral("col_a")));
        QVERIFY2(!text.contains(QStringLiteral("vertical-align")), qPrintable(text));
        const QImage image = render(*output, 400, "pandas");

        // Grid lines: rows and columns of the table that are mostly non-white in one run.
        auto inkRow = [&](int y) {
            int run = 0, best = 0;
            for (int x = 0; x < image.width(); ++x) {
                run = qGray(image.pixel(x, y)) < 235 ? run + 1 : 0;
                best = std::max(best, run);
            }
            return best;
        };
        auto inkColumn = [&](int x) {
            int run = 0, best = 0;
            for (int y = 0; y < image.height(); ++y) {
                run = qGray(image.pixel(x, y)) < 235 ? run + 1 : 0;
                best = std::max(best, run);
            }
            return best;
        };
        int widest = 0;
        for (int y = 0; y < image.height(); ++y)
            widest = std::max(widest, inkRow(y));
        QVERIFY2(widest > 60, qPrintable(QString::number(widest)));
        int horizontal = 0;
        for (int y = 0; y < image.height(); ++y) {
            // A grid line spans the table; count separate lines, not their pixel rows.
            if (inkRow(y) >= widest - 2 && (y == 0 || inkRow(y - 1) < widest - 2))
                ++horizontal;
        }
        int tallest = 0;
        for (int x = 0; x < image.width(); ++x)
            tallest = std::max(tallest, inkColumn(x));
        int vertical = 0;
        for (int x = 0; x < image.width(); ++x) {
            if (inkColumn(x) >= tallest - 2 && (x == 0 || inkColumn(x - 1) < tallest - 2))
                ++vertical;
        }
        // 3 rows (header + 2) → 4 horizontal lines; 3 columns → 4 vertical ones.
        QVERIFY2(horizontal >= 4, qPrintable(QString::number(horizontal)));
        QVERIFY2(vertical >= 4, qPrintable(QString::number(vertical)));
        QVERIFY(tallest > 30);
    }

    void htmlLinksAndScripts()
    {
        auto output = display({{"text/html",
                                "<script>document.write('evil')</script>"
                                "<a href=\"https://example.org/doc\">documentation</a>"}});
        QVERIFY(!output->plainText().contains(QStringLiteral("evil")));
        QCOMPARE(output->linkAt(QPoint(10, 8), 400), QStringLiteral("https://example.org/doc"));
        QVERIFY(output->linkAt(QPoint(390, 8), 400).isEmpty());

        OutputArea area(testStyle());
        area.setOutputs(
            {Output::displayData({{"text/html", "<a href=\"https://x.org\">link</a>"}})});
        const auto hit = area.hitTest(QPoint(8, 8), 400);
        QCOMPARE(hit.kind, OutputArea::Hit::Link);
        QCOMPARE(hit.link, QStringLiteral("https://x.org"));
        QCOMPARE(hit.outputIndex, 0);
    }

    void markdown()
    {
        auto output = display({{"text/markdown", "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"}});
        QCOMPARE(output->mimeType(), QStringLiteral("text/markdown"));
        const QString text = output->plainText();
        QVERIFY(text.contains(QStringLiteral("Title")));
        QVERIFY(!text.contains(QStringLiteral("|---")));
        QVERIFY(output->heightForWidth(300) > 30);
        render(*output, 300, "markdown");
    }

    void latexAndJson()
    {
        auto latex = display({{"text/latex", "$$\\frac{1}{2}$$"}, {"text/plain", "1/2"}});
        QCOMPARE(latex->mimeType(), QStringLiteral("text/latex"));
        QCOMPARE(latex->plainText(), QStringLiteral("$$\\frac{1}{2}$$"));

        const json value = {{"a", json::array({1, 2})}, {"b", "text"}};
        auto output
            = display({{"application/json", value}, {"text/plain", "<IPython.core.display.JSON>"}});
        QCOMPARE(output->mimeType(), QStringLiteral("application/json"));
        QCOMPARE(output->plainText(), QString::fromStdString(value.dump(2)));
        QCOMPARE(output->lineCount(),
                 int(QString::fromStdString(value.dump(2)).count(QLatin1Char('\n'))) + 1);
        render(*output, 300, "json");
    }

    void unknownMime()
    {
        auto withText = display({{"application/x-foo", "?"}, {"text/plain", "the text"}});
        QCOMPARE(withText->mimeType(), QStringLiteral("text/plain"));
        QCOMPARE(withText->plainText(), QStringLiteral("the text"));

        auto alone = display({{"application/x-foo", "?"}});
        QCOMPARE(alone->plainText(), QStringLiteral("[no renderer for application/x-foo]"));
        QVERIFY(alone->heightForWidth(300) > 0);
        render(*alone, 300);

        auto empty = display(json::object());
        QCOMPARE(empty->heightForWidth(300), 0);
        render(*empty, 300);

        auto odd = renderOutput(Output(json{{"output_type", "hologram"}}), testStyle());
        QVERIFY(odd->plainText().contains(QStringLiteral("hologram")));
    }

    void wrapping()
    {
        const auto [lineHeight, pad] = textMetrics();
        QVERIFY(lineHeight > 5);
        const QFontMetricsF metrics(testStyle().monospaceFont);
        const int width = 400;
        const int columns = int((width - 8) / metrics.horizontalAdvance(QLatin1Char('x')));

        // One long word: broken anywhere, exactly every `columns` characters.
        auto word = renderOutput(Output::stream("stdout", std::string(1000, 'x')), testStyle());
        const int rows = (1000 + columns - 1) / columns;
        QCOMPARE(word->heightForWidth(width), rows * lineHeight + 2 * pad);
        const QImage image = render(*word, width, "wrap_word");
        // Nothing drawn past the right edge minus the padding.
        int dark = 0;
        for (int y = 0; y < image.height(); ++y)
            dark += qGray(image.pixel(width - 2, y)) < 128;
        QCOMPARE(dark, 0);

        // Words: wrapped at spaces, so more rows than the characters alone need.
        std::string words;
        for (int i = 0; i < 200; ++i)
            words += "wording ";
        auto prose = renderOutput(Output::stream("stdout", words), testStyle());
        const int proseRows = (prose->heightForWidth(width) - 2 * pad) / lineHeight;
        QVERIFY(proseRows >= int(words.size()) / columns);
        QVERIFY(proseRows <= int(words.size()) / (columns - 8) + 1);

        // Wide characters take the exact (QTextLayout) path and wrap as well.
        std::string cjk;
        for (int i = 0; i < 200; ++i)
            cjk += "\xE6\xBC\xA2"; // 漢
        auto wide = renderOutput(Output::stream("stdout", cjk + "\nnext\n"), testStyle());
        QVERIFY(wide->heightForWidth(width) >= 4 * lineHeight);
        render(*wide, width, "wrap_cjk");

        // A width change re-wraps.
        QVERIFY(word->heightForWidth(width / 2) > word->heightForWidth(width));
    }

    void hugeStream()
    {
        const int lines = 50'000;
        const int marked = 25'000;
        std::string text;
        for (int i = 0; i < lines; ++i) {
            if (i == marked)
                text += "\x1b[31m";
            text += "line " + std::to_string(i) + " of the output, some text to make it longer";
            if (i == marked)
                text += "\x1b[0m";
            text += '\n';
        }
        QElapsedTimer timer;
        timer.start();
        auto output = renderOutput(Output::stream("stdout", text), testStyle());
        const qint64 renderMs = timer.restart();
        const int height = output->heightForWidth(800);
        const qint64 firstHeightMs = timer.restart();
        QCOMPARE(output->heightForWidth(800), height);
        const qint64 cachedHeightNs = timer.nsecsElapsed();
        timer.restart();
        const int otherHeight = output->heightForWidth(801);
        const qint64 rewrapMs = timer.restart();

        const auto [lineHeight, pad] = textMetrics();
        QCOMPARE(height, lines * lineHeight + 2 * pad);
        QCOMPARE(otherHeight, height);
        QCOMPARE(output->lineCount(), lines);

        // Half the lines, half the height.
        std::string half = text.substr(0, text.size() / 2);
        half = half.substr(0, half.rfind('\n') + 1);
        auto halfOutput = renderOutput(Output::stream("stdout", half), testStyle());
        const int halfLines = halfOutput->lineCount();
        QCOMPARE(halfOutput->heightForWidth(800), halfLines * lineHeight + 2 * pad);

        // Paint a screenful in the middle: the red line is where line 25,000 belongs.
        const int top = pad + (marked - 20) * lineHeight;
        QImage image(800, 40 * lineHeight, QImage::Format_RGB32);
        image.fill(Qt::white);
        timer.restart();
        {
            QPainter painter(&image);
            painter.translate(0, -top);
            output->paint(&painter, 800, QRect(0, top, 800, image.height()));
        }
        const qint64 paintMs = timer.restart();
        snapshot(image, "huge_middle");
        const QRect red = boxOf(image, isReddish);
        QVERIFY(!red.isEmpty());
        QVERIFY2(red.top() >= 20 * lineHeight && red.bottom() < 21 * lineHeight,
                 qPrintable(QStringLiteral("%1..%2, line height %3")
                                .arg(red.top()).arg(red.bottom()).arg(lineHeight)));
        // Rows above and below carry text too.
        int dark = 0;
        boxOf(image.copy(0, 0, 800, 19 * lineHeight), [](QRgb p) { return qGray(p) < 100; }, &dark);
        QVERIFY(dark > 100);

        qInfo("50,000 lines: renderOutput %lld ms, first heightForWidth %lld ms, cached %lld ns, "
              "re-wrap at a new width %lld ms, paint 40 lines %lld ms",
              renderMs, firstHeightMs, cachedHeightNs, rewrapMs, paintMs);
        QVERIFY(firstHeightMs < 500);
        QVERIFY(rewrapMs < 500);
        QVERIFY(paintMs < 200);

        // In an output area: collapsed with a footer that toggles it.
        OutputArea area(testStyle());
        area.setOutputs({Output::stream("stdout", text)});
        QVERIFY(area.isCollapsed(0));
        const int collapsed = area.heightForWidth(800);
        QVERIFY(collapsed > OutputArea::collapsedHeight());
        QVERIFY(collapsed < OutputArea::collapsedHeight() + 40);
        const QImage areaImage = render(area, 800, "huge_collapsed");
        // The footer's label is drawn in the link colour.
        int link = 0;
        boxOf(
            areaImage.copy(0, OutputArea::collapsedHeight(), 800,
                           collapsed - OutputArea::collapsedHeight()),
            [](QRgb p) { return qBlue(p) > 150 && qRed(p) < 120 && qGreen(p) < 120; }, &link);
        QVERIFY(link > 10);

        auto hit = area.hitTest(QPoint(10, collapsed - 3), 800);
        QCOMPARE(hit.kind, OutputArea::Hit::ToggleCollapsed);
        QCOMPARE(hit.outputIndex, 0);
        hit = area.hitTest(QPoint(10, 100), 800);
        QCOMPARE(hit.kind, OutputArea::Hit::Output);
        QCOMPARE(hit.outputIndex, 0);
        QCOMPARE(area.hitTest(QPoint(10, collapsed + 10), 800).kind, OutputArea::Hit::None);

        area.setCollapsed(0, false);
        QVERIFY(!area.isCollapsed(0));
        const int expanded = area.heightForWidth(800);
        QCOMPARE(expanded, height + (collapsed - OutputArea::collapsedHeight()));
        hit = area.hitTest(QPoint(10, expanded - 3), 800);
        QCOMPARE(hit.kind, OutputArea::Hit::ToggleCollapsed);
    }

    void hugeUnusualText()
    {
        const auto [lineHeight, pad] = textMetrics();
        // 50,000 lines that need exact layout (box drawing, as tables of rich/tqdm print).
        std::string boxes;
        for (int i = 0; i < 50'000; ++i)
            boxes += "\xE2\x94\x82 " + std::to_string(i) + " \xE2\x94\x82 value \xE2\x94\x82\n";
        QElapsedTimer timer;
        timer.start();
        auto output = renderOutput(Output::stream("stdout", boxes), testStyle());
        const int height = output->heightForWidth(800);
        const qint64 boxesMs = timer.restart();
        QCOMPARE(height, 50'000 * lineHeight + 2 * pad);
        QImage top(800, 100, QImage::Format_RGB32);
        top.fill(Qt::white);
        {
            QPainter painter(&top);
            output->paint(&painter, 800, top.rect());
        }
        snapshot(top, "boxes");

        // One 5 MB line of words: wrapped by counting columns, painted a screenful at a time.
        std::string longLine;
        while (longLine.size() < 5'000'000)
            longLine += "word" + std::to_string(longLine.size() % 97) + ' ';
        timer.restart();
        auto single = renderOutput(Output::stream("stdout", longLine), testStyle());
        const int singleHeight = single->heightForWidth(800);
        const qint64 singleMs = timer.restart();
        QVERIFY(singleHeight > 5'000'000 / 120 * lineHeight);
        QImage image(800, 20 * lineHeight, QImage::Format_RGB32);
        image.fill(Qt::white);
        timer.restart();
        {
            QPainter painter(&image);
            painter.translate(0, -singleHeight / 2);
            single->paint(&painter, 800, QRect(0, singleHeight / 2, 800, image.height()));
        }
        const qint64 singlePaintMs = timer.restart();
        int dark = 0;
        boxOf(image, [](QRgb p) { return qGray(p) < 100; }, &dark);
        QVERIFY(dark > 100);

        // One 1 MB line of wide characters: laid out exactly, in pieces.
        std::string wide;
        while (wide.size() < 1'000'000)
            wide += "\xE2\x96\x88"; // █
        timer.restart();
        auto bar = renderOutput(Output::stream("stdout", wide), testStyle());
        const int barHeight = bar->heightForWidth(800);
        const qint64 barMs = timer.restart();
        QVERIFY(barHeight > 100 * lineHeight);

        qInfo("50,000 box-drawing lines: render + heightForWidth %lld ms; one 5 MB line: %lld ms, "
              "paint 20 rows %lld ms; one line of 333,334 wide characters: %lld ms",
              boxesMs, singleMs, singlePaintMs, barMs);
    }

    void areaStacksAndKeepsRenderers()
    {
        const Output first = Output::displayData({{"image/png", pngBase64({40, 30}, Qt::red)}});
        const Output second = Output::displayData({{"image/png", pngBase64({20, 10}, Qt::red)}});
        OutputArea area(testStyle());
        area.setOutputs({first, second});
        QCOMPARE(area.outputCount(), 2);
        const int height = area.heightForWidth(300);
        QVERIFY(height > 40 && height <= 48);
        const QImage image = render(area, 300, "stacked");
        QCOMPARE(boxOf(image.copy(0, 0, 300, 30), isRed), QRect(0, 0, 40, 30));
        QCOMPARE(boxOf(image.copy(0, 30, 300, height - 30), isRed),
                 QRect(0, height - 30 - 10, 20, 10));
        QCOMPARE(area.hitTest(QPoint(5, 5), 300).outputIndex, 0);
        QCOMPARE(area.hitTest(QPoint(5, height - 2), 300).outputIndex, 1);
        QCOMPARE(area.hitTest(QPoint(5, 31), 300).kind, OutputArea::Hit::None); // the gap

        RenderedOutput *kept = area.output(0);
        RenderedOutput *replaced = area.output(1);
        const Output third = Output::stream("stdout", "more\n");
        area.setOutputs({first, third, second});
        QCOMPARE(area.output(0), kept);
        QVERIFY(area.output(1) != replaced);
        QCOMPARE(area.output(1)->plainText(), QStringLiteral("more\n"));
        QCOMPARE(area.output(2)->mimeType(), QStringLiteral("image/png"));
        QVERIFY(!area.output(3));

        // Images are never clipped, however tall.
        area.setOutputs({Output::displayData({{"image/png", pngBase64({10, 1000}, Qt::red)}})});
        QCOMPARE(area.heightForWidth(300), 1000);

        area.setOutputs({});
        QCOMPARE(area.heightForWidth(300), 0);
        QCOMPARE(area.hitTest(QPoint(1, 1), 300).kind, OutputArea::Hit::None);
    }

    void growingStreamKeepsExpanded()
    {
        std::string text;
        for (int i = 0; i < 100; ++i)
            text += "line\n";
        OutputArea area(testStyle());
        area.setOutputs({Output::stream("stdout", text)});
        area.setCollapsed(0, false);
        area.setOutputs({Output::stream("stdout", text + "more\n")});
        QVERIFY(!area.isCollapsed(0));
        QCOMPARE(area.output(0)->lineCount(), 101);
    }
};

QTEST_MAIN(TestOutputArea)
#include "tst_outputarea.moc"
