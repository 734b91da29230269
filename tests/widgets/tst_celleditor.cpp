// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// CellEditor's kernel help (Tab completion, Shift+Tab documentation). First with a fake
// KernelHelp that answers when the test says so (popup behaviour, stale replies, code point
// conversion, indentation), then against Debian's real ipykernel 6.17 through
// KernelClientHelp. Everything Jupyter writes goes to a temporary directory; the kernel is
// shut down (or killed by LocalKernel's destructor) at the end. Waits are QTRY_*; nothing sleeps.

#include "jupyter/kernelmanager.h"
#include "jupyter/kernelspec.h"
#include "jupyter/localkernel.h"
#include "notebook/celleditor.h"
#include "notebook/kernelclienthelp.h"
#include "notebook/kernelhelp.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cumulus;
using nlohmann::json;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kDebianKernels = QStringLiteral("/usr/share/jupyter/kernels");
constexpr int kKernelStartMs = 60000; // ipykernel takes ~3 s on a busy 2-core runner
constexpr int kReplyMs = 30000;

/// A KernelHelp whose replies the test sends, honouring the context rule as KernelClient does.
class FakeHelp : public KernelHelp
{
public:
    struct Request
    {
        QString kind; // "complete", "inspect", "is_complete"
        QString code;
        int cursorPos = -1;
        int detailLevel = -1;
        QPointer<QObject> context;
        std::function<void(const CompletionReply &)> complete;
        std::function<void(const InspectReply &)> inspect;
    };

    bool available = true;
    QList<Request> requests;

    bool isAvailable() const override { return available; }
    void complete(const QString &code, int cursorPos, QObject *context,
                  std::function<void(const CompletionReply &)> done) override
    {
        requests.append({QStringLiteral("complete"), code, cursorPos, -1, context, std::move(done), {}});
    }
    void inspect(const QString &code, int cursorPos, int detailLevel, QObject *context,
                 std::function<void(const InspectReply &)> done) override
    {
        requests.append({QStringLiteral("inspect"), code, cursorPos, detailLevel, context, {}, std::move(done)});
    }
    void isComplete(const QString &code, QObject *context,
                    std::function<void(const IsCompleteReply &)>) override
    {
        requests.append({QStringLiteral("is_complete"), code, -1, -1, context, {}, {}});
    }

    /// Answers request @p index; returns false when its context died (the reply is dropped).
    bool reply(qsizetype index, const CompletionReply &answer)
    {
        const Request request = requests.at(index);
        if (!request.context)
            return false;
        request.complete(answer);
        return true;
    }
    bool reply(qsizetype index, const InspectReply &answer)
    {
        const Request request = requests.at(index);
        if (!request.context)
            return false;
        request.inspect(answer);
        return true;
    }
};

CompletionReply completions(int start, int end, const QStringList &texts,
                            const QStringList &types = {})
{
    CompletionReply reply;
    reply.ok = true;
    reply.cursorStart = start;
    reply.cursorEnd = end;
    for (qsizetype i = 0; i < texts.size(); ++i)
        reply.items.append({texts[i], types.value(i), QString()});
    return reply;
}

QStringList texts(const QList<CompletionItem> &items)
{
    QStringList result;
    for (const CompletionItem &item : items)
        result << item.text;
    return result;
}

/// Puts the caret at the end of the text.
void caretToEnd(CellEditor &editor)
{
    editor.SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
}

} // namespace

class TestCellEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    // Pure helpers
    void codePoints_data();
    void codePoints();
    void parseCompleteReply();
    void parseInspectAndIsComplete();

    // The editor with a fake kernel
    void tabAtLineStartIndents_data();
    void tabAtLineStartIndents();
    void tabWithoutKernelIndents();
    void enterAfterColonIndents();
    void singleMatchInserted();
    void popupListsAndPicks();
    void typingFilters();
    void commonPrefixInserted();
    void staleReplyIgnored();
    void nonAsciiCursorInCodePoints();
    void escapeClosesPopupFirst();
    void deletedEditorDropsReply();
    void documentationTooltip();

    // The editor with Debian's ipykernel
    void kernelSingleMatch();
    void kernelPopupAndPick_data();
    void kernelPopupAndPick();
    void kernelDocumentation();
    void kernelIsComplete();

private:
    std::unique_ptr<CellEditor> makeEditor(const QString &text);
    /// Starts the shared ipykernel once; skips when Debian's ipykernel is missing.
    bool ensureKernel();

    QTemporaryDir m_temp;
    FakeHelp *m_fake = nullptr;
    std::unique_ptr<jupyter::LocalKernel> m_kernel;
    KernelClientHelp *m_kernelHelp = nullptr;
    QString m_kernelSkip;
};

void TestCellEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_temp.isValid());
    const QString root = QFileInfo(m_temp.path()).canonicalFilePath();
    qputenv("JUPYTER_RUNTIME_DIR", QFile::encodeName(root + QStringLiteral("/runtime")));
    qputenv("JUPYTER_DATA_DIR", QFile::encodeName(root + QStringLiteral("/data")));
    qputenv("JUPYTER_CONFIG_DIR", QFile::encodeName(root + QStringLiteral("/config")));
    qputenv("JUPYTER_PATH", QFile::encodeName(root + QStringLiteral("/path")));
    qputenv("IPYTHONDIR", QFile::encodeName(root + QStringLiteral("/ipython")));
    qputenv("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    QVERIFY(QDir().mkpath(root + QStringLiteral("/work")));
}

void TestCellEditor::init()
{
    m_fake = new FakeHelp;
}

void TestCellEditor::cleanup()
{
    delete m_fake;
    m_fake = nullptr;
}

void TestCellEditor::cleanupTestCase()
{
    delete m_kernelHelp;
    m_kernelHelp = nullptr;
    if (m_kernel && m_kernel->status() != jupyter::Kernel::Status::Stopped
        && m_kernel->status() != jupyter::Kernel::Status::Dead) {
        QSignalSpy stopped(m_kernel.get(), &jupyter::Kernel::stopped);
        m_kernel->shutdown();
        QVERIFY(stopped.count() == 1 || stopped.wait(30000));
    }
    m_kernel.reset();
}

std::unique_ptr<CellEditor> TestCellEditor::makeEditor(const QString &text)
{
    auto editor = std::make_unique<CellEditor>();
    editor->setLanguage(QStringLiteral("python"));
    editor->resize(600, 200);
    editor->setText(text);
    caretToEnd(*editor);
    editor->show();
    editor->activateWindow();
    editor->setFocus();
    if (!QTest::qWaitForWindowExposed(editor.get()))
        qWarning("editor window not exposed");
    return editor;
}

// Pure helpers

void TestCellEditor::codePoints_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("codePoints");
    QTest::newRow("empty") << QString() << 0 << 0;
    QTest::newRow("ascii") << QStringLiteral("os.pa") << 5 << 5;
    QTest::newRow("latin-1 (2 bytes)") << QStringLiteral("\"ünï\"; os.pa") << 14 << 12;
    QTest::newRow("cjk (3 bytes)") << QStringLiteral("名 = 1") << 7 << 5;
    QTest::newRow("emoji (4 bytes, 2 UTF-16 units)") << QStringLiteral("s='😀'; x") << 11 << 8;
    QTest::newRow("middle of emoji") << QStringLiteral("s='😀'") << 3 << 3;
}

void TestCellEditor::codePoints()
{
    QFETCH(QString, text);
    QFETCH(int, bytes);
    QFETCH(int, codePoints);
    const QByteArray utf8 = text.toUtf8();
    QCOMPARE(codePointsBefore(utf8, bytes), codePoints);
    QCOMPARE(utf8OffsetOf(utf8, codePoints), bytes);
    QCOMPARE(codePointsBefore(utf8, int(utf8.size()) + 10), int(text.toUcs4().size()));
    QCOMPARE(utf8OffsetOf(utf8, 1000), int(utf8.size()));
    QCOMPARE(utf8OffsetOf(utf8, -1), 0);
}

void TestCellEditor::parseCompleteReply()
{
    // What ipykernel 6.17 (with jedi) sends for "os.pa".
    const json content = json::parse(R"json({
        "status": "ok", "cursor_start": 3, "cursor_end": 5,
        "matches": ["pardir", "path", "pathconf"],
        "metadata": {"_jupyter_types_experimental": [
            {"start": 3, "end": 5, "text": "pardir", "type": "instance", "signature": ""},
            {"start": 3, "end": 5, "text": "path", "type": "module", "signature": ""},
            {"start": 3, "end": 5, "text": "pathconf", "type": "function", "signature": "(path, name)"}]}
    })json");
    const CompletionReply reply = KernelClientHelp::parseCompleteReply(content);
    QVERIFY(reply.ok);
    QCOMPARE(reply.cursorStart, 3);
    QCOMPARE(reply.cursorEnd, 5);
    QCOMPARE(texts(reply.items), QStringList({QStringLiteral("pardir"), QStringLiteral("path"),
                                              QStringLiteral("pathconf")}));
    QCOMPARE(reply.items[1].type, QStringLiteral("module"));
    QCOMPARE(reply.items[2].signature, QStringLiteral("(path, name)"));

    // Kernels without types, and garbage.
    const CompletionReply plain = KernelClientHelp::parseCompleteReply(
        json::parse(R"({"status": "ok", "cursor_start": 0, "cursor_end": 1, "matches": ["a", 5, "b"], "metadata": {}})"));
    QVERIFY(plain.ok);
    QCOMPARE(texts(plain.items), QStringList({QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(plain.items[0].type.isEmpty());
    QVERIFY(!KernelClientHelp::parseCompleteReply(json::parse(R"({"status": "error"})")).ok);
    QVERIFY(!KernelClientHelp::parseCompleteReply(json::array()).ok);
    QVERIFY(KernelClientHelp::parseCompleteReply(json::parse(R"({"status": "ok", "matches": "x"})")).items.isEmpty());
}

void TestCellEditor::parseInspectAndIsComplete()
{
    const InspectReply found = KernelClientHelp::parseInspectReply(
        json::parse(R"({"status": "ok", "found": true, "data": {"text/plain": "doc"}, "metadata": {}})"));
    QVERIFY(found.ok && found.found);
    QCOMPARE(found.text, QStringLiteral("doc"));
    const InspectReply missing =
        KernelClientHelp::parseInspectReply(json::parse(R"({"status": "ok", "found": false, "data": {}})"));
    QVERIFY(missing.ok && !missing.found);

    const IsCompleteReply incomplete = KernelClientHelp::parseIsCompleteReply(
        json::parse(R"({"status": "incomplete", "indent": "    "})"));
    QCOMPARE(incomplete.status, IsCompleteReply::Status::Incomplete);
    QCOMPARE(incomplete.indent, QStringLiteral("    "));
    QCOMPARE(KernelClientHelp::parseIsCompleteReply(json::parse(R"({"status": "invalid"})")).status,
             IsCompleteReply::Status::Invalid);
    QCOMPARE(KernelClientHelp::parseIsCompleteReply(json::parse(R"({"status": "complete"})")).status,
             IsCompleteReply::Status::Complete);
    QCOMPARE(KernelClientHelp::parseIsCompleteReply(json::parse(R"({"status": "unknown"})")).status,
             IsCompleteReply::Status::Unknown);
}

// The editor with a fake kernel

void TestCellEditor::tabAtLineStartIndents_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QString() << QStringLiteral("    ");
    QTest::newRow("line start after code") << QStringLiteral("x = 1\n") << QStringLiteral("x = 1\n    ");
    QTest::newRow("blank line") << QStringLiteral("if x:\n    ") << QStringLiteral("if x:\n        ");
}

void TestCellEditor::tabAtLineStartIndents()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    auto editor = makeEditor(text);
    editor->setKernelHelp(m_fake);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(editor->text(), expected);
    QVERIFY(m_fake->requests.isEmpty());
    // Shift+Tab there dedents instead of asking for documentation.
    QTest::keyClick(editor.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(editor->text(), text);
    QVERIFY(m_fake->requests.isEmpty());
}

void TestCellEditor::tabWithoutKernelIndents()
{
    auto editor = makeEditor(QStringLiteral("os.pa"));
    m_fake->available = false;
    editor->setKernelHelp(m_fake);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QVERIFY(m_fake->requests.isEmpty());
    QVERIFY(editor->text().startsWith(QLatin1String("os.pa ")));

    // No help at all, and help that was deleted.
    auto other = makeEditor(QStringLiteral("os.pa"));
    {
        FakeHelp gone;
        other->setKernelHelp(&gone);
    }
    QVERIFY(!other->kernelHelp());
    QTest::keyClick(other.get(), Qt::Key_Tab);
    QVERIFY(other->text().startsWith(QLatin1String("os.pa ")));
}

void TestCellEditor::enterAfterColonIndents()
{
    auto editor = makeEditor(QStringLiteral("def f():"));
    QTest::keyClick(editor.get(), Qt::Key_Return);
    QCOMPARE(editor->text(), QStringLiteral("def f():\n    "));
    QTest::keyClicks(editor.get(), QStringLiteral("return 1"));
    QTest::keyClick(editor.get(), Qt::Key_Return);
    // QScintilla keeps the indentation (kernels' is_complete would too: see CellEditor).
    QCOMPARE(editor->text(), QStringLiteral("def f():\n    return 1\n    "));
}

void TestCellEditor::singleMatchInserted()
{
    auto editor = makeEditor(QStringLiteral("x = value_with_uni"));
    editor->setKernelHelp(m_fake);
    QSignalSpy inserted(editor.get(), &CellEditor::completionInserted);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(m_fake->requests.size(), 1);
    QCOMPARE(m_fake->requests[0].kind, QStringLiteral("complete"));
    QCOMPARE(m_fake->requests[0].code, QStringLiteral("x = value_with_uni"));
    QCOMPARE(m_fake->requests[0].cursorPos, 18);
    QVERIFY(m_fake->reply(0, completions(4, 18, {QStringLiteral("value_with_unique_name")})));
    QCOMPARE(editor->text(), QStringLiteral("x = value_with_unique_name"));
    QVERIFY(!editor->isCompletionVisible());
    QCOMPARE(inserted.count(), 1);
    int line = -1, index = -1;
    editor->getCursorPosition(&line, &index);
    QCOMPARE(index, 26); // the caret after the inserted name
    // One undo step restores what was typed.
    editor->undo();
    QCOMPARE(editor->text(), QStringLiteral("x = value_with_uni"));
}

void TestCellEditor::popupListsAndPicks()
{
    auto editor = makeEditor(QStringLiteral("os.pa"));
    editor->setKernelHelp(m_fake);
    QSignalSpy shown(editor.get(), &CellEditor::completionShown);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(m_fake->requests.size(), 1);
    QVERIFY(m_fake->reply(0, completions(3, 5,
                                         {QStringLiteral("pardir"), QStringLiteral("path"),
                                          QStringLiteral("pathsep")},
                                         {QStringLiteral("instance"), QStringLiteral("module")})));
    QCOMPARE(shown.count(), 1);
    QVERIFY(editor->isCompletionVisible());
    QCOMPARE(editor->text(), QStringLiteral("os.pa"));
    const QList<CompletionItem> items = editor->visibleCompletions();
    QCOMPARE(texts(items), QStringList({QStringLiteral("pardir"), QStringLiteral("path"),
                                        QStringLiteral("pathsep")}));
    QCOMPARE(items[1].type, QStringLiteral("module"));
    // The list shows the types next to the names.
    auto *list = editor->findChild<QWidget *>(QStringLiteral("completionList"));
    QVERIFY(list && list->isVisible());
    QCOMPARE(editor->currentCompletion(), QStringLiteral("pardir"));

    QTest::keyClick(editor.get(), Qt::Key_Down);
    QCOMPARE(editor->currentCompletion(), QStringLiteral("path"));
    QTest::keyClick(editor.get(), Qt::Key_Up);
    QTest::keyClick(editor.get(), Qt::Key_Up); // stays on the first
    QCOMPARE(editor->currentCompletion(), QStringLiteral("pardir"));
    QTest::keyClick(editor.get(), Qt::Key_PageDown);
    QCOMPARE(editor->currentCompletion(), QStringLiteral("pathsep"));
    QTest::keyClick(editor.get(), Qt::Key_Up);
    QTest::keyClick(editor.get(), Qt::Key_Return);
    QCOMPARE(editor->text(), QStringLiteral("os.path"));
    QVERIFY(!editor->isCompletionVisible());
    QVERIFY(!list->isVisible());
}

void TestCellEditor::typingFilters()
{
    auto editor = makeEditor(QStringLiteral("os.pa"));
    editor->setKernelHelp(m_fake);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QVERIFY(m_fake->reply(0, completions(3, 5,
                                         {QStringLiteral("pardir"), QStringLiteral("path"),
                                          QStringLiteral("pathsep")})));
    QVERIFY(editor->isCompletionVisible());
    QTest::keyClicks(editor.get(), QStringLiteral("th"));
    QCOMPARE(texts(editor->visibleCompletions()),
             QStringList({QStringLiteral("path"), QStringLiteral("pathsep")}));
    QCOMPARE(editor->currentCompletion(), QStringLiteral("path"));
    QTest::keyClick(editor.get(), Qt::Key_S);
    QCOMPARE(texts(editor->visibleCompletions()), QStringList({QStringLiteral("pathsep")}));
    // Backspace widens again, keeping the highlighted one.
    QTest::keyClick(editor.get(), Qt::Key_Backspace);
    QCOMPARE(editor->visibleCompletions().size(), 2);
    QCOMPARE(editor->currentCompletion(), QStringLiteral("pathsep"));
    QTest::keyClick(editor.get(), Qt::Key_Up);
    // Tab takes the highlighted one.
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(editor->text(), QStringLiteral("os.path"));

    // Nothing matches: the list closes and the text stays as typed.
    editor->setText(QStringLiteral("os.pa"));
    caretToEnd(*editor);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(m_fake->requests.size(), 2);
    QVERIFY(m_fake->reply(1, completions(3, 5, {QStringLiteral("pardir"), QStringLiteral("path")})));
    QVERIFY(editor->isCompletionVisible());
    QTest::keyClick(editor.get(), Qt::Key_Q);
    QVERIFY(!editor->isCompletionVisible());
    QCOMPARE(editor->text(), QStringLiteral("os.paq"));

    // Moving the caret before the completed range closes it too.
    editor->setText(QStringLiteral("os.pa"));
    caretToEnd(*editor);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QVERIFY(m_fake->reply(2, completions(3, 5, {QStringLiteral("pardir"), QStringLiteral("path")})));
    QVERIFY(editor->isCompletionVisible());
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(editor.get(), Qt::Key_Left);
    QVERIFY(!editor->isCompletionVisible());
    QCOMPARE(editor->text(), QStringLiteral("os.pa"));
}

void TestCellEditor::commonPrefixInserted()
{
    auto editor = makeEditor(QStringLiteral("os.pa"));
    editor->setKernelHelp(m_fake);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QVERIFY(m_fake->reply(0, completions(3, 5,
                                         {QStringLiteral("pathconf"), QStringLiteral("pathconf_names"),
                                          QStringLiteral("pathsep")})));
    QCOMPARE(editor->text(), QStringLiteral("os.path")); // what all three share
    QVERIFY(editor->isCompletionVisible());
    QCOMPARE(editor->visibleCompletions().size(), 3);
    QTest::keyClick(editor.get(), Qt::Key_Down);
    QTest::keyClick(editor.get(), Qt::Key_Return);
    QCOMPARE(editor->text(), QStringLiteral("os.pathconf_names"));
}

void TestCellEditor::staleReplyIgnored()
{
    auto editor = makeEditor(QStringLiteral("os.pa"));
    editor->setKernelHelp(m_fake);
    QSignalSpy shown(editor.get(), &CellEditor::completionShown);
    QSignalSpy inserted(editor.get(), &CellEditor::completionInserted);

    // Typed on before the reply came.
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QTest::keyClick(editor.get(), Qt::Key_T);
    QVERIFY(m_fake->reply(0, completions(3, 5, {QStringLiteral("pardir"), QStringLiteral("path")})));
    QVERIFY(!editor->isCompletionVisible());
    QVERIFY(m_fake->reply(0, completions(3, 5, {QStringLiteral("path")})));
    QCOMPARE(editor->text(), QStringLiteral("os.pat"));

    // Only moved the caret.
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QTest::keyClick(editor.get(), Qt::Key_Left);
    QVERIFY(m_fake->reply(1, completions(3, 6, {QStringLiteral("path")})));
    QCOMPARE(editor->text(), QStringLiteral("os.pat"));

    // A newer request supersedes an older one even when the text is back as it was.
    caretToEnd(*editor);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(m_fake->requests.size(), 4);
    QVERIFY(m_fake->reply(2, completions(3, 6, {QStringLiteral("pathological")})));
    QCOMPARE(editor->text(), QStringLiteral("os.pat"));
    QVERIFY(m_fake->reply(3, completions(3, 6, {QStringLiteral("path")})));
    QCOMPARE(editor->text(), QStringLiteral("os.path"));
    QCOMPARE(shown.count(), 0);
    QCOMPARE(inserted.count(), 1);

    // Documentation that arrives after typing is dropped as well.
    QTest::keyClick(editor.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(m_fake->requests.last().kind, QStringLiteral("inspect"));
    QTest::keyClick(editor.get(), Qt::Key_Period);
    InspectReply doc;
    doc.ok = doc.found = true;
    doc.text = QStringLiteral("module docs");
    QVERIFY(m_fake->reply(m_fake->requests.size() - 1, doc));
    QVERIFY(!editor->isDocumentationVisible());
}

void TestCellEditor::nonAsciiCursorInCodePoints()
{
    // "ü", "ï" are 2 bytes in UTF-8, "😀" 4 bytes (and 2 UTF-16 units): the kernel counts
    // code points, Scintilla bytes.
    const QString code = QStringLiteral("s = \"ünï😀\"; os.pa");
    auto editor = makeEditor(code);
    editor->setKernelHelp(m_fake);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(m_fake->requests.size(), 1);
    QCOMPARE(m_fake->requests[0].cursorPos, int(code.toUcs4().size()));
    QCOMPARE(m_fake->requests[0].cursorPos, 17);
    QVERIFY(m_fake->reply(0, completions(15, 17, {QStringLiteral("pardir"), QStringLiteral("path")})));
    QVERIFY(editor->isCompletionVisible());
    QTest::keyClick(editor.get(), Qt::Key_Down);
    QTest::keyClick(editor.get(), Qt::Key_Return);
    QCOMPARE(editor->text(), QStringLiteral("s = \"ünï😀\"; os.path"));

    // A second line, with the range in the middle of the text.
    editor->setText(QStringLiteral("ä = 1\nä.re + 1"));
    editor->setCursorPosition(1, 4); // characters: after "ä.re"
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(m_fake->requests.size(), 2);
    QCOMPARE(m_fake->requests[1].cursorPos, 10);
    QVERIFY(m_fake->reply(1, completions(8, 10, {QStringLiteral("real")})));
    QCOMPARE(editor->text(), QStringLiteral("ä = 1\nä.real + 1"));
}

void TestCellEditor::escapeClosesPopupFirst()
{
    auto editor = makeEditor(QStringLiteral("os.pa"));
    editor->setKernelHelp(m_fake);
    QSignalSpy escaped(editor.get(), &CellEditor::escapePressed);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QVERIFY(m_fake->reply(0, completions(3, 5, {QStringLiteral("pardir"), QStringLiteral("path")})));
    QVERIFY(editor->isCompletionVisible());
    QTest::keyClick(editor.get(), Qt::Key_Escape);
    QVERIFY(!editor->isCompletionVisible());
    QCOMPARE(escaped.count(), 0);
    QCOMPARE(editor->text(), QStringLiteral("os.pa"));
    QTest::keyClick(editor.get(), Qt::Key_Escape);
    QCOMPARE(escaped.count(), 1);

    // Hiding the editor (leaving edit mode) closes the list.
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QVERIFY(m_fake->reply(1, completions(3, 5, {QStringLiteral("pardir"), QStringLiteral("path")})));
    QVERIFY(editor->isCompletionVisible());
    editor->hide();
    QVERIFY(!editor->isCompletionVisible());
}

void TestCellEditor::deletedEditorDropsReply()
{
    auto editor = makeEditor(QStringLiteral("os.pa"));
    editor->setKernelHelp(m_fake);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QTest::keyClick(editor.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(m_fake->requests.size(), 2);
    QCOMPARE(m_fake->requests[0].context.data(), static_cast<QObject *>(editor.get()));
    editor.reset();
    QVERIFY(!m_fake->reply(0, completions(3, 5, {QStringLiteral("path")})));
    QVERIFY(!m_fake->reply(1, InspectReply {true, true, QStringLiteral("doc")}));
}

void TestCellEditor::documentationTooltip()
{
    auto editor = makeEditor(QStringLiteral("x = len("));
    editor->setKernelHelp(m_fake);
    QSignalSpy shown(editor.get(), &CellEditor::documentationShown);
    QTest::keyClick(editor.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(m_fake->requests.size(), 1);
    QCOMPARE(m_fake->requests[0].kind, QStringLiteral("inspect"));
    QCOMPARE(m_fake->requests[0].cursorPos, 8);
    QCOMPARE(m_fake->requests[0].detailLevel, 0);
    QCOMPARE(editor->text(), QStringLiteral("x = len(")); // no dedent

    // What ipykernel sends: headings in ANSI red.
    InspectReply doc;
    doc.ok = doc.found = true;
    doc.text = QStringLiteral("\x1b[0;31mSignature:\x1b[0m len(obj, /)\n"
                              "\x1b[0;31mDocstring:\x1b[0m Return the number of items in a container.\n");
    QVERIFY(m_fake->reply(0, doc));
    QCOMPARE(shown.count(), 1);
    QVERIFY(editor->isDocumentationVisible());
    QCOMPARE(editor->documentationText(),
             QStringLiteral("Signature: len(obj, /)\nDocstring: Return the number of items in a container."));
    auto *tip = editor->findChild<QWidget *>(QStringLiteral("documentationTip"));
    QVERIFY(tip && tip->isVisible());

    // Shift alone (about to press Shift+Tab again) keeps it; typing closes it.
    QTest::keyClick(editor.get(), Qt::Key_Shift, Qt::ShiftModifier);
    QVERIFY(editor->isDocumentationVisible());
    QTest::keyClicks(editor.get(), QStringLiteral("a"));
    QVERIFY(!editor->isDocumentationVisible());
    QCOMPARE(editor->text(), QStringLiteral("x = len(a"));

    // Escape closes it without leaving edit mode.
    QSignalSpy escaped(editor.get(), &CellEditor::escapePressed);
    QTest::keyClick(editor.get(), Qt::Key_Tab, Qt::ShiftModifier);
    QCOMPARE(m_fake->requests.size(), 2);
    QVERIFY(m_fake->reply(1, doc));
    QVERIFY(editor->isDocumentationVisible());
    QTest::keyClick(editor.get(), Qt::Key_Escape);
    QVERIFY(!editor->isDocumentationVisible());
    QCOMPARE(escaped.count(), 0);

    // Not found: nothing shown.
    QTest::keyClick(editor.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QVERIFY(m_fake->reply(2, InspectReply {true, false, QString()}));
    QVERIFY(!editor->isDocumentationVisible());
}

// The editor with Debian's ipykernel

bool TestCellEditor::ensureKernel()
{
    if (m_kernel)
        return m_kernelHelp && m_kernelHelp->isAvailable();
    if (!m_kernelSkip.isEmpty())
        return false;
    auto skip = [this](const QString &why) {
        m_kernelSkip = why;
        return false;
    };
    if (!QFileInfo(kPython).isExecutable())
        return skip(QStringLiteral("/usr/bin/python3 is missing (apt install python3-ipykernel)"));
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import ipykernel")});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
        return skip(QStringLiteral("/usr/bin/python3 has no ipykernel (apt install python3-ipykernel)"));
    auto spec = jupyter::findKernelSpec(QStringLiteral("python3"), {kDebianKernels});
    if (!spec.ok())
        return skip(spec.error().toString());

    const QString root = QFileInfo(m_temp.path()).canonicalFilePath();
    m_kernel = std::make_unique<jupyter::LocalKernel>(*spec);
    m_kernel->setWorkingDirectory(root + QStringLiteral("/work"));
    m_kernel->manager()->setRuntimeDirectory(root + QStringLiteral("/runtime"));
    QSignalSpy ready(m_kernel.get(), &jupyter::Kernel::ready);
    QSignalSpy died(m_kernel.get(), &jupyter::Kernel::died);
    m_kernel->start();
    if (!(ready.count() == 1 || ready.wait(kKernelStartMs))) {
        qWarning("kernel did not start: %s",
                 qPrintable(died.isEmpty() ? QStringLiteral("no ready() in time")
                                           : died.first().first().toString()));
        return false;
    }
    m_kernelHelp = new KernelClientHelp(
        [kernel = m_kernel.get()] { return kernel->client(); });

    // The names the tests complete.
    bool done = false;
    bool ok = false;
    jupyter::ExecuteCallbacks callbacks;
    callbacks.finished = [&](const jupyter::ExecuteResult &result) {
        done = true;
        ok = result.status == jupyter::ExecuteResult::Status::Ok;
    };
    m_kernel->client()->execute("import os; value_with_unique_name = 1", {}, this, callbacks);
    if (!QTest::qWaitFor([&] { return done; }, kReplyMs) || !ok) {
        qWarning("setup code did not run");
        return false;
    }
    return m_kernelHelp->isAvailable();
}

#define REQUIRE_KERNEL()                                                                           \
    do {                                                                                           \
        const bool up = ensureKernel();                                                            \
        if (!m_kernelSkip.isEmpty())                                                               \
            QSKIP(qPrintable(m_kernelSkip));                                                       \
        QVERIFY2(up, "ipykernel did not start");                                                   \
    } while (false)

void TestCellEditor::kernelSingleMatch()
{
    REQUIRE_KERNEL();
    auto editor = makeEditor(QStringLiteral("value_with_uni"));
    editor->setKernelHelp(m_kernelHelp);
    QSignalSpy inserted(editor.get(), &CellEditor::completionInserted);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QTRY_COMPARE_WITH_TIMEOUT(inserted.count(), 1, kReplyMs);
    QCOMPARE(editor->text(), QStringLiteral("value_with_unique_name"));
    QVERIFY(!editor->isCompletionVisible());
}

void TestCellEditor::kernelPopupAndPick_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::newRow("ascii") << QString();
    QTest::newRow("non-ascii before the cursor") << QStringLiteral("s = \"ünï\"; ");
    QTest::newRow("emoji and cjk before the cursor") << QStringLiteral("s = \"😀名\"; ");
}

void TestCellEditor::kernelPopupAndPick()
{
    REQUIRE_KERNEL();
    QFETCH(QString, prefix);
    auto editor = makeEditor(prefix + QStringLiteral("os.pa"));
    editor->setKernelHelp(m_kernelHelp);
    QSignalSpy shown(editor.get(), &CellEditor::completionShown);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kReplyMs);
    QVERIFY(editor->isCompletionVisible());
    const QList<CompletionItem> items = editor->visibleCompletions();
    const QStringList names = texts(items);
    QVERIFY2(names.contains(QStringLiteral("path")) && names.contains(QStringLiteral("pardir")),
             qPrintable(names.join(QLatin1Char(' '))));
    // ipykernel with jedi says what each is.
    for (const CompletionItem &item : items)
        if (item.text == QLatin1String("path"))
            QCOMPARE(item.type, QStringLiteral("module"));

    // Type "th", then take the highlighted first match, "path".
    QTest::keyClicks(editor.get(), QStringLiteral("th"));
    QVERIFY(!texts(editor->visibleCompletions()).contains(QStringLiteral("pardir")));
    QCOMPARE(editor->currentCompletion(), QStringLiteral("path"));
    QTest::keyClick(editor.get(), Qt::Key_Down);
    const QString second = editor->currentCompletion();
    QVERIFY(second.startsWith(QLatin1String("path")) && second != QLatin1String("path"));
    QTest::keyClick(editor.get(), Qt::Key_Return);
    QCOMPARE(editor->text(), prefix + QStringLiteral("os.") + second);

    // And the plain pick of a later item.
    editor->setText(prefix + QStringLiteral("os.pa"));
    caretToEnd(*editor);
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, kReplyMs);
    while (editor->currentCompletion() != QLatin1String("pathsep")) {
        const QString before = editor->currentCompletion();
        QTest::keyClick(editor.get(), Qt::Key_Down);
        QVERIFY2(editor->currentCompletion() != before, "no pathsep in the list");
    }
    QTest::keyClick(editor.get(), Qt::Key_Tab);
    QCOMPARE(editor->text(), prefix + QStringLiteral("os.pathsep"));
}

void TestCellEditor::kernelDocumentation()
{
    REQUIRE_KERNEL();
    auto editor = makeEditor(QStringLiteral("n = len("));
    editor->setKernelHelp(m_kernelHelp);
    QSignalSpy shown(editor.get(), &CellEditor::documentationShown);
    QTest::keyClick(editor.get(), Qt::Key_Backtab, Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kReplyMs);
    const QString doc = editor->documentationText();
    QVERIFY2(doc.contains(QLatin1String("Return the number of items")), qPrintable(doc));
    QVERIFY2(!doc.contains(QChar(0x1b)), qPrintable(doc)); // ANSI rendered, not shown
    QTest::keyClick(editor.get(), Qt::Key_Escape);
    QVERIFY(!editor->isDocumentationVisible());
    QCOMPARE(editor->text(), QStringLiteral("n = len("));
}

void TestCellEditor::kernelIsComplete()
{
    REQUIRE_KERNEL();
    QList<IsCompleteReply> replies;
    QObject context;
    m_kernelHelp->isComplete(QStringLiteral("def f():"), &context,
                             [&](const IsCompleteReply &reply) { replies.append(reply); });
    m_kernelHelp->isComplete(QStringLiteral("x = 1"), &context,
                             [&](const IsCompleteReply &reply) { replies.append(reply); });
    QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 2, kReplyMs);
    QCOMPARE(replies[0].status, IsCompleteReply::Status::Incomplete);
    QCOMPARE(replies[0].indent, QStringLiteral("    "));
    QCOMPARE(replies[1].status, IsCompleteReply::Status::Complete);
}

QTEST_MAIN(TestCellEditor)
#include "tst_celleditor.moc"
