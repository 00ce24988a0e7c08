namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// The POSIX shell a helm-secrets custom backend script runs in (SecretsKit's own implementation of helm-secrets' custom
/// backend interface): the script is sourced after the helpers backend scripts call (<c>log</c>, <c>fatal</c>,
/// <c>_mktemp</c>, <c>_sed_i</c>, <c>_regex_escape</c>), and sources <c>$HELM_SECRETS_SCRIPT_DIR/lib/backends/_custom.sh</c>,
/// whose default functions find every <c>_BACKEND_REGEX</c> match and replace it with what the script's
/// <c>_custom_backend_get_secret TYPE SECRET</c> prints. Written to a private 0700 directory per run.
/// </summary>
internal static class HelmSecretsCustomBackendScripts
{
    /// <summary><c>run.sh BACKEND decrypt-file TYPE FILE | decrypt-literal VALUE | is-encrypted FILE</c>.</summary>
    public const string Run = """
        #!/bin/sh
        set -euf
        log() {
            if [ $# -le 1 ]; then printf '[helm-secrets] %s\n' "${1:-}" >&2
            else _f="$1"; shift; printf "[helm-secrets] $_f\n" "$@" >&2; fi
        }
        error() { log "$@"; }
        fatal() { log "$@"; exit 1; }
        _mktemp() {
            if [ "${1:-}" = "-d" ]; then mktemp -d "${HELM_SECRETS_SCRIPT_DIR}/tmp.XXXXXXXX"
            else mktemp "${HELM_SECRETS_SCRIPT_DIR}/tmp.XXXXXXXX"; fi
        }
        _sed_i() { sed -i "$@"; }
        _regex_escape() { sed -e 's/[]\/$*.^[]/\\&/g'; }
        _backend="$1"
        shift
        . "$_backend"
        case "$1" in
        decrypt-file) _custom_backend_decrypt_file "$2" "$3" "" ;;
        decrypt-literal) _custom_backend_decrypt_literal "$2" ;;
        is-encrypted) _custom_backend_is_file_encrypted "$2" ;;
        *) fatal "unknown backend operation %s" "$1" ;;
        esac
        """;

    /// <summary><c>lib/backends/_custom.sh</c>: the functions a custom backend inherits and may override.</summary>
    public const string Base = """
        # Defaults for a helm-secrets custom backend (SecretsKit). A backend sets _BACKEND_REGEX (a grep pattern whose
        # matches are "<marker> <secret>") and defines _custom_backend_get_secret TYPE SECRET.
        _custom_backend_is_yaml() { false; }
        _custom_backend_get_secret() { fatal "Please override function '_custom_backend_get_secret' in your backend!"; }
        _custom_backend_is_file_encrypted() { LC_ALL=C.UTF-8 grep -q -e "${_BACKEND_REGEX}" "$1"; }
        _custom_backend_is_encrypted() { LC_ALL=C.UTF-8 grep -q -e "${_BACKEND_REGEX}" -; }
        _custom_backend_encrypt_file() { fatal "Encrypting files is not supported!"; }
        _custom_backend_edit_file() { fatal "custom: Editing files is not supported!"; }
        _custom_backend_decrypt_literal() { _custom_backend_get_secret "" "$1"; }
        _custom_backend_decrypt_file() {
            _sk_type="$1"
            _sk_work="$(_mktemp)"
            _sk_list="$(_mktemp)"
            cp "$2" "$_sk_work"
            LC_ALL=C.UTF-8 grep -o -e "${_BACKEND_REGEX}" "$2" | sort -u >"$_sk_list" || true
            while IFS= read -r _sk_expr; do
                _sk_secret="$(_custom_backend_get_secret "$_sk_type" "${_sk_expr#* }")" || exit 1
                if _custom_backend_is_yaml "$_sk_type" "${_sk_expr#* }"; then
                    _sk_value="$_sk_secret"
                else
                    # a double-quoted YAML scalar: backslashes and quotes escaped, line ends as \n
                    _sk_value="\"$(printf '%s' "$_sk_secret" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }')\""
                fi
                SK_FROM="$_sk_expr" SK_TO="$_sk_value" awk '{
                    out = ""; line = $0; from = ENVIRON["SK_FROM"]
                    while ((i = index(line, from)) > 0) { out = out substr(line, 1, i - 1) ENVIRON["SK_TO"]; line = substr(line, i + length(from)) }
                    print out line
                }' "$_sk_work" >"$_sk_work.new"
                mv "$_sk_work.new" "$_sk_work"
            done <"$_sk_list"
            if [ -n "${3:-}" ]; then cp "$_sk_work" "$3"; else cat "$_sk_work"; fi
        }
        """;
}
