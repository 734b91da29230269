// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Edit ▸ Preferences, offscreen: the dialog shows what the settings hold, OK and Apply store
// the fields, Restore Defaults fills in the defaults, Cancel changes nothing; the dark theme
// darkens the application palette and the painted notebook; the autosave interval and the
// output limits reach the window and its tabs, and a cell run on Debian's real ipykernel
// keeps only as many lines as the limit says.
//
// QSettings and Jupyter's directories point into a temporary directory. With
// CUMULUS_TEST_SCREENSHOTS=DIR the dialog and the dark window are saved there to look at;
// CUMULUS_TEST_TRANSLATION=FILE.qm loads a compiled translation first (for the zh_CN shots).

#include "sandbox.h"
#include "mainwindow.h"
#include "notebookeditor.h"
#include "preferencesdialog.h"
#include "settings.h"

#include "jupyter/outputcollector.h"
#include "notebook/notebookdocument.h"
#include "notebook/notebooktheme.h"
#include "notebook/notebookview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFontComboBox>
#include <QFontDatabase>
#include <QImage>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace cumulus;
using Theme = settings::Theme;

namespace {

bool haveKernel()
{
    return QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable()
           && QFileInfo::exists(QStringLiteral("/usr/share/jupyter/kernels/python3/kernel.json"));
}

template<typename T>
T *child(const QObject *parent, const char *name)
{
    auto *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

void click(PreferencesDialog &dialog, QDialogButtonBox::StandardButton which)
{
    QPushButton *button = dialog.buttonBox()->button(which);
    QVERIFY(button);
    button->click();
}

/// A monospaced family other than the default one, when the machine has one.
QString otherMonospacedFamily()
{
    const QString current = QFontInfo(settings::defaultCodeFont()).family();
    for (const QString &family : QFontDatabase::families())
        if (QFontDatabase::isFixedPitch(family) && family != current
            && !QFontDatabase::isPrivateFamily(family))
            return family;
    return current;
}

/// How many pixels of @p image have exactly @p color.
int pixelsOf(const QImage &image, const QColor &color)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    const QRgb wanted = color.rgb();
    int count = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x)
            count += line[x] == wanted;
    }
    return count;
}

QString shotsDirectory() { return qEnvironmentVariable("CUMULUS_TEST_SCREENSHOTS"); }

} // namespace

class TestPreferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void settingsDefaultsAndRoundTrip();
    void dialogShowsStoredValues();
    void okStoresTheFields();
    void cancelChangesNothing();
    void restoreDefaultsFillsInDefaults();
    void applyReachesTheWindow();
    void darkThemeDarkensPaletteAndNotebook();
    void outputLimitTruncatesARunningCell();
    void screenshots();

private:
    QTemporaryDir m_temp;
    QString m_root;
};

void TestPreferences::initTestCase()
{
    QVERIFY(m_temp.isValid());
    m_root = QFileInfo(m_temp.path()).canonicalFilePath();
    test::sandboxUserDirectories(m_root, QStringLiteral("tst_preferences"));

    const QString translation = qEnvironmentVariable("CUMULUS_TEST_TRANSLATION");
    if (!translation.isEmpty()) {
        auto *translator = new QTranslator(qApp);
        QVERIFY2(translator->load(translation), qPrintable(translation));
        QCoreApplication::installTranslator(translator);
    }
}

void TestPreferences::init()
{
    QSettings().clear();
    applyTheme(Theme::System);
}

void TestPreferences::cleanup() { applyTheme(Theme::System); }

void TestPreferences::settingsDefaultsAndRoundTrip()
{
    QCOMPARE(settings::theme(), Theme::System);
    QCOMPARE(settings::autosaveIntervalMs(), 30000);
    const jupyter::OutputLimits limits = settings::outputLimits();
    QCOMPARE(limits.maxBytes, jupyter::OutputLimits().maxBytes);
    QCOMPARE(limits.maxLines, qint64(50'000));
    QCOMPARE(settings::codeFont().family(), settings::defaultCodeFont().family());

    settings::setTheme(Theme::Dark);
    QCOMPARE(settings::theme(), Theme::Dark);
    settings::setTheme(Theme::Light);
    QCOMPARE(settings::theme(), Theme::Light);
    settings::setOutputLimits({0, 7});
    QCOMPARE(settings::outputLimits().maxBytes, qint64(0));
    QCOMPARE(settings::outputLimits().maxLines, qint64(7));
    QFont font(otherMonospacedFamily());
    font.setPointSize(15);
    settings::setCodeFont(font);
    QCOMPARE(settings::codeFont().family(), font.family());
    QCOMPARE(settings::codeFont().pointSize(), 15);

    // Garbage in the file falls back to the defaults.
    QSettings().setValue(QStringLiteral("view/theme"), QStringLiteral("purple"));
    QSettings().setValue(QStringLiteral("output/maxLines"), QStringLiteral("many"));
    QSettings().setValue(QStringLiteral("output/maxBytes"), -3);
    QCOMPARE(settings::theme(), Theme::System);
    QCOMPARE(settings::outputLimits().maxLines, qint64(50'000));
    QCOMPARE(settings::outputLimits().maxBytes, jupyter::OutputLimits().maxBytes);
}

void TestPreferences::dialogShowsStoredValues()
{
    const QString family = otherMonospacedFamily();
    QFont font(family);
    font.setPointSize(13);
    settings::setCodeFont(font);
    settings::setTheme(Theme::Dark);
    settings::setAutosaveIntervalMs(45000);
    settings::setOutputLimits({2 * 1024 * 1024, 1234});

    PreferencesDialog dialog;
    QCOMPARE(child<QComboBox>(&dialog, "themeCombo")->currentData().toInt(), int(Theme::Dark));
    QCOMPARE(child<QSpinBox>(&dialog, "autosaveSeconds")->value(), 45);
    QCOMPARE(child<QSpinBox>(&dialog, "outputMegabytes")->value(), 2);
    QCOMPARE(child<QSpinBox>(&dialog, "outputLines")->value(), 1234);
    QCOMPARE(child<QSpinBox>(&dialog, "codeFontSize")->value(), 13);
    QCOMPARE(child<QFontComboBox>(&dialog, "codeFontCombo")->currentFont().family(), family);
    // The font list offers monospaced fonts only.
    QCOMPARE(child<QFontComboBox>(&dialog, "codeFontCombo")->fontFilters(),
             QFontComboBox::MonospacedFonts);

    const PreferencesDialog::Values values = dialog.values();
    QCOMPARE(values.theme, Theme::Dark);
    QCOMPARE(values.autosaveIntervalMs, 45000);
    QCOMPARE(values.outputLimits.maxBytes, qint64(2 * 1024 * 1024));
    QCOMPARE(values.outputLimits.maxLines, qint64(1234));
    QCOMPARE(values.codeFont.family(), family);
    QCOMPARE(values.codeFont.pointSize(), 13);
}

void TestPreferences::okStoresTheFields()
{
    PreferencesDialog dialog;
    QSignalSpy applied(&dialog, &PreferencesDialog::applied);
    auto *theme = child<QComboBox>(&dialog, "themeCombo");
    theme->setCurrentIndex(theme->findData(int(Theme::Light)));
    child<QSpinBox>(&dialog, "autosaveSeconds")->setValue(0);
    child<QSpinBox>(&dialog, "outputMegabytes")->setValue(0);
    child<QSpinBox>(&dialog, "outputLines")->setValue(10);
    child<QSpinBox>(&dialog, "codeFontSize")->setValue(17);
    const QString family = otherMonospacedFamily();
    child<QFontComboBox>(&dialog, "codeFontCombo")->setCurrentFont(QFont(family));

    click(dialog, QDialogButtonBox::Ok);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(applied.count(), 1);
    QCOMPARE(settings::theme(), Theme::Light);
    QCOMPARE(settings::autosaveIntervalMs(), 0); // off
    QCOMPARE(settings::outputLimits().maxBytes, qint64(0)); // unlimited
    QCOMPARE(settings::outputLimits().maxLines, qint64(10));
    QCOMPARE(settings::codeFont().pointSize(), 17);
    QCOMPARE(settings::codeFont().family(), family);
    // 0 reads as words, not as a number.
    QCOMPARE(child<QSpinBox>(&dialog, "autosaveSeconds")->text(), QStringLiteral("Off"));
    QCOMPARE(child<QSpinBox>(&dialog, "outputMegabytes")->text(), QStringLiteral("Unlimited"));
}

void TestPreferences::cancelChangesNothing()
{
    settings::setAutosaveIntervalMs(60000);
    PreferencesDialog dialog;
    QSignalSpy applied(&dialog, &PreferencesDialog::applied);
    auto *theme = child<QComboBox>(&dialog, "themeCombo");
    theme->setCurrentIndex(theme->findData(int(Theme::Dark)));
    child<QSpinBox>(&dialog, "autosaveSeconds")->setValue(5);
    child<QSpinBox>(&dialog, "outputLines")->setValue(3);
    const QStringList keysBefore = QSettings().allKeys();

    click(dialog, QDialogButtonBox::Cancel);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(applied.count(), 0);
    QCOMPARE(QSettings().allKeys(), keysBefore);
    QCOMPARE(settings::autosaveIntervalMs(), 60000);
    QCOMPARE(settings::theme(), Theme::System);
    QCOMPARE(settings::outputLimits().maxLines, qint64(50'000));
    QVERIFY(!NotebookTheme::isDark(qApp->palette()));
}

void TestPreferences::restoreDefaultsFillsInDefaults()
{
    settings::setTheme(Theme::Dark);
    settings::setAutosaveIntervalMs(5000);
    settings::setOutputLimits({1024 * 1024, 10});
    QFont big(otherMonospacedFamily());
    big.setPointSize(30);
    settings::setCodeFont(big);

    PreferencesDialog dialog;
    dialog.show();
    click(dialog, QDialogButtonBox::RestoreDefaults);
    QCOMPARE(child<QComboBox>(&dialog, "themeCombo")->currentData().toInt(), int(Theme::System));
    QCOMPARE(child<QSpinBox>(&dialog, "autosaveSeconds")->value(), 30);
    QCOMPARE(child<QSpinBox>(&dialog, "outputMegabytes")->value(), 5);
    QCOMPARE(child<QSpinBox>(&dialog, "outputLines")->value(), 50'000);
    QCOMPARE(child<QSpinBox>(&dialog, "codeFontSize")->value(),
             QFontInfo(settings::defaultCodeFont()).pointSize());
    // Only filled in: the settings change on Apply.
    QCOMPARE(settings::theme(), Theme::Dark);
    QCOMPARE(settings::autosaveIntervalMs(), 5000);
    QVERIFY(dialog.isVisible()); // still open

    click(dialog, QDialogButtonBox::Apply);
    QCOMPARE(settings::theme(), Theme::System);
    QCOMPARE(settings::autosaveIntervalMs(), 30000);
    QCOMPARE(settings::outputLimits().maxBytes, jupyter::OutputLimits().maxBytes);
    QCOMPARE(settings::outputLimits().maxLines, jupyter::OutputLimits().maxLines);
    QCOMPARE(settings::codeFont().pointSize(), QFontInfo(settings::defaultCodeFont()).pointSize());
}

void TestPreferences::applyReachesTheWindow()
{
    MainWindow window;
    window.setPersistent(true);
    NotebookEditor *editor = window.newNotebook();
    QCOMPARE(window.autosaveInterval(), 30000);
    QCOMPARE(editor->outputLimits().maxLines, qint64(50'000));

    // Edit ▸ Preferences… with Ctrl+, (and the platform's Preferences key).
    auto *action = child<QAction>(&window, "actionPreferences");
    QVERIFY(action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    action->trigger();
    auto *dialog = window.findChild<PreferencesDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(window.showPreferences(), dialog); // one at a time

    child<QSpinBox>(dialog, "autosaveSeconds")->setValue(12);
    child<QSpinBox>(dialog, "outputLines")->setValue(10);
    child<QSpinBox>(dialog, "outputMegabytes")->setValue(1);
    click(*dialog, QDialogButtonBox::Apply);
    QCOMPARE(window.autosaveInterval(), 12000);
    QCOMPARE(editor->outputLimits().maxLines, qint64(10));
    QCOMPARE(editor->outputLimits().maxBytes, qint64(1024 * 1024));
    // Tabs opened later start with the stored limits too.
    QCOMPARE(window.newNotebook()->outputLimits().maxLines, qint64(10));

    child<QSpinBox>(dialog, "autosaveSeconds")->setValue(0);
    click(*dialog, QDialogButtonBox::Ok);
    QCOMPARE(window.autosaveInterval(), 0);
    QTRY_VERIFY(!window.findChild<PreferencesDialog *>()); // deleted on close
}

void TestPreferences::darkThemeDarkensPaletteAndNotebook()
{
    MainWindow window;
    NotebookEditor *editor = window.newNotebook();
    editor->document()->setCellSource(0, "print('hello')");
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    NotebookView *view = editor->view();
    const NotebookTheme dark = NotebookTheme::forPalette(NotebookTheme::darkPalette());
    QVERIFY(dark.dark);
    const QColor darkSource = dark.sourceBackground;
    const QColor lightSource = NotebookTheme::forPalette(QApplication::style()->standardPalette())
                                   .sourceBackground;
    QVERIFY(!NotebookTheme::isDark(qApp->palette()));
    QVERIFY(pixelsOf(view->grab().toImage(), lightSource) > 100);

    PreferencesDialog *dialog = window.showPreferences();
    auto *theme = child<QComboBox>(dialog, "themeCombo");
    theme->setCurrentIndex(theme->findData(int(Theme::Dark)));
    click(*dialog, QDialogButtonBox::Ok);
    QCOMPARE(settings::theme(), Theme::Dark);
    QVERIFY(NotebookTheme::isDark(qApp->palette()));
    QTRY_VERIFY(NotebookTheme::isDark(view->palette()));
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    // The view repaints its source box in the dark theme's colour.
    QTRY_VERIFY(pixelsOf(view->grab().toImage(), darkSource) > 100);
    QCOMPARE(pixelsOf(view->grab().toImage(), lightSource), 0);
    if (const QString shots = shotsDirectory(); !shots.isEmpty())
        window.grab().save(shots + QStringLiteral("/window-dark.png"));

    // Light, then System again: the light colours come back.
    applyTheme(Theme::Light);
    QVERIFY(!NotebookTheme::isDark(qApp->palette()));
    QTRY_VERIFY(pixelsOf(view->grab().toImage(), lightSource) > 100);
    applyTheme(Theme::Dark);
    QVERIFY(NotebookTheme::isDark(qApp->palette()));
    applyTheme(Theme::System);
    QVERIFY(!NotebookTheme::isDark(qApp->palette()));
    QTRY_VERIFY(pixelsOf(view->grab().toImage(), lightSource) > 100);
    QCOMPARE(pixelsOf(view->grab().toImage(), darkSource), 0);
}

void TestPreferences::outputLimitTruncatesARunningCell()
{
    if (!haveKernel())
        QSKIP("Debian's python3 kernel is missing (apt install python3-ipykernel)");
    MainWindow window;
    window.setErrorReporter([](const QString &title, const QString &text) {
        QFAIL(qPrintable(title + QStringLiteral(": ") + text));
    });
    window.setSaveQuestion([](NotebookEditor *) { return QMessageBox::Discard; });
    window.show();
    NotebookEditor *editor = window.newNotebook();
    editor->document()->setCellSource(0, "for i in range(100):\n    print(i)");
    editor->view()->setCurrentCell(0);

    PreferencesDialog *dialog = window.showPreferences();
    child<QSpinBox>(dialog, "outputLines")->setValue(10);
    click(*dialog, QDialogButtonBox::Ok);

    editor->runCell(0, false);
    QTRY_VERIFY_WITH_TIMEOUT(editor->document()->cell(0).executionCount().has_value(), 60000);
    QTRY_VERIFY(!editor->isRunning());
    const Cell &cell = editor->document()->cell(0);
    QCOMPARE(cell.outputs().size(), size_t(1));
    const QString text = QString::fromStdString(cell.outputs().front().text());
    QVERIFY2(text.contains(QStringLiteral("lines hidden")), qPrintable(text));
    QVERIFY2(text.startsWith(QStringLiteral("0\n1\n")), qPrintable(text));
    QVERIFY2(text.endsWith(QStringLiteral("98\n99\n")), qPrintable(text));
    QVERIFY2(text.count(QLatin1Char('\n')) <= 11, qPrintable(text)); // 10 lines and the marker
    QVERIFY(!text.contains(QStringLiteral("\n50\n")));
}

void TestPreferences::screenshots()
{
    // Pictures go to CUMULUS_TEST_SCREENSHOTS when set (to look at), else to a scratch dir.
    QTemporaryDir scratch;
    QString shots = shotsDirectory();
    if (shots.isEmpty())
        shots = scratch.path();
    PreferencesDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString suffix = qEnvironmentVariableIsEmpty("CUMULUS_TEST_TRANSLATION")
                               ? QString()
                               : QStringLiteral("-translated");
    QVERIFY(dialog.grab().save(shots + QStringLiteral("/preferences") + suffix
                               + QStringLiteral(".png")));
    applyTheme(Theme::Dark);
    QTest::qWait(50);
    const QImage dark = dialog.grab().toImage();
    QVERIFY(dark.save(shots + QStringLiteral("/preferences-dark") + suffix + QStringLiteral(".png")));
    // The dark dialog is mostly dark.
    qint64 lightness = 0;
    for (int y = 0; y < dark.height(); y += 4)
        for (int x = 0; x < dark.width(); x += 4)
            lightness += dark.pixelColor(x, y).lightness();
    QVERIFY(lightness / ((dark.height() / 4 + 1) * (dark.width() / 4 + 1)) < 110);
    applyTheme(Theme::System);
}

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"
