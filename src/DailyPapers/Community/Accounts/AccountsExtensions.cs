using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Accounts;

public static partial class AccountsExtensions
{
    /// <summary>
    /// Accounts: stores, sign-in by mail link, cookie and API-token authentication, the authorization policies
    /// of <see cref="AccountPolicies"/>, the rate limits of <see cref="CommunityRateLimits"/>, and a data-protection
    /// key ring kept in the database (encrypted with the site key file) so every web node reads every node's cookies. Needs <c>AddMail()</c>.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>()
            .BindConfiguration("Accounts")
            .Validate(o => o.SignInLinkLifetime > TimeSpan.Zero && o.SessionLifetime > TimeSpan.Zero,
                "Accounts:SignInLinkLifetime and Accounts:SessionLifetime must be positive.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration("RateLimits")
            .Validate(o => o.All.All(r => r.IsValid),
                "Every RateLimits rule needs a positive PermitLimit and Window.")
            .ValidateOnStart();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<SignInTokenStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<AccountCookieEvents>();

        services.AddDataProtection().SetApplicationName("DailyPapers");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            // The key ring lives in the database, its secrets encrypted with the site key file kept outside it.
            o.XmlEncryptor = new SiteKeyXmlEncryptor(sp.GetRequiredService<DailyPapers.Storage.SiteKey>());
            o.XmlRepository = new DatabaseKeyRepository(
                sp.GetRequiredService<DailyPapers.Storage.Database>(), sp.GetRequiredService<TimeProvider>(), o.XmlEncryptor);
        }));

        services.AddAccountAuthentication();
        services.AddRateLimiter(CommunityRateLimits.Add);
        return services;
    }
}
