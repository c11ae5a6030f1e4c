namespace DailyPapers.Papers;

public static class PaperEndpoints
{
    public static IEndpointRouteBuilder MapPapers(this IEndpointRouteBuilder app) => app;
}
