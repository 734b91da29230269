// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
#include "export/exportsupport.h"

#include "export/notebookexport.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace cumulus {

QString exportTitle(const Notebook &notebook, const ExportOptions &options)
{
    if (!options.title.trimmed().isEmpty())
        return options.title.trimmed();
    const nlohmann::json &metadata = notebook.metadata();
    if (metadata.is_object()) {
        auto it = metadata.find("title");
        if (it != metadata.end() && it->is_string() && !it->get<std::string>().empty())
            return exportsupport::fromStd(it->get<std::string>());
    }
    const QString base = QFileInfo(options.fileName).completeBaseName();
    return base.isEmpty() ? QStringLiteral("Notebook") : base;
}

namespace exportsupport {

QString fromStd(const std::string &s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

QPalette palette(bool dark)
{
    if (dark)
        return NotebookTheme::darkPalette();
    QPalette light(QColor(0xf0, 0xf0, 0xf0), QColor(0xff, 0xff, 0xff));
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, QColor(0x21, 0x21, 0x21));
    light.setColor(QPalette::WindowText, QColor(0x21, 0x21, 0x21));
    light.setColor(QPalette::Link, QColor(0x19, 0x76, 0xd2));
    light.setColor(QPalette::Disabled, QPalette::Text, QColor(0x75, 0x75, 0x75));
    return light;
}

namespace {

const QRegularExpression &mathPattern()
{
    // Display math first ($$…$$, \[…\], environments), then inline ($…$ with no space
    // inside the delimiters, as Jupyter's markdown renderer requires, and \(…\)).
    static const QRegularExpression pattern(
        QStringLiteral(R"(\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\))"
                       R"(|\\begin\{([a-zA-Z*]+)\}.+?\\end\{\1\})"
                       R"(|(?<![\\$\w])\$(?=[^\s$])(?:[^$\n\\]|\\.)+?(?<=[^\s\\])\$(?!\w))"),
        QRegularExpression::DotMatchesEverythingOption);
    return pattern;
}

} // namespace

QString mathPlaceholder(int index) { return QStringLiteral("CuMathQ%1Z").arg(index); }

ProtectedMarkdown protectMath(const QString &markdown)
{
    ProtectedMarkdown result;
    if (!markdown.contains(u'$') && !markdown.contains(u'\\')) {
        result.text = markdown;
        return result;
    }
    qsizetype last = 0;
    auto it = mathPattern().globalMatch(markdown);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        result.text += QStringView(markdown).mid(last, match.capturedStart() - last);
        result.text += mathPlaceholder(int(result.math.size()));
        result.math.append(match.captured());
        last = match.capturedEnd();
    }
    result.text += QStringView(markdown).mid(last);
    return result;
}

bool hasMath(const QString &text)
{
    if (!text.contains(u'$') && !text.contains(u'\\'))
        return false;
    return mathPattern().match(text).hasMatch();
}

QString resolveAttachments(QString markdown, const nlohmann::json &attachments)
{
    if (!attachments.is_object() || attachments.empty()
        || !markdown.contains(QLatin1String("attachment:")))
        return markdown;
    for (auto it = attachments.begin(); it != attachments.end(); ++it) {
        if (!it->is_object() || it->empty())
            continue;
        // The first mime type of the bundle (nbformat allows several).
        const auto &bundle = *it;
        const std::string mime = bundle.begin().key();
        QString data;
        if (bundle.begin()->is_string())
            data = fromStd(bundle.begin()->get<std::string>());
        else if (bundle.begin()->is_array())
            for (const auto &line : *bundle.begin())
                if (line.is_string())
                    data += fromStd(line.get<std::string>());
        if (mime == "image/svg+xml" || mime.starts_with("text/"))
            data = QString::fromLatin1(data.toUtf8().toBase64());
        else
            data.remove(QRegularExpression(QStringLiteral("\\s+")));
        const QString url = QStringLiteral("data:") + fromStd(mime) + QStringLiteral(";base64,")
                            + data;
        markdown.replace(QStringLiteral("attachment:") + fromStd(it.key()), url);
    }
    return markdown;
}

} // namespace exportsupport
} // namespace cumulus
