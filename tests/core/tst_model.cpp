// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The notebook model: Cell, Output and Notebook as values that keep their JSON (including
// keys and values of the wrong type) and NotebookDocument's change notifications.

#include "nbformat/nbformat.h"
#include "notebook/cell.h"
#include "notebook/notebook.h"
#include "notebook/notebookdocument.h"
#include "notebook/output.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <limits>
#include <set>
#include <string>

using namespace cumulus;
using nlohmann::json;

Q_DECLARE_METATYPE(cumulus::CellType)

namespace {

/// The error's text, or "" on success: QVERIFY2 evaluates its message even when the check
/// passes, so the message must not touch error() of a successful Result.
template<typename T>
QString errorText(const Result<T> &result)
{
    return result.ok() ? QString() : result.error().toString();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(bytes) == bytes.size();
}

Cell markdown(const std::string &source, const std::string &id)
{
    Cell cell(CellType::Markdown);
    cell.setSource(source);
    cell.setId(id);
    return cell;
}

/// A document with cells "a".."e" (markdown, sources equal to their ids), unmodified.
Notebook lettersNotebook(int count = 5)
{
    Notebook notebook;
    for (int i = 0; i < count; ++i) {
        const std::string letter(1, char('a' + i));
        notebook.cells().push_back(markdown(letter, letter));
    }
    return notebook;
}

QString order(const NotebookDocument &document)
{
    QString out;
    for (int i = 0; i < document.cellCount(); ++i)
        out += QString::fromStdString(document.cell(i).id());
    return out;
}

NotebookDocument::CellChanges changesAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(1).value<NotebookDocument::CellChanges>();
}

} // namespace

class TestModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Cell
    void newCellHasRequiredKeys_data();
    void newCellHasRequiredKeys();
    void cellTypeNames_data();
    void cellTypeNames();
    void cellFromJsonKeepsEverything_data();
    void cellFromJsonKeepsEverything();
    void cellAccessorsTolerateWrongTypes_data();
    void cellAccessorsTolerateWrongTypes();
    void cellOutputsTypedOrRaw_data();
    void cellOutputsTypedOrRaw();
    void cellSetters();
    void cellSetType_data();
    void cellSetType();
    void cellEquality();

    // ids
    void newCellIdShape();
    void newCellIdsDiffer();
    void cellIdValidity_data();
    void cellIdValidity();

    // Output
    void outputFactories();
    void outputAccessorsTolerateWrongTypes_data();
    void outputAccessorsTolerateWrongTypes();
    void outputDecodedData();
    void jsonMimeTypes_data();
    void jsonMimeTypes();

    // Notebook
    void notebookDefaults();
    void notebookKernelAndLanguage_data();
    void notebookKernelAndLanguage();

    // NotebookDocument
    void documentInsertCell_data();
    void documentInsertCell();
    void documentRemoveCells_data();
    void documentRemoveCells();
    void documentMoveCells_data();
    void documentMoveCells();
    void documentIndexAfterMoveAndRemoval();
    void documentCellChanged();
    void documentUnchangedValuesAreSilent();
    void documentMetadata();
    void documentModifiedFlag();
    void documentSetNotebookResets();
    void documentIndexOfCellId();
    void documentLoadAndSave();
    void documentLoadFailureLeavesDocument();
    void documentSaveFailureKeepsModified();
};

void TestModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

// ---------------------------------------------------------------------------------------------
// Cell

void TestModel::newCellHasRequiredKeys_data()
{
    QTest::addColumn<CellType>("type");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isCode");
    QTest::newRow("code") << CellType::Code << QStringLiteral("code") << true;
    QTest::newRow("markdown") << CellType::Markdown << QStringLiteral("markdown") << false;
    QTest::newRow("raw") << CellType::Raw << QStringLiteral("raw") << false;
}

void TestModel::newCellHasRequiredKeys()
{
    QFETCH(CellType, type);
    QFETCH(QString, name);
    QFETCH(bool, isCode);
    const Cell cell(type);
    QCOMPARE(cell.type(), type);
    QCOMPARE(QString::fromStdString(cell.typeName()), name);
    QVERIFY(cell.hasId());
    QVERIFY(isValidCellId(cell.id()));
    QVERIFY(cell.source().empty());
    QVERIFY(cell.metadata().is_object());
    QVERIFY(cell.metadata().empty());
    QVERIFY(cell.attachments().is_null());
    QVERIFY(!cell.executionCount().has_value());
    QVERIFY(cell.outputs().empty());
    QCOMPARE(cell.hasTypedOutputs(), isCode);

    // The keys nbformat 4.5 requires for this cell type, no more.
    const json j = cell.toJson();
    QVERIFY(j.is_object());
    std::set<std::string> keys;
    for (const auto &[key, value] : j.items())
        keys.insert(key);
    std::set<std::string> expected{"cell_type", "id", "metadata", "source"};
    if (isCode) {
        expected.insert("execution_count");
        expected.insert("outputs");
        QVERIFY(j["execution_count"].is_null());
        QVERIFY(j["outputs"].is_array() && j["outputs"].empty());
    }
    QVERIFY(keys == expected);
    QVERIFY(j["source"].is_string());
}

void TestModel::cellTypeNames_data()
{
    QTest::addColumn<CellType>("type");
    QTest::addColumn<QString>("name");
    QTest::newRow("code") << CellType::Code << QStringLiteral("code");
    QTest::newRow("markdown") << CellType::Markdown << QStringLiteral("markdown");
    QTest::newRow("raw") << CellType::Raw << QStringLiteral("raw");
    QTest::newRow("unknown") << CellType::Unknown << QString();
}

void TestModel::cellTypeNames()
{
    QFETCH(CellType, type);
    QFETCH(QString, name);
    QCOMPARE(QString::fromUtf8(cellTypeName(type).data(), qsizetype(cellTypeName(type).size())),
             name);
    QCOMPARE(cellTypeFromName(name.toStdString()), type);
    // Names are case-sensitive and exact, as in the schema.
    QCOMPARE(cellTypeFromName("Code"), CellType::Unknown);
    QCOMPARE(cellTypeFromName("heading"), CellType::Unknown);
    QCOMPARE(cellTypeFromName(" code"), CellType::Unknown);
}

void TestModel::cellFromJsonKeepsEverything_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("full code cell") << QByteArray(
        R"({"cell_type":"code","execution_count":3,"id":"abc","metadata":{"tags":["x"]},)"
        R"~("outputs":[{"output_type":"stream","name":"stdout","text":"hi\n"}],"source":"print('hi')"})~");
    QTest::newRow("unknown keys") << QByteArray(
        R"({"cell_type":"markdown","id":"m","metadata":{"vendor":{"a":[1,{"b":null}]}},"source":"x","extra":{"k":[1,2]}})");
    QTest::newRow("no id (4.4)") << QByteArray(R"({"cell_type":"raw","metadata":{},"source":""})");
    QTest::newRow("wrong types") << QByteArray(
        R"({"cell_type":5,"id":7,"metadata":"meta","source":["a","b"],"execution_count":"3","attachments":[]})");
    QTest::newRow("outputs not a list") << QByteArray(
        R"({"cell_type":"code","execution_count":null,"metadata":{},"outputs":{"a":1},"source":""})");
    QTest::newRow("outputs with a non-object") << QByteArray(
        R"({"cell_type":"code","execution_count":null,"metadata":{},"outputs":[{"output_type":"stream"},"text",3],"source":""})");
    QTest::newRow("outputs on a markdown cell") << QByteArray(
        R"({"cell_type":"markdown","metadata":{},"outputs":[{"output_type":"stream","name":"stdout","text":""}],"source":""})");
    QTest::newRow("unknown cell type") << QByteArray(
        R"({"cell_type":"sketch","id":"s","metadata":{},"source":"ink","strokes":[[0,0]]})");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("not an object") << QByteArray("[1,2,3]");
}

void TestModel::cellFromJsonKeepsEverything()
{
    QFETCH(QByteArray, text);
    const json original = json::parse(text.toStdString());
    const Cell cell = Cell::fromJson(original);
    QVERIFY2(cell.toJson() == original, cell.toJson().dump().c_str());
    // Reading accessors never changes the cell.
    (void)cell.type();
    (void)cell.typeName();
    (void)cell.id();
    (void)cell.source();
    (void)cell.metadata();
    (void)cell.attachments();
    (void)cell.executionCount();
    QVERIFY(cell.toJson() == original);
}

void TestModel::cellAccessorsTolerateWrongTypes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<CellType>("type");
    QTest::addColumn<QString>("typeName");
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("hasId");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("executionCount"); // -1: none

    QTest::newRow("all well") << QByteArray(
        R"({"cell_type":"code","id":"a1","source":"x = 1","execution_count":4,"metadata":{}})")
                              << CellType::Code << QStringLiteral("code") << QStringLiteral("a1")
                              << true << QStringLiteral("x = 1") << 4;
    QTest::newRow("cell_type number")
        << QByteArray(R"({"cell_type":5,"metadata":{},"source":""})") << CellType::Unknown
        << QString() << QString() << false << QString() << -1;
    QTest::newRow("cell_type null")
        << QByteArray(R"({"cell_type":null,"metadata":{},"source":""})") << CellType::Unknown
        << QString() << QString() << false << QString() << -1;
    QTest::newRow("cell_type unknown")
        << QByteArray(R"({"cell_type":"sketch","metadata":{},"source":"s"})") << CellType::Unknown
        << QStringLiteral("sketch") << QString() << false << QStringLiteral("s") << -1;
    QTest::newRow("id number") << QByteArray(
        R"({"cell_type":"raw","id":7,"metadata":{},"source":""})")
                               << CellType::Raw << QStringLiteral("raw") << QString() << true
                               << QString() << -1;
    QTest::newRow("id illegal but kept")
        << QByteArray(R"({"cell_type":"raw","id":"bad id!","metadata":{},"source":""})")
        << CellType::Raw << QStringLiteral("raw") << QStringLiteral("bad id!") << true << QString()
        << -1;
    QTest::newRow("source list") << QByteArray(
        R"({"cell_type":"markdown","metadata":{},"source":["a\n","b"]})")
                                 << CellType::Markdown << QStringLiteral("markdown") << QString()
                                 << false << QString() << -1;
    QTest::newRow("source number")
        << QByteArray(R"({"cell_type":"markdown","metadata":{},"source":42})") << CellType::Markdown
        << QStringLiteral("markdown") << QString() << false << QString() << -1;
    QTest::newRow("source missing")
        << QByteArray(R"({"cell_type":"markdown","metadata":{}})") << CellType::Markdown
        << QStringLiteral("markdown") << QString() << false << QString() << -1;
    QTest::newRow("execution_count string")
        << QByteArray(R"({"cell_type":"code","metadata":{},"source":"","execution_count":"3"})")
        << CellType::Code << QStringLiteral("code") << QString() << false << QString() << -1;
    QTest::newRow("execution_count float")
        << QByteArray(R"({"cell_type":"code","metadata":{},"source":"","execution_count":3.5})")
        << CellType::Code << QStringLiteral("code") << QString() << false << QString() << -1;
    QTest::newRow("execution_count bool")
        << QByteArray(R"({"cell_type":"code","metadata":{},"source":"","execution_count":true})")
        << CellType::Code << QStringLiteral("code") << QString() << false << QString() << -1;
    QTest::newRow("execution_count beyond int")
        << QByteArray(
               R"({"cell_type":"code","metadata":{},"source":"","execution_count":4294967297})")
        << CellType::Code << QStringLiteral("code") << QString() << false << QString() << -1;
    QTest::newRow("execution_count zero")
        << QByteArray(R"({"cell_type":"code","metadata":{},"source":"","execution_count":0})")
        << CellType::Code << QStringLiteral("code") << QString() << false << QString() << 0;
    QTest::newRow("unicode source")
        << QByteArray(R"({"cell_type":"markdown","metadata":{},"source":"Grüße 😀\u2028"})")
        << CellType::Markdown << QStringLiteral("markdown") << QString() << false
        << QStringLiteral("Grüße 😀\u2028") << -1;
}

void TestModel::cellAccessorsTolerateWrongTypes()
{
    QFETCH(QByteArray, text);
    QFETCH(CellType, type);
    QFETCH(QString, typeName);
    QFETCH(QString, id);
    QFETCH(bool, hasId);
    QFETCH(QString, source);
    QFETCH(int, executionCount);
    const Cell cell = Cell::fromJson(json::parse(text.toStdString()));
    QCOMPARE(cell.type(), type);
    QCOMPARE(QString::fromStdString(cell.typeName()), typeName);
    QCOMPARE(QString::fromStdString(cell.id()), id);
    QCOMPARE(cell.hasId(), hasId);
    QCOMPARE(QString::fromStdString(cell.source()), source);
    if (executionCount < 0)
        QVERIFY2(!cell.executionCount().has_value(),
                 qPrintable(QString::number(cell.executionCount().value_or(-1))));
    else
        QCOMPARE(cell.executionCount(), std::optional<int>(executionCount));
}

void TestModel::cellOutputsTypedOrRaw_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("typed");
    QTest::addColumn<int>("count");
    QTest::newRow("list of objects") << QByteArray(
        R"({"cell_type":"code","metadata":{},"source":"","execution_count":null,"outputs":[{"output_type":"stream","name":"stdout","text":"a"},{"output_type":"error","ename":"E","evalue":"v","traceback":[]}]})")
                                     << true << 2;
    QTest::newRow("empty list") << QByteArray(
        R"({"cell_type":"code","metadata":{},"source":"","execution_count":null,"outputs":[]})")
                                << true << 0;
    QTest::newRow("objects of unknown type") << QByteArray(
        R"({"cell_type":"code","metadata":{},"source":"","execution_count":null,"outputs":[{"output_type":"hologram"},{}]})")
                                             << true << 2;
    QTest::newRow("a string among objects") << QByteArray(
        R"({"cell_type":"code","metadata":{},"source":"","execution_count":null,"outputs":[{"output_type":"stream"},"x"]})")
                                            << false << 0;
    QTest::newRow("outputs is an object") << QByteArray(
        R"({"cell_type":"code","metadata":{},"source":"","execution_count":null,"outputs":{}})")
                                          << false << 0;
    QTest::newRow("outputs is null") << QByteArray(
        R"({"cell_type":"code","metadata":{},"source":"","execution_count":null,"outputs":null})")
                                     << false << 0;
    QTest::newRow("no outputs key")
        << QByteArray(R"({"cell_type":"code","metadata":{},"source":"","execution_count":null})")
        << false << 0;
}

void TestModel::cellOutputsTypedOrRaw()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, typed);
    QFETCH(int, count);
    const json original = json::parse(text.toStdString());
    Cell cell = Cell::fromJson(original);
    QCOMPARE(cell.hasTypedOutputs(), typed);
    QCOMPARE(int(cell.outputs().size()), count);
    QVERIFY2(cell.toJson() == original, cell.toJson().dump().c_str());
    if (typed) {
        // Typed outputs are what toJson() writes back, in order.
        cell.outputs().push_back(Output::stream("stderr", "late\n"));
        const json written = cell.toJson();
        QCOMPARE(int(written["outputs"].size()), count + 1);
        QVERIFY(written["outputs"].back() == Output::stream("stderr", "late\n").json());
        QVERIFY(!cell.json().contains("outputs")); // held as typed values, not twice
    } else if (original.contains("outputs")) {
        QVERIFY(cell.json()["outputs"] == original["outputs"]);
    }
}

void TestModel::cellSetters()
{
    Cell cell(CellType::Code);
    cell.setSource("a = 1\nb = 2");
    QCOMPARE(cell.source(), std::string("a = 1\nb = 2"));
    cell.setId("my-id_1");
    QCOMPARE(cell.id(), std::string("my-id_1"));
    cell.setExecutionCount(12);
    QCOMPARE(cell.executionCount(), std::optional<int>(12));
    QVERIFY(cell.toJson()["execution_count"] == 12);
    cell.setExecutionCount(std::nullopt);
    QVERIFY(!cell.executionCount().has_value());
    QVERIFY(cell.toJson().contains("execution_count"));
    QVERIFY(cell.toJson()["execution_count"].is_null()); // null, not removed: code cells need it

    cell.metadata()["tags"] = json::array({"t"});
    QVERIFY(cell.toJson()["metadata"]["tags"] == json::array({"t"}));

    // metadata() (non-const) repairs a metadata value of the wrong type to an object.
    Cell odd = Cell::fromJson(json::parse(R"({"cell_type":"raw","metadata":"x","source":""})"));
    odd.metadata()["a"] = 1;
    QVERIFY(odd.toJson()["metadata"] == json({{"a", 1}}));

    Cell md(CellType::Markdown);
    const json attachments = {{"dot.png", {{"image/png", "iVBORw0KGgo="}}}};
    md.setAttachments(attachments);
    QVERIFY(md.attachments() == attachments);
    QVERIFY(md.toJson()["attachments"] == attachments);
    md.setAttachments(nullptr);
    QVERIFY(md.attachments().is_null());
    QVERIFY(!md.toJson().contains("attachments"));
}

void TestModel::cellSetType_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<CellType>("to");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("code to markdown drops outputs and execution_count")
        << QByteArray(
               R"({"cell_type":"code","execution_count":3,"id":"c","metadata":{"tags":["t"]},)"
               R"("outputs":[{"output_type":"stream","name":"stdout","text":"x"}],"source":"1"})")
        << CellType::Markdown
        << QByteArray(
               R"({"cell_type":"markdown","id":"c","metadata":{"tags":["t"]},"source":"1"})");
    QTest::newRow("code to raw") << QByteArray(
        R"({"cell_type":"code","execution_count":null,"id":"c","metadata":{},"outputs":[],"source":""})")
                                 << CellType::Raw
                                 << QByteArray(
                                        R"({"cell_type":"raw","id":"c","metadata":{},"source":""})");
    QTest::newRow("markdown to code gains outputs and execution_count, loses attachments")
        << QByteArray(
               R"({"attachments":{"a.png":{"image/png":"AA=="}},"cell_type":"markdown","id":"m","metadata":{},"source":"# t"})")
        << CellType::Code
        << QByteArray(
               R"({"cell_type":"code","execution_count":null,"id":"m","metadata":{},"outputs":[],"source":"# t"})");
    QTest::newRow("markdown to raw keeps attachments")
        << QByteArray(
               R"({"attachments":{"a.png":{"image/png":"AA=="}},"cell_type":"markdown","id":"m","metadata":{},"source":"x"})")
        << CellType::Raw
        << QByteArray(
               R"({"attachments":{"a.png":{"image/png":"AA=="}},"cell_type":"raw","id":"m","metadata":{},"source":"x"})");
    QTest::newRow("same type is a no-op")
        << QByteArray(
               R"({"cell_type":"code","execution_count":2,"metadata":{},"outputs":[],"source":"","odd":1})")
        << CellType::Code
        << QByteArray(
               R"({"cell_type":"code","execution_count":2,"metadata":{},"outputs":[],"source":"","odd":1})");
    QTest::newRow("to unknown is a no-op")
        << QByteArray(R"({"cell_type":"markdown","metadata":{},"source":"x"})") << CellType::Unknown
        << QByteArray(R"({"cell_type":"markdown","metadata":{},"source":"x"})");
    QTest::newRow("unknown type to code")
        << QByteArray(R"({"cell_type":"sketch","id":"s","metadata":{},"source":"ink"})")
        << CellType::Code
        << QByteArray(
               R"({"cell_type":"code","execution_count":null,"id":"s","metadata":{},"outputs":[],"source":"ink"})");
    QTest::newRow("unknown keys survive")
        << QByteArray(R"({"cell_type":"raw","metadata":{},"source":"","vendor":{"x":1}})")
        << CellType::Markdown
        << QByteArray(R"({"cell_type":"markdown","metadata":{},"source":"","vendor":{"x":1}})");
}

void TestModel::cellSetType()
{
    QFETCH(QByteArray, text);
    QFETCH(CellType, to);
    QFETCH(QByteArray, expected);
    Cell cell = Cell::fromJson(json::parse(text.toStdString()));
    cell.setType(to);
    const json want = json::parse(expected.toStdString());
    QVERIFY2(cell.toJson() == want, qPrintable(QStringLiteral("got %1").arg(
                                        QString::fromStdString(cell.toJson().dump()))));
    if (to == CellType::Code) {
        QVERIFY(cell.hasTypedOutputs());
        cell.outputs().push_back(Output::stream("stdout", "x"));
        QCOMPARE(cell.toJson()["outputs"].size(), size_t(1));
    } else if (to != CellType::Unknown
               && cellTypeFromName(json::parse(text.toStdString()).value("cell_type", "")) != to) {
        QVERIFY(cell.outputs().empty());
        QVERIFY(!cell.executionCount().has_value());
    }
}

void TestModel::cellEquality()
{
    const json j = json::parse(
        R"({"cell_type":"code","execution_count":1,"id":"x","metadata":{},"outputs":[],"source":"a"})");
    const Cell a = Cell::fromJson(j);
    Cell b = Cell::fromJson(j);
    QVERIFY(a == b);
    b.setSource("b");
    QVERIFY(!(a == b));
    QVERIFY(Cell(CellType::Code) != Cell(CellType::Code)); // different random ids
}

// ---------------------------------------------------------------------------------------------
// ids

void TestModel::newCellIdShape()
{
    for (int i = 0; i < 200; ++i) {
        const std::string id = newCellId();
        QCOMPARE(id.size(), size_t(8));
        for (char c : id)
            QVERIFY2((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'), id.c_str());
        QVERIFY(isValidCellId(id));
    }
}

void TestModel::newCellIdsDiffer()
{
    // 100 ids of 32 random bits: a collision here is a 1-in-a-million event.
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i)
        ids.insert(newCellId());
    QCOMPARE(ids.size(), size_t(100));
}

void TestModel::cellIdValidity_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("one letter") << QByteArray("a") << true;
    QTest::newRow("hex") << QByteArray("0f3a9b2c") << true;
    QTest::newRow("dash and underscore") << QByteArray("a-b_C-9") << true;
    QTest::newRow("only dashes") << QByteArray("---") << true;
    QTest::newRow("uuid") << QByteArray("123e4567-e89b-12d3-a456-426614174000") << true;
    QTest::newRow("64 chars") << QByteArray(64, 'x') << true;
    QTest::newRow("65 chars") << QByteArray(65, 'x') << false;
    QTest::newRow("space") << QByteArray("a b") << false;
    QTest::newRow("dot") << QByteArray("a.b") << false;
    QTest::newRow("slash") << QByteArray("a/b") << false;
    QTest::newRow("exclamation") << QByteArray("bad!") << false;
    QTest::newRow("newline") << QByteArray("a\n") << false;
    QTest::newRow("non-ascii letter") << QByteArray("caf\xc3\xa9") << false;
    QTest::newRow("embedded nul") << QByteArray("ab\0cd", 5) << false;
    QTest::newRow("plus") << QByteArray("a+b") << false;
}

void TestModel::cellIdValidity()
{
    QFETCH(QByteArray, id);
    QFETCH(bool, valid);
    QCOMPARE(cumulus::isValidCellId(std::string_view(id.constData(), size_t(id.size()))), valid);
}

// ---------------------------------------------------------------------------------------------
// Output

void TestModel::outputFactories()
{
    const Output stream = Output::stream("stderr", "warn\n");
    QCOMPARE(stream.type(), OutputType::Stream);
    QCOMPARE(stream.outputTypeName(), std::string("stream"));
    QCOMPARE(stream.streamName(), std::string("stderr"));
    QCOMPARE(stream.text(), std::string("warn\n"));
    QVERIFY(stream.json()
            == json({{"output_type", "stream"}, {"name", "stderr"}, {"text", "warn\n"}}));

    Output growing = stream;
    growing.setText("warn\nmore\n");
    QCOMPARE(growing.text(), std::string("warn\nmore\n"));
    QVERIFY(!(growing == stream));

    const Output display = Output::displayData({{"text/plain", "x"}, {"image/png", "AA=="}},
                                               {{"image/png", {{"width", 2}}}});
    QCOMPARE(display.type(), OutputType::DisplayData);
    QCOMPARE(display.dataText("text/plain"), std::string("x"));
    QVERIFY(display.metadata() == json({{"image/png", {{"width", 2}}}}));
    QVERIFY(!display.executionCount().has_value());
    QVERIFY(display.json()["metadata"].is_object());

    const Output result = Output::executeResult(7, {{"text/plain", "42"}});
    QCOMPARE(result.type(), OutputType::ExecuteResult);
    QCOMPARE(result.executionCount(), std::optional<int>(7));
    QCOMPARE(result.dataText("text/plain"), std::string("42"));
    QVERIFY(result.metadata().is_object() && result.metadata().empty());
    QVERIFY(result.json().contains("metadata")); // required by the schema

    const Output error = Output::error("ValueError", "bad", {"Traceback", "ValueError: bad"});
    QCOMPARE(error.type(), OutputType::Error);
    QCOMPARE(error.ename(), std::string("ValueError"));
    QCOMPARE(error.evalue(), std::string("bad"));
    QCOMPARE(error.traceback(), (std::vector<std::string>{"Traceback", "ValueError: bad"}));

    const Output empty;
    QCOMPARE(empty.type(), OutputType::Unknown);
    QVERIFY(empty.json().is_object());
}

void TestModel::outputAccessorsTolerateWrongTypes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("type");
    QTest::newRow("no output_type")
        << QByteArray(R"({"name":"stdout","text":"x"})") << int(OutputType::Unknown);
    QTest::newRow("output_type number")
        << QByteArray(R"({"output_type":3})") << int(OutputType::Unknown);
    QTest::newRow("unknown output_type")
        << QByteArray(R"({"output_type":"hologram","data":{"text/plain":"x"}})")
        << int(OutputType::Unknown);
    QTest::newRow("v3 pyout") << QByteArray(R"({"output_type":"pyout","text":"x"})")
                              << int(OutputType::Unknown);
    QTest::newRow("stream with list text")
        << QByteArray(R"({"output_type":"stream","name":"stdout","text":["a\n","b"]})")
        << int(OutputType::Stream);
    QTest::newRow("stream with number name")
        << QByteArray(R"({"output_type":"stream","name":1,"text":5})") << int(OutputType::Stream);
    QTest::newRow("data not an object")
        << QByteArray(R"({"output_type":"display_data","data":"x","metadata":[]})")
        << int(OutputType::DisplayData);
    QTest::newRow("mime value not a string") << QByteArray(
        R"({"output_type":"execute_result","execution_count":"1","data":{"text/plain":["a","b"],"application/json":{"a":1}},"metadata":{}})")
                                             << int(OutputType::ExecuteResult);
    QTest::newRow("execution_count beyond int") << QByteArray(
        R"({"output_type":"execute_result","execution_count":4294967297,"data":{},"metadata":{}})")
                                                << int(OutputType::ExecuteResult);
    QTest::newRow("error with odd traceback") << QByteArray(
        R"({"output_type":"error","ename":1,"evalue":null,"traceback":["ok",2,null,"fine"]})")
                                              << int(OutputType::Error);
    QTest::newRow("error traceback not a list")
        << QByteArray(R"({"output_type":"error","traceback":"x"})") << int(OutputType::Error);
    QTest::newRow("not an object")
        << QByteArray(R"(["output_type","stream"])") << int(OutputType::Unknown);
}

void TestModel::outputAccessorsTolerateWrongTypes()
{
    QFETCH(QByteArray, text);
    QFETCH(int, type);
    const json original = json::parse(text.toStdString());
    const Output output(original);
    QCOMPARE(int(output.type()), type);
    // None of these may throw, whatever the JSON holds; wrong types read as empty.
    const std::string name = output.streamName();
    const std::string &streamText = output.text();
    const json &data = output.data();
    const json &metadata = output.metadata();
    const std::string &plain = output.dataText("text/plain");
    const std::string &jsonText = output.dataText("application/json");
    const QByteArray png = output.decodedData("image/png");
    const std::optional<int> count = output.executionCount();
    const std::string ename = output.ename();
    const std::string evalue = output.evalue();
    const std::vector<std::string> traceback = output.traceback();
    QVERIFY(data.is_object());
    QVERIFY(metadata.is_object());
    QVERIFY(jsonText.empty()); // application/json holds an object, never text
    QVERIFY(png.isEmpty());
    if (original.is_object()) {
        auto isString = [&](const char *key) {
            return original.contains(key) && original[key].is_string();
        };
        if (!isString("name"))
            QVERIFY(name.empty());
        if (!isString("text"))
            QVERIFY(streamText.empty());
        if (!isString("ename"))
            QVERIFY(ename.empty());
        if (!isString("evalue"))
            QVERIFY(evalue.empty());
        const bool intCount
            = original.contains("execution_count")
              && original["execution_count"].is_number_integer()
              && original["execution_count"].get<long long>() >= std::numeric_limits<int>::min()
              && original["execution_count"].get<long long>() <= std::numeric_limits<int>::max();
        if (!intCount)
            QVERIFY2(!count.has_value(), qPrintable(QString::number(count.value_or(-1))));
        if (original.contains("data") && original["data"].is_object()
            && original["data"].contains("text/plain")
            && !original["data"]["text/plain"].is_string())
            QVERIFY(plain.empty());
        if (original.contains("traceback") && original["traceback"].is_array()) {
            size_t strings = 0;
            for (const auto &line : original["traceback"])
                strings += line.is_string() ? 1 : 0;
            QCOMPARE(traceback.size(), strings);
        } else {
            QVERIFY(traceback.empty());
        }
    }
    // The JSON itself is kept exactly.
    QVERIFY(output.json() == original);
}

void TestModel::outputDecodedData()
{
    const QByteArray bytes("\x89PNG\r\n\x1a\n\x00\x01\x02\xff", 12);
    const std::string base64 = bytes.toBase64().toStdString();
    const Output plain = Output::displayData({{"image/png", base64}});
    QCOMPARE(plain.decodedData("image/png"), bytes);

    // Old writers wrapped base64 at 76 columns; the newlines must not matter.
    const QByteArray big(200, '\x7f');
    std::string wrapped = big.toBase64().toStdString();
    for (size_t at = 76; at < wrapped.size(); at += 77)
        wrapped.insert(at, 1, '\n');
    wrapped += '\n';
    const Output folded = Output::displayData({{"image/png", wrapped}});
    QCOMPARE(folded.decodedData("image/png"), big);

    QVERIFY(plain.decodedData("image/jpeg").isEmpty());
}

void TestModel::jsonMimeTypes_data()
{
    QTest::addColumn<QByteArray>("mime");
    QTest::addColumn<bool>("isJson");
    QTest::newRow("application/json") << QByteArray("application/json") << true;
    QTest::newRow("vendor +json") << QByteArray("application/vnd.jupyter.widget-view+json") << true;
    QTest::newRow("geo+json") << QByteArray("application/geo+json") << true;
    QTest::newRow("text/json") << QByteArray("text/json") << false;
    QTest::newRow("application/jsonx") << QByteArray("application/jsonx") << false;
    QTest::newRow("application/javascript") << QByteArray("application/javascript") << false;
    QTest::newRow("image/svg+xml") << QByteArray("image/svg+xml") << false;
    QTest::newRow("text/plain") << QByteArray("text/plain") << false;
    QTest::newRow("+json alone") << QByteArray("+json") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestModel::jsonMimeTypes()
{
    QFETCH(QByteArray, mime);
    QFETCH(bool, isJson);
    QCOMPARE(cumulus::isJsonMimeType(std::string_view(mime.constData(), size_t(mime.size()))),
             isJson);
}

// ---------------------------------------------------------------------------------------------
// Notebook

void TestModel::notebookDefaults()
{
    const Notebook notebook;
    QCOMPARE(notebook.nbformat(), 4);
    QCOMPARE(notebook.nbformatMinor(), 5);
    QVERIFY(notebook.metadata().is_object() && notebook.metadata().empty());
    QVERIFY(notebook.cells().empty());
    QVERIFY(notebook.extraKeys().is_object() && notebook.extraKeys().empty());
    QVERIFY(notebook.kernelName().empty());
    QVERIFY(notebook.language().empty());
    QVERIFY(notebook == Notebook());

    Notebook other;
    other.setNbformatMinor(4);
    QCOMPARE(other.nbformatMinor(), 4);
    QVERIFY(!(other == notebook));
    other = Notebook();
    other.extraKeys()["x"] = 1;
    QVERIFY(!(other == notebook));
}

void TestModel::notebookKernelAndLanguage_data()
{
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<QString>("kernel");
    QTest::addColumn<QString>("language");
    QTest::newRow("normal") << QByteArray(
        R"({"kernelspec":{"name":"python3","display_name":"Python 3","language":"python"},"language_info":{"name":"python"}})")
                            << QStringLiteral("python3") << QStringLiteral("python");
    QTest::newRow("language_info wins")
        << QByteArray(R"({"kernelspec":{"name":"ir","language":"R"},"language_info":{"name":"r"}})")
        << QStringLiteral("ir") << QStringLiteral("r");
    QTest::newRow("kernelspec language as fallback")
        << QByteArray(R"({"kernelspec":{"name":"julia-1.9","language":"julia"}})")
        << QStringLiteral("julia-1.9") << QStringLiteral("julia");
    QTest::newRow("language_info not an object")
        << QByteArray(R"({"kernelspec":{"name":"k","language":"c++"},"language_info":[]})")
        << QStringLiteral("k") << QStringLiteral("c++");
    QTest::newRow("language_info name not a string")
        << QByteArray(R"({"kernelspec":{"name":"k","language":"go"},"language_info":{"name":5}})")
        << QStringLiteral("k") << QStringLiteral("go");
    QTest::newRow("kernelspec a string")
        << QByteArray(R"({"kernelspec":"python3"})") << QString() << QString();
    QTest::newRow("kernelspec name a number")
        << QByteArray(R"({"kernelspec":{"name":3}})") << QString() << QString();
    QTest::newRow("kernelspec null")
        << QByteArray(R"({"kernelspec":null,"language_info":null})") << QString() << QString();
    QTest::newRow("empty") << QByteArray("{}") << QString() << QString();
}

void TestModel::notebookKernelAndLanguage()
{
    QFETCH(QByteArray, metadata);
    QFETCH(QString, kernel);
    QFETCH(QString, language);
    Notebook notebook;
    notebook.metadata() = json::parse(metadata.toStdString());
    QCOMPARE(QString::fromStdString(notebook.kernelName()), kernel);
    QCOMPARE(QString::fromStdString(notebook.language()), language);
}

// ---------------------------------------------------------------------------------------------
// NotebookDocument

void TestModel::documentInsertCell_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("expectedIndex");
    QTest::addColumn<QString>("expectedOrder");
    QTest::newRow("front") << 0 << 0 << QStringLiteral("xabc");
    QTest::newRow("middle") << 2 << 2 << QStringLiteral("abxc");
    QTest::newRow("end") << 3 << 3 << QStringLiteral("abcx");
    QTest::newRow("negative is clamped to front") << -5 << 0 << QStringLiteral("xabc");
    QTest::newRow("past the end is clamped") << 99 << 3 << QStringLiteral("abcx");
}

void TestModel::documentInsertCell()
{
    QFETCH(int, index);
    QFETCH(int, expectedIndex);
    QFETCH(QString, expectedOrder);
    NotebookDocument document(lettersNotebook(3));
    QSignalSpy inserted(&document, &NotebookDocument::cellsInserted);
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);
    QSignalSpy changed(&document, &NotebookDocument::cellChanged);
    QVERIFY(!document.isModified());

    document.insertCell(index, markdown("x", "x"));
    QCOMPARE(order(document), expectedOrder);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(0).toInt(), expectedIndex);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(modified.count(), 1);
    QCOMPARE(modified.at(0).at(0).toBool(), true);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(document.cell(expectedIndex).source(), std::string("x"));

    // Into an empty document.
    NotebookDocument empty;
    QSignalSpy emptyInserted(&empty, &NotebookDocument::cellsInserted);
    empty.insertCell(index, Cell(CellType::Code));
    QCOMPARE(empty.cellCount(), 1);
    QCOMPARE(emptyInserted.count(), 1);
    QCOMPARE(emptyInserted.at(0).at(0).toInt(), 0);
}

void TestModel::documentRemoveCells_data()
{
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("expectedOrder");
    QTest::newRow("one from the front") << 0 << 1 << true << QStringLiteral("bcde");
    QTest::newRow("two in the middle") << 1 << 2 << true << QStringLiteral("ade");
    QTest::newRow("the last") << 4 << 1 << true << QStringLiteral("abcd");
    QTest::newRow("all") << 0 << 5 << true << QString();
    QTest::newRow("negative first") << -1 << 1 << false << QStringLiteral("abcde");
    QTest::newRow("zero count") << 1 << 0 << false << QStringLiteral("abcde");
    QTest::newRow("negative count") << 1 << -1 << false << QStringLiteral("abcde");
    QTest::newRow("past the end") << 4 << 2 << false << QStringLiteral("abcde");
    QTest::newRow("first past the end") << 5 << 1 << false << QStringLiteral("abcde");
}

void TestModel::documentRemoveCells()
{
    QFETCH(int, first);
    QFETCH(int, count);
    QFETCH(bool, valid);
    QFETCH(QString, expectedOrder);
    NotebookDocument document(lettersNotebook());
    QSignalSpy removed(&document, &NotebookDocument::cellsRemoved);
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);
    document.removeCells(first, count);
    QCOMPARE(order(document), expectedOrder);
    if (valid) {
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).toInt(), first);
        QCOMPARE(removed.at(0).at(1).toInt(), count);
        QCOMPARE(modified.count(), 1);
        QVERIFY(document.isModified());
    } else {
        QCOMPARE(removed.count(), 0);
        QCOMPARE(modified.count(), 0);
        QVERIFY(!document.isModified());
    }
}

void TestModel::documentMoveCells_data()
{
    // "to" counts in the list before the move, like QAbstractItemModel::beginMoveRows.
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("to");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("expectedOrder");
    QTest::newRow("one down by one") << 0 << 1 << 2 << true << QStringLiteral("bacde");
    QTest::newRow("two down") << 0 << 2 << 4 << true << QStringLiteral("cdabe");
    QTest::newRow("to the end") << 0 << 1 << 5 << true << QStringLiteral("bcdea");
    QTest::newRow("block to the end") << 1 << 2 << 5 << true << QStringLiteral("adebc");
    QTest::newRow("one up to the front") << 3 << 1 << 0 << true << QStringLiteral("dabce");
    QTest::newRow("last to the front") << 4 << 1 << 0 << true << QStringLiteral("eabcd");
    QTest::newRow("block up") << 3 << 2 << 1 << true << QStringLiteral("adebc");
    QTest::newRow("onto itself") << 1 << 1 << 1 << false << QStringLiteral("abcde");
    QTest::newRow("just after itself") << 1 << 1 << 2 << false << QStringLiteral("abcde");
    QTest::newRow("into its own block") << 1 << 3 << 2 << false << QStringLiteral("abcde");
    QTest::newRow("past the end") << 0 << 1 << 6 << false << QStringLiteral("abcde");
    QTest::newRow("negative to") << 1 << 1 << -1 << false << QStringLiteral("abcde");
    QTest::newRow("block past the end") << 4 << 2 << 0 << false << QStringLiteral("abcde");
    QTest::newRow("zero count") << 1 << 0 << 4 << false << QStringLiteral("abcde");
}

void TestModel::documentMoveCells()
{
    QFETCH(int, first);
    QFETCH(int, count);
    QFETCH(int, to);
    QFETCH(bool, valid);
    QFETCH(QString, expectedOrder);
    NotebookDocument document(lettersNotebook());
    QSignalSpy moved(&document, &NotebookDocument::cellsMoved);
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);
    QSignalSpy inserted(&document, &NotebookDocument::cellsInserted);
    QSignalSpy removed(&document, &NotebookDocument::cellsRemoved);
    document.moveCells(first, count, to);
    QCOMPARE(order(document), expectedOrder);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    if (valid) {
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.at(0).at(0).toInt(), first);
        QCOMPARE(moved.at(0).at(1).toInt(), count);
        QCOMPARE(moved.at(0).at(2).toInt(), to);
        QCOMPARE(modified.count(), 1);
    } else {
        QCOMPARE(moved.count(), 0);
        QCOMPARE(modified.count(), 0);
    }
}

void TestModel::documentCellChanged()
{
    using Change = NotebookDocument::CellChange;
    Notebook notebook = lettersNotebook(2);
    notebook.cells().push_back(Cell(CellType::Code));
    NotebookDocument document(std::move(notebook));
    QSignalSpy changed(&document, &NotebookDocument::cellChanged);

    document.setCellSource(1, "new source");
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toInt(), 1);
    QCOMPARE(changesAt(changed, 0), NotebookDocument::CellChanges(Change::Source));
    QCOMPARE(document.cell(1).source(), std::string("new source"));

    document.setCellMetadata(0, {{"tags", {"a"}}});
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).at(0).toInt(), 0);
    QCOMPARE(changesAt(changed, 1), NotebookDocument::CellChanges(Change::Metadata));
    QVERIFY(document.cell(0).metadata() == json({{"tags", {"a"}}}));

    document.setCellAttachments(0, {{"a.png", {{"image/png", "AA=="}}}});
    QCOMPARE(changesAt(changed, 2), NotebookDocument::CellChanges(Change::Attachments));
    QVERIFY(!document.cell(0).attachments().is_null());

    document.setExecutionCount(2, 5);
    QCOMPARE(changed.at(3).at(0).toInt(), 2);
    QCOMPARE(changesAt(changed, 3), NotebookDocument::CellChanges(Change::ExecutionCount));
    QCOMPARE(document.cell(2).executionCount(), std::optional<int>(5));

    document.appendOutput(2, Output::stream("stdout", "a"));
    QCOMPARE(changesAt(changed, 4), NotebookDocument::CellChanges(Change::Outputs));
    document.replaceOutput(2, 0, Output::stream("stdout", "ab"));
    QCOMPARE(changesAt(changed, 5), NotebookDocument::CellChanges(Change::Outputs));
    QCOMPARE(document.cell(2).outputs().at(0).text(), std::string("ab"));
    document.setOutputs(2, {Output::stream("stdout", "1"), Output::stream("stderr", "2")});
    QCOMPARE(changesAt(changed, 6), NotebookDocument::CellChanges(Change::Outputs));
    QCOMPARE(document.cell(2).outputs().size(), size_t(2));
    document.clearOutputs(2);
    QCOMPARE(changesAt(changed, 7), NotebookDocument::CellChanges(Change::Outputs));
    QVERIFY(document.cell(2).outputs().empty());
    QCOMPARE(changed.count(), 8);

    // A type change reports the type and whatever went with it, never the source.
    document.appendOutput(2, Output::stream("stdout", "x"));
    const int before = int(changed.count());
    document.setCellType(2, CellType::Markdown);
    QCOMPARE(changed.count(), before + 1);
    QCOMPARE(changed.at(before).at(0).toInt(), 2);
    const auto typeChanges = changesAt(changed, before);
    QVERIFY(typeChanges.testFlag(Change::Type));
    QVERIFY(!typeChanges.testFlag(Change::Source));
    QVERIFY(typeChanges.testFlag(Change::Outputs)); // the outputs went away
    QCOMPARE(document.cell(2).type(), CellType::Markdown);
    QVERIFY(document.cell(2).outputs().empty());
}

void TestModel::documentUnchangedValuesAreSilent()
{
    Notebook notebook = lettersNotebook(1);
    Cell code(CellType::Code);
    code.setExecutionCount(3);
    notebook.cells().push_back(code);
    NotebookDocument document(std::move(notebook));
    QSignalSpy changed(&document, &NotebookDocument::cellChanged);
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);

    document.setCellSource(0, "a");                              // same source
    document.setCellType(0, CellType::Markdown);                 // same type
    document.setExecutionCount(1, 3);                            // same count
    document.clearOutputs(1);                                    // nothing to clear
    document.replaceOutput(1, 0, Output::stream("stdout", "x")); // no such output
    document.replaceOutput(1, -1, Output::stream("stdout", "x"));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(modified.count(), 0);
    QVERIFY(!document.isModified());
}

void TestModel::documentMetadata()
{
    NotebookDocument document;
    QSignalSpy metadata(&document, &NotebookDocument::metadataChanged);
    QSignalSpy changed(&document, &NotebookDocument::cellChanged);
    document.setMetadata({{"kernelspec", {{"name", "python3"}, {"display_name", "Python 3"}}}});
    QCOMPARE(metadata.count(), 1);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(document.notebook().kernelName(), std::string("python3"));
    QVERIFY(document.isModified());
}

void TestModel::documentModifiedFlag()
{
    NotebookDocument document(lettersNotebook(2));
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);
    QVERIFY(!document.isModified());

    document.setCellSource(0, "one");
    document.setCellSource(0, "two");
    document.insertCell(0, markdown("z", "z"));
    QCOMPARE(modified.count(), 1); // only the transition is signalled
    QCOMPARE(modified.at(0).at(0).toBool(), true);
    QVERIFY(document.isModified());

    document.setModified(false);
    QCOMPARE(modified.count(), 2);
    QCOMPARE(modified.at(1).at(0).toBool(), false);
    document.setModified(false);
    QCOMPARE(modified.count(), 2);
    document.setModified(true);
    QCOMPARE(modified.count(), 3);
    QCOMPARE(modified.at(2).at(0).toBool(), true);
}

void TestModel::documentSetNotebookResets()
{
    NotebookDocument document(lettersNotebook(2));
    document.setCellSource(0, "edited");
    QVERIFY(document.isModified());
    QSignalSpy reset(&document, &NotebookDocument::reset);
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);
    QSignalSpy inserted(&document, &NotebookDocument::cellsInserted);

    document.setNotebook(lettersNotebook(4));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(document.cellCount(), 4);
    QVERIFY(!document.isModified());
    QCOMPARE(modified.count(), 1);
    QCOMPARE(modified.at(0).at(0).toBool(), false);
}

void TestModel::documentIndexOfCellId()
{
    NotebookDocument document(lettersNotebook());
    QCOMPARE(document.indexOfCellId("a"), 0);
    QCOMPARE(document.indexOfCellId("e"), 4);
    QCOMPARE(document.indexOfCellId("zz"), -1);
    QCOMPARE(document.indexOfCellId(""), -1);
    document.moveCells(4, 1, 0);
    QCOMPARE(document.indexOfCellId("e"), 0);
    QCOMPARE(document.indexOfCellId("a"), 1);
}

void TestModel::documentLoadAndSave()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("doc.ipynb"));
    QVERIFY(writeAll(path, R"~({
 "cells": [
  {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Title\n", "text"]},
  {"cell_type": "code", "execution_count": 1, "id": "c1", "metadata": {},
   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["hi\n"]}], "source": "print('hi')"}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
)~"));

    NotebookDocument document;
    QSignalSpy reset(&document, &NotebookDocument::reset);
    QSignalSpy pathChanged(&document, &NotebookDocument::filePathChanged);
    const auto loaded = document.load(path);
    QVERIFY2(loaded.ok(), qPrintable(errorText(loaded)));
    QVERIFY2(loaded->isEmpty(), "a valid notebook loaded with warnings");
    QCOMPARE(reset.count(), 1);
    QCOMPARE(pathChanged.count(), 1);
    QCOMPARE(pathChanged.at(0).at(0).toString(), path);
    QCOMPARE(document.filePath(), path);
    QVERIFY(!document.isModified());
    QCOMPARE(document.cellCount(), 2);
    QCOMPARE(document.cell(0).source(), std::string("# Title\ntext")); // lines joined in memory
    QCOMPARE(document.cell(1).outputs().at(0).text(), std::string("hi\n"));
    QCOMPARE(document.notebook().kernelName(), std::string("python3"));

    // Edit and save in place.
    document.setCellSource(1, "print('bye')");
    QVERIFY(document.isModified());
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);
    const auto saved = document.save();
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));
    QVERIFY(!document.isModified());
    QCOMPARE(modified.count(), 1);
    QCOMPARE(modified.at(0).at(0).toBool(), false);
    QCOMPARE(pathChanged.count(), 1); // same path: no signal
    QVERIFY(readAll(path) == QByteArray::fromStdString(nbformat::toBytes(document.notebook())));
    const auto back = nbformat::readFile(path);
    QVERIFY2(back.ok(), qPrintable(errorText(back)));
    QVERIFY(back->notebook == document.notebook());

    // Save as: the document follows the new path.
    const QString other = dir.filePath(QStringLiteral("copy.ipynb"));
    document.setCellSource(0, "# Copy");
    const auto savedAs = document.save(other);
    QVERIFY2(savedAs.ok(), qPrintable(errorText(savedAs)));
    QCOMPARE(document.filePath(), other);
    QCOMPARE(pathChanged.count(), 2);
    QCOMPARE(pathChanged.at(1).at(0).toString(), other);
    QVERIFY(!document.isModified());
    QVERIFY(QFile::exists(other));
    const auto reloaded = nbformat::readFile(path);
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded->notebook.cells().at(0).source(), std::string("# Title\ntext")); // untouched
}

void TestModel::documentLoadFailureLeavesDocument()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString broken = dir.filePath(QStringLiteral("broken.ipynb"));
    QVERIFY(writeAll(broken, "{\"cells\": [}"));

    NotebookDocument document(lettersNotebook(3));
    document.setFilePath(dir.filePath(QStringLiteral("original.ipynb")));
    document.setCellSource(0, "edited");
    const Notebook before = document.notebook();
    QSignalSpy reset(&document, &NotebookDocument::reset);
    QSignalSpy pathChanged(&document, &NotebookDocument::filePathChanged);
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);

    const auto loaded = document.load(broken);
    QVERIFY(!loaded.ok());
    QVERIFY2(errorText(loaded).contains(QStringLiteral("broken.ipynb")),
             qPrintable(errorText(loaded)));
    QVERIFY(document.notebook() == before);
    QCOMPARE(document.filePath(), dir.filePath(QStringLiteral("original.ipynb")));
    QVERIFY(document.isModified());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(pathChanged.count(), 0);
    QCOMPARE(modified.count(), 0);

    const auto missing = document.load(dir.filePath(QStringLiteral("missing.ipynb")));
    QVERIFY(!missing.ok());
    QCOMPARE(reset.count(), 0);
}

void TestModel::documentSaveFailureKeepsModified()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("folder.ipynb"));
    QVERIFY(QDir().mkdir(folder));

    NotebookDocument document(lettersNotebook(1));
    document.setCellSource(0, "edited");
    QSignalSpy modified(&document, &NotebookDocument::modifiedChanged);
    QSignalSpy pathChanged(&document, &NotebookDocument::filePathChanged);
    const auto saved = document.save(folder);
    QVERIFY(!saved.ok());
    QVERIFY2(errorText(saved).contains(QStringLiteral("folder.ipynb")),
             qPrintable(errorText(saved)));
    QVERIFY(document.isModified());
    QCOMPARE(modified.count(), 0);
    QCOMPARE(pathChanged.count(), 0);
    QVERIFY(document.filePath().isEmpty());

    // No file path at all: saving must fail cleanly, not write somewhere surprising.
    const auto noPath = document.save();
    QVERIFY(!noPath.ok());
    QVERIFY(document.isModified());
}

void TestModel::documentIndexAfterMoveAndRemoval()
{
    // Every valid move and removal of a 6-cell notebook, checked against the document itself.
    constexpr int n = 6;
    auto make = [] {
        Notebook notebook;
        for (int i = 0; i < n; ++i) {
            Cell cell(CellType::Code);
            cell.setSource(std::to_string(i));
            notebook.cells().push_back(std::move(cell));
        }
        return notebook;
    };
    auto positionOf = [](const NotebookDocument &document, int original) {
        for (int i = 0; i < document.cellCount(); ++i)
            if (document.cell(i).source() == std::to_string(original))
                return i;
        return -1;
    };
    for (int first = 0; first < n; ++first) {
        for (int count = 1; first + count <= n; ++count) {
            for (int to = 0; to <= n; ++to) {
                if (to >= first && to <= first + count)
                    continue;
                NotebookDocument document(make());
                document.moveCells(first, count, to);
                for (int i = 0; i < n; ++i)
                    QCOMPARE(NotebookDocument::indexAfterMove(i, first, count, to), positionOf(document, i));
            }
            NotebookDocument document(make());
            document.removeCells(first, count);
            for (int i = 0; i < n; ++i)
                QCOMPARE(NotebookDocument::indexAfterRemoval(i, first, count), positionOf(document, i));
        }
    }
    QCOMPARE(NotebookDocument::indexAfterMove(-1, 0, 1, 3), -1);
}

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
