// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// parseAnsi: SGR colours and attributes, other escapes stripped, carriage returns and
// backspaces applied as a terminal does.

#include "output/ansitext.h"

#include <QElapsedTimer>
#include <QtTest>

#include <string>

using namespace cumulus;

namespace {

/// The format at character @p pos, or a default format.
QTextCharFormat formatAt(const AnsiText &ansi, int pos)
{
    for (const auto &range : ansi.formats) {
        if (pos >= range.start && pos < range.start + range.length)
            return range.format;
    }
    return {};
}

QColor fg(const AnsiText &ansi, int pos)
{
    const QTextCharFormat f = formatAt(ansi, pos);
    return f.hasProperty(QTextFormat::ForegroundBrush) ? f.foreground().color() : QColor();
}

QColor bg(const AnsiText &ansi, int pos)
{
    const QTextCharFormat f = formatAt(ansi, pos);
    return f.hasProperty(QTextFormat::BackgroundBrush) ? f.background().color() : QColor();
}

} // namespace

class TestAnsiText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void visibleText_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const char *input, const char *expected) {
            QTest::newRow(name) << QByteArray(input) << QString::fromUtf8(expected);
        };
        row("empty", "", "");
        row("plain", "hello\nworld\n", "hello\nworld\n");
        row("utf8", "caf\xC3\xA9 \xE2\x9C\x93", "caf\xC3\xA9 \xE2\x9C\x93");
        row("sgr removed", "\x1b[31mred\x1b[0m", "red");
        row("sgr no params", "\x1b[mx", "x");
        row("cursor movement stripped", "a\x1b[2Kb\x1b[1Ac", "abc");
        row("private mode stripped", "\x1b[?25lhidden cursor\x1b[?25h", "hidden cursor");
        row("osc bel", "\x1b]0;title\x07text", "text");
        row("osc st", "\x1b]8;;http://x.org\x1b\\link\x1b]8;;\x1b\\", "link");
        row("osc unterminated", "text\x1b]0;title", "text");
        row("charset", "\x1b(Babc", "abc");
        row("two-byte escape", "\x1b" "7abc\x1b" "8", "abc");
        row("lone escape at end", "abc\x1b", "abc");
        row("unterminated csi", "abc\x1b[31", "abc");
        row("bell dropped", "a\x07" "b", "ab");
        row("tab kept", "a\tb", "a\tb");
        row("crlf", "a\r\nb", "a\nb");
        row("cr overwrites", "progress 10%\rprogress 100%\n", "progress 100%\n");
        row("cr keeps rest of line", "abcdef\rXY", "XYcdef");
        row("cr per line", "one\ntwo\rTW", "one\nTWo");
        row("cr at end", "done\r", "done");
        row("backspace", "abc\b\bX", "aXc");
        row("backspace at line start", "a\n\bb", "a\nb");
        row("cr with colours", "\x1b[32m 50%\x1b[0m\r\x1b[32m100%\x1b[0m", "100%");
    }

    void visibleText()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        const AnsiText ansi = parseAnsi(std::string_view(input.constData(), size_t(input.size())));
        QCOMPARE(ansi.text, expected);
        for (const auto &range : ansi.formats) {
            QVERIFY(range.start >= 0);
            QVERIFY(range.length > 0);
            QVERIFY(range.start + range.length <= ansi.text.size());
        }
    }

    void standardColours()
    {
        const AnsiText ansi = parseAnsi("\x1b[31mred\x1b[0m plain \x1b[94mbright\x1b[39m");
        QCOMPARE(ansi.text, QStringLiteral("red plain bright"));
        QCOMPARE(fg(ansi, 0), AnsiText::standardColor(1));
        QCOMPARE(fg(ansi, 2), AnsiText::standardColor(1));
        QVERIFY(!fg(ansi, 3).isValid()); // reset
        QCOMPARE(fg(ansi, 10), AnsiText::standardColor(12));
        const QColor red = fg(ansi, 0);
        QVERIFY(red.red() > 180 && red.green() < 120 && red.blue() < 120);
        QCOMPARE(ansi.formats.size(), 2);
    }

    void backgrounds()
    {
        const AnsiText ansi = parseAnsi("\x1b[41ma\x1b[103mb\x1b[49mc");
        QCOMPARE(bg(ansi, 0), AnsiText::standardColor(1));
        QCOMPARE(bg(ansi, 1), AnsiText::standardColor(11));
        QVERIFY(!bg(ansi, 2).isValid());
    }

    void boldIsBright()
    {
        // IPython's tracebacks use "\x1b[1;32m" for bright green.
        const AnsiText ansi = parseAnsi("\x1b[1;32mA\x1b[22mB\x1b[0mC");
        QCOMPARE(fg(ansi, 0), AnsiText::standardColor(10));
        QCOMPARE(formatAt(ansi, 0).fontWeight(), int(QFont::Bold));
        QCOMPARE(fg(ansi, 1), AnsiText::standardColor(2)); // 22: normal intensity
        QVERIFY(formatAt(ansi, 1).fontWeight() != int(QFont::Bold));
        QVERIFY(!fg(ansi, 2).isValid());
        // Bold does not change 24-bit colours or bright ones.
        const AnsiText other = parseAnsi("\x1b[1;92mA\x1b[38;2;1;2;3mB");
        QCOMPARE(fg(other, 0), AnsiText::standardColor(10));
        QCOMPARE(fg(other, 1), QColor(1, 2, 3));
    }

    void palette256()
    {
        const AnsiText ansi
            = parseAnsi("\x1b[38;5;196mA\x1b[48;5;21mB\x1b[38;5;244mC\x1b[38;5;3mD");
        QCOMPARE(fg(ansi, 0), QColor(255, 0, 0));
        QCOMPARE(bg(ansi, 1), QColor(0, 0, 255));
        QCOMPARE(fg(ansi, 1), QColor(255, 0, 0)); // foreground unchanged by 48
        QCOMPARE(fg(ansi, 2), QColor(128, 128, 128));
        QCOMPARE(fg(ansi, 3), AnsiText::standardColor(3));
        QCOMPARE(AnsiText::paletteColor(16), QColor(0, 0, 0));
        QCOMPARE(AnsiText::paletteColor(231), QColor(255, 255, 255));
        QCOMPARE(AnsiText::paletteColor(232), QColor(8, 8, 8));
        QCOMPARE(AnsiText::paletteColor(255), QColor(238, 238, 238));
        QVERIFY(!AnsiText::paletteColor(256).isValid());
    }

    void trueColour()
    {
        const AnsiText ansi =
            parseAnsi("\x1b[38;2;255;128;0mA\x1b[48;2;10;20;30mB\x1b[38:2::1:2:3mC\x1b[38:5:46mD");
        QCOMPARE(fg(ansi, 0), QColor(255, 128, 0));
        QCOMPARE(bg(ansi, 1), QColor(10, 20, 30));
        QCOMPARE(fg(ansi, 2), QColor(1, 2, 3));
        QCOMPARE(fg(ansi, 3), QColor(0, 255, 0));
        // Parameters after an extended colour still apply.
        const AnsiText more = parseAnsi("\x1b[38;5;196;1;4mX");
        QCOMPARE(fg(more, 0), QColor(255, 0, 0));
        QVERIFY(formatAt(more, 0).fontUnderline());
        // Truncated or out of range: no colour, no crash.
        const AnsiText broken = parseAnsi("\x1b[38;5mA\x1b[38;2;1mB\x1b[38;5;999mC\x1b[38mD");
        QCOMPARE(broken.text, QStringLiteral("ABCD"));
    }

    void attributes()
    {
        const AnsiText ansi = parseAnsi("\x1b[3mi\x1b[23m\x1b[4mu\x1b[24mn");
        QVERIFY(formatAt(ansi, 0).fontItalic());
        QVERIFY(formatAt(ansi, 1).fontUnderline());
        QVERIFY(!formatAt(ansi, 1).fontItalic());
        QVERIFY(!formatAt(ansi, 2).fontUnderline());
    }

    void inverse()
    {
        QPalette palette;
        palette.setColor(QPalette::Text, Qt::black);
        palette.setColor(QPalette::Base, Qt::white);
        const AnsiText ansi = parseAnsi("\x1b[7mA\x1b[31mB\x1b[27mC", palette);
        QCOMPARE(fg(ansi, 0), QColor(Qt::white));
        QCOMPARE(bg(ansi, 0), QColor(Qt::black));
        QCOMPARE(bg(ansi, 1), AnsiText::standardColor(1));
        QCOMPARE(fg(ansi, 1), QColor(Qt::white));
        QCOMPARE(fg(ansi, 2), AnsiText::standardColor(1));
        QVERIFY(!bg(ansi, 2).isValid());
    }

    void rangesMerge()
    {
        // Same format set twice in a row: one range.
        const AnsiText ansi = parseAnsi("\x1b[31mab\x1b[31mcd\x1b[0m");
        QCOMPARE(ansi.formats.size(), 1);
        QCOMPARE(ansi.formats[0].start, 0);
        QCOMPARE(ansi.formats[0].length, 4);
    }

    void overwriteKeepsFormats()
    {
        const AnsiText ansi = parseAnsi("\x1b[31mabcd\x1b[0m\rXY");
        QCOMPARE(ansi.text, QStringLiteral("XYcd"));
        QVERIFY(!fg(ansi, 0).isValid());
        QCOMPARE(fg(ansi, 2), AnsiText::standardColor(1));
    }

    void large()
    {
        // A coloured 5 MB log parses in well under a second.
        std::string text;
        while (text.size() < 5'000'000)
            text += "\x1b[32mINFO\x1b[0m step " + std::to_string(text.size()) + " done\n";
        QElapsedTimer timer;
        timer.start();
        const AnsiText ansi = parseAnsi(text);
        const qint64 ms = timer.elapsed();
        qInfo("parsed %zu bytes in %lld ms", text.size(), ms);
        QVERIFY(ansi.text.startsWith(QStringLiteral("INFO step 0 done\n")));
        QVERIFY(ms < 3000);
    }
};

QTEST_MAIN(TestAnsiText)
#include "tst_ansitext.moc"
