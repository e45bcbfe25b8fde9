#!/usr/bin/env bash
# scripts/tfjs-node/install.sh — install @tensorflow/tfjs-node@4.22.0 without
# storage.googleapis.com (offline / behind a firewall; only PyPI + npm needed).
#
# tfjs-node's own install script downloads libtensorflow 2.9.1 (CPU) from
# Google's storage host and then tries to download a prebuilt addon from the
# same host. Neither is reachable here, so this script:
#
#   1. exits 0 at once if `require('@tensorflow/tfjs-node')` already works
#      from the repo root (and there is a single copy of tfjs-core);
#   2. downloads the TensorFlow 2.9.1 C library from PyPI — the wheel
#      tensorflow-cpu==2.9.1 (cp310, manylinux2014_x86_64, ~207 MB; cached in
#      $TFJS_NODE_CACHE_DIR). In TF 2.9 wheels the C API (TF_* / TFE_*) lives in
#      tensorflow/python/_pywrap_tensorflow_internal.so next to
#      tensorflow/libtensorflow_framework.so.2; the headers are under
#      tensorflow/include. That .so has unresolved CPython symbols (Py*), so a
#      tiny generated stub library (libtfjs_pystub.so, every Py* symbol aborts
#      if ever called — tfjs-node never calls them) satisfies the loader;
#   3. packs lib/ + include/ in the layout of the official
#      libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz:
#        lib/_pywrap_tensorflow_internal.so      (the C library, SONAME as is)
#        lib/libtensorflow.so.2.9.1, .so.2       -> _pywrap_tensorflow_internal.so
#        lib/libtensorflow.so                    (ld script: INPUT(that + stub),
#                                                 what -ltensorflow links)
#        lib/libtfjs_pystub.so
#        lib/libtensorflow_framework.so{,.2,.2.9.1}
#        include/tensorflow/c/**, include/tensorflow/core/platform/ctstring*.h
#      (an uncompressed tar: tfjs-node's unpacker auto-detects gzip, and not
#      compressing 500 MB saves ~8 s),
#   4. serves it on 127.0.0.1:<random free port> (python3 http.server, killed on
#      exit, also on failure), points tfjs-node's installer at it with
#      TFJS_NODE_BASE_URI, forces node-pre-gyp to build the addon from source
#      (npm_config_build_from_source=true: no prebuilt-addon download) and runs
#        npm install --no-save --save-peer --no-audit --no-fund @tensorflow/tfjs-node@4.22.0
#      package.json / package-lock.json are not modified. package.json declares
#      tfjs-node as an optional peer dependency, so npm ci / npm install never
#      install it (nor fetch libtensorflow), and `npm install --no-save` of a
#      package that is already an optional peer of the project installs
#      nothing ("up to date") unless the request is typed as a peer
#      (--save-peer, which --no-save keeps out of package.json);
#   5. checks there is exactly one @tensorflow/tfjs-core (4.22.0, top level),
#      and that tfjs-node loads with backend "tensorflow" (avgPool smoke test).
#
# Idempotent: safe to re-run; a second run returns in ~0.3 s. Timings on a
# 2-core machine: ~16 s cold (empty cache), ~11 s with a warm cache.
#
# Environment variables:
#   TFJS_NODE_CACHE_DIR   download/package cache (default: <repo>/.cache/tfjs-node)
#   TFJS_NODE_TF_VERSION  tensorflow-cpu wheel version (default 2.9.1, the
#                         libtensorflow version tfjs-node 4.22 is built for;
#                         only 2.9.x wheels are known to have this layout)
#   TFJS_NODE_VERSION     tfjs-node version to install (default 4.22.0)
#   TFJS_NODE_FORCE=1     reinstall even if tfjs-node already loads
#   TFJS_NODE_KEEP_WHEEL=0  delete the wheel once the tarball is built
#                         (saves ~207 MB of cache; default keeps it)
#
# Needs: node/npm, python3 + pip, a C/C++ toolchain (g++, make; installed with
# apt-get if missing and running as root), node headers (npm nodedir, e.g.
# /usr/include/node), nm (binutils). Network: PyPI + the npm registry only.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"

TF_VERSION="${TFJS_NODE_TF_VERSION:-2.9.1}"
TFJS_NODE_VERSION="${TFJS_NODE_VERSION:-4.22.0}"
CACHE_DIR="${TFJS_NODE_CACHE_DIR:-$REPO_ROOT/.cache/tfjs-node}"
LIBTF_NAME="libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz"  # what tfjs-node 4.22 asks for (any *.tar.gz is served)
PKG_TAR="$CACHE_DIR/libtensorflow-$TF_VERSION-from-pypi.tar"
LOG="$CACHE_DIR/npm-install.log"

log() { printf "[tfjs-node +%ss] %s\n" "$((SECONDS - T0))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
T0=$SECONDS

# Single, top-level tfjs-core 4.22.x and a loadable tfjs-node.
check_core_single() {
  local dups
  dups="$(find node_modules -mindepth 2 -path '*/node_modules/@tensorflow/tfjs-core/package.json' \
            -not -path 'node_modules/@tensorflow/tfjs-core/package.json' 2>/dev/null || true)"
  if [[ -n "$dups" ]]; then
    log "nested duplicate(s) of @tensorflow/tfjs-core found:"; printf '  %s\n' $dups >&2
    return 1
  fi
  [[ -f node_modules/@tensorflow/tfjs-core/package.json ]] || { log "node_modules/@tensorflow/tfjs-core missing"; return 1; }
}
tfjs_node_loads() {
  node -e "require('@tensorflow/tfjs-node')" >/dev/null 2>&1
}

# ---- 1. fast path ----------------------------------------------------------
if [[ "${TFJS_NODE_FORCE:-0}" != 1 ]] && check_core_single 2>/dev/null && tfjs_node_loads; then
  log "@tensorflow/tfjs-node already loads; nothing to do."
  exit 0
fi

[[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]] || die "only linux x86_64 is supported by this script"
mkdir -p "$CACHE_DIR"

# ---- build prerequisites ---------------------------------------------------
need_apt=()
{ command -v g++ && command -v gcc; } >/dev/null 2>&1 || need_apt+=(build-essential)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v nm >/dev/null 2>&1 || need_apt+=(binutils)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
if ((${#need_apt[@]})); then
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || die "missing tools: ${need_apt[*]} (install them)"
  log "installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
python3 -m pip --version >/dev/null 2>&1 || die "python3 -m pip is required to download the tensorflow-cpu wheel"

# node-gyp must not download node headers: use the local ones if npm has no nodedir.
if [[ -z "${npm_config_nodedir:-}" ]]; then
  nd="$(npm config get nodedir 2>/dev/null || true)"
  if [[ -z "$nd" || "$nd" == undefined || "$nd" == null ]]; then
    for cand in "$(dirname "$(dirname "$(command -v node)")")" /usr /usr/local; do
      if [[ -f "$cand/include/node/node_api.h" && -f "$cand/include/node/common.gypi" ]]; then nd="$cand"; break; fi
    done
  fi
  if [[ -n "$nd" && "$nd" != undefined && "$nd" != null ]]; then export npm_config_nodedir="$nd"; fi
fi
[[ -n "${npm_config_nodedir:-}" ]] || log "warning: no local node headers found (nodedir); node-gyp may try to download them"

# ---- 2./3. obtain + package libtensorflow ----------------------------------
if [[ ! -s "$PKG_TAR" ]]; then
  WHEEL="$(ls "$CACHE_DIR"/tensorflow_cpu-"$TF_VERSION"-cp310-cp310-manylinux*_x86_64.whl 2>/dev/null | head -n1 || true)"
  if [[ -z "$WHEEL" ]]; then
    log "downloading tensorflow-cpu==$TF_VERSION (cp310 manylinux wheel, ~207 MB) from PyPI"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --python-version 3.10 --implementation cp --abi cp310 --platform manylinux2014_x86_64 \
      -d "$CACHE_DIR" "tensorflow-cpu==$TF_VERSION"
    WHEEL="$(ls "$CACHE_DIR"/tensorflow_cpu-"$TF_VERSION"-cp310-cp310-manylinux*_x86_64.whl | head -n1)"
  else
    log "using cached $(basename "$WHEEL")"
  fi

  STAGE="$(mktemp -d "$CACHE_DIR/stage.XXXXXX")"
  trap 'rm -rf "$STAGE"' EXIT
  log "extracting C library + headers from the wheel"
  python3 - "$WHEEL" "$STAGE" <<'PY'
import sys, zipfile, os, shutil
whl, out = sys.argv[1], sys.argv[2]
want_lib = {
    'tensorflow/python/_pywrap_tensorflow_internal.so': 'lib/_pywrap_tensorflow_internal.so',
    'tensorflow/libtensorflow_framework.so.2': 'lib/libtensorflow_framework.so.2',
}
with zipfile.ZipFile(whl) as z:
    names = set(z.namelist())
    for src in want_lib:
        if src not in names:
            sys.exit(f'{src} not in {whl}: unexpected wheel layout (only TF 2.9.x wheels are supported)')
    for n in names:
        dst = want_lib.get(n)
        if dst is None and not n.endswith('/') and (
                n.startswith('tensorflow/include/tensorflow/c/') or
                n.startswith('tensorflow/include/tensorflow/core/platform/ctstring')):
            dst = 'include/' + n[len('tensorflow/include/'):]
        if dst is None and n.endswith('.dist-info/LICENSE'):
            dst = 'LICENSE'
        if dst is None:
            continue
        p = os.path.join(out, dst)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with z.open(n) as f, open(p, 'wb') as g:
            shutil.copyfileobj(f, g, 1 << 22)
        if dst.startswith('lib/'):
            os.chmod(p, 0o755)
PY
  L="$STAGE/lib"
  # Verify that the C/eager API used by tfjs-node's binding is exported.
  nm -D --defined-only "$L/_pywrap_tensorflow_internal.so" | awk '$2=="T"{sub(/@.*/,"",$3); print $3}' \
    | grep -E '^TFE?_' | sort -u > "$STAGE/exported.txt"
  missing=""
  for s in TF_Version TF_NewStatus TF_AllocateTensor TF_LoadSessionFromSavedModel TF_SessionRun \
           TFE_NewContext TFE_NewOp TFE_Execute TFE_TensorHandleResolve TFE_ContextListDevices \
           TFE_TensorHandleCopyToDevice TFE_OpSetAttrShape; do
    grep -qx "$s" "$STAGE/exported.txt" || missing+=" $s"
  done
  [[ -z "$missing" ]] || die "C API symbols not exported by the wheel's library:$missing"

  log "generating CPython stub library for the unresolved Py* symbols"
  nm -D --undefined-only "$L/_pywrap_tensorflow_internal.so" | awk '{print $2}' | sed 's/@.*//' \
    | grep -E '^_?Py' | sort -u > "$STAGE/pysyms.txt"
  {
    echo '#include <stdio.h>'
    echo '#include <stdlib.h>'
    echo '/* Generated by scripts/tfjs-node/install.sh. The TF 2.9 C library from the'
    echo '   tensorflow-cpu wheel references CPython symbols that tfjs-node never uses;'
    echo '   these definitions only satisfy the dynamic loader. */'
    echo 'static void die(const char *n) { fprintf(stderr, "tfjs-node: CPython stub %s called\n", n); abort(); }'
    while read -r s; do echo "__attribute__((visibility(\"default\"))) void $s(void) { die(\"$s\"); }"; done < "$STAGE/pysyms.txt"
  } > "$STAGE/pystub.c"
  gcc -shared -fPIC -O1 -Wl,-soname,libtfjs_pystub.so -o "$L/libtfjs_pystub.so" "$STAGE/pystub.c"
  rm -f "$STAGE/pystub.c" "$STAGE/pysyms.txt"

  ( cd "$L"
    ln -sf _pywrap_tensorflow_internal.so libtensorflow.so.2.9.1
    ln -sf libtensorflow.so.2.9.1 libtensorflow.so.2
    # -ltensorflow resolves to this ld script: link the C library and the stub
    # (the addon then records both as DT_NEEDED; rpath is $ORIGIN/../../deps/lib).
    printf '/* GNU ld script */\nINPUT(_pywrap_tensorflow_internal.so libtfjs_pystub.so)\n' > libtensorflow.so
    mv libtensorflow_framework.so.2 libtensorflow_framework.so.2.9.1
    ln -sf libtensorflow_framework.so.2.9.1 libtensorflow_framework.so.2
    ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so )

  # Load test (RTLD_NOW, stub first, like the addon will) before spending time
  # on npm/node-gyp.
  cat > "$STAGE/loadtest.c" <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  if (!dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL)) { fprintf(stderr, "%s\n", dlerror()); return 1; }
  void *h = dlopen(argv[2], RTLD_NOW);
  if (!h) { fprintf(stderr, "%s\n", dlerror()); return 1; }
  const char *(*ver)(void) = (const char *(*)(void))dlsym(h, "TF_Version");
  if (!ver) { fprintf(stderr, "TF_Version not found\n"); return 1; }
  printf("%s\n", ver());
  return 0;
}
C
  gcc -o "$STAGE/loadtest" "$STAGE/loadtest.c" -ldl
  v="$(TF_CPP_MIN_LOG_LEVEL=1 "$STAGE/loadtest" "$L/libtfjs_pystub.so" "$L/libtensorflow.so.2")" \
    || die "the packaged TensorFlow library does not load (see above)"
  log "packaged TensorFlow C library reports version $v"
  rm -f "$STAGE/loadtest" "$STAGE/loadtest.c" "$STAGE/exported.txt"

  log "packing $(basename "$PKG_TAR")"
  tar -C "$STAGE" -cf "$PKG_TAR.tmp" lib include $( [[ -f "$STAGE/LICENSE" ]] && echo LICENSE )
  mv -f "$PKG_TAR.tmp" "$PKG_TAR"
  rm -rf "$STAGE"; trap - EXIT
  if [[ "${TFJS_NODE_KEEP_WHEEL:-1}" == 0 ]]; then rm -f "$WHEEL"; fi
else
  log "using cached $(basename "$PKG_TAR")"
fi

# ---- 4. serve on loopback and run npm install ------------------------------
SERVE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/tfjs-node-serve.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$SERVE_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Any *.tar.gz path is answered with the packaged tarball (so the file name
# tfjs-node asks for, libtensorflow-cpu-linux-x86_64-<ver>.tar.gz, does not matter).
python3 -u -c '
import functools, http.server, os, sys
tar, pf = sys.argv[1], sys.argv[2]
class H(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if path.split("?")[0].endswith(".tar.gz"):
            return tar
        return os.path.join(os.path.dirname(pf), "-not-found-")
    def guess_type(self, path): return "application/octet-stream"
    def log_message(self, fmt, *a): sys.stderr.write("[tfjs-node] served: " + (fmt % a) + "\n")
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(pf + ".tmp", "w") as f: f.write(str(srv.server_address[1]))
os.rename(pf + ".tmp", pf)
srv.serve_forever()
' "$PKG_TAR" "$SERVE_DIR/port" &
SERVER_PID=$!
for _ in $(seq 1 100); do [[ -s "$SERVE_DIR/port" ]] && break; kill -0 "$SERVER_PID" 2>/dev/null || die "http server failed to start"; sleep 0.1; done
PORT="$(cat "$SERVE_DIR/port")"
curl -fsI "http://127.0.0.1:$PORT/$LIBTF_NAME" >/dev/null 2>&1 || python3 -c "import urllib.request,sys; urllib.request.urlopen(urllib.request.Request(sys.argv[1], method='HEAD'))" "http://127.0.0.1:$PORT/$LIBTF_NAME" \
  || die "loopback server not answering on port $PORT"
log "serving $LIBTF_NAME on http://127.0.0.1:$PORT/"

# Remove a previous (broken) install so its install script runs again.
rm -rf node_modules/@tensorflow/tfjs-node

log "npm install --no-save @tensorflow/tfjs-node@$TFJS_NODE_VERSION (builds the addon with node-gyp; log: $LOG)"
set +e
env \
  TFJS_NODE_BASE_URI="http://127.0.0.1:$PORT/libtensorflow-" \
  TFJS_NODE_CDN_STORAGE="http://127.0.0.1:$PORT/" \
  npm_config_build_from_source=true \
  JOBS="${JOBS:-max}" \
  LDFLAGS="${LDFLAGS:-} -Wl,--no-as-needed" \
  npm install --no-save --save-peer --no-audit --no-fund --foreground-scripts \
    "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" >"$LOG" 2>&1
rc=$?
set -e
if ((rc != 0)); then
  tail -n 60 "$LOG" >&2
  die "npm install failed (exit $rc); full log: $LOG"
fi
grep -q 'storage.googleapis.com' "$LOG" && log "warning: the install log mentions storage.googleapis.com (see $LOG)"
cleanup; SERVER_PID=""; trap - EXIT

# ---- 5. verify -------------------------------------------------------------
check_core_single || die "duplicate @tensorflow/tfjs-core after install"
[[ -f node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node ]] \
  || die "addon node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node was not built"
# One line of result (backend, versions, a 2x2 avgPool of ones checked to be all ones), not a tensor dump.
out="$(TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-1}" node -e "
const tf = require('@tensorflow/tfjs-node');
const ok = tf.avgPool(tf.ones([1,4,4,1]), 2, 2, 'valid').dataSync().every(v => v === 1);
console.log(tf.getBackend(), tf.version.tfjs, 'core', require('@tensorflow/tfjs-core/package.json').version,
            'avgPool', ok ? 'ok' : 'WRONG');
")" || die "require('@tensorflow/tfjs-node') failed"
out="$(tail -n1 <<<"$out")"
log "loads: $out"
[[ "$out" == tensorflow\ *\ avgPool\ ok ]] || die "backend is not 'tensorflow' or its avgPool is wrong: $out"
log "done in $((SECONDS - T0)) s"
