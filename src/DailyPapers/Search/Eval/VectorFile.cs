using System.Runtime.InteropServices;

namespace DailyPapers.Search.Eval;

/// <summary>
/// Document vectors computed elsewhere: <c>NAME.f32</c> holds float32 rows (little-endian, one per document, all of
/// one length) and <c>NAME.ids</c> the documents' ids, one a line, in the same order. Lets an evaluation or a
/// benchmark use the vectors of a large corpus without embedding it again (hours on two cores).
/// </summary>
public static class VectorFile
{
    /// <summary>The vectors by id; <see cref="EvalDataException"/> when the files are missing or do not fit each other or the dimensions.</summary>
    public static Dictionary<string, float[]> Read(string name, int dimensions)
    {
        var (idsPath, rowsPath) = (name + ".ids", name + ".f32");
        foreach (var path in new[] { idsPath, rowsPath })
        {
            if (!File.Exists(path))
            {
                throw new EvalDataException(path, 0, "no such file (a vector file is NAME.f32 with NAME.ids beside it).");
            }
        }
        var ids = File.ReadAllLines(idsPath);
        var bytes = File.ReadAllBytes(rowsPath);
        var row = dimensions * sizeof(float);
        if (bytes.LongLength != (long)ids.Length * row)
        {
            throw new EvalDataException(rowsPath, 0, $"{bytes.LongLength:N0} bytes are not {ids.Length:N0} rows (the lines of {Path.GetFileName(idsPath)}) of {dimensions} float32 values.");
        }
        var vectors = new Dictionary<string, float[]>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            vectors[ids[i]] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * row, row)).ToArray();
        }
        return vectors;
    }
}
