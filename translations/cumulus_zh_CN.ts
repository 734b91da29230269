<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>cumulus::AtomicFile</name>
    <message>
        <source>cannot save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>it is a directory</source>
        <translation>它是一个目录</translation>
    </message>
</context>
<context>
    <name>cumulus::CommandLine</name>
    <message>
        <source>Convert a notebook: --to ipynb|py (a .py percent script also converts back to .ipynb)</source>
        <translation>转换笔记本：--to ipynb|py（percent 格式的 .py 脚本也可转换回 .ipynb）</translation>
    </message>
    <message>
        <source>List the installed Jupyter kernels (--json for scripts)</source>
        <translation>列出已安装的 Jupyter 内核（--json 供脚本使用）</translation>
    </message>
    <message>
        <source>Execute a notebook&apos;s code cells on a kernel and save the result (-o OUT or --inplace)</source>
        <translation>在内核上执行笔记本的代码单元格并保存结果（-o OUT 或 --inplace）</translation>
    </message>
    <message>
        <source>Show this help, or a subcommand&apos;s help</source>
        <translation>显示此帮助或子命令的帮助</translation>
    </message>
    <message>
        <source>Cumulus %1 — a native desktop notebook IDE

Usage:
  cumulus [NOTEBOOK.ipynb…]        open notebooks in the window
  cumulus --screenshot OUT.png [--size WxH] NOTEBOOK
                                   render the window showing NOTEBOOK to a PNG
                                   (no display needed; default size 1200x800)
  cumulus SUBCOMMAND [OPTIONS…]    run a command-line job
  cumulus --version | --help

Subcommands:
</source>
        <translation>Cumulus %1 — 原生桌面笔记本 IDE

用法：
  cumulus [NOTEBOOK.ipynb…]        在窗口中打开笔记本
  cumulus --screenshot OUT.png [--size WxH] NOTEBOOK
                                   将显示 NOTEBOOK 的窗口渲染为 PNG 图像
                                   （无需显示器；默认尺寸 1200x800）
  cumulus SUBCOMMAND [OPTIONS…]    运行命令行任务
  cumulus --version | --help

子命令：
</translation>
    </message>
    <message>
        <source>
Run &apos;cumulus SUBCOMMAND --help&apos; for a subcommand&apos;s options.
</source>
        <translation>
运行 &apos;cumulus SUBCOMMAND --help&apos; 查看子命令的选项。
</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <source>%1: warning: %2</source>
        <translation>%1: 警告：%2</translation>
    </message>
    <message>
        <source>Convert NOTEBOOK (.ipynb, or a percent-format .py script) to another format.
ipynb output is byte-identical to Jupyter&apos;s nbformat; py output is the percent format that VS Code, Spyder, PyCharm and jupytext read.
Text formats are written to stdout when no -o is given.</source>
        <translation>将 NOTEBOOK（.ipynb 或 percent 格式的 .py 脚本）转换为另一种格式。
ipynb 输出与 Jupyter 的 nbformat 逐字节一致；py 输出为 VS Code、Spyder、PyCharm 和 jupytext 可读取的 percent 格式。
未指定 -o 时，文本格式写入标准输出。</translation>
    </message>
    <message>
        <source>The notebook to convert.</source>
        <translation>要转换的笔记本。</translation>
    </message>
    <message>
        <source>Output format: ipynb or py.</source>
        <translation>输出格式：ipynb 或 py。</translation>
    </message>
    <message>
        <source>Write to FILE instead of stdout.</source>
        <translation>写入 FILE，而不是标准输出。</translation>
    </message>
    <message>
        <source>cumulus export: expected one NOTEBOOK, got %1 (see cumulus export --help)</source>
        <translation>cumulus export: 应指定一个 NOTEBOOK，实际指定了 %1 个（参见 cumulus export --help）</translation>
    </message>
    <message>
        <source>cumulus export: --to FORMAT is required (ipynb or py)</source>
        <translation>cumulus export: 必须指定 --to FORMAT（ipynb 或 py）</translation>
    </message>
    <message>
        <source>cumulus export: unknown format &apos;%1&apos; (expected ipynb or py)</source>
        <translation>cumulus export: 未知格式 &apos;%1&apos;（应为 ipynb 或 py）</translation>
    </message>
    <message>
        <source>cumulus export: cannot write to standard output</source>
        <translation>cumulus export: 无法写入标准输出</translation>
    </message>
    <message>
        <source>List the installed Jupyter kernels, found where Jupyter looks for them ($JUPYTER_PATH, the user&apos;s and the system&apos;s share/jupyter/kernels). PATH is the kernelspec&apos;s directory, as `jupyter kernelspec list` shows it.</source>
        <translation>列出已安装的 Jupyter 内核，查找位置与 Jupyter 相同（$JUPYTER_PATH、用户和系统的 share/jupyter/kernels）。“路径”列为 kernelspec 所在的目录，与 `jupyter kernelspec list` 显示的一致。</translation>
    </message>
    <message>
        <source>Print a JSON list of {name, display_name, language, path, argv, interrupt_mode, env, metadata} objects.</source>
        <translation>输出由 {name, display_name, language, path, argv, interrupt_mode, env, metadata} 对象组成的 JSON 列表。</translation>
    </message>
    <message>
        <source>cumulus kernels: unexpected argument &apos;%1&apos; (see cumulus kernels --help)</source>
        <translation>cumulus kernels: 意外的参数 &apos;%1&apos;（参见 cumulus kernels --help）</translation>
    </message>
    <message>
        <source>cumulus kernels: warning: %1</source>
        <translation>cumulus kernels: 警告：%1</translation>
    </message>
    <message>
        <source>cumulus kernels: cannot write to standard output</source>
        <translation>cumulus kernels: 无法写入标准输出</translation>
    </message>
    <message>
        <source>No kernels available
</source>
        <translation>没有可用的内核
</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>DISPLAY NAME</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>LANGUAGE</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Cumulus: a native desktop notebook IDE</source>
        <translation>Cumulus：原生桌面笔记本 IDE</translation>
    </message>
    <message>
        <source>Notebooks to open.</source>
        <translation>要打开的笔记本。</translation>
    </message>
    <message>
        <source>Render the window showing NOTEBOOK to the PNG file OUT and exit (no display needed).</source>
        <translation>将显示 NOTEBOOK 的窗口渲染为 PNG 文件 OUT，然后退出（无需显示器）。</translation>
    </message>
    <message>
        <source>Window size for --screenshot (default 1200x800).</source>
        <translation>--screenshot 使用的窗口尺寸（默认 1200x800）。</translation>
    </message>
    <message>
        <source> (see cumulus --help)</source>
        <translation>（参见 cumulus --help）</translation>
    </message>
    <message>
        <source>cumulus: --size takes WIDTHxHEIGHT, e.g. 1200x800 (100 to 10000 pixels each)</source>
        <translation>cumulus: --size 的格式为 WIDTHxHEIGHT，例如 1200x800（宽和高均为 100 到 10000 像素）</translation>
    </message>
    <message>
        <source>cumulus: --screenshot OUT.png takes one NOTEBOOK</source>
        <translation>cumulus: --screenshot OUT.png 需要指定一个 NOTEBOOK</translation>
    </message>
    <message>
        <source>cumulus: --size only applies to --screenshot</source>
        <translation>cumulus: --size 仅适用于 --screenshot</translation>
    </message>
    <message>
        <source>cumulus: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Use &apos;cumulus --screenshot OUT.png NOTEBOOK&apos; to render a notebook without one, or a command-line job (cumulus --help).</source>
        <translation>cumulus: 未找到显示器（DISPLAY 和 WAYLAND_DISPLAY 均未设置）。可使用 &apos;cumulus --screenshot OUT.png NOTEBOOK&apos; 在没有显示器的情况下渲染笔记本，或运行命令行任务（cumulus --help）。</translation>
    </message>
    <message>
        <source>Execute every code cell of NOTEBOOK in order on a kernel, like `jupyter nbconvert --execute`, and write the executed notebook.
Ctrl+C interrupts the running cell; a second Ctrl+C stops the kernel. The notebook is saved as far as it ran in every case.</source>
        <translation>在内核上按顺序执行 NOTEBOOK 的每个代码单元格（类似 `jupyter nbconvert --execute`），并写出执行后的笔记本。
按 Ctrl+C 中断正在运行的单元格；再次按 Ctrl+C 停止内核。无论哪种情况，笔记本都会保存截至停止时的运行结果。</translation>
    </message>
    <message>
        <source>The notebook to run.</source>
        <translation>要运行的笔记本。</translation>
    </message>
    <message>
        <source>Write the executed notebook to FILE.</source>
        <translation>将执行后的笔记本写入 FILE。</translation>
    </message>
    <message>
        <source>Overwrite NOTEBOOK.</source>
        <translation>覆盖 NOTEBOOK。</translation>
    </message>
    <message>
        <source>Kernelspec to use (default: the notebook&apos;s).</source>
        <translation>要使用的 kernelspec（默认：笔记本中指定的 kernelspec）。</translation>
    </message>
    <message>
        <source>Give up on a cell after SECONDS (default: never).</source>
        <translation>单元格运行超过 SECONDS 秒后放弃（默认：不限时）。</translation>
    </message>
    <message>
        <source>Keep running after a cell raises.</source>
        <translation>单元格引发异常后继续运行。</translation>
    </message>
    <message>
        <source>Keep at most N bytes of each stream output (head and tail; 0 = all; default 5 MiB).</source>
        <translation>每个流输出最多保留 N 字节（保留开头和结尾；0 = 全部；默认 5 MiB）。</translation>
    </message>
    <message>
        <source>Keep at most N lines of each stream output (0 = all; default 50000).</source>
        <translation>每个流输出最多保留 N 行（0 = 全部；默认 50000）。</translation>
    </message>
    <message>
        <source>cumulus run: expected one NOTEBOOK (see cumulus run --help)</source>
        <translation>cumulus run: 应指定一个 NOTEBOOK（参见 cumulus run --help）</translation>
    </message>
    <message>
        <source>cumulus run: give exactly one of -o FILE and --inplace</source>
        <translation>cumulus run: 必须在 -o FILE 和 --inplace 中指定且仅指定一个</translation>
    </message>
    <message>
        <source>cumulus run: --timeout, --max-output-bytes and --max-output-lines take non-negative numbers</source>
        <translation>cumulus run: --timeout、--max-output-bytes 和 --max-output-lines 的值必须是非负数</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>kernel %1 ready</source>
        <translation>内核 %1 已就绪</translation>
    </message>
    <message>
        <source>%1: kernel %2: %3</source>
        <translation>%1: 内核 %2: %3</translation>
    </message>
    <message>
        <source>[%1/%2] cell %3: %4</source>
        <translation>[%1/%2] 单元格 %3: %4</translation>
    </message>
    <message>
        <source>      error after %1 s</source>
        <translation>      %1 秒后出错</translation>
    </message>
    <message>
        <source>interrupting the kernel (Ctrl+C again to stop it)</source>
        <translation>正在中断内核（再次按 Ctrl+C 可停止内核）</translation>
    </message>
    <message>
        <source>stopping the kernel; saving the notebook as far as it ran</source>
        <translation>正在停止内核；正在保存截至目前的运行结果</translation>
    </message>
</context>
<context>
    <name>cumulus::FindPanel</name>
    <message>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <source>Find in notebook</source>
        <translation>在笔记本中查找</translation>
    </message>
    <message>
        <source>Re&amp;place:</source>
        <translation>替换(&amp;P)：</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3, Shift+Enter)</source>
        <translation>上一个匹配项（Shift+F3、Shift+Enter）</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Next match (F3, Enter)</source>
        <translation>下一个匹配项（F3、Enter）</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace this match in the cell&apos;s source and go to the next</source>
        <translation>替换单元格源代码中的此匹配项，并转到下一个</translation>
    </message>
    <message>
        <source>Replace All</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Replace every match in all cell sources (one undo step)</source>
        <translation>替换所有单元格源代码中的全部匹配项（可一步撤销）</translation>
    </message>
    <message>
        <source>Match &amp;case</source>
        <translation>区分大小写(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Whole word</source>
        <translation>全字匹配(&amp;W)</translation>
    </message>
    <message>
        <source>Re&amp;gex</source>
        <translation>正则表达式(&amp;G)</translation>
    </message>
    <message>
        <source>Regular expression; in the replacement \1 or $1 inserts a captured group</source>
        <translation>正则表达式；在替换文本中，\1 或 $1 表示插入捕获组</translation>
    </message>
    <message>
        <source>Search &amp;outputs</source>
        <translation>搜索输出(&amp;O)</translation>
    </message>
    <message>
        <source>Also find text in outputs (replacing changes sources only)</source>
        <translation>同时在输出中查找文本（替换只会更改源代码）</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>Nothing replaced.</source>
        <translation>未替换任何内容。</translation>
    </message>
    <message>
        <source>Replaced 1 match.</source>
        <translation>已替换 1 个匹配项。</translation>
    </message>
    <message numerus="yes">
        <source>Replaced %n matches in 1 cell.</source>
        <translation>
            <numerusform>已在 1 个单元格中替换 %n 个匹配项。</numerusform>
        </translation>
    </message>
    <message>
        <source>Replaced %1 matches in %2 cells.</source>
        <translation>已在 %2 个单元格中替换 %1 个匹配项。</translation>
    </message>
    <message>
        <source>No results</source>
        <translation>无结果</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 项，共 %2 项</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 个结果</translation>
    </message>
    <message numerus="yes">
        <source>%n results</source>
        <translation>
            <numerusform>%n 个结果</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cumulus::MainWindow</name>
    <message>
        <source>Cumulus</source>
        <translation>Cumulus</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>%1 has unsaved changes. Save them before closing?</source>
        <translation>%1 有未保存的更改。是否在关闭前保存？</translation>
    </message>
    <message>
        <source>Restore unsaved notebooks?</source>
        <translation>恢复未保存的笔记本？</translation>
    </message>
    <message>
        <source>&lt;p&gt;Cumulus did not close properly last time. These notebooks had unsaved changes:&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;Restore them?&lt;/p&gt;</source>
        <translation>&lt;p&gt;Cumulus 上次未正常关闭。以下笔记本有未保存的更改：&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;是否恢复？&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>Ask &amp;Later</source>
        <translation>稍后询问(&amp;L)</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>磁盘上的文件已更改</translation>
    </message>
    <message>
        <source>%1 was changed by another program.%2</source>
        <translation>%1 已被其他程序更改。%2</translation>
    </message>
    <message>
        <source> Reloading it drops your unsaved changes.</source>
        <translation>重新加载将丢弃您未保存的更改。</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>重新加载(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keep Mine</source>
        <translation>保留我的版本(&amp;K)</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <source>Cannot restore notebook</source>
        <translation>无法恢复笔记本</translation>
    </message>
    <message>
        <source>Cumulus cannot restore %1:

%2</source>
        <translation>Cumulus 无法恢复 %1：

%2</translation>
    </message>
    <message>
        <source>Restart kernel and run all cells?</source>
        <translation>重启内核并运行所有单元格？</translation>
    </message>
    <message>
        <source>Restarting the kernel of %1 loses all its variables; then every cell runs again from the top.</source>
        <translation>重启 %1 的内核将丢失其所有变量；随后所有单元格将从头重新运行。</translation>
    </message>
    <message>
        <source>&amp;Restart and Run All</source>
        <translation>重启并运行全部(&amp;R)</translation>
    </message>
    <message>
        <source>Restart kernel?</source>
        <translation>重启内核？</translation>
    </message>
    <message>
        <source>Restarting the kernel of %1 loses all its variables.</source>
        <translation>重启 %1 的内核将丢失其所有变量。</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <source>Cannot reload notebook</source>
        <translation>无法重新加载笔记本</translation>
    </message>
    <message>
        <source>Cumulus cannot reload %1:

%2</source>
        <translation>Cumulus 无法重新加载 %1：

%2</translation>
    </message>
    <message>
        <source>Reloaded %1</source>
        <translation>已重新加载 %1</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Python Script (.py)…</source>
        <translation>Python 脚本 (.py)(&amp;P)…</translation>
    </message>
    <message>
        <source>Not available yet: this exporter is still being written.</source>
        <translation>暂不可用：此导出器仍在开发中。</translation>
    </message>
    <message>
        <source>&amp;HTML…</source>
        <translation>&amp;HTML…</translation>
    </message>
    <message>
        <source>P&amp;DF…</source>
        <translation>P&amp;DF…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Insert Cell &amp;Above</source>
        <translation>在上方插入单元格(&amp;A)</translation>
    </message>
    <message>
        <source>Insert Cell &amp;Below</source>
        <translation>在下方插入单元格(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Delete Cell</source>
        <translation>删除单元格(&amp;D)</translation>
    </message>
    <message>
        <source>Move Cell &amp;Up</source>
        <translation>上移单元格(&amp;U)</translation>
    </message>
    <message>
        <source>Move Cell Do&amp;wn</source>
        <translation>下移单元格(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>代码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Markdown</source>
        <translation>&amp;Markdown</translation>
    </message>
    <message>
        <source>&amp;Raw</source>
        <translation>原始(&amp;R)</translation>
    </message>
    <message>
        <source>Clear &amp;Outputs</source>
        <translation>清除输出(&amp;O)</translation>
    </message>
    <message>
        <source>Clear A&amp;ll Outputs</source>
        <translation>清除所有输出(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Line Numbers</source>
        <translation>行号(&amp;L)</translation>
    </message>
    <message>
        <source>Run Cell and Select Below	Shift+Enter</source>
        <translation>运行单元格并选中下一个	Shift+Enter</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run the current cell and select the next one (Shift+Enter)</source>
        <translation>运行当前单元格并选中下一个（Shift+Enter）</translation>
    </message>
    <message>
        <source>Run Cell in &amp;Place	Ctrl+Enter</source>
        <translation>运行单元格并停留(&amp;P)	Ctrl+Enter</translation>
    </message>
    <message>
        <source>Run All A&amp;bove</source>
        <translation>运行上方所有单元格(&amp;B)</translation>
    </message>
    <message>
        <source>Run All &amp;Below</source>
        <translation>运行下方所有单元格(&amp;B)</translation>
    </message>
    <message>
        <source>Run &amp;Selected Cells</source>
        <translation>运行选中的单元格(&amp;S)</translation>
    </message>
    <message>
        <source>Run &amp;All</source>
        <translation>运行所有单元格(&amp;A)</translation>
    </message>
    <message>
        <source>Restart Kernel and Run All…</source>
        <translation>重启内核并运行所有单元格…</translation>
    </message>
    <message>
        <source>&amp;Interrupt	I, I</source>
        <translation>中断(&amp;I)	I, I</translation>
    </message>
    <message>
        <source>Interrupt</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>&amp;Restart…	0, 0</source>
        <translation>重启(&amp;R)…	0, 0</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>&amp;Shut Down</source>
        <translation>关闭(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Cumulus</source>
        <translation>关于 Cumulus(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Cell &amp;Type</source>
        <translation>单元格类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Kernel</source>
        <translation>内核(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Change Kernel</source>
        <translation>更改内核(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>The kernel this notebook runs on</source>
        <translation>此笔记本使用的内核</translation>
    </message>
    <message>
        <source>Where the kernel runs</source>
        <translation>内核的运行位置</translation>
    </message>
    <message>
        <source>The kernel&apos;s state</source>
        <translation>内核状态</translation>
    </message>
    <message>
        <source>How long the last cell took</source>
        <translation>上一个单元格的运行时长</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>Restarting</source>
        <translation>正在重启</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>正在重新连接</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Last run: %1 ms</source>
        <translation>上次运行：%1 毫秒</translation>
    </message>
    <message>
        <source>Last run: %1 s</source>
        <translation>上次运行：%1 秒</translation>
    </message>
    <message>
        <source>Last run: %1:%2 min</source>
        <translation>上次运行：%1:%2 分钟</translation>
    </message>
    <message>
        <source>%1[*] — Cumulus</source>
        <translation>%1[*] — Cumulus</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>本地</translation>
    </message>
    <message>
        <source>Open Notebook</source>
        <translation>打开笔记本</translation>
    </message>
    <message>
        <source>Jupyter notebooks (*.ipynb);;All files (*)</source>
        <translation>Jupyter 笔记本 (*.ipynb);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Notebook As</source>
        <translation>笔记本另存为</translation>
    </message>
    <message>
        <source>Jupyter notebooks (*.ipynb)</source>
        <translation>Jupyter 笔记本 (*.ipynb)</translation>
    </message>
    <message>
        <source>Export as Python Script</source>
        <translation>导出为 Python 脚本</translation>
    </message>
    <message>
        <source>Python scripts (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>Cannot open notebook</source>
        <translation>无法打开笔记本</translation>
    </message>
    <message>
        <source>Cumulus cannot open %1:

%2</source>
        <translation>Cumulus 无法打开 %1：

%2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n schema warning(s), kept as Jupyter keeps them</source>
        <translation>
            <numerusform>%1：%n 条架构警告，已按 Jupyter 的方式保留原内容</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot save notebook</source>
        <translation>无法保存笔记本</translation>
    </message>
    <message>
        <source>Cumulus cannot save %1:

%2</source>
        <translation>Cumulus 无法保存 %1：

%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot export notebook</source>
        <translation>无法导出笔记本</translation>
    </message>
    <message>
        <source>Cumulus cannot write %1:

%2</source>
        <translation>Cumulus 无法写入 %1：

%2</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>清除菜单(&amp;C)</translation>
    </message>
    <message>
        <source>No kernels installed</source>
        <translation>未安装任何内核</translation>
    </message>
    <message>
        <source>About Cumulus</source>
        <translation>关于 Cumulus</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Cumulus %1&lt;/h3&gt;&lt;p&gt;A native desktop notebook IDE for Jupyter notebooks.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Cumulus %1&lt;/h3&gt;&lt;p&gt;面向 Jupyter 笔记本的原生桌面笔记本 IDE。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Find and Replace</source>
        <translation>查找和替换</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation>目录(&amp;C)</translation>
    </message>
    <message>
        <source>Find and &amp;Replace</source>
        <translation>查找和替换(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>cumulus::NotebookEditor</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>No kernel</source>
        <translation>无内核</translation>
    </message>
    <message>
        <source>No Jupyter kernel is installed (try: apt install python3-ipykernel)</source>
        <translation>未安装 Jupyter 内核（可尝试：apt install python3-ipykernel）</translation>
    </message>
    <message>
        <source>The kernel &quot;%1&quot; is not installed, and no other kernel is</source>
        <translation>内核“%1”未安装，并且也未安装其他内核</translation>
    </message>
    <message>
        <source>The kernel died: %1</source>
        <translation>内核已终止：%1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1:%2 min</source>
        <translation>%1:%2 分钟</translation>
    </message>
    <message>
        <source>interrupted after %1</source>
        <translation>%1 后被中断</translation>
    </message>
    <message>
        <source>error after %1</source>
        <translation>%1 后出错</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>stopped after %1</source>
        <translation>%1 后停止</translation>
    </message>
</context>
<context>
    <name>cumulus::NotebookSearch</name>
    <message>
        <source>Invalid regular expression: %1 (at position %2)</source>
        <translation>无效的正则表达式：%1（位置 %2）</translation>
    </message>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>无效的正则表达式：%1</translation>
    </message>
</context>
<context>
    <name>cumulus::NotebookView</name>
    <message>
        <source>Empty markdown cell. Double-click or press Enter to edit.</source>
        <translation>空的 Markdown 单元格。双击或按 Enter 进行编辑。</translation>
    </message>
    <message>
        <source>Password — Enter to send, Esc to cancel</source>
        <translation>密码 — 按 Enter 发送，按 Esc 取消</translation>
    </message>
    <message>
        <source>Enter to send, Esc to cancel</source>
        <translation>按 Enter 发送，按 Esc 取消</translation>
    </message>
    <message>
        <source>Insert Cell</source>
        <translation>插入单元格</translation>
    </message>
    <message>
        <source>Delete Cell</source>
        <translation>删除单元格</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n Cells</source>
        <translation>
            <numerusform>删除 %n 个单元格</numerusform>
        </translation>
    </message>
    <message>
        <source>Move Cells</source>
        <translation>移动单元格</translation>
    </message>
    <message>
        <source>Change Cell Type</source>
        <translation>更改单元格类型</translation>
    </message>
    <message>
        <source>Paste Cells</source>
        <translation>粘贴单元格</translation>
    </message>
    <message>
        <source>Merge Cells</source>
        <translation>合并单元格</translation>
    </message>
    <message>
        <source>Split Cell</source>
        <translation>拆分单元格</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Edit the cell (command mode)</source>
        <translation>编辑单元格（命令模式下）</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Leave the editor (edit mode)</source>
        <translation>退出编辑器（编辑模式下）</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>Run the cell and select the one below</source>
        <translation>运行单元格并选中下一个</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Run the cell</source>
        <translation>运行单元格</translation>
    </message>
    <message>
        <source>Alt+Enter</source>
        <translation>Alt+Enter</translation>
    </message>
    <message>
        <source>Run the cell and insert one below</source>
        <translation>运行单元格并在下方插入新单元格</translation>
    </message>
    <message>
        <source>Up / K, Down / J</source>
        <translation>Up / K, Down / J</translation>
    </message>
    <message>
        <source>Select the cell above / below</source>
        <translation>选择上方 / 下方的单元格</translation>
    </message>
    <message>
        <source>Shift+Up, Shift+Down</source>
        <translation>Shift+Up, Shift+Down</translation>
    </message>
    <message>
        <source>Extend the selection</source>
        <translation>扩展选择范围</translation>
    </message>
    <message>
        <source>A, B</source>
        <translation>A, B</translation>
    </message>
    <message>
        <source>Insert a cell above / below</source>
        <translation>在上方 / 下方插入单元格</translation>
    </message>
    <message>
        <source>X, C, V, Shift+V</source>
        <translation>X, C, V, Shift+V</translation>
    </message>
    <message>
        <source>Cut, copy, paste below, paste above</source>
        <translation>剪切、复制、粘贴到下方、粘贴到上方</translation>
    </message>
    <message>
        <source>D, D</source>
        <translation>D, D</translation>
    </message>
    <message>
        <source>Delete the selected cells</source>
        <translation>删除选中的单元格</translation>
    </message>
    <message>
        <source>Z, Shift+Z</source>
        <translation>Z, Shift+Z</translation>
    </message>
    <message>
        <source>Undo, redo a cell operation</source>
        <translation>撤销、重做单元格操作</translation>
    </message>
    <message>
        <source>Y, M, R</source>
        <translation>Y, M, R</translation>
    </message>
    <message>
        <source>Make the cell code, markdown, raw</source>
        <translation>将单元格设为代码、Markdown、原始</translation>
    </message>
    <message>
        <source>Shift+M</source>
        <translation>Shift+M</translation>
    </message>
    <message>
        <source>Merge the selected cells (or with the one below)</source>
        <translation>合并选中的单元格（或与下一个单元格合并）</translation>
    </message>
    <message>
        <source>Ctrl+Shift+-</source>
        <translation>Ctrl+Shift+-</translation>
    </message>
    <message>
        <source>Split the cell at the cursor (edit mode)</source>
        <translation>在光标处拆分单元格（编辑模式下）</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Toggle line numbers</source>
        <translation>显示/隐藏行号</translation>
    </message>
    <message>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <source>Hide or show the outputs</source>
        <translation>隐藏或显示输出</translation>
    </message>
    <message>
        <source>I, I</source>
        <translation>I, I</translation>
    </message>
    <message>
        <source>Interrupt the kernel</source>
        <translation>中断内核</translation>
    </message>
    <message>
        <source>0, 0</source>
        <translation>0, 0</translation>
    </message>
    <message>
        <source>Restart the kernel</source>
        <translation>重启内核</translation>
    </message>
    <message>
        <source>Ctrl+Home, Ctrl+End</source>
        <translation>Ctrl+Home, Ctrl+End</translation>
    </message>
    <message>
        <source>Select the first / last cell</source>
        <translation>选择第一个 / 最后一个单元格</translation>
    </message>
    <message>
        <source>Drag a cell&apos;s prompt</source>
        <translation>拖动单元格的提示符</translation>
    </message>
    <message>
        <source>Move the cell</source>
        <translation>移动单元格</translation>
    </message>
    <message>
        <source>Insert Cell Above</source>
        <translation>在上方插入单元格</translation>
    </message>
    <message>
        <source>Insert Cell Below</source>
        <translation>在下方插入单元格</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Clear Outputs</source>
        <translation>清除输出</translation>
    </message>
    <message>
        <source>Copy Output</source>
        <translation>复制输出</translation>
    </message>
    <message>
        <source>Save Image As…</source>
        <translation>图像另存为…</translation>
    </message>
    <message>
        <source>Save Image</source>
        <translation>保存图像</translation>
    </message>
    <message>
        <source>PNG images (*.png);;JPEG images (*.jpg *.jpeg)</source>
        <translation>PNG 图像 (*.png);;JPEG 图像 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>cumulus::OutputArea</name>
    <message>
        <source>Collapse</source>
        <translation>折叠</translation>
    </message>
    <message>
        <source>Show all (%L1 lines)</source>
        <translation>全部显示（%L1 行）</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>[cannot display %1: invalid data]</source>
        <translation>[无法显示 %1：数据无效]</translation>
    </message>
    <message>
        <source>[no renderer for %1]</source>
        <translation>[没有可显示 %1 的渲染器]</translation>
    </message>
    <message>
        <source>[no renderer for output type %1]</source>
        <translation>[没有可显示输出类型 %1 的渲染器]</translation>
    </message>
</context>
<context>
    <name>cumulus::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>System follows the desktop&apos;s colours.</source>
        <translation>“跟随系统”使用桌面的配色。</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>Code &amp;font:</source>
        <translation>代码字体(&amp;F)：</translation>
    </message>
    <message>
        <source>Autosave</source>
        <translation>自动保存</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>How often unsaved notebooks are written to recovery files (0 turns autosave off).</source>
        <translation>未保存的笔记本写入恢复文件的间隔（0 表示关闭自动保存）。</translation>
    </message>
    <message>
        <source>&amp;Save a recovery copy every:</source>
        <translation>恢复副本保存间隔(&amp;S)：</translation>
    </message>
    <message>
        <source>Output Limits</source>
        <translation>输出限制</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Largest &amp;output:</source>
        <translation>单个输出最大(&amp;O)：</translation>
    </message>
    <message>
        <source>Most &amp;lines per output:</source>
        <translation>单个输出最多行数(&amp;L)：</translation>
    </message>
    <message>
        <source>Longer outputs keep their beginning and end; the lines in between are hidden. Applies to cells run from now on. 0 means unlimited.</source>
        <translation>超出限制的输出只保留开头和结尾，中间的行会被隐藏。对此后运行的单元格生效。0 表示不限。</translation>
    </message>
</context>
<context>
    <name>cumulus::RecoveryStore</name>
    <message>
        <source>Cannot create the recovery directory %1</source>
        <translation>无法创建恢复目录 %1</translation>
    </message>
</context>
<context>
    <name>cumulus::Screenshot</name>
    <message>
        <source>cumulus: cannot write %1</source>
        <translation>cumulus: 无法写入 %1</translation>
    </message>
</context>
<context>
    <name>cumulus::TocPanel</name>
    <message>
        <source>No headings. Markdown cells&apos; # headings appear here.</source>
        <translation>无标题。Markdown 单元格中的 # 标题会显示在此处。</translation>
    </message>
    <message>
        <source>No notebook</source>
        <translation>无笔记本</translation>
    </message>
</context>
<context>
    <name>cumulus::jupyter::Kernel</name>
    <message>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>正在重启</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>正在重新连接</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>cumulus::jupyter::KernelClient</name>
    <message>
        <source>the kernel did not answer within %1 seconds</source>
        <translation>内核未在 %1 秒内响应</translation>
    </message>
    <message>
        <source>no connection to a kernel</source>
        <translation>未连接到内核</translation>
    </message>
    <message>
        <source>the kernel is not running</source>
        <translation>内核未在运行</translation>
    </message>
</context>
<context>
    <name>cumulus::jupyter::LocalKernel</name>
    <message>
        <source>the kernel was killed by signal %1</source>
        <translation>内核被信号 %1 终止</translation>
    </message>
    <message>
        <source>the kernel exited with code %1</source>
        <translation>内核已退出，退出代码为 %1</translation>
    </message>
    <message>
        <source>the kernel was shut down</source>
        <translation>内核已关闭</translation>
    </message>
    <message>
        <source>the kernel stopped answering (no heartbeat)</source>
        <translation>内核停止响应（无心跳）</translation>
    </message>
    <message>
        <source>the kernel was restarted</source>
        <translation>内核已重启</translation>
    </message>
</context>
<context>
    <name>cumulus::jupyter::NotebookRunner</name>
    <message>
        <source>the kernel is not running</source>
        <translation>内核未在运行</translation>
    </message>
    <message>
        <source>cell %1 timed out after %2 s</source>
        <translation>单元格 %1 在 %2 秒后超时</translation>
    </message>
    <message>
        <source>cell %1 was aborted</source>
        <translation>单元格 %1 已中止</translation>
    </message>
    <message>
        <source>cell %1 raised %2: %3</source>
        <translation>单元格 %1 引发 %2: %3</translation>
    </message>
</context>
<context>
    <name>cumulus::nbformat::Reader</name>
    <message>
        <source>not a notebook: the file is empty or not JSON (%1)</source>
        <translation>不是笔记本：文件为空或不是 JSON（%1）</translation>
    </message>
    <message>
        <source>not valid JSON: %1</source>
        <translation>不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>not a notebook: JSON nested deeper than %1 levels</source>
        <translation>不是笔记本：JSON 嵌套深度超过 %1 层</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>missing required key &apos;metadata&apos;</source>
        <translation>缺少必需的键 &apos;metadata&apos;</translation>
    </message>
    <message>
        <source>must be an object, not %1</source>
        <translation>必须是对象，而不是%1</translation>
    </message>
    <message>
        <source>not a notebook: no &apos;cells&apos; list</source>
        <translation>不是笔记本：没有 &apos;cells&apos; 列表</translation>
    </message>
    <message>
        <source>must be a list, not %1</source>
        <translation>必须是列表，而不是%1</translation>
    </message>
    <message>
        <source>a cell must be an object, not %1</source>
        <translation>单元格必须是对象，而不是%1</translation>
    </message>
    <message>
        <source>a list of lines must hold only strings</source>
        <translation>行列表只能包含字符串</translation>
    </message>
    <message>
        <source>an output must be an object, not %1</source>
        <translation>输出必须是对象，而不是%1</translation>
    </message>
    <message>
        <source>not a notebook: nbformat 3 file without &apos;worksheets&apos;</source>
        <translation>不是笔记本：nbformat 3 文件缺少 &apos;worksheets&apos;</translation>
    </message>
    <message>
        <source>missing the &apos;cells&apos; list</source>
        <translation>缺少 &apos;cells&apos; 列表</translation>
    </message>
    <message>
        <source>missing required key &apos;cell_type&apos;</source>
        <translation>缺少必需的键 &apos;cell_type&apos;</translation>
    </message>
    <message>
        <source>a code cell needs an &apos;outputs&apos; list</source>
        <translation>代码单元格需要 &apos;outputs&apos; 列表</translation>
    </message>
    <message>
        <source>an output must be an object</source>
        <translation>输出必须是对象</translation>
    </message>
    <message>
        <source>an output&apos;s JSON data is not valid JSON</source>
        <translation>输出中的 JSON 数据不是有效的 JSON</translation>
    </message>
    <message>
        <source>not a notebook: the top level is %1, not an object</source>
        <translation>不是笔记本：顶层是%1，而不是对象</translation>
    </message>
    <message>
        <source>not a notebook: missing required key &apos;nbformat&apos;</source>
        <translation>不是笔记本：缺少必需的键 &apos;nbformat&apos;</translation>
    </message>
    <message>
        <source>must be an integer, not %1</source>
        <translation>必须是整数，而不是%1</translation>
    </message>
    <message>
        <source>not a notebook: nbformat 3 file without &apos;nbformat_minor&apos;</source>
        <translation>不是笔记本：nbformat 3 文件缺少 &apos;nbformat_minor&apos;</translation>
    </message>
    <message>
        <source>unsupported notebook format version %1 (Cumulus reads versions 3 and 4)</source>
        <translation>不支持的笔记本格式版本 %1（Cumulus 可读取版本 3 和 4）</translation>
    </message>
    <message>
        <source>the cell had no id; a new one was assigned</source>
        <translation>该单元格没有 id；已为其分配新 id</translation>
    </message>
    <message>
        <source>duplicate cell id &apos;%1&apos; replaced by &apos;%2&apos;</source>
        <translation>重复的单元格 id &apos;%1&apos; 已替换为 &apos;%2&apos;</translation>
    </message>
    <message>
        <source>not a notebook: the file starts with a UTF-8 byte order mark, which Jupyter cannot read</source>
        <translation>不是笔记本：文件以 UTF-8 字节顺序标记（BOM）开头，Jupyter 无法读取</translation>
    </message>
    <message>
        <source>cannot read the notebook: %1</source>
        <translation>无法读取笔记本：%1</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>not valid JSON</source>
        <translation>不是有效的 JSON</translation>
    </message>
    <message>
        <source>line %1: </source>
        <translation>第 %1 行: </translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
</context>
</TS>
