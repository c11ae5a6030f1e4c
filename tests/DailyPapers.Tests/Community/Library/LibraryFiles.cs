using System.Globalization;
using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Community.Library;

/// <summary>
/// A generated library and the catalogue it names, for the 10,000-entry test and the benchmark (linked into
/// bench/DailyPapers.Bench): papers 2401.00001 … with titles and DOIs of their own, and a Zotero-like BibTeX file
/// naming them a quarter each by eprint, DOI, title, and Google Scholar's "arXiv preprint" journal, every entry
/// with an abstract of realistic length.
/// </summary>
public static class LibraryFiles
{
    public static IReadOnlyList<Paper> Catalogue(int count) => Enumerable.Range(1, count).Select(i =>
    {
        var published = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc);
        return new Paper
        {
            ArxivId = $"2401.{i:00000}",
            Title = $"Generated study {i} of reading\n  libraries at scale",
            Abstract = "How readers bring their libraries along.",
            Authors = [new PaperAuthor("Ada Reader"), new PaperAuthor("Bob Writer")],
            Versions = [new PaperVersion(1, published)],
            Doi = $"10.5555/gen.{i}",
            PublishedAt = published,
            UpdatedAt = published,
            Source = "test",
        };
    }).ToList();

    public static string BibTex(int count)
    {
        var abstractText = string.Join(' ', Enumerable.Repeat("We study how readers bring their libraries along and what the catalogue makes of them.", 14));
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            var naming = (i % 4) switch
            {
                0 => $"\teprint = {{2401.{i:00000}}},\n\tarchivePrefix = {{arXiv}},\n",
                1 => $"\tdoi = {{10.5555/GEN.{i}}},\n",
                2 => "",
                _ => $"\tjournal = {{arXiv preprint arXiv:2401.{i:00000}}},\n",
            };
            text.Append(CultureInfo.InvariantCulture, $"@article{{entry_{i},\n\ttitle = {{Generated {{Study}} {i} of Reading Libraries at Scale}},\n{naming}")
                .Append(CultureInfo.InvariantCulture, $"\tauthor = {{Reader, Ada and Writer, Bob}},\n\tyear = {{2024}},\n\tabstract = {{{abstractText}}},\n}}\n\n");
        }
        return text.ToString();
    }
}
