using System.Threading.RateLimiting;
using DailyPapers.Mail;
using DailyPapers.Web;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Accounts;

public enum SignInRequestOutcome
{
    /// <summary>A link went out (for known and unknown addresses alike).</summary>
    Sent,
    InvalidAddress,
    TooManyForAddress,
    MailFailed,
}

public sealed record SignInRequestResult(SignInRequestOutcome Outcome, TimeSpan? RetryAfter = null);

public enum SignInLinkStatus
{
    Valid,
    Used,
    Expired,
    Unknown,
}

/// <summary>What a sign-in link's token stands for; <see cref="Email"/> and the rest only when it is known.</summary>
public sealed record SignInLink(SignInLinkStatus Status, string? Email = null, DateTime? ExpiresAt = null, string? ReturnUrl = null);

/// <summary>The outcome of following a link: the account signed in as (made now if <see cref="Created"/>), or why not.</summary>
public sealed record SignInCompletion(SignInLink Link, Account? Account = null, bool Created = false);

/// <summary>
/// Passwordless sign-in: a link with a random single-use token goes to the address; following it (and pressing
/// the confirmation button, see <see cref="PeekAsync"/>) signs in. Unknown addresses get a link too, and the
/// account is made when it is followed, so the form tells nobody which addresses have accounts.
/// </summary>
public sealed class SignInService(
    SignInTokenStore tokens,
    AccountStore accounts,
    MailComposer composer,
    IMailTransport mail,
    IOptions<AccountOptions> accountOptions,
    IOptions<RateLimitOptions> rateLimits,
    IOptions<SiteOptions> site,
    TimeProvider clock,
    ILogger<SignInService> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAddress = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rateLimits.Value.SignInPerAddress.PermitLimit,
            Window = rateLimits.Value.SignInPerAddress.Window,
        }));

    public TimeSpan LinkLifetime => accountOptions.Value.SignInLinkLifetime;

    /// <summary>
    /// Sends a sign-in link to <paramref name="email"/>; <paramref name="baseUrl"/> is the site's public address and
    /// <paramref name="client"/> who asks (<see cref="ClientRateLimits.Network(HttpContext)"/>). The per-address
    /// limit counts each address per client, so nobody can use it up for someone else and lock them out.
    /// </summary>
    public async Task<SignInRequestResult> RequestLinkAsync(string? email, string? returnUrl, string baseUrl, string client, CancellationToken ct = default)
    {
        if (!EmailAddress.TryNormalize(email, out var address))
        {
            return new SignInRequestResult(SignInRequestOutcome.InvalidAddress);
        }
        using (var lease = _perAddress.AttemptAcquire($"{address.ToLowerInvariant()} {client}"))
        {
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rateLimits.Value.SignInPerAddress.Window;
                return new SignInRequestResult(SignInRequestOutcome.TooManyForAddress, retryAfter);
            }
        }
        var token = SecretTokens.Create();
        var now = clock.GetUtcNow().UtcDateTime;
        await tokens.AddAsync(SecretTokens.Hash(token), address, LocalUrl.OrNull(returnUrl), now, now + LinkLifetime, ct);
        var link = $"{baseUrl.TrimEnd('/')}/signin/link?token={token}";
        using var message = composer.Compose(SignInMail.Build(address, link, LinkLifetime, site.Value.Name));
        var delivery = await mail.SendAsync(message, ct);
        if (!delivery.Succeeded)
        {
            logger.LogWarning("Sign-in mail was not delivered: {Outcome} {Error}", delivery.Outcome, delivery.Error);
            return new SignInRequestResult(SignInRequestOutcome.MailFailed);
        }
        return new SignInRequestResult(SignInRequestOutcome.Sent);
    }

    /// <summary>
    /// What a link stands for, without using it up. Mail scanners and previews fetch links, so a GET only shows a
    /// "Sign in as …" button; the POST from that button is what consumes the token (<see cref="CompleteAsync"/>).
    /// </summary>
    public async Task<SignInLink> PeekAsync(string? token, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return new SignInLink(SignInLinkStatus.Unknown);
        }
        var row = await tokens.FindAsync(SecretTokens.Hash(token!), ct);
        return Describe(row, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Uses the token up (once, atomically) and returns the account, made now on a first sign-in.</summary>
    public async Task<SignInCompletion> CompleteAsync(string? token, CancellationToken ct = default)
    {
        if (!LooksLikeToken(token))
        {
            return new SignInCompletion(new SignInLink(SignInLinkStatus.Unknown));
        }
        var hash = SecretTokens.Hash(token!);
        var now = clock.GetUtcNow().UtcDateTime;
        var consumed = await tokens.ConsumeAsync(hash, now, ct);
        if (consumed is null)
        {
            return new SignInCompletion(Describe(await tokens.FindAsync(hash, ct), now));
        }
        var (account, created) = await accounts.GetOrCreateByEmailAsync(consumed.Email, ct);
        if (created)
        {
            logger.LogInformation("New account {Handle} (id {Id})", account.Handle, account.Id);
        }
        return new SignInCompletion(new SignInLink(SignInLinkStatus.Valid, consumed.Email, consumed.ExpiresAt, consumed.ReturnUrl), account, created);
    }

    private static SignInLink Describe(SignInToken? row, DateTime now) => row switch
    {
        null => new SignInLink(SignInLinkStatus.Unknown),
        { UsedAt: not null } => new SignInLink(SignInLinkStatus.Used, row.Email),
        _ when row.ExpiresAt <= now => new SignInLink(SignInLinkStatus.Expired, row.Email),
        _ => new SignInLink(SignInLinkStatus.Valid, row.Email, row.ExpiresAt, row.ReturnUrl),
    };

    private static bool LooksLikeToken(string? token) => token is { Length: > 20 and < 100 };

    public void Dispose() => _perAddress.Dispose();
}
