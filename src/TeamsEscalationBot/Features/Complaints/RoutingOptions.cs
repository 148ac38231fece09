using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>One entry of the <c>Departments</c> list.</summary>
internal sealed class DepartmentSettings
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    /// <summary>The team's thread id (<c>19:…@thread.tacv2</c>), as Teams sends it in <c>channelData.team.id</c>.</summary>
    public string? TeamId { get; set; }
    /// <summary>The channel where complaint cards are posted.</summary>
    public string? ChannelId { get; set; }
    /// <summary>The Entra group whose members may claim, assign and resolve (usually the team's group).</summary>
    public string? EntraGroupId { get; set; }
    public List<string> Keywords { get; set; } = [];
    public List<string> Categories { get; set; } = [];
    public List<string> LeadUserIds { get; set; } = [];

    public Department ToDepartment() => new()
    {
        Id = Id ?? string.Empty,
        Name = Name ?? string.Empty,
        TeamId = TeamId ?? string.Empty,
        ChannelId = ChannelId ?? string.Empty,
        EntraGroupId = EntraGroupId ?? string.Empty,
        Keywords = Keywords,
        Categories = Categories,
        LeadUserIds = LeadUserIds,
    };
}

/// <summary>The <c>Departments</c> list and <c>Routing:TriageDepartmentId</c>.</summary>
internal sealed class RoutingOptions
{
    public List<DepartmentSettings> Departments { get; set; } = [];

    /// <summary>Where complaints go when no rule matches.</summary>
    public string? TriageDepartmentId { get; set; }

    public static void Bind(RoutingOptions options, IConfiguration configuration)
    {
        options.Departments = configuration.GetSection("Departments").Get<List<DepartmentSettings>>() ?? [];
        options.TriageDepartmentId = configuration["Routing:TriageDepartmentId"];
    }
}

/// <summary>The domain's own rules (unique ids, known triage, one department per category), with the configuration keys named.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        if (options.Departments.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "Departments is empty: configure at least one department (Departments:0:Id, Name, TeamId, ChannelId, EntraGroupId) " +
                "and Routing:TriageDepartmentId. See appsettings.sample.json.");
        }

        var errors = ComplaintRouter.Validate(options.Departments.Select(d => d.ToDepartment()), options.TriageDepartmentId)
            .Select(ToConfigurationKeys)
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The domain writes <c>Departments[1].Id</c>; configuration says <c>Departments:1:Id</c>.</summary>
    private static string ToConfigurationKeys(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"Departments\[(\d+)\]\.", "Departments:$1:")
            .Replace("TriageDepartmentId", "Routing:TriageDepartmentId", StringComparison.Ordinal);
}
