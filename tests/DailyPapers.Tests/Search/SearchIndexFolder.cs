using DailyPapers.Search;
using DailyPapers.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Search;

/// <summary>Tests whose app services keep their keyword index in a folder of the test's own, deleted afterwards.</summary>
public abstract class SearchIndexFolder : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dailypapers-search-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The app's services over the database, with the search index in this test's folder.</summary>
    protected ServiceProvider Services(TestDatabase db) =>
        db.Services(configure: s => s.Configure<SearchOptions>(o => o.IndexPath = _folder));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
