using DailyPapers.Papers;

namespace DailyPapers.Tests.Papers;

/// <summary>Title keys: the ways exporters and arXiv write one title give one key, and different titles different keys.</summary>
public sealed class TitleKeyTests
{
    public static TheoryData<string, string> SameTitle => new()
    {
        // arXiv's hard line break and indentation, Zotero's protective braces, a trailing period, case.
        { "Attention Is All\n  You Need", "Attention {Is} {All} {You} {Need}." },
        { "Attention Is All You Need", "ATTENTION IS ALL YOU NEED" },
        // TeX accents against Unicode, composed or not; Mendeley's doubled braces.
        { "Gr\\\"obner Bases of Toric Ideals and Schr\\\"odinger Operators", "{Gr{\\\"{o}}bner Bases of Toric Ideals and Schrödinger Operators}" },
        { "Kollár's injectivity theorem", "Kolla\u0301r's injectivity theorem" },
        // Math as arXiv writes it against the same in a BibTeX title.
        { "$\\varphi$-Adapt: A Physics-Informed Adaptation Learning Approach", "{$\\varphi$-{Adapt}}: {A} {Physics}-{Informed} {Adaptation} {Learning} {Approach}" },
        { "Evidence for an excitonic insulator phase in 1T-TiSe$_{2}$", "Evidence for an excitonic insulator phase in 1T-TiSe2" },
        // Hyphens and spaces are not letters: pre-training and pretraining are one word.
        { "BERT: Pre-training of Deep Bidirectional Transformers", "BERT - Pretraining of deep bidirectional transformers" },
    };

    [Theory]
    [MemberData(nameof(SameTitle))]
    public void Ways_of_writing_one_title_give_one_key(string stored, string imported)
    {
        Assert.NotNull(TitleKey.Of(stored));
        Assert.Equal(TitleKey.Of(stored), TitleKey.Of(imported));
        Assert.Equal(TitleKey.HashOf(stored), TitleKey.HashOf(imported));
        Assert.Matches("^[0-9a-f]{16}$", TitleKey.HashOf(stored)!);
    }

    [Fact]
    public void Different_titles_differ_and_too_little_text_has_no_key()
    {
        Assert.NotEqual(TitleKey.Of("Attention Is All You Need"), TitleKey.Of("Attention Is Not All You Need"));
        Assert.Equal("attentionisallyouneed", TitleKey.Of("Attention is all you need"));
        Assert.Null(TitleKey.Of(null));
        Assert.Null(TitleKey.Of("  "));
        Assert.Null(TitleKey.Of("{?!} --- ..."));
        Assert.Null(TitleKey.Of("A B"));
        // Hostile input: a huge title costs a bounded amount and still keys.
        Assert.Equal(TitleKey.Of(new string('x', TitleKey.MaxSourceLength)), TitleKey.Of(new string('x', 5_000_000)));
        Assert.Equal("deep", TitleKey.Of(new string('{', 1_000) + "deep" + new string('}', 3)));
    }
}
