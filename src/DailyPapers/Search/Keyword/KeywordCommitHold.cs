using Lucene.Net.Index;

namespace DailyPapers.Search.Keyword;

/// <summary>A commit of a <see cref="KeywordIndex"/> whose files are kept until disposed: its folder, its files' names and the data stored with it.</summary>
public sealed class KeywordCommitHold : IDisposable
{
    private readonly IndexWriter _writer;
    private readonly SnapshotDeletionPolicy _policy;
    private readonly IndexCommit _commit;
    private int _released;

    internal KeywordCommitHold(IndexWriter writer, SnapshotDeletionPolicy policy, IndexCommit commit, string folder)
    {
        (_writer, _policy, _commit, Folder) = (writer, policy, commit, folder);
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
                _writer.DeleteUnusedFiles();
            }
            catch (ObjectDisposedException)
            {
                // The index was closed first: its next writer deletes what no commit uses.
            }
        }
    }
}
