namespace DailyPapers.Demo;

public static class DemoExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration("Demo");
        services.AddSingleton<DemoLoader>();
        return services;
    }
}
