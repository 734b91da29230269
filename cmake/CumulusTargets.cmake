# SPDX-FileCopyrightText: 2026 Cumulus authors
# SPDX-License-Identifier: MIT
#
# cumulus_configure_target(<target>): the compile settings every Cumulus target shares.
# Warnings are set per target (not globally) so third-party headers such as QScintilla's
# never turn our build red.

function(cumulus_configure_target target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII QT_USE_QSTRINGBUILDER QT_NO_URL_CAST_FROM_STRING)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE
            -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wpedantic
            -Wcast-align -Wunused -Wdouble-promotion -Wformat=2)
        if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
            # GCC 12 reports impossible overlaps inside std::string's own inlined code
            # (GCC bug 105329) at -O2 and above.
            target_compile_options(${target} PRIVATE -Wno-restrict)
        endif()
        if(CUMULUS_WARNINGS_AS_ERRORS)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
        if(CUMULUS_SANITIZE)
            string(REPLACE ";" "," _san "${CUMULUS_SANITIZE}")
            target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer)
            target_link_options(${target} PRIVATE -fsanitize=${_san})
        endif()
    endif()
endfunction()
