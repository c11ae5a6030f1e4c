using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>The Lucene fields and how a <see cref="KeywordDocument"/> fills them.</summary>
internal static class KeywordFields
{
    public const string Id = "id";

    /// <summary>The id again, as doc values: reading it for 100 hits must not decompress their stored abstracts.</summary>
    public const string IdValue = "idv";

    /// <summary>Title, abstract, authors and categories as one field: one BM25 field beat weighted fields on SciFact.</summary>
    public const string All = "all";

    public const string Title = "ti";
    public const string Abstract = "abs";
    public const string Authors = "au";
    public const string Category = "cat";
    public const string Day = "day";

    public static Document ToLucene(KeywordDocument d)
    {
        var doc = new Document
        {
            new StringField(Id, d.Id, Field.Store.YES),
            new BinaryDocValuesField(IdValue, new BytesRef(d.Id)),
            new TextField(All, string.Join("\n", [d.Title, d.Abstract, .. d.Authors, .. d.Categories]), Field.Store.NO),
            new TextField(Title, d.Title, Field.Store.YES),
            new TextField(Abstract, d.Abstract, Field.Store.YES),
            new Int32Field(Day, d.PublishedDay, Field.Store.NO),
        };
        foreach (var author in d.Authors)
        {
            doc.Add(new TextField(Authors, author, Field.Store.NO));
        }
        foreach (var category in d.Categories)
        {
            doc.Add(new StringField(Category, category.ToLowerInvariant(), Field.Store.NO));
        }
        return doc;
    }
}
