#!/bin/sh
# Shell completion: the bash script sourced with bash-completion and
# driven like readline would (`winddown l<TAB>`, `log tw<TAB>`, `log
# quality=<TAB>`, `review --format <TAB>`, `set`), the fish script through
# `complete -C`, and the zsh script's syntax. SKIP for a missing shell.
set -u
top=$(pwd)
WD=${WINDDOWN:-$top/winddown}
T=$(mktemp -d "${TMPDIR:-/tmp}/wd-compl.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
pass=0 fail=0 skip=0
mkdir -p "$T/bin" "$T/home"
ln -s "$WD" "$T/bin/winddown"
export PATH="$T/bin:$PATH" HOME="$T/home" XDG_CONFIG_HOME="$T/home/config" \
    XDG_CACHE_HOME="$T/home/cache" XDG_DATA_HOME="$T/home/data"
# Two weeks in the default state, for --week.
winddown --plan-dir "$top/plans" --date 2026-03-02 done 1 >/dev/null &&
    winddown --plan-dir "$top/plans" --date 2026-03-05 restart --yes >/dev/null ||
	{ echo "completion: cannot make a state"; exit 1; }

# result WHAT WANT GOT
result() {
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
		echo "ok - completion: $1"
	else
		fail=$((fail + 1))
		echo "FAIL - completion: $1"
		echo "#   want: $2"
		echo "#   got:  $3"
	fi
}

BC=/usr/share/bash-completion/bash_completion
if command -v bash >/dev/null 2>&1 && [ -f "$BC" ]; then
	cat >"$T/drive.bash" <<DRIVE
. "$BC"
. "$top/src/completion/winddown.bash"
compopt() { :; } # outside readline there is no completion to change
# complete_words WORD...: COMP_WORDS as bash splits the line (at "=",
# and a last empty word for a trailing space); prints COMPREPLY.
complete_words() {
	COMP_WORDS=("\$@")
	COMP_CWORD=\$((\$# - 1))
	COMP_LINE="\$*"
	COMP_POINT=\${#COMP_LINE}
	COMPREPLY=()
	_winddown winddown "\${COMP_WORDS[COMP_CWORD]}" \
	    "\${COMP_WORDS[COMP_CWORD - 1]}"
	echo "\${COMPREPLY[*]}"
}
case \$1 in
l) complete_words winddown l ;;
tw) complete_words winddown log tw ;;
quality) complete_words winddown log quality = "" ;;
intensity) complete_words winddown log intensity = v ;;
format) complete_words winddown review --format "" ;;
exportformat) complete_words winddown --format "" export ;;
set) complete_words winddown set "" ;;
bell) complete_words winddown set bell "" ;;
remind) complete_words winddown remind "" ;;
week) complete_words winddown review --week "" ;;
opts) complete_words winddown --st ;;
flags) complete_words winddown flags ur ;;
esac
DRIVE
	b() { bash "$T/drive.bash" "$1" 2>&1; }
	result "bash: winddown l<TAB>" "log" "$(b l)"
	result "bash: winddown log tw<TAB>" "twitches=" "$(b tw)"
	result "bash: winddown log quality=<TAB>" "1 2 3 4 5" "$(b quality)"
	result "bash: winddown log intensity=v<TAB>" "vigorous" "$(b intensity)"
	result "bash: winddown review --format <TAB>" "text markdown html json" \
	    "$(b format)"
	result "bash: winddown set <TAB>" \
	    "bedtime rollover bell speech tones notify-command" "$(b set)"
	result "bash: winddown set bell <TAB>" "on off" "$(b bell)"
	result "bash: winddown remind <TAB>" "install remove status fire" \
	    "$(b remind)"
	result "bash: winddown --st<TAB>" "--state" "$(b opts)"
	result "bash: winddown review --week <TAB>" "1 2" "$(b week)"
	result "bash: winddown flags ur<TAB>" "urge=" "$(b flags)"
else
	skip=$((skip + 1))
	echo "SKIP - completion: bash (no bash or bash-completion)"
fi

if command -v fish >/dev/null 2>&1; then
	f() {
		fish --no-config -c "source '$top/src/completion/winddown.fish'
		    complete -C '$1'" 2>&1 | cut -f1 | tr '\n' ' ' | sed 's/ $//'
	}
	result "fish: winddown l<TAB>" "log" "$(f 'winddown l')"
	result "fish: winddown log tw<TAB>" "twitches=" "$(f 'winddown log tw')"
	result "fish: winddown log quality=<TAB>" \
	    "quality=1 quality=2 quality=3 quality=4 quality=5" \
	    "$(f 'winddown log quality=')"
	result "fish: winddown review --format <TAB>" "html json markdown text" \
	    "$(f 'winddown review --format ')"
	result "fish: winddown export --format <TAB>" "csv json" \
	    "$(f 'winddown export --format ')"
	result "fish: winddown set <TAB>" \
	    "bedtime bell notify-command rollover speech tones" "$(f 'winddown set ')"
	result "fish: winddown remind <TAB>" "fire install remove status" \
	    "$(f 'winddown remind ')"
else
	skip=$((skip + 1))
	echo "SKIP - completion: fish (not installed)"
fi

if command -v zsh >/dev/null 2>&1; then
	zsh -n "$top/src/completion/_winddown" >"$T/out" 2>&1
	result "zsh: _winddown parses" "" "$(cat "$T/out")"
else
	skip=$((skip + 1))
	echo "SKIP - completion: zsh (not installed)"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
