using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Directory;

internal static class DirectoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDirectory"/>: Microsoft Graph (cached) or, in Development only, the static directory, per
    /// <c>Directory:Provider</c>; options <c>Directory</c>, <c>Graph</c> and <c>Teams:CatalogAppId</c> and <c>Executives</c> are validated on
    /// start. The Graph provider uses the bot's credential (<c>BotCredential</c>, registered by <c>AddAgentCore</c>).
    /// </summary>
    public static IServiceCollection AddDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<DirectoryOptions>, DirectoryOptionsDefaults>();
        services.AddSingleton<IValidateOptions<DirectoryOptions>, DirectoryOptionsValidator>();
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>();
        services.AddOptions<TeamsAppOptions>().Bind(configuration.GetSection(TeamsAppOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsAppOptions>, TeamsAppOptionsValidator>();
        services.AddOptions<ExecutiveOptions>().Bind(configuration.GetSection(ExecutiveOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExecutiveOptions>, ExecutiveOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<BotGraphClient>();
        services.AddSingleton<StaticDirectory>();
        services.AddSingleton<GraphDirectory>();
        services.AddSingleton<IDirectory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DirectoryOptions>>();
            return options.Value.Provider == DirectoryProvider.Static
                ? sp.GetRequiredService<StaticDirectory>()
                : new CachingDirectory(sp.GetRequiredService<GraphDirectory>(), options, sp.GetRequiredService<TimeProvider>());
        });
        // Not cached here: its one reader (the digest's recipients) keeps the last answer itself.
        services.AddSingleton<IGroupMembers>(sp =>
            sp.GetRequiredService<IOptions<DirectoryOptions>>().Value.Provider == DirectoryProvider.Static
                ? sp.GetRequiredService<StaticDirectory>()
                : sp.GetRequiredService<GraphDirectory>());
        return services;
    }
}
