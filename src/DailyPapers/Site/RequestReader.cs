using DailyPapers.Community.Accounts;

namespace DailyPapers.Site;

/// <summary>The <see cref="PageReader"/> of a request: read here, at the pages, so the parts below them need no HttpContext.</summary>
public static class RequestReader
{
    public static PageReader For(HttpContext? http) =>
        http is null ? PageReader.Anonymous : new(http.User.AccountId(), http.Request.Path + http.Request.QueryString, http.RequestAborted) { User = http.User };
}
