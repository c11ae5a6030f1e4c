using System.Net;
using DailyPapers.Papers.Links;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Ingest.GitHub;

public static class GitHubExtensions
{
    /// <summary>Registers <see cref="GitHubOptions"/> (section <c>GitHub</c>), the <see cref="GitHubClient"/> and the <see cref="LinkedCodeJob"/>.</summary>
    public static IServiceCollection AddGitHubStars(this IServiceCollection services)
    {
        services.AddOptions<GitHubOptions>()
            .BindConfiguration("GitHub")
            .Validate(o => o.ApiUrl.IsAbsoluteUri, "GitHub:ApiUrl must be an absolute URL.")
            .Validate(o => o.RefreshInterval > TimeSpan.Zero && o.CheckInterval > TimeSpan.Zero && o.Timeout > TimeSpan.Zero && o.MinInterval >= TimeSpan.Zero,
                "GitHub:RefreshInterval, CheckInterval and Timeout must be positive; MinInterval must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<GitHubClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<GitHubOptions>>().Value;
                http.Timeout = options.Timeout;
                http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                AutomaticDecompression = DecompressionMethods.All,
            });
        services.AddSingleton<LinkBackfill>();
        services.AddSingleton<GitHubRepoStore>();
        services.AddSingleton<LinkedCodeJob>();
        return services;
    }

    /// <summary>Web host only: <see cref="LinkedCodeWorker"/> runs the job (stars only with <c>GitHub:Enabled</c>).</summary>
    public static IServiceCollection AddLinkedCodeWorker(this IServiceCollection services)
    {
        services.AddHostedService<LinkedCodeWorker>();
        return services;
    }
}
