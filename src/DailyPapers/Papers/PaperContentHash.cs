using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace DailyPapers.Papers;

/// <summary>A digest of what a source said about a paper, so importing the same record again is a no-op.</summary>
internal static class PaperContentHash
{
    // One writer and buffer per thread, reused: an import hashes every record it reads, and the canonical form
    // is a few kilobytes per paper (the abstract), which would otherwise be garbage the moment it is hashed.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The first 16 bytes of SHA-256 over the paper's canonical form, in lower-case hex. The canonical form is the
    /// compact JSON array that <c>JsonSerializer.SerializeToUtf8Bytes</c> made of
    /// <c>[id, title, abstract, primary category, [categories], comments, journal-ref, doi, report-no, license,
    /// submitter, msc, acm, published, updated, [[author, affiliation]…], [[version, created, size]…]]</c>
    /// with the default options; it is written here field by field, byte for byte the same (hashes stored by
    /// earlier releases stay valid), without the serializer's per-element type dispatch.
    /// </summary>
    public static string Of(Paper p)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);

        w.WriteStartArray();
        w.WriteStringValue(p.ArxivId);
        w.WriteStringValue(p.Title);
        w.WriteStringValue(p.Abstract);
        WriteNullable(w, p.PrimaryCategory);
        w.WriteStartArray();
        foreach (var category in p.Categories)
        {
            WriteNullable(w, category);
        }
        w.WriteEndArray();
        WriteNullable(w, p.Comments);
        WriteNullable(w, p.JournalRef);
        WriteNullable(w, p.Doi);
        WriteNullable(w, p.ReportNo);
        WriteNullable(w, p.License);
        WriteNullable(w, p.Submitter);
        WriteNullable(w, p.MscClass);
        WriteNullable(w, p.AcmClass);
        w.WriteStringValue(p.PublishedAt);
        w.WriteStringValue(p.UpdatedAt);
        w.WriteStartArray();
        foreach (var author in p.Authors)
        {
            w.WriteStartArray();
            WriteNullable(w, author.Name);
            WriteNullable(w, author.Affiliation);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray();
        foreach (var version in p.Versions)
        {
            w.WriteStartArray();
            w.WriteNumberValue(version.Number);
            w.WriteStringValue(version.CreatedAt);
            WriteNullable(w, version.Size);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndArray();
        w.Flush();

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static void WriteNullable(Utf8JsonWriter w, string? value)
    {
        if (value is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStringValue(value);
        }
    }
}
