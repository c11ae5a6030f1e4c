using DailyPapers.Community.Claims;
using DailyPapers.Community.Collections;
using DailyPapers.Community.Comments;
using DailyPapers.Community.Library;
using DailyPapers.Community.Links;
using DailyPapers.Community.Moderation;
using DailyPapers.Community.Profiles;
using DailyPapers.Community.Submissions;
using DailyPapers.Community.Votes;

namespace DailyPapers.Community;

/// <summary>Taking part: votes, submissions, comments, collections, library imports, authorship claims, code links, moderation and profiles.</summary>
public static class CommunityExtensions
{
    public static IServiceCollection AddCommunity(this IServiceCollection services)
    {
        services.AddSingleton<VoteStore>();
        services.AddSingleton<Feed.IListActivity, ListActivityReader>();
        services.AddScoped<ReaderVotes>();
        services.AddOptions<SubmissionOptions>()
            .BindConfiguration("Community")
            .Validate(o => o.SubmissionWindowDays >= 0, "Community:SubmissionWindowDays must not be negative.")
            .ValidateOnStart();
        services.AddOptions<CommunityLimitOptions>()
            .BindConfiguration("Community")
            .Validate(o => o.MaxCollectionsPerUser >= 1 && o.MaxPendingClaimsPerUser >= 1,
                "Community:MaxCollectionsPerUser and Community:MaxPendingClaimsPerUser must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<SubmissionService>();
        services.AddSingleton<CommentStore>();
        services.AddHostedService<CommentHtmlBackfill>();
        services.AddSingleton<CollectionStore>();
        services.AddScoped<ReaderCollections>();
        services.AddSingleton<SubmissionHistory>();
        services.AddSingleton<ClaimStore>();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<LinkEditors>();
        services.AddLibraryImport();
        return services;
    }

    public static IEndpointRouteBuilder MapCommunity(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        app.MapVotes();
        app.MapSubmissions(api);
        app.MapComments();
        app.MapCollections();
        app.MapClaims(api);
        app.MapLinks();
        app.MapModeration();
        app.MapLibrary();
        return app;
    }
}
