using System.Xml.Linq;
using DailyPapers.Storage;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace DailyPapers.Community.Accounts;

/// <summary>
/// Encrypts each data-protection key's secret with the <see cref="SiteKey"/> before it is stored in the database, so
/// the database alone cannot decrypt session cookies or forge them.
/// </summary>
internal sealed class SiteKeyXmlEncryptor(SiteKey siteKey) : IXmlEncryptor
{
    internal const string Purpose = "data-protection key ring";

    // IXmlEncryptor is synchronous; the site key is loaded at start, so this does no I/O.
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = siteKey.ProtectAsync(Purpose, plaintext).GetAwaiter().GetResult();
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with the site key (DataProtection:KeyFile). "),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(SiteKeyXmlDecryptor));
    }
}

/// <summary>Reverses <see cref="SiteKeyXmlEncryptor"/>; the data-protection system creates it by name from the stored XML.</summary>
public sealed class SiteKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        var plaintext = services.GetRequiredService<SiteKey>().UnprotectAsync(SiteKeyXmlEncryptor.Purpose, sealedBytes).GetAwaiter().GetResult();
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
