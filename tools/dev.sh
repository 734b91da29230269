#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
#
# The README's two commands:
#   bash tools/dev.sh run    install what is missing, build, start Cumulus on examples/
#   bash tools/dev.sh test   install what is missing, build, run every test
# Works as root on a fresh Debian 12 machine. apt-get runs only when a package is missing.
# Environment: BUILD_DIR (default ./build), CI=true turns warnings into errors.
set -euo pipefail

mode=${1:-run}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build}

# What building needs.
build_packages=(
    g++ cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev libqscintilla2-qt6-dev
    cppzmq-dev libzmq3-dev libssl-dev nlohmann-json3-dev
    libssh-dev qtkeychain-qt6-dev libjs-katex
)
# What the tests talk to: Jupyter's own reference implementations and a real kernel.
test_packages=(
    python3 python3-nbformat python3-jupyter-client python3-ipykernel python3-nbconvert
    python3-nbclient
    # Remote kernels: a real sshd started by the tests, OpenSSH's client to compare with,
    # and a real Secret Service (D-Bus + gnome-keyring) for the keyring tests.
    openssh-server openssh-client dbus-daemon gnome-keyring libsecret-1-0
    # The bundled CUDA kernel is checked by Jupyter's own kernel test suite.
    python3-jupyter-kernel-test
    # Exported HTML and PDF are checked with real parsers, a real browser and poppler.
    poppler-utils python3-lxml python3-html5lib chromium fonts-dejavu-core fonts-noto-cjk
)

# What `run` shows: Chinese text needs a CJK font; Qt's own dialogs need its translations.
run_packages=(fonts-noto-cjk fonts-dejavu-core qt6-translations-l10n openssh-client libsecret-1-0)

packages=("${build_packages[@]}")
if [[ $mode == test ]]; then
    packages+=("${test_packages[@]}")
elif [[ $mode == run ]]; then
    packages+=("${run_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]})); then
    echo "dev.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

werror=OFF
if [[ ${CI:-} == true ]]; then
    werror=ON
fi
cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCUMULUS_WARNINGS_AS_ERRORS=$werror -DCUMULUS_BUILD_TESTS=ON
cmake --build "$build_dir"

case $mode in
run)
    # The window on the welcome notebook when there is a display; without one (a server, a
    # container, CI) the same window rendered offscreen to a PNG.
    welcome="$here/examples/welcome.ipynb"
    if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
        exec "$build_dir/app/cumulus" "$welcome"
    fi
    png="$build_dir/welcome.png"
    "$build_dir/app/cumulus" --screenshot "$png" "$welcome"
    echo "dev.sh: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so Cumulus"
    echo "rendered its window showing examples/welcome.ipynb offscreen instead:"
    echo "  $png"
    ;;
test)
    export QT_QPA_PLATFORM=offscreen
    ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j "$(nproc)"
    ;;
*)
    echo "usage: tools/dev.sh run|test" >&2
    exit 2
    ;;
esac
