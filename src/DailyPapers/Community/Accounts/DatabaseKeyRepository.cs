using System.Xml.Linq;
using Dapper;
using DailyPapers.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// Keeps ASP.NET Core's data-protection key ring (which encrypts sign-in cookies and antiforgery tokens) in the
/// <c>data_protection_keys</c> table, so all web nodes on one database share it and restarts keep readers signed
/// in. Each key's secret is encrypted with the site key (<see cref="SiteKeyXmlEncryptor"/>), which lives outside the
/// database; keys stored in clear by older versions are encrypted in place when the ring is read.
/// </summary>
internal sealed class DatabaseKeyRepository(Database database, TimeProvider clock, IXmlEncryptor encryptor) : IXmlRepository
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    // IXmlRepository is synchronous; the key ring is read at start-up and then about once a day.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreElementAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Name, string Xml)>("SELECT name, xml FROM data_protection_keys ORDER BY created_at, name");
        var elements = new List<XElement>();
        foreach (var (name, xml) in rows)
        {
            var element = XElement.Parse(xml);
            if (EncryptSecretsInPlace(element))
            {
                await connection.ExecuteAsync("UPDATE data_protection_keys SET xml = @xml WHERE name = @name AND xml = @old",
                    new { name, xml = element.ToString(SaveOptions.DisableFormatting), old = xml });
            }
            elements.Add(element);
        }
        return elements;
    }

    private async Task StoreElementAsync(XElement element, string friendlyName)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @now) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = clock.GetUtcNow().UtcDateTime });
    }

    /// <summary>
    /// Replaces each secret still in clear (marked requiresEncryption) with its encrypted form, exactly as the framework
    /// writes a new key; false when there was none.
    /// </summary>
    private bool EncryptSecretsInPlace(XElement key)
    {
        var secrets = key.Descendants().Where(e => (bool?)e.Attribute(DataProtection + "requiresEncryption") == true).ToList();
        foreach (var secret in secrets)
        {
            var encrypted = encryptor.Encrypt(new XElement(secret));
            secret.ReplaceWith(new XElement(DataProtection + "encryptedSecret",
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!),
                encrypted.EncryptedElement));
        }
        return secrets.Count > 0;
    }
}
