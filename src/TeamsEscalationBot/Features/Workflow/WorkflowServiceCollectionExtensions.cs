using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

internal static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The department card workflow: the <c>complaint.*</c> card actions, the <c>update-card</c> and <c>thread-reply</c>
    /// outbox handlers, and the departments' active members for refresh (options <c>Workflow</c>, validated on start).
    /// Needs <c>AddStorage</c>, <c>AddDirectory</c>, <c>AddCards</c>, <c>AddComplaints</c> and <c>AddTeamsIntake</c>.
    /// Calling it twice registers everything once.
    /// </summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ComplaintActionHandler)))
        {
            return services;
        }

        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>();
        services.AddSingleton<SqliteActiveMemberStore>();
        services.AddSingleton<AzureBlobActiveMemberStore>();
        services.AddSingleton<IActiveMemberStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Sqlite
            ? sp.GetRequiredService<SqliteActiveMemberStore>()
            : sp.GetRequiredService<AzureBlobActiveMemberStore>());
        services.AddSingleton<ActiveMembers>();
        services.AddHostedService<ActiveMembersFlusher>();
        services.AddSingleton<WorkflowDirectory>();
        services.AddSingleton<ComplaintThreads>();
        services.AddSingleton<ComplaintActionHandler>();
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<ComplaintActionHandler>());
        services.AddSingleton<IOutboxHandler, UpdateCardHandler>();
        services.AddSingleton<IOutboxHandler, ThreadReplyHandler>();
        return services;
    }
}
