using Microsoft.Playwright;

namespace DailyPapers.BrowserTests.Support;

/// <summary>
/// One headless Chromium per test class (the machine's Debian build: Playwright's own download is not
/// reachable); every test opens its own context, so cookies and history never carry over between tests.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutableVariable = "DAILYPAPERS_CHROMIUM";

    public static ViewportSize Desktop => new() { Width = 1280, Height = 800 };
    public static ViewportSize Phone => new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been started.");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable(ExecutableVariable) ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh context on the site at <paramref name="baseUrl"/>; a phone viewport also emulates a mobile browser.</summary>
    public Task<IBrowserContext> NewContextAsync(string baseUrl, ViewportSize viewport) =>
        Browser.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            ViewportSize = viewport,
            // A mobile browser honours <meta name="viewport">, so a 390-px page is laid out 390 px wide.
            IsMobile = viewport.Width < 600,
            HasTouch = viewport.Width < 600,
        });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}
