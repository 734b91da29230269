// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The .ipynb writer: nbformat's v4 JSONWriter (split_lines, strip_transient, then
// json.dumps(indent=1, sort_keys=True, separators=(',', ': '), ensure_ascii=False)),
// streamed from the model without building a split copy of the notebook.

#include "nbformat/lines.h"
#include "nbformat/nbformat.h"
#include "nbformat/pythonjson.h"
#include "util/atomicfile.h"

#include <algorithm>
#include <functional>

namespace cumulus::nbformat {

namespace {

using pythonjson::Writer;

/// Writes one member of an object; called in key order.
using MemberWriter = std::function<void(Writer &, int depth)>;

/// Writes an object whose members come from different places, sorted by key as
/// json.dumps(sort_keys=True) sorts them.
void writeMembers(Writer &w, std::vector<std::pair<std::string_view, MemberWriter>> members,
                  int depth)
{
    if (members.empty()) {
        w.raw("{}");
        return;
    }
    std::sort(members.begin(), members.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    w.raw('{');
    bool first = true;
    for (const auto &[key, writeMember] : members) {
        if (!first)
            w.raw(',');
        first = false;
        w.newline(depth + 1);
        w.string(key);
        w.raw(": ");
        writeMember(w, depth + 1);
    }
    w.newline(depth);
    w.raw('}');
}

/// A multi-line string as nbformat's split_lines stores it: a list of lines.
void writeLines(Writer &w, std::string_view text, int depth)
{
    if (text.empty()) {
        w.raw("[]");
        return;
    }
    w.raw('[');
    bool first = true;
    forEachLine(text, [&](std::string_view line) {
        if (!first)
            w.raw(',');
        first = false;
        w.newline(depth + 1);
        w.string(line);
    });
    w.newline(depth);
    w.raw(']');
}

/// nbformat's _split_mimebundle: text/* and two non-text types are stored as line lists.
bool isSplitMimeType(std::string_view mime)
{
    return mime.starts_with("text/") || mime == "application/javascript" || mime == "image/svg+xml";
}

void writeMimeBundle(Writer &w, const nlohmann::json &bundle, int depth)
{
    if (!bundle.is_object() || bundle.empty()) {
        w.value(bundle, depth);
        return;
    }
    w.raw('{');
    bool first = true;
    for (auto it = bundle.begin(); it != bundle.end(); ++it) {
        if (!first)
            w.raw(',');
        first = false;
        w.newline(depth + 1);
        w.string(it.key());
        w.raw(": ");
        if (it->is_string() && isSplitMimeType(it.key()))
            writeLines(w, it->get_ref<const std::string &>(), depth + 1);
        else
            w.value(*it, depth + 1);
    }
    w.newline(depth);
    w.raw('}');
}

/// An object written as is, except for members whose key @p special handles.
void writeObject(Writer &w, const nlohmann::json &object, int depth,
                 const std::function<bool(Writer &, std::string_view key,
                                          const nlohmann::json &value, int depth)> &special)
{
    std::vector<std::pair<std::string_view, MemberWriter>> members;
    members.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string &key = it.key();
        const nlohmann::json &value = *it;
        members.emplace_back(key, [&special, &key, &value](Writer &writer, int d) {
            if (!special || !special(writer, key, value, d))
                writer.value(value, d);
        });
    }
    writeMembers(w, std::move(members), depth);
}

void writeOutput(Writer &w, const nlohmann::json &output, bool inCodeCell, int depth)
{
    if (!output.is_object() || !inCodeCell) {
        w.value(output, depth);
        return;
    }
    auto typeIt = output.find("output_type");
    const std::string type = typeIt != output.end() && typeIt->is_string() ? typeIt->get<std::string>()
                                                                            : std::string();
    const bool rich = type == "execute_result" || type == "display_data";
    const bool stream = type == "stream";
    writeObject(w, output, depth,
                [rich, stream](Writer &writer, std::string_view key, const nlohmann::json &value,
                               int d) {
                    if (rich && key == "data") {
                        writeMimeBundle(writer, value, d);
                        return true;
                    }
                    if (stream && key == "text" && value.is_string()) {
                        writeLines(writer, value.get_ref<const std::string &>(), d);
                        return true;
                    }
                    return false;
                });
}

void writeCell(Writer &w, const Cell &cell, int depth)
{
    const nlohmann::json &json = cell.json();
    const bool isCode = cell.typeName() == "code";

    std::vector<std::pair<std::string_view, MemberWriter>> members;
    members.reserve(json.size() + 1);
    for (auto it = json.begin(); it != json.end(); ++it) {
        const std::string &key = it.key();
        const nlohmann::json &value = *it;
        MemberWriter writeMember;
        if (key == "source" && value.is_string()) {
            writeMember = [&value](Writer &writer, int d) {
                writeLines(writer, value.get_ref<const std::string &>(), d);
            };
        } else if (key == "attachments" && value.is_object()) {
            writeMember = [&value](Writer &writer, int d) {
                writeObject(writer, value, d,
                            [](Writer &ww, std::string_view, const nlohmann::json &attachment,
                               int dd) {
                                writeMimeBundle(ww, attachment, dd);
                                return true;
                            });
            };
        } else if (key == "metadata" && value.is_object() && value.contains("trusted")) {
            // strip_transient: "trusted" is a runtime flag, never stored.
            writeMember = [&value](Writer &writer, int d) {
                nlohmann::json stripped = value;
                stripped.erase("trusted");
                writer.value(stripped, d);
            };
        } else if (key == "outputs" && value.is_array()) {
            writeMember = [&value, isCode](Writer &writer, int d) {
                if (value.empty()) {
                    writer.raw("[]");
                    return;
                }
                writer.raw('[');
                for (size_t i = 0; i < value.size(); ++i) {
                    if (i > 0)
                        writer.raw(',');
                    writer.newline(d + 1);
                    writeOutput(writer, value[i], isCode, d + 1);
                }
                writer.newline(d);
                writer.raw(']');
            };
        } else {
            writeMember = [&value](Writer &writer, int d) { writer.value(value, d); };
        }
        members.emplace_back(key, std::move(writeMember));
    }
    if (cell.hasTypedOutputs()) {
        members.emplace_back("outputs", [&cell, isCode](Writer &writer, int d) {
            const auto &outputs = cell.outputs();
            if (outputs.empty()) {
                writer.raw("[]");
                return;
            }
            writer.raw('[');
            for (size_t i = 0; i < outputs.size(); ++i) {
                if (i > 0)
                    writer.raw(',');
                writer.newline(d + 1);
                writeOutput(writer, outputs[i].json(), isCode, d + 1);
            }
            writer.newline(d);
            writer.raw(']');
        });
    }
    writeMembers(w, std::move(members), depth);
}

/// Top-level metadata keys nbformat's strip_transient removes before writing.
bool isTransientMetadataKey(std::string_view key)
{
    return key == "orig_nbformat" || key == "orig_nbformat_minor" || key == "signature";
}

} // namespace

bool write(const Notebook &notebook, const ByteSink &sink)
{
    Writer w(sink);
    std::vector<std::pair<std::string_view, MemberWriter>> members;
    members.emplace_back("cells", [&notebook](Writer &writer, int d) {
        const auto &cells = notebook.cells();
        if (cells.empty()) {
            writer.raw("[]");
            return;
        }
        writer.raw('[');
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i > 0)
                writer.raw(',');
            writer.newline(d + 1);
            writeCell(writer, cells[i], d + 1);
        }
        writer.newline(d);
        writer.raw(']');
    });
    members.emplace_back("metadata", [&notebook](Writer &writer, int d) {
        const nlohmann::json &metadata = notebook.metadata();
        const bool hasTransient = metadata.is_object()
            && std::any_of(metadata.items().begin(), metadata.items().end(),
                           [](const auto &item) { return isTransientMetadataKey(item.key()); });
        if (hasTransient) {
            nlohmann::json stripped = nlohmann::json::object();
            for (auto it = metadata.begin(); it != metadata.end(); ++it)
                if (!isTransientMetadataKey(it.key()))
                    stripped[it.key()] = *it;
            writer.value(stripped, d);
        } else {
            writer.value(metadata, d);
        }
    });
    members.emplace_back("nbformat", [&notebook](Writer &writer, int) {
        writer.raw(std::to_string(notebook.nbformat()));
    });
    if (notebook.hasNbformatMinor()) {
        members.emplace_back("nbformat_minor", [&notebook](Writer &writer, int) {
            writer.raw(std::to_string(notebook.nbformatMinor()));
        });
    }
    const nlohmann::json &extra = notebook.extraKeys();
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        const nlohmann::json &value = *it;
        members.emplace_back(it.key(), [&value](Writer &writer, int d) { writer.value(value, d); });
    }
    writeMembers(w, std::move(members), 0);
    w.raw('\n');
    return w.flush();
}

std::string toBytes(const Notebook &notebook)
{
    std::string out;
    write(notebook, [&out](std::string_view chunk) {
        out.append(chunk);
        return true;
    });
    return out;
}

Result<void> writeFile(const Notebook &notebook, const QString &path)
{
    return writeFileAtomically(path, [&notebook](const ByteSink &sink) { return write(notebook, sink); });
}

} // namespace cumulus::nbformat
