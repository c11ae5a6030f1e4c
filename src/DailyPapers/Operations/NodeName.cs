using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DailyPapers.Operations;

/// <summary>
/// This web node's name on the status page and in metrics: <c>Status:NodeName</c>, else the machine name and the port the
/// node listens on (two nodes on one machine differ by port, and a restarted node keeps its name).
/// </summary>
public sealed class NodeName(IServer server, IOptions<StatusOptions> options)
{
    private string? _name;

    public string Value
    {
        get
        {
            _name ??= options.Value.NodeName ?? FromAddress();
            return _name ?? Environment.MachineName; // not listening yet: the address is asked for again next time
        }
    }

    private string? FromAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }
        var normalized = address.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) ? $"{Environment.MachineName}:{uri.Port}" : Environment.MachineName;
    }
}
