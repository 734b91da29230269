// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/output.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QtGlobal>

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cumulus {
class NotebookDocument;
}

namespace cumulus::jupyter {

class Message;

/**
 * Bounds on the text kept for one stream output, so that a cell printing a million lines or
 * hundreds of megabytes costs bounded memory and bounded repaint work.
 *
 * A stream over a bound keeps its head (the first half of each budget) and its tail (the
 * second half); the lines in between are replaced by one line "… N lines hidden …". A single
 * line longer than the tail budget keeps its start and its end, with "… N bytes hidden …" on a
 * line of its own between them. The kept text, markers aside, is a prefix plus a suffix of
 * what nbconvert would have saved.
 */
struct OutputLimits
{
    /// Bytes of text kept per stream output (head + tail, markers not counted); 0 = unlimited.
    qint64 maxBytes = 5 * 1024 * 1024;
    /// Lines kept per stream output (head + tail, markers not counted); 0 = unlimited.
    qint64 maxLines = 50'000;

    /// No bound at all: the text is exactly what nbconvert saves.
    static OutputLimits unlimited() { return {0, 0}; }
};

/**
 * The text of one stream output, built chunk by chunk exactly as nbconvert saves it, within
 * OutputLimits.
 *
 * nbconvert (6.5 and 7.x) runs its `coalesce_streams` preprocessor after executing: it joins
 * consecutive stream outputs of the same name, then deletes, on each line, everything up to
 * and including the last `\r` that is followed by a character other than `\n` (the regex
 * `.*\r(?=[^\n])`). A `\r` at the very end of the text, and `\r\n`, are kept; `\b` is kept as
 * it is (nbconvert does not touch it). StreamText applies the same rule incrementally: lines
 * ending in `\n` are final, only the current line can still change, so each append costs
 * O(chunk) amortised, however long the stream already is.
 *
 * A value type; not thread-safe (use it from one thread at a time).
 */
class StreamText
{
public:
    explicit StreamText(OutputLimits limits = {});

    /// Appends one chunk of the stream (UTF-8, as the kernel sent it).
    void append(std::string_view chunk);

    /// The text to save and show: head, a "… N lines hidden …" line when lines were dropped,
    /// tail and the current line. O(size()).
    std::string text() const;
    /// Bytes text() returns, without building it.
    qint64 size() const;

    /// Whole lines dropped between head and tail.
    qint64 hiddenLines() const { return m_hiddenLines; }
    /// Bytes of nbconvert's text not kept (dropped lines and the middle of over-long lines).
    qint64 hiddenBytes() const;
    bool isTruncated() const { return hiddenBytes() > 0; }

private:
    struct Line
    {
        std::string text;         ///< kept bytes, '\n' included
        qint64 markerBytes = 0;   ///< bytes of an in-line "bytes hidden" marker in text
    };
    /// How the current line is shown: [0, prefixEnd) + marker + [suffixStart, end).
    struct LineView
    {
        std::size_t prefixEnd = 0;
        std::size_t suffixStart = 0;
        qint64 hidden = 0;
    };

    void appendSegment(std::string_view segment);
    void finishLine();
    void clearLine();
    void trimLine();
    void trimTail();
    LineView lineView() const;
    qint64 lineKeptBytes() const;
    void appendKeptLine(std::string &out, const LineView &view) const;

    // Budgets derived from OutputLimits (max() when unlimited).
    qint64 m_headBytes;
    qint64 m_headLines;
    qint64 m_tailBytes;
    qint64 m_tailLines;
    std::size_t m_lineCap;

    std::string m_head;       ///< complete lines, while they fit the head budget
    qint64 m_headLineCount = 0;
    bool m_headOpen = true;   ///< false once a line did not fit: later lines go to the tail
    std::deque<Line> m_tail;  ///< the last complete lines
    qint64 m_tailBytesUsed = 0;   ///< bytes of m_tail's texts
    qint64 m_tailMarkerBytes = 0; ///< of which in-line markers
    std::string m_line;       ///< the current line (no '\n'; may end in a pending '\r')
    std::size_t m_lineCut = std::string::npos; ///< end of the kept prefix once trimmed
    qint64 m_lineHidden = 0;  ///< bytes already removed from the middle of m_line
    qint64 m_hiddenLines = 0;
    qint64 m_hiddenBytes = 0; ///< dropped lines and finished over-long lines
};

/**
 * Turns the iopub messages of a cell's execution into that cell's outputs in a
 * NotebookDocument, as `jupyter nbconvert --to notebook --execute` (nbclient 0.7 followed by
 * nbconvert's coalesce_streams) would save them, and keeps the document up to date while the
 * cell runs.
 *
 * What it does, after nbclient's NotebookClient.process_message():
 * - Only messages whose parent_header.msg_id is the execution's msg_id are used (others:
 *   handleMessage() returns false). Like nbclient, a display updated later from a background
 *   thread (another parent) is therefore not updated.
 * - Any message whose content has "execution_count" sets the cell's execution count
 *   (execute_input, execute_result).
 * - stream, display_data, execute_result and error become outputs (nbformat's
 *   output_from_msg); consecutive streams of the same name are merged and `\r` handled as
 *   nbconvert's coalesce_streams does (see StreamText), within OutputLimits.
 * - `transient.display_id` on display_data/execute_result/update_display_data first updates
 *   "data" and "metadata" of every output shown with that id, in any cell; display_data and
 *   execute_result are then appended and remembered under their id. update_display_data never
 *   adds an output.
 * - clear_output clears the cell now, or with wait=true just before the next output
 *   (update_display_data does not count as one), forgetting the cell's display ids.
 * - status idle ends the execution: everything is flushed, then executionFinished() is emitted.
 * - comm_open/comm_msg/comm_close keep the widget state nbclient stores in the notebook's
 *   metadata.widgets (see widgetState()) and emulate the Output widget (`@jupyter-widgets/
 *   output`): while one captures a msg_id, that execution's outputs go into the widget's
 *   state instead of the cell, as in nbclient. Anything else (execute_input, unknown types,
 *   malformed content) is ignored; no message is ever fatal.
 *
 * Streams beyond OutputLimits keep head and tail; the cell's metadata then records what was
 * dropped in "cumulus": {"truncated": [{"output": i, "name": …, "hidden_lines": n,
 * "hidden_bytes": b}, …]} (nbformat forbids extra keys in stream outputs, so not there).
 *
 * Updates are coalesced: the document is changed at most once per flushInterval() (and on
 * flush(), and when the execution finishes), so a flood of messages costs a bounded number of
 * model updates and repaints. Cells inserted, removed or moved meanwhile are followed; if the
 * running cell is removed, its outputs are dropped. If someone else changes the running
 * cell's outputs, later outputs are appended after theirs.
 *
 * Threading: a QObject of the GUI thread (the document's thread); call it only there, with
 * messages delivered by the transport's queued batches.
 */
class OutputCollector : public QObject
{
    Q_OBJECT
public:
    /// Collects into @p document, which it does not own (and tolerates being destroyed).
    explicit OutputCollector(NotebookDocument *document, QObject *parent = nullptr);
    ~OutputCollector() override;

    /// Bounds for stream outputs started after this call.
    void setLimits(const OutputLimits &limits) { m_limits = limits; }
    OutputLimits limits() const { return m_limits; }

    /// Longest time, in ms, between a message and the document showing it (default 33, ~30 Hz).
    /// 0 updates the document after every message (simple, but O(text) per stream message).
    void setFlushInterval(int ms) { m_flushInterval = ms; }
    int flushInterval() const { return m_flushInterval; }

    /// Whether widget state is recorded for widgetState() (nbclient's store_widget_state,
    /// default true).
    void setStoreWidgetState(bool store) { m_storeWidgetState = store; }
    bool storeWidgetState() const { return m_storeWidgetState; }

    /**
     * Starts collecting the execution of code cell @p cellIndex, whose execute_request had
     * msg_id @p msgId: the cell's outputs (and any truncation record) are cleared now, as
     * nbclient does, and display ids shown in it are forgotten. The execution count is left
     * to execute_input. A running execution is finished first.
     */
    void beginExecution(int cellIndex, std::string msgId);

    /**
     * Applies one iopub message. Returns true when it belongs to the current execution
     * (parent msg_id matches), whether or not it changed anything.
     */
    bool handleMessage(const Message &message);

    /// Ends the current execution without waiting for status idle (kernel died, interrupted,
    /// request failed): flushes and emits executionFinished(). No-op when none is running.
    void finishExecution();

    /// Pushes every buffered change to the document now.
    void flush();

    bool isRunning() const { return m_running; }
    /// The running (or last) execution's cell, -1 when none or the cell was removed.
    int cellIndex() const { return m_cellIndex; }
    const std::string &msgId() const { return m_msgId; }

    /**
     * The value nbclient stores as the notebook's metadata.widgets after a run:
     * {"application/vnd.jupyter.widget-state+json": {"state": {comm_id: {model_name,
     * model_module, model_module_version, state[, buffers]}}, "version_major": 2,
     * "version_minor": 0}} for every comm whose state has a "_model_name"; null when no
     * widget state was seen.
     */
    nlohmann::json widgetState() const;
    /// Writes widgetState() into the document's metadata.widgets when it is not null, as
    /// nbclient's set_widgets_metadata() does at the end of a run.
    void applyWidgetState();

    /// Forgets display ids, widget state and Output-widget captures (nbclient's
    /// reset_execution_trackers, at the start of a whole-notebook run).
    void resetTrackers();

Q_SIGNALS:
    /// The execution of @p cellIndex (-1 if the cell was removed meanwhile) ended and the
    /// document shows all of its outputs.
    void executionFinished(int cellIndex);
    /// An emulated Output widget changed its outputs; nbclient sends @p data as a comm_msg
    /// to the kernel on the shell channel (parent: @p parentHeader). Unconnected is fine.
    void commMessageRequested(const std::string &commId, const nlohmann::json &data,
                              const nlohmann::json &parentHeader);

private:
    /// One output of the running cell, mirrored until pushed to the document.
    struct Slot
    {
        Output output;                       ///< non-stream outputs; streams: name only
        std::unique_ptr<StreamText> stream;  ///< the stream's text until pushed and closed
        std::string streamName;
        bool isStream = false;
        bool dirty = true;
        qint64 hiddenLines = 0;
        qint64 hiddenBytes = 0;
    };
    struct OutputWidget
    {
        nlohmann::json outputs = nlohmann::json::array();
        std::string msgId;
        bool clearBeforeNextOutput = false;
        bool boundToState = false; ///< widgetState()'s "outputs" is this list
    };
    struct DisplayUpdate
    {
        nlohmann::json data;
        nlohmann::json metadata;
    };

    void output(const Message &message, const std::string &displayId);
    void clearOutput(const Message &message);
    void handleComm(const Message &message);
    void updateDisplayId(const std::string &displayId, const nlohmann::json &content);
    void clearNow();
    void forgetDisplayIds(int cellIndex);
    void markDirty(std::size_t slot);
    void scheduleFlush();
    Output materialize(Slot &slot);
    void updateTruncationRecord();
    void setTruncationRecord(int cellIndex, const nlohmann::json &record);
    void detach();
    void dropSlots();

    // Following the document's structure.
    /// Applies a change of cell indices (old → new, -1 for removed) to everything we hold.
    void remapCells(const std::function<int(int)> &map);
    void onCellOutputsChanged(int index);
    void onReset();

    QPointer<NotebookDocument> m_document;
    QTimer m_timer;
    OutputLimits m_limits;
    int m_flushInterval = 33;
    bool m_storeWidgetState = true;
    bool m_applying = false; ///< our own document changes, not someone else's

    bool m_running = false;
    int m_cellIndex = -1;
    std::string m_msgId;
    bool m_clearBeforeNextOutput = false;

    std::vector<Slot> m_slots;
    std::size_t m_pushed = 0;       ///< slots the document already has
    std::size_t m_base = 0;         ///< outputs in the document before our slots
    bool m_structural = false;      ///< document's outputs must be replaced by the slots
    std::vector<std::size_t> m_dirtySlots; ///< pushed slots changed since
    std::vector<std::size_t> m_openStreams; ///< slots still holding a StreamText
    bool m_hadTruncation = false;     ///< the cell's metadata has a truncation record
    bool m_truncationChanged = false; ///< the record must be rewritten on flush

    /// display_id → cell index → output indices in the document (nbclient's _display_id_map).
    std::unordered_map<std::string, std::map<int, std::vector<int>>> m_displayIds;
    /// Display updates for outputs of other cells, applied on flush.
    std::map<std::pair<int, int>, DisplayUpdate> m_pendingUpdates;

    nlohmann::json m_widgetState = nlohmann::json::object(); ///< comm_id → state
    /// comm_id → buffers, in first-seen order of their path.
    std::map<std::string, std::vector<std::pair<nlohmann::json, nlohmann::json>>> m_widgetBuffers;
    std::map<std::string, OutputWidget> m_outputWidgets;
    /// msg_id → comm_ids of Output widgets capturing it (last one wins).
    std::map<std::string, std::vector<std::string>> m_outputHooks;
};

} // namespace cumulus::jupyter
