using System.Diagnostics.CodeAnalysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// Analyses a paper's title and abstract once for all the fields built from them. The text fields hold the same
/// words in several forms (<see cref="KeywordFields"/>): the title in four fields and the abstract in two, which
/// the writer's analyzer used to tokenise seven times. Here each text is tokenised once; the stemmed chain
/// (<see cref="SearchAnalyzers.Stemmed"/>) and the exact chain (<see cref="SearchAnalyzers.Exact"/>) each run once
/// over those tokens, and the fields replay the results (<see cref="TokenBuffer.Replay"/>). The terms, positions and
/// offsets are the ones the analyzer makes of each field's text (<c>PreAnalysedFieldsTests</c> compares the two
/// indexes). One per thread: the writer reads a document's streams on the thread that adds it.
/// </summary>
[SuppressMessage("Reliability", "CA2000", Justification = "The chains are disposed with this object; the replays hold no resources.")]
internal sealed class DocumentAnalysis : IDisposable
{
    private readonly StandardTokenizer _tokenizer = new(SearchAnalyzers.Version, TextReader.Null);
    private readonly TokenBuffer _words = new();
    private readonly TokenStream _stemmed;
    private readonly TokenStream _exact;

    // Each text in its stemmed and its exact form, and the fields' replays of them (the writer resets a replay
    // before it reads it, so the same ones serve every document).
    private readonly TokenBuffer _titleStemmed = new(), _titleExact = new(), _abstractStemmed = new(), _abstractExact = new(), _restStemmed = new();
    private readonly AnalysedText _fields;

    public DocumentAnalysis()
    {
        // Two sources over the same words, so that the two chains share no attributes.
        _stemmed = SearchAnalyzers.Stemmed(new TokenBuffer.Replay().Of(_words));
        _exact = SearchAnalyzers.Exact(new TokenBuffer.Replay().Of(_words), singular: true);
        _fields = new AnalysedText(
            All: new TokenBuffer.Replay().Of(_titleStemmed, _abstractStemmed, _restStemmed),
            AllExact: new TokenBuffer.Replay().Of(_titleExact, _abstractExact),
            Title: new TokenBuffer.Replay().Of(_titleStemmed),
            TitleExact: new TokenBuffer.Replay().Of(_titleExact));
    }

    /// <summary>The fields' token streams for <paramref name="document"/>; valid until the next call on this thread.</summary>
    public AnalysedText Analyse(KeywordDocument document)
    {
        Tokenise(document.Title);
        _titleStemmed.Fill(_stemmed);
        _titleExact.Fill(_exact);
        Tokenise(document.Abstract);
        _abstractStemmed.Fill(_stemmed);
        _abstractExact.Fill(_exact);
        // Authors and categories follow title and abstract in the combined field, each on a line of its own.
        Tokenise(string.Join("\n", [.. document.Authors, .. document.Categories]));
        _restStemmed.Fill(_stemmed);
        return _fields;
    }

    private void Tokenise(string text)
    {
        _tokenizer.SetReader(new StringReader(text));
        _words.Fill(_tokenizer);
        // Closing the tokenizer lets it take the next text.
        _tokenizer.Dispose();
    }

    public void Dispose()
    {
        _tokenizer.Dispose();
        _stemmed.Dispose();
        _exact.Dispose();
    }
}

/// <summary>The token streams of a paper's text fields (<see cref="DocumentAnalysis"/>).</summary>
internal sealed record AnalysedText(TokenStream All, TokenStream AllExact, TokenStream Title, TokenStream TitleExact);
