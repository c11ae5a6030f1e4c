using DailyPapers.Ingest.Oai;
using Microsoft.Extensions.Options;

namespace DailyPapers.Curation;

public static class CurationExtensions
{
    /// <summary>
    /// The curation of the daily lists (<see cref="DailyCuration"/>, options in section <c>Curation</c>), run after a
    /// harvest with new papers by the schedule and the <c>harvest oai</c> verb (<see cref="IHarvestFollowUp"/>).
    /// </summary>
    public static IServiceCollection AddCuration(this IServiceCollection services)
    {
        services.AddOptions<CurationOptions>().BindConfiguration("Curation").ValidateOnStart();
        services.AddSingleton<IValidateOptions<CurationOptions>, CurationOptionsValidation>();
        services.AddSingleton<CuratorAccount>();
        services.AddSingleton<CurationStore>();
        services.AddSingleton<InstanceInterest>();
        services.AddSingleton<DailyCuration>();
        services.AddSingleton<IHarvestFollowUp>(sp => sp.GetRequiredService<DailyCuration>());
        return services;
    }

    /// <summary>Names each problem with the curation settings.</summary>
    private sealed class CurationOptionsValidation : IValidateOptions<CurationOptions>
    {
        public ValidateOptionsResult Validate(string? name, CurationOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
