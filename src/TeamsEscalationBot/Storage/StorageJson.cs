using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsEscalationBot.Storage;

/// <summary>The one JSON shape of stored documents: camelCase, enums as strings, nulls omitted.</summary>
internal static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
