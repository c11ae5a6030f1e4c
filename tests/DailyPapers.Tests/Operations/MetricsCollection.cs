namespace DailyPapers.Tests.Operations;

/// <summary>
/// OpenTelemetry listens to every meter of a name in the process, so a test host's exporter also counts what other
/// hosts' tests running at the same time record (another test's import of 1,500 papers): the figures are exact only
/// while no other test runs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics, alone";
}
