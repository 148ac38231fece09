using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

internal static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The department card workflow: the <c>complaint.*</c> card actions, the <c>update-card</c> and <c>thread-reply</c>
    /// outbox handlers, and the departments' active members for refresh, in the store of the configured storage
    /// provider (options <c>Workflow</c>, validated on start).
    /// </summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>();
        services.AddStore<IActiveMemberStore, SqliteActiveMemberStore, AzureBlobActiveMemberStore>();
        services.AddSingleton<ActiveMembers>();
        services.AddHostedService<ActiveMembersFlusher>();
        services.AddSingleton<WorkflowDirectory>();
        services.AddSingleton<ComplaintThreads>();
        services.AddSingleton<ComplaintActionHandler>();
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<ComplaintActionHandler>());
        services.AddSingleton<IOutboxHandler, UpdateCardHandler>();
        services.AddSingleton<IOutboxHandler, ThreadReplyHandler>();
        services.AddSingleton<IOutboxHandlerScope, ThreadPatienceScope>();
        return services;
    }
}
