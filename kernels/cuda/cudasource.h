// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/// The CUDA kernel's source handling: cell parsing, program assembly, completion — no I/O.
namespace cumulus::cuda {

/// @p code with comments and string/character literals replaced by spaces (newlines kept, so
/// line numbers and offsets still match).
QString stripCommentsAndStrings(const QString &code);
/// True when @p code defines a function called main (then the cell is run as a program).
bool definesMain(const QString &code);
/// True when @p code calls the CUDA runtime (cuda…() functions) or launches a kernel.
bool usesCudaRuntime(const QString &code);
/// True when @p code launches a kernel (<<<…>>> or cudaLaunchKernel…).
bool launchesKernels(const QString &code);

/// A cell split into its magics and its C++ code.
struct ParsedCell
{
    /// The code with every magic line blanked (so compiler line numbers still match the cell).
    QString code;
    /// Line magics in order, each as its words: {"%gpu"}, {"%nvcc_flags", "-arch=sm_80"}.
    QList<QStringList> lineMagics;
    /// `%%file NAME` cell magic: the file name and the text to save (the rest of the cell).
    bool isFileMagic = false;
    QString fileName;
    QString fileBody;
};
ParsedCell parseCell(const QString &cell);

/// One definition cell kept for later cells.
struct Definition
{
    QString key;   ///< the cell id, or a generated one when the front end sent none
    QString label; ///< what compiler messages call it, e.g. "In[3]"
    QString code;
};

/**
 * One translation unit: the harness (line-buffered stdout; when @p checkCudaAtExit, an exit
 * hook that reports a pending CUDA error on the status descriptor), then each definition, then
 * @p cellCode, each after a `#line 1 "<label>"` so compiler messages name the cell and its line.
 */
QString assembleProgram(const QList<Definition> &definitions, const QString &cellLabel,
                        const QString &cellCode, bool withHarness, bool checkCudaAtExit);

/// Compiler output for people: the paths of the work directory removed, nvcc's "Remark"
/// boilerplate dropped.
QString cleanCompilerOutput(const QString &output, const QString &workDir);
/// The first "In[n]:line" (or "In[n](line)") reference of @p output as "In[n], line L", or "".
QString firstErrorLocation(const QString &output);

/// is_complete_request: "complete", "incomplete" (open brackets, comment or literal; @p indent
/// then suggests the next line's indent) or "invalid" (a bracket closed that was never opened).
QString completeness(const QString &code, QString *indent);

/// Start of the identifier that ends at @p cursor (UTF-16 index) in @p code.
qsizetype identifierStart(const QString &code, qsizetype cursor);
/// The identifier around @p cursor, or "".
QString identifierAt(const QString &code, qsizetype cursor);
/// Identifiers that start with @p prefix: C++/CUDA keywords, CUDA runtime API names and the
/// names in @p userCode, sorted, without duplicates.
QStringList completionsFor(const QString &prefix, const QStringList &userCode);
/// A short description of a CUDA runtime function or CUDA keyword, "" when unknown.
QString apiDocumentation(const QString &name);
/// The lines of @p userCode that declare @p name (a function or kernel signature, a type), "".
QString declarationOf(const QString &name, const QStringList &userCode);

} // namespace cumulus::cuda
