// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The JSON text nbformat writes comes from Python's json module: these tests pin Cumulus's
// writer to it. Known answers were printed by Debian's /usr/bin/python3 (repr(float),
// json.dumps(..., indent=1, sort_keys=True, separators=(',', ': '), ensure_ascii=False),
// str.splitlines(True)); a live cross-check runs Python on random-ish data too.

#include "nbformat/nbformat.h"
#include "nbformat/pythonjson.h"

#include <QProcess>
#include <QtTest>

using namespace cumulus;

class TestPythonJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatDouble_data();
    void formatDouble();
    void escaping_data();
    void escaping();
    void layout();
    void splitLines_data();
    void splitLines();
    void matchesPythonLive();
};

void TestPythonJson::formatDouble_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    // repr() of each value, from Python 3.11.
    QTest::newRow("zero") << 0.0 << QStringLiteral("0.0");
    QTest::newRow("negative zero") << -0.0 << QStringLiteral("-0.0");
    QTest::newRow("one") << 1.0 << QStringLiteral("1.0");
    QTest::newRow("tenth") << 0.1 << QStringLiteral("0.1");
    QTest::newRow("1e-05 switches to exponent") << 1e-05 << QStringLiteral("1e-05");
    QTest::newRow("0.0001 stays fixed") << 0.0001 << QStringLiteral("0.0001");
    QTest::newRow("1e15 stays fixed") << 1e15 << QStringLiteral("1000000000000000.0");
    QTest::newRow("2.5e15 stays fixed") << 2.5e15 << QStringLiteral("2500000000000000.0");
    QTest::newRow("9999999999999998") << 9999999999999998.0 << QStringLiteral("9999999999999998.0");
    QTest::newRow("1e16 switches to exponent") << 1e16 << QStringLiteral("1e+16");
    QTest::newRow("1.5e16") << 1.5e16 << QStringLiteral("1.5e+16");
    QTest::newRow("12345678901234567") << 12345678901234567.0 << QStringLiteral("1.2345678901234568e+16");
    QTest::newRow("123.456") << 123.456 << QStringLiteral("123.456");
    QTest::newRow("1e300") << 1e300 << QStringLiteral("1e+300");
    QTest::newRow("denormal min") << 5e-324 << QStringLiteral("5e-324");
    QTest::newRow("double max") << 1.7976931348623157e308 << QStringLiteral("1.7976931348623157e+308");
    QTest::newRow("1.234e-07") << 1.234e-07 << QStringLiteral("1.234e-07");
    QTest::newRow("100.0") << 100.0 << QStringLiteral("100.0");
    QTest::newRow("negative") << -2.5 << QStringLiteral("-2.5");
    QTest::newRow("1e22") << 1e22 << QStringLiteral("1e+22");
    QTest::newRow("shortest round trip") << 0.30000000000000004 << QStringLiteral("0.30000000000000004");
    QTest::newRow("nan") << std::nan("") << QStringLiteral("NaN");
    QTest::newRow("infinity") << HUGE_VAL << QStringLiteral("Infinity");
}

void TestPythonJson::formatDouble()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(pythonjson::formatDouble(value)), expected);
}

void TestPythonJson::escaping_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("abc") << QByteArray("\"abc\"");
    QTest::newRow("quote and backslash") << QByteArray("a\"b\\c") << QByteArray("\"a\\\"b\\\\c\"");
    QTest::newRow("named controls") << QByteArray("\n\r\t\b\f") << QByteArray("\"\\n\\r\\t\\b\\f\"");
    QTest::newRow("other controls lower-case hex") << QByteArray("\x01\x1b\x1f", 3)
                                                   << QByteArray("\"\\u0001\\u001b\\u001f\"");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("\"a\\u0000b\"");
    QTest::newRow("DEL unescaped") << QByteArray("\x7f") << QByteArray("\"\x7f\"");
    QTest::newRow("non-ASCII unescaped") << QByteArray("ü€😀") << QByteArray("\"ü€😀\"");
    QTest::newRow("U+2028 unescaped") << QByteArray("\xe2\x80\xa8") << QByteArray("\"\xe2\x80\xa8\"");
    QTest::newRow("slash unescaped") << QByteArray("</script>") << QByteArray("\"</script>\"");
}

void TestPythonJson::escaping()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const std::string out = pythonjson::dumps(nlohmann::json(input.toStdString()));
    QCOMPARE(QByteArray::fromStdString(out), expected);
}

void TestPythonJson::layout()
{
    // json.dumps({"b": [1, {}, []], "a": {"z": None, "y": True}, "é": "x", "B": 1.0},
    //            indent=1, sort_keys=True, separators=(',', ': '), ensure_ascii=False)
    const auto value = nlohmann::json::parse(
        R"({"b": [1, {}, []], "a": {"z": null, "y": true}, "é": "x", "B": 1.0})");
    const QByteArray expected = "{\n \"B\": 1.0,\n \"a\": {\n  \"y\": true,\n  \"z\": null\n },\n"
                                " \"b\": [\n  1,\n  {},\n  []\n ],\n \"é\": \"x\"\n}";
    QCOMPARE(QByteArray::fromStdString(pythonjson::dumps(value)), expected);
}

void TestPythonJson::splitLines_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::newRow("empty") << QByteArray() << QList<QByteArray>{};
    QTest::newRow("no newline") << QByteArray("abc") << QList<QByteArray>{"abc"};
    QTest::newRow("trailing newline") << QByteArray("a\nb\n") << QList<QByteArray>{"a\n", "b\n"};
    QTest::newRow("crlf is one break") << QByteArray("a\r\nb") << QList<QByteArray>{"a\r\n", "b"};
    QTest::newRow("lone cr") << QByteArray("a\rb") << QList<QByteArray>{"a\r", "b"};
    QTest::newRow("cr cr lf") << QByteArray("a\r\r\n") << QList<QByteArray>{"a\r", "\r\n"};
    QTest::newRow("vt ff fs gs rs") << QByteArray("a\x0b" "b\x0c" "c\x1c" "d\x1d" "e\x1e" "f")
                                    << QList<QByteArray>{"a\x0b", "b\x0c", "c\x1c", "d\x1d", "e\x1e", "f"};
    QTest::newRow("NEL U+2028 U+2029") << QByteArray("a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xa9" "d")
                                       << QList<QByteArray>{"a\xc2\x85", "b\xe2\x80\xa8", "c\xe2\x80\xa9", "d"};
    QTest::newRow("other C1 and E2 80 xx are not breaks")
        << QByteArray("\xc2\x86\xe2\x80\xa6x") << QList<QByteArray>{"\xc2\x86\xe2\x80\xa6x"};
    QTest::newRow("US and tab are not breaks") << QByteArray("a\x1f\tb") << QList<QByteArray>{"a\x1f\tb"};
}

void TestPythonJson::splitLines()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, expected);
    QList<QByteArray> lines;
    for (std::string_view line : nbformat::splitLines(std::string_view(input.constData(), size_t(input.size()))))
        lines.append(QByteArray(line.data(), qsizetype(line.size())));
    QCOMPARE(lines, expected);
}

void TestPythonJson::matchesPythonLive()
{
    // A value exercising every type, dumped by Python and by us.
    const QByteArray script = R"(
import json, sys, random
random.seed(7)
def value(depth):
    kind = random.randrange(7 if depth < 4 else 5)
    if kind == 0: return random.choice([None, True, False])
    if kind == 1: return random.randrange(-10**18, 10**18)
    if kind == 2: return random.choice([random.random() * 10 ** random.randrange(-30, 30), 1e16, 1e-5, -0.0])
    if kind == 3: return ''.join(random.choice('ab\n\r\t"\\\x01\x7fü€😀\u2028 ') for _ in range(random.randrange(12)))
    if kind == 4: return random.randrange(100)
    if kind == 5: return [value(depth + 1) for _ in range(random.randrange(4))]
    return {''.join(random.choice('abcXYZé_') for _ in range(random.randrange(1, 6))): value(depth + 1) for _ in range(random.randrange(5))}
data = [value(0) for _ in range(300)]
sys.stdout.write(json.dumps(data, ensure_ascii=False) + '\n\0')
sys.stdout.write(json.dumps(data, indent=1, sort_keys=True, separators=(',', ': '), ensure_ascii=False))
)";
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QString::fromUtf8(script)});
    if (!python.waitForStarted())
        QSKIP("/usr/bin/python3 is not available for the live cross-check");
    QVERIFY(python.waitForFinished(60000));
    QCOMPARE(python.exitCode(), 0);
    const QByteArray out = python.readAllStandardOutput();
    const qsizetype split = out.indexOf('\0');
    QVERIFY(split > 0);
    const auto value = nlohmann::json::parse(out.left(split).toStdString());
    const QByteArray expected = out.mid(split + 1);
    QCOMPARE(QByteArray::fromStdString(pythonjson::dumps(value)), expected);
}

QTEST_GUILESS_MAIN(TestPythonJson)
#include "tst_pythonjson.moc"
