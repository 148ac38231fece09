using System.Text.RegularExpressions;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.UnitTests.Storage;

[TestClass]
public sealed partial class SqliteMigrationsTests
{
    [TestMethod]
    public void All_EveryStatement_OnlyCreatesOrAddsColumns()
    {
        foreach (var migration in SqliteMigrations.All)
        {
            foreach (var statement in migration.Statements)
            {
                Assert.IsTrue(NonDestructive().IsMatch(statement), $"migration {migration.Version} may lose data: {statement}");
            }
        }
    }

    [TestMethod]
    public void All_Versions_StartAtOneAndIncreaseByOne() =>
        CollectionAssert.AreEqual(
            Enumerable.Range(1, SqliteMigrations.All.Count).Select(v => (long)v).ToArray(),
            SqliteMigrations.All.Select(m => m.Version).ToArray());

    [GeneratedRegex(@"^\s*(CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)\s|ALTER\s+TABLE\s+\w+\s+ADD\s)", RegexOptions.IgnoreCase)]
    private static partial Regex NonDestructive();
}
