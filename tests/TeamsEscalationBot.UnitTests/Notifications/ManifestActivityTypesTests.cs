using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Notifications;

/// <summary>The activity types the bot sends are the ones the Teams app manifest declares, with the parameters it fills.</summary>
[TestClass]
public sealed partial class ManifestActivityTypesTests
{
    [TestMethod]
    public void Manifest_ActivityTypes_AreTheOnesTheBotSends()
    {
        var declared = ActivityTypesOfManifest().Select(t => t["type"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        Assert.IsTrue(declared.SetEquals(ActivityTypes.All), "manifest: " + string.Join(", ", declared));
    }

    [TestMethod]
    public void Manifest_TemplateParameters_OnlyActorAndDepartment()
    {
        foreach (var type in ActivityTypesOfManifest())
        {
            var parameters = Placeholder().Matches(type["templateText"]!.GetValue<string>()).Select(m => m.Groups[1].Value).ToList();
            Assert.IsTrue(parameters.Contains(ActivityTypes.DepartmentParameter, StringComparer.Ordinal), type.ToJsonString());
            CollectionAssert.IsSubsetOf(parameters, new[] { "actor", ActivityTypes.DepartmentParameter }, type.ToJsonString());
        }
    }

    private static IEnumerable<JsonNode> ActivityTypesOfManifest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "manifest", "manifest.json")))!["activities"]!["activityTypes"]!.AsArray()!.Select(t => t!);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
