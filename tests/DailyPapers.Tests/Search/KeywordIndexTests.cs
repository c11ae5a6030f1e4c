using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Search.Keyword;

namespace DailyPapers.Tests.Search;

public sealed class KeywordIndexTests : IDisposable
{
    private readonly KeywordIndex _index = KeywordIndex.InMemory();

    public KeywordIndexTests()
    {
        foreach (var p in SearchTestPapers.All)
        {
            _index.Upsert(new KeywordDocument
            {
                Id = p.ArxivId,
                Title = p.Title,
                Abstract = p.Abstract,
                Authors = p.Authors.Select(a => a.Name).ToList(),
                Categories = p.Categories.ToList(),
                PublishedDay = DateOnly.FromDateTime(p.PublishedAt).DayNumber,
            });
        }
        _index.Commit();
    }

    public void Dispose() => _index.Dispose();

    private List<string> Ids(string query, SearchFilter? filter = null) =>
        _index.Search(SearchQuery.Parse(query), filter ?? SearchFilter.None, 10).Hits.Select(h => h.Id).ToList();

    [Fact]
    public void Plain_words_rank_by_bm25_with_stemming()
    {
        // "temperatures" stems to the word in both Bread and Volcano; "magma" only in Volcano.
        Assert.Equal([SearchTestPapers.Volcano.ArxivId, SearchTestPapers.Bread.ArxivId], Ids("magma temperatures"));
        Assert.Equal([SearchTestPapers.Cats.ArxivId], Ids("PURRING cat"));
    }

    [Fact]
    public void A_phrase_must_appear_in_order()
    {
        Assert.Equal([SearchTestPapers.Quantum.ArxivId], Ids("\"entangled photons\""));
        Assert.Empty(Ids("\"photons entangled\""));
    }

    [Fact]
    public void Prefixes_search_one_field()
    {
        Assert.Equal([SearchTestPapers.Transformers.ArxivId], Ids("au:hinton"));
        Assert.Equal([SearchTestPapers.Quantum.ArxivId], Ids("au:muller"));   // folded to ASCII
        Assert.Empty(Ids("ti:yeast"));                                       // in the abstract only
        Assert.Equal([SearchTestPapers.Bread.ArxivId], Ids("yeast"));
        Assert.Equal([SearchTestPapers.Transformers.ArxivId], Ids("cat:cs"));  // an archive takes its categories
        Assert.Equal([SearchTestPapers.Quantum.ArxivId], Ids("cat:quant-ph photons"));
    }

    [Fact]
    public void Filters_restrict_by_category_and_date()
    {
        Assert.Equal([SearchTestPapers.Bread.ArxivId], Ids("temperature", new SearchFilter { Category = "physics.chem-ph" }));
        Assert.Equal([SearchTestPapers.Volcano.ArxivId],
            Ids("temperature", new SearchFilter { From = new DateOnly(2025, 1, 1), To = new DateOnly(2025, 12, 31) }));
        Assert.Empty(Ids("temperature", new SearchFilter { To = new DateOnly(2023, 12, 31) }));
    }

    [Fact]
    public void Stop_words_alone_find_nothing_and_long_queries_do_not_throw()
    {
        Assert.Empty(Ids("the of and"));
        // 190 clauses of one term: fine; SearchQuery caps parts and length, so Lucene's limit of 1,024 clauses is never reached.
        var words = string.Concat(Enumerable.Repeat("zz ", 190)) + "bread";
        Assert.Equal([SearchTestPapers.Bread.ArxivId], Ids(words));
    }

    [Fact]
    public void Upsert_replaces_and_delete_removes()
    {
        _index.Upsert(new KeywordDocument { Id = SearchTestPapers.Cats.ArxivId, Title = "Dogs", Abstract = "Barking." });
        _index.Delete(SearchTestPapers.Bread.ArxivId);
        _index.Commit();

        Assert.Empty(Ids("purr"));
        Assert.Equal([SearchTestPapers.Cats.ArxivId], Ids("barking"));
        Assert.Empty(Ids("sourdough"));
        Assert.Equal(4, _index.Count);
    }

    [Fact]
    public void Highlights_mark_matches_and_encode_everything_else()
    {
        _index.Upsert(new KeywordDocument { Id = "x", Title = "<script>alert(1)</script> sourdough", Abstract = "A <b>bold</b> & sourdough claim." });
        _index.Commit();

        var text = _index.Highlight(SearchQuery.Parse("sourdough"), ["x", "missing"]);

        Assert.Equal(["x"], text.Keys);
        Assert.Equal("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; <mark>sourdough</mark>", text["x"].TitleHtml);
        Assert.Equal("A &lt;b&gt;bold&lt;&#x2F;b&gt; &amp; <mark>sourdough</mark> claim.", text["x"].SnippetHtml);
    }

    [Fact]
    public void A_paper_found_by_meaning_only_gets_the_start_of_its_abstract()
    {
        var text = _index.Highlight(SearchQuery.Parse("kitten"), [SearchTestPapers.Cats.ArxivId]);

        Assert.Equal(PaperText.Snippet(SearchTestPapers.Cats.Abstract, 280), text[SearchTestPapers.Cats.ArxivId].SnippetHtml);
        Assert.DoesNotContain("<mark>", text[SearchTestPapers.Cats.ArxivId].TitleHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_phrase_is_marked_where_it_occurs_as_a_phrase_and_its_words_alone_are_not()
    {
        _index.Upsert(new KeywordDocument { Id = "p", Title = "Mean field games and the field of means", Abstract = "We study mean field limits. A field is not mean." });
        _index.Commit();

        var text = _index.Highlight(SearchQuery.Parse("\"mean field\""), ["p"])["p"];

        Assert.Equal("<mark>Mean field</mark> games and the field of means", text.TitleHtml);
        Assert.Equal("We study <mark>mean field</mark> limits. A field is not mean.", text.SnippetHtml);
    }

    [Fact]
    public void Stemmed_forms_are_marked_in_title_and_abstract_and_a_phrase_is_not_marked_where_it_runs_past_the_abstracts_edges()
    {
        // The abstract is highlighted from the field that joins title, abstract and authors: "Mean" ends the title
        // and "Field" is an author, so "mean field" runs across both edges of the abstract there.
        _index.Upsert(new KeywordDocument { Id = "s", Title = "Studying fields", Abstract = "The field studies of a mean", Authors = ["Field Person"] });
        _index.Upsert(new KeywordDocument { Id = "m", Title = "Averages of the mean", Abstract = "field theory, and a mean field study", Authors = ["Field Person"] });
        _index.Commit();

        var words = _index.Highlight(SearchQuery.Parse("study field"), ["s"])["s"];
        var phrase = _index.Highlight(SearchQuery.Parse("\"mean field\""), ["s", "m"]);

        Assert.Equal("<mark>Studying</mark> <mark>fields</mark>", words.TitleHtml);
        Assert.Equal("The <mark>field</mark> <mark>studies</mark> of a mean", words.SnippetHtml);
        Assert.Equal("Studying fields", phrase["s"].TitleHtml);
        Assert.Equal("The field studies of a mean", phrase["s"].SnippetHtml);
        Assert.Equal("Averages of the mean", phrase["m"].TitleHtml);
        Assert.Equal("field theory, and a <mark>mean field</mark> study", phrase["m"].SnippetHtml);
    }

    [Fact]
    public void A_long_abstract_gives_the_passages_with_the_rarest_words_in_text_order_with_ellipses_where_text_is_left_out()
    {
        var filler = string.Join(' ', Enumerable.Repeat("Plain words fill this sentence of the abstract.", 12));
        var abstractText = $"{filler} Sourdough rises slowly. {filler} Rye and sourdough together. {filler} Bread again and bread.";
        _index.Upsert(new KeywordDocument { Id = "long", Title = "Loaves", Abstract = abstractText });
        _index.Commit();

        var snippet = _index.Highlight(SearchQuery.Parse("sourdough rye"), ["long"])["long"].SnippetHtml;

        Assert.StartsWith("… ", snippet, StringComparison.Ordinal);
        Assert.EndsWith(" …", snippet, StringComparison.Ordinal);
        var first = snippet.IndexOf("<mark>Sourdough</mark> rises", StringComparison.Ordinal);
        var second = snippet.IndexOf("<mark>Rye</mark> and <mark>sourdough</mark>", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, snippet);
        Assert.Contains(" … ", snippet[first..second], StringComparison.Ordinal);
        Assert.DoesNotContain("Bread again", snippet, StringComparison.Ordinal);
        Assert.InRange(snippet.Length, 200, 2 * (240 + 60));
    }

    [Theory]
    [InlineData("whisker purring", true)]
    [InlineData("au:tabby", true)]
    [InlineData("purring cats", false)]
    public void A_query_names_people_when_a_word_is_more_often_an_authors_name_than_a_word_of_the_text(string query, bool namesAuthor)
    {
        Assert.Equal(namesAuthor, _index.Search(SearchQuery.Parse(query), SearchFilter.None, 10).NamesAuthor);
    }

    [Fact]
    public void A_long_title_typed_out_leads_a_paper_that_shares_most_of_its_words()
    {
        const string Title = "A survey of retrieval augmented generation for question answering over long scientific documents";
        _index.Upsert(new KeywordDocument { Id = "t1", Title = Title, Abstract = "We survey methods." });
        _index.Upsert(new KeywordDocument { Id = "t2", Title = "Retrieval augmented generation for question answering over long scientific documents and a survey", Abstract = "We survey methods for documents." });
        _index.Commit();

        var results = _index.Search(SearchQuery.Parse(Title), SearchFilter.None, 10);
        var hits = results.Hits;

        Assert.True(results.TitleHoldsQuery);
        Assert.False(_index.Search(SearchQuery.Parse("a survey of retrieval augmented generation for question answering over long scientific documents of bread"), SearchFilter.None, 10).TitleHoldsQuery);
        Assert.Equal(["t1", "t2"], hits.Take(2).Select(h => h.Id));
        Assert.True(hits[0].Score >= 1.5 * hits[1].Score, $"{hits[0].Score} vs {hits[1].Score}");
    }
}
