#!/bin/sh
# The plan is written in its own words: no run of eight or more words of
# the source article (shared/source-article.txt beside the checkout) may
# stand in any text or comment of plans/*.cfg. The article's title (the
# source line) and the names of the disorders are the only runs allowed.
# Prints ok/not ok or SKIP lines and "N passed, N failed, N skipped".

set -u
ARTICLE=${WINDDOWN_ARTICLE:-../shared/source-article.txt}
if [ ! -r "$ARTICLE" ]; then
	echo "SKIP - words: $ARTICLE is not there to compare with"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP - words: python3 not found"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
python3 - "$ARTICLE" plans/*.cfg <<'PY'
import re, sys
N = 8
ALLOWED = [
    "why do my legs twitch before falling asleep and how to stop it",
    "restless legs syndrome rls or periodic limb movement disorder plmd",
]
def words(t):
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", t.lower().replace("\u2019", "'"))
aw = words(open(sys.argv[1], encoding="utf-8").read())
grams = {tuple(aw[i:i + N]) for i in range(len(aw) - N + 1)}
passed = failed = 0
for f in sys.argv[2:]:
    txt = open(f, encoding="utf-8").read()
    vals = []
    # A value: quoted strings side by side, which libconfig joins.
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*', txt):
        vals.append((txt[:m.start()].count("\n") + 1,
                     "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(0)))))
    for n, line in enumerate(txt.split("\n")):
        if "#" in line and '"' not in line.split("#")[0]:
            vals.append((n + 1, line.split("#", 1)[1]))
    bad = []
    for line, t in vals:
        # A name allowed breaks a run: "like <disorder>" is no copy.
        joined = " " + " ".join(words(t)) + " "
        for a in ALLOWED:
            joined = joined.replace(" " + a + " ", " | ")
        w = joined.split()
        i = 0
        while i < len(w) - N + 1:
            if tuple(w[i:i + N]) in grams:
                j = i + N
                while j < len(w) and tuple(w[j - N + 1:j + 1]) in grams:
                    j += 1
                bad.append("%s:%d: %s" % (f, line, " ".join(w[i:j])))
                i = j
            else:
                i += 1
    if bad:
        failed += 1
        print("not ok - words: %s copies the article" % f)
        for b in bad:
            print("#   " + b)
    else:
        passed += 1
        print("ok - words: %s is in its own words" % f)
print("%d passed, %d failed, 0 skipped" % (passed, failed))
sys.exit(1 if failed else 0)
PY
