# Cuts 400 seeded queries from a snapshot file for `keyword-build --queries`: usage keyword-queries.py SNAPSHOT.jsonl OUT.txt
import json, random, re, sys
random.seed(16)
recs = [json.loads(l) for l in open(sys.argv[1])]
picks = random.sample(recs, 400)
out = []
words = lambda s: re.findall(r"[A-Za-z][A-Za-z\-]{2,}", s)
for i, r in enumerate(picks):
    t, a = words(r["title"]), words(r["abstract"])
    if len(t) < 3 or len(a) < 6: continue
    k = i % 4
    if k == 0:
        n = random.randint(1, 3); s = random.randrange(len(t) - n + 1); out.append(" ".join(t[s:s+n]))
    elif k == 1:
        s = random.randrange(len(a) - 1); out.append('"%s %s"' % (a[s], a[s+1]))
    elif k == 2:
        out.append(" ".join(random.sample(a, 3)))
    else:
        s = random.randrange(len(a) - 1); out.append('%s "%s %s"' % (random.choice(t), a[s], a[s+1]))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print(len(out))
