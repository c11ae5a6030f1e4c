# Compares two `keyword-build --results` files (scores, ids above the tenth score, ties at the cut, titles, snippets): usage keyword-results-compare.py A B
import sys
def load(p):
    res, q = {}, None
    lines = open(p).read().split("\n")
    i = 0
    while i < len(lines):
        l = lines[i]
        if l.startswith("Q "):
            q = l[2:]; res[q] = []; i += 1; continue
        if l.startswith("  ") and not l.startswith("    "):
            sc, id_ = l.split()
            res[q].append((sc, id_, lines[i+1], lines[i+2])); i += 3; continue
        i += 1
    return res
a, b = load(sys.argv[1]), load(sys.argv[2])
qs = len(a); score_diff = id_diff = tie_only = title_diff = snip_diff = hits = 0
for q in a:
    x, y = a[q], b.get(q, [])
    if [h[0] for h in x] != [h[0] for h in y]: score_diff += 1; continue
    if [h[1] for h in x] != [h[1] for h in y]:
        last = x[-1][0] if x else None
        if [h[1] for h in x if h[0] != last] == [h[1] for h in y if h[0] != last]: tie_only += 1
        else: id_diff += 1
    dy = {h[1]: h for h in y}
    for h in x:
        if h[1] in dy:
            hits += 1
            if h[2] != dy[h[1]][2]: title_diff += 1
            if h[3] != dy[h[1]][3]: snip_diff += 1
print(f"queries {qs}: score lists differ {score_diff}, ids differ above the 10th score {id_diff}, ties at the cut only {tie_only}; common hits {hits}: titles differ {title_diff}, snippets differ {snip_diff}")
