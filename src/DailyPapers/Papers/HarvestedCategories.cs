using Microsoft.Extensions.Options;

namespace DailyPapers.Papers;

/// <summary>
/// The arXiv categories this site follows, <c>Harvest:Categories</c>: what the daily harvest keeps and what <c>/new</c>
/// shows by default. Categories or whole archives (<c>cs.LG</c>, <c>cs</c>, <c>hep-th</c>), as a list
/// (<c>Harvest:Categories:0</c>, <c>:1</c>, …) or one value with several separated by commas or spaces.
/// </summary>
public sealed class HarvestedCategories
{
    /// <summary>arXiv categories or archives; empty for <see cref="ArxivCategories.Default"/>.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>The categories in effect, in arXiv's spelling and without repeats: those given, or the default list.</summary>
    public IReadOnlyList<string> Effective
    {
        get
        {
            var given = Given().ToList();
            return given.Count == 0
                ? ArxivCategories.Default
                : given.Select(c => ArxivCategories.TryCanonical(c, out var canonical) ? canonical : c).Distinct(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Each given name that is no arXiv category or archive, as a line naming the key.</summary>
    public IEnumerable<string> Problems() => Given()
        .Where(c => !ArxivCategories.TryCanonical(c, out _))
        .Select(c => $"Harvest:Categories: '{c}' is not an arXiv category or archive (examples: cs.LG, stat.ML, cs, hep-th).");

    private IEnumerable<string> Given() =>
        Categories.SelectMany(c => c.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Registers the options (section <c>Harvest</c>), checked at start.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddOptions<HarvestedCategories>()
            .BindConfiguration("Harvest")
            .Configure<IConfiguration>((o, configuration) =>
            {
                // The one-line form, --Harvest:Categories=cs.LG,cs.CL, which the list binding leaves out.
                if (configuration["Harvest:Categories"] is { Length: > 0 } flat)
                {
                    o.Categories = [flat];
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HarvestedCategories>, Validation>();
    }

    private sealed class Validation : IValidateOptions<HarvestedCategories>
    {
        public ValidateOptionsResult Validate(string? name, HarvestedCategories options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
