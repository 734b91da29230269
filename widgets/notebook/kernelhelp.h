// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace cumulus {

/// One completion candidate: what is inserted, and the kernel's type hints where it gives
/// them (ipykernel: metadata._jupyter_types_experimental, "module", "function", …).
struct CompletionItem
{
    QString text;
    QString type;
    QString signature;
};

/// A complete_reply. Positions are Unicode code points into the request's code, as the
/// Jupyter messaging spec (5.2+) counts cursor_pos.
struct CompletionReply
{
    bool ok = false;
    QList<CompletionItem> items;
    int cursorStart = 0;
    int cursorEnd = 0;
};

/// An inspect_reply: text/plain of the documentation, possibly with ANSI colour escapes.
struct InspectReply
{
    bool ok = false;
    bool found = false;
    QString text;
};

/// An is_complete_reply.
struct IsCompleteReply
{
    enum class Status { Complete, Incomplete, Invalid, Unknown };
    Status status = Status::Unknown;
    /// For Incomplete: the indentation the next line should get.
    QString indent;
};

/**
 * What a cell editor may ask the notebook's kernel: completions, documentation and
 * whether code is complete. Widgets know only this interface; KernelClientHelp implements
 * it over core's KernelClient, tests with a fake.
 *
 * Replies arrive asynchronously on the GUI thread, or never (the kernel died, or there is
 * none). A callback is dropped when its @p context object has been destroyed.
 * Cursor positions are code points into @p code (convert Scintilla's UTF-8 byte offsets
 * with codePointsBefore()/utf8OffsetOf()).
 */
class KernelHelp : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~KernelHelp() override;

    /// A kernel is there to ask; when false, Tab indents and Shift+Tab dedents.
    virtual bool isAvailable() const = 0;
    virtual void complete(const QString &code, int cursorPos, QObject *context,
                          std::function<void(const CompletionReply &)> done) = 0;
    virtual void inspect(const QString &code, int cursorPos, int detailLevel, QObject *context,
                         std::function<void(const InspectReply &)> done) = 0;
    virtual void isComplete(const QString &code, QObject *context,
                            std::function<void(const IsCompleteReply &)> done) = 0;
};

/// The number of code points in the first @p byteOffset bytes of @p utf8.
int codePointsBefore(const QByteArray &utf8, int byteOffset);
/// The byte offset in @p utf8 of code point @p codePoints (clamped to the text).
int utf8OffsetOf(const QByteArray &utf8, int codePoints);

} // namespace cumulus
