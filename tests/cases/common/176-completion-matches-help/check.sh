# The bash and zsh completion (made by scripts/completion at build time)
# offers exactly the options each program's --help lists, and the option
# parser accepts every one of them (none is "unrecognized").
dir=$(dirname "$(command -v lead-norm)")
. "$dir/completion/leadpipe.bash"
for p in lead-check lead-norm lead-score; do
	help=$($p --help | grep -oE '^  +(-[A-Za-z], )?--[a-z-]+' |
	    sed 's/^ *//; s/,//' | tr ' ' '\n' | sort)
	COMP_WORDS=("$p" -)
	COMP_CWORD=1
	"_${p//-/_}"
	bash=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
	zsh=$(awk -v f="_$p() {" '$0 == f { on = 1; next } on && /^}/ { on = 0 }
	    on' "$dir/completion/_leadpipe" | grep -oE "^[[:space:]]+'-[-a-zA-Z]*\[" |
	    tr -d " \t'[" | sort)
	[ "$help" = "$bash" ] && echo "$p: bash completion = --help" ||
	    diff <(echo "$help") <(echo "$bash")
	[ "$help" = "$zsh" ] && echo "$p: zsh completion = --help" ||
	    diff <(echo "$help") <(echo "$zsh")
	echo "$p: $(echo "$help" | wc -l) options"
	for o in $help; do
		$p "$o" < /dev/null 2>&1 > /dev/null | grep "unrecognized option"
	done
done
# Argument values: formats and date orders.
COMP_WORDS=(lead-score --to t); COMP_CWORD=2; _lead_score; echo "--to t: ${COMPREPLY[*]}"
COMP_WORDS=(lead-norm --dates d); COMP_CWORD=2; _lead_norm; echo "--dates d: ${COMPREPLY[*]}"
