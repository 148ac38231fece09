using Microsoft.Extensions.Options;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.TeamsIntake;

namespace TeamsEscalationBot.Cards;

internal static class CardServiceCollectionExtensions
{
    /// <summary>Card options (section <c>Cards</c>, validated on start) and the card builders.</summary>
    public static IServiceCollection AddCards(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CardOptions>().Bind(configuration.GetSection(CardOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CardOptions>, CardOptionsValidator>();
        // Reading the options runs the validator, which refuses an unknown zone; UTC only satisfies the compiler.
        services.AddSingleton(sp => new CardClock(
            CardOptions.FindTimeZone(sp.GetRequiredService<IOptions<CardOptions>>().Value.TimeZone) ?? TimeZoneInfo.Utc));
        services.AddSingleton<AuditLineFormatter>();
        services.AddSingleton<ComplaintCardBuilder>();
        services.AddSingleton<ComplaintListCardBuilder>();
        services.AddSingleton<RelayCardBuilder>();
        return services;
    }
}
