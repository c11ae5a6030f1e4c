namespace DailyPapers.Demo;

public static class DemoExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration("Demo");
        services.AddSingleton<DemoLoader>();
        services.AddSingleton<DemoNewPapersLoader>();
        return services;
    }

    /// <summary>Web host only: the background load of the demo's month of new papers after the first start.</summary>
    public static IServiceCollection AddDemoNewPapersJob(this IServiceCollection services) => services.AddHostedService<DemoNewPapersJob>();
}
