#!/usr/bin/env python3
"""Builds the demo's month of new arXiv papers (Demo/DemoNewPapers.cs reads them):

  new-papers.jsonl.gz         the papers of ../shared/data/arxiv-daily/2026-06.jsonl and 2026-07.jsonl (real arXiv metadata,
                              CC0), one JSON object a line with the fields the demo uses: id, categories, authors, title,
                              comment, summary, listing_date (the announcement day)
  new-papers.minilm-f16.gz    their MiniLM vectors (all-MiniLM-L6-v2, documents cut at 256 word pieces, as the app embeds
                              them), as float16: "DPV1", int32 dimensions, int32 count, then per paper a byte with the id's
                              length, the id in ASCII, and the vector (little-endian); papers without a vector are left
                              out and the embedding job does them

    python3 make-new-papers.py ../shared/data/arxiv-daily /work/helpers/cache/arxiv-daily-minilm-256
"""
import array, gzip, json, struct, sys

folder, vectors = sys.argv[1], sys.argv[2]
rows = []
for month in ("2026-06", "2026-07"):
    with open(f"{folder}/{month}.jsonl", encoding="utf-8") as f:
        rows += [json.loads(line) for line in f if line.strip()]
fields = ("id", "categories", "authors", "title", "comment", "summary", "listing_date")
text = "".join(json.dumps({k: r.get(k) for k in fields}, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
with gzip.GzipFile("new-papers.jsonl.gz", "wb", compresslevel=9, mtime=0) as out:
    out.write(text)

ids = [line.strip() for line in open(vectors + ".ids", encoding="ascii")]
row_of = {i: n for n, i in enumerate(ids)}
dims = 384
found = [r["id"] for r in rows if r["id"] in row_of]
body = bytearray(b"DPV1" + struct.pack("<ii", dims, len(found)))
with open(vectors + ".f32", "rb") as f:
    for i in found:
        f.seek(row_of[i] * dims * 4)
        v = array.array("f")
        v.frombytes(f.read(dims * 4))
        body += bytes([len(i)]) + i.encode("ascii") + struct.pack(f"<{dims}e", *v)
with gzip.GzipFile("new-papers.minilm-f16.gz", "wb", compresslevel=9, mtime=0) as out:
    out.write(bytes(body))
print(f"{len(rows)} papers, {len(found)} vectors")
