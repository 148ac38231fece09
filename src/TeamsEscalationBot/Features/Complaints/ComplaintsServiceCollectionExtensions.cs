using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Complaints;

internal static class ComplaintsServiceCollectionExtensions
{
    /// <summary>
    /// Departments and routing (validated on start), the service that takes complaints in, who sees how much of a
    /// complaint (<see cref="ComplaintAccess"/>), the complaint card and the <c>post-card</c> outbox handler.
    /// </summary>
    public static IServiceCollection AddComplaints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoutingOptions>().Configure(o => RoutingOptions.Bind(o, configuration)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RoutingOptions>>().Value;
            return new ComplaintRouter(options.Departments.Select(d => d.ToDepartment()), options.TriageDepartmentId!);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ComplaintService>();
        services.AddSingleton<ComplaintCardBuilder>();
        services.TryAddSingleton<IComplaintAddressees, NoComplaintAddressees>();
        services.TryAddSingleton<IComplaintCrises, NoComplaintCrises>();
        services.AddSingleton<ComplaintAccess>();
        services.AddSingleton<Storage.IOutboxHandler, PostCardHandler>();
        return services;
    }
}
