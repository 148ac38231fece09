namespace TeamsEscalationBot.Features.Digest;

internal static class DigestServiceCollectionExtensions
{
    /// <summary>The executive digest: the card builder (see docs/digest.md).</summary>
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<DigestCardBuilder>();
        return services;
    }
}
