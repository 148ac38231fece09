using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TeamsEscalationBot.Infrastructure;

/// <summary>
/// Corrections that make the generated OpenAPI document say exactly what the service sends, for every schema of the
/// document: a shared enum type lists its words only (a nullable use says <c>oneOf [null, …]</c> where it is used, so a
/// null in the type's enum as well would match both branches of that <c>oneOf</c>), an enum of words is a string, and a
/// number is a number (the service reads "42" for 42 but always writes 42).
/// </summary>
internal static class OpenApiConventions
{
    public const string DocumentName = "v1";

    public static void Apply(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            // A component is the type itself; whether a use may be null is said where it is used.
            foreach (var component in (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>())
            {
                RemoveNullFromEnum(component);
            }

            foreach (var schema in AllSchemas(document))
            {
                Normalize(schema);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Every schema object of the document (components, parameters, bodies, responses) and the schemas inside them.</summary>
    public static IEnumerable<OpenApiSchema> AllSchemas(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var roots = new List<IOpenApiSchema?>();
        roots.AddRange(document.Components?.Schemas?.Values ?? []);
        foreach (var operation in (document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            roots.AddRange((operation.Parameters ?? []).Select(p => p.Schema));
            roots.AddRange((operation.RequestBody?.Content?.Values ?? []).Select(m => m.Schema));
            roots.AddRange((operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? []).Select(m => m.Schema));
        }

        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IOpenApiSchema?>(roots);
        while (pending.TryPop(out var next))
        {
            // A reference points into the components, which are roots already.
            if (next is not OpenApiSchema schema || !seen.Add(schema))
            {
                continue;
            }

            yield return schema;
            foreach (var child in Children(schema))
            {
                pending.Push(child);
            }
        }
    }

    private static IEnumerable<IOpenApiSchema?> Children(OpenApiSchema schema) =>
        (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? [])
            .Append(schema.Items).Append(schema.AdditionalProperties).Append(schema.Not);

    private static void RemoveNullFromEnum(OpenApiSchema schema)
    {
        if (schema.Enum is { Count: > 0 } values && values.Any(IsNull) && !values.All(IsNull))
        {
            schema.Enum = [.. values.Where(v => !IsNull(v))];
            schema.Type &= ~JsonSchemaType.Null;
        }
    }

    private static bool IsNull(JsonNode? value) => value is null || JsonNullSentinel.IsJsonNullSentinel(value);

    private static void Normalize(OpenApiSchema schema)
    {
        if (schema.Type is null && schema.Enum is { Count: > 0 } values
            && values.All(v => IsNull(v) || (v is JsonValue value && value.GetValueKind() == JsonValueKind.String)))
        {
            schema.Type = values.Any(IsNull) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }
}
