namespace DailyPapers.Storage;

/// <summary>The key file on disk: random bytes in base64 on one line, readable by the site's user only.</summary>
internal static class SiteKeyFile
{
    /// <summary>The key in <paramref name="path"/>, or null when there is no such file.</summary>
    public static byte[]? TryRead(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        var key = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, key, out var length) || length < 32)
        {
            throw SiteKey.Refused(
                $"The key file {path} (DataProtection:KeyFile) does not hold a key: it must be at least 32 random bytes in base64 "
                + "on one line, such as `openssl rand -base64 32` writes.");
        }
        return key[..length];
    }

    /// <summary>Writes a new random key, unless another process wrote one first: then that one, and false.</summary>
    public static (byte[] Key, bool Created) Create(string path, int bytes)
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written aside and moved in place, so a node starting at the same time never reads half a file.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, file))
        {
            writer.WriteLine(Convert.ToBase64String(key));
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
            return (key, true);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return (TryRead(path)!, false);
        }
    }
}
