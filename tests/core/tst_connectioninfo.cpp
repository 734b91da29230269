// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// Connection files: port allocation, the jupyter_client JSON layout, private atomic writes
// and errors that name the file and the field.
#include "jupyter/connectioninfo.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace cumulus::jupyter;
using nlohmann::json;

class TestConnectionInfo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void allocateGivesFiveDifferentPorts();
    void allocateRejectsNonAddress();
    void endpoints();
    void writeAndReadBack();
    void fileIsPrivate();
    void readErrors_data();
    void readErrors();
};

void TestConnectionInfo::allocateGivesFiveDifferentPorts()
{
    for (int round = 0; round < 20; ++round) {
        const auto info = ConnectionInfo::allocate();
        QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message));
        const QSet<quint16> ports {info->shellPort, info->iopubPort, info->stdinPort,
                                   info->controlPort, info->hbPort};
        QCOMPARE(ports.size(), 5);
        QVERIFY(!ports.contains(0));
        QCOMPARE(info->ip, QStringLiteral("127.0.0.1"));
        QCOMPARE(info->key.size(), 36); // a UUID4 string, as jupyter_client makes them
    }
    QVERIFY(ConnectionInfo::newKey() != ConnectionInfo::newKey());
}

void TestConnectionInfo::allocateRejectsNonAddress()
{
    const auto info = ConnectionInfo::allocate(QStringLiteral("not-an-ip"));
    QVERIFY(!info.ok());
    QVERIFY(info.error().message.contains(QLatin1String("not-an-ip")));
}

void TestConnectionInfo::endpoints()
{
    ConnectionInfo info;
    info.shellPort = 5001;
    info.iopubPort = 5002;
    info.hbPort = 5005;
    QCOMPARE(info.endpoint(Channel::Shell), QStringLiteral("tcp://127.0.0.1:5001"));
    QCOMPARE(info.endpoint(Channel::IOPub), QStringLiteral("tcp://127.0.0.1:5002"));
    info.setPort(Channel::Control, 5004);
    QCOMPARE(info.port(Channel::Control), quint16(5004));
    info.ip = QStringLiteral("::1");
    QCOMPARE(info.endpoint(Channel::Heartbeat), QStringLiteral("tcp://[::1]:5005"));
    info.transport = QStringLiteral("ipc");
    info.ip = QStringLiteral("/tmp/kernel-abc");
    QCOMPARE(info.endpoint(Channel::Shell), QStringLiteral("ipc:///tmp/kernel-abc-5001"));
}

void TestConnectionInfo::writeAndReadBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kernel-1.json"));
    auto info = ConnectionInfo::allocate();
    QVERIFY(info.ok());
    info->kernelName = QStringLiteral("python3");
    QVERIFY(info->writeFile(path).ok());

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const json written = json::parse(file.readAll().toStdString());
    for (const char *key : {"shell_port", "iopub_port", "stdin_port", "control_port", "hb_port",
                            "ip", "key", "transport", "signature_scheme", "kernel_name"})
        QVERIFY2(written.contains(key), key);
    QCOMPARE(written["signature_scheme"], json("hmac-sha256"));
    QCOMPARE(written["transport"], json("tcp"));

    const auto back = ConnectionInfo::readFile(path);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(back->shellPort, info->shellPort);
    QCOMPARE(back->hbPort, info->hbPort);
    QCOMPARE(back->key, info->key);
    QCOMPARE(back->kernelName, info->kernelName);
    QVERIFY(back->toJson() == info->toJson());
}

void TestConnectionInfo::fileIsPrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kernel-2.json"));
    ConnectionInfo info;
    info.key = "secret";
    const mode_t old = ::umask(0); // the most permissive umask: the mode must not rely on it
    const auto written = info.writeFile(path);
    ::umask(old);
    QVERIFY(written.ok());
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, mode_t(0600));
    // Rewriting keeps it private, and no temporary file is left behind.
    QVERIFY(info.writeFile(path).ok());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("kernel-2.json")});
}

void TestConnectionInfo::readErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    const QByteArray ports = R"("shell_port": 1, "iopub_port": 2, "stdin_port": 3,
                                "control_port": 4, "hb_port": 5)";
    QTest::newRow("garbage") << QByteArray("{\n\"ip\": ") << QString()
                             << QStringLiteral("not valid JSON");
    QTest::newRow("array") << QByteArray("[]") << QString() << QStringLiteral("JSON object");
    QTest::newRow("missing port") << QByteArray(R"({"ip": "127.0.0.1", "key": ""})")
                                  << QStringLiteral("shell_port") << QStringLiteral("missing");
    QTest::newRow("port out of range")
            << QByteArray(R"({"shell_port": 70000})") << QStringLiteral("shell_port")
            << QStringLiteral("1 to 65535");
    QTest::newRow("port as string")
            << QByteArray(R"({"shell_port": "5555"})") << QStringLiteral("shell_port")
            << QStringLiteral("port number");
    QTest::newRow("missing key") << QByteArray("{" + ports + R"(, "ip": "127.0.0.1"})")
                                 << QStringLiteral("key") << QStringLiteral("missing");
    QTest::newRow("key not a string")
            << QByteArray("{" + ports + R"(, "ip": "127.0.0.1", "key": 5})")
            << QStringLiteral("key") << QStringLiteral("must be a string");
    QTest::newRow("unknown transport")
            << QByteArray("{" + ports + R"(, "ip": "x", "key": "", "transport": "udp"})")
            << QStringLiteral("transport") << QStringLiteral("udp");
    QTest::newRow("unsupported scheme")
            << QByteArray("{" + ports
                          + R"(, "ip": "x", "key": "", "signature_scheme": "hmac-md5"})")
            << QStringLiteral("signature_scheme") << QStringLiteral("hmac-md5");
}

void TestConnectionInfo::readErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, field);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    const auto info = ConnectionInfo::readFile(path);
    QVERIFY(!info.ok());
    QCOMPARE(info.error().file, path);
    QCOMPARE(info.error().jsonPath, field);
    QVERIFY2(info.error().message.contains(message), qPrintable(info.error().toString()));
    QVERIFY(info.error().toString().startsWith(path));
}

QTEST_GUILESS_MAIN(TestConnectionInfo)
#include "tst_connectioninfo.moc"
