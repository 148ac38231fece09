using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Notifications;

internal static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>activity-notice</c> outbox handler (Teams activity-feed notices through Microsoft Graph, with the
    /// bot's Graph client registered by <c>AddDirectory</c>); options <c>Notifications:ActivityFeed</c> are validated on start.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ActivityFeedOptions>().Bind(configuration.GetSection(ActivityFeedOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ActivityFeedOptions>, ActivityFeedOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ActivityFeedReach>();
        services.AddSingleton<ActivityNoticeLinks>();
        services.AddSingleton<IOutboxHandler, ActivityNoticeHandler>();
        return services;
    }
}
