using System.Text;
using DailyPapers.Community.Library;

namespace DailyPapers.Tests.Community.Library;

/// <summary>RIS files, pasted lists, and what is not a library at all.</summary>
public sealed class RisAndListReaderTests
{
    [Fact]
    public void A_Zotero_RIS_export_gives_ids_DOIs_and_titles()
    {
        var file = LibraryReader.Read("zotero.ris", LibraryFixtures.Text("zotero.ris"), 100).File!;
        Assert.Equal(LibraryFormat.Ris, file.Format);
        var e = file.Entries;
        Assert.Equal(["line 1", "line 18", "line 34"], e.Select(x => x.Label));
        Assert.Equal(["1706.03762", null, null], e.Select(x => x.ArxivId));
        Assert.Equal([null, "10.1109/cvpr.2016.90", null], e.Select(x => x.Doi));
        Assert.Equal(["Attention Is All You Need", "Deep Residual Learning for Image Recognition", "Deep Learning"], e.Select(x => x.Title));
        Assert.Equal([2023, 2016, 2016], e.Select(x => x.Year));
    }

    [Fact]
    public void A_Mendeley_RIS_export_with_a_BOM_CRLF_and_no_last_ER_is_read_whole()
    {
        var e = LibraryReader.Read("mendeley.ris", LibraryFixtures.Text("mendeley.ris"), 100).File!.Entries;
        Assert.Equal(["Maldacena1999, line 1", "Nobody2020, line 17"], e.Select(x => x.Label));
        Assert.Equal("hep-th/9711200", e[0].ArxivId);
        Assert.Equal("10.1023/a:1026654312961", e[0].Doi);
        Assert.Equal("A paper nobody here has", e[1].Title);
    }

    [Fact]
    public void RIS_values_wrap_and_broken_blocks_are_listed()
    {
        var e = RisReader.Read(
            "TY  - JOUR\nTI  - A title that\n   wraps onto a second line\nER  -\n" +
            "AU  - Stray, Author\nTI  - no TY before\n" +
            "TY  - JOUR\nTI  - " + new string('x', BibTexReader.MaxFieldChars + 1) + "\nER  - \n" +
            "TY  - GEN\nUR  - https://arxiv.org/abs/1605.08386\nTY  - GEN\nDO  - 10.1109/CVPR.2016.90\nER  -", 100);
        Assert.Equal(5, e.Count);
        Assert.Equal("A title that wraps onto a second line", e[0].First("TI"));
        Assert.Contains("outside an entry", e[1].Error, StringComparison.Ordinal);
        Assert.Equal(5, e[1].Line);
        Assert.Contains("longer than", e[2].Error, StringComparison.Ordinal);
        // A TY before the last one's ER: both entries are kept.
        Assert.Equal("https://arxiv.org/abs/1605.08386", e[3].First("UR"));
        Assert.Equal("10.1109/CVPR.2016.90", e[4].First("DO"));
    }

    [Fact]
    public void A_pasted_list_takes_ids_links_and_DOIs_and_names_the_lines_it_cannot_read()
    {
        var file = LibraryReader.Read("pasted list",
            "2310.06110\n\nhttps://arxiv.org/abs/hep-th/9901001v2\r\narXiv:1706.03762\n  doi:10.1103/PhysRevLett.116.061102  \n" +
            "https://doi.org/10.48550/arXiv.1605.08386\nnot an id at all\n\u0000\u0001binary", 100).File!;
        Assert.Equal(LibraryFormat.List, file.Format);
        var e = file.Entries;
        Assert.Equal(["line 1", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8"], e.Select(x => x.Label));
        Assert.Equal(["2310.06110", "hep-th/9901001", "1706.03762", null, "1605.08386", null, null], e.Select(x => x.ArxivId));
        Assert.Equal("10.1103/physrevlett.116.061102", e[3].Doi);
        Assert.Contains("“not an id at all” is not an arXiv id", e[5].Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0000', e[6].Error!);
    }

    [Fact]
    public void Limits_and_files_that_are_no_library_get_one_clear_error()
    {
        var many = string.Join('\n', Enumerable.Range(0, 11).Select(i => $"2310.{i:00000}"));
        Assert.Equal("This has more than 10 entries, the most one import takes. Split it into parts and import each.",
            LibraryReader.Read("x", many, 10).Error);
        Assert.Equal(11, LibraryReader.Read("x", many, 11).File!.Entries.Count);
        Assert.Contains("Nothing to import", LibraryReader.Read("x", "  \n\n ", 10).Error, StringComparison.Ordinal);
        Assert.Contains("No BibTeX entries", LibraryReader.Read("x", "@comment{nothing here}", 10).Error, StringComparison.Ordinal);
        // A binary file (a PDF) is not text; UTF-16 with its byte-order mark is.
        Assert.Null(LibraryReader.Decode("%PDF-1.7\n\u0000\u0001\u0002"u8.ToArray()));
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("@misc{k, eprint={1706.03762}}")).ToArray();
        Assert.Equal("1706.03762", Assert.Single(LibraryReader.Read("x", LibraryReader.Decode(utf16)!, 10).File!.Entries).ArxivId);
    }
}
