// SPDX-FileCopyrightText: 2026 Cumulus authors
// SPDX-License-Identifier: MIT
//
// The CUDA kernel's source handling (kernels/cuda/cudasource.h): which cells are programs,
// magics, program assembly with #line mapping, compiler-output mapping, is_complete and
// completion. No nvcc needed.

#include "cudasource.h"

#include <QTest>

using namespace cumulus::cuda;

class TestCudaSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void definesMain_data();
    void definesMain();
    void cudaUse_data();
    void cudaUse();
    void magics();
    void fileMagic();
    void assemble();
    void errorLocation_data();
    void errorLocation();
    void cleanOutput();
    void completeness_data();
    void completeness();
    void completion();
    void inspection();
};

void TestCudaSource::definesMain_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("expected");
    QTest::newRow("int main()") << QStringLiteral("int main() { return 0; }") << true;
    QTest::newRow("argc argv, brace on next line")
            << QStringLiteral("int main(int argc, char **argv)\n{\n}") << true;
    QTest::newRow("kernel only") << QStringLiteral("__global__ void k(int *p) { *p = 1; }") << false;
    QTest::newRow("main in a comment") << QStringLiteral("// int main() {}\nint f();") << false;
    QTest::newRow("main in a string") << QStringLiteral("const char *s = \"int main() {\";") << false;
    QTest::newRow("a call to obj.main()") << QStringLiteral("void f() { obj.main(); }") << false;
    QTest::newRow("a declaration") << QStringLiteral("int main();") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestCudaSource::definesMain()
{
    QFETCH(QString, code);
    QFETCH(bool, expected);
    QCOMPARE(cumulus::cuda::definesMain(code), expected);
}

void TestCudaSource::cudaUse_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("launches");
    QTest::addColumn<bool>("usesRuntime");
    QTest::newRow("launch") << QStringLiteral("k<<<1, 32>>>(p);") << true << true;
    QTest::newRow("cudaLaunchKernel") << QStringLiteral("cudaLaunchKernel(f, g, b, a, 0, 0);") << true << true;
    QTest::newRow("malloc only") << QStringLiteral("cudaMalloc(&p, 4);") << false << true;
    QTest::newRow("host only") << QStringLiteral("printf(\"hi\");") << false << false;
    QTest::newRow("launch in a comment") << QStringLiteral("// k<<<1,1>>>()") << false << false;
}

void TestCudaSource::cudaUse()
{
    QFETCH(QString, code);
    QFETCH(bool, launches);
    QFETCH(bool, usesRuntime);
    QCOMPARE(launchesKernels(code), launches);
    QCOMPARE(usesCudaRuntime(code), usesRuntime);
}

void TestCudaSource::magics()
{
    const ParsedCell cell = parseCell(QStringLiteral("%nvcc_flags -arch=sm_80  -O3\n#include <cstdio>\n  %gpu\nint x;"));
    QVERIFY(!cell.isFileMagic);
    QCOMPARE(cell.lineMagics.size(), 2);
    QCOMPARE(cell.lineMagics.at(0), (QStringList{QStringLiteral("%nvcc_flags"), QStringLiteral("-arch=sm_80"), QStringLiteral("-O3")}));
    QCOMPARE(cell.lineMagics.at(1), QStringList{QStringLiteral("%gpu")});
    // Magic lines are blanked, not removed: compiler line numbers still match the cell.
    QCOMPARE(cell.code, QStringLiteral("\n#include <cstdio>\n\nint x;"));
    // A modulo at the start of a continued expression is not a magic.
    QCOMPARE(parseCell(QStringLiteral("int y = 5\n% 3;")).lineMagics.size(), 0);
}

void TestCudaSource::fileMagic()
{
    const ParsedCell cell = parseCell(QStringLiteral("%%file kernels.cuh\n#pragma once\nint f();"));
    QVERIFY(cell.isFileMagic);
    QCOMPARE(cell.fileName, QStringLiteral("kernels.cuh"));
    QCOMPARE(cell.fileBody, QStringLiteral("#pragma once\nint f();\n"));
}

void TestCudaSource::assemble()
{
    const QList<Definition> definitions{{QStringLiteral("a"), QStringLiteral("In[1]"), QStringLiteral("int f();")},
                                        {QStringLiteral("b"), QStringLiteral("In[2]"), QStringLiteral("int g();")}};
    const QString plain = assembleProgram(definitions, QStringLiteral("In[3]"), QStringLiteral("int main() {}"), false, false);
    QCOMPARE(plain, QStringLiteral("#line 1 \"In[1]\"\nint f();\n#line 1 \"In[2]\"\nint g();\n"
                                   "#line 1 \"In[3]\"\nint main() {}\n"));
    const QString harness = assembleProgram({}, QStringLiteral("In[4]"), QStringLiteral("int main() {}"), true, true);
    QVERIFY(harness.startsWith(QLatin1String("#line 1 \"cumulus-harness\"")));
    QVERIFY(harness.contains(QLatin1String("cudaGetLastError")));
    QVERIFY(harness.contains(QLatin1String("CUMULUS_CUDA_STATUS_FD")));
    QVERIFY(harness.endsWith(QLatin1String("#line 1 \"In[4]\"\nint main() {}\n")));
    QVERIFY(!assembleProgram({}, QStringLiteral("In[5]"), QString(), true, false).contains(QLatin1String("cudaGetLastError")));
}

void TestCudaSource::errorLocation_data()
{
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("location");
    QTest::newRow("nvcc front end")
            << QStringLiteral("In[7](4): error: identifier \"x\" is undefined\n") << QStringLiteral("In[7], line 4");
    QTest::newRow("gcc host compiler")
            << QStringLiteral("In[2]:12:5: error: 'y' was not declared in this scope") << QStringLiteral("In[2], line 12");
    QTest::newRow("fatal") << QStringLiteral("In[3]:1:10: fatal error: nope.h: No such file or directory")
                           << QStringLiteral("In[3], line 1");
    QTest::newRow("warning then error")
            << QStringLiteral("In[1](2): warning #177-D: unused\nIn[1](5): error: expected a \";\"")
            << QStringLiteral("In[1], line 5");
    QTest::newRow("none") << QStringLiteral("nvcc fatal   : Unknown option '-bogus'") << QString();
}

void TestCudaSource::errorLocation()
{
    QFETCH(QString, output);
    QFETCH(QString, location);
    QCOMPARE(firstErrorLocation(output), location);
}

void TestCudaSource::cleanOutput()
{
    const QString raw = QStringLiteral(
            "/cache/ab12/cell.cu(3): note\nIn[1](2): warning #177-D: variable \"p\" was declared but never referenced\n\n"
            "Remark: The warnings can be suppressed with \"-diag-suppress <warning-number>\"\n\n");
    QCOMPARE(cleanCompilerOutput(raw, QStringLiteral("/cache/ab12")),
             QStringLiteral("cell.cu(3): note\nIn[1](2): warning #177-D: variable \"p\" was declared but never referenced"));
}

void TestCudaSource::completeness_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("status");
    QTest::newRow("empty") << QString() << QStringLiteral("complete");
    QTest::newRow("statement") << QStringLiteral("int x = 1;") << QStringLiteral("complete");
    QTest::newRow("function") << QStringLiteral("int main() {\n  return 0;\n}") << QStringLiteral("complete");
    QTest::newRow("open brace") << QStringLiteral("int main() {") << QStringLiteral("incomplete");
    QTest::newRow("open paren") << QStringLiteral("f(1,") << QStringLiteral("incomplete");
    QTest::newRow("open comment") << QStringLiteral("/* still") << QStringLiteral("incomplete");
    QTest::newRow("continued macro") << QStringLiteral("#define X \\") << QStringLiteral("incomplete");
    QTest::newRow("brace in a string") << QStringLiteral("const char *s = \"{\";") << QStringLiteral("complete");
    QTest::newRow("stray closer") << QStringLiteral("int x; }") << QStringLiteral("invalid");
    QTest::newRow("mismatched") << QStringLiteral("f(1];") << QStringLiteral("invalid");
}

void TestCudaSource::completeness()
{
    QFETCH(QString, code);
    QFETCH(QString, status);
    QString indent;
    QCOMPARE(cumulus::cuda::completeness(code, &indent), status);
    if (status == QLatin1String("incomplete") && code.endsWith(QLatin1Char('{')))
        QCOMPARE(indent, QStringLiteral("    "));
}

void TestCudaSource::completion()
{
    const QStringList user{QStringLiteral("__global__ void saxpyKernel(float a) {}\nint saxpyHelper;")};
    QCOMPARE(completionsFor(QStringLiteral("saxpy"), user),
             (QStringList{QStringLiteral("saxpyHelper"), QStringLiteral("saxpyKernel")}));
    const QStringList memcpy = completionsFor(QStringLiteral("cudaMemcp"), {});
    QVERIFY(memcpy.contains(QStringLiteral("cudaMemcpy")));
    QVERIFY(memcpy.contains(QStringLiteral("cudaMemcpyAsync")));
    QVERIFY(completionsFor(QStringLiteral("__glo"), {}).contains(QStringLiteral("__global__")));
    QCOMPARE(identifierStart(QStringLiteral("x = cudaMal"), 11), 4);
    QCOMPARE(identifierAt(QStringLiteral("cudaMalloc(&p, 4)"), 3), QStringLiteral("cudaMalloc"));
}

void TestCudaSource::inspection()
{
    QVERIFY(apiDocumentation(QStringLiteral("cudaMalloc")).contains(QLatin1String("Allocates")));
    QVERIFY(apiDocumentation(QStringLiteral("notAnApi")).isEmpty());
    const QStringList user{QStringLiteral("// the kernel\n__global__ void scale(float *x, float s)\n{\n  x[0] *= s;\n}\n")};
    QCOMPARE(declarationOf(QStringLiteral("scale"), user), QStringLiteral("__global__ void scale(float *x, float s)"));
    QCOMPARE(declarationOf(QStringLiteral("missing"), user), QString());
}

QTEST_GUILESS_MAIN(TestCudaSource)
#include "tst_cudasource.moc"
