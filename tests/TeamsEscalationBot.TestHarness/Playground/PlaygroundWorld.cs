using System.Text.Json.Nodes;

namespace TeamsEscalationBot.TestHarness.Playground;

/// <summary>A person of the playground's mock world: Teams id (<c>29:…</c>), name, Entra object id.</summary>
public sealed record PlaygroundUser(string Id, string Name, string AadObjectId);

/// <summary>The playground's mock world as it reports it (<see cref="PlaygroundClient.GetConfigAsync"/>).</summary>
public sealed class PlaygroundWorld
{
    private PlaygroundWorld(string personalChatId, PlaygroundUser currentUser, IReadOnlyList<PlaygroundUser> users, IReadOnlyDictionary<string, string> channels)
    {
        PersonalChatId = personalChatId;
        CurrentUser = currentUser;
        Users = users;
        Channels = channels;
    }

    /// <summary>The current user's 1:1 chat with the bot.</summary>
    public string PersonalChatId { get; }

    /// <summary>The person the web UI acts as.</summary>
    public PlaygroundUser CurrentUser { get; }

    /// <summary>The current user and the five others.</summary>
    public IReadOnlyList<PlaygroundUser> Users { get; }

    /// <summary>Channel name → id, of the team's channels ("General" has the team's id).</summary>
    public IReadOnlyDictionary<string, string> Channels { get; }

    public static PlaygroundWorld From(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var me = ToUser(config["currentUser"]!);
        var users = (config["users"] as JsonArray ?? []).Select(u => ToUser(u!)).Prepend(me).ToList();
        var channels = (config["teams"] as JsonArray ?? [])
            .SelectMany(t => t!["channels"] as JsonArray ?? [])
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["id"]!.GetValue<string>(), StringComparer.Ordinal);
        return new PlaygroundWorld(config["personalChat"]!["id"]!.GetValue<string>(), me, users, channels);
    }

    public PlaygroundUser User(string name) =>
        Users.FirstOrDefault(u => u.Name == name) ?? throw new KeyNotFoundException($"The playground config has no user '{name}'.");

    public string Channel(string name) =>
        Channels.TryGetValue(name, out var id) ? id : throw new KeyNotFoundException($"The playground config has no channel '{name}'.");

    private static PlaygroundUser ToUser(JsonNode user) =>
        new(user["id"]!.GetValue<string>(), user["name"]!.GetValue<string>(), user["aadObjectId"]!.GetValue<string>());
}
