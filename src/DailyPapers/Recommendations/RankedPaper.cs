namespace DailyPapers.Recommendations;

/// <summary>Why a paper is where it is in a reader's ranking.</summary>
public enum ReasonKind
{
    /// <summary>Close to a paper the reader saved in a collection: "because you saved …".</summary>
    Saved,

    /// <summary>Close to a paper the reader upvoted: "because you upvoted …".</summary>
    Upvoted,

    /// <summary>Close to a paper of the reader's imported library: "like … from your library".</summary>
    Imported,

    /// <summary>Close to one of the reader's own papers: "like your paper …".</summary>
    YourPaper,

    /// <summary>By an author of papers the reader saved, upvoted or wrote: "by …, author of …".</summary>
    Author,

    /// <summary>One of the reader's topics (a saved search) matches it, or it is only loosely like any one paper but in the reader's field: "matches your topic cs.CL".</summary>
    Topic,

    /// <summary>Like none of the reader's papers and in none of their categories: it is only further down.</summary>
    Distant,

    /// <summary>The reader has no signals yet: popular and recent papers first.</summary>
    Popular,

    /// <summary>The reader already upvoted, saved or wrote this paper.</summary>
    Known,

    /// <summary>The reader marked it "not interested": last.</summary>
    NotInterested,
}

/// <summary>
/// The reason shown with a ranked paper. <see cref="PaperId"/>/<see cref="PaperTitle"/> name the reader's paper
/// behind it (for <see cref="ReasonKind.Saved"/>, <see cref="ReasonKind.Upvoted"/>, <see cref="ReasonKind.Imported"/>,
/// <see cref="ReasonKind.YourPaper"/>, <see cref="ReasonKind.Author"/>); <see cref="Author"/> the shared author;
/// <see cref="Topic"/> the arXiv category.
/// </summary>
public sealed record RecommendationReason(ReasonKind Kind, string? PaperId = null, string? PaperTitle = null, string? Author = null, string? Topic = null)
{
    /// <summary>The reason as one line of plain text (callers encode it for HTML or mail).</summary>
    public string Text => Kind switch
    {
        ReasonKind.Saved => $"Because you saved “{PaperTitle}”",
        ReasonKind.Upvoted => $"Because you upvoted “{PaperTitle}”",
        ReasonKind.Imported => $"Like “{PaperTitle}” from your library",
        ReasonKind.YourPaper => $"Like your paper “{PaperTitle}”",
        ReasonKind.Author => $"By {Author}, an author of “{PaperTitle}”",
        ReasonKind.Topic => $"Matches your topic {Topic}",
        ReasonKind.Distant => "Further from your papers",
        ReasonKind.Popular => "Popular with readers",
        ReasonKind.Known => "In your papers",
        _ => "You marked this not interested",
    };
}

/// <summary>
/// A candidate paper in a reader's ranking: higher scores first. <paramref name="Relevant"/>: close enough to the
/// reader's papers (or by one of their authors) to recommend on its own, as a digest's personal picks do.
/// </summary>
public sealed record RankedPaper(string ArxivId, float Score, RecommendationReason Reason, bool Relevant);
