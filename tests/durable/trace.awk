# Check a save's system calls as `strace -f -s 4096 -e trace=openat,open,
# write,fsync,fdatasync,rename,renameat,renameat2,flock,close,mkdir,
# mkdirat` recorded them. Every directory made has its parent fsynced
# after. For every rename of a file into place:
#   - its source is a temp file opened O_CREAT|O_EXCL (mkstemp: never
#     through a link), written (bytes > 0), fsynced and closed before;
#   - the lock file (*.lock, opened O_NOFOLLOW) is flocked LOCK_EX then
#     and unlocked only after the directory of the target was fsynced,
#     which happens after the rename.
# Prints one line per rename ("rename TARGET") and one per fault
# ("fault: ..."), then "renames N faults N". Lines of other processes
# (strace -f) are told apart by pid.
#
#   awk -f trace.awk LOG

function ret(line,    r) {
	if (match(line, /= -?[0-9]+( [A-Z][A-Z0-9]* \(.*\))?$/) == 0)
		return "?"
	r = substr(line, RSTART + 2)
	sub(/ .*/, "", r)
	return r
}
function first_str(line,    s) {
	if (match(line, /"([^"\\]|\\.)*"/) == 0)
		return ""
	return substr(line, RSTART + 1, RLENGTH - 2)
}
function second_str(line,    rest) {
	if (match(line, /"([^"\\]|\\.)*"/) == 0)
		return ""
	rest = substr(line, RSTART + RLENGTH)
	return first_str(rest)
}
function arg1(line, call,    a) {
	a = line
	sub(".*" call "\\(", "", a)
	sub(/[,)].*/, "", a)
	return a
}
function fault(msg) {
	print "fault: " msg
	faults++
}
function dirname(p) {
	if (p !~ /\//)
		return "."
	sub(/\/[^\/]*$/, "", p)
	return p == "" ? "/" : p
}
function lock_release(k) {
	if (!(k in locked) || !locked[k])
		return
	locked[k] = 0
	for (t in pending) {
		split(t, tp, SUBSEP)
		if (tp[1] != pid)
			continue
		fault("unlocked before the directory of " tp[2] \
		    " was fsynced after its rename")
		delete pending[t]
	}
}
{
	pid = $1
	line = $0
	sub(/^[0-9]+ +/, "", line)
}
line ~ /^(openat|open)\(/ {
	r = ret(line)
	if (r !~ /^[0-9]+$/)
		next
	k = pid SUBSEP r
	path[k] = first_str(line)
	isdir[k] = line ~ /O_DIRECTORY/
	if (path[k] ~ /\.lock$/ && line !~ /O_NOFOLLOW/)
		fault("lock file " path[k] " opened without O_NOFOLLOW")
	if (path[k] ~ /\.tmp\.[A-Za-z0-9]+$/) {
		if (line !~ /O_CREAT/ || line !~ /O_EXCL/)
			fault("temp file " path[k] " opened without O_CREAT|O_EXCL")
		tmpstate[pid SUBSEP path[k]] = "open"
	}
	next
}
line ~ /^write\(/ {
	k = pid SUBSEP arg1(line, "write")
	r = ret(line)
	if ((k in path) && (pid SUBSEP path[k]) in tmpstate && r + 0 > 0 &&
	    tmpstate[pid SUBSEP path[k]] ~ /^(open|written)$/)
		tmpstate[pid SUBSEP path[k]] = "written"
	else if ((k in path) && (pid SUBSEP path[k]) in tmpstate &&
	    tmpstate[pid SUBSEP path[k]] == "synced")
		tmpstate[pid SUBSEP path[k]] = "written"
	next
}
line ~ /^(fsync|fdatasync)\(/ {
	call = line ~ /^fsync/ ? "fsync" : "fdatasync"
	k = pid SUBSEP arg1(line, call)
	if (ret(line) != "0" || !(k in path))
		next
	t = pid SUBSEP path[k]
	if ((t in tmpstate) && tmpstate[t] == "written")
		tmpstate[t] = "synced"
	if (isdir[k]) {
		for (p in newdir) {
			split(p, pp, SUBSEP)
			if (pp[1] == pid && dirname(pp[2]) == path[k])
				delete newdir[p]
		}
		for (p in pending) {
			split(p, pp, SUBSEP)
			if (pp[1] == pid && dirname(pp[2]) == path[k])
				delete pending[p]
		}
	}
	next
}
line ~ /^flock\(/ {
	k = pid SUBSEP arg1(line, "flock")
	if (ret(line) != "0" || !(k in path))
		next
	if (line ~ /LOCK_EX/ && path[k] ~ /\.lock$/)
		locked[k] = 1
	else if (line ~ /LOCK_UN/)
		lock_release(k)
	next
}
line ~ /^close\(/ {
	k = pid SUBSEP arg1(line, "close")
	if (!(k in path))
		next
	t = pid SUBSEP path[k]
	if ((t in tmpstate) && tmpstate[t] == "synced")
		tmpstate[t] = "closed"
	if (k in locked)
		lock_release(k)
	delete path[k]
	delete isdir[k]
	delete locked[k]
	next
}
line ~ /^mkdir(at)?\(/ {
	if (ret(line) == "0")
		newdir[pid SUBSEP first_str(line)] = 1
	next
}
line ~ /^rename(at|at2)?\(/ {
	if (ret(line) != "0")
		next
	from = first_str(line)
	to = second_str(line)
	renames++
	print "rename " to
	t = pid SUBSEP from
	if (!(t in tmpstate))
		fault(to ": renamed from " from ", not a temp file made " \
		    "O_CREAT|O_EXCL")
	else if (tmpstate[t] != "closed")
		fault(to ": temp file " tmpstate[t] " but not written, " \
		    "fsynced and closed before its rename")
	delete tmpstate[t]
	held = 0
	for (l in locked) {
		split(l, lp, SUBSEP)
		if (lp[1] == pid && locked[l])
			held = 1
	}
	if (!held)
		fault(to ": renamed without the lock held")
	pending[pid SUBSEP to] = 1
	next
}
END {
	for (p in newdir) {
		split(p, pp, SUBSEP)
		fault("directory " pp[2] " made but its parent never fsynced")
	}
	for (p in pending) {
		split(p, pp, SUBSEP)
		fault("directory of " pp[2] " never fsynced after its rename")
	}
	printf "renames %d faults %d\n", renames, faults
}
