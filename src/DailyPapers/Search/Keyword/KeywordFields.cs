using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace DailyPapers.Search.Keyword;

/// <summary>The Lucene fields and how a <see cref="KeywordDocument"/> fills them.</summary>
internal static class KeywordFields
{
    public const string Id = "id";

    /// <summary>The id again, as doc values: reading it for 100 hits must not decompress their stored abstracts.</summary>
    public const string IdValue = "idv";

    /// <summary>
    /// Title, abstract, authors and categories as one stemmed field, one per line: one BM25 field beat weighted fields
    /// on SciFact. Its postings keep offsets: the abstract is highlighted from it (<see cref="KeywordIndex.Highlight"/>).
    /// </summary>
    public const string All = "all";

    /// <summary>The title, stemmed (ranking), its postings with offsets (highlighting).</summary>
    public const string Title = "ti";

    /// <summary>The title's text as doc values: highlighting and suggestions read it without decompressing a block of stored documents.</summary>
    public const string TitleValue = "tiv";

    /// <summary>The title word for word (unstemmed, stop words kept): exact phrases and typed titles.</summary>
    public const string TitleExact = "tix";

    /// <summary>
    /// Title and abstract word for word, which papers hold each word and nothing more (no frequencies or positions):
    /// spelling suggestions, the loose (fuzzy) fallback, and whether a word is more an author's name than a word of
    /// the text. The proximity clause reads the positions of <see cref="All"/> instead: inverting this field with
    /// positions cost 16 % of the build's CPU at 300,000 papers (bench/README, issue 16).
    /// </summary>
    public const string AllExact = "allx";

    /// <summary>The abstract's text as doc values (see <see cref="TitleValue"/>).</summary>
    public const string AbstractValue = "absv";
    public const string Authors = "au";

    /// <summary>Each part of each author's name as its initial, at the part's position in <see cref="Authors"/> (<see cref="NameInitialFilter"/>).</summary>
    public const string AuthorInitials = "aui";
    public const string Category = "cat";
    public const string Day = "day";

    /// <summary>The paper's DOI, lower-cased, for a DOI typed in the search box.</summary>
    public const string Doi = "doi";

    /// <summary>Suggestion keys for authors: each name from each of its words on, then the name as written (<see cref="SuggestionKeys"/>).</summary>
    public const string AuthorKeys = "aus";

    /// <summary>Categories as arXiv writes them (<c>cs.CL</c>), for suggestions.</summary>
    public const string CategoryName = "catd";

    // Postings with offsets: highlighting reads where the query's terms occur in a page's papers from the terms'
    // postings (as Lucene's postings highlighter does), instead of analysing the text again or decoding each
    // paper's term vectors (a compressed block of several papers per read).
    private static readonly FieldType Highlighted = Freeze(new FieldType(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS,
    });

    // Documents only: a word's papers, for spelling and the fuzzy fallback (norms kept, so that a fuzzy match in a
    // short text still counts more than in a long one).
    private static readonly FieldType WordsOnly = Freeze(new FieldType(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_ONLY,
    });

    // Positions only: read beside the names' (FieldMaskingSpanQuery), whose norms score the match.
    private static readonly FieldType Initials = Freeze(new FieldType(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS,
        OmitNorms = true,
    });

    /// <summary>The Lucene document of <paramref name="d"/>, its text fields from <paramref name="analysis"/> (this thread's).</summary>
    public static Document ToLucene(KeywordDocument d, DocumentAnalysis analysis)
    {
        var text = analysis.Analyse(d);
        var doc = new Document
        {
            new StringField(Id, d.Id, Field.Store.NO),
            new BinaryDocValuesField(IdValue, new BytesRef(d.Id)),
            // Title, abstract, authors and categories, one per line.
            new Field(All, text.All, Highlighted),
            new Field(Title, text.Title, Highlighted),
            new BinaryDocValuesField(TitleValue, new BytesRef(d.Title)),
            new TextField(TitleExact, text.TitleExact),
            // Title and abstract, one per line; which papers hold each word.
            new Field(AllExact, text.AllExact, WordsOnly),
            new BinaryDocValuesField(AbstractValue, new BytesRef(d.Abstract)),
            new Int32Field(Day, d.PublishedDay, Field.Store.NO),
        };
        foreach (var author in d.Authors)
        {
            doc.Add(new TextField(Authors, author, Field.Store.NO));
            doc.Add(new Field(AuthorInitials, author, Initials));
            foreach (var key in SuggestionKeys.ForAuthor(author))
            {
                doc.Add(new StringField(AuthorKeys, key, Field.Store.NO));
            }
        }
        foreach (var category in d.Categories)
        {
            doc.Add(new StringField(Category, category.ToLowerInvariant(), Field.Store.NO));
            doc.Add(new StringField(CategoryName, category, Field.Store.NO));
        }
        if (!string.IsNullOrWhiteSpace(d.Doi))
        {
            doc.Add(new StringField(Doi, d.Doi.Trim().ToLowerInvariant(), Field.Store.NO));
        }
        return doc;
    }

    private static FieldType Freeze(FieldType type)
    {
        type.Freeze();
        return type;
    }
}
