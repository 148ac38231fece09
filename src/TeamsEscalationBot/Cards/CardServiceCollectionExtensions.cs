using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Cards;

internal static class CardServiceCollectionExtensions
{
    /// <summary>
    /// Card options (section <c>Cards</c>, validated on start) and what the features' cards share: the clock in the
    /// configured time zone and the audit lines. Each feature registers its own card builders.
    /// </summary>
    public static IServiceCollection AddCards(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CardOptions>().Bind(configuration.GetSection(CardOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CardOptions>, CardOptionsValidator>();
        // Reading the options runs the validator, which refuses an unknown zone; UTC only satisfies the compiler.
        services.AddSingleton(sp => new CardClock(
            CardOptions.FindTimeZone(sp.GetRequiredService<IOptions<CardOptions>>().Value.TimeZone) ?? TimeZoneInfo.Utc));
        services.AddSingleton<AuditLineFormatter>();
        return services;
    }
}
