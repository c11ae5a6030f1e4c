using DailyPapers.Community.Library;

namespace DailyPapers.Tests.Community.Library;

/// <summary>BibTeX as exporters write it, and as it breaks: every entry is read or comes back with its reason.</summary>
public sealed class BibTexReaderTests
{
    private static IReadOnlyList<LibraryEntry> Entries(string text) => LibraryReader.Read("test.bib", text, 100).File!.Entries;

    [Fact]
    public void A_Zotero_export_gives_ids_DOIs_and_titles()
    {
        var file = LibraryReader.Read("zotero.bib", LibraryFixtures.Text("zotero.bib"), 100).File!;
        Assert.Equal(LibraryFormat.BibTex, file.Format);
        var e = file.Entries;
        Assert.Equal(
            ["vaswani_attention_2023, line 2", "he_deep_2016, line 17", "maldacena_large_1999, line 32", "noauthor_varphi-adapt_2025, line 45",
                "goodfellow_deep_2016, line 53", "stanley_heat-bath_2016, line 62"],
            e.Select(x => x.Label));
        Assert.All(e, x => Assert.Null(x.Error));
        // arXiv's DOI names the arXiv id; a publisher's DOI is kept in lower case.
        Assert.Equal(["1706.03762", null, null, null, null, "1605.08386"], e.Select(x => x.ArxivId));
        Assert.Equal([null, "10.1109/cvpr.2016.90", "10.1023/a:1026654312961", null, null, null], e.Select(x => x.Doi));
        Assert.Equal("$\\varphi$-{Adapt}: {A} {Physics}-{Informed} {Adaptation} {Learning} {Approach} to {2D} {Quantum} {Material} {Discovery}", e[3].Title);
        Assert.Equal([2023, 2016, 1999, 2025, 2016, 2016], e.Select(x => x.Year));
    }

    [Fact]
    public void A_Mendeley_export_with_a_BOM_and_CRLF_joins_old_style_eprints_to_their_archive()
    {
        var e = Entries(LibraryFixtures.Text("mendeley.bib"));
        Assert.Equal(["Maldacena1999, line 6", "Vaswani2017, line 24", "Schrodinger2024, line 40"], e.Select(x => x.Label));
        Assert.Equal(["hep-th/9711200", "1706.03762", null], e.Select(x => x.ArxivId));
        Assert.Equal("{Gr{\\\"{o}}bner Bases of Toric Ideals and Schr{\\\"{o}}dinger Operators}", e[2].Title);
        // Without arxivId, eprint 9711200 and primaryClass hep-th still name hep-th/9711200.
        var alone = Entries("@article{M, archivePrefix = {arXiv}, eprint = {9711200}, primaryClass = {hep-th}}");
        Assert.Equal("hep-th/9711200", Assert.Single(alone).ArxivId);
    }

    [Fact]
    public void A_JabRef_export_uses_macros_concatenation_and_skips_comments()
    {
        var e = Entries(LibraryFixtures.Text("jabref.bib"));
        // @String, @Comment and the %-line entry are no entries.
        Assert.Equal(["He2016, line 5", "Vaswani2017, line 16"], e.Select(x => x.Label));
        Assert.Equal("10.1109/cvpr.2016.90", e[0].Doi);
        Assert.Equal("1706.03762", e[1].ArxivId);
        Assert.Equal("Attention Is {All} You Need", e[1].Title);
        Assert.Equal(2017, e[1].Year);
    }

    [Fact]
    public void Values_nest_braces_concatenate_and_take_macros()
    {
        var entries = BibTexReader.Read(
            """
            @string{ conf = "Proc. " # {NeurIPS} }
            @STRING(short = {x})
            @InProceedings( key1 ,
              Title = {A {B {C}} "quoted" D},
              booktitle = conf # " " # 2020,
              note = "She said {"}hi{"} and {\"o}",
              month = dec, year = 2020
            )
            @misc{key2,title={  spaced
                 over   lines  },}
            """, 10);
        Assert.Equal(2, entries.Count);
        var f = entries[0].Fields;
        Assert.Equal("inproceedings", entries[0].Type);
        Assert.Equal("key1", entries[0].Key);
        Assert.Equal("A {B {C}} \"quoted\" D", f["title"]);
        Assert.Equal("Proc. NeurIPS 2020", f["booktitle"]);
        Assert.Equal("She said {\"}hi{\"} and {\\\"o}", f["note"]);
        Assert.Equal("2020", f["year"]);
        Assert.Equal("spaced over lines", entries[1].Fields["title"]);
    }

    [Fact]
    public void A_broken_entry_is_listed_with_its_reason_and_the_next_ones_are_read()
    {
        var e = Entries(
            """
            @article{unclosed,
              title = {A title that never {closes,
              year = {2020},
            }

            @article{fine1, eprint = {1706.03762}}
            @article{noequals, title {x}}
            @article{nocomma, title = {x} year = {2020}}
            @article{quote, title = "never closed}
            @article{fine2, doi = {10.1109/CVPR.2016.90}}
            @article{lastone, title = {x}
            """);
        Assert.Equal(7, e.Count);
        Assert.Contains("never closes", e[0].Error, StringComparison.Ordinal);
        Assert.Equal("unclosed, line 1", e[0].Label);
        Assert.Equal("1706.03762", e[1].ArxivId);
        Assert.Contains("has no '='", e[2].Error, StringComparison.Ordinal);
        Assert.Contains("instead of a comma", e[3].Error, StringComparison.Ordinal);
        Assert.Contains("never closes", e[4].Error, StringComparison.Ordinal);
        Assert.Equal("10.1109/cvpr.2016.90", e[5].Doi);
        Assert.Contains("not closed", e[6].Error, StringComparison.Ordinal);
        Assert.Equal("lastone, line 11", e[6].Label);
    }

    [Fact]
    public void Huge_fields_binary_junk_and_free_text_cost_one_entry_at_most()
    {
        var huge = new string('x', BibTexReader.MaxFieldChars + 1);
        var text = "junk before: me@example.org \u0000\u0001\u00ff\n" +
            $"@article{{big, abstract = {{{huge}}}, eprint = {{1706.03762}}}}\n" +
            "@article{binary, title = {ok}, \u0000\u0007 = {x}}\n" +
            "@article{fine, eprint = {1605.08386}}\n" +
            "\u0000\u0000 trailing junk @ nothing";
        var e = Entries(text);
        Assert.Equal(["big, line 2", "binary, line 3", "fine, line 4"], e.Select(x => x.Label));
        Assert.Contains("longer than 100,000", e[0].Error, StringComparison.Ordinal);
        Assert.Contains("U+0000", e[1].Error, StringComparison.Ordinal);
        Assert.Equal("1605.08386", e[2].ArxivId);
    }

    [Fact]
    public void Macros_that_double_are_refused_past_the_field_limit()
    {
        var text = "@string{a = \"xxxxxxxxxx\"}\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"@string{{m{i + 1} = {(i == 0 ? "a" : $"m{i}")} # {(i == 0 ? "a" : $"m{i}")}}}\n"))
            + "@article{after, eprint = {1706.03762}}";
        var e = Entries(text);
        Assert.Contains(e, x => x.Label.StartsWith("@string", StringComparison.Ordinal) && x.Error!.Contains("longer than", StringComparison.Ordinal));
        Assert.Equal("1706.03762", e.Single(x => x.Label.StartsWith("after", StringComparison.Ordinal)).ArxivId);
    }

    [Fact]
    public void Thousands_of_unclosed_entries_are_each_one_error()
    {
        // Each opens a brace that never closes; each must stop at the next entry, not read to the end of the file.
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"@article{{k{i}, title = {{open {i},\n  year = {{2020}},\n}}\n"));
        var entries = BibTexReader.Read(text, 20_000);
        Assert.Equal(20_000, entries.Count);
        Assert.All(entries, e => Assert.NotNull(e.Error));
        Assert.Equal(20_001, BibTexReader.Read(text + "@misc{more, title={x}}\n" + text, 20_000).Count);
    }

    [Fact]
    public void Identifiers_are_found_wherever_exporters_put_them()
    {
        var e = Entries(
            """
            @article{scholar, title={Attention is all you need}, journal={arXiv preprint arXiv:1706.03762}, year={2017}}
            @article{dblp, journal = {CoRR}, volume = {abs/1605.08386}, year = {2016}}
            @misc{ads, eid = {arXiv:hep-th/9711200}, archivePrefix = {arXiv}}
            @misc{url, howpublished = {\url{https://arxiv.org/pdf/2310.06110v2.pdf}}}
            @misc{escaped, doi = {10.1000/a\_b{\_}c}}
            @misc{pubmed, eprint = {12345678}, eprinttype = {pubmed}, title = {Something}}
            @misc{doiurl, url = {https://doi.org/10.1103/PhysRevLett.116.061102}}
            @misc{twodois, doi = {10.1364/JOSAA.23.002578 10.1364/JOSAA.32.002407}}
            """);
        Assert.Equal(["1706.03762", "1605.08386", "hep-th/9711200", "2310.06110", null, null, null, null], e.Select(x => x.ArxivId));
        Assert.Equal([null, null, null, null, "10.1000/a_b_c", null, "10.1103/physrevlett.116.061102", "10.1364/josaa.23.002578"], e.Select(x => x.Doi));
    }
}
