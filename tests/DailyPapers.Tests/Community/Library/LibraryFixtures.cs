namespace DailyPapers.Tests.Community.Library;

/// <summary>The library exports in Fixtures/library, written as Zotero, Mendeley (Windows: BOM, CR LF) and JabRef write them.</summary>
internal static class LibraryFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "library", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>The file as the upload would decode it.</summary>
    public static string Text(string name) => DailyPapers.Community.Library.LibraryReader.Decode(Bytes(name))!;
}
