namespace DailyPapers.Tests.Operations;

/// <summary>
/// The tests that run nodes, nginx or a PostgreSQL cluster of their own as processes take turns: together they would
/// compete for the two cores with each other's load, and each class already shares one set-up among its tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OperationsCollection
{
    public const string Name = "operations processes";
}
