// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The HTML exporter: one self-contained file, written cell by cell into a sink.

#include "export/exportsupport.h"
#include "export/notebookexport.h"

#include "notebook/codehighlighter.h"
#include "notebook/notebooktheme.h"
#include "output/ansitext.h"
#include "output/renderedoutput.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QTextDocument>

#include <string>
#include <vector>

// The resources of a static library are linked only when referenced.
static void initKatexResources()
{
#ifdef CUMULUS_HAVE_KATEX
    Q_INIT_RESOURCE(katex);
#endif
}

namespace cumulus {

namespace {

using exportsupport::fromStd;

class HtmlExport
{
    Q_DECLARE_TR_FUNCTIONS(cumulus::HtmlExport)
};

// ---------------------------------------------------------------------------------------
// Escaping and small pieces
// ---------------------------------------------------------------------------------------

/// Characters HTML forbids in a document (C0/C1 controls other than whitespace, and
/// noncharacters): html5 parsers report them as errors.
bool forbiddenInHtml(char32_t c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || (c >= 0x7f && c <= 0x9f)
           || (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

/// @p text with what HTML forbids replaced: control characters by their control pictures
/// (U+2400 block), noncharacters by U+FFFD; with @p escape, also & < > " escaped.
QString htmlSafe(QStringView text, bool escape)
{
    QString result;
    result.reserve(text.size() + 16);
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < n && text[i + 1].isLowSurrogate()) {
            if ((QChar::surrogateToUcs4(c, text[i + 1]) & 0xfffe) == 0xfffe)
                result += QChar(0xfffd);
            else
                result.append(text.mid(i, 2));
            ++i;
            continue;
        }
        if (escape) {
            switch (u) {
            case u'&':
                result += QLatin1String("&amp;");
                continue;
            case u'<':
                result += QLatin1String("&lt;");
                continue;
            case u'>':
                result += QLatin1String("&gt;");
                continue;
            case u'"':
                result += QLatin1String("&quot;");
                continue;
            default:
                break;
            }
        }
        if (forbiddenInHtml(u))
            result += u < 0x20 ? QChar(0x2400 + u) : u == 0x7f ? QChar(0x2421) : QChar(0xfffd);
        else
            result += c;
    }
    return result;
}

void appendEscaped(std::string &out, QStringView text)
{
    out += htmlSafe(text, true).toStdString();
}

QString escaped(QStringView text)
{
    std::string out;
    appendEscaped(out, text);
    return QString::fromStdString(out);
}

void append(std::string &out, const QString &text) { out += text.toStdString(); }

std::string cssColor(const QColor &color)
{
    if (color.alpha() == 255)
        return color.name().toStdString();
    return QStringLiteral("rgba(%1,%2,%3,%4)")
        .arg(color.red())
        .arg(color.green())
        .arg(color.blue())
        .arg(color.alphaF(), 0, 'f', 3)
        .toStdString();
}

const char *tokenClass(CodeToken token)
{
    switch (token) {
    case CodeToken::Keyword:
        return "k";
    case CodeToken::Builtin:
        return "nb";
    case CodeToken::String:
        return "s";
    case CodeToken::Comment:
        return "c";
    case CodeToken::Number:
        return "m";
    case CodeToken::Decorator:
        return "nd";
    case CodeToken::Preprocessor:
        return "cp";
    case CodeToken::Default:
        break;
    }
    return "";
}

/// Source code as spans with the token classes of the CSS below (the window's colours).
void appendCode(std::string &out, const QString &source, CodeLanguage language)
{
    const QList<CodeSpan> spans = tokenizeCode(source, language);
    qsizetype at = 0;
    for (const CodeSpan &span : spans) {
        appendEscaped(out, QStringView(source).mid(at, span.start - at));
        out += "<span class=\"";
        out += tokenClass(span.token);
        out += "\">";
        appendEscaped(out, QStringView(source).mid(span.start, span.length));
        out += "</span>";
        at = span.start + span.length;
    }
    appendEscaped(out, QStringView(source).mid(at));
}

/// ANSI-coloured text (streams, tracebacks) as spans with inline colours.
void appendAnsi(std::string &out, std::string_view utf8, const QPalette &palette)
{
    const AnsiText text = parseAnsi(utf8, palette);
    qsizetype at = 0;
    for (const QTextLayout::FormatRange &range : text.formats) {
        appendEscaped(out, QStringView(text.text).mid(at, range.start - at));
        std::string style;
        const QTextCharFormat &format = range.format;
        if (format.hasProperty(QTextFormat::ForegroundBrush))
            style += "color:" + cssColor(format.foreground().color()) + ";";
        if (format.hasProperty(QTextFormat::BackgroundBrush))
            style += "background-color:" + cssColor(format.background().color()) + ";";
        if (format.hasProperty(QTextFormat::FontWeight) && format.fontWeight() > QFont::Normal)
            style += "font-weight:bold;";
        if (format.hasProperty(QTextFormat::FontItalic) && format.fontItalic())
            style += "font-style:italic;";
        if (format.hasProperty(QTextFormat::TextUnderlineStyle) && format.fontUnderline())
            style += "text-decoration:underline;";
        if (style.empty()) {
            appendEscaped(out, QStringView(text.text).mid(range.start, range.length));
        } else {
            out += "<span style=\"" + style + "\">";
            appendEscaped(out, QStringView(text.text).mid(range.start, range.length));
            out += "</span>";
        }
        at = range.start + range.length;
    }
    appendEscaped(out, QStringView(text.text).mid(at));
}

/// Drops scripts, event handlers and javascript: URLs (--sanitize).
QString sanitized(QString html)
{
    static const QRegularExpression scripts(
        QStringLiteral(R"(<script\b[^>]*>.*?(</script\s*>|$)|<script\b[^>]*/>)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression handlers(
        QStringLiteral(R"((<[^>]*?)\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression javascriptUrls(
        QStringLiteral(R"(((?:href|src|action|xlink:href)\s*=\s*["']?)\s*javascript:)"),
        QRegularExpression::CaseInsensitiveOption);
    html.remove(scripts);
    // An element may have several handlers: repeat until none is left.
    for (int i = 0; i < 64 && html.contains(handlers); ++i)
        html.replace(handlers, QStringLiteral("\\1"));
    html.replace(javascriptUrls, QStringLiteral("\\1#blocked:"));
    return html;
}

// ---------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------

struct Heading
{
    int level = 1;
    QString id;
    QString html; ///< the heading's text, escaped, without markup
};

/// Markdown rendered by Qt's GitHub dialect (tables, task lists, strikethrough), math kept
/// as source for KaTeX, headings given ids for the table of contents.
QString markdownToHtml(const QString &source, const nlohmann::json &attachments,
                       std::vector<Heading> *headings, bool sanitize)
{
    const exportsupport::ProtectedMarkdown prepared =
        exportsupport::protectMath(exportsupport::resolveAttachments(source, attachments));
    QTextDocument document;
    document.setMarkdown(prepared.text, QTextDocument::MarkdownDialectGitHub);
    const QString full = document.toHtml();
    const qsizetype bodyTag = full.indexOf(QLatin1String("<body"));
    const qsizetype bodyStart = bodyTag < 0 ? -1 : full.indexOf(u'>', bodyTag);
    const qsizetype bodyEnd = full.lastIndexOf(QLatin1String("</body>"));
    QString html = bodyStart < 0 || bodyEnd < bodyStart
                       ? full
                       : full.mid(bodyStart + 1, bodyEnd - bodyStart - 1);
    // Qt's rich-text properties mean nothing to a browser.
    static const QRegularExpression qtProperties(QStringLiteral(R"( ?-qt-[a-z-]+:[^;"]*;)"));
    html.remove(qtProperties);
    html.replace(QLatin1String(" text-indent:0px;"), QString());
    // Qt quotes the generic family, which makes it a (missing) font's name in a browser.
    html.replace(QLatin1String("font-family:'monospace'"), QLatin1String("font-family:monospace"));
    html = htmlSafe(html, false);
    if (sanitize)
        html = sanitized(html);
    for (int i = int(prepared.math.size()) - 1; i >= 0; --i)
        html.replace(exportsupport::mathPlaceholder(i), escaped(prepared.math.at(i)));
    if (headings) {
        static const QRegularExpression heading(QStringLiteral(R"(<h([1-6])([^>]*)>(.*?)</h\1>)"),
                                                QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
        QString result;
        qsizetype last = 0;
        auto it = heading.globalMatch(html);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            Heading h;
            h.level = match.captured(1).toInt();
            h.id = QStringLiteral("section-%1").arg(headings->size() + 1);
            h.html = match.captured(3).remove(tags).trimmed();
            result += QStringView(html).mid(last, match.capturedStart() - last);
            result += QStringLiteral("<h%1 id=\"%2\"%3>%4</h%1>")
                          .arg(match.captured(1), h.id, match.captured(2), match.captured(3));
            last = match.capturedEnd();
            headings->push_back(std::move(h));
        }
        result += QStringView(html).mid(last);
        html = std::move(result);
    }
    return html;
}

// ---------------------------------------------------------------------------------------
// KaTeX, bundled from Debian's libjs-katex at build time (resources/katex.qrc)
// ---------------------------------------------------------------------------------------

QByteArray readResource(const QString &name)
{
    static const bool initialised = [] {
        initKatexResources();
        return true;
    }();
    Q_UNUSED(initialised)
    QFile file(QStringLiteral(":/cumulus/katex/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

/// KaTeX's CSS with its fonts as data: URLs (woff2 only: every current browser reads it).
const std::string &katexCss()
{
    static const std::string css = [] {
        QString text = QString::fromUtf8(readResource(QStringLiteral("katex.min.css")));
        static const QRegularExpression src(QStringLiteral(
            R"(src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\)[^;}]*)"));
        QString result;
        qsizetype last = 0;
        auto it = src.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            result += QStringView(text).mid(last, match.capturedStart() - last);
            const QByteArray font =
                readResource(QStringLiteral("fonts/") + match.captured(1) + QStringLiteral(".woff2"));
            result += QStringLiteral("src:url(data:font/woff2;base64,")
                      + QString::fromLatin1(font.toBase64()) + QStringLiteral(") format('woff2')");
            last = match.capturedEnd();
        }
        result += QStringView(text).mid(last);
        return result.toStdString();
    }();
    return css;
}

/// A script to put inline: no "</script" inside, and characters HTML forbids (KaTeX has
/// U+FFFF in a regular expression's string) written as JavaScript escapes.
std::string inlineScript(QByteArray script)
{
    script.replace("</script", "<\\/script");
    const QString text = QString::fromUtf8(script);
    QString result;
    result.reserve(text.size());
    for (QChar c : text) {
        if (forbiddenInHtml(c.unicode()))
            result += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            result += c;
    }
    return result.toStdString();
}

const std::string &katexScripts()
{
    static const std::string scripts = [] {
        const QByteArray katex = readResource(QStringLiteral("katex.min.js"));
        const QByteArray autoRender = readResource(QStringLiteral("auto-render.js"));
        if (katex.isEmpty() || autoRender.isEmpty())
            return std::string();
        return "<script>" + inlineScript(katex) + "</script>\n<script>" + inlineScript(autoRender)
               + "</script>\n<script>renderMathInElement(document.body,{delimiters:["
                 "{left:'$$',right:'$$',display:true},{left:'\\\\[',right:'\\\\]',display:true},"
                 "{left:'\\\\begin{equation}',right:'\\\\end{equation}',display:true},"
                 "{left:'\\\\begin{align}',right:'\\\\end{align}',display:true},"
                 "{left:'\\\\begin{align*}',right:'\\\\end{align*}',display:true},"
                 "{left:'$',right:'$',display:false},{left:'\\\\(',right:'\\\\)',display:false}],"
                 "ignoredClasses:['cm-source','cm-output-text'],throwOnError:false});</script>\n";
    }();
    return scripts;
}

// ---------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------

std::string styleSheet(bool dark)
{
    const NotebookTheme theme = NotebookTheme::forPalette(exportsupport::palette(dark));
    const QPalette palette = exportsupport::palette(dark);
    const std::string text = cssColor(palette.color(QPalette::Text));
    const std::string base = cssColor(palette.color(QPalette::Base));
    const std::string border = cssColor(theme.sourceBorder);
    std::string css;
    css += ":root{color-scheme:" + std::string(dark ? "dark" : "light") + "}\n";
    css += "body{margin:0;background:" + base + ";color:" + text
           + ";font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
             "font-size:14px;line-height:1.45}\n";
    css += "main{max-width:1100px;margin:0 auto;padding:24px 32px}\n";
    css += "a{color:" + cssColor(palette.color(QPalette::Link)) + "}\n";
    css += "h1.cm-title{font-size:1.9em;margin:0 0 .6em}\n";
    css += "nav.cm-toc{border:1px solid " + border
           + ";border-radius:4px;padding:8px 16px;margin:0 0 24px}\n"
             "nav.cm-toc ul{list-style:none;margin:0;padding:0}\n"
             "nav.cm-toc li{margin:2px 0}\n";
    for (int level = 2; level <= 6; ++level)
        css += "nav.cm-toc .cm-toc-" + std::to_string(level) + "{padding-left:"
               + std::to_string((level - 1) * 16) + "px}\n";
    css += ".cm-cell{display:flex;flex-direction:column;margin:0 0 10px}\n"
           ".cm-row{display:flex;align-items:flex-start}\n"
           ".cm-prompt{flex:0 0 64px;text-align:right;padding:6px 8px 0 0;"
           "font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:13px;color:"
           + cssColor(theme.prompt) + "}\n"
           ".cm-noprompt .cm-prompt{display:none}\n"
           ".cm-body{flex:1 1 auto;min-width:0}\n"
           "pre{margin:0;white-space:pre-wrap;word-wrap:break-word;overflow-wrap:anywhere;"
           "font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:13px;"
           "line-height:1.35}\n"
           ".cm-source{background:"
           + cssColor(theme.sourceBackground) + ";border:1px solid " + border
           + ";border-radius:2px;padding:6px 8px}\n"
             ".cm-output{padding:4px 8px;overflow-x:auto}\n"
             ".cm-stderr,.cm-error{background:"
           + std::string(dark ? "#4a2222" : "#ffdddd") + "}\n"
             ".cm-output img{max-width:100%;height:auto}\n"
             ".cm-output svg{max-width:100%;height:auto}\n"
             ".cm-markdown{padding:0 8px}\n"
             ".cm-markdown img{max-width:100%}\n"
             "table{border-collapse:collapse;margin:6px 0}\n"
             "th,td{border:1px solid "
           + border + ";padding:3px 8px;text-align:right}\n"
                      "th{font-weight:bold}\n"
                      ".cm-markdown th,.cm-markdown td{text-align:left}\n"
                      ".cm-raw{opacity:.8}\n";
    for (CodeToken token : {CodeToken::Keyword, CodeToken::Builtin, CodeToken::String,
                            CodeToken::Comment, CodeToken::Number, CodeToken::Decorator,
                            CodeToken::Preprocessor}) {
        css += std::string(".cm-source .") + tokenClass(token)
               + "{color:" + cssColor(codeTokenColor(token, dark));
        if (token == CodeToken::Keyword)
            css += ";font-weight:bold";
        if (token == CodeToken::Comment)
            css += ";font-style:italic";
        css += "}\n";
    }
    css += "@media print{main{max-width:none}.cm-cell{break-inside:avoid}nav.cm-toc{display:none}}\n";
    return css;
}

std::string stripped(std::string_view base64)
{
    std::string out;
    out.reserve(base64.size());
    for (char c : base64)
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t')
            out += c;
    return out;
}

/// The markup of an SVG document to put inline: without its XML declaration and doctype.
QString inlineSvg(QString svg)
{
    static const QRegularExpression prolog(QStringLiteral(R"(<\?xml[^>]*\?>|<!DOCTYPE[^>]*>)"),
                                           QRegularExpression::CaseInsensitiveOption);
    svg.remove(prolog);
    return svg;
}

class Writer
{
public:
    Writer(const Notebook &notebook, const ExportOptions &options, const ByteSink &sink)
        : m_notebook(notebook)
        , m_options(options)
        , m_sink(sink)
        , m_palette(exportsupport::palette(options.dark))
        , m_language(codeLanguageFor(fromStd(notebook.language())))
    {
    }

    Result<void> run(const ExportProgress &progress)
    {
        const auto &cells = m_notebook.cells();
        const int total = int(cells.size());
        // Pass 1: markdown (small) is rendered first for the table of contents and to know
        // whether KaTeX is needed; outputs (large) are rendered while writing.
        std::vector<QString> markdown(cells.size());
        std::vector<Heading> headings;
        bool math = false;
        for (size_t i = 0; i < cells.size(); ++i) {
            const Cell &cell = cells[i];
            if (cell.type() == CellType::Markdown) {
                const QString source = fromStd(cell.source());
                math = math || exportsupport::hasMath(source);
                markdown[i] = markdownToHtml(source, cell.attachments(), &headings,
                                             m_options.sanitize);
            } else if (!math && cell.type() == CellType::Code) {
                for (const Output &output : cell.outputs()) {
                    if (output.type() != OutputType::DisplayData
                        && output.type() != OutputType::ExecuteResult)
                        continue;
                    const QString mime = preferredMimeType(output.data());
                    if (mime == QLatin1String("text/latex")
                        || (mime == QLatin1String("text/markdown")
                            && exportsupport::hasMath(fromStd(output.dataText("text/markdown")))))
                        math = true;
                }
            }
        }

        const QString title = exportTitle(m_notebook, m_options);
        m_out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                 "<meta name=\"generator\" content=\"Cumulus\"/>\n<title>";
        appendEscaped(m_out, title);
        m_out += "</title>\n<style>\n" + styleSheet(m_options.dark) + "</style>\n";
        if (math && !katexScripts().empty())
            m_out += "<style>\n" + katexCss() + "\n</style>\n";
        m_out += "</head>\n<body>\n<main";
        if (!m_options.includePrompts)
            m_out += " class=\"cm-noprompt\"";
        m_out += ">\n<h1 class=\"cm-title\">";
        appendEscaped(m_out, title);
        m_out += "</h1>\n";
        if (!headings.empty()) {
            m_out += "<nav class=\"cm-toc\" id=\"contents\"><strong>";
            appendEscaped(m_out, HtmlExport::tr("Contents"));
            m_out += "</strong>\n<ul>\n";
            for (const Heading &h : headings)
                m_out += "<li class=\"cm-toc-" + std::to_string(h.level) + "\"><a href=\"#"
                         + h.id.toStdString() + "\">" + h.html.toStdString() + "</a></li>\n";
            m_out += "</ul></nav>\n";
        }
        if (!flush(false))
            return writeError();

        for (int i = 0; i < total; ++i) {
            writeCell(cells[size_t(i)], i, markdown[size_t(i)]);
            markdown[size_t(i)].clear();
            if (!flush(false))
                return writeError();
            if (progress && !progress(i + 1, total))
                return Error{HtmlExport::tr("export cancelled")};
        }
        m_out += "</main>\n";
        if (math)
            m_out += katexScripts();
        m_out += "</body>\n</html>\n";
        if (!flush(true))
            return writeError();
        return {};
    }

private:
    static Error writeError() { return Error{HtmlExport::tr("cannot write the HTML output")}; }

    bool flush(bool always)
    {
        if (!always && m_out.size() < 256 * 1024)
            return true;
        const bool ok = m_out.empty() || m_sink(m_out);
        m_out.clear();
        return ok;
    }

    void prompt(const QString &text)
    {
        if (!m_options.includePrompts)
            return; // --no-prompt: not hidden by CSS, left out
        m_out += "<div class=\"cm-prompt\">";
        appendEscaped(m_out, text);
        m_out += "</div>";
    }

    void writeCell(const Cell &cell, int index, const QString &markdown)
    {
        m_out += "<div class=\"cm-cell cm-" + cell.typeName() + "-cell\" id=\"cell-"
                 + std::to_string(index + 1) + "\">\n";
        switch (cell.type()) {
        case CellType::Markdown:
            m_out += "<div class=\"cm-row\">";
            prompt(QString());
            m_out += "<div class=\"cm-body cm-markdown\">\n";
            append(m_out, markdown);
            m_out += "</div></div>\n";
            break;
        case CellType::Code: {
            if (m_options.includeInput) {
                m_out += "<div class=\"cm-row cm-input\">";
                const std::optional<int> count = cell.executionCount();
                prompt(count ? QStringLiteral("[%1]:").arg(*count) : QStringLiteral("[ ]:"));
                m_out += "<div class=\"cm-body\"><pre class=\"cm-source\">";
                appendCode(m_out, fromStd(cell.source()), m_language);
                m_out += "</pre></div></div>\n";
            }
            for (const Output &output : cell.outputs())
                writeOutput(output);
            break;
        }
        case CellType::Raw:
        case CellType::Unknown:
            if (m_options.includeInput) {
                m_out += "<div class=\"cm-row\">";
                prompt(QString());
                m_out += "<div class=\"cm-body\"><pre class=\"cm-source cm-raw\">";
                appendEscaped(m_out, fromStd(cell.source()));
                m_out += "</pre></div></div>\n";
            }
            break;
        }
        m_out += "</div>\n";
    }

    void writeOutput(const Output &output)
    {
        m_out += "<div class=\"cm-row cm-output-row\">";
        const std::optional<int> count =
            output.type() == OutputType::ExecuteResult ? output.executionCount() : std::nullopt;
        prompt(count ? QStringLiteral("[%1]:").arg(*count) : QString());
        switch (output.type()) {
        case OutputType::Stream: {
            const bool err = output.streamName() == "stderr";
            m_out += err ? "<div class=\"cm-body cm-output cm-stderr\"><pre class=\"cm-output-text\">"
                         : "<div class=\"cm-body cm-output cm-stdout\"><pre class=\"cm-output-text\">";
            appendAnsi(m_out, output.text(), m_palette);
            m_out += "</pre></div>";
            break;
        }
        case OutputType::Error: {
            m_out += "<div class=\"cm-body cm-output cm-error\"><pre class=\"cm-output-text\">";
            std::string text;
            for (const std::string &line : output.traceback()) {
                if (!text.empty())
                    text += '\n';
                text += line;
            }
            if (text.empty())
                text = output.ename() + ": " + output.evalue();
            appendAnsi(m_out, text, m_palette);
            m_out += "</pre></div>";
            break;
        }
        case OutputType::DisplayData:
        case OutputType::ExecuteResult:
            writeBundle(output);
            break;
        case OutputType::Unknown:
            m_out += "<div class=\"cm-body cm-output\"><pre class=\"cm-output-text\">";
            appendEscaped(m_out, HtmlExport::tr("[no renderer for output type %1]")
                                     .arg(fromStd(output.outputTypeName())));
            m_out += "</pre></div>";
            break;
        }
        m_out += "</div>\n";
    }

    void writeBundle(const Output &output)
    {
        const nlohmann::json &data = output.data();
        const QString preferred = preferredMimeType(data);
        const std::string mime = preferred.toStdString();
        if (preferred.isEmpty()) {
            m_out += "<div class=\"cm-body cm-output\"></div>";
            return;
        }
        if (mime == "text/html") {
            // Kept as nbconvert keeps it (scripts included unless --sanitize), each output
            // in its own element; the comments mark where the notebook's own markup is.
            QString html = fromStd(output.dataText(mime));
            if (m_options.sanitize)
                html = sanitized(html);
            m_out += "<div class=\"cm-body cm-output cm-html\"><!--cumulus:output-html-->";
            append(m_out, html);
            m_out += "<!--/cumulus:output-html--></div>";
            return;
        }
        if (mime == "text/markdown") {
            m_out += "<div class=\"cm-body cm-output cm-markdown\">";
            append(m_out, markdownToHtml(fromStd(output.dataText(mime)), {}, nullptr,
                                         m_options.sanitize));
            m_out += "</div>";
            return;
        }
        if (mime == "image/svg+xml") {
            QString svg = inlineSvg(fromStd(output.dataText(mime)));
            if (m_options.sanitize)
                svg = sanitized(svg);
            m_out += "<div class=\"cm-body cm-output cm-svg\"><!--cumulus:output-svg-->";
            append(m_out, svg);
            m_out += "<!--/cumulus:output-svg--></div>";
            return;
        }
        if (mime.starts_with("image/")) {
            m_out += "<div class=\"cm-body cm-output cm-image\"><img src=\"data:" + mime
                     + ";base64,";
            m_out += stripped(output.dataText(mime));
            m_out += "\"";
            const nlohmann::json &metadata = output.metadata();
            if (metadata.is_object()) {
                auto it = metadata.find(mime);
                if (it != metadata.end() && it->is_object()) {
                    for (const char *key : {"width", "height"}) {
                        auto value = it->find(key);
                        if (value != it->end() && value->is_number())
                            m_out += std::string(" ") + key + "=\""
                                     + std::to_string(int(value->get<double>())) + "\"";
                    }
                }
            }
            m_out += " alt=\"\"/></div>";
            return;
        }
        if (mime == "text/latex") {
            m_out += "<div class=\"cm-body cm-output cm-latex\">";
            appendEscaped(m_out, fromStd(output.dataText(mime)));
            m_out += "</div>";
            return;
        }
        if (mime == "application/json") {
            const nlohmann::json &value = data[mime];
            const std::string text =
                value.is_string() ? value.get<std::string>()
                                  : value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
            m_out += "<div class=\"cm-body cm-output cm-json\"><pre class=\"cm-output-text\">";
            appendEscaped(m_out, fromStd(text));
            m_out += "</pre></div>";
            return;
        }
        m_out += "<div class=\"cm-body cm-output\"><pre class=\"cm-output-text\">";
        appendAnsi(m_out, output.dataText(mime), m_palette);
        m_out += "</pre></div>";
    }

    const Notebook &m_notebook;
    const ExportOptions &m_options;
    const ByteSink &m_sink;
    QPalette m_palette;
    CodeLanguage m_language;
    std::string m_out;
};

} // namespace

Result<void> writeHtml(const Notebook &notebook, const ExportOptions &options,
                       const ByteSink &sink, const ExportProgress &progress)
{
    Writer writer(notebook, options, sink);
    return writer.run(progress);
}

Result<void> writeHtmlFile(const Notebook &notebook, const ExportOptions &options,
                           const QString &path, const ExportProgress &progress)
{
    Result<void> inner;
    auto written = writeFileAtomically(path, [&](const ByteSink &sink) {
        inner = writeHtml(notebook, options, sink, progress);
        return bool(inner);
    });
    if (!inner) {
        Error error = inner.error();
        error.file = path;
        return error;
    }
    return written;
}

} // namespace cumulus
