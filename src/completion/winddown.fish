# fish completion for winddown(1): commands, options, `set` keys and
# values, `log` fields and their values (from the plan, through
# `winddown log --fields`), red-flag ids, and --format values.

# The program with the plan and state options on the line.
function __winddown_run
    set -l tokens (commandline -opc)
    set -l args
    set -l i 2
    while test $i -le (count $tokens)
        switch $tokens[$i]
            case --plan-dir --state
                set -a args $tokens[$i] $tokens[(math $i + 1)]
            case '--plan-dir=*' '--state=*'
                set -a args $tokens[$i]
        end
        set i (math $i + 1)
    end
    $tokens[1] $args $argv 2>/dev/null
end

# The command and its arguments so far, options and their values left out.
function __winddown_words
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --plan-dir --state --date --time --routine --tense --release --format
                set skip 1
            case '-*'
            case '*'
                echo $t
        end
    end
end

function __winddown_needs_command
    test (count (__winddown_words)) = 0
end

# __winddown_at CMD N: completing argument N (0-based) of CMD.
function __winddown_at -a cmd n
    set -l w (__winddown_words)
    test "$w[1]" = $cmd; and test (math (count $w) - 1) = $n
end

function __winddown_using -a cmd
    set -l w (__winddown_words)
    test "$w[1]" = $cmd
end

function __winddown_formats
    set -l w (__winddown_words)
    switch "$w[1]"
        case export
            printf '%s\n' csv json
        case next
            printf '%s\n' '%t %l (in %m min)' '%t %l'
        case '*'
            printf '%s\n' text markdown html json
    end
end

function __winddown_log_values
    set -l tok (commandline -ct)
    set -l fields (__winddown_run log --fields)
    if string match -q '*=*' -- $tok
        set -l f (string split -m1 = -- $tok)[1]
        for line in $fields
            set -l parts (string split \t -- $line)
            test "$parts[1]" = "$f"; or continue
            for w in (string split ' ' -- $parts[3])
                if string match -q '*..*' -- $w
                    set -l r (string split .. -- $w)
                    if test (math $r[2] - $r[1]) -le 10
                        for v in (seq $r[1] $r[2])
                            echo $f=$v
                        end
                    end
                else if test -n "$w" -a "$w" != HH:MM
                    echo $f=$w
                end
            end
        end
    else
        for line in $fields
            echo (string split \t -- $line)[1]=
        end
    end
end

function __winddown_flag_values
    set -l tok (commandline -ct)
    if string match -q '*=*' -- $tok
        set -l f (string split -m1 = -- $tok)[1]
        printf '%s\n' $f=yes $f=no
    else
        for line in (__winddown_run flags)
            test -z "$line"; and break
            echo (string split -m1 ' ' -- $line)[1]=
        end
    end
end

complete -c winddown -f
complete -c winddown -n __winddown_needs_command -a status -d "Print today's task and checklist"
complete -c winddown -n __winddown_needs_command -a done -d "Tick today's steps"
complete -c winddown -n __winddown_needs_command -a undo -d "Untick today's steps"
complete -c winddown -n __winddown_needs_command -a restart -d 'Start a new week today'
complete -c winddown -n __winddown_needs_command -a set -d 'Change a setting'
complete -c winddown -n __winddown_needs_command -a next -d 'The next thing ahead tonight'
complete -c winddown -n __winddown_needs_command -a remind -d "Reminders at tonight's times"
complete -c winddown -n __winddown_needs_command -a pmr -d 'Progressive muscle relaxation'
complete -c winddown -n __winddown_needs_command -a journal -d 'Open the journal form'
complete -c winddown -n __winddown_needs_command -a log -d "Record last night's entry"
complete -c winddown -n __winddown_needs_command -a flags -d 'Answer the red-flag questions'
complete -c winddown -n __winddown_needs_command -a review -d "Print the week's review"
complete -c winddown -n __winddown_needs_command -a weeks -d 'List every week'
complete -c winddown -n __winddown_needs_command -a export -d 'Print every journal night'
complete -c winddown -n __winddown_needs_command -a plan -d 'Check plan files'

complete -c winddown -l plan-dir -x -a '(__fish_complete_directories)' -d 'Read the plan from DIR'
complete -c winddown -l state -r -F -d 'Keep progress in FILE'
complete -c winddown -l date -x -d 'Act as if today were YYYY-MM-DD'
complete -c winddown -l time -x -d 'Act as if the clock read HH:MM'
complete -c winddown -l routine -x -a 'lower full' -d 'Relaxation routine'
complete -c winddown -l tense -x -d 'Seconds to tense each group'
complete -c winddown -l release -x -d 'Seconds to release each group'
complete -c winddown -l plain -d 'Relaxation cues as plain lines'
complete -c winddown -l settle -x -d 'Seconds of settling breath first'
complete -c winddown -l speak -d 'Speak the relaxation cues'
complete -c winddown -l no-speak -d 'Do not speak the cues'
complete -c winddown -l tones -d 'Soft tones at phase changes'
complete -c winddown -l no-tones -d 'No tones'
complete -c winddown -l audio -r -F -d 'Write the session as a WAV file'
complete -c winddown -l week -x -a '(winddown weeks 2>/dev/null | string replace -rf "^Week ([0-9]+) .*" "\$1")' -d 'The week to review'
complete -c winddown -l quiet -d 'No bell'
complete -c winddown -l format -x -a '(__winddown_formats)' -d 'Output format or template'
complete -c winddown -l fields -d 'log: list the journal fields'
complete -c winddown -s h -l help -d 'Show help'
complete -c winddown -s V -l version -d 'Show the version'

complete -c winddown -n '__winddown_at set 0' -a 'bedtime rollover bell speech tones notify-command'
complete -c winddown -n '__winddown_at set 1; and contains -- bell (__winddown_words)' -a 'on off'
complete -c winddown -n '__winddown_at set 1; and contains -- speech (__winddown_words)' -a 'on off'
complete -c winddown -n '__winddown_at set 1; and contains -- tones (__winddown_words)' -a 'on off'
complete -c winddown -n '__winddown_at set 1; and contains -- rollover (__winddown_words)' -a '(seq 0 12)'
complete -c winddown -n '__winddown_at set 1; and contains -- notify-command (__winddown_words)' -a '(__fish_complete_command)'
complete -c winddown -n '__winddown_at remind 0' -a 'install remove status fire'
complete -c winddown -n '__winddown_at plan 0' -a check
complete -c winddown -n '__winddown_using plan; and not __winddown_at plan 0' -F
complete -c winddown -n '__winddown_using done; or __winddown_using undo' -a '1 2 3 4'
complete -c winddown -n '__winddown_using log' -a '(__winddown_log_values)'
complete -c winddown -n '__winddown_using flags' -a '(__winddown_flag_values)'
