namespace DailyPapers.Storage;

/// <summary>Settings bound from the <c>DataProtection</c> section.</summary>
public sealed class SiteKeyOptions
{
    /// <summary>
    /// The key file that encrypts the secrets kept in the database (relative to the working folder); default: next to
    /// the SQLite file (<c>data/dailypapers.key</c>), or <c>data/dailypapers.key</c> with PostgreSQL. Made on first start.
    /// </summary>
    public string? KeyFile { get; set; }
}
