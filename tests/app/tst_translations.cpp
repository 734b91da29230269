// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The zh_CN translation stays complete: lupdate run afresh over the sources finds no string
// that translations/cumulus_zh_CN.ts lacks, every message there is finished, keeps its
// placeholders and menu accelerator, and none is left in English outside a short list of
// names and key names. And the built executable really shows Chinese under a zh_CN locale.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <map>
#include <utility>

namespace {

struct Message
{
    QStringList translations; // one, or the numerus forms
    QString type;             // "unfinished", "vanished", "obsolete" or empty
};
using Catalogue = std::map<std::pair<QString, QString>, Message>; // (context, source)

Catalogue readTs(const QString &path, QString *error)
{
    Catalogue catalogue;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return catalogue;
    }
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == u"name")
                context = xml.readElementText();
            else if (name == u"message")
                message = Message();
            else if (name == u"source")
                source = xml.readElementText();
            else if (name == u"translation") {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace())
                    message.translations << xml.text().toString();
            } else if (name == u"numerusform") {
                message.translations << xml.readElementText();
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            catalogue[{context, source}] = message;
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return catalogue;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?\\d+|%n"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.sort();
    return found;
}

/// Strings that are the same in Chinese: names and key names.
bool mayStayEnglish(const QString &source)
{
    static const QRegularExpression allowed(QStringLiteral(
        "^(Cumulus|null|&?Markdown|&HTML…|P&DF…|%1: %2|%1\\[\\*\\] — Cumulus|"
        "([A-Z0-9]|Shift|Ctrl|Alt|Esc|Enter|Up|Down|Home|End|[-+/, ])+)$"));
    // Placeholders and punctuation only ("%1 — %2", "%1 → %2:%3"): nothing to translate.
    static const QRegularExpression placeholder(QStringLiteral("%(n|\\d+)"));
    static const QRegularExpression letter(QStringLiteral("\\p{L}"));
    return allowed.match(source).hasMatch() || !QString(source).remove(placeholder).contains(letter);
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everySourceStringIsInTheCatalogue();
    void everyMessageIsTranslated();
    void executableSpeaksChinese();

private:
    QString m_tsPath;
    Catalogue m_catalogue;
};

void TestTranslations::initTestCase()
{
    m_tsPath = QStringLiteral(CUMULUS_SOURCE_DIR "/translations/cumulus_zh_CN.ts");
    QString error;
    m_catalogue = readTs(m_tsPath, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_catalogue.size() > 300);
}

void TestTranslations::everySourceStringIsInTheCatalogue()
{
    // lupdate over today's sources into a scratch file: what a translator would be given.
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh.ts"));
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments;
    for (const char *part : {"core", "remote", "widgets", "app"})
        arguments << QStringLiteral(CUMULUS_SOURCE_DIR "/") + QLatin1String(part);
    arguments << QStringLiteral("-extensions") << QStringLiteral("cpp,h") << QStringLiteral("-silent")
              << QStringLiteral("-locations") << QStringLiteral("none") << QStringLiteral("-ts") << fresh;
    lupdate.start(QStringLiteral(CUMULUS_LUPDATE), arguments);
    QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
    QString error;
    const Catalogue extracted = readTs(fresh, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(extracted.size() > 300);
    QStringList missing;
    for (const auto &[key, message] : extracted)
        if (!m_catalogue.contains(key))
            missing << QStringLiteral("[%1] %2").arg(key.first, key.second);
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("%1 strings are not in %2 (run the update_translations "
                                       "target and translate them):\n")
                            .arg(missing.size())
                            .arg(m_tsPath)
                        + missing.join(u'\n')));
}

void TestTranslations::everyMessageIsTranslated()
{
    static const QRegularExpression accelerator(QStringLiteral("&(\\w)"));
    QStringList problems;
    for (const auto &[key, message] : m_catalogue) {
        const QString &source = key.second;
        auto problem = [&](const QString &what) {
            problems << QStringLiteral("[%1] %2: %3").arg(key.first, source, what);
        };
        if (!message.type.isEmpty()) {
            problem(message.type);
            continue;
        }
        if (message.translations.isEmpty()) {
            problem(QStringLiteral("no translation"));
            continue;
        }
        for (const QString &translation : message.translations) {
            if (translation.trimmed().isEmpty())
                problem(QStringLiteral("empty"));
            if (placeholders(translation) != placeholders(source))
                problem(QStringLiteral("placeholders differ: ") + translation);
            if (translation == source && !mayStayEnglish(source))
                problem(QStringLiteral("left in English"));
            const auto letter = accelerator.match(source);
            if (letter.hasMatch()
                && !translation.contains(QLatin1Char('&') + letter.captured(1), Qt::CaseInsensitive))
                problem(QStringLiteral("lost the accelerator &") + letter.captured(1) + QStringLiteral(": ") + translation);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTranslations::executableSpeaksChinese()
{
    // The .qm is compiled into the executable; LANGUAGE/LC_ALL pick it.
    QProcess cumulus;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("zh_CN.UTF-8"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("zh_CN.UTF-8"));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("zh_CN"));
    cumulus.setProcessEnvironment(env);
    cumulus.start(QStringLiteral(CUMULUS_EXECUTABLE), {QStringLiteral("export"), QStringLiteral("/nonexistent/x.ipynb"),
                                                       QStringLiteral("--to"), QStringLiteral("py")});
    QVERIFY(cumulus.waitForFinished(30000));
    const QString err = QString::fromUtf8(cumulus.readAllStandardError());
    QVERIFY(cumulus.exitCode() != 0);
    // Some CJK ideograph in the error message.
    static const QRegularExpression han(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
    QVERIFY2(han.match(err).hasMatch(), qPrintable(err));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
