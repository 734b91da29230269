// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The .ipynb reader: nbformat.read(path, as_version=4) — JSON parse, v3 → v4 upgrade,
// rejoin_lines, strip_transient, cell-id repair for 4.5 — and then validation.
//
// Memory matters here: a 60 MB notebook whose one output is 600,000 stored lines must not
// cost a DOM of 600,000 strings. A SAX handler joins line lists while parsing (keeping
// the line boundaries so a list nbformat would not join can be restored), and input is
// read in chunks.

#include "nbformat/nbformat.h"
#include "nbformat/pythonjson.h"

#include "logging.h"
#include "util/json.h"

#include <QCoreApplication>
#include <QFile>
#include <QIODevice>

#include <unordered_map>

namespace cumulus::nbformat {

/// The translation context of the reader's messages (what a malformed notebook gets).
class Reader
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::nbformat::Reader)
};

namespace {

using json = nlohmann::json;

QString fromStd(std::string_view text) { return QString::fromUtf8(text.data(), qsizetype(text.size())); }

bool isTruthy(const json &value);

/// Deeper nesting than this is refused: Python's json module stops near 1,000 levels, and
/// recursion in the writer must stay far from the stack limit.
constexpr int kMaxDepth = 1000;

// ---------------------------------------------------------------------------------------
// Input: bytes from memory or from a device in chunks, with line counting for messages.

class Source
{
public:
    explicit Source(std::string_view bytes) : m_data(bytes) {}
    explicit Source(QIODevice *device) : m_device(device) { refill(); }

    bool atEnd()
    {
        if (m_pos < m_data.size())
            return false;
        return !refill();
    }
    char peek() const { return m_data[m_pos]; }
    /// Whether the unread input begins with @p prefix (within the current chunk).
    bool startsWith(std::string_view prefix) const { return m_data.substr(m_pos).starts_with(prefix); }
    void advance() { ++m_pos; }

    /// 1-based line of the next unread byte (counted lazily, only when asked).
    int line()
    {
        countNewlinesUpTo(m_pos);
        return m_line;
    }
    bool readFailed() const { return m_readFailed; }
    QString deviceError() const { return m_device ? m_device->errorString() : QString(); }

private:
    bool refill()
    {
        if (!m_device)
            return false;
        countNewlinesUpTo(m_data.size());
        m_buffer.resize(1 << 20);
        const qint64 n = m_device->read(m_buffer.data(), qint64(m_buffer.size()));
        if (n < 0)
            m_readFailed = true;
        if (n <= 0) {
            m_data = {};
            m_pos = m_counted = 0;
            return false;
        }
        m_data = std::string_view(m_buffer.data(), size_t(n));
        m_pos = m_counted = 0;
        return true;
    }
    void countNewlinesUpTo(size_t end)
    {
        end = std::min(end, m_data.size());
        for (size_t i = m_counted; i < end; ++i)
            m_line += m_data[i] == '\n';
        m_counted = std::max(m_counted, end);
    }

    QIODevice *m_device = nullptr;
    std::string m_buffer;
    std::string_view m_data;
    size_t m_pos = 0;
    size_t m_counted = 0;
    int m_line = 1;
    bool m_readFailed = false;
};

/// The input iterator nlohmann's parser reads from (compare, dereference, increment).
struct SourceIterator
{
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char *;
    using reference = char;

    Source *source = nullptr; // nullptr: the end sentinel

    char operator*() const { return source->peek(); }
    SourceIterator &operator++()
    {
        source->advance();
        return *this;
    }
    bool operator==(const SourceIterator &other) const
    {
        return (!source || source->atEnd()) && (!other.source || other.source->atEnd());
    }
    bool operator!=(const SourceIterator &other) const { return !(*this == other); }
};

// ---------------------------------------------------------------------------------------
// Parsing: a DOM builder that joins line lists where nbformat's rejoin_lines may join them.

/// Where in a v4 notebook the parser is, as far as joining lines is concerned.
enum class Place {
    Other,
    Root,
    Cells,          // the top-level "cells" list
    Cell,           // one cell object
    Outputs,        // a cell's "outputs" list
    Output,         // one output object
    MimeBundle,     // an output's "data" object
    Attachments,    // a cell's "attachments" object
    Attachment,     // one attachment (a mime bundle)
};

struct Frame
{
    json *value;
    Place place;
    int line;
};

/// A list of strings joined while parsing; remembers line boundaries to undo the join.
struct JoinedList
{
    std::vector<size_t> ends; // end offset of each item in the joined string
};

class NotebookSax
{
public:
    explicit NotebookSax(Source &source) : m_source(source) {}

    json root;
    std::vector<int> cellLines;                          // line where each cell starts
    std::unordered_map<const std::string *, JoinedList> joined; // joined lists, by string
    Error error;
    bool failed = false;
    /// The parse failed on a literal Python's json accepts (NaN, Infinity, 1e400): worth a
    /// second pass over rewritten input (see rewritePythonLiterals()).
    bool pythonLiteral = false;

    bool null() { return value(json(nullptr)); }
    bool boolean(bool v) { return value(json(v)); }
    bool number_integer(json::number_integer_t v) { return value(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
    bool number_float(json::number_float_t v, const std::string &raw)
    {
        // An integer too big for 64 bits: Python keeps it exact, so keep its digits.
        if (raw.find_first_of(".eE") == std::string::npos)
            return value(json(pythonjson::rawNumber(raw)));
        return value(json(v));
    }
    bool binary(json::binary_t &) { return value(json(nullptr)); }

    bool string(std::string &v)
    {
        if (!v.empty() && v.front() == '\0') {
            if (const auto special = pythonjson::specialDouble(v))
                return value(json(*special));
        }
        if (m_joining) {
            m_joinChunk.append(v);
            m_joinSize += v.size();
            m_joinEnds.push_back(m_joinSize);
            if (m_joinChunk.size() >= (1 << 20)) {
                m_joinChunks.push_back(std::move(m_joinChunk));
                m_joinChunk = std::string();
            }
            return true;
        }
        return value(json(std::move(v)));
    }

    bool start_object(std::size_t)
    {
        if (!stopJoining())
            return false;
        const Place place = childPlace(true);
        json *object = insert(json::object());
        if (!object)
            return false;
        if (place == Place::Cell)
            cellLines.push_back(m_source.line());
        return push(object, place);
    }
    bool key(std::string &k)
    {
        json &object = *m_stack.back().value;
        m_key = k;
        m_member = &object[k];
        return true;
    }
    bool end_object()
    {
        m_stack.pop_back();
        return true;
    }

    bool start_array(std::size_t)
    {
        if (!stopJoining())
            return false;
        const Place parent = m_stack.empty() ? Place::Other : m_stack.back().place;
        const bool joinable = (parent == Place::Cell && m_key == "source")
            || (parent == Place::Output && m_key == "text")
            || ((parent == Place::MimeBundle || parent == Place::Attachment)
                && !isJsonMimeType(m_key));
        const Place place = childPlace(false);
        json *array = insert(json::array());
        if (!array)
            return false;
        if (!push(array, place))
            return false;
        if (joinable) {
            m_joining = true;
            m_joinSize = 0;
            m_joinEnds.clear();
            m_joinChunks.clear();
            m_joinChunk.clear();
        }
        return true;
    }
    bool end_array()
    {
        if (m_joining) {
            m_joining = false;
            // Replace the (still empty) array with the joined string, built at its exact size
            // from the chunks so a 50 MB output never exists twice.
            std::string text;
            text.reserve(m_joinSize);
            for (std::string &chunk : m_joinChunks) {
                text.append(chunk);
                std::string().swap(chunk);
            }
            text.append(m_joinChunk);
            std::string().swap(m_joinChunk);
            m_joinChunks.clear();
            json &target = *m_stack.back().value;
            target = json(std::move(text));
            joined[&target.get_ref<const std::string &>()].ends = std::move(m_joinEnds);
            m_joinEnds = {};
        }
        m_stack.pop_back();
        return true;
    }

    bool parse_error(std::size_t position, const std::string &token, const json::exception &ex)
    {
        failed = true;
        // nlohmann's token text may start with what preceded the bad literal ('"nan": N').
        std::string_view literal = token;
        if (const size_t cut = literal.find_last_of(" \t\r\n:,[{"); cut != std::string_view::npos)
            literal.remove_prefix(cut + 1);
        pythonLiteral = literal.starts_with('N') || literal.starts_with('I') || literal.starts_with("-I")
            || std::string_view(ex.what()).find("number overflow") != std::string_view::npos;
        QString what = fromStd(ex.what());
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error
        // while parsing value - invalid literal; last read: 'x'": keep the part after the
        // location, the location is reported through Error::line.
        const qsizetype colon = what.indexOf(QLatin1String(": "), what.indexOf(QLatin1String("parse error")));
        if (colon >= 0)
            what = what.mid(colon + 2);
        error.message = position <= 1 && m_stack.empty() && root.is_null()
            ? Reader::tr("not a notebook: the file is empty or not JSON (%1)").arg(what)
            : Reader::tr("not valid JSON: %1").arg(what);
        error.line = m_source.line();
        return false;
    }

private:
    bool value(json v)
    {
        if (!stopJoining())
            return false;
        return insert(std::move(v)) != nullptr;
    }

    /// A non-string item ends a joinable list: put the items read so far back as a list.
    bool stopJoining()
    {
        if (!m_joining)
            return true;
        m_joining = false;
        std::string text;
        for (std::string &chunk : m_joinChunks)
            text.append(chunk);
        text.append(m_joinChunk);
        json &array = *m_stack.back().value;
        size_t begin = 0;
        for (size_t end : m_joinEnds) {
            array.push_back(text.substr(begin, end - begin));
            begin = end;
        }
        m_joinChunks.clear();
        m_joinChunk.clear();
        m_joinEnds.clear();
        return true;
    }

    /// The place of a new object (or array) given where the parser is now.
    Place childPlace(bool isObject) const
    {
        if (m_stack.empty())
            return isObject ? Place::Root : Place::Other;
        switch (m_stack.back().place) {
        case Place::Root:
            return !isObject && m_key == "cells" ? Place::Cells : Place::Other;
        case Place::Cells:
            return isObject ? Place::Cell : Place::Other;
        case Place::Cell:
            if (!isObject && m_key == "outputs")
                return Place::Outputs;
            return isObject && m_key == "attachments" ? Place::Attachments : Place::Other;
        case Place::Outputs:
            return isObject ? Place::Output : Place::Other;
        case Place::Output:
            return isObject && m_key == "data" ? Place::MimeBundle : Place::Other;
        case Place::Attachments:
            return isObject ? Place::Attachment : Place::Other;
        default:
            return Place::Other;
        }
    }

    json *insert(json v)
    {
        if (m_stack.empty()) {
            root = std::move(v);
            return &root;
        }
        json &parent = *m_stack.back().value;
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        *m_member = std::move(v);
        return m_member;
    }

    bool push(json *value, Place place)
    {
        if (int(m_stack.size()) >= kMaxDepth) {
            failed = true;
            error.message = Reader::tr("not a notebook: JSON nested deeper than %1 levels").arg(kMaxDepth);
            error.line = m_source.line();
            return false;
        }
        m_stack.push_back({value, place, 0});
        return true;
    }

    Source &m_source;
    std::vector<Frame> m_stack;
    std::string m_key;
    json *m_member = nullptr;

    bool m_joining = false;
    size_t m_joinSize = 0;
    std::vector<size_t> m_joinEnds;
    std::vector<std::string> m_joinChunks;
    std::string m_joinChunk;
};

// ---------------------------------------------------------------------------------------
// From the parsed JSON to the model.

class Builder
{
public:
    Builder(NotebookSax &sax, QString fileName) : m_sax(sax), m_fileName(std::move(fileName)) {}

    Result<ReadResult> build();

private:
    Error fail(const QString &jsonPath, const QString &message, int line = 0) const
    {
        return Error{message, m_fileName, jsonPath, line};
    }
    int cellLine(size_t index) const
    {
        return index < m_sax.cellLines.size() ? m_sax.cellLines[index] : 0;
    }
    /// Undoes a join made while parsing: nbformat keeps this list as a list.
    void unjoin(json &value);
    Result<void> upgradeFromV3(json &root);
    Result<void> checkAndRejoinV4(json &root);

    NotebookSax &m_sax;
    QString m_fileName;
    QList<ValidationWarning> m_warnings;
};

void Builder::unjoin(json &value)
{
    if (!value.is_string())
        return;
    auto it = m_sax.joined.find(&value.get_ref<const std::string &>());
    if (it == m_sax.joined.end())
        return;
    const std::string text = value.get<std::string>();
    json list = json::array();
    size_t begin = 0;
    for (size_t end : it->second.ends) {
        list.push_back(text.substr(begin, end - begin));
        begin = end;
    }
    m_sax.joined.erase(it);
    value = std::move(list);
}

QString typeName(const json &value)
{
    switch (value.type()) {
    case json::value_t::object: return Reader::tr("an object");
    case json::value_t::array: return Reader::tr("a list");
    case json::value_t::string: return Reader::tr("a string");
    case json::value_t::boolean: return Reader::tr("a boolean");
    case json::value_t::null: return Reader::tr("null");
    default: return Reader::tr("a number");
    }
}

Result<void> Builder::checkAndRejoinV4(json &root)
{
    // What nbformat's reader needs to get through to_notebook() without failing: the same
    // checks, so a file is refused here exactly where Jupyter cannot open it either.
    auto metadata = root.find("metadata");
    if (metadata == root.end())
        return fail(QStringLiteral("metadata"), Reader::tr("missing required key 'metadata'"));
    if (!metadata->is_object())
        return fail(QStringLiteral("metadata"), Reader::tr("must be an object, not %1").arg(typeName(*metadata)));
    auto cells = root.find("cells");
    if (cells == root.end())
        return fail(QString(), Reader::tr("not a notebook: no 'cells' list"));
    if (!cells->is_array())
        return fail(QStringLiteral("cells"), Reader::tr("must be a list, not %1").arg(typeName(*cells)));

    for (size_t i = 0; i < cells->size(); ++i) {
        json &cell = (*cells)[i];
        const QString path = QStringLiteral("cells[%1]").arg(i);
        if (!cell.is_object())
            return fail(path, Reader::tr("a cell must be an object, not %1").arg(typeName(cell)), cellLine(i));
        auto cellMetadata = cell.find("metadata");
        if (cellMetadata == cell.end())
            return fail(path, Reader::tr("missing required key 'metadata'"), cellLine(i));
        if (!cellMetadata->is_object())
            return fail(path + QStringLiteral(".metadata"),
                        Reader::tr("must be an object, not %1").arg(typeName(*cellMetadata)), cellLine(i));
        cellMetadata->erase("trusted"); // strip_transient

        auto attachments = cell.find("attachments");
        if (attachments != cell.end()) {
            if (!attachments->is_object())
                return fail(path + QStringLiteral(".attachments"),
                            Reader::tr("must be an object, not %1").arg(typeName(*attachments)), cellLine(i));
            for (auto it = attachments->begin(); it != attachments->end(); ++it)
                if (!it->is_object())
                    return fail(path + QStringLiteral(".attachments.") + fromStd(it.key()),
                                Reader::tr("must be an object, not %1").arg(typeName(*it)), cellLine(i));
        }

        // rejoin_lines joins a source list with "".join(): a list holding anything but
        // strings stops Jupyter from opening the file.
        auto source = cell.find("source");
        if (source != cell.end() && source->is_array())
            return fail(path + QStringLiteral(".source"),
                        Reader::tr("a list of lines must hold only strings"), cellLine(i));

        // rejoin_lines: outputs are only rejoined in code cells, mime data only in
        // execute_result/display_data, "text" in any other typed output.
        auto cellType = cell.find("cell_type");
        const bool isCode = cellType != cell.end() && *cellType == "code";
        auto outputs = cell.find("outputs");
        if (outputs == cell.end())
            continue;
        // nbformat iterates "outputs": an empty object passes (and is kept), anything else
        // that is not a list of objects stops it.
        if (isCode && !outputs->is_array() && !(outputs->is_object() && outputs->empty()))
            return fail(path + QStringLiteral(".outputs"),
                        Reader::tr("must be a list, not %1").arg(typeName(*outputs)), cellLine(i));
        if (!outputs->is_array())
            continue;
        for (size_t j = 0; j < outputs->size(); ++j) {
            json &output = (*outputs)[j];
            if (!output.is_object()) {
                if (isCode)
                    return fail(path + QStringLiteral(".outputs[%1]").arg(j),
                                Reader::tr("an output must be an object, not %1").arg(typeName(output)),
                                cellLine(i));
                continue;
            }
            auto outputType = output.find("output_type");
            const std::string type = outputType != output.end() && outputType->is_string()
                ? outputType->get<std::string>()
                : std::string();
            const bool truthyType = outputType != output.end() && isTruthy(*outputType);
            const bool rich = type == "execute_result" || type == "display_data";
            auto data = output.find("data");
            if (isCode && rich && data != output.end() && !data->is_object())
                return fail(path + QStringLiteral(".outputs[%1].data").arg(j),
                            Reader::tr("must be an object, not %1").arg(typeName(*data)), cellLine(i));
            if (data != output.end() && data->is_object() && !(isCode && rich))
                for (auto &mime : *data)
                    unjoin(mime);
            auto text = output.find("text");
            if (text != output.end() && !(isCode && !rich && truthyType))
                unjoin(*text);
            else if (text != output.end() && text->is_array())
                return fail(path + QStringLiteral(".outputs[%1].text").arg(j),
                            Reader::tr("a list of lines must hold only strings"), cellLine(i));
        }
    }

    // strip_transient on the notebook's metadata.
    for (const char *key : {"orig_nbformat", "orig_nbformat_minor", "signature"})
        metadata->erase(key);
    return {};
}

/// Python truthiness, for nbformat's `elif output_type:`.
bool isTruthy(const json &value)
{
    switch (value.type()) {
    case json::value_t::null: return false;
    case json::value_t::boolean: return value.get<bool>();
    case json::value_t::string:
    case json::value_t::array:
    case json::value_t::object: return !value.empty() && !(value.is_string() && value.get_ref<const std::string &>().empty());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return value.get<double>() != 0;
    default: return false;
    }
}

QString v3Path(size_t worksheet, size_t cell)
{
    return QStringLiteral("worksheets[%1].cells[%2]").arg(worksheet).arg(cell);
}

/// v3's _join_lines: lists written by splitlines(True) are joined as they are, lists written
/// by plain splitlines() (old files) with "\n".
void joinV3Lines(json &value)
{
    if (!value.is_array())
        return;
    for (const auto &item : value)
        if (!item.is_string())
            return;
    std::string joined;
    const bool keptEnds = !value.empty()
        && (value[0].get_ref<const std::string &>().ends_with('\n')
            || value[0].get_ref<const std::string &>().ends_with('\r'));
    for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0 && !keptEnds)
            joined.push_back('\n');
        joined.append(value[i].get_ref<const std::string &>());
    }
    value = std::move(joined);
}

/// " ".join(text.splitlines()) as upgrade_cell does for heading cells.
std::string joinHeadingLines(const std::string &text)
{
    std::string out;
    bool first = true;
    for (std::string_view line : splitLines(text)) {
        // strip the line break splitLines keeps
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == '\v'
                                 || line.back() == '\f' || (line.back() >= 0x1c && line.back() <= 0x1e)))
            line.remove_suffix(1);
        if (line.ends_with("\xc2\x85"))
            line.remove_suffix(2);
        else if (line.ends_with("\xe2\x80\xa8") || line.ends_with("\xe2\x80\xa9"))
            line.remove_suffix(3);
        if (!first)
            out.push_back(' ');
        first = false;
        out.append(line);
    }
    return out;
}

Result<void> Builder::upgradeFromV3(json &root)
{
    // nbformat/v3/rwbase.py rejoin_lines, then nbformat/v4/convert.py upgrade().
    auto worksheets = root.find("worksheets");
    if (worksheets == root.end())
        return fail(QString(), Reader::tr("not a notebook: nbformat 3 file without 'worksheets'"));
    if (!worksheets->is_array())
        return fail(QStringLiteral("worksheets"), Reader::tr("must be a list, not %1").arg(typeName(*worksheets)));
    auto metadata = root.find("metadata");
    if (metadata == root.end())
        return fail(QStringLiteral("metadata"), Reader::tr("missing required key 'metadata'"));
    if (!metadata->is_object())
        return fail(QStringLiteral("metadata"), Reader::tr("must be an object, not %1").arg(typeName(*metadata)));

    static const std::pair<const char *, const char *> kMimeAliases[] = {
        {"text", "text/plain"},       {"html", "text/html"},
        {"svg", "image/svg+xml"},     {"png", "image/png"},
        {"jpeg", "image/jpeg"},       {"latex", "text/latex"},
        {"json", "application/json"}, {"javascript", "application/javascript"},
    };
    const auto toMimeKeys = [](json &bundle) {
        if (!bundle.is_object())
            return;
        for (const auto &[alias, mime] : kMimeAliases) {
            auto it = bundle.find(alias);
            if (it != bundle.end()) {
                json value = std::move(*it);
                bundle.erase(it);
                bundle[mime] = std::move(value);
            }
        }
    };

    json cells = json::array();
    for (size_t w = 0; w < worksheets->size(); ++w) {
        json &worksheet = (*worksheets)[w];
        if (!worksheet.is_object() || !worksheet.contains("cells") || !worksheet["cells"].is_array())
            return fail(QStringLiteral("worksheets[%1]").arg(w), Reader::tr("missing the 'cells' list"));
        for (size_t c = 0; c < worksheet["cells"].size(); ++c) {
            json cell = std::move(worksheet["cells"][c]);
            const QString path = v3Path(w, c);
            if (!cell.is_object())
                return fail(path, Reader::tr("a cell must be an object, not %1").arg(typeName(cell)));
            if (!cell.contains("cell_type"))
                return fail(path, Reader::tr("missing required key 'cell_type'"));
            const std::string type = jsonString(cell, "cell_type");
            if (cell.contains("metadata") && cell["metadata"].is_object())
                cell["metadata"].erase("trusted");
            if (!cell.contains("metadata"))
                cell["metadata"] = json::object();
            cell["id"] = newCellId();

            if (type == "code") {
                if (!cell.contains("outputs") || !cell["outputs"].is_array())
                    return fail(path, Reader::tr("a code cell needs an 'outputs' list"));
                if (cell.contains("input"))
                    joinV3Lines(cell["input"]);
                cell.erase("language");
                if (cell.contains("collapsed")) {
                    json collapsed = std::move(cell["collapsed"]);
                    cell.erase("collapsed");
                    if (cell["metadata"].is_object())
                        cell["metadata"]["collapsed"] = std::move(collapsed);
                }
                json source = cell.contains("input") ? std::move(cell["input"]) : json("");
                cell.erase("input");
                cell["source"] = std::move(source);
                json count = cell.contains("prompt_number") ? std::move(cell["prompt_number"]) : json(nullptr);
                cell.erase("prompt_number");
                cell["execution_count"] = std::move(count);
                for (json &output : cell["outputs"]) {
                    if (!output.is_object())
                        return fail(path, Reader::tr("an output must be an object"));
                    for (const char *key : {"text", "html", "svg", "latex", "javascript", "json"})
                        if (output.contains(key))
                            joinV3Lines(output[key]);
                    const std::string outputType = jsonString(output, "output_type");
                    if (outputType == "pyout" || outputType == "display_data") {
                        if (!output.contains("metadata"))
                            output["metadata"] = json::object();
                        if (outputType == "pyout") {
                            output["output_type"] = "execute_result";
                            json n = output.contains("prompt_number") ? std::move(output["prompt_number"]) : json(nullptr);
                            output.erase("prompt_number");
                            output["execution_count"] = std::move(n);
                        }
                        json data = json::object();
                        for (auto it = output.begin(); it != output.end();) {
                            if (it.key() == "output_type" || it.key() == "execution_count" || it.key() == "metadata") {
                                ++it;
                                continue;
                            }
                            data[it.key()] = std::move(*it);
                            it = output.erase(it);
                        }
                        toMimeKeys(data);
                        toMimeKeys(output["metadata"]);
                        if (data.contains("application/json") && data["application/json"].is_string()) {
                            json parsed = json::parse(data["application/json"].get<std::string>(), nullptr, false);
                            if (parsed.is_discarded())
                                return fail(path, Reader::tr("an output's JSON data is not valid JSON"));
                            data["application/json"] = std::move(parsed);
                        }
                        output["data"] = std::move(data);
                    } else if (outputType == "pyerr") {
                        output["output_type"] = "error";
                    } else if (outputType == "stream") {
                        json name = output.contains("stream") ? std::move(output["stream"]) : json("stdout");
                        output.erase("stream");
                        output["name"] = std::move(name);
                    }
                }
            } else {
                for (const char *key : {"source", "rendered"})
                    if (cell.contains(key))
                        joinV3Lines(cell[key]);
                if (type == "heading") {
                    cell["cell_type"] = "markdown";
                    json level = cell.contains("level") ? std::move(cell["level"]) : json(1);
                    cell.erase("level");
                    const int hashes = level.is_number_integer() ? level.get<int>() : 1;
                    const std::string text = cell.contains("source") && cell["source"].is_string()
                        ? cell["source"].get<std::string>() : std::string();
                    cell["source"] = std::string(size_t(std::max(hashes, 0)), '#') + ' ' + joinHeadingLines(text);
                } else if (type == "html") {
                    cell["cell_type"] = "markdown";
                }
            }
            cells.push_back(std::move(cell));
        }
    }
    root.erase("worksheets");
    root.erase("orig_nbformat");
    root.erase("orig_nbformat_minor");
    root["cells"] = std::move(cells);
    root["nbformat"] = 4;
    root["nbformat_minor"] = 5;
    metadata = root.find("metadata");
    for (const char *key : {"name", "signature", "orig_nbformat", "orig_nbformat_minor"})
        metadata->erase(key);
    return {};
}

Result<ReadResult> Builder::build()
{
    json &root = m_sax.root;
    if (!root.is_object())
        return fail(QString(), Reader::tr("not a notebook: the top level is %1, not an object").arg(typeName(root)));

    // get_version(): nbformat defaults to 1 and nbformat_minor to 0 when absent.
    auto major = root.find("nbformat");
    if (major == root.end())
        return fail(QStringLiteral("nbformat"), Reader::tr("not a notebook: missing required key 'nbformat'"));
    if (!major->is_number_integer())
        return fail(QStringLiteral("nbformat"), Reader::tr("must be an integer, not %1").arg(typeName(*major)));
    auto minorIt = root.find("nbformat_minor");
    if (minorIt != root.end() && !minorIt->is_number_integer())
        return fail(QStringLiteral("nbformat_minor"), Reader::tr("must be an integer, not %1").arg(typeName(*minorIt)));
    ReadResult result;
    result.originalMajor = major->get<int>();
    result.originalMinor = minorIt != root.end() ? minorIt->get<int>() : 0;

    if (result.originalMajor == 3 && minorIt == root.end()) {
        // nbformat's v3→v4 upgrade refuses this too.
        return fail(QStringLiteral("nbformat_minor"),
                    Reader::tr("not a notebook: nbformat 3 file without 'nbformat_minor'"));
    }
    if (result.originalMajor == 3) {
        if (auto upgraded = upgradeFromV3(root); !upgraded)
            return upgraded.error();
    } else if (result.originalMajor == 4) {
        if (auto checked = checkAndRejoinV4(root); !checked)
            return checked.error();
    } else {
        return fail(QStringLiteral("nbformat"),
                    Reader::tr("unsupported notebook format version %1 (Cumulus reads versions 3 and 4)")
                        .arg(result.originalMajor));
    }

    Notebook &notebook = result.notebook;
    const int minor = root.contains("nbformat_minor") ? root["nbformat_minor"].get<int>() : 0;
    if (root.contains("nbformat_minor"))
        notebook.setNbformatMinor(minor);
    else
        notebook.clearNbformatMinor();
    notebook.metadata() = std::move(root["metadata"]);
    json &cells = root["cells"];
    notebook.cells().reserve(cells.size());
    for (json &cell : cells)
        notebook.cells().push_back(Cell::fromJson(std::move(cell)));
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string &key = it.key();
        if (key != "cells" && key != "metadata" && key != "nbformat" && key != "nbformat_minor")
            notebook.extraKeys()[key] = std::move(*it);
    }

    // validate()'s normalisation for 4.5 and later: every cell gets a unique id.
    if (minor >= 5) {
        std::unordered_map<std::string, int> seen;
        for (size_t i = 0; i < notebook.cells().size(); ++i) {
            Cell &cell = notebook.cells()[i];
            const QString path = QStringLiteral("cells[%1].id").arg(i);
            if (!cell.hasId()) {
                cell.setId(newCellId());
                m_warnings.append({path, Reader::tr("the cell had no id; a new one was assigned"), cellLine(i)});
                continue;
            }
            const json &id = cell.json()["id"];
            if (!id.is_string())
                continue; // reported by validate()
            if (seen.contains(id.get<std::string>())) {
                const std::string old = id.get<std::string>();
                cell.setId(newCellId());
                m_warnings.append({path,
                                   Reader::tr("duplicate cell id '%1' replaced by '%2'")
                                       .arg(fromStd(old), fromStd(cell.id())),
                                   cellLine(i)});
            }
            seen.emplace(cell.id(), int(i));
        }
    }

    for (ValidationWarning warning : validate(notebook)) {
        // Map "cells[N]…" to the line where cell N starts.
        if (warning.line == 0 && warning.jsonPath.startsWith(QLatin1String("cells["))) {
            const qsizetype close = warning.jsonPath.indexOf(QLatin1Char(']'));
            bool ok = false;
            const int index = warning.jsonPath.mid(6, close - 6).toInt(&ok);
            if (ok && result.originalMajor == 4)
                warning.line = cellLine(size_t(index));
        }
        m_warnings.append(warning);
    }
    result.warnings = std::move(m_warnings);
    return result;
}

Result<ReadResult> parse(Source &source, const QString &fileName, bool *pythonLiteral = nullptr)
{
    // Python's json refuses a byte order mark (nlohmann would skip it): so does Jupyter.
    if (source.startsWith("\xef\xbb\xbf"))
        return Error{Reader::tr("not a notebook: the file starts with a UTF-8 byte order mark, which "
                        "Jupyter cannot read"),
                     fileName, QString(), 1};
    NotebookSax sax(source);
    bool parsed = false;
    try {
        parsed = json::sax_parse(SourceIterator{&source}, SourceIterator{}, &sax);
    } catch (const std::exception &e) { // bad_alloc on absurd input, or a library exception
        return Error{Reader::tr("cannot read the notebook: %1").arg(fromStd(e.what())), fileName, QString(),
                     source.line()};
    }
    if (source.readFailed())
        return Error{Reader::tr("cannot read: %1").arg(source.deviceError()), fileName};
    if (!parsed || sax.failed) {
        if (pythonLiteral)
            *pythonLiteral = sax.pythonLiteral;
        Error error = sax.error;
        error.file = fileName;
        if (error.message.isEmpty())
            error.message = Reader::tr("not valid JSON");
        return error;
    }
    Builder builder(sax, fileName);
    try {
        return builder.build();
    } catch (const std::exception &e) {
        return Error{Reader::tr("cannot read the notebook: %1").arg(fromStd(e.what())), fileName};
    }
}

} // namespace

QString ValidationWarning::toString() const
{
    QString out;
    if (line > 0)
        out += Reader::tr("line %1: ").arg(line);
    if (!jsonPath.isEmpty())
        out += jsonPath + QStringLiteral(": ");
    return out + message;
}

Result<ReadResult> readBytes(std::string_view bytes, const QString &fileName)
{
    Source source(bytes);
    bool pythonLiteral = false;
    auto result = parse(source, fileName, &pythonLiteral);
    if (result || !pythonLiteral)
        return result;
    // Rare: NaN, Infinity or an overflowing number, which Python's json reads and nlohmann's
    // does not. Parse again with those literals turned into markers the parser understands.
    const std::string rewritten = pythonjson::rewritePythonLiterals(bytes);
    Source second(rewritten);
    return parse(second, fileName);
}

Result<ReadResult> readDevice(QIODevice &device, const QString &fileName)
{
    const qint64 start = device.pos();
    Source source(&device);
    bool pythonLiteral = false;
    auto result = parse(source, fileName, &pythonLiteral);
    if (result || !pythonLiteral || device.isSequential() || !device.seek(start))
        return result;
    const QByteArray bytes = device.readAll();
    return readBytes(std::string_view(bytes.constData(), size_t(bytes.size())), fileName);
}

Result<ReadResult> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{Reader::tr("cannot open: %1").arg(file.errorString()), path};
    return readDevice(file, path);
}

} // namespace cumulus::nbformat
