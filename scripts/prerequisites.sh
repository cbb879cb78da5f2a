#!/usr/bin/env bash
# What `make run` and `make test` need from the machine, installed or started when missing, so
# that the two commands work on a Debian machine that has only Python 3.11.
#
#   scripts/prerequisites.sh run    Python's venv module and Pango (WeasyPrint's PDFs)
#   scripts/prerequisites.sh test   the above, Chromium, Node/npm, fonts, and PostgreSQL
#                                   (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379)
#                                   running: installed and started when they are not
#
# Every check is cheap, so an equipped machine pays a fraction of a second. Packages come from
# Debian's archive (apt-get, as root or through sudo); a service that is already listening is
# used as it is, never reconfigured.
set -euo pipefail

what="${1:-test}"
PYTHON="${PYTHON:-python3.11}"

say() { printf '=== %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

missing=()
need() { missing+=("$@"); }

apt_updated=0
install_missing() {
  [ "${#missing[@]}" = 0 ] && return 0
  if [ "$(id -u)" != 0 ] && [ -z "$SUDO" ]; then
    echo "Faltan paquetes del sistema y no hay permisos para instalarlos: ${missing[*]}" >&2
    echo "Instálelos como administrador: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  say "Installing Debian packages: ${missing[*]}"
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  missing=()
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  for _ in $(seq 1 60); do listening "$1" && return 0; sleep 0.5; done
  echo "Nothing answers on 127.0.0.1:$1 after 30 s" >&2
  return 1
}

# --- Python and PDFs (make run and make test) ----------------------------------------------
command -v "$PYTHON" >/dev/null 2>&1 || need python3.11
if command -v "$PYTHON" >/dev/null 2>&1 && ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  need python3.11-venv
fi
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0\.so' || need libpango-1.0-0 libpangoft2-1.0-0
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need fonts-dejavu-core
install_missing
[ "$what" = run ] && exit 0

# --- The browser and the accessibility checks ----------------------------------------------
command -v chromium >/dev/null 2>&1 || need chromium
command -v npm >/dev/null 2>&1 || need nodejs npm
install_missing

# --- PostgreSQL on 127.0.0.1:5432 ----------------------------------------------------------
if ! listening 5432; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    need postgresql
    install_missing
    fresh_postgres=1
  fi
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  if [ "${fresh_postgres:-0}" = 1 ]; then
    # A cluster installed here just now: let the tests' user in from loopback without a
    # password, as the suite expects (an existing installation is left as its owner set it).
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    $SUDO sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
  fi
  if listening 5432; then  # the package's own start-up got there first: re-read pg_hba.conf
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  else
    say "Starting PostgreSQL $version"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  wait_for_port 5432
fi

# --- Redis on 127.0.0.1:6379 ---------------------------------------------------------------
if ! listening 6379; then
  command -v redis-server >/dev/null 2>&1 || need redis-server
  install_missing
  say "Starting Redis"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  # Nothing kept on disk: the suite's Redis databases are scratch space.
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/isvimed-tests.log
  wait_for_port 6379
fi
say "Prerequisites ready: $(chromium --version 2>/dev/null || echo chromium), node $(node --version 2>/dev/null || echo '?'), PostgreSQL and Redis listening"
