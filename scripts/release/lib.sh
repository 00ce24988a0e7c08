# Shared by scripts/release.sh and the scripts beside this file (sourced, not run).
# Needs SOURCE_DATE_EPOCH set (release.sh takes it from the commit).

# progress STEP TEXT: one line on stderr, with the time spent so far
release_started=${release_started:-$SECONDS}
progress() {
  local spent=$(( SECONDS - release_started ))
  printf 'release: [%s] %s (%d min %02d s)\n' "$1" "$2" $(( spent / 60 )) $(( spent % 60 )) >&2
}

die() { echo "release: $*" >&2; exit 1; }

# det_tar DIR OUT.tar [NAME...]: a tar of DIR's entries NAME... (default: everything in DIR) that depends only on the
# files' names, contents and modes: sorted names, no "./" prefix, every mtime SOURCE_DATE_EPOCH, owner and group 0
# by number, GNU format (no pax headers with access or change times).
det_tar() {
  local dir="$1" out="$2"; shift 2
  local names=("$@")
  if [ "${#names[@]}" -eq 0 ]; then
    mapfile -t names < <(cd "$dir" && LC_ALL=C ls -A)
  fi
  (cd "$dir" && LC_ALL=C tar --create --file=- --format=gnu --sort=name --mtime="@$SOURCE_DATE_EPOCH" \
    --owner=0 --group=0 --numeric-owner --no-acls --no-xattrs --no-selinux -- "${names[@]}") > "$out"
}

# det_tgz DIR OUT.tgz [NAME...]: det_tar, gzipped without a name or time in the gzip header
det_tgz() {
  local out="$2" tmp
  tmp="$(mktemp "${TMPDIR:-/tmp}/release-tar.XXXXXX")"
  det_tar "$1" "$tmp" "${@:3}"
  gzip -9 -n -c "$tmp" > "$out"
  rm -f "$tmp"
}

# normalise_tgz FILE.tgz: rewrites a tarball made by another tool (helm package) as det_tgz would have made it
normalise_tgz() {
  local file="$1" tmp
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/release-norm.XXXXXX")"
  tar -xzf "$file" -C "$tmp" --no-same-owner --touch
  chmod -R u+rwX,go+rX,go-w "$tmp"
  det_tgz "$tmp" "$file"
  rm -rf "$tmp"
}
