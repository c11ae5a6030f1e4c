using System.Xml.Linq;
using Dapper;
using DailyPapers.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// Keeps ASP.NET Core's data-protection key ring (which encrypts sign-in cookies and antiforgery tokens) in the
/// <c>data_protection_keys</c> table, so all web nodes on one database share it and restarts keep readers signed
/// in. Keys are stored unencrypted, as with any database-backed key store: guard database backups accordingly.
/// </summary>
internal sealed class DatabaseKeyRepository(Database database, TimeProvider clock) : IXmlRepository
{
    // IXmlRepository is synchronous; the key ring is read at start-up and then about once a day.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreElementAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        return rows.Select(x => XElement.Parse(x)).ToList();
    }

    private async Task StoreElementAsync(XElement element, string friendlyName)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @now) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = clock.GetUtcNow().UtcDateTime });
    }
}
