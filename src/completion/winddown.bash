# bash completion for winddown(1): commands, options, `set` keys and
# values, `log` fields and their values (from the plan, through
# `winddown log --fields`), red-flag ids, and --format values.

# The program and the plan options on the line, to ask it about the plan.
_winddown_run()
{
	local i args=()

	for ((i = 1; i < ${#words[@]}; i++)); do
		case ${words[i]} in
		--plan-dir | --state)
			args+=("${words[i]}" "${words[i + 1]}")
			;;
		--plan-dir=* | --state=*)
			args+=("${words[i]}")
			;;
		esac
	done
	"${words[0]}" "${args[@]}" "$@" 2>/dev/null
}

_winddown()
{
	local cur prev words cword
	_init_completion || return

	local cmds="status done undo restart set next remind pmr journal log
	    flags review weeks export plan"
	local opts="--plan-dir --state --date --time --routine --tense --release
	    --settle --plain --quiet --speak --no-speak --tones --no-tones
	    --audio --format --week --fields --help --version"
	local i cmd= cmdi=0 n=0

	# The command: the first word that is neither an option nor the
	# value of one; n counts the arguments after it.
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--plan-dir | --state | --date | --time | --routine | --tense | \
		    --release | --settle | --audio | --format | --week)
			((i++))
			;;
		-*) ;;
		=) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=${words[i]}
				cmdi=$i
			elif [[ ${words[i + 1]} != = && ${words[i - 1]} != = ]]; then
				((n++))
			fi
			;;
		esac
	done

	case $prev in
	--plan-dir)
		_filedir -d
		return
		;;
	--state)
		_filedir
		return
		;;
	--date)
		COMPREPLY=($(compgen -W "$(date +%Y-%m-%d 2>/dev/null)" -- "$cur"))
		return
		;;
	--time | --tense | --release | --settle)
		return
		;;
	--audio)
		_filedir wav
		return
		;;
	--week)
		# The week numbers `winddown weeks` lists.
		COMPREPLY=($(compgen -W "$("${words[0]}" weeks 2>/dev/null |
		    sed -n 's/^Week \([0-9][0-9]*\) .*/\1/p')" -- "$cur"))
		return
		;;
	--routine)
		COMPREPLY=($(compgen -W "lower full" -- "$cur"))
		return
		;;
	--format)
		case $cmd in
		export) COMPREPLY=($(compgen -W "csv json" -- "$cur")) ;;
		next) COMPREPLY=($(compgen -W "%t %l %m" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text markdown html json" -- "$cur")) ;;
		esac
		return
		;;
	esac

	# FIELD=VALUE: bash splits at "=", so the field is before it.
	local field= value=$cur
	if [[ $cur == = ]]; then
		field=$prev
		value=
	elif [[ $prev == = ]]; then
		field=${words[cword - 2]}
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		return
	fi

	case $cmd in
	set)
		if ((n == 0)); then
			COMPREPLY=($(compgen -W "bedtime rollover bell speech tones
			    notify-command" -- "$cur"))
		elif ((n == 1)); then
			case ${words[cword - 1]} in
			bell | speech | tones)
				COMPREPLY=($(compgen -W "on off" -- "$cur")) ;;
			rollover) COMPREPLY=($(compgen -W "$(seq 0 12)" -- "$cur")) ;;
			bedtime)
				COMPREPLY=($(compgen -W "21:30 22:00 22:30 23:00 23:30" \
				    -- "$cur"))
				;;
			notify-command) COMPREPLY=($(compgen -c -- "$cur")) ;;
			esac
		fi
		;;
	remind)
		((n == 0)) &&
		    COMPREPLY=($(compgen -W "install remove status fire" -- "$cur"))
		;;
	plan)
		if ((n == 0)); then
			COMPREPLY=($(compgen -W "check" -- "$cur"))
		else
			_filedir
		fi
		;;
	done | undo)
		COMPREPLY=($(compgen -W "1 2 3 4" -- "$cur"))
		;;
	log)
		local line name type vals w lo hi
		if [[ -n $field ]]; then
			while IFS=$'\t' read -r name type vals; do
				[[ $name == "$field" ]] || continue
				for w in $vals; do
					if [[ $w == *..* ]]; then
						lo=${w%%..*} hi=${w##*..}
						((hi - lo <= 10)) &&
						    COMPREPLY+=($(compgen -W "$(seq "$lo" "$hi")" \
						    -- "$value"))
					elif [[ $w != HH:MM ]]; then
						COMPREPLY+=($(compgen -W "$w" -- "$value"))
					fi
				done
			done < <(_winddown_run log --fields)
		else
			COMPREPLY=($(compgen -W "$(_winddown_run log --fields |
			    cut -f1 | sed 's/$/=/')" -- "$cur"))
			[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		fi
		;;
	flags)
		if [[ -n $field ]]; then
			COMPREPLY=($(compgen -W "yes no" -- "$value"))
		else
			COMPREPLY=($(compgen -W "$(_winddown_run flags |
			    sed -n '/^$/q;s/ .*//p' | sed 's/$/=/')" -- "$cur"))
			[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		fi
		;;
	esac
} &&
	complete -F _winddown winddown
