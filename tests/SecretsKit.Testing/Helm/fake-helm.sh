#!/bin/sh
rec="${FAKE_HELM_RECORD:?FAKE_HELM_RECORD not set}"
mkdir -p "$rec"
call=$(mktemp -d "$rec/call-XXXXXX")
i=0
for a in "$@"; do
  printf '%s' "$a" > "$call/arg-$(printf %03d $i)"
  i=$((i+1))
done
j=0
save() {
  old_ifs=$IFS; IFS=,
  for item in $1; do
    IFS=$old_ifs
    p=$item
    if [ "$2" = setfile ]; then p=${item#*=}; fi
    printf '%s' "$p" > "$call/path-$(printf %03d $j)"
    if [ -f "$p" ]; then cat "$p" > "$call/file-$(printf %03d $j)"; fi
    j=$((j+1))
    IFS=,
  done
  IFS=$old_ifs
}
next=""
for a in "$@"; do
  if [ -n "$next" ]; then save "$a" "$next"; next=""; continue; fi
  case "$a" in
    -f|--values) next=values ;;
    --set-file) next=setfile ;;
    --values=*) save "${a#--values=}" values ;;
    --set-file=*) save "${a#--set-file=}" setfile ;;
    -f=*) save "${a#-f=}" values ;;
    -f?*) save "${a#-f}" values ;;
  esac
done
if [ -n "$FAKE_HELM_STATE" ]; then
  st=$FAKE_HELM_STATE
  mkdir -p "$st/releases"
  lst="$call/values-list"
  : > "$lst"
  ns=default; npos=0; prev=""; p1=""; p2=""; p3=""; p4=""
  for a in "$@"; do
    if [ -n "$prev" ]; then
      case "$prev" in
        -n|--namespace) ns=$a ;;
        -f|--values) printf 'f %s\n' "$a" >> "$lst" ;;
        --set|--set-string) printf 's %s\n' "$a" >> "$lst" ;;
      esac
      prev=""; continue
    fi
    case "$a" in
      -n|--namespace|-f|--values|--set|--set-string|--set-file|--version|--timeout|--history-max|--kube-context|-o|--output) prev=$a ;;
      --namespace=*) ns=${a#--namespace=} ;;
      --values=*) printf 'f %s\n' "${a#--values=}" >> "$lst" ;;
      --set=*) printf 's %s\n' "${a#--set=}" >> "$lst" ;;
      -*) ;;
      *) npos=$((npos+1)); eval "p$npos=\$a" ;;
    esac
  done
  render() {
    if [ ! -f "$2/Chart.yaml" ]; then echo "Error: chart \"$2\" not found (no Chart.yaml)" >&2; return 1; fi
    for t in "$2"/templates/*.yaml; do
      [ -f "$t" ] || continue
      printf -- '---\n# Source: %s/templates/%s\n' "$(basename "$2")" "$(basename "$t")"
      sed -e "s/{{-* *\.Release\.Name *-*}}/$1/g" -e "s/{{-* *\.Release\.Namespace *-*}}/$3/g" \
          -e 's/^\([[:space:]]*\){{.*}}[[:space:]]*$/\1# fake-helm: template action dropped/' \
          -e 's/{{[^}]*}}/fake/g' "$t"
      if [ -n "$(tail -c 1 "$t")" ]; then echo; fi
    done
    printf -- '---\n# Source: fake-helm/values\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s-fake-values\n  namespace: %s\ndata:\n' "$1" "$3"
    k=0
    while IFS= read -r line; do
      val=${line#? }
      case "$line" in
        f\ *)
          old_ifs=$IFS; IFS=,
          for vp in $val; do
            IFS=$old_ifs
            printf '  values-%03d: |\n' "$k"
            if [ ! -f "$vp" ]; then echo "Error: open $vp: no such file or directory" >&2; return 1; fi
            sed 's/^/    /' "$vp"
            if [ -s "$vp" ] && [ -n "$(tail -c 1 "$vp")" ]; then echo; fi
            k=$((k+1))
            IFS=,
          done
          IFS=$old_ifs ;;
        *)
          printf "  set-%03d: '%s'\n" "$k" "$(printf '%s' "$val" | sed "s/'/''/g")"
          k=$((k+1)) ;;
      esac
    done < "$lst"
  }
  chart_id() {
    printf '%s-%s' "$(sed -n 's/^name:[[:space:]]*//p' "$1/Chart.yaml" | head -n 1)" "$(sed -n 's/^version:[[:space:]]*//p' "$1/Chart.yaml" | head -n 1)"
  }
  supersede() {
    sed 's/^\([0-9]*\) deployed /\1 superseded /' "$1/history" > "$1/history.tmp" && mv "$1/history.tmp" "$1/history"
  }
  missing() { echo "Error: release: not found" >&2; : > "$call/done"; exit 1; }
  # helm version (and --template {{.Version}}): answered like helm (FAKE_HELM_VERSION, 3.10.1 by default), not a release call
  if [ "$p1" = version ]; then
    case " $* " in
      *" --template "*) printf 'v%s' "${FAKE_HELM_VERSION:-3.10.1}" ;;
      *) printf 'version.BuildInfo{Version:"v%s", GitCommit:"", GitTreeState:"clean", GoVersion:"go1.25"}\n' "${FAKE_HELM_VERSION:-3.10.1}" ;;
    esac
    : > "$call/done"; exit 0
  fi
  case "$p1" in
    get) name=$p3 ;;
    lint) name="" ;;
    *) name=$p2 ;;
  esac
  d="$st/releases/$ns/$name"
  case "$p1" in
    get) what="get-manifest $ns/$name" ;;
    lint) what="lint $p2" ;;
    rollback) what="rollback $ns/$name $p3" ;;
    *) what="$p1 $ns/$name" ;;
  esac
  echo "$what" >> "$st/calls.log"
  code=0
  case "$p1" in
    template)
      render "$p2" "$p3" "$ns" || code=1 ;;
    lint)
      if [ ! -f "$p2/Chart.yaml" ]; then echo "Error: 1 chart(s) linted, 1 chart(s) failed: Chart.yaml file is missing" >&2; code=1
      elif [ -n "$FAKE_HELM_FAIL_LINT" ] && { [ "$FAKE_HELM_FAIL_LINT" = "$p2" ] || [ "$FAKE_HELM_FAIL_LINT" = "$(basename "$p2")" ]; }; then
        printf '==> Linting %s\n[ERROR] templates/: fake lint failure\n\nError: 1 chart(s) linted, 1 chart(s) failed\n' "$p2"; code=1
      else printf '==> Linting %s\n\n1 chart(s) linted, 0 chart(s) failed\n' "$p2"; fi ;;
    upgrade|install)
      mkdir -p "$d"
      if render "$p2" "$p3" "$ns" > "$call/rendered"; then
        cur=0; if [ -f "$d/current" ]; then cur=$(cat "$d/current"); fi
        new=$((cur+1))
        cp "$call/rendered" "$d/manifest-$new"
        touch "$d/history"; supersede "$d"
        if [ "$cur" = 0 ]; then desc="Install complete"; else desc="Upgrade complete"; fi
        echo "$new deployed $(chart_id "$p3") $desc" >> "$d/history"
        echo "$new" > "$d/current"
        printf 'Release "%s" has been upgraded. Happy Helming!\nNAMESPACE: %s\nSTATUS: deployed\nREVISION: %s\n' "$p2" "$ns" "$new"
        # FAKE_HELM_HOLD=FILE: like helm upgrade --wait, the upgrade does not end until FILE exists (at most a minute)
        if [ -n "$FAKE_HELM_HOLD" ]; then
          echo "waiting for resources of $p2 (hold: $FAKE_HELM_HOLD)" >&2
          n=0; while [ ! -e "$FAKE_HELM_HOLD" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done
        fi
      else
        code=1
        if [ ! -f "$d/current" ]; then rm -rf "$d"; fi
      fi ;;
    get)
      [ -f "$d/current" ] || missing
      cat "$d/manifest-$(cat "$d/current")" ;;
    history)
      [ -f "$d/current" ] || missing
      printf '['; first=1
      while read -r r s c desc; do
        if [ $first = 0 ]; then printf ','; fi; first=0
        printf '{"revision":%s,"updated":"2026-01-01T00:00:00Z","status":"%s","chart":"%s","app_version":"","description":"%s"}' "$r" "$s" "$c" "$desc"
      done < "$d/history"
      printf ']\n' ;;
    status)
      [ -f "$d/current" ] || missing
      cur=$(cat "$d/current")
      c=$(sed -n "s/^$cur [^ ]* \([^ ]*\) .*/\1/p" "$d/history")
      printf '{"name":"%s","namespace":"%s","version":%s,"info":{"status":"deployed","last_deployed":"2026-01-01T00:00:00Z","description":"fake"},"chart":{"metadata":{"name":"%s","version":"%s"}}}\n' \
        "$name" "$ns" "$cur" "${c%-*}" "${c##*-}" ;;
    rollback)
      [ -f "$d/current" ] || missing
      if [ ! -f "$d/manifest-$p3" ]; then echo "Error: release has no $p3 version" >&2; code=1
      else
        cur=$(cat "$d/current"); new=$((cur+1))
        c=$(sed -n "s/^$p3 [^ ]* \([^ ]*\) .*/\1/p" "$d/history")
        cp "$d/manifest-$p3" "$d/manifest-$new"
        supersede "$d"
        echo "$new deployed $c Rollback to $p3" >> "$d/history"
        echo "$new" > "$d/current"
        echo "Rollback was a success! Happy Helming!"
      fi ;;
    uninstall)
      [ -f "$d/current" ] || missing
      rm -rf "$d"
      printf 'release "%s" uninstalled\n' "$name" ;;
    test)
      [ -f "$d/current" ] || missing
      if [ "$FAKE_HELM_FAIL_TEST" = "$name" ]; then
        printf 'NAME: %s\nTEST SUITE: %s-test-connection\nPhase: Failed\n' "$name" "$name"
        echo "Error: 1 error occurred: pod $name-test-connection failed" >&2; code=1
      else printf 'NAME: %s\nTEST SUITE: %s-test-connection\nPhase: Succeeded\n' "$name" "$name"; fi ;;
  esac
  : > "$call/done"
  exit $code
fi
if [ -n "$FAKE_HELM_STDOUT" ]; then printf '%s' "$FAKE_HELM_STDOUT"; fi
if [ -n "$FAKE_HELM_SLEEP" ]; then
  : > "$call/started"
  exec sleep "$FAKE_HELM_SLEEP"
fi
: > "$call/done"
exit "${FAKE_HELM_EXIT:-0}"
