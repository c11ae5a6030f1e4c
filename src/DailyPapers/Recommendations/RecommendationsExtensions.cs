namespace DailyPapers.Recommendations;

public static class RecommendationsExtensions
{
    /// <summary>
    /// The recommender (personal rankings with reasons) with the candidates it keeps for pages, the readers' signals it learns from and the "not interested"
    /// marks. Needs <c>AddSearch()</c> (paper vectors) and storage.
    /// </summary>
    public static IServiceCollection AddRecommendations(this IServiceCollection services)
    {
        services.AddSingleton<ReaderSignals>();
        services.AddSingleton<PaperFactsReader>();
        services.AddSingleton<NotInterestedStore>();
        services.AddSingleton<CandidateCache>();
        services.AddSingleton<Recommender>();
        return services;
    }
}
