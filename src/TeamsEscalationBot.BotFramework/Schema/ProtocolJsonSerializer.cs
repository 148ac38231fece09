using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsEscalationBot.BotFramework.Schema;

/// <summary>The one JSON configuration of the protocol: camelCase, nulls omitted, tolerant on read.</summary>
public static class ProtocolJsonSerializer
{
    public static JsonSerializerOptions SerializationOptions { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Card text holds quotes, ampersands and accents; Teams reads plain JSON, so keep them readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 128,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
