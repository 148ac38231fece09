using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace TeamsEscalationBot.UnitTests.Architecture;

/// <summary>
/// Every type one type refers to: its base type and interfaces, its members' signatures, attributes, the locals of its
/// methods and the types, methods and fields named in their IL. A reference that only appears inside a method body
/// (a <c>new</c>, a static call) counts as much as one in a signature.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly (OpCode[] OneByte, OpCode[] TwoByte) OpCodeTable = BuildOpCodeTable();

    public static IReadOnlySet<Type> Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var found = new HashSet<Type>();
        Add(type.BaseType, found);
        foreach (var contract in type.GetInterfaces())
        {
            Add(contract, found);
        }

        AddConstraints(type.IsGenericTypeDefinition ? type.GetGenericArguments() : [], found);
        AddAttributes(type.CustomAttributes, found);
        foreach (var field in type.GetFields(Declared))
        {
            Add(field.FieldType, found);
            AddAttributes(field.CustomAttributes, found);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(property.PropertyType, found);
            AddAttributes(property.CustomAttributes, found);
        }

        foreach (var @event in type.GetEvents(Declared))
        {
            Add(@event.EventHandlerType, found);
        }

        foreach (var method in type.GetMethods(Declared).Concat<MethodBase>(type.GetConstructors(Declared)))
        {
            AddMethod(method, found);
        }

        return found;
    }

    private static void AddMethod(MethodBase method, HashSet<Type> found)
    {
        if (method is MethodInfo info)
        {
            Add(info.ReturnType, found);
            AddConstraints(info.IsGenericMethodDefinition ? info.GetGenericArguments() : [], found);
        }

        AddAttributes(method.CustomAttributes, found);
        foreach (var parameter in method.GetParameters())
        {
            Add(parameter.ParameterType, found);
            AddAttributes(parameter.CustomAttributes, found);
        }

        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(local.LocalType, found);
        }

        foreach (var member in MembersInIl(method, body.GetILAsByteArray() ?? []))
        {
            AddMember(member, found);
        }
    }

    /// <summary>The members named by the method's IL: the operands of calls, <c>newobj</c>, field access, <c>ldtoken</c>, casts and the like.</summary>
    internal static IReadOnlyList<MemberInfo> MembersInIl(MethodBase method, byte[] il)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(il);
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        var members = new List<MemberInfo>();
        var position = 0;
        while (position < il.Length)
        {
            var code = il[position] == 0xFE ? OpCodeTable.TwoByte[il[position + 1]] : OpCodeTable.OneByte[il[position]];
            if (code.Size == 0)
            {
                throw new InvalidOperationException($"Unknown IL opcode 0x{il[position]:X2} at {position} in {method.DeclaringType}.{method.Name}.");
            }

            position += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(position));
                    if (method.Module.ResolveMember(token, typeArguments, methodArguments) is { } member)
                    {
                        members.Add(member);
                    }

                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(position)));
                    break;
                default:
                    position += OperandSize(code.OperandType);
                    break;
            }
        }

        return members;
    }

    private static void AddMember(MemberInfo member, HashSet<Type> found)
    {
        switch (member)
        {
            case Type type:
                Add(type, found);
                break;
            case MethodInfo { IsGenericMethod: true } generic:
                Add(generic.DeclaringType, found);
                foreach (var argument in generic.GetGenericArguments())
                {
                    Add(argument, found);
                }

                break;
            default:
                Add(member.DeclaringType, found);
                break;
        }
    }

    /// <summary>The type itself, or for arrays, pointers and constructed generics the types they are made of.</summary>
    private static void Add(Type? type, HashSet<Type> found)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(type.GetElementType(), found);
            return;
        }

        if (type.IsConstructedGenericType)
        {
            Add(type.GetGenericTypeDefinition(), found);
            foreach (var argument in type.GenericTypeArguments)
            {
                Add(argument, found);
            }

            return;
        }

        found.Add(type);
    }

    private static void AddConstraints(Type[] parameters, HashSet<Type> found)
    {
        foreach (var constraint in parameters.Where(p => p.IsGenericParameter).SelectMany(p => p.GetGenericParameterConstraints()))
        {
            Add(constraint, found);
        }
    }

    private static void AddAttributes(IEnumerable<CustomAttributeData> attributes, HashSet<Type> found)
    {
        foreach (var attribute in attributes)
        {
            Add(attribute.AttributeType, found);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(a => a.TypedValue)))
            {
                Add(argument.Value as Type, found);
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static (OpCode[] OneByte, OpCode[] TwoByte) BuildOpCodeTable()
    {
        var oneByte = new OpCode[0x100];
        var twoByte = new OpCode[0x100];
        foreach (var code in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetValue(null)).OfType<OpCode>())
        {
            var value = (ushort)code.Value;
            if (code.Size == 1)
            {
                oneByte[value] = code;
            }
            else
            {
                twoByte[value & 0xFF] = code;
            }
        }

        return (oneByte, twoByte);
    }
}
