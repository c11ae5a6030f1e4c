namespace DailyPapers.Tests.Operations;

/// <summary>
/// A test that needs root (it mounts a filesystem). A developer without root sees it skipped and why; CI runs the suite
/// as root, and there (<c>CI=true</c>) it is never skipped, so a missing permission fails instead of hiding.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "Needs root to mount a small tmpfs (./test.sh in CI runs as root).";
        }
    }
}
