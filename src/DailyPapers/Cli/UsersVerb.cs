using System.CommandLine;
using System.Globalization;
using DailyPapers.Community.Accounts;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;
using static DailyPapers.Cli.Verbs;

namespace DailyPapers.Cli;

internal static class UsersVerb
{
    internal static Command UsersCommand()
    {
        var command = new Command("users", "Manage accounts from the command line: roles, bans, the list.");
        command.Subcommands.Add(GrantCommand("grant-admin", UserRole.Admin));
        command.Subcommands.Add(GrantCommand("grant-moderator", UserRole.Moderator));
        command.Subcommands.Add(BanCommand());
        command.Subcommands.Add(UnbanCommand());
        command.Subcommands.Add(UsersListCommand());
        return command;
    }

    private static Argument<string> EmailArgument() => new("EMAIL") { Description = "The address the account signs in with." };

    private static Command GrantCommand(string name, UserRole role)
    {
        var command = new Command(name,
            $"Make the account with this address {(role == UserRole.Admin ? "an admin" : "a moderator")}; " +
            "an address without an account gets one, which its owner takes over at the first sign-in.");
        var email = EmailArgument();
        command.Arguments.Add(email);
        command.SetAction((parse, ct) => WithAddress(parse.GetValue(email), async (accounts, address, ct) =>
        {
            var (account, created) = await accounts.GetOrCreateByEmailAsync(address, ct);
            if (created)
            {
                Console.WriteLine($"Made an account @{account.Handle} for {address}.");
            }
            if (account.Role >= role)
            {
                Console.WriteLine($"@{account.Handle} ({address}) is already {AccountStore.RoleName(account.Role)}.");
                return 0;
            }
            await accounts.SetRoleAsync(account.Id, role, ct);
            Console.WriteLine($"@{account.Handle} ({address}) is now {AccountStore.RoleName(role)}.");
            return 0;
        }, ct));
        return command;
    }

    private static Command BanCommand()
    {
        var command = new Command("ban", "Ban an account: it can still sign in and read, but not vote, comment or submit.");
        var email = EmailArgument();
        var reason = new Option<string>("--reason") { Description = "Why, shown to the user.", Required = true };
        command.Arguments.Add(email);
        command.Options.Add(reason);
        command.SetAction((parse, ct) => WithAccount(parse.GetValue(email), async (accounts, account, ct) =>
        {
            await accounts.SetBannedAsync(account.Id, parse.GetValue(reason)!, ct);
            Console.WriteLine($"@{account.Handle} ({account.Email}) is banned.");
            return 0;
        }, ct));
        return command;
    }

    private static Command UnbanCommand()
    {
        var command = new Command("unban", "Lift an account's ban.");
        var email = EmailArgument();
        command.Arguments.Add(email);
        command.SetAction((parse, ct) => WithAccount(parse.GetValue(email), async (accounts, account, ct) =>
        {
            await accounts.SetBannedAsync(account.Id, null, ct);
            Console.WriteLine($"@{account.Handle} ({account.Email}) is no longer banned.");
            return 0;
        }, ct));
        return command;
    }

    private static Command UsersListCommand()
    {
        var command = new Command("list", "List the accounts that can sign in: admins and moderators first, then the newest.");
        command.SetAction((_, ct) => RunAsync(async (services, ct) =>
        {
            await MigrateIfConfiguredAsync(services, ct);
            var accounts = await services.GetRequiredService<AccountStore>().ListAsync(ct: ct);
            foreach (var a in accounts)
            {
                var banned = a.IsBanned ? $"  banned: {a.BannedReason}" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{a.Id,6}  {AccountStore.RoleName(a.Role),-9}  @{a.Handle,-20}  {a.Email,-32}  {a.CreatedAt:yyyy-MM-dd}{banned}"));
            }
            Console.WriteLine($"{accounts.Count} {(accounts.Count == 1 ? "account" : "accounts")}.");
            return 0;
        }, ct));
        return command;
    }

    /// <summary>Checks the address (exit 2 when it is not one), then runs the work on the account store.</summary>
    private static Task<int> WithAddress(string? email, Func<AccountStore, string, CancellationToken, Task<int>> work, CancellationToken ct)
    {
        if (!EmailAddress.TryNormalize(email, out var address))
        {
            Console.Error.WriteLine($"error: not an email address: {email}");
            return Task.FromResult(2);
        }
        return RunAsync(async (services, ct) =>
        {
            await MigrateIfConfiguredAsync(services, ct);
            return await work(services.GetRequiredService<AccountStore>(), address, ct);
        }, ct);
    }

    /// <summary>As <see cref="WithAddress"/>, for an account that must exist (exit 1 when none has the address).</summary>
    private static Task<int> WithAccount(string? email, Func<AccountStore, Account, CancellationToken, Task<int>> work, CancellationToken ct) =>
        WithAddress(email, async (accounts, address, ct) =>
        {
            if (await accounts.FindByEmailAsync(address, ct) is not { } account)
            {
                await Console.Error.WriteLineAsync($"error: no account signs in with {address}");
                return 1;
            }
            return await work(accounts, account, ct);
        }, ct);

    private static async Task MigrateIfConfiguredAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }
    }
}
