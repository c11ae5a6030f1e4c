using Microsoft.Playwright;

namespace DailyPapers.BrowserTests.Support;

/// <summary>Full-page screenshots for a person to look at; the tests never compare them.</summary>
public static class Screenshots
{
    public const string FolderVariable = "DAILYPAPERS_SCREENSHOTS";

    /// <summary>DAILYPAPERS_SCREENSHOTS, or TestResults/screenshots under the test output folder.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}.png"), FullPage = true });
    }
}
