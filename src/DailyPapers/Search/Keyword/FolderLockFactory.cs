using DailyPapers.Storage;
using Lucene.Net.Store;
using Lock = Lucene.Net.Store.Lock;

namespace DailyPapers.Search.Keyword;

/// <summary>
/// The keyword index folder's write lock, for one writer at a time on the machine, across processes: an
/// <see cref="ExclusiveLockFile"/>, so a second process (or a second writer in this one) cannot take it, and the
/// system releases it when its process dies. Lucene.Net 4.8's own <see cref="NativeFSLockFactory"/> opens its lock file
/// with <see cref="FileShare.Read"/> on Linux, which .NET maps to a shared <c>flock</c>: two processes both held it,
/// and a second node (or the <c>index snapshot</c> verb) started on a running node's folder opened a writer
/// there too, whose start deletes the files of the other writer's commits to come. The lock file is left in place
/// when released (deleting it could delete another process's lock just taken: Lucene 4.8 stopped deleting it for
/// that reason); a left file locks nothing. The directory's lock prefix is not used: one factory serves one folder.
/// </summary>
internal sealed class FolderLockFactory(string folder) : LockFactory
{
    public override Lock MakeLock(string lockName) => new FolderLock(Path.Combine(folder, lockName));

    /// <summary>Nothing to clear: a lock is free once no process holds it, whatever files are left.</summary>
    public override void ClearLock(string lockName)
    {
    }

    private sealed class FolderLock(string path) : Lock
    {
        private readonly System.Threading.Lock _gate = new();
        private FileStream? _held;

        public override bool Obtain()
        {
            lock (_gate)
            {
                if (_held is not null)
                {
                    return false;
                }
                try
                {
                    // A writer may be the first to use the folder (Lucene's locks make it, too).
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    _held = ExclusiveLockFile.Take(path);
                    return true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The usual reason is another holder; Lucene reports this one if it gives up waiting.
                    FailureReason = e;
                    return false;
                }
            }
        }

        public override bool IsLocked()
        {
            lock (_gate)
            {
                if (_held is not null)
                {
                    return true;
                }
                try
                {
                    using var probe = ExclusiveLockFile.Take(path, create: false);
                    return false;
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    return false;
                }
                catch (IOException)
                {
                    return true;
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                lock (_gate)
                {
                    _held?.Dispose();
                    _held = null;
                }
            }
        }

        public override string ToString() => $"{nameof(FolderLock)}@{path}";
    }
}
