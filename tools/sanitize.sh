#!/usr/bin/env bash
# Build imbfast with AddressSanitizer + UndefinedBehaviorSanitizer in its own
# directory and venv, and run the test suite under it.
#
#   tools/sanitize.sh                      # whole suite (slow tests deselected)
#   tools/sanitize.sh tests/test_neighbors.py -x
#   WORK=/tmp/asan SKIP_BUILD=1 tools/sanitize.sh tests/test_properties.py
#
# What it does:
#   1. copies the working tree (no .git, no build outputs) to $WORK/src;
#   2. adds the IMBFAST_SANITIZE CMake option there if CMakeLists.txt lacks it;
#   3. creates $WORK/venv (python -m venv) with the test dependencies;
#   4. pip-installs $WORK/src with -Ccmake.define.IMBFAST_SANITIZE=ON (build dir
#      $WORK/build; -fsanitize=address,undefined -fno-omit-frame-pointer -g);
#   5. runs pytest on the copied tests with libasan preloaded (the Python
#      interpreter is not instrumented, so the runtime must be loaded first),
#      leak detection off (CPython leaks by design) and UBSan reports kept going;
#   6. prints every sanitizer report found in the logs ($WORK/logs).
# Exit status: pytest's, or 3 when a sanitizer reported anything.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-/tmp/imbfast-asan}"
PYTHON="${PYTHON:-python3}"
SRC="${SRC:-$WORK/src}"
VENV="${VENV:-$WORK/venv}"
LOGS="${LOGS:-$WORK/logs}"
THREADS="${OMP_NUM_THREADS:-2}"
mkdir -p "$WORK" "$LOGS"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== copying $HERE to $SRC"
  rm -rf "$SRC"
  mkdir -p "$SRC"
  tar -C "$HERE" --exclude=.git --exclude=build --exclude=.pytest_cache \
      --exclude=.ruff_cache --exclude=.hypothesis --exclude='__pycache__' \
      --exclude='*.so' --exclude=.asv -cf - . | tar -C "$SRC" -xf -

  if ! grep -q IMBFAST_SANITIZE "$SRC/CMakeLists.txt"; then
    echo "== adding the IMBFAST_SANITIZE option to the copy's CMakeLists.txt"
    "$PYTHON" - "$SRC/CMakeLists.txt" <<'EOF'
import sys
path = sys.argv[1]
text = open(path).read()
snippet = """# Testing only: AddressSanitizer + UndefinedBehaviorSanitizer on the kernels and the
# bindings. Load the runtime first when running Python: see tools/sanitize.sh.
option(IMBFAST_SANITIZE "Build with -fsanitize=address,undefined (testing only)" OFF)
if(IMBFAST_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "IMBFAST_SANITIZE needs gcc or clang")
  endif()
  set(_imbfast_san_flags -fsanitize=address,undefined -fno-omit-frame-pointer -g)
  foreach(_tgt imbfast_core _core)
    target_compile_options(${_tgt} PRIVATE ${_imbfast_san_flags})
    target_link_options(${_tgt} PRIVATE -fsanitize=address,undefined)
  endforeach()
endif()

"""
anchor = "install(TARGETS _core"
assert anchor in text, "CMakeLists.txt has no install(TARGETS _core ...)"
open(path, "w").write(text.replace(anchor, snippet + anchor, 1))
EOF
  fi

  if [[ ! -x "$VENV/bin/python" ]]; then
    echo "== creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q numpy scikit-learn imbalanced-learn==0.14.2 pandas \
      scipy pytest hypothesis polars pyarrow matplotlib threadpoolctl \
      scikit-build-core pybind11
  echo "== building with ASan + UBSan (build dir $WORK/build)"
  OMP_NUM_THREADS="$THREADS" nice "$VENV/bin/python" -m pip install -q --no-deps \
      --force-reinstall "$SRC" -Ccmake.define.IMBFAST_SANITIZE=ON \
      -Cbuild-dir="${BUILD:-$WORK/build}"
fi

LIBASAN="$(${CC:-gcc} -print-file-name=libasan.so)"
[[ -e "$LIBASAN" ]] || { echo "libasan not found ($LIBASAN)" >&2; exit 2; }
# libstdc++ too: the interpreter does not link it, and ASan's __cxa_throw interceptor
# aborts ("CHECK failed: real___cxa_throw") when it is loaded after the runtime.
LIBSTDCXX="$(${CXX:-g++} -print-file-name=libstdc++.so)"
PRELOAD="$LIBASAN $LIBSTDCXX"
SO="$("$VENV/bin/python" -c 'import imbfast._core as m; print(m.__file__)' 2>/dev/null ||
      LD_PRELOAD="$PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
      "$VENV/bin/python" -c 'import imbfast._core as m; print(m.__file__)')"
if ! nm -D "$SO" | grep __asan >/dev/null; then
  echo "$SO is not instrumented" >&2
  exit 2
fi
echo "== instrumented module: $SO"

rm -f "$LOGS"/asan.* "$LOGS"/ubsan.*
if [[ $# -eq 0 ]]; then
  set -- tests -m "not slow"
fi
cd "$SRC"
status=0
LD_PRELOAD="$PRELOAD" \
ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:detect_stack_use_after_return=1:log_path=$LOGS/asan:${ASAN_OPTIONS:-}" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=0:log_path=$LOGS/ubsan:${UBSAN_OPTIONS:-}" \
OMP_NUM_THREADS="$THREADS" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}" \
  nice "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@" || status=$?

reports=$(cat "$LOGS"/asan.* "$LOGS"/ubsan.* 2>/dev/null | grep -E "AddressSanitizer|LeakSanitizer|runtime error:" || true)
if [[ -n "$reports" ]]; then
  echo "== sanitizer reports (full logs in $LOGS):"
  cat "$LOGS"/asan.* "$LOGS"/ubsan.* 2>/dev/null
  [[ $status -ne 0 ]] || status=3
else
  echo "== no sanitizer report (logs: $LOGS)"
fi
exit "$status"
