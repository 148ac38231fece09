namespace TeamsEscalationBot.Cards;

/// <summary>What the person looking at a complaint card may do there.</summary>
internal enum CardViewerRole
{
    /// <summary>A member of the complaint's department: may act.</summary>
    DepartmentMember,

    /// <summary>The department member who owns the complaint.</summary>
    Owner,

    /// <summary>Not a member of the department: no buttons, and a line saying so.</summary>
    ReadOnly,

    /// <summary>
    /// The card posted in the channel for everyone: the buttons any member may use. Teams asks the bot for each
    /// viewer's own view through refresh (for up to 60 users).
    /// </summary>
    Channel,
}

/// <summary>The person a card is built for: Entra object id, display name and role.</summary>
internal sealed record CardViewer(string AadObjectId, string DisplayName, CardViewerRole Role)
{
    /// <summary>The viewer of the card posted in the channel, who is everybody.</summary>
    public static CardViewer Channel { get; } = new(string.Empty, string.Empty, CardViewerRole.Channel);
}

/// <summary>A department as the cards show it: id (sent back by choices), name (shown), and the categories routed to it.</summary>
internal sealed record CardDepartment(string Id, string Name)
{
    /// <summary>The categories that route a complaint to this department (<c>Departments:N:Categories</c>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Every configured department, in configuration order.</summary>
    public static IReadOnlyList<CardDepartment> All(Domain.Routing.ComplaintRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        return [.. router.Departments.Select(From)];
    }

    public static CardDepartment From(Domain.Routing.Department department)
    {
        ArgumentNullException.ThrowIfNull(department);
        return new(department.Id, department.Name) { Categories = department.Categories };
    }

    /// <summary>
    /// Every configured category once (the first spelling wins, ignoring case), in configuration order: the categories
    /// the intake card offers.
    /// </summary>
    public static IReadOnlyList<string> AllCategories(IEnumerable<CardDepartment> departments) =>
        [.. departments.SelectMany(d => d.Categories).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The name of the department with this id (ignoring case), or the id itself when it is not configured.</summary>
    public static string NameOf(IEnumerable<CardDepartment> departments, string id) =>
        departments.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase))?.Name ?? id;
}
