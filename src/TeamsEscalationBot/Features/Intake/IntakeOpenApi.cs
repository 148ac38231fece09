using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>
/// What the generated OpenAPI document cannot know about the intake API, so that the document accepts exactly what the
/// API accepts: the required fields, the words of network and priority, the length limits (<see cref="IntakeLimits"/>),
/// the bounds of <c>pageSize</c>, the states a list can be filtered by, and the bearer key every operation needs.
/// </summary>
internal static class IntakeOpenApi
{
    public const string SecuritySchemeName = "intakeKey";

    /// <summary>Fields without which a complaint is refused.</summary>
    public static IReadOnlyList<string> RequiredFields { get; } = ["source", "externalId", "network", "authorHandle", "text"];

    private const string RequesterPrefix = "requester.";

    public static void Apply(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            DescribeSchema(schema, context.JsonTypeInfo.Type);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            DescribeOperation(operation, context.Document);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            RequireKey(document);
            return Task.CompletedTask;
        });
    }

    private static void DescribeSchema(OpenApiSchema schema, Type type)
    {
        if (schema.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        if (type == typeof(IntakeRequest))
        {
            DescribeRequest(schema, properties);
        }
        else if (type == typeof(IntakeRequester))
        {
            foreach (var (name, property) in Editable(properties))
            {
                property.MaxLength = IntakeLimits.ByField[RequesterPrefix + name];
            }
        }
        else if (type == typeof(ComplaintView) && properties.TryGetValue("network", out var network) && network is OpenApiSchema networkSchema)
        {
            networkSchema.Enum = Words(IntakeRequestMapper.NetworkNames);
        }
    }

    private static void DescribeRequest(OpenApiSchema schema, IDictionary<string, IOpenApiSchema> properties)
    {
        schema.Required = new HashSet<string>(RequiredFields, StringComparer.Ordinal);
        foreach (var (name, property) in Editable(properties))
        {
            if (IntakeLimits.ByField.TryGetValue(name, out var max))
            {
                property.MaxLength = max;
            }

            if (RequiredFields.Contains(name))
            {
                // Blank is missing: the value must hold something besides white space, and null is refused.
                property.Type = JsonSchemaType.String;
                property.MinLength = 1;
                property.Pattern = @"\S";
            }
        }

        Edit(properties, "network").Enum = Words(IntakeRequestMapper.NetworkNames);
        var priority = Edit(properties, "priority");
        priority.Enum = [.. Words(IntakeRequestMapper.PriorityNames), JsonNullSentinel.JsonNull];
        priority.Type = JsonSchemaType.String | JsonSchemaType.Null;
    }

    private static void DescribeOperation(OpenApiOperation operation, OpenApiDocument? document)
    {
        switch (operation.OperationId)
        {
            case "SubmitComplaint" when operation.RequestBody is OpenApiRequestBody body && document is not null:
                // A body is required (null is refused), so it is the request object itself, not "null or the object".
                body.Required = true;
                foreach (var media in body.Content?.Values ?? [])
                {
                    media.Schema = new OpenApiSchemaReference(nameof(IntakeRequest), document);
                }

                break;
            case "ListComplaints":
                foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                {
                    parameter.Schema = parameter.Name switch
                    {
                        "pageSize" => new OpenApiSchema
                        {
                            Type = JsonSchemaType.Integer,
                            Format = "int32",
                            Minimum = "1",
                            Maximum = ComplaintQuery.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            Default = IntakeEndpoints.DefaultPageSize,
                        },
                        "state" => new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = Words(Enum.GetNames<ComplaintState>().Select(n => n.ToLowerInvariant())),
                        },
                        _ => parameter.Schema,
                    };
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Every intake operation needs an intake key as a bearer token.</summary>
    private static void RequireKey(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An intake key (Intake:Keys). Each key may submit and read complaints of its own sources only.",
        };
        foreach (var (path, item) in document.Paths ?? [])
        {
            if (!path.StartsWith("/api/complaints", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
            }
        }
    }

    private static IEnumerable<(string Name, OpenApiSchema Schema)> Editable(IDictionary<string, IOpenApiSchema> properties) =>
        properties.Where(p => p.Value is OpenApiSchema).Select(p => (p.Key, (OpenApiSchema)p.Value));

    private static OpenApiSchema Edit(IDictionary<string, IOpenApiSchema> properties, string name) =>
        properties.TryGetValue(name, out var schema) && schema is OpenApiSchema editable
            ? editable
            : throw new InvalidOperationException($"The intake request has no '{name}' property to describe.");

    private static List<JsonNode> Words(IEnumerable<string> words) => [.. words.Select(w => (JsonNode)JsonValue.Create(w))];
}
