// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "jupyter/outputcollector.h"

#include "jupyter/message.h"
#include "logging.h"
#include "notebook/notebookdocument.h"

#include <QMetaMethod>
#include <QScopedValueRollback>

#include <algorithm>
#include <limits>
#include <optional>

namespace cumulus::jupyter {

namespace {

constexpr qint64 kUnlimited = std::numeric_limits<qint64>::max();
// U+2026 HORIZONTAL ELLIPSIS, around the gap markers.
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

bool isUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string hiddenMarker(qint64 count, std::string_view unit)
{
    std::string marker(kEllipsis);
    marker += ' ';
    marker += std::to_string(count);
    marker += ' ';
    marker += unit;
    if (count != 1)
        marker += 's';
    marker += " hidden ";
    marker += kEllipsis;
    marker += '\n';
    return marker;
}

const nlohmann::json &field(const nlohmann::json &object, const char *key)
{
    static const nlohmann::json null;
    if (!object.is_object())
        return null;
    const auto it = object.find(key);
    return it == object.end() ? null : *it;
}

std::string stringField(const nlohmann::json &object, const char *key,
                        std::string_view fallback = {})
{
    const nlohmann::json &value = field(object, key);
    return value.is_string() ? value.get<std::string>() : std::string(fallback);
}

nlohmann::json objectField(const nlohmann::json &object, const char *key)
{
    const nlohmann::json &value = field(object, key);
    return value.is_null() ? nlohmann::json::object() : value;
}

/// Python truthiness of a JSON value, for nbclient's `if content.get('wait')`.
bool truthy(const nlohmann::json &value)
{
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_number())
        return value.get<double>() != 0.0;
    if (value.is_string() || value.is_array() || value.is_object())
        return !value.empty();
    return false;
}

/// nbformat.v4.output_from_msg(): the output a message makes, or nothing for other types.
/// nbclient raises KeyError on missing fields; here they read as empty.
std::optional<nlohmann::json> outputFromMessage(const std::string &type,
                                                const nlohmann::json &content)
{
    if (type == "execute_result")
        return nlohmann::json{{"output_type", type},
                              {"metadata", objectField(content, "metadata")},
                              {"data", objectField(content, "data")},
                              {"execution_count", field(content, "execution_count")}};
    if (type == "stream")
        return nlohmann::json{{"output_type", type},
                              {"name", stringField(content, "name", "stdout")},
                              {"text", stringField(content, "text")}};
    if (type == "display_data")
        return nlohmann::json{{"output_type", type},
                              {"metadata", objectField(content, "metadata")},
                              {"data", objectField(content, "data")}};
    if (type == "error") {
        const nlohmann::json &traceback = field(content, "traceback");
        return nlohmann::json{{"output_type", type},
                              {"ename", stringField(content, "ename")},
                              {"evalue", stringField(content, "evalue")},
                              {"traceback", traceback.is_null() ? nlohmann::json::array()
                                                                : traceback}};
    }
    return std::nullopt;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// StreamText

StreamText::StreamText(OutputLimits limits)
{
    // Half of each budget for the head, the rest (the current line included) for the tail.
    m_headBytes = limits.maxBytes > 0 ? limits.maxBytes / 2 : kUnlimited;
    m_tailBytes = limits.maxBytes > 0 ? limits.maxBytes - limits.maxBytes / 2 : kUnlimited;
    m_headLines = limits.maxLines > 0 ? limits.maxLines / 2 : kUnlimited;
    m_tailLines = limits.maxLines > 0 ? limits.maxLines - limits.maxLines / 2 : kUnlimited;
    // A line alone, with its '\n', always fits the tail budget.
    m_lineCap = limits.maxBytes > 0 ? std::size_t(std::max<qint64>(m_tailBytes - 1, 2))
                                    : std::string::npos;
}

void StreamText::append(std::string_view chunk)
{
    // Lines that end in '\n' are final (the \r rule never crosses a '\n'); only the current
    // line can still change, so each byte is looked at a bounded number of times.
    std::size_t pos = 0;
    for (;;) {
        const std::size_t newline = chunk.find('\n', pos);
        if (newline == std::string_view::npos) {
            appendSegment(chunk.substr(pos));
            return;
        }
        appendSegment(chunk.substr(pos, newline - pos));
        finishLine();
        pos = newline + 1;
    }
}

void StreamText::appendSegment(std::string_view segment)
{
    if (segment.empty())
        return;
    // nbconvert's `.*\r(?=[^\n])`: a '\r' followed by anything but '\n' erases the line up to
    // it. A '\r' that ended the previous chunk is now followed by segment[0], not a '\n'.
    if (!m_line.empty() && m_line.back() == '\r')
        clearLine();
    if (segment.size() >= 2) {
        const std::size_t cr = segment.rfind('\r', segment.size() - 2);
        if (cr != std::string_view::npos) {
            clearLine();
            segment.remove_prefix(cr + 1);
        }
    }
    m_line.append(segment);
    // Trim with slack so the erase is amortised over at least half a cap of new bytes.
    if (m_lineCap != std::string::npos && m_line.size() > m_lineCap + m_lineCap / 2)
        trimLine();
    if (!m_headOpen)
        trimTail();
}

void StreamText::clearLine()
{
    m_line.clear();
    m_lineCut = std::string::npos;
    m_lineHidden = 0;
}

StreamText::LineView StreamText::lineView() const
{
    LineView view;
    view.prefixEnd = m_line.size();
    view.suffixStart = m_line.size();
    if (m_lineCap == std::string::npos || (m_line.size() <= m_lineCap && m_lineHidden == 0))
        return view;
    std::size_t prefixEnd = m_lineCut;
    if (prefixEnd == std::string::npos) {
        prefixEnd = std::min(m_lineCap / 2, m_line.size());
        while (prefixEnd > 0 && prefixEnd < m_line.size() && isUtf8Continuation(m_line[prefixEnd]))
            --prefixEnd;
    }
    const std::size_t suffixBytes = m_lineCap - m_lineCap / 2;
    std::size_t suffixStart = m_line.size() > suffixBytes ? m_line.size() - suffixBytes : 0;
    suffixStart = std::max(suffixStart, prefixEnd);
    while (suffixStart < m_line.size() && isUtf8Continuation(m_line[suffixStart]))
        ++suffixStart;
    view.prefixEnd = prefixEnd;
    view.suffixStart = suffixStart;
    view.hidden = m_lineHidden + qint64(suffixStart - prefixEnd);
    return view;
}

void StreamText::trimLine()
{
    const LineView view = lineView();
    if (view.suffixStart <= view.prefixEnd)
        return;
    m_line.erase(view.prefixEnd, view.suffixStart - view.prefixEnd);
    m_lineHidden += qint64(view.suffixStart - view.prefixEnd);
    m_lineCut = view.prefixEnd;
}

qint64 StreamText::lineKeptBytes() const
{
    const LineView view = lineView();
    return qint64(view.prefixEnd + (m_line.size() - view.suffixStart));
}

void StreamText::appendKeptLine(std::string &out, const LineView &view) const
{
    if (view.hidden == 0) {
        out += m_line;
        return;
    }
    out.append(m_line, 0, view.prefixEnd);
    out += '\n';
    out += hiddenMarker(view.hidden, "byte");
    out.append(m_line, view.suffixStart);
}

void StreamText::finishLine()
{
    const LineView view = lineView();
    if (view.hidden == 0 && m_headOpen && m_headBytes - qint64(m_head.size()) > qint64(m_line.size())
        && m_headLineCount < m_headLines) {
        // The common case: straight into the head, no allocation per line.
        m_head += m_line;
        m_head += '\n';
        ++m_headLineCount;
        clearLine();
        return;
    }
    Line line;
    line.text.reserve(std::size_t(lineKeptBytes()) + 1);
    appendKeptLine(line.text, view);
    line.text += '\n';
    if (view.hidden > 0) {
        line.markerBytes = qint64(line.text.size()) - lineKeptBytes() - 1;
        m_hiddenBytes += view.hidden;
    }
    clearLine();

    const qint64 bytes = qint64(line.text.size());
    if (m_headOpen) {
        if (qint64(m_head.size()) + bytes <= m_headBytes && m_headLineCount < m_headLines) {
            m_head += line.text;
            ++m_headLineCount;
            return;
        }
        // Keep the head contiguous: once a line does not fit, everything later is tail.
        m_headOpen = false;
    }
    m_tailBytesUsed += bytes;
    m_tailMarkerBytes += line.markerBytes;
    m_tail.push_back(std::move(line));
    trimTail();
}

void StreamText::trimTail()
{
    const qint64 lineBytes = lineKeptBytes();
    const qint64 lineCount = m_line.empty() ? 0 : 1;
    // Markers do not count against the budget (so one over-long line always fits).
    while (!m_tail.empty()
           && (m_tailBytesUsed - m_tailMarkerBytes + lineBytes > m_tailBytes
               || qint64(m_tail.size()) + lineCount > m_tailLines)) {
        const Line &front = m_tail.front();
        ++m_hiddenLines;
        m_hiddenBytes += qint64(front.text.size()) - front.markerBytes;
        m_tailBytesUsed -= qint64(front.text.size());
        m_tailMarkerBytes -= front.markerBytes;
        m_tail.pop_front();
    }
}

std::string StreamText::text() const
{
    std::string out;
    out.reserve(std::size_t(size()));
    out += m_head;
    if (m_hiddenLines > 0)
        out += hiddenMarker(m_hiddenLines, "line");
    for (const Line &line : m_tail)
        out += line.text;
    appendKeptLine(out, lineView());
    return out;
}

qint64 StreamText::size() const
{
    qint64 bytes = qint64(m_head.size()) + m_tailBytesUsed;
    if (m_hiddenLines > 0)
        bytes += qint64(hiddenMarker(m_hiddenLines, "line").size());
    const LineView view = lineView();
    bytes += qint64(view.prefixEnd + (m_line.size() - view.suffixStart));
    if (view.hidden > 0)
        bytes += 1 + qint64(hiddenMarker(view.hidden, "byte").size());
    return bytes;
}

qint64 StreamText::hiddenBytes() const { return m_hiddenBytes + lineView().hidden; }

// ---------------------------------------------------------------------------------------------
// OutputCollector

OutputCollector::OutputCollector(NotebookDocument *document, QObject *parent)
    : QObject(parent), m_document(document)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &OutputCollector::flush);
    if (!document)
        return;
    connect(document, &NotebookDocument::cellsInserted, this, [this](int first, int count) {
        remapCells([=](int i) { return i >= first ? i + count : i; });
    });
    connect(document, &NotebookDocument::cellsRemoved, this, [this](int first, int count) {
        remapCells([=](int i) { return i < first ? i : i < first + count ? -1 : i - count; });
    });
    connect(document, &NotebookDocument::cellsMoved, this, [this](int first, int count, int to) {
        // Same arithmetic as NotebookDocument::moveCells (std::rotate).
        remapCells([=](int i) {
            if (i >= first && i < first + count)
                return to < first ? to + (i - first) : to - count + (i - first);
            if (to < first && i >= to && i < first)
                return i + count;
            if (to > first && i >= first + count && i < to)
                return i - count;
            return i;
        });
    });
    connect(document, &NotebookDocument::reset, this, &OutputCollector::onReset);
    connect(document, &NotebookDocument::cellChanged, this,
            [this](int index, NotebookDocument::CellChanges changes) {
                if (!m_applying
                    && (changes
                        & (NotebookDocument::CellChange::Outputs | NotebookDocument::CellChange::Type)))
                    onCellOutputsChanged(index);
            });
}

OutputCollector::~OutputCollector() = default;

void OutputCollector::beginExecution(int cellIndex, std::string msgId)
{
    if (m_running)
        finishExecution();
    m_running = true;
    m_msgId = std::move(msgId);
    m_clearBeforeNextOutput = false;
    dropSlots();
    m_hadTruncation = false;
    m_truncationChanged = false;
    if (!m_document || cellIndex < 0 || cellIndex >= m_document->cellCount()
        || m_document->cell(cellIndex).type() != CellType::Code) {
        m_cellIndex = -1;
        return;
    }
    m_cellIndex = cellIndex;
    // nbclient: cell.outputs = [] before polling iopub. Its display-id map is reset per run;
    // a cell runs more than once here, so forget the ids that pointed into the old outputs.
    forgetDisplayIds(cellIndex);
    QScopedValueRollback guard(m_applying, true);
    m_document->clearOutputs(cellIndex);
    setTruncationRecord(cellIndex, nullptr);
}

bool OutputCollector::handleMessage(const Message &message)
{
    // nbclient's _async_poll_output_msg: only the execution's own messages are processed.
    if (!m_running || message.parentMsgId() != m_msgId)
        return false;
    const std::string &type = message.msgType();
    const nlohmann::json &content = message.content();
    if (!content.is_object()) {
        qCDebug(lcCore) << "iopub" << type.c_str() << "without an object content, ignored";
        return true;
    }

    std::string displayId;
    if (const nlohmann::json &transient = field(content, "transient"); transient.is_object())
        displayId = stringField(transient, "display_id");
    if (!displayId.empty()
        && (type == "execute_result" || type == "display_data" || type == "update_display_data"))
        updateDisplayId(displayId, content);

    if (const auto it = content.find("execution_count"); it != content.end() && m_document
        && m_cellIndex >= 0) {
        QScopedValueRollback guard(m_applying, true);
        if (it->is_number_integer())
            m_document->setExecutionCount(m_cellIndex, it->get<int>());
        else if (it->is_null())
            m_document->setExecutionCount(m_cellIndex, std::nullopt);
    }

    if (type == "status") {
        if (stringField(content, "execution_state") == "idle")
            finishExecution();
    } else if (type == "clear_output") {
        clearOutput(message);
    } else if (type.starts_with("comm")) {
        handleComm(message);
    } else if (type != "execute_input" && type != "update_display_data") {
        output(message, displayId);
    }
    return true;
}

void OutputCollector::output(const Message &message, const std::string &displayId)
{
    const std::string &type = message.msgType();
    const nlohmann::json &content = message.content();

    // An Output widget capturing this execution takes the output instead of the cell.
    if (auto hooks = m_outputHooks.find(message.parentMsgId());
        hooks != m_outputHooks.end() && !hooks->second.empty()) {
        auto widget = m_outputWidgets.find(hooks->second.back());
        if (widget == m_outputWidgets.end())
            return;
        OutputWidget &state = widget->second;
        auto out = outputFromMessage(type, content);
        if (!out) {
            qCDebug(lcCore) << "unhandled iopub message" << type.c_str();
            return;
        }
        if (state.clearBeforeNextOutput) {
            state.outputs = nlohmann::json::array();
            state.clearBeforeNextOutput = false;
        }
        // OutputWidget.output(): joins stream text as it comes, without the \r rule.
        nlohmann::json *last = state.outputs.empty() ? nullptr : &state.outputs.back();
        if (last && last->is_object() && field(*last, "output_type") == "stream"
            && type == "stream" && field(*last, "name") == (*out)["name"]
            && (*last)["text"].is_string()) {
            (*last)["text"].get_ref<std::string &>() += (*out)["text"].get<std::string>();
        } else {
            state.outputs.push_back(std::move(*out));
        }
        state.boundToState = true;
        if (isSignalConnected(QMetaMethod::fromSignal(&OutputCollector::commMessageRequested)))
            Q_EMIT commMessageRequested(
                widget->first,
                {{"method", "update"}, {"state", {{"outputs", state.outputs}}},
                 {"buffer_paths", nlohmann::json::array()}},
                message.parentHeader());
        return;
    }

    if (type == "stream") {
        // The hot path: no output object is built, the text goes straight to StreamText.
        if (m_cellIndex < 0 || !m_document)
            return;
        if (m_clearBeforeNextOutput) {
            clearNow();
            m_clearBeforeNextOutput = false;
        }
        const nlohmann::json &nameField = field(content, "name");
        const nlohmann::json &textField = field(content, "text");
        static const std::string kStdout = "stdout";
        static const std::string kNoText;
        const std::string &name =
            nameField.is_string() ? nameField.get_ref<const std::string &>() : kStdout;
        const std::string &text =
            textField.is_string() ? textField.get_ref<const std::string &>() : kNoText;
        // nbconvert's coalesce_streams joins consecutive streams of the same name; doing it
        // as they arrive gives the same list (other outputs end a run, clearing empties it).
        if (!m_slots.empty() && m_slots.back().isStream && m_slots.back().stream
            && m_slots.back().streamName == name) {
            m_slots.back().stream->append(text);
            markDirty(m_slots.size() - 1);
        } else {
            Slot slot;
            slot.isStream = true;
            slot.streamName = name;
            slot.stream = std::make_unique<StreamText>(m_limits);
            slot.stream->append(text);
            m_openStreams.push_back(m_slots.size());
            m_slots.push_back(std::move(slot));
        }
        scheduleFlush();
        return;
    }

    auto out = outputFromMessage(type, content);
    if (!out) {
        qCDebug(lcCore) << "unhandled iopub message" << type.c_str();
        return;
    }
    if (m_cellIndex < 0 || !m_document)
        return;
    if (m_clearBeforeNextOutput) {
        clearNow();
        m_clearBeforeNextOutput = false;
    }
    if (!displayId.empty()) {
        // nbclient records len(outs), an index into the cell's outputs.
        m_displayIds[displayId][m_cellIndex].push_back(int(m_base + m_slots.size()));
    }
    Slot slot;
    slot.output = Output(std::move(*out));
    m_slots.push_back(std::move(slot));
    scheduleFlush();
}

void OutputCollector::clearOutput(const Message &message)
{
    const bool wait = truthy(field(message.content(), "wait"));
    if (auto hooks = m_outputHooks.find(message.parentMsgId());
        hooks != m_outputHooks.end() && !hooks->second.empty()) {
        auto widget = m_outputWidgets.find(hooks->second.back());
        if (widget == m_outputWidgets.end())
            return;
        if (wait) {
            widget->second.clearBeforeNextOutput = true;
        } else {
            widget->second.outputs = nlohmann::json::array();
            widget->second.boundToState = true;
            if (isSignalConnected(QMetaMethod::fromSignal(&OutputCollector::commMessageRequested)))
                Q_EMIT commMessageRequested(widget->first,
                                            {{"method", "update"},
                                             {"state", {{"outputs", nlohmann::json::array()}}},
                                             {"buffer_paths", nlohmann::json::array()}},
                                            message.parentHeader());
        }
        return;
    }
    if (wait) {
        // nbclient clears just before the next output, so the old one stays until then
        // (no flicker in animations that clear and redraw).
        m_clearBeforeNextOutput = true;
        return;
    }
    if (m_cellIndex < 0)
        return;
    clearNow();
    scheduleFlush();
}

void OutputCollector::clearNow()
{
    if (m_hadTruncation || !m_slots.empty())
        m_truncationChanged = true;
    dropSlots();
    m_structural = true;
    forgetDisplayIds(m_cellIndex);
}

void OutputCollector::handleComm(const Message &message)
{
    const nlohmann::json &content = message.content();
    const nlohmann::json &data = field(content, "data");
    const std::string commId = stringField(content, "comm_id");
    const nlohmann::json &state = field(data, "state");

    // handle_comm_msg: every comm message with a "state" updates the stored widget state;
    // custom messages (no state) are not stored.
    if (m_storeWidgetState && data.is_object() && data.contains("state")) {
        nlohmann::json &stored = m_widgetState[commId];
        if (!stored.is_object())
            stored = nlohmann::json::object();
        if (state.is_object()) {
            for (auto it = state.begin(); it != state.end(); ++it)
                stored[it.key()] = it.value();
            // The kernel replaced the list an emulated Output widget was writing to.
            if (auto widget = m_outputWidgets.find(commId);
                widget != m_outputWidgets.end() && state.contains("outputs"))
                widget->second.boundToState = false;
        }
        const nlohmann::json &paths = field(data, "buffer_paths");
        if (paths.is_array() && !paths.empty()) {
            auto &buffers = m_widgetBuffers[commId];
            const auto &raw = message.buffers();
            // zip(paths, buffers): the shorter one decides.
            for (std::size_t i = 0; i < paths.size() && i < raw.size(); ++i) {
                const QByteArray base64 = raw[i].toBase64();
                nlohmann::json entry = {{"data", std::string(base64.constData(), base64.size())},
                                        {"encoding", "base64"},
                                        {"path", paths[i]}};
                auto same = std::find_if(buffers.begin(), buffers.end(),
                                         [&](const auto &b) { return b.first == paths[i]; });
                if (same != buffers.end())
                    same->second = std::move(entry);
                else
                    buffers.emplace_back(paths[i], std::move(entry));
            }
        }
    }

    const std::string &type = message.msgType();
    if (type == "comm_open") {
        const std::string target = stringField(content, "target_name");
        if (target != "jupyter.widget") {
            qCDebug(lcCore) << "no handler for comm target" << target.c_str();
            return;
        }
        // nbclient mimics the front end's Output widget (its only registered widget).
        if (stringField(state, "_model_module") == "@jupyter-widgets/output"
            && stringField(state, "_model_name") == "OutputModel") {
            OutputWidget widget;
            const nlohmann::json &outputs = field(state, "outputs");
            if (outputs.is_array())
                widget.outputs = outputs;
            // nbclient's widget and the stored state share one list from the start.
            widget.boundToState = true;
            m_outputWidgets[commId] = std::move(widget);
        }
    } else if (type == "comm_msg") {
        auto widget = m_outputWidgets.find(commId);
        if (widget == m_outputWidgets.end() || !state.is_object() || !state.contains("msg_id"))
            return;
        // OutputWidget.set_state(): `with out:` sets msg_id to the execution it captures,
        // leaving the block sets it to "".
        const std::string msgId = stringField(state, "msg_id");
        if (!msgId.empty()) {
            m_outputHooks[msgId].push_back(commId);
        } else if (auto hooks = m_outputHooks.find(widget->second.msgId);
                   hooks != m_outputHooks.end() && !hooks->second.empty()
                   && hooks->second.back() == commId) {
            hooks->second.pop_back();
            if (hooks->second.empty())
                m_outputHooks.erase(hooks);
        }
        widget->second.msgId = msgId;
    }
}

void OutputCollector::updateDisplayId(const std::string &displayId,
                                      const nlohmann::json &content)
{
    // nbclient's _update_display_id: every output shown with this id, in any cell, gets the
    // new data and metadata (and nothing else: execution_count stays).
    const auto found = m_displayIds.find(displayId);
    if (found == m_displayIds.end())
        return;
    const nlohmann::json data = objectField(content, "data");
    const nlohmann::json metadata = objectField(content, "metadata");
    for (const auto &[cell, indices] : found->second) {
        for (const int index : indices) {
            if (m_running && cell == m_cellIndex && index >= int(m_base)) {
                const std::size_t slot = std::size_t(index) - m_base;
                if (slot >= m_slots.size() || m_slots[slot].isStream)
                    continue;
                m_slots[slot].output.json()["data"] = data;
                m_slots[slot].output.json()["metadata"] = metadata;
                markDirty(slot);
            } else {
                m_pendingUpdates[{cell, index}] = DisplayUpdate{data, metadata};
            }
        }
    }
    scheduleFlush();
}

void OutputCollector::forgetDisplayIds(int cellIndex)
{
    if (cellIndex < 0)
        return;
    for (auto &[id, cells] : m_displayIds)
        cells.erase(cellIndex);
    for (auto it = m_pendingUpdates.begin(); it != m_pendingUpdates.end();)
        it = it->first.first == cellIndex ? m_pendingUpdates.erase(it) : std::next(it);
}

void OutputCollector::markDirty(std::size_t slot)
{
    Slot &s = m_slots[slot];
    if (s.dirty)
        return;
    s.dirty = true;
    if (slot < m_pushed)
        m_dirtySlots.push_back(slot);
}

void OutputCollector::scheduleFlush()
{
    if (m_flushInterval <= 0)
        flush();
    else if (!m_timer.isActive())
        m_timer.start(m_flushInterval);
}

Output OutputCollector::materialize(Slot &slot)
{
    slot.dirty = false;
    if (!slot.isStream)
        return slot.output;
    std::string text;
    if (slot.stream) {
        text = slot.stream->text();
        const qint64 lines = slot.stream->hiddenLines();
        const qint64 bytes = slot.stream->hiddenBytes();
        if (lines != slot.hiddenLines || bytes != slot.hiddenBytes) {
            slot.hiddenLines = lines;
            slot.hiddenBytes = bytes;
            m_truncationChanged = true;
        }
    }
    return Output::stream(slot.streamName, std::move(text));
}

void OutputCollector::flush()
{
    m_timer.stop();
    if (!m_document)
        return;
    QScopedValueRollback guard(m_applying, true);

    for (auto &[key, update] : m_pendingUpdates) {
        const auto [cell, index] = key;
        if (cell < 0 || cell >= m_document->cellCount())
            continue;
        const auto &outputs = m_document->cell(cell).outputs();
        if (index < 0 || index >= int(outputs.size()))
            continue;
        Output output = outputs[std::size_t(index)];
        if (output.type() != OutputType::DisplayData && output.type() != OutputType::ExecuteResult)
            continue;
        output.json()["data"] = std::move(update.data);
        output.json()["metadata"] = std::move(update.metadata);
        m_document->replaceOutput(cell, index, std::move(output));
    }
    m_pendingUpdates.clear();

    if (!m_running || m_cellIndex < 0)
        return;
    if (m_cellIndex >= m_document->cellCount()
        || m_document->cell(m_cellIndex).type() != CellType::Code) {
        detach();
        return;
    }

    if (m_structural) {
        if (m_slots.empty()) {
            m_document->clearOutputs(m_cellIndex);
        } else {
            std::vector<Output> outputs;
            outputs.reserve(m_slots.size());
            for (Slot &slot : m_slots)
                outputs.push_back(materialize(slot));
            m_document->setOutputs(m_cellIndex, std::move(outputs));
        }
        m_structural = false;
        m_base = 0;
    } else {
        for (const std::size_t slot : m_dirtySlots)
            m_document->replaceOutput(m_cellIndex, int(m_base + slot), materialize(m_slots[slot]));
        for (std::size_t slot = m_pushed; slot < m_slots.size(); ++slot)
            m_document->appendOutput(m_cellIndex, materialize(m_slots[slot]));
    }
    m_dirtySlots.clear();
    m_pushed = m_slots.size();

    // A stream that is no longer the last output cannot grow: the document has its text.
    std::erase_if(m_openStreams, [this](std::size_t slot) {
        if (slot + 1 >= m_slots.size())
            return false;
        m_slots[slot].stream.reset();
        return true;
    });

    if (m_truncationChanged)
        updateTruncationRecord();
}

void OutputCollector::updateTruncationRecord()
{
    m_truncationChanged = false;
    nlohmann::json record = nlohmann::json::array();
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        const Slot &slot = m_slots[i];
        if (slot.isStream && (slot.hiddenLines > 0 || slot.hiddenBytes > 0))
            record.push_back({{"output", m_base + i},
                              {"name", slot.streamName},
                              {"hidden_lines", slot.hiddenLines},
                              {"hidden_bytes", slot.hiddenBytes}});
    }
    if (record.empty() && !m_hadTruncation)
        return;
    m_hadTruncation = !record.empty();
    setTruncationRecord(m_cellIndex, record.empty() ? nlohmann::json() : record);
}

void OutputCollector::setTruncationRecord(int cellIndex, const nlohmann::json &record)
{
    if (!m_document || cellIndex < 0 || cellIndex >= m_document->cellCount())
        return;
    nlohmann::json metadata = m_document->cell(cellIndex).metadata();
    if (!metadata.is_object())
        return;
    auto cumulus = metadata.find("cumulus");
    if (record.is_null()) {
        if (cumulus == metadata.end() || !cumulus->is_object() || !cumulus->contains("truncated"))
            return;
        cumulus->erase("truncated");
        if (cumulus->empty())
            metadata.erase(cumulus);
    } else {
        if (cumulus != metadata.end() && cumulus->is_object() && field(*cumulus, "truncated") == record)
            return;
        if (cumulus == metadata.end() || !cumulus->is_object())
            metadata["cumulus"] = nlohmann::json::object();
        metadata["cumulus"]["truncated"] = record;
    }
    QScopedValueRollback guard(m_applying, true);
    m_document->setCellMetadata(cellIndex, std::move(metadata));
}

void OutputCollector::finishExecution()
{
    if (!m_running)
        return;
    flush();
    m_running = false;
    m_clearBeforeNextOutput = false;
    dropSlots();
    Q_EMIT executionFinished(m_cellIndex);
}

void OutputCollector::dropSlots()
{
    m_slots.clear();
    m_pushed = 0;
    m_base = 0;
    m_structural = false;
    m_dirtySlots.clear();
    m_openStreams.clear();
}

void OutputCollector::detach()
{
    if (m_cellIndex >= 0)
        qCDebug(lcCore) << "cell" << m_cellIndex << "went away while running; outputs dropped";
    m_cellIndex = -1;
    dropSlots();
}

void OutputCollector::remapCells(const std::function<int(int)> &map)
{
    if (m_cellIndex >= 0) {
        const int moved = map(m_cellIndex);
        if (moved < 0 && m_running)
            detach();
        m_cellIndex = moved;
    }
    for (auto &[id, cells] : m_displayIds) {
        std::map<int, std::vector<int>> remapped;
        for (auto &[cell, indices] : cells)
            if (const int moved = map(cell); moved >= 0)
                remapped[moved] = std::move(indices);
        cells = std::move(remapped);
    }
    std::map<std::pair<int, int>, DisplayUpdate> pending;
    for (auto &[key, update] : m_pendingUpdates)
        if (const int moved = map(key.first); moved >= 0)
            pending[{moved, key.second}] = std::move(update);
    m_pendingUpdates = std::move(pending);
}

void OutputCollector::onCellOutputsChanged(int index)
{
    // Someone else changed a cell's outputs: display ids recorded for it point nowhere now.
    forgetDisplayIds(index);
    if (!m_running || index != m_cellIndex)
        return;
    if (!m_document || m_document->cell(index).type() != CellType::Code) {
        detach();
        return;
    }
    // The running cell: keep what they left, append our later outputs after it.
    if (m_hadTruncation)
        m_truncationChanged = true;
    dropSlots();
    m_base = m_document->cell(index).outputs().size();
}

void OutputCollector::onReset()
{
    m_displayIds.clear();
    m_pendingUpdates.clear();
    if (m_running)
        detach();
    m_cellIndex = -1;
}

nlohmann::json OutputCollector::widgetState() const
{
    if (m_widgetState.empty())
        return nullptr;
    nlohmann::json states = nlohmann::json::object();
    for (auto it = m_widgetState.begin(); it != m_widgetState.end(); ++it) {
        const nlohmann::json &state = it.value();
        if (!state.is_object() || !state.contains("_model_name"))
            continue;
        nlohmann::json full = state;
        if (auto widget = m_outputWidgets.find(it.key());
            widget != m_outputWidgets.end() && widget->second.boundToState)
            full["outputs"] = widget->second.outputs;
        // _serialize_widget_state(): missing keys read as None.
        nlohmann::json entry = {{"model_name", field(state, "_model_name")},
                                {"model_module", field(state, "_model_module")},
                                {"model_module_version", field(state, "_model_module_version")},
                                {"state", std::move(full)}};
        if (auto buffers = m_widgetBuffers.find(it.key());
            buffers != m_widgetBuffers.end() && !buffers->second.empty()) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto &[path, buffer] : buffers->second)
                list.push_back(buffer);
            entry["buffers"] = std::move(list);
        }
        states[it.key()] = std::move(entry);
    }
    return {{"application/vnd.jupyter.widget-state+json",
             {{"state", std::move(states)}, {"version_major", 2}, {"version_minor", 0}}}};
}

void OutputCollector::applyWidgetState()
{
    nlohmann::json state = widgetState();
    if (state.is_null() || !m_document)
        return;
    nlohmann::json metadata = m_document->notebook().metadata();
    if (!metadata.is_object())
        metadata = nlohmann::json::object();
    metadata["widgets"] = std::move(state);
    QScopedValueRollback guard(m_applying, true);
    m_document->setMetadata(std::move(metadata));
}

void OutputCollector::resetTrackers()
{
    m_displayIds.clear();
    m_pendingUpdates.clear();
    m_widgetState = nlohmann::json::object();
    m_widgetBuffers.clear();
    m_outputWidgets.clear();
    m_outputHooks.clear();
}

} // namespace cumulus::jupyter
