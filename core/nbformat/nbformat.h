// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include "notebook/notebook.h"
#include "util/atomicfile.h"
#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <string>
#include <string_view>

class QIODevice;

/**
 * Reading and writing .ipynb files exactly as Jupyter's nbformat (5.5, Debian 12) does.
 *
 * Reading accepts nbformat 4.0–4.5 (and newer 4.x minors, as nbformat does) and v3, which is
 * upgraded to 4.5 with nbformat's converter rules. Writing produces the bytes of
 * `nbformat.writes(nb) + "\n"`: 1-space indent, sorted keys, non-ASCII unescaped, and
 * multi-line strings split with Python's str.splitlines(keepends=True) rules.
 */
namespace cumulus::nbformat {

/// A schema problem found while reading: the notebook still opens, the odd part is kept and
/// written back as it was.
struct ValidationWarning
{
    QString jsonPath; ///< e.g. "metadata.kernelspec"
    QString message;
    int line = 0;     ///< 1-based line in the file where known, else 0

    QString toString() const;
};

struct ReadResult
{
    Notebook notebook;
    QList<ValidationWarning> warnings;
    int originalMajor = 4; ///< the version the file had before any upgrade
    int originalMinor = 5;
};

/// Reads and validates a notebook file. A file that cannot be a notebook (not JSON, unknown
/// major version, no cells, …) gives an Error naming the file, JSON path and line.
Result<ReadResult> readFile(const QString &path);
/// Same as readFile() for bytes already in memory; @p fileName is used in messages.
Result<ReadResult> readBytes(std::string_view bytes, const QString &fileName = QString());
/// Same as readFile() for any readable device (read in chunks, never loaded whole).
Result<ReadResult> readDevice(QIODevice &device, const QString &fileName = QString());

using cumulus::ByteSink;

/// Serialises @p notebook as nbformat does, trailing newline included, into @p sink.
/// Returns false if the sink refused a chunk.
bool write(const Notebook &notebook, const ByteSink &sink);
/// The serialised notebook as one string.
std::string toBytes(const Notebook &notebook);
/// Writes atomically (QSaveFile): on any failure the previous file is left untouched.
Result<void> writeFile(const Notebook &notebook, const QString &path);

/// Checks a notebook against the rules of nbformat's JSON schema for its v4 minor version
/// (4.0–4.5; newer minors get the 4.5 rules relaxed as nbformat relaxes them), in code.
/// Returns every problem found, each naming its JSON path ("cells[3].outputs[0].name").
/// The reader calls this on every file; the app shows the result as a notice.
QList<ValidationWarning> validate(const Notebook &notebook);

/// Python's str.splitlines(keepends=True) on UTF-8 text: breaks after \n, \r, \r\n, \v, \f,
/// \x1c, \x1d, \x1e, U+0085, U+2028 and U+2029.
std::vector<std::string_view> splitLines(std::string_view text);

} // namespace cumulus::nbformat
