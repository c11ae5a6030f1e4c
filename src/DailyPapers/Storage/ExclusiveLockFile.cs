namespace DailyPapers.Storage;

/// <summary>
/// A lock file one process holds at a time: opened with <see cref="FileShare.None"/>, which .NET makes an exclusive
/// <c>flock</c> on Linux and macOS and a sharing lock on Windows, across processes and between two opens in one
/// process, and which the system releases if the holder dies. The search indexes' folders are locked so.
/// </summary>
internal static class ExclusiveLockFile
{
    /// <summary>
    /// Takes the lock until the stream is disposed. Throws <see cref="IOException"/> when another holds it, or
    /// (<paramref name="create"/> false) when there is no lock file.
    /// </summary>
    public static FileStream Take(string path, bool create = true) =>
        new(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.None);
}
