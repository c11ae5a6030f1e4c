using DailyPapers.Papers.Links;

namespace DailyPapers.Tests.Papers;

/// <summary>Finding a paper's repository and project page in its text, and what a person may enter.</summary>
public sealed class CodeLinksTests
{
    [Theory]
    // Abstracts and comments as arXiv listings of 2025-09 have them (../shared/data/arxiv-daily).
    [InlineData("Code is available at https://github.com/bytedance/ERTACache.", null, "bytedance/ERTACache", null)]
    [InlineData("Code at https://github.com/Kimyounggun99/Safe-LLaVA.git.", null, "Kimyounggun99/Safe-LLaVA", null)]
    [InlineData("Our code is \\href{https://github.com/ghassenbaklouti/LIMO}{\\text{here}}", null, "ghassenbaklouti/LIMO", null)]
    [InlineData("See https://caetas.github.io/medshift.html", null, null, "https://caetas.github.io/medshift.html")]
    [InlineData("Project: tree-diffusion-planner.github.io.", null, null, "https://tree-diffusion-planner.github.io/")]
    [InlineData("A method.", "Project page: https://mmsearch-plus.github.io", null, "https://mmsearch-plus.github.io/")]
    [InlineData("Code: github.com/bioinf-jku/SNNs.", "Demo at http://driveqa.github.io/ (ICCV)", "bioinf-jku/SNNs", "https://driveqa.github.io/")]
    [InlineData("https://github.com/a/first and https://github.com/b/second; https://gennav.vercel.app/.", null, "a/first", "https://gennav.vercel.app/")]
    [InlineData("Code: https://github.com/owner/repo/tree/main/src (see also https://arxiv.org/abs/2401.00001)", null, "owner/repo", null)]
    public void Finds_the_first_repository_and_project_page(string abstractText, string? comments, string? repo, string? page)
    {
        Assert.Equal(new CodeLinks(repo, page), CodeLinks.Find(abstractText, comments));
    }

    [Theory]
    [InlineData("Data at https://huggingface.co/datasets/SpaceML/UnorthoDOS and https://doi.org/10.1000/x")]
    [InlineData("Old page http://www.example.edu/~someone/project (not https)")]
    [InlineData("Follow https://github.com/features and https://github.com/sponsors/x, or https://github.com/justauser")]
    [InlineData("Licensed under http://creativecommons.org/licenses/by/4.0/ and e-mail me@github.com")]
    [InlineData("")]
    public void Finds_nothing_where_there_is_no_repository_or_page(string text)
    {
        Assert.Same(CodeLinks.None, CodeLinks.Find(text, null));
    }

    [Theory]
    [InlineData("https://github.com/sony/mf-rae", "sony/mf-rae")]
    [InlineData("https://github.com/sony/mf-rae/", "sony/mf-rae")]
    [InlineData("https://github.com/sony/mf-rae.git", "sony/mf-rae")]
    [InlineData("http://github.com/sony/mf-rae", null)]
    [InlineData("https://gitlab.com/sony/mf-rae", null)]
    [InlineData("https://github.com/sony", null)]
    [InlineData("https://github.com/sony/mf-rae/tree/main", null)]
    [InlineData("github.com/sony/mf-rae", null)]
    [InlineData("https://github.com/-bad/repo", null)]
    public void A_person_enters_a_repository_as_https_github_com_owner_repo(string entry, string? repo)
    {
        Assert.Equal(repo, CodeLinkRules.RepoFromEntry(entry));
    }

    [Theory]
    [InlineData("https://sony.github.io/mf-rae/", "https://sony.github.io/mf-rae/")]
    [InlineData("https://example.org", "https://example.org/")]
    [InlineData("http://example.org/", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("https://user:pw@example.org/", null)]
    [InlineData("https://localhost/", null)]
    [InlineData("https://192.168.0.1/", null)]
    [InlineData("https://exa mple.org/", null)]
    public void A_project_page_is_an_https_address_with_a_host_name(string entry, string? page)
    {
        Assert.Equal(page, CodeLinkRules.ProjectPage(entry));
    }
}
