using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DailyPapers.Bench.Scale;

/// <summary>
/// Writes a benchmark corpus in the Kaggle snapshot's format, deterministically from a seed: the real arxiv-daily
/// papers as they are (real ids, dates, authors, categories, text; a share of them below 2.8 M records), and the
/// rest made from real texts with variation, spread over 1991–2026 as arXiv's submissions are, under ids of the
/// style of their month (numbered in submission order), with categories of their era and authors from real names;
/// month after month, each month's records in id order as in the real file. Next to it, one MiniLM vector
/// per line (float32 rows in line order): the real vector where the cache has the paper, else a real vector plus
/// noise. Prints exactly what is real.
/// </summary>
internal static class CorpusCommand
{
    public const string VectorCache = "/work/helpers/cache/arxiv-daily-minilm-256";
    private const int FullSize = 2_800_000;
    private const float Noise = 0.025f;

    private static readonly string[] Licenses =
    [
        "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", "http://creativecommons.org/licenses/by/4.0/",
        "http://creativecommons.org/licenses/by-nc-sa/4.0/", "http://creativecommons.org/publicdomain/zero/1.0/",
    ];

    public static int Run(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var records = int.Parse(Value("--records") ?? "2800000", CultureInfo.InvariantCulture);
        var output = Value("--out") ?? throw new ArgumentException("--out DIR is required (outside the repository)");
        var data = Value("--data") ?? "/work/shared/data";
        var seed = int.Parse(Value("--seed") ?? "16", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(output);
        var clock = Stopwatch.StartNew();
        var sources = CorpusSources.Read(data, Value("--vectors") ?? VectorCache);
        Console.Error.WriteLine($"sources: {sources.Daily.Count:N0} arxiv-daily papers ({sources.VectorRow.Count:N0} with a real vector), {sources.Others.Count:N0} other texts, {sources.Names.Count:N0} author names ({clock.Elapsed.TotalSeconds:F1} s)");

        var random = new Random(seed);
        // Below the full size, each real paper is kept with the corpus's share of the whole.
        var keepReal = Math.Min(1.0, (double)records / FullSize);
        var real = sources.Daily.Where(_ => random.NextDouble() < keepReal).ToList();
        var realByMonth = real.GroupBy(p => new DateOnly(p.Listed!.Value.Year, p.Listed.Value.Month, 1)).ToDictionary(g => g.Key, g => g.ToList());
        var months = ArxivShape.Months(records);
        var texts = sources.Daily.Concat(sources.Others).ToArray();
        random.Shuffle(texts);

        var snapshotPath = Path.Combine(output, "snapshot.jsonl");
        using var lines = new FileStream(snapshotPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var vectors = new FileStream(Path.Combine(output, "vectors.f32"), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var ids = new StreamWriter(Path.Combine(output, "vectors.ids"), false, new System.Text.UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var vector = new float[CorpusSources.Dimensions];
        var counts = new Counts();
        var written = 0;
        var next = 0;
        foreach (var (month, quota) in months)
        {
            var monthReal = realByMonth.GetValueOrDefault(month) ?? [];
            var generated = Math.Max(0, quota - monthReal.Count);
            var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            var items = new List<Record>(generated + monthReal.Count);
            // arXiv numbers a month's papers as they are submitted, and the snapshot lists papers by id: the
            // submission times are drawn first and numbered in order, so ids and dates rise together, as in the
            // real file (a writer's B-trees see the keys nearly in order, not scattered over each month).
            var days = DateTime.DaysInMonth(month.Year, month.Month);
            var created = new DateTime[generated];
            for (var i = 0; i < generated; i++)
            {
                created[i] = month.ToDateTime(new TimeOnly(random.Next(24), random.Next(60), random.Next(60))).AddDays(random.Next(days));
            }
            Array.Sort(created);
            for (var i = 0; i < generated; i++)
            {
                items.Add(Generate(sources, texts[next++ % texts.Length], month, created[i], numbers, random));
            }
            items.AddRange(monthReal.Select(p => Real(p, random)));
            items.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            foreach (var item in items)
            {
                MakeVector(sources, item, random, vector, counts);
                vectors.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
                ids.WriteLine(item.Id);
                buffer.ResetWrittenCount();
                json.Reset(buffer);
                Write(json, item);
                json.Flush();
                lines.Write(buffer.WrittenSpan);
                lines.WriteByte((byte)'\n');
                counts.Real += item.Source.Id is not null && item.Source.Id == item.Id ? 1 : 0;
                written++;
            }
            if (month.Month == 1)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{month:yyyy}: {written:N0} records ({clock.Elapsed.TotalSeconds:F0} s)"));
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Wrote {written:N0} records to {snapshotPath} ({new FileInfo(snapshotPath).Length / 1e9:F2} GB) and their vectors to {Path.Combine(output, "vectors.f32")} in {clock.Elapsed.TotalSeconds:F0} s (seed {seed}).
              real papers as they are (id, arXiv listing day, authors, categories, title, abstract, comment): {counts.Real:N0}
              made from real texts (sentences rotated, one borrowed; half the titles with one word swapped), made-up ids, dates, categories, authors: {written - counts.Real:N0}
              vectors: real MiniLM (256 word pieces) of the real papers: {counts.RealVectors:N0}; the real vector of the text's source paper plus noise (sigma {Noise} a dimension, cosine ~0.9): {counts.NoisyOwn:N0};
                a random real vector plus noise (texts without a real vector: the 200 snapshot lines, abstracts/, papers the cache lacks): {counts.NoisyOther:N0}
            """));
        return 0;
    }

    private sealed class Counts
    {
        public int Real;
        public int RealVectors;
        public int NoisyOwn;
        public int NoisyOther;
    }

    private sealed record Record(
        string Id, DateTime Created, SourcePaper Source, string Title, string Abstract, IReadOnlyList<string> Authors, IReadOnlyList<string> Categories,
        IReadOnlyList<DateTime> Versions, string? Comment, string? JournalRef, string? Doi, string? License);

    private static Record Real(SourcePaper p, Random random)
    {
        // The listing day is when arXiv announced it; the submission was the working day before.
        var created = p.Listed!.Value.AddDays(-1).ToDateTime(new TimeOnly(12 + random.Next(8), random.Next(60), random.Next(60)));
        return new Record(p.Id!, created, p, p.Title, p.Abstract, p.Authors!, p.Categories is { Count: > 0 } c ? c : ["cs.AI"], [created], p.Comment, null, null, Licenses[0]);
    }

    private static Record Generate(CorpusSources sources, SourcePaper text, DateOnly month, DateTime created, Dictionary<string, int> numbers, Random random)
    {
        var (archive, categories) = ArxivShape.Categories(random, month.Year);
        string id;
        do
        {
            var key = month < new DateOnly(2007, 4, 1) ? archive : "";
            var number = numbers[key] = numbers.GetValueOrDefault(key) + 1;
            if (number > ArxivShape.MaxNumber(month))
            {
                // An archive's month is full (old style: 999): take another archive's.
                (archive, categories) = ArxivShape.Categories(random, month.Year);
                id = "";
                continue;
            }
            id = ArxivShape.Id(month, archive, number);
        }
        while (id.Length == 0 || sources.ReservedIds.Contains(id));
        var versions = new List<DateTime> { created };
        while (versions.Count < 5 && random.NextDouble() < (versions.Count == 1 ? 0.35 : 0.3))
        {
            var later = versions[^1].AddDays(1 + random.Next(200)).AddMinutes(random.Next(1440));
            if (later > ArxivShape.Last.ToDateTime(TimeOnly.MinValue))
            {
                break;
            }
            versions.Add(later);
        }
        var borrowed = sources.Daily[random.Next(sources.Daily.Count)];
        var authors = Enumerable.Range(0, ArxivShape.AuthorCount(random)).Select(_ => AuthorName(sources.Names, random)).Distinct(StringComparer.Ordinal).ToList();
        var physics = !categories[0].StartsWith("cs.", StringComparison.Ordinal);
        return new Record(id, created, text, VaryTitle(text.Title, borrowed.Title, random), VaryAbstract(text.Abstract, borrowed.Abstract, random),
            authors, categories, versions,
            text.Comment ?? (random.NextDouble() < 0.6 ? $"{4 + random.Next(40)} pages, {random.Next(12)} figures" : null),
            physics && random.NextDouble() < 0.3 ? $"Phys. Rev. {"ABCDE"[random.Next(5)]} {10 + random.Next(100)}, {random.Next(1, 999999):000000} ({month.Year + random.Next(2)})" : null,
            random.NextDouble() < 0.2 ? $"10.{1000 + random.Next(9000)}/{archive.Replace('-', '.')}.{id.Replace('/', '.')}" : null,
            month.Year >= 2004 ? Licenses[ArxivShape.Zipf(random, Licenses.Length)] : null);
    }

    /// <summary>A tenth of the names among the 5,000 most frequent (prolific authors), four in ten any real name, the rest a new combination of two.</summary>
    private static string AuthorName(List<string> names, Random random)
    {
        var roll = random.NextDouble();
        if (roll < 0.1)
        {
            return names[random.Next(Math.Min(5000, names.Count))];
        }
        if (roll < 0.5)
        {
            return names[random.Next(names.Count)];
        }
        var first = names[random.Next(names.Count)];
        var last = names[random.Next(names.Count)];
        return $"{first[..first.LastIndexOf(' ')]} {last[(last.LastIndexOf(' ') + 1)..]}";
    }

    private static string VaryTitle(string title, string other, Random random)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var from = other.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).ToArray();
        if (words.Length < 3 || from.Length == 0 || random.NextDouble() < 0.5)
        {
            return title;
        }
        words[random.Next(words.Length)] = from[random.Next(from.Length)];
        return string.Join(' ', words);
    }

    private static string VaryAbstract(string text, string other, Random random)
    {
        static string[] Sentences(string s) => s.Trim().TrimEnd('.').Split(". ", StringSplitOptions.RemoveEmptyEntries);
        var sentences = Sentences(text);
        var rotate = random.Next(sentences.Length);
        var borrowed = Sentences(other);
        return string.Join(". ", sentences.Skip(rotate).Concat(sentences.Take(rotate)).Append(borrowed[random.Next(borrowed.Length)])) + ".";
    }

    private static void MakeVector(CorpusSources sources, Record item, Random random, float[] vector, Counts counts)
    {
        var isReal = item.Source.Id == item.Id;
        if (item.Source.Id is { } sourceId && sources.VectorRow.TryGetValue(sourceId, out var row))
        {
            sources.Vector(row).CopyTo(vector);
            if (isReal)
            {
                counts.RealVectors++;
                return;
            }
            counts.NoisyOwn++;
        }
        else
        {
            sources.Vector(random.Next(sources.VectorRow.Count)).CopyTo(vector);
            counts.NoisyOther++;
        }
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] += Noise * Gaussian(random);
        }
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static void Write(Utf8JsonWriter json, Record r)
    {
        json.WriteStartObject();
        json.WriteString("id", r.Id);
        json.WriteString("submitter", r.Authors.Count > 0 ? r.Authors[0] : null);
        json.WriteString("authors", r.Authors.Count <= 1 ? string.Join("", r.Authors) : string.Join(", ", r.Authors.Take(r.Authors.Count - 1)) + " and " + r.Authors[^1]);
        json.WriteString("title", r.Title);
        json.WriteString("comments", r.Comment);
        json.WriteString("journal-ref", r.JournalRef);
        json.WriteString("doi", r.Doi);
        json.WriteNull("report-no");
        json.WriteString("categories", string.Join(' ', r.Categories));
        json.WriteString("license", r.License);
        json.WriteString("abstract", r.Abstract);
        json.WriteStartArray("versions");
        for (var v = 0; v < r.Versions.Count; v++)
        {
            json.WriteStartObject();
            json.WriteString("version", $"v{v + 1}");
            json.WriteString("created", r.Versions[v].ToString("ddd, d MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("update_date", r.Versions[^1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteStartArray("authors_parsed");
        foreach (var name in r.Authors)
        {
            var space = name.LastIndexOf(' ');
            json.WriteStartArray();
            json.WriteStringValue(space < 0 ? name : name[(space + 1)..]);
            json.WriteStringValue(space < 0 ? "" : name[..space]);
            json.WriteStringValue("");
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
