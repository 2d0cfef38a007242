# SPDX-License-Identifier: GPL-2.0-only
# bash completion for pmipctl(8): commands, subcommands and keywords.

_pmipctl_keywords()
{
	# _pmipctl_keywords COMMAND SUBCOMMAND: keywords that subcommand takes.
	case "$1 $2" in
	"bce add"|"bce set")   echo "mn bid prio att ll coa hnp" ;;
	"bce del")             echo "mn bid" ;;
	"bce show")            echo "mn bid" ;;
	"flow add"|"flow set") echo "mn fid prio src dst proto sport dport spi label tclass bid action" ;;
	"flow del")            echo "mn fid" ;;
	"flow show")           echo "mn fid" ;;
	"bul add"|"bul set")   echo "mn lma dev ll bid hnp offlink" ;;
	"bul del"|"bul show")  echo "mn" ;;
	"ro add"|"ro set")     echo "src dst peer lifetime owner" ;;
	"ro del"|"ro show")    echo "src dst" ;;
	"instance set")        echo "role local remote" ;;
	esac
}

_pmipctl()
{
	local cur prev words cword i cmd="" sub="" nargs
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else	# without the bash-completion package
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${words[cword]}
		prev=${words[cword - 1]}
	fi

	# Skip global options to find the command.
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-j --json -h --help -V --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "show version instance bce flow bul ro daemon monitor help" -- "$cur"))
		fi
		return
	fi

	case $cmd in
	help)
		[[ $cword -eq $((i + 1)) ]] &&
			COMPREPLY=($(compgen -W "show version instance bce flow bul ro daemon monitor" -- "$cur"))
		return ;;
	show|version|monitor)
		return ;;
	daemon)
		# pmipd's control socket commands (pmipctl_daemon.h); their
		# arguments are mobile node identifiers and the like.
		[[ $cword -eq $((i + 1)) ]] &&
			COMPREPLY=($(compgen -W "show stats bindings pending heartbeat attach detach revoke flow ro --help" -- "$cur"))
		return ;;
	instance)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "show set" -- "$cur"))
			return
		fi
		sub=${words[i + 1]} ;;
	bce|flow|bul|ro)
		if [[ $cword -eq $((i + 1)) ]]; then
			COMPREPLY=($(compgen -W "show add set del --help" -- "$cur"))
			return
		fi
		sub=${words[i + 1]}
		case $sub in
		add|set|del|show) ;;
		*) sub=show; i=$((i - 1)) ;;	# "bce mn X": show is implied
		esac ;;
	*)
		return ;;
	esac

	# Values of keywords we know something about.
	case $prev in
	role)   COMPREPLY=($(compgen -W "lma mag" -- "$cur")); return ;;
	action) COMPREPLY=($(compgen -W "forward drop" -- "$cur")); return ;;
	owner)  COMPREPLY=($(compgen -W "controller trigger mag" -- "$cur")); return ;;
	proto)  COMPREPLY=($(compgen -W "tcp udp icmpv6" -- "$cur")); return ;;
	dev)    COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur")); return ;;
	esac

	# Keyword positions alternate with values after "CMD SUB".
	nargs=$((cword - i - 2))
	if ((nargs % 2 == 0)); then
		COMPREPLY=($(compgen -W "$(_pmipctl_keywords "$cmd" "$sub")" -- "$cur"))
	fi
}
complete -F _pmipctl pmipctl
