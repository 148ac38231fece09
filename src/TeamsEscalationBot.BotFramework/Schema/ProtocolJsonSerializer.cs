using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsEscalationBot.BotFramework.Schema;

/// <summary>The one JSON configuration of the protocol: camelCase, nulls omitted, tolerant on read.</summary>
public static class ProtocolJsonSerializer
{
    /// <summary>The JSON every value of <see cref="IMeasuredJson"/> was measured with: the same settings, without reuse.</summary>
    private static readonly JsonSerializerOptions Plain = Create(reuseMeasured: false);

    /// <summary>The bytes each measured value was written as, for as long as the value lives.</summary>
    private static readonly ConditionalWeakTable<IMeasuredJson, byte[]> Measured = [];

    public static JsonSerializerOptions SerializationOptions { get; } = Create(reuseMeasured: true);

    /// <summary>
    /// Writes <paramref name="value"/> as UTF-8 JSON and remembers the bytes: wherever the same instance is written
    /// again with <see cref="SerializationOptions"/> (an invoke response, an outbound activity's attachment), these
    /// bytes are written as they are, so what was measured is what is sent and the value is serialized once.
    /// </summary>
    public static ReadOnlySpan<byte> Measure(IMeasuredJson value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var json = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Plain);
        Measured.AddOrUpdate(value, json);
        return json;
    }

    private static JsonSerializerOptions Create(bool reuseMeasured)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Card text holds quotes, ampersands and accents; Teams reads plain JSON, so keep them readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 128,
        };
        if (reuseMeasured)
        {
            options.Converters.Add(new MeasuredJsonConverterFactory());
        }

        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class MeasuredJsonConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IMeasuredJson).IsAssignableFrom(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(MeasuredJsonConverter<>).MakeGenericType(typeToConvert))!;
    }

    /// <summary>A measured instance is written as its measured bytes; any other is serialized as usual.</summary>
    private sealed class MeasuredJsonConverter<T> : JsonConverter<T>
        where T : class, IMeasuredJson
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<T>(ref reader, Plain);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (Measured.TryGetValue(value, out var json))
            {
                // Written by this serializer with the same settings: valid JSON, nothing to check again.
                writer.WriteRawValue(json, skipInputValidation: true);
            }
            else
            {
                JsonSerializer.Serialize(writer, value, Plain);
            }
        }
    }
}

/// <summary>
/// A value that is serialized once to measure it (an Adaptive Card against Teams' size limit) and then sent: after
/// <see cref="ProtocolJsonSerializer.Measure"/> the same instance is written as the measured bytes. Only for immutable
/// values: a change after measuring would not be sent. A copy (a record's <c>with</c>) is a new instance and measured anew.
/// </summary>
#pragma warning disable CA1040 // A marker: the serializer recognises the type, the value needs no members for it.
public interface IMeasuredJson;
#pragma warning restore CA1040
