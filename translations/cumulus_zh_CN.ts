<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>cannot create an SSH session</source>
        <translation>无法创建 SSH 会话</translation>
    </message>
    <message>
        <source>cannot connect to %1 (%2): %3</source>
        <translation>无法连接到 %1（%2）：%3</translation>
    </message>
    <message>
        <source>%1 sent no host key: %2</source>
        <translation>%1 未发送主机密钥：%2</translation>
    </message>
    <message>
        <source>REFUSED: the host key of %1 has changed. Someone may be intercepting the connection, or the server was re-installed. The server now offers %2 key %3, which differs from the key recorded for &quot;%4&quot; in %5 line %6. If you know why the key changed, remove that line from the file yourself (ssh-keygen -R &quot;%4&quot; -f %5) and connect again.</source>
        <translation>已拒绝：%1 的主机密钥已更改。可能有人正在拦截此连接，也可能是服务器重新安装过。服务器现在提供的是 %2 密钥 %3，与 %5 第 %6 行中为“%4”记录的密钥不同。如果您清楚密钥更改的原因，请自行从该文件中删除这一行（ssh-keygen -R &quot;%4&quot; -f %5），然后重新连接。</translation>
    </message>
    <message>
        <source>REFUSED: the host key of %1 (%2) is marked @revoked in %3 line %4.</source>
        <translation>已拒绝：%1（%2）的主机密钥在 %3 第 %4 行中被标记为 @revoked（已吊销）。</translation>
    </message>
    <message>
        <source>The authenticity of %1 (%2) cannot be established.
%3 key fingerprint is %4.
Connect and remember this key?</source>
        <translation>无法确认 %1（%2）的真实性。
%3 密钥指纹为 %4。
是否连接并记住此密钥？</translation>
    </message>
    <message>
        <source>host key of %1 not accepted (%2 %3): it is not in %4</source>
        <translation>未接受 %1 的主机密钥（%2 %3）：该密钥不在 %4 中</translation>
    </message>
    <message>
        <source>Password for %1@%2:</source>
        <translation>%1@%2 的密码：</translation>
    </message>
    <message>
        <source>authentication failed for %1 (user &quot;%2&quot;): the server accepts %3; tried the SSH agent and the keys %4</source>
        <translation>%1 身份验证失败（用户“%2”）：服务器接受 %3；已尝试 SSH 代理和密钥 %4</translation>
    </message>
    <message>
        <source>no method Cumulus knows</source>
        <translation>没有 Cumulus 支持的方式</translation>
    </message>
    <message>
        <source>(none configured)</source>
        <translation>（未配置）</translation>
    </message>
</context>
<context>
    <name>RemoteHost</name>
    <message>
        <source>nvidia-smi lists no GPU</source>
        <translation>nvidia-smi 未列出任何 GPU</translation>
    </message>
</context>
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
        <source>The notebook to convert.</source>
        <translation>要转换的笔记本。</translation>
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
    <message>
        <source>Execute a notebook&apos;s code cells on a kernel and save the result (-o OUT or --inplace; --server NAME runs it on a server)</source>
        <translation>在内核上执行笔记本的代码单元格并保存结果（-o OUT 或 --inplace；--server NAME 在服务器上运行）</translation>
    </message>
    <message>
        <source>List the servers from your ssh config and those added in the app</source>
        <translation>列出 ssh 配置中的服务器以及在应用中添加的服务器</translation>
    </message>
    <message>
        <source>List the kernels Cumulus left running on servers (--server NAME)</source>
        <translation>列出 Cumulus 在服务器上保持运行的内核（--server NAME）</translation>
    </message>
    <message>
        <source>Convert NOTEBOOK (.ipynb, or a percent-format .py script) to another format.
ipynb output is byte-identical to Jupyter&apos;s nbformat; py output is the percent format that VS Code, Spyder, PyCharm and jupytext read; html is one self-contained file that opens offline; pdf is rendered natively (no LaTeX, no browser, no display).
Text formats are written to stdout when no -o is given; PDF is written beside the notebook.</source>
        <translation>将 NOTEBOOK（.ipynb 或 percent 格式的 .py 脚本）转换为其他格式。
ipynb 输出与 Jupyter 的 nbformat 逐字节一致；py 输出为 VS Code、Spyder、PyCharm 和 jupytext 可读取的 percent 格式；html 为可离线打开的单个自包含文件；pdf 由 Cumulus 原生渲染（无需 LaTeX、浏览器或显示器）。
未指定 -o 时，文本格式写入标准输出；PDF 写在笔记本旁边。</translation>
    </message>
    <message>
        <source>Output format: ipynb, py, html or pdf.</source>
        <translation>输出格式：ipynb、py、html 或 pdf。</translation>
    </message>
    <message>
        <source>html, pdf: leave out code (report mode).</source>
        <translation>html、pdf：省略代码（报告模式）。</translation>
    </message>
    <message>
        <source>html, pdf: leave out execution counts.</source>
        <translation>html、pdf：省略执行计数。</translation>
    </message>
    <message>
        <source>html, pdf: light (default) or dark.</source>
        <translation>html、pdf：light（浅色，默认）或 dark（深色）。</translation>
    </message>
    <message>
        <source>html: drop scripts and event handlers from outputs and markdown.</source>
        <translation>html：从输出和 Markdown 中移除脚本和事件处理程序。</translation>
    </message>
    <message>
        <source>pdf: a4 (default) or letter.</source>
        <translation>pdf：a4（默认）或 letter。</translation>
    </message>
    <message>
        <source>cumulus export: --to FORMAT is required (ipynb, py, html or pdf)</source>
        <translation>cumulus export: 必须指定 --to FORMAT（ipynb、py、html 或 pdf）</translation>
    </message>
    <message>
        <source>cumulus export: unknown format &apos;%1&apos; (expected ipynb, py, html or pdf)</source>
        <translation>cumulus export: 未知格式 &apos;%1&apos;（应为 ipynb、py、html 或 pdf）</translation>
    </message>
    <message>
        <source>cumulus export: --%1 only applies to --to html or pdf</source>
        <translation>cumulus export: --%1 仅适用于 --to html 或 pdf</translation>
    </message>
    <message>
        <source>cumulus export: unknown theme &apos;%1&apos; (expected light or dark)</source>
        <translation>cumulus export: 未知主题 &apos;%1&apos;（应为 light 或 dark）</translation>
    </message>
    <message>
        <source>cumulus export: unknown paper size &apos;%1&apos; (expected a4 or letter)</source>
        <translation>cumulus export: 未知纸张尺寸 &apos;%1&apos;（应为 a4 或 letter）</translation>
    </message>
    <message>
        <source>cumulus export: HTML and PDF export need a GUI application (internal error)</source>
        <translation>cumulus export: HTML 和 PDF 导出需要 GUI 应用程序（内部错误）</translation>
    </message>
    <message>
        <source>Register the bundled CUDA C++ kernel (kernelspec &quot;cuda&quot;) with Jupyter: in /usr/local/share/jupyter/kernels by default, in the user&apos;s Jupyter data directory with --user, or in DIR/share/jupyter/kernels with --prefix.</source>
        <translation>向 Jupyter 注册随附的 CUDA C++ 内核（kernelspec &quot;cuda&quot;）：默认安装到 /usr/local/share/jupyter/kernels；使用 --user 时安装到用户的 Jupyter 数据目录；使用 --prefix 时安装到 目录/share/jupyter/kernels。</translation>
    </message>
    <message>
        <source>Install for the current user only (the Jupyter data directory).</source>
        <translation>仅为当前用户安装（安装到 Jupyter 数据目录）。</translation>
    </message>
    <message>
        <source>Install under DIR/share/jupyter/kernels.</source>
        <translation>安装到 目录/share/jupyter/kernels 下。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>The kernel to install: cuda.</source>
        <translation>要安装的内核：cuda。</translation>
    </message>
    <message>
        <source>cumulus kernels install: name the kernel to install: cuda (see cumulus kernels install --help)</source>
        <translation>cumulus kernels install: 请指定要安装的内核：cuda（参见 cumulus kernels install --help）</translation>
    </message>
    <message>
        <source>cumulus kernels install: --user and --prefix exclude each other</source>
        <translation>cumulus kernels install: --user 和 --prefix 不能同时使用</translation>
    </message>
    <message>
        <source>cumulus kernels install: cumulus-cuda-kernel not found next to cumulus or on PATH</source>
        <translation>cumulus kernels install: 在 cumulus 所在目录和 PATH 中均未找到 cumulus-cuda-kernel</translation>
    </message>
    <message>
        <source>cumulus kernels install: cannot create %1</source>
        <translation>cumulus kernels install: 无法创建 %1</translation>
    </message>
    <message>
        <source>cumulus kernels install: cannot write %1: %2</source>
        <translation>cumulus kernels install: 无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Installed kernelspec cuda in %1
</source>
        <translation>已将 kernelspec cuda 安装到 %1
</translation>
    </message>
    <message>
        <source>To register the bundled CUDA C++ kernel with Jupyter: cumulus kernels install cuda [--user] (see cumulus kernels install --help).</source>
        <translation>要向 Jupyter 注册随附的 CUDA C++ 内核，请运行：cumulus kernels install cuda [--user]（参见 cumulus kernels install --help）。</translation>
    </message>
    <message>
        <source>List the kernels of this server instead, over SSH: an ssh config Host, a server added in the app, or [user@]host[:port].</source>
        <translation>改为通过 SSH 列出此服务器上的内核：可以是 ssh 配置中的 Host、在应用中添加的服务器，或 [user@]host[:port]。</translation>
    </message>
    <message>
        <source>(yes/no)</source>
        <translation>（yes/no，也可输入 是/否）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>connecting to %1 %2</source>
        <translation>正在连接到 %1，%2</translation>
    </message>
    <message>
        <source>cumulus %1: unexpected argument &apos;%2&apos; (see cumulus %1 --help)</source>
        <translation>cumulus %1: 意外的参数 &apos;%2&apos;（参见 cumulus %1 --help）</translation>
    </message>
    <message>
        <source>List the servers Cumulus can run kernels on: the hosts of your ssh config ($CUMULUS_SSH_CONFIG or ~/.ssh/config, where `gcloud compute config-ssh` writes its VMs) and the servers added in the app. Any [user@]host[:port] works too.</source>
        <translation>列出 Cumulus 可以在其上运行内核的服务器：ssh 配置（$CUMULUS_SSH_CONFIG 或 ~/.ssh/config，`gcloud compute config-ssh` 会将其虚拟机写入此文件）中的主机，以及在应用中添加的服务器。也可以直接使用任意 [user@]host[:port]。</translation>
    </message>
    <message>
        <source>Print JSON.</source>
        <translation>输出 JSON。</translation>
    </message>
    <message>
        <source>cumulus servers: warning: %1</source>
        <translation>cumulus servers: 警告：%1</translation>
    </message>
    <message>
        <source>No servers. Add Host entries to %1, or use [user@]host[:port] directly.
</source>
        <translation>没有服务器。请在 %1 中添加 Host 条目，或直接使用 [user@]host[:port]。
</translation>
    </message>
    <message>
        <source>ADDRESS</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>JUMP HOST</source>
        <translation>跳板机</translation>
    </message>
    <message>
        <source>FROM</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>List the kernels Cumulus started on a server (they keep running when Cumulus quits or the connection drops). Without --server: on every server Cumulus has started kernels on.</source>
        <translation>列出 Cumulus 在服务器上启动的内核（Cumulus 退出或连接断开后，这些内核仍会继续运行）。不指定 --server 时：列出 Cumulus 启动过内核的所有服务器上的内核。</translation>
    </message>
    <message>
        <source>The server: an ssh config Host, a server added in the app, or [user@]host[:port].</source>
        <translation>服务器：可以是 ssh 配置中的 Host、在应用中添加的服务器，或 [user@]host[:port]。</translation>
    </message>
    <message>
        <source>Shut down kernel ID on the server (e.g. an orphan).</source>
        <translation>关闭服务器上标识为 ID 的内核（例如孤立的内核）。</translation>
    </message>
    <message>
        <source>cumulus ps: --shutdown needs --server NAME</source>
        <translation>cumulus ps: --shutdown 需要同时指定 --server NAME</translation>
    </message>
    <message>
        <source>Cumulus has started no kernels on servers yet (see --server NAME).
</source>
        <translation>Cumulus 尚未在任何服务器上启动内核（参见 --server NAME）。
</translation>
    </message>
    <message>
        <source>cumulus ps: %1</source>
        <translation>cumulus ps: 错误：%1</translation>
    </message>
    <message>
        <source>kernel %1 on %2 shut down</source>
        <translation>%2 上的内核 %1 已关闭</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>No kernels.
</source>
        <translation>没有内核。
</translation>
    </message>
    <message>
        <source>SERVER</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>KERNEL</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>STARTED</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <source>MEMORY</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>NOTEBOOK</source>
        <translation>笔记本</translation>
    </message>
    <message>
        <source>cumulus kernels: %1</source>
        <translation>cumulus kernels: 错误：%1</translation>
    </message>
    <message>
        <source>%1 has no Jupyter kernels.%2
</source>
        <translation>%1 上没有 Jupyter 内核。%2
</translation>
    </message>
    <message>
        <source>Install one there: %1</source>
        <translation>请在该服务器上安装一个：%1</translation>
    </message>
    <message>
        <source>Run on a kernel on this server, over SSH: an ssh config Host, a server added in the app, or [user@]host[:port].</source>
        <translation>通过 SSH 在此服务器的内核上运行：可以是 ssh 配置中的 Host、在应用中添加的服务器，或 [user@]host[:port]。</translation>
    </message>
    <message>
        <source>With --server: the kernel&apos;s working directory there (default: the home directory).</source>
        <translation>与 --server 一起使用：内核在该服务器上的工作目录（默认：主目录）。</translation>
    </message>
    <message>
        <source>cumulus run: %1</source>
        <translation>cumulus run: 错误：%1</translation>
    </message>
    <message>
        <source>Copy files and folders to or from a server, like scp ([-r] [--resume] [--verify] SRC... DST; NAME:PATH is on a server)</source>
        <translation>在本机与服务器之间复制文件和文件夹，用法同 scp（[-r] [--resume] [--verify] SRC... DST；NAME:PATH 表示服务器上的路径）</translation>
    </message>
    <message>
        <source>cannot look at %1 on the server: %2</source>
        <translation>无法查看服务器上的 %1：%2</translation>
    </message>
    <message>
        <source>%1 ETA</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Copy files and folders to or from a server over SFTP, like scp. A remote operand is NAME:PATH (NAME: an ssh config Host, a server added in the app, or [user@]host), [user@][host:port]:PATH or scp://[user@]host[:port]/PATH; PATH is relative to the home folder unless it starts with &apos;/&apos;. A path with a &apos;/&apos; before its first &apos;:&apos; is local. One side must be local and the other on a server.
Each file is written as NAME.cumulus-part and renamed when complete; after a failure or Ctrl+C, run the same command with --resume to go on where it stopped.</source>
        <translation>通过 SFTP 在本机与服务器之间复制文件和文件夹，用法同 scp。远程操作数写作 NAME:PATH（NAME 为 ssh config 中的 Host、在应用中添加的服务器或 [user@]host）、[user@][host:port]:PATH 或 scp://[user@]host[:port]/PATH；PATH 除非以“/”开头，否则相对于主文件夹。第一个“:”之前含有“/”的路径是本地路径。一侧必须是本机，另一侧必须在服务器上。
每个文件先写为 NAME.cumulus-part，完成后再重命名；失败或按 Ctrl+C 之后，加 --resume 再运行同一命令即可从中断处继续。</translation>
    </message>
    <message>
        <source>Files or folders to copy.</source>
        <translation>要复制的文件或文件夹。</translation>
    </message>
    <message>
        <source>The new name, or an existing folder to copy into (which several SRC need).</source>
        <translation>新名称，或要复制到其中的已有文件夹（有多个 SRC 时必须如此）。</translation>
    </message>
    <message>
        <source>Copy folders with everything in them.</source>
        <translation>复制文件夹及其全部内容。</translation>
    </message>
    <message>
        <source>Complete the NAME.cumulus-part files an interrupted copy left instead of starting again.</source>
        <translation>接着完成中断的复制留下的 NAME.cumulus-part 文件，而不是从头开始。</translation>
    </message>
    <message>
        <source>Compare each file&apos;s sha256 with the server&apos;s `sha256sum` of it.</source>
        <translation>将每个文件的 sha256 与服务器上 `sha256sum` 的结果比较。</translation>
    </message>
    <message>
        <source>No progress bar (there is none when stderr is not a terminal).</source>
        <translation>不显示进度条（stderr 不是终端时本来就没有）。</translation>
    </message>
    <message>
        <source>give at least one SRC and a DST (see cumulus cp --help)</source>
        <translation>请至少给出一个 SRC 和一个 DST（见 cumulus cp --help）</translation>
    </message>
    <message>
        <source>copying from a server to a server is not supported: one side must be local</source>
        <translation>不支持从服务器复制到服务器：一侧必须是本机</translation>
    </message>
    <message>
        <source>no operand is on a server (NAME:PATH): one side must be remote; use cp for local copies</source>
        <translation>没有位于服务器上的操作数（NAME:PATH）：一侧必须是远程；本地复制请用 cp</translation>
    </message>
    <message>
        <source>the sources must all be local or all on the server</source>
        <translation>源必须全部在本机或全部在服务器上</translation>
    </message>
    <message>
        <source>the sources must all be on one server (%1 and %2)</source>
        <translation>源必须全部在同一台服务器上（%1 与 %2）</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>%1: no such folder</source>
        <translation>%1：没有这个文件夹</translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation>%1 不是文件夹</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1：没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>%1 is a folder (use -r)</source>
        <translation>%1 是文件夹（请用 -r）</translation>
    </message>
    <message>
        <source>%1: the connection to %2 is gone</source>
        <translation>%1：与 %2 的连接已断开</translation>
    </message>
    <message>
        <source>skipped %1 (a symbolic link out of the folder or to a folder, or not a regular file)</source>
        <translation>已跳过 %1（指向文件夹之外或指向文件夹的符号链接，或不是普通文件）</translation>
    </message>
    <message>
        <source>cancelled; the unfinished file stays as NAME.cumulus-part: run the same command with --resume to go on</source>
        <translation>已取消；未完成的文件保留为 NAME.cumulus-part：加 --resume 再运行同一命令即可继续</translation>
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
    <name>cumulus::HtmlExport</name>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>cannot write the HTML output</source>
        <translation>无法写入 HTML 输出</translation>
    </message>
    <message>
        <source>[no renderer for output type %1]</source>
        <translation>[没有可显示输出类型 %1 的渲染器]</translation>
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
    <message>
        <source>One self-contained HTML file that opens offline</source>
        <translation>可离线打开的单个自包含 HTML 文件</translation>
    </message>
    <message>
        <source>A PDF rendered by Cumulus (no LaTeX needed)</source>
        <translation>由 Cumulus 渲染的 PDF（无需 LaTeX）</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>&amp;Servers</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>Where the kernel runs; its working directory there: %1</source>
        <translation>内核的运行位置；内核在该处的工作目录：%1</translation>
    </message>
    <message>
        <source>Export as HTML</source>
        <translation>导出为 HTML</translation>
    </message>
    <message>
        <source>HTML files (*.html *.htm)</source>
        <translation>HTML 文件 (*.html *.htm)</translation>
    </message>
    <message>
        <source>Export as PDF</source>
        <translation>导出为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>&amp;Transfers</source>
        <translation>传输(&amp;T)</translation>
    </message>
    <message>
        <source>Cumulus cannot open %1 on %2:

%3</source>
        <translation>Cumulus 无法打开 %2 上的 %1：

%3</translation>
    </message>
    <message>
        <source>Opening %1 on %2…</source>
        <translation>正在打开 %2 上的 %1…</translation>
    </message>
    <message>
        <source>%1 is a folder</source>
        <translation>%1 是文件夹</translation>
    </message>
    <message>
        <source>the connection to the server is gone</source>
        <translation>与服务器的连接已断开</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Saving %1 to %2…</source>
        <translation>正在将 %1 保存到 %2…</translation>
    </message>
    <message>
        <source>Saved %1 on %2</source>
        <translation>已将 %1 保存到 %2</translation>
    </message>
    <message>
        <source>Cumulus cannot save %1 on %2:

%3

%4 To keep them on this computer, use File ▸ Save As.</source>
        <translation>Cumulus 无法将 %1 保存到 %2：

%3

%4 若要保存在本机，请使用“文件 ▸ 另存为”。</translation>
    </message>
    <message>
        <source>Your changes are kept in this window and in its recovery copy.</source>
        <translation>您的修改保留在此窗口及其恢复副本中。</translation>
    </message>
    <message>
        <source>Your changes are kept in this window (the recovery copy failed: %1).</source>
        <translation>您的修改保留在此窗口中（恢复副本写入失败：%1）。</translation>
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
    <message>
        <source>Local</source>
        <translation>本地</translation>
    </message>
    <message>
        <source>%1 is not a notebook on a server</source>
        <translation>%1 不是服务器上的笔记本</translation>
    </message>
    <message>
        <source>cannot write %1 on %2: the connection to the server is gone</source>
        <translation>无法写入 %2 上的 %1：与服务器的连接已断开</translation>
    </message>
    <message>
        <source>%1 is on a server: it is saved there with saveRemote()</source>
        <translation>%1 在服务器上：应使用 saveRemote() 保存到那里</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
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
    <name>cumulus::PdfExport</name>
    <message>
        <source>cannot start the PDF</source>
        <translation>无法开始生成 PDF</translation>
    </message>
    <message>
        <source>export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>cannot finish the PDF</source>
        <translation>无法完成 PDF 的生成</translation>
    </message>
    <message>
        <source>[no renderer for output type %1]</source>
        <translation>[没有可显示输出类型 %1 的渲染器]</translation>
    </message>
    <message>
        <source>[cannot display %1: invalid data]</source>
        <translation>[无法显示 %1：数据无效]</translation>
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
    <name>cumulus::RemoteFileModel</name>
    <message>
        <source>%1 (a link)</source>
        <translation>%1（链接）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
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
    <name>cumulus::ServerDock</name>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Open a notebook first: the kernel is chosen for the current notebook.</source>
        <translation>请先打开一个笔记本：内核是为当前笔记本选择的。</translation>
    </message>
    <message>
        <source>Open a notebook first: the kernel is attached to the current notebook.</source>
        <translation>请先打开一个笔记本：内核将附加到当前笔记本。</translation>
    </message>
</context>
<context>
    <name>cumulus::ServerPanel</name>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开连接</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Use for Notebook</source>
        <translation>用于笔记本</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>附加</translation>
    </message>
    <message>
        <source>Shut Down</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Add Server…</source>
        <translation>添加服务器…</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Connect to the selected server over SSH and show its kernels and GPUs</source>
        <translation>通过 SSH 连接到所选服务器，并显示其内核和 GPU</translation>
    </message>
    <message>
        <source>Run the current notebook on a kernel of the selected machine</source>
        <translation>在所选机器的内核上运行当前笔记本</translation>
    </message>
    <message>
        <source>Connect the current notebook to the selected running kernel</source>
        <translation>将当前笔记本连接到所选的正在运行的内核</translation>
    </message>
    <message>
        <source>Shut down the selected kernel on its server</source>
        <translation>关闭所选内核（在其所在服务器上）</translation>
    </message>
    <message>
        <source>home directory</source>
        <translation>主目录</translation>
    </message>
    <message>
        <source>Where kernels started on the selected server run</source>
        <translation>在所选服务器上启动的内核的运行位置</translation>
    </message>
    <message>
        <source>Working directory:</source>
        <translation>工作目录：</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>local</source>
        <translation>本地</translation>
    </message>
    <message>
        <source>looking for GPUs…</source>
        <translation>正在查找 GPU…</translation>
    </message>
    <message>
        <source>Kernels (%1)</source>
        <translation>内核（%1）</translation>
    </message>
    <message>
        <source>%1 — %2 — %3</source>
        <translation>%1 — %2 — 内存 %3</translation>
    </message>
    <message>
        <source>Process %1, %2 in memory</source>
        <translation>进程 %1，占用内存 %2</translation>
    </message>
    <message numerus="yes">
        <source>CPU: %n core(s), load %1</source>
        <translation>
            <numerusform>CPU：%n 个核心，负载 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Memory: %1 free of %2</source>
        <translation>内存：可用 %1，共 %2</translation>
    </message>
    <message>
        <source>No GPU</source>
        <translation>无 GPU</translation>
    </message>
    <message>
        <source>GPUs (%1)</source>
        <translation>GPU（%1）</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>已用 %1，共 %2</translation>
    </message>
    <message>
        <source>%1% busy</source>
        <translation>利用率 %1%</translation>
    </message>
    <message>
        <source>%1 — %2 — since %3, %4</source>
        <translation>%1 — %2 — 自 %3 起运行，内存 %4</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已终止</translation>
    </message>
    <message>
        <source>Started %1 in %2; process %3, %4 in memory</source>
        <translation>%1 启动，工作目录 %2；进程 %3，占用内存 %4</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Route: %1</source>
        <translation>连接方式：%1</translation>
    </message>
    <message>
        <source>Route: through the jump host %1 (OpenSSH&apos;s ssh -W)</source>
        <translation>连接方式：经由跳板机 %1（OpenSSH 的 ssh -W）</translation>
    </message>
    <message>
        <source>Route: through the ProxyCommand &quot;%1&quot;</source>
        <translation>连接方式：经由 ProxyCommand“%1”</translation>
    </message>
    <message>
        <source>No kernels installed</source>
        <translation>未安装任何内核</translation>
    </message>
    <message>
        <source>No kernels on this server</source>
        <translation>此服务器上没有内核</translation>
    </message>
    <message>
        <source>Shut Down Kernel</source>
        <translation>关闭内核</translation>
    </message>
    <message>
        <source>Shut down the kernel &quot;%1&quot; on %2? Whatever it holds in memory is lost.</source>
        <translation>关闭 %2 上的内核“%1”？其内存中的所有内容都将丢失。</translation>
    </message>
    <message>
        <source>Add Server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>address or host name</source>
        <translation>地址或主机名</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>您的用户名</translation>
    </message>
    <message>
        <source>~/.ssh/id_ed25519 (optional)</source>
        <translation>~/.ssh/id_ed25519（可选）</translation>
    </message>
    <message>
        <source>user@jump-host (optional)</source>
        <translation>user@jump-host（可选）</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Key file:</source>
        <translation>密钥文件：</translation>
    </message>
    <message>
        <source>Jump host:</source>
        <translation>跳板机：</translation>
    </message>
    <message>
        <source>Passwords and passphrases are asked when connecting and kept only in your system&apos;s keyring, never in Cumulus&apos;s settings.</source>
        <translation>密码和口令会在连接时询问，并且只保存在系统密钥环中，绝不会保存在 Cumulus 的设置中。</translation>
    </message>
</context>
<context>
    <name>cumulus::SshPrompts</name>
    <message>
        <source>Unknown Server %1</source>
        <translation>未知服务器 %1</translation>
    </message>
    <message>
        <source>Compare the fingerprint with the one your cloud console or administrator shows before you accept.</source>
        <translation>接受之前，请将此指纹与云控制台或管理员提供的指纹进行比对。</translation>
    </message>
    <message>
        <source>Log in to %1</source>
        <translation>登录到 %1</translation>
    </message>
    <message>
        <source>Remember in the system keyring</source>
        <translation>保存到系统密钥环</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>密钥环</translation>
    </message>
    <message>
        <source>The secret was used but not remembered: %1</source>
        <translation>凭据已使用，但未能记住：%1</translation>
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
    <name>cumulus::TransferDock</name>
    <message>
        <source>Transfers</source>
        <translation>传输</translation>
    </message>
</context>
<context>
    <name>cumulus::TransferPanel</name>
    <message>
        <source>Upload ↓</source>
        <translation>上传 ↓</translation>
    </message>
    <message>
        <source>Upload →</source>
        <translation>上传 →</translation>
    </message>
    <message>
        <source>Download ↑</source>
        <translation>下载 ↑</translation>
    </message>
    <message>
        <source>← Download</source>
        <translation>← 下载</translation>
    </message>
    <message>
        <source>Up one folder</source>
        <translation>上一级文件夹</translation>
    </message>
    <message>
        <source>Your home folder</source>
        <translation>您的主文件夹</translation>
    </message>
    <message>
        <source>The folder on this computer; type a path and press Enter</source>
        <translation>本机上的文件夹；输入路径后按 Enter</translation>
    </message>
    <message>
        <source>Copy the selected files and folders to the server folder shown on the right</source>
        <translation>将选中的文件和文件夹复制到右侧显示的服务器文件夹</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Choose a server…</source>
        <translation>选择服务器…</translation>
    </message>
    <message>
        <source>The server whose files are shown (its own SSH connection, apart from the kernels&apos;)</source>
        <translation>显示其文件的服务器（使用独立的 SSH 连接，与内核的连接分开）</translation>
    </message>
    <message>
        <source>Copy the selected server files and folders to the folder shown on the left</source>
        <translation>将选中的服务器文件和文件夹复制到左侧显示的文件夹</translation>
    </message>
    <message>
        <source>Your home folder on the server</source>
        <translation>您在服务器上的主文件夹</translation>
    </message>
    <message>
        <source>Kernel&apos;s folder</source>
        <translation>内核所在文件夹</translation>
    </message>
    <message>
        <source>List the folder again</source>
        <translation>重新列出文件夹</translation>
    </message>
    <message>
        <source>The folder on the server; type a path and press Enter</source>
        <translation>服务器上的文件夹；输入路径后按 Enter</translation>
    </message>
    <message>
        <source>New Folder…</source>
        <translation>新建文件夹…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the selected item (F2)</source>
        <translation>重命名选中的项目（F2）</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the selected items on the server, folders with everything in them</source>
        <translation>删除服务器上选中的项目，文件夹连同其全部内容</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>保留两者</translation>
    </message>
    <message>
        <source>What to do when a file of the same name is already there; &quot;Keep both&quot; writes &quot;name (1).ext&quot;</source>
        <translation>已有同名文件时如何处理；“保留两者”会写入“name (1).ext”</translation>
    </message>
    <message>
        <source>Verify checksums</source>
        <translation>校验和检查</translation>
    </message>
    <message>
        <source>After each file, compare its SHA-256 with the copy&apos;s</source>
        <translation>每个文件完成后，将其 SHA-256 与副本的比较</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the selected transfers (what was copied stays, for a retry)</source>
        <translation>停止选中的传输（已复制的部分保留，供重试使用）</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Queue the selected failed or cancelled transfers again; they go on where they stopped</source>
        <translation>将选中的失败或已取消的传输重新加入队列；它们会从中断处继续</translation>
    </message>
    <message>
        <source>Clear Finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <source>Remove finished transfers from the queue (the history keeps them)</source>
        <translation>从队列中移除已完成的传输（历史中仍保留）</translation>
    </message>
    <message>
        <source>If a file exists:</source>
        <translation>文件已存在时：</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>新建文件夹</translation>
    </message>
    <message>
        <source>New folder in %1:</source>
        <translation>在 %1 中新建文件夹：</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; on %2? Folders are deleted with everything in them; this cannot be undone.</source>
        <translation>删除 %2 上的“%1”？文件夹会连同其全部内容一起删除；此操作无法撤销。</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n items on %1? Folders are deleted with everything in them; this cannot be undone.</source>
        <translation>
            <numerusform>删除 %1 上的 %n 个项目？文件夹会连同其全部内容一起删除；此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete on Server</source>
        <translation>在服务器上删除</translation>
    </message>
    <message>
        <source>Show Hidden Files</source>
        <translation>显示隐藏文件</translation>
    </message>
    <message>
        <source>Upload to %1</source>
        <translation>上传到 %1</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open Notebook</source>
        <translation>打开笔记本</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Choose a server to see its files.</source>
        <translation>选择一台服务器以查看其文件。</translation>
    </message>
    <message>
        <source>No servers: add one in the Servers panel or in ~/.ssh/config.</source>
        <translation>没有服务器：请在“服务器”面板或 ~/.ssh/config 中添加。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Reconnecting to %1…</source>
        <translation>正在重新连接 %1…</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
    <message>
        <source>Disconnected from %1.</source>
        <translation>已与 %1 断开连接。</translation>
    </message>
    <message>
        <source>Listing %1…</source>
        <translation>正在列出 %1…</translation>
    </message>
    <message>
        <source>The folder the notebook&apos;s kernel runs in, once it runs on a server</source>
        <translation>笔记本内核运行所在的文件夹（内核在服务器上运行后可用）</translation>
    </message>
    <message>
        <source>The folder the notebook&apos;s kernel runs in: %1 on %2</source>
        <translation>笔记本内核运行所在的文件夹：%2 上的 %1</translation>
    </message>
    <message>
        <source>the home folder</source>
        <translation>主文件夹</translation>
    </message>
    <message>
        <source>No transfers</source>
        <translation>没有传输</translation>
    </message>
    <message>
        <source>%1 of %2 finished</source>
        <translation>已完成 %1 / %2</translation>
    </message>
    <message>
        <source>%1 → %2:%3</source>
        <translation>%1 → %2:%3</translation>
    </message>
    <message>
        <source>%1:%2 → %3</source>
        <translation>%1:%2 → %3</translation>
    </message>
    <message>
        <source>Done, %1</source>
        <translation>完成，%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 of %2 done, %3 failed</source>
        <translation>成功 %1 / %2，失败 %3</translation>
    </message>
</context>
<context>
    <name>cumulus::TransferQueue</name>
    <message>
        <source>The connection to %1 is gone.</source>
        <translation>与 %1 的连接已断开。</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>Time Left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Upload to %1
%2
→ %3</source>
        <translation>上传到 %1
%2
→ %3</translation>
    </message>
    <message>
        <source>Download from %1
%2
→ %3</source>
        <translation>从 %1 下载
%2
→ %3</translation>
    </message>
    <message>
        <source>Copying %1</source>
        <translation>正在复制 %1</translation>
    </message>
    <message>
        <source>%1/s, %2 left</source>
        <translation>%1/秒，剩余 %2</translation>
    </message>
    <message>
        <source>unknown time</source>
        <translation>未知时间</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>%1 → %2:%3</source>
        <translation>%1 → %2:%3</translation>
    </message>
    <message>
        <source>%1:%2 → %3</source>
        <translation>%1:%2 → %3</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Done, %n skipped</source>
        <translation>
            <numerusform>完成，跳过 %n 个</numerusform>
        </translation>
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
    <message>
        <source>the connection to the kernel was lost while this cell ran; output it produced meanwhile may be missing</source>
        <translation>此单元格运行期间与内核的连接中断；其间产生的输出可能会缺失</translation>
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
<context>
    <name>cumulus::remote::HostKeys</name>
    <message>
        <source>cannot encode the host key</source>
        <translation>无法编码主机密钥</translation>
    </message>
    <message>
        <source>cannot create the directory</source>
        <translation>无法创建目录</translation>
    </message>
    <message>
        <source>cannot open for writing: %1</source>
        <translation>无法打开以写入：%1</translation>
    </message>
    <message>
        <source>cannot write: %1</source>
        <translation>无法写入：%1</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::RemoteFileSystem</name>
    <message>
        <source>%1 %2 on the server: %3</source>
        <translation>%1服务器上的 %2：%3</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>not connected to %1</source>
        <translation>未连接到 %1</translation>
    </message>
    <message>
        <source>the connection to %1 was lost (Cumulus keeps trying to reconnect)</source>
        <translation>与 %1 的连接已断开（Cumulus 会继续尝试重新连接）</translation>
    </message>
    <message>
        <source>cannot resolve</source>
        <translation>无法解析</translation>
    </message>
    <message>
        <source>cannot list</source>
        <translation>无法列出</translation>
    </message>
    <message>
        <source>cannot read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>cannot read %1 on the server: it is a folder</source>
        <translation>无法读取服务器上的 %1：它是文件夹</translation>
    </message>
    <message>
        <source>cannot read %1 on the server: it is not a file</source>
        <translation>无法读取服务器上的 %1：它不是文件</translation>
    </message>
    <message>
        <source>cannot read %1 on the server: it is %2, more than the %3 Cumulus reads</source>
        <translation>无法读取服务器上的 %1：它有 %2，超过了 Cumulus 读取的上限 %3</translation>
    </message>
    <message>
        <source>cannot write</source>
        <translation>无法写入</translation>
    </message>
    <message>
        <source>cannot write %1 on the server: a folder has that name</source>
        <translation>无法写入服务器上的 %1：已有同名文件夹</translation>
    </message>
    <message>
        <source>cannot set the permissions of</source>
        <translation>无法设置权限：</translation>
    </message>
    <message>
        <source>cannot create the folder</source>
        <translation>无法创建文件夹</translation>
    </message>
    <message>
        <source>cannot remove</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <source>cannot remove %1 on the server: the folder is not empty</source>
        <translation>无法删除服务器上的 %1：文件夹不是空的</translation>
    </message>
    <message>
        <source>cannot rename</source>
        <translation>无法重命名</translation>
    </message>
    <message>
        <source>cannot rename %1 on the server: %2 already exists</source>
        <translation>无法重命名服务器上的 %1：%2 已存在</translation>
    </message>
    <message>
        <source>cannot rename %1 to</source>
        <translation>无法将 %1 重命名为</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::RemoteHost</name>
    <message>
        <source>%1 answered without a kernel id</source>
        <translation>%1 的应答中没有内核 ID</translation>
    </message>
    <message>
        <source>%1 has no %2, which Cumulus needs to start Jupyter kernels. Install it there: sudo apt-get install -y python3 python3-ipykernel</source>
        <translation>%1 上没有 %2，而 Cumulus 需要它来启动 Jupyter 内核。请在该服务器上安装：sudo apt-get install -y python3 python3-ipykernel</translation>
    </message>
    <message>
        <source>the Cumulus helper failed on %1 (exit status %2): %3</source>
        <translation>Cumulus 辅助程序在 %1 上运行失败（退出状态 %2）：%3</translation>
    </message>
    <message>
        <source>%1 answered something Cumulus cannot read: %2</source>
        <translation>%1 返回了 Cumulus 无法读取的应答：%2</translation>
    </message>
    <message>
        <source>Install it on the server: %1</source>
        <translation>请在服务器上安装：%1</translation>
    </message>
    <message>
        <source>no GPU (nvidia-smi is not installed)</source>
        <translation>无 GPU（未安装 nvidia-smi）</translation>
    </message>
    <message>
        <source>no GPU (nvidia-smi: %1)</source>
        <translation>无 GPU（nvidia-smi：%1）</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::RemoteKernel</name>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>kernel %1 on %2 is no longer running</source>
        <translation>%2 上的内核 %1 已不再运行</translation>
    </message>
    <message>
        <source>%1 did not say how to reach the kernel</source>
        <translation>%1 未告知如何连接到内核</translation>
    </message>
    <message>
        <source>the kernel was restarted</source>
        <translation>内核已重启</translation>
    </message>
    <message>
        <source>the kernel was shut down</source>
        <translation>内核已关闭</translation>
    </message>
    <message>
        <source>the kernel on %1 died</source>
        <translation>%1 上的内核已终止</translation>
    </message>
    <message>
        <source>the connection to the server was closed</source>
        <translation>与服务器的连接已关闭</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::SecretStore</name>
    <message>
        <source>no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)</source>
        <translation>没有 D-Bus 会话总线（未设置 DBUS_SESSION_BUS_ADDRESS）</translation>
    </message>
    <message>
        <source>cannot connect to the D-Bus session bus: %1</source>
        <translation>无法连接到 D-Bus 会话总线：%1</translation>
    </message>
    <message>
        <source>no Secret Service (e.g. GNOME Keyring or KWallet) on the D-Bus session bus</source>
        <translation>D-Bus 会话总线上没有 Secret Service（例如 GNOME Keyring 或 KWallet）</translation>
    </message>
    <message>
        <source>no OS keyring available: %1</source>
        <translation>没有可用的系统密钥环：%1</translation>
    </message>
    <message>
        <source>access to the OS keyring was denied (%1)</source>
        <translation>访问系统密钥环被拒绝（%1）</translation>
    </message>
    <message>
        <source>the OS keyring refused access to %1 (is it locked?): %2</source>
        <translation>系统密钥环拒绝访问 %1（是否已锁定？）：%2</translation>
    </message>
    <message>
        <source>the OS keyring failed for %1: %2</source>
        <translation>系统密钥环处理 %1 时出错：%2</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::ServerRegistry</name>
    <message>
        <source>&quot;%1&quot; is not a valid server name: %2</source>
        <translation>“%1”不是有效的服务器名称：%2</translation>
    </message>
    <message>
        <source>no server name given</source>
        <translation>未指定服务器名称</translation>
    </message>
    <message>
        <source>it contains a space</source>
        <translation>其中包含空格</translation>
    </message>
    <message>
        <source>bad user name &quot;%1&quot;</source>
        <translation>无效的用户名“%1”</translation>
    </message>
    <message>
        <source>missing &quot;]&quot;</source>
        <translation>缺少“]”</translation>
    </message>
    <message>
        <source>unexpected &quot;%1&quot; after &quot;]&quot;</source>
        <translation>“]”之后出现意外的“%1”</translation>
    </message>
    <message>
        <source>no port after &quot;:&quot;</source>
        <translation>“:”之后没有端口号</translation>
    </message>
    <message>
        <source>no host name</source>
        <translation>没有主机名</translation>
    </message>
    <message>
        <source>bad host name &quot;%1&quot;</source>
        <translation>无效的主机名“%1”</translation>
    </message>
    <message>
        <source>the port must be a number from 1 to 65535, not &quot;%1&quot;</source>
        <translation>端口必须是 1 到 65535 之间的数字，而不是“%1”</translation>
    </message>
    <message>
        <source>added in Cumulus</source>
        <translation>在 Cumulus 中添加</translation>
    </message>
    <message>
        <source>cannot save the servers to %1</source>
        <translation>无法将服务器保存到 %1</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <source>a server needs a name</source>
        <translation>服务器需要一个名称</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is already a Host in the ssh configuration (%2)</source>
        <translation>“%1”已是 ssh 配置中的 Host（%2）</translation>
    </message>
    <message>
        <source>server &quot;%1&quot; needs a host name or address</source>
        <translation>服务器“%1”需要主机名或地址</translation>
    </message>
    <message>
        <source>server &quot;%1&quot;: bad host name &quot;%2&quot;</source>
        <translation>服务器“%1”：无效的主机名“%2”</translation>
    </message>
    <message>
        <source>server &quot;%1&quot;: bad user name &quot;%2&quot;</source>
        <translation>服务器“%1”：无效的用户名“%2”</translation>
    </message>
    <message>
        <source>server &quot;%1&quot;: the port must be from 1 to 65535, not %2</source>
        <translation>服务器“%1”：端口必须在 1 到 65535 之间，而不是 %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; comes from the ssh configuration (%2); edit that file to remove it</source>
        <translation>“%1”来自 ssh 配置（%2）；请编辑该文件以将其删除</translation>
    </message>
    <message>
        <source>no server named &quot;%1&quot; was added in Cumulus</source>
        <translation>没有在 Cumulus 中添加名为“%1”的服务器</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::SftpConnection</name>
    <message>
        <source>cannot start SFTP on the server: %1</source>
        <translation>无法在服务器上启动 SFTP：%1</translation>
    </message>
    <message>
        <source>cannot resolve</source>
        <translation>无法解析</translation>
    </message>
    <message>
        <source>the connection was lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限被拒绝</translation>
    </message>
    <message>
        <source>no such file or directory</source>
        <translation>没有这个文件或目录</translation>
    </message>
    <message>
        <source>no space left on the device</source>
        <translation>设备上没有剩余空间</translation>
    </message>
    <message>
        <source>%1 %2 on the server: %3</source>
        <translation>%1服务器上的 %2：%3</translation>
    </message>
    <message>
        <source>cannot write</source>
        <translation>无法写入</translation>
    </message>
    <message>
        <source>cannot write %1 on the server: a folder has that name</source>
        <translation>无法写入服务器上的 %1：已有同名文件夹</translation>
    </message>
    <message>
        <source>cannot replace</source>
        <translation>无法替换</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::SftpTransfer</name>
    <message>
        <source>permission denied</source>
        <translation>权限被拒绝</translation>
    </message>
    <message>
        <source>no space left on the device</source>
        <translation>设备上没有剩余空间</translation>
    </message>
    <message>
        <source>no such file or directory</source>
        <translation>没有这个文件或目录</translation>
    </message>
    <message>
        <source>the transfer was cancelled</source>
        <translation>传输已取消</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source>cannot read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>cannot list</source>
        <translation>无法列出</translation>
    </message>
    <message>
        <source>cannot create the folder</source>
        <translation>无法创建文件夹</translation>
    </message>
    <message>
        <source>cannot write</source>
        <translation>无法写入</translation>
    </message>
    <message>
        <source>%1 on the server got shorter while it was copied</source>
        <translation>服务器上的 %1 在复制期间变短了</translation>
    </message>
    <message>
        <source>%1 changed size while it was copied</source>
        <translation>%1 在复制期间大小发生了变化</translation>
    </message>
    <message>
        <source>cannot set the permissions and time of</source>
        <translation>无法设置权限和时间：</translation>
    </message>
    <message>
        <source>%1 on the server grew while it was copied</source>
        <translation>服务器上的 %1 在复制期间变大了</translation>
    </message>
    <message>
        <source>cannot checksum</source>
        <translation>无法计算校验和</translation>
    </message>
    <message>
        <source>cannot checksum %1 on the server: %2</source>
        <translation>无法计算服务器上 %1 的校验和：%2</translation>
    </message>
    <message>
        <source>%1: the copy&apos;s sha256 differs from the original&apos;s</source>
        <translation>%1：副本的 sha256 与原件不同</translation>
    </message>
    <message>
        <source>not connected to the server</source>
        <translation>未连接到服务器</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::SshConfig</name>
    <message>
        <source>a line without a keyword</source>
        <translation>该行没有关键字</translation>
    </message>
    <message>
        <source>no value after &quot;%1&quot;</source>
        <translation>“%1”之后没有值</translation>
    </message>
    <message>
        <source>unterminated quote</source>
        <translation>引号未闭合</translation>
    </message>
    <message>
        <source>&quot;Match all&quot; must stand alone; the block is skipped</source>
        <translation>“Match all”必须单独使用；已跳过该块</translation>
    </message>
    <message>
        <source>unknown Match criterion &quot;%1&quot;; the block is skipped</source>
        <translation>未知的 Match 条件“%1”；已跳过该块</translation>
    </message>
    <message>
        <source>&quot;Match %1&quot; is not supported by Cumulus; the block is skipped</source>
        <translation>Cumulus 不支持“Match %1”；已跳过该块</translation>
    </message>
    <message>
        <source>&quot;Match %1&quot; needs a pattern; the block is skipped</source>
        <translation>“Match %1”需要一个模式；已跳过该块</translation>
    </message>
    <message>
        <source>Include nested more than %1 deep; ignored</source>
        <translation>Include 嵌套超过 %1 层；已忽略</translation>
    </message>
    <message>
        <source>cannot read included file %1: %2</source>
        <translation>无法读取包含的文件 %1：%2</translation>
    </message>
    <message>
        <source>bad port number &quot;%1&quot;</source>
        <translation>无效的端口号“%1”</translation>
    </message>
    <message>
        <source>IdentitiesOnly must be yes or no, not &quot;%1&quot;</source>
        <translation>IdentitiesOnly 必须为 yes 或 no，而不是“%1”</translation>
    </message>
    <message>
        <source>bad time &quot;%1&quot; for ServerAliveInterval</source>
        <translation>ServerAliveInterval 的时间值“%1”无效</translation>
    </message>
    <message>
        <source>bad time &quot;%1&quot; for ConnectTimeout</source>
        <translation>ConnectTimeout 的时间值“%1”无效</translation>
    </message>
    <message>
        <source>bad StrictHostKeyChecking value &quot;%1&quot;</source>
        <translation>无效的 StrictHostKeyChecking 值“%1”</translation>
    </message>
    <message>
        <source>invalid ProxyJump &quot;%1&quot;</source>
        <translation>无效的 ProxyJump“%1”</translation>
    </message>
    <message>
        <source>cannot read the ssh configuration: %1</source>
        <translation>无法读取 ssh 配置：%1</translation>
    </message>
</context>
<context>
    <name>cumulus::remote::SshSession</name>
    <message>
        <source>the connection was closed</source>
        <translation>连接已关闭</translation>
    </message>
    <message>
        <source>Passphrase for the key %1:</source>
        <translation>密钥 %1 的口令：</translation>
    </message>
    <message>
        <source>the connection to %1 was lost while a command ran</source>
        <translation>运行命令时与 %1 的连接中断</translation>
    </message>
    <message>
        <source>not connected to %1</source>
        <translation>未连接到 %1</translation>
    </message>
    <message>
        <source>through the ProxyCommand &quot;%1&quot;</source>
        <translation>经由 ProxyCommand“%1”</translation>
    </message>
    <message>
        <source>through the jump host %1 (OpenSSH&apos;s ssh -W)</source>
        <translation>经由跳板机 %1（OpenSSH 的 ssh -W）</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>直连</translation>
    </message>
    <message>
        <source>cannot open a local port: %1</source>
        <translation>无法打开本地端口：%1</translation>
    </message>
</context>
</TS>
