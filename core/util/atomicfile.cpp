// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "util/atomicfile.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace cumulus {

Result<void> writeFileAtomically(const QString &path,
                                 const std::function<bool(const ByteSink &sink)> &produce,
                                 std::optional<QFileDevice::Permissions> permissions)
{
    const auto fail = [&path](const QString &reason) {
        return Error(QCoreApplication::translate("cumulus::AtomicFile", "cannot save: %1").arg(reason), path);
    };
    if (QFileInfo(path).isDir())
        return fail(QCoreApplication::translate("cumulus::AtomicFile", "it is a directory"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    if (permissions && !file.setPermissions(*permissions)) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(reason);
    }
    const ByteSink sink = [&file](std::string_view chunk) {
        return file.write(chunk.data(), qint64(chunk.size())) == qint64(chunk.size());
    };
    // QSaveFile::commit() in Qt 6.4 reports success even when flushing its buffer failed
    // (a full disk or a file-size limit would leave a truncated file): flush first.
    if (!produce(sink) || !file.flush()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(reason);
    }
    if (!file.commit())
        return fail(file.errorString());
    return {};
}

Result<void> writeFileAtomically(const QString &path, std::string_view content,
                                 std::optional<QFileDevice::Permissions> permissions)
{
    return writeFileAtomically(
        path, [content](const ByteSink &sink) { return sink(content); }, permissions);
}

} // namespace cumulus
