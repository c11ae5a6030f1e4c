using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DailyPapers.Search.Keyword;

public sealed partial class KeywordIndex
{
    /// <summary>
    /// Holds the last commit: its files stay on disk, whatever the writer commits and merges meanwhile, until the
    /// returned hold is disposed, so they can be copied while the node goes on indexing. Only for an index in a folder.
    /// </summary>
    public CommitHold HoldLastCommit()
    {
        if (_directory is not FSDirectory folder)
        {
            throw new InvalidOperationException("Only an index in a folder has files to copy.");
        }
        var policy = (SnapshotDeletionPolicy)_writer.Config.IndexDeletionPolicy;
        var commit = policy.Snapshot();
        return new CommitHold(this, policy, commit, folder.Directory.FullName);
    }

    /// <summary>A commit whose files are kept until disposed: its folder, its files' names and the data stored with it.</summary>
    public sealed class CommitHold : IDisposable
    {
        private readonly KeywordIndex _index;
        private readonly SnapshotDeletionPolicy _policy;
        private readonly IndexCommit _commit;
        private int _released;

        internal CommitHold(KeywordIndex index, SnapshotDeletionPolicy policy, IndexCommit commit, string folder)
        {
            (_index, _policy, _commit, Folder) = (index, policy, commit, folder);
        }

        public string Folder { get; }

        /// <summary>The commit's files (its <c>segments_N</c> included), relative to <see cref="Folder"/>.</summary>
        public ICollection<string> FileNames => _commit.FileNames;

        public IDictionary<string, string> Data => _commit.UserData;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                try
                {
                    _policy.Release(_commit);
                    // Files of this commit that no newer commit uses go now, not at the next commit.
                    _index._writer.DeleteUnusedFiles();
                }
                catch (ObjectDisposedException)
                {
                    // The index was closed first: its next writer deletes what no commit uses.
                }
            }
        }
    }
}
