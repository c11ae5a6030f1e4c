using DailyPapers.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace DailyPapers.Community.Accounts;

public static partial class AccountsExtensions
{
    /// <summary>The cookie's name; HttpOnly, SameSite=Lax, Secure on HTTPS (always when the public address is https).</summary>
    public const string SessionCookieName = "dp_session";

    private static void AddAccountAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(AccountSchemes.Default)
            .AddPolicyScheme(AccountSchemes.Default, "Cookie, or an API token under /api", o => o.ForwardDefaultSelector = context =>
                AccountSchemes.UsesApiToken(context.Request) ? AccountSchemes.ApiToken : AccountSchemes.Cookie)
            .AddCookie(AccountSchemes.Cookie, o =>
            {
                o.Cookie.Name = SessionCookieName;
                o.Cookie.HttpOnly = true;
                // Lax: the cookie comes along when a reader follows a link to the site, but not on cross-site POSTs.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.ReturnUrlParameter = "returnUrl";
                o.SlidingExpiration = true;
                o.EventsType = typeof(AccountCookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(AccountSchemes.ApiToken, null);
        services.AddOptions<CookieAuthenticationOptions>(AccountSchemes.Cookie)
            .Configure<IOptions<AccountOptions>, SiteUrls>((o, accounts, site) =>
            {
                o.ExpireTimeSpan = accounts.Value.SessionLifetime;
                // Behind a TLS-terminating proxy the request may look like http; the public address says what readers use.
                if (site.IsHttps)
                {
                    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(AccountPolicies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(AccountPolicies.Participate, p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsBanned()))
            // A ban stops staff too: a banned (or stolen) moderator account must not lift its own ban or ban others.
            .AddPolicy(AccountPolicies.Moderate, p => p.RequireRole(AccountStore.RoleName(UserRole.Moderator)).RequireAssertion(c => !c.User.IsBanned()))
            .AddPolicy(AccountPolicies.Admin, p => p.RequireRole(AccountStore.RoleName(UserRole.Admin)).RequireAssertion(c => !c.User.IsBanned()))
            .AddPolicy(AccountPolicies.ApiToken, p => p.AddAuthenticationSchemes(AccountSchemes.ApiToken).RequireAuthenticatedUser())
            .AddPolicy(AccountPolicies.ApiWrite, p => p.AddAuthenticationSchemes(AccountSchemes.ApiToken).RequireAuthenticatedUser()
                .RequireAssertion(c => !c.User.IsBanned()));
    }
}
