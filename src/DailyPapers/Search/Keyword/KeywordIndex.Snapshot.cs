using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DailyPapers.Search.Keyword;

public sealed partial class KeywordIndex
{
    /// <summary>
    /// Holds the last commit: its files stay on disk, whatever the writer commits and merges meanwhile, until the
    /// returned hold is disposed, so they can be copied while the node goes on indexing. Only for an index in a folder.
    /// </summary>
    public KeywordCommitHold HoldLastCommit()
    {
        if (_directory is not FSDirectory folder)
        {
            throw new InvalidOperationException("Only an index in a folder has files to copy.");
        }
        var policy = (SnapshotDeletionPolicy)Writer.Config.IndexDeletionPolicy;
        return new KeywordCommitHold(Writer, policy, policy.Snapshot(), folder.Directory.FullName);
    }
}
