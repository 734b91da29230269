// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// nbformat's v4 JSON schemas (nbformat 5.5: nbformat/v4/nbformat.v4.{0..5}.schema.json), written
// out as tables of properties, plus the checks nbformat/validator.py adds around them.
//
// What changes between minor versions (everything else is the same in all six schemas):
//   4.0  the base rules; attachments (raw and markdown cells only) are already there
//   4.1  nothing but nbformat_minor's minimum, which a notebook's own minor always meets
//   4.2  metadata.title (string), metadata.authors (array; its "item" is a typo in the
//        schema, so the items themselves are not checked)
//   4.3  cell metadata "jupyter" must be an object (its source_hidden/outputs_hidden sit
//        outside "properties" in the schema, so they are not checked either)
//   4.4  code cell metadata "execution": an object whose values are strings
//   4.5  cell "id": required, ^[a-zA-Z0-9-_]+$, 1-64 characters, unique (validator.py)
//   4.6+ ("from the future"): the 4.5 schema with every additionalProperties relaxed to true
//        (so unknown keys anywhere and any mime bundle values are fine) and unrecognised
//        cell and output types allowed (validator.py _relax_additional_properties and
//        _allow_undefined).
//
// Where Python's regular expressions and equality leak into the verdict, we do what nbformat
// does when both its back ends (fastjsonschema, the default, and jsonschema) agree, and what
// the JSON Schema spec says when they do not:
//   - "pattern": fastjsonschema reads "$" as "\Z" (as the spec does), jsonschema as Python's
//     "$", which also matches before a final newline: a cell id or name may not end in "\n".
//   - "patternProperties": both use Python's "$", so "application/json\n" is a JSON mime
//     type and metadata.execution keys with a newline inside are not checked.
//   - "enum" (scrolled): fastjsonschema uses Python's "in", so 0 and 1 pass as false and
//     true; jsonschema and the spec reject them, and so do we.
#include "nbformat/nbformat.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace cumulus::nbformat {

namespace {

using json = nlohmann::json;

/// The newest minor version nbformat 5.5 has a schema for.
constexpr int kNewestMinor = 5;
constexpr int kMaxCellIdLength = 64;
/// Long values are cut to this many characters when quoted in a message.
constexpr qsizetype kQuoteLimit = 40;

/// One step of a JSON path. Paths live on the stack while the validator descends, each step
/// pointing at its parent, so a path costs nothing until a warning spells it out. Never keep
/// one beyond the full expression that made it unless its parent outlives it.
class Path
{
public:
    Path() = default; // the notebook itself
    Path(const Path &) = delete;
    Path &operator=(const Path &) = delete;

    Path key(std::string_view key) const { return Path(this, key, -1); }
    Path item(std::size_t index) const { return Path(this, {}, qsizetype(index)); }

    /// "cells[3].outputs[0].data[\"text/plain\"]"
    QString toString() const
    {
        QString out;
        appendTo(out);
        return out;
    }
    /// How messages name the value: "source", "tags[1]".
    QString name() const
    {
        if (m_index >= 0)
            return (m_parent ? m_parent->name() : QString()) + QLatin1Char('[')
                + QString::number(m_index) + QLatin1Char(']');
        return m_parent ? QString::fromUtf8(m_key.data(), qsizetype(m_key.size()))
                        : QStringLiteral("notebook");
    }
    std::string_view lastKey() const { return m_key; }

private:
    Path(const Path *parent, std::string_view key, qsizetype index)
        : m_parent(parent), m_key(key), m_index(index)
    {
    }

    static bool isPlainKey(std::string_view key)
    {
        return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-';
        });
    }

    void appendTo(QString &out) const
    {
        if (!m_parent)
            return;
        m_parent->appendTo(out);
        if (m_index >= 0) {
            out += QLatin1Char('[') + QString::number(m_index) + QLatin1Char(']');
        } else if (isPlainKey(m_key)) {
            if (!out.isEmpty())
                out += QLatin1Char('.');
            out += QString::fromUtf8(m_key.data(), qsizetype(m_key.size()));
        } else {
            // Keys such as mime types ("text/plain") or "iopub.status.busy" would make a
            // dotted path ambiguous: quote them.
            QString key = QString::fromUtf8(m_key.data(), qsizetype(m_key.size()));
            key.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
            key.replace(QLatin1Char('"'), QLatin1String("\\\""));
            out += QLatin1String("[\"") + key + QLatin1String("\"]");
        }
    }

    const Path *m_parent = nullptr;
    std::string_view m_key;
    qsizetype m_index = -1;
};

QString typeName(const json &value)
{
    switch (value.type()) {
    case json::value_t::null:
        return QStringLiteral("null");
    case json::value_t::object:
        return QStringLiteral("an object");
    case json::value_t::array:
        return QStringLiteral("an array");
    case json::value_t::string:
        return QStringLiteral("a string");
    case json::value_t::boolean:
        return QStringLiteral("a boolean");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return QStringLiteral("an integer");
    case json::value_t::number_float:
        return QStringLiteral("a number");
    case json::value_t::binary:
    case json::value_t::discarded:
        break;
    }
    return QStringLiteral("an unknown value");
}

/// 'text' in quotes, cut short when long (ids and tags can be anything).
QString quotedText(std::string_view text)
{
    // Convert only a bounded prefix: a pathological value may be megabytes long.
    const std::size_t prefix = std::min<std::size_t>(text.size(), std::size_t(kQuoteLimit) * 4);
    QString out = QString::fromUtf8(text.data(), qsizetype(prefix));
    if (out.size() > kQuoteLimit || prefix < text.size()) {
        const bool splitsPair =
            out.size() > kQuoteLimit && out.at(kQuoteLimit - 1).isHighSurrogate();
        out = out.left(kQuoteLimit - (splitsPair ? 1 : 0)) + QChar(0x2026);
    }
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString quotedName(const Path &path) { return QLatin1Char('\'') + path.name() + QLatin1Char('\''); }

/// Python's len() of a UTF-8 string: code points, not bytes.
std::size_t codePoints(std::string_view text)
{
    return std::size_t(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    }));
}

bool isInteger(const json &value)
{
    // nlohmann keeps 1.0 a float, as Python's json does, and draft-04 "integer" rejects it.
    return value.is_number_integer();
}

bool isNegative(const json &value)
{
    return value.is_number_integer() && !value.is_number_unsigned()
        && value.get<std::int64_t>() < 0;
}

/// Python's re.search(pattern, key) for patternProperties "^application/(.*\+)?json$":
/// "." stops at a newline and "$" also matches before one final newline.
bool isJsonMimeKey(std::string_view key)
{
    constexpr std::string_view prefix = "application/";
    if (!key.starts_with(prefix))
        return false;
    std::string_view rest = key.substr(prefix.size());
    if (rest.ends_with('\n'))
        rest.remove_suffix(1);
    if (rest == "json")
        return true;
    if (!rest.ends_with("+json"))
        return false;
    rest.remove_suffix(5);
    return rest.find('\n') == std::string_view::npos;
}

/// Python's re.search("^.*$", key): true unless the key holds a newline before its last
/// character.
bool matchesAnyLine(std::string_view key)
{
    const std::size_t newline = key.find('\n');
    return newline == std::string_view::npos || newline + 1 == key.size();
}

class Validator;
using Check = void (Validator::*)(const Path &, const json &);
struct Definition;

/// One entry of a schema's "properties" (and "required").
struct Property
{
    std::string_view key;
    int since = 0;                      ///< the first minor version whose schema has the key
    bool required = false;              ///< listed in "required" (from `since` on)
    Check check = nullptr;              ///< checks the value; nullptr: anything, or see caller
    const Definition *object = nullptr; ///< or: the value is an object of this definition
};

/// A schema object definition: its properties, and whether it has additionalProperties: false.
struct Definition
{
    std::span<const Property> properties;
    bool closed = false;

    const Property *find(std::string_view key) const
    {
        for (const Property &property : properties)
            if (property.key == key)
                return &property;
        return nullptr;
    }
};

class Validator
{
public:
    explicit Validator(int minor)
        : m_minor(minor), m_schemaMinor(std::min(minor, kNewestMinor)),
          m_future(minor > kNewestMinor)
    {
    }

    QList<ValidationWarning> run(const Notebook &notebook);

    // The checks the tables below point at; each gets the value's path and the value.
    void checkString(const Path &path, const json &value);
    void checkBoolean(const Path &path, const json &value);
    void checkObjectType(const Path &path, const json &value);
    void checkArrayType(const Path &path, const json &value);
    void checkStringOrObject(const Path &path, const json &value);
    void checkMultilineString(const Path &path, const json &value);
    void checkStringList(const Path &path, const json &value);
    void checkOrigNbformat(const Path &path, const json &value);
    void checkExecutionCount(const Path &path, const json &value);
    void checkScrolled(const Path &path, const json &value);
    void checkMetadataName(const Path &path, const json &value);
    void checkTags(const Path &path, const json &value);
    void checkExecutionTimes(const Path &path, const json &value);
    void checkCellId(const Path &path, const json &value);
    void checkAttachments(const Path &path, const json &value);
    void checkMimeBundle(const Path &path, const json &value);
    void checkOutputList(const Path &path, const json &value);

private:
    void checkObject(const Path &path, const json &value, const Definition &definition,
                     std::string_view detachedKey = {});
    void checkCell(const Path &path, const Cell &cell);
    void checkOutput(const Path &path, const json &output);
    /// Not in the schema: validator.py's _normalize rejects duplicate ids from 4.5 on.
    void checkUniqueCellId(const Path &cellsPath, std::size_t index, const Cell &cell);

    void warn(const Path &path, QString message);
    void wrongType(const Path &path, const json &value, QLatin1String expected);
    void missingKey(const Path &path);
    void unknownKey(const Path &path, const Definition &definition);
    QString version() const { return QStringLiteral("nbformat 4.%1").arg(m_minor); }

    const int m_minor;
    const int m_schemaMinor; ///< which schema's rules apply
    const bool m_future;     ///< newer than any schema: relaxed 4.5 rules
    QList<ValidationWarning> m_warnings;
    std::unordered_map<std::string_view, std::size_t> m_firstCellWithId;
};

// ---- The schema, one table per definition ----------------------------------------------

constexpr Property kKernelspecProperties[] = {
    {.key = "name", .required = true, .check = &Validator::checkString},
    {.key = "display_name", .required = true, .check = &Validator::checkString},
};
constexpr Definition kKernelspec{.properties = kKernelspecProperties};

constexpr Property kLanguageInfoProperties[] = {
    {.key = "name", .required = true, .check = &Validator::checkString},
    {.key = "codemirror_mode", .check = &Validator::checkStringOrObject},
    {.key = "file_extension", .check = &Validator::checkString},
    {.key = "mimetype", .check = &Validator::checkString},
    {.key = "pygments_lexer", .check = &Validator::checkString},
};
constexpr Definition kLanguageInfo{.properties = kLanguageInfoProperties};

constexpr Property kNotebookMetadataProperties[] = {
    {.key = "kernelspec", .object = &kKernelspec},
    {.key = "language_info", .object = &kLanguageInfo},
    {.key = "orig_nbformat", .check = &Validator::checkOrigNbformat},
    {.key = "title", .since = 2, .check = &Validator::checkString},
    {.key = "authors", .since = 2, .check = &Validator::checkArrayType},
};
constexpr Definition kNotebookMetadata{.properties = kNotebookMetadataProperties};

constexpr Property kRawCellMetadataProperties[] = {
    {.key = "format", .check = &Validator::checkString},
    {.key = "name", .check = &Validator::checkMetadataName},
    {.key = "tags", .check = &Validator::checkTags},
    {.key = "jupyter", .since = 3, .check = &Validator::checkObjectType},
};
constexpr Definition kRawCellMetadata{.properties = kRawCellMetadataProperties};

constexpr Property kMarkdownCellMetadataProperties[] = {
    {.key = "name", .check = &Validator::checkMetadataName},
    {.key = "tags", .check = &Validator::checkTags},
    {.key = "jupyter", .since = 3, .check = &Validator::checkObjectType},
};
constexpr Definition kMarkdownCellMetadata{.properties = kMarkdownCellMetadataProperties};

constexpr Property kCodeCellMetadataProperties[] = {
    {.key = "jupyter", .since = 3, .check = &Validator::checkObjectType},
    {.key = "execution", .since = 4, .check = &Validator::checkExecutionTimes},
    {.key = "collapsed", .check = &Validator::checkBoolean},
    {.key = "scrolled", .check = &Validator::checkScrolled},
    {.key = "name", .check = &Validator::checkMetadataName},
    {.key = "tags", .check = &Validator::checkTags},
};
constexpr Definition kCodeCellMetadata{.properties = kCodeCellMetadataProperties};

constexpr Property kUnrecognizedCellMetadataProperties[] = {
    {.key = "name", .check = &Validator::checkMetadataName},
    {.key = "tags", .check = &Validator::checkTags},
};
constexpr Definition kUnrecognizedCellMetadata{.properties = kUnrecognizedCellMetadataProperties};

// "cell_type" and "output_type" have no check: checkCell()/checkOutput() chose the
// definition by them.
constexpr Property kRawCellProperties[] = {
    {.key = "id", .since = 5, .required = true, .check = &Validator::checkCellId},
    {.key = "cell_type", .required = true},
    {.key = "metadata", .required = true, .object = &kRawCellMetadata},
    {.key = "attachments", .check = &Validator::checkAttachments},
    {.key = "source", .required = true, .check = &Validator::checkMultilineString},
};
constexpr Definition kRawCell{.properties = kRawCellProperties, .closed = true};

constexpr Property kMarkdownCellProperties[] = {
    {.key = "id", .since = 5, .required = true, .check = &Validator::checkCellId},
    {.key = "cell_type", .required = true},
    {.key = "metadata", .required = true, .object = &kMarkdownCellMetadata},
    {.key = "attachments", .check = &Validator::checkAttachments},
    {.key = "source", .required = true, .check = &Validator::checkMultilineString},
};
constexpr Definition kMarkdownCell{.properties = kMarkdownCellProperties, .closed = true};

constexpr Property kCodeCellProperties[] = {
    {.key = "id", .since = 5, .required = true, .check = &Validator::checkCellId},
    {.key = "cell_type", .required = true},
    {.key = "metadata", .required = true, .object = &kCodeCellMetadata},
    {.key = "source", .required = true, .check = &Validator::checkMultilineString},
    {.key = "outputs", .required = true, .check = &Validator::checkOutputList},
    {.key = "execution_count", .required = true, .check = &Validator::checkExecutionCount},
};
constexpr Definition kCodeCell{.properties = kCodeCellProperties, .closed = true};

constexpr Property kUnrecognizedCellProperties[] = {
    {.key = "cell_type", .required = true},
    {.key = "metadata", .required = true, .object = &kUnrecognizedCellMetadata},
};
constexpr Definition kUnrecognizedCell{.properties = kUnrecognizedCellProperties};

constexpr Property kExecuteResultProperties[] = {
    {.key = "output_type", .required = true},
    {.key = "execution_count", .required = true, .check = &Validator::checkExecutionCount},
    {.key = "data", .required = true, .check = &Validator::checkMimeBundle},
    {.key = "metadata", .required = true, .check = &Validator::checkObjectType},
};
constexpr Definition kExecuteResult{.properties = kExecuteResultProperties, .closed = true};

constexpr Property kDisplayDataProperties[] = {
    {.key = "output_type", .required = true},
    {.key = "data", .required = true, .check = &Validator::checkMimeBundle},
    {.key = "metadata", .required = true, .check = &Validator::checkObjectType},
};
constexpr Definition kDisplayData{.properties = kDisplayDataProperties, .closed = true};

constexpr Property kStreamProperties[] = {
    {.key = "output_type", .required = true},
    {.key = "name", .required = true, .check = &Validator::checkString},
    {.key = "text", .required = true, .check = &Validator::checkMultilineString},
};
constexpr Definition kStream{.properties = kStreamProperties, .closed = true};

constexpr Property kErrorProperties[] = {
    {.key = "output_type", .required = true},
    {.key = "ename", .required = true, .check = &Validator::checkString},
    {.key = "evalue", .required = true, .check = &Validator::checkString},
    {.key = "traceback", .required = true, .check = &Validator::checkStringList},
};
constexpr Definition kError{.properties = kErrorProperties, .closed = true};

constexpr Property kUnrecognizedOutputProperties[] = {
    {.key = "output_type", .required = true},
};
constexpr Definition kUnrecognizedOutput{.properties = kUnrecognizedOutputProperties};

struct NamedDefinition
{
    std::string_view name;
    const Definition *definition;
};

constexpr NamedDefinition kCellTypes[] = {
    {"code", &kCodeCell},
    {"markdown", &kMarkdownCell},
    {"raw", &kRawCell},
};

constexpr NamedDefinition kOutputTypes[] = {
    {"execute_result", &kExecuteResult},
    {"display_data", &kDisplayData},
    {"stream", &kStream},
    {"error", &kError},
};

/// The definition a "cell_type"/"output_type" value names, or nullptr.
const Definition *definitionFor(std::span<const NamedDefinition> table, const json &type)
{
    if (!type.is_string())
        return nullptr;
    const std::string &name = type.get_ref<const std::string &>();
    for (const NamedDefinition &entry : table)
        if (entry.name == name)
            return entry.definition;
    return nullptr;
}

// The top level: properties other than metadata are fixed by the model (nbformat is 4, cells
// is an array), so only their names are needed to tell extra keys apart.
constexpr std::string_view kTopLevelKeys[] = {"metadata", "nbformat_minor", "nbformat", "cells"};

// ---- Reporting ----------------------------------------------------------------------------

void Validator::warn(const Path &path, QString message)
{
    m_warnings.append(ValidationWarning{path.toString(), std::move(message), 0});
}

void Validator::wrongType(const Path &path, const json &value, QLatin1String expected)
{
    warn(path, quotedName(path) + QLatin1String(" must be ") + expected + QLatin1String(", not ")
             + typeName(value));
}

void Validator::missingKey(const Path &path)
{
    const std::string_view key = path.lastKey();
    warn(path, QLatin1String("missing required key ") + quotedText(key));
}

void Validator::unknownKey(const Path &path, const Definition &definition)
{
    const std::string_view key = path.lastKey();
    if (const Property *later = definition.find(key); later && later->since > m_schemaMinor) {
        warn(path, QStringLiteral("key %1 is not allowed in %2 (it was added in nbformat 4.%3)")
                       .arg(quotedText(key), version(), QString::number(later->since)));
        return;
    }
    warn(path,
         QStringLiteral("unknown key %1 (not allowed in %2)").arg(quotedText(key), version()));
}

// ---- Generic checks -----------------------------------------------------------------------

void Validator::checkObject(const Path &path, const json &value, const Definition &definition,
                            std::string_view detachedKey)
{
    if (!value.is_object()) {
        wrongType(path, value, QLatin1String("an object"));
        return;
    }
    for (const Property &property : definition.properties) {
        if (property.since > m_schemaMinor)
            continue;
        if (!detachedKey.empty() && property.key == detachedKey)
            continue; // present, and checked by the caller
        const auto it = value.find(property.key);
        if (it == value.end()) {
            if (property.required)
                missingKey(path.key(property.key));
        } else if (property.object) {
            checkObject(path.key(property.key), *it, *property.object);
        } else if (property.check) {
            (this->*property.check)(path.key(property.key), *it);
        }
    }
    if (!definition.closed || m_future) // relaxed to additionalProperties: true
        return;
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string &key = it.key();
        if (!detachedKey.empty() && key == detachedKey)
            continue; // shadowed by the detached value, never written
        const Property *property = definition.find(key);
        if (!property || property->since > m_schemaMinor)
            unknownKey(path.key(key), definition);
    }
    if (!detachedKey.empty()) {
        const Property *property = definition.find(detachedKey);
        if (!property || property->since > m_schemaMinor)
            unknownKey(path.key(detachedKey), definition);
    }
}

void Validator::checkString(const Path &path, const json &value)
{
    if (!value.is_string())
        wrongType(path, value, QLatin1String("a string"));
}

void Validator::checkBoolean(const Path &path, const json &value)
{
    if (!value.is_boolean())
        wrongType(path, value, QLatin1String("a boolean"));
}

void Validator::checkObjectType(const Path &path, const json &value)
{
    if (!value.is_object())
        wrongType(path, value, QLatin1String("an object"));
}

void Validator::checkArrayType(const Path &path, const json &value)
{
    if (!value.is_array())
        wrongType(path, value, QLatin1String("an array"));
}

void Validator::checkStringOrObject(const Path &path, const json &value)
{
    if (!value.is_string() && !value.is_object())
        wrongType(path, value, QLatin1String("a string or an object"));
}

void Validator::checkMultilineString(const Path &path, const json &value)
{
    // definitions/misc/multiline_string: a string, or a list of strings (the on-disk form).
    if (value.is_string())
        return;
    if (value.is_array()) {
        const auto bad = std::find_if(value.begin(), value.end(),
                                      [](const json &line) { return !line.is_string(); });
        if (bad == value.end())
            return;
        warn(path, quotedName(path) + QStringLiteral(" must be a string or a list of strings, but "
                                                 "item %1 is %2")
                                      .arg(QString::number(bad - value.begin()), typeName(*bad)));
        return;
    }
    wrongType(path, value, QLatin1String("a string or a list of strings"));
}

void Validator::checkStringList(const Path &path, const json &value)
{
    if (!value.is_array()) {
        wrongType(path, value, QLatin1String("a list of strings"));
        return;
    }
    const auto bad = std::find_if(value.begin(), value.end(),
                                  [](const json &line) { return !line.is_string(); });
    if (bad != value.end())
        warn(path, quotedName(path)
                 + QStringLiteral(" must be a list of strings, but item %1 is %2")
                       .arg(QString::number(bad - value.begin()), typeName(*bad)));
}

// ---- Metadata -----------------------------------------------------------------------------

void Validator::checkOrigNbformat(const Path &path, const json &value)
{
    if (!isInteger(value))
        wrongType(path, value, QLatin1String("an integer"));
    else if (!value.is_number_unsigned() ? value.get<std::int64_t>() < 1
                                         : value.get<std::uint64_t>() < 1)
        warn(path, quotedName(path) + QStringLiteral(" must be at least 1"));
}

void Validator::checkExecutionCount(const Path &path, const json &value)
{
    if (value.is_null())
        return;
    if (!isInteger(value))
        wrongType(path, value, QLatin1String("an integer or null"));
    else if (isNegative(value))
        warn(path, quotedName(path) + QStringLiteral(" must not be negative (it is %1)")
                                      .arg(value.get<std::int64_t>()));
}

void Validator::checkScrolled(const Path &path, const json &value)
{
    // enum [true, false, "auto"]. (fastjsonschema tests the enum with Python's "in", which
    // also lets 0 and 1 through since 1 == True; the schema means booleans, and so do we.)
    if (value.is_boolean() || (value.is_string() && value.get_ref<const std::string &>() == "auto"))
        return;
    warn(path, quotedName(path) + QLatin1String(" must be true, false or \"auto\""));
}

void Validator::checkMetadataName(const Path &path, const json &value)
{
    // definitions/misc/metadata_name: pattern ^.+$ ("$" read as "\Z", "." stops at \n).
    if (!value.is_string()) {
        wrongType(path, value, QLatin1String("a string"));
        return;
    }
    const std::string &name = value.get_ref<const std::string &>();
    if (name.empty())
        warn(path, quotedName(path) + QLatin1String(" must not be empty"));
    else if (name.find('\n') != std::string::npos)
        warn(path, quotedName(path) + QLatin1String(" must be a single line"));
}

void Validator::checkTags(const Path &path, const json &value)
{
    // definitions/misc/metadata_tags: unique strings matching ^[^,]+$.
    if (!value.is_array()) {
        wrongType(path, value, QLatin1String("a list of strings"));
        return;
    }
    std::unordered_set<std::string_view> seen;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const json &tag = value[i];
        if (!tag.is_string()) {
            wrongType(path.item(i), tag, QLatin1String("a string"));
            continue;
        }
        const std::string &text = tag.get_ref<const std::string &>();
        if (text.empty())
            warn(path.item(i), QStringLiteral("a tag must not be empty"));
        else if (text.find(',') != std::string::npos)
            warn(path.item(i),
                 QStringLiteral("tag %1 must not contain a comma").arg(quotedText(text)));
        if (!seen.insert(text).second)
            warn(path.item(i),
                 QStringLiteral("tag %1 appears more than once").arg(quotedText(text)));
    }
}

void Validator::checkExecutionTimes(const Path &path, const json &value)
{
    // code cell metadata.execution (4.4): an object whose values (those under a key matching
    // patternProperties "^.*$", i.e. nearly all) are ISO 8601 date strings.
    if (!value.is_object()) {
        wrongType(path, value, QLatin1String("an object"));
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it)
        if (matchesAnyLine(it.key()) && !it->is_string())
            wrongType(path.key(it.key()), *it, QLatin1String("a string"));
}

// ---- Cells --------------------------------------------------------------------------------

void Validator::checkCellId(const Path &path, const json &value)
{
    // definitions/cell_id (4.5): a string, ^[a-zA-Z0-9-_]+$, 1-64 characters.
    if (!value.is_string()) {
        wrongType(path, value, QLatin1String("a string"));
        return;
    }
    const std::string &id = value.get_ref<const std::string &>();
    if (id.empty()) {
        warn(path, QStringLiteral("cell id must not be empty"));
        return;
    }
    const bool matches = std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_';
    });
    if (!matches)
        warn(path,
             QStringLiteral("cell id %1 does not match ^[a-zA-Z0-9-_]+$").arg(quotedText(id)));
    if (const std::size_t length = codePoints(id); length > std::size_t(kMaxCellIdLength))
        warn(path, QStringLiteral("cell id is %1 characters long (at most %2 allowed)")
                       .arg(QString::number(length), QString::number(kMaxCellIdLength)));
}

void Validator::checkAttachments(const Path &path, const json &value)
{
    // definitions/misc/attachments: every value (patternProperties ".*") is a mime bundle.
    if (!value.is_object()) {
        wrongType(path, value, QLatin1String("an object"));
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it)
        checkMimeBundle(path.key(it.key()), *it);
}

void Validator::checkCell(const Path &path, const Cell &cell)
{
    const json &object = cell.json();
    if (!object.is_object()) {
        wrongType(path, object, QLatin1String("an object"));
        return;
    }
    const auto type = object.find("cell_type");
    if (type == object.end()) {
        missingKey(path.key("cell_type"));
        return;
    }
    const Definition *definition = definitionFor(kCellTypes, *type);
    if (!definition && !m_future) {
        if (type->is_string())
            warn(path.key("cell_type"),
                 QStringLiteral("unknown cell type %1 (%2 has code, markdown and raw cells)")
                     .arg(quotedText(type->get_ref<const std::string &>()), version()));
        else
            wrongType(path.key("cell_type"), *type, QLatin1String("a string"));
        return;
    }
    if (!definition)
        definition = &kUnrecognizedCell; // _allow_undefined: any cell_type but the known ones

    // Typed outputs live outside the cell's JSON but are written as its "outputs" key.
    const std::string_view detached = cell.hasTypedOutputs() ? "outputs" : "";
    checkObject(path, object, *definition, detached);
    if (cell.hasTypedOutputs() && definition == &kCodeCell) {
        const Path outputsPath = path.key("outputs");
        const std::vector<Output> &outputs = cell.outputs();
        for (std::size_t i = 0; i < outputs.size(); ++i)
            checkOutput(outputsPath.item(i), outputs[i].json());
    }
}

void Validator::checkUniqueCellId(const Path &cellsPath, std::size_t index, const Cell &cell)
{
    const json &object = cell.json();
    if (!object.is_object())
        return;
    const auto id = object.find("id");
    if (id == object.end() || !id->is_string())
        return;
    // The views point into the notebook's cells, which outlive this validation.
    const std::string &text = id->get_ref<const std::string &>();
    const auto [first, inserted] = m_firstCellWithId.try_emplace(text, index);
    if (!inserted)
        warn(cellsPath.item(index).key("id"),
             QStringLiteral("cell id %1 is already used by cells[%2]")
                 .arg(quotedText(text), QString::number(first->second)));
}

// ---- Outputs ------------------------------------------------------------------------------

void Validator::checkOutputList(const Path &path, const json &value)
{
    // "outputs" still in the cell's JSON: it was not a list of objects when read.
    if (!value.is_array()) {
        wrongType(path, value, QLatin1String("an array"));
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i)
        checkOutput(path.item(i), value[i]);
}

void Validator::checkOutput(const Path &path, const json &output)
{
    if (!output.is_object()) {
        wrongType(path, output, QLatin1String("an object"));
        return;
    }
    const auto type = output.find("output_type");
    if (type == output.end()) {
        missingKey(path.key("output_type"));
        return;
    }
    const Definition *definition = definitionFor(kOutputTypes, *type);
    if (!definition && !m_future) {
        if (type->is_string())
            warn(path.key("output_type"),
                 QStringLiteral("unknown output type %1 (%2 has execute_result, display_data, "
                                "stream and error)")
                     .arg(quotedText(type->get_ref<const std::string &>()), version()));
        else
            wrongType(path.key("output_type"), *type, QLatin1String("a string"));
        return;
    }
    checkObject(path, output, definition ? *definition : kUnrecognizedOutput);
}

void Validator::checkMimeBundle(const Path &path, const json &value)
{
    // definitions/misc/mimebundle: JSON mime types hold any value, the others a
    // multiline string. From the future, additionalProperties (the latter rule) is relaxed.
    if (!value.is_object()) {
        wrongType(path, value, QLatin1String("an object"));
        return;
    }
    if (m_future)
        return;
    for (auto it = value.begin(); it != value.end(); ++it)
        if (!isJsonMimeKey(it.key()))
            checkMultilineString(path.key(it.key()), *it);
}

// ---- The notebook -------------------------------------------------------------------------

QList<ValidationWarning> Validator::run(const Notebook &notebook)
{
    const Path root;
    if (notebook.nbformat() != 4) {
        warn(root.key("nbformat"),
             QStringLiteral("no schema for nbformat %1 (only 4 is validated)")
                 .arg(notebook.nbformat()));
        return std::move(m_warnings);
    }
    if (m_minor < 0) {
        // validator.py finds no schema for it and reports only that.
        warn(root.key("nbformat_minor"),
             QStringLiteral("no schema for %1 (the minor version cannot be negative)")
                 .arg(version()));
        return std::move(m_warnings);
    }

    if (!notebook.hasNbformatMinor())
        warn(root.key("nbformat_minor"), QStringLiteral("missing required key 'nbformat_minor'"));
    checkObject(root.key("metadata"), notebook.metadata(), kNotebookMetadata);

    const json &extra = notebook.extraKeys();
    if (!m_future && extra.is_object()) {
        for (auto it = extra.begin(); it != extra.end(); ++it) {
            const std::string &key = it.key();
            if (std::find(std::begin(kTopLevelKeys), std::end(kTopLevelKeys), key)
                == std::end(kTopLevelKeys))
                warn(root.key(key),
                     QStringLiteral("unknown key %1 (not allowed in %2)")
                         .arg(quotedText(key), version()));
        }
    }

    const Path cellsPath = root.key("cells");
    const std::vector<Cell> &cells = notebook.cells();
    const bool uniqueIds = m_minor >= 5;
    if (uniqueIds)
        m_firstCellWithId.reserve(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        checkCell(cellsPath.item(i), cells[i]);
        if (uniqueIds)
            checkUniqueCellId(cellsPath, i, cells[i]);
    }
    return std::move(m_warnings);
}

} // namespace

QList<ValidationWarning> validate(const Notebook &notebook)
{
    return Validator(notebook.nbformatMinor()).run(notebook);
}

} // namespace cumulus::nbformat
