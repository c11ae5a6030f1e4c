namespace DailyPapers.Recommendations.Model;

public sealed partial class ReaderModel
{
    private RecommendationReason Reason(Candidate c, Scored s)
    {
        if (s.Marked)
        {
            return new RecommendationReason(ReasonKind.NotInterested);
        }
        if (!HasPapers)
        {
            return s.Topic is { } subscribed ? new RecommendationReason(ReasonKind.Topic, Topic: subscribed) : new RecommendationReason(ReasonKind.Popular);
        }
        if (s.Known)
        {
            var own = _known[c.Facts.ArxivId];
            return new RecommendationReason(ReasonKind.Known, own.ArxivId, own.Title);
        }
        var nearest = s.Nearest < 0 ? null : _likedWithVectors[s.Nearest];
        var similar = s.Nearest >= 0 && s.NearestSimilarity >= _settings.TopicBelow;
        if (s.Author is { } a && (!similar || s.AuthorScore >= s.NearestSimilarity))
        {
            return new RecommendationReason(ReasonKind.Author, a.Paper.ArxivId, a.Paper.Title, a.Name);
        }
        if (similar && nearest is not null)
        {
            var kind = nearest.Kind switch
            {
                SignalKind.Saved => ReasonKind.Saved,
                SignalKind.Imported => ReasonKind.Imported,
                SignalKind.Authored => ReasonKind.YourPaper,
                _ => ReasonKind.Upvoted,
            };
            return new RecommendationReason(kind, nearest.ArxivId, nearest.Title);
        }
        if (s.Topic is { } chosen)
        {
            return new RecommendationReason(ReasonKind.Topic, Topic: chosen);
        }
        // Only loosely like any one paper: name the reader's most frequent category that the candidate carries.
        var topic = c.Facts.Categories.Where(_categories.ContainsKey).OrderByDescending(x => _categories[x]).FirstOrDefault();
        return topic is null ? new RecommendationReason(ReasonKind.Distant) : new RecommendationReason(ReasonKind.Topic, Topic: topic);
    }
}
