using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using DailyPapers.Tests.Architecture;

namespace DailyPapers.Tests.Operations;

/// <summary>
/// Debian's nginx as a process of the test, never the system service: the shipped <c>deploy/nginx.conf</c>, with only the
/// machine-specific lines replaced (the nodes, the listen ports, the cache folder, a throwaway certificate), in a main
/// configuration of its own in a temporary folder. <c>./test.sh</c> installs nginx and its brotli module.
/// </summary>
public sealed partial class NginxProcess : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";
    public const string BrotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so";

    /// <summary>The certificates this test process made: the only ones its clients accept.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Issued = new(StringComparer.OrdinalIgnoreCase);

    private readonly Process _process;
    private readonly string _folder;

    private NginxProcess(Process process, string folder, int httpsPort, int httpPort)
    {
        _process = process;
        _folder = folder;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
    }

    public int HttpsPort { get; }
    public int HttpPort { get; }
    public string Url => $"https://127.0.0.1:{HttpsPort}";

    /// <summary>The shipped site configuration.</summary>
    public static string DeployConfig => Path.Combine(ReadmeLayers.RepositoryRoot, "deploy", "nginx.conf");

    public static async Task<NginxProcess> StartAsync(IReadOnlyList<string> nodes, int? httpsPort = null)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's nginx (./test.sh does: apt-get install nginx libnginx-mod-http-brotli-filter)");
        var folder = Directory.CreateTempSubdirectory("dailypapers-nginx-").FullName;
        var https = httpsPort ?? NodeProcess.FreePort();
        var http = NodeProcess.FreePort();
        WriteCertificate(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "dailypapers.conf"), SiteConfig(await File.ReadAllTextAsync(DeployConfig), folder, nodes, https, http));
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), MainConfig(folder));
        var psi = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" })
        {
            psi.ArgumentList.Add(a);
        }
        var test = Process.Start(new ProcessStartInfo(Binary, ["-t", "-p", folder, "-c", Path.Combine(folder, "nginx.conf")]) { RedirectStandardError = true })!;
        var verdict = await test.StandardError.ReadToEndAsync();
        await test.WaitForExitAsync();
        Assert.True(test.ExitCode == 0, $"nginx -t refused the configuration:\n{verdict}");
        var process = Process.Start(psi)!;
        var nginx = new NginxProcess(process, folder, https, http);
        var deadline = Stopwatch.StartNew();
        while (!await AcceptsAsync(https))
        {
            Assert.False(process.HasExited, $"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "nginx did not listen within 30 s");
            await Task.Delay(50);
        }
        return nginx;
    }

    /// <summary>
    /// deploy/nginx.conf for this machine. Every replaced line must be found, so the test fails if the shipped file
    /// changes shape instead of silently testing something else.
    /// </summary>
    internal static string SiteConfig(string shipped, string folder, IReadOnlyList<string> nodes, int httpsPort, int httpPort)
    {
        var config = shipped;
        config = Replace(config, UpstreamServers(), m =>
            m.Index == UpstreamServers().Match(shipped).Index
                ? string.Concat(nodes.Select(n => $"    server {n}{m.Groups["params"].Value};\n"))
                : "");
        config = Replace(config, ListenLine("80"), _ => $"    listen 127.0.0.1:{httpPort};\n");
        config = Replace(config, ListenLine("\\[::\\]:80"), _ => "");
        config = Replace(config, ListenLine("443 ssl http2"), _ => $"    listen 127.0.0.1:{httpsPort} ssl http2;\n");
        config = Replace(config, ListenLine("\\[::\\]:443 ssl http2"), _ => "");
        config = Replace(config, CachePath(), _ => Path.Combine(folder, "cache"));
        config = Replace(config, Certificate(), m => $"{m.Groups["directive"].Value} {Path.Combine(folder, m.Groups["directive"].Value == "ssl_certificate" ? "cert.pem" : "key.pem")};");
        return config;
    }

    private static string MainConfig(string folder)
    {
        var brotli = File.Exists(BrotliModule) ? $"load_module {BrotliModule};\n" : "";
        return $$"""
            {{brotli}}worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            user root;
            events { worker_connections 1024; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/dailypapers.conf;
            }
            """;
    }

    private static string Replace(string text, Regex pattern, MatchEvaluator replacement)
    {
        Assert.True(pattern.IsMatch(text), $"deploy/nginx.conf has no line matching {pattern}");
        return pattern.Replace(text, replacement);
    }

    /// <summary>A self-signed certificate for 127.0.0.1 (the test's client accepts it).</summary>
    private static void WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        Issued[certificate.GetCertHashString()] = true;
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>nginx's error log (for failure messages).</summary>
    public string ErrorLog => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : "";

    /// <summary>An HTTPS client for nginx that accepts the certificates this test made (and no other) and keeps cookies.</summary>
    public static HttpClient Client(bool decompress = true, System.Net.CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && Issued.ContainsKey(certificate.GetCertHashString()) },
        AutomaticDecompression = decompress ? System.Net.DecompressionMethods.All : System.Net.DecompressionMethods.None,
        CookieContainer = cookies ?? new System.Net.CookieContainer(),
        UseCookies = true,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"^\s*server\s+10\.0\.0\.\d+:8080(?<params>[^;]*);\n", RegexOptions.Multiline)]
    private static partial Regex UpstreamServers();

    private static Regex ListenLine(string what) => new($@"^\s*listen\s+{what};\n", RegexOptions.Multiline);

    [GeneratedRegex(@"/var/cache/nginx/dailypapers")]
    private static partial Regex CachePath();

    [GeneratedRegex(@"(?<directive>ssl_certificate(_key)?)\s+/etc/letsencrypt/[^;]+;")]
    private static partial Regex Certificate();
}
