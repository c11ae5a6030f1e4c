namespace DailyPapers.Operations;

/// <summary>Settings bound from the <c>Metrics</c> section: the Prometheus endpoint <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve OpenTelemetry metrics in Prometheus text format at <c>/metrics</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Networks (CIDR) whose clients may read <c>/metrics</c>; others get 403. Empty means loopback only
    /// (<c>127.0.0.0/8</c>, <c>::1</c>). The client is the reader's address after a known proxy's <c>X-Forwarded-For</c>.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
}

/// <summary>Settings bound from the <c>Status</c> section: this node's heartbeat, shown on <c>/admin/status</c>.</summary>
public sealed class StatusOptions
{
    /// <summary>This node's name on the status page; default the machine name and the port it listens on.</summary>
    public string? NodeName { get; set; }

    /// <summary>How often the node records that it is alive and how far its search index is.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);
}
